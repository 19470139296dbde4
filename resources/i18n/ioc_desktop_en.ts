<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name>alert_evidence</name>
    <message>
        <source>Xem lại lúc phát hiện</source>
        <translation>Replay the moment of detection</translation>
    </message>
    <message>
        <source>Camera AI {camera}: {what} lúc {time} (độ tin cậy {pct}%)</source>
        <translation>AI camera {camera}: {what} at {time} (confidence {pct}%)</translation>
    </message>
    <message>
        <source>Đang tải ảnh phát hiện…</source>
        <translation>Loading the detection picture…</translation>
    </message>
    <message>
        <source>Ảnh phát hiện không đọc được</source>
        <translation>The detection picture cannot be read</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>không có bố cục &apos;{name}&apos; (có: {names})</source>
        <translation>no layout &apos;{name}&apos; (there are: {names})</translation>
    </message>
    <message>
        <source>Bản đồ nền ngoại tuyến: {reason}</source>
        <translation>Offline base map: {reason}</translation>
    </message>
    <message>
        <source>Bản đồ nền trực tuyến: {reason}</source>
        <translation>Online base map: {reason}</translation>
    </message>
    <message>
        <source>Đang tạo video mẫu lần đầu: %v/%m</source>
        <translation>Making the demo videos (first start only): %v/%m</translation>
    </message>
    <message>
        <source>IOC Wall — Bàn trực sự cố</source>
        <translation>IOC Wall — Incident desk</translation>
    </message>
    <message>
        <source>Đã hiểu</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Máy này: đã mở bố cục sự cố &apos;{title}&apos;. Tường màn hình: đang gửi qua máy chủ…</source>
        <translation>This PC: incident layout &apos;{title}&apos; opened. Video wall: sending through the backend…</translation>
    </message>
    <message>
        <source>Tường đang hiển thị sự cố: {title}</source>
        <translation>The wall is showing incident: {title}</translation>
    </message>
    <message>
        <source>Cài đặt tường màn hình không dùng được.</source>
        <translation>The wall setting cannot be used.</translation>
    </message>
    <message>
        <source>Không đọc được bố cục nào</source>
        <translation>No layout could be read</translation>
    </message>
    <message>
        <source>→ đã cất sang {path}</source>
        <translation>→ moved aside to {path}</translation>
    </message>
    <message>
        <source>Có bố cục không đọc được; các bố cục khác vẫn dùng được.</source>
        <translation>A layout could not be read; the other layouts still work.</translation>
    </message>
    <message>
        <source>Hàng đợi thao tác sự cố không đọc được, đã lập hàng đợi mới.</source>
        <translation>The incident action queue could not be read; a new queue was started.</translation>
    </message>
    <message>
        <source>Không đọc được cách xếp màn hình đã nhớ.</source>
        <translation>The remembered monitor arrangement could not be read.</translation>
    </message>
    <message>
        <source>Bản đồ vẫn chạy, không có bản đồ nền.</source>
        <translation>The map still runs, without a base map.</translation>
    </message>
    <message>
        <source>Có cài đặt không dùng được; đã dùng giá trị mặc định.</source>
        <translation>Some settings cannot be used; their defaults were used.</translation>
    </message>
    <message>
        <source>Đã đăng nhập; phiên được giữ trong kho khoá của hệ thống</source>
        <translation>Signed in; the session is kept in the system keyring</translation>
    </message>
    <message>
        <source>Đã nhận mật khẩu camera {camera}; {tiles} ô đang thử lại</source>
        <translation>Camera password for {camera} taken; {tiles} tile(s) trying again</translation>
    </message>
    <message>
        <source>Không lưu được cài đặt: {reason}</source>
        <translation>Settings not saved: {reason}</translation>
    </message>
    <message>
        <source>Đã lưu cài đặt vào {path}; có hiệu lực khi mở lại IOC Wall</source>
        <translation>Settings saved to {path}; they take effect when IOC Wall starts again</translation>
    </message>
    <message>
        <source>Đã chép thông tin chẩn đoán ({lines} dòng): dán vào yêu cầu hỗ trợ</source>
        <translation>Diagnostics copied ({lines} lines): paste them into a support request</translation>
    </message>
    <message>
        <source>Máy xem chỉ theo dõi tường, không điều khiển</source>
        <translation>A viewer only watches the wall; it does not control it</translation>
    </message>
</context>
<context>
    <name>bookmark</name>
    <message>
        <source>IOC Wall — Đánh dấu đoạn video</source>
        <translation>IOC Wall — Bookmark a stretch of video</translation>
    </message>
    <message>
        <source>{camera}, quanh lúc {time}, cho sự cố {id}</source>
        <translation>{camera}, around {time}, for incident {id}</translation>
    </message>
    <message>
        <source> giây</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Ghi chú: điều gì xảy ra trong đoạn này</source>
        <translation>Note: what happens in this stretch</translation>
    </message>
    <message>
        <source>Trước thời điểm đó:</source>
        <translation>Before that moment:</translation>
    </message>
    <message>
        <source>Sau thời điểm đó:</source>
        <translation>After that moment:</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Đánh dấu</source>
        <translation>Bookmark</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>camera_password</name>
    <message>
        <source>IOC Wall — Mật khẩu camera</source>
        <translation>IOC Wall — Camera password</translation>
    </message>
    <message>
        <source>Tài khoản của camera hoặc đầu ghi (khác tài khoản IOC). Mọi ô của camera này sẽ thử lại với mật khẩu mới.</source>
        <translation>The camera&apos;s or recorder&apos;s own account (not your IOC account). Every tile of this camera tries again with the new password.</translation>
    </message>
    <message>
        <source>Hiện mật khẩu</source>
        <translation>Show password</translation>
    </message>
    <message>
        <source>Địa chỉ camera:</source>
        <translation>Camera address:</translation>
    </message>
    <message>
        <source>Tên đăng nhập:</source>
        <translation>User name:</translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Lưu và thử lại</source>
        <translation>Save and retry</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Địa chỉ camera chưa đúng, ví dụ rtsp://10.1.2.3:554</source>
        <translation>Not a camera address, e.g. rtsp://10.1.2.3:554</translation>
    </message>
    <message>
        <source>Cần tên đăng nhập (không có dấu &apos;:&apos;)</source>
        <translation>A user name is needed (without &apos;:&apos;)</translation>
    </message>
</context>
<context>
    <name>camera_tile</name>
    <message>
        <source>Xem lại lúc cảnh báo AI ({time})</source>
        <translation>Replay the AI alert&apos;s moment ({time})</translation>
    </message>
    <message>
        <source>Chụp làm chứng cứ cho sự cố {id}</source>
        <translation>Snapshot as evidence for incident {id}</translation>
    </message>
    <message>
        <source>Đã lưu ảnh làm chứng cứ cho sự cố</source>
        <translation>Snapshot kept as evidence for the incident</translation>
    </message>
    <message>
        <source>Đánh dấu 30 giây vừa qua cho sự cố {id}</source>
        <translation>Bookmark the last 30 s for incident {id}</translation>
    </message>
    <message>
        <source>Đã đánh dấu đoạn video cho sự cố</source>
        <translation>Video bookmarked for the incident</translation>
    </message>
    <message>
        <source>Xem lại 30 giây</source>
        <translation>Replay the last 30 s</translation>
    </message>
    <message>
        <source>Khung phát hiện AI (cả tường)</source>
        <translation>AI detection boxes (whole wall)</translation>
    </message>
    <message>
        <source>Sai mật khẩu</source>
        <translation>Wrong password</translation>
    </message>
    <message>
        <source>Đang kết nối</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>Trực tiếp</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Hình bị treo</source>
        <translation>Frozen picture</translation>
    </message>
    <message>
        <source>Mất tín hiệu</source>
        <translation>Signal lost</translation>
    </message>
    <message>
        <source>Không hỗ trợ</source>
        <translation>Not supported</translation>
    </message>
    <message>
        <source>Đã dừng</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>{fps} hình/giây · {bitrate}</source>
        <translation>{fps} fps · {bitrate}</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} phút</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} giờ</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>ảnh cách đây {age}</source>
        <translation>picture {age} old</translation>
    </message>
    <message>
        <source>chưa có hình nào</source>
        <translation>no picture yet</translation>
    </message>
    <message>
        <source>hình cuối {time}, {age} trước</source>
        <translation>last picture {time}, {age} ago</translation>
    </message>
    <message>
        <source>Giờ của hình đang hiển thị (đứng yên khi hình bị treo)</source>
        <translation>Time of the picture shown (stands still when the picture freezes)</translation>
    </message>
    <message>
        <source>Camera {camera} không còn trong danh mục</source>
        <translation>Camera {camera} is no longer in the catalogue</translation>
    </message>
    <message>
        <source>Không có</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>Camera không có luồng video</source>
        <translation>The camera has no video stream</translation>
    </message>
    <message>
        <source>Hình lúc {time} ({age})</source>
        <translation>Picture of {time} ({age})</translation>
    </message>
    <message>
        <source>hình mới</source>
        <translation>fresh</translation>
    </message>
    <message>
        <source>Không phát được luồng này:
{reason}</source>
        <translation>This stream cannot be played:
{reason}</translation>
    </message>
    <message>
        <source>{status} · đang thử lại</source>
        <translation>{status} · retrying</translation>
    </message>
    <message>
        <source>không có hình mới trong {age}</source>
        <translation>no new picture for {age}</translation>
    </message>
    <message>
        <source>Tuần tra {position}/{count} (tạm dừng)</source>
        <translation>Tour {position}/{count} (paused)</translation>
    </message>
    <message>
        <source>Tuần tra {position}/{count}</source>
        <translation>Tour {position}/{count}</translation>
    </message>
    <message>
        <source>thử lại lần {attempt}</source>
        <translation>retry {attempt}</translation>
    </message>
    <message>
        <source>Ảnh tĩnh</source>
        <translation>Still</translation>
    </message>
    <message>
        <source>{picture}, {age} trước</source>
        <translation>{picture}, {age} ago</translation>
    </message>
    <message>
        <source>Đã lưu ảnh {file}</source>
        <translation>Snapshot saved: {file}</translation>
    </message>
    <message>
        <source>Không chụp được ảnh: {reason}</source>
        <translation>Snapshot failed: {reason}</translation>
    </message>
    <message>
        <source>Nhập mật khẩu camera…</source>
        <translation>Enter the camera&apos;s password…</translation>
    </message>
    <message>
        <source>Chụp ảnh (S)</source>
        <translation>Snapshot (S)</translation>
    </message>
    <message>
        <source>Phóng to / thu nhỏ</source>
        <translation>Maximise / restore</translation>
    </message>
    <message>
        <source>Hiện số hình/giây và tốc độ bit</source>
        <translation>Show frame rate and bitrate</translation>
    </message>
    <message>
        <source>Đánh dấu đoạn video có ghi chú…</source>
        <translation>Bookmark a stretch of video with a note…</translation>
    </message>
    <message>
        <source>Camera tiếp theo</source>
        <translation>Next camera</translation>
    </message>
    <message>
        <source>Tạm dừng tuần tra</source>
        <translation>Pause the tour</translation>
    </message>
