"""`--selftest SECONDS`: run the real app, then report what every panel really did.

The numbers come from the parts themselves (libVLC's displayed-picture counters, Leaflet's
layers read back from the page, the store's lists), not from the code that was supposed to
produce them, and the UI thread's responsiveness is measured the whole time.
"""

from __future__ import annotations

import asyncio
import gc
import math
import statistics
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer

WARMUP_S = 5.0
STALL_LIMIT_MS = 500.0
LATE_KEPT = 12  # the worst ticks a summary lists
GC_KEPT_MS = 2.0  # a collector's pause this long or longer is kept


class UiStallMeter(QObject):
    """Times a 20 ms timer on the UI thread: any lateness is time the UI was frozen."""

    INTERVAL_MS = 20

    def __init__(self) -> None:
        super().__init__()
        self.started = time.perf_counter()
        self.started_epoch = time.time()  # the same moment on the wall clock
        self._last = self.started
        self.samples: list[tuple[float, float]] = []  # (seconds since start, stall ms)
        # where the UI thread's time went in each late interval (Linux: the kernel's
        # schedstat of this thread): running, queued for a core, or neither (blocked: a
        # lock, the GIL, the X server); (seconds since start, run ms, queued ms)
        self._sched = _thread_schedstat()
        self.causes: list[tuple[float, float, float]] = []
        # the collector's pauses (any thread's, the UI's waits on them with the GIL):
        # (seconds since start, generation, ms), the ones over GC_KEPT_MS
        self.gc_pauses: list[tuple[float, int, float]] = []
        self._gc_began = 0.0
        gc.callbacks.append(_gc_hook(weakref.WeakMethod(self._on_gc)))
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._on_timeout)
        self._timer.start()

    def _on_timeout(self) -> None:
        now = time.perf_counter()
        stall = (now - self._last) * 1000 - self.INTERVAL_MS
        self.samples.append((now - self.started, max(0.0, stall)))
        self._last = now
        sched = _thread_schedstat()
        if sched is not None and self._sched is not None and stall > self.INTERVAL_MS:
            run, queued = (b - a for a, b in zip(self._sched, sched, strict=True))
            self.causes.append((now - self.started, run / 1e6, queued / 1e6))
        self._sched = sched

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._gc_began = now
        elif (ms := (now - self._gc_began) * 1000) >= GC_KEPT_MS:
            self.gc_pauses.append((now - self.started, info["generation"], ms))

    def restart(self) -> None:
        """Measure from now on (warm-up counted from here too)."""
        self.samples.clear()
        self.causes.clear()
        self.gc_pauses.clear()
        self.started = self._last = time.perf_counter()
        self.started_epoch = time.time()
        self._sched = _thread_schedstat()

    def summary(self, warmup_s: float = WARMUP_S) -> dict[str, Any]:
        after = sorted(s for t, s in self.samples if t >= warmup_s) or [0.0]
        out: dict[str, Any] = {
            "max_ms": round(max((s for _, s in self.samples), default=0.0), 1),
            "max_after_warmup_ms": round(after[-1], 1),
            "p99_after_warmup_ms": round(after[int(0.99 * (len(after) - 1))], 1),
            "warmup_s": warmup_s,
            # the counted span on the wall clock: another process's meter (bench/ui_floor.py)
            # is read over the same span
            "counted_from_epoch": round(self.started_epoch + warmup_s, 3),
            "counted_to_epoch": round(self.started_epoch + (self._last - self.started), 3),
        }
        if self._sched is not None:
            # the intervals more than 20 ms late after the warm-up: how long the UI thread
            # ran in them, waited for a core, and neither (the rest of each interval)
            causes = [(r, q) for t, r, q in self.causes if t >= warmup_s]
            total = sum(s for t, s in self.samples if t >= warmup_s and s > self.INTERVAL_MS)
            run = sum(r for r, _ in causes)
            queued = sum(q for _, q in causes)
            spans = total + len(causes) * self.INTERVAL_MS
            out["late_intervals"] = {
                "count": len(causes),
                "run_ms": round(run, 1),
                "queued_ms": round(queued, 1),
                "blocked_ms": round(max(0.0, spans - run - queued), 1),
            }
        # the worst ticks after the warm-up, when (s since the meter's start) and how late:
        # a p99 over a short run is its few worst ticks, and their times show a cause that
        # comes back (a poll, a clock) apart from one that does not
        worst = sorted((s, t) for t, s in self.samples if t >= warmup_s)[-LATE_KEPT:]
        pauses = [(t, g, ms) for t, g, ms in self.gc_pauses if t >= warmup_s]
        out["gc_pauses"] = {
            "count": len(pauses),
            "total_ms": round(sum(ms for *_, ms in pauses), 1),
            "longest": [
                [round(t, 2), g, round(ms, 1)]
                for t, g, ms in sorted(sorted(pauses, key=lambda p: p[2])[-LATE_KEPT:])
            ],
        }
        out["worst_ticks"] = [
            [round(t, 2), round(s, 1)] for s, t in sorted(worst, key=lambda w: w[1])
        ]
        return out


