"""VN_AQI as Decision 1459/QĐ-TCMT defines it: categories, colours, and PM2.5 to index.

One table for everything that speaks VN_AQI (the demo's KPI thresholds, the bars, the map),
so a category can never be one colour on a chart and another on the map.
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

from ioc_desktop.i18n import QT_TRANSLATE_NOOP


class AqiCategory(NamedTuple):
    upper: int  # highest index in the category
    name_vi: str  # Vietnamese source text; shown through translate("vn_aqi", …)
    color: str
    status: str  # the KPI status the category maps to: good | warning | critical


CATEGORIES = (
    AqiCategory(50, QT_TRANSLATE_NOOP("vn_aqi", "Tốt"), "#00e400", "good"),
    AqiCategory(100, QT_TRANSLATE_NOOP("vn_aqi", "Trung bình"), "#ffff00", "warning"),
    AqiCategory(150, QT_TRANSLATE_NOOP("vn_aqi", "Kém"), "#ff7e00", "warning"),
    AqiCategory(200, QT_TRANSLATE_NOOP("vn_aqi", "Xấu"), "#ff0000", "critical"),
    AqiCategory(300, QT_TRANSLATE_NOOP("vn_aqi", "Rất xấu"), "#8f3f97", "critical"),
    AqiCategory(500, QT_TRANSLATE_NOOP("vn_aqi", "Nguy hại"), "#7e0023", "critical"),
)

# PM2.5 (µg/m³) breakpoints and the index at each
_PM25_BREAKPOINTS = [
    (0, 0),
    (25, 50),
    (50, 100),
    (80, 150),
    (150, 200),
    (250, 300),
    (350, 400),
    (500, 500),
]


def category(aqi: float) -> AqiCategory:
    return next((c for c in CATEGORIES if aqi <= c.upper), CATEGORIES[-1])


def from_pm25(pm25: float) -> int:
    for (c_lo, i_lo), (c_hi, i_hi) in itertools.pairwise(_PM25_BREAKPOINTS):
        if pm25 <= c_hi:
            return round(i_lo + (i_hi - i_lo) * (pm25 - c_lo) / (c_hi - c_lo))
    return 500


def kpi_thresholds() -> list[dict[str, object]]:
    """The categories as a KPI's thresholds in the backend contract: [from, to) bands."""
    lows = [0, *(c.upper + 1 for c in CATEGORIES[:-1])]
    return [
        {"from": lo, "to": c.upper + 1, "status": c.status, "color": c.color}
        for lo, c in zip(lows, CATEGORIES, strict=True)
    ]
