"""The demo backend's HTTP server: the OpenAPI contract on 127.0.0.1, nothing else.

Standard library only (ThreadingHTTPServer): it runs in-process beside the app for `--demo`,
or alone for `ioc-desktop demo-backend --port N` so that a second client can connect.
`faults` lets tests make it slow, broken or silent without a second implementation.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import secrets
import socket
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from ioc_desktop import __version__
from ioc_desktop.backend import contract
from ioc_desktop.demo.clips import ClipSpec, render_frame
from ioc_desktop.demo.detections import iso_ms
from ioc_desktop.demo.province import province_bbox
from ioc_desktop.demo.recorder import Recorder
from ioc_desktop.demo.simulation import Simulation, iso
from ioc_desktop.demo.social import hot_topics
from ioc_desktop.demo.wall_control import instant
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


def within(
    rows: list[dict[str, Any]], key: str, start: str | None, end: str | None
) -> list[dict[str, Any]]:
    """The rows whose time `key` lies in [start, end] (either end open when None)."""
    lo = instant(start) if start else None
    hi = instant(end) if end else None
    return [
        r
        for r in rows
        if (lo is None or instant(r[key]) >= lo) and (hi is None or instant(r[key]) <= hi)
    ]


def changed_since(rows: list[dict[str, Any]], key: str, since: str | None) -> list[dict[str, Any]]:
    """The rows whose last change (`key`) is at or after `since` (all of them when None)."""
    if since is None:
        return list(rows)
    lo = instant(since)
    return [r for r in rows if instant(r[key]) >= lo]


def encoder_of(camera: dict[str, Any]) -> str:
    """The demo stream a camera shows (the province's cameras share the sites' encoders)."""
    return str(camera["streams"][0]["url"]).rsplit("/", 1)[1]


def ai_snapshot(sim: Simulation, camera_id: str, frame: int) -> bytes:
    """The PNG of the frame an alert was raised on: the sub stream's picture, drawn again."""
    cam = next(c for c in sim.cameras if c["id"] == camera_id)
    site = next(c for c in sim.cameras if c["id"] == encoder_of(cam))
    spec = ClipSpec(f"{encoder_of(cam)}-sub", site["name"], 640, 360)
    buf = io.BytesIO()
    render_frame(spec, frame % (spec.fps * spec.seconds)).save(buf, format="PNG")
    return buf.getvalue()


def camera_snapshot(sim: Simulation, camera_id: str, at: float) -> bytes:
    """The JPEG a camera's snapshot URL gives: its sub stream's picture at `at` (epoch s), drawn
    as the clips draw it (~10 ms; nothing decoded)."""
    cam = next(c for c in sim.cameras if c["id"] == camera_id)
    site = next(c for c in sim.cameras if c["id"] == encoder_of(cam))
    spec = ClipSpec(f"{encoder_of(cam)}-sub", site["name"], 640, 360)
    frame = sim.ai.analytics.frame_at(at) % (spec.fps * spec.seconds)
    buf = io.BytesIO()
    render_frame(spec, frame).save(buf, format="JPEG", quality=80)
    return buf.getvalue()


