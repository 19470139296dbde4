"""One wall screen: a title bar with clock, the panel grid of its layout, and a status bar.

The window is built from the layout model (pure data) through a factory handed in by the
composition root, so it knows grids and panels, not where their data comes from.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.store import Link, Store
from ioc_desktop.video.engine import VideoEngine
from widgets.camera_tile import CameraTile
from widgets.formatting import format_age
from widgets.theme import STATUS_COLORS

LINK_TEXT = {
    Link.CONNECTING: "Đang kết nối máy chủ",
    Link.ONLINE: "Máy chủ: trực tuyến",
    Link.STALE: "Máy chủ: trả lời thiếu",
    Link.OFFLINE: "Máy chủ: mất kết nối",
}


class WallWindow(QMainWindow):
    def __init__(
        self,
        screen: ScreenSpec,
        title: str,
        store: Store,
        engine: VideoEngine,
        make_panel: Callable[[PanelSpec, str], QWidget],
    ) -> None:
        super().__init__()
        self.screen_spec = screen
        self.store = store
        self.engine = engine
        self.setWindowTitle(f"IOC Wall — {title}")
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 0, 6, 6)
        outer.setSpacing(4)
        top = QHBoxLayout()
        self.title = QLabel(f"TRUNG TÂM ĐIỀU HÀNH THÔNG MINH · {title}")
        self.title.setObjectName("WallTitle")
        self.clock = QLabel("")
        self.clock.setObjectName("Clock")
        top.addWidget(self.title, 1)
        top.addWidget(self.clock)
        outer.addLayout(top)
        self.banner = QLabel("")
        self.banner.setObjectName("Banner")
        self.banner.hide()
        outer.addWidget(self.banner)
        self.grid = QGridLayout()
        self.grid.setSpacing(6)
        outer.addLayout(self.grid, 1)
        self.setCentralWidget(central)
        self.panels: dict[str, QWidget] = {}
        self._positions: dict[str, PanelSpec] = {}
        for i, spec in enumerate(screen.panels):
            key = f"{screen.name}/{i}"
            widget = make_panel(spec, key)
            self.panels[key] = widget
            self._positions[key] = spec
            self.grid.addWidget(widget, spec.row, spec.col, spec.row_span, spec.col_span)
            if isinstance(widget, CameraTile):
                widget.sig_maximise_requested.connect(self._on_maximise_requested)
                widget.sig_snapshot_saved.connect(
                    lambda path: self.statusBar().showMessage(f"Đã lưu ảnh chụp: {path}", 8000)
                )
        for r in range(screen.rows):
            self.grid.setRowStretch(r, 1)
        for c in range(screen.cols):
            self.grid.setColumnStretch(c, 1)
        self.maximised: str | None = None
        self.link_label = QLabel("")
        self.age_label = QLabel("")
        self.streams_label = QLabel("")
        for w in (self.link_label, self.age_label, self.streams_label):
            self.statusBar().addWidget(w)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._restore)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self._toggle_full_screen)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()
        store.sig_link_changed.connect(self._on_tick)
        self._on_tick()

    def _on_tick(self) -> None:
        self.clock.setText(datetime.now().strftime("%H:%M:%S  %d/%m/%Y"))
        st = self.store.link_status()
        color = {
            Link.ONLINE: STATUS_COLORS["online"],
            Link.STALE: STATUS_COLORS["stale"],
            Link.OFFLINE: STATUS_COLORS["offline"],
        }.get(st.link, STATUS_COLORS["connecting"])
        self.link_label.setText(f"● {LINK_TEXT[st.link]}")
        self.link_label.setStyleSheet(f"color: {color}; font-weight: bold;")
        self.link_label.setToolTip(st.message)
        age = "" if st.data_age_s is None else format_age(st.data_age_s)
        self.age_label.setText(f"Dữ liệu cập nhật cách đây {age}" if age else "")
        live = sum(
            1
            for k in self.engine.tile_keys()
            if (s := self.engine.stats(k)) and s.status.value == "live"
        )
        self.streams_label.setText(f"Camera trực tiếp: {live}/{len(self.engine.tile_keys())}")
        if st.link in (Link.STALE, Link.OFFLINE):
            what = "Mất kết nối máy chủ" if st.link == Link.OFFLINE else "Máy chủ trả lời thiếu"
            self.banner.setText(f"⚠ {what} — đang hiển thị dữ liệu cũ ({age}). {st.message}")
            self.banner.setStyleSheet(f"background: {color};")
            self.banner.show()
        else:
            self.banner.hide()

    def _on_maximise_requested(self, key: str) -> None:
        if self.maximised == key:
            self._restore()
            return
        self._restore()
        self.maximised = key
        for k, w in self.panels.items():
            if k != key:
                w.hide()
        self.grid.addWidget(self.panels[key], 0, 0, self.screen_spec.rows, self.screen_spec.cols)

    def _restore(self) -> None:
        if self.maximised is None:
            return
        spec = self._positions[self.maximised]
        self.grid.addWidget(
            self.panels[self.maximised], spec.row, spec.col, spec.row_span, spec.col_span
        )
        for w in self.panels.values():
            w.show()
        self.maximised = None

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()
