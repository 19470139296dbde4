"""KPI panels drawn with pyqtgraph: a trend with its target, and VN_AQI by station.

Colours come from each KPI's own thresholds (some KPIs are worse when higher), so the panel
never has to know what "good" means for a particular indicator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QWidget

from ioc_desktop import clock, vn_aqi
from ioc_desktop.backend.models import Kpi
from ioc_desktop.i18n import translate
from ioc_desktop.store import Store
from widgets.chart_pacer import shared_pacer
from widgets.panel_frame import PanelFrame
from widgets.theme import GRID, KPI_STATUS_COLORS, MUTED, PANEL

pg.setConfigOptions(antialias=True, background=PANEL, foreground="#d0d7de")


def format_number(value: float, decimals: int = 1) -> str:
    """Vietnamese style: 1.234,5"""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


class ProvinceTimeAxis(pg.DateAxisItem):
    """A time axis in the province's time, whatever zone the PC is set to.

    pyqtgraph's DateAxisItem reads the PC's zone unless given `utcOffset`, which it takes as
    seconds *west* of UTC (time.timezone's sign: Vietnam is -25200), the opposite of
    clock.utc_offset_s(). It is read again at each layout of the ticks, so a zone chosen in
    the settings after the chart was made applies too."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(orientation="bottom", utcOffset=-clock.utc_offset_s(), **kwargs)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> Any:
        self.utcOffset = -clock.utc_offset_s()
        return super().tickValues(minVal, maxVal, size)


def _plot(time_axis: bool = False) -> pg.PlotWidget:
    # no context menus (made at construction unless refused there: a third of the cost of a
    # chart built during a layout switch), the time axis given at construction, not swapped in
    axes = {"bottom": ProvinceTimeAxis()} if time_axis else None
    w = pg.PlotWidget(enableMenu=False, axisItems=axes)
    w.setMouseEnabled(x=False, y=False)
    w.hideButtons()
    # the value grid in an opaque colour: Qt draws pyqtgraph's translucent, non-antialiased
    # grid lines pixel by pixel (~17 ms per paint of one 4K-wall chart; opaque: under 1 ms)
    w.showGrid(x=False, y=True)
    left = w.getAxis("left")
    left.setStyle(tickAlpha=255, maxTickLevel=0)  # major lines only: read from metres away
    left.setTickPen(pg.mkPen(GRID))
    # long series on small panels: draw at most a few points per pixel (peaks kept), and only
    # what is in view — 24 panels × 3 × 10,000 points took 3.1 s a redraw without this
    w.setDownsampling(auto=True, mode="peak")
    w.setClipToView(True)
    font = QFont()
    font.setPointSize(11)
    for axis in ("left", "bottom"):
        w.getAxis(axis).setTickFont(font)
        w.getAxis(axis).setTextPen(MUTED)
    return w


def _short_place(name: str) -> str:
    """'Việt Trì' → 'V. Trì': bar labels must fit under narrow bars on a wall cell."""
    words = name.split()
    return name if len(words) < 2 else f"{words[0][0]}. {' '.join(words[1:])}"


def series_curve(plot: pg.PlotWidget, color: str, width: int = 3) -> pg.PlotDataItem:
    """A KPI series line as every chart draws it: no antialiasing (with thousands of points
    per panel it costs more than it shows from across a room), no finiteness check (the
    store's values are numbers)."""
    return plot.plot(
        [], [], pen=pg.mkPen(color, width=width), antialias=False, skipFiniteCheck=True
    )


class HoverReadout:
    """Value and time under the pointer on a time-series plot (a workstation's mouse):
    a thin vertical line and one label, in Vietnamese formats and the province's time."""

    def __init__(self, plot: pg.PlotWidget, curve: pg.PlotDataItem, unit: Callable[[], str]):
        self.plot, self.curve, self.unit = plot, curve, unit
        self.line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(MUTED, width=1))
        self.label = pg.TextItem("", color="#f2f2f7", fill=pg.mkBrush(16, 24, 32, 230))
        for item in (self.line, self.label):
            item.hide()
            plot.addItem(item, ignoreBounds=True)
        plot.scene().sigMouseMoved.connect(self._on_moved)

    def readout_at(self, x: float) -> tuple[float, float, str] | None:
        """(x, y, text) of the point nearest to x, or None without data."""
        xs, ys = self.curve.getData()
        if xs is None or len(xs) == 0:
            return None
        j = int(np.searchsorted(xs, x))  # xs are times, in order: only two can be nearest
        i = min((k for k in (j - 1, j) if 0 <= k < len(xs)), key=lambda k: abs(xs[k] - x))
        when = clock.from_epoch(float(xs[i])).strftime("%H:%M:%S %d/%m/%Y")
        note = clock.zone_note()  # the PC's own clock may say otherwise: name the zone
        when = f"{when} {note}" if note else when
        text = f"{when} · {format_number(float(ys[i]))} {self.unit()}".strip()
        return float(xs[i]), float(ys[i]), text

    def _on_moved(self, pos: object) -> None:
        vb = self.plot.getPlotItem().vb
        if not self.plot.sceneBoundingRect().contains(pos):
            self.line.hide()
            self.label.hide()
            return
        found = self.readout_at(vb.mapSceneToView(pos).x())
        if found is None:
            return
        x, y, text = found
        self.line.setPos(x)
        self.label.setText(text)
        self.label.setPos(x, y)
        self.line.show()
        self.label.show()


