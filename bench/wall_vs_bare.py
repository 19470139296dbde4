"""Benchmark: the whole app on the demo backend versus a bare libVLC grid of the same tiles,
same streams, same machine, same run. Prints one JSON object.

    .venv/bin/python bench/wall_vs_bare.py [--seconds 30]

Needs an X display; starts Xvfb itself when there is none. The app's number includes
everything it does beside video (charts at 0.5 Hz, the WebEngine map, polling, watchdogs)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ioc_desktop.demo.runner import DemoBackend  # noqa: E402
from ioc_desktop.layout.model import load_layout  # noqa: E402
from ioc_desktop.paths import layouts_dir  # noqa: E402
from tests.xvfb import start_xvfb  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args()
    xvfb = None
    env = dict(
        os.environ, QT_QPA_PLATFORM="xcb", QTWEBENGINE_DISABLE_SANDBOX="1", PYTHONPATH=str(ROOT)
    )
    if not env.get("DISPLAY"):
        xvfb, env["DISPLAY"] = start_xvfb()
    default_cache = Path(tempfile.gettempdir()) / "ioc-desktop-test-cache"
    cache = Path(os.environ.get("IOC_CACHE_DIR") or default_cache)
    env["IOC_CACHE_DIR"] = str(cache)
    demo = DemoBackend(cache).start(wait_for_streams=True)

    def timed(cmd: list[str]) -> tuple[str, float]:
        """Run a child to the end; its stdout and the CPU seconds it (and its children) used."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=args.seconds + 120
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return done.stdout, round(cpu, 1)

    try:
        overview = load_layout(layouts_dir() / "overview.json")
        cams = [
            str(p.settings["camera_id"])
            for s in overview.screens
            for p in s.panels
            if p.kind == "camera"
        ]
        base = f"http://127.0.0.1:{demo.stream_port}"
        bare = {}
        for profile, suffix in (("main", ""), ("sub", "-sub")):
            urls = [f"{base}/{c}{suffix}" for c in cams]
            out, cpu = timed(
                [sys.executable, str(ROOT / "bench" / "bare_grid.py"), str(args.seconds), *urls]
            )
            fps = json.loads(out.strip().splitlines()[-1])["fps_after_warmup"]
            bare[profile] = {
                "fps_per_tile": fps,
                "median_fps": statistics.median(fps),
                "cpu_s": cpu,
            }
        out, app_cpu = timed(
            [
                sys.executable,
                "-m",
                "ioc_desktop",
                "--backend",
                demo.base_url,
                "--token",
                demo.token,
                "--selftest",
                str(args.seconds),
            ]
        )
        app_r = json.loads([ln for ln in out.splitlines() if ln.startswith("{")][-1])
    finally:
        demo.stop()
        if xvfb:
            xvfb.terminate()
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