class _Handler(BaseHTTPRequestHandler):
    server: DemoHttpServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("demo backend: " + format, *args)

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str = "application/json",
        etag: str | None = None,
        allow: tuple[str, ...] = (),
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        if allow:
            self.send_header("Allow", ", ".join(allow))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str, allow: tuple[str, ...] = ()) -> None:
        body = json.dumps({"code": status.phrase, "message": message}).encode()
        self._send(status, body, allow=allow)

    def _content_length(self) -> int:
        try:
            return max(0, int(self.headers.get("Content-Length") or 0))
        except ValueError:
            return 0

    def _checked(self, cap: int = 256 * 1024) -> tuple[list[str], bytes] | None:
        """The request held to the contract: its body read whole first (so a refusal leaves
        the kept-alive connection in step), the faults asked for, then the document's paths,
        methods, credentials, parameters, headers and body (one validator, openapi-core,
        over openapi.yaml), then the token's value. The path's parts (unquoted) and the body
        when it passes; None when an error was already sent."""
        length = self._content_length()
        if length > cap:
            self.close_connection = True  # the rest of the body is never read
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body over {cap} bytes")
            return None
        raw = self.rfile.read(length) if length else b""
        faults = self.server.faults
        if faults.delay_s:
            time.sleep(faults.delay_s)
        if faults.status:
            self._error(HTTPStatus(faults.status), "fault injected")
            return None
        url = urlparse(self.path)
        problem = contract.request_problem(
            self.command, url.path, url.query, dict(self.headers.items()), raw or None
        )
        if problem is not None:
            self._error(HTTPStatus(problem.status), problem.message, allow=problem.allow)
            return None
        if contract.needs_credentials(self.command, url.path) and (
            self.headers.get("Authorization") != f"Bearer {self.server.token}"
        ):
            self._error(HTTPStatus.UNAUTHORIZED, "missing or wrong bearer token")
            return None
        return [unquote(p) for p in url.path.split("/") if p], raw

    def do_GET(self) -> None:
        checked = self._checked()
        if checked is None:
            return
        parts = checked[0]
        query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        sim = self.server.sim
        if parts[2:3] == ["walls"] and parts[4:] == ["state"] and "wait" in query:
            # a hanging GET: waits for a push outside every other lock of the backend
            known = contract.parse_if_match(self.headers.get("If-None-Match"))
            wait_s = min(float(query["wait"]), self.server.longest_wait_s)
            known_v = known if isinstance(known, int) else None
            state = self.server.wall.wait_state(parts[3], known_v, wait_s)
            if state is None:
                self._error(HTTPStatus.NOT_FOUND, f"no wall '{parts[3]}'")
                return
            result: tuple[int, Any, str] | None = (200, state, "application/json")
        else:
            sim.advance()
            with sim.lock:
                result = self._route(parts[2:], query)
        if result is None:
            return
        status, payload, ctype = result
        if self.server.faults.malformed:
            self._send(HTTPStatus.OK, b'{"broken": [1, 2,', ctype)
            return
        if isinstance(payload, bytes):  # a picture (an AI alert's or a camera's snapshot)
            body = payload
        else:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        versioned = parts[2:3] == ["wall"] or parts[4:] == ["state"]
        if versioned and isinstance(payload, dict) and "version" in payload:
            etag = f'"{payload["version"]}"'  # what If-Match takes for this resource
        else:
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(HTTPStatus.NOT_MODIFIED, b"", ctype, etag)
            return
        self._send(status, body, ctype, etag)

    def do_HEAD(self) -> None:
        self._checked()  # no path of the contract has HEAD: 404 or 405 with what it has

    def do_DELETE(self) -> None:
        """DELETE /api/v1/walls/{wall}/lease with Wall-Lease: the holder gives the wall back."""
        checked = self._checked()
        if checked is None:
            return
        parts = checked[0]  # /api/v1/walls/{wall}/lease: the contract let nothing else through
        status, payload = self.server.wall.release_lease(
            parts[3], self.headers.get("Wall-Lease", "")
        )
        self._reply(status, payload)

    def __getattr__(self, name: str) -> Any:
        """Any other method (DELETE, TRACE, QUERY…): 405 with what the path has, or 404.
        http.server looks a method up as do_<METHOD>; without this it answers 501."""
        if name.startswith("do_") and name[3:].isalpha() and name[3:].isupper():
            return self.do_HEAD
        raise AttributeError(name)

    def _write_request(self) -> tuple[list[str], dict[str, Any], contract.IfMatch] | None:
        """The checks every write shares; None when an error was already sent."""
        checked = self._checked()
        if checked is None:
            return None
        parts, raw = checked
        try:
            body = json.loads(raw.decode("utf-8"))
            if not isinstance(body, dict):
                raise ValueError("body is not an object")
        except (UnicodeDecodeError, ValueError) as exc:
            self._error(HTTPStatus.BAD_REQUEST, f"body is not a JSON object ({exc})")
            return None
        return parts, body, contract.parse_if_match(self.headers.get("If-Match"))

    def _reply(self, status: int, payload: Any, version: int | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        etag = f'"{version}"' if status == 200 and version is not None else None
        self._send(status, data, "application/json", etag)

    def _sign_in(self) -> None:
        """POST /api/v1/auth/token {username, password}: the demo's current token, or 401."""
        checked = self._checked(cap=16 * 1024)
        if checked is None:
            return
        body = json.loads(checked[1].decode("utf-8"))  # the contract checked its shape
        if self.server.users.get(body["username"]) != body["password"]:
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
            case ["api", "v1", "walls", wall_name, "stations", station, "log"]:
                status, payload = self.server.wall.upload_station_log(wall_name, station, body)
                self._reply(status, payload)
                return
            case _:
                self._error(HTTPStatus.NOT_FOUND, "no such path")
                return
        sim = self.server.sim
        sim.advance()
        with sim.lock:
            status, payload = sim.apply_action(incident_id, if_match, body)
        self._reply(status, payload, payload.get("version"))

    def do_PUT(self) -> None:
        """Shared layouts (PUT /api/v1/wall/layouts/{name}) and each wall's state and lease
        (PUT /api/v1/walls/{wall}/state, …/lease), If-Match where the contract says."""
        req = self._write_request()
        if req is None:
            return
        parts, body, if_match = req
        wall = self.server.wall
        match parts:
            case ["api", "v1", "wall", "layouts", name]:
                status, payload = wall.put(name, if_match, body)
            case ["api", "v1", "walls", wall_name, "state"]:
                lease_id = self.headers.get("Wall-Lease")
                status, payload = wall.put_state(wall_name, if_match, body, lease_id)
            case ["api", "v1", "walls", wall_name, "lease"]:
                status, payload = wall.take_lease(wall_name, body)
            case ["api", "v1", "walls", wall_name, "stations", station]:
                status, payload = wall.report_station(wall_name, station, body)
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
            case ["areas", "geometry"]:
                features = [self._feature(a) for a in sim.areas if a.level == "ward"]
                collection = {"type": "FeatureCollection", "features": features}
                return 200, collection, "application/geo+json"
            case ["areas", code, "geometry"]:
                area = next((a for a in sim.areas if a.code == code and a.level == "ward"), None)
                if area is None:
                    self._error(HTTPStatus.NOT_FOUND, f"no ward {code}")
                    return None
                return 200, self._feature(area), "application/geo+json"
            case ["kpis"]:
                system = q.get("system")
                if system is not None and not system.isdigit():
                    self._error(HTTPStatus.BAD_REQUEST, "system must be 1..9")
                    return None
                return 200, sim.kpis(int(system) if system else None, q.get("area")), json_
            case ["kpis", kpi_id, "series"]:
                since = instant(q["from"]) if q.get("from") else None
                series = sim.series(kpi_id, q.get("area"), since)
                if series is None:
                    self._error(HTTPStatus.NOT_FOUND, f"no KPI {kpi_id} (or no such ward)")
                    return None
                series["points"] = within(series["points"], "t", q.get("from"), q.get("to"))
                return 200, series, json_
            case ["kpis", kpi_id, "breakdown"]:
                bd = sim.breakdown(kpi_id)
                if bd is None:
                    self._error(HTTPStatus.NOT_FOUND, f"no KPI {kpi_id}")
                    return None
                return 200, bd, json_
            case ["social", "hot-topics"]:
                return 200, hot_topics(sim), json_
            case ["incidents"]:
                items = sim.public_incidents()
                for key in ("status", "severity", "category"):
                    if key in q:
                        items = [i for i in items if i[key] == q[key]]
                if "area" in q:
                    items = [i for i in items if i["area_code"] == q["area"]]
                return 200, changed_since(items, "dateModified", q.get("since")), json_
            case ["reports"]:
                reports = changed_since(sim.reports, "updated_datetime", q.get("since"))
                if "status" in q:
                    reports = [r for r in reports if r["status"] == q["status"]]
                return 200, reports, json_
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
            case ["ai-events"] | ["ai-events", _, "snapshot"] | ["cameras", _, "detections"]:
                return self._route_ai(parts, q)
            case ["cameras", camera_id, "snapshot"]:
                if not any(c["id"] == camera_id for c in sim.cameras):
                    self._error(HTTPStatus.NOT_FOUND, f"no camera {camera_id}")
                    return None
                return 200, camera_snapshot(sim, camera_id, time.time()), "image/jpeg"
            case ["cameras", _, "recordings"] | ["cameras", _, "playback"]:
                return self._route_recordings(parts, q)
            case ["incidents", incident_id, "evidence", evidence_id, "snapshot"]:
                return self._evidence_snapshot(incident_id, evidence_id)
            case ["wall", *_] | ["walls", *_]:
                return self._route_walls(parts, q)
            case ["events"]:
                after = int(q.get("after", "0"))  # an integer ≥ 0: the contract checked it
                events = [e for e in sim.events if e["seq"] > after]
                cursor = sim.events[-1]["seq"] if sim.events else 0
                return 200, {"cursor": cursor, "events": events[:200]}, json_
        self._error(HTTPStatus.NOT_FOUND, "no such path")
        return None

    def _route_walls(self, parts: list[str], q: dict[str, str]) -> tuple[int, Any, str] | None:
        """The shared layouts and each wall's state, lease, journal and stations."""
        json_ = "application/json"
        match parts:
            case ["wall", "layouts"]:
                return 200, self.server.wall.listing(), json_
            case ["wall", "layouts", name]:
                return self._answer(*self.server.wall.get(name))
            case ["walls", wall_name, "state"]:
                state = self.server.wall.get_state(wall_name)
                return self._found(state, f"no wall '{wall_name}'")
            case ["walls", wall_name, "lease"]:
                return self._answer(*self.server.wall.get_lease(wall_name))
            case ["walls", wall_name, "journal"]:
                return self._answer(*self.server.wall.journal_page(wall_name, q))
            case ["walls"]:
                return 200, self.server.wall.walls(), json_
            case ["walls", wall_name, "stations", station, "log"]:
                entries = self.server.wall.station_log(wall_name, station)
                page = None if entries is None else {"entries": entries}
                return self._found(page, f"no station '{station}' on '{wall_name}'")
            case ["walls", wall_name, "stations"]:
                statuses = self.server.wall.station_statuses(wall_name)
                return self._found(statuses, f"no wall '{wall_name}'")
        self._error(HTTPStatus.NOT_FOUND, "no such path")
        return None

    def _route_ai(self, parts: list[str], q: dict[str, str]) -> tuple[int, Any, str] | None:
        """AI-camera alerts, their snapshots and the cameras' detection frames."""
        sim = self.server.sim
        match parts:
            case ["ai-events"]:
                page = sim.ai.page(int(q.get("after", "0")), q.get("camera_id"))
                return 200, page, "application/json"
            case ["ai-events", event_id, "snapshot"]:
                event = sim.ai.find(event_id)
                if event is None:
                    self._error(HTTPStatus.NOT_FOUND, f"no AI event {event_id}")
                    return None
                return (
                    200,
                    ai_snapshot(sim, event["camera_id"], event["frame"]["index"]),
                    "image/png",
                )
            case ["cameras", camera_id, "detections"]:
                cam = next((c for c in sim.cameras if c["id"] == camera_id), None)
                if cam is None:
                    self._error(HTTPStatus.NOT_FOUND, f"no camera {camera_id}")
                    return None
                try:
                    start = instant(q["from"]).timestamp()
                    end = min(instant(q["to"]).timestamp(), time.time())
                except (ValueError, OverflowError) as exc:
                    self._error(HTTPStatus.BAD_REQUEST, f"from/to: {exc}")
                    return None
                frames = sim.ai.analytics.frames(encoder_of(cam), start, end)
                return 200, {"camera_id": camera_id, "frames": frames}, "application/json"
        self._error(HTTPStatus.NOT_FOUND, "no such path")
        return None

    def _evidence_snapshot(self, incident_id: str, evidence_id: str) -> tuple[int, Any, str] | None:
        """A snapshot kept with an incident: the camera's picture at that moment (the demo
        draws it again, as its recorder would give it back)."""
        sim = self.server.sim
        inc = next((i for i in sim.incidents if i["id"] == incident_id), None)
        item = next((e for e in (inc or {}).get("evidence", []) if e["id"] == evidence_id), None)
        if item is None or item["kind"] != "snapshot":
            self._error(HTTPStatus.NOT_FOUND, f"no snapshot {evidence_id} in {incident_id}")
            return None
        cam = next(c for c in sim.cameras if c["id"] == item["camera_id"])
        frame = sim.ai.analytics.frame_at(instant(item["at"]).timestamp())
        return 200, ai_snapshot(sim, cam["id"], frame), "image/png"

    def _route_recordings(self, parts: list[str], q: dict[str, str]) -> tuple[int, Any, str] | None:
        """The recorder's span of a camera, and playback from a time (instant replay)."""
        cam = next((c for c in self.server.sim.cameras if c["id"] == parts[1]), None)
        if cam is None:
            self._error(HTTPStatus.NOT_FOUND, f"no camera {parts[1]}")
            return None
        rec = self.server.recorder
        if rec is None:  # this backend records nothing (no streams): nothing to play back
            if parts[2] == "recordings":
                body = {"camera_id": cam["id"], "from": None, "to": None, "keep_s": 0}
                return 200, body, "application/json"
            self._error(HTTPStatus.NOT_FOUND, "nothing recorded then")
            return None
        if not rec.running:  # it was there and went away
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, "the recorder is not answering")
            return None
        stream = f"{encoder_of(cam)}-sub"
        track = rec.tracks.get(stream)
        span = track.span() if track else None
        if parts[2] == "recordings":
            first, last = (iso_ms(span[0]), iso_ms(span[1])) if span else (None, None)
            body = {"camera_id": cam["id"], "from": first, "to": last, "keep_s": rec.keep_s}
            return 200, {**body, "profile": "sub"}, "application/json"
        try:
            start = instant(q["from"]).timestamp()
            end = instant(q["to"]).timestamp() if "to" in q else start + 60
        except (ValueError, OverflowError) as exc:
            self._error(HTTPStatus.BAD_REQUEST, f"from/to: {exc}")
            return None
        found = rec.clip(stream, start, end) if end > start else None
        if not found:
            self._error(HTTPStatus.NOT_FOUND, "nothing recorded then")
            return None
        segments, first_start = found
        last_end = segments[-1].start + 1.0
        url = f"{rec.base_url()}/{stream}?from={int(start * 1000)}&to={int(end * 1000)}"
        body = {"camera_id": cam["id"], "url": url, "start": iso_ms(first_start)}
        return 200, {**body, "end": iso_ms(last_end)}, "application/json"

    def _found(self, value: Any, missing: str) -> tuple[int, Any, str] | None:
        """(200, value) as _route returns it; 404 with `missing` sent when it is None."""
        if value is None:
            self._error(HTTPStatus.NOT_FOUND, missing)
            return None
        return 200, value, "application/json"

    def _answer(self, status: int, payload: dict[str, Any]) -> tuple[int, Any, str] | None:
        """A helper's (status, answer) as _route returns it; an error is sent here."""
        if status != 200:
            self._error(HTTPStatus(status), str(payload.get("message", "")))
            return None
        return status, payload, "application/json"

    @staticmethod
    def _feature(area: Any) -> dict[str, Any]:
        return {
            "type": "Feature",
            "geometry": area.geometry(),
            "properties": {"code": area.code, "name": area.name, "schematic": True},
        }

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

    def __init__(
        self,
        sim: Simulation,
        port: int = 0,
        token: str = DEMO_TOKEN,
        walls_file: Path | None = None,
    ) -> None:
        # loopback only: the demo never listens on another interface
        super().__init__(("127.0.0.1", port), _Handler)
        self.sim = sim
        self.token = token
        self.users = dict(DEMO_USERS)
        self.faults = Faults()
        self.wall = WallShare(layouts_dir(), store=walls_file)
        self.recorder: Recorder | None = None  # the demo's recorder, once streams run
        # the longest a hanging GET of the wall's state is held (the contract allows 30 s;
        # the contract tests shorten it so that a generated wait=30 does not hold the run)
        self.longest_wait_s = 30.0
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

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up before its answer was written (the app closing, a request
        timed out) is ordinary: one line in the log, not a traceback on stderr."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError):
            log.debug("demo backend: %s left before its answer: %s", client_address, exc)
            return
        super().handle_error(request, client_address)

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
