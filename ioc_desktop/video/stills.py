"""Pictures a tile shows without playing video: the camera's snapshot URL, or one picture of
its sub stream, refreshed every few seconds (issue #20).

Two tiles need them. A tile the decode planner put on its lowest rung (a *true still*: no
libVLC player at all) shows the camera's picture refreshed every STILL_EVERY_S. A tile whose
stream is gone (the recovery ladder's last rung) shows the camera's snapshot, refreshed the
same way, instead of an ever older last picture, while its stream is retried.

Where a picture comes from: the camera's `snapshot_url` (ONVIF's GetSnapshotUri: a JPEG of
the picture now; fetched by the backend client, with the token only on the backend's host),
else, for a planned still only, its sub stream opened with FFmpeg (PyAV), decoded up to its
first keyframe (the other frames are not decoded), kept, closed. bench/true_stills.py
measured both against libVLC's keyframes-only playing (the old still rung) and live sub.

A picture's time is when it was asked for (a snapshot) or decoded (a stream's picture): its
age on the tile is never younger than the truth by more than the request's own time.
Fetches run on this feed's two threads, never the UI thread; the schedule (`StillSchedule`,
pure) says which tile's picture is due and backs off a camera whose pictures fail.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from ioc_desktop.logs import redact_url
from ioc_desktop.worker_pool import started_pool

log = logging.getLogger(__name__)

# A still every 4 s: its age badge (amber from 1 s, red from 5 s, picture_age.py) stays amber
# while stills keep coming and turns red only when one is late, so red still means "stale".
STILL_EVERY_S = 4.0
BACKOFF_MAX_S = 30.0  # a camera whose picture fails is asked again at most this far apart
WORKERS = 2  # fetches at once, for the whole wall
PICTURE_WIDTH = 640  # kept pictures are scaled down to this (a still fills a small tile)
GRAB_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class StillSource:
    """Where a tile's pictures come from: the snapshot URL, else one picture of the stream
    (None for the ladder's last rung: that stream is the one that is gone)."""

    camera_id: str
    snapshot_url: str | None
    stream_url: str | None = None
    every_s: float = STILL_EVERY_S

    @property
    def usable(self) -> bool:
        return bool(self.snapshot_url or self.stream_url)


@dataclass(frozen=True)
class StillPicture:
    image: QImage
    taken_at: float  # epoch s
    camera_id: str
    from_snapshot: bool  # the camera's snapshot URL (else a picture of its stream)


@dataclass
class _Want:
    source: StillSource
    due: float
    generation: int
    busy: bool = False
    failures: int = 0


@dataclass
class StillSchedule:
    """Which tiles' pictures to fetch now (pure: `now` is given, monotonic seconds).

    A wanted tile is due at once, then every `every_s` from its last fetch's start (so its
    picture is at most every_s plus one fetch old); a failed fetch doubles the wait, up to
    BACKOFF_MAX_S. At most `workers` fetches run at once, the most overdue first, so a wall
    of stills spreads its fetches by itself."""

    workers: int = WORKERS
    wants: dict[str, _Want] = field(default_factory=dict)
    _generations: int = 0

    def want(self, key: str, source: StillSource, now: float) -> None:
        had = self.wants.get(key)
        if had is not None and had.source == source:
            return
        self._generations += 1
        self.wants[key] = _Want(source, now, self._generations)

    def drop(self, key: str) -> None:
        self.wants.pop(key, None)

    def running(self) -> int:
        return sum(1 for w in self.wants.values() if w.busy)

    def due(self, now: float) -> list[tuple[str, StillSource, int]]:
        """The fetches to start now (each marked busy): (key, source, generation)."""
        free = self.workers - self.running()
        ready = sorted((w.due, k) for k, w in self.wants.items() if not w.busy and w.due <= now)
        out = []
        for _, key in ready[: max(0, free)]:
            w = self.wants[key]
            w.busy = True
            w.due = now + w.source.every_s  # from this fetch's start
            out.append((key, w.source, w.generation))
        return out

    def done(self, key: str, generation: int, ok: bool, now: float) -> bool:
        """A fetch ended; False when the tile no longer wants it (dropped or changed)."""
        w = self.wants.get(key)
        if w is None or w.generation != generation:
            return False
        w.busy = False
        if ok:
            w.failures = 0
        else:
            w.failures += 1
            wait = min(BACKOFF_MAX_S, w.source.every_s * 2 ** min(w.failures, 4))
            w.due = max(w.due, now + wait)
        return True

    def next_due(self) -> float | None:
        return min((w.due for w in self.wants.values() if not w.busy), default=None)


def image_from_bytes(data: bytes, width: int = PICTURE_WIDTH) -> QImage:
    """A JPEG's (or PNG's) picture, scaled down to `width` at most; null if it is none."""
    image = QImage.fromData(data)
    if not image.isNull() and image.width() > width:
        image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    return image


def grab_picture(url: str, timeout_s: float = GRAB_TIMEOUT_S, width: int = PICTURE_WIDTH) -> QImage:
    """One picture of a stream: opened with FFmpeg, read up to its first keyframe (only that
    one decoded, on one thread), closed. Raises OSError when none came within timeout_s."""
    import av

    options = {"analyzeduration": "0", "probesize": "65536", "fflags": "nobuffer"}
    if url.startswith("rtsp"):
        options["rtsp_transport"] = "tcp"
    deadline = time.monotonic() + timeout_s
    try:
        with av.open(url, options=options, timeout=(timeout_s, timeout_s)) as box:
            stream = box.streams.video[0]
            stream.codec_context.skip_frame = "NONKEY"
            stream.codec_context.thread_count = 1
            for packet in box.demux(stream):
                if time.monotonic() > deadline:
                    break
                for frame in packet.decode():
                    w = min(width, frame.width)
                    h = max(2, round(frame.height * w / frame.width / 2) * 2)
                    rgb = frame.reformat(width=w, height=h, format="rgb24").to_ndarray()
                    return QImage(
                        rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888
                    ).copy()
    except (av.FFmpegError, IndexError) as exc:
        raise OSError(f"{redact_url(url)}: {exc}") from exc
    raise OSError(f"{redact_url(url)}: no picture within {timeout_s:g} s")


class StillChannel(QObject):
    """One tile's pictures (GUI thread only)."""

    sig_picture = Signal(object)  # a StillPicture
    sig_failed = Signal(str)  # why the last one did not come


class StillFeed(QObject):
    """Fetches the pictures tiles want, off the UI thread; each tile hears its own channel."""

    _sig_done = Signal(str, int, object, str)  # key, generation, StillPicture | None, error
    TICK_MS = 250

    def __init__(
        self,
        fetch: Callable[[str], bytes] | None = None,
        credentials: Callable[[str], str] | None = None,
        grab: Callable[[str], QImage] = grab_picture,
        parent: QObject | None = None,
    ) -> None:
        """fetch: a snapshot URL → the picture's bytes (the backend client's
        camera_snapshot; None: snapshot URLs are not fetched); credentials: a stream URL →
        the URL the grab opens (the OS keyring's user and password)."""
        super().__init__(parent)
        self.fetch = fetch
        self._credentials = credentials or (lambda url: url)
        self._grab = grab
        self.schedule = StillSchedule()
        self._pool = started_pool(WORKERS, "stills")
        self._channels: dict[str, StillChannel] = {}
        self._latest: dict[str, StillPicture] = {}
        self.fetched = 0  # pictures that came (the bench and the self-test)
        self.failed = 0
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._sig_done.connect(self._on_done)

    def channel(self, key: str) -> StillChannel:
        ch = self._channels.get(key)
        if ch is None:
            ch = self._channels[key] = StillChannel(self)
        return ch

    def latest(self, key: str) -> StillPicture | None:
        return self._latest.get(key)

    def wanted(self, key: str) -> StillSource | None:
        w = self.schedule.wants.get(key)
        return None if w is None else w.source

    def want(self, key: str, source: StillSource) -> None:
        """Keep the tile's picture fresh from `source` until drop(key); a source with
        neither URL (or a snapshot URL and no fetcher, and no stream) asks for nothing."""
        if self.fetch is None and source.stream_url is None:
            source = StillSource(source.camera_id, None, None, source.every_s)
        if not source.usable:
            self.drop(key)
            return
        latest = self._latest.get(key)
        if latest is not None and latest.camera_id != source.camera_id:
            del self._latest[key]  # another camera's picture must not stand for this one
        self.schedule.want(key, source, time.monotonic())
        if not self._timer.isActive() and not self._closed:
            self._timer.start()
        self._tick()

    def drop(self, key: str) -> None:
        self.schedule.drop(key)
        self._latest.pop(key, None)
        if not self.schedule.wants:
            self._timer.stop()

    def release(self, key: str) -> None:
        self.drop(key)
        ch = self._channels.pop(key, None)
        if ch is not None:
            ch.deleteLater()

    def shutdown(self) -> None:
        self._closed = True
        self._timer.stop()
        self.schedule.wants.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _tick(self) -> None:
        if self._closed:
            return
        for key, source, generation in self.schedule.due(time.monotonic()):
            self._pool.submit(self._work, key, source, generation)

    def _work(self, key: str, source: StillSource, generation: int) -> None:
        at = time.time()
        try:
            if source.snapshot_url and self.fetch is not None:
                image = image_from_bytes(self.fetch(source.snapshot_url))
                snap = True
            elif source.stream_url:
                image = self._grab(self._credentials(source.stream_url))
                at, snap = time.time(), False  # decoded now: the stream is live
            else:
                raise OSError("no source")
            if image.isNull():
                raise OSError("not a picture")
            self._sig_done.emit(
                key, generation, StillPicture(image, at, source.camera_id, snap), ""
            )
        except Exception as exc:  # a camera's answer of any kind must not end the feed
            self._sig_done.emit(key, generation, None, str(exc) or type(exc).__name__)

    def _on_done(self, key: str, generation: int, picture: object, error: str) -> None:
        if not self.schedule.done(key, generation, picture is not None, time.monotonic()):
            return  # dropped or changed meanwhile: not this tile's picture any more
        if isinstance(picture, StillPicture):
            self.fetched += 1
            self._latest[key] = picture
            if (ch := self._channels.get(key)) is not None:
                ch.sig_picture.emit(picture)
        else:
            self.failed += 1
            log.debug("still of tile %s did not come: %s", key, error)
            if (ch := self._channels.get(key)) is not None:
                ch.sig_failed.emit(error)
