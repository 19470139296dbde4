"""The decode planner on the live wall: which rung each camera tile plays, and the governor.

Tiles on screen register here (shown) and leave (hidden, released). When a tile picks its
stream it asks `rung_for(tile)`: the plan of every tile on screen now, by the rule of
video/planner.py over the tiles' real sizes and priorities (a maximised tile first, an
incident layout's cameras next, tours last), made once per change of the wall (a tile shown,
hidden or resized) — the plan the control window showed for that layout, now applied. A tile
whose rung changes because another came or went is told to choose again.

Once a second the governor compares each playing tile's shown frame rate with its stream's
and steps the least important tile down (or, after 15 s of health, back up), never one tile
twice within 5 s, and takes a tile's video away (a still) only after 10 s of struggling
(planner.PlanGovernor); the tile says so in its subtitle and tooltip. What
the wall does at full rate, or cannot, corrects this PC's kept budget (planner.BudgetLearner).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from ioc_desktop.i18n import translate
from ioc_desktop.layout_plan import camera_need
from ioc_desktop.store import Store
from ioc_desktop.video import decode_budget
from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.planner import (
    BudgetLearner,
    DecodeBudget,
    Plan,
    PlanGovernor,
    Priority,
    Rung,
    TileNeed,
    plan,
    wall_cost,
)

log = logging.getLogger(__name__)


class PlannedTile(Protocol):
    key: str
    store: Store
    engine: VideoEngine

    @property
    def camera_id(self) -> str: ...

    @property
    def is_tour(self) -> bool: ...

    def video_size_px(self) -> tuple[int, int]: ...

    def window(self) -> QWidget: ...

    def parentWidget(self) -> QWidget | None: ...

    def plan_changed(self, why: str) -> None: ...


def rung_words(rung: Rung) -> str:
    return {
        Rung.MAIN: translate("wall_plan", "luồng chính"),
        Rung.SUB: translate("wall_plan", "luồng phụ"),
        Rung.LIGHT_SUB: translate("wall_plan", "luồng phụ giải mã nhẹ"),
        Rung.STILL: translate("wall_plan", "ảnh tĩnh"),
    }[rung]


def tile_priority(tile: PlannedTile) -> Priority:
    """Maximised (its grid says so), an incident layout's camera, a tour, else normal."""
    if tile.is_tour:
        return Priority.TOUR
    w: QWidget | None = tile.parentWidget()
    while w is not None:
        if getattr(w, "maximised", None) == tile.key:
            return Priority.MAXIMISED
        w = w.parentWidget()
    session = getattr(tile.window(), "session", None)
    layout = getattr(session, "layout", None)
    if layout is not None and getattr(layout, "incident_match", None):
        return Priority.INCIDENT
    return Priority.NORMAL