</context>
<context>
    <name>catalogue</name>
    <message>
        <source>Tìm camera, xã/phường, đường, chỉ số…</source>
        <translation>Search cameras, wards, roads, indicators…</translation>
    </message>
    <message>
        <source>Không tìm thấy “{query}”</source>
        <translation>Nothing found for “{query}”</translation>
    </message>
    <message>
        <source>{shown} trong {count} kết quả: gõ thêm để thu hẹp</source>
        <translation>{shown} of {count} results: type more to narrow</translation>
    </message>
    <message>
        <source>{count} kết quả</source>
        <translation>{count} results</translation>
    </message>
    <message>
        <source>Kéo vào một ô trên tường màn hình</source>
        <translation>Drag onto a cell of the video wall</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Khác</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Ô camera theo sự cố</source>
        <translation>Incident camera slots</translation>
    </message>
    <message>
        <source>Camera gần sự cố thứ {k}</source>
        <translation>Camera nearest the incident, no. {k}</translation>
    </message>
    <message>
        <source>Chỉ số KPI</source>
        <translation>KPIs</translation>
    </message>
    <message>
        <source>{kpi} — theo xã</source>
        <translation>{kpi} — by ward</translation>
    </message>
    <message>
        <source>▦ Ô số liệu của cả lĩnh vực</source>
        <translation>▦ Tiles for the whole system</translation>
    </message>
    <message>
        <source>Bảng khác</source>
        <translation>Other panels</translation>
    </message>
    <message>
        <source>Bản đồ điều hành</source>
        <translation>Operations map</translation>
    </message>
    <message>
        <source>Bản đồ theo sự cố</source>
        <translation>Incident-following map</translation>
    </message>
    <message>
        <source>Sự cố và phản ánh hiện trường</source>
        <translation>Incidents and citizen reports</translation>
    </message>
    <message>
        <source>Dòng phản ánh hiện trường</source>
        <translation>Citizen report feed</translation>
    </message>
    <message>
        <source>Chất lượng không khí (VN_AQI)</source>
        <translation>Air quality (VN_AQI)</translation>
    </message>
</context>
<context>
    <name>catalogue_names</name>
    <message>
        <source>1 · Kinh tế – xã hội</source>
        <translation>1 · Socio-economic</translation>
    </message>
    <message>
        <source>2 · Dịch vụ công</source>
        <translation>2 · Public services</translation>
    </message>
    <message>
        <source>3 · Văn bản điện tử</source>
        <translation>3 · Electronic documents</translation>
    </message>
    <message>
        <source>4 · Chỉ tiêu thống kê</source>
        <translation>4 · Statistical indicators</translation>
    </message>
    <message>
        <source>5 · Y tế</source>
        <translation>5 · Health</translation>
    </message>
    <message>
        <source>6 · Giáo dục</source>
        <translation>6 · Education</translation>
    </message>
    <message>
        <source>7 · Mạng xã hội</source>
        <translation>7 · Social media</translation>
    </message>
    <message>
        <source>8 · Môi trường</source>
        <translation>8 · Environment</translation>
    </message>
    <message>
        <source>9 · An ninh – giao thông</source>
        <translation>9 · Security – traffic</translation>
    </message>
</context>
<context>
    <name>client</name>
    <message>
        <source>{path}: máy chủ không nhận phiên đăng nhập (HTTP 401)</source>
        <translation>{path}: the backend does not accept the session (HTTP 401)</translation>
    </message>
    <message>
        <source>{path}: JSON lồng quá sâu</source>
        <translation>{path}: JSON nested too deep</translation>
    </message>
    <message>
        <source>{path}: JSON hỏng ({reason})</source>
        <translation>{path}: broken JSON ({reason})</translation>
    </message>
    <message>
        <source>Sai tên đăng nhập hoặc mật khẩu</source>
        <translation>Wrong user name or password</translation>
    </message>
    <message>
        <source>máy chủ không trả lời {path} trong {seconds} giây</source>
        <translation>the backend did not answer {path} within {seconds} s</translation>
    </message>
    <message>
        <source>{path}: yêu cầu sai hợp đồng, không gửi: {why}</source>
        <translation>{path}: the request breaks the contract, not sent: {why}</translation>
    </message>
    <message>
        <source>không kết nối được máy chủ {url}</source>
        <translation>cannot connect to the backend {url}</translation>
    </message>
    <message>
        <source>{path}: câu trả lời lớn quá {mib} MiB</source>
        <translation>{path}: answer larger than {mib} MiB</translation>
    </message>
    <message>
        <source>{path}: mất kết nối khi đang nhận câu trả lời</source>
        <translation>{path}: connection lost while receiving the answer</translation>
    </message>
    <message>
        <source>{path}: câu trả lời sai hợp đồng tại {where}</source>
        <translation>{path}: answer breaks the contract at {where}</translation>
    </message>
</context>
<context>
    <name>config</name>
    <message>
        <source>&apos;{key}&apos; không phải là cài đặt sửa được ở đây</source>
        <translation>&apos;{key}&apos; is not a setting that can be changed here</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; phải là một trong: {choices}</source>
        <translation>&apos;{key}&apos; must be one of: {choices}</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://</source>
        <translation>The backend address must start with http:// or https://</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; phải từ 0,5 đến 600 giây</source>
        <translation>&apos;{key}&apos; must be between 0.5 and 600 seconds</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; phải là true hoặc false</source>
        <translation>&apos;{key}&apos; must be true or false</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; phải là số nguyên</source>
        <translation>&apos;{key}&apos; must be a whole number</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; phải là số</source>
        <translation>&apos;{key}&apos; must be a number</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; phải là danh sách</source>
        <translation>&apos;{key}&apos; must be a list</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; phải là chuỗi</source>
        <translation>&apos;{key}&apos; must be text</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; phải từ {low} đến {high}</source>
        <translation>&apos;{key}&apos; must be from {low} to {high}</translation>
    </message>
    <message>
        <source>Bản đồ nền trực tuyến: {reason}</source>
        <translation>Online base map: {reason}</translation>
    </message>
    <message>
        <source>Không thấy tệp chứng chỉ CA: {path}</source>
        <translation>CA certificate file not found: {path}</translation>
    </message>
    <message>
        <source>Múi giờ không dùng được: {reason}</source>
        <translation>Time zone cannot be used: {reason}</translation>
    </message>
    <message>
        <source>&apos;wall_split&apos; phải có dạng HÀNGxCỘT, ví dụ 2x2 (mỗi số từ 1 đến 8)</source>
        <translation>&apos;wall_split&apos; must be ROWSxCOLS, e.g. 2x2 (each from 1 to 8)</translation>
    </message>
    <message>
        <source>&apos;video_extra_args&apos; phải là danh sách tuỳ chọn libVLC dạng --tên=giá-trị</source>
        <translation>&apos;video_extra_args&apos; must be a list of libVLC options like --name=value</translation>
    </message>
    <message>
        <source>không có cài đặt &apos;{key}&apos;</source>
        <translation>there is no setting &apos;{key}&apos;</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; dài quá hoặc chứa ký tự không hợp lệ</source>
        <translation>&apos;{key}&apos; is too long or holds invalid characters</translation>
    </message>
    <message>
        <source>{path}: &apos;schema_version&apos; phải là số nguyên không âm</source>
        <translation>{path}: &apos;schema_version&apos; must be a whole number, 0 or more</translation>
    </message>
    <message>
        <source>{path}: do một IOC Wall mới hơn ghi (phiên bản {version}, bản này đọc đến {known}); không đọc và không ghi đè tệp này</source>
        <translation>{path}: written by a newer IOC Wall (version {version}, this one reads up to {known}); not read and not overwritten</translation>
    </message>
    <message>
        <source>tên trạm/tường chỉ gồm chữ không dấu, số, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; (tối đa 64)</source>
        <translation>a station or wall name is letters without accents, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; (at most 64)</translation>
    </message>
