"""A one-line label that never widens its window: text too long for it ends in "…" and the
whole text is in the tooltip.

A plain QLabel asks for the width of its whole text: a full-screen wall window whose title
named a long incident ("Tụ tập đông người tại sự kiện tại Xã Thanh Thuỷ") or whose banner
carried a long backend message grew to 2241 px on a 1920 px monitor (3170 px in the test),
pushing the clock and the right column off-screen until restart. This one asks for nothing
wider than a few letters and elides at paint time, on a word boundary when one is near.
Text is always plain text: hostile markup from the backend shows as written.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

ELLIPSIS = "…"


def elide_words(text: str, fits: int, measure: Callable[[str], int]) -> str:
    """`text` cut to `fits` pixels ending in "…", at a word boundary when that loses at most
    a third of the room (a name cut mid-word reads as another name: "Ngã tư Nguyễn Tất")."""
    if measure(text) <= fits:
        return text
    words = text.split(" ")
    best = ""
    for n in range(len(words), 0, -1):
        head = " ".join(words[:n]).rstrip(" ,;:·-—") + ELLIPSIS
        if measure(head) <= fits:
            best = head
            break
    if best and measure(best) >= fits * 2 / 3:
        return best
    # one long word, or the boundary too far back: cut by characters
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid] + ELLIPSIS) <= fits:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + ELLIPSIS if lo else ""


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)
        self._refresh_tooltip()

    def full_text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """What fits now (the painted text)."""
        room = self.contentsRect().width()
        return elide_words(self._full, room, self.fontMetrics().horizontalAdvance)

    def is_elided(self) -> bool:
        return self.shown_text() != self._full

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("MMM…")), hint.height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), 400), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh_tooltip()

    def _refresh_tooltip(self) -> None:
        self.setToolTip(self._full if self.is_elided() else "")

    def paintEvent(self, event: QPaintEvent) -> None:
        QFrame.paintEvent(self, event)  # the style sheet's frame; the text is ours
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        rect = self.contentsRect()
        painter.drawText(rect, int(self.alignment()), self.shown_text())
