"""The single source of truth the widgets read: backend data plus how fresh each feed is.

The sync layer writes here on the GUI thread; widgets subscribe to the `sig_*` signals and
read the attributes. A feed that fails keeps its last data: the store only records the error
and the age, so the wall shows stale data with its age instead of going blank.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal

from ioc_desktop.backend.models import (
    AirQualityStation,
    Area,
    BreakdownItem,
    Camera,
    CitizenReport,
    HotTopic,
    Incident,
    Kpi,
    KpiSeries,
)
from ioc_desktop.link_health import ANSWER, AUTH, Link, LinkHealth, LinkStatus

__all__ = ["Link", "LinkStatus", "Store"]


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
    sig_hot_topics_changed = Signal()
    """Social listening's hot topics changed (system 7)."""
    sig_auth_needed = Signal(bool)
    """The backend refused the token (True) or took it again (False)."""
    sig_link_changed = Signal()
    """A feed succeeded or failed: the link status may read differently."""
    sig_notice = Signal(str)
    """A passing message for the operator's status bar (a one-off look that failed)."""

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
        self.hot_topics: list[HotTopic] = []
        self.health = LinkHealth(time.monotonic())
        self.auth_needed = False  # the backend refused the token: the operator must sign in

    # -- writes (sync layer, GUI thread) -------------------------------------------------
    def _ok(self, feed: str) -> None:
        self.record_ok(feed)

    def record_ok(self, feed: str) -> None:
        """A feed's call succeeded (its data, if any, is applied by the caller)."""
        if self.auth_needed:
            self.auth_needed = False
            self.sig_auth_needed.emit(False)
        if self.health.ok(feed, time.monotonic()):
            self.sig_link_changed.emit()

    def record_failure(
        self, feed: str, message: str, unauthorized: bool = False, kind: str = ANSWER
    ) -> None:
        """A feed's call failed; `kind`: TRANSPORT (nothing came back) or ANSWER (a wrong
        answer); `unauthorized`: the backend refused the token (sign in again)."""
        if unauthorized:
            kind = AUTH
            if not self.auth_needed:
                self.auth_needed = True
                self.sig_auth_needed.emit(True)
        self.health.failed(feed, message, kind, time.monotonic())
        self.sig_link_changed.emit()

    def notice(self, text: str) -> None:
        self.sig_notice.emit(text)

    def forget_feed(self, feed: str) -> None:
        """The app stopped polling this feed: its failures no longer count."""
        if self.health.forget(feed):
            self.sig_link_changed.emit()

    def feed_failing(self, feed: str) -> bool:
        h = self.health.feeds.get(feed)
        return h is not None and h.error is not None

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

    def set_hot_topics(self, topics: list[HotTopic]) -> None:
        self._ok("hot_topics")
        if topics != self.hot_topics:
            self.hot_topics = topics
            self.sig_hot_topics_changed.emit()

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
        return self.health.status(time.monotonic() if now is None else now)
