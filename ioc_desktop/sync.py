"""Keeps the store filled from the backend without ever blocking the UI thread.

Each feed is an asyncio task on the qasync loop; the blocking `BackendClient` call runs in a
thread pool and its result (or error) is applied to the store back on the GUI thread. A feed
that fails is retried on its own interval: recovery needs no operator action.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

from ioc_desktop.backend.client import BackendClient, BackendError
from ioc_desktop.store import Store

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
        self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="backend")
        self._tasks: list[asyncio.Task[None]] = []
        self._series: dict[str, asyncio.Task[None]] = {}
        self._breakdowns: dict[str, asyncio.Task[None]] = {}
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

    def set_breakdown_ids(self, ids: Iterable[str]) -> None:
        """The KPIs shown by ward now: new ones start polling, dropped ones stop."""
        self.breakdown_ids = list(ids)
        if not self._running:
            return
        for kid in [k for k in self._breakdowns if k not in self.breakdown_ids]:
            self._breakdowns.pop(kid).cancel()
        loop = asyncio.get_running_loop()
        for kid in self.breakdown_ids:
            if kid not in self._breakdowns:
                name = f"breakdown:{kid}"
                fetch = partial(self.client.kpi_breakdown, kid)
                apply = partial(self.store.set_breakdown, kid)
                poll = self._poll(name, self.intervals.slow_s, fetch, apply)
                self._breakdowns[kid] = loop.create_task(poll, name=name)

    def fetch_area_series(self, kpi_id: str, area_code: str) -> None:
        """A drill-down: one ward's series, fetched once off the UI thread into the store."""
        if not self._running:
            return

        async def once() -> None:
            name = f"series:{kpi_id}@{area_code}"
            fetch = partial(self.client.kpi_series, kpi_id, area=area_code)
            loop = asyncio.get_running_loop()
            try:
                result = await asyncio.wait_for(
                    loop.run_in_executor(self._executor, fetch), self.intervals.call_timeout_s
                )
            except (BackendError, TimeoutError) as exc:
                self.store.record_failure(name, str(exc))
                return
            self.store.set_series(result)

        task = asyncio.get_running_loop().create_task(once())
        self._once.add(task)
        task.add_done_callback(self._once.discard)

    def set_series_ids(self, ids: Iterable[str]) -> None:
        """The KPI series the wall shows now: new ones start polling, dropped ones stop."""
        self.series_ids = list(ids)
        if not self._running:
            return
        for kid in [k for k in self._series if k not in self.series_ids]:
            self._series.pop(kid).cancel()
        loop = asyncio.get_running_loop()
        for kid in self.series_ids:
            if kid not in self._series:
                fetch = partial(self.client.kpi_series, kid)
                self._series[kid] = loop.create_task(
                    self._poll(
                        f"series:{kid}", self.intervals.fast_s, fetch, self.store.set_series
                    ),
                    name=f"series:{kid}",
                )

    def _fetch_areas(self) -> tuple[list[Any], dict[str, dict[str, object]]]:
        areas = self.client.areas()
        geometry = {a.code: self.client.area_geometry(a.code) for a in areas if a.level == "ward"}
        return areas, geometry

    async def _poll(
        self, name: str, interval: float, fetch: Callable[[], Any], apply: Callable[[Any], None]
    ) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                self.calls += 1
                result = await asyncio.wait_for(
                    loop.run_in_executor(self._executor, fetch), self.intervals.call_timeout_s
                )
            except BackendError as exc:
                self.store.record_failure(name, str(exc))
            except TimeoutError:
                self.store.record_failure(
                    name, f"backend gave no answer in {self.intervals.call_timeout_s:g} s"
                )
            except Exception as exc:  # a bug in parsing must not kill the feed
                log.exception("feed %s failed", name)
                self.store.record_failure(name, f"unexpected error: {exc}")
            else:
                apply(result)
            # after a failure, retry sooner than the normal interval (but not in a hot loop)
            failing = self.store.feeds.get(name)
            wait = interval if not (failing and failing.error) else min(interval, 2.0)
            await asyncio.sleep(wait)

    async def stop(self) -> None:
        self._running = False
        tasks = [
            *self._tasks,
            *self._series.values(),
            *self._breakdowns.values(),
            *self._once,
        ]
        for t in tasks:
            t.cancel()
        if tasks:  # bounded: a call stuck in a worker thread must not hold up shutdown
            await asyncio.wait(tasks, timeout=2)
        self._tasks.clear()
        self._series.clear()
        self._breakdowns.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)
