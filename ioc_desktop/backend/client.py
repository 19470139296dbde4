"""A blocking HTTP client for the IOC backend.

Blocking on purpose: it is small and easy to test, and the app never calls it on the UI
thread (see `sync.py`, which runs it in an executor). Every call has a timeout, every answer is
validated against the OpenAPI contract, and every failure becomes a `BackendError` whose message
an operator can read.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast
from urllib.parse import quote, urlencode, urlsplit

import requests

from ioc_desktop.backend import contract
from ioc_desktop.backend.analytics import AiEvent, DetectionFrame, Playback
from ioc_desktop.backend.models import (
    AirQualityStation,
    Area,
    BreakdownItem,
    Camera,
    CitizenReport,
    HotTopic,
    Incident,
    Kpi,
    KpiSeries,
    WallLeaseInfo,
    parse_time,
)
from ioc_desktop.i18n import translate
from ioc_desktop.logs import redact

log = logging.getLogger(__name__)
T = TypeVar("T")


def _year_back(t: datetime) -> datetime:
    """The same moment a year earlier (29 February: the 28th)."""
    try:
        return t.replace(year=t.year - 1)
    except ValueError:
        return t.replace(year=t.year - 1, day=28)


class BackendError(Exception):
    """Base of every failure the client reports; `str()` is meant for the operator."""


class BackendUnreachable(BackendError):
    pass


class BackendTimeout(BackendError):
    pass


class BackendBadResponse(BackendError):
    """Malformed JSON or a payload that breaks the contract."""


class RequestBreaksContract(BackendError):
    """A request the client was about to send that the contract forbids (a bug here, or a
    value from elsewhere no backend may be sent): it is not sent."""


class BackendHttpError(BackendError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class BackendUnauthorized(BackendHttpError):
    """HTTP 401: the token is missing, wrong or expired; signing in again is the way out."""


def http_error(status: int, path: str) -> BackendHttpError:
    if status == 401:
        return BackendUnauthorized(
            401,
            translate("client", "{path}: máy chủ không nhận phiên đăng nhập (HTTP 401)").format(
                path=path
            ),
        )
    return BackendHttpError(status, f"{path}: HTTP {status}")


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    expires_in_s: int


class ActionConflict(BackendError):
    """Someone changed the incident first (HTTP 409): `current` is the incident as it is now."""

    def __init__(self, message: str, current: Incident, current_json: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current
        self.current_json = current_json


class ActionRejected(BackendError):
    """The backend refused the action for good (4xx other than 409): retrying cannot help."""

    def __init__(
        self,
        status: int,
        message: str,
        current: Incident | None = None,
        current_json: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.current = current
        self.current_json = current_json


class WriteRefused(BackendError):
    """A shared-wall write the backend refused (409 stale version, 422 invalid, …);
    `current` is the value as it is now when the backend sent it (409)."""

    def __init__(self, status: int, message: str, current: dict[str, Any] | None) -> None:
        super().__init__(message)
        self.status = status
        self.current = current


@dataclass(frozen=True)
class WallState:
    version: int
    layout: str
    incident_id: str | None
    updated_by: str
    updated_at: str

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> WallState:
        return cls(d["version"], d["layout"], d["incident_id"], d["updated_by"], d["updated_at"])


class WallHeld(BackendError):
    """HTTP 423: the wall's lease is someone else's (or no one's): `lease` says whose."""

    def __init__(self, message: str, lease: WallLeaseInfo | None) -> None:
        super().__init__(message)
        self.lease = lease


@dataclass(frozen=True)
class Timeouts:
    connect_s: float = 2.0
    read_s: float = 5.0


MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""One answer may cost this much at most: a backend gone wrong (or a hostile proxy) that
sends a gigabyte is refused, not read into memory. Parsing JSON holds Python's lock the whole
time (17 ms a MiB of incidents and cameras here): 16 MiB holds the UI thread 0.3 s at most."""
# a province's open citizen reports run to ~5,000 (bench/province_scale.py); the cap is
# against an answer that never ends, not against a real province
MAX_ITEMS = 20000
# a big list held between polls (changes asked for with `since`) is asked for whole again at
# least this often: what the backend deleted, or a backend that restarted, is seen then
RESYNC_S = 300.0
MAX_ETAGS = 512  # answers kept for If-None-Match (a wall asks a few dozen paths)
"""A list answer keeps at most this many entries (a province has hundreds of cameras and
incidents a day, not tens of thousands): what one answer can cost the wall is bounded."""


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes, path: str) -> Any:
    """Strict JSON: NaN and Infinity refused (Python's json takes them, JSON does not, and a NaN
    coordinate reached the map), nesting too deep for the parser refused, never a crash."""
    try:
        return json.loads(raw, parse_constant=_no_constants)
    except RecursionError as exc:
        raise BackendBadResponse(
            translate("client", "{path}: JSON lồng quá sâu").format(path=path)
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackendBadResponse(
            translate("client", "{path}: JSON hỏng ({reason})").format(path=path, reason=exc)
        ) from exc


RAW_KEYS = ("id", "code", "service_request_id")


def raw_unique(rows: list[Any]) -> list[Any]:
    """The entries of a list answer, each id (and version) once, before any is validated: a
    backend repeating its list 100× cost the worker threads 100× the validation, and the UI
    thread, waiting on Python's lock meanwhile, stalled for seconds (the shift test saw 5.3 s).
    An entry with no id is kept as it is (validation will judge it)."""
    seen: set[tuple[str, Any, Any]] = set()
    out: list[Any] = []
    for row in rows:
        if isinstance(row, dict):
            name = next((k for k in RAW_KEYS if isinstance(row.get(k), str | int)), None)
            if name is not None:
                key = (name, row[name], row.get("version"))
                if key in seen:
                    continue
                seen.add(key)
        out.append(row)
    return out


@dataclass
class HeldList:
    """A big list the client holds between polls: asked for whole now and then, in between
    only for what changed since the newest change it holds (the backend's own time, so the
    two clocks never meet)."""

    items: dict[Any, Any] = field(default_factory=dict)  # id → parsed entry, in arrival order
    since: str | None = None  # the newest change held, as the backend wrote it
    newest: Any = None  # that time, parsed
    whole_at: float = 0.0  # time.monotonic() of the last whole answer
    result: list[Any] = field(default_factory=list)

    def note_change(self, stamp: Any) -> None:
        if isinstance(stamp, str):
            try:
                t = parse_time(stamp)
            except ValueError:
                return
            if self.newest is None or t > self.newest:
                self.newest, self.since = t, stamp


def unique_items(items: list[T], key: Callable[[T], Any]) -> list[T]:
    """The first entry of each id, in order: a list answer that repeats its entries (seen: 100×
    the same six stations, 600 markers, a 950 ms stall of the UI thread) costs what it says."""
    seen: set[Any] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def segment(value: str) -> str:
    """One path segment from a value (an id, a name): '/', '?', '#' and the rest quoted, so
    an id from the backend can never change which path is asked for."""
    return quote(value, safe="")


class ContractLog:
    """Which operations broke the contract, and why: told once per operation when it starts
    (one log line with the reason), again only when it keeps the contract again and then
    breaks anew. The client runs in a thread pool, hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._broken: dict[str, str] = {}

    def broke(self, method: str, path: str, reason: str, direction: str = "answer") -> None:
        op = f"{method} {contract.operation_path(path)}"
        with self._lock:
            first = op not in self._broken
            self._broken[op] = f"{direction}: {reason}"
        if first:
            log.warning("contract: %s: the %s breaks it: %s", op, direction, reason)

    def kept(self, method: str, path: str) -> None:
        op = f"{method} {contract.operation_path(path)}"
        with self._lock:
            was = self._broken.pop(op, None)
        if was is not None:
            log.info("contract: %s keeps it again", op)

    def broken(self) -> dict[str, str]:
        """Operation → the latest reason, for diagnostics and the self-test."""
        with self._lock:
            return dict(self._broken)


class BackendClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeouts: Timeouts | None = None,
        verify: bool | str = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts or Timeouts()
        self._session = requests.Session()
        self._dropped: dict[str, int] = {}  # per path: entries dropped last time (logged once)
        self.contract_log = ContractLog()
        self._etags: dict[str, tuple[str, Any]] = {}  # GET path+query → (ETag, its answer)
        self._etag_lock = threading.Lock()
        self._parsed_last: dict[str, tuple[Any, Any]] = {}
        self.not_modified = 0  # answers the backend said had not changed (304)
        self.conditional = True  # ask with If-None-Match (off: the bench's baseline)
        self.incremental = True  # big lists: only what changed, with since (off: baseline)
        self._lists: dict[str, HeldList] = {}
        self.wall = "main"  # the wall whose state, lease and journal this console uses
        self._session.verify = verify
        self._session.headers["Accept"] = "application/json"
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self._session.close()

    def set_token(self, token: str | None) -> None:
        """The bearer token every later request carries (None: none)."""
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        else:
            self._session.headers.pop("Authorization", None)

    def sign_in(self, username: str, password: str) -> TokenGrant:
        """POST /api/v1/auth/token; on success the client uses the new token at once.
        Raises BackendUnauthorized for a wrong name or password."""
        path = "/api/v1/auth/token"
        resp = self._send(
            "POST",
            path,
            json={"username": username, "password": password},
            headers={"Authorization": None},  # an old token has no say in a sign-in
        )
        if resp.status_code == 401:
            raise BackendUnauthorized(401, translate("client", "Sai tên đăng nhập hoặc mật khẩu"))
        payload = self._answer(resp, path, "TokenGrant", array=False, method="POST")
        grant = TokenGrant(str(payload["access_token"]), int(payload["expires_in"]))
        self.set_token(grant.access_token)
        return grant

    def _send(
        self,
        method: str,
        path: str,
        *,
        stream: bool = False,
        timeout: tuple[float, float] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """One request with the client's timeouts, checked against the contract before it
        leaves (RequestBreaksContract: not sent); transport failures become the two errors
        that mean "nothing came back" (the link status tells them from wrong answers)."""
        prepared = self._session.prepare_request(
            requests.Request(method, f"{self.base_url}{path}", **kwargs)
        )
        self._check_request(method, path, prepared)
        try:
            return self._session.send(
                prepared,
                timeout=timeout or (self.timeouts.connect_s, self.timeouts.read_s),
                stream=stream,
                allow_redirects=True,
            )
        except requests.Timeout as exc:
            raise BackendTimeout(
                translate("client", "máy chủ không trả lời {path} trong {seconds} giây").format(
                    path=path, seconds=f"{self.timeouts.read_s:g}"
                )
            ) from exc
        except requests.RequestException as exc:  # refused, reset, DNS, TLS, bad URL…
            raise BackendUnreachable(
                translate("client", "không kết nối được máy chủ {url}").format(
                    url=redact(self.base_url)
                )
            ) from exc

    def _check_request(self, method: str, path: str, prepared: requests.PreparedRequest) -> None:
        """What the client sends is held to the document as the server holds it. A missing
        token is not the client's fault (signed out): the backend's 401 says it."""
        body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
        problem = contract.request_problem(
            method,
            urlsplit(path).path,
            urlsplit(prepared.url or "").query,
            {k: v for k, v in prepared.headers.items() if isinstance(v, str)},
            body if isinstance(body, bytes) else None,
        )
        if problem is None or problem.status == 401:
            return
        self.contract_log.broke(method, path, problem.message, "request")
        raise RequestBreaksContract(
            translate("client", "{path}: yêu cầu sai hợp đồng, không gửi: {why}").format(
                path=path, why=problem.message
            )
        )

    def _get(self, path: str, schema: str, *, array: bool = False, **params: Any) -> Any:
        """The answer, asked for only if it changed: the ETag of the last answer goes in
        If-None-Match, and a 304 gives back that answer as it was (already validated), so
        an unchanged list costs neither the bytes nor the checking again."""
        query = {k: v for k, v in params.items() if v is not None}
        key = path + "?" + urlencode(sorted((k, str(v)) for k, v in query.items()))
        with self._etag_lock:
            held = self._etags.get(key) if self.conditional else None
        headers = {"If-None-Match": held[0]} if held else {}
        resp = self._send("GET", path, params=query, headers=headers, stream=True)
        if resp.status_code == 304 and held is not None:
            resp.close()
            self.not_modified += 1
            return held[1]
        payload = self._answer(resp, path, schema, array=array)
        etag = resp.headers.get("ETag")
        with self._etag_lock:
            if etag and len(etag) <= 256:
                self._etags[key] = (etag, payload)
                while len(self._etags) > MAX_ETAGS:  # the oldest asked for goes first
                    self._etags.pop(next(iter(self._etags)))
            else:
                self._etags.pop(key, None)
        return payload

    def _unchanged(self, path: str, rows: Any, parse: Callable[[], T]) -> T:
        """`parse()` of the rows, or what it gave last time when the rows are the very same
        answer (a 304): parsing thousands of entries again would change nothing."""
        last = self._parsed_last.get(path)
        if last is not None and last[0] is rows:
            return cast(T, last[1])
        result = parse()
        self._parsed_last[path] = (rows, result)
        return result

    def _body(self, resp: requests.Response, path: str) -> Any:
        """The answer's JSON, read up to MAX_ANSWER_BYTES."""
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_content(65536):
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise BackendBadResponse(
                        translate("client", "{path}: câu trả lời lớn quá {mib} MiB").format(
                            path=path, mib=MAX_ANSWER_BYTES // (1024 * 1024)
                        )
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise BackendUnreachable(
                translate("client", "{path}: mất kết nối khi đang nhận câu trả lời").format(
                    path=path
                )
            ) from exc
        finally:
            resp.close()
        return parse_json(b"".join(chunks), path)

    def _answer(
        self, resp: requests.Response, path: str, schema: str, *, array: bool, method: str = "GET"
    ) -> Any:
        """The JSON of a 200 answer that keeps the contract; every other answer raises. In a
        list, an entry that breaks the contract is dropped (and logged), the rest kept: one
        bad camera must not blank the whole catalogue."""
        if resp.status_code != 200:
            resp.close()
            raise http_error(resp.status_code, path)
        payload = self._body(resp, path)
        if array and isinstance(payload, list):
            kept = self._good_items(payload, path, schema)
            if path not in self._dropped:
                self.contract_log.kept(method, path)
            return kept
        problem = contract.first_error(schema, payload, array=array)
        if problem:
            raise self._breaks(path, problem, method)
        self.contract_log.kept(method, path)
        return payload

    def _breaks(self, path: str, where: str, method: str = "GET") -> BackendBadResponse:
        """The error for an answer that breaks the contract, told once per operation."""
        self.contract_log.broke(method, path, where)
        return BackendBadResponse(
            translate("client", "{path}: câu trả lời sai hợp đồng tại {where}").format(
                path=path, where=where
            )
        )

    def _good_items(self, payload: list[Any], path: str, schema: str) -> list[Any]:
        kept: list[Any] = []
        first: str | None = None
        dropped = 0
        for item in raw_unique(payload)[:MAX_ITEMS]:
            problem = contract.first_error(schema, item)
            if problem is None:
                kept.append(item)
            else:
                dropped += 1
                first = first or problem
        if len(payload) > MAX_ITEMS:
            log.warning("%s: %d entries, kept the first %d", path, len(payload), MAX_ITEMS)
        if dropped:
            self._note_dropped(path, dropped, len(payload), first or "")
            if not kept:
                raise self._breaks(path, first or "")
        else:
            self._dropped.pop(path, None)
        return kept

    def _note_dropped(self, path: str, dropped: int, total: int, first: str) -> None:
        """Told when the operation starts breaking the contract (with the first reason), and
        at info level when the number changes; not on every poll."""
        if self._dropped.get(path) != dropped:
            known = path in self._dropped
            self._dropped[path] = dropped
            reason = f"dropped {dropped} of {total} entries (first: {first})"
            if known:
                log.info("%s: %s", path, reason)
            else:
                self.contract_log.broke("GET", path, reason)

    def _parsed(
        self, path: str, rows: list[Any], parse: Callable[[Any], T], key: Callable[[T], Any]
    ) -> list[T]:
        """Each entry parsed (one that cannot be, e.g. coordinates off the globe, is dropped
        and logged), duplicates by id merged."""
        out: list[T] = []
        bad = 0
        for row in rows:
            try:
                out.append(parse(row))
            except (ValueError, KeyError, TypeError, IndexError):
                bad += 1
        if bad:
            self._note_dropped(f"{path} (values)", bad, len(rows), "invalid values")
        return unique_items(out, key)

    def health(self) -> dict[str, Any]:
        result: dict[str, Any] = self._get("/api/v1/health", "Health")
        return result

    def areas(self) -> list[Area]:
        path = "/api/v1/areas"
        rows = self._get(path, "Area", array=True)
        return self._unchanged(
            path, rows, lambda: self._parsed(path, rows, Area.from_json, lambda a: a.code)
        )

    def area_geometries(self) -> dict[str, dict[str, Any]]:
        """Every ward's geometry in one call, by ward code (a feature that breaks the
        contract is left out and told, the rest kept)."""
        path = "/api/v1/areas/geometry"
        collection = self._get(path, "AreaFeatureCollection")
        features = self._good_items(collection["features"], path, "AreaFeature")
        return {str(f["properties"]["code"]): f for f in features}

    def area_geometry(self, code: str) -> dict[str, Any]:
        path = f"/api/v1/areas/{segment(code)}/geometry"
        feature: dict[str, Any] = self._get(path, "AreaFeature")
        return feature

    def kpis(self, system: int | None = None, area: str | None = None) -> list[Kpi]:
        data = self._get("/api/v1/kpis", "Kpi", array=True, system=system, area=area)
        return self._parsed("/api/v1/kpis", data, Kpi.from_json, lambda k: k.id)

    def kpi_series(self, kpi_id: str, interval: str = "PT1M", area: str | None = None) -> KpiSeries:
        path = f"/api/v1/kpis/{segment(kpi_id)}/series"
        data = self._get(path, "Series", interval=interval, area=area)
        series = KpiSeries.from_json(kpi_id, data)
        if series.area_code != area:
            raise BackendBadResponse(f"series of {kpi_id}: asked for area {area}, got another")
        return series

    def kpi_series_last_year(
        self, kpi_id: str, start: datetime, end: datetime, area: str | None = None
    ) -> KpiSeries:
        """The same span a year earlier (the series' from/to a year back), for the trend's
        comparison with the same period last year; its points keep last year's times."""
        path = f"/api/v1/kpis/{segment(kpi_id)}/series"
        span: dict[str, Any] = {
            "from": _year_back(start).isoformat(),
            "to": _year_back(end).isoformat(),
        }
        data = self._get(path, "Series", area=area, **span)
        series = KpiSeries.from_json(kpi_id, data, last_year=True)
        if series.area_code != area:
            raise BackendBadResponse(f"series of {kpi_id}: asked for area {area}, got another")
        return series

    def kpi_breakdown(self, kpi_id: str) -> list[BreakdownItem]:
        data = self._get(f"/api/v1/kpis/{segment(kpi_id)}/breakdown", "Breakdown", by="area")
        return [
            BreakdownItem(i["area_code"], i["area_name"], float(i["value"])) for i in data["items"]
        ]

    def hot_topics(self) -> list[HotTopic]:
        """System 7's hot topics (a backend without social listening answers 404)."""
        data = self._get("/api/v1/social/hot-topics", "HotTopics")
        return [HotTopic.from_json(t) for t in data["topics"]]

    def incidents(self) -> list[Incident]:
        """Every incident the backend lists (a repeated one keeps its newest version)."""
        return self._held_list(
            "/api/v1/incidents",
            "Incident",
            Incident.from_json,
            lambda i: i.id,
            ("dateModified", "dateIssued"),
            newer=lambda new, old: new.version >= old.version,
            same=lambda i: (i.id, i.version),
        )

    def reports(self) -> list[CitizenReport]:
        """The open citizen reports (the backlog): a report that closes leaves the list."""
        return self._held_list(
            "/api/v1/reports",
            "CitizenReport",
            CitizenReport.from_json,
            lambda r: r.service_request_id,
            ("updated_datetime", "requested_datetime"),
            keep=lambda r: r.status == "open",
            whole={"status": "open"},
        )

    def _held_list(
        self,
        path: str,
        schema: str,
        parse: Callable[[Any], T],
        ident: Callable[[T], Any],
        stamps: tuple[str, str],
        *,
        keep: Callable[[T], bool] = lambda _: True,
        newer: Callable[[T, T], bool] = lambda _new, _old: True,
        same: Callable[[T], Any] | None = None,
        whole: dict[str, str] | None = None,
    ) -> list[T]:
        """A big list (thousands of reports at a province's scale) held between polls: asked
        for whole (`whole` as its query) at first and every RESYNC_S, and in between only for
        what changed since the newest change held (`since`, compared by the backend on its
        own clock). Only the changed entries are parsed again. The same list object comes
        back while nothing changed, so the store's comparison costs nothing. `stamps`: the
        row's field of its last change, and the one to use when it lacks it; of two entries
        with one id, `newer` says which stays (`same`: what makes a repeat a repeat)."""
        held = self._lists.get(path)
        whole_now = held is None or not self.incremental or held.since is None
        if held is None or whole_now or time.monotonic() - held.whole_at > RESYNC_S:
            rows = self._get(path, schema, array=True, **(whole or {}))
            held = HeldList(whole_at=time.monotonic())
            self._lists[path] = held
        else:
            rows = self._get(path, schema, array=True, since=held.since)
        for row in rows:
            held.note_change(row.get(stamps[0], row.get(stamps[1])))
        items = self._unchanged(path, rows, lambda: self._parsed(path, rows, parse, same or ident))
        changed = not held.result
        for item in items:
            key, old = ident(item), held.items.get(ident(item))
            if not keep(item):
                changed |= held.items.pop(key, None) is not None
            elif old is None or (old != item and newer(item, old)):
                held.items[key] = item
                changed = True
        if changed:
            held.result = list(held.items.values())
        return cast(list[T], held.result)

    def air_quality(self) -> list[AirQualityStation]:
        path = "/api/v1/entities"
        data = self._get(path, "AirQualityObserved", array=True, type="AirQualityObserved")
        return self._parsed(path, data, AirQualityStation.from_json, lambda s: s.id)

    def cameras(self) -> list[Camera]:
        path = "/api/v1/cameras"
        rows = self._get(path, "Camera", array=True)
        return self._unchanged(
            path, rows, lambda: self._parsed(path, rows, Camera.from_json, lambda c: c.id)
        )

    def ai_events(self, after: int, camera_id: str | None = None) -> tuple[int, list[AiEvent]]:
        """AI-camera alerts after a cursor: (the next cursor, the alerts, oldest first)."""
        path = "/api/v1/ai-events"
        page = self._get(path, "AiEventPage", after=after, camera_id=camera_id)
        rows = self._parsed(path, page["events"], AiEvent.from_json, lambda e: e.id)
        return int(page["cursor"]), rows

    def camera_detections(self, camera_id: str, start: str, end: str) -> list[DetectionFrame]:
        """A camera's detection frames between two contract times (at most 30 s)."""
        path = f"/api/v1/cameras/{segment(camera_id)}/detections"
        span: dict[str, Any] = {"from": start, "to": end}  # "from" is a Python keyword
        body = self._get(path, "DetectionFrames", **span)
        return [DetectionFrame.from_json(f) for f in body["frames"]]

    def playback(self, camera_id: str, start: str, end: str | None = None) -> Playback:
        """Instant replay: a playback of the camera's recording from `start` (contract
        times). Raises BackendHttpError 404 (nothing recorded then), 503 (no recorder)."""
        path = f"/api/v1/cameras/{segment(camera_id)}/playback"
        span: dict[str, Any] = {"from": start, "to": end}
        return Playback.from_json(self._get(path, "Playback", **span))

    def ai_snapshot(self, url: str, max_bytes: int = 8 * 1024 * 1024) -> bytes:
        """An alert's snapshot (a path on this backend): the picture's bytes."""
        path = url if url.startswith("/") else urlsplit(url).path
        resp = self._send("GET", path, stream=True, headers={"Accept": "image/*"})
        return self._picture(resp, path, max_bytes)

    def camera_snapshot(self, url: str, max_bytes: int = 4 * 1024 * 1024) -> bytes:
        """A camera's picture now (its snapshot_url): a path on this backend is asked with
        the token; the camera's own http(s) URL without it (the token never leaves for
        another host; credentials in the URL are the camera's, sent as basic auth). Short
        timeouts: a picture that comes late is an old one."""
        timeout = (min(2.0, self.timeouts.connect_s), min(4.0, self.timeouts.read_s))
        parts, base = urlsplit(url), urlsplit(self.base_url)
        if url.startswith("/") or (parts.scheme, parts.netloc) == (base.scheme, base.netloc):
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            resp = self._send(
                "GET", path, stream=True, timeout=timeout, headers={"Accept": "image/*"}
            )
            return self._picture(resp, parts.path, max_bytes)
        if parts.scheme not in ("http", "https"):
            raise BackendBadResponse(f"snapshot URL {redact(url)}: not http(s)")
        try:
            resp = requests.get(
                url, timeout=timeout, stream=True, headers={"Accept": "image/*"}, verify=True
            )
        except requests.RequestException as exc:
            raise BackendUnreachable(redact(url)) from exc
        return self._picture(resp, redact(url), max_bytes)

    @staticmethod
    def _picture(resp: requests.Response, what: str, max_bytes: int) -> bytes:
        try:
            if resp.status_code != 200:
                raise http_error(resp.status_code, what)
            data = resp.raw.read(max_bytes + 1, decode_content=True)
        finally:
            resp.close()
        if len(data) > max_bytes:
            raise BackendBadResponse(f"{what}: picture over {max_bytes} bytes")
        return bytes(data)

    def act_on_incident(self, incident_id: str, version: int, action: dict[str, Any]) -> Incident:
        """POST an officer's action decided on `version`; the incident after it.

        Raises ActionConflict (409, with the current incident), ActionRejected (other 4xx),
        or the transport errors (unreachable, timeout, bad answer, 5xx) that an offline
        queue retries."""
        path = f"/api/v1/incidents/{segment(incident_id)}/actions"
        try:
            resp = self._send("POST", path, json=action, headers={"If-Match": f'"{version}"'})
        except RequestBreaksContract as exc:  # sending it again cannot help
            raise ActionRejected(400, str(exc)) from None
        try:
            payload = self._body(resp, path)
        except BackendBadResponse:
            if resp.status_code >= 500:
                raise http_error(resp.status_code, path) from None
            raise
        if resp.status_code == 200:
            problem = contract.first_error("Incident", payload)
            if problem:
                raise self._breaks(path, problem, "POST")
            self.contract_log.kept("POST", path)
            return Incident.from_json(payload)
        if resp.status_code >= 500 or resp.status_code == 401:
            raise http_error(resp.status_code, path)
        message = str(payload.get("message", "")) if isinstance(payload, dict) else ""
        raw = None
        if isinstance(payload, dict) and not contract.first_error("ActionRefusal", payload):
            raw = payload["incident"]
        current = Incident.from_json(raw) if raw else None
        if resp.status_code == 409 and current is not None and raw is not None:
            raise ActionConflict(message or "changed by someone else", current, raw)
        raise ActionRejected(resp.status_code, message or f"HTTP {resp.status_code}", current, raw)

    # ---- the shared wall ---------------------------------------------------------------

    def wall_layouts(self) -> list[dict[str, Any]]:
        return list(self._get("/api/v1/wall/layouts", "WallLayoutInfo", array=True))

    def wall_layout(self, name: str) -> tuple[int, dict[str, Any]]:
        """(version, layout JSON) of a shared layout; parse it with Layout.from_json."""
        doc = self._get(f"/api/v1/wall/layouts/{segment(name)}", "WallLayoutDoc")
        return int(doc["version"]), dict(doc["layout"])

    def wall_state(self) -> WallState:
        return WallState.from_json(self._get(self._wall("state"), "WallState"))

    def wall_state_change(self, known: int | None, wait_s: int = 25) -> WallState | None:
        """The wall's state once it differs from version `known` (a hanging GET, answered the
        moment a workstation pushes), or None when nothing changed within `wait_s`."""
        path = self._wall("state")
        headers = {} if known is None else {"If-None-Match": f'"{known}"'}
        resp = self._send(
            "GET",
            path,
            params={"wait": wait_s},
            headers=headers,
            stream=True,
            timeout=(self.timeouts.connect_s, wait_s + self.timeouts.read_s),
        )
        if resp.status_code == 304:
            resp.close()
            self.contract_log.kept("GET", path)
            return None
        return WallState.from_json(self._answer(resp, path, "WallState", array=False))

    def _put(
        self,
        path: str,
        body: dict[str, Any],
        version: int | None,
        extra_headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        headers = {} if version is None else {"If-Match": f'"{version}"'}
        headers.update(extra_headers or {})
        try:
            resp = self._send("PUT", path, json=body, headers=headers)
        except RequestBreaksContract as exc:  # sending it again cannot help
            raise WriteRefused(400, str(exc), None) from None
        if resp.status_code >= 500 or resp.status_code == 401:
            resp.close()
            raise http_error(resp.status_code, path)
        payload = self._body(resp, path)
        if not isinstance(payload, dict):
            raise BackendBadResponse(f"{path}: answer is not an object")
        if resp.status_code == 423:
            raise self._held(path, payload, "PUT")
        if resp.status_code != 200:
            refusal = "WallRefusal" if resp.status_code == 409 else "Error"
            problem = contract.first_error(refusal, payload)
            if problem:  # still a refusal: told, and the message used as far as it goes
                self.contract_log.broke("PUT", path, f"HTTP {resp.status_code}: {problem}")
            current = payload.get("current") if resp.status_code == 409 else None
            raise WriteRefused(
                resp.status_code,
                str(payload.get("message") or f"HTTP {resp.status_code}"),
                current if isinstance(current, dict) else None,
            )
        return payload

    def put_wall_layout(self, layout_json: dict[str, Any], version: int | None) -> int:
        """Share a layout (version: the one it was edited from, None for a new one)."""
        name = str(layout_json.get("name", ""))
        path = f"/api/v1/wall/layouts/{segment(name)}"
        payload = self._put(path, {"layout": layout_json}, version)
        problem = contract.first_error("WallLayoutDoc", payload)
        if problem:
            raise self._breaks(path, problem, "PUT")
        self.contract_log.kept("PUT", path)
        return int(payload["version"])

    def put_wall_state(
        self,
        layout: str,
        incident_id: str | None,
        updated_by: str,
        version: int,
        lease_id: str | None = None,
        why: dict[str, Any] | None = None,
    ) -> WallState:
        """The wall on `layout`, under the wall's lease (WallHeld: someone else holds it)."""
        body: dict[str, Any] = {"layout": layout, "incident_id": incident_id}
        body["updated_by"] = updated_by
        if why:
            body["why"] = why
        headers = {"Wall-Lease": lease_id} if lease_id else {}
        path = self._wall("state")
        payload = self._put(path, body, version, headers)
        problem = contract.first_error("WallState", payload)
        if problem:
            raise self._breaks(path, problem, "PUT")
        self.contract_log.kept("PUT", path)
        return WallState.from_json(payload)

    # ---- the wall's lease and journal --------------------------------------------------

    def _wall(self, what: str) -> str:
        return f"/api/v1/walls/{segment(self.wall)}/{what}"

    def _held(self, path: str, payload: dict[str, Any], method: str) -> WallHeld:
        problem = contract.first_error("WallLockRefusal", payload)
        if problem:
            self.contract_log.broke(method, path, f"HTTP 423: {problem}")
            return WallHeld(str(payload.get("message") or "HTTP 423"), None)
        return WallHeld(str(payload["message"]), WallLeaseInfo.from_json(payload["lease"]))

    def wall_lease(self) -> WallLeaseInfo:
        return WallLeaseInfo.from_json(self._get(self._wall("lease"), "WallLease"))

    def take_wall_lease(
        self,
        holder: str,
        workstation: str,
        ttl_s: int = 30,
        lease_id: str | None = None,
        takeover_reason: str | None = None,
    ) -> WallLeaseInfo:
        """Take or renew the wall's lease; WallHeld (with whose) when someone else holds it
        and no reason was given, or when this lease was taken over."""
        path = self._wall("lease")
        body: dict[str, Any] = {"holder": holder, "workstation": workstation, "ttl_s": ttl_s}
        if lease_id:
            body["lease_id"] = lease_id
        if takeover_reason:
            body["takeover_reason"] = takeover_reason
        resp = self._send("PUT", path, json=body)
        if resp.status_code >= 500 or resp.status_code == 401:
            resp.close()
            raise http_error(resp.status_code, path)
        payload = self._body(resp, path)
        if resp.status_code == 423 and isinstance(payload, dict):
            raise self._held(path, payload, "PUT")
        if resp.status_code != 200:
            raise http_error(resp.status_code, path)
        problem = contract.first_error("WallLeaseGrant", payload)
        if problem:
            raise self._breaks(path, problem, "PUT")
        self.contract_log.kept("PUT", path)
        return WallLeaseInfo.from_json(payload)

    def release_wall_lease(self, lease_id: str) -> None:
        """Give the wall back (a lease that already ran out is not an error)."""
        path = self._wall("lease")
        resp = self._send("DELETE", path, headers={"Wall-Lease": lease_id})
        resp.close()
        if resp.status_code >= 500 or resp.status_code in (401, 404):
            raise http_error(resp.status_code, path)

    def wall_journal(
        self, after: int = 0, incident: str | None = None
    ) -> tuple[int, list[dict[str, Any]]]:
        """(cursor, entries) of the wall's journal after `after`, oldest first."""
        page = self._get(self._wall("journal"), "JournalPage", after=after, incident=incident)
        return int(page["cursor"]), list(page["entries"])

    # ---- walls of several stations -------------------------------------------------------

    def walls(self) -> list[dict[str, Any]]:
        """The walls' definitions (check each with layout.stations.WallDefinition)."""
        return list(self._get("/api/v1/walls", "WallDefinition", array=True))

    def wall_stations(self, wall: str) -> list[dict[str, Any]]:
        path = f"/api/v1/walls/{segment(wall)}/stations"
        return list(self._get(path, "StationStatus", array=True))

    def report_station(self, wall: str, station: str, report: dict[str, Any]) -> None:
        """A station says it is up and what it shows."""
        path = f"/api/v1/walls/{segment(wall)}/stations/{segment(station)}"
        payload = self._put(path, report, None)
        problem = contract.first_error("StationStatus", payload)
        if problem:
            raise self._breaks(path, problem, "PUT")
        self.contract_log.kept("PUT", path)

    def upload_station_log(
        self, wall: str, station: str, entries: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Send a station's log entries; the backend's receipt (accepted, duplicates, refused)."""
        path = f"/api/v1/walls/{segment(wall)}/stations/{segment(station)}/log"
        resp = self._send("POST", path, json={"entries": entries})
        if resp.status_code != 200:
            resp.close()
            raise http_error(resp.status_code, path)
        receipt: dict[str, Any] = self._answer(
            resp, path, "StationLogReceipt", array=False, method="POST"
        )
        return receipt

    def station_log(self, wall: str, station: str) -> list[dict[str, Any]]:
        path = f"/api/v1/walls/{segment(wall)}/stations/{segment(station)}/log"
        return list(self._get(path, "StationLogPage")["entries"])
