"""The engine's last pictures (stills), with players that only take snapshots: a live wall
costs at most one still a second, each tile gets one soon after it goes live and then every
STILL_EVERY_S or so; a still belongs to the start of the stream it was taken from; a stalled
stream's still carries the time its picture froze. Offscreen Qt, a real engine."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from ioc_desktop.video.engine import VideoEngine, _Slot
from ioc_desktop.video.watchdog import StreamWatchdog, TileStatus


class SnapshotOnly:
    """A player whose picture is a flat colour; records each snapshot asked of it."""

    def __init__(self, log: list[tuple[str, int]], name: str) -> None:
        self.log, self.name = log, name

    def video_take_snapshot(self, _num: int, path: str, width: int, _height: int) -> int:
        self.log.append((self.name, width))
        image = QImage(width, width * 9 // 16, QImage.Format.Format_RGB32)
        image.fill(QColor("#336699"))
        return 0 if image.save(path) else -1

    def __getattr__(self, name: str) -> Any:  # stop(), set_media()…: nothing to do
        return lambda *a, **k: None


@pytest.fixture
def engine(qapp: QApplication) -> Iterator[VideoEngine]:
    e = VideoEngine()
    e._timer.stop()  # the test drives the schedule itself
    yield e
    e._slots.clear()
    e.shutdown()


def live_slot(engine: VideoEngine, key: str, log: list[tuple[str, int]], light: bool) -> _Slot:
    dog = StreamWatchdog()
    dog.status = TileStatus.LIVE
    slot = _Slot(f"http://cam/{key}", 0, SnapshotOnly(log, key), dog, light=light, start_no=1)
    slot.begun = True
    engine._slots[key] = slot
    return slot


def settle(engine: VideoEngine) -> None:
    """Let the snapshot thread finish and its results reach the GUI thread."""
    engine._io.submit(lambda: None).result(timeout=5)
    QCoreApplication.processEvents()


def test_a_live_wall_takes_at_most_one_still_a_second_and_every_tile_gets_one(
    engine: VideoEngine,
) -> None:
    log: list[tuple[str, int]] = []
    keys = [f"t{i}" for i in range(12)]
    for i, key in enumerate(keys):
        live_slot(engine, key, log, light=i > 0).still_due = 0.0
    now = 1000.0
    taken_at: list[float] = []
    while now < 1030.0:  # 30 s of polls, every 0.5 s
        before = len(log)
        engine._schedule_stills(now)
        settle(engine)
        taken_at += [now] * (len(log) - before)
        now += 0.5
    gaps = [b - a for a, b in itertools.pairwise(taken_at)]
    assert gaps and min(gaps) >= VideoEngine.STILL_GAP_S
    assert {name for name, _ in log} == set(keys)  # every tile, within its interval
    for key in keys:
        mine = [t for t, (name, _) in zip(taken_at, log, strict=True) if name == key]
        assert all(b - a >= VideoEngine.STILL_EVERY_S for a, b in itertools.pairwise(mine))
    assert ("t0", VideoEngine.STILL_WIDTH_MAIN) in log  # a main stream: a bigger still
    assert ("t1", VideoEngine.STILL_WIDTH_SUB) in log
    still = engine.still("t3")
    assert still is not None and still.url == "http://cam/t3"
    assert still.image.width() == VideoEngine.STILL_WIDTH_SUB


def test_a_new_tiles_first_still_goes_before_the_periodic_ones(engine: VideoEngine) -> None:
    """A tile that just went live gets its first still (its AI boxes' anchor) at the next
    free turn, ahead of tiles long overdue; the wall's rate stays one a STILL_GAP_S."""
    log: list[tuple[str, int]] = []
    for i in range(6):
        live_slot(engine, f"old{i}", log, light=True).still_due = 0.0  # all overdue
    fresh = live_slot(engine, "fresh", log, light=True)
    fresh.still_due, fresh.still_first = 999.5, True
    engine._schedule_stills(1000.0)
    engine._schedule_stills(1000.5)  # within STILL_GAP_S of the last: none
    settle(engine)
    assert [name for name, _ in log] == ["fresh"]
    assert not fresh.still_first and fresh.still_due >= 1000.0 + VideoEngine.STILL_EVERY_S
    engine._schedule_stills(1001.0)
    settle(engine)
    assert [name for name, _ in log] == ["fresh", "old0"]


def test_a_still_of_a_stream_restarted_meanwhile_is_dropped(engine: VideoEngine) -> None:
    log: list[tuple[str, int]] = []
    slot = live_slot(engine, "a", log, light=True)
    engine._io.submit(lambda: time.sleep(0.3))  # the snapshot thread is busy a moment
    engine._take_still("a", slot)
    slot.start_no = 2  # the stream restarted (reconnect, another camera) before it ran
    settle(engine)
    assert engine.still("a") is None


def test_a_stalled_streams_still_is_dated_when_its_picture_froze(
    engine: VideoEngine, tmp_path: Path
) -> None:
    log: list[tuple[str, int]] = []
    slot = live_slot(engine, "a", log, light=True)
    slot.watchdog.status = TileStatus.STALLED
    engine._take_still("a", slot)  # a periodic still of a stream no longer live: not taken
    settle(engine)
    assert log == [] and engine.still("a") is None
    froze = time.time() - 2.6
    engine._take_still("a", slot, froze)
    settle(engine)
    still = engine.still("a")
    assert still is not None and still.shown_at == froze
    engine.release("a")
    assert engine.still("a") is None  # a released tile's picture goes with it


def test_a_tiles_frame_count_never_goes_back_when_it_becomes_a_still(
    engine: VideoEngine,
) -> None:
    """The selftest's and the bench's rates are differences of this count: a tile the planner
    made a still (its player closed) keeps the pictures it showed, and a new player adds on
    (a 36-tile bench read a negative rate when the count fell to 0 with the player)."""
    log: list[tuple[str, int]] = []
    live_slot(engine, "t1", log, light=True).watchdog.frames = 50
    assert engine.frames_total("t1") == 50
    engine.close("t1")  # stepped down to a still: no player
    assert engine.stats("t1") is None and engine.frames_total("t1") == 50
    live_slot(engine, "t1", log, light=True).watchdog.frames = 10  # back up to live
    assert engine.frames_total("t1") == 60
    engine.release("t1")  # the tile is gone for good: a new tile of that key starts at 0
    assert engine.frames_total("t1") == 0
