"""Benchmark: what the map costs a running wall, drawn on the CPU (Qt Quick's software
renderer) or composited with OpenGL, on a machine whose OpenGL is software (llvmpipe).
Prints one JSON object.

    .venv/bin/python bench/map_render.py [--seconds 30] [--rounds 2]

The wall is bench/layout_switch.py's first layout: one 3840×2160 desktop cut into 2×2
monitors, 16 camera tiles, 4 KPI charts, the map on one monitor, lists on the others, on the
demo backend (its incidents keep coming, so the map has a marker pulsing most of the time).
Modes, run in turn in each round:

    no_map       the same wall with the map panel replaced by an incident list (the baseline)
    map_cpu      map_opengl = off (what auto picks on software OpenGL)
    map_opengl   map_opengl = on

Each run reports the CPU the app and its children used (QtWebEngine's renderer included),
the UI thread's stalls after warm-up, and the frames per second the 16 tiles kept.

    .venv/bin/python bench/map_render.py --page [--rounds 3]

The map page alone (the real MapPanel, 1280×900, under Xvfb), with the province's base map
(resources/map/basemap/phu_tho.json: outline, rivers, towns, 148 wards) and without it,
alternating in the same run, a fresh QtWebEngine each time: time to the page being ready
and to the base map drawn (the page's own fetch / parse / draw split), the UI thread's
stalls while it loads, a zoom step without animation at province scale (zoom 9) and at
Việt Trì (zoom 12→13) timed to the painted frame, QtWebEngine's memory (loaded, right after
the zooms, and after 12 s at rest) and the CPU the page takes while idle.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from bench.common import BenchEnv, app_cmd, last_json, tree_cpu
from bench.layout_switch import four_monitor_layout
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import Layout, PanelSpec, save_layout

MODES = ("no_map", "map_cpu", "map_opengl")
BASE_MAP = Path(__file__).resolve().parent.parent / "resources/map/basemap/phu_tho.json"


def without_map(layout: Layout) -> Layout:
    """The same wall with an incident list where the map was."""
    for screen in layout.screens:
        screen.panels = [
            PanelSpec("incidents", p.row, p.col, p.row_span, p.col_span) if p.kind == "map" else p
            for p in screen.panels
        ]
    return layout


def run_mode(
    bench: BenchEnv, mode: str, url: str, token: str, layouts: Path, seconds: float
) -> dict[str, Any]:
    config = Path(bench.env["IOC_CONFIG_DIR"]) / "config.json"
    config.write_text(json.dumps({"map_opengl": "on" if mode == "map_opengl" else "off"}))
    layout = layouts / ("no-map.json" if mode == "no_map" else "with-map.json")
    cmd = app_cmd(
        url, token, seconds, "--layout", str(layout), "--role", "wall", "--wall-split", "2x2"
    )
    out, cpu = bench.timed(cmd, timeout=seconds + 120)
    r = last_json(out)
    fps = list(r["tiles"]["fps_after_warmup"].values())
    return {
        "cpu_s": cpu,
        "cpu_per_s": round(cpu / seconds, 2),
        "ui_stall_max_ms": r["ui_stall"]["max_after_warmup_ms"],
        "ui_stall_p99_ms": r["ui_stall"]["p99_after_warmup_ms"],
        "tiles": len(fps),
        "tile_fps_median": statistics.median(fps) if fps else None,
        "tile_fps_min": min(fps) if fps else None,
        "map_opengl": r.get("map_opengl"),
        "selftest_ok": r.get("ok"),
        "failures": r.get("failures"),
    }


def page_child(base_map: bool, idle_s: float) -> dict[str, Any]:
    """One map page, from nothing to drawn, zoomed, then idle (run in a child process)."""
    import asyncio
    import time

    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from ioc_desktop.map.scheme import register_scheme

    register_scheme()
    import psutil
    import qasync
    from PySide6.QtWebEngineCore import QWebEngineProfile
    from PySide6.QtWidgets import QApplication

    from bench.map_markers import ZOOM_STEP
    from ioc_desktop.map.page import build_map_html
    from ioc_desktop.map.scheme import MapSchemeHandler, OfflineGuard
    from ioc_desktop.qt_loop import run_until_done
    from ioc_desktop.selftest import UiStallMeter
    from ioc_desktop.store import Store
    from widgets.map_panel import MapPanel

    app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    centre = (21.15, 105.37)
    profile = QWebEngineProfile(app)
    handler = MapSchemeHandler(lambda: build_map_html(centre, 9, base_map=base_map), app)
    profile.installUrlSchemeHandler(b"ioc", handler)
    guard = OfflineGuard(parent=app)
    profile.setUrlRequestInterceptor(guard)
    meter = UiStallMeter()
    t0 = time.perf_counter()
    panel = MapPanel(Store(), profile, centre, 9)
    panel.resize(1280, 900)
    panel.show()

    async def js(expr: str) -> Any:
        fut: asyncio.Future[Any] = loop.create_future()
        panel.page.runJavaScript(
            f"JSON.stringify({expr})", 0, lambda r: fut.done() or fut.set_result(r)
        )
        text = await asyncio.wait_for(fut, 10)
        return json.loads(text) if text else None

    async def zoom_steps(lat: float, lon: float, zoom: int) -> float:
        panel.center_on(lat, lon, zoom)
        await asyncio.sleep(1.0)
        times = []
        for step in (1, -1, 1, -1, 1, -1):
            await js(ZOOM_STEP % step)
            for _ in range(100):
                await asyncio.sleep(0.02)
                ms = await js("window.__benchZoomMs")
                if ms is not None:
                    times.append(float(ms))
                    break
            await asyncio.sleep(0.4)  # the labels' second placement (basemap.js) included
        return round(statistics.median(times), 1) if times else -1.0

    me = psutil.Process()

    def renderer_mb() -> float:
        """QtWebEngine's processes (renderer, zygotes): resident memory, MiB."""
        total = 0
        for p in me.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total / 2**20

    async def run() -> dict[str, Any]:
        while not panel.ready:
            await asyncio.sleep(0.005)
        ready_ms = (time.perf_counter() - t0) * 1000
        state = {"status": "off", "ms": {}}
        if base_map:
            while state["status"] not in ("drawn", "failed"):
                await asyncio.sleep(0.005)
                state = await js("iocBaseMap.state()")
        drawn_ms = (time.perf_counter() - t0) * 1000
        await asyncio.sleep(1.0)
        load_stall = meter.summary(warmup_s=0.0)
        loaded_mb = renderer_mb()
        zoom_province = await zoom_steps(*centre, 9)
        zoom_city = await zoom_steps(21.31, 105.40, 12)
        panel.center_on(*centre, 9)
        await asyncio.sleep(2.0)
        after_zooms_mb = renderer_mb()
        c0 = tree_cpu(me)
        await asyncio.sleep(idle_s)
        idle_cpu = (tree_cpu(me) - c0) / idle_s
        rested_mb = renderer_mb()
        return {
            "base_map": base_map,
            "base_state": state["status"],
            "page_ready_ms": round(ready_ms),
            "base_drawn_ms": round(drawn_ms) if base_map else None,
            "page_base_ms": {k: round(v, 1) for k, v in state.get("ms", {}).items()},
            "ui_stall_while_loading_max_ms": load_stall["max_ms"],
            "zoom_step_ms_province_z9": zoom_province,
            "zoom_step_ms_viet_tri_z12": zoom_city,
            # Chromium keeps the rasters of a zoom's animation for a while, then lets go
            "renderer_rss_mb_loaded": round(loaded_mb),
            "renderer_rss_mb_after_zooms": round(after_zooms_mb),
            "renderer_rss_mb_rested": round(rested_mb),
            "idle_cpu_per_s": round(idle_cpu, 3),
            "blocked": list(guard.blocked),
        }

    with loop:
        result = run_until_done(loop, run())
    panel.close()
    return result


