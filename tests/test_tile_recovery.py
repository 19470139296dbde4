"""The recovery ladder as a tile drives it (widgets/tile_recovery.py), on a fake tile and
engine: which URL each rung opens, the first stream tried again behind a live fallback, and
back on it once it plays. Offscreen Qt (a timer), no libVLC."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.models import Camera, StreamProfile
from ioc_desktop.video.ladder import LadderPolicy, LadderRung
from widgets.tile_recovery import TileRecovery

MAIN = StreamProfile(
    "main", "http", "http://cam/main", "h264", 1280, 720, 25, None, "http://nvr/relay/main"
)
SUB = StreamProfile("sub", "http", "http://cam/sub", "h264", 640, 360, 25)
CAM = Camera("c1", "Camera 1", (21.3, 105.4), "25", "online", False, (), (MAIN, SUB), None)


class FakeStill:
    """The tile's still part (widgets/tile_still.py): what the ladder asked of it."""

    def __init__(self) -> None:
        self.gone: list[tuple[str, str | None]] = []
        self.ended = 0

    def while_gone(self, camera_id: str, snapshot_url: str | None) -> None:
        self.gone.append((camera_id, snapshot_url))

    def end_gone(self) -> None:
        self.ended += 1


class FakeTile:
    key = "wall-1/1"

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.behind: list[str] = []
        self.engine: Any = self
        self.still = FakeStill()

    def open(self, _key: str, url: str, *_a: Any, **_k: Any) -> None:
        self.opened.append(url)

    def video_window_id(self) -> int:
        return 1

    def try_stream_behind(self, url: str) -> bool:
        self.behind.append(url)
        return True


def test_the_ladder_opens_each_rung_and_comes_back_to_the_first(qapp: QApplication) -> None:
    tile = FakeTile()
    owner = QObject()  # the tile, in the app: the ladder's timer lives with it
    rec = TileRecovery(tile, owner)  # type: ignore[arg-type]
    rec.reset(CAM, MAIN, light=False)
    rec.on_status("lost")  # the watchdog reconnects by itself: nothing opened
    assert tile.opened == []
    rec.on_status("lost")
    assert tile.opened == ["http://cam/sub"] and "luồng còn lại" in rec.words()
    rec.on_status("lost")
    assert tile.opened[-1] == "http://nvr/relay/main" and "relay" in rec.words()
    rec.on_status("live")
    assert rec.ladder is not None and rec.ladder.rung is LadderRung.ALTERNATE
    rec.ladder.policy = LadderPolicy(retry_every_s=0.0)
    rec._check_back()  # the timer's tick: the first stream is tried behind the picture
    assert tile.behind == ["http://cam/main"]
    rec.on_switch_done(True)
    assert rec.ladder.rung is LadderRung.RECONNECT and rec.words() == ""
    summary = rec.summary()
    assert [a["rung"] for a in summary] == ["reconnect", "other_profile", "alternate"]


def test_a_camera_gone_shows_its_last_picture_and_retries_only_the_first(
    qapp: QApplication,
) -> None:
    tile = FakeTile()
    owner = QObject()  # the tile, in the app: the ladder's timer lives with it
    rec = TileRecovery(tile, owner)  # type: ignore[arg-type]
    rec.reset(CAM, SUB, light=True)  # the sub stream has no alternate
    for _ in range(3):
        rec.on_status("lost")
    assert tile.opened == ["http://cam/main", "http://cam/sub"]  # other profile, then first
    assert "ảnh cuối" in rec.words()
    rec.on_status("lost")  # on the last rung the watchdog keeps retrying: nothing opened
    assert tile.opened == ["http://cam/main", "http://cam/sub"]
    # the camera's snapshot asked for once, on reaching the last rung; ended when live
    assert tile.still.gone == [(CAM.id, CAM.snapshot_url)]
    ended = tile.still.ended
    rec.on_status("live")
    assert tile.still.ended == ended + 1
    assert rec.ladder is not None and rec.ladder.rung is LadderRung.RECONNECT
