"""A group of big-number KPI tiles: the value in its band's colour, an arrow for the change
since the previous value (green when the change is for the better: some KPIs are worse when
higher), the target. Read from across a room, so one number per tile and little else.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop.backend.models import Kpi
from ioc_desktop.i18n import translate
from ioc_desktop.store import Store
from widgets.kpi_panels import format_number
from widgets.panel_frame import PanelFrame
from widgets.theme import KPI_STATUS_COLORS, MUTED, STATUS_COLORS

SPARK_POINTS = 120
MAX_SYSTEM_TILES = 4  # a system's tiles in one wall cell: its headline KPIs, big numbers whole
WHOLE_UNITS = ("vụ", "văn bản", "AQI", "hồ sơ", "ca")


def trend(kpi: Kpi, previous: float | None) -> tuple[str, str]:
    """(arrow, colour) for the change from previous to now; no arrow without a previous."""
    if previous is None or abs(kpi.value - previous) < 1e-9:
        return "", MUTED
    up = kpi.value > previous
    better = up == kpi.higher_is_better
    return ("▲" if up else "▼"), (STATUS_COLORS["live"] if better else STATUS_COLORS["lost"])


class Sparkline(QWidget):
    """The recent course of a value, one line, no axes: a shape to read from afar."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[float] = []
        self.setMinimumHeight(24)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_values(self, values: list[float]) -> None:
        self.values = values[-SPARK_POINTS:]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if len(self.values) < 2:
            return
        lo, hi = min(self.values), max(self.values)
        span = (hi - lo) or 1.0
        w, h = self.width() - 2, self.height() - 4
        n = len(self.values) - 1
        line = QPolygonF(
            [
                QPointF(1 + w * i / n, 2 + h * (1 - (v - lo) / span))
                for i, v in enumerate(self.values)
            ]
        )
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor("#5ac8fa"), 2))
        p.drawPolyline(line)


