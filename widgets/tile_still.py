"""A camera tile's pictures without video (issue #20): the true still the decode plan may give
it, and the camera's snapshot on the recovery ladder's last rung.

The pictures are fetched by the engine's still feed (ioc_desktop/video/stills.py), off the UI
thread; here the tile asks for them, hears its own channel, and says what it shows: "ảnh chụp
lúc HH:MM:SS" (a snapshot) or "ảnh từ luồng phụ lúc HH:MM:SS" (one picture of the stream),
and the picture's own age drives the tile's age badge, so a still never passes for live and
a snapshot's age is the snapshot's, not the lost stream's.

A planned still (`plan`) plays nothing at all: the tile shows the picture undimmed, refreshed
every few seconds. On the ladder's last rung (`while_gone`) the tile keeps its outage view
(dimmed, with the reason and the retries) and the snapshot replaces the last picture once it
is newer; without a snapshot URL, or while it fails, the last picture stays, growing older.
"""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from shiboken6 import Shiboken

from ioc_desktop import clock
from ioc_desktop.backend.models import Camera
from ioc_desktop.i18n import translate
from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.stills import StillChannel, StillPicture, StillSource


class StillTile(Protocol):
    key: str
    engine: VideoEngine

    def still_changed(self) -> None: ...


def still_words(picture: StillPicture | None) -> str:
    """What the tile says of the picture it shows (its time, in the province's time)."""
    if picture is None:
        return translate("tile_still", "đang lấy ảnh…")
    at = clock.fmt(clock.from_epoch(picture.taken_at), "%H:%M:%S")
    if picture.from_snapshot:
        return translate("tile_still", "ảnh chụp lúc {time}").format(time=at)
    return translate("tile_still", "ảnh từ luồng phụ lúc {time}").format(time=at)


class TileStill:
    def __init__(self, tile: StillTile, parent: QObject) -> None:
        self.tile = tile
        self.planned = False  # the decode plan's still: no player at all
        self.gone = False  # the ladder's last rung: snapshots while the stream is retried
        self._channel: StillChannel | None = None
        self._timer = QTimer(parent)  # a planned still's age badge: no engine poll tells it
        self._timer.setInterval(1000)
        self._timer.timeout.connect(tile.still_changed)

    def listen(self, key: str | None) -> None:
        """Hear this key's pictures only (None: none; a retargeted tile's old key let go)."""
        if self._channel is not None and Shiboken.isValid(self._channel):
            self._channel.sig_picture.disconnect(self._on_picture)
        self._channel = None if key is None else self.tile.engine.stills.channel(key)
        if self._channel is not None:
            self._channel.sig_picture.connect(self._on_picture)

    def _on_picture(self, _picture: object) -> None:
        self.tile.still_changed()

    def plan(self, cam: Camera, stream_url: str) -> None:
        """The plan's still: the snapshot URL's picture, else one of `stream_url` (the sub
        stream), every few seconds."""
        self.planned, self.gone = True, False
        self.tile.engine.stills.want(
            self.tile.key, StillSource(cam.id, cam.snapshot_url, stream_url)
        )
        self._timer.start()

    def while_gone(self, camera_id: str, snapshot_url: str | None) -> None:
        """The stream is gone (the ladder's last rung): the camera's snapshot, if it has one."""
        if self.planned or not snapshot_url:
            return
        self.gone = True
        self.tile.engine.stills.want(self.tile.key, StillSource(camera_id, snapshot_url))

    def end_gone(self) -> None:
        """The stream is live again (or another was opened): no more snapshots for it."""
        if self.gone:
            self.gone = False
            self.tile.engine.stills.drop(self.tile.key)

    def stop(self) -> None:
        """Video again (or the tile let go): no more pictures asked for this tile."""
        if self.planned or self.gone:
            self.tile.engine.stills.drop(self.tile.key)
        self.planned = self.gone = False
        self._timer.stop()

    def picture_of(self, camera_id: str) -> StillPicture | None:
        """The newest picture of that camera for this tile (None: none, or another's)."""
        if not (self.planned or self.gone):
            return None
        pic = self.tile.engine.stills.latest(self.tile.key)
        return pic if pic is not None and pic.camera_id == camera_id else None

    def age(self, camera_id: str) -> float | None:
        pic = self.picture_of(camera_id)
        return None if pic is None else max(0.0, time.time() - pic.taken_at)
