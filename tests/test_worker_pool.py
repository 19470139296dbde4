"""A started pool's threads all run before the first job: a submit from the UI thread never
waits for a new thread to start (worker_pool.py)."""

from __future__ import annotations

import threading
from concurrent.futures import wait
from unittest import mock

from ioc_desktop.worker_pool import started_pool


def names() -> set[str]:
    return {t.name for t in threading.enumerate()}


def test_every_thread_runs_before_the_first_job_and_none_starts_after() -> None:
    pool = started_pool(3, "pooltest", initializer=lambda: None)
    try:
        assert {n for n in names() if n.startswith("pooltest")} == {
            "pooltest_0",
            "pooltest_1",
            "pooltest_2",
        }
        gate = threading.Event()
        with mock.patch.object(threading.Thread, "start", side_effect=AssertionError("started")):
            jobs = [pool.submit(gate.wait, 5) for _ in range(3)]  # all three busy at once
            gate.set()
            done, _ = wait(jobs, timeout=5)
        assert all(j.result() for j in done) and len(done) == 3
    finally:
        pool.shutdown(wait=True)


def test_the_initializer_runs_on_each_thread_before_it_is_handed_out() -> None:
    seen: list[str] = []
    pool = started_pool(
        2, "pooltest-init", initializer=lambda: seen.append(threading.current_thread().name)
    )
    try:
        assert sorted(seen) == ["pooltest-init_0", "pooltest-init_1"]
    finally:
        pool.shutdown(wait=True)
