"""The operational map as an operator meets it on a shift, read back from the real page under
a real display (Xvfb), with the real mouse (Qt's input path into Chromium): camera glyphs in
their status colours, the layer order (incidents on top), air-quality labels that never cover
each other, and a backend answering NaN coordinates. Prints one JSON line; run by
tests/test_map_layers.py. An optional first argument is a folder for screenshots.

Everything is read from the DOM the way an operator would see it (computed styles, element
rectangles, what lies under a pixel), not from the page's own bookkeeping, so a page that
only claims to do the right thing does not pass.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from ioc_desktop.map.scheme import register_scheme

register_scheme()

import qasync  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWebEngineCore import QWebEngineProfile  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ioc_desktop import clock  # noqa: E402
from ioc_desktop.backend.models import (  # noqa: E402
    AirQualityStation,
    Camera,
    CitizenReport,
    Incident,
)
from ioc_desktop.map.page import build_map_html  # noqa: E402
from ioc_desktop.map.scheme import MapSchemeHandler, OfflineGuard  # noqa: E402
from ioc_desktop.palette import CAMERA_STATUS_COLORS  # noqa: E402
from ioc_desktop.qt_loop import run_until_done  # noqa: E402
from ioc_desktop.store import Store  # noqa: E402
from widgets.map_panel import MapPanel  # noqa: E402

HOSTILE_NAME = "<img src=x onerror=window.__iocXss=1>Cổng trường"
BASEMAP_FILE = (
    Path(__file__).resolve().parents[2] / "resources" / "map" / "basemap" / "phu_tho.json"
)
ISSUED = datetime(2026, 3, 1, 7, 5, tzinfo=UTC)  # 14:05 in the province, 02:05 in New York
CENTER = (21.30, 105.40)


def camera(cid: str, name: str, lat: float, lon: float, status: str) -> Camera:
    return Camera(cid, name, (lat, lon), "W1", status, False, (), (), None)


def incident(iid: str, lat: float, lon: float, issued: datetime = ISSUED) -> Incident:
    return Incident(
        iid, "traffic", "carAccident", "critical", "new", 1, f"Sự cố {iid}", "", issued,
        (lat, lon), "W1", None, (),
    )  # fmt: skip


def report(rid: str, lat: float, lon: float) -> CitizenReport:
    return CitizenReport(
        rid, "road", "Hư hỏng đường", "open", "received", "Ổ gà", lat, lon, ISSUED, None
    )


def station(sid: str, name: str, lat: float, lon: float, aqi: int) -> AirQualityStation:
    return AirQualityStation(sid, name, lat, lon, aqi, 30.0, ISSUED)


def ward(code: str, lat: float, lon: float, d: float, nan: bool = False) -> dict[str, object]:
    ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d]]
    if nan:
        ring[1] = [math.nan, lat - d]
    ring.append(ring[0])
    return {
        "type": "Feature",
        "properties": {"code": code, "name": f"Phường {code}"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


# a ward, and on it one of each: a camera of each status, a camera under an incident, a
# camera over a report, a camera over an air-quality station (and one where its label would
# go), and one with a hostile name
LAYER_CAMERAS = [
    camera("cam-on", "Ngã tư Hùng Vương", 21.310, 105.410, "online"),
    camera("cam-off", "Cầu Việt Trì", 21.310, 105.430, "offline"),
    camera("cam-mt", "Chợ Trung tâm", 21.290, 105.430, "maintenance"),
    camera("cam-inc", "Nút giao QL2", 21.290, 105.370, "online"),
    camera("cam-rep", "Đường Nguyễn Tất Thành", 21.300, 105.385, "online"),
    camera("cam-aq", "Công viên Văn Lang", 21.320, 105.380, "online"),
    camera("cam-beside", "Cổng công viên", 21.320, 105.3845, "online"),  # where the label goes
    camera("cam-x", HOSTILE_NAME, 21.285, 105.400, "offline"),
]

# six stations a few hundred metres apart: at zoom 12 their labels would pile up
AQ_STATIONS = [
    station("aq1", "Trạm Gia Cẩm", 21.3000, 105.4000, 48),
    station("aq2", "Trạm Tiên Cát", 21.3030, 105.4010, 172),
    station("aq3", "Trạm Thọ Sơn", 21.2975, 105.4025, 95),
    station("aq4", "Trạm Nông Trang", 21.3055, 105.3990, 131),
    station("aq5", "Trạm Bến Gót", 21.3010, 105.4060, 62),
    station("aq6", "Trạm Dữu Lâu", 21.2950, 105.3985, 210),
]

LABEL_RECTS = """JSON.stringify(Array.from(document.querySelectorAll('.leaflet-tooltip.ioc-aq-tip'))
  .map(function (el) {
    var s = getComputedStyle(el), r = el.getBoundingClientRect();
    return {text: el.textContent, shown: s.visibility !== 'hidden' && s.display !== 'none'
              && parseFloat(s.opacity) > 0,
            rect: [r.left, r.top, r.right, r.bottom]};
  }))"""

CAMERA_ELEMENTS = """JSON.stringify(Array.from(document.querySelectorAll('.ioc-camera'))
  .filter(function (el) { return el.closest('.leaflet-pane'); })
  .map(function (el) {
    var s = getComputedStyle(el), r = el.getBoundingClientRect();
    return {status: el.getAttribute('data-status'), color: s.color, font: s.fontFamily,
            text: el.textContent, html: el.innerHTML, w: r.width, h: r.height,
            pane: el.closest('.leaflet-pane').className,
            z: parseInt(getComputedStyle(el.closest('.leaflet-pane')).zIndex, 10)};
  }))"""

# what lies under a pixel: the element the browser would give the mouse, and its pane's z
UNDER = """(function (x, y) {
  var el = document.elementFromPoint(x, y);
  if (!el) { return 'null'; }
  var cls = (el.getAttribute('class') || '') + ' ' + el.tagName;
  var p = el.closest('.leaflet-pane');
  return JSON.stringify({cls: cls, pane: p ? p.className : '',
                         z: p ? parseInt(getComputedStyle(p).zIndex, 10) || 0 : 0});
})(%f, %f)"""

PANE_Z = """JSON.stringify((function () {
  function z(sel) {
    var el = document.querySelector(sel);
    var p = el && el.closest('.leaflet-pane');
    return p ? parseInt(getComputedStyle(p).zIndex, 10) || 0 : null;
  }
  return {areas: z('path.leaflet-interactive[stroke="#5ac8fa"]'), reports: z('path.ioc-report'),
          aq: z('path.ioc-aq'), cameras: z('.leaflet-marker-icon.ioc-camera'),
          incidents: z('path.ioc-incident')};
})())"""

# the air-quality label against every camera icon: which side it took, what it covers
LABEL_VS_CAMERAS = """JSON.stringify((function () {
  function box(el) {
    var r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  }
  var label = document.querySelector('.leaflet-tooltip.ioc-aq-tip');
  var cams = Array.from(document.querySelectorAll('.ioc-camera')).map(box);
  var s = getComputedStyle(label);
  return {label: box(label), classes: label.className, cameras: cams,
          shown: s.visibility !== 'hidden' && s.display !== 'none'};
})())"""

OPEN_TOOLTIPS = """JSON.stringify(Array.from(document.querySelectorAll('.leaflet-tooltip'))
  .filter(function (el) { return !el.classList.contains('ioc-aq-tip'); })
  .map(function (el) { return el.textContent; }))"""


# the base map as drawn: its panes, the province outline's path, every label the DOM holds
BASE_DOM = """JSON.stringify((function () {
  function pane(name) { return document.querySelector('.leaflet-ioc-' + name + '-pane'); }
  function rect(el) {
    var r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  }
  var out = {panes: {}};
  ['baseFill', 'baseLines', 'areas', 'baseLabels', 'reports'].forEach(function (n) {
    var p = pane(n), s = getComputedStyle(p);
    var paths = Array.from(p.querySelectorAll('path'));
    out.panes[n] = {z: parseInt(s.zIndex, 10), pointer: s.pointerEvents, paths: paths.length,
                    strokes: paths.map(function (e) { return e.getAttribute('stroke'); })};
  });
  var focus = pane('baseFill').querySelector('path');
  out.focus = focus ? {stroke: focus.getAttribute('stroke'), fill: focus.getAttribute('fill'),
                       rect: rect(focus)} : null;
  out.container = rect(document.querySelector('.leaflet-container'));
  out.labels = Array.from(pane('baseLabels').querySelectorAll('.ioc-base-text'))
    .map(function (el) {
      var s = getComputedStyle(el);
      return {text: el.textContent, cls: el.parentNode.className, children: el.children.length,
              rect: rect(el), size: parseFloat(s.fontSize), color: s.color,
              shown: s.visibility !== 'hidden' && s.display !== 'none'};
    });
  return out;
})())"""

HOSTILE_BASE = {
    "format": "ioc-basemap/1",
    "layers": {
        "provinces": {"type": "FeatureCollection", "features": []},
        "rivers": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"kind": "river_label", "name": HOSTILE_NAME},
             "geometry": {"type": "Point", "coordinates": [105.40, 21.30]}}]},
        "towns": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"kind": "town", "name": HOSTILE_NAME, "rank": 1,
                                               "population": 1},
             "geometry": {"type": "Point", "coordinates": [105.41, 21.31]}}]},
        "wards": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"kind": "ward", "short": HOSTILE_NAME,
                                               "type": "<b>Xã</b>", "code": "x"},
             "geometry": {"type": "Point", "coordinates": [105.39, 21.29]}}]},
    },
}  # fmt: skip


def rgb(hex_color: str) -> str:
    h = hex_color.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i : i + 2], 16) for i in (0, 2, 4)))


class ConsoleLog(logging.Handler):
    """The page's console as the panel logs it, and the panel's own warnings."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage()))

    def page(self) -> list[str]:
        return [m for lvl, m in self.records if m.startswith("map page:") and lvl != "DEBUG"]

    def dropped(self) -> list[str]:
        return [m for lvl, m in self.records if "off the globe" in m and lvl == "WARNING"]


