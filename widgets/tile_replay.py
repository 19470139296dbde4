"""Instant replay inside the tile (issue #22): "Xem lại 30 giây" on a tile, or an alert's
moment from the incident desk, plays the recording in THAT tile, in step with the other tiles
of the same replay.

Why the live player is kept: going back to live must take under a second. The tile's live
stream goes on playing behind the replay (its surfaces hidden under the replay page), so "Về
trực tiếp" only shows it again: the next live picture is on screen within a frame, where
opening the stream again waits for a connection and a keyframe (tests/probes/replay_probe.py
measures both). It also keeps the tile's live features true: the watchdog, the picture-age
clock, the recovery ladder and the planner's governor go on judging the live stream, which
is really playing, and never see the replay's player (a paused replay is not a frozen
stream). What costs: one more decoder while a tile replays.

What must never lie: a loud red bar over the picture, "XEM LẠI −00:30 · hình lúc 12:00:03"
(how far behind now and the picture's own time), the tile's pill says "Xem lại" and its clock
the replay's picture time, no age badge and no AI boxes of the live picture over it, a tour
holds still. A recorder that is away, or a moment not recorded, is said in the tile; the tile
goes back to live by itself a few seconds later (its live stream never stopped).

Tiles of one replay (`ReplayGroup`) start on the same recorded moment (`video/replay.line_up`)
and pause, step and change speed together; "Về trực tiếp" on any of them takes all back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop import clock
from ioc_desktop.backend.analytics import Playback
from ioc_desktop.i18n import translate
from ioc_desktop.recordings import Recordings
from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.replay import LineUp, ReplayPlayer, line_up
from ioc_desktop.video.snapshot import snapshot_path
from widgets import replay_window
from widgets.elided_label import ElidedLabel
from widgets.icons import icon
from widgets.video_area import TileScreen, VideoArea, caption_font

FAILED_BACK_S = 4.0  # a replay that could not start says why this long, then live again
NARROW_PX = 560  # a page narrower than this shows its buttons as icons only
TICK_MS = 250
KEYFRAME_MAX_S = 10.0  # a playback starts at most this long before the moment asked


class ReplayingTile(Protocol):
    key: str
    engine: VideoEngine
    store: Store
    stack: QStackedLayout

    @property
    def compact(self) -> bool: ...

    @property
    def tour_paused(self) -> bool: ...

    def set_tour_paused(self, paused: bool) -> None: ...

    def replay_changed(self) -> None: ...


class ReplayPage(QWidget):
    """What a replaying tile shows instead of its live picture: the red bar, the recorded
    picture (or what is happening, in words), and the controls."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("TileReplay")
        self.bar = ElidedLabel("")
        self.bar.setObjectName("ReplayBar")
        self.bar.setFont(caption_font(15 / 14))
        self.bar.setStyleSheet(
            f"background: {replay_window.REPLAY_RED}; color: black; padding: 3px 8px;"
        )
        self.area = VideoArea()
        self.note = TileScreen()
        self.content = QStackedLayout()
        self.content.addWidget(self.area)
        self.content.addWidget(self.note)
        self.pause_button = QPushButton(icon("pause"), "")
        self.pause_button.setCheckable(True)
        self.step_button = QPushButton(icon("step"), "")
        self.speed = QComboBox()
        for s in replay_window.SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(replay_window.SPEEDS.index(1.0))
        self.speed.setToolTip(translate("replay", "Tốc độ xem lại"))
        self.live_button = QPushButton(icon("live"), translate("replay", "Về trực tiếp"))
        self.live_button.setObjectName("ReplayLive")
        self.live_button.setFont(caption_font(15 / 14))
        self.live_button.setStyleSheet("background: #30d158; color: black; padding: 3px 12px;")
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 2, 0, 0)
        for w in (self.pause_button, self.step_button, self.speed):
            controls.addWidget(w)
        controls.addStretch(1)
        controls.addWidget(self.live_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.bar)
        lay.addLayout(self.content, 1)
        lay.addLayout(controls)
        self.set_paused(False)

    def set_paused(self, paused: bool) -> None:
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(paused)
        self.pause_button.blockSignals(False)
        self.pause_button.setIcon(icon("play" if paused else "pause"))
        self._label_buttons()

    def _label_buttons(self) -> None:
        """Words beside the icons where the tile is wide enough, the tooltip always."""
        paused = self.pause_button.isChecked()
        pause = translate("replay", "Tiếp tục") if paused else translate("replay", "Tạm dừng")
        step = translate("replay", "Từng hình")
        wide = self.width() >= NARROW_PX
        self.pause_button.setText(pause if wide else "")
        self.step_button.setText(step if wide else "")
        self.pause_button.setToolTip(pause)
        self.step_button.setToolTip(step)
        narrow = self.fontMetrics().horizontalAdvance("0,25×") + 28
        self.speed.setMaximumWidth(16777215 if wide else narrow)
        # a small tile: the bar's words and "Về trực tiếp" whole, in smaller type
        self.live_button.setIcon(icon("live") if wide else QIcon())
        self.bar.setFont(caption_font(15 / 14 if wide else 12 / 14))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._label_buttons()

    def show_note(self, text: str) -> None:
        self.note.show_message(text)
        self.content.setCurrentWidget(self.note)

    def set_playable(self, on: bool, rate: float = 1.0) -> None:
        """Pause, step and speed only while there is a replay to drive (the speed shown is
        the replay's: a new one starts at 1×)."""
        self.speed.blockSignals(True)
        self.speed.setCurrentIndex(max(0, self.speed.findData(rate)))
        self.speed.blockSignals(False)
        for w in (self.pause_button, self.step_button, self.speed):
            w.setVisible(on)

    def show_picture(self) -> None:
        self.content.setCurrentWidget(self.area)


