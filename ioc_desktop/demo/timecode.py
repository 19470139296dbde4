"""A live, time-coded demo camera: every frame made now, carrying its own number and the time it
was made as blocks a machine reads (video/timecode.py), encoded live (libx264, zerolatency, no
B-frames, a keyframe a second) and served as HTTP MPEG-TS on 127.0.0.1, as the demo cameras
are; the server notes when each frame went on the wire.

Why live and not a looping clip (demo/streams.py): a clip's frames were made long ago, so what
is on screen says nothing of when it was sent; here frame n is made at a known moment and
handed to the clients' sockets at another, so a reader of the screen (bench/latency.py, a
tile's still) has the whole delay, glass to glass, and the share of it after the wire.

Two ways in, as servers do: `/timecode` starts a client at the next keyframe (a camera's live
edge, at most a second's wait), `/timecode?start=gop` at once from the last keyframe (the
demo streams' GOP cache: a fast start, a picture up to a second old that libVLC may keep
showing late). `/timecode/times` answers when each frame was made and sent (epoch s, by
frame number), for the bench; `/timecode/hold?s=2` holds the frames back for 2 s and then
sends them at once, as a network that stalls does.

Runs in this process (`TimecodeStream(...).start()`) or as a child (`python -m
ioc_desktop.demo.timecode --port P`: a bench keeps its own screen grabbing off the encoder's
interpreter); the child exits when its stdin closes.
"""

from __future__ import annotations

import argparse
import io
import json
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import av
import numpy as np
from PIL import Image, ImageDraw

from ioc_desktop.demo.clips import _font
from ioc_desktop.demo.streams import LoopbackServer, start_ts
from ioc_desktop.video import timecode

SEND_TIMEOUT_S = 2.0  # a client whose socket takes nothing for this long is dropped


@dataclass
class _Client:
    conn: socket.socket
    gone: threading.Event = field(default_factory=threading.Event)
    started: bool = False  # has had a keyframe (and the PAT/PMT it carries)


