"""A real live HLS stream (FFmpeg's HLS muxer, 1 s segments, served over loopback HTTP, fed
by GStreamer's RTSP server) played by the engine under Xvfb: it plays, its playlist stands
still (the gateway lost its camera) and the tile says so, then it moves again and the tile is
live again without the operator. Prints one JSON line."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QFrame

from ioc_desktop.demo.hls import HlsStream
from ioc_desktop.demo.rtsp import RtspServer
from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.watchdog import WatchdogPolicy


def wait_for(engine: VideoEngine, key: str, statuses: set[str], timeout: float) -> float | None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        QCoreApplication.processEvents()
        s = engine.stats(key)
        if s and s.status.value in statuses:
            return round(time.monotonic() - t0, 2)
        time.sleep(0.02)
    return None


def main() -> int:
    app = QApplication(sys.argv[:1])
    server = RtspServer({"cam": "test:h264:320x240@15"}).start()
    hls = HlsStream(server.url("cam")).start()
    engine = VideoEngine(
        policy=WatchdogPolicy(
            connect_timeout_s=8,
            stall_after_s=1.5,
            lost_after_s=3,
            backoff_initial_s=0.5,
            backoff_max_s=2,
        )
    )
    seen: list[str] = []
    engine.channel("hls").sig_status_changed.connect(lambda s, _d: seen.append(s))
    frame = QFrame()
    frame.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
    frame.resize(320, 240)
    frame.show()
    r: dict[str, Any] = {"hls_error": hls.error}
    engine.open("hls", hls.url, int(frame.winId()), light=True)
    r["first_live_s"] = wait_for(engine, "hls", {"live"}, 20)
    hls.pause()
    r["stalled_after_pause_s"] = wait_for(engine, "hls", {"stalled", "lost"}, 20)
    r["lost_after_pause_s"] = wait_for(engine, "hls", {"lost"}, 20)
    time.sleep(1.0)
    hls.resume()
    resumed = time.monotonic()
    # live again, and moving: pictures keep coming for 2 s after it said so
    live = None
    while time.monotonic() - resumed < 30:
        wait_for(engine, "hls", {"live"}, 30 - (time.monotonic() - resumed))
        before = engine.stats("hls")
        time.sleep(0.3)
        if wait_for(engine, "hls", {"live"}, 0.1) is None:
            continue
        frames0 = before.frames_displayed if before else 0
        t0 = time.monotonic()
        while time.monotonic() - t0 < 2.0:
            QCoreApplication.processEvents()
            time.sleep(0.05)
        after = engine.stats("hls")
        if after and after.status.value == "live" and after.frames_displayed > frames0 + 10:
            live = round(t0 - resumed, 2)
            break
    r["live_after_resume_s"] = live
    s = engine.stats("hls")
    r["reconnects"] = s.reconnects if s else None
    r["seen"] = seen
    engine.release("hls")
    time.sleep(0.3)
    engine.shutdown()
    hls.stop()
    server.stop()
    print(json.dumps(r), flush=True)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
