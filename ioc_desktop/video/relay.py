"""RTSP for a libVLC without it: a remuxing relay on loopback.

Debian's libVLC has no RTSP client (no live555), and IP cameras and NVRs speak RTSP. FFmpeg's
RTSP client (bundled in PyAV, already a dependency) reads the camera; the relay repackages its
H.264/H.265 packets as MPEG-TS, without decoding them, and serves that over HTTP on 127.0.0.1,
which libVLC plays as it plays any other HTTP-TS stream. One relay per camera stream (URL and
transport), shared by every tile that shows it: each viewer gets its own TS muxer, started
with the picture from the last keyframe (a GOP cache, so a new tile does not wait for the
camera's next keyframe) and from there every packet as it comes.

Why this and not a second player engine: see bench/rtsp_bridge.py and docs/MEASUREMENTS.md.

A relay connects when its first viewer arrives and lets the camera go when its last viewer has
been gone LINGER_S (a profile switch or a tour coming back finds it still connected). When the
camera refuses (a wrong password, a path it does not have), does not answer, or its stream
ends, the relay ends its viewers' streams at once, so the player ends and the engine's
watchdog reconnects with its back-off; `problem()` says why, in words the engine can tell the
operator. Credentials travel in the camera's URL to FFmpeg only: every message here is about
the relay's number, never its URL.

No Qt and no libVLC here: threads and sockets only.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)


class Problem(StrEnum):
    DENIED = "denied"  # 401/403: wrong or missing credentials
    NOT_FOUND = "not_found"  # 404: no such path on the camera
    NO_ANSWER = "no_answer"  # connected, but nothing came back in time
    UNREACHABLE = "unreachable"  # nothing listens there
    ENDED = "ended"  # the stream stopped (camera restarted, NVR dropped it)
    UNPLAYABLE = "unplayable"  # no video in it, or a codec TS cannot carry


@dataclass(frozen=True)
class RelaySettings:
    transport: str = "tcp"  # RTSP's lower transport: tcp (through firewalls, no loss) or udp
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 5.0  # no packet for this long: the camera froze, reconnect


def classify(exc: BaseException, waited_s: float = 0.0, timeout_s: float = 1e9) -> Problem:
    """Which problem an FFmpeg error is (never its text: it holds the URL and its password).
    A camera that accepts the connection and never answers fails after the timeout with
    whatever FFmpeg made of the silence (InvalidDataError here): the time tells it."""
    import av.error

    if isinstance(exc, av.error.HTTPUnauthorizedError | av.error.HTTPForbiddenError):
        return Problem.DENIED
    if isinstance(exc, av.error.HTTPNotFoundError):
        return Problem.NOT_FOUND
    if isinstance(exc, av.error.ConnectionRefusedError):
        return Problem.UNREACHABLE
    if isinstance(exc, av.error.ExitError | TimeoutError | av.error.TimeoutError):
        return Problem.NO_ANSWER
    if waited_s >= 0.9 * timeout_s:
        return Problem.NO_ANSWER
    return Problem.ENDED


class _Viewer:
    """One player's connection: its own TS muxer, bytes queued for its HTTP thread."""

    MAX_QUEUED = 8 * 1024 * 1024  # a viewer this far behind is dropped (it reconnects)

    def __init__(self) -> None:
        self.chunks: deque[bytes] = deque()
        self.queued = 0
        self.cond = threading.Condition()
        self.closed = False
        self.muxer: Any = None
        self.stream: Any = None

    def write(self, data: bytes) -> int:  # called by FFmpeg's muxer, on the relay's thread
        with self.cond:
            if not self.closed:
                self.chunks.append(bytes(data))
                self.queued += len(data)
                if self.queued > self.MAX_QUEUED:
                    self.closed = True
                self.cond.notify()
        return len(data)

    def start(self, template: Any) -> None:
        import av

        self.muxer = av.open(self, "w", format="mpegts", options={"flush_packets": "1"})
        self.stream = self.muxer.add_stream_from_template(template)

    def send(self, packet: Any) -> None:
        packet.stream = self.stream
        self.muxer.mux(packet)

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify()

    def finish(self) -> None:
        """On the relay's thread: the muxer's last bytes, then the end."""
        if self.muxer is not None:
            with contextlib.suppress(Exception):  # one that never wrote a header: nothing
                self.muxer.close()
            self.muxer = None
        self.close()

    def take(self, timeout: float) -> bytes | None:
        """The next bytes for the socket; b"" when nothing came in time; None at the end."""
        with self.cond:
            if not self.chunks and not self.closed:
                self.cond.wait(timeout)
            if self.chunks:
                data = b"".join(self.chunks)
                self.chunks.clear()
                self.queued = 0
                return data
            return None if self.closed else b""


