"""The demo's video recorder: a rolling recording of every camera it serves, for instant replay.

Each camera's sub stream is read from the demo stream server as a VMS recorder reads a camera
(one HTTP connection, reconnecting when the server goes) and cut at every keyframe into
one-second segments on disk, each a playable MPEG-TS piece (PAT/PMT first). A segment is
stamped with the wall-clock time its keyframe arrived: the server sends a stream's packets at
their own pace, so that is the picture's time on the stream's clock (the first GOP after a
connect comes at once and is not kept). Segments older than `keep_s`, or beyond the disk
budget, are deleted, oldest first.

Playback: `GET http://127.0.0.1:<port>/<stream>?from=<epoch ms>&to=<epoch ms>` answers the
segments from the last keyframe at or before `from` up to `to`, one MPEG-TS file with a
Content-Length and byte ranges (a player can pause, step, change speed and seek in it).
"""

from __future__ import annotations

import bisect
import logging
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from urllib.request import urlopen

log = logging.getLogger(__name__)
TS = 188
KEEP_S = 600.0  # ten minutes
# the light demo's sub streams run ~0.43 Mbit/s: 8 cameras x 10 min is ~260 MB
BUDGET_BYTES = 400 * 1024 * 1024
MAX_CLIP_S = 300.0  # one playback answer at most


def _pid(p: bytes) -> int:
    return ((p[1] & 0x1F) << 8) | p[2]


def random_access(p: bytes) -> bool:
    """A packet that starts a keyframe (its adaptation field's random access indicator)."""
    return bool((p[3] & 0x20) and p[4] > 0 and (p[5] & 0x40))


@dataclass
class Segment:
    start: float  # wall-clock s of its keyframe
    path: Path
    size: int


@dataclass
class Track:
    """One stream's segments on disk, oldest first."""

    name: str
    url: str
    folder: Path
    segments: list[Segment] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    connected: bool = False

    def span(self) -> tuple[float, float] | None:
        with self.lock:
            if not self.segments:
                return None
            return self.segments[0].start, self.segments[-1].start + 1.0

    def pick(self, start: float, end: float) -> list[Segment]:
        """The segments from the last keyframe at or before `start` to `end`."""
        with self.lock:
            starts = [s.start for s in self.segments]
            i = max(0, bisect.bisect_right(starts, start) - 1)
            return [s for s in self.segments[i:] if s.start < end]