</context>
<context>
    <name>control_window</name>
    <message>
        <source>Bản tin điều hành…</source>
        <translation>Daily briefing…</translation>
    </message>
    <message>
        <source>Bản tin hằng ngày cho lãnh đạo (PDF): chỉ tiêu so với mục tiêu, thay đổi so với hôm qua, năm phường, xã cần chú ý, sự cố và phản ánh tồn đọng</source>
        <translation>The leaders&apos; daily briefing (PDF): indicators against target, change since yesterday, the five wards needing attention, incidents and the report backlog</translation>
    </message>
    <message>
        <source>IOC Wall — Điều khiển bố cục</source>
        <translation>IOC Wall — Layout control</translation>
    </message>
    <message>
        <source>Bố cục đã lưu</source>
        <translation>Saved layouts</translation>
    </message>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Mở bố cục đang chọn (Enter)</source>
        <translation>Open the selected layout (Enter)</translation>
    </message>
    <message>
        <source>Đặt mặc định</source>
        <translation>Set as default</translation>
    </message>
    <message>
        <source>Xoá</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Bố cục đang hiển thị</source>
        <translation>Layout on the wall</translation>
    </message>
    <message>
        <source>Chỉnh sửa</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Khoá</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Làm lại</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Lưu thành…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>Đổi tên…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <source>Đẩy lên tường</source>
        <translation>Push to the wall</translation>
    </message>
    <message>
        <source>Chia sẻ bố cục này qua máy chủ và mở nó trên tường</source>
        <translation>Share this layout through the backend and open it on the wall</translation>
    </message>
    <message>
        <source>Áp dụng lưới</source>
        <translation>Apply grid</translation>
    </message>
    <message>
        <source>Mẫu lưới:</source>
        <translation>Grid preset:</translation>
    </message>
    <message>
        <source>Màn hình của tường</source>
        <translation>Wall monitors</translation>
    </message>
    <message>
        <source>Đo sức máy</source>
        <translation>Measure this PC</translation>
    </message>
    <message>
        <source>Đo lại máy này giải mã được bao nhiêu (vài giây), để chia luồng cho tường</source>
        <translation>Measure again how much video this PC decodes (a few seconds), to plan the wall&apos;s streams</translation>
    </message>
    <message>
        <source>Cài đặt…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Đăng nhập…</source>
        <translation>Sign in…</translation>
    </message>
    <message>
        <source>Chép thông tin chẩn đoán</source>
        <translation>Copy diagnostics</translation>
    </message>
    <message>
        <source>Phiên bản, màn hình, bộ vẽ, cài đặt và lỗi gần đây, để dán vào yêu cầu hỗ trợ</source>
        <translation>Versions, screens, renderer, settings and recent errors, to paste into a support request</translation>
    </message>
    <message>
        <source>Danh mục — kéo vào tường khi đang chỉnh sửa</source>
        <translation>Catalogue — drag onto the wall while editing</translation>
    </message>
    <message>
        <source>mặc định</source>
        <translation>default</translation>
    </message>
    <message>
        <source>đi kèm</source>
        <translation>shipped</translation>
    </message>
    <message>
        <source>bản sửa của bạn</source>
        <translation>your edited copy</translation>
    </message>
    <message>
        <source>chưa lưu</source>
        <translation>unsaved</translation>
    </message>
    <message>
        <source>theo sự cố</source>
        <translation>for an incident</translation>
    </message>
    <message>
        <source>Đã khoá</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>Đang đo…</source>
        <translation>Measuring…</translation>
    </message>
    <message>
        <source>Bố cục đang hiển thị có thay đổi chưa lưu. Bỏ thay đổi và mở bố cục khác?</source>
        <translation>The layout on the wall has unsaved changes. Discard them and open another layout?</translation>
    </message>
    <message>
        <source>Bỏ thay đổi, mở bố cục khác</source>
        <translation>Discard changes, open the other layout</translation>
    </message>
    <message>
        <source>Ở lại</source>
        <translation>Stay</translation>
    </message>
    <message>
        <source>Xoá bố cục này? (bản sao được cất lại, không mất hẳn)</source>
        <translation>Delete this layout? (a copy is kept aside, nothing is lost for good)</translation>
    </message>
    <message>
        <source>Không xoá</source>
        <translation>Keep it</translation>
    </message>
    <message>
        <source>Lưu thành bố cục mới</source>
        <translation>Save as a new layout</translation>
    </message>
    <message>
        <source>Tên bố cục:</source>
        <translation>Layout name:</translation>
    </message>
    <message>
        <source>Đổi tên bố cục</source>
        <translation>Rename layout</translation>
    </message>
    <message>
        <source>Tên mới:</source>
        <translation>New name:</translation>
    </message>
    <message>
        <source>Nhận quyền điều khiển tường</source>
        <translation>Take control of the wall</translation>
    </message>
    <message>
        <source>{holder}.
Nhận quyền điều khiển tường? Lý do (người đang điều khiển sẽ được báo):</source>
        <translation>{holder}.
Take control of the wall? Reason (the current holder will be told):</translation>
    </message>
    <message>
        <source>Nhật ký tường…</source>
        <translation>Wall journal…</translation>
    </message>
    <message>
        <source>Ai đã đổi tường, lúc nào, vì sao; tường lúc đó hiện gì</source>
        <translation>Who changed the wall, when and why; what it showed then</translation>
    </message>
</context>
<context>
    <name>credentials</name>
    <message>
        <source>Máy này không có kho khoá của hệ điều hành: phiên đăng nhập chỉ giữ đến khi đóng IOC Wall.</source>
        <translation>This machine has no OS keyring: the session is kept only until IOC Wall closes.</translation>
    </message>
    <message>
        <source>Không lưu được phiên đăng nhập vào kho khoá: {reason}</source>
        <translation>The session could not be stored in the keyring: {reason}</translation>
    </message>
    <message>
        <source>Máy này không có kho khoá của hệ điều hành: mật khẩu camera chỉ giữ đến khi đóng IOC Wall.</source>
        <translation>This PC has no OS keyring: the camera password is kept only until IOC Wall closes.</translation>
    </message>
    <message>
        <source>Không lưu được mật khẩu camera vào kho khoá ({reason}): chỉ giữ đến khi đóng IOC Wall.</source>
        <translation>The camera password could not be saved in the keyring ({reason}): kept only until IOC Wall closes.</translation>
    </message>
</context>
<context>
    <name>detections</name>
    <message>
        <source>Xe</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>Người</source>
        <translation>Person</translation>
    </message>
</context>
<context>
    <name>display_probe</name>
    <message>
        <source>Đo sức máy</source>
        <translation>Measure this PC</translation>
    </message>
    <message>
        <source>Đang đo sức giải mã và hiển thị của máy này: {n} ô camera thử. Cửa sổ này tự đóng sau khi đo (một, hai phút).</source>
        <translation>Measuring what this PC decodes and displays: {n} test camera tiles. This window closes by itself when done (a minute or two).</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Lỗi không mong đợi ({what}); tường vẫn chạy, chi tiết đã ghi vào nhật ký</source>
        <translation>Unexpected error ({what}); the wall keeps running, details are in the log</translation>
    </message>
</context>
<context>
    <name>event_list</name>
    <message>
        <source>… và {count} phản ánh cũ hơn</source>
        <translation>… and {count} older reports</translation>
    </message>
    <message>
        <source>Phản ánh hiện trường</source>
        <translation>Citizen reports</translation>
    </message>
    <message>
        <source>Sự cố đang mở</source>
        <translation>Open incidents</translation>
    </message>
    <message>
        <source>Phát hiện lúc {time}</source>
        <translation>Detected at {time}</translation>
    </message>
    <message>
        <source>Gửi lúc {time}</source>
        <translation>Sent at {time}</translation>
    </message>
    <message>
        <source>… và 1 sự cố khác</source>
        <translation>… and 1 more incident</translation>
    </message>
    <message>
        <source>… và {count} sự cố khác</source>
        <translation>… and {count} more incidents</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <source>{name} không phải là số trong JSON</source>
        <translation>{name} is not a number in JSON</translation>
    </message>
    <message>
        <source>số {number} quá lớn</source>
        <translation>number {number} too large</translation>
    </message>
    <message>
        <source>số nguyên {number}… quá lớn</source>
        <translation>whole number {number}… too large</translation>
    </message>
    <message>
        <source>dữ liệu lồng sâu quá {limit} tầng</source>
        <translation>data nested deeper than {limit} levels</translation>
    </message>
    <message>
        <source>khoá {key} không phải là chuỗi</source>
        <translation>key {key} is not text</translation>
    </message>
    <message>
        <source>chuỗi chứa ký tự Unicode hỏng (surrogate lẻ)</source>
        <translation>text holds a broken Unicode character (lone surrogate)</translation>
    </message>
    <message>
        <source>{value} không phải là số hữu hạn</source>
        <translation>{value} is not a finite number</translation>
    </message>
    <message>
        <source>kiểu {type} không có trong JSON</source>
        <translation>type {type} does not exist in JSON</translation>
    </message>
    <message>
        <source>không phải là tệp thông thường (thư mục, ống dẫn hay thiết bị)</source>
        <translation>not a regular file (a folder, a pipe or a device)</translation>
    </message>
    <message>
        <source>không đọc được tệp ({reason})</source>
        <translation>the file cannot be read ({reason})</translation>
    </message>
    <message>
        <source>không phải văn bản UTF-8 ({reason})</source>
        <translation>not UTF-8 text ({reason})</translation>
    </message>
    <message>
        <source>tệp quá lớn ({size} byte, tối đa {limit})</source>
        <translation>file too large ({size} bytes, at most {limit})</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <source>1 giây</source>
        <translation>1 second</translation>
    </message>
    <message>
        <source>{n} giây</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>1 phút</source>
        <translation>1 minute</translation>
    </message>
    <message>
        <source>{n} phút</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} giờ</source>
        <translation>{n} h</translation>
    </message>
</context>
<context>
    <name>hot_topics</name>
    <message>
        <source>Chủ đề nóng trên mạng xã hội</source>
        <translation>Hot topics on social networks</translation>
    </message>
    <message>
        <source>Chưa có chủ đề nóng từ máy chủ</source>
        <translation>No hot topics from the server yet</translation>
    </message>
    <message>
        <source>{mentions} lượt đề cập · {share} % tiêu cực</source>
        <translation>{mentions} mentions · {share} % negative</translation>
    </message>
    <message>
        <source> · CẦN XỬ LÝ</source>
        <translation> · NEEDS HANDLING</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <source>Không có ngôn ngữ “{language}”: giao diện dùng tiếng Việt</source>
        <translation>No language “{language}”: the interface stays Vietnamese</translation>
    </message>
    <message>
        <source>Không đọc được bản dịch {file}: giao diện dùng tiếng Việt</source>
        <translation>The translation {file} could not be read: the interface stays Vietnamese</translation>
    </message>
