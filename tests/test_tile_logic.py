"""Pure parts of the camera tile: the tour's order and the snapshot's file name."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from ioc_desktop.demo.streams import StreamServer
from ioc_desktop.video.snapshot import snapshot_path
from ioc_desktop.video.thread_priority import WORKER_NICE, WorkerPriority
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
    """Threads that appear after the engine's priority keeper was made (libVLC's decoders,
    in the app) are lowered; the UI thread (here: the test's) keeps its priority, and a
    thread that ended is forgotten (its id may come back for another thread)."""
    ui_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    keeper = WorkerPriority(nice=max(WORKER_NICE, ui_nice + 1))
    started, stop = threading.Event(), threading.Event()
    tids: list[int] = []

    def work() -> None:
        tids.append(threading.get_native_id())
        started.set()
        stop.wait(5)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        assert started.wait(5)
        assert os.getpriority(os.PRIO_PROCESS, tids[0]) == ui_nice  # born at the UI's level
        assert keeper.sweep() >= 1
        assert os.getpriority(os.PRIO_PROCESS, tids[0]) == keeper.nice
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == ui_nice
        assert keeper.sweep() == 0  # nothing new
    finally:
        stop.set()
        worker.join()
    deadline = time.monotonic() + 2  # the OS thread may outlive join() by a moment
    while tids[0] in keeper._lowered and time.monotonic() < deadline:
        keeper.sweep()
        time.sleep(0.01)
    assert tids[0] not in keeper._lowered


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
