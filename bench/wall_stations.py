"""Benchmark: a wall of three PCs switching layouts because a workstation pushed one, against
the same wall shown by a single wall process, in the same run. Prints one JSON object.

    .venv/bin/python bench/wall_stations.py [--seconds 60] [--pushes 3]

The layouts have six screens of two cameras each (sub streams). As three stations (the demo
wall's definition: one PC per column of a 2×3 wall), each PC is its own app process on its
own Xvfb (3840×1080 cut into its two monitors) and shows its two screens, four tiles; as one
wall process, the same six screens on one Xvfb (5760×2160 cut 2×3), twelve tiles. Measured
inside each app (--selftest reports every switch): from the push (the backend took the new
state) to the station's panels built, and to all its tiles' first pictures; across stations,
the spread between the first and the last station. Same pushes, same streams, same machine.
"""

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchEnv, app_cmd, last_json
from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec, save_layout
from tests.xvfb import start_xvfb

STATIONS = {"wall-pc-1": "3840x1080x24", "wall-pc-2": "3840x1080x24", "wall-pc-3": "3840x1080x24"}


def six_screens(name: str, shift: int) -> Layout:
    screens = [
        ScreenSpec(
            f"s{s + 1}",
            1,
            2,
            [
                PanelSpec(
                    "camera", 0, c, settings={"camera_id": f"cam{(s * 2 + c + shift) % 8 + 1:02d}"}
                )
                for c in range(2)
            ],
        )
        for s in range(6)
    ]
    return Layout(name, f"Sáu màn hình {name}", screens)


def pusher(
    client: BackendClient, first_after: float, every: float, pushes: int, out: list[float]
) -> None:
    time.sleep(first_after)
    lease = client.take_wall_lease("bench", "bench-ws", ttl_s=300).lease_id
    for i in range(pushes):
        state = client.wall_state()
        name = "st-b" if i % 2 == 0 else "st-a"
        client.put_wall_state(name, None, "bench@workstation", state.version, lease)
        out.append(time.time())
        time.sleep(every)


def run(
    demo: DemoBackend, cache: Path, seconds: float, pushes: int, as_stations: bool, idle: Path
) -> dict[str, Any]:
    client = BackendClient(demo.base_url, demo.token)
    procs: dict[str, tuple[subprocess.Popen[str], subprocess.Popen[bytes]]] = {}
    layout = [("--layout", str(idle))]
    targets = STATIONS if as_stations else {"single": "5760x2160x24"}
    for name, size in targets.items():
        xvfb, display = start_xvfb(size)
        env = BenchEnv.child_env(display, cache)
        extra = ["--wall-split", "1x2" if as_stations else "2x3", *layout[0]]
        if as_stations:
            extra += ["--station", name]
        procs[name] = (
            subprocess.Popen(
                app_cmd(demo.base_url, demo.token, seconds, *extra),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            ),
            xvfb,
        )
    pushed: list[float] = []
    every = (seconds - 30) / pushes
    t = threading.Thread(target=pusher, args=(client, 20.0, every, pushes, pushed), daemon=True)
    t.start()
    reports = {}
    for name, (proc, xvfb) in procs.items():
        out, _ = proc.communicate(timeout=seconds + 180)
        xvfb.terminate()
        reports[name] = last_json(out)
    t.join()
    client.close()
    per_push = []
    for i, at in enumerate(pushed):
        panels, video = {}, {}
        for name, rep in reports.items():
            sw = [
                s for s in rep.get("switches", []) if s["why"] == "pushed" and s["at"] >= at - 0.5
            ]
            if not sw:
                continue
            first = min(sw, key=lambda s: s["at"])
            panels[name] = round(first["at"] + first["panels_shown_s"] - at, 3)
            live = first.get("all_tiles_live_s")
            video[name] = None if live is None else round(first["at"] + live - at, 3)
        got = [v for v in video.values() if v is not None]
        per_push.append(
            {
                "push": i + 1,
                "to_panels_s": panels,
                "to_video_s": video,
                "panels_spread_s": round(max(panels.values()) - min(panels.values()), 3)
                if panels
                else None,
                "video_spread_s": round(max(got) - min(got), 3)
                if len(got) == len(video) and got
                else None,
            }
        )
    return {
        "processes": len(procs),
        "tiles_each": {n: r["tiles"]["total"] for n, r in reports.items()},
        "pushes": per_push,
        "ui_stall_p99_ms": {
            n: r["ui_stall"].get("p99_after_warmup_ms") for n, r in reports.items()
        },
    }


def summary(run_: dict[str, Any]) -> dict[str, Any]:
    panels = [v for p in run_["pushes"] for v in p["to_panels_s"].values()]
    video = [v for p in run_["pushes"] for v in p["to_video_s"].values() if v is not None]
    spread = [p["panels_spread_s"] for p in run_["pushes"] if p["panels_spread_s"] is not None]
    return {
        "to_panels_median_s": round(statistics.median(panels), 3) if panels else None,
        "to_panels_max_s": max(panels) if panels else None,
        "to_video_median_s": round(statistics.median(video), 3) if video else None,
        "to_video_max_s": max(video) if video else None,
        "panels_spread_max_s": max(spread) if spread else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--pushes", type=int, default=3)
    args = ap.parse_args()
    bench = BenchEnv()
    demo = DemoBackend(bench.cache).start(wait_for_streams=True)
    folder = Path(tempfile.mkdtemp(prefix="ioc-stations-"))
    client = BackendClient(demo.base_url, demo.token)
    for layout in (six_screens("st-a", 0), six_screens("st-b", 1)):
        client.put_wall_layout(layout.to_json(), None)
    idle = folder / "st-a.json"
    save_layout(six_screens("st-a", 0), idle)
    client.close()
    try:
        single = run(demo, bench.cache, args.seconds, args.pushes, False, idle)
        stations = run(demo, bench.cache, args.seconds, args.pushes, True, idle)
    finally:
        demo.stop()
        bench.close()
    print(
        json.dumps(
            {
                "benchmark": "wall_stations",
                "machine": "2 cores, Xvfb per process, no GPU",
                "baseline_single_wall_process": {**summary(single), **single},
                "three_stations": {**summary(stations), **stations},
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
