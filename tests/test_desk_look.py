"""The incident desk as a duty officer sees it on a 12-hour shift: rendered offscreen at
1400×900 (its window size) in Vietnamese and English, at the workstation's compact type and
the wall's large type, with an incident worked on for a while open. Nothing cut off or
overlapping, the window keeps its size, the assignee field is wide enough for a unit's name.
The PNGs are kept under the test's tmp dir (IOC_SHOT_DIR: elsewhere) for a person to see."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QWidget

from ioc_desktop import i18n
from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.incidents.queue import ActionQueue
from ioc_desktop.paths import resources_dir
from tests.test_incident_desk import desk_on
from widgets.incident_desk import IncidentDesk
from widgets.theme import apply_theme


@pytest.fixture
def backend() -> Iterator[BackendClient]:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0, hostile_reports=True))
    srv = DemoHttpServer(sim).start()
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    yield client
    client.close()
    srv.stop()


def busy_desk(client: BackendClient, outbox: Path) -> tuple[IncidentDesk, ActionQueue]:
    """An incident worked on for a while: acknowledged, assigned, a step ticked, a note, and
    an action refused because someone else moved it on first (the outbox shows)."""
    desk, queue = desk_on(client, outbox)
    store = desk.store
    desk.resize(1400, 900)
    desk.show()
    desk.open_incident(store.open_incidents()[0].id)
    desk.buttons["acknowledge"].click()
    desk.assignee.setText("Đội CSGT số 2 – Công an tỉnh Phú Thọ")
    desk.buttons["assign"].click()
    desk.sop.item(0).setCheckState(Qt.CheckState.Checked)
    desk.note_edit.setText("Đã gọi 115, xe cứu thương đang tới hiện trường")
    desk._add_note()
    inc = desk.current()
    assert inc is not None
    client.act_on_incident(inc.id, inc.version, {"action": "start", "client_action_id": "x"})
    desk.buttons["start"].click()
    assert desk.outbox.count() == 1
    return desk, queue


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("density", ["compact", "wall"])
def test_the_desk_fits_its_window(
    qapp: QApplication,
    qtbot: Any,
    backend: BackendClient,
    tmp_path: Path,
    language: str,
    density: str,
) -> None:
    before_font, before_sheet = qapp.font(), qapp.styleSheet()
    try:
        problem = i18n.install(language)  # English needs the .qm that ./scripts/setup.sh compiles
        assert problem is None, problem
        apply_theme(qapp, resources_dir() / "theme.qss", density=density)
        desk, queue = busy_desk(backend, tmp_path / "outbox.sqlite")
        qtbot.addWidget(desk)
        qtbot.wait(50)  # layout requests travel up the scroll area in turns of the loop
        shots = Path(os.environ.get("IOC_SHOT_DIR") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        assert desk.grab().save(str(shots / f"desk-{language}-{density}.png"))

        assert desk.size().width() == 1400 and desk.size().height() == 900  # never grows
        assert desk.assignee.width() >= 240  # a unit's name fits (it was ~30 px)
        for w in desk.findChildren(QPushButton) + desk.findChildren(QLabel):
            if not w.isVisibleTo(desk) or not w.text() or not w.visibleRegion().boundingRect():
                continue
            at = w.mapTo(desk, QPoint(0, 0))
            assert at.x() >= 0 and at.x() + w.width() <= desk.width(), w.text()
            if isinstance(w, QPushButton):  # a button shows its whole label
                assert w.width() >= w.sizeHint().width(), (w.text(), w.width())
        # the incident's parts never squeeze over one another (they scroll instead)
        parts = [w for w in desk.detail.children() if isinstance(w, QWidget) and w.isVisible()]
        for a, b in itertools.combinations(parts, 2):
            assert not a.geometry().intersects(b.geometry()), (a, b)
        if density == "compact":  # the workstation sees the whole incident, refusal included
            scroll = desk.detail.parentWidget().parentWidget()
            assert isinstance(scroll, QScrollArea)
            assert scroll.verticalScrollBar().maximum() == 0
            assert not desk.outbox.visibleRegion().isEmpty()
        queue.close()
    finally:
        i18n.install("vi")
        qapp.setFont(before_font)
        qapp.setStyleSheet(before_sheet)
