"""The operational map panel: the folium/Leaflet page in QtWebEngine, fed from the store.

Data goes to the page through QWebChannel (`ioc_desktop/map/bridge.py`) as JSON text; the
page builds every label with `textContent` (resources/map/app.js), so backend text is never
parsed as HTML or run. Bursts of store changes are merged into one push per layer; the page
is never reloaded, and a layer whose items did not change is not sent again (issue #19: the
5,000 reports of a province are ~1 MB of JSON, and a report's status moving changes nothing
the map draws). Clicks on a camera or an incident come back as the panel's signals.

Only places on the globe reach the page: a backend answering wrongly once sent NaN
coordinates ("Invalid LatLng object: (NaN, 105.44)" in Leaflet, and `NaN` is not even JSON,
so the page lost the whole layer). Such items are dropped here and logged once per change,
not on every push (a camera layer is pushed every few seconds on a 12-hour shift). Times
on the map are the province's (`ioc_desktop.clock`), whatever zone the PC is set to.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from ioc_desktop import vn_aqi
from ioc_desktop.i18n import translate
from ioc_desktop.map.bridge import MapBridge
from ioc_desktop.map.page import BASE
from ioc_desktop.store import Store
from widgets.incident_text import province_time, severity_text, status_text
from widgets.panel_frame import PanelFrame

FRESH_INCIDENT = timedelta(minutes=5)
TIME_FORMAT = "%H:%M %d/%m/%Y"
LAYERS = ("areas", "cameras", "incidents", "reports", "aq")
log = logging.getLogger(__name__)
# the page's console levels (info, warning, error) in our log: an uncaught exception in the
# page is an error, it cost the operator a layer
CONSOLE_LEVELS = {0: logging.DEBUG, 1: logging.WARNING, 2: logging.ERROR}


def on_globe(lat: object, lon: object) -> bool:
    """A latitude and longitude Leaflet can draw: real finite numbers, on the globe."""
    return (
        isinstance(lat, (int, float))
        and isinstance(lon, (int, float))
        and not isinstance(lat, bool)
        and not isinstance(lon, bool)
        and math.isfinite(lat)
        and math.isfinite(lon)
        and -90 <= lat <= 90
        and -180 <= lon <= 180
    )


def _positions(coords: object) -> Iterable[object]:
    """Every [lon, lat, …] position inside a GeoJSON coordinates array, however nested."""
    if isinstance(coords, (list, tuple)):
        if coords and all(isinstance(c, (int, float)) for c in coords):
            yield coords
        else:
            for c in coords:
                yield from _positions(c)
    else:
        yield coords  # neither a position nor a list of them: not drawable


def feature_on_globe(feature: object) -> bool:
    """A GeoJSON feature whose every position is on the globe (a ward shape from the
    backend goes through the same door as the markers)."""
    if not isinstance(feature, dict):
        return False
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return False
    if geometry.get("type") == "GeometryCollection":
        parts = geometry.get("geometries")
        return isinstance(parts, list) and all(feature_on_globe({"geometry": g}) for g in parts)
    found = False
    for p in _positions(geometry.get("coordinates")):
        if not (isinstance(p, (list, tuple)) and len(p) >= 2 and on_globe(p[1], p[0])):
            return False
        found = True
    return found


def _describe(layer: str, item: object) -> str:
    """How the log names an item it dropped: its id and the place it was given."""
    if not isinstance(item, dict):
        return repr(item)[:40]
    if layer == "areas":
        props = item.get("properties")
        code = props.get("code") or props.get("name") if isinstance(props, dict) else None
        return f"{code or '?'} (shape)"
    return f"{item.get('id') or item.get('name')} ({item.get('lat')!r}, {item.get('lon')!r})"


def split_on_globe(
    layer: str, items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The items the page can draw, and a description of each one it cannot."""
    good: list[dict[str, Any]] = []
    bad: list[str] = []
    for item in items:
        if layer == "areas":
            ok = feature_on_globe(item)
        else:
            ok = isinstance(item, dict) and on_globe(item.get("lat"), item.get("lon"))
        if ok:
            good.append(item)
        else:
            bad.append(_describe(layer, item))
    return good, bad


