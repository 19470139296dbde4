"""Instant replay beside the wall, for cameras that have no tile on this PC's screens: an
alert's cameras from the incident desk that the wall here does not show (a workstation
whose layout lacks them). Cameras on a tile replay inside it (widgets/tile_replay.py).

The replay plays in a window of its own: the live tiles are never touched, so going back to
live is closing it ("Về trực tiếp"). The window says loudly that it is not live: a red bar
"XEM LẠI −00:30" (how far behind now the picture on screen is) with the picture's own time.
Pause, step one frame, and speed apply to every camera in it together; the cameras start at
the same moment of the recording (their keyframes at or before it), so they stay in step.
A recorder that is away, or a moment not recorded, is said in words in the window.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop import clock
from ioc_desktop.backend.analytics import Playback
from ioc_desktop.i18n import translate
from ioc_desktop.incidents.evidence import bookmark_body, snapshot_body
from ioc_desktop.recordings import Recordings
from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.replay import LineUp, ReplayPlayer, line_up
from widgets.video_area import VideoSurface

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)
LINEUP_MS = 40  # the start in step: a look at each player, or one frame on, this often
REPLAY_RED = "#ff3b30"


def behind_text(seconds: float) -> str:
    """−00:30: how far behind now a picture is (minutes:seconds)."""
    s = max(0, round(seconds))
    return f"−{s // 60:02d}:{s % 60:02d}"


class CameraReplay(QWidget):
    """One camera's picture in the replay window, with its name and what it says."""

    def __init__(self, camera_id: str, name: str) -> None:
        super().__init__()
        self.camera_id = camera_id
        self.surface = VideoSurface(self)
        self.caption = QLabel(name)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.note = QLabel(translate("replay", "Đang mở đoạn ghi hình…"))
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.caption)
        lay.addWidget(self.surface, 1)
        lay.addWidget(self.note)
        self.player: ReplayPlayer | None = None
        self.playback: Playback | None = None
        self.lineup: LineUp | None = None  # its start in step with the others

    def picture_time(self) -> float | None:
        """Wall-clock time of the picture shown (the playback's start + the player's time)."""
        if self.player is None or self.playback is None:
            return None
        t = self.player.time_s()
        return None if t is None else self.playback.start.timestamp() + t


