"""One KPI by ward: a bar per ward in the colour of the band its value falls in, and a click on
a bar to see that ward's own series (drill-down), with a way back to the whole province.

The panel asks for the ward's series with a signal (widgets never fetch); the composition
root has the sync fetch it into the store, and the panel shows it when it arrives.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QPushButton, QStackedLayout, QWidget

from ioc_desktop.backend.models import Kpi
from ioc_desktop.i18n import translate
from ioc_desktop.store import Store
from widgets.icons import icon
from widgets.kpi_panels import (
    HoverReadout,
    KpiPanel,
    _plot,
    _short_place,
    format_number,
    series_curve,
)
from widgets.theme import KPI_STATUS_COLORS

TICK_PX = 72  # room one short ward name needs under a bar


def band_color(kpi: Kpi, value: float) -> str:
    band = next((t for t in kpi.thresholds if t.lower <= value < t.upper), None)
    return KPI_STATUS_COLORS.get(band.status, "#8e8e93") if band else "#8e8e93"


class KpiBarsPanel(KpiPanel):
    sig_drill = Signal(str, str)  # kpi id, ward code: please fetch that ward's series

    def __init__(self, kpi_id: str, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(kpi_id, parent)
        self.kpi_id = kpi_id
        self.store = store
        self.updates = 0
        self.area_codes: list[str] = []
        self._ticks: list[tuple[int, str]] = []
        self.drilled: str | None = None  # the ward shown, None: every ward
        self.back = QPushButton(icon("back"), translate("kpi_bars", "Toàn tỉnh"))
        self.back.setToolTip(translate("kpi_bars", "Quay lại giá trị của mọi xã, phường"))
        self.back.clicked.connect(lambda _=False: self.show_all())
        self.back.hide()
        self.header.addWidget(self.back)
        self.bars_plot = _plot()
        self.bars_plot.scene().sigMouseClicked.connect(self._on_click)
        self.bars: pg.BarGraphItem | None = None
        self.line_plot = _plot(time_axis=True)
        self.curve = series_curve(self.line_plot, "#5ac8fa")
        self.hover = HoverReadout(self.line_plot, self.curve, self._unit)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.bars_plot)
        self.stack.addWidget(self.line_plot)
        self.body.addLayout(self.stack, 1)
        store.sig_breakdown_changed.connect(self._on_breakdown_changed)
        store.sig_kpis_changed.connect(self._on_kpis_changed)
        store.sig_series_changed.connect(self._on_series_changed)
        self._on_kpis_changed()
        self._on_breakdown_changed(kpi_id)

    def _on_kpis_changed(self) -> None:
        kpi = self._kpi_or_say_gone()
        if kpi is None:
            return
        if self.drilled is None:
            self.title.setText(
                translate("kpi_bars", "{kpi} theo xã, phường").format(kpi=kpi.name_vi)
            )
        self.title.setToolTip(kpi.name_en)

    def _on_breakdown_changed(self, kpi_id: str) -> None:
        kpi = self.store.kpis.get(self.kpi_id)
        items = self.store.breakdowns.get(self.kpi_id, [])
        if kpi_id != self.kpi_id or kpi is None or not items:
            return
        if self.bars is not None:
            self.bars_plot.removeItem(self.bars)
        xs = list(range(len(items)))
        heights = [i.value for i in items]
        brushes = [QColor(band_color(kpi, i.value)) for i in items]
        self.bars = pg.BarGraphItem(x=xs, height=heights, width=0.7, brushes=brushes, pen=None)
        self.bars_plot.addItem(self.bars)
        self.area_codes = [i.area_code for i in items]
        self._ticks = [
            (x, _short_place(i.area_name.split(" ", 1)[-1])) for x, i in enumerate(items)
        ]
        self._fit_ticks()
        low, high = min(heights), max(heights)
        self.subtitle.setText(
            translate("kpi_bars", "thấp nhất {low} · cao nhất {high} {unit}").format(
                low=format_number(low), high=format_number(high), unit=kpi.unit
            )
        )
        self.updates += 1

    def _fit_ticks(self) -> None:
        """Every ward's name when there is room; else every second, third… (never overlapping)."""
        room = max(1, self.bars_plot.width() // TICK_PX)
        step = max(1, -(-len(self._ticks) // room))
        self.bars_plot.getAxis("bottom").setTicks([self._ticks[::step]])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_ticks()

    def _on_click(self, event: object) -> None:
        if self.drilled is not None or not self.area_codes:
            return
        pos = event.scenePos()  # type: ignore[attr-defined]
        if not self.bars_plot.sceneBoundingRect().contains(pos):
            return
        x = self.bars_plot.getPlotItem().vb.mapSceneToView(pos).x()
        self.open_bar(round(x))

    def open_bar(self, index: int) -> None:
        """Show ward number `index` (as the bars are ordered) on its own."""
        if 0 <= index < len(self.area_codes):
            self.drill(self.area_codes[index])

    def drill(self, area_code: str) -> None:
        self.drilled = area_code
        name = next(
            (
                i.area_name
                for i in self.store.breakdowns.get(self.kpi_id, [])
                if i.area_code == area_code
            ),
            area_code,
        )
        kpi = self.store.kpis.get(self.kpi_id)
        self.title.setText(f"{kpi.name_vi if kpi else self.kpi_id} · {name}")
        self.back.show()
        self.stack.setCurrentWidget(self.line_plot)
        self.curve.setData([], [])
        self.sig_drill.emit(self.kpi_id, area_code)
        self._on_series_changed(f"{self.kpi_id}@{area_code}")

    def show_all(self) -> None:
        self.drilled = None
        self.back.hide()
        self.stack.setCurrentWidget(self.bars_plot)
        self._on_kpis_changed()

    def _on_series_changed(self, key: str) -> None:
        if self.drilled is None or key != f"{self.kpi_id}@{self.drilled}":
            return
        series = self.store.series.get(key)
        if series is None:
            return
        self.curve.setData(
            [p.t.timestamp() for p in series.points], [p.value for p in series.points]
        )
