"""Every kind of wall panel in one table: the JSON schema of its settings and what it needs
polled from the backend.

Before this table a kind was a string matched in five files: the layout schema knew the
settings of three kinds and took anything for the other six, so `"center": "x"` on a map or
`"dwell_s": NaN` on a tour passed validation and stopped the wall when the panel was built.
Now a kind's settings are checked where the kind is declared, and the layout schema, the
drag-and-drop check and `polled_series`/`polled_breakdowns` (what the sync fetches) all read
the same entry.

Widgets are not here (the layout package knows no Qt): widgets/panels.py still maps a kind to
its widget.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jsonschema
from jsonschema.protocols import Validator

if TYPE_CHECKING:
    from ioc_desktop.layout.model import Layout

# Bounds on what a layout may hold: generous for a real wall, small enough that a hostile or
# corrupt file cannot make the wall build thousands of tiles or lay out a megabyte title.
MAX_ID = 128  # a camera or KPI id (the backend's ids are short slugs)
MAX_TITLE = 300  # a title shown on the wall (an incident layout's title adds the incident's)
MAX_NAME = 64  # a layout or screen name
MAX_ZOOM = 22  # the deepest web-map zoom any tile source serves (ioc_desktop.map.tiles)
MAX_SLOT = 64  # Nx Witness walls hold up to 64 items; incident camera slots stay within that
MAX_TOUR = 64  # cameras in one tour
SystemsKpis = Mapping[int, Sequence[str]]


def text(max_length: int, min_length: int = 0) -> dict[str, Any]:
    """A bounded string."""
    return {"type": "string", "minLength": min_length, "maxLength": max_length}


def _ident() -> dict[str, Any]:
    return text(MAX_ID, 1)


def _nothing(_settings: Mapping[str, Any], _systems: SystemsKpis) -> Iterable[str]:
    return ()


def _kpi_id(settings: Mapping[str, Any], _systems: SystemsKpis | None = None) -> Iterable[str]:
    kpi_id = settings.get("kpi_id")
    return [str(kpi_id)] if kpi_id else []


def _system_kpis(settings: Mapping[str, Any], systems: SystemsKpis) -> Iterable[str]:
    """Every KPI of the page's system, and the one it was opened on."""
    ids = set(_kpi_id(settings))
    system = settings.get("system")
    if isinstance(system, int):
        ids |= {str(k) for k in systems.get(system, [])}
    return ids


def _tile_kpis(settings: Mapping[str, Any], systems: SystemsKpis) -> Iterable[str]:
    """The KPIs named, plus every KPI of the system (known once the catalogue is)."""
    ids = {str(k) for k in settings.get("kpi_ids", [])}
    system = settings.get("system")
    if isinstance(system, int):
        ids |= {str(k) for k in systems.get(system, [])}
    return ids


@dataclass(frozen=True)
class PanelKind:
    """One kind of panel. `series` and `breakdowns` say which KPI series and which by-ward
    breakdowns a panel of this kind needs fetched (the sync fetches only what is shown);
    the other lists (incidents, cameras, air quality, reports) are polled for every wall."""

    name: str
    settings: dict[str, Any]  # JSON schema of the panel's `settings` object
    needs_settings: bool = False  # the panel means nothing without them (a tour's cameras)
    series: Callable[[Mapping[str, Any], SystemsKpis], Iterable[str]] = _nothing
    breakdowns: Callable[[Mapping[str, Any], SystemsKpis], Iterable[str]] = _nothing
    view_settings: tuple[str, ...] = ()
    """Settings that say where the panel looks, not which panel it is (a map's centre and
    zoom): a switch that changes only these moves the view of the panel kept on screen."""


