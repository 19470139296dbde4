"""Benchmark: 24 chart panels × 3 series × 10,000 points, one new point per series every second
(issue #5), drawn four ways in the same run: a bare pyqtgraph loop (default options, nothing
else), the app's charts on the raster path all at once, the same through the app's chart pacer
(widgets/chart_pacer.py: panels drawn in turn, as the wall does it), and OpenGL. Prints one
JSON object.

    .venv/bin/python bench/charts.py [--seconds 20]

Per mode, from a child process under Xvfb: the time one 1 Hz update takes until the window
has repainted every panel (so the highest update rate it could sustain is 1000 / that; paced:
until the last panel drew), the UI thread's stalls (what an operator feels), and the CPU the
child used. On a machine without a GPU OpenGL is llvmpipe (software):
the app's `chart_opengl = auto` then picks raster, this bench shows why.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PANELS, SERIES, POINTS = 24, 3, 10_000


def child(mode: str, seconds: float) -> dict[str, Any]:
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QGridLayout, QWidget

    app = QApplication(sys.argv[:1])
    from widgets import kpi_panels  # the app's pyqtgraph options and plot set-up

    if mode == "bare":
        pg.setConfigOptions(antialias=False, useOpenGL=False)
        make = pg.PlotWidget
    else:  # raster, paced (raster with the app's pacer) or opengl
        pg.setConfigOptions(useOpenGL=(mode == "opengl"))
        make = kpi_panels._plot
    from ioc_desktop.selftest import UiStallMeter

    root = QWidget()
    grid = QGridLayout(root)
    rng = np.random.default_rng(3)
    xs = np.arange(POINTS, dtype=float)
    data = [rng.normal(0, 1, POINTS).cumsum() for _ in range(PANELS * SERIES)]
    curves = []
    colors = ("#5ac8fa", "#30d158", "#ffd60a")
    for i in range(PANELS):
        w = make()
        grid.addWidget(w, i // 6, i % 6)
        for j in range(SERIES):
            if mode == "bare":
                curve = w.plot(pen=pg.mkPen(colors[j], width=2))
            else:  # exactly as the app's charts make their lines
                curve = kpi_panels.series_curve(w, colors[j], width=2)
            curve.setData(xs, data[i * SERIES + j])
            curves.append(curve)
    root.setGeometry(0, 0, 1920, 1080)
    root.show()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.05)
    meter = UiStallMeter()
    update_ms: list[float] = []
    t_end = time.perf_counter() + seconds
    n = 0
    from widgets.chart_pacer import ChartPacer

    pacer = ChartPacer()

    def slide(k: int, n: int) -> None:  # one new point per series: the window slides by one
        y = data[k]
        y[:-1] = y[1:]
        y[-1] = y[-2] + rng.normal()
        curves[k].setData(xs + n, y)

    def draw_panel(i: int, n: int) -> None:
        for k in range(i * SERIES, (i + 1) * SERIES):
            slide(k, n)

    while time.perf_counter() < t_end:
        t0 = time.perf_counter()
        n += 1
        if mode == "paced":  # the app's way: each panel asks the pacer, panels drawn in turn
            for i in range(PANELS):
                pacer.request(curves[i * SERIES], lambda i=i, n=n: draw_panel(i, n))
            while pacer.pending() and time.perf_counter() - t0 < 1.0:
                app.processEvents()
                time.sleep(0.002)
            app.processEvents()  # the last panel's paint
        else:
            for k in range(len(curves)):
                slide(k, n)
            root.repaint()  # paint now, so the time includes drawing every panel
            app.processEvents()
        update_ms.append((time.perf_counter() - t0) * 1000)
        wait = 1.0 - (time.perf_counter() - t0)
        t_wait = time.perf_counter() + max(0.0, wait)
        while time.perf_counter() < t_wait:  # keep the loop (and the stall meter) running
            app.processEvents()
            time.sleep(0.005)
    return {
        "updates": len(update_ms),
        "update_ms": {
            "median": round(statistics.median(update_ms), 1),
            "max": round(max(update_ms), 1),
        },
        "max_sustainable_hz": round(1000 / statistics.median(update_ms), 1),
        "ui_stall": meter.summary(warmup_s=0.0),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--child", choices=["bare", "raster", "paced", "opengl"])
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.seconds)), flush=True)
        return 0
    from bench.common import BenchEnv, last_json

    bench = BenchEnv()
    runs: dict[str, Any] = {}
    try:
        for mode in ("bare", "raster", "paced", "opengl"):
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode]
            cmd += ["--seconds", str(args.seconds)]
            try:
                out, cpu = bench.timed(cmd, timeout=args.seconds + 120)
                runs[mode] = {**last_json(out), "cpu_s": cpu}
            except (RuntimeError, OSError) as exc:
                runs[mode] = {"error": str(exc)}
    finally:
        bench.close()
    print(
        json.dumps(
            {
                "benchmark": "charts",
                "panels": PANELS,
                "series_each": SERIES,
                "points_each": POINTS,
                "update_every_s": 1.0,
                "seconds": args.seconds,
                "bare_pyqtgraph_loop": runs["bare"],
                "app_charts_raster": runs["raster"],
                "app_charts_raster_paced": runs["paced"],
                "app_charts_opengl": runs["opengl"],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
