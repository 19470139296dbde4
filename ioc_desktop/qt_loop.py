"""Running one coroutine to its end on the qasync loop, with a way out that always works.

Seen here in about a third of test runs: the coroutine finished, qasync asked Qt's loop to
exit, and the loop kept running (the hang was never seen with an extra Python thread alive,
so it is a race we could not pin down in qasync). After the coroutine ends, a timer keeps
asking Qt to exit until it does; a second exit() is harmless when the loop already ended.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QTimer

T = TypeVar("T")


def run_until_done(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T]) -> T:
    app = QCoreApplication.instance()
    kick = QTimer()
    kick.setInterval(200)
    if app is not None:
        kick.timeout.connect(lambda: app.exit(0))

    async def wrapped() -> T:
        try:
            return await coro
        finally:
            kick.start()

    try:
        return loop.run_until_complete(wrapped())
    finally:
        kick.stop()
