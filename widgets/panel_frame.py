"""The frame every wall panel shares: a title row with an optional status pill, then content.

Titles and subtitles end in "…" where they do not fit, on a word boundary when one is near,
and carry the whole text in their tooltip: a plain QLabel in a fixed cell cut them mid-word
("Ngã tư Nguyễn Tất", "Hồ sơ giải quyết đ"), which reads as another name. Neither asks for
the width of its text, so no title can widen its panel, its grid or its window.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from widgets.elided_label import ElidedLabel
from widgets.theme import STATUS_COLORS

SUBTITLE_SHARE = 0.4  # of the title row a subtitle may take: the title is what names a panel


class PanelLabel(ElidedLabel):
    """An elided label that keeps the tooltip its panel gives it (a KPI's English name, a
    camera's id) and adds the whole text to it when the text is cut."""

    def setToolTip(self, tip: str) -> None:
        self._own_tip = tip
        self._refresh_tooltip()

    def _refresh_tooltip(self) -> None:
        own = getattr(self, "_own_tip", "")
        full = self.full_text()
        parts = [full] if full and self.is_elided() and full not in own else []
        if own:
            parts.append(own)
        QLabel.setToolTip(self, "\n".join(parts))


class PanelFrame(QFrame):
    """What the wall asks of every panel, whatever its kind: the grid and the factory call
    these on any panel, so no code outside a kind's own widget asks which kind it is."""

    sig_maximise_requested = Signal(str)
    """The operator asked this panel to fill its screen (the panel's key)."""
    sig_status = Signal(str)
    """A passing message for the window's status bar (a snapshot saved)."""
    sig_view_changed = Signal(float, float, int)
    """The operator moved what the panel looks at (a map: lat, lon, zoom)."""

    def start(self) -> None:
        """Start showing live, now that the wall is built and laid out (a camera opens its
        stream); a panel that draws the store's data shows it already."""

    def release(self) -> None:
        """The panel leaves the wall for good: give back what it holds (a camera's player)."""

    def show_view(self, center: tuple[float, float], zoom: int) -> None:
        """Look elsewhere (a map's centre and zoom); a panel without a view ignores it."""

    def set_editing(self, on: bool) -> None:
        """The wall is being edited (a small camera tile shows its title row to be dragged)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        # the layout's grid decides the size, never a long title or a big number: panels
        # must not push their neighbours off a wall screen
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(80, 60)
        self.outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 6)
        outer.setSpacing(4)
        self.header = header = QHBoxLayout()
        header.setSpacing(8)
        self.title = PanelLabel(title)
        self.title.setObjectName("PanelTitle")
        self.subtitle = PanelLabel("")
        self.subtitle.setObjectName("PanelSubtitle")
        # as wide as its text up to a share of the row; the title elides first
        self.subtitle.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.header.indexOf(self.subtitle) >= 0:  # shares the row with the title
            self.subtitle.setMaximumWidth(max(40, int(self.width() * SUBTITLE_SHARE)))

    def set_pill(self, text: str, status: str) -> None:
        # restyling costs a style pass: a 36-tile wall ticks every second
        if (text, status) != self._pill_state:
            self._pill_state = (text, status)
            self.pill.setText(text)
            self.pill.setStyleSheet(f"background: {STATUS_COLORS.get(status, '#8e8e93')};")
        self.pill.setVisible(self.header_shown())

    def header_shown(self) -> bool:
        """False where a panel shows its name and status another way (a small camera tile
        puts them over its picture)."""
        return True
