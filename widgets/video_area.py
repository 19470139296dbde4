"""The picture part of a camera tile: the native surfaces libVLC draws into, the caption
strip a small tile puts over its picture, the kept last picture shown dimmed, and the watch
that keeps a native window in its tile when a widget above it moves.

Why native windows, and why they need watching: libVLC draws straight into an X window (no
frame copies through Python); Qt moves a native child window when the child itself moves or
resizes, but not when a windowless widget above it moves and keeps its size, which left a
swapped or moved camera's video in its old cell and its tile black.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QFrame, QWidget
from shiboken6 import Shiboken

from ioc_desktop.video.picture_fit import DEFAULT_SHAPE, picture_rect, picture_window, shape
from widgets.elided_label import elide_words
from widgets.theme import BG, MUTED, STATUS_COLORS, TEXT

DIM_ALPHA = 150  # of 255: a kept picture is dimmed this much, so it never passes for live


def caption_font(scale: float = 12 / 14, bold: bool = True) -> QFont:
    """The application's font (it follows the wall's or the workstation's density), scaled."""
    font = QFont(QApplication.font())
    font.setPointSizeF(max(8.0, font.pointSizeF() * scale))
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class Badge:
    """A picture's age as a tile shows it (camera_tile.age_badge): words, the same shorter
    for a narrow strip, and the colour (amber, then red)."""

    text: str  # "ảnh cách đây 12 s"
    short: str  # "12 s"
    color: str
    level: str  # "amber" | "red"


def paint_pill(p: QPainter, rect: QRect, right: int, text: str, color: str, pad: int) -> QRect:
    """A rounded pill of `color` ending at `right`, its words in the strip's background
    colour; returns where it went."""
    w = p.fontMetrics().horizontalAdvance(text) + 2 * pad
    pill = QRect(right - w, rect.top() + 2, w, rect.height() - 4)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawRoundedRect(pill, 4, 4)
    p.setPen(QColor(BG))
    p.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
    return pill


