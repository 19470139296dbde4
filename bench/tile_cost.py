"""Benchmark: what one live tile costs in the app against a bare libVLC grid decoding the same
streams the same way at the same priority: CPU seconds per tile per second in steady state,
the X server's drawing included, the two run in turn several times in one run. Prints JSON.

    .venv/bin/python bench/tile_cost.py [--count 25] [--reps 5] [--warm 15] [--window 15]

Why CPU and not capacity: capacity (bench/wall_capacity.py) is the largest count where every
tile holds its frame rate; near the edge one tile's bad second decides it, and repeated runs of
the same code differ by ±3 tiles (docs/MEASUREMENTS.md), so a 5 % difference (1.5 tiles of 30)
is lost in the noise. On a wall PC the cores set the count: a live tile costs its decoder, its
picture's trip through the X server and its share of what the app does beside video, so the
app's CPU per tile within 5 % of the bare grid's, at a count both hold, is the app within 5 % of
the bare grid's capacity as far as the cores decide it (the UI thread's latency is measured
apart: wall_capacity's ui_stall_p99_ms). The demo's stream server serves the same streams to
both and is left out of both.

The app runs with its decode planner off (every tile live, as the bare grid), its camera
tiles in the bare grid's layout; the bare grid at nice 19, as the app's decoders run
(video/thread_priority.py), with the app's decoder, scaling and caching options (its default
bicubic scaling cost 0.033 CPU s per tile-second against 0.028 at the app's fast bilinear,
25 tiles, 3 runs each: a fifth of the difference asked about)."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    HOLDS,
    SOURCE_FPS,
    BenchEnv,
    app_cmd,
    bare_cmd,
    cpu_of,
    last_json,
    tree_cpu,
)
from bench.wall_capacity import GRAIN, grid_layout
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.video.engine import VideoSettings

# the bare grid decodes and shows as the app does: its small tiles' decoding (engine.py's
# LIGHT_OPTIONS, as instance options) and its instance's scaling, network caching and
# screens left to the wall (no fork per video window: engine.py)
FAST_DECODING = ("--avcodec-threads=1", "--avcodec-skiploopfilter=4")
AS_THE_APP = tuple(
    a
    for a in VideoSettings().instance_args()
    if a.startswith(("--swscale-mode", "--network-caching", "--no-disable-screensaver"))
)
CAMERAS = [f"cam{i:02d}" for i in range(1, 9)]


def run_step(
    cmd: list[str], env: dict[str, str], x_pid: int | None, warm: float, window: float, log: Path
) -> dict[str, Any]:
    """Start a wall, read its CPU (and the X server's) at `warm` s and `warm + window` s,
    then let it end and read its frame rates."""
    with log.open("w", encoding="utf-8") as err:
        child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
        proc = psutil.Process(child.pid)
        try:
            time.sleep(warm)
            c0, x0, t0 = tree_cpu(proc), cpu_of(x_pid) if x_pid else 0.0, time.monotonic()
            time.sleep(window)
            c1, x1, t1 = tree_cpu(proc), cpu_of(x_pid) if x_pid else 0.0, time.monotonic()
            alive = child.poll() is None  # the window lay within the wall's run
            out, _ = child.communicate(timeout=window + 120)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    span = t1 - t0
    return {"cpu_s": c1 - c0, "x_cpu_s": x1 - x0, "span_s": span, "alive": alive, "out": out}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=25, help="tiles; both must hold at it")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warm", type=float, default=15, help="s from start before the count")
    ap.add_argument("--window", type=float, default=15, help="s counted")
    ap.add_argument(
        "--app-vlc-arg",
        action="append",
        default=[],
        metavar="OPTION",
        help="a libVLC option for the app (its config's video_extra_args, after its own)",
    )
    ap.add_argument(
        "--bare-vlc-arg",
        action="append",
        default=[],
        metavar="OPTION",
        help="a libVLC option for the bare grid, after the app's decoder options",
    )
    ap.add_argument(
        "--baseline-root",
        type=Path,
        help="a checkout of the code before a change: its app runs too, as app_baseline",
    )
    args = ap.parse_args()
    bench = BenchEnv()
    x_pid = bench.xvfb.pid if bench.xvfb else None
    print("encoding/starting 1080p demo streams (first run: a few minutes)", file=sys.stderr)
    demo = DemoBackend(bench.cache, main_size=(1920, 1080), grain=GRAIN)
    demo.start(wait_for_streams=True)
    folder = Path(tempfile.mkdtemp(prefix="ioc-bench-layouts-"))
    layout = grid_layout(args.count, CAMERAS, folder)
    seconds = args.warm + args.window + 5  # each wall's own run: past the window
    base = f"http://127.0.0.1:{demo.stream_port}"
    urls = [f"{base}/{CAMERAS[i % 8]}-sub" for i in range(args.count)]
    cmds = {
        "bare": [
            "nice",
            "-n",
            "19",
            *bare_cmd(seconds, urls, (*FAST_DECODING, *AS_THE_APP, *args.bare_vlc_arg)),
        ],
        "app": app_cmd(demo.base_url, demo.token, seconds, "--layout", str(layout)),
    }
    envs = {mode: {**bench.env, "IOC_DECODE_PLANNER": "0"} for mode in cmds}
    if args.baseline_root is not None:  # that checkout's code: -P keeps this folder off the path
        cmds["app_baseline"] = [cmds["app"][0], "-P", *cmds["app"][1:]]
        envs["app_baseline"] = {**envs["app"], "PYTHONPATH": str(args.baseline_root.resolve())}
    env = envs["app"]
    if args.app_vlc_arg:
        config = Path(env["IOC_CONFIG_DIR"]) / "config.json"
        config.write_text(json.dumps({"video_extra_args": args.app_vlc_arg}), encoding="utf-8")
    steps: dict[str, list[dict[str, Any]]] = {mode: [] for mode in cmds}
    try:
        for rep in range(args.reps):
            order = list(cmds) if rep % 2 == 0 else list(reversed(cmds))  # drift hits all
            for mode in order:
                log = bench.log_dir / f"{mode}-{rep}.log"
                r = run_step(cmds[mode], envs[mode], x_pid, args.warm, args.window, log)
                got = last_json(r.pop("out"))
                fps = list(
                    got["fps_after_warmup"]
                    if mode == "bare"
                    else got["tiles"]["fps_after_warmup"].values()
                )
                per_tile = 1 / (r["span_s"] * args.count)
                step = {
                    "rep": rep,
                    "process_cpu_per_tile": round(r["cpu_s"] * per_tile, 4),
                    "x_cpu_per_tile": round(r["x_cpu_s"] * per_tile, 4),
                    "cpu_per_tile": round((r["cpu_s"] + r["x_cpu_s"]) * per_tile, 4),
                    "min_fps": round(min(fps), 1) if fps else 0.0,
                    "median_fps": round(statistics.median(fps), 1) if fps else 0.0,
                    "held": bool(fps) and min(fps) >= HOLDS * SOURCE_FPS and r["alive"],
                    "log": str(log),
                }
                steps[mode].append(step)
                print(f"  {mode} {json.dumps(step)}", file=sys.stderr, flush=True)
    finally:
        demo.stop()
        bench.close()

    def median_of(mode: str, key: str) -> float:
        return round(statistics.median(s[key] for s in steps[mode]), 4)

    # each rep's pair (run back to back) and the medians: the pairs show the spread
    pairs = [
        round(a["cpu_per_tile"] / b["cpu_per_tile"] - 1, 3)
        for a, b in zip(steps["app"], steps["bare"], strict=True)
        if b["cpu_per_tile"] > 0
    ]
    held = [s for mode in steps for s in steps[mode] if s["held"]]
    medians = {
        key: {mode: median_of(mode, key) for mode in steps}
        for key in ("cpu_per_tile", "process_cpu_per_tile", "x_cpu_per_tile")
    }
    cost = medians["cpu_per_tile"]
    out = {
        "benchmark": "tile_cost",
        "tiles": args.count,
        "warm_s": args.warm,
        "window_s": args.window,
        "stream": "640x360 H.264 25 fps ~0.46 Mbit/s, grain",
        "bare_grid_options": [*FAST_DECODING, *AS_THE_APP],
        "app_vlc_args": args.app_vlc_arg,
        "bare_vlc_args": args.bare_vlc_arg,
        "baseline_root": str(args.baseline_root) if args.baseline_root else None,
        "steps": steps,
        "steps_held": f"{len(held)} of {sum(len(v) for v in steps.values())}",
        **{f"{key}_median": value for key, value in medians.items()},
        "app_over_bare_per_rep": pairs,
        "app_over_bare": round(cost["app"] / cost["bare"] - 1, 3) if cost["bare"] else None,
        "app_baseline_over_bare": (
            round(cost["app_baseline"] / cost["bare"] - 1, 3)
            if "app_baseline" in cost and cost["bare"]
            else None
        ),
        "goal_app_over_bare_at_most": 0.05,
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