class OffGlobeLog:
    """Says which items were dropped for their coordinates, once per change: the same wrong
    answer repeated every poll would otherwise fill the support log."""

    def __init__(self) -> None:
        self._last: dict[str, frozenset[str]] = {}

    def report(self, layer: str, bad: list[str]) -> bool:
        """Logs (and returns True) only when this layer's dropped items differ from last time."""
        now = frozenset(bad)
        if now == self._last.get(layer, frozenset()):
            return False
        self._last[layer] = now
        if not now:
            log.info("map: every %s item has a place on the globe again", layer)
            return True
        shown = "; ".join(sorted(now)[:5]) + (" …" if len(now) > 5 else "")
        log.warning(
            "map: %d %s item(s) not drawn, coordinates off the globe: %s", len(now), layer, shown
        )
        return True


class LoggingPage(QWebEnginePage):
    """Sends the page's console to our log: a broken map says why in the support logs."""

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        log.log(
            CONSOLE_LEVELS.get(level.value, logging.ERROR),
            "map page: %s (%s:%d)",
            message,
            source,
            line,
        )


class MapPanel(PanelFrame):
    sig_open_camera = Signal(str)
    sig_open_incident = Signal(str)

    def __init__(
        self,
        store: Store,
        profile: QWebEngineProfile,
        center: tuple[float, float],
        zoom: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("map_panel", "Bản đồ điều hành"), parent)
        self.store = store
        self.center, self.zoom = center, zoom
        self.ready = False
        self.pushes = 0
        self.view = QWebEngineView()
        self.page = LoggingPage(profile, self.view)
        self.bridge = MapBridge(
            lambda cid: cid in store.cameras,
            lambda iid: any(i.id == iid for i in store.incidents),
            self,
        )
        self.bridge.sig_ready.connect(self._on_page_ready)
        self.bridge.sig_open_camera.connect(self.sig_open_camera)
        self.bridge.sig_open_incident.connect(self.sig_open_incident)
        self.bridge.sig_view_changed.connect(self._on_view_changed)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)
        self.view.setPage(self.page)
        self.body.addWidget(self.view, 1)
        self._dirty: set[str] = set()
        self._sent: dict[str, list[dict[str, Any]]] = {}  # what the page has, per layer
        self.off_globe = OffGlobeLog()
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(150)
        self._flush.timeout.connect(self._push_dirty)
        self.page.loadFinished.connect(self._on_load_finished)
        # bound methods, not lambdas: Qt drops the connections when a layout change
        # deletes this panel (a lambda would outlive it and call into a deleted timer)
        store.sig_areas_changed.connect(self._mark_areas)
        store.sig_cameras_changed.connect(self._mark_cameras)
        store.sig_incidents_changed.connect(self._mark_incidents)
        store.sig_reports_changed.connect(self._mark_reports)
        store.sig_air_quality_changed.connect(self._mark_aq)
        self.view.load(QUrl(f"{BASE}/map/index.html"))

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self.subtitle.setText(translate("map_panel", "không tải được trang bản đồ"))

    def _on_page_ready(self) -> None:
        """The page attached Leaflet and connected the channel: send it everything once."""
        self.ready = True
        self._sent.clear()  # a new page has nothing yet
        self.bridge.viewRequested.emit(float(self.center[0]), float(self.center[1]), self.zoom)
        self._dirty |= set(LAYERS)
        self._push_dirty()

    def center_on(self, lat: float, lon: float, zoom: int = 15) -> None:
        """Show this place (an incident the officer is looking at), without a reload."""
        self.center, self.zoom = (lat, lon), zoom
        if self.ready:
            self.bridge.viewRequested.emit(float(lat), float(lon), int(zoom))

    def show_view(self, center: tuple[float, float], zoom: int) -> None:
        """A layout switch kept this map and asks for its view: move only if it differs
        from what the map shows (an operator's pan included), so the page never reloads."""
        if (round(center[0], 6), round(center[1], 6), zoom) != (
            round(self.center[0], 6),
            round(self.center[1], 6),
            self.zoom,
        ):
            self.center_on(center[0], center[1], zoom)

    def _on_view_changed(self, lat: float, lon: float, zoom: int) -> None:
        """The operator moved the map: it shows this now."""
        self.center, self.zoom = (lat, lon), zoom
        self.sig_view_changed.emit(lat, lon, zoom)

    def read_view(self, callback: Callable[[dict[str, float] | None], None]) -> None:
        """The page's centre and zoom as Leaflet holds them."""
        self._read("iocMapApi.view()", callback)

    def _mark_areas(self) -> None:
        self._mark("areas")

    def _mark_cameras(self) -> None:
        self._mark("cameras")

    def _mark_incidents(self) -> None:
        self._mark("incidents")

    def _mark_reports(self) -> None:
        self._mark("reports")

    def _mark_aq(self) -> None:
        self._mark("aq")

    def _mark(self, layer: str) -> None:
        self._dirty.add(layer)
        if self.ready and not self._flush.isActive():
            self._flush.start()

    def _push_dirty(self) -> None:
        if not self.ready:
            return
        for layer in sorted(self._dirty):
            good, bad = split_on_globe(layer, layer_items(self.store, layer))
            self.off_globe.report(layer, bad)
            if self._sent.get(layer) == good:  # e.g. a report's status moved: nothing drawn did
                continue
            self._sent[layer] = good
            self.bridge.push(layer, good)  # JSON text, parsed by the page
            self.pushes += 1
        self._dirty.clear()
        self.subtitle.setText(
            translate("map_panel", "{count} sự cố đang mở").format(
                count=len(self.store.open_incidents())
            )
        )

    def _read(self, expression: str, callback: Callable[[Any], None]) -> None:
        # objects do not survive the trip through QVariant: send them as JSON text
        script = f"window.iocMapApi ? JSON.stringify({expression}) : 'null'"
        self.page.runJavaScript(
            script, 0, lambda text: callback(json.loads(text) if text else None)
        )

    def read_counts(self, callback: Callable[[dict[str, int] | None], None]) -> None:
        """What the page has really drawn, per layer (read back from Leaflet)."""
        self._read("iocMapApi.counts()", callback)

    def read_labels(self, callback: Callable[[list[str] | None], None]) -> None:
        """Every tooltip's text as the DOM holds it (what an operator would read)."""
        self._read("iocMapApi.labelTexts()", callback)


