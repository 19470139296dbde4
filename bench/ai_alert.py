"""Benchmark: from an AI camera's alert to the picture, and to its replay. Prints one JSON
object.

    .venv/bin/python bench/ai_alert.py [--alerts 20]

A wall window (1600×900, its own Xvfb) on the demo backend, detection boxes on, showing four
cameras the alerts do not come from. Each round, in one run:
- baseline: the plain incident-layout switch (four cameras, one of them the incident's),
  timed from the switch to that camera's first picture on the wall;
- alert to picture (the bench switches): an AI alert is read from the backend (GET
  /ai-events, polled every 0.1 s: the time it was announced is the start), the same kind of
  layout with the alert's camera is switched to by the bench, timed to that camera's first
  picture AND its boxes drawn over it; then its moment (3 s before it) opened in a replay
  window (the officer's click), timed to its picture lined up on that moment;
- alert to picture by the app's own incident policy: the wall set to take incidents
  automatically (`incident_layout` auto), an incident layout of the same shape bound to the
  AI alerts' incident types at the configured severity (`incident_prompt_min_severity`), the
  incident list read as the sync reads it (every 0.2 s here; the app's default is every 2 s,
  which adds up to 2 s); when an AI-raised incident arrives, the app's policy picks its layout,
  fills slot 1 with the alert's camera and takes the wall (WallShell._on_incidents): timed
  from the list that brought it to that camera's picture, and to its boxes; then the alert's
  moment replayed in that tile (the in-tile replay, as "Xem lại" does), timed from the
  incident's arrival to the replay lined up (asked the moment the picture and boxes are up).
  The alert's own frame time to the boxes on the wall is given too (the backend's analysis
  and the bench's reading included).
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchEnv, last_json

QUIET = ["cam05", "cam07", "cam05", "cam07"]  # no alert comes from these
INCIDENT_POLL_S = 0.2


def stats(xs: list[float]) -> dict[str, Any]:
    if not xs:
        return {"n": 0}
    s = sorted(xs)
    p95 = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]
    return {"n": len(s), "median_s": round(statistics.median(s), 3), "p95_s": round(p95, 3)}


@dataclass
class Samples:
    baseline: list[float] = field(default_factory=list)
    to_picture: list[float] = field(default_factory=list)
    to_boxes: list[float] = field(default_factory=list)
    to_replay: list[float] = field(default_factory=list)
    ages: list[float] = field(default_factory=list)
    policy_picture: list[float] = field(default_factory=list)
    policy_boxes: list[float] = field(default_factory=list)
    policy_replay: list[float] = field(default_factory=list)
    policy_frame_to_boxes: list[float] = field(default_factory=list)
    policy_misses: int = 0


def bench_layout(min_severity: str) -> Any:
    """The incident layout the policy opens: the baseline's shape (slot 1, the incident's own
    camera, top left; three quiet cameras kept), bound to both AI incident types."""
    from ioc_desktop.demo.ai_feed import INCIDENT_KIND
    from ioc_desktop.layout.model import IncidentMatch, Layout, PanelSpec, ScreenSpec

    panels = [PanelSpec("camera", 0, 0, settings={"slot": 1})]
    panels += [
        PanelSpec("camera", i // 2, i % 2, settings={"camera_id": c})
        for i, c in enumerate(["cam05", "cam07", "cam05"], start=1)
    ]
    match = [IncidentMatch(cat, sub, min_severity) for sub, cat in INCIDENT_KIND.items()]
    return Layout(
        "bench-ai-incident",
        "Cảnh báo camera AI (đo)",
        [ScreenSpec("wall-1", 2, 2, panels)],
        incident_match=match,
    )


class Wall:
    """The wall under test and the ways it is looked at."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from ioc_desktop.analytics_feed import AnalyticsFeed
        from ioc_desktop.backend.client import BackendClient
        from ioc_desktop.config import Settings, cache_dir
        from ioc_desktop.demo import ai_feed
        from ioc_desktop.demo.runner import DemoBackend
        from ioc_desktop.paths import resources_dir
        from ioc_desktop.recordings import Recordings
        from tests.walls import probe_services, probe_window
        from widgets import detection_overlay, replay_window
        from widgets.theme import apply_theme

        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
        self.app = QApplication(sys.argv[:1])
        apply_theme(self.app, resources_dir() / "theme.qss")
        ai_feed.ALERT_GAP_S = 4.0  # alerts often enough for a bench (30 s in the demo)
        ai_feed.INCIDENT_GAP_S = 0.0  # and each raises its incident (600 s in the demo)
        # only the cameras' analytics raise incidents: a random one must not take the wall
        self.demo = DemoBackend(Path(cache_dir()), incident_rate=0.0).start(wait_for_streams=True)
        self.client = client = BackendClient(self.demo.base_url, self.demo.token)
        settings = Settings()
        settings.incident_layout = "auto"  # the wall takes incidents by itself
        self.services = s = probe_services(self.demo.base_url, self.demo.token, settings)
        s.incident_policy.mode = "off"  # on only while the policy is measured
        s.library.save(bench_layout(settings.incident_prompt_min_severity))
        s.store.set_areas(client.areas(), {})
        s.store.set_cameras(client.cameras())
        self.names = {c.id: c.name for c in s.store.cameras.values()}
        self.shell, win = probe_window(s, self.screen(QUIET), "bench", size=(1600, 900))
        self.feed = AnalyticsFeed(client)
        detection_overlay._feed = self.feed
        detection_overlay.toggle_window(win)
        overlay = detection_overlay.shown_on(win)
        assert overlay is not None
        self.overlay = overlay
        replay_window.provide(lambda: Recordings(client))
        self._next_read = 0.0
        self._next_incidents: float | None = None  # None: the incident list is not read
        self.brought: dict[str, float] = {}  # incident id -> monotonic time its list came

    @staticmethod
    def screen(cams: list[str]) -> Any:
        from ioc_desktop.layout.model import PanelSpec, ScreenSpec

        panels = [
            PanelSpec("camera", i // 2, i % 2, settings={"camera_id": c})
            for i, c in enumerate(cams)
        ]
        return ScreenSpec("wall-1", 2, 2, panels)

    def show(self, cams: list[str]) -> None:
        from tests.walls import one_screen

        self.services.session.show_layout(one_screen(self.screen(cams), "bench"), "open")

    def _read_incidents(self) -> None:
        """What the sync does on its fast poll: the list read, handed to the store (the
        shell's policy hears of it from the store, as in the app)."""
        incidents = self.client.incidents()
        t = time.monotonic()
        for i in incidents:
            self.brought.setdefault(i.id, t)
        self.services.store.set_incidents(list(incidents))

    def pump(self, cond: Any, timeout: float) -> float | None:
        """Pump the UI; read the followed cameras' detection frames every 0.2 s (as the
        feed's own loop does every 0.5 s in the app), and the incident list while asked."""
        from tests.probes.pump import pump_until

        def step() -> bool:
            mono = time.monotonic()
            if mono >= self._next_read:
                now = time.time()
                for cam in list(self.feed._follow):
                    frames = self.client.camera_detections(cam, *self.feed.span_for(cam, now))
                    self.feed.take_frames(cam, frames, now)
                self._next_read = mono + 0.2
            if self._next_incidents is not None and mono >= self._next_incidents:
                self._read_incidents()
                self._next_incidents = mono + INCIDENT_POLL_S
            return bool(cond())

        return pump_until(step, timeout)

    def tile_of(self, cam: str) -> Any:
        from widgets.camera_tile import CameraTile

        return next((t for t in self.shell.panels_of(CameraTile) if t.camera_id == cam), None)

    def live(self, cam: str, since: float = 0.0) -> bool:
        """The camera's tile has shown a picture (since `since`, wall clock)."""
        t = self.tile_of(cam)
        s = self.services.engine.stats(t.key) if t else None
        return bool(s and s.went_live_at and s.went_live_at[-1] >= since)

    def boxes_on(self, cam: str) -> bool:
        t = self.tile_of(cam)
        td = next((x for x in self.overlay.tiles.values() if x.tile is t), None)
        return bool(td and td.overlay.isVisible() and td.overlay.boxes)

    def close(self) -> None:
        from tests.walls import close_wall

        close_wall(self.services, self.shell)
        self.demo.stop()


def switch_to(w: Wall, cam: str, with_boxes: bool) -> tuple[float | None, float | None]:
    """One camera new on the wall (the others kept): seconds to its picture, and to its
    picture with its boxes."""
    t0, since = time.monotonic(), time.time()
    w.show([cam, "cam05", "cam07", "cam05"])
    pic = w.pump(lambda: w.live(cam, since), 15)
    took = None if pic is None else time.monotonic() - t0
    if not with_boxes:
        return took, None
    box = w.pump(lambda: w.live(cam, since) and w.boxes_on(cam), 15)
    return took, None if box is None else time.monotonic() - t0


def bench_switched_round(w: Wall, out: Samples, state: dict[str, Any]) -> bool:
    """The alert read, the bench switches, the replay window; False when no alert came."""
    from widgets import replay_window

    got: list[Any] = []

    def announced() -> bool:
        state["cursor"], events = w.client.ai_events(state["cursor"])
        got.extend(events)
        return bool(got)

    if w.pump(announced, 20) is None:
        return False
    alert = got[-1]  # the newest (those before came during the baseline's switch)
    out.ages.append(time.time() - alert.at.timestamp())
    took, boxed = switch_to(w, alert.camera_id, with_boxes=True)
    if took is not None:
        out.to_picture.append(took)
    if boxed is not None:
        out.to_boxes.append(boxed)
    rw = replay_window.open_replay(
        w.services.engine, [(alert.camera_id, w.names[alert.camera_id])], alert.at.timestamp() - 3
    )
    assert rw is not None
    t1 = time.monotonic()
    if w.pump(lambda: rw.lined_up, 15) is not None:
        out.to_replay.append(time.monotonic() - t1)
    rw.close()
    return True


def policy_round(w: Wall, out: Samples, state: dict[str, Any]) -> bool:
    """An AI-raised incident arrives through the incident list and the app's policy takes
    the wall; then the alert's moment replays in its tile. False when none came."""
    s = w.services
    w._read_incidents()  # what came before is history to the policy
    s.incident_policy.mode = "auto"
    w._next_incidents = 0.0
    seen = {i.id for i in s.store.incidents}
    since = time.time()

    def taken() -> bool:
        return s.session.incident_id is not None and s.session.incident_id not in seen

    try:
        if w.pump(taken, 20) is None:
            return False
    finally:
        s.incident_policy.mode = "off"
        w._next_incidents = None
    inc = next(i for i in s.store.incidents if i.id == s.session.incident_id)
    t0 = w.brought[inc.id]
    cam = inc.camera_ids[0]  # the alert's camera, slot 1
    if w.pump(lambda: w.live(cam, since), 15) is not None:
        out.policy_picture.append(time.monotonic() - t0)
    if w.pump(lambda: w.live(cam, since) and w.boxes_on(cam), 15) is None:
        return True
    out.policy_boxes.append(time.monotonic() - t0)
    boxes_at = time.time()
    alert = None

    def alert_found() -> bool:
        nonlocal alert
        state["cursor"], events = w.client.ai_events(state["cursor"])
        state["alerts"].extend(events)
        alert = next((a for a in state["alerts"] if a.incident_id == inc.id), None)
        return alert is not None

    if w.pump(alert_found, 5) is None or alert is None:
        return True
    out.policy_frame_to_boxes.append(boxes_at - alert.at.timestamp())
    tile = w.tile_of(cam)
    group = tile.replay.start(alert.at.timestamp() - 3) if tile is not None else None
    if group is not None and w.pump(lambda: group.lined_up, 15) is not None:
        out.policy_replay.append(time.monotonic() - t0)
    if group is not None:
        group.back_to_live()
    return True


def child(alerts: int) -> dict[str, Any]:
    w = Wall()
    out: dict[str, Any] = {"alerts_asked": alerts, "incident_poll_s": INCIDENT_POLL_S}
    w.pump(lambda: w.live("cam05") and w.live("cam07"), 30)
    rec = w.demo.recorder
    assert rec is not None
    w.pump(lambda: all((s := t.span()) and s[1] - s[0] >= 8 for t in rec.tracks.values()), 30)
    state: dict[str, Any] = {"cursor": w.client.ai_events(0)[0], "alerts": []}
    samples = Samples()
    misses = rounds = 0
    while rounds < alerts and misses < alerts:
        w.pump(lambda: False, 2.0)  # the last round's players gone, as before the others
        # the plain incident-layout switch: one camera new (cam03: no alert comes from it)
        took, _ = switch_to(w, "cam03", with_boxes=False)
        if took is not None:
            samples.baseline.append(took)
        w.show(QUIET)
        w.pump(lambda: False, 0.5)
        if not bench_switched_round(w, samples, state):
            misses += 1
            continue
        w.show(QUIET)  # "open": the wall no longer holds an incident
        w.pump(lambda: False, 0.5)
        if not policy_round(w, samples, state):
            samples.policy_misses += 1
        w.show(QUIET)
        w.pump(lambda: False, 0.5)
        rounds += 1
    out.update(
        {
            "rounds": rounds,
            "baseline_incident_layout_to_picture": stats(samples.baseline),
            "alert_to_picture": stats(samples.to_picture),
            "alert_to_picture_with_boxes": stats(samples.to_boxes),
            "replay_open_to_lined_up": stats(samples.to_replay),
            "alert_age_when_read": stats(samples.ages),
            "policy_alert_to_picture": stats(samples.policy_picture),
            "policy_alert_to_picture_with_boxes": stats(samples.policy_boxes),
            "policy_alert_to_replay_lined_up": stats(samples.policy_replay),
            "policy_alert_frame_to_boxes_on_wall": stats(samples.policy_frame_to_boxes),
            "policy_rounds_without_incident": samples.policy_misses,
            "recorder_mb": round(rec.bytes_kept() / 2**20, 1),
        }
    )
    w.close()
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
            cmd, env=env.env, capture_output=True, text=True, timeout=60 + 60 * args.alerts
        )
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-4000:])
            raise SystemExit(done.returncode)
        print(json.dumps(last_json(done.stdout), ensure_ascii=False, indent=1))
    finally:
        env.close()


if __name__ == "__main__":
    main()
