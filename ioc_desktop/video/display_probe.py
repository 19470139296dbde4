"""What this PC decodes *and displays*: a wall of real libVLC players, grown until it drops.

The decode probe (video/decode_budget.py) times FFmpeg decoding alone. A wall also scales
and shows every picture (X11/Direct3D output, the compositor, Qt's native windows), and on
a 2-core PC that is most of the cost: the planner's decode-only budget read a 36-tile wall as
95 % of this PC while a bare libVLC grid of the same streams failed at 33. So the planner's
`wall_share` (the share of the cores a wall turns into decoding) is measured here instead of
guessed: this probe plays N tiles of a camera-like 640×360 H.264 clip (grain, 25 fps, the
sub stream a wall's small tiles play) with the engine's own instance options and light
decoding, in native windows filling the primary screen as a wall's grid does, and counts the
pictures libVLC displays. N grows (×1.3) until a tile shows under 95 % of the clip's frame
rate, then halves the gap to the largest N that held.

It runs as a child process (`ioc-desktop measure-display`, composed in app.py; a packaged
build re-runs itself with that subcommand): a libVLC crash or a stuck player in the probe can
never take the wall down, and the wall's own UI thread never waits on it. It prints one JSON
object. Its window (widgets/display_probe_window.py) says what it is doing, as a probe on the
wall must.
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ioc_desktop.video.libvlc import embed

CLIP_SIZE = (640, 360)
CLIP_FPS = 25
CLIP_SECONDS = 10  # longer than one step's warm-up and count: no loop inside a count
HOLDS = 0.95  # a tile holds when it shows at least this share of the clip's frames
WARMUP_S = 4.0  # every player started at once: the first seconds still settle
COUNT_S = 5.0  # frames counted per wall (a frame of jitter at each end: 0.4 fps)
MAX_STEPS = 6
# A wall that failed is counted again, with the same players, before it is believed: a
# passing load on the PC (or one tile still catching up from its start) failed walls of 7
# tiles on a PC whose walls of 30 hold, and the plan then made nearly every tile a still. A
# wall that really is too big fails every count; one that holds costs no more time.
COUNTS = 2
MAX_TILES = 64


def camera_frames(width: int, height: int, frames: int) -> Any:
    """A moving, grainy picture, frame by frame (a camera's, not a flat test card: flat
    synthetic scenes decode several times cheaper than a camera's)."""
    rng = np.random.default_rng(7)
    base = rng.integers(0, 255, (height // 8, width // 8, 3), dtype=np.uint8)
    base = np.kron(base, np.ones((8, 8, 1), dtype=np.uint8))
    for i in range(frames):
        img = np.roll(base, 4 * i, axis=1)
        yield (img + rng.integers(0, 12, img.shape, dtype=np.uint8)).astype(np.uint8)


def write_clip(path: Path, seconds: int = CLIP_SECONDS) -> Path:
    """An MPEG-TS file of the probe's camera (PyAV's own x264: no system FFmpeg needed)."""
    import av

    width, height = CLIP_SIZE
    with av.open(str(path), "w", format="mpegts") as out:
        stream = out.add_stream("libx264", rate=CLIP_FPS)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, CLIP_FPS)
        # a camera's sub stream as the demo's cameras encode it (demo/clips.py): a keyframe
        # a second, no B frames, ~0.08 bit per pixel (0.46 Mbit/s)
        stream.options = {
            "preset": "veryfast",
            "tune": "zerolatency",
            "g": str(CLIP_FPS),
            "keyint_min": str(CLIP_FPS),
            "sc_threshold": "0",
            "bf": "0",
        }
        stream.bit_rate = int(width * height * CLIP_FPS * 0.08)
        for i, img in enumerate(camera_frames(width, height, seconds * CLIP_FPS)):
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = i
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def next_count(n: int, held: int, failed: int | None, max_tiles: int) -> int | None:
    """The next wall to try after `n` (None: done). Grows ×1.3 while every wall held, then
    halves the gap between the largest that held and the smallest that failed, until they
    are within 8 % (a tile or two: the run-to-run noise of such a wall)."""
    if failed is None:
        nxt = min(max_tiles, math.ceil(n * 1.3))
        return nxt if nxt > n else None
    if held == 0:
        return max(1, math.floor(failed * 0.6)) if failed > 1 else None
    if failed - held <= max(1, round(held * 0.08)):
        return None
    return (held + failed) // 2


class ProbeScreen(Protocol):
    """The probe's window (widgets/display_probe_window.py): native tiles to play into."""

    def show_tiles(self, n: int) -> list[int]:
        """N tiles laid out as a wall's grid, shown; their native window ids."""
        ...

    def tile_size(self) -> tuple[int, int]: ...

    def clear(self) -> None: ...

    def close(self) -> object: ...


class _Players:
    """One libVLC player per tile of the probe's screen, with the engine's options."""

    def __init__(self, vlc: Any, clip: Path) -> None:
        from ioc_desktop.video.engine import LIGHT_OPTIONS, VideoSettings

        self.vlc, self.clip, self.options = vlc, clip, (*LIGHT_OPTIONS, ":input-repeat=65535")
        self.instance = vlc.Instance(VideoSettings().instance_args())
        self.players: list[Any] = []

    def play(self, win_ids: list[int]) -> None:
        for win_id in win_ids:
            player = self.instance.media_player_new()
            embed(player, win_id)
            player.set_media(self.instance.media_new(str(self.clip), *self.options))
            player.play()
            self.players.append(player)

    def displayed(self) -> list[int]:
        out = []
        for player in self.players:
            stats = self.vlc.MediaStats()
            media = player.get_media()
            out.append(int(stats.displayed_pictures) if media and media.get_stats(stats) else 0)
        return out

    def stop(self) -> None:
        """Stop every player (libVLC's stop joins its threads: in parallel, off this loop)."""

        def stop(player: Any) -> None:
            player.stop()
            player.release()

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(stop, self.players))
        self.players.clear()


def _count(players: _Players, seconds: float) -> list[float]:
    """Each tile's pictures shown per second, over `seconds` from now."""
    t0, f0 = time.perf_counter(), players.displayed()
    _pump(seconds)
    t1, f1 = time.perf_counter(), players.displayed()
    return [(b - a) / (t1 - t0) for a, b in zip(f0, f1, strict=True)]


def _holds(fps: list[float]) -> bool:
    return min(fps) >= HOLDS * CLIP_FPS


def judged(count: Callable[[], list[float]]) -> tuple[list[float], int]:
    """A wall's per-tile rates, counted again (up to COUNTS times) while a tile falls short;
    and how many counts that took."""
    fps, counts = count(), 1
    while not _holds(fps) and counts < COUNTS:
        fps, counts = count(), counts + 1
    return fps, counts


def _pump(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def measure(
    screen: ProbeScreen, start: int, max_tiles: int = MAX_TILES, count_s: float = COUNT_S
) -> dict[str, Any]:
    """Play walls of growing size; the largest that held every tile at ≥ 95 % of 25 fps."""
    from ioc_desktop.video.libvlc import load_vlc

    vlc = load_vlc()
    with tempfile.TemporaryDirectory(prefix="ioc-display-probe-") as tmp:
        players = _Players(vlc, write_clip(Path(tmp) / "camera-360p.ts"))
        steps: list[dict[str, Any]] = []
        held, failed = 0, None
        n: int | None = max(1, min(max_tiles, start))
        try:
            while n is not None and len(steps) < MAX_STEPS:
                players.play(screen.show_tiles(n))
                _pump(WARMUP_S)
                fps, counts = judged(lambda: _count(players, count_s))
                holds = _holds(fps)
                steps.append(
                    {
                        "tiles": n,
                        "tile_px": list(screen.tile_size()),
                        "min_fps": round(min(fps), 1),
                        "median_fps": round(statistics.median(fps), 1),
                        "holds": holds,
                        "counts": counts,
                    }
                )
                players.stop()
                screen.clear()
                if holds:
                    held = max(held, n)
                else:
                    failed = n if failed is None else min(failed, n)
                n = next_count(n, held, failed, max_tiles)
        finally:
            players.stop()
            screen.close()
            players.instance.release()
    return {
        "profile": f"h264:{CLIP_SIZE[1]}:light",
        "clip_fps": CLIP_FPS,
        "held": held,
        "failed": failed,
        "steps": steps,
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="ioc-desktop measure-display",
        description="Measure how many light 360p camera tiles this PC decodes and shows at"
        " full frame rate; prints one JSON object.",
    )
    ap.add_argument("--start", type=int, default=16, help="the first wall's tile count")
    ap.add_argument("--max-tiles", type=int, default=MAX_TILES)
    ap.add_argument("--seconds", type=float, default=COUNT_S, help="frames counted per wall")
    ap.add_argument("--lang", default="vi")
    return ap.parse_args(argv)
