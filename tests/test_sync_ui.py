"""A dead, slow or broken backend: the wall keeps its data, says how old it is, never freezes,
and recovers by itself. Real demo backend on loopback, real qasync loop, offscreen widgets."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.client import Timeouts
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import Simulation
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.qt_loop import run_until_done
from ioc_desktop.selftest import UiStallMeter
from ioc_desktop.store import Link
from ioc_desktop.sync import PollIntervals
from tests.waiting import until
from tests.walls import build_wall, close_wall, one_screen
from widgets.kpi_panels import AirQualityBarsPanel, KpiTrendPanel

SCREEN = ScreenSpec(
    "test",
    2,
    2,
    [
        PanelSpec("kpi_trend", 0, 0, settings={"kpi_id": "dvc-ontime-rate"}),
        PanelSpec("aq_bars", 0, 1),
        PanelSpec("incidents", 1, 0, col_span=2),
    ],
)


def test_outage_slowness_garbage_and_recovery(qapp: QApplication, tmp_path: Path) -> None:
    sim = Simulation()
    server = DemoHttpServer(sim).start()
    port = server.port
    services, shell = build_wall(
        one_screen(SCREEN),
        server.base_url,
        DEMO_TOKEN,
        tmp_path / "layouts",
        window_size=(1280, 720),
        intervals=PollIntervals(fast_s=0.3, slow_s=0.3, areas_s=5, call_timeout_s=3),
        timeouts=Timeouts(connect_s=0.5, read_s=1.0),
    )
    store, sync = services.store, services.sync
    window = shell.first_window()
    assert window is not None
    chart = shell.panels_of(KpiTrendPanel)[0]
    bars = shell.panels_of(AirQualityBarsPanel)[0]
    events = shell.event_lists()[0]
    meter = UiStallMeter()
    report: dict[str, float] = {}

    async def scenario() -> None:
        nonlocal server
        sync.start()
        await until(
            lambda: (
                store.link_status().link is Link.ONLINE
                and chart.updates > 0
                and bars.updates > 0
                and events.incidents.count() > 0
            ),
            10,
            "first data",
        )
        assert window.banner.isHidden()
        rows = events.incidents.count()

        # 1. backend dies: data stays, banner says so with the data's age
        server.stop()
        report["detect_outage_s"] = await until(
            lambda: store.link_status().link is Link.OFFLINE, 10, "offline"
        )
        await asyncio.sleep(1.2)
        window._on_tick()
        assert window.banner.isVisible()
        assert "Không kết nối được máy chủ từ" in window.banner.text()
        assert "giây" in window.banner.text()
        assert store.kpis and store.incidents and events.incidents.count() == rows
        assert "không kết nối được" in store.link_status().message

        # 2. backend back but slow: requests time out off the UI thread
        server = DemoHttpServer(sim, port).start()
        server.faults.delay_s = 2.5
        meter.samples.clear()
        await asyncio.sleep(3)
        assert store.link_status().link is not Link.ONLINE
        assert (
            "không trả lời" in store.link_status().message
            or "không kết nối được" in store.link_status().message
        )
        report["max_stall_slow_ms"] = max(s for _, s in meter.samples)

        # 3. garbage JSON: named in the banner
        server.faults.delay_s = 0
        server.faults.malformed = True
        await until(lambda: "JSON hỏng" in store.link_status().message, 5, "malformed")
        window._on_tick()
        assert "JSON hỏng" in window.banner.text()

        # 4. healthy again: recovers with no operator action
        server.faults.malformed = False
        before = chart.updates
        report["recover_s"] = await until(
            lambda: store.link_status().link is Link.ONLINE and chart.updates > before,
            10,
            "recovery",
        )
        window._on_tick()
        assert window.banner.isHidden()
        await sync.stop()

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        run_until_done(loop, scenario())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        close_wall(services, shell)
        server.stop()
    assert report["max_stall_slow_ms"] < 200, report
    assert report["recover_s"] < 5, report
