"""The layout model: what each wall screen shows, in grid cells, as plain dataclasses.

Saved as versioned JSON: parse, validate and only then apply, so a corrupt or hand-edited file
gives a message naming the file and the problem instead of a half-built wall. Positions are
grid cells, never pixels, so a layout survives a change of monitor or resolution.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ioc_desktop.files import JsonFileError, json_value_problem, read_json_file, write_text_atomic
from ioc_desktop.layout.kinds import (
    MAX_NAME,
    MAX_TITLE,
    MAX_ZOOM,
    PANEL_KINDS,
    StrictValidator,
    panel_rules,
    schema_problem,
    text,
)
from ioc_desktop.severity import SEVERITIES

SCHEMA_VERSION = 1
DEFAULT_MAP_VIEW = ((21.15, 105.37), 9)  # the province, whole
MAX_GRID = 8  # rows or columns of one screen
MAX_SCREENS = 16  # monitors one layout drives
MAX_PANELS = MAX_GRID * MAX_GRID

# An incident layout is bound to incident types: the wall may switch to it when one arrives.
_INCIDENT_MATCH: dict[str, Any] = {
    "type": "array",
    "maxItems": 32,
    "items": {
        "type": "object",
        "properties": {
            "category": text(MAX_NAME, 1),
            "sub_category": text(MAX_NAME, 1),
            "min_severity": {"enum": list(SEVERITIES)},
        },
        "additionalProperties": False,
    },
}

_CELL = {"type": "integer", "minimum": 0, "maximum": MAX_GRID - 1}
_SPAN = {"type": "integer", "minimum": 1, "maximum": MAX_GRID}
_SIDE = {"type": "integer", "minimum": 1, "maximum": MAX_GRID}

LAYOUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["schema_version", "name", "title_vi", "screens"],
    "properties": {
        "schema_version": {"type": "integer", "minimum": 1},
        "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "maxLength": MAX_NAME},
        "title_vi": text(MAX_TITLE),
        "title_en": text(MAX_TITLE),
        "locked": {"type": "boolean"},
        "incident_match": _INCIDENT_MATCH,
        "screens": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_SCREENS,
            "items": {
                "type": "object",
                "required": ["name", "rows", "cols", "panels"],
                "properties": {
                    "name": text(MAX_NAME, 1),
                    "monitor": text(MAX_NAME * 2),
                    "rows": _SIDE,
                    "cols": _SIDE,
                    "panels": {
                        "type": "array",
                        "maxItems": MAX_PANELS,
                        "items": {
                            "type": "object",
                            "required": ["kind", "row", "col"],
                            "properties": {
                                "kind": {"enum": list(PANEL_KINDS)},
                                "row": _CELL,
                                "col": _CELL,
                                "row_span": _SPAN,
                                "col_span": _SPAN,
                                "settings": {"type": "object"},
                            },
                            "additionalProperties": False,
                            # each kind's settings, from the table of panel kinds
                            "allOf": panel_rules(),
                        },
                    },
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
_VALIDATOR = StrictValidator(LAYOUT_SCHEMA)


class LayoutError(ValueError):
    """A layout that cannot be used; the message names the file and the problem."""


@dataclass
class PanelSpec:
    kind: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    settings: dict[str, Any] = field(default_factory=dict)

    def cells(self) -> set[tuple[int, int]]:
        return {
            (r, c)
            for r in range(self.row, self.row + self.row_span)
            for c in range(self.col, self.col + self.col_span)
        }

    def map_view(self) -> tuple[tuple[float, float], int]:
        """A map panel's centre and zoom (the whole province when its settings name none).
        A checked layout holds a valid view; one set in code may not, and the map then shows
        the province rather than stopping the wall."""
        center = self.settings.get("center") or DEFAULT_MAP_VIEW[0]
        zoom = self.settings.get("zoom", DEFAULT_MAP_VIEW[1])
        try:
            lat, lon = (float(v) for v in center)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(center)
        except (TypeError, ValueError):
            lat, lon = DEFAULT_MAP_VIEW[0]
        if not isinstance(zoom, int) or isinstance(zoom, bool) or not 0 <= zoom <= MAX_ZOOM:
            zoom = DEFAULT_MAP_VIEW[1]
        return (lat, lon), zoom


@dataclass
class ScreenSpec:
    """One wall monitor's grid. `monitor` names the Qt screen it prefers (may be absent)."""

    name: str
    rows: int
    cols: int
    panels: list[PanelSpec] = field(default_factory=list)
    monitor: str = ""

    def panel_at(self, row: int, col: int) -> int | None:
        """Index of the panel covering a cell, or None for an empty cell."""
        for i, p in enumerate(self.panels):
            if (row, col) in p.cells():
                return i
        return None


@dataclass
class IncidentMatch:
    """Which incidents a layout is made for; an absent field matches anything."""

    category: str = ""
    sub_category: str = ""
    min_severity: str = ""


