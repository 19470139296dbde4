"""Camera analytics on the client: AI alerts as they come, and the detection frames of the
cameras whose tiles draw boxes.

Alerts are read after a cursor (GET /api/v1/ai-events) every second and told one by one
(`sig_ai_event`). Detection frames are read only for the cameras someone follows (a tile with
boxes on), the last few seconds each half second, and told on that camera's own channel, so
a tile hears of its own camera only. Calls run in a thread pool off the UI thread; a failed
call is logged once per run of failures and retried at the next turn.

The picture's time: a box belongs over the picture of its frame's moment. `PictureClock`
says which moment a tile shows. Exactly, where the picture says which frame it is (the demo
clips' frame mark, read off the tile's stills by the engine: `TileStats.picture_frame`): that
frame was on screen at a known moment, and the picture runs at the stream's own pace from
there. Otherwise estimated: the stream started at a keyframe (a GOP-cache server, as the
demo's and most VMS media servers are, sends the last keyframe before the live moment
first), the tile's first picture was that keyframe; a player that connected within a few
tens of ms of a keyframe can be guessed one GOP off (issue #22). Boxes are then chosen by
that time, never by when they arrived.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ioc_desktop.backend.analytics import AiEvent, DetectionFrame
from ioc_desktop.worker_pool import started_pool

log = logging.getLogger(__name__)
ALERT_POLL_S = 1.0
DETECTION_POLL_S = 0.5
DETECTION_WINDOW_S = 6.0  # frames asked for: the last few seconds (a tile shows ~1 s late)
KEEP_FRAMES_S = 12.0
KEEP_ALERTS = 500
PAGE = 200  # alerts a page at most (the contract's)


def iso_z(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class PictureClock:
    """Which moment of the stream a tile shows (wall-clock seconds of the stream's clock).

    origin: wall time of the stream's frame 0; gop_s: keyframe spacing (the demo's: 1 s);
    connected_at: when the player asked for the stream; first_picture_at: when its first
    picture showed. Estimated, the first picture is the last keyframe before the moment of
    connecting (STARTUP_S: the typical time from asking to the server's answer is allowed
    for): right to a GOP, or a whole GOP off.

    The anchor, where the picture says which frame it is: frame `anchor_index` of a clip
    `anchor_loop` frames long (stream frame k shows k mod loop, at fps) was on screen at
    `anchor_at`. That frame is placed to the frame, the loop's turn nearest the estimate
    (which is never half a loop off). A real camera's picture says no frame number: its
    tiles keep the estimate; the real-world anchor is the stream's own timestamps (RTP/RTCP,
    or ONVIF metadata carrying the analysed frame's time), which libVLC does not hand out."""

    origin: float
    gop_s: float
    connected_at: float
    first_picture_at: float
    fps: float = 25.0
    anchor_index: int | None = None
    anchor_loop: int = 0
    anchor_at: float = 0.0

    STARTUP_S = 0.03

    def estimated_first_picture_time(self) -> float:
        """The first picture's stream time as the keyframe guess makes it."""
        since = self.connected_at + self.STARTUP_S - self.origin
        return self.origin + math.floor(since / self.gop_s + 1e-9) * self.gop_s

    def anchored(self) -> bool:
        return self.anchor_index is not None and self.anchor_loop > 0

    def first_picture_stream_time(self) -> float:
        """Stream time of the tile's first picture: the anchor's where there is one."""
        estimate = self.estimated_first_picture_time()
        if self.anchor_index is None or self.anchor_loop <= 0:
            return estimate
        ran = self.anchor_at - self.first_picture_at  # picture time from first to anchor
        guess = (estimate + ran - self.origin) * self.fps  # the anchor's frame, estimated
        turns = round((guess - self.anchor_index) / self.anchor_loop)
        frame = self.anchor_index + turns * self.anchor_loop
        return self.origin + frame / self.fps - ran

    def shown_at(self, now: float) -> float:
        """Stream time (as wall-clock seconds) of the picture on screen at `now`."""
        return self.first_picture_stream_time() + (now - self.first_picture_at)

    def delay_s(self) -> float:
        """How far behind the stream's live moment the picture is."""
        return self.first_picture_at - self.first_picture_stream_time()


class CameraChannel(QObject):
    sig_frames_changed = Signal()
    """Newer detection frames of this camera arrived."""


