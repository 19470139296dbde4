"""A wall of several PCs: which station (wall PC) drives which of the wall's monitors, and so
which screens of a layout each station shows.

The backend keeps the wall's definition (GET /api/v1/walls): its monitors on a grid, and
the stations with the monitors each drives. Layouts keep saying screens; the definition says
where each goes: the layout's screens in order on the wall's monitors in reading order (row,
then column). A layout with more screens than the wall has monitors hosts the rest within a
station (the one with the fewest screens, then the first), never across stations. Pure data
and checks; a bad definition is refused whole with the reason, never half-used.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ioc_desktop.layout.model import ScreenSpec


class WallDefinitionError(ValueError):
    """A definition that cannot be used; the message names the problem."""


@dataclass(frozen=True)
class WallMonitor:
    id: str
    row: int
    col: int
    width: int
    height: int


@dataclass(frozen=True)
class WallStation:
    name: str
    monitors: tuple[str, ...]


@dataclass(frozen=True)
class WallDefinition:
    name: str
    title_vi: str
    monitors: tuple[WallMonitor, ...]
    stations: tuple[WallStation, ...]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> WallDefinition:
        """From the contract's WallDefinition (already schema-valid), with the rules no schema
        says: each station and monitor named once, no two monitors on one cell, every monitor
        driven by exactly one station."""
        monitors = tuple(
            WallMonitor(m["id"], m["row"], m["col"], m["width"], m["height"]) for m in d["monitors"]
        )
        stations = tuple(WallStation(s["name"], tuple(s["monitors"])) for s in d["stations"])
        wall = cls(d["name"], d["title_vi"], monitors, stations)
        problem = wall.problem()
        if problem:
            raise WallDefinitionError(f"wall '{wall.name}': {problem}")
        return wall

    def problem(self) -> str | None:
        ids = [m.id for m in self.monitors]
        if dup := _twice(ids):
            return f"monitor '{dup}' is listed twice"
        cells = [(m.row, m.col) for m in self.monitors]
        if dup_cell := _twice(cells):
            other = [m.id for m in self.monitors if (m.row, m.col) == dup_cell]
            return f"monitors {', '.join(other)} overlap at row {dup_cell[0]}, col {dup_cell[1]}"
        if dup_station := _twice([s.name for s in self.stations]):
            return f"station '{dup_station}' is named twice"
        driven = [m for s in self.stations for m in s.monitors]
        if unknown := [m for m in driven if m not in ids]:
            return f"a station drives monitor '{unknown[0]}', which the wall does not have"
        if dup_m := _twice(driven):
            return f"monitor '{dup_m}' is driven by two stations"
        if idle := [m for m in ids if m not in driven]:
            return f"monitor '{idle[0]}' is driven by no station"
        return None

    def station(self, name: str) -> WallStation | None:
        return next((s for s in self.stations if s.name == name), None)

    def reading_order(self) -> list[WallMonitor]:
        return sorted(self.monitors, key=lambda m: (m.row, m.col, m.id))

    def placement(self, screens: list[ScreenSpec]) -> dict[str, list[str]]:
        """station name → the names of the layout screens it shows, in its monitors' order
        (its own monitors' screens first, then the screens it hosts)."""
        owner = {m: s.name for s in self.stations for m in s.monitors}
        out: dict[str, list[str]] = {s.name: [] for s in self.stations}
        order = self.reading_order()
        for screen, monitor in zip(screens, order, strict=False):
            out[owner[monitor.id]].append(screen.name)
        for screen in screens[len(order) :]:  # more screens than monitors: hosted
            host = min(self.stations, key=lambda s: (len(out[s.name]), self.stations.index(s)))
            out[host.name].append(screen.name)
        return out

    def screens_for(self, station: str, screens: list[ScreenSpec]) -> list[ScreenSpec]:
        """The screens `station` shows, each without the layout's monitor hint (the wall's
        definition places them: the station's k-th screen on its k-th monitor)."""
        names = self.placement(screens).get(station, [])
        by_name = {s.name: s for s in screens}
        return [replace(by_name[n], monitor="") for n in names]


def _twice(items: list[Any]) -> Any:
    seen: set[Any] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None
