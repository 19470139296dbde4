"""A frozen frame never passes for live (issue #20): the picture-age badge, pure rules and on a
real wall under Xvfb with a frozen stream (tests/probes/picture_age_probe.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ioc_desktop.video.picture_age import AgeLevel, age_level, shown_age
from tests.conftest import display_env, run_python
from tests.test_display import last_json


@pytest.mark.unit
def test_fresh_pictures_say_nothing_then_amber_then_red() -> None:
    assert age_level(None) is AgeLevel.FRESH and shown_age(None) is None
    assert age_level(0.6) is AgeLevel.FRESH and shown_age(0.99) is None
    assert age_level(1.0) is AgeLevel.AMBER and shown_age(1.7) == 1
    assert age_level(4.9) is AgeLevel.AMBER and age_level(5.0) is AgeLevel.RED
    assert shown_age(3600.4) == 3600


@pytest.mark.display
def test_a_frozen_stream_shows_its_age_within_2_s_red_within_10_s_and_clears(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    env = display_env(xvfb)
    env["IOC_CACHE_DIR"] = str(clip_cache)
    out = run_python(["tests/probes/picture_age_probe.py", str(tmp_path)], env, timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    r = last_json(out.stdout)
    assert r["compact"] == [False, True, True]  # title rows, and two caption strips
    assert r["first_live_s"] is not None
    # fresh: no badge anywhere, on the tiles or on the screen
    assert r["fresh_badges"] == [None, None, None]
    assert r["fresh"]["small_amber_px"] == 0 and r["fresh"]["small_red_px"] == 0
    # frozen (socket open, libVLC still "playing"): the badge within 2 s, amber, on screen.
    # The 2 s count from the freeze; libVLC shows what it had buffered first (~0.3 s when
    # quiet: badge at 1.3-1.6 s). Where a loaded machine's decoding lagged, so that the last
    # picture came later, the app's own part still counts: the badge within 1.6 s of it
    assert r["badge_s"] is not None, r
    assert r["badge_s"] <= 2.0 or r["badge_s"] - r["last_picture_s"] <= 1.6, r
    assert r["amber_levels"] == ["amber", "amber"]
    assert r["amber"]["small_amber_px"] > 200, r["amber"]
    assert re.fullmatch(r"ảnh cách đây \d+ s", r["amber"]["big_badge_label"] or ""), r["amber"]
    assert "ảnh cách đây" in r["amber"]["small_tooltip"]  # the age, as of when it is read
    # red within 10 s, told in the tooltip and the engine's stats (diagnostics, selftest)
    assert r["red_s"] is not None and r["red_s"] <= 10.0, r
    assert r["red"]["small_red_px"] > 200, r["red"]
    assert all(a >= 5 for a in r["red"]["picture_age_s"][:2]), r["red"]
    assert "ảnh cách đây" in r["red"]["small_tooltip"]
    # flowing again: the badge goes; the camera that never froze never had one
    assert r["clear_s"] is not None and r["live_again"] == ["live", "live"], r
    assert r["clear"]["small_amber_px"] == 0 and r["clear"]["small_red_px"] == 0, r["clear"]
    assert r["direct_told"] == [] and r["direct_badge"] is None
