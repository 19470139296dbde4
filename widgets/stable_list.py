"""A list that holds still under the officer's eye, for the incident desk and the wall's
incident and report lists.

Both lists used to be cleared and refilled on every poll: the selected row, the scroll
position and the row under the mouse jumped every two seconds, so an officer reaching for an
incident clicked its neighbour. Here each row has a key (an incident or report id) and an
update changes the rows in place: the same items are kept, moved only where the order really
changed, the current item and the row at the top of the view stay where they were. While the
pointer is over the list no shown row moves: new rows are added at the end, rows that went
away are greyed, and the new order waits until the pointer leaves, or HOLD_S at most, so a
mouse left resting on the list cannot stall triage.

Arrivals (incidents or reports new to the store, as the owner says with `mark_arrivals`; not
rows a filter let in) are bold for FRESH_S or until picked. Rows are bounded (max_rows, then
one muted "more" line), and long text wraps (see widgets/incident_text.bounded): a list never
widens its window.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QEnterEvent, QHideEvent, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from widgets.theme import MUTED, TEXT

KEY = Qt.ItemDataRole.UserRole
MORE_KEY = "\x00more"  # the "n more" line: not an incident, never selectable


@dataclass(frozen=True)
class Row:
    key: str
    text: str
    color: str = TEXT
    tooltip: str = ""
    swatch: str = ""  # a colour square before the text: severity reads even on a selected row


class StableList(QListWidget):
    HOLD_S = 10.0  # the longest a new order waits for the pointer to leave
    FRESH_S = 90.0  # how long a new arrival stays bold (or until it is picked)

    def __init__(self, max_rows: int = 300, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_rows = max_rows
        self.hovered = False
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._held: list[Row] | None = None  # an order waiting for the pointer to leave
        self._fresh: dict[str, float] = {}  # key → when it arrived
        self._swatches: dict[str, QIcon] = {}
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(int(self.HOLD_S * 1000))
        self._hold.timeout.connect(self.apply_held)
        self._unmark = QTimer(self)
        self._unmark.setSingleShot(True)
        self._unmark.timeout.connect(self._expire_fresh)
        self.currentItemChanged.connect(self._on_current_changed)

    # -- reads ---------------------------------------------------------------------------
    def keys(self) -> list[str]:
        return [self.item(r).data(KEY) for r in range(self.count())]

    def item_for(self, key: str) -> QListWidgetItem | None:
        return next(
            (self.item(r) for r in range(self.count()) if self.item(r).data(KEY) == key), None
        )

    def current_key(self) -> str | None:
        item = self.currentItem()
        return item.data(KEY) if item is not None else None

    def is_fresh(self, key: str) -> bool:
        return key in self._fresh

    @property
    def holding(self) -> bool:
        """True while a new order waits for the pointer to leave."""
        return self._held is not None

    # -- updates -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row], more: str = "") -> None:
        """Show these rows, in this order (bounded to max_rows; `more` says what was left
        off). Nothing shown moves while the pointer is over the list."""
        wanted = list(rows)[: self.max_rows]
        if more:
            wanted.append(Row(MORE_KEY, more, MUTED))
        shown = self.keys()
        moves = [r.key for r in wanted[: len(shown)]] != shown
        if self.hovered and shown and moves:
            self._hold_order(wanted)
        else:
            self._apply(wanted)

    def select_key(self, key: str | None) -> None:
        """Make `key` the current row without telling anyone (the caller already knows)."""
        item = self.item_for(key) if key is not None else None
        blocked = self.blockSignals(True)
        try:
            if item is None:
                self.setCurrentRow(-1)
                self.clearSelection()
            else:
                self.setCurrentItem(item)
                self.scrollToItem(item)
        finally:
            self.blockSignals(blocked)

    def apply_held(self) -> None:
        """Apply the order held back while the pointer was over the list."""
        if self._held is not None:
            self._apply(self._held)

    def _hold_order(self, wanted: list[Row]) -> None:
        """Rows stay where they are: contents updated, arrivals at the end, leavers greyed."""
        self._held = wanted
        by_key = {r.key: r for r in wanted}
        shown = set()
        for row in range(self.count()):
            item = self.item(row)
            key = item.data(KEY)
            shown.add(key)
            if key in by_key:
                self._fill(item, by_key[key])
            else:
                self._fade(item)
        for r in wanted:
            if r.key not in shown and r.key != MORE_KEY:
                item = QListWidgetItem()
                self.addItem(item)
                self._fill(item, r)
        if not self._hold.isActive():  # bounded from the first held change, not the last
            self._hold.start()
        self._schedule_unmark()

    def _apply(self, wanted: list[Row]) -> None:
        self._hold.stop()
        self._held = None
        anchor = self._anchor()
        current = self.current_key()
        keep = {r.key for r in wanted}
        old = {self.item(r).data(KEY): self.item(r) for r in range(self.count())}
        blocked = self.blockSignals(True)
        try:
            for row in reversed(range(self.count())):
                if self.item(row).data(KEY) not in keep:
                    self.takeItem(row)
            for i, r in enumerate(wanted):
                item = old.get(r.key)
                if item is None:
                    item = QListWidgetItem()
                    self.insertItem(i, item)
                elif self.row(item) != i:
                    self.insertItem(i, self.takeItem(self.row(item)))
                self._fill(item, r)
            target = self.item_for(current) if current is not None else None
            if target is not None:
                self.setCurrentItem(target)
            elif current is not None:  # the current row went away: nothing is current
                self.setCurrentRow(-1)
                self.clearSelection()
        finally:
            self.blockSignals(blocked)
        self._restore(anchor)
        self._schedule_unmark()

    def _fill(self, item: QListWidgetItem, r: Row) -> None:
        item.setData(KEY, r.key)
        item.setText(r.text)  # setData does nothing when the value is the same
        item.setToolTip(r.tooltip)
        item.setForeground(QBrush(QColor(r.color)))
        if r.swatch:
            item.setIcon(self._swatch(r.swatch))
        font = item.font()
        font.setBold(r.key in self._fresh)
        font.setItalic(False)
        item.setFont(font)
        if r.key == MORE_KEY:
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)

    def _fade(self, item: QListWidgetItem) -> None:
        """A row that has gone (closed, filtered out): greyed until the order is applied."""
        item.setForeground(QBrush(QColor(MUTED)))
        font = item.font()
        font.setItalic(True)
        font.setBold(False)
        item.setFont(font)

    def _swatch(self, color: str) -> QIcon:
        if color not in self._swatches:
            pix = QPixmap(16, 16)
            pix.fill(QColor(color))
            swatch = QIcon(pix)
            swatch.addPixmap(pix, QIcon.Mode.Selected)  # not tinted on the selected row
            self._swatches[color] = swatch
        return self._swatches[color]

    # -- the view held still -------------------------------------------------------------
    def _anchor(self) -> tuple[str, int] | None:
        """The row at the top of the view and where it is; None at the very top, which stays
        at the top (the most urgent rows are first)."""
        if self.verticalScrollBar().value() == 0:
            return None
        item = self.itemAt(QPoint(4, 1))
        return (item.data(KEY), self.visualItemRect(item).top()) if item is not None else None

    def _restore(self, anchor: tuple[str, int] | None) -> None:
        if anchor is None:
            return
        item = self.item_for(anchor[0])
        if item is not None:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + self.visualItemRect(item).top() - anchor[1])

    # -- new arrivals ----------------------------------------------------------------------
    def mark_arrivals(self, keys: Sequence[str]) -> None:
        """These rows are new to the store (not merely let in by a filter): bold until picked
        or FRESH_S. Call before `set_rows`."""
        now = time.monotonic()
        for key in keys:
            self._fresh.setdefault(key, now)

    def _schedule_unmark(self) -> None:
        if self._fresh:
            left = min(self._fresh.values()) + self.FRESH_S - time.monotonic()
            self._unmark.start(max(0, int(left * 1000)) + 50)

    def _expire_fresh(self) -> None:
        now = time.monotonic()
        gone = [k for k, t in self._fresh.items() if now - t >= self.FRESH_S]
        for key in gone:
            self._unbold(key)
        self._schedule_unmark()

    def _unbold(self, key: str) -> None:
        self._fresh.pop(key, None)
        item = self.item_for(key)
        if item is not None and not item.font().italic():
            font = item.font()
            font.setBold(False)
            item.setFont(font)

    def _on_current_changed(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is not None:  # seen: no longer marked as new
            self._unbold(item.data(KEY))

    # -- the pointer -----------------------------------------------------------------------
    def enterEvent(self, event: QEnterEvent) -> None:
        self.hovered = True
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.hovered = False
        super().leaveEvent(event)
        self.apply_held()

    def hideEvent(self, event: QHideEvent) -> None:
        self.hovered = False
        super().hideEvent(event)
        self.apply_held()
