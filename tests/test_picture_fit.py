"""Where a tile's video window goes in its picture area (video/picture_fit.py): the picture's
shape, centred, an even number of pixels wide, and tall enough that libVLC fits the picture
by its width (so it draws at the width chosen)."""

from __future__ import annotations

import itertools

import pytest

from ioc_desktop.video.picture_fit import DEFAULT_SHAPE, picture_rect, picture_window, shape

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("area", "picture"),
    [
        ((373, 190), (16, 9)),  # a 5×5 wall's tile at 1920×1080: libVLC drew 337 wide here
        ((372, 191), (16, 9)),
        ((360, 202), (640, 360)),
        ((345, 200), (16, 9)),  # taller than the picture: fitted by width
        ((1919, 1080), (1920, 1080)),
        ((641, 481), (4, 3)),
        ((301, 700), (704, 576)),
        ((2, 2), (16, 9)),
    ],
)
def test_the_window_is_even_wide_inside_the_area_and_fitted_by_width(
    area: tuple[int, int], picture: tuple[int, int]
) -> None:
    aw, ah = area
    pw, ph = picture
    x, y, w, h = picture_window(aw, ah, pw, ph)
    assert w % 2 == 0 and w > 0
    assert x >= 0 and y >= 0 and x + w <= aw and y + h <= ah
    # centred, to the pixel
    assert abs((aw - w) - 2 * x) <= 1 and abs((ah - h) - 2 * y) <= 1
    # as wide as fits, but for the pixel that makes it even
    best = min(aw, ah * pw // ph)
    assert best - 1 <= w <= best
    # not wider than the picture's shape at its height: libVLC fits it by width, at w
    assert w * ph <= h * pw


def test_every_area_of_a_wall_gets_an_even_width() -> None:
    """Every tile size from a 1×1 to a 7×7 wall on 1080p and 4K monitors."""
    for screen_w, screen_h in ((1920, 1080), (3840, 2160), (1366, 768)):
        for cols, rows in itertools.product(range(1, 8), range(1, 8)):
            aw, ah = screen_w // cols - 4, screen_h // rows - 30
            x, y, w, h = picture_window(aw, ah, 16, 9)
            assert w % 2 == 0 and w * 9 <= h * 16 and x + w <= aw and y + h <= ah


def test_an_unknown_or_empty_picture_fills_the_area() -> None:
    assert picture_window(373, 190, 0, 0) == (0, 0, 373, 190)
    assert picture_window(0, 0, 16, 9) == (0, 0, 0, 0)


def test_shapes_in_lowest_terms() -> None:
    assert shape(1920, 1080) == shape(640, 360) == (16, 9)
    assert shape(320, 240) == (4, 3)
    assert shape(0, 10) == DEFAULT_SHAPE


@pytest.mark.parametrize(("area", "picture"), [((373, 190), (640, 360)), ((301, 700), (704, 576))])
def test_the_picture_lies_in_its_window_at_its_width_and_shape(
    area: tuple[int, int], picture: tuple[int, int]
) -> None:
    wx, wy, ww, wh = picture_window(*area, *picture)
    x, y, w, h = picture_rect(*area, *picture)
    assert x == wx and w == ww and wy <= y and y + h <= wy + wh
    assert abs(w * picture[1] / picture[0] - h) <= 1  # its shape, to the pixel
