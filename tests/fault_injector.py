"""A fault injector between the wall and its backend: an HTTP proxy on 127.0.0.1 that follows
a schedule of faults, so a long run can compare what the wall *says* with what the backend
*did* at every moment.

Faults (each a `mode` of a `Phase`):
- ok: passes everything through;
- down: every connection is reset before a byte comes back (a dead backend);
- slow: answers after `SLOW_S`, longer than the client waits (a hung backend);
- wrong: HTTP 500 for everything (a broken backend that still answers);
- partial: the incidents and cameras lists fail (503), the rest answers;
- garbage: broken JSON, a NaN coordinate, a contract-breaking entry on some lists;
- hostile: passes through but rewrites the text the backend sends (markup, 3,000-character
  titles and descriptions);
- repeated: every list entry 100 times over (a backend paging bug);
- flap: down and ok alternating every `FLAP_S`.

`expected(t)` says which link states are true at run time t (with a grace period after each
change, the time the wall has to notice); None where no single answer is right (flap).
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import socket
import struct
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

SLOW_S = 9.0  # the client's read timeout is 5 s, the sync's cap 8 s
FLAP_S = 3.0
# how long the wall may take to notice each change: a refused connection is seen at the next
# poll (2 s) plus the 3 s of silence that says "unreachable"; a hung call times out at 8 s;
# after a hang, calls still out may land for up to SLOW_S more
GRACE_S = {
    "ok": 12.0,
    "down": 6.0,
    "slow": 15.0,
    "wrong": 6.0,
    "partial": 6.0,
    "garbage": 6.0,
    "hostile": 12.0,
    "repeated": 12.0,
    "flap": 0.0,
}
HOSTILE = '<b onmouseover="alert(1)">ĐẬM</b><script>alert("x")</script> '
LONG = "Rất dài " * 400

# the link states the wall may truthfully show in each mode (link_health.Link values)
TRUE_LINK: dict[str, set[str] | None] = {
    "ok": {"online"},
    "down": {"offline"},
    "slow": {"offline", "stale"},  # timeouts: some calls may still land in the window
    "wrong": {"stale"},
    "partial": {"stale"},
    "garbage": {"stale"},
    "hostile": {"online"},
    "repeated": {"online"},
    "flap": None,
}


@dataclass(frozen=True)
class Phase:
    mode: str
    seconds: float


def cycle(scale: float = 1.0) -> list[Phase]:
    """One round of every fault with calm in between (scale 1: about 4.5 minutes)."""
    s = scale
    return [
        Phase("ok", 25 * s),
        Phase("down", 25 * s),
        Phase("ok", 20 * s),
        Phase("slow", 30 * s),
        Phase("ok", 20 * s),
        Phase("wrong", 20 * s),
        Phase("partial", 20 * s),
        Phase("ok", 15 * s),
        Phase("garbage", 20 * s),
        Phase("hostile", 25 * s),
        Phase("repeated", 20 * s),
        Phase("flap", 20 * s),
        Phase("ok", 25 * s),
    ]


class Schedule:
    """The phases in time: which fault is on at t, and which link states are then true."""

    def __init__(self, schedule: list[Phase]) -> None:
        self.schedule = schedule
        self.t0 = time.monotonic()

    @property
    def total_s(self) -> float:
        return sum(p.seconds for p in self.schedule)

    def elapsed(self) -> float:
        return time.monotonic() - self.t0

    def phase_at(self, t: float) -> tuple[str, float]:
        """(mode, seconds since that phase began) at run time t."""
        start = 0.0
        for p in self.schedule:
            if t < start + p.seconds:
                return p.mode, t - start
            start += p.seconds
        return "ok", t - start

    def mode(self) -> str:
        mode, since = self.phase_at(self.elapsed())
        if mode == "flap":
            return "down" if int(since // FLAP_S) % 2 == 0 else "ok"
        return mode

    def expected(self, t: float) -> set[str] | None:
        """The link states that are true at t, or None: just changed (grace) or flapping."""
        mode, since = self.phase_at(t)
        if since < GRACE_S[mode]:
            return None
        return TRUE_LINK[mode]


class FaultInjector(Schedule):
    def __init__(self, upstream: str, schedule: list[Phase]) -> None:
        super().__init__(schedule)
        self.upstream = urlparse(upstream)
        self.requests = 0
        self.faults_done: dict[str, int] = {}
        injector = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def do_GET(self) -> None:
                injector._handle(self)

            def do_POST(self) -> None:
                injector._handle(self)

            def do_PUT(self) -> None:
                injector._handle(self)

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> FaultInjector:
        self.t0 = time.monotonic()
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- the proxy -----------------------------------------------------------------------
    def _handle(self, h: http.server.BaseHTTPRequestHandler) -> None:
        self.requests += 1
        mode = self.mode()
        self.faults_done[mode] = self.faults_done.get(mode, 0) + 1
        body = b""
        length = int(h.headers.get("Content-Length") or 0)
        if length:
            body = h.rfile.read(length)
        if mode == "down":
            _reset(h.connection)
            h.close_connection = True
            return
        if mode == "slow":
            time.sleep(SLOW_S)
        if mode == "wrong":
            _send(h, 500, b'{"message": "internal error (injected)"}')
            return
        path = urlparse(h.path).path
        if mode == "partial" and path.rstrip("/") in ("/api/v1/incidents", "/api/v1/cameras"):
            _send(h, 503, b'{"message": "unavailable (injected)"}')
            return
        status, payload = self._forward(h, body)
        if self.mode() == "down":  # died while this one was waiting (a wall's hanging GET):
            _reset(h.connection)  # a dead backend's open connections die with it
            h.close_connection = True
            return
        if mode == "garbage" and status == 200:
            payload = _garble(path, payload)
        elif mode == "hostile" and status == 200:
            payload = _hostile(payload)
        elif mode == "repeated" and status == 200:
            payload = _repeated(payload)
        _send(h, status, payload)

    def _forward(self, h: http.server.BaseHTTPRequestHandler, body: bytes) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=30)
        headers = {k: v for k, v in h.headers.items() if k.lower() not in ("host", "connection")}
        try:
            conn.request(h.command, h.path, body=body or None, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read()
        except OSError:
            return 502, b'{"message": "upstream unreachable"}'
        finally:
            conn.close()


def _send(h: http.server.BaseHTTPRequestHandler, status: int, payload: bytes) -> None:
    with contextlib.suppress(OSError):
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset: what a client sees from a backend that just died."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


def _garble(path: str, payload: bytes) -> bytes:
    """Broken answers of three kinds, by endpoint."""
    if path.endswith("/incidents"):
        return payload[: len(payload) // 2]  # cut mid-way: not JSON
    try:
        data = json.loads(payload)
    except ValueError:
        return payload
    if path.endswith("/cameras") and isinstance(data, list) and data:
        text = json.dumps(data)
        return text.replace('"lat": ', '"lat": NaN, "_was": ', 1).encode()  # NaN: not JSON
    if path.endswith("/reports") and isinstance(data, list):
        return json.dumps([*data, {"service_request_id": 5}]).encode()  # one entry off-contract
    return payload


def _repeated(payload: bytes) -> bytes:
    """Every entry of a list answer 100 times (seen: 600 markers for 6 stations)."""
    try:
        data = json.loads(payload)
    except ValueError:
        return payload
    return json.dumps(data * 100 if isinstance(data, list) else data).encode()


def _hostile(payload: bytes) -> bytes:
    """Hostile and very long text in every title, name and description."""
    try:
        data = json.loads(payload)
    except ValueError:
        return payload

    def rewrite(item: Any) -> Any:
        if isinstance(item, dict):
            out = {}
            for k, v in item.items():
                if k in ("title", "description", "name", "service_name") and isinstance(v, str):
                    out[k] = HOSTILE + v + " " + LONG
                else:
                    out[k] = rewrite(v)
            return out
        if isinstance(item, list):
            return [rewrite(x) for x in item]
        return item

    return json.dumps(rewrite(data), ensure_ascii=False).encode()


def main() -> None:
    """Run as a process of its own (the wall's process is the one measured: the injector's
    JSON rewriting must not take its GIL): prints {"port": N} when listening, then runs the
    schedule; ends when its standard input closes or the schedule is over."""
    import argparse
    import sys

    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--schedule", required=True, help='JSON: [["down", 20], ["ok", 10], …]')
    args = ap.parse_args()
    phases = [Phase(str(m), float(sec)) for m, sec in json.loads(args.schedule)]
    injector = FaultInjector(args.upstream, phases).start()
    print(json.dumps({"port": injector.port}), flush=True)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    while not stop.wait(0.5) and injector.elapsed() < injector.total_s + 30:
        pass
    injector.close()


if __name__ == "__main__":
    main()
