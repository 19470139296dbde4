"""Benchmark: what one console's polling costs with conditional requests (If-None-Match: an
unchanged answer is a 304 with no body) against asking for everything every time, in the
same run, alternating. Prints one JSON object.

    .venv/bin/python bench/conditional.py [--seconds 45] [--rounds 2]

The console is the app's own BackendSync and BackendClient (the feeds at a wall's
intervals, four KPI series and two ward breakdowns, as a wall of charts polls them) against
the demo backend in its own process; per minute: requests, bytes received, 304 answers, and
the CPU the console spent (its own process: parsing and checking answers off the UI
thread).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.store import Store
from ioc_desktop.sync import BackendSync, PollIntervals

SERIES = ["dvc-ontime-rate", "yt-bed-occupancy", "an-incidents-hour", "mt-aqi-max"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def one_run(url: str, conditional: bool, seconds: float) -> dict[str, Any]:
    client = BackendClient(url, "demo-token")
    client.conditional = conditional
    got = {"requests": 0, "bytes": 0}

    def count(resp: Any, *_a: Any, **_k: Any) -> None:
        got["requests"] += 1
        got["bytes"] += int(resp.headers.get("Content-Length") or 0)

    client._session.hooks["response"].append(count)
    store = Store()
    sync = BackendSync(client, store, PollIntervals(), series_ids=SERIES)

    async def run() -> None:
        sync.start()
        sync.set_breakdown_ids(SERIES[:2])
        await asyncio.sleep(seconds)
        await sync.stop()

    cpu0, t0 = time.process_time(), time.monotonic()
    asyncio.run(run())
    cpu, span = time.process_time() - cpu0, time.monotonic() - t0
    client.close()
    per_min = 60 / span
    return {
        "conditional": conditional,
        "requests_per_min": round(got["requests"] * per_min, 1),
        "kib_per_min": round(got["bytes"] / 1024 * per_min, 1),
        "not_modified_per_min": round(client.not_modified * per_min, 1),
        "cpu_s_per_min": round(cpu * per_min, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=45.0)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    QCoreApplication.instance() or QCoreApplication([])
    port = free_port()
    backend = subprocess.Popen(
        [sys.executable, "-m", "ioc_desktop", "demo-backend", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert backend.stdout is not None
        url = json.loads(backend.stdout.readline())["url"]
        runs = [one_run(url, c, args.seconds) for _ in range(args.rounds) for c in (False, True)]
    finally:
        backend.terminate()
        backend.wait(timeout=20)

    def mean(conditional: bool, key: str) -> float:
        vals = [r[key] for r in runs if r["conditional"] is conditional]
        return round(sum(vals) / len(vals), 2)

    keys = ("requests_per_min", "kib_per_min", "not_modified_per_min", "cpu_s_per_min")
    print(
        json.dumps(
            {
                "benchmark": "conditional",
                "baseline_everything_every_time": {k: mean(False, k) for k in keys},
                "if_none_match": {k: mean(True, k) for k in keys},
                "runs": runs,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
