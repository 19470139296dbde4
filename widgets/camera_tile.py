"""A live camera tile: the camera's name and district, the time of the picture, a status that
never lies, and libVLC's picture.

The picture is drawn by libVLC straight into a native child window (no frame copies through
Python); the title row sits above it, not over it, because Qt cannot paint over a native video
window reliably. Status comes from the engine's watchdog, in words and colour.

Two native surfaces lie on top of each other: a profile switch (sub to main on maximise) or the
next camera of a tour plays into the hidden one while the shown one keeps playing, and the
surfaces swap once the new stream has a picture, so the operator never looks at black.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QStackedLayout,
    QWidget,
)
from shiboken6 import Shiboken

from ioc_desktop.i18n import QT_TRANSLATE_NOOP, translate
from ioc_desktop.store import Store
from ioc_desktop.video.engine import TileStats, VideoEngine
from ioc_desktop.video.tour import Tour
from widgets.formatting import format_age
from widgets.icons import icon
from widgets.panel_frame import PanelFrame

MAIN_MIN_HEIGHT_PX = 540  # a tile this tall (or wide) shows the main stream
MAIN_MIN_WIDTH_PX = 960

STATUS_TEXT = {
    "connecting": QT_TRANSLATE_NOOP("camera_tile", "Đang kết nối"),
    "live": QT_TRANSLATE_NOOP("camera_tile", "Trực tiếp"),
    "stalled": QT_TRANSLATE_NOOP("camera_tile", "Hình bị treo"),
    "lost": QT_TRANSLATE_NOOP("camera_tile", "Mất tín hiệu"),
    "unsupported": QT_TRANSLATE_NOOP("camera_tile", "Không hỗ trợ"),
    "stopped": QT_TRANSLATE_NOOP("camera_tile", "Đã dừng"),
}


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


class VideoSurface(QFrame):
    """A native window for libVLC to draw into; mouse events pass to the tile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("VideoSurface")
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Black wherever libVLC does not draw: after a move or a resize on X the area
        around the picture would otherwise keep whatever was on screen there before."""
        QPainter(self).fillRect(event.rect(), Qt.GlobalColor.black)


class VideoArea(QWidget):
    """Two surfaces filling the same rectangle; the front one is what the operator sees.

    Its own X window follows its tile: Qt moves a native child window when the child itself
    is moved or resized, but not when a widget above it without a window of its own (the
    tile, the grid) moves and keeps its size. A camera swapped with another of the same
    size, or moved to a free cell of the same size (a grid preset, when its rows come out
    the same height), left its video in the old cell and its tile black
    (tests/probes/tile_relayout_probe.py). So the area watches every ancestor up to the
    window it is drawn in and puts its window where the widgets say it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # native itself: native surfaces under a non-native parent made every repaint of the
        # window recompute their clipping (UI-thread p99 stall 5 -> 25 ms on a 4-tile wall)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.front = VideoSurface(self)
        self.back = VideoSurface(self)
        self.front.raise_()
        self._watched: list[QWidget] = []

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for s in (self.front, self.back):
            s.setGeometry(self.rect())
            s.update()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ParentChange, QEvent.Type.Show):
            self._watch_ancestors()
        return super().event(event)

    def _watch_ancestors(self) -> None:
        """Hear of moves of every widget between this one and its native parent (which
        moves its own window, and with it this one)."""
        for old in self._watched:
            if Shiboken.isValid(old):
                old.removeEventFilter(self)
        self._watched = []
        native = self.nativeParentWidget()
        up = self.parentWidget()
        while up is not None and up is not native:
            up.installEventFilter(self)
            self._watched.append(up)
            up = up.parentWidget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Move:
            self.place_window()
        elif kind == QEvent.Type.ParentChange:  # the tile handed to another grid
            self._watch_ancestors()
            self.place_window()
        return False

    def place_window(self) -> None:
        """Put this area's X window where the widget tree says it is (no-op when it is)."""
        window = self.windowHandle()
        native = self.nativeParentWidget()
        if window is None or native is None or not self.isVisible():
            return  # a hidden widget is placed by Qt when it is shown again
        want = QRect(self.mapTo(native, QPoint(0, 0)), self.size())
        if window.geometry() != want:
            window.setGeometry(want)

    def swap(self) -> None:
        self.front, self.back = self.back, self.front
        self.front.raise_()


