"""How fast the wall's stations see a push, and what following costs the backend: polling
(GET /walls/{wall}/state every poll interval, what walls did before) against the hanging GET
(If-None-Match + wait, answered the moment the state changes), in the same run.

Stations here are followers of the wall's state through the real client, on their own
threads, against the real demo backend on loopback: the part of push-to-panels this seam
owns. (What a station then builds and starts is bench/layout_switch.py's.) Prints JSON:
per mode, push-to-seen latency median/p95/max, the spread between the first and last station
to see each push, and backend requests per station per minute while idle and while pushing.

    .venv/bin/python bench/wall_follow.py --stations 3 --pushes 20
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ioc_desktop.backend.client import BackendClient, BackendError
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation


class Station(threading.Thread):
    """A follower: records when it first saw each version, and how many requests it made."""

    def __init__(self, url: str, mode: str, interval_s: float, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.client = BackendClient(url, DEMO_TOKEN)
        self.mode, self.interval_s, self.stop = mode, interval_s, stop
        self.seen: dict[int, float] = {}
        self.requests: list[float] = []

    def run(self) -> None:
        try:
            self._follow()
        except BackendError:
            if not self.stop.is_set():  # the backend went away before the end
                raise
        finally:
            self.client.close()

    def caught_up(self, version: int) -> float | None:
        """When this station first knew of `version` or a later one: a polling station
        skips the states pushed between two polls, and what matters is the newest."""
        times = [t for v, t in self.seen.items() if v >= version]
        return min(times) if times else None

    def _follow(self) -> None:
        known: int | None = None
        if self.mode == "poll":  # separate PCs do not poll in step
            self.stop.wait(random.uniform(0, self.interval_s))
        while not self.stop.is_set():
            self.requests.append(time.monotonic())
            if self.mode == "poll":
                state = self.client.wall_state()
                self.seen.setdefault(state.version, time.monotonic())
                self.stop.wait(self.interval_s)
                continue
            changed = self.client.wall_state_change(known, wait_s=25)
            if changed is not None:
                known = changed.version
                self.seen.setdefault(changed.version, time.monotonic())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_mode(
    mode: str, stations: int, pushes: int, idle_s: float, interval_s: float
) -> dict[str, Any]:
    server = DemoHttpServer(Simulation(SimConfig(auto_progress=False, incident_rate=0.0))).start()
    stop = threading.Event()
    followers = [Station(server.base_url, mode, interval_s, stop) for _ in range(stations)]
    for f in followers:
        f.start()
    time.sleep(1.0)
    idle_from = time.monotonic()
    time.sleep(idle_s)
    idle_to = time.monotonic()
    desk = BackendClient(server.base_url, DEMO_TOKEN)
    lease = desk.take_wall_lease("bench", "bench-ws").lease_id
    names = ["overview", "flood-storm", "traffic-incident"]
    pushed: dict[int, float] = {}
    rng = random.Random(7)
    busy_from = time.monotonic()
    for i in range(pushes):
        time.sleep(rng.uniform(0.5, 1.5))
        state = desk.wall_state()
        t = time.monotonic()
        new = desk.put_wall_state(names[i % 3], None, "bench", state.version, lease)
        pushed[new.version] = t
    time.sleep(max(3.0, interval_s + 1))
    busy_to = time.monotonic()
    stop.set()
    desk.close()
    server.stop()
    caught = {v: [f.caught_up(v) for f in followers] for v in pushed}
    latency = [c - pushed[v] for v, cs in caught.items() for c in cs if c is not None]
    spread = [max(cs) - min(cs) for cs in map(list, caught.values()) if None not in cs]  # type: ignore[type-var]

    def per_minute(a: float, b: float) -> float:
        n = sum(1 for f in followers for r in f.requests if a <= r < b)
        return round(n / stations / ((b - a) / 60), 1)

    return {
        "mode": mode,
        "stations": stations,
        "pushes": pushes,
        "caught_up": f"{len(latency)}/{pushes * stations}",
        "states_seen": f"{sum(v in f.seen for v in pushed for f in followers)}/{pushes * stations}",
        "latency_ms": {
            "median": round(statistics.median(latency) * 1000, 1),
            "p95": round(percentile(latency, 0.95) * 1000, 1),
            "max": round(max(latency) * 1000, 1),
        },
        "spread_ms": {
            "median": round(statistics.median(spread) * 1000, 1),
            "max": round(max(spread) * 1000, 1),
        },
        "requests_per_station_per_min": {
            "idle": per_minute(idle_from, idle_to),
            "pushing": per_minute(busy_from, busy_to),
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stations", type=int, default=3)
    ap.add_argument("--pushes", type=int, default=20)
    ap.add_argument("--idle-s", type=float, default=30.0)
    ap.add_argument("--poll-s", type=float, default=2.0, help="the polling walls' interval")
    args = ap.parse_args()
    baseline = run_mode("poll", args.stations, args.pushes, args.idle_s, args.poll_s)
    hanging = run_mode("hanging", args.stations, args.pushes, args.idle_s, args.poll_s)
    print(json.dumps({"baseline": baseline, "hanging_get": hanging}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
