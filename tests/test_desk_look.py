"""The incident desk as a duty officer sees it on a 12-hour shift: rendered offscreen at
1400×900 (its window size) in Vietnamese and English, at the workstation's compact type and the
wall's large type, with an incident open. Nothing cut off, nothing outside the window, the
assignee field wide enough to type a unit's name. The PNGs are kept under the test's tmp dir
(IOC_SHOT_DIR keeps them elsewhere) for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from ioc_desktop import i18n
from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.paths import resources_dir
from ioc_desktop.store import Store
from widgets.incident_desk import IncidentDesk
from widgets.theme import apply_theme


@pytest.fixture(scope="module")
def province() -> Iterator[Store]:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0, hostile_reports=True))
    srv = DemoHttpServer(sim).start()
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    store = Store()
    store.set_areas(client.areas(), {})
    store.set_cameras(client.cameras())
    store.set_reports(client.reports())
    store.set_incidents(client.incidents())
    yield store
    client.close()
    srv.stop()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("density", ["compact", "wall"])
def test_the_desk_fits_its_window(
    qapp: QApplication, qtbot: Any, province: Store, tmp_path: Path, language: str, density: str
) -> None:
    before_font, before_sheet = qapp.font(), qapp.styleSheet()
    try:
        problem = i18n.install(language)  # English needs the .qm that ./scripts/setup.sh compiles
        assert problem is None, problem
        apply_theme(qapp, resources_dir() / "theme.qss", density=density)
        desk = IncidentDesk(province, lambda i, b: None, lambda a: None, lambda a: None)
        qtbot.addWidget(desk)
        desk.resize(1400, 900)
        desk.show()
        desk.open_incident(province.open_incidents()[0].id)
        QApplication.processEvents()
        shots = Path(os.environ.get("IOC_SHOT_DIR") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        assert desk.grab().save(str(shots / f"desk-{language}-{density}.png"))

        assert desk.size().width() == 1400 and desk.size().height() == 900
        assert desk.assignee.width() >= 240  # a unit's name fits (it was ~30 px)
        for w in desk.findChildren(QPushButton) + desk.findChildren(QLabel):
            if not w.isVisibleTo(desk) or not w.text():
                continue
            at = w.mapTo(desk, QPoint(0, 0))
            assert at.x() >= 0 and at.x() + w.width() <= desk.width(), w.text()
            assert at.y() >= 0 and at.y() + w.height() <= desk.height(), w.text()
            if isinstance(w, QPushButton):  # a button shows its whole label
                assert w.width() >= w.sizeHint().width(), (w.text(), w.width())
    finally:
        i18n.install("vi")
        qapp.setFont(before_font)
        qapp.setStyleSheet(before_sheet)