class Relay:
    """One camera stream, read once, served to every viewer (see the module)."""

    GOP_MAX = 600  # packets kept from the last keyframe (a camera with a 20 s GOP at 30 fps)
    # A camera that failed while tiles hold its relay is tried again this often by the relay
    # itself, with no viewer: once it answers, problem() turns None and the engine restarts
    # its players at once instead of at their next back-off (up to 3 s later, bench/rtsp_bridge.py)
    PROBE_S = 1.0

    def __init__(self, number: int, source: str, settings: RelaySettings) -> None:
        self.number = number
        self.source = source
        self.settings = settings
        self.refs = 0  # tiles that hold this relay (engine side)
        self.problem: Problem | None = None
        self.connected = False
        self.packets = 0
        self._viewers: list[_Viewer] = []
        self._joining: list[_Viewer] = []
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._idle_since = time.monotonic()
        self._last_read = self._idle_since  # when the camera last sent (or was asked)
        self._thread = threading.Thread(target=self._run, name=f"relay-{number}", daemon=True)
        self._thread.start()

    def join(self) -> _Viewer:
        viewer = _Viewer()
        with self._lock:
            self._joining.append(viewer)
            self._wake.notify()
        return viewer

    def leave(self, viewer: _Viewer) -> None:
        viewer.close()
        with self._lock:
            if viewer in self._joining:
                self._joining.remove(viewer)

    def idle_for(self, now: float) -> float:
        with self._lock:
            busy = self.refs > 0 or self._viewers or self._joining
            if busy:
                self._idle_since = now
            return now - self._idle_since

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            self._wake.notify()

    # -- the relay's thread --------------------------------------------------------------
    def _wanted(self) -> bool:
        with self._lock:
            while not self._stop.is_set() and not (self._viewers or self._joining):
                if self._probe_due():
                    break
                self._wake.wait(0.25)
            return not self._stop.is_set()

    def _probe_due(self) -> bool:
        """Tiles hold this relay, its camera failed (not on credentials), time to try."""
        failed = self.problem is not None and self.problem != Problem.DENIED
        return self.refs > 0 and failed and time.monotonic() - self._last_read >= self.PROBE_S

    def _run(self) -> None:
        while self._wanted():
            self._last_read = time.monotonic()
            try:
                self._pump()
            except Exception as exc:  # every failure ends the viewers' streams
                waited = time.monotonic() - self._last_read
                timeout = max(self.settings.connect_timeout_s, self.settings.read_timeout_s)
                self.problem = classify(exc, waited, timeout)
                log.info("relay %d: %s", self.number, self.problem.value)
            self.connected = False
            self._end_viewers()
        self._end_viewers()

    def _open(self) -> Any:
        import av

        s = self.settings
        return av.open(
            self.source,
            options={
                "rtsp_transport": s.transport,
                "timeout": str(int(s.read_timeout_s * 1_000_000)),  # socket I/O, microseconds
                "fflags": "nobuffer",
                # the camera's SDP names the codec: probing its stream first cost 1.6-2.0 s
                # of every first picture (0.2 s without), and TS needs no more than the SDP
                "analyzeduration": "0",
                "probesize": "32",
            },
            timeout=(s.connect_timeout_s, s.read_timeout_s),
        )

    def _pump(self) -> None:
        container = self._open()
        try:
            videos = [
                s for s in container.streams.video if s.codec_context.name in ("h264", "hevc")
            ]
            if not videos:
                self.problem = Problem.UNPLAYABLE
                return
            video = videos[0]
            gop: list[Any] = []
            last_dts: int | None = None
            self.connected = True
            for packet in container.demux(video):
                if self._stop.is_set():
                    return
                if packet.dts is None and packet.pts is None:
                    continue  # the demuxer's flush at the end
                if packet.dts is not None:
                    if last_dts is not None and packet.dts <= last_dts:
                        continue  # a muxer refuses time going back: every viewer would end
                    last_dts = packet.dts
                if self.problem is not None:
                    self.problem = None  # live again
                self.packets += 1
                self._last_read = time.monotonic()
                if packet.is_keyframe:
                    gop = []
                if gop or packet.is_keyframe:
                    gop.append(packet)
                    del gop[: max(0, len(gop) - self.GOP_MAX)]
                self._admit(video, gop)
                for viewer in list(self._viewers):
                    self._send(viewer, packet)
                if not self._viewers and self._no_one_waiting():
                    return  # every viewer left: let the camera go
            self.problem = Problem.ENDED
        finally:
            container.close()

    def _no_one_waiting(self) -> bool:
        with self._lock:
            return not self._joining

    def _admit(self, video: Any, gop: list[Any]) -> None:
        """New viewers start from the last keyframe: the GOP so far at once."""
        with self._lock:
            if not gop or not self._joining:
                return
            joining, self._joining = self._joining, []
        for viewer in joining:
            if viewer.closed:
                continue
            viewer.start(video)
            for old in gop[:-1]:  # the newest goes out with everyone's, in _pump
                self._send(viewer, old)
            self._viewers.append(viewer)

    def _send(self, viewer: _Viewer, packet: Any) -> None:
        try:
            if viewer.closed:
                raise BrokenPipeError
            viewer.send(packet)
        except Exception:  # a viewer gone or too slow: only that viewer ends
            viewer.finish()
            if viewer in self._viewers:
                self._viewers.remove(viewer)

    def _end_viewers(self) -> None:
        with self._lock:
            gone = self._viewers + self._joining
            self._viewers, self._joining = [], []
        for viewer in gone:
            viewer.finish()