def _gc_hook(method: weakref.WeakMethod[Any]) -> Callable[[str, dict[str, int]], None]:
    """The collector's callback for a meter, which it does not keep alive."""

    def hook(phase: str, info: dict[str, int]) -> None:
        if (bound := method()) is not None:
            bound(phase, info)

    return hook


def _thread_schedstat() -> tuple[int, int] | None:
    """(ns on a core, ns queued for one) of the calling thread, where Linux says."""
    try:
        with open("/proc/thread-self/schedstat", "rb") as f:
            run, queued, _slices = f.read().split()
        return int(run), int(queued)
    except (OSError, ValueError):
        return None


@dataclass
class Probes:
    """What the composition root lets the selftest look at."""

    tile_frames: Callable[[], dict[str, int]]
    tile_status: Callable[[], dict[str, str]]
    chart_updates: Callable[[], dict[str, int]]
    map_counts: Callable[[], Awaitable[dict[str, int] | None]]
    blocked_requests: Callable[[], list[str]]
    incidents_listed: Callable[[], int]
    incident_lists: Callable[[], int]
    reports_listed: Callable[[], int]
    link: Callable[[], str]
    tile_went_live_at: Callable[[], dict[str, list[float]]] = dict
    shown_at: float = 0.0
    """Epoch seconds when the layout's windows were shown."""
    extra: dict[str, Callable[[], Any]] = field(default_factory=dict)


SAMPLE_S = 0.5  # how often the tiles' frame counts are read after the warm-up
SETTLED_S = 1.0  # a tile's rate counts from this long after its first picture


def steady_fps(
    samples: list[tuple[float, dict[str, int]]], first_live: dict[str, float]
) -> dict[str, float]:
    """Each tile's frame rate once it plays: from the warm-up's end, or from SETTLED_S after
    its first picture where that came later (a tile that starts late is slow to start, which
    first_frame says, not a tile dropping frames), to the last sample. samples: (epoch s,
    frames shown per tile), oldest first; first_live: epoch s of each tile's first picture.
    A tile that never settled is measured over the whole window (and reads low)."""
    if not samples:
        return {}
    t_end, last = samples[-1]
    out: dict[str, float] = {}
    for key, frames in last.items():
        begin = first_live.get(key, samples[0][0]) + SETTLED_S
        t0, start = next(((t, f) for t, f in samples if t >= begin and t < t_end), samples[0])
        span = t_end - t0
        out[key] = round((frames - start.get(key, 0)) / span, 1) if span > 0 else 0.0
    return out


