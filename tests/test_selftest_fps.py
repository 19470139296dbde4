"""The selftest's frame rate per tile (what bench/wall_capacity.py judges a wall by): counted
once the tile plays, so a tile that starts late reads as slow to start (its first picture's
time says so) and not as a tile dropping frames; one that drops frames still reads low."""

from __future__ import annotations

import pytest

from ioc_desktop.selftest import steady_fps

pytestmark = pytest.mark.unit


def run(
    rates: dict[str, tuple[float, float]], start: float = 100.0, end: float = 109.0
) -> list[tuple[float, dict[str, int]]]:
    """Samples every 0.5 s from `start` to `end` of tiles (first picture at, frames a second)."""
    samples: list[tuple[float, dict[str, int]]] = []
    t = start
    while t <= end + 1e-9:
        samples.append((t, {k: int(max(0.0, t - live) * fps) for k, (live, fps) in rates.items()}))
        t += 0.5
    return samples


def test_a_tile_that_started_late_is_counted_from_when_it_plays() -> None:
    tiles = {"early": (95.0, 25.0), "late": (103.0, 25.0), "slow": (95.0, 12.0)}
    fps = steady_fps(run(tiles), {k: live for k, (live, _) in tiles.items()})
    assert fps["early"] == pytest.approx(25.0, abs=0.2)
    # first picture 3 s after the warm-up: counted from 1 s after it, still 25 a second
    assert fps["late"] == pytest.approx(25.0, abs=0.3)
    assert fps["slow"] == pytest.approx(12.0, abs=0.2)  # a tile that drops frames reads low


def test_a_tile_that_never_played_or_went_live_at_the_end_reads_what_it_showed() -> None:
    tiles = {"never": (1e9, 25.0), "at_the_end": (108.8, 25.0)}
    fps = steady_fps(run(tiles), {"at_the_end": 108.8})
    assert fps["never"] == 0.0
    assert fps["at_the_end"] < 3  # no settled window: the whole one, reading low
    assert steady_fps([], {}) == {}
