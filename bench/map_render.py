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
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchEnv, app_cmd, last_json
from bench.layout_switch import four_monitor_layout
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import Layout, PanelSpec, save_layout

MODES = ("no_map", "map_cpu", "map_opengl")


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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
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
