"""The video engine: one `vlc.Instance`, a player per open tile, a watchdog per player.

Widgets hand it a native window id and a URL; everything libVLC-side stays here. libVLC's own
callbacks arrive on its threads, so the engine never uses them to touch Qt: a 2 Hz timer on the
GUI thread reads each player's state and frame counter and re-emits changes as Qt signals.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ioc_desktop.video.libvlc import load_vlc
from ioc_desktop.video.watchdog import StreamWatchdog, TileStatus, WatchdogPolicy

log = logging.getLogger(__name__)
_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


def redact_url(url: str) -> str:
    """The URL without user:password, for logs and screens."""
    return _CREDENTIALS.sub("***@", url)


def plugin_dirs(vlc: Any) -> list[Path]:
    """Where this libVLC keeps its plugins (libVLC has no API that lists access modules)."""
    dirs = [
        Path(p)
        for p in (os.environ.get("PYTHON_VLC_MODULE_PATH"), os.environ.get("VLC_PLUGIN_PATH"))
        if p
    ]
    lib = getattr(vlc.dll, "_name", None)
    if lib:
        here = Path(lib).resolve().parent if os.path.sep in lib else None
        if here:
            dirs += [here / "vlc" / "plugins", here / "plugins"]
    dirs += [
        Path(p)
        for p in (
            "/usr/lib/x86_64-linux-gnu/vlc/plugins",
            "/usr/lib/aarch64-linux-gnu/vlc/plugins",
            "/usr/lib/vlc/plugins",
        )
    ]
    return [d for d in dirs if d.is_dir()]


@dataclass
class VideoSettings:
    network_caching_ms: int = 300
    hardware_decoding: str = "auto"  # auto | on | off
    extra_args: list[str] = field(default_factory=list)

    def instance_args(self) -> list[str]:
        hw = {"auto": "any", "on": "any", "off": "none"}[self.hardware_decoding]
        return [
            "--no-xlib",  # many players in one process: libVLC must not call XInitThreads
            "--quiet",
            "--no-video-title-show",
            "--no-osd",
            "--no-snapshot-preview",
            "--no-sub-autodetect-file",
            f"--network-caching={self.network_caching_ms}",
            f"--avcodec-hw={hw}",
            *self.extra_args,
        ]


@dataclass
class TileStats:
    status: TileStatus
    frames_displayed: int
    fps: float
    frame_age_s: float | None
    reconnects: int
    detail: str


@dataclass
class _Slot:
    url: str
    win_id: int
    player: Any
    watchdog: StreamWatchdog
    failed: bool = False
    fps: float = 0.0
    _fps_mark: tuple[float, int] = (0.0, 0)


class VideoEngine(QObject):
    sig_status_changed = Signal(str, str, str)
    """A tile's stream status changed: (tile key, TileStatus value, detail for the operator)."""

    POLL_MS = 500

    def __init__(
        self, settings: VideoSettings | None = None, policy: WatchdogPolicy | None = None
    ) -> None:
        super().__init__()
        self._vlc = load_vlc()
        self.settings = settings or VideoSettings()
        self.policy = policy or WatchdogPolicy()
        self.instance = self._vlc.Instance(self.settings.instance_args())
        if self.instance is None:
            raise OSError("libVLC refused to start (check plugins and options)")
        self._slots: dict[str, _Slot] = {}
        self._spare: list[Any] = []
        self._rtsp: bool | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    # -- intents from tiles ------------------------------------------------------------
    def open(self, key: str, url: str, win_id: int) -> None:
        self.close(key)
        dog = StreamWatchdog(self.policy)
        dog.start(time.monotonic())
        player = self._spare.pop() if self._spare else self.instance.media_player_new()
        slot = _Slot(url=url, win_id=win_id, player=player, watchdog=dog)
        self._slots[key] = slot
        why = self.unsupported_reason(url)
        if why:
            dog.mark_unsupported(why)
            self.sig_status_changed.emit(key, dog.status.value, why)
            return
        self._attach(slot)
        self._start(slot)
        self.sig_status_changed.emit(key, dog.status.value, "")

    def close(self, key: str) -> None:
        slot = self._slots.pop(key, None)
        if slot is None:
            return
        slot.player.stop()
        slot.player.set_media(None)
        self._spare.append(slot.player)

    def stats(self, key: str) -> TileStats | None:
        slot = self._slots.get(key)
        if slot is None:
            return None
        dog = slot.watchdog
        return TileStats(
            dog.status,
            dog.frames,
            slot.fps,
            dog.frame_age(time.monotonic()),
            dog.reconnects,
            dog.detail,
        )

    def tile_keys(self) -> list[str]:
        return list(self._slots)

    def shutdown(self) -> None:
        self._timer.stop()
        for key in list(self._slots):
            self.close(key)
        for p in self._spare:
            p.release()
        self._spare.clear()
        self.instance.release()

    def unsupported_reason(self, url: str) -> str | None:
        """Why this libVLC cannot play the URL at all (told to the operator, not a black tile)."""
        if url.lower().startswith(("rtsp://", "rtsps://")) and not self._has_rtsp():
            return "RTSP is not available in this libVLC build (no live555 module)"
        return None

    def _has_rtsp(self) -> bool:
        if self._rtsp is None:
            self._rtsp = any(any(d.glob("access/*live555*")) for d in plugin_dirs(self._vlc))
        return self._rtsp

    # -- libVLC side ---------------------------------------------------------------------
    def _attach(self, slot: _Slot) -> None:
        p = slot.player
        if sys.platform.startswith("linux"):
            p.set_xwindow(slot.win_id)
        elif sys.platform == "win32":
            p.set_hwnd(slot.win_id)
        elif sys.platform == "darwin":
            p.set_nsobject(slot.win_id)
        p.video_set_mouse_input(False)  # clicks go to Qt (double-click to maximise)
        p.video_set_key_input(False)
        p.audio_set_mute(True)

    def _start(self, slot: _Slot) -> None:
        slot.failed = False
        media = self.instance.media_new(slot.url)
        slot.player.set_media(media)
        media.release()
        events = slot.player.event_manager()
        events.event_detach(self._vlc.EventType.MediaPlayerEncounteredError)
        # runs on a libVLC thread: only flips a flag that the poll reads
        events.event_attach(
            self._vlc.EventType.MediaPlayerEncounteredError,
            lambda _e, s=slot: setattr(s, "failed", True),
        )
        slot.player.play()
        log.info("playing %s", redact_url(slot.url))

    def _frames(self, slot: _Slot) -> int:
        media = slot.player.get_media()
        if media is None:
            return 0
        stats = self._vlc.MediaStats()
        ok = media.get_stats(stats)
        media.release()
        return int(stats.displayed_pictures) if ok else 0

    def _poll(self) -> None:
        now = time.monotonic()
        ended = {self._vlc.State.Ended, self._vlc.State.Error}
        for key, slot in list(self._slots.items()):
            dog = slot.watchdog
            before = (dog.status, dog.detail)
            frames = self._frames(slot)
            t0, f0 = slot._fps_mark
            if now - t0 >= 1.0:
                slot.fps = (frames - f0) / (now - t0) if t0 and frames >= f0 else 0.0
                slot._fps_mark = (now, frames)
            failed = slot.failed or slot.player.get_state() in ended
            if dog.observe(now, frames, failed):
                log.info("reconnecting %s (try %d)", key, dog.reconnects)
                slot.player.stop()
                slot._fps_mark = (0.0, 0)
                self._start(slot)
            elif dog.status.value == "lost" and before[0].value != "lost":
                slot.player.stop()
            if (dog.status, dog.detail) != before:
                self.sig_status_changed.emit(key, dog.status.value, dog.detail)
