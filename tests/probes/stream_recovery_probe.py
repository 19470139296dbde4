"""A real tile's status through a stream server crash: live → lost → live, with no operator
action; then a stream started while the UI thread is busy, whose first picture must still be
timed when it appeared. libVLC plays into a native window under Xvfb; prints JSON."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QFrame

from ioc_desktop.config import cache_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.watchdog import WatchdogPolicy


def wait_for(engine: VideoEngine, status: str, timeout: float, key: str = "t") -> float | None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        QCoreApplication.processEvents()
        s = engine.stats(key)
        if s and s.status.value == status:
            return round(time.monotonic() - t0, 2)
        time.sleep(0.02)
    return None


def main() -> int:
    app = QApplication(sys.argv[:1])
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    engine = VideoEngine(
        policy=WatchdogPolicy(
            connect_timeout_s=6,
            stall_after_s=1.5,
            lost_after_s=3,
            backoff_initial_s=0.5,
            backoff_max_s=2,
        )
    )
    seen: list[str] = []
    engine.channel("t").sig_status_changed.connect(lambda s, _d: seen.append(s))
    frame = QFrame()
    frame.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
    frame.resize(640, 360)
    frame.show()
    engine.open("t", f"http://127.0.0.1:{demo.stream_port}/cam01", int(frame.winId()))
    result: dict[str, object] = {"first_live_s": wait_for(engine, "live", 20)}
    demo.stop_streams()
    result["lost_after_kill_s"] = wait_for(engine, "lost", 20)
    stats = engine.stats("t")
    result["detail_when_lost"] = stats.detail if stats else None
    demo.start_streams()
    result["live_after_restart_s"] = wait_for(engine, "live", 30)
    s = engine.stats("t")
    result["reconnects"] = s.reconnects if s else None
    engine.open("u", "rtsp://user:secret@127.0.0.1:8554/cam", int(frame.winId()))
    u = engine.stats("u")
    result["rtsp_status"] = u.status.value if u else None
    result["rtsp_detail"] = u.detail if u else None
    engine.close("u")  # relayed (nothing listens there): its start is no first picture to wait for
    result["statuses_seen"] = seen
    # the UI thread busy for 2.5 s right after a tile starts, as after a big layout switch
    busy = QFrame()
    busy.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
    busy.resize(640, 360)
    busy.show()
    QCoreApplication.processEvents()
    opened = time.time()
    engine.open("w", f"http://127.0.0.1:{demo.stream_port}/cam02", int(busy.winId()))
    time.sleep(2.5)
    wait_for(engine, "live", 20, key="w")
    w = engine.stats("w")
    if w and w.went_live_at and w.live_told_at:
        result["busy_ui_picture_s"] = round(w.went_live_at[0] - opened, 2)
        result["busy_ui_told_s"] = round(w.live_told_at[0] - opened, 2)
    result["first_frame_still_watched"] = engine.first_frames.watching()
    engine.shutdown()
    demo.stop()
    print(json.dumps(result), flush=True)
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
