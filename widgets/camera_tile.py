"""A live camera tile: the camera's name and district, the time of the picture, a status that
never lies, and libVLC's picture.

The picture is drawn by libVLC straight into a native child window (no frame copies through
Python). Qt cannot paint over a native video window, so a big tile keeps its name and status
in title rows above the picture; a small one (a 6×6 wall) puts them in a slim caption strip
that is a native window of its own, stacked over the top of the picture, and lets the
picture take the whole tile (see CaptionStrip for what that costs and what it replaced).

A stream that stalls or dies does not leave the tile black: the tile shows the last picture
the engine kept (VideoEngine.still), dimmed, with when it was shown and why nothing newer
came. It never shows a stale picture undimmed: the tile leaves the video as soon as the
stream stalls.

Two native surfaces lie on top of each other: a profile switch (sub to main on maximise) or the
next camera of a tour plays into the hidden one while the shown one keeps playing, and the
surfaces swap once the new stream has a picture, so the operator never looks at black.

A tile hears only its own stream's news, through the engine's channel for its key.

How old the picture is shows on every tile: nothing while it is fresh, then a badge ("ảnh cách
đây 12 s"), amber, then red (video/picture_age.py), in the caption strip or the title row,
and in the tile's tooltip; a frozen frame never passes for live. The engine tells the tile
when the badge would change; a tile with a fresh picture runs no code at all between status
changes: no timer of its own (a 36-tile wall ran 36 timers a second, each reading the
engine's stats and setting three tooltips). Tiles that show a clock (title rows) share one
timer, so their repaints land in one paint of the window.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QStackedLayout,
    QToolTip,
    QWidget,
)
from shiboken6 import Shiboken

from ioc_desktop import clock
from ioc_desktop.i18n import QT_TRANSLATE_NOOP, translate
from ioc_desktop.incidents.evidence import bookmark_body, snapshot_body
from ioc_desktop.store import Store
from ioc_desktop.video.engine import TileStats, VideoChannel, VideoEngine
from ioc_desktop.video.picture_age import AgeLevel, age_level
from ioc_desktop.video.planner import Rung
from ioc_desktop.video.tour import Tour
from widgets import camera_password_dialog, detection_overlay, replay_window
from widgets.bookmark_dialog import BookmarkDialog
from widgets.formatting import format_age
from widgets.icons import icon
from widgets.panel_frame import PanelFrame
from widgets.theme import STATUS_COLORS
from widgets.tile_recovery import TileRecovery
from widgets.tile_replay import TileReplay
from widgets.tile_still import TileStill, still_words
from widgets.video_area import Badge, TileScreen, VideoArea
from widgets.wall_plan import WallPlanner

BADGE_COLORS = {AgeLevel.AMBER: STATUS_COLORS["stalled"], AgeLevel.RED: STATUS_COLORS["lost"]}

# a catch-up opens a second player for a moment: at most one per tile in this long, so a
# wall that stalls because it is overloaded is not loaded more by catching up
CATCH_UP_GAP_S = 30.0
MAIN_MIN_HEIGHT_PX = 540  # a tile this tall (or wide) shows the main stream
MAIN_MIN_WIDTH_PX = 960
# Lower than this, a tile puts its name and status over its picture. On a 1920×1080 wall
# that is 4×4 and denser: at 6×6 the two title rows and the letterboxing left the picture
# 31 % of the tile, over it 72 % (tests/probes/tile_density_probe.py, 313×161 tiles).
COMPACT_MAX_HEIGHT_PX = 280

STATUS_TEXT = {
    "connecting": QT_TRANSLATE_NOOP("camera_tile", "Đang kết nối"),
    "live": QT_TRANSLATE_NOOP("camera_tile", "Trực tiếp"),
    "stalled": QT_TRANSLATE_NOOP("camera_tile", "Hình bị treo"),
    "lost": QT_TRANSLATE_NOOP("camera_tile", "Mất tín hiệu"),
    "unsupported": QT_TRANSLATE_NOOP("camera_tile", "Không hỗ trợ"),
    "stopped": QT_TRANSLATE_NOOP("camera_tile", "Đã dừng"),
    "denied": QT_TRANSLATE_NOOP("camera_tile", "Sai mật khẩu"),
}

log = logging.getLogger(__name__)


def status_text(status: str) -> str:
    """The status in words, in the UI's language."""
    return translate("camera_tile", STATUS_TEXT[status]) if status in STATUS_TEXT else status


def format_bitrate(kbps: float) -> str:
    if kbps >= 1000:
        return f"{kbps / 1000:.1f} Mb/s".replace(".", ",")
    return f"{kbps:.0f} kb/s"


def format_rate(stats: TileStats) -> str:
    return translate("camera_tile", "{fps} hình/giây · {bitrate}").format(
        fps=f"{stats.fps:.0f}", bitrate=format_bitrate(stats.bitrate_kbps)
    )


