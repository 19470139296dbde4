"""Parts of the camera tile that need no window: the tour's order, the snapshot's file name,
thread priorities, the first-frame watcher's bookkeeping, the stream server's backlog."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import types
from datetime import datetime
from pathlib import Path

import pytest

from ioc_desktop.demo.streams import StreamServer
from ioc_desktop.video.first_frame import FirstFrameWatch
from ioc_desktop.video.snapshot import snapshot_path
from ioc_desktop.video.thread_priority import WORKER_NICE, YOUNG_NICE, YOUNG_S, WorkerPriority
from ioc_desktop.video.tour import Tour


def test_tour_cycles_and_skips_cameras_the_catalogue_lost() -> None:
    tour = Tour(["a", "b", "c"], dwell_s=5)
    assert tour.current == "a" and tour.position() == (1, 3)
    assert tour.advance({"a", "b", "c"}) == "b"
    assert tour.advance({"a", "c"}) == "c"  # b is gone: skipped
    assert tour.advance({"a", "c"}) == "a"  # wraps
    assert tour.advance(set()) is None and tour.current == "a"  # nothing left: stays


def test_paused_tour_stays() -> None:
    tour = Tour(["a", "b"], paused=True)
    assert tour.advance({"a", "b"}) == "a"


@pytest.mark.parametrize("ids,dwell", [([], 5.0), (["a"], 0.5)])
def test_tour_refuses_nonsense(ids: list[str], dwell: float) -> None:
    with pytest.raises(ValueError):
        Tour(ids, dwell_s=dwell)


def test_snapshot_name_keeps_vietnamese_drops_what_no_filesystem_takes(tmp_path: Path) -> None:
    when = datetime(2026, 11, 23, 9, 5, 7)
    p = snapshot_path(tmp_path, 'Ngã tư A/B: "Cầu" <QL2>?', when)
    assert p.parent == tmp_path
    assert p.name.startswith("Ngã tư A")
    assert p.name.endswith("_2026-11-23_09-05-07.png")
    assert not set('/:"<>?') & set(p.name)
    p.write_bytes(b"x")
    again = snapshot_path(tmp_path, 'Ngã tư A/B: "Cầu" <QL2>?', when)
    assert again != p and again.name.endswith("_2026-11-23_09-05-07-2.png")  # never overwrites


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_decoding_threads_yield_to_the_ui_thread() -> None:
    """Native threads that appear after the engine's priority keeper was made (libVLC's
    decoders, in the app; here one started without Python's threading module, which never
    registers it) are lowered; the UI thread (here: the test's), Python's own threads (each
    takes the GIL: lowered, one holding it would keep the UI waiting) and the threads spared
    by name keep their priority; a thread that ended is forgotten (its id may come back)."""
    import _thread

    ui_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    keeper = WorkerPriority(nice=max(WORKER_NICE, ui_nice + 1))
    started, stop = threading.Semaphore(0), threading.Event()
    tids: list[int] = []
    native_done = threading.Event()

    def work() -> None:
        tids.append(threading.get_native_id())
        started.release()
        stop.wait(5)

    def native() -> None:  # no threading.Thread: what a libVLC thread is to Python
        try:
            work()
        finally:
            native_done.set()

    _thread.start_new_thread(native, ())
    assert started.acquire(timeout=5)
    python = threading.Thread(target=work)
    python.start()
    assert started.acquire(timeout=5)
    keeper.spare(python.native_id)
    try:
        assert os.getpriority(os.PRIO_PROCESS, tids[0]) == ui_nice  # born at the UI's level
        assert keeper.sweep() >= 1
        # its first seconds a step above the playing decoders (a tile starting), then theirs
        assert os.getpriority(os.PRIO_PROCESS, tids[0]) == max(YOUNG_NICE, ui_nice)
        assert keeper.sweep() == 0  # nothing new
        time.sleep(YOUNG_S - 0.5)
        keeper.sweep()
        assert os.getpriority(os.PRIO_PROCESS, tids[0]) == max(YOUNG_NICE, ui_nice)
        time.sleep(0.6)
        keeper.sweep()
        assert os.getpriority(os.PRIO_PROCESS, tids[0]) == keeper.nice
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == ui_nice
        assert os.getpriority(os.PRIO_PROCESS, tids[1]) == ui_nice  # Python's own thread
        assert keeper.sweep() == 0  # nothing new
    finally:
        stop.set()
        assert native_done.wait(5)
        python.join()
    deadline = time.monotonic() + 2  # the OS thread may outlive its function by a moment
    while tids[0] in keeper._lowered and time.monotonic() < deadline:
        keeper.sweep()
        time.sleep(0.01)
    assert tids[0] not in keeper._lowered


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_a_poll_lists_the_threads_only_when_their_count_changed_or_after_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sweep reads the thread count (one line) at every poll and lists the threads only
    when it changed, or FULL_EVERY_S after the last listing (a thread that replaced one)."""
    import _thread

    from ioc_desktop.video import thread_priority

    ui_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    keeper = WorkerPriority(nice=max(WORKER_NICE, ui_nice + 1))
    listed: list[int] = []
    listdir = os.listdir

    def counting(path: object) -> list[str]:
        listed.append(1)
        return listdir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(thread_priority.os, "listdir", counting)
    keeper.sweep()
    assert len(listed) == 1
    keeper.sweep()
    assert len(listed) == 1  # the same threads: not listed again
    started, stop = threading.Semaphore(0), threading.Event()
    tids: list[int] = []

    def native() -> None:  # what a libVLC thread is to Python
        tids.append(threading.get_native_id())
        started.release()
        stop.wait(5)
        started.release()

    _thread.start_new_thread(native, ())
    assert started.acquire(timeout=5)
    try:
        assert keeper.sweep() == 1 and len(listed) == 2  # one more thread: listed, lowered
        assert os.getpriority(os.PRIO_PROCESS, tids[0]) == max(YOUNG_NICE, ui_nice)
        keeper._full_at -= thread_priority.FULL_EVERY_S
        keeper.sweep()
        assert len(listed) == 3  # a while since the last listing: listed again
    finally:
        stop.set()
        assert started.acquire(timeout=5)


def test_python_threads_are_never_lowered_even_unnamed() -> None:
    """A Python thread not spared by name (a backend worker, the stills' thread) keeps the
    UI thread's priority: it takes the GIL."""
    if not sys.platform.startswith("linux"):
        pytest.skip("per-thread nice is Linux's")
    ui_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    keeper = WorkerPriority(nice=max(WORKER_NICE, ui_nice + 1))
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, args=(5,))
    worker.start()
    try:
        keeper.sweep()
        assert worker.native_id is not None
        assert os.getpriority(os.PRIO_PROCESS, worker.native_id) == ui_nice
    finally:
        stop.set()
        worker.join()