def paint_caption(
    p: QPainter, rect: QRect, name: str, said: str, status: str, badge: Badge | None = None
) -> None:
    """Name at the left, cut at a word with "…"; the status at the right as a pill, its
    colour and its words, as in a big tile's title row; left of it, while the picture is not
    fresh, its age as a badge (in full where a quarter of the strip is left for the name,
    else just the age)."""
    font = caption_font()
    fm = QFontMetrics(font)
    p.setFont(font)
    p.fillRect(rect, QColor(BG))
    pad = max(4, fm.height() // 4)
    said = elide_words(said, rect.width() // 2 - 2 * pad, fm.horizontalAdvance)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    color = STATUS_COLORS.get(status, "#8e8e93")
    pill = paint_pill(p, rect, rect.right() - 1, said, color, pad)
    if badge is not None:
        room_for_badge = pill.left() - rect.left() - pad - rect.width() // 4
        text = badge.text
        if fm.horizontalAdvance(text) + 2 * pad > room_for_badge:
            text = badge.short
        pill = paint_pill(p, rect, pill.left() - pad, text, badge.color, pad)
    room = QRect(rect.left() + pad, rect.top(), pill.left() - rect.left() - 2 * pad, rect.height())
    p.setPen(QColor(TEXT))
    align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
    p.drawText(room, align, elide_words(name, room.width(), fm.horizontalAdvance))


def caption_height() -> int:
    return QFontMetrics(caption_font()).height() + 8


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


class CaptionStrip(QWidget):
    """A small tile's name and status, over the top of its picture.

    A native window of its own, stacked above the video surfaces: the one way Qt can put
    something over libVLC's window. It is opaque (X cannot blend one window over another
    without a compositor) and one line high. Drawing the caption inside the video with
    libVLC's marquee was the other way: it is blended into every frame of every tile (a
    bare 25-tile grid, 14 s: CPU 10.0-10.6 s with it, 9.6-10.6 s without, 9.5-10.0 s with
    strips; three runs each on a busy 2-core machine, so within noise), in one colour,
    scaled with the picture, and cut by libVLC, not at a word; the strip costs nothing
    per frame and reads like the big tiles' title row. Made only for tiles that need it:
    one more X window per small tile."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.caption = ("", "", "stopped")  # (name, status in words, status)
        self.badge: Badge | None = None  # the picture's age, while it is not fresh

    def set_caption(self, name: str, said: str, status: str, badge: Badge | None = None) -> None:
        if (name, said, status) != self.caption or badge != self.badge:
            self.caption = (name, said, status)
            self.badge = badge
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(100, caption_height())

    def paintEvent(self, event: QPaintEvent) -> None:
        paint_caption(QPainter(self), self.rect(), *self.caption, badge=self.badge)


class MoveWatch(QObject):
    """One event filter on a widget, shared by every video area below it: a grid of 36
    tiles had 36 Python filters on each of its ancestors, each called for every event the
    ancestor got (paints included) to look for the rare move."""

    NAME = "ioc-move-watch"

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.setObjectName(self.NAME)
        self.areas: weakref.WeakSet[VideoArea] = weakref.WeakSet()
        widget.installEventFilter(self)

    @classmethod
    def of(cls, widget: QWidget) -> MoveWatch:
        found = widget.findChild(MoveWatch, cls.NAME, Qt.FindChildOption.FindDirectChildrenOnly)
        return found if isinstance(found, MoveWatch) else cls(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Move, QEvent.Type.ParentChange):
            for area in self._live_areas():
                if kind == QEvent.Type.Move:
                    area.place_window()
                else:  # a tile handed to another grid
                    area.rewatch()
        return False

    def _live_areas(self) -> list[VideoArea]:
        """The areas whose C++ side still exists: a tile deleted by Qt (deleteLater) keeps
        its Python wrapper alive a while, and asking it for its window then raised in the
        UI thread (seen in the shift test while the planner re-made tiles)."""
        live = []
        for area in list(self.areas):
            if Shiboken.isValid(area):
                live.append(area)
            else:
                self.areas.discard(area)
        return live


class VideoArea(QWidget):
    """Two surfaces on the same rectangle, the front one what the operator sees: the
    picture's shape, centred, an even number of pixels wide (picture_fit.py says why), black
    around.

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
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.front = VideoSurface(self)
        self.back = VideoSurface(self)
        self.front.raise_()
        self.caption: CaptionStrip | None = None  # a small tile's name and status
        self._watched: list[MoveWatch] = []
        self.picture_shape = DEFAULT_SHAPE  # the stream's picture, w:h (picture_fit.py)

    def set_picture_size(self, width: int, height: int) -> None:
        """The picture's size as the stream gives it (a still of it will do): the surfaces
        take its shape, an even number of pixels wide (picture_fit.py)."""
        wanted = shape(width, height)
        if wanted != self.picture_shape:
            self.picture_shape = wanted
            self._place_surfaces()

    def _place_surfaces(self) -> None:
        x, y, w, h = picture_window(self.width(), self.height(), *self.picture_shape)
        for s in (self.front, self.back):
            if s.geometry() != QRect(x, y, w, h):
                s.setGeometry(x, y, w, h)
                s.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Black around the picture's window, as libVLC's own letterbox was."""
        QPainter(self).fillRect(event.rect(), Qt.GlobalColor.black)

    def show_caption(self, on: bool) -> CaptionStrip | None:
        if on and self.caption is None:
            self.caption = CaptionStrip(self)
            self._place_caption()
        if self.caption is not None:
            self.caption.setVisible(on)
            self.caption.raise_()
        return self.caption if on else None

    def _place_caption(self) -> None:
        if self.caption is not None:
            self.caption.setGeometry(0, 0, self.width(), self.caption.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_surfaces()
        self._place_caption()

    def swap(self) -> None:
        self.front, self.back = self.back, self.front
        self.front.raise_()
        if self.caption is not None:
            self.caption.raise_()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ParentChange, QEvent.Type.Show):
            self._watch_ancestors()
        return super().event(event)

    def _watch_ancestors(self) -> None:
        """Hear of moves of every widget between this one and its native parent (which
        moves its own window, and with it this one)."""
        for old in self._watched:
            if Shiboken.isValid(old):
                old.areas.discard(self)
        self._watched = []
        native = self.nativeParentWidget()
        up = self.parentWidget()
        while up is not None and up is not native:
            watch = MoveWatch.of(up)
            watch.areas.add(self)
            self._watched.append(watch)
            up = up.parentWidget()

    def rewatch(self) -> None:
        self._watch_ancestors()
        self.place_window()

    def place_window(self) -> None:
        """Put this area's X window where the widget tree says it is (no-op when it is)."""
        window = self.windowHandle()
        native = self.nativeParentWidget()
        if window is None or native is None or not self.isVisible():
            return  # a hidden widget is placed by Qt when it is shown again
        want = QRect(self.mapTo(native, QPoint(0, 0)), self.size())
        if window.geometry() != want:
            window.setGeometry(want)


def _same_image(a: QImage | None, b: QImage | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.cacheKey() == b.cacheKey()


class TileScreen(QWidget):
    """What a tile shows when it has no live picture: the last picture it kept, dimmed,
    with when it was shown and why nothing newer came; or, with no picture, a message.
    A small tile's name and status go on top, as its caption strip would."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.image: QImage | None = None
        self.header: tuple[str, str, str] | None = None  # (name, status words, status)
        self.badge: Badge | None = None  # the picture's age, in the header
        self.headline: tuple[str, str] | None = None  # (status words, status) over the body
        self.body = ""
        self.still_line = ""  # a planned still's words (show_still): the picture undimmed
        # the picture scaled to the tile, kept until the picture or the tile's size changes:
        # a smooth scale on every paint cost 42-tile walls 7 % of the UI thread (py-spy), as
        # each planned still repaints every second for its age
        self._fitted: tuple[tuple[int, int, int], QImage] | None = None

    def show_message(self, text: str) -> None:
        self.image, self.headline, self.body, self.still_line = None, None, text, ""
        self.update()

    def show_outage(self, image: QImage | None, said: str, status: str, details: list[str]) -> None:
        self.image, self.headline, self.still_line = image, (said, status), ""
        self.body = " · ".join(d for d in details if d)
        self.update()

    def show_still(self, image: QImage | None, line: str) -> None:
        """A still the plan gave the tile (no video): the picture undimmed, with `line` (what
        it is and when) in a band at its foot. Asked again every second (the badge's age):
        painted again only when it changed."""
        same = _same_image(image, self.image) and line == self.still_line
        if same and self.headline is None and not self.body:
            return
        self.image, self.headline, self.body, self.still_line = image, None, "", line
        self.update()

    def set_header(self, header: tuple[str, str, str] | None, badge: Badge | None = None) -> None:
        if header != self.header or badge != self.badge:
            self.header, self.badge = header, badge
            if self.isVisible():
                self.update(0, 0, self.width(), caption_height())  # the strip alone

    def _fit(self, image: QImage, size: QSize) -> QImage:
        """The picture scaled smoothly to `size`, once per picture and size."""
        key = (image.cacheKey(), size.width(), size.height())
        if self._fitted is None or self._fitted[0] != key:
            scaled = image.scaled(
                size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            opaque = not scaled.hasAlphaChannel()
            fmt = (
                QImage.Format.Format_RGB32 if opaque else QImage.Format.Format_ARGB32_Premultiplied
            )
            self._fitted = (key, scaled.convertToFormat(fmt))  # the raster engine's own: a blit
        return self._fitted[1]

    def text(self) -> str:
        """What the operator reads here, as one line (for the status bar and the probes)."""
        head = self.headline[0] if self.headline else ""
        return " · ".join(t for t in (head, self.body, self.still_line) if t)

    def picture_spot(self, image: QImage) -> QRect:
        """Where the live picture was: libVLC's fit in the tile's video window (VideoArea's
        surfaces, picture_fit.py), the caption strip over its top as over the live one; so a
        stream that dies leaves its picture where it was, dimmed, not moved or shrunk."""
        return QRect(*picture_rect(self.width(), self.height(), image.width(), image.height()))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.black)
        area = self.rect()
        if self.image is not None and not self.image.isNull():
            spot = self.picture_spot(self.image)
            p.drawImage(spot.topLeft(), self._fit(self.image, spot.size()))
            if not self.still_line:
                p.fillRect(spot, QColor(0, 0, 0, DIM_ALPHA))
        if self.header is not None:
            strip = QRect(0, 0, self.width(), caption_height())
            paint_caption(p, strip, *self.header, badge=self.badge)
            area.setTop(strip.bottom() + 1)
        if self.still_line:
            p.setFont(caption_font(12 / 14, bold=False))
            band_h = QFontMetrics(p.font()).height() + 6
            band = QRect(area.left(), area.bottom() - band_h + 1, area.width(), band_h)
            p.fillRect(band, QColor(0, 0, 0, 170))
            p.setPen(QColor(TEXT))
            p.drawText(
                band.adjusted(6, 0, -6, 0), int(Qt.AlignmentFlag.AlignVCenter), self.still_line
            )
            return
        pad = 6
        room = area.adjusted(pad, pad, -pad, -pad)
        flags = int(Qt.TextFlag.TextWordWrap)
        if self.headline is None:  # a message, centred, as the old text tiles were
            p.setFont(caption_font(15 / 14, bold=False))
            p.setPen(QColor(MUTED))
            p.drawText(room, flags | int(Qt.AlignmentFlag.AlignCenter), self.body)
            return
        said, status = self.headline
        head_font = caption_font(13 / 14)
        body_font = caption_font(12 / 14, bold=False)
        head_h = QFontMetrics(head_font).height()
        p.setFont(body_font)
        body_rect = p.boundingRect(room, flags, self.body) if self.body else QRect()
        block = head_h + (body_rect.height() if self.body else 0)
        top = room.top() + max(0, (room.height() - block) // 2)  # centred, the top kept
        p.setFont(head_font)
        p.setPen(QColor(STATUS_COLORS.get(status, TEXT)))
        head = QRect(room.left(), top, room.width(), head_h)
        p.drawText(head, int(Qt.AlignmentFlag.AlignHCenter), said)
        p.setFont(body_font)
        p.setPen(QColor(TEXT))
        rest = QRect(room.left(), top + head_h, room.width(), room.bottom() - top - head_h)
        p.drawText(rest, flags | int(Qt.AlignmentFlag.AlignHCenter), self.body)
