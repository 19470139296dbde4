"""How old the picture on a tile is, and what the tile says about it (pure: no Qt, no libVLC).

A frozen frame looks live: a hung camera or encoder keeps its connection open, libVLC keeps
"Playing" and the last picture stays on screen. The engine knows when the tile's screen last
got a new picture (libVLC's displayed-pictures counter, read by its poll twice a second) and
tells the tile its age whenever what the tile would say changes; the tile shows nothing while
the picture is fresh, then a badge: amber, then red.

Thresholds: at 25 fps a new picture comes every 40 ms and the poll reads the counter every
0.5 s, so a fresh picture never reads older than ~0.5 s; a picture 1 s old is a frozen one
(or a camera below 1 fps). The counter is read at the poll, so the age reads up to 0.5 s young:
the badge shows within 1.5 s of the last picture (goal: 2 s), red within 5.5 s (goal: 10 s).
The watchdog calls the stream stalled at 2.5 s and lost at 6 s (watchdog.py); the badge goes
on through the outage and its reconnects, as the tile keeps showing the last picture.
"""

from __future__ import annotations

from enum import StrEnum

FRESH_S = 1.0  # younger than this: no badge
RED_S = 5.0  # this old or older: red


class AgeLevel(StrEnum):
    FRESH = "fresh"
    AMBER = "amber"
    RED = "red"


def age_level(age_s: float | None) -> AgeLevel:
    """None: no picture yet (the status says connecting): nothing to badge."""
    if age_s is None or age_s < FRESH_S:
        return AgeLevel.FRESH
    return AgeLevel.RED if age_s >= RED_S else AgeLevel.AMBER


def shown_age(age_s: float | None) -> int | None:
    """What a badge would say, in whole seconds (None: no badge). The engine tells a tile
    only when this changes: nothing at all for a fresh picture, once a second for an old one."""
    return None if age_level(age_s) is AgeLevel.FRESH or age_s is None else int(age_s)