def camera_items(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "name": c.name,
            "lat": c.location[0],
            "lon": c.location[1],
            "status": c.status,
        }
        for c in store.cameras.values()
    ]


def incident_items(store: Store, now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or datetime.now(UTC)
    return [
        {
            "id": i.id,
            "title": i.title,
            "lat": i.location[0],
            "lon": i.location[1],
            "severity": i.severity,
            "severity_label": severity_text(i.severity),
            "status_label": status_text(i.status),
            "time": province_time(i.date_issued, TIME_FORMAT),
            "fresh": now - i.date_issued < FRESH_INCIDENT,
        }
        for i in store.open_incidents()
    ]


def report_items(store: Store) -> list[dict[str, Any]]:
    # times kept per report (province_time): 5,000 reports' times took 30 ms of the UI
    # thread's 40 per update of the layer (issue #19)
    return [
        {
            "id": r.service_request_id,
            "service_name": r.service_name,
            "description": r.description,
            "lat": r.lat,
            "lon": r.lon,
            "time": province_time(r.requested_datetime, TIME_FORMAT),
        }
        for r in store.reports
        if r.status == "open"
    ]


def air_quality_items(store: Store) -> list[dict[str, Any]]:
    out = []
    for s in store.air_quality:
        cat = vn_aqi.category(s.aqi)
        out.append(
            {
                "name": s.name,
                "lat": s.lat,
                "lon": s.lon,
                "aqi": s.aqi,
                "band": translate("vn_aqi", cat.name_vi),
                "color": cat.color,
            }
        )
    return out


def layer_items(store: Store, layer: str) -> list[dict[str, Any]]:
    """What the page gets for one layer, before the on-globe check."""
    if layer == "areas":
        return list(store.geometry.values())
    builders: dict[str, Callable[[Store], list[dict[str, Any]]]] = {
        "cameras": camera_items,
        "incidents": incident_items,
        "reports": report_items,
        "aq": air_quality_items,
    }
    return builders[layer](store)
