"""A system page's map: the chosen indicator by ward, each ward's cell in its band's colour
(rates read against the province's thresholds) or on a sequential scale (counts, which a
province-wide band would misread), with a legend; hovering a ward names it and its value,
a click on it goes down to that ward as the ranked list does.

The same Leaflet page as the operational map (`resources/map/app.js`, opened with
`?mode=wards`: no live layers), through the same bridge: the shapes are sent once per change
of the wards' geometry, the colours and values as one JSON text per change of what the page
shows (an indicator, a ward, a new breakdown), never again when unchanged, and the page
restyles its shapes in place. Ward names and values reach the DOM as text only.

The web view is made when the map is first shown (a QtWebEngine page costs the UI thread
tens of ms, the first one of a process also starts Chromium): a page opened on a wall that
never shows the map costs nothing, and one view serves every indicator and ward after.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ioc_desktop.backend.models import BreakdownItem, Kpi
from ioc_desktop.i18n import translate
from ioc_desktop.map.bridge import MapBridge
from ioc_desktop.map.page import BASE
from ioc_desktop.palette import KPI_STATUS_COLORS
from ioc_desktop.store import Store
from ioc_desktop.systems import COUNT_UNITS
from widgets.kpi_bars import band_color
from widgets.kpi_panels import format_number
from widgets.map_panel import LoggingPage, split_on_globe

# few → many, dark → bright on the dark theme (a count is not good or bad by itself)
SEQUENTIAL = ("#17344f", "#1f5c87", "#2b86b5", "#55b0d8", "#a6ddf2")
PAGE_URL = f"{BASE}/map/index.html?mode=wards"
VIEW_DELAY_MS = 60


def value_text(value: float, unit: str) -> str:
    decimals = 0 if unit in COUNT_UNITS or abs(value) >= 1000 else 1
    return f"{format_number(value, decimals)} {unit}".strip()


def _bare(value: float, unit: str) -> str:
    """The number alone, as value_text writes it (the unit said once, after the range)."""
    return value_text(value, unit).removesuffix(unit).strip()


def _status_words() -> dict[str, str]:
    return {
        "good": translate("ward_map", "đạt"),
        "warning": translate("ward_map", "theo dõi"),
        "critical": translate("ward_map", "cảnh báo"),
    }


def by_bands(kpi: Kpi) -> bool:
    """Rates are coloured by the province's bands; counts (and indicators without bands) on
    a sequential scale of their own values."""
    return bool(kpi.thresholds) and kpi.unit not in COUNT_UNITS


def _band_legend(kpi: Kpi) -> list[dict[str, str]]:
    words = _status_words()
    bands = sorted(kpi.thresholds, key=lambda t: t.lower)
    out = []
    for n, t in enumerate(bands):
        lo, hi = value_text(t.lower, kpi.unit), value_text(t.upper, kpi.unit)
        if n == 0 and len(bands) > 1:
            span = translate("ward_map", "dưới {hi}").format(hi=hi)
        elif n == len(bands) - 1 and len(bands) > 1:
            span = translate("ward_map", "từ {lo}").format(lo=lo)
        else:
            span = f"{_bare(t.lower, kpi.unit)} – {hi}"
        word = words.get(t.status, t.status)
        color = KPI_STATUS_COLORS.get(t.status, "#8e8e93")
        out.append({"color": color, "text": f"{span} · {word}"})
    return out


def _class_breaks(values: list[float]) -> list[float]:
    """Upper bounds of five classes of about as many wards each (quantiles)."""
    ordered = sorted(values)
    n = len(ordered)
    breaks = [ordered[min(n - 1, (n * k) // len(SEQUENTIAL))] for k in range(1, len(SEQUENTIAL))]
    return [*breaks, ordered[-1]]


def _class_of(value: float, breaks: list[float]) -> int:
    return next((i for i, b in enumerate(breaks) if value <= b), len(breaks) - 1)


def choropleth_payload(
    kpi: Kpi, items: list[BreakdownItem], selected: str | None
) -> dict[str, Any]:
    """What the page draws: each ward's colour and words, the legend, the selected ward."""
    if not items:
        return {"values": {}, "legend": [], "title": kpi.name_vi, "selected": selected}
    values = [i.value for i in items]
    ranked = sorted(items, key=lambda i: i.value, reverse=not kpi.higher_is_better)
    rank = {i.area_code: r for r, i in enumerate(ranked, 1)}
    n = len(items)
    bands = by_bands(kpi)
    breaks = [] if bands else _class_breaks(values)
    out: dict[str, dict[str, str]] = {}
    for i in items:
        color = band_color(kpi, i.value) if bands else SEQUENTIAL[_class_of(i.value, breaks)]
        where = translate("ward_map", "hạng {rank}/{n}, kém nhất trước").format(
            rank=rank[i.area_code], n=n
        )
        out[i.area_code] = {"color": color, "text": f"{value_text(i.value, kpi.unit)} · {where}"}
    if bands:
        legend = _band_legend(kpi)
    else:
        lows = [min(values), *breaks[:-1]]
        legend = [
            {
                "color": SEQUENTIAL[k],
                "text": f"{_bare(lo, kpi.unit)} – {value_text(hi, kpi.unit)}",
            }
            for k, (lo, hi) in enumerate(zip(lows, breaks, strict=True))
            if k == 0 or hi > lows[k]
        ]
    return {"values": out, "legend": legend, "title": kpi.name_vi, "selected": selected}


