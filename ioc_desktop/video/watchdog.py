"""What a tile may truthfully say about its stream, decided from observations alone.

Pure logic (no libVLC, no Qt), so every transition is unit-tested: the engine feeds it the
player state and the displayed-frame counter twice a second; it answers with the status and
whether to reconnect now. Back-off is exponential and capped, so a dead camera costs little;
for the first minute of an outage the cap is low (3 s), because most outages are short (a
switch reboots, a stream server restarts) and the operator wants the picture back at once:
with a 15 s cap from the start, a 20 s outage kept tiles dark ~15 s after the streams were
back (bench/soak.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ioc_desktop.i18n import translate


class TileStatus(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    STALLED = "stalled"
    LOST = "lost"
    UNSUPPORTED = "unsupported"
    STOPPED = "stopped"
    DENIED = "denied"  # the camera refused the credentials: not an outage, a setting to fix


@dataclass
class WatchdogPolicy:
    connect_timeout_s: float = 8.0  # no first frame by then: lost
    stall_after_s: float = 2.5  # no new frame for this long while playing: stalled
    lost_after_s: float = 6.0  # stalled this long: lost, reconnect
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 15.0  # a camera dead for long: one try every 15 s
    backoff_fast_max_s: float = 3.0  # ... but while the outage is young, at least every 3 s
    fast_retry_for_s: float = 60.0


@dataclass
class StreamWatchdog:
    policy: WatchdogPolicy = field(default_factory=WatchdogPolicy)
    status: TileStatus = TileStatus.CONNECTING
    frames: int = 0
    last_frame_at: float | None = None
    started_at: float = 0.0
    retry_at: float | None = None
    backoff_s: float = 0.0
    lost_since: float | None = None  # start of the current outage (None while live)
    reconnects: int = 0
    detail: str = ""

    def start(self, now: float) -> None:
        self.status = TileStatus.CONNECTING
        self.started_at = now
        self.frames = 0
        self.last_frame_at = None
        self.retry_at = None
        self.detail = ""

    def frame_age(self, now: float) -> float | None:
        return None if self.last_frame_at is None else now - self.last_frame_at

    def observe(self, now: float, frames: int, player_failed: bool) -> bool:
        """Take one observation; True means: reconnect the stream now."""
        if self.status in (TileStatus.UNSUPPORTED, TileStatus.STOPPED):
            return False
        if self.status == TileStatus.DENIED:
            return self._observe_denied(now, frames)
        if self.status == TileStatus.LOST:
            if self.retry_at is not None and now >= self.retry_at:
                self.reconnects += 1
                self.start(now)
                return True
            return False
        if frames < self.frames:  # counter reset by a new media: treat as a fresh start
            self.frames = 0
        if frames > self.frames:
            self.frames = frames
            self.last_frame_at = now
            self.status = TileStatus.LIVE
            self.backoff_s = 0.0
            self.lost_since = None
            self.detail = ""
            return False
        if player_failed:
            self._lose(now, translate("watchdog", "luồng báo lỗi"))
            return False
        if self.last_frame_at is None:
            if now - self.started_at > self.policy.connect_timeout_s:
                self._lose(now, translate("watchdog", "không có hình"))
            return False
        silent = now - self.last_frame_at
        if silent > self.policy.lost_after_s:
            self._lose(
                now,
                translate("watchdog", "không có hình trong {seconds} giây").format(
                    seconds=f"{silent:.0f}"
                ),
            )
        elif silent > self.policy.stall_after_s:
            self.status = TileStatus.STALLED
        return False

    def _lose(self, now: float, why: str) -> None:
        self.status = TileStatus.LOST
        self.detail = why
        if self.lost_since is None:
            self.lost_since = now
        young = now - self.lost_since < self.policy.fast_retry_for_s
        cap = self.policy.backoff_fast_max_s if young else self.policy.backoff_max_s
        self.backoff_s = (
            self.policy.backoff_initial_s
            if self.backoff_s == 0
            else min(cap, max(self.backoff_s * 2, self.policy.backoff_initial_s))
        )
        self.retry_at = now + self.backoff_s

    def deny(self, now: float, why: str) -> None:
        """The camera refused the credentials. Tried again every backoff_max_s (someone may
        fix the password in the backend or the keyring), and said so until a picture comes:
        the tile does not flip to "connecting" and back at every try."""
        if self.status != TileStatus.DENIED:
            self.lost_since = self.lost_since if self.lost_since is not None else now
            self.retry_at = now + self.policy.backoff_max_s
        self.status = TileStatus.DENIED
        self.detail = why

    def _observe_denied(self, now: float, frames: int) -> bool:
        if frames > self.frames:
            self.status = TileStatus.CONNECTING  # the next observation says live
            return self.observe(now, frames, False)
        if self.retry_at is not None and now >= self.retry_at:
            self.reconnects += 1
            self.retry_at = now + self.policy.backoff_max_s
            self.frames, self.last_frame_at, self.started_at = 0, None, now
            return True
        return False

    def mark_unsupported(self, why: str) -> None:
        self.status = TileStatus.UNSUPPORTED
        self.detail = why

    def stop(self) -> None:
        self.status = TileStatus.STOPPED
