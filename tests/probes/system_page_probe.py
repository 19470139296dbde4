"""A system's page on the wall as the app builds it (WallShell, its map profile, the ioc://
scheme), under a real display: overview → the system's page → a ward clicked on its map →
back up → the overview. At each step the layout, breadcrumbs and title are read, and the
UI thread's stalls over the whole walk are timed (UiStallMeter). The map is read back from
the page: each ward's fill as the SVG path has it, the legend, the tooltips' text (a ward
named with markup stays text). Prints one JSON line; run by tests/test_system_page_map.py.
An optional first argument is a file for a screenshot of the page.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ioc_desktop.app import create_application
from ioc_desktop.backend.client import BackendClient
from ioc_desktop.backend.models import BreakdownItem
from ioc_desktop.config import Settings
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import Simulation
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.selftest import UiStallMeter
from tests.probes.pump import pump_until
from tests.walls import build_wall, close_wall, one_screen
from widgets.kpi_bars import band_color
from widgets.kpi_tiles import KpiTilesPanel
from widgets.map_panel import MapPanel
from widgets.system_page import SystemPage
from widgets.ward_map import SEQUENTIAL, WardMap

HOSTILE = "<img src=x onerror=window.__iocXss=1>Phường Thử"


def read(ward_map: WardMap, expression: str) -> Any:
    box: list[Any] = []
    ward_map.read(expression, box.append)
    pump_until(lambda: bool(box), 10)
    return box[0] if box else None


CPU_MS: dict[str, float] = {}  # the UI thread's own CPU time per step


def timed(step: Any, name: str) -> float:
    """The step and the events it posted: wall ms (what the operator waits, the neighbours'
    load included on a shared machine) returned, the UI thread's CPU ms kept in CPU_MS."""
    start, cpu = time.perf_counter(), time.thread_time()
    step()
    QTest.qWait(1)
    CPU_MS[name] = round((time.thread_time() - cpu) * 1000, 1)
    return round((time.perf_counter() - start) * 1000, 1)


def fill(services: Any, client: BackendClient, system: int) -> str:
    """The store as the sync would fill it, one ward renamed with markup; returns its code."""
    store = services.store
    store.set_kpis(client.kpis())
    geometry = client.area_geometries()
    code = sorted(geometry)[0]
    geometry[code]["properties"]["name"] = HOSTILE
    store.set_areas(client.areas(), geometry)
    for k in store.kpis.values():
        if k.system == system:
            store.set_series(client.kpi_series(k.id))
            items = client.kpi_breakdown(k.id)
            items = [
                BreakdownItem(i.area_code, HOSTILE, i.value) if i.area_code == code else i
                for i in items
            ]
            store.set_breakdown(k.id, items)
    return code


