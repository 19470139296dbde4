"""The demo clips' frame mark (video/timecode.py: which frame of the loop a picture is),
through the clip encoder's H.264 and back, at the sizes a tile's picture and its stills have:
a sub stream (640×360) seen 240-480 px wide, a main stream (1920×1080) at its 640-px still."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from ioc_desktop.demo.clips import ClipSpec, encode_clip, render_frame
from ioc_desktop.demo.scene import bottom_bar_top, scene
from ioc_desktop.video import timecode


def _decoded(spec: ClipSpec, folder: Path) -> list[np.ndarray]:
    path = encode_clip(spec, folder / f"{spec.camera_id}.ts")
    with av.open(str(path)) as box:
        return [f.to_ndarray(format="rgb24") for f in box.decode(video=0)]


@pytest.mark.parametrize(
    ("size", "grain", "widths"),
    [((640, 360), 0, (240, 320, 480)), ((640, 360), 6, (240, 320)), ((1920, 1080), 0, (640,))],
)
def test_every_frame_reads_its_index_after_h264_and_scaling(
    tmp_path: Path, size: tuple[int, int], grain: int, widths: tuple[int, ...]
) -> None:
    spec = ClipSpec("cam01-sub", "Ngã tư", *size, fps=25, seconds=1, grain=grain)
    frames = _decoded(spec, tmp_path)
    assert len(frames) == 25
    for k, pic in enumerate(frames):
        assert timecode.read_frame_mark(pic) == timecode.FrameMark(k, 25), k
        for w in widths:
            h = round(w * size[1] / size[0])
            small = np.asarray(Image.fromarray(pic).resize((w, h), Image.Resampling.BILINEAR))
            assert timecode.read_frame_mark(small) == timecode.FrameMark(k, 25), (k, w)


def test_the_mark_covers_no_object_nor_the_clock_text() -> None:
    """The strip lies inside the clock bar (objects and their boxes end above it), right of
    the bar's text; an ordinary picture, or one too small, reads no mark."""
    for w, h in ((640, 360), (1280, 720), (1920, 1080)):
        x0, y0, _x1, y1 = timecode.FRAME_STRIP
        assert y0 * h > bottom_bar_top(h) + 4 and y1 < 1
        for k in range(0, 300, 7):
            assert all(o.box[3] <= bottom_bar_top(h) for o in scene("cam02", w, h, k, 300))
        spec = ClipSpec("cam01-sub", "Ngã tư", w, h)
        plain = np.asarray(render_frame(spec, 299)).copy()
        # left of the strip the bar is the clip's own (text on black), as before the mark
        bar = plain[round(y0 * h) :, round(x0 * w) - 4 : round(x0 * w)]
        assert bar.max() == 0, (w, h)
        plain[round(y0 * h) :, round(x0 * w) :] = 0  # the mark painted over
        assert timecode.read_frame_mark(plain) is None
    assert timecode.read_frame_mark(np.full((90, 160, 3), 255, np.uint8)) is None
    assert timecode.read_frame_mark(np.zeros((36, 64, 3), np.uint8)) is None
    with pytest.raises(ValueError):
        timecode.draw_frame_mark(np.zeros((360, 640, 3), np.uint8), 300, 300)
