"""The incident desk on real data from the demo HTTP backend, headless (offscreen): filters,
triage order, flashing, alert once, actions handed to the outbox, refused actions shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.backend.models import Incident
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.incidents.outbox import OutboxState
from ioc_desktop.incidents.queue import ActionQueue
from ioc_desktop.incidents.sender import drain
from ioc_desktop.store import Store
from widgets.incident_desk import IncidentDesk


@pytest.fixture
def backend() -> Iterator[BackendClient]:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0, hostile_reports=True))
    srv = DemoHttpServer(sim).start()
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    yield client
    client.close()
    srv.stop()


def desk_on(client: BackendClient, outbox: Path) -> tuple[IncidentDesk, ActionQueue]:
    """A desk on the demo backend whose actions go through a real queue, sent at once (the
    outbox's loop is not running in these tests), with the backend's lists in its store."""
    store = Store()
    store.set_areas(client.areas(), {})
    store.set_cameras(client.cameras())
    store.set_reports(client.reports())
    queue = ActionQueue(outbox)
    unsent = OutboxState()

    def submit(inc: Incident, body: dict[str, Any]) -> None:
        queue.enqueue(inc.id, inc.version, body)
        result = drain(queue, client)
        store.merge_incidents(result.updated)
        unsent.set(queue.unsent(), result.offline)

    desk = IncidentDesk(store, unsent, submit, lambda a: None, lambda a: None)
    store.set_incidents(client.incidents())
    return desk, queue


@pytest.fixture
def desk(qtbot: Any, backend: BackendClient, tmp_path: Path) -> Iterator[IncidentDesk]:
    d, queue = desk_on(backend, tmp_path / "outbox.sqlite")
    qtbot.addWidget(d)
    d.submitted_queue = queue  # type: ignore[attr-defined]
    yield d
    queue.close()


def test_triage_order_and_filters(desk: IncidentDesk) -> None:
    shown = desk.visible_incidents()
    assert shown and all(
        i.status in {"new", "acknowledged", "assigned", "in_progress"} for i in shown
    )
    statuses = [i.status == "new" for i in shown]
    assert statuses == sorted(statuses, reverse=True)  # unacknowledged first
    target = shown[-1]
    desk.search.setText(target.id)
    assert [i.id for i in desk.visible_incidents()] == [target.id]
    assert desk.list.count() == 1
    desk.search.setText("")
    desk.severity_filter.setCurrentIndex(desk.severity_filter.findData(target.severity))
    assert {i.severity for i in desk.visible_incidents()} == {target.severity}
    desk.area_filter.setCurrentIndex(desk.area_filter.findData(target.area_code))
    assert {i.area_code for i in desk.visible_incidents()} == {target.area_code}


def test_alert_once_and_new_incidents_flash(desk: IncidentDesk, qtbot: Any) -> None:
    alerted = list(desk.alerted_now)
    assert alerted
    desk.store.set_incidents(list(reversed(desk.store.incidents)))  # the next poll
    assert desk.alerted_now == alerted  # no second alarm for the same incidents
    new_ids = {i.id for i in desk.store.incidents if i.status == "new"}
    items = [desk.list.item(r) for r in range(desk.list.count())]
    row = next(r for r, it in enumerate(items) if it.data(Qt.ItemDataRole.UserRole) in new_ids)
    colours = set()
    for _ in range(3):
        desk._on_flash()
        colours.add(desk.list.item(row).background().color().name())
    assert len(colours) == 2  # it blinks


def test_actions_follow_the_lifecycle_and_reach_the_backend(
    desk: IncidentDesk, backend: BackendClient
) -> None:
    inc = next(i for i in desk.visible_incidents() if i.status == "new")
    desk.open_incident(inc.id)
    enabled = {n for n, b in desk.buttons.items() if b.isEnabled()}
    assert enabled == {"acknowledge", "assign"}
    desk.buttons["acknowledge"].click()
    current = desk.current()
    assert current is not None and current.status == "acknowledged"
    desk.assignee.setText("")
    desk.buttons["assign"].click()  # refused locally: nobody named
    assert "phân công" in desk.status_line.text()
    item = desk.sop.item(0)
    item.setCheckState(Qt.CheckState.Checked)  # tick the first SOP step
    desk.note_edit.setText("Đã gọi 115")
    desk._add_note()
    now = next(i for i in backend.incidents() if i.id == inc.id)
    assert now.sop[0].state == "done" and now.notes[-1].text == "Đã gọi 115"
    assert desk.sop.item(0).checkState() == Qt.CheckState.Checked
    assert any("Đã gọi 115" in desk.notes.item(r).text() for r in range(desk.notes.count()))


def test_refused_action_is_shown_with_the_officers_choices(
    desk: IncidentDesk, backend: BackendClient
) -> None:
    inc = next(i for i in desk.visible_incidents() if i.status == "new")
    desk.open_incident(inc.id)
    # someone else acknowledges first; the desk still holds the old version
    backend.act_on_incident(inc.id, inc.version, {"action": "acknowledge", "client_action_id": "z"})
    desk.assignee.setText("Đội PCCC số 1")
    desk.buttons["assign"].click()
    assert desk.outbox.count() == 1
    assert "có người sửa trước" in desk.outbox.item(0).text()
    assert desk.retry_button.isEnabled() and desk.discard_button.isEnabled()


def test_hostile_text_is_plain(desk: IncidentDesk) -> None:
    assert desk.description.textFormat() == Qt.TextFormat.PlainText
    assert desk.title.textFormat() == Qt.TextFormat.PlainText


def test_wall_and_map_buttons_name_the_incident_and_its_place(
    desk: IncidentDesk, qtbot: Any
) -> None:
    walls: list[str] = []
    places: list[tuple[float, float]] = []
    desk.sig_show_on_wall.connect(walls.append)
    desk.sig_locate.connect(lambda lat, lon: places.append((lat, lon)))
    assert not desk.wall_button.isEnabled() and not desk.locate_button.isEnabled()
    inc = desk.store.open_incidents()[0]
    desk.open_incident(inc.id)
    qtbot.mouseClick(desk.wall_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(desk.locate_button, Qt.MouseButton.LeftButton)
    assert walls == [inc.id]
    assert places == [(inc.location[0], inc.location[1])]


def test_each_sop_step_says_who_and_when_and_the_timeline_lists_each_change(
    desk: IncidentDesk, backend: BackendClient
) -> None:
    import dataclasses
    import time

    from widgets.sop_list import META_ROLE

    inc = next(i for i in desk.visible_incidents() if i.status == "new" and len(i.sop) >= 2)
    desk.open_incident(inc.id)
    assert desk.sop.item(0).data(META_ROLE) == ""  # nobody changed it yet: no line
    before = time.time()
    desk.sop.item(0).setCheckState(Qt.CheckState.Checked)
    desk.sop.item(0).setCheckState(Qt.CheckState.Unchecked)
    sent = [a.body for a in desk.submitted_queue._select("1 ORDER BY seq", ())]  # type: ignore[attr-defined]
    assert [b["state"] for b in sent] == ["done", "pending"] and all("acted_at" in b for b in sent)
    now = next(i for i in backend.incidents() if i.id == inc.id)
    step = now.sop[0]
    assert step.updated_at is not None and step.updated_at.timestamp() >= before - 1
    meta = desk.sop.item(0).data(META_ROLE)
    assert meta.startswith("chưa làm · trực ban, ") and step.updated_at.strftime("%d/%m") in meta
    lines = [desk.notes.item(r).text() for r in range(desk.notes.count())]
    title = step.title_vi[:20]
    assert sum(f"Bước 1 ({title}" in ln and "(trực ban)" in ln for ln in lines) == 2
    assert any("đã xong" in ln and "Bước 1" in ln for ln in lines)
    # the incident's raising says who raised it (the backend's own: its sensors' rule)
    assert any(ln.endswith("Mới (system:sensors)") for ln in lines), lines
    # an older backend: a step done, without who or when, says so rather than nothing
    old = dataclasses.replace(
        now,
        id="INC-OLD",
        sop=(
            dataclasses.replace(step, state="done", updated_by=None, updated_at=None, changes=()),
        ),
    )
    desk.store.set_incidents([*desk.store.incidents, old])
    desk.open_incident("INC-OLD")
    assert desk.sop.item(0).data(META_ROLE) == "đã xong · không rõ người/thời điểm"
    desk.sop.resize(600, 300)
    assert desk.sop.sizeHintForRow(0) > desk.sop.fontMetrics().lineSpacing() * 1.6  # two lines
