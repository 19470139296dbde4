"""A dead camera's tile keeps its last picture, dimmed, with the picture's time and age and
the reason, instead of going black; a live picture comes back by itself. Real wall under
Xvfb, live demo streams: one camera behind a proxy that freezes (socket open, no bytes: a
hung camera, "stalled" then "lost"), then the stream server killed ("lost" at once, the
player has ended) and restarted. What the tile shows is read from the screen. Prints JSON;
writes screenshots into the folder given as first argument. Run it with TZ=UTC to check
that a tile's clock reads the province's time, not the PC's.
"""

from __future__ import annotations

import dataclasses
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
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ioc_desktop import clock
from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import cache_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.paths import resources_dir
from tests.probes.freeze_proxy import FreezeProxy
from tests.probes.pump import pump_until
from tests.screenshot import grab_display
from tests.walls import close_wall, probe_services, probe_window
from widgets.camera_tile import CameraTile
from widgets.theme import apply_theme
from widgets.video_area import caption_height


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    apply_theme(app, resources_dir() / "theme.qss")
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    proxy = FreezeProxy(demo.stream_port)
    client = BackendClient(demo.base_url, demo.token)
    cams = client.cameras()
    cams[0] = dataclasses.replace(
        cams[0],
        streams=tuple(
            dataclasses.replace(
                s, url=re.sub(r"^http://127\.0\.0\.1:\d+", f"http://127.0.0.1:{proxy.port}", s.url)
            )
            for s in cams[0].streams
        ),
    )
    services = probe_services(demo.base_url, demo.token)
    store, engine = services.store, services.engine
    store.set_areas(client.areas(), {})
    store.set_cameras(cams)
    # the frozen camera big (title rows), three small ones (name and status over the picture)
    screen = ScreenSpec(
        "wall-1",
        3,
        3,
        [
            PanelSpec("camera", 0, 0, 2, 2, settings={"camera_id": cams[0].id}),
            PanelSpec("camera", 0, 2, settings={"camera_id": cams[1].id}),
            PanelSpec("camera", 1, 2, settings={"camera_id": cams[2].id}),
            PanelSpec("camera", 2, 0, settings={"camera_id": cams[3].id}),
        ],
    )
    shell, _win = probe_window(services, screen, "probe")
    big, small, *rest = shell.panels_of(CameraTile)
    tiles = [big, small, *rest]
    shot_no = iter(range(1000))

    def status(t: CameraTile) -> str | None:
        s = engine.stats(t.key)
        return s.status.value if s else None

    live_areas: dict[str, np.ndarray] = {}

    def looks() -> list[dict[str, Any]]:
        """Each tile's picture area on screen, twice 0.4 s apart: brightness, motion, and
        likeness to what the tile showed live (the same scene, dimmed, still correlates;
        a black tile with words does not)."""
        shots = []
        for _ in range(2):
            path = out / f"last-picture-{next(shot_no):02d}.png"
            shots.append(
                np.asarray(
                    Image.open(grab_display(os.environ["DISPLAY"], path)).convert("L"),
                    dtype=np.int16,
                )
            )
            pump_until(lambda: False, 0.4)
        seen = []
        for t in tiles:
            g = t.stack.currentWidget().geometry()
            top_left = t.mapToGlobal(g.topLeft())
            x, y, w, h = top_left.x(), top_left.y(), g.width(), g.height()
            if getattr(t, "compact", False):  # the picture, not the name and status over it
                y, h = y + caption_height(), h - caption_height()
            a, b = (s[y : y + h, x : x + w] for s in shots)
            live = live_areas.setdefault(t.key, a)
            like = np.corrcoef(a.ravel(), live.ravel())[0, 1] if a.shape == live.shape else 0
            seen.append(
                {
                    "luma": round(float(a.mean()), 1),
                    "live_luma": round(float(live.mean()), 1),
                    "likeness": round(float(np.nan_to_num(like)), 2),
                    "moving": round(float(np.abs(a - b).mean()), 2),
                    "showing": "video" if t.stack.currentWidget() is t.video else "screen",
                    "text": t.message.text() if t.stack.currentWidget() is t.message else "",
                    "status": status(t),
                    "compact": getattr(t, "compact", False),
                }
            )
        return seen

    r: dict[str, Any] = {"tz": os.environ.get("TZ", "")}
    r["first_live_s"] = pump_until(lambda: all(status(t) == "live" for t in tiles), 30)
    # an engine without stills (the code before them) is measured all the same
    kept = getattr(engine, "still", lambda _key: None)
    r["stills_kept_s"] = pump_until(lambda: all(kept(t.key) for t in tiles), 20)
    r["live"] = looks()
    # the tile clock reads the province's time (the wall's clock), whatever the PC's zone
    r["tile_clock"] = big.clock.text()
    r["province_now"] = clock.now().strftime("%H:%M:%S")

    # a hung camera: bytes stop, the socket stays open
    frozen_at = time.time()
    proxy.frozen.set()
    r["stalled_after_s"] = pump_until(lambda: status(big) == "stalled", 15)
    r["stall_still_s"] = pump_until(
        lambda: (s := kept(big.key)) is not None and s.shown_at > frozen_at - 1.5, 3
    )
    still = kept(big.key)
    r["stall_still_lag_s"] = round(still.shown_at - frozen_at, 2) if still else None
    r["stalled"] = looks()[0]
    r["lost_after_s"] = pump_until(lambda: status(big) == "lost", 15)
    r["lost"] = looks()[0]

    # the stream server dies: the players end at once, no picture left in libVLC to copy
    demo.stop_streams()
    r["server_lost_s"] = pump_until(lambda: all(status(t) != "live" for t in tiles[1:]), 15)
    pump_until(lambda: False, 1.0)
    r["server_down"] = looks()
    r["server_down_pills"] = [t.pill.text() for t in tiles]
    caption = getattr(small.video, "caption", None)
    r["server_down_caption"] = caption.caption if caption is not None else None
    r["server_down_header"] = getattr(small.message, "header", None)

    # back: every tile live again by itself, video on screen, moving
    demo.start_streams()
    proxy.frozen.clear()
    r["live_again_s"] = pump_until(lambda: all(status(t) == "live" for t in tiles), 30)
    pump_until(lambda: False, 1.0)
    r["back"] = looks()
    close_wall(services, shell)
    proxy.close()
    demo.stop()
    print(json.dumps(r, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
