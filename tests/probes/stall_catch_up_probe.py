"""A tile whose stream stalls and then flows again must not stay behind by the stall: the
time-coded demo camera (demo/timecode.py) in a real CameraTile under Xvfb, its delay read off
libVLC's own snapshots of the tile's picture (video/timecode.py: each frame's making time is
in its picture) before and after the stream is held back for a few seconds
(`/timecode/hold`: a network that stops and then delivers everything at once).

Prints JSON: the delays before and after, whether the tile went stalled and live again, and
whether it caught up (a fresh player made behind the picture, widgets/camera_tile.py)."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from ioc_desktop.backend.models import Camera, StreamProfile
from ioc_desktop.demo.timecode import TimecodeStream
from ioc_desktop.store import Store
from ioc_desktop.video import timecode
from ioc_desktop.video.engine import VideoEngine
from tests.probes.pump import pump_until
from widgets.camera_tile import CameraTile

# past the watchdog's 2.5 s of no new picture ("stalled"), short of its 6 s ("lost"), both
# counted from the last picture, which comes the tile's delay (0.6 s) after the hold begins,
# and read by a poll every 0.5 s: at 3.5 s a loaded CI machine saw no stall at all
HOLD_S = 4.5


def delays(engine: VideoEngine, key: str, folder: Path, n: int) -> list[float]:
    """n readings, ~0.4 s apart: from each snapshot's frame being made to the snapshot."""
    out: list[float] = []
    done: list[str] = []
    engine.channel(key).sig_snapshot_done.connect(lambda path, _err: done.append(path))
    for _ in range(n):
        done.clear()
        asked = time.time()
        engine.snapshot(key, folder, "tc")
        if pump_until(lambda: bool(done), 3) is not None and done[0]:
            picture = Image.open(done[0]).convert("RGB")
            code = timecode.read(np.asarray(picture))
            if code is not None:
                out.append(round(code.delay_s(asked), 3))
        pump_until(lambda: False, 0.4)
    return out


def main() -> int:
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    stream = TimecodeStream().start()
    folder = Path(tempfile.mkdtemp(prefix="catch-up-"))
    cam = Camera(
        "tc01",
        "Time-coded camera",
        (21.3, 105.4),
        "00001",
        "online",
        False,
        (),
        (StreamProfile("sub", "http", stream.url, "h264", 640, 360, 25.0),),
        None,
    )
    store, engine = Store(), VideoEngine()
    window = QWidget()
    tile = CameraTile("wall-1/0", cam.id, store, engine)
    QVBoxLayout(window).addWidget(tile)
    window.resize(960, 620)
    window.show()
    seen: list[str] = []
    engine.channel(tile.key).sig_status_changed.connect(lambda s, _d: seen.append(s))
    store.set_cameras([cam])
    r: dict[str, Any] = {}
    try:
        r["live"] = pump_until(lambda: "live" in seen, 15) is not None
        pump_until(lambda: False, 2)
        before = delays(engine, tile.key, folder, 5)
        hold = f"http://127.0.0.1:{stream.port}/timecode/hold?s={HOLD_S}"
        urllib.request.urlopen(hold, timeout=5).read()
        r["stalled"] = pump_until(lambda: "stalled" in seen, HOLD_S + 2) is not None
        r["live_again"] = (
            pump_until(lambda: seen[-1] == "live" and "stalled" in seen, 8) is not None
        )
        # the fresh player's first pictures, then the swap (make before break)
        pump_until(lambda: tile._pending_url is None and seen[-1] == "live", 4)
        pump_until(lambda: False, 1.5)
        after = delays(engine, tile.key, folder, 5)
        r.update(
            before=before,
            after=after,
            before_median_s=statistics.median(before) if before else None,
            after_median_s=statistics.median(after) if after else None,
            seen=seen[-12:],
        )
    finally:
        tile.release()
        window.close()
        pump_until(lambda: False, 0.3)
        engine.shutdown()
        stream.stop()
    print(json.dumps(r), flush=True)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
