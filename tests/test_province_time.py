"""The province's time on every list, the desk and the charts, whatever zone the PC is set to.

A wall PC set to UTC showed an incident the backend stamped 14:12+07:00 as 07:12 in the lists,
beside its own text saying "Phát hiện lúc 14:12". Each case runs the widgets in a fresh Python
with TZ set from the start (Qt and libc read the zone once), and reads what they show.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

PROBE = r"""
import json
from datetime import datetime, timedelta, timezone

from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.models import CitizenReport, Incident, KpiSeries
from ioc_desktop.store import Store
from widgets.event_list import EventListPanel
from ioc_desktop.incidents.outbox import OutboxState
from widgets.incident_desk import IncidentDesk
from widgets.kpi_panels import HoverReadout, _plot, series_curve

app = QApplication([])
at = "2026-12-01T14:12:00+07:00"
inc = Incident.from_json({
    "id": "INC-1", "category": "traffic", "sub_category": "carAccident", "severity": "high",
    "status": "new", "version": 1, "title": "Tai nạn tại Xã Mai Châu",
    "description": "Tai nạn. Phát hiện lúc 14:12.", "dateIssued": at,
    "location": {"lat": 20.68, "lon": 105.07}, "area_code": "x", "camera_ids": [],
    "history": [{"at": at, "status": "new"}],
    "notes": [{"at": "2026-12-01T07:30:00+00:00", "author": "Trực ban", "text": "Đã gọi 115"}],
})
report = CitizenReport.from_json({
    "service_request_id": "PA-1", "service_code": "flood", "service_name": "Ngập úng",
    "status": "open", "status_detail": "received", "description": "Ngập sâu 40cm",
    "lat": 21.3, "long": 105.4, "requested_datetime": at,
})
store = Store()
store.set_incidents([inc])
store.set_reports([report])
desk = IncidentDesk(store, OutboxState(), lambda i, b: None, lambda a: None, lambda a: None)
desk.open_incident("INC-1")
events = EventListPanel(store)
plot = _plot(time_axis=True)
curve = series_curve(plot, "#fff")
t0 = datetime(2026, 12, 1, 14, 12, tzinfo=timezone(timedelta(hours=7))).timestamp()
curve.setData([t0 - 60, t0, t0 + 60], [1.0, 2.0, 3.0])
axis = plot.getAxis("bottom")
plot.resize(800, 300)
plot.setXRange(t0 - 1800, t0 + 1800, padding=0)
plot.grab()  # a paint: the axis measures its labels' font there
levels = axis.tickValues(t0 - 1800, t0 + 1800, 600)
minute = min(spacing for spacing, _ in levels if spacing >= 60)
hover = HoverReadout(plot, curve, lambda: "vụ")
zone = getattr(desk, "zone_label", None)
print(json.dumps({
    "desk_row": desk.list.item(0).text(),
    "desk_tip": desk.list.item(0).toolTip(),
    "desk_meta": desk.meta.text(),
    "desk_zone": [zone.text(), zone.isVisibleTo(desk)] if zone else None,
    "desk_timeline": [desk.notes.item(r).text() for r in range(desk.notes.count())],
    "event_row": events.incidents.item(0).text(),
    "event_tip": events.incidents.item(0).toolTip(),
    "report_row": events.reports.item(0).text(),
    "report_tip": events.reports.item(0).toolTip(),
    "axis": axis.tickStrings([t0], 1.0, minute),
    "hover": hover.readout_at(t0)[2],
}))
"""


def shown_under(zone: str) -> dict[str, object]:
    env = dict(os.environ, TZ=zone, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    run = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr[-3000:]
    shown: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return shown


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_a_pc_in_another_zone_shows_the_provinces_time_and_says_so(zone: str) -> None:
    shown = shown_under(zone)
    for key in ("desk_row", "desk_tip", "desk_meta", "event_row", "event_tip", "report_row"):
        assert "14:12" in str(shown[key]), (key, shown[key])
    for key in ("desk_row", "desk_meta", "event_row", "report_row"):
        assert "07:12" not in str(shown[key]) and "02:12" not in str(shown[key]), shown[key]
    assert shown["desk_timeline"] == ["14:30 01/12 · Trực ban: Đã gọi 115", "14:12 01/12 · Mới"]
    assert shown["axis"] == ["14:12"]
    assert str(shown["hover"]).startswith("14:12:00 01/12/2026")
    # where a time could be doubted, the zone is named: the desk's header, tooltips, hover
    assert shown["desk_zone"] == ["Giờ GMT+7", True]
    for key in ("desk_tip", "desk_meta", "event_tip", "report_tip", "hover"):
        assert "GMT+7" in str(shown[key]), (key, shown[key])
    assert "GMT+7" not in str(shown["desk_row"])  # not on every row: the header says it


def test_a_pc_in_the_provinces_zone_needs_no_note() -> None:
    shown = shown_under("Asia/Ho_Chi_Minh")
    assert "14:12" in str(shown["desk_row"]) and shown["axis"] == ["14:12"]
    assert shown["desk_zone"][1] is False  # type: ignore[index]
    for key in ("desk_tip", "desk_meta", "event_tip", "report_tip", "hover"):
        assert "GMT" not in str(shown[key]), (key, shown[key])
