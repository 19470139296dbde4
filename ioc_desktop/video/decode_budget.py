"""What this PC decodes and displays: two short probes, kept in the data folder, keyed by the
PC's CPU and GPU.

The planner (video/planner.py) needs, per stream profile (codec, height, full or light
decoding), how many frames per second one core decodes here. `measure()` encodes a few
seconds of a synthetic camera-like picture with PyAV (no system FFmpeg needed, no network) and
times single-threaded decoding of it, full and with the deblocking filter skipped (what the
engine's light decoding does). About 2-4 s on a 2-core PC; run off the UI thread, at first
start or on demand. `load()` answers the kept measurement when it was made on this CPU/GPU,
else the planner's default (DESIGN's raw FFmpeg figures), so a new or changed PC is re-measured
and never planned on another PC's numbers.

Decoding alone is not what a wall costs: `measure_and_keep` then runs the display probe
(video/display_probe.py, a child process, ~30 s) and sets the budget's `wall_share` from the
largest wall of light 360p tiles this PC showed at full frame rate, with a margin, so that
a planned wall fits what the PC decodes *and displays*.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from ioc_desktop.files import read_json_file
from ioc_desktop.video.display_probe import camera_frames
from ioc_desktop.video.planner import DEFAULT_WALL_SHARE, DecodeBudget, Stream

log = logging.getLogger(__name__)
FILE_NAME = "decode_budget.json"
# 2: the display probe (a PC measured for decoding alone is measured again); 3: the display
# probe plays into the wall's own video windows, an even number of pixels wide (picture_fit.py:
# a fifth less CPU a tile), so a PC measured before is measured again
VERSION = 3
PROFILES = ((640, 360), (1280, 720))  # measured; others are scaled by pixels (planner)
PROBE_FRAMES = 50
# the display probe's tile: the sub stream a wall's small tiles play, lightly decoded
PROBE_STREAM = Stream("h264", 640, 360, 25.0)
# the planner plans to this share of the largest wall the display probe held: that wall is
# at the edge (every tile at >= 95 % of its frames), and a probe's wall differs from run to
# run by a tile or two; without a margin a planned wall would sit on the edge
DISPLAY_MARGIN = 0.85
DISPLAY_TIMEOUT_S = 150.0


def machine_key() -> str:
    """Changes when the CPU, its core count or the GPU changes (a re-measure is due)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    gpu = os.environ.get("IOC_GPU_NAME", "")
    for path in sorted(Path("/proc/driver/nvidia/gpus").glob("*/information")):
        with contextlib.suppress(OSError, IndexError):
            gpu += path.read_text(errors="replace").splitlines()[0]
    raw = f"{VERSION}|{platform.system()}|{cpu}|{os.cpu_count()}|{gpu}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def default_budget() -> DecodeBudget:
    return DecodeBudget(cores=os.cpu_count() or 2)


def load(data_dir: Path) -> DecodeBudget:
    """The kept measurement of this PC, else the default (measured False)."""
    path = data_dir / FILE_NAME
    if not path.exists():
        return default_budget()
    try:
        d = read_json_file(path)
        if not isinstance(d, dict) or d.get("machine") != machine_key():
            return default_budget()
        rates = {str(k): float(v) for k, v in d["fps_per_core"].items() if float(v) > 0}
        return DecodeBudget(
            rates,
            int(d["cores"]),
            float(d.get("wall_share", DEFAULT_WALL_SHARE)),
            True,
            int(d.get("display_tiles", 0)),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        log.warning("decode budget in %s unreadable: the default until re-measured", path)
        return default_budget()


_reported: dict[Path, tuple[float, dict[str, object]]] = {}


def report(data_dir: Path) -> dict[str, object]:
    """This PC's budget as a station reports it (the contract's StationReport.decode_budget);
    the file is read again only when it changed."""
    path = data_dir / FILE_NAME
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = -1.0
    kept = _reported.get(data_dir)
    if kept is None or kept[0] != mtime:
        b = load(data_dir)
        body: dict[str, object] = {
            "fps_per_core": dict(b.fps_per_core),
            "cores": b.cores,
            "wall_share": b.wall_share,
            "measured": b.measured,
            "display_tiles": b.display_tiles,
        }
        kept = _reported[data_dir] = (mtime, body)
    return kept[1]


def save(data_dir: Path, budget: DecodeBudget) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FILE_NAME
    body = asdict(budget) | {"machine": machine_key(), "measured_at": time.time()}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, indent=1))
    tmp.replace(path)
    return path