</context>
<context>
    <name>incident_desk</name>
    <message>
        <source>Đánh dấu video {camera}: {start} – {end}</source>
        <translation>Video bookmark {camera}: {start} – {end}</translation>
    </message>
    <message>
        <source>Ảnh chứng cứ {camera} lúc {time}</source>
        <translation>Evidence snapshot {camera} at {time}</translation>
    </message>
    <message>
        <source>Giao thông</source>
        <translation>Traffic</translation>
    </message>
    <message>
        <source>Thiên tai</source>
        <translation>Natural disaster</translation>
    </message>
    <message>
        <source>Thời tiết</source>
        <translation>Weather</translation>
    </message>
    <message>
        <source>Môi trường</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>Y tế</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>An ninh trật tự</source>
        <translation>Public security</translation>
    </message>
    <message>
        <source>Tìm theo tiêu đề, mô tả, mã sự cố…</source>
        <translation>Search by title, description, incident id…</translation>
    </message>
    <message>
        <source>Đang mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Tất cả trạng thái</source>
        <translation>Every status</translation>
    </message>
    <message>
        <source>Mọi mức độ</source>
        <translation>Every severity</translation>
    </message>
    <message>
        <source>Mọi xã/phường</source>
        <translation>Every ward/commune</translation>
    </message>
    <message>
        <source>Mọi lĩnh vực</source>
        <translation>Every category</translation>
    </message>
    <message>
        <source>Đơn vị / người được phân công</source>
        <translation>Unit / person assigned</translation>
    </message>
    <message>
        <source>Lên tường màn hình</source>
        <translation>Show on the wall</translation>
    </message>
    <message>
        <source>Chuyển tường sang bố cục của loại sự cố này: camera gần nhất, bản đồ tại chỗ</source>
        <translation>Switch the wall to this incident type&apos;s layout: nearest cameras, map on the spot</translation>
    </message>
    <message>
        <source>Xem trên bản đồ</source>
        <translation>Show on the map</translation>
    </message>
    <message>
        <source>Đưa bản đồ trên tường đến vị trí sự cố</source>
        <translation>Move the wall&apos;s maps to the incident&apos;s location</translation>
    </message>
    <message>
        <source>Ghi chú cho sự cố…</source>
        <translation>Note on the incident…</translation>
    </message>
    <message>
        <source>Áp dụng lại trên bản mới nhất</source>
        <translation>Apply again to the latest version</translation>
    </message>
    <message>
        <source>Bỏ thao tác này</source>
        <translation>Discard this action</translation>
    </message>
    <message>
        <source>Camera gần nhất</source>
        <translation>Nearest cameras</translation>
    </message>
    <message>
        <source>Quy trình xử lý (SOP)</source>
        <translation>Procedure (SOP)</translation>
    </message>
    <message>
        <source>Ghi chú và diễn biến</source>
        <translation>Notes and timeline</translation>
    </message>
    <message>
        <source>Thao tác chưa gửi tới máy chủ</source>
        <translation>Actions not yet sent to the backend</translation>
    </message>
    <message>
        <source>⚠ {count} sự cố mới chưa tiếp nhận: {title}</source>
        <translation>⚠ {count} new incident(s) not yet acknowledged: {title}</translation>
    </message>
    <message>
        <source>Chọn một sự cố trong danh sách</source>
        <translation>Choose an incident in the list</translation>
    </message>
    <message>
        <source>chưa có</source>
        <translation>nobody yet</translation>
    </message>
    <message>
        <source>{id} (không còn)</source>
        <translation>{id} (gone)</translation>
    </message>
    <message>
        <source>Phát hiện lúc {time}</source>
        <translation>Detected at {time}</translation>
    </message>
    <message>
        <source>… và 1 sự cố khác: thu hẹp bộ lọc</source>
        <translation>… and 1 more incident: narrow the filters</translation>
    </message>
    <message>
        <source>… và {count} sự cố khác: thu hẹp bộ lọc</source>
        <translation>… and {count} more incidents: narrow the filters</translation>
    </message>
    <message>
        <source>Giờ {zone}</source>
        <translation>Time {zone}</translation>
    </message>
    <message>
        <source>Mọi thời gian ở đây là giờ của tỉnh ({zone}), không theo múi giờ của máy này</source>
        <translation>Every time here is the province&apos;s time ({zone}), not this PC&apos;s time zone</translation>
    </message>
    <message>
        <source>⚠ 1 sự cố mới chưa tiếp nhận: {title}</source>
        <translation>⚠ 1 new incident not acknowledged: {title}</translation>
    </message>
    <message>
        <source>Phản ánh của người dân liên quan ({count})</source>
        <translation>Related citizen reports ({count})</translation>
    </message>
    <message>
        <source>{id} · phiên bản {version} · {area} · vị trí {lat}, {lon}
Phát hiện lúc {time} · phân công: {assignee}</source>
        <translation>{id} · version {version} · {area} · at {lat}, {lon}
Detected at {time} · assigned to: {assignee}</translation>
    </message>
    <message>
        <source>đang gửi</source>
        <translation>sending</translation>
    </message>
    <message>
        <source>+1 camera</source>
        <translation>+1 camera</translation>
    </message>
    <message>
        <source>+{count} camera</source>
        <translation>+{count} cameras</translation>
    </message>
    <message>
        <source>đang chờ gửi</source>
        <translation>waiting to be sent</translation>
    </message>
    <message>
        <source>bị từ chối: có người sửa trước</source>
        <translation>refused: someone changed it first</translation>
    </message>
    <message>
        <source>bị từ chối</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>1 thao tác đang chờ gửi</source>
        <translation>1 action waiting to be sent</translation>
    </message>
    <message>
        <source>{count} thao tác đang chờ gửi</source>
        <translation>{count} action(s) waiting to be sent</translation>
    </message>
    <message>
        <source>1 thao tác bị từ chối, cần xem lại</source>
        <translation>1 action refused, to be reviewed</translation>
    </message>
    <message>
        <source>{count} thao tác bị từ chối, cần xem lại</source>
        <translation>{count} action(s) refused, to review</translation>
    </message>
    <message>
        <source>(máy chủ: {problem})</source>
        <translation>(backend: {problem})</translation>
    </message>
    <message>
        <source>Nhập đơn vị hoặc người được phân công trước</source>
        <translation>Enter the unit or person to assign first</translation>
    </message>
</context>
<context>
    <name>incident_file</name>
    <message>
        <source>Xuất hồ sơ sự cố…</source>
        <translation>Export the incident file…</translation>
    </message>
    <message>
        <source>Lưu hồ sơ sự cố vào thư mục</source>
        <translation>Save the incident file in a folder</translation>
    </message>
    <message>
        <source>Đang lập hồ sơ {id}…</source>
        <translation>Making the file of {id}…</translation>
    </message>
    <message>
        <source>Không lập được hồ sơ: {reason}</source>
        <translation>Could not make the file: {reason}</translation>
    </message>
    <message>
        <source>Đã lưu {zip} ({n} mục; {m} mục không đưa vào được, xem báo cáo)</source>
        <translation>Saved {zip} ({n} items; {m} could not be included, see the report)</translation>
    </message>
</context>
<context>
    <name>incident_prompt</name>
    <message>
        <source>Chuyển tường</source>
        <translation>Switch the wall</translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Sự cố mới: {title} — chuyển tường sang bố cục &apos;{layout}&apos;?</source>
        <translation>New incident: {title} — switch the wall to the &apos;{layout}&apos; layout?</translation>
    </message>
    <message>
        <source>còn 1 sự cố chờ</source>
        <translation>1 more waiting</translation>
    </message>
    <message>
        <source>còn {count} sự cố chờ</source>
        <translation>{count} more waiting</translation>
    </message>
</context>
<context>
    <name>incident_text</name>
    <message>
        <source>Khẩn cấp</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Nghiêm trọng</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Trung bình</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>Thấp</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>Thông tin</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Mới</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Đã tiếp nhận</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>Đã phân công</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Đã giải quyết</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Đã đóng</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Đã huỷ</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Đã phân loại</source>
        <translation>Classified</translation>
    </message>
    <message>
        <source>Đã chuyển xử lý</source>
        <translation>Forwarded</translation>
    </message>
    <message>
        <source>Đã xử lý</source>
        <translation>Processed</translation>
    </message>
    <message>
        <source>Đã công khai</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>Đã đánh giá</source>
        <translation>Rated</translation>
    </message>
</context>
<context>
    <name>journal</name>
    <message>
        <source>đẩy tay</source>
        <translation>manual push</translation>
    </message>
    <message>
        <source>sự cố</source>
        <translation>incident</translation>
    </message>
    <message>
        <source>vòng xoay</source>
        <translation>tour</translation>
    </message>
    <message>
        <source>khôi phục</source>
        <translation>restore</translation>
    </message>
    <message>
        <source>quy tắc</source>
        <translation>rule</translation>
    </message>
    <message>
        <source>Nhật ký tường màn hình</source>
        <translation>Video wall journal</translation>
    </message>
    <message>
        <source>Sự cố:</source>
        <translation>Incident:</translation>
    </message>
    <message>
        <source>mã sự cố (để trống: tất cả)</source>
        <translation>incident id (empty: all)</translation>
    </message>
    <message>
        <source>Xuất CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Lúc</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Ai</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Máy</source>
        <translation>Workstation</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Sự cố</source>
        <translation>Incident</translation>
    </message>
    <message>
        <source>Bố cục (trước → sau)</source>
        <translation>Layout (before → after)</translation>
    </message>
    <message>
        <source>Lúc {at}: trước thay đổi đầu tiên trong nhật ký</source>
        <translation>At {at}: before the journal&apos;s first change</translation>
    </message>
    <message>
        <source>Lúc {at}: bố cục &apos;{layout}&apos;, do {by} ({where}) đổi lúc {when}</source>
        <translation>At {at}: layout &apos;{layout}&apos;, set by {by} ({where}) at {when}</translation>
    </message>
    <message>
        <source>Không còn bố cục &apos;{layout}&apos; trên máy chủ để vẽ lại</source>
        <translation>The backend no longer has layout &apos;{layout}&apos; to draw</translation>
    </message>
    <message>
        <source>Xuất nhật ký tường</source>
        <translation>Export the wall journal</translation>
    </message>
    <message>
        <source>Trong:</source>
        <translation>Within:</translation>
    </message>
    <message>
        <source>1 giờ qua</source>
        <translation>the last hour</translation>
    </message>
    <message>
        <source>12 giờ qua</source>
        <translation>the last 12 hours</translation>
    </message>
    <message>
        <source>24 giờ qua</source>
        <translation>the last 24 hours</translation>
    </message>
    <message>
        <source>7 ngày qua</source>
        <translation>the last 7 days</translation>
    </message>
    <message>
        <source>tất cả</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Vòng camera: {names}</source>
        <translation>Camera tour: {names}</translation>
    </message>
    <message>
        <source>Chỉ số: {ids}</source>
        <translation>Indicators: {ids}</translation>
    </message>
    <message>
        <source>⚠ Bố cục đã được sửa sau lúc đó (khi ấy bản {then}, nay bản {now}): vẽ theo bản hiện nay</source>
        <translation>⚠ The layout was edited after that moment (version {then} then, {now} now): drawn as it is now</translation>
    </message>
