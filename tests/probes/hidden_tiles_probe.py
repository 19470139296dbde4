"""Maximising one tile stops the hidden tiles' decoding; restoring brings them back live.
Real wall window, real libVLC, demo streams, under Xvfb; prints JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import cache_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import ScreenSpec, load_layout
from ioc_desktop.paths import layouts_dir
from tests.probes.pump import pump_until
from tests.walls import close_wall, probe_services, probe_window
from widgets.camera_tile import CameraTile


def main() -> int:
    _app = QApplication(sys.argv[:1])  # kept alive for the whole probe
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    services = probe_services(demo.base_url, demo.token)
    engine = services.engine
    services.store.set_cameras(BackendClient(demo.base_url, demo.token).cameras())
    screen = load_layout(layouts_dir() / "overview.json").screens[0]
    cams_only = ScreenSpec(
        screen.name, 2, 2, [p for p in screen.panels if p.kind in ("camera", "camera_tour")]
    )
    shell, win = probe_window(services, cams_only, "probe")
    tiles = shell.panels_of(CameraTile)

    def all_live() -> bool:
        return all(
            (s := engine.stats(t.key)) is not None and s.status.value == "live" for t in tiles
        )

    result: dict[str, object] = {"all_live_s": pump_until(all_live, 30)}
    result["url_small"] = tiles[0].playing_url
    result["maximised_key"] = tiles[0].key
    win.toggle_maximise(tiles[0].key)
    # the sub stream keeps showing until the main one moves, then they swap
    result["maximised_live_s"] = pump_until(
        lambda: (
            (tiles[0].playing_url or "").endswith("/cam01")
            and (s := engine.stats(tiles[0].key)) is not None
            and s.status.value == "live"
        ),
        15,
    )
    result["url_maximised"] = tiles[0].playing_url
    result["open_while_maximised"] = engine.tile_keys()
    result["hidden_pills"] = [t.pill.text() for t in tiles[1:]]
    win._restore()
    result["all_live_again_s"] = pump_until(all_live, 30)
    result["open_after_restore"] = len(engine.tile_keys())
    pump_until(lambda: (tiles[0].playing_url or "").endswith("-sub"), 10)
    result["url_restored"] = tiles[0].playing_url
    result["all_live_after_switch_back_s"] = pump_until(all_live, 15)
    close_wall(services, shell)
    demo.stop()
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
