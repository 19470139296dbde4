"""Benchmark: the whole app on the demo backend versus a bare libVLC grid of the same tiles,
same streams, same machine, same run. Prints one JSON object.

    .venv/bin/python bench/wall_vs_bare.py [--seconds 30]

Needs an X display; starts Xvfb itself when there is none. The app's number includes
everything it does beside video (charts at 0.5 Hz, the WebEngine map, polling, watchdogs)."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchEnv, app_cmd, bare_cmd, last_json
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import load_layout
from ioc_desktop.paths import layouts_dir


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args()
    bench = BenchEnv()
    demo = DemoBackend(bench.cache).start(wait_for_streams=True)
    limit = args.seconds + 120

    try:
        overview = load_layout(layouts_dir() / "overview.json")
        cams = [
            str(p.settings.get("camera_id") or p.settings["camera_ids"][0])
            for s in overview.screens
            for p in s.panels
            if p.kind in ("camera", "camera_tour")
        ]
        base = f"http://127.0.0.1:{demo.stream_port}"
        bare = {}
        for profile, suffix in (("main", ""), ("sub", "-sub")):
            urls = [f"{base}/{c}{suffix}" for c in cams]
            out, cpu = bench.timed(bare_cmd(args.seconds, urls), limit)
            fps = last_json(out)["fps_after_warmup"]
            bare[profile] = {
                "fps_per_tile": fps,
                "median_fps": statistics.median(fps),
                "cpu_s": cpu,
            }
        out, app_cpu = bench.timed(app_cmd(demo.base_url, demo.token, args.seconds), limit)
        app_r = last_json(out)
    finally:
        demo.stop()
        bench.close()
    app_fps = list(app_r["tiles"]["fps_after_warmup"].values())
    result = {
        "benchmark": "wall_vs_bare",
        "seconds": args.seconds,
        "tiles": len(cams),
        "source_fps": 25.0,
        "streams": {"main": "1280x720 H.264 25 fps", "sub": "640x360 H.264 25 fps"},
        "bare_libvlc_grid_main": bare["main"],
        "bare_libvlc_grid_sub": bare["sub"],
        "app": {
            "fps_per_tile": app_fps,
            "median_fps": statistics.median(app_fps),
            "cpu_s": app_cpu,
            "note": "small tiles play the sub stream; cpu includes charts, WebEngine map, polling",
            "ui_stall": app_r["ui_stall"],
            "selftest_ok": app_r["ok"],
            "chart_updates": app_r["charts"]["updates"],
            "map_markers": app_r["map"]["markers"],
        },
        "app_vs_bare_sub_fps_ratio": round(
            statistics.median(app_fps) / max(0.1, bare["sub"]["median_fps"]), 3
        ),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
