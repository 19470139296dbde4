"""The decode planner: which stream each tile of a layout plays so the wall fits this PC.

Pure logic (no Qt, no libVLC), so the budget, the priorities and the hysteresis are unit-tested
(tests/test_planner.py). Before a layout goes live, `plan()` gives each tile a rung (main,
sub, light sub, or a true still: a picture every few seconds, no video decoded, see
STILL_SHARE): every tile starts on the rung its size wants (the main stream only where its
pixels can be seen), then, while the wall needs more than the budget, the tile that matters
least (a tour, then the smallest tile; a maximised or incident-slot camera last) steps one
rung down. While running, `PlanGovernor`
watches each tile's shown frame rate against its stream's and steps the lowest-priority tile down,
or back up, never the same tile twice within `min_gap_s` and never up soon after a step down.

A tile's cost is the share of one core its stream's decoding takes on this PC
(`DecodeBudget`, measured by video/decode_budget.py): stream frames per second over the frames
per second this PC decodes of that profile. The budget is the cores times the share of them a
wall of players can use for decoding (the rest is display, the app and the OS).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace
from enum import IntEnum


class Rung(IntEnum):
    """What a tile plays, from the cheapest up (steps are ±1)."""

    STILL = 0  # a true still: a picture every 4 s, no player (video/stills.py)
    LIGHT_SUB = 1  # the sub stream, one thread, no deblocking (engine LIGHT_OPTIONS)
    SUB = 2
    MAIN = 3

    @property
    def profile(self) -> str:
        return "main" if self is Rung.MAIN else "sub"

    @property
    def light(self) -> bool:
        return self is Rung.LIGHT_SUB


class Priority(IntEnum):
    """Who keeps full video longest when the wall is over budget."""

    TOUR = 0
    NORMAL = 1
    INCIDENT = 2  # an incident layout's camera slot
    MAXIMISED = 3


@dataclass(frozen=True)
class Stream:
    """One stream of a camera, as the planner needs it."""

    codec: str
    width: int
    height: int
    fps: float


@dataclass(frozen=True)
class TileNeed:
    """One tile of a layout: its size on screen, its priority and its camera's streams."""

    key: str
    width_px: int
    height_px: int
    priority: Priority
    main: Stream | None
    sub: Stream | None
    wants_main: bool  # big enough for the main stream's pixels to be seen

    @property
    def area(self) -> int:
        return self.width_px * self.height_px

    def wish(self) -> Rung:
        """The rung the tile takes when the PC can afford everything (today's rule)."""
        if self.wants_main and self.main is not None:
            return Rung.MAIN
        return Rung.LIGHT_SUB if self.sub is not None else Rung.MAIN

    def stream(self, rung: Rung) -> Stream | None:
        if rung is Rung.MAIN:
            return self.main or self.sub
        return self.sub or self.main


# a 640×360 H.264 stream at 25 fps is this many frames per second of one core, fully decoded
# and lightly: DESIGN's raw FFmpeg figure, 360p ≈ 1,430 frames/s, 720p ≈ 380, 1080p ≈ 210
DEFAULT_FPS_PER_CORE: dict[str, float] = {
    "h264:360:full": 1430.0,
    "h264:360:light": 1900.0,
    "h264:720:full": 380.0,
    "h264:720:light": 500.0,
    "h264:1080:full": 210.0,
    "h264:1080:light": 280.0,
}
# the share of the cores a wall of libVLC players turns into decoding (display, the app and
# the OS take the rest), from this machine's walls (2 cores): 9 × 720p held 84 % of its frame
# rate (asks 118 % here), 36 light 360p tiles held (95 %), 25 fully decoded ones (87 %)
DEFAULT_WALL_SHARE = 0.25
# what the still rung costs of its light sub stream. It was libVLC on keyframes only, which
# still decoded about half the frames (avcodec-skip-frame=3: 102 of 195 in 3 s). A true still
# plays nothing: 9 tiles cost 1.0 % of a core as snapshots every 4 s and 2.0 % as one keyframe
# of the sub stream every 4 s (a camera without a snapshot URL), against 25.1 % on keyframes
# only and 30.5 % live on the light sub stream (bench/true_stills.py, one run): the dearer
# way, 2.0 / 30.5, rounded up.
STILL_SHARE = 0.07


