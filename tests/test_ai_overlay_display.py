"""AI boxes over live demo video, checked on the X screen (tests/probes/detections_probe.py):
every box a tile draws must enclose its object in the picture shown at that moment, and each
tile's clock must say the frame its picture shows.

The clock (issue #22): the clips carry their frame index (a frame mark), the engine reads it
off each tile's still and the clock is anchored to it. Measured against the mark on the
screen, at each screenshot: the clock's frame less the picture's, mean -0.04 to -0.35 frames,
all within 2 (3 runs); the keyframe guess alone, in the same runs, -4.3 to -6.3 frames (boxes
a fifth of a second late), and a whole GOP where a player connected just before a keyframe.

Only an anchored clock's screenshots count for the clock's own error; those taken before a
tile's first still was read (a loaded CI run's first screenshot, -9 and -15 frames: the guess)
are kept apart, and the time from a tile's first picture to its anchor is bounded instead.

Pixels (a 1600×600 window, two tiles, pictures ~760×430 px): the edges of the object's blob
within 4 px of the box's (median; measured anchored: 2 px, 90th percentile 8-9 px, nine
boxes in ten within 12 px, the box 0.8 filled by its object; the guess alone: 6-7 px, 10-14,
0.87-0.93, 0.6). The same measure on boxes a second old (what a clock off by a GOP shows): at
most half within 12 px (measured: none, 16 px median, the most it can read).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_display import run_probe

pytestmark = pytest.mark.display


def test_boxes_enclose_the_objects_on_screen_in_time(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    r = run_probe("detections_probe.py", xvfb, clip_cache, str(tmp_path))
    assert r["turned_on"] and r["first_live_s"] is not None, r
    # each tile's clock anchored to its picture's own frame, and right to a frame or two
    assert r["anchored"] == {"cam01": True, "cam02": True}, r
    # anchored by the tile's first stills (one a second for the wall, after a second live):
    # measured 1.1 and 2.2-2.5 s; a loaded CI run read the first screenshot before then
    assert all(0 < s <= 6 for s in r["anchored_after_live_s"].values()), r
    assert len(r["frames_off"]) >= 10, r
    assert abs(r["frames_off_mean"]) <= 1 and r["frames_off_within_2"] >= 0.9, r
    assert r["boxes_checked"] >= 15, r
    assert r["error_px_median"] <= 4 and r["share_within_12px"] >= 0.85, r
    # the measure can tell: boxes a second old are mostly not where their objects are
    assert r["share_within_12px_1s_off"] <= 0.5, r
    assert r["coverage_median"] >= 0.7, r  # the box is filled by its object, not beside it
    assert all(0.25 <= d <= 1.6 for d in r["picture_delay_s"].values()), r
    assert r["turned_off"] and r["overlays_left"] == 0, r