class Recorder:
    def __init__(
        self,
        streams: dict[str, str],
        folder: Path | None = None,
        keep_s: float = KEEP_S,
        budget_bytes: int = BUDGET_BYTES,
        port: int = 0,
    ) -> None:
        self._own_folder = folder is None
        self.folder = folder or Path(tempfile.mkdtemp(prefix="ioc-demo-recorder-"))
        self.keep_s = keep_s
        self.budget_bytes = budget_bytes
        self.tracks = {name: Track(name, url, self.folder / name) for name, url in streams.items()}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.running = False
        self.http = _PlaybackServer(port, self)
        self.port = self.http.server_address[1]

    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Recorder:
        for track in self.tracks.values():
            track.folder.mkdir(parents=True, exist_ok=True)
            t = threading.Thread(target=self._record, args=(track,), daemon=True)
            t.name = f"record-{track.name}"
            t.start()
            self._threads.append(t)
        threading.Thread(target=self.http.serve_forever, name="recorder-http", daemon=True).start()
        self.running = True
        return self

    def stop(self) -> None:
        """The recorder goes away: nothing more recorded, playback refused (connections
        closed), the recording deleted when the folder was its own."""
        self._stop.set()
        if self.running:
            self.http.shutdown()
        self.running = False
        self.http.server_close()
        for t in self._threads:
            t.join(timeout=3)
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def bytes_kept(self) -> int:
        return sum(s.size for t in self.tracks.values() for s in t.segments)

    # -- recording ---------------------------------------------------------------------
    def _record(self, track: Track) -> None:
        while not self._stop.is_set():
            try:
                with urlopen(track.url, timeout=5) as resp:  # the demo stream, on loopback
                    track.connected = True
                    self._read(track, resp)
            except OSError:
                pass
            track.connected = False
            self._stop.wait(1.0)  # the stream server is away: try again in a second

    def _read(self, track: Track, resp: object) -> None:
        header: dict[int, bytes] = {}  # PAT (pid 0) and the PMT
        pmt_pid: int | None = None
        current: tuple[float, Path, object] | None = None
        keyframes_seen = 0
        buf = b""
        read = resp.read  # type: ignore[attr-defined]
        while not self._stop.is_set():
            chunk = read(TS * 64)
            if not chunk:
                return
            buf += chunk
            n = len(buf) // TS
            for k in range(n):
                p = buf[k * TS : (k + 1) * TS]
                if p[0] != 0x47:
                    return  # lost sync: reconnect
                pid = _pid(p)
                if pid == 0 and 0 not in header:
                    header[0] = p
                    pmt_pid = ((p[15] & 0x1F) << 8) | p[16]
                elif pid == pmt_pid and pmt_pid not in header:
                    header[pid] = p
                if random_access(p):
                    keyframes_seen += 1
                    if current is not None:
                        self._close(track, current)
                        current = None
                    # the GOP sent at once on connecting is old: keep from the next keyframe
                    if keyframes_seen >= 2 and len(header) == 2:
                        now = time.time()
                        path = track.folder / f"{int(now * 1000)}.ts"
                        f = path.open("wb")
                        f.write(b"".join(header.values()))
                        current = (now, path, f)
                if current is not None:
                    current[2].write(p)  # type: ignore[attr-defined]
            buf = buf[n * TS :]
        if current is not None:
            self._close(track, current)

    def _close(self, track: Track, current: tuple[float, Path, object]) -> None:
        start, path, f = current
        f.close()  # type: ignore[attr-defined]
        seg = Segment(start, path, path.stat().st_size)
        with track.lock:
            track.segments.append(seg)
        self._trim()

    def _trim(self) -> None:
        """Older than keep_s, then over the budget: the oldest segments go first."""
        cutoff = time.time() - self.keep_s
        total = self.bytes_kept()
        while True:
            oldest: Track | None = None
            for t in self.tracks.values():
                if t.segments and (
                    oldest is None or t.segments[0].start < oldest.segments[0].start
                ):
                    oldest = t
            if oldest is None:
                return
            seg = oldest.segments[0]
            if seg.start >= cutoff and total <= self.budget_bytes:
                return
            with oldest.lock:
                oldest.segments.pop(0)
            total -= seg.size
            seg.path.unlink(missing_ok=True)

    # -- playback ----------------------------------------------------------------------
    def clip(self, name: str, start: float, end: float) -> tuple[list[Segment], float] | None:
        """The segments covering [start, end] and the time of the first one's keyframe."""
        track = self.tracks.get(name)
        if track is None:
            return None
        end = min(end, start + MAX_CLIP_S)
        segments = track.pick(start, end)
        return (segments, segments[0].start) if segments else None


class _Handler(BaseHTTPRequestHandler):
    server: _PlaybackServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        try:
            start, end = float(q["from"]) / 1000, float(q["to"]) / 1000
        except (KeyError, ValueError):
            self.send_error(400, "from and to: epoch milliseconds")
            return
        found = self.server.recorder.clip(url.path.strip("/"), start, end)
        if not found:
            self.send_error(404, "nothing recorded then")
            return
        segments = found[0]
        total = sum(s.size for s in segments)
        first, last = 0, total - 1
        ranged = self.headers.get("Range", "")
        if ranged.startswith("bytes="):
            lo, _, hi = ranged[6:].partition("-")
            first = int(lo or 0)
            last = min(total - 1, int(hi)) if hi else total - 1
            if first > last:
                self.send_error(416)
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {first}-{last}/{total}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "video/MP2T")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(last - first + 1))
        self.end_headers()
        try:
            self._send(segments, first, last)
        except (BrokenPipeError, ConnectionResetError, OSError):
            return

    def _send(self, segments: list[Segment], first: int, last: int) -> None:
        at = 0
        for seg in segments:
            lo, hi = max(first, at), min(last, at + seg.size - 1)
            if lo <= hi:
                with seg.path.open("rb") as f:
                    f.seek(lo - at)
                    self.wfile.write(f.read(hi - lo + 1))
            at += seg.size


class _PlaybackServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, recorder: Recorder) -> None:
        super().__init__(("127.0.0.1", port), _Handler)  # loopback only
        self.recorder = recorder
