"""The wall shell built from the services, as the app builds it: the new-incident question
is a bar inside the wall window (one at a time, the queue counted, never over a picture),
a workstation putting an incident "on the wall" pushes it and says what happened where, and
an unexpected exception is logged and told, never the end of the wall. Real demo backend on
loopback, offscreen Qt, a layout without video or map (their own tests run under Xvfb)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.models import Incident
from ioc_desktop.config import Settings
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.errors import UnexpectedErrors
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec
from ioc_desktop.paths import layouts_dir
from ioc_desktop.services import Services
from widgets.shell import WallShell

LISTS = Layout(
    "lists",
    "Danh sách",
    [ScreenSpec("main", 1, 2, [PanelSpec("incidents", 0, 0), PanelSpec("reports", 0, 1)])],
)


@pytest.fixture(scope="module")
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation(SimConfig(auto_progress=False, incident_rate=0.0))).start()
    yield srv
    srv.stop()


def build(
    server: DemoHttpServer, tmp_path: Path, role: str, **extra: Any
) -> tuple[Services, WallShell]:
    settings = Settings(
        backend_url=server.base_url, token=DEMO_TOKEN, role=role, incident_layout="ask"
    )
    for k, v in extra.items():
        setattr(settings, k, v)
    app = QApplication.instance()
    assert app is not None
    # the shipped traffic layout, in a user's copy without its map (maps: tests under Xvfb)
    user = tmp_path / "layouts"
    user.mkdir(exist_ok=True)
    traffic = json.loads((layouts_dir() / "traffic-incident.json").read_text("utf-8"))
    for screen in traffic["screens"]:
        screen["panels"] = [p for p in screen["panels"] if p["kind"] != "map"]
    (user / "traffic-incident.json").write_text(json.dumps(traffic), "utf-8")
    library = LayoutLibrary(layouts_dir(), user)
    services = Services.build(settings, app, library=library, layout=LISTS)
    shell = WallShell(services, window_size=(960, 540) if role == "workstation" else None)
    return services, shell


def close(services: Services, shell: WallShell) -> None:
    shell.close()
    QApplication.processEvents()
    services.close()


def new_incident(base: Incident, n: int, severity: str) -> Incident:
    return replace(
        base,
        id=f"new-{n}",
        status="new",
        severity=severity,
        category="traffic",
        sub_category="carAccident",
        title=f"Tai nạn giao thông số {n} tại Xã Thanh Thuỷ " * 3,
    )


def test_a_new_incident_asks_inside_the_wall_window_one_at_a_time(
    qapp: QApplication, server: DemoHttpServer, tmp_path: Path
) -> None:
    services, shell = build(server, tmp_path, "wall")
    try:
        store = services.store
        base = services.client.incidents()[0]
        store.set_incidents([base])  # the first list: history
        store.set_incidents([new_incident(base, 1, "high"), new_incident(base, 2, "low")])
        win = shell.first_window()
        assert win is not None
        QApplication.processEvents()
        bar = shell.prompt
        assert bar.isVisible() and bar.window() is win
        assert bar.incident_id == "new-1" and bar.waiting.text() == ""  # low is not asked
        store.set_incidents(
            [new_incident(base, n, "high") for n in (1, 3, 4)] + [new_incident(base, 2, "low")]
        )
        QApplication.processEvents()
        assert bar.incident_id == "new-1" and "2" in bar.waiting.text()
        # inside the window's layout: it never covers a panel, and the window keeps its frame
        grids = [g for g in win.grids.values()]
        top = bar.mapTo(win, bar.rect().bottomLeft()).y()
        assert all(g.mapTo(win, g.rect().topLeft()).y() > top for g in grids)
        assert win.geometry() == win.screen().geometry()
        bar.yes.click()
        assert services.session.incident_id == "new-1"
        assert bar.incident_id == "new-3"  # the next question comes up
        bar.no.click()
        assert bar.incident_id == "new-4"
    finally:
        close(services, shell)


def test_workstation_on_the_wall_pushes_and_says_where(
    qapp: QApplication, server: DemoHttpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services, shell = build(server, tmp_path, "workstation")
    pushed: list[str] = []
    monkeypatch.setattr(services.link, "push_soon", lambda: pushed.append("push"))
    try:
        base = services.client.incidents()[0]
        services.store.set_incidents([new_incident(base, 9, "high")])
        assert shell.show_incident_on_wall("new-9", asked=True)
        assert pushed == ["push"]
        said = shell.control.statusBar().currentMessage()
        assert "Máy này" in said and "Tường màn hình" in said, said
        assert services.session.incident_id == "new-9"
        # what this console does to an incident is signed by the one who holds its lease
        assert services.outbox.author == services.link.holder != "trực ban"
    finally:
        close(services, shell)


def test_an_unexpected_exception_is_logged_and_told_and_the_wall_goes_on(
    qapp: QApplication,
    server: DemoHttpServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    errors = UnexpectedErrors()
    errors.install()
    services, shell = build(server, tmp_path, "wall")
    errors.sig_error.connect(shell.say)
    caplog.set_level(logging.ERROR, logger="ioc_desktop.errors")

    def broken_slot() -> None:
        raise ValueError("hỏng trong một khe Qt")

    try:
        for _ in range(3):
            QTimer.singleShot(0, broken_slot)
            QApplication.processEvents()
        assert errors.count == 3
        assert sum("Traceback" in r.getMessage() for r in caplog.records) == 3
        win = shell.first_window()
        assert win is not None
        said = win.statusBar().currentMessage()
        assert "ValueError" in said and "vẫn chạy" in said
        assert win.isVisible()
    finally:
        errors.uninstall()
        close(services, shell)


def test_a_wall_of_four_monitors_opens_the_four_monitor_overview(tmp_path: Path) -> None:
    from ioc_desktop.services import choose_first_layout

    library = LayoutLibrary(layouts_dir(), tmp_path / "layouts")
    pick = {n: choose_first_layout(library, "", monitors=n)[0] for n in (1, 2, 4, 16)}
    assert {n: (lay.name if lay else None) for n, lay in pick.items()} == {
        1: "overview",
        2: "overview",
        4: "overview-4",
        16: "overview-4",
    }
    library.set_default("traffic-incident")  # the operator's choice wins
    chosen, problem = choose_first_layout(library, "", monitors=4)
    assert chosen is not None and chosen.name == "traffic-incident" and problem is None


def test_every_panel_kind_has_its_widget_and_no_widget_lacks_a_kind(qapp: QApplication) -> None:
    """One table of kinds in the core (schema, polling), one table of widgets: in step."""
    from ioc_desktop.layout.kinds import KINDS
    from ioc_desktop.store import Store
    from widgets.panels import PanelFactory

    factory = PanelFactory(Store(), None, None)  # type: ignore[arg-type]  # makers only
    assert set(factory.makers) == set(KINDS)


def test_the_question_moves_to_another_window_when_its_monitor_goes(
    qapp: QApplication,
    server: DemoHttpServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bar lived in the top-left window; unplugging that monitor deleted the bar with
    its window, and the next question hit a deleted object."""
    from PySide6.QtGui import QGuiApplication

    services, shell = build(server, tmp_path, "wall")
    try:
        base = services.client.incidents()[0]
        services.store.set_incidents([base])
        services.store.set_incidents([base, new_incident(base, 1, "critical")])
        first = shell.first_window()
        assert first is not None and shell.prompt.window() is first
        screens = QGuiApplication.screens()
        gone = first.screen()
        monkeypatch.setattr(
            shell.manager, "qscreens", lambda: [s for s in screens if s is not gone]
        )
        shell.manager.refresh()
        QApplication.processEvents()
        services.store.set_incidents(
            [base, new_incident(base, 1, "critical"), new_incident(base, 2, "high")]
        )
        now_first = shell.first_window()
        assert now_first is not None and now_first is not first
        assert shell.prompt.window() is now_first and shell.prompt.isVisible()
        assert shell.prompt.incident_id == "new-1" and "1" in shell.prompt.waiting.text()
    finally:
        close(services, shell)


