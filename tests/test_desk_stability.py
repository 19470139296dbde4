"""Nothing the duty officer is looking at jumps when a poll comes (every few seconds): the
incident desk's list and the wall's incident and report lists keep their selection, their
scroll position and their items; no row moves under the pointer (the new order waits until it
leaves, or a bounded time); text of any length and any number of incidents stay inside the
window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.models import CitizenReport, Incident
from ioc_desktop.incidents.alerts import triage_order
from ioc_desktop.incidents.outbox import OutboxState
from ioc_desktop.incidents.queue import QueuedAction
from ioc_desktop.store import Store
from widgets.event_list import EventListPanel
from widgets.incident_desk import IncidentDesk

T0 = datetime(2026, 12, 1, 14, 0, tzinfo=timezone(timedelta(hours=7)))
KEY = Qt.ItemDataRole.UserRole


def incident(
    n: int, status: str = "acknowledged", severity: str = "medium", **extra: Any
) -> Incident:
    d: dict[str, Any] = {
        "id": f"INC-{n:05d}",
        "category": "traffic",
        "sub_category": "carAccident",
        "severity": severity,
        "status": status,
        "version": 1,
        "title": f"Sự cố số {n} tại Xã Mai Châu",
        "description": f"Sự cố số {n}.",
        "dateIssued": (T0 - timedelta(minutes=n)).isoformat(),
        "location": {"lat": 20.68, "lon": 105.07},
        "area_code": "x",
        "camera_ids": [],
        "sop": [
            {"id": f"s{k}", "order": k, "title_vi": f"Bước {k}", "state": "pending"}
            for k in (1, 2, 3)
        ],
        "history": [{"at": (T0 - timedelta(minutes=n)).isoformat(), "status": "new"}],
    }
    d.update(extra)
    return Incident.from_json(d)


def report(n: int, **extra: Any) -> CitizenReport:
    d: dict[str, Any] = {
        "service_request_id": f"PA-{n:05d}",
        "service_code": "flood",
        "service_name": "Ngập úng",
        "status": "open",
        "status_detail": "received",
        "description": f"Phản ánh số {n}",
        "lat": 21.3,
        "long": 105.4,
        "requested_datetime": (T0 - timedelta(minutes=n)).isoformat(),
    }
    d.update(extra)
    return CitizenReport.from_json(d)


def enter(widget: Any) -> None:
    p = QPointF(5, 5)
    QApplication.sendEvent(widget, QEnterEvent(p, p, p))


def leave(widget: Any) -> None:
    QApplication.sendEvent(widget, QEvent(QEvent.Type.Leave))


def keys(lst: Any) -> list[str]:
    return [lst.item(r).data(KEY) for r in range(lst.count())]


def row_of(lst: Any, key: str) -> Any:
    return next(lst.item(r) for r in range(lst.count()) if lst.item(r).data(KEY) == key)


def top_row(lst: Any) -> tuple[str, int]:
    item = lst.itemAt(QPoint(4, 1))
    return item.data(KEY), lst.visualItemRect(item).top()


@pytest.fixture
def desk(qtbot: Any) -> Iterator[IncidentDesk]:
    store = Store()
    store.set_incidents([incident(n) for n in range(1, 61)])
    d = IncidentDesk(store, OutboxState(), lambda i, b: None, lambda a: None, lambda a: None)
    qtbot.addWidget(d)
    d.resize(1400, 900)
    d.show()
    yield d


def test_a_poll_keeps_the_selection_the_scroll_and_the_items(desk: IncidentDesk) -> None:
    lst = desk.list
    lst.setCurrentRow(30)
    picked = lst.currentItem()
    assert desk.current_id == picked.data(KEY)
    bar = lst.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before_top = top_row(lst)
    timeline_item = desk.notes.item(0)
    # the next poll: a new critical incident goes to the top, another one moves down
    incs = list(desk.store.incidents)
    incs[5] = incident(6, status="in_progress", version=2)
    desk.store.set_incidents([incident(999, status="new", severity="critical"), *incs])
    assert keys(lst)[0] == "INC-00999"  # the pointer is elsewhere: the order is applied
    assert lst.currentItem() is picked  # the same item, still current
    assert desk.current_id == picked.data(KEY)
    assert top_row(lst) == before_top  # the row at the top of the view has not moved
    assert lst.item(0).font().bold()  # the arrival is marked
    assert not row_of(lst, "INC-00006").font().bold()  # a change is not an arrival
    assert desk.notes.item(0) is timeline_item  # the open incident did not change: untouched


def test_rows_hold_still_under_the_pointer(desk: IncidentDesk, qtbot: Any) -> None:
    lst = desk.list
    enter(lst)
    before = keys(lst)
    first = lst.item(0)
    incs = list(desk.store.incidents)
    incs[0] = incident(1, status="new", severity="critical", version=2)  # would go to the top
    gone = incs.pop(10)  # resolved elsewhere: leaves the open list
    arrival = incident(999, status="new", severity="critical")
    desk.store.set_incidents([arrival, *incs])
    assert keys(lst)[: len(before)] == before  # nothing shown has moved
    assert keys(lst)[-1] == arrival.id and lst.item(lst.count() - 1).font().bold()
    assert row_of(lst, gone.id).font().italic()  # greyed until the order is applied
    assert lst.item(0) is first
    leave(lst)  # the pointer goes: the triage order is applied at once
    assert keys(lst) == [i.id for i in triage_order([*incs, arrival])]

    # a pointer left resting on the list holds the order for a bounded time only
    lst._hold.setInterval(200)
    enter(lst)
    incs[3] = incident(4, status="new", severity="high", version=2)
    desk.store.set_incidents([arrival, *incs])
    want = [i.id for i in triage_order([arrival, *incs])]
    assert keys(lst) != want  # held
    qtbot.waitUntil(lambda: keys(lst) == want, timeout=3000)
    assert lst.hovered  # still over the list, yet the order came


def test_the_wall_lists_keep_their_selection_and_hold_still(qtbot: Any) -> None:
    store = Store()
    store.set_incidents([incident(n, status="new") for n in range(1, 8)])
    store.set_reports([report(n) for n in range(1, 8)])
    panel = EventListPanel(store)
    qtbot.addWidget(panel)
    panel.resize(500, 700)
    panel.show()
    panel.reports.setCurrentRow(2)
    picked = panel.reports.currentItem()
    key = picked.data(KEY)
    store.set_reports([report(0), *store.reports])  # a newer report arrives
    assert panel.reports.currentItem() is picked and picked.data(KEY) == key
    assert keys(panel.reports)[0] == "PA-00000" and panel.reports.item(0).font().bold()
    enter(panel.incidents)
    before = keys(panel.incidents)
    store.set_incidents([incident(0, status="new"), *store.incidents])  # newest: the top
    assert keys(panel.incidents)[: len(before)] == before
    leave(panel.incidents)
    assert keys(panel.incidents)[0] == "INC-00000"


def test_an_sop_tick_on_its_way_stays_ticked(desk: IncidentDesk) -> None:
    """Offline, a tick waits in the outbox: it used to untick itself at the next refresh."""
    inc = desk.store.incidents[0]
    desk.open_incident(inc.id)

    def submit(i: Incident, body: dict[str, Any]) -> None:
        queued = QueuedAction(1, "a1", i.id, i.version, None, body, "pending", "", None, None, 0.0)
        desk.unsent.set([queued], "máy chủ không trả lời")

    desk.submit = submit
    desk.sop.item(1).setCheckState(Qt.CheckState.Checked)
    desk.store.set_incidents(list(reversed(desk.store.incidents)))  # the next poll
    assert desk.sop.item(1).checkState() == Qt.CheckState.Checked
    assert "đang gửi" in desk.sop.item(1).text()
    assert desk.sop.item(0).checkState() == Qt.CheckState.Unchecked


def test_long_text_wraps_inside_the_window(qtbot: Any) -> None:
    """Titles of hundreds of characters (with and without spaces), a long description,
    assignee and camera names: the desk keeps its size, the rows stay bounded."""
    store = Store()
    word = "Ngập" + "x" * 600
    long = dict(
        title="Cháy lớn " * 80,
        description="Rất dài. " * 800,
        assignee="Đội " * 100,
        camera_ids=[f"cam-{k}" for k in range(9)],
    )
    store.set_incidents([incident(1, **long), incident(2, title=word, description=word)])
    store.set_reports([report(1, description=word), report(2, description="Dài " * 400)])
    desk = IncidentDesk(store, OutboxState(), lambda i, b: None, lambda a: None, lambda a: None)
    qtbot.addWidget(desk)
    desk.resize(1000, 700)
    desk.show()
    boxes = []
    for inc_id in ("INC-00002", "INC-00001"):
        desk.open_incident(inc_id)
        QApplication.processEvents()
        hint = desk.minimumSizeHint()
        assert hint.width() <= 1000 and hint.height() <= 700, (inc_id, hint)
        assert desk.size().width() == 1000 and desk.size().height() == 700
        boxes.append(desk.description.parentWidget().height())
    assert max(boxes) < 200  # the description scrolls inside a few lines
    for r in range(desk.list.count()):
        assert len(desk.list.item(r).text()) < 260
    panel = EventListPanel(store)
    qtbot.addWidget(panel)
    for lst in (panel.incidents, panel.reports):
        for r in range(lst.count()):
            assert len(lst.item(r).text()) < 260


def test_lists_are_bounded(qtbot: Any) -> None:
    store = Store()
    MAX_ROWS = 300  # widgets.incident_desk.MAX_ROWS
    store.set_incidents([incident(n, status="new") for n in range(1, MAX_ROWS + 101)])
    desk = IncidentDesk(store, OutboxState(), lambda i, b: None, lambda a: None, lambda a: None)
    qtbot.addWidget(desk)
    assert desk.list.count() == MAX_ROWS + 1
    last = desk.list.item(MAX_ROWS)
    assert "100" in last.text() and not last.flags() & Qt.ItemFlag.ItemIsSelectable
    panel = EventListPanel(store)
    qtbot.addWidget(panel)
    assert panel.incidents.count() == EventListPanel.MAX_INCIDENTS + 1
    assert panel.subtitle.text() == str(MAX_ROWS + 100)  # the count is still the whole