def test_the_demo_stream_server_takes_a_whole_wall_connecting_at_once() -> None:
    """A wall opens its 16-36 streams in the same instant. With socketserver's default
    backlog (5) the kernel dropped the connections beyond it and libVLC retried one second
    later: a few tiles were always a second late. Here the server accepts nothing while
    40 clients connect: every connection must still complete at once."""
    server = StreamServer(0, {})
    socks: list[socket.socket] = []
    try:
        port = server.server_address[1]
        t0 = time.monotonic()
        for _ in range(40):
            socks.append(socket.create_connection(("127.0.0.1", port), timeout=0.5))
        assert time.monotonic() - t0 < 0.5
    finally:
        for s in socks:
            s.close()
        server.server_close()


class FakeMedia:
    """Stands in for a libVLC media (its stats and reference count only): the watcher's
    ownership rules are what is tested here; a real stream is timed in test_display."""

    def __init__(self, picture_after_reads: int | None) -> None:
        self.picture_after = picture_after_reads
        self.reads = 0
        self.released_on: list[int] = []

    def get_stats(self, stats: types.SimpleNamespace) -> bool:
        self.reads += 1
        shown = self.picture_after is not None and self.reads > self.picture_after
        stats.displayed_pictures = 1 if shown else 0
        return True

    def release(self) -> None:
        self.released_on.append(threading.get_native_id())


def test_first_frame_watch_times_pictures_and_releases_each_media_once_off_the_ui_thread() -> None:
    nudges = threading.Semaphore(0)
    watch = FirstFrameWatch(lambda: types.SimpleNamespace(displayed_pictures=0), nudges.release)
    shows, never, forgotten = FakeMedia(3), FakeMedia(None), FakeMedia(None)
    before = time.time()
    watch.watch(1, shows)
    watch.watch(2, never)
    watch.watch(3, forgotten)
    assert nudges.acquire(timeout=5)  # told once the picture came
    assert watch.forget(3) is None  # the UI let go of a stream that showed nothing
    deadline = time.monotonic() + 5
    while not forgotten.released_on and time.monotonic() < deadline:
        time.sleep(0.01)
    at = watch.forget(1)
    assert at is not None and before <= at <= time.time()
    assert watch.forget(1) is None  # read once
    assert watch.watching() == 1  # only the stream still without a picture
    watch.close()  # hands back what it still held
    ui = threading.get_native_id()
    for media in (shows, never, forgotten):
        assert len(media.released_on) == 1 and media.released_on[0] != ui
    assert watch.native_id not in (None, ui)
