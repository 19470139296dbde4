"""The selftest's UI stall meter (ioc_desktop/selftest.py): how late the UI thread's 20 ms
tick came, and, where Linux says, why."""

from __future__ import annotations

import sys
import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's schedstat")
def test_the_stall_meter_tells_working_from_waiting(qapp: Any, qtbot: Any) -> None:
    """A late tick's time is split into the UI thread running, queued for a core, and
    neither (blocked): what a UI stall at a full wall was (bench/wall_capacity.py)."""
    from ioc_desktop.selftest import UiStallMeter

    meter = UiStallMeter()
    qtbot.wait(100)

    def busy() -> None:
        end = time.perf_counter() + 0.15
        while time.perf_counter() < end:
            pass

    QTimer.singleShot(0, busy)
    qtbot.wait(100)
    QTimer.singleShot(0, lambda: time.sleep(0.15))
    qtbot.wait(100)
    late = meter.summary(warmup_s=0.0)["late_intervals"]
    assert late["count"] >= 2
    assert late["run_ms"] >= 120  # the busy loop ran on a core
    assert late["blocked_ms"] >= 120  # the sleep was on no core
