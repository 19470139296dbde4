"""The leaders' daily briefing: what the province's indicators say this morning, gathered from
the backend as plain data (no Qt), ready for a PDF (``briefing_pdf.py``) or a screen.

What it holds, as a provincial IOC's morning report does:
- every indicator that has a target, by system, its value against the target, its status
  band and its change since yesterday: the series' point nearest 24 hours ago where the
  series reaches that far, else the value the last briefing saved (a day's briefings then
  chain), else the series' first point, with its time (the comparison always says "since
  when", never passes a shorter span off as a day);
- the five wards that most need attention: for every rate the backend breaks down by ward
  (a breakdown whose wards add up to the province is a count, and a count of a big ward is
  not worse than a small one's, so counts are left out), two points a ward in the critical
  band, one in the warning band; open incidents in the ward break ties;
- open incidents by severity and the citizen-report backlog by age.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from ioc_desktop.backend.client import BackendError
from ioc_desktop.backend.models import (
    BreakdownItem,
    CitizenReport,
    Incident,
    Kpi,
    KpiSeries,
)
from ioc_desktop.files import JsonFileError, read_json_file
from ioc_desktop.systems import COUNT_UNITS

log = logging.getLogger(__name__)

SEVERITIES = ("critical", "high", "medium", "low", "informational")
CLOSED = frozenset({"resolved", "closed", "cancelled"})
AGE_BUCKETS = ((1, "dưới 1 ngày"), (3, "1–3 ngày"), (7, "3–7 ngày"), (None, "trên 7 ngày"))
WORST_WARDS = 5
STATE_VERSION = 1


class BriefingSource(Protocol):
    """What the briefing reads (BackendClient answers it)."""

    def kpis(self, system: int | None = None, area: str | None = None) -> list[Kpi]: ...
    def kpi_series(
        self, kpi_id: str, interval: str = "PT1M", area: str | None = None
    ) -> KpiSeries: ...
    def kpi_breakdown(self, kpi_id: str) -> list[BreakdownItem]: ...
    def incidents(self) -> list[Incident]: ...
    def reports(self) -> list[CitizenReport]: ...


@dataclass(frozen=True)
class Headline:
    system: int
    kpi_id: str
    name_vi: str
    unit: str
    value: float
    target: float | None
    higher_is_better: bool
    status: str | None  # good | warning | critical | None (no band holds it)
    change: float | None = None  # value minus the reference's
    since: datetime | None = None  # the reference's time
    since_kind: str = ""  # "day" (24 h ago), "briefing" (the last one), "series" (its start)


@dataclass(frozen=True)
class WardRow:
    code: str
    name: str
    score: int
    problems: tuple[str, ...]  # "Hồ sơ giải quyết đúng hạn 82,1 %" …
    open_incidents: int


@dataclass(frozen=True)
class Briefing:
    made_at: datetime
    headlines: tuple[Headline, ...]
    worst_wards: tuple[WardRow, ...]
    incidents_by_severity: tuple[tuple[str, int], ...]
    reports_open: int
    reports_by_age: tuple[tuple[str, int], ...]
    oldest_report: datetime | None
    failures: tuple[str, ...] = field(default=())  # what could not be read, said in the PDF

    def to_state(self) -> dict[str, object]:
        """What the next briefing compares with (saved as JSON)."""
        return {
            "version": STATE_VERSION,
            "made_at": self.made_at.isoformat(),
            "values": {h.kpi_id: h.value for h in self.headlines},
        }

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def status_of(kpi: Kpi, value: float) -> str | None:
    for band in kpi.thresholds:
        if band.lower <= value < band.upper:
            return band.status
    return None


def gather(
    source: BriefingSource, now: datetime, previous: dict[str, object] | None = None
) -> Briefing:
    """Read the backend once and compose the briefing made at ``now``."""
    failures: list[str] = []
    kpis = [k for k in source.kpis() if k.target is not None]
    kpis.sort(key=lambda k: k.system)  # stable: the backend's order within a system
    headlines = [_headline(source, k, now, previous, failures) for k in kpis]
    incidents = source.incidents()
    open_incidents = [i for i in incidents if i.status not in CLOSED]
    reports = source.reports()
    return Briefing(
        made_at=now,
        headlines=tuple(headlines),
        worst_wards=tuple(_worst_wards(source, kpis, open_incidents, failures)),
        incidents_by_severity=_by_severity(open_incidents),
        reports_open=len(reports),
        reports_by_age=_by_age(reports, now),
        oldest_report=min((r.requested_datetime for r in reports), default=None),
        failures=tuple(failures),
    )


def _headline(
    source: BriefingSource,
    kpi: Kpi,
    now: datetime,
    previous: dict[str, object] | None,
    failures: list[str],
) -> Headline:
    change: float | None = None
    since: datetime | None = None
    kind = ""
    try:
        points = source.kpi_series(kpi.id).points
    except BackendError as exc:  # one feed that fails leaves its row without a change
        failures.append(f"{kpi.name_vi}: {exc}")
        points = ()
    day_ago = now - timedelta(days=1)
    old = [p for p in points if p.t <= day_ago]
    prev_values = previous.get("values") if previous else None
    prev_at = _time(previous.get("made_at")) if previous else None
    if old and day_ago - old[-1].t < timedelta(hours=2):
        change, since, kind = kpi.value - old[-1].value, old[-1].t, "day"
    elif (
        isinstance(prev_values, dict)
        and isinstance(prev_values.get(kpi.id), int | float)
        and prev_at is not None
        and prev_at < now
    ):
        change, since, kind = kpi.value - float(prev_values[kpi.id]), prev_at, "briefing"
    elif points:
        change, since, kind = kpi.value - points[0].value, points[0].t, "series"
    return Headline(
        system=kpi.system,
        kpi_id=kpi.id,
        name_vi=kpi.name_vi,
        unit=kpi.unit,
        value=kpi.value,
        target=kpi.target,
        higher_is_better=kpi.higher_is_better,
        status=status_of(kpi, kpi.value),
        change=change,
        since=since,
        since_kind=kind,
    )


def _time(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _is_count(kpi: Kpi, items: Sequence[BreakdownItem]) -> bool:
    """Wards that add up to the province (give or take what moved between the two calls);
    a rate's wards add up to about as many times the province as there are wards."""
    total = sum(i.value for i in items)
    return abs(total - kpi.value) <= max(0.5, 0.2 * abs(kpi.value))