def main() -> int:
    shots = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    console = ConsoleLog()
    logging.getLogger("widgets.map_panel").addHandler(console)
    store = Store()
    store.set_areas([], {"W1": ward("W1", *CENTER, 0.05)})
    store.set_cameras(LAYER_CAMERAS)
    store.set_incidents([incident("INC-1", 21.290, 105.370)])
    store.set_reports([report("R-1", 21.300, 105.385)])
    store.set_air_quality([station("aq-far", "Trạm Vân Phú", 21.320, 105.380, 120)])
    profile = QWebEngineProfile(app)
    handler = MapSchemeHandler(lambda: build_map_html(CENTER, 13), app)
    profile.installUrlSchemeHandler(b"ioc", handler)
    guard = OfflineGuard(parent=app)
    profile.setUrlRequestInterceptor(guard)
    panel = MapPanel(store, profile, CENTER, 13)
    panel.move(0, 0)
    panel.resize(1200, 900)
    panel.show()
    sent: list[tuple[str, str]] = []
    panel.bridge.layerChanged.connect(lambda name, text: sent.append((name, text)))
    mouse = panel.view.focusProxy() or panel.view

    async def js(expr: str) -> Any:
        fut: asyncio.Future[object] = loop.create_future()

        def done(r: object) -> None:
            if not fut.done():
                fut.set_result(r)

        panel.page.runJavaScript(expr, 0, done)
        result = await asyncio.wait_for(fut, 10)
        if isinstance(result, str) and result.startswith(("[", "{")):
            return json.loads(result)
        return result  # None where the script threw (the page's console says why)

    async def point(lat: float, lon: float) -> tuple[int, int]:
        p = await js(f"JSON.stringify(iocMapApi.pointOf({lat}, {lon}))")
        assert p is not None, "the page cannot place a point"
        return round(p["x"]), round(p["y"])

    async def view(lat: float, lon: float, zoom: int) -> None:
        panel.center_on(lat, lon, zoom)
        for _ in range(50):
            v = await js("JSON.stringify(iocMapApi.view())")
            if v and v["zoom"] == zoom:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.8)  # the zoom animation ends, zoomend/moveend run

    async def hover(x: int, y: int) -> None:
        QTest.mouseMove(mouse, QPoint(x, y))
        await asyncio.sleep(0.4)

    def shot(name: str) -> str | None:
        if shots is None:
            return None
        from tests.screenshot import grab_display

        g = panel.geometry()
        path = shots / f"{name}.png"
        grab_display(os.environ["DISPLAY"], path, (g.x(), g.y(), g.width(), g.height()))
        return str(path)

    async def layers_phase() -> dict[str, object]:
        """Glyphs, colours, order, and the mouse through every pane."""
        await asyncio.sleep(1.0)  # the icon font loads
        out: dict[str, object] = {
            "camera_elements": await js(CAMERA_ELEMENTS),
            "pane_z": await js(PANE_Z),
            "icon_font_ready": await js("document.fonts.check('16px \"IOC Icons\"')"),
            "aq_label_vs_cameras": await js(LABEL_VS_CAMERAS),
            "expected_colors": {k: rgb(v) for k, v in CAMERA_STATUS_COLORS.items()},
        }
        under = {}
        for key, (lat, lon) in {
            "camera_on_incident": (21.290, 105.370),
            "camera_on_report": (21.300, 105.385),
            "camera_on_aq": (21.320, 105.380),
            "ward_only": (21.325, 105.440),
        }.items():
            x, y = await point(lat, lon)
            under[key] = await js(UNDER % (x, y))
        out["under"] = under
        # the real mouse: hover a camera, then a bare spot of the ward, then click the camera
        tips = {}
        x, y = await point(21.310, 105.410)
        await hover(x, y)
        tips["camera"] = await js(OPEN_TOOLTIPS)
        x2, y2 = await point(21.325, 105.440)
        await hover(x2, y2)
        tips["ward"] = await js(OPEN_TOOLTIPS)
        xi, yi = await point(21.290, 105.370)
        await hover(xi, yi)
        tips["incident"] = await js(OPEN_TOOLTIPS)
        x3, y3 = await point(21.310, 105.430)
        await hover(x3, y3)
        tips["offline_camera"] = await js(OPEN_TOOLTIPS)
        out["tooltips"] = tips
        out["shot"] = shot("layers")
        QTest.mouseClick(mouse, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(x, y))  # fmt: skip
        await asyncio.sleep(0.4)
        QTest.mouseClick(mouse, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(xi, yi))  # fmt: skip
        await asyncio.sleep(0.4)
        out["opened"] = list(panel.bridge.opened)
        out["labels"] = await js("JSON.stringify(iocMapApi.labelTexts())")
        out["xss"] = await js("String(window.__iocXss)")
        out["injected_img_elements"] = await js(
            "document.querySelectorAll('img[src=\"x\"]').length"
        )
        out["province_time"] = clock.fmt(ISSUED, "%H:%M %d/%m/%Y")
        out["pc_time"] = ISSUED.astimezone().strftime("%H:%M %d/%m/%Y")
        return out

    async def aq_phase() -> dict[str, object]:
        """Labels of close stations, at three zooms, after an update, under the mouse."""
        await hover(5, 880)  # the mouse out of the way
        store.set_cameras([])
        store.set_incidents([])
        store.set_reports([])
        store.set_air_quality(AQ_STATIONS)
        await asyncio.sleep(0.8)
        out: dict[str, object] = {}
        await view(21.3, 105.40, 12)
        out["z12"] = await js(LABEL_RECTS)
        out["shot"] = shot("aq_labels_z12")
        await view(21.3, 105.40, 16)
        out["z16"] = await js(LABEL_RECTS)
        await view(21.3, 105.40, 12)
        out["z12_again"] = await js(LABEL_RECTS)
        # the mouse on a station whose label is hidden shows that label
        hidden = [r for r in out["z12_again"] if not r["shown"]]  # type: ignore[attr-defined]
        if hidden:
            name = next(s for s in AQ_STATIONS if s.name in hidden[0]["text"])
            out["hovered_station"] = name.name
            x, y = await point(name.lat, name.lon)
            await hover(x, y)
            out["while_hovered"] = await js(LABEL_RECTS)
            out["shot_hover"] = shot("aq_labels_hover")
            await hover(5, 880)
            out["after_hover"] = await js(LABEL_RECTS)
        # an update: the best station turns worst and must win its place
        best = min(AQ_STATIONS, key=lambda s: s.aqi)
        out["turned_worst"] = best.name
        store.set_air_quality(
            [
                AirQualityStation(s.id, s.name, s.lat, s.lon, 320, s.pm25, s.observed_at)
                if s is best
                else s
                for s in AQ_STATIONS
            ]
        )
        await asyncio.sleep(0.8)
        out["after_update"] = await js(LABEL_RECTS)
        return out

    async def off_globe_phase() -> dict[str, object]:
        """A backend answering NaN, inf and off-the-globe places, twice, then differently."""
        await view(*CENTER, 13)
        console.records.clear()
        sent.clear()
        good_cams = [camera("ok-1", "Camera tốt 1", 21.31, 105.41, "online"),
                     camera("ok-2", "Camera tốt 2", 21.29, 105.39, "offline")]  # fmt: skip
        bad_cams = [
            camera("nan-lat", "NaN", math.nan, 105.44, "online"),
            camera("inf-lon", "inf", 21.3, math.inf, "online"),
            camera("lat-95", "95", 95.0, 105.4, "online"),
            camera("lon-200", "200", 21.3, 200.0, "online"),
        ]
        store.set_areas(
            [], {"W1": ward("W1", *CENTER, 0.05), "W2": ward("W2", 21.2, 105.3, 0.03, nan=True)}
        )
        store.set_cameras(good_cams + bad_cams)
        store.set_incidents(
            [incident("INC-ok", 21.30, 105.40), incident("INC-nan", math.nan, 105.44)]
        )
        store.set_reports([report("R-ok", 21.305, 105.40), report("R-inf", -math.inf, 105.4)])
        store.set_air_quality(
            [station("aq-ok", "Trạm tốt", 21.30, 105.41, 80),
             station("aq-nan", "Trạm hỏng", 21.3, math.nan, 90)]
        )  # fmt: skip
        await asyncio.sleep(1.0)
        out: dict[str, object] = {"counts_first": await js("JSON.stringify(iocMapApi.counts())")}
        # the same wrong answer again (a camera's status changes: the layer is pushed again)
        changed = camera("ok-1", "Camera tốt 1", 21.31, 105.41, "offline")
        store.set_cameras([changed, *good_cams[1:], *bad_cams])
        await asyncio.sleep(0.6)
        out["dropped_logs_after_repeat"] = len(console.dropped())
        # a different wrong answer
        store.set_cameras(good_cams + bad_cams[:2])
        await asyncio.sleep(0.6)
        out["dropped_logs_after_change"] = len(console.dropped())
        out["dropped_logs"] = console.dropped()
        out["sent"] = [(name, json.loads(text)) for name, text in sent]
        out["counts"] = await js("JSON.stringify(iocMapApi.counts())")
        # the page defends itself too: bad items handed to it straight are skipped
        out["page_direct"] = await js(
            "(function () {"
            " iocMapApi.setCameras([{id: 'a', name: 'a', lat: NaN, lon: 105.44, status: 'online'},"
            "  {id: 'b', name: 'b', lat: 21.3, lon: Infinity, status: 'online'},"
            "  {id: 'c', name: 'c', lat: -91, lon: 105.4, status: 'online'},"
            "  {id: 'd', name: 'd', lat: '21.3', lon: 105.4, status: 'online'},"
            "  {id: 'e', name: 'e', lat: 21.3, lon: 105.4, status: 'online'}]);"
            " iocMapApi.setIncidents([{id: 'i', title: 't', lat: NaN, lon: 105.4},"
            "  {id: 'j', title: 't', lat: 21.3, lon: 105.4, severity: 'high'}]);"
            " iocMapApi.setReports([{id: 'r', lat: 21.3, lon: 181}]);"
            " iocMapApi.setAirQuality([{name: 's', lat: null, lon: 105.4, aqi: 50}]);"
            " iocMapApi.setAreas([{type: 'Feature', properties: {name: 'x'}, geometry:"
            "  {type: 'Polygon', coordinates: [[[105.3, 21.2], [NaN, 21.2], [105.4, 21.3],"
            "  [105.3, 21.2]]]}}]);"
            " iocMapApi.setView(NaN, 105.4, 12);"
            " return JSON.stringify({counts: iocMapApi.counts(), view: iocMapApi.view()});"
            "})()"
        )
        await asyncio.sleep(0.5)
        out["page_console"] = console.page()
        return out

    def pixels_near(x: int, y: int, r: int = 4) -> list[tuple[int, int, int]]:
        """The screen's pixels around a point of the map's view (what the X server shows)."""
        import mss

        origin = panel.view.mapToGlobal(QPoint(0, 0))
        with mss.mss(display=os.environ["DISPLAY"]) as sct:
            img = sct.grab({"left": origin.x() + x - r, "top": origin.y() + y - r,
                            "width": 2 * r + 1, "height": 2 * r + 1})  # fmt: skip
        return [img.pixel(i, j) for i in range(img.width) for j in range(img.height)]

    async def base_phase() -> dict[str, object]:
        """The base map read back from the page as drawn: at province scale, zoomed to Việt
        Trì, a river's pixels on the screen, every request local, hostile names as text."""
        store.set_cameras([])
        store.set_incidents([])
        store.set_reports([])
        store.set_air_quality([])
        store.set_areas([], {})
        for _ in range(100):
            state = await js("JSON.stringify(iocBaseMap.state())")
            if state and state["status"] in ("drawn", "failed"):
                break
            await asyncio.sleep(0.1)
        out: dict[str, object] = {"state": state}
        await view(21.15, 105.37, 9)
        out["z9"] = await js(BASE_DOM)
        out["viet_tri_z9"] = await point(21.32274, 105.40198)
        out["shot_z9"] = shot("basemap_z9")
        await view(21.31, 105.40, 13)
        out["z13"] = await js(BASE_DOM)
        out["shot_z13"] = shot("basemap_viet_tri_z13")
        # a river on the screen: the Lô between Đoan Hùng and Việt Trì, at zoom 11
        base = json.loads(BASEMAP_FILE.read_text("utf-8"))
        lo = [
            f
            for f in base["layers"]["rivers"]["features"]
            if f["properties"].get("name") == "Sông Lô" and f["properties"]["kind"] == "river"
        ]
        lon, lat = min((c for f in lo for c in f["geometry"]["coordinates"]),
                       key=lambda c: (c[0] - 105.30) ** 2 + (c[1] - 21.50) ** 2)  # fmt: skip
        await view(lat, lon, 11)
        x, y = await point(lat, lon)
        out["river_pixels"] = pixels_near(x, y)
        out["away_pixels"] = pixels_near(x + 60, y + 45)
        out["river_color"] = "#3d7fc0"
        # names that are markup stay text: a second file, hostile, drawn on the same map
        data_url = "data:application/json," + quote(json.dumps(HOSTILE_BASE))
        await js(f"iocBaseMap.load(null, {json.dumps(data_url)}, null)")
        await view(21.30, 105.40, 13)
        await asyncio.sleep(0.5)
        hostile = await js(BASE_DOM)
        out["hostile_labels"] = [lb for lb in hostile["labels"] if "onerror" in lb["text"]]
        out["xss"] = await js("String(window.__iocXss)")
        out["injected_img_elements"] = await js(
            "document.querySelectorAll('img[src=\"x\"]').length"
        )
        out["guard_seen"] = guard.seen
        out["guard_schemes"] = sorted(guard.schemes)
        out["served"] = sorted(handler.paths)
        return out

    async def probe() -> dict[str, object]:
        for _ in range(200):
            if panel.ready:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        return {
            "loaded": panel.ready,
            "layers": await layers_phase(),
            "aq": await aq_phase(),
            "off_globe": await off_globe_phase(),
            "base": await base_phase(),
            "blocked": list(guard.blocked),
        }

    with loop:
        result = run_until_done(loop, probe())
    print(json.dumps(result, ensure_ascii=False), flush=True)
    panel.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