@dataclass(frozen=True)
class DecodeBudget:
    """What this PC decodes: frames per second of one core per profile ("codec:height:full"
    or ":light"), how many cores, and the share of them a wall can spend on decoding."""

    fps_per_core: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_FPS_PER_CORE))
    cores: int = 2
    wall_share: float = DEFAULT_WALL_SHARE
    measured: bool = False  # False: the default, before this PC was measured
    # the largest wall of light 360p tiles the display probe held (0: display not measured,
    # wall_share is then the default); wall_share was set from it
    display_tiles: int = 0

    @property
    def capacity(self) -> float:
        """In cores' worth of decoding."""
        return max(0.01, self.cores * self.wall_share)

    def cost(self, stream: Stream, light: bool) -> float:
        """The share of one core decoding this stream takes: its fps over this PC's decoding
        fps for the nearest measured profile, scaled by pixels."""
        mode = "light" if light else "full"
        rates = [
            (int(k.split(":")[1]), v)
            for k, v in self.fps_per_core.items()
            if k.endswith(f":{mode}") and v > 0
        ]
        known = (
            [
                (int(k.split(":")[1]), v)
                for k, v in self.fps_per_core.items()
                if k.startswith(f"{stream.codec.lower()}:") and k.endswith(f":{mode}") and v > 0
            ]
            or rates
            or [(360, DEFAULT_FPS_PER_CORE[f"h264:360:{mode}"])]
        )
        height, fps = min(known, key=lambda hv: abs(hv[0] - stream.height))
        scaled = fps * (height / max(1, stream.height)) ** 2  # decoding goes with pixels
        return stream.fps / max(1.0, scaled)


@dataclass(frozen=True)
class Plan:
    """A rung per tile key, and the load of the wall asked (every tile on its wish) and
    planned, as a fraction of the budget (1.0 = all of it)."""

    rungs: dict[str, Rung]
    wished: dict[str, Rung]
    load_asked: float
    load_planned: float

    def count(self, rung: Rung) -> int:
        return sum(1 for r in self.rungs.values() if r is rung)

    @property
    def stepped_down(self) -> list[str]:
        return [k for k, r in self.rungs.items() if r < self.wished[k]]


def tile_cost(budget: DecodeBudget, need: TileNeed, rung: Rung) -> float:
    if rung is Rung.STILL:
        stream = need.stream(Rung.LIGHT_SUB)
        return 0.0 if stream is None else STILL_SHARE * budget.cost(stream, True)
    stream = need.stream(rung)
    return 0.0 if stream is None else budget.cost(stream, rung.light)


def wall_cost(budget: DecodeBudget, needs: list[TileNeed], rungs: dict[str, Rung]) -> float:
    """What the tiles that have a rung cost, in cores' worth of decoding."""
    return sum(tile_cost(budget, n, rungs[n.key]) for n in needs if n.key in rungs)


def wall_load(budget: DecodeBudget, needs: list[TileNeed], rungs: dict[str, Rung]) -> float:
    return wall_cost(budget, needs, rungs) / budget.capacity


SIZE_CLASS_RATIO = 1.25  # tiles within this of a class's smallest are "the same size"


def size_classes(areas: dict[str, int]) -> dict[str, int]:
    """Each tile's size class, smallest 0: a grid's cells differ by a pixel here and there,
    and by pixels alone a bar appearing over the wall (a new incident's question) reordered
    them, moved the stills to other tiles and restarted every video tile of a 48-tile wall
    (bench/wall_capacity.py). Classes are relative, so a resize of the whole wall keeps them."""
    classes: dict[str, int] = {}
    index, start = -1, 0.0
    for key, area in sorted(areas.items(), key=lambda ka: ka[1]):
        if index < 0 or area > SIZE_CLASS_RATIO * start:
            index, start = index + 1, float(area)
        classes[key] = index
    return classes


def step_order(needs: list[TileNeed]) -> list[TileNeed]:
    """Who steps down first: the lowest priority, then the smallest tiles, then the key (a
    stable order, so the same layout always gets the same plan, and a wall resized a little
    keeps its plan)."""
    size = size_classes({n.key: n.area for n in needs})
    return sorted(needs, key=lambda n: (n.priority, size[n.key], n.key))


