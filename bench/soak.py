"""Benchmark: a camera wall left running with its streams dropping and coming back, as on a
long shift: the app's memory over time and how fast every tile is live again after each
stream-server restart. Prints one JSON object.

    .venv/bin/python bench/soak.py [--minutes 30] [--tiles 16] [--drop-every 180] [--drop-for 20]

The demo's stream server is killed every --drop-every seconds and restarted --drop-for seconds
later (every tile goes "lost", then must come back by itself). Memory is the app's resident
set (psutil), sampled every 10 s; growth is measured from the end of the first recovery, when
every player, decoder and buffer exists, to the end."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchEnv, app_cmd, last_json
from bench.wall_capacity import grid_layout
from ioc_desktop.demo.runner import DemoBackend

GROWTH_BOUND_MB = 64.0  # after warm-up, over the whole soak


def recovery_times(went_live: dict[str, list[float]], restarts: list[float]) -> list[float]:
    """For each restart and tile: seconds until the tile was live again (before the next drop)."""
    out = []
    for i, r in enumerate(restarts):
        nxt = restarts[i + 1] if i + 1 < len(restarts) else float("inf")
        for times in went_live.values():
            back = [t for t in times if r <= t < nxt]
            if back:
                out.append(round(back[0] - r, 2))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--tiles", type=int, default=16)
    ap.add_argument("--drop-every", type=float, default=180)
    ap.add_argument("--drop-for", type=float, default=20)
    args = ap.parse_args()
    bench = BenchEnv()
    demo = DemoBackend(bench.cache).start(wait_for_streams=True)
    folder = Path(tempfile.mkdtemp(prefix="ioc-soak-"))
    layout = grid_layout(args.tiles, [f"cam{i:02d}" for i in range(1, 9)], folder)
    seconds = args.minutes * 60
    cmd = app_cmd(demo.base_url, demo.token, seconds, "--layout", str(layout))
    proc = subprocess.Popen(cmd, env=bench.env, stdout=subprocess.PIPE, text=True)
    app = psutil.Process(proc.pid)
    samples: list[tuple[float, float]] = []  # (s since start, RSS MiB)
    restarts: list[float] = []
    drops = 0
    stop = threading.Event()

    def sample() -> None:
        t0 = time.monotonic()
        while not stop.wait(10):
            try:
                samples.append((time.monotonic() - t0, app.memory_info().rss / 2**20))
            except psutil.NoSuchProcess:
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - t0 < seconds - args.drop_for - 30:
            time.sleep(min(args.drop_every, max(1.0, seconds - (time.monotonic() - t0))))
            if proc.poll() is not None or time.monotonic() - t0 > seconds - args.drop_for - 30:
                break
            demo.stop_streams()
            drops += 1
            time.sleep(args.drop_for)
            demo.start_streams()
            restarts.append(time.time())
        stdout, _ = proc.communicate(timeout=seconds + 120)
    finally:
        stop.set()
        if proc.poll() is None:
            proc.kill()
        demo.stop()
        bench.close()
    r = last_json(stdout)
    rec = recovery_times(r["tiles"]["went_live_at"], restarts)
    warm_at = args.drop_every + args.drop_for + 30 if restarts else 60
    after = [(t, m) for t, m in samples if t >= warm_at] or samples
    rss = [m for _, m in samples]
    growth = after[-1][1] - after[0][1] if after else 0.0
    slope = (
        statistics.linear_regression([t for t, _ in after], [m for _, m in after]).slope * 3600
        if len(after) >= 3
        else 0.0
    )
    expected = len(restarts) * args.tiles
    out: dict[str, Any] = {
        "benchmark": "soak",
        "minutes": args.minutes,
        "tiles": args.tiles,
        "stream_server_drops": drops,
        "drop_for_s": args.drop_for,
        "recovery_s": {
            "tile_recoveries": len(rec),
            "expected": expected,
            "median": statistics.median(rec) if rec else None,
            "p95": sorted(rec)[max(0, int(0.95 * len(rec)) - 1)] if rec else None,
            "max": max(rec) if rec else None,
        },
        "rss_mib": {
            "start": round(rss[0], 1) if rss else None,
            "after_warmup": round(after[0][1], 1) if after else None,
            "end": round(rss[-1], 1) if rss else None,
            "max": round(max(rss), 1) if rss else None,
            "growth_after_warmup": round(growth, 1),
            "trend_mib_per_hour": round(slope, 1),
            "bound_mib": GROWTH_BOUND_MB,
            "within_bound": growth <= GROWTH_BOUND_MB,
            "samples": [(round(t), round(m, 1)) for t, m in samples],
        },
        "final_status": r["tiles"]["status"],
        "fps_after_warmup": r["tiles"]["fps_after_warmup"],
        "ui_stall": r["ui_stall"],
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