</context>
<context>
    <name>kpi_bars</name>
    <message>
        <source>Toàn tỉnh</source>
        <translation>Whole province</translation>
    </message>
    <message>
        <source>Quay lại giá trị của mọi xã, phường</source>
        <translation>Back to every ward&apos;s value</translation>
    </message>
    <message>
        <source>{kpi} theo xã, phường</source>
        <translation>{kpi} by ward</translation>
    </message>
    <message>
        <source>thấp nhất {low} · cao nhất {high} {unit}</source>
        <translation>lowest {low} · highest {high} {unit}</translation>
    </message>
</context>
<context>
    <name>kpi_panels</name>
    <message>
        <source>Chỉ tiêu {kpi} không còn tồn tại</source>
        <translation>Indicator {kpi} no longer exists</translation>
    </message>
    <message>
        <source>mục tiêu {target}</source>
        <translation>target {target}</translation>
    </message>
    <message>
        <source>VN_AQI theo trạm</source>
        <translation>VN_AQI by station</translation>
    </message>
    <message>
        <source>cao nhất {aqi} ({category})</source>
        <translation>highest {aqi} ({category})</translation>
    </message>
</context>
<context>
    <name>kpi_tiles</name>
    <message>
        <source>{shown} trên {count} chỉ số</source>
        <translation>{shown} of {count} indicators</translation>
    </message>
    <message>
        <source>Nhấp đúp để xem chi tiết hệ thống</source>
        <translation>Double-click for the system&apos;s page</translation>
    </message>
    <message>
        <source>không còn trong danh mục</source>
        <translation>no longer in the catalogue</translation>
    </message>
    <message>
        <source>1 chỉ số</source>
        <translation>1 indicator</translation>
    </message>
    <message>
        <source>{count} chỉ số</source>
        <translation>{count} indicators</translation>
    </message>
</context>
<context>
    <name>layout_edit</name>
    <message>
        <source>Bố cục đang khoá: mở khoá để chỉnh sửa</source>
        <translation>The layout is locked: unlock it to edit</translation>
    </message>
    <message>
        <source>Không đặt được bảng &apos;{kind}&apos;: {reason}</source>
        <translation>Cannot place the &apos;{kind}&apos; panel: {reason}</translation>
    </message>
    <message>
        <source>Ô ({row}, {col}) nằm ngoài lưới {rows}×{cols}</source>
        <translation>Cell ({row}, {col}) lies outside the {rows}×{cols} grid</translation>
    </message>
    <message>
        <source>Không đặt được bảng</source>
        <translation>The panel cannot go there</translation>
    </message>
    <message>
        <source>Không đổi chỗ được</source>
        <translation>The panels cannot swap</translation>
    </message>
    <message>
        <source>Ô ({row}, {col}) không còn chỗ</source>
        <translation>Cell ({row}, {col}) has no room left</translation>
    </message>
    <message>
        <source>Không chuyển được</source>
        <translation>The panel cannot move</translation>
    </message>
    <message>
        <source>Không đủ ô trống để mở rộng thành {rows}×{cols}</source>
        <translation>Not enough free cells to grow to {rows}×{cols}</translation>
    </message>
    <message>
        <source>Không áp dụng được mẫu lưới</source>
        <translation>The grid preset cannot be applied</translation>
    </message>
</context>
<context>
    <name>layout_library</name>
    <message>
        <source>{path}: tên tệp không dùng được làm tên bố cục (chỉ chữ thường không dấu, số, - và _)</source>
        <translation>{path}: the file name cannot be a layout name (lower-case letters without accents, digits, - and _ only)</translation>
    </message>
    <message>
        <source>không có bố cục &apos;{name}&apos;</source>
        <translation>no layout &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>tên bố cục không hợp lệ: &apos;{name}&apos;</source>
        <translation>invalid layout name: &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>bố cục đi kèm phần mềm không xoá được</source>
        <translation>a layout shipped with the software cannot be deleted</translation>
    </message>
    <message>
        <source>không xoá được bố cục &apos;{name}&apos;</source>
        <translation>cannot delete layout &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>{path}: không dùng được thư mục bố cục ({reason})</source>
        <translation>{path}: the layouts folder cannot be used ({reason})</translation>
    </message>
</context>
<context>
    <name>layout_monitors</name>
    <message>
        <source>{path}: do một IOC Wall mới hơn ghi (phiên bản {version}); dùng thứ tự màn hình mặc định và không ghi đè tệp</source>
        <translation>{path}: written by a newer IOC Wall (version {version}); the default monitor order is used and the file is not overwritten</translation>
    </message>
    <message>
        <source>{path}: không đọc được ({reason}); dùng thứ tự màn hình mặc định</source>
        <translation>{path}: unreadable ({reason}); using the default monitor order</translation>
    </message>
</context>
<context>
    <name>layout_plan</name>
    <message>
        <source>Bố cục này không có camera</source>
        <translation>This layout has no cameras</translation>
    </message>
    <message>
        <source>Bố cục này cần {load} % sức máy này</source>
        <translation>This layout needs {load} % of this PC</translation>
    </message>
    <message>
        <source> (ước lượng, máy chưa đo)</source>
        <translation> (estimated: this PC not measured yet)</translation>
    </message>
    <message>
        <source> (mới đo giải mã, chưa đo hiển thị)</source>
        <translation> (decoding measured, display not yet)</translation>
    </message>
    <message>
        <source>: mọi ô phát như thường</source>
        <translation>: every tile plays as usual</translation>
    </message>
    <message>
        <source>{n} ô luồng phụ</source>
        <translation>{n} tiles on sub streams</translation>
    </message>
    <message>
        <source>{n} ô luồng phụ giải mã nhẹ</source>
        <translation>{n} tiles on lightly decoded sub streams</translation>
    </message>
    <message>
        <source>{n} ô ảnh tĩnh</source>
        <translation>{n} as stills (a picture every few seconds)</translation>
    </message>
    <message>
        <source>sau khi hạ: {load} %</source>
        <translation>after stepping down: {load} %</translation>
    </message>
</context>
<context>
    <name>layout_session</name>
    <message>
        <source>Không có bố cục nào dành cho loại sự cố &apos;{title}&apos;</source>
        <translation>No layout is made for incidents like &apos;{title}&apos;</translation>
    </message>
    <message>
        <source>Lưới {preset} không đủ chỗ: {count} bảng đã được bỏ ra (Ctrl+Z để lấy lại)</source>
        <translation>The {preset} grid has no room: {count} panel(s) taken off (Ctrl+Z brings them back)</translation>
    </message>
    <message>
        <source>Bố cục đang mở theo một sự cố: dùng &apos;Lưu thành…&apos; để giữ bản này thành bố cục mới</source>
        <translation>This layout was opened for an incident: use &apos;Save as…&apos; to keep it as a new layout</translation>
    </message>
    <message>
        <source>Không lưu được bố cục: {reason}</source>
        <translation>The layout could not be saved: {reason}</translation>
    </message>
    <message>
        <source>Đã lưu bố cục vào {path}</source>
        <translation>Layout saved to {path}</translation>
    </message>
    <message>
        <source>Đã lưu thành bố cục mới &apos;{title}&apos;</source>
        <translation>Saved as a new layout &apos;{title}&apos;</translation>
    </message>
    <message>
        <source>Không đổi tên được: {reason}</source>
        <translation>Could not rename: {reason}</translation>
    </message>
    <message>
        <source>Đã đổi tên thành &apos;{title}&apos;</source>
        <translation>Renamed to &apos;{title}&apos;</translation>
    </message>
    <message>
        <source>Không xoá được: {reason}</source>
        <translation>Could not delete: {reason}</translation>
    </message>
    <message>
        <source>Đã xoá bản của bạn; bố cục gốc đi kèm phần mềm được dùng lại</source>
        <translation>Your copy was deleted; the layout shipped with the software is used again</translation>
    </message>
    <message>
        <source>Đã xoá bố cục (bản sao cất ở {folder})</source>
        <translation>Layout deleted (a copy is kept in {folder})</translation>
    </message>
    <message>
        <source>Không đặt mặc định được: {reason}</source>
        <translation>Could not set the default: {reason}</translation>
    </message>
    <message>
        <source>tổng quan</source>
        <translation>overview</translation>
    </message>
    <message>
        <source>Bố cục mặc định khi khởi động: &apos;{title}&apos;</source>
        <translation>Layout at start-up: &apos;{title}&apos;</translation>
    </message>
