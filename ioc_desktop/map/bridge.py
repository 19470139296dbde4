"""The map page's only door into Python (QWebChannel), kept as small as it can be.

Python → page: layers travel as JSON *text* in a signal and the page parses them with
JSON.parse, so backend strings (a citizen report's description, an incident title) are data
and never code; the page puts them into the DOM as text nodes only. Page → Python: four
calls — the page is ready, open a camera, open an incident, open a ward (a system page's
map) — each taking an id that must be one the store knows; anything else is refused and
counted, never acted on. The page also reports where the operator moved the view (numbers
only, range-checked), so the view can be saved with the layout.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)
MAX_ID = 64


class MapBridge(QObject):
    # to the page
    layerChanged = Signal(str, str)
    viewRequested = Signal(float, float, int)
    # to Python (not for the page: QWebChannel only lets the page connect to them)
    sig_ready = Signal()
    sig_open_camera = Signal(str)
    sig_open_incident = Signal(str)
    sig_open_area = Signal(str)  # a ward's code, clicked on a system page's map
    sig_view_changed = Signal(float, float, int)  # the operator panned or zoomed

    def __init__(
        self,
        known_camera: Callable[[str], bool],
        known_incident: Callable[[str], bool],
        parent: QObject | None = None,
        known_area: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._known_camera = known_camera
        self._known_incident = known_incident
        self._known_area = known_area or (lambda _code: False)
        self.refused = 0
        self.opened: list[tuple[str, str]] = []

    def push(self, layer: str, items: list[dict[str, Any]]) -> None:
        self.layerChanged.emit(layer, json.dumps(items, ensure_ascii=False))

    def _checked(self, value: object, known: Callable[[str], bool]) -> str | None:
        if isinstance(value, str) and 0 < len(value) <= MAX_ID and known(value):
            return value
        self.refused += 1
        log.warning("map page asked for an unknown id: %r", str(value)[:80])
        return None

    @Slot()
    def pageReady(self) -> None:
        self.sig_ready.emit()

    @Slot(str)
    def openCamera(self, camera_id: str) -> None:
        cid = self._checked(camera_id, self._known_camera)
        if cid is not None:
            self.opened.append(("camera", cid))
            self.sig_open_camera.emit(cid)

    @Slot(str)
    def openIncident(self, incident_id: str) -> None:
        iid = self._checked(incident_id, self._known_incident)
        if iid is not None:
            self.opened.append(("incident", iid))
            self.sig_open_incident.emit(iid)

    @Slot(str)
    def openArea(self, code: str) -> None:
        area = self._checked(code, self._known_area)
        if area is not None:
            self.opened.append(("area", area))
            self.sig_open_area.emit(area)

    @Slot(float, float, int)
    def viewChanged(self, lat: float, lon: float, zoom: int) -> None:
        ok = all(isinstance(v, (int, float)) for v in (lat, lon, zoom))
        if not ok or not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 22):
            self.refused += 1
            return
        self.sig_view_changed.emit(float(lat), float(lon), int(zoom))
