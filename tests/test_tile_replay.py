"""Instant replay inside the tile (issue #22), offscreen: what the tile says and does while it
replays, without a recording to play (the picture itself is read back from the screen in
tests/test_replay_display.py). Tiles of one replay pause, change speed and go back to live
together; a recorder that is away is said in the tile, which goes back to live by itself;
evidence taken in a replay is of the replay's moment; cameras with no tile here are left
for the replay window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.analytics import Playback
from ioc_desktop.backend.client import BackendHttpError
from ioc_desktop.recordings import Recordings
from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from widgets import replay_window, tile_replay
from widgets.camera_tile import CameraTile

AT = 1_800_000_000.0  # 2027-01-15 08:00:00Z


class AwayRecorder:
    """The backend's answer when the recorder is away."""

    def playback(self, camera_id: str, start: str, end: str) -> Any:
        raise BackendHttpError(503, "recorder away")


class Unanswered(Recordings):
    """Asked, never answered (the replay waits for its recording)."""

    def __init__(self) -> None:
        super().__init__(None)
        self.asked: list[tuple[str, float]] = []

    def request(self, camera_id: str, at: float, length_s: float = 120.0) -> None:
        self.asked.append((camera_id, at))


@pytest.fixture
def engine(qapp: QApplication) -> Iterator[VideoEngine]:
    e = VideoEngine()
    yield e
    e.shutdown()


@pytest.fixture
def tiles(engine: VideoEngine, qtbot: Any) -> Iterator[list[CameraTile]]:
    store = Store()  # no cameras: the tiles open no live stream
    made = [
        CameraTile("wall-1/0", "cam01", store, engine),
        CameraTile("wall-1/1", ["cam02", "cam03"], store, engine, dwell_s=1.0),  # a tour
        CameraTile("wall-1/2", "cam04", store, engine),
    ]
    for n, t in enumerate(made):
        qtbot.addWidget(t)
        t.resize(640, 400)
        t.move(n * 650, 0)
        t.show()
    yield made
    replay_window.provide(lambda: Recordings(None))
    replay_window._recordings = None


def test_tiles_of_one_replay_pause_speed_and_go_back_to_live_together(
    tiles: list[CameraTile],
) -> None:
    recordings = Unanswered()
    replay_window.provide(lambda: recordings)
    a, b, c = tiles
    on_tiles, in_window = tile_replay.split_for_replay(["cam01", "cam02", "cam09"], tiles)
    assert on_tiles == [a, b] and in_window == ["cam09"]  # cam09 has no tile here
    group = tile_replay.replay_in_tiles([t.replay for t in on_tiles], AT)
    assert group is not None and recordings.asked == [("cam01", AT), ("cam02", AT)]
    for t in (a, b):
        assert t.stack.currentWidget() is t.replay.page  # the live picture is hidden
        assert t.pill.text() == "Xem lại" and t.badge() is None
        assert t.replay.page.bar.full_text().startswith("XEM LẠI −")
        assert "2 camera cùng lúc" in t.replay.page.bar.full_text()
        assert t.tooltip_text().splitlines()[-1] == t.replay.page.bar.full_text()
    assert b.tour.paused  # a tour holds still while it replays
    assert c.stack.currentWidget() is c.video and not c.replay.active  # not in this replay
    # an answer for another replay's moment (a window's, 30 s earlier) is not taken
    early = datetime.fromtimestamp(AT - 31, UTC)
    recordings.sig_playback.emit("cam01", Playback("cam01", "http://127.0.0.1:9/x", early, early))
    assert a.replay.player is None
    a.replay.page.pause_button.click()
    assert group.paused and b.replay.page.pause_button.isChecked()
    assert "tạm dừng" in b.replay.page.bar.full_text()
    b.replay.page.speed.setCurrentIndex(replay_window.SPEEDS.index(2.0))
    assert group.rate == 2.0 and a.replay.page.speed.currentData() == 2.0
    assert "2×" in a.replay.page.bar.full_text()
    b.replay.page.live_button.click()  # one click: every tile of the replay back to live
    for t in (a, b):
        assert not t.replay.active and t.stack.currentWidget() is t.video
        assert t.pill.text() != "Xem lại"
    assert not b.tour.paused  # the tour goes on as it was
    assert tile_replay._groups == set() and group._closed  # the recordings' signals let go
    again = a.replay.start(AT)  # a new replay starts at 1×, whatever the last one ran at
    assert again is not None and a.replay.page.speed.currentData() == 1.0
    assert not a.replay.page.speed.isHidden()
    a.replay.back_to_live()