class CameraTile(PanelFrame):
    sig_maximise_requested = Signal(str)
    """The operator double-clicked the tile (tile key)."""
    sig_snapshot_saved = Signal(str)
    """A snapshot was written (path), for the status bar."""

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
        super().__init__("", parent)
        self.store = store
        self.engine = engine
        self.snapshot_folder = snapshot_folder
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # S takes a snapshot of this tile
        self._choose = QTimer(self)
        self._choose.setSingleShot(True)
        self._choose.setInterval(300)
        self._choose.timeout.connect(self._on_cameras_changed)
        # second row: where and when. The name and the status keep the first row to
        # themselves, so both stay readable on a 6×6 wall
        self.clock = QLabel("")
        self.clock.setObjectName("TileClock")
        self.clock.setToolTip(
            translate("camera_tile", "Giờ của hình đang hiển thị (đứng yên khi hình bị treo)")
        )
        self.header.removeWidget(self.subtitle)
        self.subtitle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        info = QHBoxLayout()
        info.setSpacing(8)
        info.addWidget(self.subtitle, 1)
        info.addWidget(self.clock)
        self.body.addLayout(info)
        self.video = VideoArea()
        self.message = QLabel("")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setObjectName("TileMessage")
        self.stack = QStackedLayout()
        self.stack.addWidget(self.video)
        self.stack.addWidget(self.message)
        self.body.addLayout(self.stack, 1)
        store.sig_cameras_changed.connect(self._on_cameras_changed)
        store.sig_areas_changed.connect(self._refresh_subtitle)
        engine.sig_status_changed.connect(self._on_status_changed)
        engine.sig_switch_done.connect(self._on_switch_done)
        engine.sig_snapshot_done.connect(self._on_snapshot_done)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
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
        self.tour = Tour(ids or [""], dwell_s)
        self.show_stats = show_stats
        self._url: str | None = None
        self._pending_url: str | None = None
        # the camera whose picture is on screen: a tour's next camera takes the title only
        # when its picture takes the screen (make-before-break), so name and picture agree
        self._shown_id = ids[0] if ids else ""
        self._pending_id: str | None = None
        self._parked = False  # hidden: player released until shown again
        self._note = ""  # a passing message (snapshot saved) shown in place of the district
        self._note_until = 0.0
        self.title.setText(self._shown_id)
        self.clock.setText("")
        self.set_pill(STATUS_TEXT["connecting"], "connecting")
        self.stack.setCurrentWidget(self.video)
        self._tour_timer.setInterval(int(dwell_s * 1000))
        if self.is_tour:
            self._tour_timer.start()

    # -- what the tile shows -------------------------------------------------------------
    @property
    def camera_id(self) -> str:
        return self.tour.current

    @property
    def is_tour(self) -> bool:
        return len(self.tour.camera_ids) > 1

    @property
    def playing_url(self) -> str | None:
        return self._url

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
                self.set_pill(translate("camera_tile", "Không có"), "stopped")
                self.engine.close(self.key)
                self._url = None
            return
        if self._url is None or self._parked:
            self._shown_id = cam.id  # nothing on screen yet: name what comes
        self._apply_title()
        profile = self.wanted_profile()
        stream = cam.stream(profile)
        if stream is None:
            self._show_message(translate("camera_tile", "Camera không có luồng video"))
            return
        wanted = stream.url
        if wanted in (self._url, self._pending_url) or not self.isVisible():
            return
        self.stack.setCurrentWidget(self.video)
        light = stream.profile == "sub"  # many small decoders: cheap decoding (engine.open)
        if self._url is None or self._parked:
            self._url, self._parked = wanted, False  # named above: nothing was on screen
            self.engine.open(self.key, wanted, int(self.video.front.winId()), light)
        else:
            self._pending_url, self._pending_id = wanted, cam.id
            self.engine.switch(self.key, wanted, int(self.video.back.winId()), light)

    def _apply_title(self) -> None:
        cam = self.store.cameras.get(self._shown_id)
        if cam is not None:
            self.title.setText(cam.name)
            self.title.setToolTip(f"{cam.name} ({cam.id})")
        self._refresh_subtitle()

    def _on_switch_done(self, key: str, ok: bool) -> None:
        if key != self.key or self._pending_url is None:
            return
        if ok:
            self._url = self._pending_url
            self._shown_id = self._pending_id or self._shown_id
            self.video.swap()
        self._pending_url = self._pending_id = None
        self._apply_title()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._choose.start()  # settle first: a drag or a re-layout resizes many times

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self._url is None or self._parked:
            # once laid out, so the profile fits the real size; no debounce: resume fast
            QTimer.singleShot(50, self, self._on_cameras_changed)

    def hideEvent(self, event: object) -> None:
        """A tile nobody can see (another one maximised) stops decoding: CPU for the rest."""
        super().hideEvent(event)  # type: ignore[arg-type]
        if self._url is not None and not self._parked:
            self._parked = True
            self._pending_url = None
            self._url = None
            self.engine.close(self.key)
            self.set_pill(STATUS_TEXT["stopped"], "stopped")

    # -- status --------------------------------------------------------------------------
    def _on_status_changed(self, key: str, status: str, detail: str) -> None:
        if key != self.key:
            return
        self.set_pill(status_text(status), status)
        if status == "unsupported":
            self._show_message(
                translate("camera_tile", "Không phát được luồng này:\n{reason}").format(
                    reason=detail
                )
            )
        else:
            self.stack.setCurrentWidget(self.video)
        self.pill.setToolTip(detail)

    def _refresh_subtitle(self) -> None:
        self._show_subtitle(self.engine.stats(self.key))

    def _show_subtitle(self, stats: TileStats | None) -> None:
        if self._note and datetime.now().timestamp() < self._note_until:
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
        stats = self.engine.stats(self.key)
        if stats is None:
            self.clock.setText("")
            self._show_subtitle(None)
            return
        status = stats.status.value
        text = status_text(status)
        age = stats.frame_age_s
        if age is not None and age >= 1.5 and status in ("live", "stalled", "lost"):
            text = f"{text} · {format_age(age)}"  # how old the picture on screen is
        self.set_pill(text, status)
        if age is not None:
            shown_at = datetime.fromtimestamp(datetime.now().timestamp() - age)
            self.clock.setText(f"{shown_at:%H:%M:%S}")
        self.pill.setToolTip(" · ".join(p for p in (format_rate(stats), stats.detail) if p))
        self._show_subtitle(stats)

    # -- operator actions ----------------------------------------------------------------
    def take_snapshot(self) -> None:
        if self.snapshot_folder is None:
            return
        cam = self.store.cameras.get(self._shown_id)
        self.engine.snapshot(self.key, self.snapshot_folder, cam.name if cam else self._shown_id)

    def _on_snapshot_done(self, key: str, path: str, error: str) -> None:
        if key != self.key:
            return
        if path:
            self._note = translate("camera_tile", "Đã lưu ảnh {file}").format(file=Path(path).name)
            self.sig_snapshot_saved.emit(path)
        else:
            self._note = translate("camera_tile", "Không chụp được ảnh: {reason}").format(
                reason=error
            )
        self._note_until = datetime.now().timestamp() + 5
        self._refresh_subtitle()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
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
        if self.is_tour:
            menu.addAction(
                icon("next"), translate("camera_tile", "Camera tiếp theo"), self.next_camera
            )
            pause = menu.addAction(icon("pause"), translate("camera_tile", "Tạm dừng tuần tra"))
            pause.setCheckable(True)
            pause.setChecked(self.tour.paused)
            pause.toggled.connect(self.set_tour_paused)
        menu.exec(event.globalPos())

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
        self._tour_timer.stop()
        self._choose.stop()
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
