"""Grid presets applied one after another on a running wall (1+5, 1+7, 2+8, 1+12, as an
operator did when a camera's picture stayed in its old cell with its tile black): after each,
every tile's video window must be where its tile is, by the X server's account, and the
tile must show a moving picture, read from the screen. Real wall under Xvfb, live demo
streams; prints JSON; writes a screenshot per step into the folder given as first argument.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import cache_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.edit import PanelRef
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec
from ioc_desktop.paths import resources_dir
from tests.probes.pump import pump_until
from tests.probes.tile_x11 import XServer
from tests.screenshot import grab_display
from tests.walls import build_wall, close_wall
from widgets.camera_tile import CameraTile
from widgets.theme import apply_theme

PRESETS = ["1+5", "1+7", "2+8", "1+12"]
SETTLE_S = 4.0  # the resize debounce, a profile switch (main stream for a big cell), a swap
MOVING = 0.2  # mean luma change between two looks 0.4 s apart: live demo pictures 0.4-1.5


def region(shot: Image.Image, x: int, y: int, w: int, h: int) -> np.ndarray:
    return np.asarray(shot.crop((x, y, x + w, y + h)).convert("L"), dtype=np.int16)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    # as the app does (app.py): a tile's labels stay alien, only its video area is native
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    apply_theme(app, resources_dir() / "theme.qss")
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    client = BackendClient(demo.base_url, demo.token)
    folder = Path(tempfile.mkdtemp(prefix="ioc-relayout-"))
    cams = [f"cam0{i}" for i in range(1, 7)]
    panels = [
        PanelSpec("camera", i // 3, i % 3, settings={"camera_id": c}) for i, c in enumerate(cams)
    ]
    layout = Layout("relayout", "Thử lưới", [ScreenSpec("wall-1", 3, 3, panels)])
    services, shell = build_wall(
        layout, demo.base_url, demo.token, folder / "layouts", window_size=(1920, 1080)
    )
    store, engine, session, manager = (
        services.store,
        services.engine,
        services.session,
        shell.manager,
    )
    store.set_areas(client.areas(), {})
    store.set_cameras(client.cameras())
    win = next(iter(manager.windows.values()))
    grid = win.grids["wall-1"]
    xs = XServer()

    def tiles() -> list[CameraTile]:
        return [w for w in grid.panels.values() if isinstance(w, CameraTile)]

    def all_live() -> bool:
        return all(
            (s := engine.stats(t.key)) is not None and s.status.value == "live" for t in tiles()
        )

    r: dict[str, Any] = {"first_live_s": pump_until(all_live, 30), "steps": []}
    for preset in ["start", *PRESETS, "swap", "move"]:
        if preset == "move":  # a camera dragged one cell down, beside the big one
            left = session.layout.screens[0].panel_at(1, 0)
            assert left is not None
            session.move(PanelRef(0, left), 0, 2, 0)
        elif preset == "swap":
            # two cameras of the same size trade cells (the editor's drag onto a panel):
            # each tile moves and keeps its size, as many tiles do when a preset's rows
            # come out the same height
            screen = session.layout.screens[0]
            first, third = screen.panel_at(0, 0), screen.panel_at(0, 2)
            assert first is not None and third is not None
            session.move(PanelRef(0, first), 0, 0, 2)
        elif preset != "start":
            session.set_preset(0, preset)
        if preset != "start":
            pump_until(lambda: False, SETTLE_S)
            pump_until(all_live, 10)
        step: dict[str, Any] = {"preset": preset, "tiles": {}}
        shots = []
        for n in range(2):  # two looks 0.4 s apart: a live picture changes between them
            path = grab_display(os.environ["DISPLAY"], out / f"relayout-{preset}-{n}.png")
            shots.append(Image.open(path))
            pump_until(lambda: False, 0.4)
        for t in tiles():
            video = t.video
            # through the tile, which has no window of its own: a native widget's own
            # mapToGlobal reads its window's position, the very thing under test
            top_left = t.mapToGlobal(video.pos())
            area = (top_left.x(), top_left.y(), video.width(), video.height())
            front = int(video.front.winId())
            x_front = xs.rect(front)
            # libVLC draws into windows of its own inside the one it was given
            vlc_windows = [
                rect
                for w in xs.descendants(front)
                if (rect := xs.rect(w)) is not None and rect.viewable and rect.width > 1
            ]
            a, b = (region(s, *area) for s in shots)
            s = engine.stats(t.key)
            step["tiles"][t.camera_id] = {
                "area": list(area),
                "x_front": x_front.as_list() if x_front else None,
                "front_viewable": bool(x_front and x_front.viewable),
                "front_inside": bool(x_front and x_front.inside(*area)),
                "vlc_windows": [w.as_list() for w in vlc_windows],
                "vlc_inside": bool(vlc_windows) and all(w.inside(*area) for w in vlc_windows),
                "luma": round(float(a.mean()), 1),
                "moving": round(float(np.abs(a - b).mean()), 2),
                "status": s.status.value if s else None,
                "url": t.playing_url,
            }
        r["steps"].append(step)
    r["misplaced"] = [
        f"{step['preset']}: {cam}"
        for step in r["steps"]
        for cam, t in step["tiles"].items()
        if not (t["front_viewable"] and t["front_inside"] and t["vlc_inside"])
    ]
    r["still"] = [
        f"{step['preset']}: {cam}"
        for step in r["steps"]
        for cam, t in step["tiles"].items()
        if t["moving"] < MOVING
    ]
    xs.close()
    print(json.dumps(r, ensure_ascii=False), flush=True)
    close_wall(services, shell)
    demo.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
