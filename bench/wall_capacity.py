"""Benchmark: how many camera tiles this machine can keep live, the app versus a bare libVLC
grid (the peer a naive client would be), same streams, same screen, same run.

    .venv/bin/python bench/wall_capacity.py [--seconds 14] [--max-tiles 36]

Cameras offer a 1920x1080 main and a 640x360 sub stream (H.264, 25 fps, with sensor grain at
an IP camera's bitrate: 4.1 and 0.46 Mbit/s; served by the demo's libVLC stream server on
loopback; the 8 demo cameras repeat when a wall has more tiles). For
each tile count N (the wall presets and a few steps between) every mode plays an N-tile grid
full screen; a count "holds" when every tile shows >= 95 % of the source frame rate after
warm-up. A mode's capacity is the largest N that holds; counts go up until two in a row fail.

Modes: the bare grid on main streams (what a naive client pulls), the bare grid on sub streams
(the same decoding work the app chooses for small tiles), and the app (a layout of N camera
tiles; it picks sub or main per tile by its size and the decode planner, widgets/wall_plan.py);
app_no_planner: the same app with the planner off (IOC_DECODE_PLANNER=0), every tile by its
size alone. app_rtsp: the app with the same cameras
offered over RTSP (GStreamer's RTSP server re-sending the same streams; the app relays them,
video/relay.py); the server's CPU is the cameras' and is given apart. Prints one JSON object.

Before/after a change, in the same run: --baseline-root names a checkout of the code before
(`git worktree add /tmp/before <sha>`), whose app runs as mode app_baseline; --interleave runs
every mode at one count before the next count, so a machine that is busier for a minute
weighs on every mode alike. The app plans on this PC's budget, measured first by the app's own
probes (decoding, then a wall of players shown: --budget measure, the default)."""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ui_floor
from bench.common import (
    HOLDS,
    ROOT,
    SOURCE_FPS,
    BenchEnv,
    app_cmd,
    bare_cmd,
    cpu_of,
    last_json,
)
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec, save_layout
from ioc_desktop.selftest import WARMUP_S as SELFTEST_WARMUP_S
from ioc_desktop.selftest import p95
from ioc_desktop.video import decode_budget

COUNTS = [1, 2, 3, 4, 6, 9, 12, 16, 20, 25, 30, 36]
STEP_UP_SETTLE_S = 3.0  # a tile stepped up this long before the count began was playing by then
GRAIN = 6  # sensor noise: without it the synthetic scenes decode far cheaper than a camera
# the app's small tiles' decoding (video/engine.py LIGHT_OPTIONS), and without libVLC's
# per-window screensaver inhibit as the app runs it (each window forked the process where no
# session bus runs: the bare grid paid it at start, 2026-12-03 and before)
SAME_AS_APP = ("--avcodec-threads=1", "--avcodec-skiploopfilter=4", "--no-disable-screensaver")


