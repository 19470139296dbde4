"""Long work done off the UI thread (the demo's first clip encoding, minutes on a slow PC)
reports its progress here; the relay lives on the UI thread, so Qt queues each report to it
and the windows show it without the worker ever touching a widget."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ProgressRelay(QObject):
    sig_progress = Signal(int, int)
    """Steps done, steps in all (done == total: finished)."""

    def report(self, done: int, total: int) -> None:
        """Callable from any thread."""
        self.sig_progress.emit(done, total)