def test_a_broken_answer_is_named_in_diagnostics_and_the_selftest(
    server: DemoHttpServer, tmp_path: Path, qapp: QApplication
) -> None:
    from ioc_desktop.backend.client import BackendBadResponse
    from widgets.shell import diagnostics_text

    services, shell = build(server, tmp_path, "wall")
    good = server.sim.cameras
    try:
        probe = shell.selftest_probes().extra["contract_breaks"]
        assert "contract: kept" in diagnostics_text(services, None, None)
        server.sim.cameras = [{"id": "cam-x"}]  # the camera list breaks the contract
        with pytest.raises(BackendBadResponse):
            services.client.cameras()
        assert "GET /api/v1/cameras" in probe()
        report = diagnostics_text(services, None, None)
        assert "contract: GET /api/v1/cameras: answer:" in report
        assert "'name' is a required property" in report
        server.sim.cameras = good
        services.client.cameras()
        assert probe() == {}
    finally:
        server.sim.cameras = good
        close(services, shell)


def test_the_journal_button_opens_the_walls_journal(
    server: DemoHttpServer, tmp_path: Path, qapp: QApplication
) -> None:
    import asyncio

    services, shell = build(server, tmp_path, "workstation")
    try:
        c = services.client
        lease = c.take_wall_lease("An", "TRUC-01").lease_id
        c.put_wall_state("flood-storm", None, "An", c.wall_state().version, lease)
        c.release_wall_lease(lease or "")
        asyncio.run(shell._open_journal())
        assert shell.journal is not None and shell.journal.table.rowCount() >= 1
        assert shell.journal.table.item(shell.journal.table.rowCount() - 1, 1).text() == "An"
        shell.journal.close()
    finally:
        close(services, shell)


def test_closing_the_services_lets_every_thread_go_even_without_stop(
    qapp: QApplication, server: DemoHttpServer, tmp_path: Path
) -> None:
    """close() after a loop that never ran stop() (it ended, or a test never ran it): the
    backend's, outbox's and links' threads go too, and the engine's second shutdown (the
    test's own teardown) does nothing."""
    import threading

    def ours() -> set[str]:
        prefixes = ("backend", "outbox", "wall-link", "station-link", "libvlc", "first")
        return {t.name for t in threading.enumerate() if t.name.startswith(prefixes)}

    before = ours()
    services, shell = build(server, tmp_path, "workstation")
    assert ours() - before  # the services' own threads run
    close(services, shell)
    deadline = time.monotonic() + 5
    while ours() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ours() - before == set()
    services.engine.shutdown()  # once more: nothing (a second release would crash libVLC)
