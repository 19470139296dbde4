"""bench/ui_waits.py reads a perf trace of the UI thread: what it slept in, and which thread
ended each of its waits for the GIL. A trace as `perf script` prints it, made by hand."""

from __future__ import annotations

from bench.ui_waits import parse, waits

UI, WORKER = 100, 200


def switch(t: float, frames: list[str], state: str = "S") -> str:
    head = (
        f"python {UI} {t:.6f}: sched:sched_switch: prev_comm=python prev_pid={UI} "
        f"prev_prio=120 prev_state={state} ==> next_comm=x next_pid=9 next_prio=120"
    )
    return "\n".join([head, *(f"\t    {i:x} {f} (/lib/x.so)" for i, f in enumerate(frames))])


def wakeup(t: float, by: int, frames: list[str]) -> str:
    head = f"worker {by} {t:.6f}: sched:sched_wakeup: comm=python pid={UI} prio=120 target_cpu=001"
    return "\n".join([head, *(f"\t    {i:x} {f} (/lib/x.so)" for i, f in enumerate(frames))])


GIL_SLEEP = ["__schedule", "futex_wait", "take_gil", "PyEval_RestoreThread", "time_sleep"]
LOOP_SLEEP = ["__schedule", "do_sys_poll", "g_main_context_iteration"]
RUNNING_PYTHON = ["futex_wake", "drop_gil", "eval_frame_handle_pending", "_PyEval_EvalFrameDefault"]


def test_gil_waits_are_put_on_the_thread_that_dropped_it_and_sleeps_on_what_they_waited_in() -> (
    None
):
    trace = "\n\n".join(
        [
            switch(1.000, GIL_SLEEP),
            wakeup(1.005, 7, ["hrtimer_wakeup"]),  # its own 5 ms timeout: it waits again
            switch(1.0051, GIL_SLEEP),
            wakeup(1.012, WORKER, RUNNING_PYTHON),  # the worker let go
            switch(1.020, LOOP_SLEEP),  # the UI ran, then slept in its event loop
            wakeup(1.040, 7, ["hrtimer_wakeup"]),
            switch(1.050, GIL_SLEEP),  # a wait no thread ended: it timed out
            wakeup(1.055, 7, ["hrtimer_wakeup"]),
            switch(1.060, ["__schedule", "preempted"], state="R"),  # preempted: not a sleep
        ]
    )
    r = waits(parse(trace), UI)
    holders = r["gil_holders"]
    worker = f"tid {WORKER}: eval_frame_handle_pending < _PyEval_EvalFrameDefault"
    assert holders[worker] == {"count": 1, "total_ms": 12.0, "max_ms": 12.0}
    assert holders["timeout"] == {"count": 1, "total_ms": 5.0, "max_ms": 5.0}
    assert r["sleeps"]["gil"]["count"] == 3
    assert r["sleeps"]["event_loop"] == {"count": 1, "total_ms": 20.0, "max_ms": 20.0}
    assert set(r["sleeps"]) == {"gil", "event_loop"}


def test_another_threads_wakeup_is_not_the_ui_threads() -> None:
    other = "worker 300 2.000000: sched:sched_wakeup: comm=python pid=1000 prio=120"
    trace = "\n\n".join([switch(1.0, LOOP_SLEEP), other, wakeup(1.02, 7, ["hrtimer"])])
    assert waits(parse(trace), UI)["sleeps"]["event_loop"]["total_ms"] == 20.0
