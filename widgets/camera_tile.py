"""A live camera tile: the camera's name, a status that never lies, and libVLC's picture.

The picture is drawn by libVLC straight into a native child window (no frame copies through
Python); the title row sits above it, not over it, because Qt cannot paint over a native video
window reliably. Status comes from the engine's watchdog, in words and colour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QStackedLayout, QWidget

from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from widgets.panel_frame import PanelFrame

MAIN_MIN_HEIGHT_PX = 540  # a tile this tall (or wide) shows the main stream
MAIN_MIN_WIDTH_PX = 960

STATUS_TEXT = {
    "connecting": "Đang kết nối",
    "live": "Trực tiếp",
    "stalled": "Hình bị treo",
    "lost": "Mất tín hiệu",
    "unsupported": "Không hỗ trợ",
    "stopped": "Đã dừng",
}


class VideoSurface(QFrame):
    """A native window for libVLC to draw into; mouse events pass to the tile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("VideoSurface")
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), Qt.GlobalColor.black)
        self.setPalette(pal)


class CameraTile(PanelFrame):
    sig_maximise_requested = Signal(str)
    """The operator double-clicked the tile (tile key)."""

    def __init__(
        self,
        key: str,
        camera_id: str,
        store: Store,
        engine: VideoEngine,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(camera_id, parent)
        self.key = key
        self.camera_id = camera_id
        self.store = store
        self.engine = engine
        self._url: str | None = None
        self._parked = False  # hidden: player released until shown again
        self._choose = QTimer(self)
        self._choose.setSingleShot(True)
        self._choose.setInterval(300)
        self._choose.timeout.connect(self._on_cameras_changed)
        self.surface = VideoSurface()
        self.message = QLabel("")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 15pt; color: #9aa5b1; background: #000;")
        self.stack = QStackedLayout()
        self.stack.addWidget(self.surface)
        self.stack.addWidget(self.message)
        self.body.addLayout(self.stack, 1)
        self.set_pill(STATUS_TEXT["connecting"], "connecting")
        store.sig_cameras_changed.connect(self._on_cameras_changed)
        engine.sig_status_changed.connect(self._on_status_changed)
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(1000)
        self._age_timer.timeout.connect(self._on_tick)
        self._age_timer.start()
        self._on_cameras_changed()

    def _on_cameras_changed(self) -> None:
        cam = self.store.cameras.get(self.camera_id)
        if cam is None:
            if self.store.cameras:
                self._show_message(f"Camera {self.camera_id} không còn trong danh mục")
                self.set_pill("Không có", "stopped")
            return
        self.title.setText(cam.name)
        self.title.setToolTip(f"{cam.name} ({cam.id})")
        stream = cam.stream(self.wanted_profile())
        if stream is None:
            self._show_message("Camera không có luồng video")
            return
        if stream.url != self._url and self.isVisible():
            self._play(stream.url)

    @property
    def playing_url(self) -> str | None:
        return self._url

    def wanted_profile(self) -> str:
        """The main stream only where its pixels can be seen; small tiles take the sub stream,
        so a wall shows many more cameras for the same decoding work."""
        dpr = self.devicePixelRatioF()
        big = (
            self.surface.height() * dpr >= MAIN_MIN_HEIGHT_PX
            or self.surface.width() * dpr >= MAIN_MIN_WIDTH_PX
        )
        return "main" if big else "sub"

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._choose.start()  # settle first: a drag or a re-layout resizes many times

    def _play(self, url: str) -> None:
        self._url = url
        self.stack.setCurrentWidget(self.surface)
        self.engine.open(self.key, url, int(self.surface.winId()))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self._url is None:
            self._choose.start()  # once laid out, so the profile fits the real size
        elif self._parked:
            self._parked = False
            self._play(self._url)

    def hideEvent(self, event: object) -> None:
        """A tile nobody can see (another one maximised) stops decoding: CPU for the rest."""
        super().hideEvent(event)  # type: ignore[arg-type]
        if self._url is not None and not self._parked:
            self._parked = True
            self.engine.close(self.key)
            self.set_pill(STATUS_TEXT["stopped"], "stopped")

    def _on_status_changed(self, key: str, status: str, detail: str) -> None:
        if key != self.key:
            return
        self.set_pill(STATUS_TEXT.get(status, status), status)
        if status == "unsupported":
            self._show_message(f"Không phát được luồng này:\n{detail}")
        else:
            self.stack.setCurrentWidget(self.surface)
        self.pill.setToolTip(detail)

    def _on_tick(self) -> None:
        stats = self.engine.stats(self.key)
        if stats is None:
            return
        # the title needs the width on a wall; the frame rate stays one hover away
        self.pill.setToolTip(f"{stats.fps:.0f} khung/giây · {stats.detail}".rstrip(" ·"))
        if stats.status.value == "lost":
            self.subtitle.setText(f"thử lại lần {stats.reconnects + 1}")
        else:
            self.subtitle.setText("")

    def mouseDoubleClickEvent(self, event: object) -> None:
        self.sig_maximise_requested.emit(self.key)

    def release(self) -> None:
        self.engine.close(self.key)
