"""The demo backend's HTTP server: the OpenAPI contract on 127.0.0.1, nothing else.

Standard library only (ThreadingHTTPServer): it runs in-process beside the app for `--demo`,
or alone for `ioc-desktop demo-backend --port N` so that a second client can connect.
`faults` lets tests make it slow, broken or silent without a second implementation.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from ioc_desktop import __version__
from ioc_desktop.demo.province import province_bbox
from ioc_desktop.demo.simulation import Simulation, iso
from ioc_desktop.demo.wall_share import WallShare
from ioc_desktop.paths import layouts_dir

log = logging.getLogger(__name__)
DEMO_TOKEN = "demo-token"
DEMO_USERS = {"truc.ban": "demo"}  # the demo's duty officer (README says so)


@dataclass
class Faults:
    """What the server does wrong, on purpose, for tests and the selftest."""

    delay_s: float = 0.0  # sleep before answering (a slow backend)
    malformed: bool = False  # answer 200 with broken JSON
    status: int | None = None  # answer with this HTTP status instead


class _Handler(BaseHTTPRequestHandler):
    server: DemoHttpServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("demo backend: " + format, *args)

    def _send(
        self, status: int, body: bytes, ctype: str = "application/json", etag: str | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        body = json.dumps({"code": status.phrase, "message": message}).encode()
        self._send(status, body)

    def do_GET(self) -> None:
        faults = self.server.faults
        if faults.delay_s:
            time.sleep(faults.delay_s)
        if faults.status:
            self._error(HTTPStatus(faults.status), "fault injected")
            return
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = [p for p in url.path.split("/") if p]
        if parts[:2] != ["api", "v1"] or len(parts) < 3:
            self._error(HTTPStatus.NOT_FOUND, "no such path")
            return
        if (
            parts[2] != "health"
            and self.headers.get("Authorization") != f"Bearer {self.server.token}"
        ):
            self._error(HTTPStatus.UNAUTHORIZED, "missing or wrong bearer token")
            return
        sim = self.server.sim
        sim.advance()
        with sim.lock:
            result = self._route(parts[2:], query)
        if result is None:
            return
        status, payload, ctype = result
        if faults.malformed:
            self._send(HTTPStatus.OK, b'{"broken": [1, 2,', ctype)
            return
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(HTTPStatus.NOT_MODIFIED, b"", ctype, etag)
            return
        self._send(status, body, ctype, etag)

    def _write_request(self) -> tuple[list[str], dict[str, Any], int | None] | None:
        """The checks every write shares; None when an error was already sent."""
        faults = self.server.faults
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(min(length, 256 * 1024)) if length else b""
        if faults.delay_s:
            time.sleep(faults.delay_s)
        if faults.status:
            self._error(HTTPStatus(faults.status), "fault injected")
            return None
        parts = [p for p in urlparse(self.path).path.split("/") if p]
        if self.headers.get("Authorization") != f"Bearer {self.server.token}":
            self._error(HTTPStatus.UNAUTHORIZED, "missing or wrong bearer token")
            return None
        try:
            body = json.loads(raw.decode("utf-8"))
            if not isinstance(body, dict):
                raise ValueError("body is not an object")
        except (UnicodeDecodeError, ValueError) as exc:
            self._error(HTTPStatus.BAD_REQUEST, f"body is not a JSON object ({exc})")
            return None
        tag = (self.headers.get("If-Match") or "").strip().strip('"')
        return parts, body, (int(tag) if tag.isdigit() else None)

    def _reply(self, status: int, payload: Any, version: int | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        etag = f'"{version}"' if status == 200 and version is not None else None
        self._send(status, data, "application/json", etag)

    def _sign_in(self) -> None:
        """POST /api/v1/auth/token {username, password}: the demo's current token, or 401."""
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(min(length, 16 * 1024)) if length else b""
        try:
            body = json.loads(raw.decode("utf-8"))
            user, password = str(body["username"]), str(body["password"])
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            self._error(HTTPStatus.BAD_REQUEST, "body must be {username, password}")
            return
        if self.server.users.get(user) != password:
            self._error(HTTPStatus.UNAUTHORIZED, "wrong user name or password")
            return
        grant = {"access_token": self.server.token, "token_type": "bearer", "expires_in": 28800}
        self._reply(HTTPStatus.OK, grant)

    def do_POST(self) -> None:
        """Officer actions: POST /api/v1/incidents/{id}/actions with If-Match: "<version>"."""
        if urlparse(self.path).path.rstrip("/") == "/api/v1/auth/token":
            self._sign_in()
            return
        req = self._write_request()
        if req is None:
            return
        parts, body, if_match = req
        match parts:
            case ["api", "v1", "incidents", incident_id, "actions"]:
                pass
            case _:
                self._error(HTTPStatus.NOT_FOUND, "no such path")
                return
        sim = self.server.sim
        sim.advance()
        with sim.lock:
            status, payload = sim.apply_action(incident_id, if_match, body)
        self._reply(status, payload, payload.get("version"))

    def do_PUT(self) -> None:
        """Shared wall: PUT /api/v1/wall/layouts/{name} and /api/v1/wall/state, If-Match."""
        req = self._write_request()
        if req is None:
            return
        parts, body, if_match = req
        wall = self.server.wall
        match parts:
            case ["api", "v1", "wall", "layouts", name]:
                status, payload = wall.put(name, if_match, body)
            case ["api", "v1", "wall", "state"]:
                status, payload = wall.put_state(if_match, body)
            case _:
                self._error(HTTPStatus.NOT_FOUND, "no such path")
                return
        self._reply(status, payload, payload.get("version"))

    # one case per endpoint of the contract, read as a table
    def _route(  # noqa: C901, PLR0912
        self, parts: list[str], q: dict[str, str]
    ) -> tuple[int, Any, str] | None:
        sim = self.server.sim
        json_ = "application/json"
        match parts:
            case ["health"]:
                return (
                    200,
                    {"status": "ok", "version": __version__, "time": iso(datetime.now(UTC))},
                    json_,
                )
            case ["areas"]:
                return 200, [self._area(a) for a in sim.areas], json_
            case ["areas", code, "geometry"]:
                area = next((a for a in sim.areas if a.code == code and a.level == "ward"), None)
                if area is None:
                    self._error(HTTPStatus.NOT_FOUND, f"no ward {code}")
                    return None
                feature = {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [area.ring()]},
                    "properties": {"code": area.code, "name": area.name, "schematic": True},
                }
                return 200, feature, "application/geo+json"
            case ["kpis"]:
                system = q.get("system")
                if system is not None and not system.isdigit():
                    self._error(HTTPStatus.BAD_REQUEST, "system must be 1..9")
                    return None
                return 200, sim.kpis(int(system) if system else None, q.get("area")), json_
            case ["kpis", kpi_id, "series"]:
                series = sim.series(kpi_id, q.get("area"))
                if series is None:
                    self._error(HTTPStatus.NOT_FOUND, f"no KPI {kpi_id} (or no such ward)")
                    return None
                return 200, series, json_
            case ["kpis", kpi_id, "breakdown"]:
                bd = sim.breakdown(kpi_id)
                if bd is None:
                    self._error(HTTPStatus.NOT_FOUND, f"no KPI {kpi_id}")
                    return None
                return 200, bd, json_
            case ["incidents"]:
                items = sim.public_incidents()
                for key in ("status", "severity", "category"):
                    if key in q:
                        items = [i for i in items if i[key] == q[key]]
                if "area" in q:
                    items = [i for i in items if i["area_code"] == q["area"]]
                return 200, items, json_
            case ["reports"]:
                return 200, list(sim.reports), json_
            case ["entities"]:
                kind = q.get("type")
                if kind == "AirQualityObserved":
                    return 200, sim.air_quality(), json_
                if kind == "TrafficFlowObserved":
                    return 200, sim.traffic_flow(), json_
                self._error(
                    HTTPStatus.BAD_REQUEST, "type must be AirQualityObserved or TrafficFlowObserved"
                )
                return None
            case ["cameras"]:
                return 200, sim.cameras, json_
            case ["wall", "layouts"]:
                return 200, self.server.wall.listing(), json_
            case ["wall", "layouts", name]:
                status, doc = self.server.wall.get(name)
                if status != 200:
                    self._error(HTTPStatus(status), doc["message"])
                    return None
                return 200, doc, json_
            case ["wall", "state"]:
                return 200, self.server.wall.get_state(), json_
            case ["events"]:
                after = int(q.get("after", "0") or 0)
                events = [e for e in sim.events if e["seq"] > after]
                cursor = sim.events[-1]["seq"] if sim.events else 0
                return 200, {"cursor": cursor, "events": events[:200]}, json_
        self._error(HTTPStatus.NOT_FOUND, "no such path")
        return None

    @staticmethod
    def _area(a: Any) -> dict[str, Any]:
        bbox = a.bbox() if a.level == "ward" else province_bbox()
        return {
            "code": a.code,
            "name": a.name,
            "level": a.level,
            "parent_code": a.parent_code,
            "legacy_codes": list(a.legacy_codes),
            "centroid": {"lat": a.lat, "lon": a.lon},
            "bbox": bbox,
            "schematic": True,
        }


class DemoHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a wall's many feeds connect at once (see streams.py)

    def __init__(self, sim: Simulation, port: int = 0, token: str = DEMO_TOKEN) -> None:
        # loopback only: the demo never listens on another interface
        super().__init__(("127.0.0.1", port), _Handler)
        self.sim = sim
        self.token = token
        self.users = dict(DEMO_USERS)
        self.faults = Faults()
        self.wall = WallShare(layouts_dir())
        self._thread: threading.Thread | None = None
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conns_lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def expire_token(self) -> str:
        """The token in use stops working (as when it expires): a new one is issued only by
        signing in again. Returns the new one."""
        self.token = f"demo-{secrets.token_urlsafe(12)}"
        return self.token

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> DemoHttpServer:
        self._thread = threading.Thread(target=self.serve_forever, name="demo-backend", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop as a crashed backend would: kept-alive connections are cut too."""
        self.shutdown()
        self.server_close()
        with self._conns_lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread:
            self._thread.join(timeout=5)
