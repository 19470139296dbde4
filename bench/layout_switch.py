"""Benchmark: the wall switches from one 4-monitor layout to another (16 cameras, charts,
map, incident list) because a workstation pushed it through the backend. Prints one JSON
object.

    .venv/bin/python bench/layout_switch.py [--switch-after 20] [--seconds 45]

The wall is one 3840×2160 desktop cut into 2×2 monitors (`--wall-split 2x2`, as NVIDIA
Mosaic presents a wall), under its own Xvfb. Measured inside the app (--selftest reports
every switch): time from the switch to every panel of the new layout built and laid out,
to every new tile's first picture (libVLC's counters, read off the UI thread), and to every
tile's status saying live (which waits for the UI thread). Measured outside the app: when
each tile's picture reached the screen, read from the X server's pixels (screen_watch.py).
Baselines from the same run: 16 bare libVLC players started on the same streams (the floor
the stream start-up sets), and the app opening the first layout at start. Goal (issue #4):
under 1 s to panels, 2 s to video (on screen).

    --shot PATH   save the wall as it was at the end, the watched patches boxed in red
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchEnv, app_cmd, bare_cmd, last_json
from bench.screen_watch import ScreenWatch
from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec, save_layout

KPIS = ["dvc-ontime-rate", "yt-bed-occupancy", "an-incidents-hour", "mt-aqi-max"]


def four_monitor_layout(name: str, shift: int) -> Layout:
    """Four 2×3 screens: four cameras each (16 in all), a KPI chart each, the map on one,
    the incident list and air quality on others. With shift 0 and 1 no panel of one layout
    is the same panel on the same screen of the other: the switch rebuilds everything (a
    switch that keeps panels is cheaper, the app reports those as kept)."""
    screens = []
    for s in range(4):
        panels = [
            PanelSpec(
                "camera",
                i // 2,
                i % 2,
                settings={"camera_id": f"cam{(s * 4 + i + 4 * shift) % 8 + 1:02d}"},
            )
            for i in range(4)
        ]
        panels.append(PanelSpec("kpi_trend", 0, 2, settings={"kpi_id": KPIS[(s + shift) % 4]}))
        extra = ["map", "incidents", "aq_bars", "incidents"][(s + shift) % 4]
        settings: dict[str, Any] = {"center": [21.2, 105.3 + 0.01 * shift], "zoom": 9}
        panels.append(PanelSpec(extra, 1, 2, settings=settings if extra == "map" else {}))
        screens.append(ScreenSpec(f"wall-{s + 1}", 2, 3, panels))
    return Layout(name, f"Bốn màn hình {name[-1].upper()}", screens)


def tile_centres() -> dict[str, tuple[int, int]]:
    """Middle of each camera tile's video on the 3840×2160 desktop: the layout's screens go
    to the 1920×1080 monitors left to right, top to bottom; a window has a title row (~60 px)
    and a status bar; a tile's name and district rows sit above its video."""
    out = {}
    for s in range(4):
        sx, sy = (s % 2) * 1920, (s // 2) * 1080
        for i in range(4):
            r, c = i // 2, i % 2
            x, y = sx + int((c + 0.5) * 640), sy + 60 + int((r + 0.5) * 495) + 40
            out[f"wall-{s + 1}/r{r}c{c}"] = (x, y)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--switch-after", type=float, default=20.0)
    ap.add_argument("--seconds", type=float, default=45.0)
    ap.add_argument("--shot", type=Path, default=None)
    args = ap.parse_args()
    bench = BenchEnv(screen="3840x2160x24")
    demo = DemoBackend(bench.cache).start(wait_for_streams=True)
    client = BackendClient(demo.base_url, demo.token)
    folder = Path(tempfile.mkdtemp(prefix="ioc-switch-"))
    first, second = four_monitor_layout("wall-a", 0), four_monitor_layout("wall-b", 1)
    save_layout(first, folder / "wall-a.json")
    for layout in (first, second):
        client.put_wall_layout(layout.to_json(), None)
    cmd = app_cmd(
        demo.base_url,
        demo.token,
        args.seconds,
        "--layout",
        str(folder / "wall-a.json"),
        "--role",
        "wall",
        "--wall-split",
        "2x2",
    )

    watch = ScreenWatch(bench.env["DISPLAY"], tile_centres())

    def push_later() -> None:
        time.sleep(args.switch_after - 2)
        watch.start()
        time.sleep(2)
        state = client.wall_state()
        lease = client.take_wall_lease("bench", "bench-ws").lease_id
        client.put_wall_state("wall-b", None, "bench@workstation", state.version, lease)
        time.sleep(10)
        if args.shot:
            watch.save_shot(args.shot)
        watch.stop()

    pusher = threading.Thread(target=push_later, daemon=True)
    try:
        # the floor: bare libVLC players started on the same 16 sub streams, nothing else
        urls = [
            next(st["url"] for st in cam["streams"] if st["profile"] == "sub")
            for cam in (demo.sim.cameras[i % 8] for i in range(16))
        ]
        bare_before = last_json(bench.timed(bare_cmd(8, urls), timeout=120)[0])
        pusher.start()
        out, cpu = bench.timed(cmd, timeout=args.seconds + 240)
        result = last_json(out)
        pusher.join()
        # and once more after: how fast a stream starts drifts with the server's state
        bare_after = last_json(bench.timed(bare_cmd(8, urls), timeout=120)[0])
    except (subprocess.TimeoutExpired, RuntimeError) as exc:
        print(json.dumps({"benchmark": "layout_switch", "error": str(exc)}))
        return 1
    finally:
        demo.stop()
        bench.close()
    switches = result.get("switches", [])
    pushed = next((s for s in switches if s["why"] == "pushed"), None)
    cold = next((s for s in switches if s["why"] == "start"), {})
    start_firsts = sorted(v for v in cold.get("first_frame_s", {}).values() if v is not None)
    on_screen = watch.first_picture_after(pushed["at"]) if pushed else {}
    screen_got = [v for v in on_screen.values() if v is not None]
    all_on_screen = max(screen_got) if on_screen and len(screen_got) == len(on_screen) else None

    def bare_summary(bare: dict[str, Any]) -> dict[str, Any]:
        firsts = sorted(v for v in bare["first_frame_s"] if v is not None)
        return {"all_live_s": max(firsts) if len(firsts) == 16 else None, "first_frame_s": firsts}

    report = {
        "benchmark": "layout_switch",
        "baseline_bare_libvlc_16_players": {
            "before_app": bare_summary(bare_before),
            "after_app": bare_summary(bare_after),
        },
        "machine": "2 cores, Xvfb 3840x2160 cut 2x2, no GPU",
        "layouts": {"panels_each": sum(len(s.panels) for s in first.screens), "cameras_each": 16},
        "baseline_cold_open": {
            "tiles": cold.get("tiles"),
            "all_tiles_live_s": cold.get("all_tiles_live_s"),
            "never_live": cold.get("never_live"),
            "first_frame_s": start_firsts,
        },
        "switch": None
        if pushed is None
        else {
            "panels": pushed["panels"],
            "panels_shown_s": pushed["panels_shown_s"],
            "all_pictures_on_screen_s": all_on_screen,
            "all_tiles_live_s": pushed["all_tiles_live_s"],
            "all_status_live_s": pushed.get("all_status_live_s"),
            "never_live": pushed["never_live"],
            "on_screen_s": sorted(screen_got),
            "not_seen_on_screen": sorted(k for k, v in on_screen.items() if v is None),
            "first_frame_s": sorted(v for v in pushed["first_frame_s"].values() if v is not None),
            "tiles_kept_playing": pushed.get("tiles_kept_playing"),
        },
        "goal": {"panels_s": 1.0, "video_s": 2.0},
        "met": bool(
            pushed
            and pushed["panels_shown_s"] is not None
            and pushed["panels_shown_s"] < 1.0
            and all_on_screen is not None
            and all_on_screen < 2.0
            and pushed["all_tiles_live_s"] is not None
            and pushed["all_tiles_live_s"] < 2.0
        ),
        "wall_followed_push": result.get("wall_followed"),
        "windows": result.get("windows"),
        "ui_stall": result.get("ui_stall"),
        "selftest_ok": result.get("ok"),
        "selftest_failures": result.get("failures"),
        "cpu_s": cpu,
    }
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
