"""AI detections drawn over a camera tile's live picture, in time with the picture.

Qt cannot paint over libVLC's native window, and X cannot blend one window over another
without a compositor. So the overlay is one more native window over the picture, shaped
(XShape, through QWidget.setMask) to the boxes' outlines and their labels: everywhere else
the picture shows through, untouched. Nothing is copied from the video.

Which boxes: the tile's picture shows the stream's moment `PictureClock.shown_at(now)`
(analytics_feed.py: to the frame where the engine read the picture's frame mark off a still,
estimated otherwise); the detection frame nearest that moment is drawn, never the newest to
arrive. A frame's boxes fade (darker, thinner) over FADE_S once no newer frame matches the
picture; an AI alert's objects are drawn red with its title for ALERT_S after its frame.
Toggled per wall window (`toggle_window`), from a tile's menu.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from ioc_desktop.analytics_feed import AnalyticsFeed, PictureClock
from ioc_desktop.backend.analytics import DetectedObject, DetectionFrame, frame_for
from ioc_desktop.i18n import translate
from ioc_desktop.video import picture_fit as fit
from widgets.video_area import caption_font

if TYPE_CHECKING:
    from widgets.camera_tile import CameraTile

FADE_S = 3.0  # a frame's boxes fade out over this once no newer frame matches the picture
ALERT_S = 4.0  # an alert's objects stay this long after its frame
MATCH_S = 0.12  # a detection frame this close to the picture's moment is its frame
INTERPOLATE_MAX_S = 0.5  # two frames this close are interpolated between
# from asking libVLC for a stream to its first picture: its network caching, plus decoding
# (measured on the demo streams, 10 starts, caching 300 ms: median 0.30 s, 0.28-0.57)
DECODE_S = 0.0
REDRAW_MS = 100
LINE_PX = 3
LABEL_MIN_PX = 40  # a box narrower than this on screen gets no label (a crowd of labels)
LABEL_COLORS = {"Vehicle": "#35c9ff", "Human": "#ffd60a"}
ALERT_COLOR = "#ff3b30"


@dataclass(frozen=True)
class ShownBox:
    x: float  # fractions of the picture
    y: float
    w: float
    h: float
    text: str
    color: str
    strength: float  # 1 fresh … 0 gone (fading)
    track: str | None = None  # the object's track id (alerts: none)


def between(frames: list[DetectionFrame], shown: float) -> DetectionFrame | None:
    """The objects at stream time `shown`, moved between the two analysed frames around it
    (the metadata comes a few times a second; the picture 25 times): each track where it
    is at that moment. None when no two frames close enough surround it."""
    after = next((k for k, f in enumerate(frames) if f.at.timestamp() > shown), None)
    if not after:
        return None
    a, b = frames[after - 1], frames[after]
    t0, t1 = a.at.timestamp(), b.at.timestamp()
    if t1 - t0 > INTERPOLATE_MAX_S:
        return None
    w = (shown - t0) / (t1 - t0)
    later = {o.track_id: o for o in b.objects if o.track_id}
    objects = []
    for o in a.objects:
        n = later.get(o.track_id) if o.track_id else None
        if n is None:
            if w < 0.5:
                objects.append(o)
            continue
        objects.append(
            replace(
                o,
                x=o.x + (n.x - o.x) * w,
                y=o.y + (n.y - o.y) * w,
                w=o.w + (n.w - o.w) * w,
                h=o.h + (n.h - o.h) * w,
            )
        )
    known = {o.track_id for o in a.objects}
    objects += [o for o in b.objects if o.track_id not in known and w >= 0.5]
    index = None
    if a.frame_index is not None and b.frame_index is not None:
        index = round(a.frame_index + (b.frame_index - a.frame_index) * w)
    return DetectionFrame(datetime.fromtimestamp(shown, UTC), tuple(objects), index)


def picture_rect(area: QSize, video: QSize) -> QRect:
    """Where libVLC puts a picture of size `video` in a tile's video area of size `area`
    (video/picture_fit.py: the tile's even-width window, the picture fitted in it)."""
    return QRect(*fit.picture_rect(area.width(), area.height(), video.width(), video.height()))


def box_rect(box: ShownBox, picture: QRect) -> QRect:
    return QRect(
        picture.x() + round(box.x * picture.width()),
        picture.y() + round(box.y * picture.height()),
        max(2, round(box.w * picture.width())),
        max(2, round(box.h * picture.height())),
    )


class DetectionOverlay(QWidget):
    """A native window over the picture, shaped to the boxes' outlines and labels."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.boxes: list[ShownBox] = []
        self.video_size = QSize(16, 9)
        self._labels: list[tuple[QRect, str, QColor]] = []
        self.hide()

    def show_boxes(self, boxes: list[ShownBox], video_size: QSize) -> None:
        if boxes == self.boxes and video_size == self.video_size:
            return
        self.boxes, self.video_size = boxes, video_size
        if not boxes:
            self.hide()
            return
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        region, self._labels = self._shape()
        self.setMask(region)
        self.show()
        self.raise_()
        self.update()

    def drawn_rects(self) -> list[QRect]:
        """The boxes as drawn, in this widget's coordinates (for tests and probes)."""
        picture = picture_rect(self.size(), self.video_size)
        return [box_rect(b, picture) for b in self.boxes]

    def _line(self, box: ShownBox) -> int:
        return max(1, round(LINE_PX * (0.4 + 0.6 * box.strength)))

    def _shape(self) -> tuple[QRegion, list[tuple[QRect, str, QColor]]]:
        picture = picture_rect(self.size(), self.video_size)
        fm = QFontMetrics(caption_font(11 / 14))
        region = QRegion()
        labels = []
        for box in self.boxes:
            r = box_rect(box, picture)
            lw = self._line(box)
            outer = QRegion(r.adjusted(-lw, -lw, lw, lw))
            inner = QRegion(r.adjusted(0, 0, 0, 0))
            region = region.united(outer.subtracted(inner))
            if box.text and (r.width() >= LABEL_MIN_PX or box.color == ALERT_COLOR):
                tw = fm.horizontalAdvance(box.text) + 8
                label = QRect(r.left() - lw, r.top() - lw - fm.height() - 2, tw, fm.height() + 2)
                if label.top() < picture.top():
                    label.moveTop(r.bottom() + lw + 1)
                color = QColor(box.color).darker(int(100 + 150 * (1 - box.strength)))
                labels.append((label, box.text, color))
                region = region.united(QRegion(label))
        return region, labels

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        picture = picture_rect(self.size(), self.video_size)
        for box in self.boxes:
            color = QColor(box.color).darker(int(100 + 150 * (1 - box.strength)))
            r = box_rect(box, picture)
            lw = self._line(box)
            p.fillRect(r.adjusted(-lw, -lw, lw, lw), color)
        p.setFont(caption_font(11 / 14))
        for rect, text, color in self._labels:
            p.fillRect(rect, color)
            p.setPen(QColor("#000000"))
            p.drawText(rect.adjusted(4, 0, 0, 0), int(Qt.AlignmentFlag.AlignVCenter), text)


def label_text(obj: DetectedObject) -> str:
    names = {
        "Vehicle": translate("detections", "Xe"),
        "Human": translate("detections", "Người"),
    }
    name = names.get(obj.label, obj.label)
    return f"{name} {round(obj.confidence * 100)}%" if obj.confidence is not None else name


class TileDetections(QObject):
    """One tile's boxes: follows its camera in the feed, redraws 10 times a second."""

    def __init__(
        self, tile: CameraTile, feed: AnalyticsFeed, now: Callable[[], float] = time.time
    ) -> None:
        super().__init__(tile)
        self.tile = tile
        self.feed = feed
        self._now = now
        self.camera_id = ""
        self.overlay = DetectionOverlay(tile.video)
        self._last: DetectionFrame | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()
        self.shown_frame: int | None = None  # the frame whose boxes are on screen (probes)

    def close(self) -> None:
        self._timer.stop()
        if self.camera_id:
            self.feed.unfollow(self.camera_id)
            self.camera_id = ""
        if Shiboken.isValid(self.overlay):
            self.overlay.hide()
            self.overlay.deleteLater()

    def clock(self) -> PictureClock | None:
        """The tile's picture clock, from its stream's first picture and the detection
        frames' stream clock; None until both are known. Anchored to the frame its picture
        showed where a still since the stream last went live read one (the demo clips' frame
        mark); estimated from the first picture until then, and for every other camera."""
        tile = self.tile
        stats = tile.engine.stats(tile.key)
        frames = self.feed.frames(self.camera_id)
        if stats is None or not stats.went_live_at or not frames:
            return None
        ref = next((f for f in reversed(frames) if f.frame_index is not None), None)
        if ref is None or ref.frame_index is None:
            return None
        fps = self._fps()
        origin = ref.at.timestamp() - ref.frame_index / fps
        first = stats.went_live_at[-1]
        startup = tile.engine.settings.network_caching_ms / 1000 + DECODE_S
        shown = stats.picture_frame
        if shown is None or shown.shown_at <= first:  # none, or of before a reconnect
            return PictureClock(origin, 1.0, first - startup, first, fps)
        return PictureClock(
            origin, 1.0, first - startup, first, fps, shown.index, shown.loop, shown.shown_at
        )

    def _fps(self) -> float:
        cam = self.tile.store.cameras.get(self.camera_id)
        return cam.streams[0].fps if cam and cam.streams else 25.0

    def _video_size(self) -> QSize:
        cam = self.tile.store.cameras.get(self.camera_id)
        if cam and cam.streams:
            return QSize(cam.streams[0].width, cam.streams[0].height)
        return QSize(16, 9)

    def redraw(self) -> None:
        tile = self.tile
        if not Shiboken.isValid(tile) or not Shiboken.isValid(self.overlay):
            return
        cam = tile.camera_id
        if cam != self.camera_id:
            if self.camera_id:
                self.feed.unfollow(self.camera_id)
            self.camera_id = cam
            self._last = None
            if cam:
                self.feed.follow(cam)
        live = tile.stack.currentWidget() is tile.video
        clock = self.clock() if live else None
        if clock is None:
            self.overlay.show_boxes([], self._video_size())
            return
        shown = clock.shown_at(self._now())
        self.overlay.show_boxes(self.boxes_at(shown), self._video_size())

    def boxes_at(self, shown: float) -> list[ShownBox]:
        """The boxes for the picture of stream time `shown`."""
        frames = self.feed.frames(self.camera_id)
        match = between(frames, shown) or frame_for(
            frames, datetime.fromtimestamp(shown, UTC), MATCH_S
        )
        if match is not None:
            self._last = match
        out: list[ShownBox] = []
        if self._last is not None:
            age = max(0.0, shown - self._last.at.timestamp() - MATCH_S)
            strength = 1.0 - age / FADE_S
            if strength > 0:
                self.shown_frame = self._last.frame_index
                for o in self._last.objects:
                    color = LABEL_COLORS.get(o.label, "#ffffff")
                    text = label_text(o)
                    out.append(ShownBox(o.x, o.y, o.w, o.h, text, color, strength, o.track_id))
        for alert in self.feed.alerts:
            if alert.camera_id != self.camera_id:
                continue
            since = shown - alert.at.timestamp()
            if 0 <= since <= ALERT_S:
                strength = 1.0 - since / ALERT_S
                title = alert.title_vi or alert.type
                for k, o in enumerate(alert.objects):
                    text = title if k == 0 else ""
                    out.append(ShownBox(o.x, o.y, o.w, o.h, text, ALERT_COLOR, strength))
        return out


class WallDetections(QObject):
    """Boxes on every camera tile of one wall window, or none."""

    NAME = "ioc-wall-detections"

    def __init__(self, window: QWidget, feed: AnalyticsFeed) -> None:
        super().__init__(window)
        self.setObjectName(self.NAME)
        self.window = window
        self.feed = feed
        self.tiles: dict[int, TileDetections] = {}
        self._scan = QTimer(self)
        self._scan.setInterval(1000)  # tiles come and go with layouts
        self._scan.timeout.connect(self.rescan)
        self._scan.start()
        self.rescan()

    def rescan(self) -> None:
        from widgets.camera_tile import CameraTile

        seen = set()
        for tile in self.window.findChildren(CameraTile):
            seen.add(id(tile))
            if id(tile) not in self.tiles:
                self.tiles[id(tile)] = TileDetections(tile, self.feed)
        for gone in [k for k in self.tiles if k not in seen]:
            self.tiles.pop(gone).close()

    def close(self) -> None:
        self._scan.stop()
        for t in self.tiles.values():
            t.close()
        self.tiles.clear()
        self.deleteLater()


_feed_maker: Callable[[], AnalyticsFeed] | None = None
_feed: AnalyticsFeed | None = None


def provide(maker: Callable[[], AnalyticsFeed]) -> None:
    """How to make the analytics feed (the shell gives it the backend client); a feed made
    for an earlier shell is closed."""
    global _feed_maker, _feed
    _feed_maker = maker
    if _feed is not None:
        _feed.close()
        _feed = None


def feed() -> AnalyticsFeed | None:
    """The feed, made and started on first use (the loop runs by then)."""
    global _feed
    if _feed is None and _feed_maker is not None:
        _feed = _feed_maker()
        _feed.start()
    return _feed


def current_feed() -> AnalyticsFeed | None:
    """The feed if it runs already (nothing is started for asking)."""
    return _feed


def shown_on(window: QWidget) -> WallDetections | None:
    found = window.findChild(WallDetections, WallDetections.NAME)
    return found if isinstance(found, WallDetections) else None


def toggle_window(window: QWidget) -> bool:
    """Boxes on or off for every tile of `window`; True when now on."""
    current = shown_on(window)
    if current is not None:
        current.close()
        return False
    f = feed()
    if f is None:
        return False
    WallDetections(window, f)
    return True