async def run_selftest(seconds: float, probes: Probes, meter: UiStallMeter) -> dict[str, Any]:
    warm = min(WARMUP_S, seconds / 2)
    await asyncio.sleep(warm)
    samples = [(time.time(), probes.tile_frames())]
    t_stop = time.monotonic() + seconds - warm
    while (left := t_stop - time.monotonic()) > 0:
        await asyncio.sleep(min(SAMPLE_S, left))
        samples.append((time.time(), probes.tile_frames()))
    frames = samples[-1][1]
    firsts = {k: v[0] for k, v in probes.tile_went_live_at().items() if v}
    fps = steady_fps(samples, firsts)
    status = probes.tile_status()
    charts = probes.chart_updates()
    counts = await probes.map_counts() or {}
    blocked = probes.blocked_requests()
    stall = meter.summary()
    went_live = probes.tile_went_live_at()
    first = first_frame_times(went_live, probes.shown_at)
    result: dict[str, Any] = {
        "seconds": seconds,
        "tiles": {
            "total": len(frames),
            "playing": sum(1 for f in frames.values() if f > 0),
            "frames_displayed": frames,
            "fps_after_warmup": fps,
            "status": status,
            "first_frame": first,
            "went_live_at": {k: [round(t, 2) for t in v] for k, v in went_live.items()},
        },
        "charts": {"panels": len(charts), "updates": charts},
        "map": {"markers": counts, "blocked_requests": blocked},
        "incidents_listed": probes.incidents_listed(),
        "reports_listed": probes.reports_listed(),
        "link": probes.link(),
        "ui_stall": stall,
        "startup": startup_times(process_started_at(), probes.shown_at, went_live),
    }
    result.update({k: f() for k, f in probes.extra.items()})
    failures = []
    if not frames or any(f == 0 for f in frames.values()):
        failures.append("a camera tile displayed no frame")
    if any(n < 2 for n in charts.values()):
        failures.append("a chart did not update live")
    if counts.get("has_map", 1):  # a layout without a map has nothing to check there
        for layer in ("areas", "cameras", "incidents"):
            if counts.get(layer, 0) == 0:
                failures.append(f"map shows no {layer}")
    if blocked:
        failures.append("map tried to leave the machine")
    if result["incidents_listed"] == 0 and probes.incident_lists():
        failures.append("no incident listed")
    if stall["max_after_warmup_ms"] > STALL_LIMIT_MS:
        failures.append(f"UI thread stalled {stall['max_after_warmup_ms']} ms")
    result["failures"] = failures
    result["ok"] = not failures
    return result


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank (a value that was measured, never interpolated)
    of a non-empty sorted list."""
    return values[max(0, math.ceil(0.95 * len(values)) - 1)]


def first_frame_times(went_live_at: dict[str, list[float]], shown_at: float) -> dict[str, Any]:
    """Seconds from the layout being shown to each tile's first picture, with median and p95
    (nearest rank); tiles that never showed one are listed, not averaged away."""
    per_tile = {
        k: round(times[0] - shown_at, 2) for k, times in went_live_at.items() if times and shown_at
    }
    values = sorted(per_tile.values())
    out: dict[str, Any] = {
        "per_tile_s": per_tile,
        "never": sorted(k for k, times in went_live_at.items() if not times),
    }
    if values:
        out["median_s"] = round(statistics.median(values), 2)
        out["p95_s"] = p95(values)
    return out


def process_started_at() -> float:
    """Epoch seconds when the OS started this process: start-up as a user waits for it,
    interpreter (or a bundle's bootloader) and imports included."""
    import psutil

    return float(psutil.Process().create_time())


def startup_times(
    started_at: float, shown_at: float, went_live_at: dict[str, list[float]]
) -> dict[str, float | None]:
    """Seconds from the process starting to the wall's windows shown and to its first picture."""
    firsts = [times[0] for times in went_live_at.values() if times]
    return {
        "to_windows_s": round(shown_at - started_at, 2) if shown_at else None,
        "to_first_frame_s": round(min(firsts) - started_at, 2) if firsts else None,
    }


class SwitchLog:
    """Layout switches as the wall lived them: when each started, when its panels were
    built, when each of its tiles showed its first picture. First frames are read while the
    tiles exist (at the next switch, or at report time), since a switch releases tiles."""

    def __init__(
        self,
        went_live_at: Callable[[str], list[float] | None],
        told_at: Callable[[str], list[float] | None] | None = None,
    ) -> None:
        """went_live_at: when each tile's pictures appeared (first, then recoveries);
        told_at: when its status said so, which waits for the UI thread."""
        self.went_live_at = went_live_at
        self.told_at = told_at or went_live_at
        self.entries: list[dict[str, Any]] = []

    def started(self, why: str, layout: str, tiles_now: set[str], at: float) -> dict[str, Any]:
        if self.entries:
            self._freeze(self.entries[-1])
        entry: dict[str, Any] = {"why": why, "layout": layout, "at": at, "before": tiles_now}
        self.entries.append(entry)
        return entry

    @staticmethod
    def built(entry: dict[str, Any], at: float, panels: int, tile_keys: list[str]) -> None:
        entry["panels_shown_s"] = round(at - entry["at"], 3)
        entry["panels"] = panels
        entry["tile_keys"] = tile_keys

    def _read(
        self, e: dict[str, Any]
    ) -> tuple[dict[str, float | None], dict[str, float | None], int]:
        """Each tile's first-frame time after the switch (0 for a tile the switch kept
        playing, None for none yet), the time its status said live, and how many were kept."""
        kept = [k for k in e.get("tile_keys", []) if k in e["before"]]

        def since(read: Callable[[str], list[float] | None]) -> dict[str, float | None]:
            out: dict[str, float | None] = {}
            for key in e.get("tile_keys", []):
                times = read(key) or []
                live = [t for t in times if t >= e["at"]]
                if key in kept and times and not live:
                    out[key] = 0.0  # the same panel in the new layout: it never stopped
                else:
                    out[key] = round(live[0] - e["at"], 2) if live else None
            return out

        return since(self.went_live_at), since(self.told_at), len(kept)

    def _freeze(self, e: dict[str, Any]) -> None:
        """A switch that is over: keep what its tiles did before they are released."""
        if "read" not in e:
            e["read"] = self._read(e)

    def report(self) -> list[dict[str, Any]]:
        out = []
        for e in self.entries:
            firsts, told, kept = e.get("read") or self._read(e)  # the last one read fresh
            got = [v for v in firsts.values() if v is not None]
            said = [v for v in told.values() if v is not None]
            out.append(
                {
                    "why": e["why"],
                    "layout": e["layout"],
                    "at": round(e["at"], 3),
                    "panels": e.get("panels"),
                    "panels_shown_s": e.get("panels_shown_s"),
                    "tiles": len(firsts),
                    "tiles_kept_playing": kept,
                    "all_tiles_live_s": max(got) if got and len(got) == len(firsts) else None,
                    "all_status_live_s": max(said) if said and len(said) == len(told) else None,
                    "never_live": [k for k, v in firsts.items() if v is None],
                    "first_frame_s": firsts,
                }
            )
        return out
