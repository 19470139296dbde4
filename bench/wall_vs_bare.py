"""Benchmark: the whole app on the demo backend versus a bare libVLC grid of the same tiles,
same streams, same machine, same run. Prints one JSON object.

    .venv/bin/python bench/wall_vs_bare.py [--seconds 30]

Needs an X display; starts Xvfb itself when there is none. The app's number includes
everything it does beside video (charts at 0.5 Hz, the WebEngine map, polling, watchdogs)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ioc_desktop.demo.runner import DemoBackend  # noqa: E402
from ioc_desktop.layout.model import load_layout  # noqa: E402
from ioc_desktop.paths import layouts_dir  # noqa: E402


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read_fd, write_fd = os.pipe()
    exe = shutil.which("Xvfb") or "Xvfb"
    proc = subprocess.Popen(
        [exe, "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as r:
        return proc, ":" + r.readline().strip()


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
    cache = Path(
        os.environ.get("IOC_CACHE_DIR") or Path(tempfile.gettempdir()) / "ioc-desktop-test-cache"
    )
    env["IOC_CACHE_DIR"] = str(cache)
    demo = DemoBackend(cache).start(wait_for_streams=True)
    try:
        cams = [
            str(p.settings["camera_id"])
            for s in load_layout(layouts_dir() / "overview.json").screens
            for p in s.panels
            if p.kind == "camera"
        ]
        urls = [f"http://127.0.0.1:{demo.stream_port}/{c}" for c in cams]
        t = time.perf_counter()
        bare = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "bare_grid.py"), str(args.seconds), *urls],
            env=env,
            capture_output=True,
            text=True,
            timeout=args.seconds + 120,
        )
        bare_wall = time.perf_counter() - t
        app = subprocess.run(
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
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=args.seconds + 120,
        )
        bare_r = json.loads(bare.stdout.strip().splitlines()[-1])
        app_r = json.loads([ln for ln in app.stdout.splitlines() if ln.startswith("{")][-1])
    finally:
        demo.stop()
        if xvfb:
            xvfb.terminate()
    bare_fps = bare_r["fps_after_warmup"]
    app_fps = list(app_r["tiles"]["fps_after_warmup"].values())
    source_fps = 25.0
    result = {
        "benchmark": "wall_vs_bare",
        "seconds": args.seconds,
        "tiles": len(urls),
        "source_fps": source_fps,
        "bare_libvlc_grid": {
            "fps_per_tile": bare_fps,
            "median_fps": statistics.median(bare_fps),
            "wall_s": round(bare_wall, 1),
        },
        "app": {
            "fps_per_tile": app_fps,
            "median_fps": statistics.median(app_fps),
            "ui_stall": app_r["ui_stall"],
            "selftest_ok": app_r["ok"],
            "chart_updates": app_r["charts"]["updates"],
            "map_markers": app_r["map"]["markers"],
        },
        "app_vs_bare_median_ratio": round(
            statistics.median(app_fps) / max(0.1, statistics.median(bare_fps)), 3
        ),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
