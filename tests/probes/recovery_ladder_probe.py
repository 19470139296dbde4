"""The recovery ladder on a real wall under Xvfb with the demo's live streams: three cameras,
each in a tile big enough for its main stream: one whose main stream is dead but its sub
works, one whose direct streams are dead but its relay (the contract's alternate_url) works,
one that is gone (everything dead) but whose snapshot URL answers, one gone whose snapshot
fails too. Prints JSON: each tile's rung, status, words and attempts; for the gone camera the
snapshot it shows and its age just before and after the next refresh; a screenshot into the
folder given as first argument."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import cache_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.paths import resources_dir
from ioc_desktop.video.ladder import LadderRung
from tests.probes.pump import pump_until
from tests.screenshot import grab_display
from tests.walls import close_wall, probe_services, probe_window
from widgets.camera_tile import CameraTile
from widgets.theme import apply_theme


def dead(url: str) -> str:
    root, name = url.rsplit("/", 1)
    return f"{root}/gone-{name}"  # 404 from the demo's stream server


def broken(cam: Any, main_dead: bool, sub_dead: bool, relay_dead: bool) -> Any:
    streams = []
    for s in cam.streams:
        url = dead(s.url) if (main_dead if s.profile == "main" else sub_dead) else s.url
        alt = s.alternate_url
        if alt and relay_dead:
            alt = dead(alt)
        streams.append(dataclasses.replace(s, url=url, alternate_url=alt))
    return dataclasses.replace(cam, streams=tuple(streams))


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    apply_theme(app, resources_dir() / "theme.qss")
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    client = BackendClient(demo.base_url, demo.token)
    cams = client.cameras()[:4]
    cams = [
        broken(cams[0], main_dead=True, sub_dead=False, relay_dead=True),  # sub works
        broken(cams[1], main_dead=True, sub_dead=True, relay_dead=False),  # relay works
        broken(cams[2], main_dead=True, sub_dead=True, relay_dead=True),  # gone
        dataclasses.replace(  # gone, and its snapshot URL fails as well
            broken(cams[3], main_dead=True, sub_dead=True, relay_dead=True),
            snapshot_url="/api/v1/cameras/gone-cam/snapshot",
        ),
    ]
    services = probe_services(demo.base_url, demo.token)
    store = services.store
    store.set_areas(client.areas(), {})
    store.set_cameras(cams)
    screen = ScreenSpec(
        "wall-1",
        1,
        4,
        [PanelSpec("camera", 0, i, settings={"camera_id": c.id}) for i, c in enumerate(cams)],
    )
    t0 = time.monotonic()
    shell, _win = probe_window(services, screen, "ladder", (1920, 1080))
    by_cam = {t.camera_id: t for t in shell.panels_of(CameraTile)}
    tiles = [by_cam[c.id] for c in cams]

    def rung(t: CameraTile) -> str | None:
        ladder = t.recovery.ladder
        return ladder.rung.value if ladder else None

    def done() -> bool:
        return (
            all(t._status == "live" for t in tiles[:2])
            and all(rung(t) == LadderRung.LAST_PICTURE.value for t in tiles[2:])
            and tiles[2].still.picture_of(tiles[2].camera_id) is not None
        )

    r: dict[str, Any] = {"settled_s": pump_until(done, 60)}
    gone = tiles[2]

    def shown() -> dict[str, Any]:
        kept = gone._kept_picture()
        return {
            "snapshot": bool(kept and kept[2]),
            "taken_at": kept[1] if kept else None,
            "age": gone.picture_age(),
            "badge": gone.badge().text if gone.badge() else "",
            "text": gone.message.text(),
            "image_key": kept[0].cacheKey() if kept else None,
        }

    first = shown()
    pump_until(lambda: (shown()["taken_at"] or 0) != first["taken_at"], 3.0)
    r["before_refresh"] = shown()  # just before the next snapshot: the oldest it gets
    pump_until(lambda: (shown()["taken_at"] or 0) != first["taken_at"], 6)
    r["after_refresh"] = shown()
    pump_until(lambda: False, 0.5)
    r["tiles"] = [
        {
            "camera": t.camera_id,
            "rung": rung(t),
            "status": t._status,
            "words": t.recovery.words(),
            "pill": t._pill_state[0],
            "tooltip": t.tooltip_text(),
            "outage_text": t.message.body if t.stack.currentWidget() is t.message else "",
            "attempts": t.recovery.summary(),
        }
        for t in tiles
    ]
    r["total_s"] = round(time.monotonic() - t0, 1)
    grab_display(os.environ["DISPLAY"], out / "ladder.png")
    close_wall(services, shell)
    demo.stop()
    print(json.dumps(r, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
