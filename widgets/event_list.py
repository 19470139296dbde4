"""Open incidents and citizen reports, newest first, as plain text (never rich text).

QListWidget items render plain text, so markup typed into a citizen report shows literally;
tooltips are escaped (widgets/incident_text.plain_tooltip). Times are the province's, and the
tooltips say so where the PC's own zone differs. Both lists update in place and hold still
under the pointer (widgets/stable_list.py): a poll every few seconds used to clear and refill
them, throwing away the selection and the scroll position.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ioc_desktop.i18n import translate
from ioc_desktop.store import Store
from widgets.incident_text import (
    bounded,
    plain_tooltip,
    report_status_text,
    severity_text,
    shown_time,
    status_text,
)
from widgets.kpi_panels import format_number
from widgets.panel_frame import PanelFrame, PanelLabel
from widgets.stable_list import Row, StableList
from widgets.theme import SEVERITY_COLORS, TEXT


class EventListPanel(PanelFrame):
    MAX_INCIDENTS = 100
    MAX_REPORTS = 50

    def __init__(self, store: Store, parent: QWidget | None = None, *, show: str = "both") -> None:
        """show: "both" (incidents over reports), "incidents" or "reports" (a report feed)."""
        reports_title = translate("event_list", "Phản ánh hiện trường")
        super().__init__(
            reports_title if show == "reports" else translate("event_list", "Sự cố đang mở"), parent
        )
        self.store = store
        self.incidents = StableList(self.MAX_INCIDENTS)
        # the reports' own heading: its words end in "…" where the column is narrow, the
        # count never does (a province's "(4976" lost its bracket and read as a number cut)
        self.reports_title = QWidget()
        heading = QHBoxLayout(self.reports_title)
        heading.setContentsMargins(0, 0, 0, 0)
        self.reports_name = PanelLabel(reports_title)
        self.reports_name.setObjectName("PanelTitle")
        self.reports_count = QLabel("")
        self.reports_count.setObjectName("PanelTitle")
        heading.addWidget(self.reports_name, 1)
        heading.addWidget(self.reports_count)
        self.reports = StableList(self.MAX_REPORTS)
        self.body.addWidget(self.incidents, 3)
        self.body.addWidget(self.reports_title)
        self.body.addWidget(self.reports, 2)
        self.incidents.setVisible(show != "reports")
        self.reports_title.setVisible(show == "both")
        self.reports.setVisible(show != "incidents")
        self._known_incidents: set[str] | None = None  # None before the first load
        self._known_reports: set[str] | None = None
        store.sig_incidents_changed.connect(self._on_incidents_changed)
        store.sig_reports_changed.connect(self._on_reports_changed)
        self._on_incidents_changed()
        self._on_reports_changed()

    def _on_incidents_changed(self) -> None:
        items = self.store.open_incidents()
        ids = {i.id for i in self.store.incidents}
        self._known_incidents = self._arrivals(self.incidents, self._known_incidents, ids)
        found = translate("event_list", "Phát hiện lúc {time}")
        rows = []
        for inc in items[: self.MAX_INCIDENTS]:
            sev = severity_text(inc.severity)
            when = shown_time(inc.date_issued, "%H:%M")
            color = SEVERITY_COLORS.get(inc.severity, TEXT)
            text = f"{bounded(inc.title, 140)}\n{when} · {sev} · {status_text(inc.status)}"
            full_time = shown_time(inc.date_issued, "%H:%M %d/%m/%Y", with_zone=True)
            tip = f"{bounded(inc.description, 600)}\n{found.format(time=full_time)}"
            rows.append(Row(inc.id, text, color, plain_tooltip(tip), swatch=color))
        self.incidents.set_rows(rows, self._more(len(items) - self.MAX_INCIDENTS))
        self.subtitle.setText(str(len(items)))

    def _on_reports_changed(self) -> None:
        reports = self.store.reports_newest_first()
        ids = {r.service_request_id for r in reports}
        self._known_reports = self._arrivals(self.reports, self._known_reports, ids)
        sent = translate("event_list", "Gửi lúc {time}")
        rows = []
        for r in reports[: self.MAX_REPORTS]:
            when = shown_time(r.requested_datetime, "%H:%M %d/%m")
            status = report_status_text(r.status_detail)
            text = f"{bounded(r.service_name, 60)}: {bounded(r.description, 160)}"
            full_time = shown_time(r.requested_datetime, "%H:%M %d/%m/%Y", with_zone=True)
            tip = f"{bounded(r.description, 600)}\n{sent.format(time=full_time)}"
            rows.append(
                Row(r.service_request_id, f"{text}\n{when} · {status}", tooltip=plain_tooltip(tip))
            )
        left = len(reports) - self.MAX_REPORTS
        more = (
            translate("event_list", "… và {count} phản ánh cũ hơn").format(count=left)
            if left > 0
            else ""
        )
        self.reports.set_rows(rows, more)
        count = format_number(len(reports), 0)
        self.reports_count.setText(count)
        if not self.reports_title.isVisibleTo(self):  # a report feed: the count in the header
            self.subtitle.setText(count if not self.incidents.isVisibleTo(self) else "")

    @staticmethod
    def _arrivals(view: StableList, known: set[str] | None, ids: set[str]) -> set[str] | None:
        """Marks what is new to the store since the last update (not at the first load);
        returns the ids known from now on."""
        if known is not None:
            view.mark_arrivals(sorted(ids - known))
        return None if known is None and not ids else ids

    @staticmethod
    def _more(left_off: int) -> str:
        if left_off <= 0:
            return ""
        if left_off == 1:
            return translate("event_list", "… và 1 sự cố khác")
        return translate("event_list", "… và {count} sự cố khác").format(count=left_off)