def grid_layout(n: int, camera_ids: list[str], folder: Path) -> Path:
    """An N-tile camera wall laid out like the bare grid (ceil(sqrt N) columns)."""
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    panels = [
        PanelSpec("camera", i // cols, i % cols, settings={"camera_id": camera_ids[i % 8]})
        for i in range(n)
    ]
    layout = Layout(f"bench-{n}", f"Bench {n}", [ScreenSpec("wall-1", rows, cols, panels)])
    path = folder / f"bench-{n}.json"
    save_layout(layout, path)
    return path


def summarise(fps: list[float], cpu_s: float) -> dict[str, Any]:
    return {
        "min_fps": min(fps) if fps else 0.0,
        "median_fps": statistics.median(fps) if fps else 0.0,
        "holds": bool(fps) and min(fps) >= HOLDS * SOURCE_FPS,
        "cpu_s": cpu_s,
    }


def interleaved(runs: list[tuple[str, Any]], counts: list[int]) -> dict[str, Any]:
    """Every mode at each count in turn (the order reversed at every other count, so no mode
    always runs right after the same one); a mode stops after two misses in a row."""
    out: dict[str, Any] = {name: {"capacity": 0, "steps": {}} for name, _ in runs}
    misses = dict.fromkeys(out, 0)
    for i, n in enumerate(counts):
        for name, run in runs if i % 2 == 0 else runs[::-1]:
            if misses[name] >= 2:
                continue
            step = run(n)
            out[name]["steps"][str(n)] = step
            print(f"  {name} {n:>2} tiles: {json.dumps(step)}", file=sys.stderr, flush=True)
            if step["holds"]:
                out[name]["capacity"], misses[name] = n, 0
            else:
                misses[name] += 1
    return out


def sweep(run: Any, counts: list[int]) -> dict[str, Any]:
    steps: dict[str, Any] = {}
    capacity, misses = 0, 0
    for n in counts:
        step = run(n)
        steps[str(n)] = step
        print(f"  {n:>2} tiles: {json.dumps(step)}", file=sys.stderr, flush=True)
        if step["holds"]:
            capacity, misses = n, 0
        else:
            misses += 1
            if misses == 2:
                break
    return {"capacity": capacity, "steps": steps}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=14)
    ap.add_argument("--max-tiles", type=int, default=36)
    ap.add_argument("--counts", help="comma-separated tile counts instead of the sweep")
    ap.add_argument(
        "--modes",
        default="bare_main,bare_sub,app",
        help="which modes to run (also bare_sub_fast: the bare sub grid decoding as the app's "
        "small tiles do; bare_sub_fast_nice: the same at the app's decoders' priority (nice 19:"
        " the demo's stream server, the cameras here, and the X server go first for both);"
        " app_tuned: the app with --app-vlc-arg options; app_no_planner: the "
        "app with its decode planner off)",
    )
    ap.add_argument(
        "--app-vlc-arg",
        action="append",
        default=[],
        metavar="OPTION",
        help="a libVLC option for app_tuned (config video_extra_args), e.g. "
        "--app-vlc-arg=--avcodec-skiploopfilter=4",
    )
    ap.add_argument(
        "--baseline-root",
        type=Path,
        help="a checkout of the code before a change: its app runs too, as app_baseline",
    )
    ap.add_argument("--interleave", action="store_true", help="all modes at a count, then the next")
    ap.add_argument(
        "--budget",
        choices=["measure", "default"],
        default="measure",
        help="measure: this PC's decode and display budget first (the app's own probes, ~40 s,"
        " before the streams start), kept for every app run, as an installed app has it after"
        " its first start; default: the budget of a PC not measured yet",
    )
    args = ap.parse_args()
    bench = BenchEnv()
    budget: dict[str, Any] = {"measured": False}
    if args.budget == "measure":
        print("measuring this PC's decode and display budget", file=sys.stderr, flush=True)
        # what an app's first start measures, with the display probe's walls to show
        done = decode_budget.measure_all(env=bench.env)
        kept, probe = done.budget, done.display
        decode_budget.save(Path(bench.env["IOC_DATA_DIR"]), kept)
        budget = {
            "measured": True,
            "others_busy_before": done.others_busy,
            "wall_share": kept.wall_share,
            "display_tiles": kept.display_tiles,
            "fps_per_core": kept.fps_per_core,
            "display_probe_steps": probe["steps"] if probe else None,
        }
        print(f"  {json.dumps(budget)}", file=sys.stderr, flush=True)
    print("encoding/starting 1080p demo streams (first run: a few minutes)", file=sys.stderr)
    demo = DemoBackend(bench.cache, main_size=(1920, 1080), grain=GRAIN)
    demo.start(wait_for_streams=True)
    folder = Path(tempfile.mkdtemp(prefix="ioc-bench-layouts-"))
    limit = args.seconds + 120
    cams = [f"cam{i:02d}" for i in range(1, 9)]
    base = f"http://127.0.0.1:{demo.stream_port}"

    def timed_with_floor(cmd: list[str]) -> tuple[str, float, float | None]:
        """Run a wall (its output, CPU s) and beside it an idle Qt loop's 20 ms timer at the
        app's UI priority (bench/ui_floor.py): how late any UI thread's ticks come at this
        wall from the machine alone (a VM's stolen time among it), the floor under the
        app's ui_stall_p99_ms. Its p99 ms over the span the app's meter counted where the
        wall says it (the app), else after the floor's own warm-up (a bare grid); None
        where it said nothing."""
        floor = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("ui_floor.py")), str(limit)],
            # this checkout's meter, also beside app_baseline (whose PYTHONPATH is its own)
            env={**bench.env, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            out, cpu = bench.timed(cmd, limit)
        finally:
            floor.terminate()
            floor_out, _ = floor.communicate(timeout=30)
        try:
            report = last_json(floor_out)
            stall = last_json(out).get("ui_stall", {})
        except (RuntimeError, ValueError):
            return out, cpu, None
        if "counted_from_epoch" in stall:
            span = (stall["counted_from_epoch"], stall["counted_to_epoch"])
            return out, cpu, ui_floor.p99_between(report, *span)
        return out, cpu, report.get("p99_after_warmup_ms")

    def bare(suffix: str, vlc_args: tuple[str, ...] = (), nice: int = 0) -> Any:
        def run(n: int) -> dict[str, Any]:
            urls = [f"{base}/{cams[i % 8]}{suffix}" for i in range(n)]
            cmd = bare_cmd(args.seconds, urls, vlc_args)
            if nice:  # the app's decoders run at nice 19 (video/thread_priority.py)
                cmd = ["nice", "-n", str(nice), *cmd]
            out, cpu, floor_p99 = timed_with_floor(cmd)
            r = last_json(out)
            step = summarise(r["fps_after_warmup"], cpu)
            step["ui_floor_p99_ms"] = floor_p99
            step["log"] = str(bench.last_stderr)  # the grid's own log of this step
            step["x_server_cpu_s"] = bench.last_x_cpu
            firsts = sorted(f for f in r.get("first_frame_s", []) if f is not None)
            if firsts:  # from play() to the first picture (the app's: from the tile shown)
                step["first_frame_median_s"] = statistics.median(firsts)
                step["first_frame_p95_s"] = p95(firsts)
            return step

        return run

    def app_with(vlc_args: list[str]) -> Any:
        def run(n: int) -> dict[str, Any]:
            config = Path(bench.env["IOC_CONFIG_DIR"]) / "config.json"
            config.write_text(json.dumps({"video_extra_args": vlc_args}), encoding="utf-8")
            try:
                return app(n)
            finally:
                config.unlink()

        return run

    rtsp_demo: list[DemoBackend] = []  # made for app_rtsp only

    def app_rtsp(n: int) -> dict[str, Any]:
        if not rtsp_demo:
            rtsp_demo.append(
                DemoBackend(bench.cache, main_size=(1920, 1080), grain=GRAIN, rtsp=True).start(
                    wait_for_streams=True
                )
            )
        server = rtsp_demo[0].rtsp
        pid = server.proc.pid if server and server.proc else None
        before = cpu_of(pid) if pid else 0.0
        step = app(n, backend=rtsp_demo[0])
        step["rtsp_server_cpu_s"] = round(cpu_of(pid) - before, 1) if pid else None
        return step

    def app_no_planner(n: int) -> dict[str, Any]:
        bench.env["IOC_DECODE_PLANNER"] = "0"
        try:
            return app(n)
        finally:
            del bench.env["IOC_DECODE_PLANNER"]

    def app(n: int, root: Path | None = None, backend: DemoBackend = demo) -> dict[str, Any]:
        layout = grid_layout(n, cams, folder)
        cmd = app_cmd(backend.base_url, backend.token, args.seconds, "--layout", str(layout))
        here = bench.env["PYTHONPATH"]
        if root is not None:  # that checkout's code: -P keeps the working folder off the path
            cmd.insert(1, "-P")
            bench.env["PYTHONPATH"] = str(root.resolve())
        try:
            out, cpu, floor_p99 = timed_with_floor(cmd)
        finally:
            bench.env["PYTHONPATH"] = here
        r = last_json(out)
        # a tile the planner made a still shows no video by plan (issue #20: what does not fit
        # becomes a still): judged by the tiles that play video, the stills counted apart
        plan = r.get("wall_plan", {})
        rungs = plan.get("rungs", {})
        fps = r["tiles"]["fps_after_warmup"]
        # a still the governor stepped up to video during the count (it does so while the
        # wall is healthy, to find what more it holds) shows its first pictures a few seconds
        # later: a tile starting, judged apart, not a live tile dropping frames
        counted = args.seconds - SELFTEST_WARMUP_S + STEP_UP_SETTLE_S
        starting = {k for k, ago in plan.get("stepped_up_s_ago", {}).items() if ago < counted}
        live = [v for k, v in fps.items() if rungs.get(k) != "still" and k not in starting]
        step = summarise(live, cpu)
        step["x_server_cpu_s"] = bench.last_x_cpu
        step["stills"] = sum(1 for k in fps if rungs.get(k) == "still")
        step["stepped_up_while_counted"] = {k: fps[k] for k in sorted(starting) if k in fps}
        first = r["tiles"].get("first_frame", {})
        step["first_frame_median_s"] = first.get("median_s")
        step["first_frame_p95_s"] = first.get("p95_s")
        step["ui_stall_p99_ms"] = r["ui_stall"]["p99_after_warmup_ms"]
        step["ui_floor_p99_ms"] = floor_p99
        step["log"] = str(bench.last_stderr)  # the app's own log of this step
        if "late_intervals" in r["ui_stall"]:  # where the late ticks' time went (Linux)
            step["ui_late"] = r["ui_stall"]["late_intervals"]
        return step

    try:
        results: dict[str, Any] = {}
        counts = (
            [int(c) for c in args.counts.split(",")]
            if args.counts
            else [c for c in COUNTS if c <= args.max_tiles]
        )
        wanted = args.modes.split(",")
        runs: list[tuple[str, Any]] = []
        for mode, name, run in (
            ("bare_main", "bare_libvlc_grid_main_1080p", bare("")),
            ("bare_sub", "bare_libvlc_grid_sub_360p", bare("-sub")),
            (
                "bare_sub_fast",
                "bare_libvlc_grid_sub_360p_same_decoder_options_as_the_app",
                bare("-sub", SAME_AS_APP),
            ),
            (
                "bare_sub_fast_nice",
                "bare_libvlc_grid_sub_360p_same_decoding_and_priority_as_the_app",
                bare("-sub", SAME_AS_APP, nice=19),
            ),
            ("app_baseline", "app_baseline", lambda n: app(n, args.baseline_root)),
            ("app", "app", app),
            ("app_no_planner", "app_decode_planner_off", app_no_planner),
            ("app_tuned", "app_with_vlc_args", app_with(args.app_vlc_arg)),
            ("app_rtsp", "app_rtsp_cameras", app_rtsp),
        ):
            if mode in wanted or (mode == "app_baseline" and args.baseline_root):
                runs.append((name, run))
        if args.interleave:
            results.update(interleaved(runs, counts))
        for name, run in [] if args.interleave else runs:
            print(name, file=sys.stderr, flush=True)
            results[name] = sweep(run, counts)
    finally:
        demo.stop()
        for d in rtsp_demo:
            d.stop()
        bench.close()
    app_cap = results.get("app", {}).get("capacity", 0)
    main_cap = results.get("bare_libvlc_grid_main_1080p", {}).get("capacity", 0)
    sub_cap = results.get("bare_libvlc_grid_sub_360p", {}).get("capacity", 0)
    fast_cap = results.get("bare_libvlc_grid_sub_360p_same_decoder_options_as_the_app", {}).get(
        "capacity", 0
    )
    baseline = results.get("app_baseline", {})
    nice_cap = results.get(
        "bare_libvlc_grid_sub_360p_same_decoding_and_priority_as_the_app", {}
    ).get("capacity", 0)
    no_planner_cap = results.get("app_decode_planner_off", {}).get("capacity", 0)
    out = {
        "benchmark": "wall_capacity",
        "baseline_root": str(args.baseline_root) if args.baseline_root else None,
        "seconds_per_step": args.seconds,
        "app_budget": budget,
        "source_fps": SOURCE_FPS,
        "holds_when_every_tile_fps_at_least": HOLDS * SOURCE_FPS,
        "streams": {
            "main": "1920x1080 H.264 25 fps ~4.1 Mbit/s, grain",
            "sub": "640x360 H.264 25 fps ~0.46 Mbit/s, grain",
        },
        **results,
        "app_vs_bare_main_tiles": round(app_cap / main_cap, 2) if main_cap else None,
        "app_overhead_vs_bare_sub": round(1 - app_cap / sub_cap, 3) if sub_cap else None,
        "app_overhead_vs_bare_sub_same_decoding": (
            round(1 - app_cap / fast_cap, 3) if fast_cap else None
        ),
        # the app playing every tile (planner off) against the bare grid decoding the same way
        # at the same priority: the app's own cost per tile
        "app_no_planner_overhead_vs_bare_same_decoding_and_priority": (
            round(1 - no_planner_cap / nice_cap, 3) if nice_cap and no_planner_cap else None
        ),
        "app_baseline_capacity": baseline.get("capacity") if baseline else None,
        "app_rtsp_capacity": results.get("app_rtsp_cameras", {}).get("capacity"),
        "goals": {"app_vs_bare_main_tiles_at_least": 4.0, "app_overhead_vs_bare_sub_at_most": 0.05},
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
