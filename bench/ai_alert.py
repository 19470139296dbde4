"""Benchmark: from an AI camera's alert to the picture, and to its replay. Prints one JSON
object.

    .venv/bin/python bench/ai_alert.py [--alerts 20]

A wall window (1600×900, its own Xvfb) on the demo backend, detection boxes on, showing four
cameras the alerts do not come from. Each round, in one run:
- baseline: the plain incident-layout switch (four cameras, one of them the incident's),
  timed from the switch to that camera's first picture on the wall;
- alert to picture: an AI alert is read from the backend (GET /ai-events, polled every 0.1 s:
  the time it was announced is the start), the same kind of layout with the alert's camera is
  switched to, timed to that camera's first picture AND its boxes drawn over it;
- replay: the alert's moment (3 s before it) opened in a replay window (the officer's click),
  timed to its picture lined up on that moment.
Median and p95 of each over `--alerts` rounds, and how old each alert was when it was read
(the analysed frame's time to the client reading it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchEnv, last_json


def stats(xs: list[float]) -> dict[str, Any]:
    if not xs:
        return {"n": 0}
    s = sorted(xs)
    p95 = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]
    return {"n": len(s), "median_s": round(statistics.median(s), 3), "p95_s": round(p95, 3)}


def child(alerts: int) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ioc_desktop.analytics_feed import AnalyticsFeed
    from ioc_desktop.backend.client import BackendClient
    from ioc_desktop.config import cache_dir
    from ioc_desktop.demo import ai_feed
    from ioc_desktop.demo.runner import DemoBackend
    from ioc_desktop.layout.model import PanelSpec, ScreenSpec
    from ioc_desktop.paths import resources_dir
    from ioc_desktop.recordings import Recordings
    from tests.probes.pump import pump_until
    from tests.walls import close_wall, one_screen, probe_services, probe_window
    from widgets import detection_overlay, replay_window
    from widgets.camera_tile import CameraTile
    from widgets.theme import apply_theme

    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    apply_theme(app, resources_dir() / "theme.qss")
    ai_feed.ALERT_GAP_S = 4.0  # alerts often enough for a bench (30 s in the demo)
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    client = BackendClient(demo.base_url, demo.token)
    services = probe_services(demo.base_url, demo.token)
    store, engine, session = services.store, services.engine, services.session
    store.set_areas(client.areas(), {})
    store.set_cameras(client.cameras())
    names = {c.id: c.name for c in store.cameras.values()}

    def screen(cams: list[str]) -> ScreenSpec:
        panels = [
            PanelSpec("camera", i // 2, i % 2, settings={"camera_id": c})
            for i, c in enumerate(cams)
        ]
        return ScreenSpec("wall-1", 2, 2, panels)

    quiet = ["cam05", "cam07", "cam05", "cam07"]  # no alert comes from these
    shell, win = probe_window(services, screen(quiet), "bench", size=(1600, 900))
    feed = AnalyticsFeed(client)
    detection_overlay._feed = feed
    detection_overlay.toggle_window(win)
    wall = detection_overlay.shown_on(win)
    assert wall is not None
    replay_window.provide(lambda: Recordings(client))
    next_read = [0.0]

    def pump(cond: Any, timeout: float) -> float | None:
        """Pump the UI; read the followed cameras' detection frames every 0.2 s (as the
        feed's own loop does every 0.5 s in the app)."""

        def step() -> bool:
            if time.monotonic() >= next_read[0]:
                now = time.time()
                for cam in list(feed._follow):
                    frames = client.camera_detections(cam, *feed.span_for(cam, now))
                    feed.take_frames(cam, frames, now)
                next_read[0] = time.monotonic() + 0.2
            return bool(cond())

        return pump_until(step, timeout)

    def tile_of(cam: str) -> CameraTile | None:
        return next((t for t in shell.panels_of(CameraTile) if t.camera_id == cam), None)

    def live(cam: str, since: float = 0.0) -> bool:
        """The camera's tile has shown a picture (since `since`, wall clock)."""
        t = tile_of(cam)
        s = engine.stats(t.key) if t else None
        return bool(s and s.went_live_at and s.went_live_at[-1] >= since)

    def boxes_on(cam: str) -> bool:
        t = tile_of(cam)
        td = next((x for x in wall.tiles.values() if x.tile is t), None)
        return bool(td and td.overlay.isVisible() and td.overlay.boxes)

    def show(cams: list[str]) -> None:
        session.show_layout(one_screen(screen(cams), "bench"), "open")

    out: dict[str, Any] = {"alerts_asked": alerts}
    pump(lambda: live("cam05") and live("cam07"), 30)
    rec = demo.recorder
    assert rec is not None
    pump(lambda: all((s := t.span()) and s[1] - s[0] >= 8 for t in rec.tracks.values()), 30)
    state = {"cursor": client.ai_events(0)[0]}
    baseline: list[float] = []
    to_picture: list[float] = []
    to_boxes: list[float] = []
    to_replay: list[float] = []
    ages: list[float] = []
    misses = 0
    rounds = 0

    def announced(got: list[Any]) -> bool:
        state["cursor"], events = client.ai_events(state["cursor"])
        got.extend(events)
        return bool(got)

    def switch_to(cam: str, with_boxes: bool) -> tuple[float | None, float | None]:
        """One camera new on the wall (the others kept): seconds to its picture, and to
        its picture with its boxes."""
        t0, since = time.monotonic(), time.time()
        show([cam, "cam05", "cam07", "cam05"])
        pic = pump(lambda: live(cam, since), 15)
        took = None if pic is None else time.monotonic() - t0
        if not with_boxes:
            return took, None
        box = pump(lambda: live(cam, since) and boxes_on(cam), 15)
        return took, None if box is None else time.monotonic() - t0

    while rounds < alerts and misses < alerts:
        # the plain incident-layout switch: one camera new (cam03: no alert comes from it)
        took, _ = switch_to("cam03", with_boxes=False)
        if took is not None:
            baseline.append(took)
        show(quiet)
        pump(lambda: False, 0.5)
        got: list[Any] = []
        if pump(lambda got=got: announced(got), 20) is None:
            misses += 1
            continue
        alert = got[-1]  # the newest (those before came during the baseline's switch)
        ages.append(time.time() - alert.at.timestamp())
        took, boxed = switch_to(alert.camera_id, with_boxes=True)
        if took is not None:
            to_picture.append(took)
        if boxed is not None:
            to_boxes.append(boxed)
        rw = replay_window.open_replay(
            engine, [(alert.camera_id, names[alert.camera_id])], alert.at.timestamp() - 3
        )
        assert rw is not None
        t1 = time.monotonic()
        if pump(lambda rw=rw: rw.lined_up, 15) is not None:
            to_replay.append(time.monotonic() - t1)
        rw.close()
        show(quiet)
        pump(lambda: False, 0.5)
        rounds += 1
    out.update(
        {
            "rounds": rounds,
            "baseline_incident_layout_to_picture": stats(baseline),
            "alert_to_picture": stats(to_picture),
            "alert_to_picture_with_boxes": stats(to_boxes),
            "replay_open_to_lined_up": stats(to_replay),
            "alert_age_when_read": stats(ages),
            "recorder_mb": round(rec.bytes_kept() / 2**20, 1),
        }
    )
    close_wall(services, shell)
    demo.stop()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--alerts", type=int, default=20)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.alerts), ensure_ascii=False), flush=True)
        return
    env = BenchEnv()
    try:
        cmd = [sys.executable, __file__, "--child", "--alerts", str(args.alerts)]
        done = subprocess.run(
            cmd, env=env.env, capture_output=True, text=True, timeout=60 + 30 * args.alerts
        )
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-4000:])
            raise SystemExit(done.returncode)
        print(json.dumps(last_json(done.stdout), ensure_ascii=False, indent=1))
    finally:
        env.close()


if __name__ == "__main__":
    main()
