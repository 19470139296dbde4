"""A tile's own glass-to-glass delay, read off the stills the engine already takes (at most one
a second for the whole wall, each tile every 10 s or more): where the picture carries a time
code (video/timecode.py: the demo's time-coded camera), the still says when its frame was
made, and the delay is from then to the still.

Where the picture carries none (every ordinary camera: its picture has no machine-readable
time, and its clock is not this PC's), there is no number: `TileStats.delay_s` stays None and
the diagnostics say nothing of it, rather than show a delay guessed from libVLC's caching.

The still is the picture libVLC renders next after it is asked for one, on the screen within
about a frame of the ask; the delay is read at the ask, so it reads 30-50 ms below what
bench/latency.py reads off the X screen for the same tiles (docs/MEASUREMENTS.md, issue 20).

The same still says which frame of its clip the tile shows where the picture carries a frame
mark (the demo clips, timecode.FrameMark): `TileStats.picture_frame`, the exact anchor of the
AI boxes' clock (issue #22). A camera's picture carries none either.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtGui import QImage

from ioc_desktop.video import timecode

READINGS = 5  # the median of a tile's last few: one slow still does not make the number
MAX_DELAY_S = 60.0  # beyond this a reading is a misread or another clock, not a delay


def _rgb(image: QImage) -> np.ndarray | None:
    if image.isNull():
        return None
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    rows = np.frombuffer(rgb.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    return rows[:, : w * 3].reshape(h, w, 3).copy()  # rgb's buffer goes with rgb


def read_delay(image: QImage, asked_at: float) -> float | None:
    """Seconds from the still's frame being made to `asked_at` (epoch s); None where the
    picture carries no readable time code."""
    return read_still(image, asked_at)[0]


def read_still(image: QImage, asked_at: float) -> tuple[float | None, timecode.FrameMark | None]:
    """What a still says, read off one copy of its pixels: the delay (read_delay), and which
    frame of its clip it is where the picture carries a frame mark (the demo clips: the
    anchor of the tile's picture clock, analytics_feed.PictureClock); None for each the
    picture does not carry."""
    pixels = _rgb(image)
    if pixels is None:
        return None, None
    mark = timecode.read_frame_mark(pixels)
    code = timecode.read(pixels)
    if code is None:
        return None, mark
    delay = code.delay_s(asked_at)
    return (delay if delay < MAX_DELAY_S else None), mark


@dataclass(frozen=True)
class PictureFrame:
    """Frame `index` of a clip `loop` frames long was on the tile's screen at `shown_at`
    (epoch s), as a live still read it."""

    index: int
    loop: int
    shown_at: float


@dataclass
class DelayReadings:
    """A tile's recent readings of one stream (a new stream starts afresh)."""

    values: deque[float] = field(default_factory=lambda: deque(maxlen=READINGS))

    def add(self, delay: float) -> None:
        self.values.append(delay)

    def median(self) -> float | None:
        return round(statistics.median(self.values), 3) if self.values else None
