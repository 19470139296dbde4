"""A tour tile's order of cameras: which one is next, skipping cameras the catalogue no longer
has, so a tour with a removed camera keeps touring instead of showing a dead slot."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass
class Tour:
    camera_ids: list[str]
    dwell_s: float = 10.0
    index: int = 0
    paused: bool = False

    def __post_init__(self) -> None:
        if not self.camera_ids:
            raise ValueError("a tour needs at least one camera")
        if self.dwell_s < 1:
            raise ValueError("a tour cannot change cameras more than once a second")

    @property
    def current(self) -> str:
        return self.camera_ids[self.index]

    def position(self) -> tuple[int, int]:
        """(1-based position, length) for the operator: "2/5"."""
        return self.index + 1, len(self.camera_ids)

    def advance(self, available: Collection[str]) -> str | None:
        """Move to the next camera that exists; None (and no move) when none of them does.
        A paused tour stays where it is."""
        if self.paused:
            return self.current
        n = len(self.camera_ids)
        for step in range(1, n + 1):
            i = (self.index + step) % n
            if self.camera_ids[i] in available:
                self.index = i
                return self.camera_ids[i]
        return None