def page_bench(rounds: int) -> dict[str, Any]:
    """With and without the base map, alternating, each in a fresh process."""
    bench = BenchEnv()
    runs: dict[str, list[dict[str, Any]]] = {"without_base": [], "with_base": []}
    try:
        for _ in range(rounds):
            for mode in runs:
                cmd = [sys.executable, str(Path(__file__).resolve()), "--page-child", mode]
                out, cpu = bench.timed(cmd, timeout=180)
                runs[mode].append({**last_json(out), "process_cpu_s": cpu})
    finally:
        bench.close()

    def med(mode: str, key: str) -> float | None:
        vals = [r[key] for r in runs[mode] if r.get(key) is not None]
        return round(statistics.median(vals), 3) if vals else None

    keys = ("page_ready_ms", "base_drawn_ms", "ui_stall_while_loading_max_ms",
            "zoom_step_ms_province_z9", "zoom_step_ms_viet_tri_z12", "renderer_rss_mb_loaded",
            "renderer_rss_mb_after_zooms", "renderer_rss_mb_rested", "idle_cpu_per_s",
            "process_cpu_s")  # fmt: skip
    page_ms = [r["page_base_ms"] for r in runs["with_base"]]
    return {
        "benchmark": "map_render_page",
        "machine": f"{os.cpu_count()} cores, Xvfb, OpenGL = llvmpipe (software), page 1280x900",
        "base_map_bytes": BASE_MAP.stat().st_size,
        "rounds": rounds,
        "runs": runs,
        "summary": {m: {k: med(m, k) for k in keys} for m in runs},
        "with_base_page_ms_median": {
            k: round(statistics.median(p[k] for p in page_ms if k in p), 1)
            for k in ("fetch", "parse", "draw", "total")
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--page", action="store_true", help="the map page alone, base map on/off")
    ap.add_argument("--page-child", choices=["with_base", "without_base"])
    args = ap.parse_args()
    if args.page_child:
        result = page_child(args.page_child == "with_base", idle_s=12.0)
        print(json.dumps(result), flush=True)
        return 0
    if args.page:
        print(json.dumps(page_bench(args.rounds), ensure_ascii=False))
        return 0
    bench = BenchEnv(screen="3840x2160x24")
    demo = DemoBackend(bench.cache).start(wait_for_streams=True)
    layouts = Path(tempfile.mkdtemp(prefix="ioc-map-render-"))
    save_layout(four_monitor_layout("wall-a", 0), layouts / "with-map.json")
    save_layout(without_map(four_monitor_layout("wall-a", 0)), layouts / "no-map.json")
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in MODES}
    try:
        for _ in range(args.rounds):
            for mode in MODES:
                runs[mode].append(
                    run_mode(bench, mode, demo.base_url, demo.token, layouts, args.seconds)
                )
    except (subprocess.TimeoutExpired, RuntimeError) as exc:
        print(json.dumps({"benchmark": "map_render", "error": str(exc)}))
        return 1
    finally:
        demo.stop()
        bench.close()

    def median(mode: str, key: str) -> float:
        return round(statistics.median(r[key] for r in runs[mode]), 2)

    base = median("no_map", "cpu_per_s")
    report = {
        "benchmark": "map_render",
        "machine": "2 cores, Xvfb 3840x2160 cut 2x2, OpenGL = llvmpipe (software)",
        "seconds_each": args.seconds,
        "runs": runs,
        "summary": {
            m: {
                "cpu_per_s": median(m, "cpu_per_s"),
                "map_costs_cpu_per_s": round(median(m, "cpu_per_s") - base, 2),
                "ui_stall_p99_ms": median(m, "ui_stall_p99_ms"),
                "tile_fps_median": median(m, "tile_fps_median"),
            }
            for m in MODES
        },
    }
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
