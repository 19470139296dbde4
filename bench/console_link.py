"""One console's backend link, as the benches measure it: the app's own BackendSync and
BackendClient at a wall's poll intervals (the feeds, four KPI series, two ward breakdowns)
against a running demo backend; per minute, requests, KiB received, 304 answers and the CPU
the console spent. `smart` asks with If-None-Match and holds the big lists (only what changed,
with `since`); off, it asks for everything every time (the baseline). `settle`: measured from
when every list is held (the steady state), else from the start (the first load included)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.store import Store
from ioc_desktop.sync import BackendSync, PollIntervals

SERIES = ["dvc-ontime-rate", "yt-bed-occupancy", "an-incidents-hour", "mt-aqi-max"]


def console_link(url: str, smart: bool, seconds: float, settle: bool = False) -> dict[str, Any]:
    client = BackendClient(url, "demo-token")
    client.conditional = client.incremental = smart
    got = {"requests": 0, "bytes": 0}

    def count(resp: Any, *_a: Any, **_k: Any) -> None:
        got["requests"] += 1
        got["bytes"] += int(resp.headers.get("Content-Length") or 0)

    client._session.hooks["response"].append(count)
    store = Store()
    sync = BackendSync(client, store, PollIntervals(), series_ids=SERIES)
    marks: dict[str, float] = {}

    async def run() -> None:
        sync.start()
        sync.set_breakdown_ids(SERIES[:2])
        t_load = time.monotonic()
        if settle:  # the first load is the same both ways: from when every list is held
            while not (store.cameras and store.reports and store.areas) and (
                time.monotonic() - t_load < 60
            ):
                await asyncio.sleep(0.2)
            await asyncio.sleep(2)
            got["requests"] = got["bytes"] = 0
            client.not_modified = 0
        marks["first_load_s"] = time.monotonic() - t_load
        cpu0, t0 = time.process_time(), time.monotonic()
        await asyncio.sleep(seconds)
        marks["cpu"], marks["span"] = time.process_time() - cpu0, time.monotonic() - t0
        await sync.stop()

    asyncio.run(run())
    client.close()
    per_min = 60 / marks["span"]
    return {
        "asks_only_what_changed": smart,
        "requests_per_min": round(got["requests"] * per_min, 1),
        "kib_per_min": round(got["bytes"] / 1024 * per_min, 1),
        "not_modified_per_min": round(client.not_modified * per_min, 1),
        "cpu_s_per_min": round(marks["cpu"] * per_min, 2),
        "first_load_s": round(marks["first_load_s"], 1) if settle else None,
        "cameras": len(store.cameras),
        "open_reports": len(store.reports),
        "incidents": len(store.incidents),
    }
