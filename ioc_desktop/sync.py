"""Keeps the store filled from the backend without ever blocking the UI thread.

Each feed is an asyncio task on the qasync loop; the blocking `BackendClient` call runs in a
thread pool and its result (or error) is applied to the store back on the GUI thread. A feed
that fails is retried on its own interval: recovery needs no operator action.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from ioc_desktop.backend.client import (
    BackendClient,
    BackendError,
    BackendHttpError,
    BackendTimeout,
    BackendUnauthorized,
    BackendUnreachable,
)
from ioc_desktop.backend.models import LAST_YEAR
from ioc_desktop.i18n import translate
from ioc_desktop.link_health import ANSWER, TRANSPORT
from ioc_desktop.store import Store
from ioc_desktop.worker_pool import started_pool

log = logging.getLogger(__name__)


@dataclass
class PollIntervals:
    fast_s: float = 2.0  # incidents, KPI values, series
    slow_s: float = 10.0  # cameras, reports, air quality
    areas_s: float = 300.0
    call_timeout_s: float = 8.0  # hard cap on one call, above the client's own timeouts


class BackendSync:
    def __init__(
        self,
        client: BackendClient,
        store: Store,
        intervals: PollIntervals | None = None,
        series_ids: Iterable[str] = (),
        breakdown_ids: Iterable[str] = (),
    ) -> None:
        self.client = client
        self.store = store
        self.intervals = intervals or PollIntervals()
        self.series_ids = list(series_ids)
        self.breakdown_ids = list(breakdown_ids)
        self._executor = started_pool(4, "backend")
        self._tasks: list[asyncio.Task[None]] = []
        self._series: dict[str, asyncio.Task[None]] = {}
        self._breakdowns: dict[str, asyncio.Task[None]] = {}
        self._topics: dict[str, asyncio.Task[None]] = {}
        self.hot_topics_polled = False
        self._once: set[asyncio.Task[None]] = set()
        self._running = False
        self.calls = 0

    def start(self) -> None:
        """Start polling; call once the qasync loop runs."""
        iv = self.intervals
        s, c = self.store, self.client
        feeds: list[tuple[str, float, Callable[[], Any], Callable[[Any], None]]] = [
            ("areas", iv.areas_s, self._fetch_areas, lambda r: s.set_areas(*r)),
            ("cameras", iv.slow_s, c.cameras, s.set_cameras),
            ("kpis", iv.fast_s, c.kpis, s.set_kpis),
            ("incidents", iv.fast_s, c.incidents, s.set_incidents),
            ("reports", iv.slow_s, c.reports, s.set_reports),
            ("air_quality", iv.slow_s, c.air_quality, s.set_air_quality),
        ]
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._poll(*f), name=f[0]) for f in feeds]
        self._running = True
        self.set_series_ids(self.series_ids)
        self.set_breakdown_ids(self.breakdown_ids)
        self.set_hot_topics_polled(self.hot_topics_polled)

    def set_breakdown_ids(self, ids: Iterable[str]) -> None:
        """The KPIs shown by ward now: new ones start polling, dropped ones stop."""
        self.breakdown_ids = list(ids)
        self._follow(
            self._breakdowns,
            self.breakdown_ids,
            "breakdown",
            self.intervals.slow_s,
            lambda kid: (
                partial(self.client.kpi_breakdown, kid),
                partial(self.store.set_breakdown, kid),
            ),
        )

    def set_hot_topics_polled(self, on: bool) -> None:
        """Poll system 7's hot topics while a page shows them, not otherwise."""
        self.hot_topics_polled = on
        self._follow(
            self._topics,
            ["hot_topics"] if on else [],
            "social",
            self.intervals.slow_s,
            lambda _key: (self.client.hot_topics, self.store.set_hot_topics),
        )

    def set_series_ids(self, ids: Iterable[str]) -> None:
        """The KPI series the wall shows now: new ones start polling, dropped ones stop."""
        self.series_ids = list(ids)
        self._follow(
            self._series,
            self.series_ids,
            "series",
            self.intervals.fast_s,
            lambda kid: (partial(self.client.kpi_series, kid), self.store.set_series),
        )

    def _follow(
        self,
        running: dict[str, asyncio.Task[None]],
        ids: list[str],
        prefix: str,
        interval: float,
        feed: Callable[[str], tuple[Callable[[], Any], Callable[[Any], None]]],
    ) -> None:
        """Keep one polling task per id in `running`: start the new ones, stop the gone."""
        if not self._running:
            return
        for kid in [k for k in running if k not in ids]:
            running.pop(kid).cancel()
            self.store.forget_feed(f"{prefix}:{kid}")  # no longer shown: no longer a worry
        loop = asyncio.get_running_loop()
        for kid in ids:
            if kid not in running:
                name = f"{prefix}:{kid}"
                fetch, apply = feed(kid)
                running[kid] = loop.create_task(self._poll(name, interval, fetch, apply), name=name)

    def fetch_last_year(self, kpi_id: str, area_code: str | None = None) -> None:
        """The same span as the series held now, a year earlier, fetched once into the store
        (under "<key>#last-year"); nothing while the series itself is not held yet."""
        key = kpi_id if area_code is None else f"{kpi_id}@{area_code}"
        held = self.store.series.get(key)
        if not self._running or held is None or not held.points:
            return
        start, end = held.points[0].t, held.points[-1].t

        async def once() -> None:
            name = f"series:{key}{LAST_YEAR}"
            fetch = partial(self.client.kpi_series_last_year, kpi_id, start, end, area_code)
            ok, result = await self._fetch(name, fetch)
            if ok:
                self.store.set_series(result)
            self.store.forget_feed(name)  # a look back, not a feed: its failure does not stay

        task = asyncio.get_running_loop().create_task(once())
        self._once.add(task)
        task.add_done_callback(self._once.discard)

    def fetch_area_series(self, kpi_id: str, area_code: str) -> None:
        """A drill-down: one ward's series, fetched once off the UI thread into the store."""
        if not self._running:
            return

        async def once() -> None:
            # a one-off look, not a feed: its failure is told once and does not stay on the
            # wall's link status (a failed drill-down used to keep "answering incompletely")
            name = f"series:{kpi_id}@{area_code}"
            fetch = partial(self.client.kpi_series, kpi_id, area=area_code)
            ok, result = await self._fetch(name, fetch)
            health = self.store.health.feeds.get(name)
            if ok:
                self.store.set_series(result)
            elif health is not None and health.error:
                self.store.notice(
                    translate("sync", "Không tải được số liệu của {area}: {reason}").format(
                        area=area_code, reason=health.error
                    )
                )
            self.store.forget_feed(name)

        task = asyncio.get_running_loop().create_task(once())
        self._once.add(task)
        task.add_done_callback(self._once.discard)

    def _fetch_areas(self) -> tuple[list[Any], dict[str, dict[str, object]]]:
        """The areas, and each ward's geometry where it can be had: one ward's failing
        geometry keeps its last good shape (or none) instead of costing every other ward's
        (all-or-nothing, a backend failing one call in ten showed no areas at all). Fails
        only when the list itself fails, or when every geometry call failed."""
        areas = self.client.areas()
        wards = [a for a in areas if a.level == "ward"]
        try:  # all wards in one call; a backend without it is asked ward by ward
            every = self.client.area_geometries()
            return areas, {a.code: every[a.code] for a in wards if a.code in every}
        except BackendHttpError as exc:
            if exc.status != 404:
                raise
        geometry: dict[str, dict[str, object]] = {}
        problems: list[str] = []
        for a in wards:
            try:
                geometry[a.code] = self.client.area_geometry(a.code)
            except BackendError as exc:
                problems.append(f"{a.code}: {exc}")
                if a.code in self.store.geometry:
                    geometry[a.code] = self.store.geometry[a.code]
        if problems:
            log.warning(
                "area geometry: %d of %d wards failed (first: %s)",
                len(problems),
                len(wards),
                problems[0],
            )
            if len(problems) == len(wards):
                raise BackendError(problems[0])
        return areas, geometry

    async def _fetch(self, name: str, fetch: Callable[[], Any]) -> tuple[bool, Any]:
        """One call in the thread pool, capped in time; a failure goes to the store, told
        apart: nothing came back (transport) or a wrong answer came back."""
        loop = asyncio.get_running_loop()
        self.calls += 1
        try:
            result = await asyncio.wait_for(
                loop.run_in_executor(self._executor, fetch), self.intervals.call_timeout_s
            )
        except BackendUnauthorized as exc:
            self.store.record_failure(name, str(exc), unauthorized=True)
        except (BackendUnreachable, BackendTimeout) as exc:
            self.store.record_failure(name, str(exc), kind=TRANSPORT)
        except BackendError as exc:
            self.store.record_failure(name, str(exc), kind=ANSWER)
        except TimeoutError:
            self.store.record_failure(
                name,
                translate("sync", "máy chủ không trả lời trong {seconds} giây").format(
                    seconds=f"{self.intervals.call_timeout_s:g}"
                ),
                kind=TRANSPORT,
            )
        except Exception as exc:  # a bug in parsing must not kill the feed
            log.exception("feed %s failed", name)
            self.store.record_failure(
                name,
                translate("sync", "lỗi không mong đợi khi đọc câu trả lời: {reason}").format(
                    reason=exc
                ),
                kind=ANSWER,
            )
        else:
            return True, result
        return False, None

    async def _poll(
        self, name: str, interval: float, fetch: Callable[[], Any], apply: Callable[[Any], None]
    ) -> None:
        while True:
            ok, result = await self._fetch(name, fetch)
            if ok:
                apply(result)
            # after a failure, retry sooner than the normal interval (but not in a hot loop)
            wait = min(interval, 2.0) if self.store.feed_failing(name) else interval
            await asyncio.sleep(wait)

    def close(self) -> None:
        """Its thread goes (stop() lets it go too): for a wall whose loop ended before stop()
        ran, and for tests that build the services without running their loop."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def stop(self) -> None:
        self._running = False
        tasks = [
            *self._tasks,
            *self._series.values(),
            *self._breakdowns.values(),
            *self._topics.values(),
            *self._once,
        ]
        for t in tasks:
            t.cancel()
        if tasks:  # bounded: a call stuck in a worker thread must not hold up shutdown
            await asyncio.wait(tasks, timeout=2)
        self._tasks.clear()
        self._series.clear()
        self._breakdowns.clear()
        self._topics.clear()
        self.close()