class KpiPanel(PanelFrame):
    """What every single-KPI panel shares: its KPI from the store, its unit, and a plain
    message when the backend's catalogue no longer has it."""

    kpi_id: str
    store: Store

    def _unit(self) -> str:
        kpi = self.store.kpis.get(self.kpi_id)
        return kpi.unit if kpi else ""

    def _kpi_or_say_gone(self) -> Kpi | None:
        kpi = self.store.kpis.get(self.kpi_id)
        if kpi is None and self.store.kpis:
            self.title.setText(
                translate("kpi_panels", "Chỉ tiêu {kpi} không còn tồn tại").format(kpi=self.kpi_id)
            )
        return kpi


class KpiTrendPanel(KpiPanel):
    def __init__(self, kpi_id: str, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(kpi_id, parent)
        self.kpi_id = kpi_id
        self.store = store
        self.updates = 0
        self.value = QLabel("—")
        self.value.setObjectName("BigValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.body.addWidget(self.value)
        self.plot = _plot(time_axis=True)
        self.curve = series_curve(self.plot, "#5ac8fa")
        self.target = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen("#f2f2f7", width=1.5, style=Qt.PenStyle.DashLine)
        )
        self.target.hide()
        self.plot.addItem(self.target)
        self.body.addWidget(self.plot, 1)
        self.hover = HoverReadout(self.plot, self.curve, self._unit)
        store.sig_kpis_changed.connect(self._on_kpis_changed)
        store.sig_series_changed.connect(self._on_series_changed)
        self._on_kpis_changed()
        # a panel made by a layout switch shows the series the store already holds, not an
        # empty chart until the backend's next change
        if kpi_id in store.series:
            self._on_series_changed(kpi_id)

    def _on_kpis_changed(self) -> None:
        kpi = self._kpi_or_say_gone()
        if kpi is None:
            return
        self.title.setText(kpi.name_vi)
        self.title.setToolTip(kpi.name_en)
        self._show_value(kpi)

    def _show_value(self, kpi: Kpi) -> None:
        band = kpi.status()
        color = KPI_STATUS_COLORS.get(band.status, "#f2f2f7") if band else "#f2f2f7"
        decimals = 0 if kpi.unit in ("vụ", "văn bản", "AQI") else 1
        target = (
            ""
            if kpi.target is None
            else "  "
            + translate("kpi_panels", "mục tiêu {target}").format(
                target=format_number(kpi.target, decimals)
            )
        )
        self.value.setText(f"{format_number(kpi.value, decimals)} {kpi.unit}")
        self.value.setStyleSheet(f"color: {color};")
        self.subtitle.setText(target)
        if kpi.target is not None:
            self.target.setValue(kpi.target)
            self.target.show()

    def _on_series_changed(self, kpi_id: str) -> None:
        if kpi_id == self.kpi_id:
            shared_pacer().request(self, self._draw_series)

    def _draw_series(self) -> None:
        series = self.store.series.get(self.kpi_id)
        if series is None:
            return
        xs = [p.t.timestamp() for p in series.points]
        ys = [p.value for p in series.points]
        self.curve.setData(xs, ys)
        self.updates += 1


class AirQualityBarsPanel(PanelFrame):
    """VN_AQI per station, each bar in its official category colour."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(translate("kpi_panels", "VN_AQI theo trạm"), parent)
        self.store = store
        self.updates = 0
        self.plot = _plot()
        self.plot.setYRange(0, 200)
        self.bars: pg.BarGraphItem | None = None
        self.labels: list[pg.TextItem] = []
        self.body.addWidget(self.plot, 1)
        store.sig_air_quality_changed.connect(self._on_air_quality_changed)
        self._on_air_quality_changed()

    def _on_air_quality_changed(self) -> None:
        stations = self.store.air_quality
        if not stations:
            return
        if self.bars is not None:
            self.plot.removeItem(self.bars)
        for t in self.labels:
            self.plot.removeItem(t)
        xs = list(range(len(stations)))
        heights = [s.aqi for s in stations]
        brushes = [QColor(vn_aqi.category(s.aqi).color) for s in stations]
        self.bars = pg.BarGraphItem(x=xs, height=heights, width=0.7, brushes=brushes, pen=None)
        self.plot.addItem(self.bars)
        self.labels = []
        for x, s in zip(xs, stations, strict=True):
            t = pg.TextItem(str(s.aqi), color="#f2f2f7", anchor=(0.5, 1.0))
            t.setPos(x, s.aqi)
            self.plot.addItem(t)
            self.labels.append(t)
        short = [_short_place(s.name.removeprefix("Trạm quan trắc ")) for s in stations]
        self.plot.getAxis("bottom").setTicks([list(zip(xs, short, strict=True))])
        self.plot.setYRange(0, max(200, *heights) * 1.1)
        worst = max(stations, key=lambda s: s.aqi)
        name = translate("vn_aqi", vn_aqi.category(worst.aqi).name_vi)
        self.subtitle.setText(
            translate("kpi_panels", "cao nhất {aqi} ({category})").format(
                aqi=worst.aqi, category=name
            )
        )
        self.updates += 1
