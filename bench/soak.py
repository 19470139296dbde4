"""Benchmark: a camera wall left running with its streams dropping and coming back, as on a
long shift: the app's memory over time and how fast every tile is live again after each
stream-server restart. Prints one JSON object.

    .venv/bin/python bench/soak.py [--minutes 30] [--tiles 16] [--drop-every 180] [--drop-for 20]

The demo's stream server is killed every --drop-every seconds and restarted --drop-for seconds
later (every tile goes "lost", then must come back by itself). Memory is the resident set
(psutil), sampled every 10 s; growth is measured from the end of the first recovery, when
every player, decoder and buffer exists, to the end. First the same soak runs with a bare
libVLC grid on the same sub streams (replaying a stream when it ends, as a naive client would):
the bound applies to what the app grows beyond that baseline."""

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

from bench.common import BenchEnv, app_cmd, bare_cmd, last_json
from bench.wall_capacity import grid_layout
from ioc_desktop.demo.runner import DemoBackend

# after warm-up, over the whole soak: what the app may grow beyond a bare libVLC grid playing
# the same streams through the same outages in the same run (libVLC's own growth on these
# looping demo clips is the baseline, not the app's)
GROWTH_BOUND_MB = 64.0


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


def run_soak(
    cmd: list[str], bench: BenchEnv, demo: DemoBackend, args: argparse.Namespace
) -> tuple[str, list[tuple[float, float]], list[float], int]:
    """Run `cmd` for the soak, dropping the stream server on schedule: (stdout, RSS samples
    (s since start, MiB), restart times (epoch), drops)."""
    seconds = args.minutes * 60
    proc = subprocess.Popen(cmd, env=bench.env, stdout=subprocess.PIPE, text=True)
    child = psutil.Process(proc.pid)
    samples: list[tuple[float, float]] = []
    restarts: list[float] = []
    drops = 0
    stop = threading.Event()

    def sample() -> None:
        t0 = time.monotonic()
        while not stop.wait(10):
            try:
                samples.append((time.monotonic() - t0, child.memory_info().rss / 2**20))
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
    return stdout, samples, restarts, drops


def memory(samples: list[tuple[float, float]], warm_at: float) -> dict[str, Any]:
    after = [(t, m) for t, m in samples if t >= warm_at] or samples
    rss = [m for _, m in samples]
    growth = after[-1][1] - after[0][1] if after else 0.0
    slope = (
        statistics.linear_regression([t for t, _ in after], [m for _, m in after]).slope * 3600
        if len(after) >= 3
        else 0.0
    )
    return {
        "start": round(rss[0], 1) if rss else None,
        "after_warmup": round(after[0][1], 1) if after else None,
        "end": round(rss[-1], 1) if rss else None,
        "max": round(max(rss), 1) if rss else None,
        "growth_after_warmup": round(growth, 1),
        "trend_mib_per_hour": round(slope, 1),
        "samples": [(round(t), round(m, 1)) for t, m in samples],
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--tiles", type=int, default=16)
    ap.add_argument("--drop-every", type=float, default=180)
    ap.add_argument("--drop-for", type=float, default=20)
    ap.add_argument(
        "--no-baseline", action="store_true", help="skip the bare libVLC grid's soak (half time)"
    )
    args = ap.parse_args()
    bench = BenchEnv()
    demo = DemoBackend(bench.cache).start(wait_for_streams=True)
    folder = Path(tempfile.mkdtemp(prefix="ioc-soak-"))
    cams = [f"cam{i:02d}" for i in range(1, 9)]
    layout = grid_layout(args.tiles, cams, folder)
    seconds = args.minutes * 60
    warm_at = args.drop_every + args.drop_for + 30
    baseline: dict[str, Any] | None = None
    try:
        if not args.no_baseline:
            # the same wall as a naive client plays it: bare libVLC players on the sub streams
            # (as the app's small tiles pick), decoded like the app's, replayed when they end
            base = f"http://127.0.0.1:{demo.stream_port}"
            urls = [f"{base}/{cams[i % 8]}-sub" for i in range(args.tiles)]
            light = ("--avcodec-threads=1", "--avcodec-skiploopfilter=4", "--reconnect")
            _, samples, _, _ = run_soak(bare_cmd(seconds, urls, light), bench, demo, args)
            baseline = memory(samples, warm_at)
        cmd = app_cmd(demo.base_url, demo.token, seconds, "--layout", str(layout))
        stdout, samples, restarts, drops = run_soak(cmd, bench, demo, args)
    finally:
        demo.stop()
        bench.close()
    r = last_json(stdout)
    rec = recovery_times(r["tiles"]["went_live_at"], restarts)
    app_memory = memory(samples, warm_at if restarts else 60)
    growth = app_memory["growth_after_warmup"]
    extra = growth - baseline["growth_after_warmup"] if baseline else None
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
        "rss_mib": app_memory,
        "bare_grid_rss_mib": baseline,
        "growth_beyond_bare_grid_mib": round(extra, 1) if extra is not None else None,
        "bound_mib": GROWTH_BOUND_MB,
        "within_bound": (extra if extra is not None else growth) <= GROWTH_BOUND_MB,
        "final_status": r["tiles"]["status"],
        "fps_after_warmup": r["tiles"]["fps_after_warmup"],
        "ui_stall": r["ui_stall"],
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