def _settings(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A settings object: only the named keys, so a typo ("dwel_s") is said, not ignored."""
    return {"type": "object", "properties": properties, "additionalProperties": False, **extra}


_LAT_LON = {
    "type": "array",
    "prefixItems": [
        {"type": "number", "minimum": -90, "maximum": 90},
        {"type": "number", "minimum": -180, "maximum": 180},
    ],
    "minItems": 2,
    "maxItems": 2,
}
_ZOOM = {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM}

KINDS: dict[str, PanelKind] = {
    k.name: k
    for k in (
        # a fixed camera, or a slot the incident's k-th nearest camera fills ("" until then)
        PanelKind(
            "camera",
            _settings(
                {
                    "camera_id": text(MAX_ID),
                    "slot": {"type": "integer", "minimum": 1, "maximum": MAX_SLOT},
                    "show_stats": {"type": "boolean"},
                }
            ),
        ),
        # several cameras in turn; Genetec wall pages dwell at least 3 s
        PanelKind(
            "camera_tour",
            _settings(
                {
                    "camera_ids": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": MAX_TOUR,
                        "items": _ident(),
                    },
                    "dwell_s": {"type": "number", "minimum": 3, "maximum": 3600},
                    "show_stats": {"type": "boolean"},
                },
                required=["camera_ids"],
            ),
            needs_settings=True,
        ),
        PanelKind(
            "kpi_trend",
            _settings({"kpi_id": _ident()}, required=["kpi_id"]),
            needs_settings=True,
            series=_kpi_id,
        ),
        # the KPIs named, or every KPI of one of the nine IOC systems
        PanelKind(
            "kpi_tiles",
            _settings(
                {
                    "kpi_ids": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 12,
                        "items": _ident(),
                    },
                    "system": {"type": "integer", "minimum": 1, "maximum": 9},
                    "title_vi": text(MAX_TITLE),
                },
                anyOf=[{"required": ["kpi_ids"]}, {"required": ["system"]}],
            ),
            needs_settings=True,
            series=_tile_kpis,
        ),
        # one KPI by ward: its breakdown, not its series
        PanelKind(
            "kpi_bars",
            _settings({"kpi_id": _ident()}, required=["kpi_id"]),
            needs_settings=True,
            breakdowns=_kpi_id,
        ),
        # one system in depth: every indicator, its trend and forecast, its wards ranked,
        # down to one ward (kpi_id, area_code: where it was opened; the page moves on its own)
        PanelKind(
            "system_page",
            _settings(
                {
                    "system": {"type": "integer", "minimum": 1, "maximum": 9},
                    "kpi_id": _ident(),
                    "area_code": _ident(),
                },
                required=["system"],
            ),
            needs_settings=True,
            series=_system_kpis,
            breakdowns=_system_kpis,
        ),
        PanelKind("aq_bars", _settings({})),
        PanelKind(
            "map",
            _settings(
                {
                    "center": _LAT_LON,
                    "zoom": _ZOOM,
                    "follow_incident": {"type": "boolean"},
                    "incident_zoom": _ZOOM,
                }
            ),
            view_settings=("center", "zoom"),
        ),
        PanelKind("incidents", _settings({})),
        PanelKind("reports", _settings({})),
    )
}
PANEL_KINDS = tuple(KINDS)


# ---- validation ------------------------------------------------------------------------------


def _is_integer(_checker: Any, instance: object) -> bool:
    """An int, never a float: JSON Schema counts 1.0 as an integer, and a float that reaches
    Qt's grid or a range() stops the wall. The app writes whole numbers without ".0", so a
    float here is a hand edit; it is refused with the field named rather than silently
    converted (a conversion would need a second table of which fields are integers)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


def _is_number(_checker: Any, instance: object) -> bool:
    """A finite number: NaN passes every minimum/maximum check (all comparisons are false)."""
    if isinstance(instance, bool):
        return False
    if isinstance(instance, int):
        return True
    return isinstance(instance, float) and math.isfinite(instance)


StrictValidator: type[Validator] = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"integer": _is_integer, "number": _is_number}
    ),
)


def schema_problem(validator: Validator, data: Any) -> str | None:
    """The most relevant reason `data` does not fit, as "where: what" (None: it fits)."""
    err = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if err is None:
        return None
    where = "/".join(str(p) for p in err.absolute_path) or "(root)"
    message = err.message if len(err.message) <= 300 else err.message[:300] + "…"
    return f"{where}: {message}"


_SETTINGS_VALIDATORS = {name: StrictValidator(k.settings) for name, k in KINDS.items()}


def settings_problem(kind: str, settings: Any) -> str | None:
    """Why a panel of `kind` cannot have these settings (None: it can). For panels that do not
    come from a file: a drop from the catalogue, another app's drag."""
    validator = _SETTINGS_VALIDATORS.get(kind)
    if validator is None:
        return f"unknown panel kind '{kind}' (known: {', '.join(PANEL_KINDS)})"
    if not settings and KINDS[kind].needs_settings:
        return f"a '{kind}' panel needs settings"
    return schema_problem(validator, settings)


def panel_rules() -> list[dict[str, Any]]:
    """The per-kind part of the layout schema: each kind's settings, read from the table."""
    rules: list[dict[str, Any]] = []
    for k in KINDS.values():
        then: dict[str, Any] = {"properties": {"settings": k.settings}}
        if k.needs_settings:
            then["required"] = ["settings"]
        rules.append({"if": {"properties": {"kind": {"const": k.name}}}, "then": then})
    return rules


# ---- what a layout needs polled -------------------------------------------------------------


def polled_series(layout: Layout, systems_kpis: SystemsKpis | None = None) -> list[str]:
    """The KPI series the layout's panels need (the sync fetches only those), sorted; a tile
    group of a whole system needs the system's KPIs, known once the KPI catalogue is."""
    ids: set[str] = set()
    for s in layout.screens:
        for p in s.panels:
            kind = KINDS.get(p.kind)
            if kind is not None:
                ids.update(kind.series(p.settings, systems_kpis or {}))
    return sorted(ids)


def polled_breakdowns(layout: Layout, systems_kpis: SystemsKpis | None = None) -> list[str]:
    """The KPIs whose by-ward breakdown the layout's panels show, sorted (a system's page
    shows its whole system's, known once the KPI catalogue is)."""
    ids: set[str] = set()
    for s in layout.screens:
        for p in s.panels:
            kind = KINDS.get(p.kind)
            if kind is not None:
                ids.update(kind.breakdowns(p.settings, systems_kpis or {}))
    return sorted(ids)
