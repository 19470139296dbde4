"""Benchmark: RTSP cameras where libVLC has no RTSP client, two ways, against the same streams
over HTTP MPEG-TS played directly by libVLC (the baseline), in one run:

- relay: the app's engine, libVLC fed by the remuxing relay (video/relay.py);
- mpv: libmpv (Debian's libmpv2, python-mpv), low-latency profile, RTSP over TCP, restarted
  0.5 s after its stream ends (the second engine the seam could hold);
- hls: the same camera as live HLS (1 s segments, FFmpeg's HLS muxer) played by libVLC.

Measured per way: CPU per stream (8 × 640x360 H.264 25 fps sub streams with sensor grain, the
player process's CPU seconds a second over 12 s after warm-up, divided by 8; the RTSP server's
own CPU is the camera's and is given apart), first picture (from open, median of the 8),
glass-to-glass delay (GStreamer's test picture flipped black/white; the time from the flip to
the tile's centre pixel changing on the X screen, median of the flips), and recovery (the
camera server killed 3 s, then back: from its restart to the tile's pictures moving again).

    .venv/bin/python bench/rtsp_bridge.py [--modes http,relay,mpv,hls] [--flips 8] [--rounds 1]

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchEnv, cpu_of, last_json
from ioc_desktop.demo.hls import HlsStream
from ioc_desktop.demo.rtsp import RtspServer, free_port
from ioc_desktop.demo.runner import DemoBackend

PLAYER = Path(__file__).with_name("stream_player.py")
GRAIN = 6  # sensor noise, as bench/wall_capacity.py: a camera's bitrate, not a cartoon's
LOAD_TILES = 8


class TcpToHttp:
    """The flip source's MPEG-TS (GStreamer's tcpserversink) served as HTTP-TS, so the
    baseline plays the very stream the RTSP server sends, as libVLC plays the demo's."""

    def __init__(self, tcp_port: int) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                with socket.create_connection(("127.0.0.1", tcp_port), timeout=10) as up:
                    self.send_response(200)
                    self.send_header("Content-Type", "video/MP2T")
                    self.end_headers()
                    try:
                        while data := up.recv(65536):
                            self.wfile.write(data)
                    except OSError:
                        return

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/flip.ts"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def player(bench: BenchEnv, engine: str, seconds: float, urls: list[str], *flags: str) -> Any:
    log = bench.last_stderr.with_name(f"player-{engine}.log")  # for when a number is odd
    return subprocess.Popen(
        [sys.executable, str(PLAYER), engine, str(seconds), *urls, *flags],
        env=bench.env,
        stdout=subprocess.PIPE,
        stderr=log.open("a"),
        text=True,
    )


def finish(proc: Any) -> dict[str, Any]:
    out, _ = proc.communicate(timeout=120)
    return last_json(out)


def engine_of(mode: str) -> str:
    return "mpv" if mode == "mpv" else "vlc"


def delays(flips: list[tuple[float, str]], seen: list[list[Any]]) -> list[float]:
    """For each flip, the first time after it that the tile turned that colour."""
    out = []
    for at, colour in flips:
        hit = next((t for t, c in seen if c == colour and t > at), None)
        if hit is not None:
            out.append(round(hit - at, 3))
    return out


def measure_delay(bench: BenchEnv, mode: str, url: str, flips_n: int, source: RtspServer) -> Any:
    interval = 6.0 if mode == "hls" else 1.5  # longer than the way's delay: flips not mixed
    warm = 9.0 if mode == "hls" else 5.0
    proc = player(bench, engine_of(mode), warm + flips_n * interval + 3, [url], "--watch")
    time.sleep(warm)
    flips = []
    for k in range(flips_n):
        colour = "white" if k % 2 == 0 else "black"
        flips.append((source.flip("flip", colour), colour))
        time.sleep(interval)
    r = finish(proc)
    d = delays(flips, r["colour_at"])
    return {
        "first_picture_s": r["first_picture_s"][0],
        "delay_s": d,
        "delay_median_s": statistics.median(d) if d else None,
        "flips_seen": f"{len(d)}/{flips_n}",
    }


def measure_load(
    bench: BenchEnv, mode: str, urls: list[str], server_pid: int | None
) -> dict[str, Any]:
    before = cpu_of(server_pid) if server_pid else 0.0
    t0 = time.monotonic()
    r = finish(player(bench, engine_of(mode), 16, urls))
    span = time.monotonic() - t0
    firsts = [f for f in r["first_picture_s"] if f is not None]
    out = {
        "cpu_s_per_s_per_stream": round(r["cpu_s_per_s"] / len(urls), 4),
        "fps": r["fps"],
        "first_picture_median_s": round(statistics.median(firsts), 2) if firsts else None,
        "first_picture_max_s": max(firsts) if firsts else None,
        "never_live": len(urls) - len(firsts),
    }
    if server_pid:  # the RTSP server plays the cameras: not the wall's CPU
        out["rtsp_server_cpu_s_per_s_per_stream"] = round(
            (cpu_of(server_pid) - before) / span / len(urls), 4
        )
    return out


