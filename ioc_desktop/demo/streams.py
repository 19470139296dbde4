"""Live demo streams: each cached clip served as an endless HTTP MPEG-TS stream on loopback,
the way a camera or a VMS media server serves live video.

Why not libVLC's stream output (the first version): a client joining its HTTP stream waited
for the muxer, and that wait grew with the server's uptime (0.6–1.2 s fresh, 2–3 s after a
minute, measured with bench/bare_grid.py), so every layout switch on the demo paid it. This
server does what VMS media servers do for an instant start: a new client gets the stream's
PAT/PMT and then the picture from the last keyframe (a GOP cache; the clips have one a
second), sent at once, and from there the packets at their own pace (their PCR). Every client
of a stream sees the same live moment. The clip loops, and its timestamps (PCR, PTS, DTS) move
on by a whole clip at each loop, so the stream's clock runs forward as a camera's does: with
libVLC's stream output they jumped back every 12 s, and a client joining near the loop's end
waited ~2 s instead of ~0.7 (measured with bench/bare_grid.py).

Runs as a child process (`python -m ioc_desktop.demo.streams`): the demo can kill it as a
crashed camera server dies. The child exits when its stdin closes, i.e. when the parent goes.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TS = 188
CHUNK_S = 0.01  # packets due within this window go out in one write


@dataclass
class Clip:
    """A clip's packets with the second each one is due, its keyframes and PAT/PMT, and where
    its timestamps are (PCRs, PES PTS/DTS), to move them on at each loop."""

    packets: list[bytes]
    due_s: list[float]
    keyframes: list[int]
    header: bytes
    duration_ticks: int  # 90 kHz: from the first frame to the frame after the last
    stamps: dict[int, tuple[int, ...]]  # packet → byte offsets of its PCR / PTS / DTS fields

    @property
    def duration_s(self) -> float:
        return self.duration_ticks / 90000.0

    def packet(self, i: int, loop: int) -> bytes:
        """Packet i as sent in the loop-th repetition: timestamps moved on by whole loops, so
        the stream's clock never jumps back (as a camera's does not)."""
        offsets = self.stamps.get(i)
        if not offsets or loop == 0:
            return self.packets[i]
        shift = loop * self.duration_ticks
        buf = bytearray(self.packets[i])
        for at in offsets:
            if at < 0:
                _write_pcr(buf, -at, shift)
            else:
                _write_pts(buf, at, shift)
        return bytes(buf)


WRAP = 1 << 33  # PCR base, PTS and DTS are 33-bit counters


def _read_pts(b: bytes | bytearray, at: int) -> int:
    return (
        ((b[at] >> 1) & 0x07) << 30
        | b[at + 1] << 22
        | (b[at + 2] >> 1) << 15
        | b[at + 3] << 7
        | b[at + 4] >> 1
    )


def _write_pts(buf: bytearray, at: int, shift: int) -> None:
    v = (_read_pts(buf, at) + shift) % WRAP
    buf[at] = (buf[at] & 0xF0) | ((v >> 30) & 0x07) << 1 | 1
    buf[at + 1] = (v >> 22) & 0xFF
    buf[at + 2] = ((v >> 15) & 0x7F) << 1 | 1
    buf[at + 3] = (v >> 7) & 0xFF
    buf[at + 4] = (v & 0x7F) << 1 | 1


def _read_pcr(b: bytes | bytearray, at: int) -> int:
    """The 33-bit PCR base (90 kHz) at `at`."""
    return (b[at] << 25) | (b[at + 1] << 17) | (b[at + 2] << 9) | (b[at + 3] << 1) | b[at + 4] >> 7


def _write_pcr(buf: bytearray, at: int, shift: int) -> None:
    v = (_read_pcr(buf, at) + shift) % WRAP
    buf[at] = (v >> 25) & 0xFF
    buf[at + 1] = (v >> 17) & 0xFF
    buf[at + 2] = (v >> 9) & 0xFF
    buf[at + 3] = (v >> 1) & 0xFF
    buf[at + 4] = ((v & 1) << 7) | (buf[at + 4] & 0x7F)


def _stamp_offsets(p: bytes) -> tuple[tuple[int, ...], int | None]:
    """Offsets of this packet's timestamp fields (a PCR as a negative offset), and the video
    PTS it starts, if any."""
    offsets: list[int] = []
    start = 4
    if (p[3] >> 4) & 2:  # adaptation field
        length = p[4]
        if length > 0 and p[5] & 0x10:
            offsets.append(-6)
        start = 5 + length
    video_pts = None
    if p[1] & 0x40 and (p[3] >> 4) & 1 and p[start : start + 3] == b"\x00\x00\x01":
        stream_id = p[start + 3]
        flags = p[start + 7] >> 6 if start + 8 < TS else 0
        if flags & 2:
            offsets.append(start + 9)
            if 0xE0 <= stream_id <= 0xEF:
                video_pts = _read_pts(p, start + 9)
        if flags == 3:
            offsets.append(start + 14)
    return tuple(offsets), video_pts


def _random_access(packet: bytes) -> bool:
    return bool((packet[3] >> 4) & 2 and packet[4] > 0 and packet[5] & 0x40)


def load_clip(path: Path) -> Clip:
    data = path.read_bytes()
    count = len(data) // TS
    packets = [data[i * TS : (i + 1) * TS] for i in range(count)]
    if not packets or any(p[0] != 0x47 for p in packets):
        raise ValueError(f"{path.name}: not an MPEG-TS file")
    stamps: dict[int, tuple[int, ...]] = {}
    frames: list[int] = []  # video PTS, for the clip's exact length
    for i, p in enumerate(packets):
        offsets, pts = _stamp_offsets(p)
        if offsets:
            stamps[i] = offsets
        if pts is not None:
            frames.append(pts)
    pcrs = [(i, _read_pcr(packets[i], 6) / 90000.0) for i, o in stamps.items() if -6 in o]
    if len(pcrs) < 2:
        raise ValueError(f"{path.name}: too few PCRs to pace it")
    first = pcrs[0][1]
    pcrs = [(i, t - first) for i, t in pcrs]
    step = (pcrs[-1][1] - pcrs[0][1]) / (len(pcrs) - 1)
    due = [0.0] * count
    for (i0, t0), (i1, t1) in itertools.pairwise(pcrs):
        for i in range(i0, i1):
            due[i] = t0 + (t1 - t0) * (i - i0) / (i1 - i0)
    last_i, last_t = pcrs[-1]
    tail = max(1, count - last_i)
    for i in range(last_i, count):
        due[i] = last_t + step * (i - last_i) / tail
    pid = lambda p: ((p[1] & 0x1F) << 8) | p[2]  # noqa: E731
    pat = next(p for p in packets if pid(p) == 0)
    pmt_pid = ((pat[15] & 0x1F) << 8) | pat[16]  # the first programme's PMT
    pmt = next(p for p in packets if pid(p) == pmt_pid)
    keyframes = [i for i, p in enumerate(packets) if _random_access(p)] or [0]
    if len(frames) >= 2:
        frames.sort()
        period = statistics.median(b - a for a, b in itertools.pairwise(frames))
        ticks = int(frames[-1] - frames[0] + period)
    else:
        ticks = int((last_t + step) * 90000)
    return Clip(packets, due, keyframes, pat + pmt, ticks, stamps)


def start_ts(handler: BaseHTTPRequestHandler) -> None:
    """A live MPEG-TS answer's head: what follows is the stream, never cached."""
    handler.send_response(200)
    handler.send_header("Content-Type", "video/MP2T")
    handler.send_header("Cache-Control", "no-cache")
    handler.end_headers()


