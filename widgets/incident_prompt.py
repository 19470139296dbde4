"""The question "a new incident: switch the wall to its layout?" as a bar in the wall window,
between the title and the screens.

It used to be a borderless message box popping over the video, about twice a minute on the
demo, piling up. A bar takes its place in the window's layout, so it never covers a camera's
picture and never leaves its monitor; it asks about one incident at a time (the policy in
ioc_desktop/layout/incident_policy.py picks which) and says how many more are waiting.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ioc_desktop.backend.models import Incident
from ioc_desktop.i18n import translate
from widgets.elided_label import ElidedLabel
from widgets.incident_text import severity_text
from widgets.theme import SEVERITY_COLORS


class IncidentPromptBar(QFrame):
    sig_answer = Signal(bool)
    """The operator answered the incident shown: True to put it on the wall, False: later."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IncidentPrompt")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        self.severity = QLabel("")
        self.severity.setObjectName("PromptSeverity")
        self.text = ElidedLabel("")
        self.text.setObjectName("PromptText")
        self.waiting = QLabel("")
        self.waiting.setObjectName("PromptWaiting")
        self.yes = QPushButton(translate("incident_prompt", "Chuyển tường"))
        self.no = QPushButton(translate("incident_prompt", "Để sau"))
        self.yes.clicked.connect(lambda: self.sig_answer.emit(True))
        self.no.clicked.connect(lambda: self.sig_answer.emit(False))
        row.addWidget(self.severity)
        row.addWidget(self.text, 1)
        row.addWidget(self.waiting)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self.incident_id = ""
        self.hide()

    def ask(self, incident: Incident | None, layout_title: str, waiting: int) -> None:
        """Show the question about `incident` (None: nothing to ask, the bar goes)."""
        if incident is None:
            self.incident_id = ""
            self.hide()
            return
        self.incident_id = incident.id
        color = SEVERITY_COLORS.get(incident.severity, SEVERITY_COLORS["medium"])
        self.setStyleSheet(f"QFrame#IncidentPrompt {{ border: 3px solid {color}; }}")
        self.severity.setText(severity_text(incident.severity))
        self.severity.setStyleSheet(f"color: {color}; font-weight: bold;")
        self.text.setText(
            translate(
                "incident_prompt", "Sự cố mới: {title} — chuyển tường sang bố cục '{layout}'?"
            ).format(title=incident.title, layout=layout_title)
        )
        self.waiting.setText(
            (
                translate("incident_prompt", "còn 1 sự cố chờ")
                if waiting == 1
                else translate("incident_prompt", "còn {count} sự cố chờ").format(count=waiting)
            )
            if waiting
            else ""
        )
        self.show()