def _clip(width: int, height: int, frames: int) -> list[object]:
    """Encoded H.264 packets of the display probe's camera-like picture."""
    import av

    codec = av.CodecContext.create("libx264", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "yuv420p"
    codec.time_base = Fraction(1, 25)
    codec.framerate = Fraction(25, 1)
    codec.options = {"preset": "veryfast", "tune": "zerolatency", "crf": "26"}
    packets: list[object] = []
    for i, img in enumerate(camera_frames(width, height, frames)):
        frame = av.VideoFrame.from_ndarray(img, format="rgb24")
        frame.pts = i
        packets += codec.encode(frame)
    packets += codec.encode(None)
    return packets


def _decode_fps(packets: list[object], light: bool) -> float:
    import av

    dec = av.CodecContext.create("h264", "r")
    dec.thread_count = 1
    if light:
        dec.options = {"skip_loop_filter": "all"}
    # the keyframe (and the decoder's opening) first, untimed: a steady stream is P frames
    dec.decode(packets[0])  # type: ignore[arg-type]
    n = 0
    started = time.perf_counter()
    for packet in packets[1:]:
        n += len(dec.decode(packet))  # type: ignore[arg-type]
    n += len(dec.decode(None))
    return n / max(1e-6, time.perf_counter() - started)


def measure(frames: int = PROBE_FRAMES) -> DecodeBudget:
    """Frames per second of one core, per measured profile, full and light (blocking)."""
    rates: dict[str, float] = {}
    for width, height in PROFILES:
        packets = _clip(width, height, frames)
        for light in (False, True):
            rates[f"h264:{height}:{'light' if light else 'full'}"] = round(
                _decode_fps(packets, light), 1
            )
    return DecodeBudget(rates, os.cpu_count() or 2, DEFAULT_WALL_SHARE, True)


def probe_command(start: int, max_tiles: int = 64, count_s: float = 5.0) -> list[str]:
    """The display probe as a child: this interpreter's module, or (a packaged build has no
    "python -m") the executable itself with the subcommand."""
    frozen = getattr(sys, "frozen", False)
    entry = ["measure-display"] if frozen else ["-m", "ioc_desktop", "measure-display"]
    from ioc_desktop.i18n import current_language

    return [
        sys.executable,
        *entry,
        *("--start", str(start), "--max-tiles", str(max_tiles), "--seconds", str(count_s)),
        *("--lang", current_language()),  # its window speaks the wall's language
    ]


def measure_display(
    start: int,
    timeout_s: float = DISPLAY_TIMEOUT_S,
    max_tiles: int = 64,
    count_s: float = 5.0,
    env: dict[str, str] | None = None,
) -> dict[str, Any] | None:
    """The display probe's answer (blocking, tens of seconds), or None when it could not run
    or showed nothing (no screen, no libVLC): then the budget keeps its wall share."""
    try:
        done = subprocess.run(
            probe_command(start, max_tiles, count_s),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
            env=env,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        answer = json.loads(lines[-1]) if lines else None
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        log.warning("display probe: could not run (%s)", exc)
        return None
    if not isinstance(answer, dict) or not isinstance(answer.get("held"), int):
        log.warning(
            "display probe: no answer (exit %s): %s", done.returncode, done.stderr[-400:].strip()
        )
        return None
    if answer["held"] <= 0:  # not even one tile: no screen or no video output, not a 0-tile PC
        log.warning("display probe: no wall held, not even one tile: %s", answer.get("steps"))
        return None
    return answer


def with_display(budget: DecodeBudget, held: int, running_cost: float = 0.0) -> DecodeBudget:
    """The budget whose wall share makes `held` probe tiles (plus what the wall itself played
    meanwhile, in cores' worth of decoding) the PC's capacity, less the margin."""
    cost = held * budget.cost(PROBE_STREAM, light=True) + max(0.0, running_cost)
    share = min(1.0, max(0.01, DISPLAY_MARGIN * cost / max(1, budget.cores)))
    return replace(budget, wall_share=round(share, 4), display_tiles=held)


def probe_start(budget: DecodeBudget, running_cost: float = 0.0) -> int:
    """The first wall the display probe tries: what the budget so far expects to hold."""
    room = budget.cores * budget.wall_share - max(0.0, running_cost)
    return max(4, min(48, round(room / budget.cost(PROBE_STREAM, light=True))))


QUIET_SHARE = 0.25  # others busier than this share of the PC: a probe would read it short
QUIET_WAIT_S = 20.0


def _cpu_jiffies() -> tuple[int, int, int] | None:
    """(the PC's busy, its total, this process's) clock ticks, where Linux says."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle, iowait
        total = sum(fields[:8])  # guest time is counted in user already
        return total - idle, total, int(own[11]) + int(own[12])  # utime, stime
    except (OSError, ValueError, IndexError):
        return None


def others_busy(seconds: float = 1.0) -> float | None:
    """The share of the PC's cores that other processes used over `seconds` (the host's
    steal included; this process's own wall excluded), or None where the OS does not say."""
    a = _cpu_jiffies()
    time.sleep(seconds)
    b = _cpu_jiffies()
    if a is None or b is None or b[1] <= a[1]:
        return None
    return max(0.0, ((b[0] - a[0]) - (b[2] - a[2])) / (b[1] - a[1]))


def wait_quiet(max_wait_s: float = QUIET_WAIT_S, limit: float = QUIET_SHARE) -> float | None:
    """Wait (up to max_wait_s) until the rest of the PC is quiet enough for the probes to
    read the PC and not a passing load (an update, a backup, another program's start); the
    last share read (None: unknown). A PC never that quiet is measured anyway, as it is."""
    deadline = time.monotonic() + max_wait_s
    while True:
        share = others_busy()
        if share is None or share <= limit or time.monotonic() >= deadline:
            return share
        log.info("decode budget: the PC is busy (%.0f %% by others): waiting", 100 * share)


@dataclass(frozen=True)
class Measured:
    """One measure of this PC: the budget, how busy the rest of the PC was before it (None:
    unknown), and the display probe's answer (None: it could not run)."""

    budget: DecodeBudget
    others_busy: float | None
    display: dict[str, Any] | None


def measure_all(
    running_cost: Callable[[DecodeBudget], float] | None = None,
    env: dict[str, str] | None = None,
) -> Measured:
    """Once the PC is quiet: decoding, then decoding and display (blocking, a minute or two).
    running_cost: what the wall plays meanwhile, in cores' worth of decoding on the given
    budget (it shares the PC with the probe's tiles)."""
    quiet = wait_quiet()
    budget = measure()
    busy = running_cost(budget) if running_cost else 0.0
    answer = measure_display(probe_start(budget, busy), env=env)
    if answer is not None:
        budget = with_display(budget, int(answer["held"]), busy)
        log.info("display probe: %s", json.dumps(answer))
    return Measured(budget, quiet, answer)


def measure_and_keep(
    data_dir: Path, running_cost: Callable[[DecodeBudget], float] | None = None
) -> DecodeBudget:
    """measure_all, kept in the data folder."""
    done = measure_all(running_cost)
    save(data_dir, done.budget)
    log.info(
        "decode budget measured: %s, wall share %.3f (display probe: %s tiles; others used"
        " %s of the PC before)",
        done.budget.fps_per_core,
        done.budget.wall_share,
        done.budget.display_tiles or "not run",
        "?" if done.others_busy is None else f"{100 * done.others_busy:.0f} %",
    )
    return done.budget
