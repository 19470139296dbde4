"""Builds the widget for a layout panel; the one place that maps panel kinds to widgets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWebEngineCore import QWebEngineProfile
from PySide6.QtWidgets import QLabel
from shiboken6 import Shiboken

from ioc_desktop.i18n import translate
from ioc_desktop.layout.model import PanelSpec
from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from widgets.camera_tile import CameraTile
from widgets.catalogue_names import system_name
from widgets.event_list import EventListPanel
from widgets.kpi_bars import KpiBarsPanel
from widgets.kpi_panels import AirQualityBarsPanel, KpiTrendPanel
from widgets.kpi_tiles import KpiTilesPanel
from widgets.map_panel import MapPanel
from widgets.panel_frame import PanelFrame
from widgets.system_page import SystemPage


class PanelFactory:
    """Makes panels. A camera tile that leaves the wall is kept until the event loop's next
    turn and handed to a camera panel that comes meanwhile: a layout switch or an edit
    releases panels and builds the new ones in one call (WallManager.refresh), so the tile is
    retargeted instead of rebuilt."""

    def __init__(
        self,
        store: Store,
        engine: VideoEngine,
        map_profile: Callable[[], QWebEngineProfile] | None,
        snapshot_folder: Path | None = None,
    ) -> None:
        """map_profile: gives the map pages' shared profile when the first map is made
        (None: this wall makes no maps)."""
        self.store = store
        self.snapshot_folder = snapshot_folder
        self.engine = engine
        self.map_profile = map_profile
        self.created: list[PanelFrame] = []
        self._idle_tiles: list[CameraTile] = []
        self._trim = QTimer()
        self._trim.setSingleShot(True)
        self._trim.setInterval(0)
        self._trim.timeout.connect(self._drop_idle_tiles)
        # what a click on the map asks for; the composition root decides what that opens
        self.on_open_camera: Callable[[str], None] = lambda _cid: None
        self.on_open_incident: Callable[[str], None] = lambda _iid: None
        self.on_drill: Callable[[str, str], None] = lambda _kid, _area: None
        # a system's dashboard opened into its page, and the page's way back up
        self.on_open_system: Callable[[int], None] = lambda _system: None
        self.on_close_system: Callable[[], None] = lambda: None
        self.on_last_year: Callable[[str, str | None], None] = lambda _kid, _area: None

    def __call__(self, spec: PanelSpec, key: str) -> PanelFrame:
        make = self.makers.get(spec.kind)
        widget = make(spec, key) if make is not None else unknown_kind(spec.kind)
        self.created.append(widget)
        return widget

    @property
    def makers(self) -> dict[str, Callable[[PanelSpec, str], PanelFrame]]:
        """The widget of each panel kind: one entry per kind of ioc_desktop/layout/kinds.py
        (whose schema has already checked the settings; tests/test_layout.py keeps the two
        tables in step)."""
        return {
            "camera": self._camera,
            "camera_tour": self._camera,
            "kpi_trend": lambda spec, _key: KpiTrendPanel(_text(spec, "kpi_id"), self.store),
            "kpi_bars": self._kpi_bars,
            "kpi_tiles": self._kpi_tiles,
            "system_page": self._system_page,
            "aq_bars": lambda _spec, _key: AirQualityBarsPanel(self.store),
            "map": self._map,
            "incidents": lambda _spec, _key: EventListPanel(self.store),
            "reports": lambda _spec, _key: EventListPanel(self.store, show="reports"),
        }

    def _camera(self, spec: PanelSpec, key: str) -> PanelFrame:
        s = spec.settings
        if spec.kind == "camera" and not s.get("camera_id"):
            return empty_slot(s.get("slot"))
        ids: str | list[str] = (
            _text(spec, "camera_id")
            if spec.kind == "camera"
            else [str(c) for c in s.get("camera_ids", [])]
        )
        dwell_s = float(s.get("dwell_s", 10))
        show_stats = bool(s.get("show_stats", False))
        tile = self._idle_tile()
        if tile is not None:
            tile.retarget(key, ids, dwell_s=dwell_s, show_stats=show_stats)
            return tile
        return CameraTile(
            key,
            ids,
            self.store,
            self.engine,
            dwell_s=dwell_s,
            show_stats=show_stats,
            snapshot_folder=self.snapshot_folder,
        )

    def _kpi_bars(self, spec: PanelSpec, _key: str) -> PanelFrame:
        bars = KpiBarsPanel(_text(spec, "kpi_id"), self.store)
        bars.sig_drill.connect(lambda kid, area: self.on_drill(kid, area))
        return bars

    def _system_page(self, spec: PanelSpec, _key: str) -> PanelFrame:
        kpi_id, area = spec.settings.get("kpi_id"), spec.settings.get("area_code")
        page = SystemPage(
            self.store,
            int(spec.settings["system"]),
            str(kpi_id) if kpi_id else None,
            str(area) if area else None,
            map_profile=self.map_profile,
        )
        page.sig_drill.connect(lambda kid, area: self.on_drill(kid, area))
        page.sig_up_from_top.connect(lambda: self.on_close_system())
        page.sig_last_year.connect(lambda kid, area: self.on_last_year(kid, area or None))
        return page

    def _kpi_tiles(self, spec: PanelSpec, _key: str) -> PanelFrame:
        raw = spec.settings.get("system")
        system = raw if isinstance(raw, int) else None
        fallback = system_name(system) if system else translate("panels", "Chỉ số chính")
        tiles = KpiTilesPanel(
            self.store,
            [str(k) for k in spec.settings.get("kpi_ids", [])],
            system,
            str(spec.settings.get("title_vi") or fallback),
        )
        tiles.sig_open_system.connect(lambda n: self.on_open_system(n))
        return tiles

    def _map(self, spec: PanelSpec, _key: str) -> PanelFrame:
        if self.map_profile is None:
            raise ValueError("this wall was built without a map profile")
        center, zoom = spec.map_view()
        widget = MapPanel(self.store, self.map_profile(), center, zoom)
        widget.sig_open_camera.connect(lambda cid: self.on_open_camera(cid))
        widget.sig_open_incident.connect(lambda iid: self.on_open_incident(iid))
        return widget

    def release(self, widget: PanelFrame) -> None:
        """A panel leaves the wall: its player goes back to the engine, then the widget
        (a camera tile at the loop's next turn, if no camera panel took it)."""
        widget.release()
        if widget in self.created:
            self.created.remove(widget)
        widget.hide()
        if isinstance(widget, CameraTile):
            self._idle_tiles.append(widget)
            self._trim.start()
        else:
            widget.deleteLater()

    def _idle_tile(self) -> CameraTile | None:
        """The tile released first (a wall releases and rebuilds its monitors in the same
        order, so a tile mostly stays on its monitor) that still exists: a grid or window
        deleted meanwhile takes its hidden children with it."""
        while self._idle_tiles:
            tile = self._idle_tiles.pop(0)
            if Shiboken.isValid(tile):
                return tile
        return None

    def _drop_idle_tiles(self) -> None:
        tiles, self._idle_tiles = self._idle_tiles, []
        for tile in tiles:
            if Shiboken.isValid(tile):
                tile.deleteLater()


def _text(spec: PanelSpec, key: str) -> str:
    return str(spec.settings.get(key, ""))


def unknown_kind(kind: str) -> PanelFrame:
    """A kind this version does not know (a newer layout): said in its cell, not a crash."""
    frame = PanelFrame(translate("panels", "Chưa hỗ trợ loại bảng '{kind}'").format(kind=kind))
    frame.body.addWidget(QLabel(""))
    return frame


def empty_slot(slot: object) -> PanelFrame:
    """A camera cell with nothing to show says so plainly, instead of a black tile."""
    if isinstance(slot, int):
        frame = PanelFrame(translate("panels", "Ô camera sự cố số {slot}").format(slot=slot))
        text = translate(
            "panels",
            "Chưa có camera: ô này nhận camera gần sự cố thứ {slot} khi bố cục được mở cho một"
            " sự cố",
        ).format(slot=slot)
    else:
        frame = PanelFrame(translate("panels", "Ô camera trống"))
        text = translate("panels", "Chưa chọn camera: kéo một camera từ danh mục vào đây")
    label = QLabel(text)
    label.setObjectName("TileMessage")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    frame.body.addWidget(label, 1)
    frame.set_pill(translate("panels", "Trống"), "stopped")
    return frame