class _Broadcast(io.RawIOBase):
    """The muxer's output: each write (one frame's TS packets, flushed per packet) goes to
    every client's socket at once; the last GOP is kept for clients that start there."""

    def __init__(self) -> None:
        self.clients: list[_Client] = []
        self.lock = threading.Lock()
        self.gop: list[bytes] = []
        self.keyframe_next = False  # set by the encoder before muxing a keyframe
        self.sent_to = 0  # clients the last write reached
        self.hold_until = 0.0  # monotonic s: until then frames are kept back (a network stall)
        self.held: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        data = bytes(b)
        with self.lock:
            if self.keyframe_next:
                self.gop = []
            self.gop.append(data)
            clients = list(self.clients)
        if time.monotonic() < self.hold_until:  # stalled: kept, then sent at once
            self.held.append(data)
            self.keyframe_next, self.sent_to = False, 0
            return len(data)
        if self.held:
            data, self.held = b"".join([*self.held, data]), []
        sent = 0
        for c in clients:
            if not c.started and not self.keyframe_next:
                continue
            c.started = True
            try:
                c.conn.sendall(data)
                sent += 1
            except OSError:
                self.drop(c)
        self.keyframe_next = False
        self.sent_to = sent
        return len(data)

    def join(self, client: _Client, from_gop: bool) -> None:
        with self.lock:
            if from_gop and self.gop:
                try:
                    client.conn.sendall(b"".join(self.gop))
                    client.started = True
                except OSError:
                    client.gone.set()
                    return
            self.clients.append(client)

    def drop(self, client: _Client) -> None:
        with self.lock:
            if client in self.clients:
                self.clients.remove(client)
        client.gone.set()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/timecode/times":
            body = json.dumps(self.server.stream.times()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if parts.path == "/timecode/hold":  # a stall of the network for ?s= seconds
            seconds = float(parse_qs(parts.query).get("s", ["2"])[0])
            self.server.stream.sink.hold_until = time.monotonic() + min(seconds, 60.0)
            self.send_response(204)
            self.end_headers()
            return
        if parts.path != "/timecode":
            self.send_error(404, "no such stream")
            return
        start_ts(self)
        self.wfile.flush()
        self.connection.settimeout(SEND_TIMEOUT_S)
        client = _Client(self.connection)
        from_gop = parse_qs(parts.query).get("start") == ["gop"]
        self.server.stream.sink.join(client, from_gop)
        while not client.gone.wait(0.5) and not self.server.stream.stopping.is_set():
            pass
        self.server.stream.sink.drop(client)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(LoopbackServer):
    def __init__(self, port: int, stream: TimecodeStream) -> None:
        super().__init__(port, _Handler)
        self.stream = stream


class TimecodeStream:
    """The live time-coded camera; `made[n]` and `sent[n]`: epoch s frame n was made and was
    handed to every client's socket (None: no client had it)."""

    def __init__(self, port: int = 0, width: int = 640, height: int = 360, fps: int = 25) -> None:
        self.width, self.height, self.fps = width, height, fps
        self.made: list[float] = []
        self.sent: list[float | None] = []
        self.stopping = threading.Event()
        self.sink = _Broadcast()
        self.error: str | None = None
        self._http = _Server(port, self)
        self.port = int(self._http.server_address[1])
        self._encoder = threading.Thread(target=self._run, name="timecode-encoder", daemon=True)
        self._background = self._draw_background()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/timecode"

    def start(self) -> TimecodeStream:
        threading.Thread(target=self._http.serve_forever, name="timecode-http", daemon=True).start()
        self._encoder.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._encoder.join(timeout=5)
        self._http.shutdown()
        self._http.server_close()

    def times(self) -> dict[str, list[float | None]]:
        n = len(self.made)
        return {"made": list(self.made[:n]), "sent": list(self.sent[:n])}

    def _draw_background(self) -> Image.Image:
        img = Image.new("RGB", (self.width, self.height), (40, 56, 72))
        d = ImageDraw.Draw(img)
        d.text((12, int(self.height * 0.25)), "IOC · time code", font=_font(self.height // 14))
        return img

    def picture(self, n: int, made_at: float) -> np.ndarray:
        """Frame n: its number large (for people) and its code (for machines)."""
        img = self._background.copy()
        d = ImageDraw.Draw(img)
        d.text((12, int(self.height * 0.45)), f"#{n:06d}", font=_font(self.height // 5))
        x = int((n % self.fps) / self.fps * (self.width - 20))  # motion: a frozen tile shows
        d.rectangle([x, self.height - 24, x + 20, self.height - 8], fill=(255, 200, 0))
        arr = np.array(img)
        timecode.draw(arr, n, made_at)
        return arr

    def _run(self) -> None:
        try:
            with av.open(self.sink, mode="w", format="mpegts", options={"flush_packets": "1"}) as c:
                st = c.add_stream("libx264", rate=self.fps)
                st.width, st.height, st.pix_fmt = self.width, self.height, "yuv420p"
                st.options = {
                    "preset": "ultrafast",
                    "tune": "zerolatency",
                    "g": str(self.fps),
                    "keyint_min": str(self.fps),
                    "sc_threshold": "0",
                    "bf": "0",
                }
                self._frames(c, st)
        except Exception as exc:  # told by the CLI and the caller, never a silent stop
            self.error = f"time-coded stream failed: {exc}"
            raise

    def _frames(self, container: av.container.OutputContainer, st: av.VideoStream) -> None:
        t0 = time.monotonic()
        n = 0
        while not self.stopping.is_set():
            delay = t0 + n / self.fps - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            made = time.time()
            frame = av.VideoFrame.from_ndarray(self.picture(n, made), format="rgb24")
            frame.pts = n
            self.made.append(made)
            self.sent.append(None)
            for packet in st.encode(frame):
                # zerolatency, no B-frames: one packet per frame, out at once; pts says whose
                pts, base = packet.pts, packet.time_base
                k = round(float(pts * base) * self.fps) if pts is not None and base else n
                self.sink.keyframe_next = bool(packet.is_keyframe)
                container.mux(packet)
                if self.sink.sent_to and 0 <= k < len(self.sent):
                    self.sent[k] = time.time()
            n += 1


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--size", default="640x360")
    ap.add_argument("--fps", type=int, default=25)
    args = ap.parse_args(argv)
    w, h = (int(v) for v in args.size.split("x"))
    stream = TimecodeStream(args.port, w, h, args.fps).start()
    print(json.dumps({"ready": True, "port": stream.port, "url": stream.url}), flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    stream.stop()


if __name__ == "__main__":
    main()