</context>
<context>
    <name>lifecycle</name>
    <message>
        <source>Đánh dấu đoạn video</source>
        <translation>Bookmark video</translation>
    </message>
    <message>
        <source>Chụp ảnh làm chứng cứ</source>
        <translation>Snapshot as evidence</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>Phân công</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>Bắt đầu xử lý</source>
        <translation>Start work</translation>
    </message>
    <message>
        <source>Đã xử lý xong</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Đóng sự cố</source>
        <translation>Close incident</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Cập nhật bước quy trình</source>
        <translation>Update procedure step</translation>
    </message>
</context>
<context>
    <name>link_text</name>
    <message>
        <source>sự cố</source>
        <translation>incidents</translation>
    </message>
    <message>
        <source>chỉ số</source>
        <translation>indicators</translation>
    </message>
    <message>
        <source>biểu đồ chỉ số</source>
        <translation>indicator charts</translation>
    </message>
    <message>
        <source>chỉ số theo xã</source>
        <translation>indicators by ward</translation>
    </message>
    <message>
        <source>danh mục camera</source>
        <translation>camera list</translation>
    </message>
    <message>
        <source>phản ánh hiện trường</source>
        <translation>citizen reports</translation>
    </message>
    <message>
        <source>quan trắc không khí</source>
        <translation>air quality</translation>
    </message>
    <message>
        <source>địa giới</source>
        <translation>boundaries</translation>
    </message>
    <message>
        <source>trạng thái tường</source>
        <translation>wall state</translation>
    </message>
    <message>
        <source>Máy chủ: cần đăng nhập lại</source>
        <translation>Backend: sign in again</translation>
    </message>
    <message>
        <source>⚠ Máy chủ không nhận phiên đăng nhập — đăng nhập lại (Ctrl+L)</source>
        <translation>⚠ The backend refused the session — sign in again (Ctrl+L)</translation>
    </message>
    <message>
        <source>Máy chủ: trực tuyến</source>
        <translation>Backend: online</translation>
    </message>
    <message>
        <source>Đang kết nối máy chủ</source>
        <translation>Connecting to the backend</translation>
    </message>
    <message>
        <source>Máy chủ: không kết nối được từ {since}</source>
        <translation>Backend: unreachable since {since}</translation>
    </message>
    <message>
        <source>⚠ Không kết nối được máy chủ từ {since} ({duration})</source>
        <translation>⚠ Backend unreachable since {since} ({duration})</translation>
    </message>
    <message>
        <source> — đang hiển thị dữ liệu cũ {age}</source>
        <translation> — showing data {age} old</translation>
    </message>
    <message>
        <source>Máy chủ: lỗi một phần ({feeds})</source>
        <translation>Backend: partly failing ({feeds})</translation>
    </message>
    <message>
        <source>⚠ Máy chủ trả lời thiếu: {feeds}</source>
        <translation>⚠ Backend answers incompletely: {feeds}</translation>
    </message>
    <message>
        <source> — dữ liệu này đã cũ {age}</source>
        <translation> — that data is {age} old</translation>
    </message>
    <message>
        <source>Điều khiển tường: chưa ai nhận</source>
        <translation>Wall control: nobody</translation>
    </message>
    <message>
        <source>Điều khiển: máy này ({who}) từ {since}</source>
        <translation>Control: this console ({who}) since {since}</translation>
    </message>
    <message>
        <source>Điều khiển: {who} ({where}) từ {since}</source>
        <translation>Control: {who} ({where}) since {since}</translation>
    </message>
    <message>
        <source>Nhận quyền từ {who} ({where}) lúc {at}, lý do: {reason}</source>
        <translation>Taken over from {who} ({where}) at {at}, reason: {reason}</translation>
    </message>
    <message>
        <source>● {name}: chạy, bố cục &apos;{layout}&apos; (màn hình {screens})</source>
        <translation>● {name}: running, layout &apos;{layout}&apos; (screens {screens})</translation>
    </message>
    <message>
        <source>✖ {name}: mất liên lạc từ {since}; cần hiển thị: {should}</source>
        <translation>✖ {name}: not heard from since {since}; should show: {should}</translation>
    </message>
    <message>
        <source>{name}: cần hiển thị {should}</source>
        <translation>{name}: should show {should}</translation>
    </message>
    <message>
        <source>✖ {name}: chưa từng kết nối; cần hiển thị: {should}</source>
        <translation>✖ {name}: never connected; should show: {should}</translation>
    </message>
    <message>
        <source>không màn hình nào của bố cục này</source>
        <translation>no screen of this layout</translation>
    </message>
</context>
<context>
    <name>map_page</name>
    <message>
        <source>Ranh giới (sơ đồ)</source>
        <translation>Boundaries (schematic)</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Sự cố</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Phản ánh</source>
        <translation>Citizen reports</translation>
    </message>
    <message>
        <source>Chất lượng không khí</source>
        <translation>Air quality</translation>
    </message>
    <message>
        <source>Ranh giới sơ đồ (không chính xác)</source>
        <translation>Schematic boundary (not exact)</translation>
    </message>
    <message>
        <source>Bấm để xem</source>
        <translation>Click to watch</translation>
    </message>
    <message>
        <source>Đang hoạt động</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Mất kết nối</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Đang bảo trì</source>
        <translation>Under maintenance</translation>
    </message>
    <message>
        <source>Nền: ranh giới tỉnh</source>
        <translation>Base: province borders</translation>
    </message>
    <message>
        <source>Nền: sông</source>
        <translation>Base: rivers</translation>
    </message>
    <message>
        <source>Nền: đô thị</source>
        <translation>Base: towns</translation>
    </message>
    <message>
        <source>Nền: phường, xã (sơ đồ)</source>
        <translation>Base: wards and communes (schematic)</translation>
    </message>
    <message>
        <source>{name} (cũ)</source>
        <translation>{name} (former)</translation>
    </message>
    <message>
        <source>không có số liệu</source>
        <translation>no data</translation>
    </message>
</context>
<context>
    <name>map_panel</name>
    <message>
        <source>Bản đồ điều hành</source>
        <translation>Operations map</translation>
    </message>
    <message>
        <source>không tải được trang bản đồ</source>
        <translation>the map page did not load</translation>
    </message>
    <message>
        <source>{count} sự cố đang mở</source>
        <translation>{count} open incident(s)</translation>
    </message>
</context>
<context>
    <name>map_tiles</name>
    <message>
        <source>địa chỉ phải bắt đầu bằng http:// hoặc https://</source>
        <translation>the address must start with http:// or https://</translation>
    </message>
    <message>
        <source>địa chỉ phải có {z}, {x} và {y}</source>
        <translation>the address must contain {z}, {x} and {y}</translation>
    </message>
</context>
<context>
    <name>panels</name>
    <message>
        <source>Chỉ số chính</source>
        <translation>Key indicators</translation>
    </message>
    <message>
        <source>Chưa hỗ trợ loại bảng &apos;{kind}&apos;</source>
        <translation>Panel type &apos;{kind}&apos; is not supported yet</translation>
    </message>
    <message>
        <source>Ô camera sự cố số {slot}</source>
        <translation>Incident camera slot {slot}</translation>
    </message>
    <message>
        <source>Chưa có camera: ô này nhận camera gần sự cố thứ {slot} khi bố cục được mở cho một sự cố</source>
        <translation>No camera yet: this cell takes the incident&apos;s nearest camera no. {slot} when the layout is opened for an incident</translation>
    </message>
    <message>
        <source>Ô camera trống</source>
        <translation>Empty camera cell</translation>
    </message>
    <message>
        <source>Chưa chọn camera: kéo một camera từ danh mục vào đây</source>
        <translation>No camera chosen: drag one here from the catalogue</translation>
    </message>
    <message>
        <source>Trống</source>
        <translation>Empty</translation>
    </message>
</context>
<context>
    <name>recordings</name>
    <message>
        <source>máy ghi hình không trả lời</source>
        <translation>the video recorder is not answering</translation>
    </message>
    <message>
        <source>không có đoạn ghi hình nào vào lúc đó</source>
        <translation>nothing was recorded at that time</translation>
    </message>
    <message>
        <source>máy chủ không trả lời</source>
        <translation>the server is not answering</translation>
    </message>
    <message>
        <source>lỗi không mong đợi: {reason}</source>
        <translation>unexpected error: {reason}</translation>
    </message>
</context>
<context>
    <name>replay</name>
    <message>
        <source>XEM LẠI {behind} · {time}</source>
        <translation>PLAYBACK {behind} · {time}</translation>
    </message>
    <message>
        <source>Tốc độ xem lại</source>
        <translation>Playback speed</translation>
    </message>
    <message>
        <source> · {n} camera cùng lúc</source>
        <translation> · {n} cameras in step</translation>
    </message>
    <message>
        <source>Về trực tiếp sau {n} giây</source>
        <translation>Back to live in {n} s</translation>
    </message>
    <message>
        <source>KHÔNG XEM LẠI ĐƯỢC · hình trực tiếp vẫn chạy</source>
        <translation>NO PLAYBACK · the live picture goes on</translation>
    </message>
    <message>
        <source>Không xem lại được</source>
        <translation>No playback</translation>
    </message>
    <message>
        <source>Xem lại</source>
        <translation>Playback</translation>
    </message>
    <message>
        <source>chưa có hình xem lại</source>
        <translation>no playback picture yet</translation>
    </message>
    <message>
        <source>Ghi chú cho chứng cứ…</source>
        <translation>Note for the evidence…</translation>
    </message>
    <message>
        <source>Đánh dấu đoạn này</source>
        <translation>Bookmark this stretch</translation>
    </message>
    <message>
        <source>Chụp làm chứng cứ</source>
        <translation>Snapshot as evidence</translation>
    </message>
    <message>
        <source>Sự cố {id}: từ −</source>
        <translation>Incident {id}: from −</translation>
    </message>
    <message>
        <source>đến +</source>
        <translation>to +</translation>
    </message>
    <message>
        <source>Đã ghi {n} chứng cứ cho sự cố {id} (gửi qua hàng đợi)</source>
        <translation>Kept {n} evidence items for incident {id} (sent through the outbox)</translation>
    </message>
    <message>
        <source>Đang mở đoạn ghi hình…</source>
        <translation>Opening the recording…</translation>
    </message>
    <message>
        <source>Xem lại — {cameras}</source>
        <translation>Replay — {cameras}</translation>
    </message>
    <message>
        <source>Tạm dừng</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Từng hình</source>
        <translation>Step a frame</translation>
    </message>
    <message>
        <source>Về trực tiếp</source>
        <translation>Back to live</translation>
    </message>
    <message>
        <source>Không xem lại được: {reason}</source>
        <translation>Cannot replay: {reason}</translation>
    </message>
    <message>
        <source>XEM LẠI {behind} · hình lúc {time}</source>
        <translation>PLAYBACK {behind} · picture at {time}</translation>
    </message>
    <message>
        <source> · tạm dừng</source>
        <translation> · paused</translation>
    </message>
    <message>
        <source>Tiếp tục</source>
        <translation>Resume</translation>
    </message>