def bar_text(
    behind_s: float, shown: float, paused: bool, rate: float, cameras: int, short: bool = False
) -> str:
    """What the red bar says: "XEM LẠI −00:30 · hình lúc 12:00:03 · tạm dừng · 2× · 3 camera
    cùng lúc"; `short` (a small tile): "XEM LẠI −00:30 · 12:00:03 · …", so that the
    picture's time is not the part cut off."""
    words = (
        translate("replay", "XEM LẠI {behind} · {time}")
        if short
        else translate("replay", "XEM LẠI {behind} · hình lúc {time}")
    )
    text = words.format(
        behind=replay_window.behind_text(behind_s),
        time=clock.fmt(clock.from_epoch(shown), "%H:%M:%S"),
    )
    if paused:
        text += translate("replay", " · tạm dừng")
    if rate != 1.0:
        text += f" · {rate:g}×"
    if cameras > 1:
        text += translate("replay", " · {n} camera cùng lúc").format(n=cameras)
    return text


class TileReplay(QObject):
    """One tile's replay: its page in the tile's stack, its player, its part of a group."""

    sig_snapshot_done = Signal(str, str)
    """A picture of the replay saved: (path, error)."""

    def __init__(self, tile: ReplayingTile, camera: Callable[[], str], parent: QObject) -> None:
        super().__init__(parent)
        self.tile = tile
        self._camera = camera  # the camera whose picture the tile shows now
        self.page = ReplayPage()
        tile.stack.addWidget(self.page)
        self.group: ReplayGroup | None = None
        self.camera_id = ""
        self.player: ReplayPlayer | None = None
        self.lineup: LineUp | None = None
        self.failed = ""
        self._tour_was_paused = False
        self._back = QTimer(self)
        self._back.setSingleShot(True)
        self._back.timeout.connect(self.leave)
        p = self.page
        p.pause_button.toggled.connect(lambda on: self.group and self.group.set_paused(on))
        p.step_button.clicked.connect(lambda: self.group and self.group.step())
        p.speed.currentIndexChanged.connect(
            lambda _i: self.group and self.group.set_rate(float(p.speed.currentData()))
        )
        p.live_button.clicked.connect(self.back_to_live)

    @property
    def active(self) -> bool:
        """The tile shows the replay page (a recording, or why there is none)."""
        return self.group is not None or bool(self.failed)

    def start(self, at: float) -> ReplayGroup | None:
        """This tile alone, from `at` (epoch s)."""
        return replay_in_tiles([self], at)

    # -- the group's side ----------------------------------------------------------------
    def join(self, group: ReplayGroup) -> None:
        if self.active:
            self.leave()
        self.group, self.camera_id = group, self._camera()
        self._tour_was_paused = self.tile.tour_paused
        self.tile.set_tour_paused(True)  # a tour holds still while its tile looks back
        self.page.set_paused(group.paused)
        self.page.set_playable(True, group.rate)
        self.page.show_note(translate("replay", "Đang mở đoạn ghi hình…"))
        self.refresh_bar()
        self.tile.replay_changed()

    def open(self, playback: Playback) -> None:
        player = ReplayPlayer(self.tile.engine)
        self.page.show_picture()
        player.open(playback.url, int(self.page.area.front.winId()), creep=True)
        self.player = player
        self.lineup = LineUp(player, playback.start.timestamp())

    def fail(self, reason: str) -> None:
        """No replay here: said in the tile, live again in FAILED_BACK_S."""
        group = self.group
        self._drop_player()
        self.group = None
        if group is not None:
            group.remove(self)
        self.failed = translate("replay", "Không xem lại được: {reason}").format(reason=reason)
        self.page.show_note(
            self.failed
            + "\n"
            + translate("replay", "Về trực tiếp sau {n} giây").format(n=round(FAILED_BACK_S))
        )
        self.page.bar.setText(translate("replay", "KHÔNG XEM LẠI ĐƯỢC · hình trực tiếp vẫn chạy"))
        self.page.set_playable(False)
        self._back.start(int(FAILED_BACK_S * 1000))
        self.tile.replay_changed()

    def leave(self) -> None:
        """This tile back to live (its live stream never stopped: it is shown again)."""
        self._back.stop()
        if not self.active:
            return
        group, self.group = self.group, None
        self._drop_player()
        self.failed = ""
        if group is not None:
            group.remove(self)
        self.tile.set_tour_paused(self._tour_was_paused)
        self.tile.replay_changed()

    def back_to_live(self) -> None:
        """ "Về trực tiếp": every tile of this replay back to live."""
        if self.group is not None:
            self.group.back_to_live()
        else:
            self.leave()

    def _drop_player(self) -> None:
        if self.player is not None:
            self.player.close()
        self.player, self.lineup = None, None

    # -- what it shows -------------------------------------------------------------------
    def picture_time(self) -> float | None:
        """Wall-clock time of the recorded picture shown (None: no picture yet)."""
        if self.player is None or self.lineup is None:
            return None
        t = self.player.time_s()
        return None if t is None else self.lineup.start + t

    def moment(self) -> float:
        """The picture on screen's time (the moment asked for until a picture shows)."""
        shown = self.picture_time()
        if shown is None:
            return self.group.at if self.group is not None else time.time()
        return shown

    def refresh_bar(self, now: float | None = None) -> None:
        group = self.group
        if group is None:
            return
        now = time.time() if now is None else now
        compact = self.tile.compact
        text = bar_text(
            now - self.moment(), self.moment(), group.paused, group.rate, group.size, compact
        )
        if compact:  # the tile's name is not shown above: it goes in the bar
            cam = self.tile.store.cameras.get(self.camera_id)
            text += f" · {cam.name if cam else self.camera_id}"
        self.page.bar.setText(text)

    def pill(self) -> tuple[str, str]:
        """(status for the colour, words) of the tile's pill while it replays."""
        if self.failed:
            return "lost", translate("replay", "Không xem lại được")
        return "replay", translate("replay", "Xem lại")

    def words(self) -> str:
        """What the tile says of its replay, in full (its tooltip)."""
        return self.failed or self.page.bar.full_text()

    def clock_text(self) -> str:
        """The tile's clock: the recorded picture's time (none while saying why not)."""
        if self.failed:
            return ""
        return clock.fmt(clock.from_epoch(self.moment()), "%H:%M:%S")

    def snapshot(self, folder: Path, camera_name: str) -> None:
        """The recorded picture shown, saved as the tile's S key saves a live one."""
        if self.player is None:
            self.sig_snapshot_done.emit("", translate("replay", "chưa có hình xem lại"))
            return
        path = snapshot_path(folder, camera_name, datetime.fromtimestamp(self.moment()))
        self.player.snapshot(path, self.sig_snapshot_done.emit)


