"""One IOC system in depth, as a panel: every indicator against its target, the chosen one's
trend with its target line and (on demand) its forecast band, the wards ranked worst first
and on a map (`widgets/ward_map.py`), and down to one ward. Breadcrumbs say where the page
is ("Toàn tỉnh › Dịch vụ công › Phường Việt Trì"); Backspace or Esc goes back up one step.

A ward's series is asked for with a signal (widgets never fetch): the factory has the sync
fetch it into the store, and the page draws it when it arrives. Forecasts run on a worker
thread (statsmodels' import alone takes ~1.3 s; a fit tens of ms) and come back as a signal.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QKeyEvent
from PySide6.QtWebEngineCore import QWebEngineProfile
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop import forecast as fc
from ioc_desktop.backend.models import LAST_YEAR, BreakdownItem, Kpi
from ioc_desktop.i18n import translate
from ioc_desktop.layout.drill import SOCIAL_SYSTEM
from ioc_desktop.store import Store
from ioc_desktop.systems import COUNT_UNITS
from widgets.catalogue_names import system_name
from widgets.hot_topics import HotTopicsView
from widgets.kpi_bars import band_color
from widgets.kpi_panels import HoverReadout, _plot, format_number, series_curve
from widgets.panel_frame import PanelFrame
from widgets.ward_map import WardMap, choropleth_payload

CRUMB_PX = 260  # a crumb longer than this is cut in its middle: both ends of a name stay
_FORECASTS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="forecast")


def _plain_system_name(system: int) -> str:
    """'2 · Dịch vụ công' → 'Dịch vụ công' (the number is for the catalogue's order)."""
    return system_name(system).split(" · ", 1)[-1]


def _comparable(kpi: Kpi, ward_value: float) -> bool:
    """Whether a ward's value can be read against the province's bands and target: a rate's
    can; a count's (a ward's share of the province's dossiers) is a fraction of it and
    would always look "good" against a province-wide ceiling."""
    return abs(ward_value) >= 0.2 * abs(kpi.value)


def _number(value: float, unit: str) -> str:
    return format_number(value, 0 if unit in COUNT_UNITS or abs(value) >= 1000 else 1)


def _year_on(t: datetime) -> datetime:
    try:
        return t.replace(year=t.year + 1)
    except ValueError:  # 29 February
        return t.replace(year=t.year + 1, day=28)


def _worst_first(kpi: Kpi, items: list[BreakdownItem]) -> list[BreakdownItem]:
    return sorted(items, key=lambda i: i.value, reverse=not kpi.higher_is_better)


class SystemPage(PanelFrame):
    sig_drill = Signal(str, str)  # kpi id, ward code: please fetch that ward's series
    sig_up_from_top = Signal()  # "back" at the page's top: whoever opened it may close it
    sig_last_year = Signal(str, str)  # kpi id, ward code ("": the province): last year's span
    _sig_forecast_done = Signal(str, object)  # series key, fc.Forecast (from the worker)

    def __init__(
        self,
        store: Store,
        system: int,
        kpi_id: str | None = None,
        area_code: str | None = None,
        parent: QWidget | None = None,
        map_profile: Callable[[], QWebEngineProfile] | None = None,
    ) -> None:
        """map_profile: the map pages' shared profile (None: the page has no map)."""
        super().__init__(_plain_system_name(system), parent)
        self.store = store
        self.system = system
        self.kpi_id = kpi_id
        self.area_code = area_code
        self.forecast_on = False
        self.forecast: fc.Forecast | None = None
        self._pending: Future[Any] | None = None
        self.updates = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.crumb_row = QHBoxLayout()
        self.crumb_row.setSpacing(2)
        self.body.addLayout(self.crumb_row)
        self.crumb_buttons: list[QToolButton] = []
        self.kpi_list = QListWidget()
        self.kpi_list.setWordWrap(True)  # a long name takes two lines, never a scroll bar
        self.kpi_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.kpi_list.itemClicked.connect(self._on_kpi_clicked)
        self.ward_list = QListWidget()
        self.ward_list.itemClicked.connect(self._on_ward_clicked)
        chart = self._build_chart()
        self.ward_map: WardMap | None = None
        # the social network's indicators are the province's only: its page lists the hot
        # topics where the others rank their wards
        self.hot_topics = HotTopicsView(store) if system == SOCIAL_SYSTEM else None
        if map_profile is not None and self.hot_topics is None:
            self.ward_map = WardMap(store, map_profile)
            self.ward_map.sig_open_area.connect(self.open_ward)
            middle = QSplitter(Qt.Orientation.Vertical)
            middle.addWidget(chart)
            middle.addWidget(self.ward_map)
            middle.setSizes([400, 500])
            chart = middle
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.kpi_list)
        split.addWidget(chart)
        split.addWidget(self.hot_topics or self.ward_list)
        split.setStretchFactor(1, 2)
        split.setSizes([300, 700, 320 if self.hot_topics is None else 520])
        self.body.addWidget(split, 1)
        self._sig_forecast_done.connect(self._on_forecast_done)
        store.sig_kpis_changed.connect(self._on_kpis_changed)
        store.sig_series_changed.connect(self._on_series_changed)
        store.sig_breakdown_changed.connect(self._on_breakdown_changed)
        self._on_kpis_changed()
        if self.area_code is not None and self.kpi_id is not None:
            self.sig_drill.emit(self.kpi_id, self.area_code)

    def _build_chart(self) -> QWidget:
        """The trend: this year's line, last year's dashed, the target, the forecast band."""
        self.plot = _plot(time_axis=True)
        self.curve = series_curve(self.plot, "#5ac8fa")
        self.target = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen("#f2f2f7", width=1.5, style=Qt.PenStyle.DashLine)
        )
        self.target.hide()
        self.plot.addItem(self.target)
        self.last_year = self.plot.plot(
            [], [], pen=pg.mkPen("#8e8e93", width=1.5, style=Qt.PenStyle.DashLine)
        )
        self._asked_last_year: set[str] = set()
        self._fc: tuple[pg.PlotDataItem, pg.PlotDataItem, pg.PlotDataItem] | None = None
        self.hover = HoverReadout(self.plot, self.curve, self._unit)
        self.forecast_button = QToolButton()
        self.forecast_button.setText(translate("system_page", "Dự báo"))
        self.forecast_button.setCheckable(True)
        self.forecast_button.setToolTip(
            translate("system_page", "Dự báo các kỳ tới, với khoảng tin cậy 80 %")
        )
        self.forecast_button.toggled.connect(self.set_forecast)
        self.header.addWidget(self.forecast_button)
        self.forecast_note = QLabel("")
        self.forecast_note.setObjectName("PanelSubtitle")
        self.forecast_note.setTextFormat(Qt.TextFormat.PlainText)
        self.forecast_note.setWordWrap(True)
        chart = QWidget()
        chart_box = QVBoxLayout(chart)
        chart_box.setContentsMargins(0, 0, 0, 0)
        self.last_year_note = QLabel(translate("system_page", "nét đứt xám: cùng kỳ năm trước"))
        self.last_year_note.setObjectName("PanelSubtitle")
        self.last_year_note.hide()
        chart_box.addWidget(self.last_year_note)
        chart_box.addWidget(self.plot, 1)
        chart_box.addWidget(self.forecast_note)
        return chart

    # -- where the page is -----------------------------------------------------------------
    def kpis(self) -> list[Kpi]:
        return [k for k in self.store.kpis.values() if k.system == self.system]

    def kpi(self) -> Kpi | None:
        return self.store.kpis.get(self.kpi_id) if self.kpi_id else None

    def ward_name(self) -> str | None:
        if self.area_code is None:
            return None
        for items in self.store.breakdowns.values():
            for i in items:
                if i.area_code == self.area_code:
                    return i.area_name
        return self.area_code

    def crumbs(self) -> list[str]:
        """Where the page is, from the top: Toàn tỉnh › the system [› the ward]."""
        path = [translate("system_page", "Toàn tỉnh"), _plain_system_name(self.system)]
        ward = self.ward_name()
        return [*path, ward] if ward else path

    def series_key(self) -> str | None:
        if self.kpi_id is None:
            return None
        return f"{self.kpi_id}@{self.area_code}" if self.area_code else self.kpi_id

    # -- navigation ------------------------------------------------------------------------
    def open_kpi(self, kpi_id: str) -> None:
        self.kpi_id = kpi_id
        self._show()
        if self.area_code is not None:
            self.sig_drill.emit(kpi_id, self.area_code)

    def open_ward(self, area_code: str) -> None:
        self.area_code = area_code
        self._show()
        if self.kpi_id is not None:
            self.sig_drill.emit(self.kpi_id, area_code)

    def up(self) -> None:
        """One step back up: from a ward to the whole province; at the top, say so."""
        if self.area_code is not None:
            self.area_code = None
            self._show()
        else:
            self.sig_up_from_top.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Escape):
            self.up()
            event.accept()
            return
        super().keyPressEvent(event)

    def set_forecast(self, on: bool) -> None:
        self.forecast_on = on
        if self.forecast_button.isChecked() != on:
            self.forecast_button.setChecked(on)
        self.forecast = None
        self._draw_forecast()
        if on:
            self._ask_forecast()

    # -- what the store says ---------------------------------------------------------------
    def _on_kpis_changed(self) -> None:
        mine = self.kpis()
        if self.kpi_id is None and mine:
            self.kpi_id = next((k.id for k in mine if k.target is not None), mine[0].id)
        self._show()

    def _on_breakdown_changed(self, kpi_id: str) -> None:
        kpi = self.store.kpis.get(kpi_id)
        if kpi is not None and kpi.system == self.system:
            if kpi_id == self.kpi_id:
                self._fill_wards()
                self._draw_map()
            if self.area_code is not None:
                self._fill_kpis()
                self._show_crumbs()

    def _on_series_changed(self, key: str) -> None:
        if key == self.series_key():
            self._draw_series()
        elif key == f"{self.series_key()}{LAST_YEAR}":
            self._draw_last_year()

    def _on_kpi_clicked(self, item: QListWidgetItem) -> None:
        self.open_kpi(str(item.data(Qt.ItemDataRole.UserRole)))

    def _on_ward_clicked(self, item: QListWidgetItem) -> None:
        self.open_ward(str(item.data(Qt.ItemDataRole.UserRole)))

    # -- drawing ---------------------------------------------------------------------------
    def _show(self) -> None:
        self._show_crumbs()
        kpi = self.kpi()
        ward = self.ward_name()
        name = kpi.name_vi if kpi else ""
        self.title.setText(f"{ward} · {name}" if ward else name)
        self.title.setToolTip(" › ".join([*self.crumbs(), name]))
        self._fill_kpis()
        self._fill_wards()
        self._draw_map()
        self.forecast = None
        self._draw_series()
        self.updates += 1

    def _show_crumbs(self) -> None:
        texts = self.crumbs()
        while self.crumb_row.count():
            item = self.crumb_row.takeAt(0)
            gone = item.widget() if item is not None else None
            if gone is not None:
                gone.deleteLater()
        self.crumb_buttons = []
        metrics = QFontMetrics(self.font())
        for i, text in enumerate(texts):
            if i:
                self.crumb_row.addWidget(QLabel("›"))
            b = QToolButton()
            b.setAutoRaise(True)
            b.setObjectName("Crumb")
            b.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, CRUMB_PX))
            b.setToolTip(text)
            last = i == len(texts) - 1
            b.setEnabled(not last)
            if i == 0:  # the province: out of the page, to what it was opened from
                b.clicked.connect(lambda _=False: self._to_top())
            elif i == 1:  # the system: the page without a ward
                b.clicked.connect(lambda _=False: self._to_province())
            self.crumb_row.addWidget(b)
            self.crumb_buttons.append(b)
        self.crumb_row.addStretch(1)

    def _to_top(self) -> None:
        self.area_code = None
        self._show()
        self.sig_up_from_top.emit()

    def _to_province(self) -> None:
        if self.area_code is not None:
            self.up()

    def _fill_kpis(self) -> None:
        self.kpi_list.clear()
        for k in self.kpis():
            value: float | None = k.value
            if self.area_code is not None:
                items = self.store.breakdowns.get(k.id, [])
                value = next((i.value for i in items if i.area_code == self.area_code), None)
            shown = "—" if value is None else f"{_number(value, k.unit)} {k.unit}"
            comparable = value is not None and _comparable(k, value)
            target = (
                ""
                if k.target is None or not comparable
                else translate("system_page", " · mục tiêu {target}").format(
                    target=_number(k.target, k.unit)
                )
            )
            item = QListWidgetItem(f"{k.name_vi}\n{shown}{target}")
            item.setData(Qt.ItemDataRole.UserRole, k.id)
            item.setToolTip(k.name_en)
            if value is not None and comparable:
                item.setForeground(QBrush(QColor(band_color(k, value))))
            self.kpi_list.addItem(item)
            if k.id == self.kpi_id:
                item.setSelected(True)

    def _fill_wards(self) -> None:
        self.ward_list.clear()
        kpi = self.kpi()
        items = self.store.breakdowns.get(self.kpi_id or "", [])
        if kpi is None or not items:
            note = QListWidgetItem(translate("system_page", "Chỉ tiêu này không chia theo xã"))
            note.setFlags(Qt.ItemFlag.NoItemFlags)
            self.ward_list.addItem(note)
            return
        for rank, i in enumerate(_worst_first(kpi, items), 1):
            item = QListWidgetItem(
                f"{rank}. {i.area_name}  {_number(i.value, kpi.unit)} {kpi.unit}"
            )
            item.setData(Qt.ItemDataRole.UserRole, i.area_code)
            item.setToolTip(item.text())
            if _comparable(kpi, i.value):
                item.setForeground(QBrush(QColor(band_color(kpi, i.value))))
            item.setSizeHint(QSize(0, 22))
            self.ward_list.addItem(item)
            if i.area_code == self.area_code:
                item.setSelected(True)
                self.ward_list.scrollToItem(item)

    def _draw_map(self) -> None:
        kpi = self.kpi()
        if self.ward_map is None or kpi is None:
            return
        items = self.store.breakdowns.get(kpi.id, [])
        self.ward_map.show_payload(choropleth_payload(kpi, items, self.area_code))

    def _draw_series(self) -> None:
        kpi = self.kpi()
        key = self.series_key()
        series = self.store.series.get(key) if key else None
        if kpi is not None and kpi.target is not None:
            self.target.setValue(kpi.target)
            self.target.show()
        else:
            self.target.hide()
        if series is None:
            self.curve.setData([], [])
        else:
            self.curve.setData(
                [p.t.timestamp() for p in series.points], [p.value for p in series.points]
            )
            if key and key not in self._asked_last_year and self.kpi_id is not None:
                self._asked_last_year.add(key)
                self.sig_last_year.emit(self.kpi_id, self.area_code or "")
        self._draw_last_year()
        if self.forecast_on:
            self._ask_forecast()
        self._draw_forecast()

    def _draw_last_year(self) -> None:
        """The same span a year earlier, drawn under this year's (its times a year on)."""
        key = self.series_key()
        series = self.store.series.get(f"{key}{LAST_YEAR}") if key else None
        if series is None or not series.points:
            self.last_year.setData([], [])
            self.last_year_note.hide()
            return
        self.last_year.setData(
            [_year_on(p.t).timestamp() for p in series.points], [p.value for p in series.points]
        )
        self.last_year_note.show()

    # -- forecast --------------------------------------------------------------------------
    def _ask_forecast(self) -> None:
        key, kpi = self.series_key(), self.kpi()
        series = self.store.series.get(key) if key else None
        if key is None or kpi is None or series is None:
            return
        if self._pending is not None and not self._pending.done():
            return  # one at a time; the next change asks again
        times = [p.t for p in series.points]
        values = [p.value for p in series.points]
        target, better = kpi.target, kpi.higher_is_better

        def work() -> None:
            result = fc.forecast(
                times,
                values,
                fc.frequency_of(times),
                target=target,
                higher_is_better=better,
            )
            with contextlib.suppress(RuntimeError):  # the page was closed meanwhile
                self._sig_forecast_done.emit(key, result)

        self._pending = _FORECASTS.submit(work)

    def _on_forecast_done(self, key: str, result: fc.Forecast) -> None:
        if key == self.series_key() and self.forecast_on:
            self.forecast = result
            self._draw_forecast()

    def _forecast_curves(self) -> tuple[pg.PlotDataItem, pg.PlotDataItem, pg.PlotDataItem]:
        """The forecast's mean and band, made on the first forecast (a page opens ~15 ms
        sooner without them: most pages never forecast)."""
        if self._fc is None:
            mean = self.plot.plot([], [], pen=pg.mkPen("#ffd60a", width=2))
            low = self.plot.plot([], [], pen=pg.mkPen(None))
            high = self.plot.plot([], [], pen=pg.mkPen(None))
            band = pg.FillBetweenItem(low, high, brush=pg.mkBrush(255, 214, 10, 60))
            self.plot.addItem(band, ignoreBounds=True)  # empty, it would pull the view to 0
            self._fc = (mean, low, high)
        return self._fc

    @property
    def fc_mean(self) -> pg.PlotDataItem:
        return self._forecast_curves()[0]

    def _draw_forecast(self) -> None:
        f = self.forecast if self.forecast_on else None
        if f is None or not f.mean:
            for c in self._fc or ():
                c.setData([], [])
        else:
            xs = [t.timestamp() for t in f.times]
            mean, low, high = self._forecast_curves()
            mean.setData(xs, list(f.mean))
            low.setData(xs, list(f.lower))
            high.setData(xs, list(f.upper))
        self.forecast_note.setText(self.forecast_text())
        self.forecast_note.setVisible(self.forecast_on)

    def forecast_text(self) -> str:
        """The method, its back-tested error and what it says of the target, in words."""
        f = self.forecast
        if not self.forecast_on:
            return ""
        if f is None:
            return translate("system_page", "Đang dự báo…")
        if f.status == fc.TOO_SHORT:
            return translate(
                "system_page", "Chuỗi quá ngắn để dự báo ({n} điểm, cần ít nhất {k})"
            ).format(n=f.n, k=fc.MIN_POINTS)
        if f.status == fc.CONSTANT:
            return translate("system_page", "Chuỗi không đổi: dự báo là chính giá trị đó")
        if f.status != fc.OK:
            return translate("system_page", "Không dựng được mô hình dự báo")
        parts = [f.method]
        bt = f.backtest
        if bt is not None:
            error = (
                translate("system_page", "sai số MAPE {e} %").format(e=format_number(bt.mape))
                if bt.mape is not None
                else translate("system_page", "sai số sMAPE {e} %").format(
                    e=format_number(bt.smape)
                )
            )
            parts.append(
                error
                + translate("system_page", " ({n} điểm kiểm định lùi, {c} % trong khoảng)").format(
                    n=bt.points, c=round(100 * bt.coverage)
                )
            )
        outlook = {
            fc.MISS: translate("system_page", "dự báo KHÔNG ĐẠT mục tiêu"),
            fc.AT_RISK: translate("system_page", "có nguy cơ không đạt mục tiêu"),
            fc.ON_TRACK: translate("system_page", "dự báo đạt mục tiêu"),
        }.get(f.outlook or "")
        if outlook:
            parts.append(outlook)
        return " · ".join(parts)

    def _unit(self) -> str:
        kpi = self.kpi()
        return kpi.unit if kpi else ""