class WallPlanner(QObject):
    sig_budget_measured = Signal(object)
    """A DecodeBudget measured off the UI thread (applied on it)."""
    GOVERN_MS = 1000
    _shared: WallPlanner | None = None

    def __init__(self, parent: QObject | None = None, budget: DecodeBudget | None = None):
        super().__init__(parent)
        self.budget = budget or DecodeBudget()
        # IOC_DECODE_PLANNER=0: every tile by its size alone (bench/wall_capacity.py's
        # app_no_planner, the same run's baseline)
        self.enabled = os.environ.get("IOC_DECODE_PLANNER", "1") != "0"
        self._tiles: dict[str, PlannedTile] = {}
        self._plan: Plan | None = None
        self._governor: PlanGovernor | None = None
        self._clock = 0.0
        self.probing = False  # the display probe is loading the PC: the governor rests
        self.learner = BudgetLearner()
        self._data_dir: Path | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.GOVERN_MS)
        self._timer.timeout.connect(self._govern)
        self.sig_budget_measured.connect(self.set_budget)

    @classmethod
    def shared(cls) -> WallPlanner:
        """One per process (the wall's tiles are one wall, whichever window they are in)."""
        if cls._shared is None:
            from PySide6.QtWidgets import QApplication

            cls._shared = WallPlanner(QApplication.instance())
        return cls._shared

    def set_budget(self, budget: DecodeBudget) -> None:
        self.probing = False
        self.budget = budget
        self.invalidate()

    def load_budget(self, data_dir: Path, measure_after_s: float | None = 20.0) -> None:
        """This PC's kept budget, else the default; a PC not measured yet (or changed) is
        measured measure_after_s from now (once the first layout has settled), off the UI
        thread, and kept (None: not now)."""
        self._data_dir = data_dir
        self.set_budget(decode_budget.load(data_dir))
        if not self.budget.measured and measure_after_s is not None:
            QTimer.singleShot(int(measure_after_s * 1000), self, lambda: self.measure(data_dir))

    def measure(self, data_dir: Path) -> None:
        """Measure this PC now and keep it: decoding (2-5 s of one core) then decoding and
        display (the display probe's window, ~30 s), on a thread of its own. The governor
        rests meanwhile: the probe's tiles load the PC on purpose, and the wall's tiles
        slowing then is the probe's doing, not the plan's."""
        if self.probing:
            return
        self.probing = True
        needs = self.needs()
        rungs = dict(self._governor.rungs if self._governor else self.plan.rungs)

        def running_cost(budget: DecodeBudget) -> float:
            return wall_cost(budget, needs, rungs)

        def work() -> None:
            try:
                budget = decode_budget.measure_and_keep(data_dir, running_cost)
            except Exception:
                log.exception("decode budget: the probe failed; the budget stays")
                budget = self.budget  # the button comes back
            self.sig_budget_measured.emit(budget)

        threading.Thread(target=work, name="decode-probe", daemon=True).start()

    # -- tiles on screen -----------------------------------------------------------------
    def show_tile(self, tile: PlannedTile) -> None:
        if self._tiles.get(tile.key) is not tile:
            self._tiles[tile.key] = tile
            self.invalidate()

    def hide_tile(self, tile: PlannedTile) -> None:
        if self._tiles.get(tile.key) is tile:
            del self._tiles[tile.key]
            self.invalidate()

    def invalidate(self) -> None:
        """The wall changed: the next tile that asks gets a new plan; the others are told
        if theirs moved (on the next turn of the loop, once the change has settled)."""
        if self._plan is not None:
            self._plan = None
            QTimer.singleShot(0, self, self._replan_and_tell)
        if self._tiles and not self._timer.isActive():
            self._timer.start()
        elif not self._tiles:
            self._timer.stop()

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            self._replan()
        assert self._plan is not None
        return self._plan

    def rung_for(self, tile: PlannedTile) -> Rung | None:
        """The rung this tile plays (None: not planned, the tile's own choice by size)."""
        if not self.enabled or self._tiles.get(tile.key) is not tile:
            return None
        if self._governor is not None and self._plan is not None:
            return self._governor.rungs.get(tile.key)
        return self.plan.rungs.get(tile.key)

    def needs(self) -> list[TileNeed]:
        out = []
        for key, tile in list(self._tiles.items()):
            if not Shiboken.isValid(tile):
                del self._tiles[key]  # deleted without being hidden or released
                continue
            cam = tile.store.cameras.get(tile.camera_id)
            width, height = tile.video_size_px()
            out.append(camera_need(key, cam, width, height, tile_priority(tile)))
        return out

    def _replan(self) -> None:
        needs = self.needs()
        self._plan = plan(needs, self.budget)
        self._governor = PlanGovernor(
            self._plan, {n.key: n.priority for n in needs}, {n.key: n.area for n in needs}
        )
        if self._plan.stepped_down:
            log.info(
                "wall plan: %d%% of this PC asked, %d%% planned, %d tiles stepped down",
                round(100 * self._plan.load_asked),
                round(100 * self._plan.load_planned),
                len(self._plan.stepped_down),
            )

    def _replan_and_tell(self) -> None:
        if self._plan is not None or not self._tiles:
            return
        self._replan()
        for key in self.plan.stepped_down:
            if (changed := self._tiles.get(key)) is not None:
                changed.plan_changed(self.why(key))
        for tile in list(self._tiles.values()):
            tile.plan_changed("")  # each re-chooses: nothing happens where nothing moved

    def why(self, key: str) -> str:
        """What the tile says when it plays less than its size wants ('' when it does not)."""
        p = self._plan
        if p is None or key not in p.wished:
            return ""
        rung = self._governor.rungs.get(key) if self._governor else p.rungs.get(key)
        if rung is None or rung >= p.wished[key]:
            return ""
        return translate("wall_plan", "Phát {rung} vì máy quá tải").format(rung=rung_words(rung))

    def report(self) -> dict[str, object]:
        """For the selftest and the bench: the plan's load, what each tile plays now (the
        governor's rung; none at all with the planner off: every tile then plays by its
        size, whatever the plan would say), the governor's changes and the budget."""
        p = self.plan
        gov = self._governor
        rungs = gov.rungs if gov is not None else p.rungs
        return {
            "enabled": self.enabled,
            "load_asked": round(p.load_asked, 2),
            "load_planned": round(p.load_planned, 2),
            "rungs": {k: r.name.lower() for k, r in rungs.items()} if self.enabled else {},
            "governor_changes": len(gov.log) if gov is not None and self.enabled else 0,
            # tiles the governor stepped up, and how long ago (s): the bench judges one
            # that is still starting apart from the tiles that have played all along
            "stepped_up_s_ago": self._stepped_up() if self.enabled else {},
            "budget_learned": [
                {"t": round(t, 1), "from": a, "to": b} for t, a, b in self.learner.changes
            ],
            "budget_measured": self.budget.measured,
            "display_tiles": self.budget.display_tiles,
            "wall_share": self.budget.wall_share,
        }

    def _stepped_up(self) -> dict[str, float]:
        gov = self._governor
        if gov is None:
            return {}
        last = {key: (t, a, b) for t, key, a, b in gov.log}  # each tile's newest change
        return {k: round(self._clock - t, 1) for k, (t, a, b) in last.items() if b > a}

    # -- while running -------------------------------------------------------------------
    def _govern(self) -> None:
        gov = self._governor
        if gov is None or self._plan is None or not self.enabled or self.probing:
            return
        fps: dict[str, tuple[float, float]] = {}
        now = time.time()
        for key, tile in self._tiles.items():
            rung = gov.rungs.get(key)
            stats = tile.engine.stats(key)
            if rung is None or rung is Rung.STILL or stats is None or stats.status != "live":
                continue
            live_at = stats.went_live_at[-1] if stats.went_live_at else None
            if live_at is None or now - live_at < gov.policy.settle_s:
                continue  # still starting: its rate says nothing yet
            cam = tile.store.cameras.get(tile.camera_id)
            stream = cam.stream(rung.profile) if cam else None
            if stream is not None and stats.fps > 0:
                fps[key] = (stats.fps, stream.fps)
        self._clock += self.GOVERN_MS / 1000
        before = dict(gov.rungs)
        load = wall_cost(self.budget, self.needs(), before)  # what the wall was judged at
        changes = gov.observe(self._clock, fps)
        for key, rung in changes.items():
            log.info("wall plan: tile %s now plays %s", key, rung.name.lower())
            if (changed := self._tiles.get(key)) is not None:
                changed.plan_changed(self.why(key))
        went_down = any(rung < before[key] for key, rung in changes.items())
        learned = (
            self.learner.stepped_down(self._clock, self.budget, load)
            if went_down
            else self.learner.observe(self._clock, self.budget, load, gov.healthy_since)
        )
        if learned is not None:
            self._keep_learned(learned, load)

    def _keep_learned(self, budget: DecodeBudget, load: float) -> None:
        """The wall taught the budget: kept for the next plan (the tiles stay as the governor
        has them now) and for the next start."""
        log.info(
            "wall plan: the wall ran %s at %.2f cores of decoding: wall share %.3f -> %.3f",
            "too slow" if budget.wall_share < self.budget.wall_share else "at full rate",
            load,
            self.budget.wall_share,
            budget.wall_share,
        )
        self.budget = budget
        if self._data_dir is not None:
            try:
                decode_budget.save(self._data_dir, budget)
            except OSError as exc:
                log.warning("wall plan: the learned budget could not be kept: %s", exc)