class ReplayWindow(QWidget):
    def __init__(
        self,
        recordings: Recordings,
        engine: VideoEngine,
        cameras: list[tuple[str, str]],
        at: float,
        now: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("ReplayWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        names = ", ".join(name for _cid, name in cameras)
        self.setWindowTitle(translate("replay", "Xem lại — {cameras}").format(cameras=names))
        self.recordings, self.engine, self.at, self._now = recordings, engine, at, now
        self.bar = QLabel("")
        self.bar.setObjectName("ReplayBar")
        self.bar.setStyleSheet(
            f"background: {REPLAY_RED}; color: black; font-weight: bold; padding: 4px 8px;"
        )
        self.views = {cid: CameraReplay(cid, name) for cid, name in cameras}
        grid = QGridLayout()
        cols = 1 if len(cameras) == 1 else 2
        for n, view in enumerate(self.views.values()):
            grid.addWidget(view, n // cols, n % cols)
        self.pause_button = QPushButton(translate("replay", "Tạm dừng"))
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self.set_paused)
        self.step_button = QPushButton(translate("replay", "Từng hình"))
        self.step_button.clicked.connect(self.step)
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda _i: self.set_rate(self.speed.currentData()))
        self.live_button = QPushButton(translate("replay", "Về trực tiếp"))
        self.live_button.clicked.connect(self.close)
        evidence = self._build_evidence()
        controls = QHBoxLayout()
        for w in (self.pause_button, self.step_button, self.speed):
            controls.addWidget(w)
        controls.addStretch(1)
        controls.addWidget(self.live_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.bar)
        lay.addLayout(grid, 1)
        lay.addLayout(controls)
        lay.addLayout(evidence)
        lay.addWidget(self.evidence_said)
        recordings.sig_playback.connect(self._on_playback)
        recordings.sig_failed.connect(self._on_failed)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._refresh_bar)
        self._tick.start()
        # the start in step: each camera stops on its first picture (the keyframe at or
        # before the moment), steps on frame by frame to the moment, and all go together
        self._lineup = QTimer(self)
        self._lineup.setInterval(LINEUP_MS)
        self._lineup.timeout.connect(self._line_up)
        self.lined_up = False
        self._refresh_bar()

    def _build_evidence(self) -> QHBoxLayout:
        # evidence for the incident this replay is for: a bookmark around the picture shown,
        # or the picture itself (sent through the outbox: kept even when offline)
        self.incident_id = current_incident() if _current_incident else None
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(translate("replay", "Ghi chú cho chứng cứ…"))
        self.before = QSpinBox()
        self.after = QSpinBox()
        for box, value in ((self.before, 10), (self.after, 10)):
            box.setRange(0, 300)
            box.setValue(value)
            box.setSuffix(" s")
        self.bookmark_button = QPushButton(translate("replay", "Đánh dấu đoạn này"))
        self.bookmark_button.clicked.connect(self.bookmark)
        self.snapshot_button = QPushButton(translate("replay", "Chụp làm chứng cứ"))
        self.snapshot_button.clicked.connect(self.snapshot)
        self.evidence_said = QLabel("")
        evidence = QHBoxLayout()
        evidence.addWidget(
            QLabel(translate("replay", "Sự cố {id}: từ −").format(id=self.incident_id or "—"))
        )
        evidence.addWidget(self.before)
        evidence.addWidget(QLabel(translate("replay", "đến +")))
        evidence.addWidget(self.after)
        evidence.addWidget(self.note_edit, 1)
        evidence.addWidget(self.bookmark_button)
        evidence.addWidget(self.snapshot_button)
        for part in (self.bookmark_button, self.snapshot_button, self.note_edit):
            part.setEnabled(self.incident_id is not None)
        return evidence

    def start(self) -> None:
        """Ask for every camera's playback from the moment (after the window is shown: the
        players draw into its native surfaces)."""
        for cid in self.views:
            self.recordings.request(cid, self.at)

    def _on_playback(self, camera_id: str, playback: Playback) -> None:
        view = self.views.get(camera_id)
        if view is None or view.player is not None:
            return
        view.playback = playback
        view.player = ReplayPlayer(self.engine)
        view.player.open(playback.url, int(view.surface.winId()), creep=True)
        view.lineup = LineUp(view.player, playback.start.timestamp())
        view.note.setText("")
        self._lineup.start()

    def _line_up(self) -> None:
        entries = [v.lineup for v in self.views.values() if v.lineup is not None]
        waiting = [v for v in self.views.values() if v.player is None and not v.note.text()]
        if line_up(entries, self.at, self.speed.currentData()) and not waiting:
            self._lineup.stop()
            self.lined_up = True
            if not self.pause_button.isChecked():
                for p in self.players():
                    p.set_paused(False)

    def _on_failed(self, camera_id: str, reason: str) -> None:
        view = self.views.get(camera_id)
        if view is not None:
            view.note.setText(
                translate("replay", "Không xem lại được: {reason}").format(reason=reason)
            )

    def players(self) -> list[ReplayPlayer]:
        return [v.player for v in self.views.values() if v.player is not None]

    def picture_time(self) -> float | None:
        times = [t for v in self.views.values() if (t := v.picture_time()) is not None]
        return min(times) if times else None

    def _refresh_bar(self) -> None:
        shown = self.picture_time()
        when = shown if shown is not None else self.at
        text = translate("replay", "XEM LẠI {behind} · hình lúc {time}").format(
            behind=behind_text(self._now() - when),
            time=clock.fmt(clock.from_epoch(when), "%H:%M:%S"),
        )
        if self.pause_button.isChecked():
            text += translate("replay", " · tạm dừng")
        rate = self.speed.currentData()
        if rate != 1.0:
            text += f" · {rate:g}×"
        self.bar.setText(text)

    def moment(self) -> float:
        """The picture on screen's time (the moment asked for until a picture shows)."""
        shown = self.picture_time()
        return shown if shown is not None else self.at

    def _send(self, bodies: list[dict[str, Any]]) -> None:
        if self.incident_id is None or _submit is None:
            return
        for body in bodies:
            _submit(self.incident_id, body)
        self.evidence_said.setText(
            translate("replay", "Đã ghi {n} chứng cứ cho sự cố {id} (gửi qua hàng đợi)").format(
                n=len(bodies), id=self.incident_id
            )
        )

    def bookmark(self) -> None:
        """A bookmark of every camera here, around the picture shown."""
        at, note = self.moment(), self.note_edit.text()
        b, a = float(self.before.value()), float(self.after.value())
        self._send([bookmark_body(cid, at, note, b, a) for cid in self.views])

    def snapshot(self) -> None:
        """The picture shown, of every camera here, kept with the incident."""
        at, note = self.moment(), self.note_edit.text()
        self._send([snapshot_body(cid, at, note) for cid in self.views])

    def set_paused(self, paused: bool) -> None:
        if self.lined_up:  # before that, the line-up holds them and lets them go
            for p in self.players():
                p.set_paused(paused)
        self.pause_button.setText(
            translate("replay", "Tiếp tục") if paused else translate("replay", "Tạm dừng")
        )
        self._refresh_bar()

    def step(self) -> None:
        if not self.pause_button.isChecked():
            self.pause_button.setChecked(True)
        for p in self.players():
            p.step()

    def set_rate(self, rate: float) -> None:
        for p in self.players():
            p.set_rate(rate)
        self._refresh_bar()

    def closeEvent(self, event: object) -> None:
        """Back to live: the players go (the live tiles never stopped)."""
        self._tick.stop()
        self._lineup.stop()
        for p in self.players():
            p.close()
        for v in self.views.values():
            v.player, v.lineup = None, None
        self.recordings.sig_playback.disconnect(self._on_playback)
        self.recordings.sig_failed.disconnect(self._on_failed)
        super().closeEvent(event)  # type: ignore[arg-type]


