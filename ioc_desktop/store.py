"""The single source of truth the widgets read: backend data plus how fresh each feed is.

The sync layer writes here on the GUI thread; widgets subscribe to the `sig_*` signals and
read the attributes. A feed that fails keeps its last data: the store only records the error
and the age, so the wall shows stale data with its age instead of going blank.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from ioc_desktop.backend.models import (
    AirQualityStation,
    Area,
    BreakdownItem,
    Camera,
    CitizenReport,
    Incident,
    Kpi,
    KpiSeries,
)
from ioc_desktop.incidents.queue import QueuedAction


class Link(StrEnum):
    CONNECTING = "connecting"  # nothing received yet
    ONLINE = "online"  # every feed fresh
    STALE = "stale"  # some feed failing: data shown is old
    OFFLINE = "offline"  # every feed failing


@dataclass
class FeedHealth:
    last_ok: float | None = None  # time.monotonic() of the last good answer
    error: str | None = None
    failures: int = 0


@dataclass(frozen=True)
class LinkStatus:
    link: Link
    data_age_s: float | None  # online: since the last update; else: age of the oldest data shown
    message: str  # the newest error, for the operator


class Store(QObject):
    sig_cameras_changed = Signal()
    """The camera catalogue changed."""
    sig_kpis_changed = Signal()
    """KPI values changed."""
    sig_series_changed = Signal(str)
    """A KPI's series changed (KPI id)."""
    sig_breakdown_changed = Signal(str)
    """A KPI's breakdown by area changed (KPI id)."""
    sig_incidents_changed = Signal()
    """The incident list changed."""
    sig_reports_changed = Signal()
    """The citizen report list changed."""
    sig_air_quality_changed = Signal()
    """Air-quality readings changed."""
    sig_areas_changed = Signal()
    """Areas or their geometry changed."""
    sig_auth_needed = Signal(bool)
    """The backend refused the token (True) or took it again (False)."""
    sig_link_changed = Signal()
    """A feed succeeded or failed: the link status may read differently."""
    sig_outbox_changed = Signal()
    """The officer's unsent actions (pending or refused) changed."""

    def __init__(self) -> None:
        super().__init__()
        self.cameras: dict[str, Camera] = {}
        self.kpis: dict[str, Kpi] = {}
        self.series: dict[str, KpiSeries] = {}
        self.breakdowns: dict[str, list[BreakdownItem]] = {}
        self.incidents: list[Incident] = []
        self.reports: list[CitizenReport] = []
        self.air_quality: list[AirQualityStation] = []
        self.areas: list[Area] = []
        self.geometry: dict[str, dict[str, object]] = {}
        self.feeds: dict[str, FeedHealth] = {}
        self.outbox: list[QueuedAction] = []
        self.outbox_problem: str | None = None
        self.auth_needed = False  # the backend refused the token: the operator must sign in

    # -- writes (sync layer, GUI thread) -------------------------------------------------
    def _ok(self, feed: str) -> None:
        h = self.feeds.setdefault(feed, FeedHealth())
        was_bad = h.error is not None or h.last_ok is None
        h.last_ok, h.error, h.failures = time.monotonic(), None, 0
        if self.auth_needed:
            self.auth_needed = False
            self.sig_auth_needed.emit(False)
        if was_bad:
            self.sig_link_changed.emit()

    def record_failure(self, feed: str, message: str, unauthorized: bool = False) -> None:
        """A feed failed; `unauthorized`: the backend refused the token (sign in again)."""
        h = self.feeds.setdefault(feed, FeedHealth())
        h.error, h.failures = message, h.failures + 1
        if unauthorized and not self.auth_needed:
            self.auth_needed = True
            self.sig_auth_needed.emit(True)
        self.sig_link_changed.emit()

    def merge_incidents(self, updated: list[Incident]) -> None:
        """Incidents as an action's answer returned them: newer versions replace older ones,
        so the officer sees the result at once, not at the next poll."""
        by_id = {i.id: i for i in self.incidents}
        changed = False
        for inc in updated:
            old = by_id.get(inc.id)
            if old is None or inc.version > old.version:
                by_id[inc.id] = inc
                changed = True
        if changed:
            self.incidents = list(by_id.values())
            self.sig_incidents_changed.emit()

    def set_outbox(self, items: list[QueuedAction], problem: str | None) -> None:
        if items != self.outbox or problem != self.outbox_problem:
            self.outbox, self.outbox_problem = items, problem
            self.sig_outbox_changed.emit()

    def set_cameras(self, cameras: list[Camera]) -> None:
        new = {c.id: c for c in cameras}
        self._ok("cameras")
        if new != self.cameras:
            self.cameras = new
            self.sig_cameras_changed.emit()

    def set_kpis(self, kpis: list[Kpi]) -> None:
        self._ok("kpis")
        self.kpis = {k.id: k for k in kpis}
        self.sig_kpis_changed.emit()

    def set_series(self, series: KpiSeries) -> None:
        """Kept under series.key: the KPI id, or "<id>@<ward>" for a ward's drill-down."""
        self._ok(f"series:{series.key}")
        if self.series.get(series.key) != series:
            self.series[series.key] = series
            self.sig_series_changed.emit(series.key)

    def set_breakdown(self, kpi_id: str, items: list[BreakdownItem]) -> None:
        self._ok(f"breakdown:{kpi_id}")
        if self.breakdowns.get(kpi_id) != items:
            self.breakdowns[kpi_id] = items
            self.sig_breakdown_changed.emit(kpi_id)

    def set_incidents(self, incidents: list[Incident]) -> None:
        self._ok("incidents")
        if incidents != self.incidents:
            self.incidents = incidents
            self.sig_incidents_changed.emit()

    def set_reports(self, reports: list[CitizenReport]) -> None:
        self._ok("reports")
        if reports != self.reports:
            self.reports = reports
            self.sig_reports_changed.emit()

    def set_air_quality(self, stations: list[AirQualityStation]) -> None:
        self._ok("air_quality")
        if stations != self.air_quality:
            self.air_quality = stations
            self.sig_air_quality_changed.emit()

    def set_areas(self, areas: list[Area], geometry: dict[str, dict[str, object]]) -> None:
        self._ok("areas")
        self.areas, self.geometry = areas, geometry
        self.sig_areas_changed.emit()

    # -- reads ---------------------------------------------------------------------------
    def open_incidents(self) -> list[Incident]:
        """Open incidents, newest first."""
        return sorted(
            (i for i in self.incidents if i.is_open), key=lambda i: i.date_issued, reverse=True
        )

    def reports_newest_first(self) -> list[CitizenReport]:
        return sorted(self.reports, key=lambda r: r.requested_datetime, reverse=True)

    def link_status(self, now: float | None = None) -> LinkStatus:
        now = time.monotonic() if now is None else now
        if not self.feeds:
            return LinkStatus(Link.CONNECTING, None, "")
        failing = [h for h in self.feeds.values() if h.error]
        if not failing:
            newest = max(
                (h.last_ok for h in self.feeds.values() if h.last_ok is not None), default=None
            )
            return LinkStatus(Link.ONLINE, None if newest is None else now - newest, "")
        stale = [h.last_ok for h in failing if h.last_ok is not None]
        age = now - min(stale) if stale else None
        message = failing[-1].error or ""
        if len(failing) == len(self.feeds):
            return LinkStatus(Link.OFFLINE, age, message)
        return LinkStatus(Link.STALE, age, message)
