"""An unexpected exception anywhere is logged with its traceback and told to the operator,
never a wall that silently stops or exits.

Python's own hook (uncaught in a Qt slot: PySide hands it to sys.excepthook), threads'
(threading.excepthook) and asyncio's (qasync tasks nobody awaited) all come here. The
operator gets one short line in the status bar (repeated errors are counted, not repeated);
support gets the whole traceback in the log.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
import traceback
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Signal

from ioc_desktop.i18n import translate

log = logging.getLogger("ioc_desktop.errors")


class UnexpectedErrors(QObject):
    sig_error = Signal(str)
    """A line for the operator: something went wrong, the wall goes on (already logged)."""
    _sig_from_thread = Signal(str)

    REPEAT_S = 30.0  # the same error again within this: counted, not told again

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self._last: dict[str, float] = {}
        self._sig_from_thread.connect(self.sig_error)  # queued to the GUI thread
        self._old: tuple[Any, Any] | None = None

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self._old = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception
        if loop is not None:
            loop.set_exception_handler(self._on_loop_exception)

    def uninstall(self) -> None:
        if self._old is not None:
            sys.excepthook, threading.excepthook = self._old
            self._old = None

    def report(self, where: str, exc: BaseException) -> None:
        """Log `exc` with its traceback and tell the operator (rate-limited)."""
        self.count += 1
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("unexpected error in %s:\n%s", where, text.rstrip())
        key = f"{type(exc).__name__}:{exc}"[:200]
        now = time.monotonic()
        if now - self._last.get(key, -1e9) < self.REPEAT_S:
            return
        self._last[key] = now
        line = translate(
            "errors", "Lỗi không mong đợi ({what}); tường vẫn chạy, chi tiết đã ghi vào nhật ký"
        ).format(what=f"{type(exc).__name__}: {str(exc)[:120]}")
        if threading.current_thread() is threading.main_thread():
            self.sig_error.emit(line)
        else:
            self._sig_from_thread.emit(line)

    def _on_exception(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            return
        exc.__traceback__ = tb
        self.report("the UI thread", exc)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            name = args.thread.name if args.thread is not None else "?"
            self.report(f"thread {name}", args.exc_value)

    def _on_loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            self.report(f"task ({context.get('message', '')})", exc)
        else:
            log.error("event loop: %s", context.get("message", context))