class WardMap(QWidget):
    sig_open_area = Signal(str)  # a ward's code, clicked on the map (a ward the store knows)

    def __init__(
        self,
        store: Store,
        profile: Callable[[], QWebEngineProfile],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._profile = profile
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self.view: QWebEngineView | None = None
        self.bridge: MapBridge | None = None
        self.ready = False
        self.pushes = 0
        self.create_ms = 0.0  # the UI thread's time to make the view (a probe reads it)
        self._payload = ""  # the JSON text the page should show
        self._sent = {"wardShapes": "", "choropleth": ""}
        store.sig_areas_changed.connect(self._on_areas_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.view is None:  # a turn of the loop later: the page shows (and takes input)
            QTimer.singleShot(VIEW_DELAY_MS, self.ensure_view)  # before the view is made

    def ensure_view(self) -> None:
        if self.view is not None:
            return
        started = time.perf_counter()
        view = QWebEngineView(self)
        page = LoggingPage(self._profile(), view)
        bridge = MapBridge(
            lambda _cid: False,
            lambda _iid: False,
            self,
            known_area=lambda code: code in self.store.geometry,
        )
        bridge.sig_ready.connect(self._on_page_ready)
        bridge.sig_open_area.connect(self.sig_open_area)
        channel = QWebChannel(self)
        channel.registerObject("bridge", bridge)
        page.setWebChannel(channel)
        view.setPage(page)
        self._box.addWidget(view)
        self.view, self.bridge = view, bridge
        view.load(QUrl(PAGE_URL))
        self.create_ms = (time.perf_counter() - started) * 1000

    def show_payload(self, payload: dict[str, Any]) -> None:
        """What to draw (choropleth_payload's); nothing is sent when it did not change."""
        self._payload = json.dumps(payload, ensure_ascii=False)
        self._push()

    def _on_page_ready(self) -> None:
        self.ready = True
        self._sent = {"wardShapes": "", "choropleth": ""}  # a new page has nothing yet
        self._push()

    def _on_areas_changed(self) -> None:
        if self.ready:
            self._push()

    def _push(self) -> None:
        if not self.ready or self.bridge is None:
            return
        shapes, _bad = split_on_globe("areas", list(self.store.geometry.values()))
        for layer, text in (
            ("wardShapes", json.dumps(shapes, ensure_ascii=False)),
            ("choropleth", self._payload),
        ):
            if text and text != self._sent[layer]:
                self._sent[layer] = text
                self.bridge.layerChanged.emit(layer, text)
                self.pushes += 1

    def read(self, expression: str, callback: Callable[[Any], None]) -> None:
        """A value of the page's `iocMapApi` (a test reads what it drew)."""
        if self.view is None:
            callback(None)
            return
        script = f"window.iocMapApi ? JSON.stringify({expression}) : 'null'"
        self.view.page().runJavaScript(
            script, 0, lambda text: callback(json.loads(text) if text else None)
        )
