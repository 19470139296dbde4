"""A time code a machine reads off a picture: two rows of black/white blocks across its top.

Why in the picture: glass-to-glass delay is from the moment a frame is made to the moment it
is on the screen, and only the picture itself crosses the whole way (encoder, wire, libVLC's
caching, decoder, video output). The demo's time-coded stream (demo/timecode.py) draws it;
bench/latency.py reads it off the X screen; the engine reads it off a tile's still, so a tile
that plays such a stream can say its own delay (VideoEngine.delay). An ordinary camera's
picture carries no code (a burnt-in clock is text, and the camera's clock is not ours), so
for it there is no number, never a guessed one.

The code: row 0 the frame's number, row 1 the wall-clock time it was made, in milliseconds
modulo 2^17 (131 s: a delay is read unambiguously below that). Each row is BLOCKS blocks
as wide as the picture: a start marker (white, black), BITS data bits (white = 1, most
significant first) and an even-parity bit. Blocks are a twentieth of the width and a tenth
of the height each: at a 240-pixel tile still 12 px, and H.264's blur and any scaling
touch only their edges, while the reader averages each block's middle half and refuses a
block that is neither clearly black nor clearly white (a picture torn between two frames,
or no code at all).

The frame mark (`draw_frame_mark`, `read_frame_mark`): the same blocks, one row in a thin strip
at the bottom right (FRAME_STRIP), saying which frame of a looping clip a picture is and how
long the clip is. The demo clips carry it inside their clock bar (below every object, beside
the clock text: nothing an operator looks at is covered); the engine reads it off a tile's
still, and the AI boxes' clock takes it as its anchor (analytics_feed.PictureClock).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BITS = 17
BLOCKS = 2 + BITS + 1  # marker, data, parity
ROWS = 2
ROW_FRAC = 0.1  # each row's height, of the picture's
WRAP = 1 << BITS
DARK, LIGHT = 80, 175  # a block's mean grey must be below / above these


@dataclass(frozen=True)
class TimeCode:
    frame: int  # the frame's number, modulo WRAP
    made_ms: int  # epoch milliseconds it was made, modulo WRAP

    def delay_s(self, now: float) -> float:
        """Seconds from when the frame was made to `now` (epoch s), for delays below 131 s
        (same clock: the stream is made on this machine)."""
        return ((round(now * 1000) - self.made_ms) % WRAP) / 1000.0


def _bits(value: int, bits: int = BITS) -> list[int]:
    data = [(value >> (bits - 1 - i)) & 1 for i in range(bits)]
    return [1, 0, *data, sum(data) & 1]


def _paint(picture: np.ndarray, value: int, bits: int, box: tuple[int, int, int, int]) -> None:
    """One row of blocks (marker, `bits` data bits, parity) filling box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    blocks = bits + 3
    for b, bit in enumerate(_bits(value, bits)):
        bx0, bx1 = x0 + b * (x1 - x0) // blocks, x0 + (b + 1) * (x1 - x0) // blocks
        picture[y0:y1, bx0:bx1] = 255 if bit else 0


def _decode(grey: np.ndarray, bits: int, box: tuple[float, float, float, float]) -> int | None:
    """The value of the row of blocks in box (x0, y0, x1, y1: pixels of `grey`), read from
    each block's middle half; None unless every block is clearly black or white, the marker
    is there and the parity holds."""
    x0, y0, x1, y1 = box
    blocks = bits + 3
    ya, yb = int(y0 + 0.25 * (y1 - y0)), int(y0 + 0.75 * (y1 - y0)) + 1
    bw = (x1 - x0) / blocks
    levels = []
    for b in range(blocks):
        xa, xb = int(x0 + (b + 0.25) * bw), int(x0 + (b + 0.75) * bw) + 1
        levels.append(float(grey[ya:yb, xa:xb].mean()))
    if any(DARK <= v <= LIGHT for v in levels):
        return None
    got = [1 if v > LIGHT else 0 for v in levels]
    if got[:2] != [1, 0] or sum(got[2:]) & 1:
        return None
    return sum(bit << (bits - 1 - i) for i, bit in enumerate(got[2 : 2 + bits]))