class ReplayGroup(QObject):
    """Tiles replaying one moment together: asked for, lined up, paused, stepped, sped up
    and taken back to live as one."""

    def __init__(self, recordings: Recordings, at: float) -> None:
        super().__init__()
        self.recordings, self.at = recordings, at
        self.members: list[TileReplay] = []
        self.paused = False
        self.rate = 1.0
        self.lined_up = False
        self.size = 0  # tiles it started with (said in the bar)
        recordings.sig_playback.connect(self._on_playback)
        recordings.sig_failed.connect(self._on_failed)
        self._lineup = QTimer(self)
        self._lineup.setInterval(replay_window.LINEUP_MS)
        self._lineup.timeout.connect(self._line_up)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.refresh)
        self._closed = False

    def start(self, tiles: list[TileReplay]) -> None:
        for t in tiles:
            t.join(self)
            self.members.append(t)
        self.size = len(self.members)
        self._tick.start()
        self.refresh()
        for cid in dict.fromkeys(t.camera_id for t in tiles):
            self.recordings.request(cid, self.at)

    def _waiting(self, camera_id: str) -> list[TileReplay]:
        return [m for m in self.members if m.camera_id == camera_id and m.player is None]

    def _on_playback(self, camera_id: str, playback: Playback) -> None:
        # another replay's answer (a window's, another group's) is not ours: it starts
        # elsewhere in the recording (ours: the keyframe at or before our moment)
        if not self.at - KEYFRAME_MAX_S <= playback.start.timestamp() <= self.at + 1.0:
            return
        for m in self._waiting(camera_id):
            m.open(playback)
            self._lineup.start()

    def _on_failed(self, camera_id: str, reason: str) -> None:
        for m in self._waiting(camera_id):
            m.fail(reason)

    def _line_up(self) -> None:
        entries = [m.lineup for m in self.members if m.lineup is not None]
        waiting = any(m.lineup is None for m in self.members)
        if line_up(entries, self.at, self.rate) and not waiting:
            self._lineup.stop()
            self.lined_up = True
            if not self.paused:
                for p in self.players():
                    p.set_paused(False)

    def players(self) -> list[ReplayPlayer]:
        return [m.player for m in self.members if m.player is not None]

    def remove(self, member: TileReplay) -> None:
        if member in self.members:
            self.members.remove(member)
        if not self.members:
            self.close()
        elif not self.lined_up and self._lineup.isActive():
            self._line_up()  # the one it waited for may be gone

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        if self.lined_up:  # before that, the line-up holds them and lets them go
            for p in self.players():
                p.set_paused(paused)
        for m in self.members:
            m.page.set_paused(paused)
        self.refresh()

    def step(self) -> None:
        """One frame on, every camera (pausing them first)."""
        if not self.paused:
            self.set_paused(True)
        if self.lined_up:
            for p in self.players():
                p.step()

    def set_rate(self, rate: float) -> None:
        self.rate = rate
        for p in self.players():
            p.set_rate(rate)
        for m in self.members:
            m.page.speed.blockSignals(True)
            m.page.speed.setCurrentIndex(m.page.speed.findData(rate))
            m.page.speed.blockSignals(False)
        self.refresh()

    def picture_time(self) -> float | None:
        times = [t for m in self.members if (t := m.picture_time()) is not None]
        return min(times) if times else None

    def refresh(self) -> None:
        now = time.time()
        for m in self.members:
            m.refresh_bar(now)

    def back_to_live(self) -> None:
        for m in list(self.members):
            m.leave()
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._lineup.stop()
        self._tick.stop()
        self.recordings.sig_playback.disconnect(self._on_playback)
        self.recordings.sig_failed.disconnect(self._on_failed)
        _groups.discard(self)