class _Handler(BaseHTTPRequestHandler):
    server: RelayHub._Server
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        relay = self.server.hub.by_path(self.path)
        if relay is None:
            self.send_error(404, "no such relay")
            return
        viewer = relay.join()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "video/MP2T")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            while True:
                data = viewer.take(0.5)
                if data is None:
                    return
                if data:
                    self.wfile.write(data)
        except OSError:
            return  # the player went away
        finally:
            relay.leave(viewer)

    def log_message(self, format: str, *args: object) -> None:
        pass


class RelayHub:
    """The relays of one process, behind one loopback HTTP server."""

    LINGER_S = 5.0

    class _Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128
        hub: RelayHub

    def __init__(self, settings: RelaySettings | None = None) -> None:
        self.settings = settings or RelaySettings()
        self._relays: dict[tuple[str, str], Relay] = {}
        self._by_number: dict[int, Relay] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._server = self._Server(("127.0.0.1", 0), _Handler)  # loopback only
        self._server.hub = self
        self.port = self._server.server_address[1]
        self._serving = threading.Thread(
            target=self._server.serve_forever, name="relay-http", daemon=True
        )
        self._serving.start()

    def acquire(self, source: str, transport: str | None = None) -> str:
        """The loopback URL a player plays instead of `source`; release() it when done."""
        transport = transport or self.settings.transport
        with self._lock:
            self._sweep(time.monotonic())
            relay = self._relays.get((source, transport))
            if relay is None:
                number = next(self._numbers)
                relay = Relay(number, source, _with_transport(self.settings, transport))
                self._relays[(source, transport)] = relay
                self._by_number[number] = relay
            relay.refs += 1
            return f"http://127.0.0.1:{self.port}/relay/{relay.number}"

    def release(self, local_url: str) -> None:
        relay = self.by_path(local_url)
        if relay is not None:
            with self._lock:
                relay.refs = max(0, relay.refs - 1)
                self._sweep(time.monotonic())

    def problem(self, local_url: str) -> Problem | None:
        relay = self.by_path(local_url)
        return None if relay is None else relay.problem

    def relay(self, local_url: str) -> Relay | None:
        return self.by_path(local_url)

    def by_path(self, path: str) -> Relay | None:
        tail = path.rsplit("/relay/", 1)
        if len(tail) != 2 or not tail[1].isdigit():
            return None
        return self._by_number.get(int(tail[1]))

    def relays(self) -> list[Relay]:
        return list(self._by_number.values())

    def _sweep(self, now: float) -> None:
        """Relays nobody held for LINGER_S end (under the lock)."""
        for key, relay in list(self._relays.items()):
            if relay.idle_for(now) > self.LINGER_S:
                relay.stop()
                del self._relays[key]
                del self._by_number[relay.number]

    def sweep(self) -> None:
        with self._lock:
            self._sweep(time.monotonic())

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            for relay in self._relays.values():
                relay.stop()
            self._relays.clear()
            self._by_number.clear()


def _with_transport(settings: RelaySettings, transport: str) -> RelaySettings:
    return RelaySettings(transport, settings.connect_timeout_s, settings.read_timeout_s)
