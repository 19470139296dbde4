"""Thread pools whose threads run before the first job comes.

ThreadPoolExecutor starts a thread at a submit that finds none idle, and `Thread.start` waits
until the new thread has run. Submits come from the UI thread (the backend poll, the stills'
schedule), so on a wall whose decoders keep every core busy that wait was the UI thread's:
py-spy caught it blocked in `Thread.start` about 0.2 s in 20 s at 30 tiles. Started while the
app is composed, before any video plays, the same threads cost a few milliseconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

START_TIMEOUT_S = 10.0


def started_pool(
    workers: int, name: str, initializer: Callable[[], object] | None = None
) -> ThreadPoolExecutor:
    """A pool of `workers` threads named `name`_N, every one of them already running (each
    takes one of `workers` jobs that wait for all the others, so none can take two)."""
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name, initializer=initializer)
    barrier = threading.Barrier(workers)

    def meet() -> None:
        barrier.wait(START_TIMEOUT_S)

    wait([pool.submit(meet) for _ in range(workers)], timeout=START_TIMEOUT_S)
    return pool
