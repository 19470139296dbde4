"""Instant replay inside the tile on the real wall under Xvfb: two live tiles (cam01, cam02),
then both replay from 5 s ago in their own tiles, in step (as an alert's replay from the
incident desk does for the cameras on the wall).

Which picture a tile shows is read from the screen: the pictures are compared with the clip's
own frames (the demo draws them: clips.render_frame), and the best match is the frame on
screen. The replay must show the recorded moment asked for (the keyframe at or before it,
paused at once), both tiles on the same frame, under a red bar that says XEM LẠI; a step
moves one frame; 2× plays twice as fast; "Về trực tiếp" shows the live picture again (its
stream never stopped: timed, and compared with opening the stream anew); with the recorder
gone the tile says so, the live stream goes on and the tile is live again by itself. Prints
JSON; screenshots into the folder given as first argument.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import cache_dir
from ioc_desktop.demo.clips import ClipSpec, render_frame
from ioc_desktop.demo.detections import FPS, FRAMES
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.paths import resources_dir
from ioc_desktop.recordings import Recordings
from ioc_desktop.video.libvlc import load_vlc
from tests.probes.pump import pump_until
from tests.screenshot import grab_display
from tests.walls import close_wall, probe_services, probe_window
from widgets import replay_window, tile_replay
from widgets.camera_tile import CameraTile
from widgets.detection_overlay import picture_rect
from widgets.theme import apply_theme
from widgets.video_area import VideoSurface
from widgets.wall_plan import WallPlanner

WINDOW = (1600, 560)


def frame_on_screen(
    shot: np.ndarray, surface: QWidget, spec: ClipSpec, around: int, span: int = 40
) -> tuple[int, float]:
    """The clip frame (index on the stream's clock, near `around`) that `surface` shows,
    and how far off the best match is (mean absolute difference, 0-255)."""
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
    shell, win = probe_window(services, screen, "probe", size=WINDOW)
    tiles = list(shell.panels_of(CameraTile))
    r: dict[str, Any] = {}

    def live() -> bool:
        return all((s := engine.stats(t.key)) and s.status.value == "live" for t in tiles)

    def frames(t: CameraTile) -> int:
        s = engine.stats(t.key)
        return s.frames_total if s else 0

    def frames_total() -> int:
        return sum(frames(t) for t in tiles)

    vlc = load_vlc()

    def shown(key: str) -> int:
        """Pictures libVLC has put on screen for the engine's player of `key`, read now (the
        engine's own counters are read every 0.5 s: too coarse to time a way back)."""
        slot = engine._slots.get(key)  # a probe measures
        media = slot.player.get_media() if slot is not None else None
        if media is None:  # the control thread has not given it its media yet
            return 0
        stats = vlc.MediaStats()
        ok = media.get_stats(stats)
        media.release()
        return int(stats.displayed_pictures) if ok else 0

    r["first_live_s"] = pump_until(live, 30)
    rec = demo.recorder
    assert rec is not None

    def recorded(seconds: float) -> bool:
        spans = [t.span() for t in rec.tracks.values()]
        return all(s is not None and s[1] - s[0] >= seconds for s in spans)

    f0, w0 = frames_total(), time.monotonic()
    r["recorded_7s_after_s"] = pump_until(lambda: recorded(7), 30)
    r["live_fps_before_replay"] = round(
        (frames_total() - f0) / (time.monotonic() - w0) / len(tiles), 1
    )
    r["rungs_before"] = [str(WallPlanner.shared().rung_for(t)) for t in tiles]
    origin = demo.sim.ai.analytics.origin
    replay_window.provide(lambda: Recordings(client))  # no asyncio loop here: asked at once
    at = time.time() - 5.0
    on_tiles, elsewhere = tile_replay.split_for_replay(["cam01", "cam02"], tiles)
    group = tile_replay.replay_in_tiles([t.replay for t in on_tiles], at)
    assert group is not None and not elsewhere
    tiles[0].replay.page.pause_button.click()  # the operator pauses at once: it stays there
    r["replay_first_picture_s"] = pump_until(
        lambda: (
            len(group.players()) == 2
            and all(p.has_video() or p.pictures() > 0 for p in group.players())
        ),
        15,
    )
    r["lined_up_s"] = pump_until(lambda: group.lined_up, 10)
    # the live streams behind the paused replay: what the watchdog and the governor read
    f0, w0 = frames_total(), time.monotonic()
    pump_until(lambda: False, 2.0)
    r["live_fps_behind_paused_replay"] = round(
        (frames_total() - f0) / (time.monotonic() - w0) / len(tiles), 1
    )
    r["bar"] = [t.replay.page.bar.full_text() for t in tiles]
    r["bar_says_replay"] = all(re.match(r"XEM LẠI −00:[01]\d · hình lúc ", b) for b in r["bar"])
    r["pill"] = [t.pill.text() for t in tiles]
    r["replay_page_shown"] = all(t.stack.currentWidget() is t.replay.page for t in tiles)

    def read(name: str) -> dict[str, Any]:
        pump_until(lambda: False, 0.2)
        path = grab_display(os.environ["DISPLAY"], out / name)
        shot = np.asarray(Image.open(path).convert("RGB"))
        seen: dict[str, Any] = {}
        for t in tiles:
            rp = t.replay
            assert rp.lineup is not None
            start = rp.lineup.start
            shown = rp.picture_time() or start
            expected = round((shown - origin) * FPS)  # the frame of that moment, stream clock
            spec = ClipSpec(f"{rp.camera_id}-sub", names[rp.camera_id], 640, 360)
            best, diff = frame_on_screen(shot, rp.page.area.front, spec, expected)
            seen[rp.camera_id] = {
                "frame": best,
                "expected": expected,
                "asked": round((at - origin) * FPS),
                "keyframe": round((start - origin) * FPS),
                "diff": diff,
            }
        return seen

    r["paused"] = read("replay-paused.png")
    tiles[0].replay.page.step_button.click()
    pump_until(lambda: False, 0.6)
    r["stepped"] = read("replay-step.png")
    # 2x (asked on the other tile: the group follows): the players' time runs twice as
    # fast as the wall clock; the live streams behind go on at their own pace
    tiles[1].replay.page.speed.setCurrentIndex(replay_window.SPEEDS.index(2.0))
    tiles[1].replay.page.pause_button.click()
    pump_until(lambda: False, 0.5)
    p = group.players()[0]
    a0, w0, f0, c0 = p.time_s() or 0.0, time.monotonic(), frames_total(), time.process_time()
    pump_until(lambda: False, 2.0)
    elapsed = time.monotonic() - w0
    r["rate_2x"] = round(((p.time_s() or 0.0) - a0) / elapsed, 2)
    r["live_fps_behind_replay_2x"] = round((frames_total() - f0) / elapsed / len(tiles), 1)
    r["cpu_s_per_s_replaying_2x"] = round((time.process_time() - c0) / elapsed, 2)
    r["rungs_during"] = [str(WallPlanner.shared().rung_for(t)) for t in tiles]
    r["rates_followed"] = [t.replay.page.speed.currentData() for t in tiles]
    # back to live: the live pictures are shown again (they never stopped)
    before = {t.key: shown(t.key) for t in tiles}
    t0 = time.monotonic()
    tiles[0].replay.page.live_button.click()

    def back_live() -> bool:
        return all(
            t.stack.currentWidget() is t.video
            and t.video.isVisible()
            and shown(t.key) > before[t.key]
            for t in tiles
        )

    r["back_to_live_s"] = pump_until(back_live, 5)
    r["back_to_live_ms"] = round((time.monotonic() - t0) * 1000)
    r["pill_after"] = [t.pill.text() for t in tiles]
    c0, w0 = time.process_time(), time.monotonic()
    pump_until(lambda: False, 1.0)
    r["cpu_s_per_s_live_only"] = round((time.process_time() - c0) / (time.monotonic() - w0), 2)
    shot = np.asarray(
        Image.open(grab_display(os.environ["DISPLAY"], out / "live-again.png")).convert("RGB")
    )
    now_frame = round((time.time() - origin) * FPS)
    live_seen = {}
    for t in tiles:
        spec = ClipSpec(f"{t.camera_id}-sub", names[t.camera_id], 640, 360)
        best, diff = frame_on_screen(shot, t.video.front, spec, now_frame - 15, span=45)
        live_seen[t.camera_id] = {"behind_now_frames": now_frame - best, "diff": diff}
    r["live_on_screen"] = live_seen
    r["live_after"] = live()
    # the other way back: opening the live stream anew, timed to its first picture
    probe_surface = VideoSurface()
    probe_surface.setGeometry(0, WINDOW[1] + 40, 320, 180)
    probe_surface.show()
    url = tiles[0].playing_url or ""
    t0 = time.monotonic()
    engine.open("probe/restart", url, int(probe_surface.winId()), True, None)
    opened = pump_until(lambda: shown("probe/restart") > 0, 10)
    r["reopen_first_picture_ms"] = None if opened is None else round(opened * 1000)
    engine.release("probe/restart")
    probe_surface.close()
    # the recorder goes away: said in the tile, the live stream goes on, live again by itself
    demo.stop_recorder()
    before_gone = frames_total()
    tile_replay.FAILED_BACK_S = 1.0  # the message's wait, shorter for the probe
    tiles[0].replay_last_30_s()
    note = tiles[0].replay.page.note
    r["gone_told_s"] = pump_until(lambda: "Không xem lại được" in note.text(), 5)
    r["gone_message"] = note.text()
    r["gone_bar"] = tiles[0].replay.page.bar.full_text()
    grab_display(os.environ["DISPLAY"], out / "replay-recorder-gone.png")
    r["gone_back_to_live_s"] = pump_until(
        lambda: not tiles[0].replay.active and tiles[0].stack.currentWidget() is tiles[0].video,
        tile_replay.FAILED_BACK_S + 2,
    )
    r["live_with_recorder_gone"] = live() and frames_total() > before_gone
    win.hide()  # the tiles park their players while the engine is there to hear it
    QApplication.processEvents()
    close_wall(services, shell)
    demo.stop()
    print(json.dumps(r, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
