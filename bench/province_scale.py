"""Benchmark: the wall against the demo backend at a real province's size (`--scale province`:
148 wards, 1,200 cameras, ~5,000 open citizen reports, ~300 incidents a day) versus the light
demo (8 cameras, tens of reports), in the same run. Prints one JSON object.

    .venv/bin/python bench/province_scale.py [--minutes 10] [--link-seconds 60]

For each scale the demo backend runs in its own process (so the app's memory is the app's):
- the whole app (`--selftest`, the overview layout on one 1920×1080 screen) for `--minutes`:
  seconds to windows and to the first picture, the UI thread's stalls (p99, max after the
  warm-up), what the lists and the map held, and the app's memory (RSS) sampled every 5 s
  (at 1 minute and at the end);
- one console's backend link (the app's own BackendSync and BackendClient at a wall's poll
  intervals) for `--link-seconds` once it holds every list, asking for everything every time
  (no If-None-Match, whole lists) and then only for what changed (If-None-Match, `since` on
  incidents and reports): requests, KiB and the console's CPU per minute.
The catalogue's search latency at this scale is bench/catalogue_scale.py's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication

from bench.common import BenchEnv, app_cmd, last_json
from bench.console_link import console_link
from ioc_desktop.demo.runner import free_port


def start_backend(env: BenchEnv, scale: str) -> tuple[subprocess.Popen[str], str, float]:
    """The demo backend of that scale in its own process: (process, URL, seconds to ready)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ioc_desktop",
            "demo-backend",
            "--port",
            str(free_port()),
            "--scale",
            scale,
        ],
        env=env.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    url = json.loads(proc.stdout.readline())["url"]
    return proc, url, round(time.monotonic() - t0, 2)


def run_app(env: BenchEnv, url: str, seconds: float) -> dict[str, Any]:
    """The whole app for `seconds`, its memory sampled every 5 s."""
    cmd = app_cmd(url, "demo-token", seconds, "--log-level", "WARNING", "--layout", "overview")
    child = subprocess.Popen(cmd, env=env.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    samples: list[tuple[float, float]] = []
    out: list[bytes] = []
    stdout = child.stdout
    assert stdout is not None
    reader = threading.Thread(target=lambda: out.append(stdout.read()), daemon=True)
    reader.start()
    proc = psutil.Process(child.pid)
    t0 = time.monotonic()
    while child.poll() is None and time.monotonic() - t0 < seconds + 180:
        try:
            samples.append((time.monotonic() - t0, proc.memory_info().rss / 2**20))
        except psutil.Error:
            break
        time.sleep(5)
    if child.poll() is None:
        child.kill()
    child.wait()
    reader.join(timeout=10)
    result = last_json(b"".join(out).decode("utf-8", "replace"))

    def rss_at(t: float) -> float | None:
        near = [m for s, m in samples if s >= t]
        return round(near[0], 1) if near else None

    return {
        "startup": result["startup"],
        "ui_stall": result["ui_stall"],
        "tiles_playing": f"{result['tiles']['playing']}/{result['tiles']['total']}",
        "incidents_listed": result["incidents_listed"],
        "reports_listed": result["reports_listed"],
        "map_markers": result["map"]["markers"],
        "blocked_requests": result["map"]["blocked_requests"],
        "failures": result["failures"],
        "rss_mib": {
            "at_1_min": rss_at(60),
            "end": round(samples[-1][1], 1) if samples else None,
            "max": round(max(m for _, m in samples), 1) if samples else None,
            "minutes": round(samples[-1][0] / 60, 1) if samples else None,
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="the app's run per scale")
    ap.add_argument("--link-seconds", type=float, default=60.0)
    args = ap.parse_args()
    QCoreApplication.instance() or QCoreApplication([])
    env = BenchEnv()
    scales: dict[str, Any] = {}
    try:
        for scale in ("light", "province"):
            proc, url, ready_s = start_backend(env, scale)
            try:
                scales[scale] = {
                    "backend_ready_s": ready_s,
                    "app": run_app(env, url, args.minutes * 60),
                    "link": [
                        console_link(url, smart, args.link_seconds, settle=True)
                        for smart in (False, True)
                    ],
                }
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    finally:
        env.close()

    def ratio(key: str, pick: Any) -> float | None:
        light, big = pick(scales["light"]), pick(scales["province"])
        return round(big[key] / light[key], 2) if light.get(key) else None

    link = {
        scale: {
            "everything_every_time": s["link"][0],
            "only_what_changed": s["link"][1],
            "kib_saved_pct": round(
                100 * (1 - s["link"][1]["kib_per_min"] / max(s["link"][0]["kib_per_min"], 1e-9)),
                1,
            ),
        }
        for scale, s in scales.items()
    }
    print(
        json.dumps(
            {
                "benchmark": "province_scale",
                "minutes": args.minutes,
                "light": {"backend_ready_s": scales["light"]["backend_ready_s"]}
                | scales["light"]["app"],
                "province": {"backend_ready_s": scales["province"]["backend_ready_s"]}
                | scales["province"]["app"],
                "link_per_client": link,
                "province_vs_light": {
                    "to_windows": ratio("to_windows_s", lambda s: s["app"]["startup"]),
                    "to_first_frame": ratio("to_first_frame_s", lambda s: s["app"]["startup"]),
                    "ui_p99": ratio("p99_after_warmup_ms", lambda s: s["app"]["ui_stall"]),
                    "rss_end": ratio("end", lambda s: s["app"]["rss_mib"]),
                },
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
