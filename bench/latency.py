"""Benchmark: glass-to-glass delay per tile, read off the X screen, for the app's player options
against libVLC's own defaults (and candidates), all in the same run, on the same live stream.

The stream: the demo's time-coded camera (ioc_desktop/demo/timecode.py, a child process):
640×360 25 fps, libx264 zerolatency, a keyframe a second, each frame carrying its number and
the time it was made as black/white blocks (ioc_desktop/video/timecode.py); the server notes
when each frame was made and when it was handed to the sockets. Each mode is one player
process (bench/stream_player.py) of N tiles of 480×270 in its own quarter of a 1920×1080 Xvfb;
this process grabs the blocks' rows off the screen (mss, XGetImage) about every 10 ms, reads
each tile's frame number and notes when each frame first showed. A tile's delay for a frame
is that moment minus when the frame was made (glass to glass) or was sent (the wire onwards);
the first seconds (WARMUP_S) are left out. The sampling adds 0 to one grab interval (given as
`grab_interval_ms`) to every number alike.

Modes: `app` (the app's engine with its defaults), `libvlc` (a bare libVLC with its defaults:
1000 ms network caching), `app_<ms>` (the app with another `network_caching_ms`), `app_gop`
(the app's defaults joining from the server's GOP cache, as the demo cameras serve, instead
of at the next keyframe as a camera's live edge), `app_cj<ms>` (the app with libVLC's
`--clock-jitter` at that: how much delay libVLC may add for late data before it rebuffers
instead, 5000 ms by default). Beside the screen's numbers, each `app*`
mode gives the delay its engine read off its own stills (VideoEngine: TileStats.delay_s).

    .venv/bin/python bench/latency.py [--seconds 90] [--minutes M] [--tiles 4]
        [--modes app,libvlc,app_100,app_gop]

`--minutes 10`: a run that long, with the delay per minute (the drift). `--stall-at 40
--stall-s 2`: 40 s in, the server holds its frames back 2 s and then sends them at once (a
network that stalls); each tile's delay before and after (from 5 s after the stall). Prints
one JSON object.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import mss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchEnv, last_json
from ioc_desktop.video import timecode

PLAYER = Path(__file__).with_name("stream_player.py")
TILE_W, TILE_H = 480, 270  # stream_player's tiles
BAND_H = int(TILE_H * timecode.ROW_FRAC * timecode.ROWS) + 1  # the rows of blocks
WARMUP_S = 8.0
STALL_SETTLE_S = 5.0  # after a stall, frames this much later count as "after"
TAIL_S = 4.0  # frames made this close to the end may not have reached the screen yet
GRAB_EVERY_S = 0.01
QUARTERS = ((0, 0), (960, 0), (0, 540), (960, 540))


def player_args(mode: str, url: str) -> tuple[str, list[str], str]:
    """(stream_player engine, its flags, the URL) of a mode."""
    if mode == "libvlc":
        return "bare", [], url
    if mode == "app":
        return "vlc", [], url
    if mode == "app_gop":
        return "vlc", [], url + "?start=gop"
    if mode.startswith("app_") and mode[4:].isdigit():
        return "vlc", ["--caching", mode[4:]], url
    if mode.startswith("app_cj") and mode[6:].isdigit():
        return "vlc", ["--clock-jitter", mode[6:]], url
    raise SystemExit(f"unknown mode {mode!r}")


def tile_origins(mode_no: int, tiles: int) -> list[tuple[int, int]]:
    """Top-left corners of a mode's tiles (stream_player's grid in the mode's quarter)."""
    x0, y0 = QUARTERS[mode_no]
    cols = math.ceil(math.sqrt(tiles))
    return [(x0 + (i % cols) * TILE_W, y0 + (i // cols) * TILE_H) for i in range(tiles)]


def watch(display: str, tiles: dict[str, tuple[int, int]], until: float) -> dict[str, Any]:
    """Grab the tiles' code rows until `until` (epoch s): per tile, when each frame number
    first showed; how many grabs read no code; the grab interval."""
    rows = sorted({y for _, y in tiles.values()})
    first: dict[str, dict[int, float]] = {k: {} for k in tiles}
    unread = dict.fromkeys(tiles, 0)
    grabs: list[float] = []
    with getattr(mss, "MSS", mss.mss)(display=display) as grab:
        while (start := time.time()) < until:
            for y in rows:
                t0 = time.time()
                shot = grab.grab({"left": 0, "top": y, "width": 1920, "height": BAND_H})
                t = (t0 + time.time()) / 2
                band = np.frombuffer(shot.raw, np.uint8).reshape(BAND_H, 1920, 4)
                for key, (x, ty) in tiles.items():
                    if ty != y:
                        continue
                    code = timecode.read(band[:, x : x + TILE_W], height=TILE_H)
                    if code is None:
                        unread[key] += 1
                    else:
                        first[key].setdefault(code.frame, t)
            grabs.append(start)
            time.sleep(max(0.0, start + GRAB_EVERY_S - time.time()))
    gaps = [b - a for a, b in itertools.pairwise(grabs)]
    return {
        "first_seen": first,
        "unread_grabs": unread,
        "grabs": len(grabs),
        "grab_interval_ms": round(statistics.median(gaps) * 1000, 1) if gaps else None,
    }


def pct(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return round(s[max(0, math.ceil(q * len(s)) - 1)], 3)


def tile_numbers(
    seen: dict[int, float],
    made: list[float],
    sent: list[float | None],
    window: tuple[float, float],
    minutes: bool,
    stall: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """One tile's delays for the frames made within `window` (epoch s: after warm-up, and
    early enough to have reached the screen before the watching ended): glass to glass (from
    made) and from the wire (from sent); the share of those frames the screen showed."""
    g2g, wire, per_min = [], [], {}
    around: dict[str, list[float]] = {"before_stall": [], "after_stall": []}
    frames = [n for n, m in enumerate(made) if window[0] <= m < window[1]]
    for n in frames:
        t = seen.get(n)
        if t is None:
            continue
        d = t - made[n]
        if not 0 < d < 30:  # a misread number: counted apart, never averaged in
            continue
        g2g.append(d)
        if (s := sent[n]) is not None:
            wire.append(t - s)
        per_min.setdefault(int((made[n] - window[0]) // 60), []).append(d)
        if stall is not None and made[n] < stall[0]:
            around["before_stall"].append(d)
        elif stall is not None and made[n] > stall[1] + STALL_SETTLE_S:
            around["after_stall"].append(d)
    out: dict[str, Any] = {
        "frames_seen": len(g2g),
        "seen_share": round(len(g2g) / len(frames), 3) if frames else None,
    }
    if g2g:
        out.update(
            median_s=round(statistics.median(g2g), 3),
            p95_s=pct(g2g, 0.95),
            min_s=round(min(g2g), 3),
            max_s=round(max(g2g), 3),
            from_wire_median_s=round(statistics.median(wire), 3) if wire else None,
        )
    if stall is not None:
        for k, v in around.items():
            out[f"{k}_median_s"] = round(statistics.median(v), 3) if v else None
    if minutes:
        out["per_minute_median_s"] = [
            round(statistics.median(v), 3) for _, v in sorted(per_min.items())
        ]
    return out


def start_source(bench: BenchEnv) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ioc_desktop.demo.timecode"],
        env=bench.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline() if proc.stdout else ""
    if not line or not json.loads(line).get("ready"):
        raise RuntimeError("the time-coded stream did not start")
    return proc, json.loads(line)["url"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=90.0)
    ap.add_argument("--minutes", type=float, default=0.0, help="a long run: delay per minute")
    ap.add_argument("--tiles", type=int, default=4)
    ap.add_argument(
        "--stall-at", type=float, default=0.0, help="s into the run: the network stalls"
    )
    ap.add_argument("--stall-s", type=float, default=2.0, help="for this long")
    ap.add_argument("--modes", default="app,libvlc,app_100,app_gop")
    args = ap.parse_args()
    modes = args.modes.split(",")
    if len(modes) > len(QUARTERS) or args.tiles > 4:
        raise SystemExit("at most 4 modes of at most 4 tiles (a quarter of 1920×1080 each)")
    seconds = args.minutes * 60 if args.minutes else args.seconds
    load_before = os.getloadavg()
    bench = BenchEnv(screen="1920x1080x24")
    source, url = start_source(bench)
    players: dict[str, subprocess.Popen[str]] = {}
    tiles: dict[str, tuple[int, int]] = {}
    try:
        t0 = time.time()
        for k, mode in enumerate(modes):
            engine, flags, play_url = player_args(mode, url)
            x, y = QUARTERS[k]
            log = bench.last_stderr.with_name(f"latency-{mode}.log")
            players[mode] = subprocess.Popen(
                [
                    *(sys.executable, str(PLAYER), engine, str(seconds + 2)),
                    *([play_url] * args.tiles),
                    *(*flags, "--origin", f"{x},{y}"),
                ],
                env=bench.env,
                stdout=subprocess.PIPE,
                stderr=log.open("a"),
                text=True,
            )
            for i, at in enumerate(tile_origins(k, args.tiles)):
                tiles[f"{mode}/{i}"] = at
        stall = None
        if args.stall_at:
            stall = (t0 + args.stall_at, t0 + args.stall_at + args.stall_s)
            hold = f"{url}/hold?s={args.stall_s}"
            threading.Timer(args.stall_at, lambda: urllib.request.urlopen(hold, timeout=5)).start()
        seen = watch(bench.env["DISPLAY"], tiles, t0 + seconds)
        results = {m: last_json(p.communicate(timeout=120)[0]) for m, p in players.items()}
        with urllib.request.urlopen(url + "/times", timeout=10) as resp:
            times = json.loads(resp.read())
    finally:
        for p in players.values():
            if p.poll() is None:
                p.kill()
        if source.stdin:
            source.stdin.close()
        source.wait(timeout=10)
        bench.close()
    load_after = os.getloadavg()
    # what was seen, kept before it is summed up: a long run is not lost to a bad sum
    raw = Path(tempfile.mkdtemp(prefix="ioc-latency-")) / "raw.json"
    raw.write_text(json.dumps({"t0": t0, "seen": seen, "times": times, "players": results}))
    out: dict[str, Any] = {
        "benchmark": "latency",
        "seconds": seconds,
        "tiles_per_mode": args.tiles,
        "warmup_s": WARMUP_S,
        "frames_from_s": [WARMUP_S, seconds - TAIL_S],
        "grab_interval_ms": seen["grab_interval_ms"],
        "load_average": {"before": load_before, "after": load_after},
        "cpus": os.cpu_count(),
        "stall": [args.stall_at, args.stall_s] if args.stall_at else None,
        "raw": str(raw),
        "modes": {},
    }
    for mode in modes:
        per_tile = [
            tile_numbers(
                seen["first_seen"][f"{mode}/{i}"],
                times["made"],
                times["sent"],
                (t0 + WARMUP_S, t0 + seconds - TAIL_S),
                bool(args.minutes),
                stall,
            )
            for i in range(args.tiles)
        ]
        medians = [t["median_s"] for t in per_tile if "median_s" in t]
        r = results[mode]
        entry: dict[str, Any] = {
            "median_of_tiles_s": round(statistics.median(medians), 3) if medians else None,
            "p95_worst_tile_s": max((t["p95_s"] for t in per_tile if "p95_s" in t), default=None),
            "tiles": per_tile,
            "unread_grabs": [seen["unread_grabs"][f"{mode}/{i}"] for i in range(args.tiles)],
            "fps": r.get("fps"),
            "engine_delay_s": r.get("engine_delay_s"),
        }
        if args.minutes:
            rows = [t.get("per_minute_median_s", []) for t in per_tile]
            entry["per_minute_median_s"] = [
                round(statistics.median(col), 3) for col in zip(*rows, strict=False)
            ]
        out["modes"][mode] = entry
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