_current_incident: Callable[[], str | None] | None = None
_submit: Callable[[str, dict[str, Any]], None] | None = None


def current_incident() -> str | None:
    return _current_incident() if _current_incident else None


def provide_evidence(
    current: Callable[[], str | None], submit: Callable[[str, dict[str, Any]], None]
) -> None:
    """Which incident evidence goes to (the one open on the desk), and how it is sent
    (the officer's outbox)."""
    global _current_incident, _submit
    _current_incident, _submit = current, submit


def submit_evidence(body: dict[str, Any]) -> str | None:
    """Send an evidence action for the open incident; its id, or None when none is open."""
    incident_id = current_incident()
    if incident_id is None or _submit is None:
        return None
    _submit(incident_id, body)
    return incident_id


_maker: Callable[[], Recordings] | None = None
_recordings: Recordings | None = None
_open: list[ReplayWindow] = []


def provide(maker: Callable[[], Recordings]) -> None:
    """How to make the recordings service (the shell gives it the backend client)."""
    global _maker, _recordings
    _maker = maker
    if _recordings is not None:
        _recordings.close()
        _recordings = None


def recordings() -> Recordings | None:
    """The recordings service, made at the first replay (a window's or a tile's)."""
    global _recordings
    if _recordings is None and _maker is not None:
        _recordings = _maker()
    return _recordings


def open_replay(
    engine: VideoEngine, cameras: list[tuple[str, str]], at: float, near: QWidget | None = None
) -> ReplayWindow | None:
    """A replay window for `cameras` from `at` (epoch s), beside `near`'s window."""
    service = recordings()
    if service is None or not cameras:
        return None
    win = ReplayWindow(service, engine, cameras[:4], at)
    win.resize(960 if len(cameras) == 1 else 1280, 620 if len(cameras) == 1 else 800)
    if near is not None:
        top = near.window()
        win.move(top.geometry().topLeft() + top.rect().center() / 4)
    _open.append(win)
    win.destroyed.connect(lambda: _open.remove(win) if win in _open else None)
    win.show()
    win.start()
    return win