class _Handler(BaseHTTPRequestHandler):
    server: StreamServer
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        # "relay/<name>": the same stream, as a camera's alternate source (the contract's
        # alternate_url; the recovery ladder's third rung)
        clip = self.server.clips.get(self.path.strip("/").removeprefix("relay/"))
        if clip is None:
            self.send_error(404, "no such stream")
            return
        start_ts(self)
        try:
            self._stream(clip)
        except (BrokenPipeError, ConnectionResetError, OSError):
            return  # the client went away

    def _stream(self, clip: Clip) -> None:
        started = self.server.started
        now = time.monotonic()
        loops, pos = divmod(now - started, clip.duration_s)
        loop = int(loops)  # the stream's own loop count: every client sees the same clock
        # from the last keyframe before the live moment: a GOP sent at once, then live pace
        live = bisect.bisect_right(clip.due_s, pos) - 1
        k = clip.keyframes[max(0, bisect.bisect_right(clip.keyframes, max(0, live)) - 1)]
        base = started + loops * clip.duration_s  # wall-clock time of this loop's clip start
        self.wfile.write(clip.header)
        i, n = k, len(clip.packets)
        while not self.server.stopping.is_set():
            now = time.monotonic()
            horizon = now + CHUNK_S
            chunk = []
            while base + clip.due_s[i] <= horizon:
                chunk.append(clip.packet(i, loop))
                i += 1
                if i == n:  # the clip loops; its timestamps carry on
                    i, base, loop = 0, base + clip.duration_s, loop + 1
                if len(chunk) >= 512:
                    break
            if chunk:
                self.wfile.write(b"".join(chunk))
                continue
            time.sleep(max(0.001, base + clip.due_s[i] - time.monotonic()))

    def log_message(self, format: str, *args: object) -> None:
        pass


class LoopbackServer(ThreadingHTTPServer):
    """A stream server on 127.0.0.1 only, for a wall's worth of players at once."""

    daemon_threads = True
    allow_reuse_address = True
    # a wall opens 16-36 streams at once: with socketserver's backlog of 5 the kernel drops
    # the connections beyond it and the players retry a second later (TCP's SYN timeout)
    request_queue_size = 128

    def __init__(self, port: int, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", port), handler)  # loopback only


class StreamServer(LoopbackServer):
    def __init__(self, port: int, clips: dict[str, Clip]) -> None:
        super().__init__(port, _Handler)
        self.clips = clips
        self.started = time.monotonic()
        self.stopping = threading.Event()


def serve(port: int, paths: dict[str, Path]) -> None:
    clips = {name: load_clip(path) for name, path in paths.items()}
    server = StreamServer(port, clips)
    threading.Thread(target=server.serve_forever, name="streams", daemon=True).start()
    print(json.dumps({"ready": True, "port": port, "streams": sorted(clips)}), flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    server.stopping.set()
    server.shutdown()
    server.server_close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("clip", nargs="+", help="NAME=PATH")
    args = ap.parse_args(argv)
    clips = {c.split("=", 1)[0]: Path(c.split("=", 1)[1]) for c in args.clip}
    serve(args.port, clips)


if __name__ == "__main__":
    main()