_groups: set[ReplayGroup] = set()  # kept alive while they play


def replay_in_tiles(tiles: list[TileReplay], at: float) -> ReplayGroup | None:
    """`tiles` replay from `at` (epoch s), in step. None when no recordings service is
    provided (then each tile says so and goes back to live)."""
    recordings = replay_window.recordings()
    if recordings is None:
        for t in tiles:
            t.fail(translate("recordings", "máy ghi hình không trả lời"))
        return None
    if not tiles:
        return None
    group = ReplayGroup(recordings, at)
    _groups.add(group)
    group.start(tiles)
    return group


class ReplayableTile(Protocol):
    @property
    def camera_id(self) -> str: ...

    replay: TileReplay

    def isVisible(self) -> bool: ...


T = TypeVar("T", bound=ReplayableTile)


def split_for_replay(camera_ids: list[str], tiles: Iterable[T]) -> tuple[list[T], list[str]]:
    """Which cameras replay in a tile on this PC's screens (the first visible tile showing
    each), and which have none here (they open in the replay window)."""
    shown: dict[str, T] = {}
    for t in tiles:
        if t.isVisible() and t.camera_id and t.camera_id not in shown:
            shown[t.camera_id] = t
    in_tiles = [shown[c] for c in dict.fromkeys(camera_ids) if c in shown]
    elsewhere = [c for c in dict.fromkeys(camera_ids) if c not in shown]
    return in_tiles, elsewhere
