"""How much of a tile is picture on a 6×6 wall at 1920×1080: the rectangle libVLC draws the
picture in (the X server's word) less what covers it, over the tile's area. Before small
tiles put their name and status over the picture, two title rows and the letterboxing left
the picture about a quarter of each tile. Also reads whether a small tile still names its
camera and says its status in colour and words, and whether every picture is an even number of
pixels wide (video/picture_fit.py). Real wall under Xvfb, live demo streams (8
cameras, repeated); prints JSON; writes a screenshot to the path given as first argument.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import cache_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.paths import resources_dir
from tests.probes.pump import pump_until
from tests.probes.tile_x11 import XServer
from tests.screenshot import grab_display
from tests.walls import close_wall, probe_services, probe_window
from widgets.camera_tile import CameraTile
from widgets.theme import apply_theme

SIDE = 6


def main() -> int:
    shot = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "density.png"
    # what a tile's picture takes of it at 6×6, every tile live: the decode planner is off (on a
    # 2-core PC 36 tiles are past capacity and the governor makes stills, as it should; that
    # is tests/test_wall_plan_display.py's, and this wall must not depend on the machine's load)
    os.environ["IOC_DECODE_PLANNER"] = "0"
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    apply_theme(app, resources_dir() / "theme.qss")
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    client = BackendClient(demo.base_url, demo.token)
    cams = client.cameras()[:8]
    services = probe_services(demo.base_url, demo.token)
    store, engine = services.store, services.engine
    store.set_areas(client.areas(), {})
    store.set_cameras(cams)
    panels = [
        PanelSpec("camera", i // SIDE, i % SIDE, settings={"camera_id": cams[i % len(cams)].id})
        for i in range(SIDE * SIDE)
    ]
    shell, _win = probe_window(
        services, ScreenSpec("wall-1", SIDE, SIDE, panels), "6×6", size=(1920, 1080)
    )
    tiles = shell.panels_of(CameraTile)

    def live(t: CameraTile) -> bool:
        s = engine.stats(t.key)
        return s is not None and s.status.value == "live"

    r: dict[str, Any] = {"all_live_s": pump_until(lambda: all(live(t) for t in tiles), 60)}
    pump_until(lambda: False, 2.0)
    xs = XServer()
    fractions, named, odd = [], [], []
    for t in tiles:
        origin = t.mapToGlobal(t.rect().topLeft())
        tile = QRect(origin, t.size())
        pictures = [
            QRect(x.x, x.y, x.width, x.height)
            for w in xs.descendants(int(t.video.front.winId()))
            if (x := xs.rect(w)) is not None and x.viewable and x.width > 1
        ]
        picture = max(pictures, key=lambda q: q.width() * q.height(), default=QRect())
        if picture.width() % 2:  # swscale's slow path (video/picture_fit.py)
            odd.append([t.key, picture.width(), picture.height()])
        area = picture.width() * picture.height()
        caption = getattr(t.video, "caption", None)
        if caption is not None and caption.isVisible():
            top = t.mapToGlobal(t.video.pos())
            over = QRect(top, caption.size()).intersected(picture)
            area -= over.width() * over.height()
            name, said, status = caption.caption
            named.append(bool(name) and bool(said) and status == "live")
        else:
            named.append(t.title.isVisible() and t.pill.isVisible())
        fractions.append(area / max(1, tile.width() * tile.height()))
    xs.close()
    r["tile_size"] = [tiles[0].width(), tiles[0].height()]
    r["picture_fraction_median"] = round(statistics.median(fractions), 3)
    r["picture_fraction_min"] = round(min(fractions), 3)
    r["named_with_status"] = sum(named)
    r["odd_picture_widths"] = odd
    r["tiles"] = len(tiles)
    r["compact"] = sum(bool(getattr(t, "compact", False)) for t in tiles)
    grab_display(os.environ["DISPLAY"], shot)
    r["screenshot"] = str(shot)
    print(json.dumps(r, ensure_ascii=False), flush=True)
    close_wall(services, shell)
    demo.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
