"""A tile hears its own stream's news and no other's (issue #17): on a wall of N tiles one
status change runs one tile's slot, not N. Offscreen Qt, a real engine (libVLC loaded, no
stream played: an rtmp:// URL this libVLC cannot play says so at once)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from widgets.camera_tile import CameraTile

RTMP = "rtmp://127.0.0.1:9/nothing"  # Debian's libVLC has no RTMP: "unsupported" at once


@pytest.fixture
def engine(qapp: QApplication) -> Iterator[VideoEngine]:
    e = VideoEngine()
    yield e
    e.shutdown()


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[object]:
    """Count calls of a CameraTile slot, whatever its arguments (tiles made after this)."""
    calls: list[object] = []
    original = getattr(CameraTile, name)

    def counted(self: CameraTile, *args: object) -> None:
        calls.append(self)
        original(self, *args)

    monkeypatch.setattr(CameraTile, name, counted)
    return calls


def wall(engine: VideoEngine, n: int) -> list[CameraTile]:
    store = Store()  # no cameras yet: the tiles open nothing by themselves
    return [CameraTile(f"wall-1/{i}", f"cam{i:02d}", store, engine) for i in range(n)]


def test_a_status_change_runs_one_tile_not_the_whole_wall(
    engine: VideoEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting(monkeypatch, "_on_status_changed")
    tiles = wall(engine, 30)
    engine.open(tiles[7].key, RTMP, 0)
    assert calls == [tiles[7]]  # one slot ran (30 before: every tile, each dropping the rest)
    assert tiles[7].pill.text() == "Không hỗ trợ"
    assert "RTMP" in tiles[7].message.text()
    assert all(t.pill.text() == "Đang kết nối" for t in tiles if t is not tiles[7])


def test_snapshot_and_switch_answers_reach_only_their_tile(
    engine: VideoEngine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    snaps = counting(monkeypatch, "_on_snapshot_done")
    switches = counting(monkeypatch, "_on_switch_done")
    tiles = wall(engine, 12)
    engine.snapshot(tiles[3].key, tmp_path, "cam03")  # nothing live: answered at once
    assert snaps == [tiles[3]]
    engine.switch(tiles[5].key, RTMP, 0)  # nothing playing: a switch is an open, done at once
    assert switches == [tiles[5]]


def test_a_handed_over_tile_hears_its_new_key_only(
    engine: VideoEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting(monkeypatch, "_on_status_changed")
    tile = wall(engine, 1)[0]
    old = tile.key
    tile.retarget("wall-2/1", "cam09")
    engine.open(old, RTMP, 0)
    assert calls == []  # the old key's news is no longer this tile's
    engine.open("wall-2/1", RTMP, 0)
    assert calls == [tile]
    tile.release()
    engine.open("wall-2/1", RTMP, 0)
    assert calls == [tile]  # released: deaf


def test_players_are_made_ahead_off_the_ui_thread_one_per_waiting_tile(
    engine: VideoEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wall's tiles are made before its cameras are known: each gets its player made on
    the control thread meanwhile, so the cameras' arrival does not make 25 players on the UI
    thread at once (1.2 s stalled, bench/wall_capacity.py under py-spy)."""
    made_on: list[str] = []
    original = engine.instance.media_player_new

    def counted(*args: object) -> object:
        made_on.append(threading.current_thread().name)
        return original(*args)

    monkeypatch.setattr(engine.instance, "media_player_new", counted)
    for i in range(4):
        engine.channel(f"t{i}")
    engine.channel("t0")  # asked again: no second player
    deadline = time.monotonic() + 5
    while len(engine._spare) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(engine._spare) == 4 and len(made_on) == 4
    assert all(name != threading.main_thread().name for name in made_on), made_on
    engine.open("t0", RTMP, 0)  # the tile's camera arrives: its player is waiting
    assert len(made_on) == 4 and len(engine._spare) == 3


def test_the_status_bar_counts_what_each_tile_shows(
    engine: VideoEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Camera trực tiếp: live/total' of this window's tiles: a planned still and a replay
    are neither live nor out, and said as what they are (the engine's players said a
    replaying tile live: its live stream plays hidden behind the replay)."""
    from widgets.wall_window import WallWindow

    tiles = wall(engine, 5)
    tiles[0]._status = tiles[1]._status = "live"
    tiles[2].still.planned = True
    tiles[3]._status = "live"
    tiles[3].replay.failed = "máy ghi hình không trả lời"  # a replay page shown: active
    tiles[4]._status = "lost"
    assert [t.showing for t in tiles] == ["live", "live", "still", "replay", "lost"]
    monkeypatch.setattr(WallWindow, "panels", lambda self: {t.key: t for t in tiles})
    text = WallWindow._cameras_text(WallWindow.__new__(WallWindow))
    assert text == "Camera trực tiếp: 2/5 · 1 ảnh tĩnh · 1 đang xem lại"
    tiles[3].replay.failed = ""
    tiles[2].still.planned = False
    tiles[2]._status = "live"
    assert WallWindow._cameras_text(WallWindow.__new__(WallWindow)) == "Camera trực tiếp: 4/5"
