"""The operational map panel: the folium/Leaflet page in QtWebEngine, fed from the store.

Data goes to the page through QWebChannel (`ioc_desktop/map/bridge.py`) as JSON text; the
page builds every label with `textContent` (resources/map/app.js), so backend text is never
parsed as HTML or run. Bursts of store changes are merged into one push per layer; the page
is never reloaded. Clicks on a camera or an incident come back as the panel's signals.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
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
from widgets.incident_text import severity_text, status_text
from widgets.panel_frame import PanelFrame

FRESH_INCIDENT = timedelta(minutes=5)
log = logging.getLogger(__name__)


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
            logging.WARNING if level.value >= 1 else logging.DEBUG,
            "map page: %s (%s:%d)",
            message,
            source,
            line,
        )


class MapPanel(PanelFrame):
    sig_open_camera = Signal(str)
    sig_open_incident = Signal(str)
    sig_view_changed = Signal(float, float, int)  # lat, lon, zoom the operator left it at

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
        self.bridge.viewRequested.emit(float(self.center[0]), float(self.center[1]), self.zoom)
        self._dirty |= {"areas", "cameras", "incidents", "reports", "aq"}
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
        builders: dict[str, Callable[[], list[dict[str, Any]]]] = {
            "areas": lambda: list(self.store.geometry.values()),
            "cameras": self._cameras,
            "incidents": self._incidents,
            "reports": self._reports,
            "aq": self._air_quality,
        }
        for layer in sorted(self._dirty):
            self.bridge.push(layer, builders[layer]())  # JSON text, parsed by the page
            self.pushes += 1
        self._dirty.clear()
        self.subtitle.setText(
            translate("map_panel", "{count} sự cố đang mở").format(
                count=len(self.store.open_incidents())
            )
        )

    def _cameras(self) -> list[dict[str, Any]]:
        return [
            {
                "id": c.id,
                "name": c.name,
                "lat": c.location[0],
                "lon": c.location[1],
                "status": c.status,
            }
            for c in self.store.cameras.values()
        ]

    def _incidents(self) -> list[dict[str, Any]]:
        now = datetime.now(UTC)
        return [
            {
                "id": i.id,
                "title": i.title,
                "lat": i.location[0],
                "lon": i.location[1],
                "severity": i.severity,
                "severity_label": severity_text(i.severity),
                "status_label": status_text(i.status),
                "time": i.date_issued.astimezone().strftime("%H:%M %d/%m/%Y"),
                "fresh": now - i.date_issued < FRESH_INCIDENT,
            }
            for i in self.store.open_incidents()
        ]

    def _reports(self) -> list[dict[str, Any]]:
        return [
            {
                "id": r.service_request_id,
                "service_name": r.service_name,
                "description": r.description,
                "lat": r.lat,
                "lon": r.lon,
                "time": r.requested_datetime.astimezone().strftime("%H:%M %d/%m/%Y"),
            }
            for r in self.store.reports
            if r.status == "open"
        ]

    def _air_quality(self) -> list[dict[str, Any]]:
        out = []
        for s in self.store.air_quality:
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
