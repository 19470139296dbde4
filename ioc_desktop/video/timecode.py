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


def _bits(value: int) -> list[int]:
    data = [(value >> (BITS - 1 - i)) & 1 for i in range(BITS)]
    return [1, 0, *data, sum(data) & 1]


def draw(picture: np.ndarray, frame: int, made_at: float) -> None:
    """Draw the code of frame number `frame`, made at `made_at` (epoch s), into the top of an
    RGB (h, w, 3) uint8 picture, in place."""
    h, w = picture.shape[:2]
    row_h = int(h * ROW_FRAC)
    for r, value in enumerate((frame % WRAP, round(made_at * 1000) % WRAP)):
        for b, bit in enumerate(_bits(value)):
            x0, x1 = b * w // BLOCKS, (b + 1) * w // BLOCKS
            picture[r * row_h : (r + 1) * row_h, x0:x1] = 255 if bit else 0


def _row(grey: np.ndarray, r: int, height: int) -> int | None:
    w = grey.shape[1]
    row_h = height * ROW_FRAC
    y0, y1 = int((r + 0.25) * row_h), int((r + 0.75) * row_h) + 1
    levels = []
    for b in range(BLOCKS):
        x0, x1 = int((b + 0.25) * w / BLOCKS), int((b + 0.75) * w / BLOCKS) + 1
        levels.append(float(grey[y0:y1, x0:x1].mean()))
    if any(DARK <= v <= LIGHT for v in levels):
        return None
    bits = [1 if v > LIGHT else 0 for v in levels]
    if bits[:2] != [1, 0] or sum(bits[2:]) & 1:
        return None
    return sum(bit << (BITS - 1 - i) for i, bit in enumerate(bits[2 : 2 + BITS]))


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
