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

import jsonschema

from ioc_desktop.files import write_text_atomic
from ioc_desktop.incidents.alerts import SEVERITY_RANK

SCHEMA_VERSION = 1
PANEL_KINDS = (
    "camera",
    "camera_tour",
    "kpi_trend",
    "kpi_tiles",
    "kpi_bars",
    "aq_bars",
    "map",
    "incidents",
    "reports",
)
SEVERITIES = tuple(sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__))  # least first
MAP_VIEW_SETTINGS = ("center", "zoom")  # where a map panel looks, not which map it is
DEFAULT_MAP_VIEW = ((21.15, 105.37), 9)  # the province, whole

# An incident layout is bound to incident types: the wall may switch to it when one arrives.
_INCIDENT_MATCH: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "category": {"type": "string", "minLength": 1},
            "sub_category": {"type": "string", "minLength": 1},
            "min_severity": {"enum": list(SEVERITIES)},
        },
        "additionalProperties": False,
    },
}

# A KPI tile group: the KPIs named, or every KPI of one of the nine IOC systems
_KPI_TILES_SETTINGS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "kpi_ids": {
            "type": "array",
            "minItems": 1,
            "maxItems": 12,
            "items": {"type": "string", "minLength": 1},
        },
        "system": {"type": "integer", "minimum": 1, "maximum": 9},
        "title_vi": {"type": "string"},
    },
    "anyOf": [{"required": ["kpi_ids"]}, {"required": ["system"]}],
}

# A camera panel shows a fixed camera, or is a slot the incident's nearest cameras fill
_CAMERA_SETTINGS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "camera_id": {"type": "string"},
        "slot": {"type": "integer", "minimum": 1, "maximum": 64},
        "show_stats": {"type": "boolean"},
    },
}

_TOUR_SETTINGS: dict[str, Any] = {
    "type": "object",
    "required": ["camera_ids"],
    "properties": {
        "camera_ids": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
        },
        "dwell_s": {"type": "number", "minimum": 3, "maximum": 3600},
        "show_stats": {"type": "boolean"},
    },
}

LAYOUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["schema_version", "name", "title_vi", "screens"],
    "properties": {
        "schema_version": {"type": "integer", "minimum": 1},
        "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
        "title_vi": {"type": "string"},
        "title_en": {"type": "string"},
        "locked": {"type": "boolean"},
        "incident_match": _INCIDENT_MATCH,
        "screens": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "rows", "cols", "panels"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "monitor": {"type": "string"},
                    "rows": {"type": "integer", "minimum": 1, "maximum": 8},
                    "cols": {"type": "integer", "minimum": 1, "maximum": 8},
                    "panels": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["kind", "row", "col"],
                            "properties": {
                                "kind": {"enum": list(PANEL_KINDS)},
                                "row": {"type": "integer", "minimum": 0},
                                "col": {"type": "integer", "minimum": 0},
                                "row_span": {"type": "integer", "minimum": 1},
                                "col_span": {"type": "integer", "minimum": 1},
                                "settings": {"type": "object"},
                            },
                            "additionalProperties": False,
                            "allOf": [
                                {
                                    "if": {"properties": {"kind": {"const": "camera_tour"}}},
                                    "then": {
                                        "required": ["settings"],
                                        "properties": {"settings": _TOUR_SETTINGS},
                                    },
                                },
                                {
                                    "if": {"properties": {"kind": {"const": "camera"}}},
                                    "then": {"properties": {"settings": _CAMERA_SETTINGS}},
                                },
                                {
                                    "if": {"properties": {"kind": {"const": "kpi_tiles"}}},
                                    "then": {
                                        "required": ["settings"],
                                        "properties": {"settings": _KPI_TILES_SETTINGS},
                                    },
                                },
                            ],
                        },
                    },
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


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
        """A map panel's centre and zoom (the whole province when its settings name none)."""
        center = self.settings.get("center") or DEFAULT_MAP_VIEW[0]
        zoom = self.settings.get("zoom", DEFAULT_MAP_VIEW[1])
        return (float(center[0]), float(center[1])), int(zoom)


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
        if (
            isinstance(data, dict)
            and isinstance(data.get("schema_version"), int)
            and data["schema_version"] > SCHEMA_VERSION
        ):
            raise LayoutError(
                f"{source}: made by a newer IOC Wall (layout version {data['schema_version']}, "
                f"this one reads up to {SCHEMA_VERSION})"
            )
        err = jsonschema.exceptions.best_match(
            jsonschema.Draft202012Validator(LAYOUT_SCHEMA).iter_errors(data)
        )
        if err is not None:
            where = "/".join(str(p) for p in err.absolute_path) or "(root)"
            raise LayoutError(f"{source}: {where}: {err.message}")
        screens = [
            ScreenSpec(
                s["name"],
                s["rows"],
                s["cols"],
                [PanelSpec(**p) for p in s["panels"]],
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
        layout.check(source)
        return layout

    def check(self, source: str = "layout") -> None:
        """Every panel inside its grid, no two panels on one cell, screen names unique."""
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
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LayoutError(f"{path}: no such file") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LayoutError(f"{path}: not valid JSON ({exc})") from exc
    return Layout.from_json(data, str(path))


def save_layout(layout: Layout, path: Path) -> None:
    """Write atomically: a crash mid-write never leaves a truncated layout behind."""
    write_text_atomic(path, json.dumps(layout.to_json(), ensure_ascii=False, indent=2))