FIT_SLACK = 1e-9  # the running sum's rounding: a wall at exactly its budget fits


def plan(needs: list[TileNeed], budget: DecodeBudget) -> Plan:
    """Every tile on its wish, then one rung down at a time, the least important tile first,
    round by round, until the wall fits.

    A maximised tile keeps at least the sub stream (it is the one the operator looks at);
    others may end as stills. A wall that does not fit even so is planned as far as it goes.
    """
    wished = {n.key: n.wish() for n in needs}
    rungs = dict(wished)
    asked = wall_load(budget, needs, rungs)
    order = step_order(needs)
    # round by round: every tile loses one rung before any loses two, so a wall over budget
    # first trades main for sub everywhere cheap, and stills come last
    load = asked  # kept up to date step by step: a 300-tile wall plans in milliseconds
    changed = True
    while load > 1.0 + FIT_SLACK and changed:
        changed = False
        for need in order:
            floor = Rung.SUB if need.priority is Priority.MAXIMISED else Rung.STILL
            rung = rungs[need.key]
            if rung > floor:
                lower = Rung(rung - 1)
                load += (tile_cost(budget, need, lower) - tile_cost(budget, need, rung)) / (
                    budget.capacity
                )
                rungs[need.key] = lower
                changed = True
                if load <= 1.0 + FIT_SLACK:
                    break
    return Plan(rungs, wished, asked, wall_load(budget, needs, rungs))


@dataclass
class GovernorPolicy:
    slow_ratio: float = 0.8  # shown fps below this share of the stream's: struggling
    healthy_ratio: float = 0.95  # every tile at least this: room to step back up
    min_gap_s: float = 5.0  # never two changes of one tile closer than this
    up_after_s: float = 15.0  # healthy this long (and this long after any step down): up
    # struggling this long, and since the last change, before a step down: one slow poll is
    # noise, and a step's effect is read before the next (without the latter a wall slowed by
    # a passing load stepped three tiles down in three polls, a measured run)
    slow_for_s: float = 3.0
    # a step that takes a tile's video away (to a still) needs the wall struggling (under
    # slow_ratio) this long: a passing load (a scan, an update: seconds) costs some frames,
    # never an operator's video ...
    still_after_s: float = 10.0
    # ... and a tile short of healthy_ratio but over slow_ratio (a fifth of its frames lost
    # at most, less than a still takes) costs quality first, video only after this long:
    # a wall at its PC's edge ends without dropped frames, by plan, a passing load never
    short_still_after_s: float = 60.0
    # short of full rate (under healthy_ratio, over slow_ratio) on average over this long: a
    # step down too. A tile at 94 % of its frames for a whole minute is dropping frames, if
    # mildly, and no single poll says so (one second's count jitters by a frame: 4 %)
    short_for_s: float = 10.0
    # a step up that a step down follows within up_proven_s was one too many: the next waits
    # twice as long (up to up_wait_max_s); one that stands up_proven_s resets the wait. A wall
    # at its PC's edge so tries again after 15, 30, 60, 120, 240 s, never in a 25 s cycle
    up_proven_s: float = 60.0
    up_wait_max_s: float = 240.0
    # a tile live for less than this is still starting (its first second's rate counts the
    # wait for its first pictures): not judged. Without it a 25-tile wall's start stepped a
    # tile down that the same wall without the planner held (bench/wall_capacity.py)
    settle_s: float = 6.0


