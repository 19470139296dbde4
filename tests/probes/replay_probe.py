"""Instant replay on the real wall under Xvfb: two live tiles (cam01, cam02), then "xem lại"
of both cameras from 5 s ago in one window, in step.

Which picture the replay shows is read from the screen: the replay's pictures are compared
with the clip's own frames (the demo draws them: clips.render_frame), and the best match
is the frame on screen. It must be the recorded moment asked for (the keyframe at or before
it, paused at once), both cameras on the same frame; a step moves one frame; 2× plays twice
as fast; "Về trực tiếp" closes the replay while the live tiles never stopped; with the
recorder gone the window says so and the live tiles stay live. Prints JSON; screenshots
into the folder given as first argument.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import cache_dir
from ioc_desktop.demo.clips import ClipSpec, render_frame
from ioc_desktop.demo.detections import FPS, FRAMES
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.paths import resources_dir
from ioc_desktop.recordings import Recordings
from tests.probes.pump import pump_until
from tests.screenshot import grab_display
from tests.walls import close_wall, probe_services, probe_window
from widgets import replay_window
from widgets.camera_tile import CameraTile
from widgets.detection_overlay import picture_rect
from widgets.theme import apply_theme


def frame_on_screen(
    shot: np.ndarray, view: Any, spec: ClipSpec, around: int, span: int = 40
) -> tuple[int, float]:
    """The clip frame (index on the stream's clock, near `around`) that the replay view
    shows, and how far off the best match is (mean absolute difference, 0-255)."""
    surface = view.surface
    origin = surface.mapToGlobal(QPoint(0, 0))
    pic = picture_rect(surface.size(), QSize(spec.width, spec.height)).translated(origin)
    crop = shot[pic.top() : pic.bottom() + 1, pic.left() : pic.right() + 1]
    small = Image.fromarray(crop).resize((spec.width, spec.height), Image.Resampling.BILINEAR)
    seen = np.asarray(small, dtype=np.int16)
    best, best_d = around, 1e9
    for k in range(around - span, around + span + 1):
        d = float(np.abs(seen - np.asarray(render_frame(spec, k % FRAMES), np.int16)).mean())
        if d < best_d:
            best, best_d = k, d
    return best, round(best_d, 1)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    apply_theme(app, resources_dir() / "theme.qss")
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    client = BackendClient(demo.base_url, demo.token)
    services = probe_services(demo.base_url, demo.token)
    store, engine = services.store, services.engine
    store.set_areas(client.areas(), {})
    store.set_cameras(client.cameras())
    names = {c.id: c.name for c in store.cameras.values()}
    screen = ScreenSpec(
        "wall-1",
        1,
        2,
        [
            PanelSpec("camera", 0, 0, settings={"camera_id": "cam01"}),
            PanelSpec("camera", 0, 1, settings={"camera_id": "cam02"}),
        ],
    )
    shell, win = probe_window(services, screen, "probe", size=(1200, 400))
    tiles = list(shell.panels_of(CameraTile))
    r: dict[str, Any] = {}

    def live() -> bool:
        return all((s := engine.stats(t.key)) and s.status.value == "live" for t in tiles)

    def frames_total() -> int:
        return sum(s.frames_total for t in tiles if (s := engine.stats(t.key)))

    r["first_live_s"] = pump_until(live, 30)
    rec = demo.recorder
    assert rec is not None

    def recorded(seconds: float) -> bool:
        spans = [t.span() for t in rec.tracks.values()]
        return all(s is not None and s[1] - s[0] >= seconds for s in spans)

    r["recorded_8s_after_s"] = pump_until(lambda: recorded(8), 30)
    origin = demo.sim.ai.analytics.origin
    replay_window.provide(lambda: Recordings(client))  # no asyncio loop here: asked at once
    at = time.time() - 5.0
    t0 = time.monotonic()
    rw = replay_window.open_replay(
        engine, [("cam01", names["cam01"]), ("cam02", names["cam02"])], at, win
    )
    assert rw is not None
    rw.move(0, 420)
    rw.resize(1200, 480)
    rw.pause_button.setChecked(True)  # the operator pauses at once: it stays on the moment
    r["replay_first_picture_s"] = pump_until(
        lambda: len(rw.players()) == 2 and all(p.pictures() > 0 for p in rw.players()), 15
    )
    r["lined_up_s"] = pump_until(lambda: rw.lined_up, 10)
    pump_until(lambda: False, 0.5)
    r["bar"] = rw.bar.text()
    r["bar_says_replay"] = rw.bar.text().startswith("XEM LẠI −00:0")

    def read(name: str) -> dict[str, Any]:
        pump_until(lambda: False, 0.2)
        path = grab_display(os.environ["DISPLAY"], out / name)
        shot = np.asarray(Image.open(path).convert("RGB"))
        seen: dict[str, Any] = {}
        for cid, view in rw.views.items():
            assert view.playback is not None and view.player is not None
            start = view.playback.start.timestamp()
            shown = view.picture_time() or start
            expected = round((shown - origin) * FPS)  # the frame of that moment, stream clock
            spec = ClipSpec(f"{cid}-sub", names[cid], 640, 360)
            best, diff = frame_on_screen(shot, view, spec, expected)
            seen[cid] = {
                "frame": best,
                "expected": expected,
                "asked": round((at - origin) * FPS),
                "keyframe": round((start - origin) * FPS),
                "diff": diff,
            }
        return seen

    r["paused"] = read("replay-paused.png")
    rw.step()
    pump_until(lambda: False, 0.6)
    r["stepped"] = read("replay-step.png")
    # 2x: the players' time runs twice as fast as the wall clock
    rw.speed.setCurrentIndex(replay_window.SPEEDS.index(2.0))
    rw.pause_button.setChecked(False)
    pump_until(lambda: False, 0.5)
    p = rw.players()[0]
    a0, w0 = p.time_s() or 0.0, time.monotonic()
    pump_until(lambda: False, 2.0)
    r["rate_2x"] = round(((p.time_s() or 0.0) - a0) / (time.monotonic() - w0), 2)
    # back to live: the replay goes, the live tiles never stopped
    before = frames_total()
    t0 = time.monotonic()
    rw.live_button.click()
    r["back_to_live_s"] = pump_until(lambda: not Shiboken.isValid(rw) or not rw.isVisible(), 5)
    r["back_to_live_ms"] = round((time.monotonic() - t0) * 1000)
    pump_until(lambda: False, 1.0)
    r["live_after"] = live()
    r["live_frames_went_on"] = frames_total() > before
    # the recorder goes away: said in the window, live untouched
    demo.stop_recorder()
    rw2 = replay_window.open_replay(engine, [("cam01", names["cam01"])], time.time() - 5, win)
    assert rw2 is not None
    view = rw2.views["cam01"]
    r["gone_told_s"] = pump_until(lambda: "Không xem lại được" in view.note.text(), 5)
    r["gone_message"] = view.note.text()
    grab_display(os.environ["DISPLAY"], out / "replay-recorder-gone.png")
    before = frames_total()
    pump_until(lambda: False, 1.0)
    r["live_with_recorder_gone"] = live() and frames_total() > before
    if Shiboken.isValid(rw2):
        rw2.close()
    close_wall(services, shell)
    demo.stop()
    print(json.dumps(r, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
