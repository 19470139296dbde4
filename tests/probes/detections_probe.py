"""AI boxes over live demo video, read back from the X screen: does each box the tile draws
enclose its object in the picture shown at that moment?

A wall window with two camera tiles (cam01: traffic with a wrong-way car; cam02: a crowd
forming), boxes turned on for the window as an operator does, detection frames read from the
demo backend. Then screenshots: for every box drawn, the object's own colour (the demo knows
it: demo/scene.py) is looked for around the box on the screen, and the blob's edges are
compared with the box's. A box drawn a second early or late is ~30 px off at the bottom of
the picture; one drawn in time is off by what the encoder smears. And in frames: each
screenshot's picture says which frame it is (the clips' frame mark, video/timecode.py), set
against the frame each tile's clock says at that moment, anchored (the engine's stills read
the mark) and as the keyframe guess alone would say (issue #22). Prints JSON; the
screenshots go into the folder given as first argument; a second argument "guess" leaves
the clocks without their anchor (the keyframe guess alone, as before issue #22).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from ioc_desktop.analytics_feed import AnalyticsFeed
from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import cache_dir
from ioc_desktop.demo.detections import FRAMES
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.demo.scene import scene
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.paths import resources_dir
from ioc_desktop.video import timecode
from tests.probes.pump import pump_until
from tests.screenshot import grab_display
from tests.walls import close_wall, probe_services, probe_window
from widgets import detection_overlay
from widgets.camera_tile import CameraTile
from widgets.theme import apply_theme

COLOUR_TOL = 40  # per channel, after H.264 and scaling
SEARCH_PX = 16  # the object is looked for this far around its box (a second off: ~30 px)


def like_overlay(color: tuple[int, ...]) -> bool:
    """An object coloured like the overlay's own outlines and labels cannot be told apart."""
    marks = [*detection_overlay.LABEL_COLORS.values(), detection_overlay.ALERT_COLOR]
    for mark in marks:
        rgb = [int(mark[i : i + 2], 16) for i in (1, 3, 5)]
        if max(abs(a - b) for a, b in zip(color, rgb, strict=True)) <= 2 * COLOUR_TOL:
            return True
    return False


