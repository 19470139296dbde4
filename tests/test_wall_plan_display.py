"""Issue #20's display test for the decode planner: a layout over budget goes live with the
plan it showed, every tile holds its frame rate, the tiles that gave way say so
(tests/probes/wall_plan_probe.py: the demo's 8 live cameras under Xvfb)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_display import run_probe


@pytest.mark.display
def test_a_layout_over_budget_goes_live_with_its_plan_and_holds_its_frame_rate(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    r = run_probe("wall_plan_probe.py", xvfb, clip_cache, str(tmp_path))
    assert "125 %" in r["shown_text"] and "ô ảnh tĩnh" in r["shown_text"], r["shown_text"]
    assert r["live_text"] == r["shown_text"]  # the wall did what the control window said
    assert r["first_live_s"] is not None
    tiles = r["tiles"]
    sparse = [t for t in tiles if t["rung"] == "still"]
    assert all(t["status"] == "live" for t in tiles if t not in sparse), tiles
    assert sparse and all("quá tải" in t["says"] for t in sparse), sparse
    assert all(t["pill"] == "Ảnh tĩnh" and t["status"] == "still" for t in sparse), sparse
    assert not any(t["player"] for t in sparse), sparse  # a true still decodes no video
    assert all(t["pill"] == "Trực tiếp" for t in tiles if t not in sparse), tiles
    for t in tiles:
        if t["rung"] != "still":  # every planned tile holds its stream's rate (±10 %)
            assert t["shown_fps"] >= 0.9 * t["stream_fps"], t
        else:  # no video at all
            assert t["shown_fps"] == 0, t
