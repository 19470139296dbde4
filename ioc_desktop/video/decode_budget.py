"""What this PC decodes: a short probe, kept in the data folder, keyed by the PC's CPU and GPU.

The planner (video/planner.py) needs, per stream profile (codec, height, full or light
decoding), how many frames per second one core decodes here. `measure()` encodes a few
seconds of a synthetic camera-like picture with PyAV (no system FFmpeg needed, no network) and
times single-threaded decoding of it, full and with the deblocking filter skipped (what the
engine's light decoding does). About 2-4 s on a 2-core PC; run off the UI thread, at first
start or on demand. `load()` answers the kept measurement when it was made on this CPU/GPU,
else the planner's default (DESIGN's raw FFmpeg figures), so a new or changed PC is re-measured
and never planned on another PC's numbers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import platform
import time
from dataclasses import asdict
from fractions import Fraction
from pathlib import Path

import numpy as np

from ioc_desktop.files import read_json_file
from ioc_desktop.video.planner import DEFAULT_WALL_SHARE, DecodeBudget

log = logging.getLogger(__name__)
FILE_NAME = "decode_budget.json"
VERSION = 1
PROFILES = ((640, 360), (1280, 720))  # measured; others are scaled by pixels (planner)
PROBE_FRAMES = 50


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
            rates, int(d["cores"]), float(d.get("wall_share", DEFAULT_WALL_SHARE)), True
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
    """Encoded H.264 packets of a moving, grainy picture (a camera's, not a flat test card)."""
    import av

    codec = av.CodecContext.create("libx264", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "yuv420p"
    codec.time_base = Fraction(1, 25)
    codec.framerate = Fraction(25, 1)
    codec.options = {"preset": "veryfast", "tune": "zerolatency", "crf": "26"}
    rng = np.random.default_rng(7)
    base = rng.integers(0, 255, (height // 8, width // 8, 3), dtype=np.uint8)
    base = np.kron(base, np.ones((8, 8, 1), dtype=np.uint8))
    packets: list[object] = []
    for i in range(frames):
        img = np.roll(base, 4 * i, axis=1)
        img = (img + rng.integers(0, 12, img.shape, dtype=np.uint8)).astype(np.uint8)
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


def measure_and_keep(data_dir: Path) -> DecodeBudget:
    budget = measure()
    save(data_dir, budget)
    log.info("decode budget measured: %s", budget.fps_per_core)
    return budget