def main() -> int:
    shot = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    settings = Settings()
    app, _render = create_application(settings)
    srv = DemoHttpServer(Simulation()).start()
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    overview = one_screen(
        ScreenSpec(
            "wall-1",
            1,
            2,
            [
                PanelSpec("kpi_tiles", 0, 0, settings={"system": 2}),
                PanelSpec("map", 0, 1),  # as the shipped overview: Chromium already up
            ],
        ),
        "Tổng quan",
    )
    user = Path(tempfile.mkdtemp(prefix="system-page-probe-"))
    services, shell = build_wall(overview, srv.base_url, DEMO_TOKEN, user, window_size=(1600, 900))
    out: dict[str, Any] = {"steps_ms": {}}
    try:
        hostile_code = fill(services, client, 2)
        tiles = next(
            p for p in shell.factory.created if isinstance(p, KpiTilesPanel) and p.system == 2
        )
        pump_until(lambda: tiles.isVisible(), 10)
        overview_map = next(p for p in shell.factory.created if isinstance(p, MapPanel))
        out["overview_map_ready_s"] = pump_until(lambda: overview_map.ready, 30)
        QTest.qWait(300)
        meter = UiStallMeter()
        steps = out["steps_ms"]
        # overview → the system's page
        steps["open_system"] = timed(
            lambda: QTest.mouseDClick(tiles, Qt.MouseButton.LeftButton), "open_system"
        )
        page = next(p for p in shell.factory.created if isinstance(p, SystemPage))
        out["opened"] = {
            "layout": services.session.layout.name,
            "crumbs": page.crumbs(),
            "title": page.title.text(),
        }
        ward_map = page.ward_map
        assert ward_map is not None
        t0 = time.perf_counter()
        pump_until(lambda: ward_map.ready, 30)
        pump_until(lambda: (read(ward_map, "iocMapApi.counts()") or {}).get("wards") == 148, 15)
        out["map_ready_s"] = round(time.perf_counter() - t0, 2)
        out["map_view_ms"] = round(ward_map.create_ms, 1)
        QTest.qWait(300)
        kpi = page.kpi()
        assert kpi is not None
        items = services.store.breakdowns[kpi.id]
        out["rate"] = {
            "kpi": kpi.id,
            "fills": read(ward_map, "iocMapApi.wardFills()"),
            "expected": {i.area_code: band_color(kpi, i.value) for i in items},
            "legend": read(ward_map, "iocMapApi.legendTexts()"),
        }
        labels = read(ward_map, "iocMapApi.labelTexts()") or []
        out["hostile"] = {
            "label_shown_as_text": any(HOSTILE in t for t in labels),
            "xss": read(ward_map, "window.__iocXss === undefined ? null : window.__iocXss"),
            "img_elements": read(ward_map, "document.querySelectorAll('img[src=x]').length"),
        }
        # a ward clicked on the map (through the page's bridge, as the mouse would)
        worst = min(items, key=lambda i: i.value if kpi.higher_is_better else -i.value)
        steps["map_ward"] = timed(
            lambda: (
                read(ward_map, f"iocMapApi.clickWard('{worst.area_code}')"),
                pump_until(lambda: page.area_code == worst.area_code, 5),
            ),
            "map_ward",
        )
        out["ward"] = {
            "code": page.area_code,
            "expected": worst.area_code,
            "crumbs": page.crumbs(),
            "title": page.title.text(),
            "name": worst.area_name,
        }
        refused = read(ward_map, "iocMapApi.clickWard('no-such-ward')")
        out["unknown_ward_refused"] = refused is False and page.area_code == worst.area_code
        # a count: its own sequential scale, not the province's bands
        steps["count_kpi"] = timed(lambda: page.open_kpi("dvc-late"), "count_kpi")
        QTest.qWait(500)
        fills = read(ward_map, "iocMapApi.wardFills()") or {}
        out["count"] = {
            "fills_sequential": sorted({f for f in fills.values()} - set(SEQUENTIAL)),
            "classes": len(set(fills.values())),
            "legend": read(ward_map, "iocMapApi.legendTexts()"),
        }
        page.open_kpi(kpi.id)
        QTest.qWait(300)
        if shot is not None:
            from tests.screenshot import grab_display

            win = page.window()
            g = win.geometry()
            grab_display(os.environ["DISPLAY"], shot, (g.x(), g.y(), g.width(), g.height()))
        # back up with one key, then the "Toàn tỉnh" crumb back to the overview
        page.setFocus()
        steps["backspace"] = timed(lambda: QTest.keyClick(page, Qt.Key.Key_Backspace), "backspace")
        out["back"] = {"crumbs": page.crumbs(), "title": page.title.text()}
        steps["to_overview"] = timed(lambda: page.crumb_buttons[0].click(), "to_overview")
        QTest.qWait(300)
        out["overview"] = {"layout": services.session.layout.name}
        out["stall"] = meter.summary(warmup_s=0.0)
        out["steps_cpu_ms"] = CPU_MS
        out["hostile_code"] = hostile_code
    finally:
        close_wall(services, shell)
        client.close()
        srv.stop()
    print(json.dumps(out, ensure_ascii=False))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
