"""A layout over this PC's budget goes live with the plan it showed, and every tile holds its
frame rate: a 2×4 wall of the demo's 8 live cameras under Xvfb, with a budget that fits 6 of
them (so 4 play sparse pictures: keyframes only, which saves about half each). Reads each
tile's shown frame rate over a few seconds. Prints JSON; a screenshot into the folder given
as first argument."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import cache_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.layout_plan import plan_layout, plan_text, stream_of
from ioc_desktop.paths import resources_dir
from ioc_desktop.video.planner import DecodeBudget
from tests.probes.pump import pump_until
from tests.screenshot import grab_display
from tests.walls import close_wall, one_screen, probe_services, probe_window
from widgets.camera_tile import CameraTile
from widgets.theme import apply_theme
from widgets.wall_plan import WallPlanner

ROWS, COLS = 2, 4
SIZE = (1280, 720)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    apply_theme(app, resources_dir() / "theme.qss")
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    client = BackendClient(demo.base_url, demo.token)
    cams = client.cameras()[: ROWS * COLS]
    services = probe_services(demo.base_url, demo.token)
    store, engine = services.store, services.engine
    store.set_areas(client.areas(), {})
    store.set_cameras(cams)
    screen = ScreenSpec(
        "wall-1",
        ROWS,
        COLS,
        [
            PanelSpec("camera", i // COLS, i % COLS, settings={"camera_id": cam.id})
            for i, cam in enumerate(cams)
        ],
    )
    # a budget where the 8 light sub streams need 8/6.4 of it: 4 tiles give half each
    sub_stream = stream_of(next(s for s in cams[0].streams if s.profile == "sub"))
    assert sub_stream is not None
    sub = DecodeBudget().cost(sub_stream, True)
    budget = DecodeBudget(cores=1, wall_share=(len(cams) - 1.6) * sub, measured=True)
    WallPlanner.shared().set_budget(budget)
    shown = plan_layout(one_screen(screen, "plan"), store.cameras, budget, SIZE)
    r: dict[str, Any] = {"shown_text": plan_text(shown, budget)}
    shell, _win = probe_window(services, screen, "plan", SIZE)
    tiles = shell.panels_of(CameraTile)

    def status(t: CameraTile) -> str | None:
        if t.still.planned:  # a true still: no player, a picture every few seconds
            return "still" if t.still.picture_of(t.camera_id) else None
        s = engine.stats(t.key)
        return s.status.value if s else None

    r["first_live_s"] = pump_until(lambda: all(status(t) in ("live", "still") for t in tiles), 40)
    live = WallPlanner.shared().plan
    r["live_text"] = plan_text(live, budget)
    pump_until(lambda: False, 2.0)
    before = {t.key: engine.frames_total(t.key) for t in tiles}
    window_s = 5.0
    pump_until(lambda: False, window_s)
    r["tiles"] = []
    for t in tiles:
        st = engine.stats(t.key)
        cam = store.cameras[t.camera_id]
        rung = live.rungs.get(t.key)
        stream = cam.stream(rung.profile if rung is not None else "sub")
        r["tiles"].append(
            {
                "key": t.key,
                "rung": rung.name.lower() if rung is not None else None,
                "status": status(t),
                "shown_fps": round((engine.frames_total(t.key) - before[t.key]) / window_s, 1),
                "player": st is not None,
                "stream_fps": stream.fps if stream else None,
                "says": t.tooltip_text().splitlines()[-1],
                "pill": t._pill_state[0],
            }
        )
    grab_display(os.environ["DISPLAY"], out / "wall-plan.png")
    close_wall(services, shell)
    demo.stop()
    print(json.dumps(r, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
