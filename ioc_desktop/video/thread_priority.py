"""Decoding yields to the UI thread.

On a 2-core wall PC the UI thread is one runnable thread among dozens once 16 decoders
start: the scheduler shares the cores evenly between threads, so a layout switch's few
hundred milliseconds of building and painting stretched to one or two seconds, and the
tiles' status with it (bench/layout_switch.py). libVLC makes its threads at the priority of
the thread that calls play() (the UI thread), and an unprivileged process may lower a
thread's priority but never raise it again: so the video engine lowers every other thread
of the process (libVLC's, Chromium's) as they appear, and the UI thread stays first; a new
thread spends its first seconds a step above the others (YOUNG_NICE), so a tile starting
among playing ones gets its first picture out.
Python's own threads are spared: each takes the GIL, and one lowered while it holds it
keeps the UI thread waiting behind every decoder. Linux only (per-thread nice values);
elsewhere it does nothing.
Swept from the engine's poll: only then, not at a thread's birth (see engine.py for why).
A poll reads the process's thread count first (one line of /proc/self/stat, 0.04 ms) and
lists the threads (0.4 ms at 400 threads, a directory read the scheduler can stretch to tens
of ms on a loaded wall: perf trace, docs/MEASUREMENTS.md issue 20) only when the count
changed, or every FULL_EVERY_S for a thread that replaced one that ended.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from pathlib import Path

# The lowest an unprivileged process may set: weight 15 against the UI thread's 1024. At 10
# (weight 110) the decoders of a 30-tile wall together outweighed the UI thread 6 to 1, and
# the kernel (EEVDF, Linux 6.6+) kept the waking UI thread queued for a core: 196-646 ms of
# its late 20 ms ticks in 16 s, p99 lateness 24-53 ms. At 19: 44-120 ms queued, p99
# 15-23 ms, the tiles' frame rates the same (3 runs each, interleaved, selftest's
# late_intervals). SCHED_IDLE did as well for the UI but lets any other busy process on the
# PC (the map's Chromium renderer) take the cores from the video.
WORKER_NICE = 19
# A thread's first YOUNG_S seconds at nice 10 (weight 110), then 19: the threads of a tile
# that starts while others play (its input, its decoder, its picture's window) get 7 times a
# playing decoder's share. All at 19 from birth, the last tiles of a 33-tile wall's start read
# their stream's first 40-50 KB and then nothing for 5-6 s, and showed no picture until the
# connect timeout restarted them. Same runs, 8 steps each at 33 tiles: a tile at 0 fps in 2
# steps against 6, first pictures' p95 median 9.8 s against 12.9, UI p99 median 50 ms against
# 57; a 16-tile layout switch on 4 monitors: every tile live in 2.3 and 2.8 s against 3.8 and
# 3.8, UI p99 17-19 ms against 25-28 (docs/MEASUREMENTS.md, issue 20, stop 32)
YOUNG_NICE = 10
YOUNG_S = 3.0
TASKS = Path("/proc/self/task")
STAT = Path("/proc/self/stat")
FULL_EVERY_S = 5.0


class WorkerPriority:
    """Made on the UI thread; sweep() lowers the threads that appeared since the last one."""

    def __init__(self, nice: int = WORKER_NICE) -> None:
        self.nice = nice
        self.ui_thread = threading.get_native_id()
        self.enabled = sys.platform.startswith("linux") and TASKS.is_dir() and nice > 0
        self._lowered: set[int] = set()
        self._lock = threading.Lock()  # spare() comes from other threads
        self._spared: set[int] = {self.ui_thread}
        self._count = -1  # the thread count at the last full sweep
        self._full_at = 0.0  # monotonic s of the last full sweep
        self._young: dict[int, float] = {}  # tid: monotonic s first seen (at YOUNG_NICE)

    def spare(self, native_id: int | None) -> None:
        """Leave this thread at the UI thread's priority too: the engine's own threads, that
        start players or time first pictures and must not wait behind the decoders."""
        if native_id is not None:
            with self._lock:
                self._spared.add(native_id)

    def sweep(self) -> int:
        """Lower every thread of the process but the spared ones; returns how many were new."""
        if not self.enabled:
            return 0
        count = self._thread_count()
        now = time.monotonic()
        if self._young:
            self._age(now)
        if count == self._count and count > 0 and now - self._full_at < FULL_EVERY_S:
            return 0
        with self._lock:
            self._count, self._full_at = count, now
            return self._sweep(now)

    @staticmethod
    def _thread_count() -> int:
        """The process's threads (field 20 of /proc/self/stat); -1 where unreadable."""
        try:
            # the command name (field 2) is in parentheses and may hold spaces
            return int(STAT.read_bytes().rsplit(b")", 1)[1].split()[17])
        except (OSError, IndexError, ValueError):
            return -1

    def _sweep(self, now: float) -> int:
        try:
            present = {int(name) for name in os.listdir(TASKS)}
        except OSError:
            return 0
        self._lowered &= present  # thread ids are reused: forget the ones that ended
        self._young = {tid: seen for tid, seen in self._young.items() if tid in present}
        self._spared &= present | {self.ui_thread}
        # Python's own threads stay at the UI thread's priority: each takes the GIL, and one
        # lowered while it holds it keeps the UI thread waiting behind every decoder
        self._spared |= {t.native_id for t in threading.enumerate() if t.native_id is not None}
        new = 0
        young = self.nice > YOUNG_NICE
        for tid in present - self._lowered - self._spared:
            try:
                if os.getpriority(os.PRIO_PROCESS, tid) < self.nice:
                    os.setpriority(os.PRIO_PROCESS, tid, YOUNG_NICE if young else self.nice)
                    new += 1
                    if young:
                        self._young[tid] = now
            except OSError:  # ended meanwhile, or not allowed: nothing to do
                pass
            self._lowered.add(tid)
        return new

    def _age(self, now: float) -> None:
        """Threads past their first YOUNG_S seconds go to the workers' nice."""
        with self._lock:
            for tid, seen in list(self._young.items()):
                if now - seen >= YOUNG_S:
                    del self._young[tid]
                    with contextlib.suppress(OSError):  # ended meanwhile
                        os.setpriority(os.PRIO_PROCESS, tid, self.nice)
