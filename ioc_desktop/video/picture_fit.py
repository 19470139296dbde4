"""Where a tile's video window goes in its picture area: the picture's shape, centred, an even
number of pixels wide.

Why even: where no GPU output scales the picture (Xvfb, a VM, a remote desktop, a wall PC
without a working driver), libVLC scales every frame of every tile to the window it draws in
with swscale, and a picture an odd number of pixels wide takes swscale's slow path. A bare
libVLC grid of 25 sub streams, the same streams and options, only the tile size changed
(bench/tile_cost.py's method, 2-3 runs each): pictures 336, 344, 346 and 368 px wide cost
0.028-0.031 CPU s per tile and second, pictures 337, 343, 345 and 359 px wide 0.036-0.040,
whatever the size. The app's tiles happened to come out odd (a 5×5 wall at 1920×1080: 337 and
339), and it cost the app a quarter more per tile than the bare grid.

libVLC fits the picture in its window keeping its shape, and makes its own window the size of
the picture. A window of the picture's shape, or a little taller, is fitted by its width: so
the width chosen here is the width libVLC draws at. What is left of the area around it is
black, as libVLC's own letterbox was.
"""

from __future__ import annotations

from math import gcd

DEFAULT_SHAPE = (16, 9)  # a camera's picture until its first still says otherwise


def picture_window(area_w: int, area_h: int, pic_w: int, pic_h: int) -> tuple[int, int, int, int]:
    """(x, y, width, height) of the window for a picture of pic_w × pic_h in an area of
    area_w × area_h: as large as fits, an even width, its height the picture's at that width
    rounded up (so libVLC fits by width), centred. An unknown picture fills the area."""
    if area_w <= 1 or area_h <= 0 or pic_w <= 0 or pic_h <= 0:
        return 0, 0, max(0, area_w), max(0, area_h)
    width = area_w if area_w * pic_h <= area_h * pic_w else area_h * pic_w // pic_h
    width -= width % 2
    height = min(area_h, -(-width * pic_h // pic_w))
    return (area_w - width) // 2, (area_h - height) // 2, width, height


def picture_rect(area_w: int, area_h: int, pic_w: int, pic_h: int) -> tuple[int, int, int, int]:
    """(x, y, width, height) where libVLC draws a picture of pic_w × pic_h in a tile's area:
    fitted by width in picture_window, centred in it. What a tile draws in its picture's
    place (its kept last picture, its AI boxes) goes here."""
    x, y, w, h = picture_window(area_w, area_h, pic_w, pic_h)
    if w <= 0 or pic_w <= 0 or pic_h <= 0:
        return x, y, w, h
    ph = min(h, max(1, round(w * pic_h / pic_w)))
    return x, y + (h - ph) // 2, w, ph


def shape(w: int, h: int) -> tuple[int, int]:
    """A picture's size as its shape in lowest terms (1920×1080 and 640×360 are both 16:9)."""
    if w <= 0 or h <= 0:
        return DEFAULT_SHAPE
    d = gcd(w, h)
    return w // d, h // d