</context>
<context>
    <name>screen_grid</name>
    <message>
        <source>+
Kéo bảng vào đây</source>
        <translation>+
Drag a panel here</translation>
    </message>
    <message>
        <source>Đã lưu ảnh chụp: {path}</source>
        <translation>Snapshot saved: {path}</translation>
    </message>
    <message>
        <source>Đóng bảng này (Ctrl+Z để lấy lại)</source>
        <translation>Close this panel (Ctrl+Z brings it back)</translation>
    </message>
    <message>
        <source>Rộng thêm một cột</source>
        <translation>One column wider</translation>
    </message>
    <message>
        <source>Cao thêm một hàng</source>
        <translation>One row taller</translation>
    </message>
    <message>
        <source>Hẹp bớt một cột</source>
        <translation>One column narrower</translation>
    </message>
    <message>
        <source>Thấp bớt một hàng</source>
        <translation>One row shorter</translation>
    </message>
    <message>
        <source>Đóng bảng</source>
        <translation>Close panel</translation>
    </message>
    <message>
        <source>Không thả được vào đây: {reason}</source>
        <translation>Cannot drop here: {reason}</translation>
    </message>
</context>
<context>
    <name>settings_dialog</name>
    <message>
        <source>Tự động</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>Bật</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Tắt</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Hỏi trước</source>
        <translation>Ask first</translation>
    </message>
    <message>
        <source>Tường màn hình (toàn màn hình)</source>
        <translation>Video wall (full screen)</translation>
    </message>
    <message>
        <source>Máy trạm trực ban (cửa sổ)</source>
        <translation>Duty workstation (windows)</translation>
    </message>
    <message>
        <source>TCP (qua tường lửa, không mất gói)</source>
        <translation>TCP (through firewalls, no lost packets)</translation>
    </message>
    <message>
        <source>UDP (trễ ít hơn, có thể mất hình)</source>
        <translation>UDP (less delay, may lose picture)</translation>
    </message>
    <message>
        <source>IOC Wall — Cài đặt</source>
        <translation>IOC Wall — Settings</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ IOC:</source>
        <translation>IOC backend address:</translation>
    </message>
    <message>
        <source>Kiểm tra chứng chỉ TLS</source>
        <translation>Verify TLS certificates</translation>
    </message>
    <message>
        <source>tệp PEM của CA riêng (để trống: CA của hệ thống)</source>
        <translation>PEM file of a private CA (empty: the system&apos;s CAs)</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Chứng chỉ CA:</source>
        <translation>CA certificate:</translation>
    </message>
    <message>
        <source>Hỏi sự cố, chỉ số KPI mỗi (giây):</source>
        <translation>Poll incidents and KPIs every (s):</translation>
    </message>
    <message>
        <source>Hỏi camera, phản ánh, không khí mỗi (giây):</source>
        <translation>Poll cameras, reports, air quality every (s):</translation>
    </message>
    <message>
        <source>Bộ đệm video (ms):</source>
        <translation>Video buffer (ms):</translation>
    </message>
    <message>
        <source>Giải mã phần cứng:</source>
        <translation>Hardware decoding:</translation>
    </message>
    <message>
        <source>Ô nhỏ giải mã nhẹ (nhiều camera hơn)</source>
        <translation>Light decoding for small tiles (more cameras)</translation>
    </message>
    <message>
        <source>Vẽ biểu đồ bằng OpenGL:</source>
        <translation>Draw charts with OpenGL:</translation>
    </message>
    <message>
        <source>Vẽ bản đồ bằng OpenGL:</source>
        <translation>Draw the map with OpenGL:</translation>
    </message>
    <message>
        <source>Ngôn ngữ:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Vai trò của máy:</source>
        <translation>Role of this machine:</translation>
    </message>
    <message>
        <source>Khi có sự cố mới:</source>
        <translation>When a new incident arrives:</translation>
    </message>
    <message>
        <source>Chỉ hỏi sự cố từ mức:</source>
        <translation>Ask only about incidents from:</translation>
    </message>
    <message>
        <source>Báo chuông sự cố mới</source>
        <translation>Beep for new incidents</translation>
    </message>
    <message>
        <source>tệp .mbtiles hoặc thư mục z/x/y (để trống: không)</source>
        <translation>.mbtiles file or z/x/y folder (empty: none)</translation>
    </message>
    <message>
        <source>Bản đồ nền ngoại tuyến:</source>
        <translation>Offline base map:</translation>
    </message>
    <message>
        <source>https://…/{z}/{x}/{y}.png (để trống: không dùng mạng ngoài)</source>
        <translation>https://…/{z}/{x}/{y}.png (empty: no outside network)</translation>
    </message>
    <message>
        <source>Bản đồ nền trực tuyến:</source>
        <translation>Online base map:</translation>
    </message>
    <message>
        <source>Thay đổi có hiệu lực khi mở lại IOC Wall.</source>
        <translation>Changes take effect when IOC Wall starts again.</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Mật khẩu camera…</source>
        <translation>Camera passwords…</translation>
    </message>
    <message>
        <source>Camera RTSP qua:</source>
        <translation>RTSP cameras over:</translation>
    </message>
    <message>
        <source>Chứng chỉ CA</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <source>Máy xem (chỉ theo dõi tường)</source>
        <translation>Viewer (watches the wall only)</translation>
    </message>
</context>
<context>
    <name>shell</name>
    <message>
        <source>Lưu bản tin điều hành</source>
        <translation>Save the daily briefing</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đang lập bản tin điều hành…</source>
        <translation>Writing the daily briefing…</translation>
    </message>
    <message>
        <source>Không lập được bản tin: {reason}</source>
        <translation>The briefing could not be written: {reason}</translation>
    </message>
    <message>
        <source>Đã lưu bản tin điều hành ({n} chỉ tiêu) vào {path}</source>
        <translation>Daily briefing saved ({n} indicators) to {path}</translation>
    </message>
    <message>
        <source>Không đọc được nhật ký tường: {reason}</source>
        <translation>Could not read the wall journal: {reason}</translation>
    </message>
    <message>
        <source>Không ghi được {path}: {reason}</source>
        <translation>Could not write {path}: {reason}</translation>
    </message>
    <message>
        <source>Đã xuất nhật ký tường ({n} thay đổi) vào {path}</source>
        <translation>Exported the wall journal ({n} changes) to {path}</translation>
    </message>
</context>
<context>
    <name>sign_in_dialog</name>
    <message>
        <source>IOC Wall — Đăng nhập</source>
        <translation>IOC Wall — Sign in</translation>
    </message>
    <message>
        <source>Máy chủ {backend} cần đăng nhập. Tường màn hình vẫn chạy với dữ liệu cũ.</source>
        <translation>The backend {backend} needs you to sign in. The video wall keeps running on the data it has.</translation>
    </message>
    <message>
        <source>Tên đăng nhập:</source>
        <translation>User name:</translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Mã truy cập:</source>
        <translation>Access token:</translation>
    </message>
    <message>
        <source>Tên và mật khẩu</source>
        <translation>Name and password</translation>
    </message>
    <message>
        <source>Mã truy cập</source>
        <translation>Access token</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Nhập tên đăng nhập và mật khẩu</source>
        <translation>Enter a user name and a password</translation>
    </message>
    <message>
        <source>Nhập mã truy cập</source>
        <translation>Enter an access token</translation>
    </message>
    <message>
        <source>Đang đăng nhập…</source>
        <translation>Signing in…</translation>
    </message>
</context>
<context>
    <name>sop_list</name>
    <message>
        <source>chưa làm</source>
        <translation>not done</translation>
    </message>
    <message>
        <source>đã xong</source>
        <translation>done</translation>
    </message>
    <message>
        <source>bỏ qua</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>không rõ người</source>
        <translation>who unknown</translation>
    </message>
    <message>
        <source>không rõ thời điểm</source>
        <translation>time unknown</translation>
    </message>
    <message>
        <source>không rõ người/thời điểm</source>
        <translation>who and when unknown</translation>
    </message>
    <message>
        <source>Bước {order} ({title}): {state}</source>
        <translation>Step {order} ({title}): {state}</translation>
    </message>
</context>
<context>
    <name>station_link</name>
    <message>
        <source>máy chủ không có tường &apos;{wall}&apos;</source>
        <translation>the backend has no wall &apos;{wall}&apos;</translation>
    </message>
    <message>
        <source>tường &apos;{wall}&apos; không có trạm &apos;{station}&apos;</source>
        <translation>wall &apos;{wall}&apos; has no station &apos;{station}&apos;</translation>
    </message>
    <message>
        <source>Trạm {station}: {problem}; hiển thị cả bố cục</source>
        <translation>Station {station}: {problem}; showing the whole layout</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>Không tải được số liệu của {area}: {reason}</source>
        <translation>Could not load the figures of {area}: {reason}</translation>
    </message>
    <message>
        <source>máy chủ không trả lời trong {seconds} giây</source>
        <translation>the backend did not answer within {seconds} s</translation>
    </message>
    <message>
        <source>lỗi không mong đợi khi đọc câu trả lời: {reason}</source>
        <translation>unexpected error reading the answer: {reason}</translation>
    </message>
