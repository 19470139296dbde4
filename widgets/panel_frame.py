"""The frame every wall panel shares: a title row with an optional status pill, then content."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from widgets.theme import STATUS_COLORS


class PanelFrame(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        # the layout's grid decides the size, never a long title or a big number: panels
        # must not push their neighbours off a wall screen
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(80, 60)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 6)
        outer.setSpacing(4)
        self.header = header = QHBoxLayout()
        header.setSpacing(8)
        self.title = QLabel(title)
        self.title.setObjectName("PanelTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("PanelSubtitle")
        self.pill = QLabel("")
        self.pill.setObjectName("StatusPill")
        self.pill.hide()
        self._pill_state = ("", "")
        header.addWidget(self.title, 1)
        header.addWidget(self.subtitle)
        header.addWidget(self.pill)
        outer.addLayout(header)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.body, 1)

    def set_pill(self, text: str, status: str) -> None:
        if self.pill.isVisible() and (text, status) == self._pill_state:
            return  # restyling costs a style pass: a 36-tile wall ticks every second
        self._pill_state = (text, status)
        color = STATUS_COLORS.get(status, "#8e8e93")
        self.pill.setText(text)
        self.pill.setStyleSheet(f"background: {color};")
        self.pill.show()