def measure_recovery(bench: BenchEnv, mode: str, url: str, kill: Any, revive: Any) -> Any:
    proc = player(bench, engine_of(mode), 24, [url], "--progress")
    time.sleep(8)
    kill()
    time.sleep(3)
    back = time.time()
    revive()
    r = finish(proc)
    after = [t for t in r["resumed_at"] if t > back - 0.5]
    return {"recovered_after_restart_s": round(after[0] - back, 2) if after else None}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--modes", default="http,relay,mpv,hls")
    ap.add_argument("--flips", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--skip", default="", help="phases to skip: delay,load,recovery")
    args = ap.parse_args()
    modes, skip = args.modes.split(","), set(args.skip.split(","))
    bench = BenchEnv()
    print("starting the demo streams (first run: encoding clips)", file=sys.stderr, flush=True)
    demo = DemoBackend(bench.cache, grain=GRAIN).start(wait_for_streams=True)
    cams = [f"cam{i:02d}-sub" for i in range(1, LOAD_TILES + 1)]
    http = f"http://127.0.0.1:{demo.stream_port}"
    cameras = RtspServer({c: f"{http}/{c}" for c in cams}).start()
    tcp = free_port()
    flip = RtspServer({"flip": f"test:h264:640x360@25:tcp={tcp}:black"}).start()
    proxy = TcpToHttp(tcp)
    # the HLS stream reads the flip camera only during its own phase: GStreamer's shared
    # session starved one TCP client while another joined it (seen here: the HLS muxer got
    # no packet while a second client read), which would measure the server, not the way
    hls: HlsStream | None = None
    results: dict[str, Any] = {m: {"rounds": []} for m in modes}
    try:
        for _ in range(args.rounds):
            for mode in modes:
                step: dict[str, Any] = {}
                print(f"{mode} …", file=sys.stderr, flush=True)
                if mode == "hls":
                    hls = HlsStream(flip.url("flip")).start()
                    if "delay" not in skip:
                        step["delay"] = measure_delay(bench, mode, hls.url, args.flips, flip)
                    hls.stop()
                    hls = None
                    results[mode]["rounds"].append(step)
                    print(json.dumps(step), file=sys.stderr, flush=True)
                    continue
                if "delay" not in skip:
                    url = proxy.url if mode == "http" else flip.url("flip")
                    step["delay"] = measure_delay(bench, mode, url, args.flips, flip)
                rtsp = mode != "http"
                if "load" not in skip:
                    urls = [cameras.url(c) if rtsp else f"{http}/{c}" for c in cams]
                    pid = cameras.proc.pid if rtsp and cameras.proc else None
                    step["load"] = measure_load(bench, mode, urls, pid)
                if "recovery" not in skip:
                    if rtsp:
                        step["recovery"] = measure_recovery(
                            bench, mode, cameras.url(cams[0]), cameras.stop, cameras.start
                        )
                    else:
                        step["recovery"] = measure_recovery(
                            bench, mode, f"{http}/{cams[0]}", demo.stop_streams, demo.start_streams
                        )
                results[mode]["rounds"].append(step)
                print(json.dumps(step), file=sys.stderr, flush=True)
    finally:
        if hls:
            hls.stop()
        proxy.close()
        flip.stop()
        cameras.stop()
        demo.stop()
        bench.close()
    print(json.dumps({"benchmark": "rtsp_bridge", **summarise(results)}, ensure_ascii=False))
    return 0


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    """Each way's medians over the rounds, beside the rounds themselves."""
    out: dict[str, Any] = {}
    for mode, r in results.items():
        rounds = r["rounds"]

        def med(path: tuple[str, str], rounds: list[Any] = rounds) -> float | None:
            vals = [x[path[0]][path[1]] for x in rounds if x.get(path[0], {}).get(path[1])]
            return round(statistics.median(vals), 4) if vals else None

        out[mode] = {
            "cpu_s_per_s_per_stream": med(("load", "cpu_s_per_s_per_stream")),
            "rtsp_server_cpu_s_per_s_per_stream": med(
                ("load", "rtsp_server_cpu_s_per_s_per_stream")
            ),
            "first_picture_median_s": med(("load", "first_picture_median_s")),
            "first_picture_flip_source_s": med(("delay", "first_picture_s")),
            "glass_to_glass_s": med(("delay", "delay_median_s")),
            "recovered_after_restart_s": med(("recovery", "recovered_after_restart_s")),
            "rounds": rounds,
        }
    return out


if __name__ == "__main__":
    raise SystemExit(main())
