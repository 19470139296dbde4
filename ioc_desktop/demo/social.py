"""The demo's hot topics on social networks (system 7), as a province's listening service
reports them: each topic with its mentions today, the share of them that is negative, whether
it needs handling, and a few sample posts as they were written.

Consistent with the system's indicators: as many topics need handling as "Chủ đề nóng cần xử
lý" says (of the eight shown), their mentions add up to at most "Lượt đề cập về tỉnh", and
"Tin tiêu cực trên mạng xã hội" tilts every topic's negative share. Seeded: the same hour of
the demo gives the same topics.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from ioc_desktop.demo.simulation import iso

# (topic, negative share around which it moves, sample posts: source, text)
TOPICS: list[tuple[str, float, list[tuple[str, str]]]] = [
    (
        "Ùn tắc cầu Việt Trì giờ cao điểm",
        62.0,
        [
            ("Facebook", "Sáng nay tắc từ đầu cầu Việt Trì đến ngã ba Bạch Hạc gần 40 phút."),
            ("Zalo", "Đề nghị bố trí thêm CSGT phân luồng ở cầu Việt Trì giờ tan tầm."),
            ("TikTok", "Clip xe container chen làn trên cầu, mọi người đi đường cẩn thận!"),
        ],
    ),
    (
        "Ngập úng sau mưa lớn tại phường Nông Trang",
        71.0,
        [
            ("Facebook", "Mưa hơn một tiếng mà đường Nguyễn Tất Thành ngập quá bánh xe máy."),
            ("Báo điện tử", "Nhiều tuyến phố ở Việt Trì ngập sâu sau trận mưa chiều qua."),
        ],
    ),
    (
        "Lễ hội Đền Hùng: giá vé xe điện, gửi xe",
        38.0,
        [
            ("Facebook", "Gửi xe máy ở chân núi Nghĩa Lĩnh thu 30 nghìn, có đúng quy định không?"),
            ("YouTube", "Toàn cảnh lễ dâng hương Đền Hùng, đông vui nhưng trật tự."),
            ("Zalo", "Xe điện đưa khách lên đền chạy liên tục, rất tiện cho người già."),
        ],
    ),
    (
        "Bụi từ khu công nghiệp Thụy Vân",
        66.0,
        [
            ("Facebook", "Chiều nào cũng ngửi thấy mùi khét từ phía khu công nghiệp."),
            ("Zalo", "Nhờ Sở Tài nguyên và Môi trường kiểm tra ống khói nhà máy giấy."),
        ],
    ),
    (
        "Tiến độ cấp giấy chứng nhận quyền sử dụng đất",
        44.0,
        [
            ("Facebook", "Nộp hồ sơ sang tên từ tháng trước mà chưa thấy hẹn trả kết quả."),
            ("Cổng dịch vụ công", "Hồ sơ đất đai của tôi đã được giải quyết trước hạn 2 ngày."),
        ],
    ),
    (
        "Sốt xuất huyết tăng ở các xã ven sông Đà",
        52.0,
        [
            ("Báo điện tử", "Y tế Phú Thọ ghi nhận số ca sốt xuất huyết tăng trong tuần."),
            ("Facebook", "Xã mình đã phun thuốc diệt muỗi chưa các bác?"),
        ],
    ),
    (
        "Sạt lở bờ sông Đà ở huyện Thanh Thủy cũ",
        58.0,
        [
            ("TikTok", "Bờ sông sạt sát chân nhà dân, mong chính quyền sớm kè lại."),
            ("Báo điện tử", "Tỉnh chỉ đạo di dời khẩn cấp 12 hộ dân khỏi vùng sạt lở."),
        ],
    ),
    (
        "Tuyển sinh lớp 10 công lập năm học mới",
        21.0,
        [
            ("Facebook", "Điểm chuẩn vào lớp 10 năm nay dự kiến thế nào mọi người?"),
            ("Zalo", "Cảm ơn nhà trường đã hướng dẫn đăng ký tuyển sinh trực tuyến rất rõ."),
        ],
    ),
    (
        "Du lịch hồ Thác Bà và Xuân Sơn dịp cuối tuần",
        12.0,
        [
            ("TikTok", "Cắm trại ở rừng quốc gia Xuân Sơn, cảnh đẹp, dịch vụ ổn."),
            ("Facebook", "Homestay ven hồ kín phòng hết từ thứ Sáu."),
        ],
    ),
]
SHOWN = 8


class _Sim(Protocol):
    tick: int
    config: Any

    def kpis(self, system: int | None = None, area: str | None = None) -> list[dict[str, Any]]: ...


def hot_topics(sim: _Sim) -> dict[str, Any]:
    """GET /api/v1/social/hot-topics: the day's topics, most mentioned first."""
    kpis = sim.kpis(7)
    values = {k["id"]: float(k["value"]) for k in kpis}
    now = datetime.fromisoformat(str(kpis[0]["updated_at"])).astimezone(UTC)
    to_handle = max(0, round(values.get("mxh-hot-topics", 0.0)))
    mentions_all = int(values.get("mxh-mentions", 0.0))
    negative = values.get("mxh-negative-share", 10.0)
    rng = random.Random(f"{sim.config.seed}:social:{sim.tick // 60}")
    chosen = rng.sample(TOPICS, SHOWN)
    # the most negative topics are the ones to handle
    chosen.sort(key=lambda t: t[1], reverse=True)
    weights = sorted((rng.uniform(0.4, 1.0) for _ in chosen), reverse=True)
    budget = 0.55 * mentions_all  # the rest of the mentions are about no hot topic
    total = sum(weights)
    topics: list[dict[str, Any]] = []
    for n, (name, share, posts) in enumerate(chosen):
        mentions = int(budget * weights[n] / total)
        tilt = negative / 12.0  # the province's share moves every topic's a little
        share_now = max(0.0, min(100.0, share * tilt + rng.uniform(-4, 4)))
        samples = [
            {
                "source": source,
                "text": text,
                "posted_at": iso(now - timedelta(minutes=rng.randint(3, 300))),
            }
            for source, text in posts[:3]
        ]
        topics.append(
            {
                "id": f"topic-{TOPICS.index((name, share, posts)) + 1}",
                "topic": name,
                "mentions": mentions,
                "negative_share": round(share_now, 1),
                "needs_handling": n < to_handle,
                "samples": samples,
            }
        )
    topics.sort(key=lambda t: (not t["needs_handling"], -t["mentions"]))
    return {"updated_at": iso(now), "topics": topics}