@dataclass
class Layout:
    name: str
    title_vi: str
    screens: list[ScreenSpec]
    title_en: str = ""
    schema_version: int = SCHEMA_VERSION
    locked: bool = False
    incident_match: list[IncidentMatch] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON; fields at their defaults are left out so hand-written files stay short."""
        out: dict[str, Any] = {
            "schema_version": self.schema_version,
            "name": self.name,
            "title_vi": self.title_vi,
        }
        if self.title_en:
            out["title_en"] = self.title_en
        if self.locked:
            out["locked"] = True
        if self.incident_match:
            out["incident_match"] = [
                {k: v for k, v in asdict(m).items() if v} for m in self.incident_match
            ]
        out["screens"] = [_screen_json(s) for s in self.screens]
        return out

    @classmethod
    def from_json(cls, data: Any, source: str = "layout") -> Layout:
        """A layout from parsed JSON (a file, the backend, a drag): checked whole first, so
        any problem is a LayoutError naming `source` and the field, never a half-built wall
        or a crash when a panel is built from it."""
        # NaN is left to the schema, which names the field (every number's type is checked)
        problem = json_value_problem(data, finite_only=False)
        if problem:
            raise LayoutError(f"{source}: {problem}")
        if (
            isinstance(data, dict)
            and isinstance(data.get("schema_version"), int)
            and data["schema_version"] > SCHEMA_VERSION
        ):
            raise LayoutError(
                f"{source}: made by a newer IOC Wall (layout version {data['schema_version']}, "
                f"this one reads up to {SCHEMA_VERSION})"
            )
        problem = schema_problem(_VALIDATOR, data)
        if problem:
            raise LayoutError(f"{source}: {problem}")
        screens = [
            ScreenSpec(
                s["name"],
                s["rows"],
                s["cols"],
                [PanelSpec(**copy.deepcopy(p)) for p in s["panels"]],
                s.get("monitor", ""),
            )
            for s in data["screens"]
        ]
        layout = cls(
            data["name"],
            data["title_vi"],
            screens,
            data.get("title_en", ""),
            data["schema_version"],
            bool(data.get("locked", False)),
            [IncidentMatch(**m) for m in data.get("incident_match", [])],
        )
        layout._check_cells(source)
        return layout

    def check(self, source: str = "layout") -> None:
        """The layout as it would be saved fits the schema (every panel's settings included),
        every panel lies inside its grid, no two panels share a cell, screen names are unique.
        Run before every save and after every edit, so a layout changed in code (a drop from
        another app, a map view the page reported) cannot be written in a shape that the next
        start refuses."""
        data = self.to_json()
        problem = json_value_problem(data, finite_only=False) or schema_problem(_VALIDATOR, data)
        if problem:
            raise LayoutError(f"{source}: {problem}")
        self._check_cells(source)

    def _check_cells(self, source: str) -> None:
        names = [s.name for s in self.screens]
        if len(set(names)) != len(names):
            raise LayoutError(f"{source}: two screens have the same name ({names})")
        for s in self.screens:
            taken: dict[tuple[int, int], int] = {}
            for i, p in enumerate(s.panels):
                if p.row + p.row_span > s.rows or p.col + p.col_span > s.cols:
                    raise LayoutError(
                        f"{source}: screen '{s.name}' panel {i} ({p.kind}) lies outside "
                        f"its {s.rows}×{s.cols} grid"
                    )
                for cell in p.cells():
                    if cell in taken:
                        raise LayoutError(
                            f"{source}: screen '{s.name}' panels {taken[cell]} and {i} "
                            f"overlap at cell {cell}"
                        )
                    taken[cell] = i


def _screen_json(s: ScreenSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"name": s.name}
    if s.monitor:
        out["monitor"] = s.monitor
    out.update(rows=s.rows, cols=s.cols, panels=[_panel_json(p) for p in s.panels])
    return out


def _panel_json(p: PanelSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": p.kind, "row": p.row, "col": p.col}
    if p.row_span != 1:
        out["row_span"] = p.row_span
    if p.col_span != 1:
        out["col_span"] = p.col_span
    if p.settings:
        out["settings"] = copy.deepcopy(p.settings)  # a snapshot, not a view of live settings
    return out


def load_layout(path: Path) -> Layout:
    """A layout file, or a LayoutError naming it: every way a file can be unusable (missing,
    a folder, a symlink loop, too big, too deep, not JSON, NaN…) ends here as one."""
    try:
        data = read_json_file(path)
    except FileNotFoundError as exc:
        raise LayoutError(f"{path}: no such file") from exc
    except JsonFileError as exc:
        raise LayoutError(f"{path}: {exc}") from exc
    return Layout.from_json(data, str(path))


def save_layout(layout: Layout, path: Path) -> None:
    """Write atomically: a crash mid-write never leaves a truncated layout behind. NaN is
    refused here too: JSON has no such number and the next load would refuse the file."""
    write_text_atomic(
        path, json.dumps(layout.to_json(), ensure_ascii=False, indent=2, allow_nan=False)
    )
