"""A shift at the wall, shortened or whole: the real wall (Services + WallShell, as the app
builds it) on the demo backend, with the fault injector between them making the backend die,
hang, answer wrongly, partly, with garbage, with hostile and very long text and duplicated
lists, and flap; meanwhile layouts switch, grid presets apply (1+5 → 1+7 → 2+8 → 1+12),
incidents arrive and are answered, and the demo's cameras die and come back.

What it checks, and how often:
- every 2 s, the truth: what the wall shows (banner and status line, read from the widgets)
  against what the injector is doing (after a grace period for each change);
- every check: each wall window covers exactly its monitor; each camera tile's picture window
  lies inside its tile, by Qt's account and by the X server's; no traceback in the log and no
  unexpected error; the UI thread's stalls (p99) and the process's memory, per check.
Prints one JSON line; saves screenshots in OUT_DIR.

    python tests/probes/shift_probe.py OUT_DIR --minutes 3 [--scale 0.5] [--check-every 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import qasync
from PySide6.QtCore import QPoint, QRect

from ioc_desktop import logs
from ioc_desktop.app import create_application
from ioc_desktop.config import Settings, cache_dir, data_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.errors import UnexpectedErrors
from ioc_desktop.qt_loop import run_until_done
from ioc_desktop.selftest import UiStallMeter
from ioc_desktop.services import Services
from tests.fault_injector import GRACE_S, Phase, Schedule, cycle
from tests.probes.tile_x11 import XServer
from tests.screenshot import grab_display
from widgets.camera_tile import CameraTile
from widgets.shell import WallShell

LAYOUTS = ("shift-cameras", "overview", "shift-cameras", "overview-4")
CAMERAS_LAYOUT = {  # eight cameras and a tour: what the presets re-cut
    "schema_version": 1,
    "name": "shift-cameras",
    "title_vi": "Camera (ca trực)",
    "screens": [
        {
            "name": "wall-1",
            "rows": 3,
            "cols": 3,
            "panels": [
                {
                    "kind": "camera",
                    "row": i // 3,
                    "col": i % 3,
                    "settings": {"camera_id": f"cam0{i + 1}"},
                }
                for i in range(8)
            ]
            + [
                {
                    "kind": "camera_tour",
                    "row": 2,
                    "col": 2,
                    "settings": {"camera_ids": ["cam01", "cam04", "cam07"], "dwell_s": 5},
                }
            ],
        }
    ],
}
PRESETS = ("1+5", "1+7", "2+8", "1+12")


def shown_link(shell: WallShell) -> str:
    """The link state as the operator reads it off the first wall window."""
    win = shell.first_window()
    if win is None:
        return "no window"
    banner = win.banner.full_text() if win.banner.isVisible() else ""
    status = win.link_label.full_text()
    if banner.startswith("⚠ Không kết nối được máy chủ"):
        return "offline"
    if banner.startswith("⚠ Máy chủ trả lời thiếu"):
        return "stale"
    if not banner and "trực tuyến" in status:
        return "online"
    if "đăng nhập" in status:
        return "auth"
    if "Đang kết nối" in status:
        return "connecting"
    return f"unclear: {status} | {banner[:80]}"


def geometry_problems(shell: WallShell, xs: XServer) -> tuple[list[str], list[str]]:
    """(windows off their monitor, tiles whose picture is outside the tile)."""
    windows = []
    for win in shell.windows():
        if win.isVisible() and win.geometry() != win.screen().geometry():
            windows.append(f"{win.monitor}: {win.geometry().getRect()}")
    tiles = []
    for tile in shell.panels_of(CameraTile):
        if not tile.isVisible() or tile.stack.currentWidget() is not tile.video:
            continue
        origin = tile.mapToGlobal(QPoint(0, 0))
        box = QRect(origin, tile.size())
        front = tile.video.front
        qt_rect = QRect(front.mapToGlobal(QPoint(0, 0)), front.size())
        if not box.adjusted(-1, -1, 1, 1).contains(qt_rect):
            tiles.append(f"{tile.key} (Qt): {qt_rect.getRect()} not in {box.getRect()}")
        x = xs.rect(int(front.winId()))
        inside = x is None or x.inside(box.x(), box.y(), box.width(), box.height())
        if x is not None and x.viewable and not inside:
            tiles.append(f"{tile.key} (X): {x.as_list()} not in {box.getRect()}")
    return windows, tiles


START_UP_S = 10.0  # from the wall's start: its panels and first data, not the faults
REBUILD_S = 3.0  # after a switch or a preset: panels built on the UI thread by design


def calm_p99(meter: UiStallMeter, rebuilt: list[tuple[float, float]]) -> float:
    """The UI thread's p99 stall outside each rebuild of the wall, (when, how long): its
    start, a switch or a preset build panels on the UI thread by design. What is left is
    what the faults cost it."""
    base = meter.started
    samples = sorted(
        ms for t, ms in meter.samples if not any(0 <= base + t - at <= span for at, span in rebuilt)
    ) or [0.0]
    return round(samples[int(0.99 * (len(samples) - 1))], 1)


def tracebacks_in(log_file: Path | None) -> int:
    if log_file is None or not log_file.exists():
        return 0
    return log_file.read_text("utf-8", errors="replace").count("Traceback (most recent call last)")


def schedule_for(minutes: float, scale: float) -> list[Phase]:
    phases: list[Phase] = []
    while sum(p.seconds for p in phases) < minutes * 60:
        phases += cycle(scale)
    out, left = [], minutes * 60
    for p in phases:  # cut to the length asked for
        if left <= 0:
            break
        out.append(Phase(p.mode, min(p.seconds, left)))
        left -= p.seconds
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--minutes", type=float, default=3.0)
    ap.add_argument("--scale", type=float, default=0.6, help="length of each fault phase")
    ap.add_argument("--check-every", type=float, default=15.0)
    ap.add_argument("--shots", type=int, default=5, help="screenshots to keep")
    ap.add_argument(
        "--calm", action="store_true", help="no faults at all: the baseline of the same shift"
    )
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("IOC_LOG_DIR", str(out / "log"))
    logging_state = logs.setup("INFO")
    display = os.environ["DISPLAY"]

    demo = DemoBackend(cache_dir(), incident_rate=0.35).start(wait_for_streams=True)
    phases = (
        [Phase("ok", args.minutes * 60)] if args.calm else schedule_for(args.minutes, args.scale)
    )
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fault_injector",
            "--upstream",
            demo.base_url,
            "--schedule",
            json.dumps([[p.mode, p.seconds] for p in phases]),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    port = json.loads(child.stdout.readline())["port"]
    injector = Schedule(phases)  # the child's clock started just now, within milliseconds
    (cameras := data_dir() / "layouts").mkdir(parents=True, exist_ok=True)
    (cameras / "shift-cameras.json").write_text(json.dumps(CAMERAS_LAYOUT), "utf-8")
    settings = Settings(
        backend_url=f"http://127.0.0.1:{port}",
        token=demo.token,
        role="wall",
        incident_layout="ask",
        incident_prompt_min_severity="medium",
    )
    app, render = create_application(settings)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    errors = UnexpectedErrors()
    errors.install(loop)
    meter = UiStallMeter()
    services = Services.build(settings, app)
    shell = WallShell(services, render=render, logging_state=logging_state, errors=errors)
    xs = XServer(display)
    proc = psutil.Process()
    report: dict[str, Any] = {"minutes": args.minutes, "schedule": []}
    truth = {"checked": 0, "wrong": 0, "wrong_samples": [], "by_mode": {}}
    checks: list[dict[str, Any]] = []
    shots: list[str] = []
    shot_modes = ["down", "partial", "hostile", "repeated", "ok"][: args.shots]

    async def shift() -> None:
        services.start()
        # the injector's clock ran while the wall was built: the first phase's grace counts
        # from when the wall starts asking, as every later phase's counts from its change
        started = injector.elapsed()
        report["wall_started_s"] = round(started, 1)
        t_end = injector.total_s
        next_check = args.check_every
        streams_down_until = 0.0
        layout_i = preset_i = 0
        answer_yes = True
        # when the wall was rebuilt (a switch, a preset); its start is one too: the windows
        # built before the loop ran (one stall as long as the build) and its first data
        # filling every panel are start-up, timed by the selftest and bench/startup.py
        meter.restart()
        rebuilt: list[tuple[float, float]] = [(time.perf_counter(), START_UP_S)]
        while (t := injector.elapsed()) < t_end:
            await asyncio.sleep(2.0)
            t = injector.elapsed()
            mode, since = injector.phase_at(t)
            expected = injector.expected(t)
            if since == t and t - started < GRACE_S[mode]:  # the first phase, not yet due
                expected = None
            said = shown_link(shell)
            model = services.store.link_status().link.value
            if expected is not None:
                truth["checked"] += 1
                entry = truth["by_mode"].setdefault(mode, {"checked": 0, "wrong": 0})
                entry["checked"] += 1
                if said not in expected or model not in expected:
                    truth["wrong"] += 1
                    entry["wrong"] += 1
                    if len(truth["wrong_samples"]) < 12:
                        truth["wrong_samples"].append(
                            {"t": round(t, 1), "mode": mode, "said": said, "model": model}
                        )
            # what happens at a wall meanwhile
            tick = int(t) // 2
            if tick % 15 == 5:  # a layout switch every 30 s
                layout_i += 1
                services.session.open(LAYOUTS[layout_i % len(LAYOUTS)])
                rebuilt.append((time.perf_counter(), REBUILD_S))
            elif tick % 15 in (8, 11, 14):  # grid presets on the first screen
                services.session.set_preset(0, PRESETS[preset_i % len(PRESETS)])
                preset_i += 1
                rebuilt.append((time.perf_counter(), REBUILD_S))
            if shell.prompt.isVisible() and tick % 6 == 0:
                answer_yes = not answer_yes
                (shell.prompt.yes if answer_yes else shell.prompt.no).click()
            if tick % 45 == 20 and streams_down_until == 0.0:
                demo.stop_streams()  # every camera dies
                streams_down_until = t + 20
            elif streams_down_until and t >= streams_down_until:
                demo.start_streams()
                streams_down_until = 0.0
            if shot_modes and mode == shot_modes[0] and since > 8:
                path = out / f"shift-{len(shots) + 1}-{mode}.png"
                grab_display(display, path)
                shots.append(str(path))
                shot_modes.pop(0)
            if t >= next_check:
                next_check += args.check_every
                windows, tiles = geometry_problems(shell, xs)
                stall = meter.summary(warmup_s=0)
                calm = calm_p99(meter, rebuilt)
                meter.restart()
                checks.append(
                    {
                        "t": round(t),
                        "mode": mode,
                        "windows_off_monitor": windows,
                        "video_outside_tile": tiles,
                        "tiles": len(shell.tiles()),
                        "tracebacks": tracebacks_in(logging_state.file),
                        "unexpected_errors": errors.count,
                        "ui_p99_ms": stall["p99_after_warmup_ms"],
                        "ui_p99_ms_outside_rebuilds": calm,
                        "ui_max_ms": stall["max_ms"],
                        "rss_mb": round(proc.memory_info().rss / 2**20, 1),
                    }
                )
        if streams_down_until:
            demo.start_streams()
        await services.stop()

    t0 = time.time()
    try:
        with loop:
            run_until_done(loop, shift())
    finally:
        shell.close()
        app.processEvents()
        services.close()
        child.stdin.close()
        child.wait(timeout=10)
        demo.stop()
        errors.uninstall()
        xs.close()
    report["seconds"] = round(time.time() - t0, 1)
    report["schedule"] = [[p.mode, p.seconds] for p in injector.schedule]
    report["truth"] = truth
    report["checks"] = checks
    report["screenshots"] = shots
    p99 = sorted(c["ui_p99_ms"] for c in checks) or [0.0]
    calm = sorted(c["ui_p99_ms_outside_rebuilds"] for c in checks) or [0.0]
    report["summary"] = {
        "checks": len(checks),
        "windows_off_monitor": sum(len(c["windows_off_monitor"]) for c in checks),
        "video_outside_tile": sum(len(c["video_outside_tile"]) for c in checks),
        "tracebacks": checks[-1]["tracebacks"] if checks else 0,
        "unexpected_errors": errors.count,
        "truth_wrong": truth["wrong"],
        "truth_checked": truth["checked"],
        "ui_p99_ms_worst_check": p99[-1],
        "ui_p99_ms_median_check": p99[len(p99) // 2],
        "ui_p99_ms_outside_rebuilds_worst_check": calm[-1],
        "rss_mb_first": checks[0]["rss_mb"] if checks else None,
        "rss_mb_last": checks[-1]["rss_mb"] if checks else None,
    }
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    logging.getLogger("ioc_desktop").setLevel(logging.INFO)
    sys.exit(main())
