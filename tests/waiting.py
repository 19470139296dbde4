"""Waiting for a condition on the running qasync loop, with a deadline that names what it
waited for (shared by the tests that drive the app's loop)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def until(cond: Callable[[], bool], timeout: float, what: str) -> float:
    """Seconds it took; AssertionError naming `what` after `timeout`."""
    t0 = time.monotonic()
    while not cond():
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
    return time.monotonic() - t0
