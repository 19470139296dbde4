"""The picture a tile shows without video (a planned still, a kept last picture): scaled into
the tile with its aspect kept, and painted again only when what it shows changes. A planned
still is told every second (its age badge); repainting, and rescaling, each time cost a
42-tile wall 7 % of its UI thread. Offscreen Qt."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from widgets.video_area import Badge, TileScreen, caption_height


class Paints(QObject):
    """Counts a widget's paint events and the regions they were asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.regions: list[tuple[int, int, int, int]] = []

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            r = event.rect()  # type: ignore[attr-defined]
            self.regions.append((r.x(), r.y(), r.width(), r.height()))
        return False


def flat(width: int, height: int, colour: str) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor(colour))
    return image


def shown(qapp: QApplication) -> tuple[TileScreen, Paints]:
    screen = TileScreen()
    screen.resize(320, 320)
    screen.show()
    qapp.processEvents()
    paints = Paints()
    screen.installEventFilter(paints)
    return screen, paints


def test_a_still_fills_its_tile_with_its_aspect_kept(qapp: QApplication) -> None:
    screen, _ = shown(qapp)
    screen.show_still(flat(640, 360, "#3366cc"), "ảnh chụp lúc 10:00:00")
    qapp.processEvents()
    shot = screen.grab().toImage()
    # 640×360 into 320×320: 320×180, centred (70 px of black above and below)
    assert shot.pixelColor(QPoint(160, 100)).name() == "#3366cc"
    assert shot.pixelColor(QPoint(5, 75)).name() == "#3366cc"
    assert shot.pixelColor(QPoint(160, 30)).name() == "#000000"
    # a new picture of another size is fitted again, not the old one kept
    screen.show_still(flat(200, 400, "#cc3333"), "ảnh chụp lúc 10:00:04")
    qapp.processEvents()
    shot = screen.grab().toImage()
    assert shot.pixelColor(QPoint(160, 100)).name() == "#cc3333"  # 160×320, centred
    assert shot.pixelColor(QPoint(40, 100)).name() == "#000000"
    screen.close()


def test_the_same_still_told_again_is_not_painted_again(qapp: QApplication) -> None:
    screen, paints = shown(qapp)
    picture = flat(640, 360, "#3366cc")
    screen.show_still(picture, "ảnh chụp lúc 10:00:00")
    qapp.processEvents()
    assert len(paints.regions) == 1
    for _ in range(5):  # the age timer, every second
        screen.show_still(picture, "ảnh chụp lúc 10:00:00")
        qapp.processEvents()
    assert len(paints.regions) == 1
    screen.show_still(picture, "ảnh chụp lúc 10:00:04")  # its words changed
    qapp.processEvents()
    assert len(paints.regions) == 2
    screen.show_still(flat(640, 360, "#3366cc"), "ảnh chụp lúc 10:00:04")  # a new picture
    qapp.processEvents()
    assert len(paints.regions) == 3
    screen.close()


def test_a_new_badge_repaints_the_caption_strip_alone(qapp: QApplication) -> None:
    screen, paints = shown(qapp)
    screen.show_still(flat(640, 360, "#3366cc"), "ảnh chụp lúc 10:00:00")
    qapp.processEvents()
    header = ("Cam 1", "ảnh tĩnh", "still")
    screen.set_header(header, Badge("ảnh cách đây 5 s", "5 s", "#e0a020", "amber"))
    qapp.processEvents()
    assert paints.regions[-1] == (0, 0, 320, caption_height())
    shot = screen.grab().toImage()
    assert shot.pixelColor(QPoint(160, 160)).name() == "#3366cc"  # the picture is still there
    screen.close()
