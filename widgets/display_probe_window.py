"""The display probe's window (video/display_probe.py): a caption saying what it measures and
a grid of native tiles filling the primary screen, as a wall's grid lays them out, for the
probe's libVLC players to play into. Shown on top: the probe runs over the wall, and says so."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QVBoxLayout, QWidget

from ioc_desktop.i18n import translate
from widgets.video_area import VideoArea


class ProbeWindow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(translate("display_probe", "Đo sức máy"))
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setStyleSheet("background:#101418; color:#e8eef2; font-size:20px;")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel()
        self.caption.setContentsMargins(16, 8, 16, 8)
        box.addWidget(self.caption)
        host = QWidget()
        self.grid = QGridLayout(host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(2)
        box.addWidget(host, 1)
        screen = QApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.tiles: list[VideoArea] = []
        self.show()

    def show_tiles(self, n: int) -> list[int]:
        self.caption.setText(
            translate(
                "display_probe",
                "Đang đo sức giải mã và hiển thị của máy này: {n} ô camera thử."
                " Cửa sổ này tự đóng sau khi đo (một, hai phút).",
            ).format(n=n)
        )
        cols = math.ceil(math.sqrt(n))
        for i in range(n):
            area = VideoArea()  # a tile's picture as the wall's own tiles place it
            self.grid.addWidget(area, i // cols, i % cols)
            self.tiles.append(area)
        self.show()
        return [int(a.front.winId()) for a in self.tiles]

    def tile_size(self) -> tuple[int, int]:
        if not self.tiles:
            return (0, 0)
        return (self.tiles[0].width(), self.tiles[0].height())

    def clear(self) -> None:
        for frame in self.tiles:
            self.grid.removeWidget(frame)
            frame.deleteLater()
        self.tiles.clear()