</context>
<context>
    <name>system_page</name>
    <message>
        <source>nét đứt xám: cùng kỳ năm trước</source>
        <translation>grey dashes: the same period last year</translation>
    </message>
    <message>
        <source>Dự báo</source>
        <translation>Forecast</translation>
    </message>
    <message>
        <source>Dự báo các kỳ tới, với khoảng tin cậy 80 %</source>
        <translation>Forecast of the coming periods, with an 80 % band</translation>
    </message>
    <message>
        <source>Toàn tỉnh</source>
        <translation>Whole province</translation>
    </message>
    <message>
        <source> · mục tiêu {target}</source>
        <translation> · target {target}</translation>
    </message>
    <message>
        <source>Chỉ tiêu này không chia theo xã</source>
        <translation>This indicator is not broken down by ward</translation>
    </message>
    <message>
        <source>Đang dự báo…</source>
        <translation>Forecasting…</translation>
    </message>
    <message>
        <source>Chuỗi quá ngắn để dự báo ({n} điểm, cần ít nhất {k})</source>
        <translation>Too short to forecast ({n} points, at least {k} needed)</translation>
    </message>
    <message>
        <source>Chuỗi không đổi: dự báo là chính giá trị đó</source>
        <translation>Constant series: the forecast is its value</translation>
    </message>
    <message>
        <source>Không dựng được mô hình dự báo</source>
        <translation>No forecast model could be fitted</translation>
    </message>
    <message>
        <source>sai số MAPE {e} %</source>
        <translation>MAPE {e} %</translation>
    </message>
    <message>
        <source>sai số sMAPE {e} %</source>
        <translation>sMAPE {e} %</translation>
    </message>
    <message>
        <source> ({n} điểm kiểm định lùi, {c} % trong khoảng)</source>
        <translation> ({n} back-tested points, {c} % inside the band)</translation>
    </message>
    <message>
        <source>dự báo KHÔNG ĐẠT mục tiêu</source>
        <translation>forecast MISSES the target</translation>
    </message>
    <message>
        <source>có nguy cơ không đạt mục tiêu</source>
        <translation>target at risk</translation>
    </message>
    <message>
        <source>dự báo đạt mục tiêu</source>
        <translation>forecast meets the target</translation>
    </message>
</context>
<context>
    <name>tile_recovery</name>
    <message>
        <source>kết nối lại</source>
        <translation>reconnecting</translation>
    </message>
    <message>
        <source>luồng còn lại của camera</source>
        <translation>the camera&apos;s other stream</translation>
    </message>
    <message>
        <source>nguồn thay thế (relay)</source>
        <translation>the alternate source (relay)</translation>
    </message>
    <message>
        <source>ảnh cuối, vẫn thử lại</source>
        <translation>last picture, still retrying</translation>
    </message>
    <message>
        <source>Khôi phục: {rung}</source>
        <translation>Recovery: {rung}</translation>
    </message>
    <message>
        <source>luồng còn lại</source>
        <translation>other stream</translation>
    </message>
    <message>
        <source>qua relay</source>
        <translation>via relay</translation>
    </message>
</context>
<context>
    <name>tile_still</name>
    <message>
        <source>đang lấy ảnh…</source>
        <translation>fetching the picture…</translation>
    </message>
    <message>
        <source>ảnh chụp lúc {time}</source>
        <translation>snapshot at {time}</translation>
    </message>
    <message>
        <source>ảnh từ luồng phụ lúc {time}</source>
        <translation>picture from the sub stream at {time}</translation>
    </message>
</context>
<context>
    <name>video_bridge</name>
    <message>
        <source>luồng không có hình H.264/H.265</source>
        <translation>the stream has no H.264/H.265 video</translation>
    </message>
    <message>
        <source>camera ngắt luồng</source>
        <translation>the camera ended the stream</translation>
    </message>
    <message>
        <source>không kết nối được camera</source>
        <translation>cannot connect to the camera</translation>
    </message>
    <message>
        <source>camera không trả lời</source>
        <translation>the camera does not answer</translation>
    </message>
    <message>
        <source>camera không có luồng này (sai đường dẫn)</source>
        <translation>the camera has no such stream (wrong path)</translation>
    </message>
    <message>
        <source>sai mật khẩu</source>
        <translation>wrong password</translation>
    </message>
</context>
<context>
    <name>video_engine</name>
    <message>
        <source>Bản libVLC này không có RTMP (thiếu mô-đun rtmp)</source>
        <translation>This libVLC build has no RTMP (rtmp module missing)</translation>
    </message>
    <message>
        <source>Bản libVLC này không có RTSP (thiếu mô-đun live555)</source>
        <translation>This libVLC build has no RTSP (live555 module missing)</translation>
    </message>
</context>
<context>
    <name>vn_aqi</name>
    <message>
        <source>Tốt</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Trung bình</source>
        <translation>Moderate</translation>
    </message>
    <message>
        <source>Kém</source>
        <translation>Poor</translation>
    </message>
    <message>
        <source>Xấu</source>
        <translation>Bad</translation>
    </message>
    <message>
        <source>Rất xấu</source>
        <translation>Very bad</translation>
    </message>
    <message>
        <source>Nguy hại</source>
        <translation>Hazardous</translation>
    </message>
</context>
<context>
    <name>wall_link</name>
    <message>
        <source>Máy chủ không nhận bố cục: {reason}</source>
        <translation>The backend refused the layout: {reason}</translation>
    </message>
    <message>
        <source>Không đẩy được lên tường: {reason}</source>
        <translation>Could not push to the wall: {reason}</translation>
    </message>
    <message>
        <source>Đã đẩy bố cục &apos;{title}&apos; lên tường màn hình</source>
        <translation>Layout &apos;{title}&apos; pushed to the video wall</translation>
    </message>
    <message>
        <source>bố cục chia sẻ &apos;{name}&apos;</source>
        <translation>shared layout &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>Không mở được bố cục được đẩy lên tường: {reason}</source>
        <translation>The layout pushed to the wall could not be opened: {reason}</translation>
    </message>
    <message>
        <source>Tường chuyển sang &apos;{title}&apos; theo {who}</source>
        <translation>The wall switched to &apos;{title}&apos; for {who}</translation>
    </message>
    <message>
        <source>Tường đang do {who} ({where}) điều khiển</source>
        <translation>The wall is controlled by {who} ({where})</translation>
    </message>
    <message>
        <source>, nhận quyền với lý do: {reason}</source>
        <translation>, taken over with the reason: {reason}</translation>
    </message>
    <message>
        <source>Chưa nhận được quyền điều khiển tường: {reason}</source>
        <translation>Could not get control of the wall: {reason}</translation>
    </message>
    <message>
        <source>Tường đang do {who} điều khiển: quy tắc không tự chuyển tường</source>
        <translation>The wall is controlled by {who}: the rule does not switch it</translation>
    </message>
</context>
<context>
    <name>wall_plan</name>
    <message>
        <source>luồng chính</source>
        <translation>the main stream</translation>
    </message>
    <message>
        <source>luồng phụ</source>
        <translation>the sub stream</translation>
    </message>
    <message>
        <source>luồng phụ giải mã nhẹ</source>
        <translation>the sub stream, lightly decoded</translation>
    </message>
    <message>
        <source>ảnh tĩnh</source>
        <translation>a still (a picture every few seconds)</translation>
    </message>
    <message>
        <source>Phát {rung} vì máy quá tải</source>
        <translation>Plays {rung}: this PC is overloaded</translation>
    </message>
</context>
<context>
    <name>wall_window</name>
    <message>
        <source>TRUNG TÂM ĐIỀU HÀNH THÔNG MINH · {layout}</source>
        <translation>INTELLIGENT OPERATIONS CENTER · {layout}</translation>
    </message>
    <message>
        <source>màn hình {n}/{total}</source>
        <translation>screen {n}/{total}</translation>
    </message>
    <message>
        <source>(+ {screens}: màn hình riêng đang không có)</source>
        <translation>(+ {screens}: their own monitor is missing)</translation>
    </message>
    <message>
        <source>✎ ĐANG CHỈNH SỬA</source>
        <translation>✎ EDITING</translation>
    </message>
    <message>
        <source>🔒 Đã khoá</source>
        <translation>🔒 Locked</translation>
    </message>
    <message>
        <source>{n} ảnh tĩnh</source>
        <translation>{n} as stills</translation>
    </message>
    <message>
        <source>{n} đang xem lại</source>
        <translation>{n} in replay</translation>
    </message>
    <message>
        <source>Dữ liệu cập nhật cách đây {age}</source>
        <translation>Data updated {age} ago</translation>
    </message>
    <message>
        <source>Camera trực tiếp: {live}/{total}</source>
        <translation>Live cameras: {live}/{total}</translation>
    </message>
    <message>
        <source>Bố cục &apos;{layout}&apos; không dùng các màn hình của máy này</source>
        <translation>Layout &apos;{layout}&apos; does not use this PC&apos;s monitors</translation>
    </message>
</context>
<context>
    <name>ward_map</name>
    <message>
        <source>đạt</source>
        <translation>met</translation>
    </message>
    <message>
        <source>theo dõi</source>
        <translation>watch</translation>
    </message>
    <message>
        <source>cảnh báo</source>
        <translation>alert</translation>
    </message>
    <message>
        <source>dưới {hi}</source>
        <translation>below {hi}</translation>
    </message>
    <message>
        <source>từ {lo}</source>
        <translation>from {lo}</translation>
    </message>
    <message>
        <source>hạng {rank}/{n}, kém nhất trước</source>
        <translation>rank {rank}/{n}, worst first</translation>
    </message>
</context>
<context>
    <name>watchdog</name>
    <message>
        <source>luồng báo lỗi</source>
        <translation>the stream reported an error</translation>
    </message>
    <message>
        <source>không có hình</source>
        <translation>no picture</translation>
    </message>
    <message>
        <source>không có hình trong {seconds} giây</source>
        <translation>no picture for {seconds} s</translation>
    </message>
</context>
</TS>
