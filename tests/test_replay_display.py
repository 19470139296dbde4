"""Instant replay on the real wall under Xvfb (tests/probes/replay_probe.py): two cameras
from 5 s ago, in step, read back from the screen against the clip's own frames."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_display import run_probe

pytestmark = pytest.mark.display
FRAME_TOLERANCE = 3  # frames (25 a second): the recorder stamps a keyframe on arrival


def test_replay_shows_the_recorded_moment_in_step_and_live_is_untouched(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    r = run_probe("replay_probe.py", xvfb, clip_cache, str(tmp_path))
    assert r["first_live_s"] is not None and r["recorded_8s_after_s"] is not None, r
    assert r["replay_first_picture_s"] is not None and r["replay_first_picture_s"] <= 5, r
    assert r["lined_up_s"] is not None, r
    assert r["bar_says_replay"], r["bar"]  # "XEM LẠI −00:0x · hình lúc …"
    paused, stepped = r["paused"], r["stepped"]
    for cam, seen in paused.items():
        assert seen["diff"] < 6, seen  # the clip's picture, not black or another camera's
        assert abs(seen["frame"] - seen["asked"]) <= FRAME_TOLERANCE, (cam, seen)
        assert 1 <= stepped[cam]["frame"] - seen["frame"] <= 2, (cam, seen, stepped[cam])
    assert abs(paused["cam01"]["frame"] - paused["cam02"]["frame"]) <= FRAME_TOLERANCE, paused
    assert r["rate_2x"] >= 1.3, r  # libVLC's clock moves in steps of 0.3-0.6 s: 1x reads ~1.0
    # back to live: the replay closes at once; the live tiles never stopped
    assert r["back_to_live_ms"] < 1000 and r["live_after"] and r["live_frames_went_on"], r
    # the recorder gone: said in words in the replay window, live untouched
    assert r["gone_told_s"] is not None and r["gone_told_s"] <= 3, r
    assert "máy ghi hình không trả lời" in r["gone_message"], r
    assert r["live_with_recorder_gone"], r