def draw(picture: np.ndarray, frame: int, made_at: float) -> None:
    """Draw the code of frame number `frame`, made at `made_at` (epoch s), into the top of an
    RGB (h, w, 3) uint8 picture, in place."""
    h, w = picture.shape[:2]
    row_h = int(h * ROW_FRAC)
    for r, value in enumerate((frame % WRAP, round(made_at * 1000) % WRAP)):
        _paint(picture, value, BITS, (0, r * row_h, w, (r + 1) * row_h))


def _row(grey: np.ndarray, r: int, height: int) -> int | None:
    row_h = height * ROW_FRAC
    return _decode(grey, BITS, (0.0, r * row_h, float(grey.shape[1]), (r + 1) * row_h))


def read(picture: np.ndarray, height: int | None = None) -> TimeCode | None:
    """The code in a picture that fills the array (RGB, RGBA or BGRA: the channels' mean is
    the grey), or None where there is none or it cannot be read for sure. `height`: the whole
    picture's height where the array holds only its top rows (a screen reader grabs no more)."""
    h = height or picture.shape[0]
    if picture.ndim != 3 or h < 2 * ROWS / ROW_FRAC or picture.shape[1] < BLOCKS:
        return None
    band = picture[: int(h * ROW_FRAC * ROWS) + 1, :, :3]
    if band.shape[0] < int(h * ROW_FRAC * ROWS):
        return None
    grey = band.mean(axis=2)
    frame = _row(grey, 0, h)
    made = _row(grey, 1, h) if frame is not None else None
    return None if frame is None or made is None else TimeCode(frame, made)


# -- the frame mark: which frame of a looping clip a picture is --------------------------
FRAME_BITS = 9  # the frame's index in its clip, and the clip's length in frames: < 512 each
# a thin strip at the bottom right (x0, y0, x1, y1, fractions of the picture): inside the
# demo clips' black clock bar, right of its text, below every object (scene.bottom_bar_top)
FRAME_STRIP = (0.56, 0.945, 0.98, 0.99)


@dataclass(frozen=True)
class FrameMark:
    """The picture is frame `index` (0 … loop-1) of a clip `loop` frames long, played in a
    loop: the stream's frame k shows index k mod loop."""

    index: int
    loop: int


def _strip(w: float, h: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = FRAME_STRIP
    return x0 * w, y0 * h, x1 * w, y1 * h


def draw_frame_mark(picture: np.ndarray, index: int, loop: int) -> None:
    """Draw the mark of frame `index` of a `loop`-frame clip into an RGB (h, w, 3) uint8
    picture's bottom strip, in place."""
    if not 0 <= index < loop < 1 << FRAME_BITS:
        raise ValueError(f"frame {index} of {loop}: the mark holds below {1 << FRAME_BITS}")
    h, w = picture.shape[:2]
    box = tuple(round(v) for v in _strip(w, h))
    _paint(picture, index << FRAME_BITS | loop, 2 * FRAME_BITS, box)  # type: ignore[arg-type]


def read_frame_mark(picture: np.ndarray) -> FrameMark | None:
    """The frame mark in a picture that fills the array (RGB, RGBA or BGRA), or None where
    there is none or it cannot be read for sure (too small a picture, a torn one)."""
    if picture.ndim != 3:
        return None
    h, w = picture.shape[:2]
    x0, y0, x1, y1 = _strip(w, h)
    if (x1 - x0) / (2 * FRAME_BITS + 3) < 3 or y1 - y0 < 3:
        return None
    grey = picture[int(y0) : int(y1) + 1, int(x0) : int(x1) + 1, :3].mean(axis=2)
    value = _decode(grey, 2 * FRAME_BITS, (x0 - int(x0), y0 - int(y0), x1 - int(x0), y1 - int(y0)))
    if value is None:
        return None
    index, loop = value >> FRAME_BITS, value & ((1 << FRAME_BITS) - 1)
    return FrameMark(index, loop) if index < loop else None
