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


def test_the_counted_span_is_told_on_the_wall_clock(qapp: Any, qtbot: Any) -> None:
    """Another process's meter (bench/ui_floor.py beside the app) is read over the span the
    app's meter counted: the summary says it in wall-clock seconds."""
    from ioc_desktop.selftest import UiStallMeter

    before = time.time()
    meter = UiStallMeter()
    qtbot.wait(300)
    s = meter.summary(warmup_s=0.1)
    assert before + 0.099 <= s["counted_from_epoch"] <= before + 0.2  # told to the ms
    assert s["counted_from_epoch"] < s["counted_to_epoch"] <= time.time() + 0.01
    assert s["counted_to_epoch"] - s["counted_from_epoch"] >= 0.15


def test_the_worst_ticks_are_listed_with_when_they_came(qapp: Any, qtbot: Any) -> None:
    """A p99 over a short run is its few worst ticks: the summary lists them, in time order,
    so a cause that comes back every few seconds shows apart from the start-up's tail."""
    from ioc_desktop.selftest import LATE_KEPT, UiStallMeter

    meter = UiStallMeter()
    qtbot.wait(200)
    blocked_at = time.perf_counter() - meter.started
    QTimer.singleShot(0, lambda: time.sleep(0.15))
    qtbot.wait(300)
    worst = meter.summary(warmup_s=0.0)["worst_ticks"]
    assert 0 < len(worst) <= LATE_KEPT
    assert [t for t, _ in worst] == sorted(t for t, _ in worst)
    when, ms = max(worst, key=lambda w: w[1])
    assert ms >= 120
    assert blocked_at <= when <= blocked_at + 0.3  # the tick after the sleep
    late = meter.summary(warmup_s=when + 0.01)["worst_ticks"]
    assert all(t > when and s < 120 for t, s in late)  # the warm-up's are not listed


def test_the_collectors_pauses_are_timed(qapp: Any, qtbot: Any) -> None:
    """A full collection over a big heap holds every Python thread, the UI's among them: the
    summary times each pause over GC_KEPT_MS, its generation with it."""
    import gc

    from ioc_desktop.selftest import GC_KEPT_MS, UiStallMeter

    meter = UiStallMeter()
    heap = [[i] for i in range(400_000)]  # containers the collector must walk
    meter.restart()  # the collections that building it set off are not this test's
    t0 = time.perf_counter()
    gc.collect()
    took_ms = (time.perf_counter() - t0) * 1000
    del heap
    pauses = meter.summary(warmup_s=0.0)["gc_pauses"]
    if took_ms < GC_KEPT_MS * 2:
        pytest.skip(f"this machine collected 400,000 lists in {took_ms:.1f} ms")
    assert pauses["count"] >= 1
    assert any(g == 2 and ms >= GC_KEPT_MS for _, g, ms in pauses["longest"])
    assert pauses["total_ms"] <= took_ms * 1.5 + 5


def test_the_floor_runs_until_told_and_is_read_over_a_span() -> None:
    """bench/ui_floor.py ends on SIGTERM with its ticks on the wall clock; p99_between reads
    the ticks of one span only."""
    import json
    import os
    import subprocess

    from bench.ui_floor import p99_between
    from tests.conftest import REPO

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    floor = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "ui_floor.py"), "60"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(3.0)
    t0 = time.monotonic()
    floor.terminate()
    out, _ = floor.communicate(timeout=20)
    assert time.monotonic() - t0 < 5  # not its 60 s
    report = json.loads(out.strip().splitlines()[-1])
    ticks = report["ticks"]
    assert len(ticks) >= 50, len(ticks)
    first, last = ticks[0][0], ticks[-1][0]
    assert p99_between(report, first, last) is not None
    assert p99_between(report, first, first + 0.5) is None  # too few ticks to say
    made = {"ticks": [(100.0 + i * 0.02, 30.0 if i % 10 == 0 else 1.0) for i in range(200)]}
    assert p99_between(made, 100.0, 104.0) == 30.0  # one tick in ten late: the p99 is late
    assert p99_between(made, 100.01, 100.9) is None  # 45 ticks: 50 or more, or nothing
