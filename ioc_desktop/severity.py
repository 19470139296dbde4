"""How severe an incident is, as a rank: one table for the incident desk's alerts and for the
layout model's incident bindings (`min_severity`).

It lives apart from both so the layout model, which is pure data, does not import the
incidents package (and, through it, the backend models) just to know that "high" outranks
"medium". The names are Smart Data Models `Alert.severity` values, as the backend sends them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, TypeVar

SEVERITY_RANK: dict[str, int] = {
    "critical": 4,
    "high": 3,
    "medium": 2,
    "low": 1,
    "informational": 0,
}
SEVERITIES: tuple[str, ...] = tuple(sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__))
"""Least severe first."""


class _Ranked(Protocol):
    @property
    def severity(self) -> str: ...

    @property
    def date_issued(self) -> datetime: ...


R = TypeVar("R", bound=_Ranked)


def most_severe_first(incidents: Iterable[R]) -> list[R]:
    """Most severe first; among equals the one waiting longest."""
    return sorted(incidents, key=lambda i: (-SEVERITY_RANK.get(i.severity, 0), i.date_issued))
