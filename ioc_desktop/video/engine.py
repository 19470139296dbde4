"""The video engine: one `vlc.Instance`, a player per open tile, a watchdog per player.

Widgets hand it a native window id and a URL; everything libVLC-side stays here. libVLC's own
callbacks arrive on its threads, so the engine never uses them to touch Qt: a 2 Hz timer on the
GUI thread reads each player's state and frame counter and re-emits changes as Qt signals.
When a stream showed its first picture is noted off the UI thread (first_frame.py).

Starting and stopping players is off the UI thread too, on one control thread, in order:
stop() waits for libVLC's threads to end (16 tiles going at a layout switch held the UI
thread ~90 ms, before any new tile could start). The control thread keeps the UI thread's
priority, so the decoders it starts are born there too and are lowered by the next poll
(thread_priority.py), not at birth: decoders lowered at once, or within 20 ms, made every
tile's first picture after a 4-monitor switch wait for the UI thread's first paint of the
new layout (bench/layout_switch.py: all pictures on screen 2.4-3.1 s instead of 1.6-2.1 s).
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from ioc_desktop.i18n import translate
from ioc_desktop.logs import redact_url
from ioc_desktop.video.bridge import StreamRouter, problem_text
from ioc_desktop.video.first_frame import FirstFrameWatch
from ioc_desktop.video.libvlc import embed, load_vlc
from ioc_desktop.video.picture_age import FRESH_S, shown_age
from ioc_desktop.video.relay import Problem, RelaySettings
from ioc_desktop.video.snapshot import snapshot_path
from ioc_desktop.video.stills import StillFeed
from ioc_desktop.video.thread_priority import WorkerPriority
from ioc_desktop.video.tile_delay import DelayReadings, PictureFrame, read_still
from ioc_desktop.video.timecode import FrameMark
from ioc_desktop.video.watchdog import StreamWatchdog, TileStatus, WatchdogPolicy
from ioc_desktop.worker_pool import started_pool

log = logging.getLogger(__name__)


def _relay_available() -> bool:
    """PyAV (FFmpeg's RTSP client) is there to relay RTSP for a libVLC without it."""
    try:
        import av  # noqa: F401
    except ImportError:
        return False
    return True


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
    # Kept at 300 from bench/latency.py (issue #20: glass to glass, 4 tiles a way, same run):
    # 0.35-0.62 s a tile at load 2-6 against 1.06-1.10 s with libVLC's default (1000 ms).
    # 100 ms was no lower (0.43-0.53 s beside 300's 0.35-0.46 s: libVLC adds delay of its own
    # when data is late at the start and never gives it back) and worse under load (0.78-1.57
    # s beside 0.75-1.14 s at load 16-19); docs/MEASUREMENTS.md.
    network_caching_ms: int = 300
    hardware_decoding: str = "auto"  # auto | on | off
    extra_args: list[str] = field(default_factory=list)
    light_decoding: bool = True  # small tiles' sub streams: see VideoEngine.open
    rtsp_transport: str = "tcp"  # tcp | udp: RTSP cameras, unless the camera says otherwise

    def instance_args(self) -> list[str]:
        hw = {"auto": "any", "on": "any", "off": "none"}[self.hardware_decoding]
        return [
            "--no-xlib",  # many players in one process: libVLC must not call XInitThreads
            "--quiet",
            "--no-video-title-show",
            "--no-osd",
            "--no-snapshot-preview",
            "--no-sub-autodetect-file",
            # libVLC keeps the screen on per video window: each window a player makes loads
            # its D-Bus screensaver plugin, and without a session bus (a wall's kiosk X
            # session, Xvfb) libdbus forks the whole process to autolaunch one: a fork of a
            # 500-thread process per tile, every thread's memory copied on write after it and
            # the UI thread waiting on malloc's fork lock. At 32 tiles: first pictures' p95
            # 5.9-8.5 s, UI p99 9-18 ms; without it 1.3-1.4 s and 2-4 ms (bench/wall_capacity.py,
            # docs/MEASUREMENTS.md issue 20). The wall keeps its screens on itself, video or not
            # (screen_awake.py).
            "--no-disable-screensaver",
            # Where the picture is scaled in software (no GPU video output: Xvfb, a VM, a
            # remote desktop) it is scaled by swscale, bicubic by default. Small tiles whose
            # picture fills the tile (no title rows) show ~1.8× the pixels they did, and a
            # 30-tile wall cost 24.5-25.3 CPU s a bench step instead of 18.0-20.7; scaled
            # fast-bilinear it cost 19.2-19.4 (bench/wall_capacity.py, 2 runs each). A GPU
            # output scales on the GPU and never reaches this option.
            "--swscale-mode=0",
            f"--network-caching={self.network_caching_ms}",
            f"--avcodec-hw={hw}",
            *self.extra_args,
        ]


# per-media options for a small tile's sub stream (libVLC's avcodec module)
LIGHT_OPTIONS = (":avcodec-threads=1", ":avcodec-skiploopfilter=4")
# the planner's still rung (video/planner.py): only keyframes decoded, a new picture each GOP
# (1-4 s on cameras, 1 s in the demo) for about what one frame in 25-100 costs
KEYFRAME_OPTIONS = (":avcodec-skip-frame=3",)
KEYFRAME_STALL_S = 6.0  # pictures come one a GOP: stalled only well after the next is due


@dataclass
class TileStats:
    status: TileStatus
    frames_displayed: int
    fps: float
    frame_age_s: float | None
    reconnects: int
    detail: str
    bitrate_kbps: float = 0.0
    frames_total: int = 0
    """Pictures the tile showed since it was created, across switches and reconnects."""
    went_live_at: list[float] = field(default_factory=list)
    """Wall-clock times (epoch s) at which the tile became live: first frame, then each
    recovery; benchmarks compare them with when the layout was shown or a server restarted.
    The pictures' own times (FirstFrameWatch), not when the UI thread got to say so."""
    live_told_at: list[float] = field(default_factory=list)
    """The same moments as the operator was told them: when the tile's status turned live."""
    picture_age_s: float | None = None
    """How old the newest picture the tile's screen got is (through stalls, outages and
    reconnects; None: none since the tile opened this stream). frame_age_s is the current
    player's own, reset by a reconnect."""
    delay_s: float | None = None
    """Glass-to-glass delay of the tile's stream as its stills read it (tile_delay.py), where
    the picture carries a time code; None for every other stream (no number is made up)."""
    picture_frame: PictureFrame | None = None
    """Which frame of its clip the tile's picture was, and when it was on screen, as its
    newest live still read it (the demo clips' frame mark: tile_delay.py); None for every
    other stream, and until the first still of the stream now shown."""


class VideoChannel(QObject):
    """One tile's news from the engine: only the tile that holds this key hears it.

    Every tile used to connect to the engine's one status signal and drop the other tiles'
    news, so each status change ran N slots on a wall of N tiles (36 on a 6×6 wall, twice a
    second when streams flap). A channel per key makes that one slot (issue #17). Emitted
    on the GUI thread only: libVLC's and the snapshot thread's news reach it through the
    engine, never straight from their threads."""

    sig_status_changed = Signal(str, str)
    """The stream's status changed: (TileStatus value, detail for the operator)."""
    sig_switch_done = Signal(bool)
    """A make-before-break switch ended: True if the new stream now shows."""
    sig_snapshot_done = Signal(str, str)
    """An operator's snapshot: (saved path or "", error or "")."""
    sig_still_changed = Signal()
    """A newer last picture is kept for this tile (VideoEngine.still)."""
    sig_age_changed = Signal(float)
    """What the tile's picture-age badge says changed: the picture's age in seconds, or -1
    once it is fresh again (picture_age.py). Nothing while a picture stays fresh."""


@dataclass(frozen=True)
class Still:
    """A small copy of a picture the tile showed, kept to stand in for a dead stream."""

    image: QImage
    shown_at: float  # epoch s: when that picture was on screen
    url: str  # the stream it came from (a tour's next camera must not wear it)


@dataclass
class _Slot:
    url: str
    win_id: int
    player: Any
    watchdog: StreamWatchdog
    failed: bool = False
    fps: float = 0.0
    bitrate_kbps: float = 0.0
    fps_mark: tuple[float, int] = (0.0, 0)
    light: bool = False  # a small tile's sub stream: cheap decoding (see open())
    keyframes: bool = False  # the planner's still rung: keyframes only (KEYFRAME_OPTIONS)
    start_no: int = 0  # this start of the stream, for FirstFrameWatch
    begun: bool = False  # the control thread has played this start (until then the
    # player's counters and state are still those of the stream before)
    still_due: float | None = None  # monotonic s: the next periodic still (None: not live)
    still_first: bool = False  # still_due is the first still since the stream went live
    read_at: float = 0.0  # monotonic s: when the counters were last read
    picture_at: float | None = None  # monotonic s: its newest picture, estimated (_observe)
    play_url: str = ""  # what the player opens: url (with credentials), or its relay's
    bridged: bool = False  # play_url is a relay's (bridge.py)
    relay_problem: Problem | None = None  # what its relay said at the last poll
    rtsp_tcp: bool = True  # RTSP's transport for this stream: TCP (else UDP)
    transport: str | None = None  # as the camera asked (None: the setting)


class VideoEngine(QObject):
    """Tiles hear about their own stream through channel(key) (a VideoChannel)."""

    _sig_first_picture = Signal()  # from FirstFrameWatch's thread: poll now, not in 100 ms
    _sig_snapshot_result = Signal(str, str, str)  # snapshot thread: (key, path, error)
    # (key, start_no, QImage, shown_at, the picture's delay or -1, its frame mark or None:
    # tile_delay.py)
    _sig_still_taken = Signal(str, int, object, float, float, object)

    POLL_MS = 500
    SWITCH_MIN_FRAMES = 4
    FAST_POLL_MS = 100  # while a tile waits for its first frame: first-frame times to 0.1 s
    # Last pictures (stills): a dead stream's tile shows its last picture, dimmed, instead of
    # black. libVLC can copy the picture of a stalled stream (a frozen camera: 0.07 s, the
    # picture still on screen) but not of one whose server closed the connection (the
    # player has "Ended" before the poll sees it, and its picture is gone), so live tiles
    # also keep a recent one: one still a second for the whole wall at most, each tile at
    # least every STILL_EVERY_S. A 320-pixel still of a sub stream costs ~5.4 ms of CPU
    # (libVLC's scaling and PNG, 4.5 ms; reading it back, 0.9 ms): 0.5 % of a core at most.
    STILL_EVERY_S = 10.0
    STILL_GAP_S = 1.0
    # a tile's first still, after it went live (its picture runs by then: libVLC's hold
    # while its cache fills is over); first stills go before periodic ones, so a new tile's
    # AI boxes are anchored to its picture's frame within seconds (issue #22)
    STILL_FIRST_S = 1.0
    # the still is the picture libVLC renders next after the ask, on screen a little after:
    # its frame shows this long after the ask (bench: the clips' frame mark read off the X
    # screen against the tiles' clocks, tests/probes/detections_probe.py, mean within 0.2 of
    # a frame; 0.02 s left the clocks 0.45 of a frame ahead)
    STILL_SHOWN_AFTER_S = 0.04
    STILL_WIDTH_SUB = 320
    STILL_WIDTH_MAIN = 640

    def __init__(
        self,
        settings: VideoSettings | None = None,
        policy: WatchdogPolicy | None = None,
        credentials: Callable[[str], str] | None = None,
    ) -> None:
        """credentials: a stream URL → the same URL with the camera's user and password where
        it has none (the OS keyring, credentials.py); what the player or relay opens, never
        what is logged, kept or compared."""
        super().__init__()
        self._credentials = credentials or (lambda url: url)
        self._vlc = load_vlc()
        self.settings = settings or VideoSettings()
        self.policy = policy or WatchdogPolicy()
        self.instance = self._vlc.Instance(self.settings.instance_args())
        if self.instance is None:
            raise OSError("libVLC refused to start (check plugins and options)")
        self._slots: dict[str, _Slot] = {}
        self._pending: dict[str, _Slot] = {}  # the next stream of a tile, not yet showing
        self._spare: list[Any] = []
        self._shut_down = False
        self._frames_before: dict[str, int] = {}  # per tile: pictures of streams gone by
        self._went_live: dict[str, deque[float]] = {}  # per tile, epoch s (switches excluded)
        self._live_told: dict[str, deque[float]] = {}  # the same, as the status said it
        self._picture_at: dict[str, float] = {}  # monotonic s: the tile's newest picture
        self._age_told: dict[str, int | None] = {}  # what each tile's badge says (shown_age)
        self._delays: dict[str, DelayReadings] = {}  # per tile, of the stream it shows now
        self._frames_shown: dict[str, PictureFrame] = {}  # per tile, as _delays
        self._access: dict[str, bool] = {}  # libVLC's access modules, looked up once each
        self.router = StreamRouter(
            self._has_rtsp, RelaySettings(transport=self.settings.rtsp_transport)
        )
        # snapshots wait for the next decoded picture (up to 0.5 s): never on the UI thread
        self._io = started_pool(1, "snapshot")
        self.priority = WorkerPriority()  # decoders yield to the UI thread (see module)
        # player start/stop, one at a time and in order (see the module's docstring)
        # (running, and so spared, before any sweep can lower it)
        self._control = started_pool(
            1, "libvlc-control", lambda: self.priority.spare(threading.get_native_id())
        )
        self._starts = itertools.count(1)
        self._nudged = False
        self._sig_first_picture.connect(self._poll)
        self._channels: dict[str, VideoChannel] = {}
        self._stills: dict[str, Still] = {}
        self._still_dir = Path(
            tempfile.mkdtemp(
                prefix="ioc-stills-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None
            )
        )
        self._still_no = itertools.count(1)
        self._stills_wanted: set[tuple[str, int]] = set()  # (key, start_no) queued or running
        self._next_still_at = 0.0
        self._sig_snapshot_result.connect(self._on_snapshot_result)
        self._sig_still_taken.connect(self._on_still_taken)
        # pictures without a player: true stills and the ladder's snapshots (stills.py); the
        # services hand it the backend client's fetch
        self.stills = StillFeed(credentials=self._credentials, parent=self)
        self.first_frames = FirstFrameWatch(self._vlc.MediaStats, self._nudge)
        self.priority.spare(self.first_frames.native_id)
        self._timer = QTimer(self)
        self._timer.setInterval(self.FAST_POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        self._age_timer = QTimer(self)  # a poll when a picture turns old between two polls
        self._age_timer.setSingleShot(True)
        self._age_timer.timeout.connect(self._poll)

    # -- per-tile news -----------------------------------------------------------------
    def channel(self, key: str) -> VideoChannel:
        """The tile's own signals (made on first ask, dropped by release(key))."""
        ch = self._channels.get(key)
        if ch is None:
            ch = self._channels[key] = VideoChannel(self)
            self._in_order("a player made ahead", self._make_spare_player)
        return ch

    def _make_spare_player(self) -> None:
        """On the control thread: a player for a tile that was just made, before its camera
        is known. libvlc_media_player_new costs 5-50 ms; made on the UI thread when a wall's
        cameras arrived, 25 tiles stalled it 1.2 s (py-spy, bench/wall_capacity.py's wall).
        Only as many as there are tiles not playing yet: recycled players are spares too."""
        waiting = len(self._channels) - len(self._slots) - len(self._pending)
        if len(self._spare) < waiting:
            self._spare.append(self.instance.media_player_new())

    def still(self, key: str) -> Still | None:
        """The last picture kept for the tile (None: none yet)."""
        return self._stills.get(key)

    def _status(self, key: str, status: str, detail: str) -> None:
        if (ch := self._channels.get(key)) is not None:
            ch.sig_status_changed.emit(status, detail)

    def _switch_done(self, key: str, ok: bool) -> None:
        if (ch := self._channels.get(key)) is not None:
            ch.sig_switch_done.emit(ok)

    # -- intents from tiles ------------------------------------------------------------
    def open(
        self,
        key: str,
        url: str,
        win_id: int,
        light: bool = False,
        transport: str | None = None,
        *,
        keyframes: bool = False,
    ) -> None:
        """Play url into win_id now, dropping whatever the tile showed.

        light: a small tile's sub stream. It decodes with one thread and without H.264's
        deblocking filter (LIGHT_OPTIONS): on a 2-core machine the wall then holds 36 live
        tiles instead of 25 (bench/wall_capacity.py); the blocking this can leave is not
        visible at a small tile's size, and a maximised tile plays the main stream in full.
        transport: RTSP over "tcp" or "udp" for this camera (None: the setting).
        keyframes: the decode planner's still rung (KEYFRAME_OPTIONS)."""
        self.close(key)
        self._picture_at.pop(key, None)  # the tile shows no picture of this stream yet
        self._delays.pop(key, None)
        self._frames_shown.pop(key, None)
        slot = self._new_slot(url, win_id, light, transport, keyframes=keyframes)
        self._slots[key] = slot
        self._timer.setInterval(self.FAST_POLL_MS)
        # detail is empty unless the URL cannot be played at all
        self._status(key, slot.watchdog.status.value, slot.watchdog.detail)

    def switch(
        self,
        key: str,
        url: str,
        win_id: int,
        light: bool = False,
        transport: str | None = None,
        *,
        keyframes: bool = False,
    ) -> None:
        """Make before break: the new stream plays into win_id (a window behind the current
        one) while the old one keeps showing; once it has a picture the old one stops and
        the channel's sig_switch_done(True) tells the tile to bring win_id to the front. A
        tile that is not live switches at once, as there is no picture to keep."""
        current = self._slots.get(key)
        if current is None or current.watchdog.status != TileStatus.LIVE:
            self.open(key, url, win_id, light, transport, keyframes=keyframes)
            self._switch_done(key, True)
            return
        self._drop_pending(key)
        slot = self._new_slot(url, win_id, light, transport, keyframes=keyframes)
        if slot.watchdog.status == TileStatus.UNSUPPORTED:
            self._recycle(slot)
            self._switch_done(key, False)
            return
        self._pending[key] = slot
        self._timer.setInterval(self.FAST_POLL_MS)

    def retry_denied(self) -> int:
        """Every tile a camera refused (wrong or missing password) tries again at the next
        poll, not at its 15 s back-off: the operator has just typed the camera's password.
        How many tiles will try."""
        now, tiles = time.monotonic(), 0
        for slot in [*self._slots.values(), *self._pending.values()]:
            if slot.watchdog.status == TileStatus.DENIED:
                slot.watchdog.retry_at = now
                tiles += 1
        if tiles:
            self._timer.setInterval(self.FAST_POLL_MS)
        return tiles

    def _reroute(self, slot: _Slot, was: TileStatus) -> None:
        """The credentials are looked up again for a stream its camera refused (typed since,
        or fixed in the keyring); a relay made with the old ones is let go."""
        if was != TileStatus.DENIED:
            return
        if slot.bridged:
            self.router.release(slot.play_url)
        slot.play_url = self.router.route(self._credentials(slot.url), slot.transport)

    def close(self, key: str) -> None:
        self._drop_pending(key)
        slot = self._slots.pop(key, None)
        if slot is not None:
            self._retire(key, slot)

    def release(self, key: str) -> None:
        """The tile is gone for good (not just hidden): close it and forget its history,
        its last picture and its channel."""
        self.close(key)
        for history in (self._frames_before, self._went_live, self._live_told):
            history.pop(key, None)
        self._picture_at.pop(key, None)
        self._age_told.pop(key, None)
        self._delays.pop(key, None)
        self._frames_shown.pop(key, None)
        self._stills.pop(key, None)
        self.stills.release(key)
        ch = self._channels.pop(key, None)
        if ch is not None:
            ch.deleteLater()

    def snapshot(self, key: str, folder: Path, camera_name: str) -> None:
        """Save the tile's current picture (full stream resolution) as a PNG named after the
        camera and the time; the answer comes as sig_snapshot_done."""
        slot = self._slots.get(key)
        if slot is None or slot.watchdog.status != TileStatus.LIVE:
            self._on_snapshot_result(key, "", "no live picture to save")
            return
        player = slot.player
        when = datetime.now()

        def work() -> None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                path = snapshot_path(folder, camera_name, when)
                rc = player.video_take_snapshot(0, str(path), 0, 0)
                if rc != 0 or not path.exists():
                    raise OSError("libVLC could not take the picture")
                self._sig_snapshot_result.emit(key, str(path), "")
            except OSError as exc:
                self._sig_snapshot_result.emit(key, "", str(exc))

        self._io.submit(work)

    def _on_snapshot_result(self, key: str, path: str, error: str) -> None:
        if (ch := self._channels.get(key)) is not None:
            ch.sig_snapshot_done.emit(path, error)

    # -- last pictures -------------------------------------------------------------------
    def _take_still(self, key: str, slot: _Slot, frozen_at: float | None = None) -> None:
        """Copy the slot's picture on the snapshot thread: a live one (frozen_at None), or
        the picture a stalled stream froze on, shown since frozen_at (epoch s)."""
        wanted = (key, slot.start_no)
        if frozen_at is None:
            if wanted in self._stills_wanted:
                return
            self._stills_wanted.add(wanted)
        player, start_no = slot.player, slot.start_no
        width = self.STILL_WIDTH_SUB if slot.light else self.STILL_WIDTH_MAIN
        path = self._still_dir / f"{next(self._still_no)}.png"

        def current() -> bool:  # the slot still plays that start into that tile
            return self._slots.get(key) is slot and slot.start_no == start_no

        def work() -> None:
            try:
                # a live still of a stream that froze meanwhile would be dated wrong
                live = frozen_at is not None or slot.watchdog.status == TileStatus.LIVE
                if not current() or not live:
                    return
                at = frozen_at if frozen_at is not None else time.time()
                rc = player.video_take_snapshot(0, str(path), width, 0)
                image = QImage(str(path)) if rc == 0 and path.exists() else QImage()
                # a live picture's time code, read where the stream has one (a frozen
                # picture's delay says nothing of the stream's)
                delay, mark = read_still(image, at) if frozen_at is None else (None, None)
                if not image.isNull() and current():
                    self._sig_still_taken.emit(
                        key, start_no, image, at, -1.0 if delay is None else delay, mark
                    )
            finally:
                if frozen_at is None:
                    self._stills_wanted.discard(wanted)
                path.unlink(missing_ok=True)

        self._io.submit(work)

    def _on_still_taken(
        self,
        key: str,
        start_no: int,
        image: QImage,
        shown_at: float,
        delay: float,
        mark: FrameMark | None,
    ) -> None:
        slot = self._slots.get(key)
        if slot is None or slot.start_no != start_no:
            return  # closed or restarted meanwhile: not this tile's picture any more
        self._stills[key] = Still(image, shown_at, slot.url)
        if delay >= 0:
            self._delays.setdefault(key, DelayReadings()).add(delay)
        if mark is not None:
            at = shown_at + self.STILL_SHOWN_AFTER_S
            self._frames_shown[key] = PictureFrame(mark.index, mark.loop, at)
        if (ch := self._channels.get(key)) is not None:
            ch.sig_still_changed.emit()

    def _schedule_stills(self, now: float) -> None:
        """The periodic stills of live tiles: the most overdue one, at most one a
        STILL_GAP_S for the whole wall, each tile every STILL_EVERY_S or more."""
        if now < self._next_still_at:
            return
        live = [
            (slot.still_due, key, slot)
            for key, slot in self._slots.items()
            if slot.still_due is not None and slot.watchdog.status == TileStatus.LIVE
        ]
        # a first still before any periodic one (the boxes' anchor), then the most overdue
        due = min(
            ((d, k, s) for d, k, s in live if d <= now),
            default=None,
            key=lambda t: (not t[2].still_first, t[0]),
        )
        if due is None:
            return
        _, key, slot = due
        slot.still_first = False
        slot.still_due = now + max(self.STILL_EVERY_S, len(live) * self.STILL_GAP_S)
        self._next_still_at = now + self.STILL_GAP_S
        self._take_still(key, slot)

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
            slot.bitrate_kbps,
            self._frames_before.get(key, 0) + dog.frames,
            list(self._went_live.get(key, ())),
            list(self._live_told.get(key, ())),
            self.picture_age(key),
            self._delays[key].median() if key in self._delays else None,
            self._frames_shown.get(key),
        )

    def frames_total(self, key: str) -> int:
        """Pictures the tile has shown since it was made, across its players: it keeps
        counting up while the tile plays nothing (a still by plan, a stream being replaced),
        so a rate over any window is never negative."""
        slot = self._slots.get(key)
        return self._frames_before.get(key, 0) + (slot.watchdog.frames if slot else 0)

    def picture_age(self, key: str, now: float | None = None) -> float | None:
        """Seconds since the tile's screen got a new picture (None: none since it opened)."""
        at = self._picture_at.get(key)
        return None if at is None else (time.monotonic() if now is None else now) - at

    def tile_keys(self) -> list[str]:
        return list(self._slots)

    def is_muted(self, key: str) -> bool | None:
        slot = self._slots.get(key)
        return None if slot is None else bool(slot.player.audio_get_mute())

    def shutdown(self) -> None:
        """Every player stopped and released, the threads gone; a second call does nothing
        (the libVLC instance is released once)."""
        if self._shut_down:
            return
        self._shut_down = True
        self.stills.shutdown()
        self._timer.stop()
        self._age_timer.stop()
        self._io.shutdown(wait=True)
        for key in list(self._slots):
            self.close(key)
        self._control.shutdown(wait=True)  # every player stopped before any is released
        self.router.close()
        self.first_frames.close()  # releases the media it still held
        for p in self._spare:
            p.release()
        self._spare.clear()
        self.instance.release()
        shutil.rmtree(self._still_dir, ignore_errors=True)

    def unsupported_reason(self, url: str) -> str | None:
        """Why this libVLC cannot play the URL at all (told to the operator, not a black tile)."""
        if self.router.bridged(url) and not _relay_available():
            return translate("video_engine", "Bản libVLC này không có RTSP (thiếu mô-đun live555)")
        if url.lower().startswith(("rtmp://", "rtmps://")) and not self._has_access("rtmp"):
            return translate("video_engine", "Bản libVLC này không có RTMP (thiếu mô-đun rtmp)")
        return None

    def _has_access(self, name: str) -> bool:
        """libVLC has an access module named like this (libVLC has no API that lists them)."""
        if name not in self._access:
            self._access[name] = any(
                any(d.glob(f"access/*{name}*")) for d in plugin_dirs(self._vlc)
            )
        return self._access[name]

    def _has_rtsp(self) -> bool:
        return self._has_access("live555")

    # -- libVLC side ---------------------------------------------------------------------
    def _new_slot(
        self,
        url: str,
        win_id: int,
        light: bool = False,
        transport: str | None = None,
        *,
        keyframes: bool = False,
    ) -> _Slot:
        policy = self.policy
        if keyframes:
            stall = max(policy.stall_after_s, KEYFRAME_STALL_S)
            lost = max(policy.lost_after_s, 2 * KEYFRAME_STALL_S)
            policy = replace(policy, stall_after_s=stall, lost_after_s=lost)
        dog = StreamWatchdog(policy)
        dog.start(time.monotonic())
        player = self._spare.pop() if self._spare else self.instance.media_player_new()
        slot = _Slot(url=url, win_id=win_id, player=player, watchdog=dog, play_url=url)
        slot.light = light and self.settings.light_decoding
        slot.keyframes = keyframes
        why = self.unsupported_reason(url)
        if why:
            dog.mark_unsupported(why)
            return slot
        slot.bridged = self.router.bridged(url)
        slot.rtsp_tcp = (transport or self.settings.rtsp_transport) != "udp"
        slot.transport = transport
        slot.play_url = self.router.route(self._credentials(url), transport)
        self._attach(slot)
        self._start(slot)
        return slot

    def _in_order(self, what: str, work: Callable[[], object]) -> None:
        """Run a libVLC call on the control thread, after every one asked for before."""

        def run() -> None:
            try:
                work()
            except Exception:  # a libVLC binding error must not end the control thread
                log.exception("libVLC: %s failed", what)

        self._control.submit(run)

    def _stop(self, player: Any) -> None:
        self._in_order("stop", player.stop)

    def _recycle(self, slot: _Slot) -> None:
        self.first_frames.forget(slot.start_no)
        if slot.bridged:
            self.router.release(slot.play_url)
        player = slot.player

        def stop_and_empty() -> None:
            player.stop()
            player.set_media(None)

        # back in the spare pool at once: whoever takes it next is queued behind this
        self._in_order("stop", stop_and_empty)
        self._spare.append(player)

    def _retire(self, key: str, slot: _Slot) -> None:
        self._frames_before[key] = self._frames_before.get(key, 0) + slot.watchdog.frames
        self._recycle(slot)

    def _drop_pending(self, key: str) -> None:
        slot = self._pending.pop(key, None)
        if slot is not None:
            self._recycle(slot)

    def _attach(self, slot: _Slot) -> None:
        p, win_id = slot.player, slot.win_id

        self._in_order("attach", lambda: embed(p, win_id))

    def _start(self, slot: _Slot) -> None:
        slot.begun = False  # the poll reads nothing (failed included) until play() has run
        options: tuple[str, ...] = LIGHT_OPTIONS if slot.light else ()
        if slot.keyframes:
            options = (*options, *KEYFRAME_OPTIONS)
        if slot.rtsp_tcp and not slot.bridged:  # libVLC's own RTSP (live555) defaults to UDP
            options = (*options, ":rtsp-tcp")
        media = self.instance.media_new(slot.play_url or slot.url, *options)
        self.first_frames.forget(slot.start_no)  # the last start of a reconnecting stream
        slot.start_no = next(self._starts)
        media.retain()  # one reference for the control thread, one for the watcher
        self.first_frames.watch(slot.start_no, media)
        player, failed = slot.player, self._vlc.EventType.MediaPlayerEncounteredError
        start_no = slot.start_no

        def play() -> None:
            player.set_media(media)
            media.release()
            events = player.event_manager()
            events.event_detach(failed)
            slot.failed = False  # an error the stream before reported late is not this one's
            # runs on a libVLC thread: only flips a flag that the poll reads
            events.event_attach(failed, lambda _e, s=slot: setattr(s, "failed", True))
            player.play()
            if slot.start_no == start_no:  # not restarted again meanwhile
                slot.begun = True

        self._in_order("play", play)
        log.info("playing %s", redact_url(slot.url))

    def _read_stats(self, slot: _Slot) -> tuple[int, float]:
        """(pictures displayed, input bitrate in kbit/s) from libVLC's own counters."""
        media = slot.player.get_media()
        if media is None:
            return 0, 0.0
        stats = self._vlc.MediaStats()
        ok = media.get_stats(stats)
        media.release()
        if not ok:
            return 0, 0.0
        # libVLC counts input bitrate in bytes per microsecond: x 8000 gives kbit/s
        return int(stats.displayed_pictures), float(stats.input_bitrate) * 8000

    def _observe(self, slot: _Slot, now: float) -> bool:
        """Feed one observation to the slot's watchdog; True: the stream must be restarted."""
        dog = slot.watchdog
        if not slot.begun:  # still queued on the control thread: nothing to read yet
            return dog.observe(now, 0, False)
        frames, slot.bitrate_kbps = self._read_stats(slot)
        self._note_picture(slot, frames, now)
        t0, f0 = slot.fps_mark
        if now - t0 >= 1.0:
            slot.fps = (frames - f0) / (now - t0) if t0 and frames >= f0 else 0.0
            slot.fps_mark = (now, frames)
        ended = {self._vlc.State.Ended, self._vlc.State.Error}
        failed = slot.failed or slot.player.get_state() in ended
        problem = self.router.problem(slot.play_url) if slot.bridged else None
        if problem == Problem.DENIED and frames <= dog.frames:
            dog.deny(now, problem_text(problem))
        if slot.relay_problem is not None and problem is None and dog.status == TileStatus.LOST:
            dog.retry_at = now  # the relay reached the camera again: now, not at the back-off
        slot.relay_problem = problem
        restart = dog.observe(now, frames, failed)
        if problem is not None and problem != Problem.DENIED and dog.status == TileStatus.LOST:
            dog.detail = problem_text(problem)  # the camera's own reason, not the relay's end
        return restart

    @staticmethod
    def _note_picture(slot: _Slot, frames: int, now: float) -> None:
        """When the newest of the pictures counted since the last read was shown. The poll
        reads every 0.5 s: dated at the read, a picture that froze right after one would read
        0.5 s young. n new pictures at the stream's rate came ~n/fps after the last read
        (a stream that flows: about now; one that froze meanwhile: when it froze)."""
        new = frames - slot.watchdog.frames if frames >= slot.watchdog.frames else frames
        if new > 0:
            est = now if slot.fps <= 0 or not slot.read_at else slot.read_at + new / slot.fps
            slot.picture_at = max(slot.read_at, min(now, est))
        slot.read_at = now

    def _tell_age(self, key: str, slot: _Slot, now: float) -> None:
        """Keep the tile's newest picture time (through reconnects) and tell the tile when its
        badge would say something else: never while its picture stays fresh."""
        if slot.picture_at is not None:
            self._picture_at[key] = slot.picture_at
        age = self.picture_age(key, now)
        said = shown_age(age)
        if said != self._age_told.get(key):
            self._age_told[key] = said
            if (ch := self._channels.get(key)) is not None:
                ch.sig_age_changed.emit(-1.0 if said is None or age is None else age)

    def _arm_age_timer(self, now: float) -> None:
        """A poll when the first tile whose picture is still fresh would need its badge,
        where that comes before the next poll: not up to 0.5 s late."""
        soon = min(
            (
                at + FRESH_S - now
                for key, at in self._picture_at.items()
                if self._age_told.get(key) is None and at + FRESH_S > now
            ),
            default=None,
        )
        if soon is not None and soon * 1000 < self._timer.remainingTime() - 20:
            self._age_timer.start(max(1, int(soon * 1000) + 5))

    def _nudge(self) -> None:
        """On FirstFrameWatch's thread: a picture appeared, poll as soon as the UI is free."""
        if not self._nudged:
            self._nudged = True
            self._sig_first_picture.emit()

    def _poll(self) -> None:
        self._nudged = False
        self.priority.sweep()  # the threads libVLC made since the last poll
        now = time.monotonic()
        for key, slot in list(self._pending.items()):
            self._observe(slot, now)
            # libVLC shows the first picture at once, then holds it until its network cache
            # has filled (~300 ms): swap only once the new picture really moves
            if slot.watchdog.frames >= self.SWITCH_MIN_FRAMES:
                self.first_frames.forget(slot.start_no)  # switches are not first frames
                del self._pending[key]
                self._delays.pop(key, None)  # another stream now
                self._frames_shown.pop(key, None)
                old = self._slots.get(key)
                self._slots[key] = slot
                if old is not None:
                    self._retire(key, old)
                slot.still_due = now + self.STILL_FIRST_S
                slot.still_first = True
                self._switch_done(key, True)
                self._status(key, slot.watchdog.status.value, "")
            elif slot.watchdog.status == TileStatus.LOST:
                log.warning("switch of %s to %s failed", key, redact_url(slot.url))
                self._drop_pending(key)
                self._switch_done(key, False)
        for key, slot in list(self._slots.items()):
            dog = slot.watchdog
            before = (dog.status, dog.detail)
            frames_so_far = dog.frames
            last_frame_at = dog.last_frame_at
            if self._observe(slot, now):
                self._frames_before[key] = self._frames_before.get(key, 0) + frames_so_far
                log.info("reconnecting %s (try %d)", key, dog.reconnects)
                self._stop(slot.player)
                slot.fps_mark = (0.0, 0)
                self._reroute(slot, before[0])
                self._start(slot)
            elif dog.status == TileStatus.LOST and before[0] != TileStatus.LOST:
                self._stop(slot.player)
            elif dog.status == TileStatus.STALLED and before[0] != TileStatus.STALLED:
                # the frozen picture is still libVLC's to copy (not once the player stops)
                frozen_at = time.time() - (now - last_frame_at) if last_frame_at else None
                self._take_still(key, slot, frozen_at)
            if dog.status != TileStatus.LIVE:
                slot.still_due = None
            if dog.status == TileStatus.LIVE and before[0] != TileStatus.LIVE:
                slot.still_due = now + self.STILL_FIRST_S
                slot.still_first = True
                told = time.time()
                # the watcher's time, unless this poll saw the picture before it did
                seen = self.first_frames.forget(slot.start_no) or told
                self._went_live.setdefault(key, deque(maxlen=64)).append(min(seen, told))
                self._live_told.setdefault(key, deque(maxlen=64)).append(told)
            if (dog.status, dog.detail) != before:
                self._status(key, dog.status.value, dog.detail)
            self._tell_age(key, slot, now)
        self._schedule_stills(now)
        waiting = self._pending or any(
            s.watchdog.status == TileStatus.CONNECTING for s in self._slots.values()
        )
        self._timer.setInterval(self.FAST_POLL_MS if waiting else self.POLL_MS)
        self._arm_age_timer(now)
