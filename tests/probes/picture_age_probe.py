"""A frozen frame never passes for live: the picture-age badge on a real wall under Xvfb, live
demo streams. Two cameras go through a proxy that freezes (socket open, no bytes: a hung
camera or encoder; libVLC keeps "Playing" and the last picture stays on screen): one big
tile (title rows), one small (caption strip over the picture); a third camera plays direct and
must never show a badge. Times from the freeze to the badge on both tiles, to red, and from
the thaw to no badge; what the strip shows is read from the screen too (amber, then red
pixels where the badge is). Prints JSON; screenshots into the folder given as first argument.
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
from widgets.theme import STATUS_COLORS, apply_theme


def through(cam: Any, port: int) -> Any:
    """The camera with its streams routed through the proxy on `port`."""
    streams = tuple(
        dataclasses.replace(
            s, url=re.sub(r"^http://127\.0\.0\.1:\d+", f"http://127.0.0.1:{port}", s.url)
        )
        for s in cam.streams
    )
    return dataclasses.replace(cam, streams=streams)


def colour_px(path: Path, box: tuple[int, int, int, int], colour: str) -> int:
    """Pixels within box (x, y, w, h) of the screenshot close to `colour` ("#rrggbb")."""
    x, y, w, h = box
    rgb = np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)[y : y + h, x : x + w]
    want = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    return int((np.abs(rgb - want).max(axis=2) <= 24).sum())


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
    cams[0], cams[1] = through(cams[0], proxy.port), through(cams[1], proxy.port)
    services = probe_services(demo.base_url, demo.token)
    store, engine = services.store, services.engine
    store.set_areas(client.areas(), {})
    store.set_cameras(cams)
    screen = ScreenSpec(
        "wall-1",
        3,
        3,
        [
            PanelSpec("camera", 0, 0, 2, 2, settings={"camera_id": cams[0].id}),
            PanelSpec("camera", 0, 2, settings={"camera_id": cams[1].id}),
            PanelSpec("camera", 1, 2, settings={"camera_id": cams[2].id}),
        ],
    )
    shell, _win = probe_window(services, screen, "probe")
    by_cam = {t.camera_id: t for t in shell.panels_of(CameraTile)}
    big, small, direct = by_cam[cams[0].id], by_cam[cams[1].id], by_cam[cams[2].id]
    frozen = (big, small)
    direct_told: list[float] = []
    engine.channel(direct.key).sig_age_changed.connect(direct_told.append)
    shots = iter(range(100))

    def status(t: CameraTile) -> str | None:
        s = engine.stats(t.key)
        return s.status.value if s else None

    def level(t: CameraTile) -> str | None:
        b = t.badge()
        return b.level if b else None

    def look(name: str) -> dict[str, Any]:
        """The small tile's caption strip on screen, and what the tiles say."""
        pump_until(lambda: False, 0.15)  # what the tiles say now, painted
        path = grab_display(os.environ["DISPLAY"], out / name)
        strip = small.video.caption if small.stack.currentWidget() is small.video else None
        widget = strip if strip is not None else small.message
        top_left = widget.mapToGlobal(widget.rect().topLeft())
        box = (top_left.x(), top_left.y(), widget.width(), 40)
        return {
            "small_amber_px": colour_px(path, box, STATUS_COLORS["stalled"]),
            "small_red_px": colour_px(path, box, STATUS_COLORS["lost"]),
            "small_badge": small.badge().text if small.badge() else None,
            "big_badge_label": big.age_badge.text() if big.age_badge.isVisible() else None,
            "statuses": [status(t) for t in (big, small, direct)],
            "small_tooltip": small.tooltip_text(),
            "picture_age_s": [
                round(a, 1) if (a := getattr(engine.stats(t.key), "picture_age_s", None)) else a
                for t in (big, small, direct)
            ],
        }

    r: dict[str, Any] = {"compact": [t.compact for t in (big, small, direct)]}
    r["first_live_s"] = pump_until(lambda: all(status(t) == "live" for t in by_cam.values()), 30)
    pump_until(lambda: False, 3.0)  # fresh pictures: no badge anywhere
    r["fresh"] = look(f"age-{next(shots)}.png")
    r["fresh_badges"] = [level(t) for t in (big, small, direct)]

    proxy.frozen.set()  # bytes stop, the sockets stay open
    frozen_at = time.monotonic()

    # when the frozen tiles last showed a new picture: libVLC plays out what it had buffered
    # (its 300 ms cache, and more where decoding lags on a loaded machine) after the freeze
    # (libVLC's own counter, read at every turn of the loop: the engine reads it twice a second)
    def shown() -> dict[str, int]:
        return {t.key: engine._read_stats(engine._slots[t.key])[0] for t in frozen}

    counts = shown()
    last_new = [frozen_at]

    def badged() -> bool:
        now = shown()
        if now != counts:
            counts.update(now)
            last_new[0] = time.monotonic()
        return all(level(t) for t in frozen)

    r["badge_s"] = pump_until(badged, 15)
    r["last_picture_s"] = round(last_new[0] - frozen_at, 2)
    r["amber"] = look(f"age-{next(shots)}.png")
    r["amber_levels"] = [level(t) for t in frozen]
    r["status_at_badge"] = [status(t) for t in frozen]
    r["red_s"] = pump_until(lambda: all(level(t) == "red" for t in frozen), 15)
    if r["red_s"] is not None:
        r["red_s"] = round(time.monotonic() - frozen_at, 2)
    r["red"] = look(f"age-{next(shots)}.png")

    proxy.frozen.clear()
    r["clear_s"] = pump_until(lambda: not any(level(t) for t in frozen), 30)
    r["live_again"] = [status(t) for t in frozen]
    r["clear"] = look(f"age-{next(shots)}.png")
    r["direct_told"] = direct_told
    r["direct_badge"] = level(direct)
    close_wall(services, shell)
    proxy.close()
    demo.stop()
    print(json.dumps(r, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
