"""Issue #20's display test for the recovery ladder (tests/probes/recovery_ladder_probe.py):
a camera whose main fails but sub works, one whose direct URLs are dead but its relay works,
one that is gone: each ends on the right rung, told on the tile."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_display import run_probe


@pytest.mark.display
def test_each_failing_camera_ends_on_the_right_rung_told_on_the_tile(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    r = run_probe("recovery_ladder_probe.py", xvfb, clip_cache, str(tmp_path))
    assert r["settled_s"] is not None, r
    sub_works, relay_works, gone, gone_no_snapshot = r["tiles"]
    assert (sub_works["rung"], sub_works["status"]) == ("other_profile", "live"), sub_works
    assert "luồng còn lại" in sub_works["tooltip"]
    assert sub_works["pill"] == "Trực tiếp · luồng còn lại"  # on the tile's face
    assert (relay_works["rung"], relay_works["status"]) == ("alternate", "live"), relay_works
    assert "relay" in relay_works["tooltip"] and relay_works["pill"] == "Trực tiếp · qua relay"
    assert [a["rung"] for a in relay_works["attempts"]][:3] == [
        "reconnect",
        "other_profile",
        "alternate",
    ]
    assert gone["rung"] == "last_picture" and gone["status"] != "live", gone
    assert "ảnh cuối" in gone["outage_text"]  # on the tile's screen, not only the tooltip
    # the gone camera's snapshot stands in for its last picture, refreshed while retried
    before, after = r["before_refresh"], r["after_refresh"]
    assert before["snapshot"] and after["snapshot"], r
    assert "ảnh chụp lúc" in before["text"] and "ảnh chụp lúc" in after["text"]
    assert after["taken_at"] > before["taken_at"] and after["image_key"] != before["image_key"]
    assert before["age"] >= 2.5 and after["age"] < before["age"] - 2, (before, after)
    assert before["badge"].startswith("ảnh cách đây")  # amber: its own age, not the stream's
    # no snapshot that works: the last picture's words as before, nothing made up
    assert gone_no_snapshot["rung"] == "last_picture", gone_no_snapshot
    assert "ảnh chụp" not in gone_no_snapshot["outage_text"], gone_no_snapshot
    assert "chưa có hình nào" in gone_no_snapshot["outage_text"]
    for tile in r["tiles"]:  # every attempt kept with its outcome and time
        assert all(a["outcome"] in ("live", "lost", "running") for a in tile["attempts"])
        assert all(
            "gone-" in a["url"] or "relay" in a["url"] or a["url"].endswith("-sub")
            for a in tile["attempts"]
            if a["url"]
        )
