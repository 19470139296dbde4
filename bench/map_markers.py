"""Benchmark: the operational map with 2,000 camera markers whose statuses change every 2 s
(issue #5), against the same map left idle in the same run. Prints one JSON object.

    .venv/bin/python bench/map_markers.py [--markers 2000] [--seconds 30] [--every 2]

Measured: the UI thread's stalls (a 20 ms timer's lateness, as the app's --selftest does),
the page's own time per update (Leaflet updating the layer, read back from the page), its
time to build the 2,000 markers the first time, its time to a painted frame after a zoom
step (every marker moves: what an operator's zoom costs), and how many updates reached the
page. Runs the real MapPanel (QtWebEngine, QWebChannel) under
Xvfb; the markers are synthetic cameras spread over the demo province.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import random
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# a zoom step without animation, timed to two animation frames later (the markers are
# placed and the frame painted); folium names the map `map_<hex>`
ZOOM_STEP = """(function (step) {
  var map = Object.keys(window).filter(function (k) { return /^map_[0-9a-f]+$/.test(k); })
    .map(function (k) { return window[k]; })[0];
  window.__benchZoomMs = null;
  var t0 = performance.now();
  map.setZoom(map.getZoom() + step, {animate: false});
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    window.__benchZoomMs = performance.now() - t0; }); });
  return true;
})(%d)"""


def child(markers: int, seconds: float, every: float, idle: bool) -> dict[str, Any]:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from ioc_desktop.map.scheme import register_scheme

    register_scheme()
    import qasync
    from PySide6.QtWebEngineCore import QWebEngineProfile
    from PySide6.QtWidgets import QApplication

    from ioc_desktop.backend.models import Camera
    from ioc_desktop.map.page import build_map_html
    from ioc_desktop.map.scheme import MapSchemeHandler, OfflineGuard
    from ioc_desktop.qt_loop import run_until_done
    from ioc_desktop.selftest import UiStallMeter
    from ioc_desktop.store import Store
    from widgets.map_panel import MapPanel

    app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    rng = random.Random(7)
    cams = [
        Camera(
            f"c{i:05d}",
            f"Camera {i}",
            (20.5 + rng.random() * 1.0, 104.9 + rng.random() * 1.0),
            "x",
            "online",
            False,
            (),
            (),
            None,
        )
        for i in range(markers)
    ]
    store = Store()
    store.set_cameras(cams)
    profile = QWebEngineProfile(app)
    handler = MapSchemeHandler(lambda: build_map_html((21.0, 105.4), 9), app)
    profile.installUrlSchemeHandler(b"ioc", handler)
    profile.setUrlRequestInterceptor(OfflineGuard(parent=app))
    panel = MapPanel(store, profile, (21.0, 105.4), 9)
    panel.resize(1280, 900)
    panel.show()
    meter = UiStallMeter()

    async def js(expr: str) -> Any:
        fut: asyncio.Future[Any] = loop.create_future()
        panel.page.runJavaScript(
            f"JSON.stringify({expr})", 0, lambda r: fut.done() or fut.set_result(r)
        )
        text = await asyncio.wait_for(fut, 10)
        return json.loads(text) if text else None

    async def run() -> dict[str, Any]:
        for _ in range(300):
            if panel.ready:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(2.0)
        first = await js("iocMapApi.timings()")
        meter.restart()
        page_ms: list[float] = []
        updates = 0
        t_end = loop.time() + seconds
        while loop.time() < t_end:
            await asyncio.sleep(every)
            if idle:
                continue
            changed = [
                dataclasses.replace(c, status=rng.choice(["online", "offline", "maintenance"]))
                if rng.random() < 0.1
                else c
                for c in store.cameras.values()
            ]
            store.set_cameras(changed)
            updates += 1
            await asyncio.sleep(0.5)  # the push is debounced 150 ms; then the page rebuilds
            timing = await js("iocMapApi.timings()")
            if timing and "cameras" in timing:
                page_ms.append(float(timing["cameras"]))
        counts = await js("iocMapApi.counts()")
        ui_stall = meter.summary(warmup_s=0.0)  # the updates alone, before any zoom
        meter.restart()
        zoom_ms: list[float] = []
        for step in (1, -1, 1, -1):
            await js(ZOOM_STEP % step)
            for _ in range(50):
                await asyncio.sleep(0.1)
                ms = await js("window.__benchZoomMs")
                if ms is not None:
                    zoom_ms.append(float(ms))
                    break
        return {
            "ui_stall": ui_stall,
            "ui_stall_while_zooming": meter.summary(warmup_s=0.0),
            "updates_sent": updates,
            "pushes": panel.pushes,
            "markers_on_page": (counts or {}).get("cameras"),
            "page_update_ms": {
                "median": round(statistics.median(page_ms), 1) if page_ms else None,
                "max": round(max(page_ms), 1) if page_ms else None,
            },
            "page_first_build_ms": round(float((first or {}).get("cameras", 0.0)), 1),
            "page_zoom_ms": {
                "median": round(statistics.median(zoom_ms), 1) if zoom_ms else None,
                "max": round(max(zoom_ms), 1) if zoom_ms else None,
            },
        }

    with loop:
        result = run_until_done(loop, run())
    panel.close()
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--markers", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--every", type=float, default=2.0)
    ap.add_argument("--child", choices=["idle", "updating"])
    args = ap.parse_args()
    if args.child:
        r = child(args.markers, args.seconds, args.every, args.child == "idle")
        print(json.dumps(r), flush=True)
        return 0
    from bench.common import BenchEnv, last_json

    bench = BenchEnv()
    try:
        runs = {}
        for mode in ("idle", "updating"):
            cmd = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                mode,
                "--markers",
                str(args.markers),
                "--seconds",
                str(args.seconds),
                "--every",
                str(args.every),
            ]
            out, cpu = bench.timed(cmd, timeout=args.seconds + 180)
            runs[mode] = {**last_json(out), "cpu_s": cpu}
    finally:
        bench.close()
    print(
        json.dumps(
            {
                "benchmark": "map_markers",
                "markers": args.markers,
                "update_every_s": args.every,
                "seconds": args.seconds,
                "baseline_idle_map": runs["idle"],
                "updating_map": runs["updating"],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
