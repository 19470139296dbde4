"""Wait for a condition while the Qt event loop keeps running: the probes' only clock."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def pump_until(cond: Callable[[], bool], timeout: float) -> float | None:
    """Seconds until cond() held, or None if it never did within timeout."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        QCoreApplication.processEvents()
        if cond():
            return round(time.monotonic() - t0, 2)
        time.sleep(0.02)
    return None
