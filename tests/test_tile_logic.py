"""Pure parts of the camera tile: the tour's order and the snapshot's file name."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ioc_desktop.video.snapshot import snapshot_path
from ioc_desktop.video.tour import Tour


def test_tour_cycles_and_skips_cameras_the_catalogue_lost() -> None:
    tour = Tour(["a", "b", "c"], dwell_s=5)
    assert tour.current == "a" and tour.position() == (1, 3)
    assert tour.advance({"a", "b", "c"}) == "b"
    assert tour.advance({"a", "c"}) == "c"  # b is gone: skipped
    assert tour.advance({"a", "c"}) == "a"  # wraps
    assert tour.advance(set()) is None and tour.current == "a"  # nothing left: stays


def test_paused_tour_stays() -> None:
    tour = Tour(["a", "b"], paused=True)
    assert tour.advance({"a", "b"}) == "a"


@pytest.mark.parametrize("ids,dwell", [([], 5.0), (["a"], 0.5)])
def test_tour_refuses_nonsense(ids: list[str], dwell: float) -> None:
    with pytest.raises(ValueError):
        Tour(ids, dwell_s=dwell)


def test_snapshot_name_keeps_vietnamese_drops_what_no_filesystem_takes(tmp_path: Path) -> None:
    when = datetime(2026, 11, 23, 9, 5, 7)
    p = snapshot_path(tmp_path, 'Ngã tư A/B: "Cầu" <QL2>?', when)
    assert p.parent == tmp_path
    assert p.name.startswith("Ngã tư A")
    assert p.name.endswith("_2026-11-23_09-05-07.png")
    assert not set('/:"<>?') & set(p.name)
    p.write_bytes(b"x")
    again = snapshot_path(tmp_path, 'Ngã tư A/B: "Cầu" <QL2>?', when)
    assert again != p and again.name.endswith("_2026-11-23_09-05-07-2.png")  # never overwrites
