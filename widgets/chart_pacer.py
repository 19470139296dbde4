"""Chart redraws spread over time, so many panels refreshing together never freeze the wall.

Drawing one long series costs milliseconds; 24 panels redrawn at the same moment cost the UI
thread over half a second in one piece (bench/charts.py). The pacer draws a lone update at
once, and when a burst comes it draws one panel per tick (25 ms), so the UI thread is never
blocked for more than one panel's paint. A panel asking again before its turn keeps its place
and draws only the newest data. The next turn is counted from the end of the last draw (a
single-shot timer armed again after each), so a late tick on a busy machine never lets two
paints follow each other with no gap (a repeating timer catches up: measured in CI).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

TICK_MS = 25


class ChartPacer(QObject):
    def __init__(self, tick_ms: int = TICK_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[int, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire 5 % early
        self._timer.timeout.connect(self._tick)
        self.drawn = 0

    def request(self, owner: object, draw: Callable[[], None]) -> None:
        """Draw for `owner`: now when nothing else is drawing, else at its turn."""
        if not self._timer.isActive() and not self._pending:
            self._run(draw)
            self._timer.start()  # a burst that follows waits its turn
            return
        self._pending[id(owner)] = draw  # an owner already waiting keeps its place

    def pending(self) -> int:
        return len(self._pending)

    def _tick(self) -> None:
        if not self._pending:
            return  # the burst is over: the next request draws at once
        key = next(iter(self._pending))
        self._run(self._pending.pop(key))
        self._timer.start()  # the next turn counts from the end of this draw

    def _run(self, draw: Callable[[], None]) -> None:
        try:
            draw()
        except RuntimeError:  # the panel left the wall (its C++ side is gone) while waiting
            return
        self.drawn += 1


_shared: ChartPacer | None = None


def shared_pacer() -> ChartPacer:
    """The one pacer every chart of this process uses (made on first use, UI thread)."""
    global _shared
    if _shared is None:
        _shared = ChartPacer()
    return _shared