def picture_time(epoch_s: float) -> str:
    """A picture's time of day, in the province's time whatever the PC's zone."""
    return clock.fmt(clock.from_epoch(epoch_s), "%H:%M:%S")


def badge_age(seconds: float) -> str:
    """A picture's age as short as a badge needs it: "12 s", "3 phút", "2 giờ"."""
    if seconds < 90:  # rounded, as the kept picture's "2 giây trước" beside it
        return translate("camera_tile", "{n} s").format(n=round(seconds))
    if seconds < 5400:
        return translate("camera_tile", "{n} phút").format(n=int(seconds // 60))
    return translate("camera_tile", "{n} giờ").format(n=int(seconds // 3600))


def age_badge(age_s: float | None) -> Badge | None:
    """What the tile says about its picture's age: None while it is fresh."""
    level = age_level(age_s)
    if level is AgeLevel.FRESH or age_s is None:
        return None
    short = badge_age(age_s)
    full = translate("camera_tile", "ảnh cách đây {age}").format(age=short)
    return Badge(full, short, BADGE_COLORS[level], level.value)


class SecondTicker(QObject):
    """One timer for every tile that shows a clock: their labels change in the same turn of
    the loop, and the window paints them once, not once per tile."""

    sig_tick = Signal()

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.sig_tick.emit)
        self._timer.start()

    @classmethod
    def shared(cls) -> SecondTicker:
        app = QApplication.instance()
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        found = app.findChild(SecondTicker, "", direct) if app is not None else None
        return found if isinstance(found, SecondTicker) else cls(app)


def last_picture_text(shown_at: float | None, now: float) -> str:
    """When the kept picture was on screen, and how long ago: the operator reads at once
    that it is not now."""
    if shown_at is None:
        return translate("camera_tile", "chưa có hình nào")
    return translate("camera_tile", "hình cuối {time}, {age} trước").format(
        time=picture_time(shown_at), age=format_age(max(0.0, now - shown_at))
    )


class CameraTile(PanelFrame):
    def __init__(
        self,
        key: str,
        camera_ids: str | list[str],
        store: Store,
        engine: VideoEngine,
        parent: QWidget | None = None,
        *,
        dwell_s: float = 10.0,
        show_stats: bool = False,
        snapshot_folder: Path | None = None,
    ) -> None:
        self._compact = False  # read by PanelFrame.set_pill through header_shown()
        super().__init__("", parent)
        self.store = store
        self.engine = engine
        self.snapshot_folder = snapshot_folder
        self.editing = False  # while the wall is edited, tiles keep their title rows
        self._channel: VideoChannel | None = None
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # S takes a snapshot of this tile
        self._choose = QTimer(self)
        self._choose.setSingleShot(True)
        self._choose.setInterval(300)
        self._choose.timeout.connect(self._on_cameras_changed)
        self.recovery = TileRecovery(self, self)  # the ladder when a stream fails (issue #20)
        self.still = TileStill(self, self)  # pictures without video: a still, a snapshot
        # second row: where and when. The name and the status keep the first row to
        # themselves, so both stay readable on a 6×6 wall
        self.clock = QLabel("")
        self.clock.setObjectName("TileClock")
        self.clock.setToolTip(
            translate("camera_tile", "Giờ của hình đang hiển thị (đứng yên khi hình bị treo)")
        )
        # the picture's age, beside the status pill, only while the picture is not fresh
        self.age_badge = QLabel("")
        self.age_badge.setObjectName("AgeBadge")
        self.age_badge.hide()
        self.header.insertWidget(self.header.indexOf(self.pill), self.age_badge)
        self._badge: Badge | None = None
        self._ticking = False
        self.header.removeWidget(self.subtitle)
        self.subtitle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        info = QHBoxLayout()
        info.setSpacing(8)
        info.addWidget(self.subtitle, 1)
        info.addWidget(self.clock)
        self.body.addLayout(info)
        self.video: VideoArea = VideoArea()
        self.message = TileScreen()
        self.stack = QStackedLayout()
        self.stack.addWidget(self.video)
        self.stack.addWidget(self.message)
        self.body.addLayout(self.stack, 1)
        # instant replay inside the tile, over its live stream that goes on (issue #22)
        self.replay = TileReplay(self, lambda: self._shown_id, self)
        self.replay.sig_snapshot_done.connect(self._on_snapshot_done)
        store.sig_cameras_changed.connect(self._on_cameras_changed)
        store.sig_areas_changed.connect(self._refresh_subtitle)
        self._tour_timer = QTimer(self)
        self._tour_timer.timeout.connect(self.next_camera)
        self._take(key, camera_ids, dwell_s, show_stats)
        self._on_cameras_changed()

    def _take(
        self, key: str, camera_ids: str | list[str], dwell_s: float, show_stats: bool
    ) -> None:
        """What makes this tile the panel it is: its key and cameras, nothing on screen yet
        (a new tile, or one handed to another panel by retarget())."""
        ids = [camera_ids] if isinstance(camera_ids, str) else list(camera_ids)
        self.key = key
        self._listen(self.engine.channel(key))
        self.still.listen(key)
        self.tour = Tour(ids or [""], dwell_s)
        self.show_stats = show_stats
        self._url: str | None = None
        self._pending_url: str | None = None
        # the camera whose picture is on screen: a tour's next camera takes the title only
        # when its picture takes the screen (make-before-break), so name and picture agree
        self._shown_id: str = ids[0] if ids else ""
        self._pending_id: str | None = None
        self._parked = False  # hidden: player released until shown again
        self._note = ""  # a passing message (snapshot saved) shown in place of the district
        self._note_until = 0.0
        self._status = "connecting"
        self._caught_up_at = -CATCH_UP_GAP_S  # monotonic s of the last catch-up after a stall
        self._outage = False  # stalled or lost since the last live picture
        self._reason = ""  # why, as the engine said it
        self._message = ""  # a tile that cannot play at all says why, instead of video
        self.title.setText(self._shown_id)
        self.clock.setText("")
        self._badge = None
        self._set_status("connecting", status_text("connecting"))
        self.stack.setCurrentWidget(self.video)
        self._tour_timer.setInterval(int(dwell_s * 1000))
        if self.is_tour:
            self._tour_timer.start()
        self._set_ticking(not self._compact)

    def _listen(self, channel: VideoChannel | None) -> None:
        """Hear this key's news only (one slot per event, not one per tile on the wall)."""
        if self._channel is not None and Shiboken.isValid(self._channel):
            self._channel.sig_status_changed.disconnect(self._on_status_changed)
            self._channel.sig_switch_done.disconnect(self._on_switch_done)
            self._channel.sig_snapshot_done.disconnect(self._on_snapshot_done)
            self._channel.sig_still_changed.disconnect(self._on_still_changed)
            self._channel.sig_age_changed.disconnect(self._on_age_changed)
        self._channel = channel
        if channel is not None:
            channel.sig_status_changed.connect(self._on_status_changed)
            channel.sig_switch_done.connect(self._on_switch_done)
            channel.sig_snapshot_done.connect(self._on_snapshot_done)
            channel.sig_still_changed.connect(self._on_still_changed)
            channel.sig_age_changed.connect(self._on_age_changed)

    # -- what the tile shows -------------------------------------------------------------
    @property
    def camera_id(self) -> str:
        return self.tour.current

    @property
    def showing(self) -> str:
        """What the tile's picture is, for the status bar's count: "replay", "still" (the
        plan's: no video), else its stream's status ("live", "stalled", "lost"...)."""
        if self.replay.active:
            return "replay"
        return "still" if self.still.planned else self._status

    @property
    def is_tour(self) -> bool:
        return len(self.tour.camera_ids) > 1

    @property
    def tour_paused(self) -> bool:
        return self.tour.paused

    @property
    def playing_url(self) -> str | None:
        return self._url

    @property
    def compact(self) -> bool:
        """Name and status over the picture (a small tile) rather than in title rows."""
        return self._compact

    def header_shown(self) -> bool:
        return not self._compact

    def wanted_profile(self) -> str:
        """The main stream only where its pixels can be seen; small tiles take the sub stream,
        so a wall shows many more cameras for the same decoding work."""
        dpr = self.devicePixelRatioF()
        big = (
            self.video.height() * dpr >= MAIN_MIN_HEIGHT_PX
            or self.video.width() * dpr >= MAIN_MIN_WIDTH_PX
        )
        return "main" if big else "sub"

    def next_camera(self) -> None:
        """A tour's next camera (skipping cameras the catalogue lost), without a black gap."""
        if self.tour.advance(self.store.cameras.keys()) is not None:
            self._on_cameras_changed()

    def set_tour_paused(self, paused: bool) -> None:
        self.tour.paused = paused
        self._refresh_subtitle()

    def set_editing(self, on: bool) -> None:
        """While the wall is edited a tile keeps its title row: it is where a drag starts
        and where the close button sits."""
        self.editing = on
        self._apply_compact()

    def start(self) -> None:
        """Open the stream now if the tile is on screen (a layout switch calls this once
        every monitor is built and laid out, see ScreenGrid.start_video)."""
        self._on_cameras_changed()

    def _on_cameras_changed(self) -> None:
        cam = self.store.cameras.get(self.camera_id)
        if cam is None:
            if self.store.cameras:
                self._show_message(
                    translate("camera_tile", "Camera {camera} không còn trong danh mục").format(
                        camera=self.camera_id
                    )
                )
                self._set_status("stopped", translate("camera_tile", "Không có"))
                self.engine.close(self.key)
                self._url = None
            return
        if self._url is None or self._parked:
            self._shown_id = cam.id  # nothing on screen yet: name what comes
        self._apply_title()
        # the wall's decode plan (widgets/wall_plan.py), else by size alone
        rung = WallPlanner.shared().rung_for(self) if self.isVisible() else None
        stream = cam.stream(rung.profile if rung is not None else self.wanted_profile())
        if stream is None:
            self._show_message(translate("camera_tile", "Camera không có luồng video"))
            return
        wanted = stream.url
        # many small decoders: cheap decoding (engine.open); a still: keyframes only
        light = stream.profile == "sub" and (rung is None or rung <= Rung.LIGHT_SUB)
        mode = (light, rung is Rung.STILL)
        same = wanted in (self._url, self._pending_url) and mode == self._mode
        if same or not self.isVisible():
            return
        self._message = ""
        self._mode = mode
        self.recovery.reset(cam, stream, light)
        if rung is not None and (why := WallPlanner.shared().why(self.key)):
            self._note, self._note_until = why, time.time() + 10  # why it plays less
            self._refresh_subtitle()
        if rung is Rung.STILL:  # a true still: no player at all (tile_still.py)
            self._url, self._parked, self._pending_url = wanted, False, None
            self._shown_id = cam.id
            self._outage, self._reason, self._status = False, "", "still"
            self.engine.close(self.key)
            self.still.plan(cam, wanted)
            self._set_status("still", translate("camera_tile", "Ảnh tĩnh"))
            self.still_changed()
            return
        if self.still.planned:  # video again: its player starts afresh
            self.still.stop()
            self._url, self._status = None, "connecting"
        transport = stream.rtsp_transport  # the camera's own, else the setting
        if self._url is None or self._parked:
            self._url, self._parked = wanted, False  # named above: nothing was on screen
            self._outage, self._reason = False, ""
            self.stack.setCurrentWidget(self.video)
            win = int(self.video.front.winId())
            self.engine.open(self.key, wanted, win, light, transport, keyframes=mode[1])
        else:
            self._pending_url, self._pending_id = wanted, cam.id
            win = int(self.video.back.winId())
            self.engine.switch(self.key, wanted, win, light, transport, keyframes=mode[1])

    _mode: tuple[bool, bool] = (True, False)  # (light, keyframes) of what was opened last

    def video_window_id(self) -> int:
        """The surface on screen (the recovery ladder plays its next rung into it)."""
        return int(self.video.front.winId())

    def try_stream_behind(self, url: str) -> bool:
        """The recovery ladder tries the first stream again behind the fallback's picture
        (make before break); False when the tile is busy switching or not shown."""
        if self._pending_url is not None or not self.isVisible() or self._status != "live":
            return False
        self._pending_url, self._pending_id = url, self._shown_id
        light, keyframes = self._mode
        win = int(self.video.back.winId())
        self.engine.switch(self.key, url, win, light, None, keyframes=keyframes)
        return True

    def _catch_up(self) -> None:
        """A stream that flowed again after a stall plays what it held back, and libVLC keeps
        it that late for as long as it plays: a 2 s stall left every tile 2 s behind, looking
        live (bench/latency.py --stall-at). A fresh player on the same stream, made before
        the old one is let go, starts at the camera's live moment."""
        now = time.monotonic()
        if now - self._caught_up_at < CATCH_UP_GAP_S:
            return  # a wall stalling over and over is overloaded: the governor's to act
        if self._url and not self.replay.active and self.try_stream_behind(self._url):
            self._caught_up_at = now
            log.info("tile %s: behind after a stall, catching up with the live stream", self.key)

    def video_size_px(self) -> tuple[int, int]:
        """The picture's size in device pixels (what the planner sizes the tile by)."""
        dpr = self.devicePixelRatioF()
        return int(self.video.width() * dpr), int(self.video.height() * dpr)

    def plan_changed(self, why: str) -> None:
        """The wall's plan moved this tile to another rung (why: said in its subtitle)."""
        if why:
            self._note, self._note_until = why, time.time() + 10
            self._refresh_subtitle()
        self._choose.start()

    def _apply_title(self) -> None:
        cam = self.store.cameras.get(self._shown_id)
        if cam is not None:
            self.title.setText(cam.name)
            self.title.setToolTip(f"{cam.name} ({cam.id})")
        self._refresh_subtitle()
        self._refresh_caption()

    def _on_switch_done(self, ok: bool) -> None:
        self.recovery.on_switch_done(ok)
        self._set_status(*self._pill_for(self._status))  # back on the first stream: said
        if self._pending_url is None:
            return
        if ok:
            if (self._pending_id or self._shown_id) != self._shown_id:
                self._outage, self._reason = False, ""  # another camera: not its outage
            self._url = self._pending_url
            self._shown_id = self._pending_id or self._shown_id
            self.video.swap()
        self._pending_url = self._pending_id = None
        self._apply_title()
        self._refresh_view()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_compact()
        WallPlanner.shared().invalidate()
        self._choose.start()  # settle first: a drag or a re-layout resizes many times

    def _apply_compact(self) -> None:
        compact = not self.editing and self.height() < COMPACT_MAX_HEIGHT_PX
        self._set_ticking(not compact)
        if compact == self._compact:
            return
        self._compact = compact
        for w in (self.title, self.subtitle, self.clock):
            w.setVisible(not compact)
        self.pill.setVisible(not compact and bool(self._pill_state[0]))
        self.age_badge.setVisible(not compact and self._badge is not None)
        self.outer.setContentsMargins(*((1, 1, 1, 1) if compact else (6, 4, 6, 6)))
        self.outer.setSpacing(0 if compact else 4)
        self.body.setSpacing(0 if compact else 4)
        self.video.show_caption(compact)
        self._refresh_caption()

    def _show_message(self, text: str) -> None:
        self._message = text
        self._refresh_view()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        WallPlanner.shared().show_tile(self)
        if self._url is None or self._parked:
            # once laid out, so the profile fits the real size; no debounce: resume fast
            QTimer.singleShot(50, self, self._on_cameras_changed)

    def hideEvent(self, event: object) -> None:
        """A tile nobody can see (another one maximised) stops decoding: CPU for the rest."""
        super().hideEvent(event)  # type: ignore[arg-type]
        WallPlanner.shared().hide_tile(self)
        self.replay.leave()
        self.still.stop()
        if self._url is not None and not self._parked:
            self._parked = True
            self._pending_url = None
            self._url = None
            self.engine.close(self.key)
            self._set_status("stopped", status_text("stopped"))

    # -- status --------------------------------------------------------------------------
    def _set_status(self, status: str, said: str) -> None:
        """The status in colour and words: the title row's pill, or the caption strip."""
        self.set_pill(said, status)
        self._refresh_caption()

    def _refresh_caption(self) -> None:
        said, status = self._pill_state
        cam = self.store.cameras.get(self._shown_id)
        name = cam.name if cam else self._shown_id
        caption = (name, said, status)
        if self.video.caption is not None and self._compact:
            self.video.caption.set_caption(*caption, badge=self._badge)
        self.message.set_header(caption if self._compact else None, self._badge)

    # -- the picture's age ---------------------------------------------------------------
    def picture_age(self) -> float | None:
        """How old the picture on screen is: the kept one while the stream is out, else the
        stream's newest (None: no picture yet)."""
        if self.still.planned:
            return self.still.age(self._shown_id)
        age = self.engine.picture_age(self.key)
        if self._outage and self._status != "live" and (kept := self._kept_picture()):
            kept_age = max(0.0, time.time() - kept[1])  # a snapshot's own age: it is newer
            age = kept_age if age is None or kept[2] else max(age, kept_age)
        return age

    def badge(self) -> Badge | None:
        """The age badge as shown now (None: the picture is fresh)."""
        return self._badge

    def _on_age_changed(self, _age: float) -> None:
        self._refresh_badge()
        if self._outage:
            self._refresh_view()  # the kept picture's age moves on

    def _refresh_badge(self) -> None:
        # a replay says how old its picture is in its own bar: no live age over it
        badge = None if self.replay.active else age_badge(self.picture_age())
        if badge == self._badge:
            return
        self._badge = badge
        if badge is not None:
            self.age_badge.setText(badge.text)
            self.age_badge.setStyleSheet(
                f"background: {badge.color}; color: #000; border-radius: 4px; padding: 0 6px;"
            )
        self.age_badge.setVisible(badge is not None and not self._compact)
        self._refresh_caption()

    def tooltip_text(self) -> str:
        """The tile's tooltip: where, the status and why, the picture's time and age, the rate."""
        if self.replay.active:  # the recording's time, not the live picture's behind it
            return "\n".join(t for t in (self._where(), self.replay.words()) if t)
        lines = [self._where(), " · ".join(p for p in (self._pill_state[0], self._reason) if p)]
        age = self.picture_age()
        if age is not None:
            badge = age_badge(age)
            at = picture_time(time.time() - age)
            lines.append(
                translate("camera_tile", "Hình lúc {time} ({age})").format(
                    time=at,
                    age=badge.text if badge else translate("camera_tile", "hình mới"),
                )
            )
        stats = self.engine.stats(self.key)
        if stats is not None and stats.status.value == "live":
            lines.append(format_rate(stats))
        lines.append(WallPlanner.shared().why(self.key))  # the decode plan, if it cut
        lines.append(self.recovery.words())  # the recovery ladder's rung, if not the first
        return "\n".join(line for line in lines if line)

    def event(self, event: QEvent) -> bool:
        """Tooltips are made when asked for: no tile sets one a second that nobody reads."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), self.tooltip_text(), self)
            return True
        return super().event(event)

    def _set_ticking(self, on: bool) -> None:
        """A tile with title rows shows the picture's clock: it hears the shared second."""
        if on == self._ticking:
            return
        self._ticking = on
        ticker = SecondTicker.shared()
        if on:
            ticker.sig_tick.connect(self._on_tick)
        else:
            ticker.sig_tick.disconnect(self._on_tick)

    def _where(self) -> str:
        """The name, id and district in full, for a small tile's tooltip."""
        cam = self.store.cameras.get(self._shown_id)
        if cam is None:
            return self._shown_id
        area = next((a.name for a in self.store.areas if a.code == cam.area_code), "")
        return " · ".join(t for t in (f"{cam.name} ({cam.id})", area) if t)

    def _on_status_changed(self, status: str, detail: str) -> None:
        if self.still.planned:
            return  # a still plays nothing: a late word of the player it had
        was, self._status = self._status, status
        self.recovery.on_status(status)
        if was == "stalled" and status == "live":
            QTimer.singleShot(0, self._catch_up)
        if status == "unsupported":
            self._message = translate("camera_tile", "Không phát được luồng này:\n{reason}").format(
                reason=detail
            )
        elif status in ("stalled", "lost", "denied"):
            self._outage = True
            self._reason = detail or self._reason
        elif status == "live":
            self._outage, self._reason = False, ""
        self._set_status(*self._pill_for(status))
        self._refresh_badge()
        self._refresh_view()

    def _pill_for(self, status: str) -> tuple[str, str]:
        """(status for the colour, words). A stream that is out and being tried again is
        still out: the pill stays red and says so, instead of flipping to "connecting" and
        back at every try of a long outage."""
        if self.replay.active:
            return self.replay.pill()
        if self._outage and status == "connecting":
            return "lost", translate("camera_tile", "{status} · đang thử lại").format(
                status=status_text("lost")
            )
        if status == "live" and (fallback := self.recovery.live_note()):
            return status, f"{status_text(status)} · {fallback}"  # on the recovery ladder
        return status, status_text(status)

    def _on_still_changed(self) -> None:
        """A newer picture kept: its size is the stream's picture's, which the video window
        takes the shape of (VideoArea.set_picture_size)."""
        still = self.engine.still(self.key)
        if still is not None and not still.image.isNull():
            self.video.set_picture_size(still.image.width(), still.image.height())
        self._refresh_view()

    def _kept_picture(self) -> tuple[QImage, float, bool] | None:
        """The engine's last picture of the camera on screen (any of its streams), or the
        camera's snapshot where it is newer (the ladder's last rung): (picture, its time,
        whether it is the snapshot)."""
        still = self.engine.still(self.key)
        cam = self.store.cameras.get(self._shown_id)
        snap = self.still.picture_of(self._shown_id)
        kept = None
        if still is not None and cam is not None and still.url in {s.url for s in cam.streams}:
            kept = (still.image, still.shown_at, False)
        if snap is not None and (kept is None or snap.taken_at >= kept[1]):
            return snap.image, snap.taken_at, True
        return kept

    def still_changed(self) -> None:
        """A new still or snapshot came (or a second passed on a planned still)."""
        self._refresh_badge()
        if self.still.planned or self._outage:
            self._refresh_view()

    def _refresh_view(self) -> None:
        """Video while the picture is live (or coming for the first time); the kept picture,
        dimmed, with its age and the reason, from the moment it stalls until it is back."""
        if self.replay.active:
            self.stack.setCurrentWidget(self.replay.page)
            return
        if self._message:
            self.message.show_message(self._message)
            self.stack.setCurrentWidget(self.message)
            return
        if self.still.planned:
            pic = self.still.picture_of(self._shown_id)
            self.message.show_still(pic.image if pic else None, still_words(pic))
            self.stack.setCurrentWidget(self.message)
            return
        if not self._outage or self._status == "live":
            self.stack.setCurrentWidget(self.video)
            return
        kept = self._kept_picture()
        now = time.time()
        stats = self.engine.stats(self.key)
        reason = self._reason
        if self._status == "stalled" and stats is not None and stats.frame_age_s is not None:
            reason = translate("camera_tile", "không có hình mới trong {age}").format(
                age=format_age(stats.frame_age_s)
            )
        if kept is not None and kept[2]:  # the camera's snapshot, newer than the stream's
            shown = translate("camera_tile", "{picture}, {age} trước").format(
                picture=still_words(self.still.picture_of(self._shown_id)),
                age=format_age(max(0.0, now - kept[1])),
            )
        else:
            shown = last_picture_text(kept[1] if kept else None, now)
        details = [shown, reason]
        if self._status == "connecting" or (stats is not None and self._status == "lost"):
            attempt = (stats.reconnects + 1) if stats is not None else 1
            details.append(
                translate("camera_tile", "thử lại lần {attempt}").format(attempt=attempt)
            )
        details.append(self.recovery.words())
        said = status_text("lost" if self._status == "connecting" else self._status)
        status = "lost" if self._status == "connecting" else self._status
        self.message.show_outage(kept[0] if kept else None, said, status, details)
        self.stack.setCurrentWidget(self.message)

    def _refresh_subtitle(self) -> None:
        self._show_subtitle(self.engine.stats(self.key))

    def _show_subtitle(self, stats: TileStats | None) -> None:
        if self._note and time.time() < self._note_until:
            self.subtitle.setText(self._note)
            return
        self._note = ""
        parts: list[str] = []
        if self.is_tour:
            ids = self.tour.camera_ids
            pos = (
                ids.index(self._shown_id) + 1 if self._shown_id in ids else self.tour.position()[0]
            )
            tour = (
                translate("camera_tile", "Tuần tra {position}/{count} (tạm dừng)")
                if self.tour.paused
                else translate("camera_tile", "Tuần tra {position}/{count}")
            )
            parts.append(tour.format(position=pos, count=len(ids)))
        cam = self.store.cameras.get(self._shown_id)
        area = next((a for a in self.store.areas if cam and a.code == cam.area_code), None)
        if area is not None:
            parts.append(area.name)
        if stats is not None and stats.status.value == "lost":
            parts.append(
                translate("camera_tile", "thử lại lần {attempt}").format(
                    attempt=stats.reconnects + 1
                )
            )
        elif stats is not None and self.show_stats and stats.status.value == "live":
            parts.append(format_rate(stats))
        self.subtitle.setText(" · ".join(parts))

    def _on_tick(self) -> None:
        """Once a second, for a tile with title rows: the picture's clock, the subtitle."""
        stats = self.engine.stats(self.key)
        if stats is None:
            self.clock.setText("")
            self._show_subtitle(None)
            return
        age = self.picture_age()  # the kept picture's while the stream is out
        if self.replay.active:
            self.clock.setText(self.replay.clock_text())
        elif age is not None:
            self.clock.setText(picture_time(time.time() - age))
        self._show_subtitle(stats)

    # -- operator actions ----------------------------------------------------------------
    def take_snapshot(self) -> None:
        if self.snapshot_folder is None:
            return
        cam = self.store.cameras.get(self._shown_id)
        name = cam.name if cam else self._shown_id
        if self.replay.active:  # the recorded picture on screen, not the live one behind
            self.replay.snapshot(self.snapshot_folder, name)
            return
        self.engine.snapshot(self.key, self.snapshot_folder, name)

    def _on_snapshot_done(self, path: str, error: str) -> None:
        if path:
            self._note = translate("camera_tile", "Đã lưu ảnh {file}").format(file=Path(path).name)
            self.sig_status.emit(
                translate("screen_grid", "Đã lưu ảnh chụp: {path}").format(path=path)
            )
        else:
            self._note = translate("camera_tile", "Không chụp được ảnh: {reason}").format(
                reason=error
            )
        self._note_until = time.time() + 5
        self._refresh_subtitle()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menu().exec(event.globalPos())

    def menu(self) -> QMenu:
        """The tile's right-click menu, as things stand now (its own method so a test reads
        and triggers its actions without running a menu's event loop)."""
        menu = QMenu(self)
        if self.replay.active:
            menu.addAction(
                icon("live"), translate("replay", "Về trực tiếp"), self.replay.back_to_live
            )
        if self._status == "denied" and self._url:  # the camera refused its password
            url = self._url
            menu.addAction(
                icon("settings"),
                translate("camera_tile", "Nhập mật khẩu camera…"),
                lambda: camera_password_dialog.ask(url),
            )
        menu.addAction(
            icon("snapshot"), translate("camera_tile", "Chụp ảnh (S)"), self.take_snapshot
        ).setEnabled(self.snapshot_folder is not None)
        menu.addAction(
            icon("maximise"),
            translate("camera_tile", "Phóng to / thu nhỏ"),
            lambda: self.sig_maximise_requested.emit(self.key),
        )
        stats = menu.addAction(
            icon("stats"), translate("camera_tile", "Hiện số hình/giây và tốc độ bit")
        )
        stats.setCheckable(True)
        stats.setChecked(self.show_stats)
        stats.toggled.connect(self._set_show_stats)
        boxes = menu.addAction(
            icon("stats"), translate("camera_tile", "Khung phát hiện AI (cả tường)")
        )
        boxes.setCheckable(True)
        boxes.setChecked(detection_overlay.shown_on(self.window()) is not None)
        boxes.toggled.connect(lambda _on: detection_overlay.toggle_window(self.window()))
        menu.addAction(
            icon("pause"), translate("camera_tile", "Xem lại 30 giây"), self.replay_last_30_s
        ).setEnabled(bool(self._shown_id))
        feed = detection_overlay.current_feed()
        alerts = [a for a in feed.alerts if a.camera_id == self._shown_id] if feed else []
        if alerts:  # the camera's latest AI alert: its moment again
            last = alerts[-1]
            moment = last.at.timestamp() - 3  # from just before the alert's frame
            menu.addAction(
                icon("pause"),
                translate("camera_tile", "Xem lại lúc cảnh báo AI ({time})").format(
                    time=clock.fmt(last.at, "%H:%M:%S")
                ),
                lambda m=moment: self.replay_from(m),
            )
        open_incident = replay_window.current_incident()
        mark = menu.addAction(
            icon("snapshot"),
            translate("camera_tile", "Đánh dấu 30 giây vừa qua cho sự cố {id}").format(
                id=open_incident or "…"
            ),
            self.bookmark_last_30_s,
        )
        mark.setEnabled(bool(self._shown_id) and open_incident is not None)
        span = menu.addAction(
            icon("snapshot"),
            translate("camera_tile", "Đánh dấu đoạn video có ghi chú…"),
            self.ask_bookmark,
        )
        span.setEnabled(bool(self._shown_id) and open_incident is not None)
        keep = menu.addAction(
            icon("snapshot"),
            translate("camera_tile", "Chụp làm chứng cứ cho sự cố {id}").format(
                id=open_incident or "…"
            ),
            self.snapshot_as_evidence,
        )
        keep.setEnabled(bool(self._shown_id) and open_incident is not None)
        if self.is_tour:
            menu.addAction(
                icon("next"), translate("camera_tile", "Camera tiếp theo"), self.next_camera
            )
            pause = menu.addAction(icon("pause"), translate("camera_tile", "Tạm dừng tuần tra"))
            pause.setCheckable(True)
            pause.setChecked(self.tour.paused)
            pause.toggled.connect(self.set_tour_paused)
        return menu

    def replay_last_30_s(self) -> None:
        """Instant replay of this tile's camera from 30 s ago, in the tile (live goes on)."""
        self.replay_from(time.time() - 30)

    def replay_from(self, at: float) -> None:
        """Instant replay of this tile's camera from `at` (epoch s), in the tile."""
        self.replay.start(at)

    def replay_changed(self) -> None:
        """A replay began or ended in this tile: pill, badge, clock and picture say which."""
        self._set_status(*self._pill_for(self._status))
        self._refresh_badge()
        self._refresh_view()
        self._on_tick()

    def bookmark_last_30_s(self) -> None:
        """Keep the last 30 s of this camera (and the next 10) with the incident open on the
        desk, through the outbox; in a replay, the 30 s before the replay's picture."""
        end = self.replay.moment() if self.replay.active else time.time()
        body = bookmark_body(self._shown_id, end, "", 30.0, 10.0)
        if replay_window.submit_evidence(body):
            self._note = translate("camera_tile", "Đã đánh dấu đoạn video cho sự cố")
            self._note_until = time.time() + 5
            self._refresh_subtitle()

    def ask_bookmark(self) -> None:
        """A bookmark of this camera with its span and a note (widgets/bookmark_dialog.py),
        around the moment asked: now, or the replay's picture."""
        incident_id = replay_window.current_incident()
        if not self._shown_id or incident_id is None:
            return
        at = self.replay.moment() if self.replay.active else time.time()
        camera = self._shown_id
        cam = self.store.cameras.get(camera)
        moment = clock.fmt(clock.from_epoch(at), "%H:%M:%S")
        dialog = BookmarkDialog(cam.name if cam else camera, moment, incident_id, self)

        def keep(before: float, after: float, note: str) -> None:
            if replay_window.submit_evidence(bookmark_body(camera, at, note, before, after)):
                self._note = translate("camera_tile", "Đã đánh dấu đoạn video cho sự cố")
                self._note_until = time.time() + 5
                self._refresh_subtitle()

        dialog.sig_bookmark.connect(keep)
        dialog.open()
        self.bookmark_dialog = dialog  # tests

    def snapshot_as_evidence(self) -> None:
        """Keep the picture on screen with the incident open on the desk: the moment it
        shows (now, less the picture's age; a replay's picture time), which the backend takes
        from its recording."""
        shown = time.time() - (self.picture_age() or 0.0)
        if self.replay.active:
            shown = self.replay.moment()
        if replay_window.submit_evidence(snapshot_body(self._shown_id, shown)):
            self._note = translate("camera_tile", "Đã lưu ảnh làm chứng cứ cho sự cố")
            self._note_until = time.time() + 5
            self._refresh_subtitle()

    def _set_show_stats(self, on: bool) -> None:
        self.show_stats = on
        self._refresh_subtitle()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_S:
            self.take_snapshot()
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: object) -> None:
        self.sig_maximise_requested.emit(self.key)

    def release(self) -> None:
        WallPlanner.shared().hide_tile(self)
        self.replay.leave()
        self._tour_timer.stop()
        self._choose.stop()
        self._set_ticking(False)
        self._listen(None)
        self.still.stop()
        self.still.listen(None)
        self.engine.release(self.key)

    def retarget(
        self,
        key: str,
        camera_ids: str | list[str],
        *,
        dwell_s: float = 10.0,
        show_stats: bool = False,
    ) -> None:
        """Become another panel: other cameras under a new key, as if newly made. A layout
        switch hands the tiles that go to the camera panels that come (PanelFactory), so
        their widgets and native windows are not built again (16 tiles: ~0.2 s of the UI
        thread at a 4-monitor switch). The stream starts when the tile is shown or started."""
        self.release()
        self._take(key, camera_ids, dwell_s, show_stats)
        self._on_cameras_changed()
