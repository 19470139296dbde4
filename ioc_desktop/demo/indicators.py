"""The nine systems' indicators, as a provincial IOC publishes them: the demo's KPI set.

Pure data (no Qt, no I/O). Each indicator says what the contract's ``Kpi`` says (name in
Vietnamese and English, unit, target, direction, status bands, frequency) plus what a ward
breakdown means for it (``aggregation``):

- ``sum``: a count or an amount (dossiers, documents, cases, tỷ đồng, arrivals); the wards'
  values add up to the province's;
- ``weighted``: a rate or a share (on time, occupancy, attendance); the province's value is
  the wards' mean weighted by ``weight`` (the count the rate is of: dossiers resolved for the
  on-time rate, documents received for the processed rate…; "population" where it is of
  people);
- ``max``: the worst station (VN_AQI, the river level): the province shows its highest;
- ``province``: only the province has it (GRDP growth, CPI, FDI, the 766 service index);
  no ward breakdown is served.

``period`` names what the value covers: ``now`` (a reading), ``hour``, ``day``, ``month``
(this month so far), ``ytd`` (the year so far: budget revenue against the year's plan, FDI).
The simulation draws each value inside ``lo``..``hi`` around ``start`` with steps of ``step``;
``yoy`` is this period's value over the same period last year, for the comparison line.

Targets and bands follow the provinces' published plans and the national rules where one
exists (VN_AQI: Decision 1459/QĐ-TCMT; public services: Decision 766/QĐ-TTg scores out of 100;
the river's alarm levels at Phú Thọ station: I 17.5 m, II 18.2 m, III 19.0 m).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ioc_desktop import vn_aqi
from ioc_desktop.systems import SYSTEMS as SYSTEMS  # re-exported: the demo names them too

AGGREGATIONS = ("sum", "weighted", "max", "province")
PERIODS = ("now", "hour", "day", "month", "ytd", "year")

GOOD, WARN, BAD = "#2ecc71", "#f1c40f", "#e74c3c"


def bands(*edges: tuple[float, float, str]) -> list[dict[str, Any]]:
    """Status bands from (from, to, status) triples, coloured as the wall colours them."""
    colour = {"good": GOOD, "warning": WARN, "critical": BAD}
    return [{"from": a, "to": b, "status": s, "color": colour[s]} for a, b, s in edges]


def higher(target: float, warn: float, lo: float, hi: float) -> list[dict[str, Any]]:
    """Good from the target up, warning from ``warn``, critical below."""
    return bands((target, hi, "good"), (warn, target, "warning"), (lo, warn, "critical"))


def lower(target: float, warn: float, lo: float, hi: float) -> list[dict[str, Any]]:
    """Good up to the target, warning up to ``warn``, critical above."""
    return bands((lo, target, "good"), (target, warn, "warning"), (warn, hi, "critical"))


@dataclass(frozen=True)
class Indicator:
    id: str
    system: int
    name_vi: str
    name_en: str
    unit: str
    target: float | None
    higher_is_better: bool
    thresholds: list[dict[str, Any]]
    frequency: str  # the contract's: minutely, hourly, daily, monthly, yearly
    period: str  # PERIODS
    aggregation: str  # AGGREGATIONS
    start: float
    lo: float
    hi: float
    step: float
    weight: str | None = None  # for "weighted": the count it is a rate of, or "population"
    yoy: float = 1.0  # this period over the same period last year
    headline: bool = False  # on the system's dashboard panel and in the briefing


def _i(*args: Any, **kw: Any) -> Indicator:
    return Indicator(*args, **kw)


# one indicator in a few lines, its fields in the contract's order
# fmt: off
INDICATORS: tuple[Indicator, ...] = (
    # 1 -- socio-economic: growth, the budget against its plan, industry, trade, investment
    _i("ktxh-grdp-growth", 1, "Tăng trưởng GRDP", "GRDP growth", "%", 8.0, True,
       higher(8.0, 6.5, -100, 100), "monthly", "ytd", "province", 7.6, 4.0, 11.0, 0.08,
       yoy=1.05, headline=True),
    _i("ktxh-budget-revenue", 1, "Thu ngân sách nhà nước trên địa bàn", "State budget revenue",
       "tỷ đồng", 42_000.0, True, higher(42_000, 35_000, 0, 1e6), "daily", "ytd", "sum",
       38_600.0, 30_000.0, 46_000.0, 120.0, weight="population", yoy=1.12),
    _i("ktxh-budget-plan-rate", 1, "Thu ngân sách so với dự toán", "Budget revenue vs plan",
       "%", 100.0, True, higher(100, 85, 0, 1000), "daily", "ytd", "province", 91.9, 70.0,
       110.0, 0.3, yoy=1.04, headline=True),
    _i("ktxh-iip", 1, "Chỉ số sản xuất công nghiệp (IIP) so với cùng kỳ",
       "Industrial production index (y/y)", "%", 110.0, True, higher(110, 104, 0, 1000),
       "monthly", "month", "province", 111.4, 100.0, 120.0, 0.3, headline=True),
    _i("ktxh-retail", 1, "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ",
       "Retail sales of goods and services", "tỷ đồng", 12_500.0, True,
       higher(12_500, 11_000, 0, 1e6), "monthly", "month", "sum", 12_180.0, 10_000.0,
       14_500.0, 40.0, weight="population", yoy=1.11),
    _i("ktxh-fdi-disbursed", 1, "Vốn FDI giải ngân", "FDI disbursed", "triệu USD", 1_400.0,
       True, higher(1_400, 1_100, 0, 1e5), "monthly", "ytd", "province", 1_215.0, 900.0,
       1_600.0, 6.0, yoy=1.08, headline=True),
    _i("ktxh-tourist-arrivals", 1, "Lượt khách du lịch", "Tourist arrivals", "lượt",
       950_000.0, True, higher(950_000, 800_000, 0, 1e8), "daily", "month", "sum",
       910_000.0, 600_000.0, 1_300_000.0, 4_000.0, weight="population", yoy=1.09),
    # 2 -- public administrative services (one-stop shops), land procedures among them
    _i("dvc-received", 2, "Hồ sơ tiếp nhận", "Dossiers received", "hồ sơ", None, True,
       [], "daily", "month", "sum", 48_000.0, 38_000.0, 60_000.0, 150.0,
       weight="population", yoy=1.06, headline=True),
    _i("dvc-resolved", 2, "Hồ sơ đã giải quyết", "Dossiers resolved", "hồ sơ", None, True,
       [], "daily", "month", "sum", 44_500.0, 35_000.0, 56_000.0, 150.0,
       weight="population", yoy=1.05),
    _i("dvc-ontime-rate", 2, "Hồ sơ giải quyết đúng hạn", "Dossiers processed on time", "%",
       95.0, True, higher(95, 85, 0, 100.01), "minutely", "month", "weighted", 94.0, 80.0,
       100.0, 0.6, weight="dvc-resolved", yoy=1.01, headline=True),
    _i("dvc-late", 2, "Hồ sơ quá hạn", "Dossiers late", "hồ sơ", 500.0, False,
       lower(500, 1_500, 0, 1e6), "daily", "month", "sum", 980.0, 200.0, 3_000.0, 25.0,
       weight="population", yoy=0.8, headline=True),
    _i("dvc-online-rate", 2, "Hồ sơ trực tuyến toàn trình", "Dossiers fully online", "%",
       80.0, True, higher(80, 60, 0, 100.01), "daily", "month", "weighted", 71.5, 50.0,
       95.0, 0.4, weight="dvc-received", yoy=1.2),
    _i("dvc-766-index", 2, "Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)",
       "Service index for citizens and businesses (766/QĐ-TTg)", "điểm", 90.0, True,
       higher(90, 80, 0, 100.01), "monthly", "month", "province", 86.4, 70.0, 98.0, 0.2,
       yoy=1.03, headline=True),
    _i("dvc-land-received", 2, "Hồ sơ đất đai tiếp nhận", "Land dossiers received", "hồ sơ",
       None, True, [], "daily", "month", "sum", 14_200.0, 10_000.0, 19_000.0, 60.0,
       weight="population", yoy=1.04),
    _i("dvc-land-late", 2, "Hồ sơ đất đai quá hạn", "Land dossiers late", "hồ sơ", 200.0,
       False, lower(200, 600, 0, 1e6), "daily", "month", "sum", 410.0, 80.0, 1_200.0, 12.0,
       weight="population", yoy=0.85),
    # 3 -- e-documents (by department: served for the province only)
    _i("vbdt-received", 3, "Văn bản đến", "Documents received", "văn bản", None, True, [],
       "daily", "month", "province", 31_000.0, 24_000.0, 40_000.0, 90.0, yoy=1.02,
       headline=True),
    _i("vbdt-processed-rate", 3, "Văn bản xử lý đúng hạn", "Documents processed on time",
       "%", 95.0, True, higher(95, 85, 0, 100.01), "daily", "month", "province", 93.2,
       80.0, 100.0, 0.3, yoy=1.01, headline=True),
    _i("vbdt-overdue", 3, "Văn bản quá hạn xử lý", "Overdue e-documents", "văn bản", 20.0,
       False, lower(20, 50, 0, 100_000), "minutely", "now", "province", 42.0, 0.0, 120.0,
       3.0, yoy=0.9, headline=True),
    _i("vbdt-signed-rate", 3, "Văn bản đi ký số", "Outgoing documents signed digitally", "%",
       98.0, True, higher(98, 90, 0, 100.01), "daily", "month", "province", 97.1, 90.0,
       100.0, 0.1, yoy=1.02),
    # 4 -- statistics: monthly series, each against the same month last year
    _i("tk-cpi", 4, "Chỉ số giá tiêu dùng (CPI)", "Consumer price index", "%", 104.0, False,
       lower(104, 105, 0, 1000), "monthly", "month", "province", 103.2, 100.0, 107.0, 0.05,
       headline=True),
    _i("tk-export", 4, "Kim ngạch xuất khẩu", "Exports", "triệu USD", 3_300.0, True,
       higher(3_300, 2_900, 0, 1e6), "monthly", "month", "province", 3_120.0, 2_500.0,
       3_900.0, 15.0, yoy=1.1, headline=True),
    _i("tk-new-enterprises", 4, "Doanh nghiệp thành lập mới", "New enterprises",
       "doanh nghiệp", 450.0, True, higher(450, 350, 0, 1e5), "monthly", "month", "sum",
       418.0, 250.0, 600.0, 4.0, weight="population", yoy=1.07, headline=True),
    _i("tk-poverty-rate", 4, "Tỷ lệ hộ nghèo", "Poor households", "%", 2.5, False,
       lower(2.5, 4.0, 0, 100), "yearly", "year", "weighted", 2.9, 1.0, 6.0, 0.01,
       weight="population", yoy=0.85),
    # 5 -- health
    _i("yt-bed-occupancy", 5, "Công suất giường bệnh", "Hospital bed occupancy", "%", 85.0,
       False, lower(85, 100, 0, 1000), "minutely", "now", "weighted", 88.0, 60.0, 120.0,
       1.2, weight="population", yoy=1.02, headline=True),
    _i("yt-visits", 5, "Lượt khám, chữa bệnh", "Patient visits", "lượt", None, True, [],
       "daily", "day", "sum", 21_500.0, 15_000.0, 28_000.0, 300.0, weight="population",
       yoy=1.04),
    _i("yt-dengue-cases", 5, "Ca mắc sốt xuất huyết", "Dengue cases", "ca", 60.0, False,
       lower(60, 150, 0, 1e5), "daily", "month", "sum", 74.0, 10.0, 300.0, 3.0,
       weight="population", yoy=1.3, headline=True),
    _i("yt-vaccination", 5, "Trẻ dưới 1 tuổi tiêm chủng đầy đủ",
       "Infants fully vaccinated", "%", 95.0, True, higher(95, 90, 0, 100.01), "monthly",
       "ytd", "weighted", 93.8, 85.0, 99.5, 0.1, weight="population", yoy=1.0,
       headline=True),
    # 6 -- education
    _i("gd-attendance", 6, "Tỷ lệ học sinh chuyên cần", "School attendance", "%", 98.0,
       True, higher(98, 95, 0, 100.01), "daily", "day", "weighted", 97.1, 90.0, 100.0, 0.2,
       weight="population", headline=True),
    _i("gd-schools-standard", 6, "Trường đạt chuẩn quốc gia",
       "Schools meeting the national standard", "%", 80.0, True, higher(80, 70, 0, 100.01),
       "yearly", "year", "weighted", 76.5, 60.0, 95.0, 0.05, weight="population", yoy=1.04,
       headline=True),
    _i("gd-graduation", 6, "Tỷ lệ tốt nghiệp THPT", "Upper-secondary graduation rate", "%",
       99.0, True, higher(99, 97, 0, 100.01), "yearly", "year", "weighted", 98.6, 95.0,
       100.0, 0.02, weight="population", yoy=1.0, headline=True),
    _i("gd-students", 6, "Học sinh các cấp", "Pupils, all levels", "học sinh", None, True,
       [], "yearly", "year", "sum", 930_000.0, 900_000.0, 960_000.0, 50.0,
       weight="population", yoy=1.01),
    # 7 -- social-network information
    _i("mxh-mentions", 7, "Lượt đề cập về tỉnh", "Mentions of the province", "lượt", None,
       True, [], "daily", "day", "province", 18_400.0, 8_000.0, 40_000.0, 400.0, yoy=1.15,
       headline=True),
    _i("mxh-negative-share", 7, "Tin tiêu cực trên mạng xã hội", "Negative social mentions",
       "%", 10.0, False, lower(10, 20, 0, 100), "minutely", "day", "province", 12.0, 2.0,
       40.0, 0.8, yoy=1.1, headline=True),
    _i("mxh-hot-topics", 7, "Chủ đề nóng cần xử lý", "Hot topics to handle", "chủ đề", 3.0,
       False, lower(3, 6, 0, 1000), "hourly", "day", "province", 4.0, 0.0, 12.0, 0.3,
       headline=True),
    # 8 -- environment
    _i("mt-aqi-max", 8, "VN_AQI cao nhất", "Highest VN_AQI", "AQI", 100.0, False,
       vn_aqi.kpi_thresholds(), "minutely", "hour", "max", 78.0, 10.0, 320.0, 4.0,
       headline=True),
    _i("mt-river-level", 8, "Mực nước sông Hồng tại Phú Thọ", "Red River level at Phú Thọ",
       "m", 17.5, False,
       bands((0, 17.5, "good"), (17.5, 19.0, "warning"), (19.0, 100, "critical")),
       "hourly", "now", "max", 15.8, 13.0, 19.5, 0.05, yoy=1.0, headline=True),
    _i("mt-rainfall", 8, "Lượng mưa 24 giờ", "Rainfall, 24 hours", "mm", 50.0, False,
       lower(50, 100, 0, 2000), "hourly", "day", "weighted", 12.0, 0.0, 180.0, 1.5,
       weight="area", yoy=1.0, headline=True),
    _i("mt-waste-collected", 8, "Rác thải sinh hoạt được thu gom", "Household waste collected",
       "%", 95.0, True, higher(95, 85, 0, 100.01), "monthly", "month", "weighted", 92.5,
       80.0, 99.0, 0.1, weight="population", yoy=1.02),
    # 9 -- security and traffic
    _i("an-incidents-hour", 9, "Sự cố trong giờ qua", "Incidents in the last hour", "vụ",
       None, False, lower(5, 10, 0, 1000), "minutely", "hour", "sum", 4.0, 0.0, 30.0, 1.0,
       weight="population", headline=True),
    _i("an-traffic-accidents", 9, "Tai nạn giao thông", "Traffic accidents", "vụ", 30.0,
       False, lower(30, 45, 0, 1e5), "daily", "month", "sum", 27.0, 5.0, 80.0, 1.0,
       weight="population", yoy=0.9, headline=True),
    _i("an-ai-violations", 9, "Vi phạm phát hiện qua camera AI",
       "Violations detected by AI cameras", "lượt", None, False, [], "daily", "day", "sum",
       640.0, 200.0, 1_500.0, 25.0, weight="population", yoy=1.35, headline=True),
    _i("an-cameras-online", 9, "Camera đang hoạt động", "Cameras online", "%", 95.0, True,
       higher(95, 85, 0, 100.01), "minutely", "now", "weighted", 96.2, 80.0, 100.0, 0.3,
       weight="population"),
)
# fmt: on

BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}


def of_system(system: int) -> list[Indicator]:
    return [i for i in INDICATORS if i.system == system]


def headlines(system: int) -> list[Indicator]:
    return [i for i in INDICATORS if i.system == system and i.headline]


def status_of(ind: Indicator, value: float) -> str | None:
    """The band the value falls in ("good", "warning", "critical"), None outside them all."""
    for b in ind.thresholds:
        if b["from"] <= value < b["to"]:
            return str(b["status"])
    return None


def period_of(ind: Indicator, now: datetime) -> tuple[datetime, datetime]:
    """What the value covers, ending now: this hour, today, this month, the year so far."""
    start = {
        "now": now - timedelta(minutes=1),
        "hour": now - timedelta(hours=1),
        "day": now.replace(hour=0, minute=0, second=0, microsecond=0),
        "month": now.replace(day=1, hour=0, minute=0, second=0, microsecond=0),
        "ytd": now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0),
        "year": now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0),
    }[ind.period]
    return (start if start < now else now - timedelta(seconds=1)), now


def kpi_payload(
    ind: Indicator, value: float, area_code: str, now: datetime, iso: Any
) -> dict[str, Any]:
    """The contract's ``Kpi`` for this indicator's value (``iso`` formats a time)."""
    frm, to = period_of(ind, now)
    return {
        "id": ind.id,
        "system": ind.system,
        "name_vi": ind.name_vi,
        "name_en": ind.name_en,
        "unit": ind.unit,
        "value": round(value, 2),
        "target": ind.target,
        "higher_is_better": ind.higher_is_better,
        "thresholds": ind.thresholds,
        "period": {"from": iso(frm), "to": iso(to)},
        "frequency": ind.frequency,
        "area_code": area_code,
        "parent_id": None,
        "updated_at": iso(now),
    }
