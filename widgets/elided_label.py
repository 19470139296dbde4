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
MAX_CHARS = 1000  # more than any one line of any monitor shows


def elide_words(text: str, fits: int, measure: Callable[[str], int]) -> str:
    """`text` cut to `fits` pixels ending in "…", at a word boundary when that loses at most
    a third of the room (a name cut mid-word reads as another name: "Ngã tư Nguyễn Tất").

    Bounded work whatever the text: no glyph is narrower than a pixel, so no more than `fits`
    characters are ever measured, and both cuts are binary searches (a 3,000-character
    hostile title measured word by word cost the UI thread seconds on a 9-tile wall)."""
    if fits <= 0:
        return ""
    if len(text) <= fits and measure(text) <= fits:
        return text
    head = text[:fits]
    words = head.split(" ")
    if len(text) > fits and not text[fits:].startswith(" "):
        words = words[:-1]  # the last word of the head is cut: not a boundary

    def fits_words(n: int) -> str | None:
        shown = " ".join(words[:n]).rstrip(" ,;:·-—") + ELLIPSIS
        return shown if measure(shown) <= fits else None

    lo, hi = 0, len(words)  # the most words that fit, with "…"
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits_words(mid) is not None:
            lo = mid
        else:
            hi = mid - 1
    best = fits_words(lo) if lo else None
    if best is not None and best != ELLIPSIS and measure(best) >= fits * 2 / 3:
        return best
    # one long word, or the boundary too far back: cut by characters
    lo, hi = 0, len(head)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(head[:mid] + ELLIPSIS) <= fits:
            lo = mid
        else:
            hi = mid - 1
    return head[:lo] + ELLIPSIS if lo else ""


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
        self._shown: tuple[str, int, str] | None = None
        super().setText(text[:MAX_CHARS])  # what Qt measures for hints; we paint the cut
        self._refresh_tooltip()

    def full_text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """What fits now (the painted text), worked out once per text and width."""
        room = self.contentsRect().width()
        cached = getattr(self, "_shown", None)
        if cached is not None and cached[:2] == (self._full, room):
            return cached[2]
        shown = elide_words(self._full, room, self.fontMetrics().horizontalAdvance)
        self._shown = (self._full, room, shown)
        return shown

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