def _worst_wards(
    source: BriefingSource, kpis: Sequence[Kpi], incidents: Sequence[Incident], failures: list[str]
) -> list[WardRow]:
    score: Counter[str] = Counter()
    problems: dict[str, list[tuple[int, str]]] = {}
    names: dict[str, str] = {}
    for kpi in kpis:
        if not kpi.thresholds:
            continue
        try:
            items = source.kpi_breakdown(kpi.id)
        except BackendError as exc:
            failures.append(f"{kpi.name_vi} theo phường, xã: {exc}")
            continue
        if not items or _is_count(kpi, items):
            continue
        for item in items:
            names[item.area_code] = item.area_name
            points = {"critical": 2, "warning": 1}.get(status_of(kpi, item.value) or "", 0)
            if points:
                score[item.area_code] += points
                text = f"{kpi.name_vi} {number(item.value, kpi.unit)}"
                problems.setdefault(item.area_code, []).append((points, text))
    in_ward = Counter(i.area_code for i in incidents)
    ranked = sorted(
        (code for code in score if score[code] > 0),
        key=lambda c: (-score[c], -in_ward[c], names[c]),
    )
    return [
        WardRow(
            code=c,
            name=names[c],
            score=score[c],
            problems=tuple(t for _, t in sorted(problems[c], key=lambda p: -p[0])),
            open_incidents=in_ward[c],
        )
        for c in ranked[:WORST_WARDS]
    ]


def _by_severity(incidents: Sequence[Incident]) -> tuple[tuple[str, int], ...]:
    counts = Counter(i.severity for i in incidents)
    return tuple((s, counts[s]) for s in SEVERITIES)


def _by_age(reports: Sequence[CitizenReport], now: datetime) -> tuple[tuple[str, int], ...]:
    counts = Counter[str]()
    for r in reports:
        days = (now - r.requested_datetime).total_seconds() / 86400
        label = next(lbl for limit, lbl in AGE_BUCKETS if limit is None or days < limit)
        counts[label] += 1
    return tuple((label, counts[label]) for _, label in AGE_BUCKETS)


def number(value: float, unit: str = "") -> str:
    """A number as a Vietnamese reader writes it: 38.600; 94,2 %; 1.215,5 triệu USD."""
    digits = 0 if abs(value) >= 1000 or unit in COUNT_UNITS else (2 if abs(value) < 10 else 1)
    text = f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if not unit:
        return text
    return f"{text} %" if unit == "%" else f"{text} {unit}"


def load_state(path: Path) -> dict[str, object] | None:
    """The last briefing's values, or None when there is none or it cannot be read."""
    try:
        data = read_json_file(path)
    except FileNotFoundError:
        return None
    except JsonFileError as exc:
        log.warning("briefing: the last briefing's values cannot be read (%s): %s", path, exc)
        return None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return None
    return data


def save_state(path: Path, briefing: Briefing) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(briefing.to_state(), ensure_ascii=False), "utf-8")
    tmp.replace(path)
