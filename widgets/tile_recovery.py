"""A tile's recovery ladder on the wall: hears the tile's status, plays the next rung.

The ladder itself is pure (video/ladder.py). Here: a lost attempt climbs it; the first rung
(reconnect) is the engine's own watchdog retrying with back-off; the other profile and the
alternate source are opened through the engine under the tile's key (the tile's plan still
names its first stream, so it does not undo the ladder); on the last rung the first stream is
opened again and the watchdog keeps trying it, while the tile shows its last picture with its
age, replaced by the camera's snapshot (its snapshot_url, fetched every few seconds by the
engine's still feed: tile_still.py) while the stream is gone, until it is live again.
Each attempt is logged (rung, URL without credentials, how long) and kept for the self-test
and the tooltip (`summary()`); the tile says which rung it is on.
"""

from __future__ import annotations

import logging
import time
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from ioc_desktop.backend.models import Camera, StreamProfile
from ioc_desktop.i18n import translate
from ioc_desktop.video.engine import VideoEngine, redact_url
from ioc_desktop.video.ladder import LadderRung, RecoveryLadder, Step
from widgets.tile_still import TileStill

log = logging.getLogger(__name__)


class RecoveringTile(Protocol):
    key: str
    engine: VideoEngine
    still: TileStill

    def video_window_id(self) -> int: ...

    def try_stream_behind(self, url: str) -> bool: ...


def rung_words(rung: LadderRung) -> str:
    return {
        LadderRung.RECONNECT: translate("tile_recovery", "kết nối lại"),
        LadderRung.OTHER_PROFILE: translate("tile_recovery", "luồng còn lại của camera"),
        LadderRung.ALTERNATE: translate("tile_recovery", "nguồn thay thế (relay)"),
        LadderRung.LAST_PICTURE: translate("tile_recovery", "ảnh cuối, vẫn thử lại"),
    }[rung]


class TileRecovery:
    CHECK_MS = 5000  # how often a tile live on a fallback asks whether to try the first

    def __init__(self, tile: RecoveringTile, parent: QObject) -> None:
        self.tile = tile
        self.ladder: RecoveryLadder | None = None
        self._light = False
        self._transport: str | None = None
        self._trying_first = False
        self._camera: tuple[str, str | None] = ("", None)  # (id, snapshot_url)
        self._timer = QTimer(parent)
        self._timer.setInterval(self.CHECK_MS)
        self._timer.timeout.connect(self._check_back)

    def _check_back(self) -> None:
        ladder = self.ladder
        if ladder is None or ladder.rung is LadderRung.RECONNECT:
            self._timer.stop()
            return
        if ladder.back_due(time.monotonic()) and not self._trying_first:
            self._trying_first = self.tile.try_stream_behind(ladder.first)
            if not self._trying_first:
                ladder.back_failed(time.monotonic())

    def on_switch_done(self, ok: bool) -> None:
        """The tile's make-before-break switch ended (ours to the first stream, or another)."""
        if not self._trying_first or self.ladder is None:
            return
        self._trying_first = False
        now = time.monotonic()
        if ok:
            self.ladder.first_is_back(now)
            self._timer.stop()
            log.info("tile %s: back on its first stream", self.tile.key)
        else:
            self.ladder.back_failed(now)

    def reset(self, cam: Camera, stream: StreamProfile, light: bool) -> None:
        """The tile opened `stream` of `cam`: a fresh ladder for it."""
        other = next((s for s in cam.streams if s.profile != stream.profile), None)
        self.ladder = RecoveryLadder(stream.url, other.url if other else None, stream.alternate_url)
        self._light, self._transport = light, stream.rtsp_transport
        self._camera = (cam.id, cam.snapshot_url)
        self._trying_first = False
        self.tile.still.end_gone()
        self._timer.stop()

    def on_status(self, status: str) -> None:
        ladder = self.ladder
        if ladder is None:
            return
        now = time.monotonic()
        if status == "lost":
            was = ladder.rung
            step = ladder.lost(now)
            if step.rung is not was or step.rung is not LadderRung.RECONNECT:
                self._act(step, was)
        elif status == "live" and not ladder.live:
            self.tile.still.end_gone()  # live again: no more snapshots
            if ladder.rung is LadderRung.LAST_PICTURE:
                ladder.first_is_back(now)
            else:
                ladder.went_live(now)
            if ladder.rung is not LadderRung.RECONNECT:
                self._timer.start()  # live on a fallback: the first is tried again later
            log.info(
                "tile %s: live again on rung %s (%s)",
                self.tile.key,
                ladder.rung.value,
                redact_url(ladder.url or ladder.first),
            )

    def _act(self, step: Step, was: LadderRung) -> None:
        ladder = self.ladder
        assert ladder is not None
        if step.rung is LadderRung.LAST_PICTURE:
            if was is LadderRung.LAST_PICTURE:
                return  # the watchdog keeps trying the first stream
            self.tile.still.while_gone(*self._camera)  # the camera's snapshot, if any
            url = ladder.first
        else:
            url = step.url or ladder.first
        if step.rung is not was:
            log.info(
                "tile %s: recovery ladder %s -> %s (%s)",
                self.tile.key,
                was.value,
                step.rung.value,
                redact_url(url),
            )
        if step.rung is LadderRung.RECONNECT:
            return  # the engine's watchdog reconnects by itself
        self.tile.engine.open(
            self.tile.key, url, self.tile.video_window_id(), self._light, self._transport
        )

    def words(self) -> str:
        """The rung, for the tile ('' while on the first stream)."""
        ladder = self.ladder
        if ladder is None or ladder.rung is LadderRung.RECONNECT:
            return ""
        return translate("tile_recovery", "Khôi phục: {rung}").format(rung=rung_words(ladder.rung))

    def live_note(self) -> str:
        """Short, beside "Trực tiếp" in the pill, while live on a fallback ('' on the first)."""
        ladder = self.ladder
        if ladder is None or not ladder.live:
            return ""
        if ladder.rung is LadderRung.OTHER_PROFILE:
            return translate("tile_recovery", "luồng còn lại")
        if ladder.rung is LadderRung.ALTERNATE:
            return translate("tile_recovery", "qua relay")
        return ""

    def summary(self) -> list[dict[str, object]]:
        if self.ladder is None:
            return []
        return [
            {**a, "url": redact_url(str(a["url"])) if a["url"] else None}
            for a in self.ladder.summary()
        ]