class PercentGauge(QWidget):
    """A 270° ring for a percentage: the filled part in the value's band colour."""

    def __init__(self) -> None:
        super().__init__()
        self.percent: float | None = None
        self.color = MUTED
        self.setMinimumSize(64, 64)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def set_value(self, percent: float | None, color: str) -> None:
        self.percent = None if percent is None else max(0.0, min(100.0, percent))
        self.color = color
        self.setVisible(percent is not None)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.percent is None:
            return
        room = min(self.width(), self.height())
        thick = max(4, room // 10)
        side = room - thick - 4  # the pen is centred on the arc: keep its outer half inside
        if side <= 8:
            return
        x = self.rect().center().x() - side // 2
        y = self.rect().center().y() - side // 2
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        start, full = 225 * 16, -270 * 16  # from lower left, clockwise, to lower right
        for color, span in (("#2a3a4c", full), (self.color, int(full * self.percent / 100))):
            pen = QPen(QColor(color))
            pen.setWidth(thick)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            p.drawArc(x, y, side, side, start, span)


class KpiTile(QFrame):
    def __init__(self, kpi_id: str) -> None:
        super().__init__()
        self.setObjectName("KpiTile")
        self.kpi_id = kpi_id
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.setSpacing(2)
        self.name = QLabel(kpi_id)
        self.name.setObjectName("KpiTileName")
        self.name.setWordWrap(True)
        self.value = QLabel("—")
        self.value.setObjectName("KpiTileValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.detail = QLabel("")
        self.detail.setObjectName("KpiTileDetail")
        self.spark = Sparkline()
        self.gauge = PercentGauge()
        self.gauge.hide()
        middle = QHBoxLayout()
        middle.setSpacing(8)
        numbers = QVBoxLayout()
        numbers.addWidget(self.value)
        numbers.addWidget(self.spark, 1)
        middle.addLayout(numbers, 2)
        middle.addWidget(self.gauge, 1)  # a third of the tile: readable from the room
        lay.addWidget(self.name)
        lay.addLayout(middle, 1)
        lay.addWidget(self.detail)

    def show_kpi(self, kpi: Kpi | None, previous: float | None, catalogue_known: bool) -> None:
        if kpi is None:
            self.value.setText("—")
            self.detail.setText(
                translate("kpi_tiles", "không còn trong danh mục") if catalogue_known else ""
            )
            return
        self.name.setText(kpi.name_vi)
        self.name.setToolTip(kpi.name_en)
        decimals = 0 if kpi.unit in WHOLE_UNITS else 1
        band = kpi.status()
        color = KPI_STATUS_COLORS.get(band.status, "#f2f2f7") if band else "#f2f2f7"
        arrow, arrow_color = trend(kpi, previous)
        arrow_html = f' <span style="color:{arrow_color}">{arrow}</span>' if arrow else ""
        self.value.setTextFormat(Qt.TextFormat.RichText)
        # the number and unit are ours (floats and a unit from the catalogue), escaped anyway
        unit = kpi.unit.replace("&", "&amp;").replace("<", "&lt;")
        self.value.setText(
            f'<span style="color:{color}">{format_number(kpi.value, decimals)}</span>'
            f' <span style="font-size:14pt;color:{MUTED}">{unit}</span>{arrow_html}'
        )
        target = (
            ""
            if kpi.target is None
            else translate("kpi_panels", "mục tiêu {target}").format(
                target=format_number(kpi.target, decimals)
            )
        )
        self.detail.setText(target)
        self.gauge.set_value(kpi.value if kpi.unit == "%" else None, color)


class KpiTilesPanel(PanelFrame):
    """Several KPIs at a glance: the ids given, or every KPI of one IOC system (a double
    click on a system's tiles opens the system's page)."""

    sig_open_system = Signal(int)  # the system whose page the operator asked for

    def __init__(
        self,
        store: Store,
        kpi_ids: list[str] | None = None,
        system: int | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title or translate("panels", "Chỉ số chính"), parent)
        self.store = store
        self.kpi_ids = list(kpi_ids or [])
        self.system = system
        self.updates = 0
        # the values seen here, newest last: the arrow compares the last two, and the sparkline
        # draws them when the KPI's series is not known
        self._seen: dict[str, list[float]] = {}
        self.grid = QGridLayout()
        self.grid.setSpacing(6)
        self.body.addLayout(self.grid, 1)
        self.tiles: dict[str, KpiTile] = {}
        store.sig_kpis_changed.connect(self._on_kpis_changed)
        store.sig_series_changed.connect(self._on_series_changed)
        self._on_kpis_changed()
        if system is not None:
            self.setToolTip(translate("kpi_tiles", "Nhấp đúp để xem chi tiết hệ thống"))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.system is not None:
            self.sig_open_system.emit(self.system)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _on_series_changed(self, kpi_id: str) -> None:
        tile = self.tiles.get(kpi_id)
        series = self.store.series.get(kpi_id)
        if tile is not None and series is not None:
            tile.spark.set_values([pt.value for pt in series.points])

    def ids(self) -> list[str]:
        """The KPIs named; or a system's headline KPIs: those with a target first, in the
        backend's order, at most MAX_SYSTEM_TILES (seven in a wall cell cut their big
        numbers in half); the system's page shows them all."""
        if self.kpi_ids:
            return self.kpi_ids
        return sorted(self._system_ids()[:MAX_SYSTEM_TILES])

    def _system_ids(self) -> list[str]:
        if self.system is None:
            return []
        mine = [k for k in self.store.kpis.values() if k.system == self.system]
        return [k.id for k in mine if k.target is not None] + [
            k.id for k in mine if k.target is None
        ]

    def _on_kpis_changed(self) -> None:
        ids = self.ids()
        if list(self.tiles) != ids:
            for tile in self.tiles.values():
                self.grid.removeWidget(tile)
                tile.deleteLater()
            self.tiles = {}
            cols = 1 if len(ids) <= 1 else 2 if len(ids) <= 4 else 3
            for i, kid in enumerate(ids):
                tile = KpiTile(kid)
                self.tiles[kid] = tile
                self.grid.addWidget(tile, i // cols, i % cols)
        for kid, tile in self.tiles.items():
            kpi = self.store.kpis.get(kid)
            seen = self._seen.setdefault(kid, [])
            if kpi is not None and (not seen or seen[-1] != kpi.value):
                seen.append(kpi.value)
                del seen[:-SPARK_POINTS]
            previous = seen[-2] if len(seen) >= 2 else None
            tile.show_kpi(kpi, previous, bool(self.store.kpis))
            if kid in self.store.series:
                self._on_series_changed(kid)
            else:
                tile.spark.set_values(self._seen.get(kid, []))
        every = len(self._system_ids()) if not self.kpi_ids else len(ids)
        self.subtitle.setText(
            (
                translate("kpi_tiles", "1 chỉ số")
                if len(ids) == 1
                else translate("kpi_tiles", "{count} chỉ số").format(count=len(ids))
                if every <= len(ids)
                else translate("kpi_tiles", "{shown} trên {count} chỉ số").format(
                    shown=len(ids), count=every
                )
            )
            if ids
            else ""
        )
        self.updates += 1
