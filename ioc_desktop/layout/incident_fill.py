"""The event-to-wall rule: an incident picks a layout, its nearest cameras fill the layout's
camera slots, and the map centres on it (the model of Rio's operations centre).

Pure functions over the layout model and backend data, so the same rule runs on the wall, on
a workstation that pushes a layout, and in tests.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable

from ioc_desktop.backend.models import Camera, Incident
from ioc_desktop.layout.model import IncidentMatch, Layout
from ioc_desktop.severity import SEVERITY_RANK

INCIDENT_ZOOM = 15


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def match_score(m: IncidentMatch, incident: Incident) -> int:
    """0 when the rule does not apply; more when it names more of the incident."""
    if m.category and m.category != incident.category:
        return 0
    if m.sub_category and m.sub_category != incident.sub_category:
        return 0
    if m.min_severity:
        floor = SEVERITY_RANK[m.min_severity]  # the schema allows known severities only
        if SEVERITY_RANK.get(incident.severity, -1) < floor:
            return 0
    return 1 + bool(m.category) + 2 * bool(m.sub_category) + bool(m.min_severity)


def pick_layout(layouts: Iterable[Layout], incident: Incident) -> Layout | None:
    """The layout whose rule names this incident most closely (first one on a tie)."""
    best: tuple[int, Layout] | None = None
    for layout in layouts:
        score = max((match_score(m, incident) for m in layout.incident_match), default=0)
        if score and (best is None or score > best[0]):
            best = (score, layout)
    return None if best is None else best[1]


def nearest_cameras(incident: Incident, cameras: Iterable[Camera]) -> list[Camera]:
    """The incident's own cameras first (the backend linked them), then by distance."""
    own = {cid: i for i, cid in enumerate(incident.camera_ids)}
    return sorted(
        cameras,
        key=lambda c: (
            own.get(c.id, len(own)),
            distance_m(incident.location, c.location),
        ),
    )


def fill_for_incident(layout: Layout, incident: Incident, cameras: Iterable[Camera]) -> Layout:
    """A copy of the layout made for one incident: slot k shows the k-th nearest camera, maps
    that follow incidents centre on it, the title names it."""
    out = copy.deepcopy(layout)
    ranked = [c.id for c in nearest_cameras(incident, cameras)]
    for screen in out.screens:
        for p in screen.panels:
            if p.kind == "camera" and isinstance(p.settings.get("slot"), int):
                k = p.settings["slot"] - 1
                p.settings["camera_id"] = ranked[k] if k < len(ranked) else ""
            elif p.kind == "map" and p.settings.get("follow_incident"):
                p.settings["center"] = [incident.location[0], incident.location[1]]
                p.settings["zoom"] = int(p.settings.get("incident_zoom", INCIDENT_ZOOM))
    out.title_vi = f"{layout.title_vi} · {incident.title}"
    if layout.title_en:
        out.title_en = f"{layout.title_en} · {incident.title}"  # the backend's words stay
    return out