def edges_error(
    shot: np.ndarray,
    rect: tuple[int, int, int, int],
    color: tuple[int, ...],
    others: list[tuple[int, int, int, int]],
) -> dict[str, Any] | None:
    """The object's blob near `rect` (x, y, w, h on screen; other objects' boxes left out)
    and how far its edges are from the box's; None when too little of the colour is there
    to tell (hidden, tiny, smeared)."""
    x, y, w, h = rect
    x0, y0 = max(0, x - SEARCH_PX), max(0, y - SEARCH_PX)
    region = shot[y0 : y + h + SEARCH_PX, x0 : x + w + SEARCH_PX].astype(np.int16)
    near = np.abs(region - np.array(color, dtype=np.int16)).max(axis=2) <= COLOUR_TOL
    for ox, oy, ow, oh in others:  # a neighbour of a like colour is not this object
        near[max(0, oy - y0) : max(0, oy + oh - y0), max(0, ox - x0) : max(0, ox + ow - x0)] = False
    inside = near[y - y0 : y - y0 + h, x - x0 : x - x0 + w]
    coverage = float(inside.mean()) if inside.size else 0.0
    if inside.sum() < max(30, 0.3 * w * h):
        return None
    ys, xs = np.nonzero(near)
    bx0, by0, bx1, by1 = xs.min() + x0, ys.min() + y0, xs.max() + x0, ys.max() + y0
    error = max(abs(bx0 - x), abs(by0 - y), abs(bx1 - (x + w - 1)), abs(by1 - (y + h - 1)))
    return {
        "box": [x, y, x + w - 1, y + h - 1],
        "blob": [int(bx0), int(by0), int(bx1), int(by1)],
        "coverage": round(coverage, 2),
        "error_px": int(error),
    }


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    apply_theme(app, resources_dir() / "theme.qss")
    t0 = time.monotonic()
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    r: dict[str, Any] = {"demo_up_s": round(time.monotonic() - t0, 1)}
    client = BackendClient(demo.base_url, demo.token)
    services = probe_services(demo.base_url, demo.token)
    store = services.store
    store.set_areas(client.areas(), {})
    store.set_cameras(client.cameras())
    screen = ScreenSpec(
        "wall-1",
        1,
        2,
        [
            PanelSpec("camera", 0, 0, settings={"camera_id": "cam01"}),
            PanelSpec("camera", 0, 1, settings={"camera_id": "cam02"}),
        ],
    )
    shell, win = probe_window(services, screen, "probe", size=(1600, 600))
    tiles = {t.camera_id: t for t in shell.panels_of(CameraTile)}
    engine = services.engine
    if "guess" in sys.argv[2:]:  # the clocks without their anchor (before issue #22)
        stats_of = engine.stats
        engine.stats = lambda key: (  # type: ignore[method-assign]
            None if (s := stats_of(key)) is None else dataclasses.replace(s, picture_frame=None)
        )

    def live() -> bool:
        return all((s := engine.stats(t.key)) and s.status.value == "live" for t in tiles.values())

    r["first_live_s"] = pump_until(live, 30)
    feed = AnalyticsFeed(client)  # read here on the UI thread: the demo is on loopback
    detection_overlay._feed = feed
    r["turned_on"] = detection_overlay.toggle_window(win)
    wall = detection_overlay.shown_on(win)
    assert wall is not None

    def read_frames() -> None:
        now = time.time()
        for cam in list(feed._follow):
            feed.take_frames(cam, client.camera_detections(cam, *feed.span_for(cam, now)), now)

    def clock_of(cam: str) -> Any:
        return next(t for t in wall.tiles.values() if t.tile is tiles[cam]).clock()

    checks: list[dict[str, Any]] = []
    frames_off: list[int] = []  # the clock's frame less the picture's, at each screenshot
    # the same, of a clock not yet anchored (its tile's first still not read yet): the guess
    frames_off_unanchored: list[int] = []
    anchored_after: dict[str, float] = {}  # s from a tile's first picture to its anchor
    frames_off_guess: list[int] = []  # the same, of the keyframe guess alone
    off_1s: list[int] = []  # the same measure on boxes a second old
    shots = []
    deadline = time.monotonic() + 10
    k = 0
    next_read = 0.0
    next_shot = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        if time.monotonic() >= next_read:
            read_frames()
            next_read = time.monotonic() + 0.5
        pump_until(lambda: False, 0.05)
        for cam in tiles:
            if cam not in anchored_after and (c := clock_of(cam)) and c.anchored():
                anchored_after[cam] = round(c.anchor_at - c.first_picture_at, 2)
        if time.monotonic() < next_shot:
            continue
        next_shot = time.monotonic() + 0.6
        # what each tile draws now, then the screen
        drawn = {}
        for cam, tile in tiles.items():
            td = next(t for t in wall.tiles.values() if t.tile is tile)
            if td.shown_frame is None or not td.overlay.isVisible():
                continue
            origin = td.overlay.mapToGlobal(QPoint(0, 0))
            rects = [
                (r_.x() + origin.x(), r_.y() + origin.y(), r_.width(), r_.height())
                for r_ in td.overlay.drawn_rects()
            ]
            picture = detection_overlay.picture_rect(td.overlay.size(), td.overlay.video_size)
            picture.translate(origin)
            drawn[cam] = (td.shown_frame, rects, td.overlay.boxes, picture)
        clocks = {cam: (c, p) for cam, (_, _, _, p) in drawn.items() if (c := clock_of(cam))}
        grabbed_at = time.time()
        path = grab_display(os.environ["DISPLAY"], out / f"boxes-{k}.png")
        shots.append(path.name)
        k += 1
        shot = np.asarray(Image.open(path).convert("RGB"))
        for clock, picture in clocks.values():
            seen = shot[picture.top() : picture.bottom() + 1, picture.left() : picture.right() + 1]
            mark = timecode.read_frame_mark(seen)
            if mark is None:
                continue
            guess = dataclasses.replace(clock, anchor_index=None)
            ours = frames_off if clock.anchored() else frames_off_unanchored
            for c, into in ((clock, ours), (guess, frames_off_guess)):
                # the frame on screen at that moment by the clock (floor: a frame shows
                # from its time on, so over many shots the mean is the clock's own error)
                at = math.floor((c.shown_at(grabbed_at) - c.origin) * c.fps)
                into.append((at - mark.index + mark.loop // 2) % mark.loop - mark.loop // 2)
        for cam, (frame, rects, boxes, picture) in drawn.items():
            by_track = {o.track_id: o for o in scene(cam, 1280, 720, frame % FRAMES, FRAMES)}
            pairs = [
                (by_track[b.track], r_, b)
                for r_, b in zip(rects, boxes, strict=True)
                if b.track in by_track
            ]
            objects = [p[0] for p in pairs]
            # the control: the same boxes as they were a second earlier (a clock 1 s off)
            before = {o.track_id: o for o in scene(cam, 1280, 720, (frame - 25) % FRAMES, FRAMES)}
            colors = [o.color for o in objects]
            rects = [p[1] for p in pairs]
            for n, (obj, rect, box) in enumerate(pairs):
                if box.strength < 1 or colors.count(obj.color) > 1 or rect[2] < 12:
                    continue
                if like_overlay(obj.color):
                    continue  # its own outline and label would read as the object
                others = rects[:n] + rects[n + 1 :]
                found = edges_error(shot, rect, obj.color, others)
                if not found:
                    continue
                checks.append({"camera": cam, "frame": frame, "track": obj.track_id, **found})
                old = before.get(obj.track_id)
                if old is not None:
                    nb = detection_overlay.ShownBox(*old.normalised(1280, 720), "", "", 1.0)
                    q = detection_overlay.box_rect(nb, picture)
                    late = edges_error(shot, (q.x(), q.y(), q.width(), q.height()), obj.color, [])
                    off_1s.append(late["error_px"] if late else SEARCH_PX)
    errors = [c["error_px"] for c in checks]
    r["frames_off"] = frames_off
    r["frames_off_guess"] = frames_off_guess
    r["frames_off_unanchored"] = frames_off_unanchored
    r["anchored_after_live_s"] = anchored_after
    for name, offs in (("", frames_off), ("_guess", frames_off_guess)):
        r[f"frames_off_mean{name}"] = round(statistics.mean(offs), 2) if offs else None
        r[f"frames_off_within_2{name}"] = (
            round(sum(abs(f) <= 2 for f in offs) / len(offs), 2) if offs else 0
        )
    r["anchored"] = {cam: bool((c := clock_of(cam)) and c.anchored()) for cam in tiles}
    r["shots"] = shots
    r["boxes_checked"] = len(checks)
    r["error_px_median"] = statistics.median(errors) if errors else None
    r["error_px_p90"] = sorted(errors)[int(0.9 * (len(errors) - 1))] if errors else None
    r["error_px_max"] = max(errors) if errors else None
    r["error_px_median_1s_off"] = statistics.median(off_1s) if off_1s else None
    r["share_within_12px"] = round(sum(e <= 12 for e in errors) / len(errors), 2) if errors else 0
    r["share_within_12px_1s_off"] = (
        round(sum(e <= 12 for e in off_1s) / len(off_1s), 2) if off_1s else 0
    )
    cover = [c["coverage"] for c in checks]
    r["coverage_median"] = statistics.median(cover) if cover else None
    r["picture_delay_s"] = {
        cam: round(c.delay_s(), 2)
        for cam, tile in tiles.items()
        if (c := next(t for t in wall.tiles.values() if t.tile is tile).clock()) is not None
    }
    r["worst"] = sorted(checks, key=lambda c: -c["error_px"])[:3]
    r["turned_off"] = not detection_overlay.toggle_window(win)
    pump_until(lambda: False, 0.3)
    r["overlays_left"] = sum(
        1
        for t in tiles.values()
        for o in t.video.findChildren(detection_overlay.DetectionOverlay)
        if o.isVisible()
    )
    close_wall(services, shell)
    demo.stop()
    print(json.dumps(r, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
