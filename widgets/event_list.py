"""Open incidents and citizen reports, newest first, as plain text (never rich text).

QListWidget items render plain text, so markup typed into a citizen report shows literally.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from ioc_desktop.i18n import translate
from ioc_desktop.store import Store
from widgets.incident_text import report_status_text, severity_text, status_text
from widgets.panel_frame import PanelFrame
from widgets.theme import SEVERITY_COLORS


class EventListPanel(PanelFrame):
    MAX_REPORTS = 50

    def __init__(self, store: Store, parent: QWidget | None = None, *, show: str = "both") -> None:
        """show: "both" (incidents over reports), "incidents" or "reports" (a report feed)."""
        reports_title = translate("event_list", "Phản ánh hiện trường")
        super().__init__(
            reports_title if show == "reports" else translate("event_list", "Sự cố đang mở"), parent
        )
        self.store = store
        self.incidents = QListWidget()
        self.incidents.setWordWrap(True)
        self.incidents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reports_title = QLabel(reports_title)
        self.reports_title.setObjectName("PanelTitle")
        self.reports = QListWidget()
        self.reports.setWordWrap(True)
        self.reports.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.addWidget(self.incidents, 3)
        self.body.addWidget(self.reports_title)
        self.body.addWidget(self.reports, 2)
        self.incidents.setVisible(show != "reports")
        self.reports_title.setVisible(show == "both")
        self.reports.setVisible(show != "incidents")
        store.sig_incidents_changed.connect(self._on_incidents_changed)
        store.sig_reports_changed.connect(self._on_reports_changed)
        self._on_incidents_changed()
        self._on_reports_changed()

    def _on_incidents_changed(self) -> None:
        items = self.store.open_incidents()
        self.incidents.clear()
        for inc in items:
            sev = severity_text(inc.severity)
            when = inc.date_issued.astimezone().strftime("%H:%M")
            text = f"● {inc.title}\n   {when} · {sev} · {status_text(inc.status)}"
            item = QListWidgetItem(text)
            item.setForeground(QBrush(QColor(SEVERITY_COLORS.get(inc.severity, "#f2f2f7"))))
            item.setToolTip(inc.description)
            self.incidents.addItem(item)
        self.subtitle.setText(str(len(items)))

    def _on_reports_changed(self) -> None:
        self.reports.clear()
        reports = self.store.reports_newest_first()
        for r in reports[: self.MAX_REPORTS]:
            when = r.requested_datetime.astimezone().strftime("%H:%M %d/%m")
            status = report_status_text(r.status_detail)
            item = QListWidgetItem(f"{r.service_name}: {r.description}\n   {when} · {status}")
            self.reports.addItem(item)
        self.reports_title.setText(
            translate("event_list", "Phản ánh hiện trường ({count})").format(count=len(reports))
        )
        if not self.reports_title.isVisibleTo(self):  # a report feed: the count in the header
            self.subtitle.setText(str(len(reports)) if not self.incidents.isVisibleTo(self) else "")