def test_the_recorder_away_is_said_in_the_tile_which_goes_back_to_live(
    tiles: list[CameraTile], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tile_replay, "FAILED_BACK_S", 1.0)
    replay_window.provide(lambda: Recordings(AwayRecorder()))  # no loop: answered at once
    a = tiles[0]
    a.replay_last_30_s()
    assert a.replay.active and a.stack.currentWidget() is a.replay.page
    said = a.replay.page.note.text()
    assert "Không xem lại được" in said and "máy ghi hình không trả lời" in said, said
    assert "Về trực tiếp sau 1 giây" in said
    assert a.pill.text() == "Không xem lại được"
    assert a.replay.page.speed.isHidden() and a.replay.page.pause_button.isHidden()
    qtbot.waitUntil(lambda: not a.replay.active, timeout=2000)
    assert a.stack.currentWidget() is a.video


def test_evidence_in_a_replay_is_of_the_replays_moment(tiles: list[CameraTile]) -> None:
    sent: list[tuple[str, dict[str, Any]]] = []
    replay_window.provide_evidence(lambda: "INC-00007", lambda i, body: sent.append((i, body)))
    replay_window.provide(Unanswered)
    try:
        a = tiles[0]
        a.replay_from(AT)  # no picture yet: the moment asked for
        a.snapshot_as_evidence()
        a.bookmark_last_30_s()
        assert [(i, b["action"]) for i, b in sent] == [
            ("INC-00007", "snapshot"),
            ("INC-00007", "bookmark"),
        ]
        assert sent[0][1]["at"] == "2027-01-15T08:00:00.000Z"
        assert sent[1][1]["from"] == "2027-01-15T07:59:30.000Z"
        assert sent[1][1]["to"] == "2027-01-15T08:00:10.000Z"
        a.replay.back_to_live()
    finally:
        replay_window._current_incident = None
        replay_window._submit = None


def test_an_alerts_replay_from_the_desk_plays_in_the_tiles_here_and_a_window_for_the_rest(
    tiles: list[CameraTile], engine: VideoEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from ioc_desktop.backend.analytics import AiEvent
    from widgets.shell import WallShell

    recordings = Unanswered()
    replay_window.provide(lambda: recordings)
    windows: list[tuple[list[tuple[str, str]], float]] = []
    monkeypatch.setattr(
        replay_window, "open_replay", lambda _e, cams, at, _near=None: windows.append((cams, at))
    )
    incident = SimpleNamespace(id="INC-1", camera_ids=["cam09", "cam01", "cam04"])
    store = SimpleNamespace(incidents=[incident], cameras={})
    shell = SimpleNamespace(
        services=SimpleNamespace(store=store, engine=engine),
        panels_of=lambda _kind: tiles,
        desk=None,
    )
    alert = AiEvent(
        1, "ai-1", "cam04", datetime.fromtimestamp(AT, UTC), "crowd", 0.9, (), None, "INC-1"
    )
    WallShell._replay_alert(shell, alert)  # type: ignore[arg-type]
    a, _tour, c = tiles
    # the AI camera and cam01 are on this PC's tiles: they replay there, from 3 s before
    assert recordings.asked == [("cam04", AT - 3), ("cam01", AT - 3)]
    assert c.replay.active and a.replay.active and c.replay.group is a.replay.group
    assert windows == [([("cam09", "cam09")], AT - 3)]  # on no tile here: the window
    a.replay.back_to_live()
    assert not c.replay.active