@dataclass
class PlanGovernor:
    """Steps tiles down and back up while the wall runs, with hysteresis.

    Fed every poll with each tile's shown and stream frame rates; answers the changes to make
    now ({key: new rung}), at most one a call. Down: a tile struggles for `slow_for_s` since
    the last change, or falls short of its full rate on average over `short_for_s` → the
    lowest-priority tile that can go down and has not changed in `min_gap_s` (never the
    maximised one: the tile the operator looks at keeps what the plan gave it); a step to a
    still only once the wall has struggled for `still_after_s` (or fallen short for
    `short_still_after_s`), else the next tile that keeps its video. Up: every tile healthy for
    `up_wait_s` since the last step down → the most important tile below its wish; the wait
    doubles after each step up that did not stand (see GovernorPolicy)."""

    plan: Plan
    priority: dict[str, Priority]
    area: dict[str, int]
    policy: GovernorPolicy = field(default_factory=GovernorPolicy)
    changed_at: dict[str, float] = field(default_factory=dict)
    last_down_at: float | None = None
    healthy_since: float | None = None
    slow_since: float | None = None  # slow since then, and since the last change
    slow_episode_since: float | None = None  # slow since then, changes or not
    short_since: float | None = None  # short on average since then, changes or not
    rungs: dict[str, Rung] = field(init=False)
    log: list[tuple[float, str, Rung, Rung]] = field(default_factory=list)
    last_up_at: float | None = None
    up_wait_s: float = field(init=False)
    # per tile, (when, shown fps, stream fps) over the last short_for_s (see GovernorPolicy)
    _recent: dict[str, deque[tuple[float, float, float]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rungs = dict(self.plan.rungs)
        self.up_wait_s = self.policy.up_after_s

    def _order(self) -> list[str]:
        size = size_classes(self.area)  # as the plan orders them (step_order)
        return sorted(self.rungs, key=lambda k: (self.priority[k], size[k], k))

    def _free(self, key: str, now: float) -> bool:
        at = self.changed_at.get(key)
        return at is None or now - at >= self.policy.min_gap_s

    def _set(self, key: str, rung: Rung, now: float) -> dict[str, Rung]:
        up = rung > self.rungs[key]
        self.log.append((now, key, self.rungs[key], rung))
        self.rungs[key] = rung
        self.changed_at[key] = now
        self._recent.clear()  # the wall's load changed: its rates are read afresh
        self.slow_since = None
        if up:
            self.last_up_at = now
        else:
            self.last_down_at = now
            if self.last_up_at is not None and now - self.last_up_at < self.policy.up_proven_s:
                self.up_wait_s = min(self.policy.up_wait_max_s, 2 * self.up_wait_s)
        return {key: rung}

    def _step_down(self, now: float, to_still: bool) -> dict[str, Rung]:
        """The lowest-priority tile that can go down and has not just changed, one rung;
        a step to a still only where `to_still` (else the next tile that keeps its video
        steps down instead: quality goes before video)."""
        for key in self._order():
            if self.priority[key] is Priority.MAXIMISED:
                continue
            lower = Rung(self.rungs[key] - 1) if self.rungs[key] > Rung.STILL else None
            if lower is None or (lower is Rung.STILL and not to_still):
                continue
            if self._free(key, now):
                return self._set(key, lower, now)
        return {}

    def _short(self, now: float, fps: dict[str, tuple[float, float]]) -> bool:
        """Some tile showed under healthy_ratio of its frames on average over short_for_s,
        and still does now: a tile back at its full rate after a slow spell (a passing load,
        which the slow rule judges) is not short for the window's rest."""
        window = self.policy.short_for_s
        for key in list(self._recent):
            if key not in fps:  # not judged now (starting, a still): its count starts again
                del self._recent[key]
        short = judged = short_on_average = False
        ratio = self.policy.healthy_ratio
        for key, (shown, stream) in fps.items():
            seen = self._recent.setdefault(key, deque())
            seen.append((now, shown, stream))
            while seen and seen[0][0] < now - window:
                seen.popleft()
            if seen[-1][0] - seen[0][0] < window * 0.9 or stream <= 0:
                continue  # not yet read for long enough
            judged = True
            mean_shown = sum(x[1] for x in seen) / len(seen)
            mean_stream = sum(x[2] for x in seen) / len(seen)
            if mean_shown < ratio * mean_stream:
                short_on_average = True
                short = short or shown < ratio * stream
        if short_on_average:  # the spell goes on through steps (their windows start afresh)
            self.short_since = now if self.short_since is None else self.short_since
        elif judged:
            self.short_since = None
        return short

    def observe(self, now: float, fps: dict[str, tuple[float, float]]) -> dict[str, Rung]:
        """fps: key → (shown fps, stream fps) of the tiles playing video now."""
        slow = any(
            stream > 0 and shown < self.policy.slow_ratio * stream for shown, stream in fps.values()
        )
        healthy = all(
            stream <= 0 or shown >= self.policy.healthy_ratio * stream
            for shown, stream in fps.values()
        )
        short = self._short(now, fps)
        if slow:
            self.healthy_since = None
            self.slow_since = now if self.slow_since is None else self.slow_since
            if self.slow_episode_since is None:
                self.slow_episode_since = now
            if now - self.slow_since < self.policy.slow_for_s:
                return {}
            long_slow = now - self.slow_episode_since >= self.policy.still_after_s
            return self._step_down(now, to_still=long_slow)
        self.slow_since = self.slow_episode_since = None
        if short:  # a mild shortfall costs quality first; video only once it has lasted
            self.healthy_since = None
            assert self.short_since is not None
            long_short = now - self.short_since >= self.policy.short_still_after_s
            return self._step_down(now, to_still=long_short)
        if not healthy:
            self.healthy_since = None
            return {}
        if self.healthy_since is None:
            self.healthy_since = now
        if (
            self.last_up_at is not None
            and (self.last_down_at or 0.0) < self.last_up_at
            and now - self.last_up_at >= self.policy.up_proven_s
        ):
            self.up_wait_s = self.policy.up_after_s  # the last step up stood: no more waiting
        calm_since = max(self.healthy_since, self.last_down_at or self.healthy_since)
        if now - calm_since < self.up_wait_s:
            return {}
        for key in reversed(self._order()):
            if self.rungs[key] < self.plan.wished[key] and self._free(key, now):
                self.healthy_since = now  # the next step up waits for this one to prove out
                return self._set(key, Rung(self.rungs[key] + 1), now)
        return {}


@dataclass
class BudgetLearner:
    """The budget corrected by the wall itself: what this PC really decodes and displays,
    learned from the governor's verdicts on the running wall.

    The probes measure the PC once, in a few seconds; a passing load then (an update, a
    backup) reads it short, and a PC changes (a driver, a new program beside the wall). So
    when the wall has played every tile at its full rate for `healthy_for_s` at a load above
    the budget, the budget rises to that load; when the governor steps a tile down at a load
    within the budget but at least `learn_from` of it, the budget falls to `fall_margin` of
    that load. A wall slowed at a small share of its budget is not slowed by its decoding
    (another program beside it, a passing load): it teaches nothing, else one passing load
    at a 4-tile wall cut a kept budget tenfold (a measured run). The governor steps tiles up
    beyond the plan whenever the wall is healthy, so a budget read short comes back up.
    Never twice within `min_gap_s`. Loads in cores' worth of decoding (`tile_cost`)."""

    healthy_for_s: float = 60.0
    fall_margin: float = 0.9
    learn_from: float = 0.5
    min_gap_s: float = 60.0
    changed_at: float | None = None
    changes: list[tuple[float, float, float]] = field(default_factory=list)  # (t, old, new)

    def observe(
        self, now: float, budget: DecodeBudget, load: float, healthy_since: float | None
    ) -> DecodeBudget | None:
        """After a governor poll with no step down: the wall healthy since `healthy_since`
        at `load`. A new budget to keep, or None."""
        if healthy_since is None or now - healthy_since < self.healthy_for_s:
            return None
        if load <= budget.capacity * 1.02:  # within it (or within its rounding): nothing new
            return None
        return self._set(now, budget, load / max(1, budget.cores))

    def stepped_down(self, now: float, budget: DecodeBudget, load: float) -> DecodeBudget | None:
        """The governor stepped a tile down: the wall was too slow at `load` (before the
        step)."""
        if load >= budget.capacity:  # over the budget: the plan's fault, not the budget's
            return None
        if load < self.learn_from * budget.capacity:  # not the wall's decoding
            return None
        return self._set(now, budget, self.fall_margin * load / max(1, budget.cores))

    def _set(self, now: float, budget: DecodeBudget, share: float) -> DecodeBudget | None:
        if self.changed_at is not None and now - self.changed_at < self.min_gap_s:
            return None
        # rounded away from the old share: a wall learned at a load fits it exactly
        up = share > budget.wall_share
        share = (math.ceil if up else math.floor)(round(min(1.0, max(0.01, share)) * 1e4, 6)) / 1e4
        if share == budget.wall_share:
            return None
        self.changed_at = now
        self.changes.append((now, budget.wall_share, share))
        return replace(budget, wall_share=share)