class AnalyticsFeed(QObject):
    sig_ai_event = Signal(object)
    """A new AI alert (an AiEvent), oldest first."""
    sig_snapshot_ready = Signal(str)
    """An alert's snapshot arrived (the alert's id): snapshot(id) has its bytes."""

    def __init__(self, client: Any, now: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.client = client
        self._now = now
        self.cursor: int | None = None  # None: not read yet (the first read skips history)
        self.alerts: deque[AiEvent] = deque(maxlen=KEEP_ALERTS)
        self._frames: dict[str, list[DetectionFrame]] = {}
        self._follow: dict[str, int] = {}
        self._channels: dict[str, CameraChannel] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._executor = started_pool(2, "analytics")
        self._failing: set[str] = set()
        self._snapshots: dict[str, bytes] = {}
        self._closed = False
        self._asked: set[str] = set()
        self._once: set[asyncio.Task[None]] = set()
        self.calls = 0

    # -- what widgets use -------------------------------------------------------------
    def channel(self, camera_id: str) -> CameraChannel:
        if camera_id not in self._channels:
            self._channels[camera_id] = CameraChannel(self)
        return self._channels[camera_id]

    def follow(self, camera_id: str) -> None:
        self._follow[camera_id] = self._follow.get(camera_id, 0) + 1

    def unfollow(self, camera_id: str) -> None:
        left = self._follow.get(camera_id, 0) - 1
        if left <= 0:
            self._follow.pop(camera_id, None)
            self._frames.pop(camera_id, None)
        else:
            self._follow[camera_id] = left

    def frames(self, camera_id: str) -> list[DetectionFrame]:
        return self._frames.get(camera_id, [])

    def alerts_of(self, incident_id: str) -> list[AiEvent]:
        return [a for a in self.alerts if a.incident_id == incident_id]

    def snapshot(self, alert_id: str) -> bytes | None:
        return self._snapshots.get(alert_id)

    def request_snapshot(self, alert: AiEvent) -> None:
        """Fetch an alert's snapshot off the UI thread (once); sig_snapshot_ready tells."""
        if alert.snapshot_url is None or alert.id in self._snapshots or alert.id in self._asked:
            return
        self._asked.add(alert.id)
        url = alert.snapshot_url

        async def fetch() -> None:
            data = await self._call("snapshot", partial(self.client.ai_snapshot, url))
            self._asked.discard(alert.id)
            if data:
                self._snapshots[alert.id] = data
                while len(self._snapshots) > 50:
                    self._snapshots.pop(next(iter(self._snapshots)))
                self.sig_snapshot_ready.emit(alert.id)

        try:
            task = asyncio.get_running_loop().create_task(fetch())
        except RuntimeError:  # no loop running (yet): asked again on the next refresh
            self._asked.discard(alert.id)
            return
        self._once.add(task)
        task.add_done_callback(self._once.discard)

    # -- running ----------------------------------------------------------------------
    def start(self) -> None:
        """Start reading on the qasync loop; made before the loop runs (a wall's windows
        are built first), it tries again a moment later."""
        if self._tasks or self._closed:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            QTimer.singleShot(500, self.start)
            return
        self._tasks = [
            loop.create_task(self._alerts_loop(), name="ai-events"),
            loop.create_task(self._detections_loop(), name="detections"),
        ]

    def close(self) -> None:
        """Stop at once (no waiting): the tasks are cancelled, the pool let go."""
        self._closed = True
        for t in [*self._tasks, *self._once]:
            t.cancel()
        self._tasks = []
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=2)
        self._tasks = []
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _call(self, name: str, fn: Callable[[], Any]) -> Any:
        loop = asyncio.get_running_loop()
        self.calls += 1
        try:
            result = await asyncio.wait_for(loop.run_in_executor(self._executor, fn), 8.0)
        except Exception as exc:  # told once, retried at the next turn
            if name not in self._failing:
                log.warning("analytics: %s failed: %s", name, exc)
                self._failing.add(name)
            return None
        self._failing.discard(name)
        return result

    async def _alerts_loop(self) -> None:
        while True:
            await self.read_alerts()
            await asyncio.sleep(ALERT_POLL_S)

    async def read_alerts(self) -> None:
        """Every alert after the cursor, page by page; those there before this console's
        first look are history (kept, not told)."""
        first = self.cursor is None
        for _ in range(20):  # a burst: at most 20 pages a turn
            after = self.cursor or 0
            got = await self._call("ai-events", partial(self.client.ai_events, after))
            if got is None:
                return
            cursor, events = got
            self.cursor = cursor
            for event in events:
                self.alerts.append(event)
                if not first:
                    self.sig_ai_event.emit(event)
            if len(events) < PAGE or cursor <= after:
                return

    async def _detections_loop(self) -> None:
        while True:
            await self.read_detections()
            await asyncio.sleep(DETECTION_POLL_S)

    async def read_detections(self) -> None:
        now = self._now()
        for camera_id in list(self._follow):
            span = self.span_for(camera_id, now)
            fetch = partial(self.client.camera_detections, camera_id, *span)
            got = await self._call(f"detections:{camera_id}", fetch)
            if got:
                self.take_frames(camera_id, got, now)

    def span_for(self, camera_id: str, now: float) -> tuple[str, str]:
        """The times to ask a followed camera's frames for: after the newest held, the
        last DETECTION_WINDOW_S at most."""
        held = self._frames.get(camera_id, [])
        start = now - DETECTION_WINDOW_S
        if held:
            start = max(start, held[-1].at.timestamp() + 0.001)
        return iso_z(start), iso_z(now)

    def take_frames(self, camera_id: str, got: list[DetectionFrame], now: float) -> None:
        """Newly read frames of a followed camera (older than KEEP_FRAMES_S let go)."""
        if camera_id not in self._follow:
            return
        keep_from = now - KEEP_FRAMES_S
        held = [f for f in self._frames.get(camera_id, []) if f.at.timestamp() >= keep_from]
        self._frames[camera_id] = held + list(got)
        self.channel(camera_id).sig_frames_changed.emit()
