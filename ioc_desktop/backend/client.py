"""A blocking HTTP client for the IOC backend.

Blocking on purpose: it is small and easy to test, and the app never calls it on the UI
thread (see `sync.py`, which runs it in an executor). Every call has a timeout, every answer is
validated against the OpenAPI contract, and every failure becomes a `BackendError` whose message
an operator can read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests

from ioc_desktop.backend import contract
from ioc_desktop.backend.models import (
    AirQualityStation,
    Area,
    BreakdownItem,
    Camera,
    CitizenReport,
    Incident,
    Kpi,
    KpiSeries,
)
from ioc_desktop.i18n import translate


class BackendError(Exception):
    """Base of every failure the client reports; `str()` is meant for the operator."""


class BackendUnreachable(BackendError):
    pass


class BackendTimeout(BackendError):
    pass


class BackendBadResponse(BackendError):
    """Malformed JSON or a payload that breaks the contract."""


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


@dataclass(frozen=True)
class Timeouts:
    connect_s: float = 2.0
    read_s: float = 5.0


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
        try:
            resp = self._session.post(
                f"{self.base_url}{path}",
                json={"username": username, "password": password},
                headers={"Authorization": None},  # an old token has no say in a sign-in
                timeout=(self.timeouts.connect_s, self.timeouts.read_s),
            )
        except requests.Timeout as exc:
            raise BackendTimeout(f"Backend did not answer {path} in time") from exc
        except requests.ConnectionError as exc:
            raise BackendUnreachable(f"Backend unreachable at {self.base_url}") from exc
        if resp.status_code == 401:
            raise BackendUnauthorized(401, translate("client", "Sai tên đăng nhập hoặc mật khẩu"))
        payload = self._answer(resp, path, "TokenGrant")
        grant = TokenGrant(str(payload["access_token"]), int(payload["expires_in"]))
        self.set_token(grant.access_token)
        return grant

    def _get(self, path: str, schema: str, *, array: bool = False, **params: Any) -> Any:
        url = f"{self.base_url}{path}"
        query = {k: v for k, v in params.items() if v is not None}
        try:
            resp = self._session.get(
                url, params=query, timeout=(self.timeouts.connect_s, self.timeouts.read_s)
            )
        except requests.Timeout as exc:
            raise BackendTimeout(
                f"Backend did not answer {path} within {self.timeouts.read_s:g} s"
            ) from exc
        except requests.ConnectionError as exc:
            raise BackendUnreachable(f"Backend unreachable at {self.base_url}") from exc
        return self._answer(resp, path, schema, array=array)

    @staticmethod
    def _answer(resp: requests.Response, path: str, schema: str, *, array: bool = False) -> Any:
        """The JSON of a 200 answer that keeps the contract; every other answer raises."""
        if resp.status_code != 200:
            raise http_error(resp.status_code, path)
        try:
            payload = resp.json()
        except (json.JSONDecodeError, ValueError) as exc:
            raise BackendBadResponse(f"{path}: malformed JSON ({exc})") from exc
        problem = contract.first_error(schema, payload, array=array)
        if problem:
            raise BackendBadResponse(f"{path}: answer breaks the contract at {problem}")
        return payload

    def health(self) -> dict[str, Any]:
        result: dict[str, Any] = self._get("/api/v1/health", "Health")
        return result

    def areas(self) -> list[Area]:
        return [Area.from_json(d) for d in self._get("/api/v1/areas", "Area", array=True)]

    def area_geometry(self, code: str) -> dict[str, Any]:
        feature: dict[str, Any] = self._get(f"/api/v1/areas/{code}/geometry", "AreaFeature")
        return feature

    def kpis(self, system: int | None = None, area: str | None = None) -> list[Kpi]:
        data = self._get("/api/v1/kpis", "Kpi", array=True, system=system, area=area)
        return [Kpi.from_json(d) for d in data]

    def kpi_series(self, kpi_id: str, interval: str = "PT1M", area: str | None = None) -> KpiSeries:
        data = self._get(f"/api/v1/kpis/{kpi_id}/series", "Series", interval=interval, area=area)
        series = KpiSeries.from_json(kpi_id, data)
        if series.area_code != area:
            raise BackendBadResponse(f"series of {kpi_id}: asked for area {area}, got another")
        return series

    def kpi_breakdown(self, kpi_id: str) -> list[BreakdownItem]:
        data = self._get(f"/api/v1/kpis/{kpi_id}/breakdown", "Breakdown", by="area")
        return [
            BreakdownItem(i["area_code"], i["area_name"], float(i["value"])) for i in data["items"]
        ]

    def incidents(self) -> list[Incident]:
        return [
            Incident.from_json(d) for d in self._get("/api/v1/incidents", "Incident", array=True)
        ]

    def reports(self) -> list[CitizenReport]:
        data = self._get("/api/v1/reports", "CitizenReport", array=True)
        return [CitizenReport.from_json(d) for d in data]

    def air_quality(self) -> list[AirQualityStation]:
        data = self._get(
            "/api/v1/entities", "AirQualityObserved", array=True, type="AirQualityObserved"
        )
        return [AirQualityStation.from_json(d) for d in data]

    def cameras(self) -> list[Camera]:
        return [Camera.from_json(d) for d in self._get("/api/v1/cameras", "Camera", array=True)]

    def act_on_incident(self, incident_id: str, version: int, action: dict[str, Any]) -> Incident:
        """POST an officer's action decided on `version`; the incident after it.

        Raises ActionConflict (409, with the current incident), ActionRejected (other 4xx),
        or the transport errors (unreachable, timeout, bad answer, 5xx) that an offline
        queue retries."""
        path = f"/api/v1/incidents/{incident_id}/actions"
        problem = contract.first_error("IncidentAction", action)
        if problem:
            raise ActionRejected(400, f"{path}: action breaks the contract at {problem}")
        try:
            resp = self._session.post(
                f"{self.base_url}{path}",
                json=action,
                headers={"If-Match": f'"{version}"'},
                timeout=(self.timeouts.connect_s, self.timeouts.read_s),
            )
        except requests.Timeout as exc:
            raise BackendTimeout(f"Backend did not answer {path} in time") from exc
        except requests.ConnectionError as exc:
            raise BackendUnreachable(f"Backend unreachable at {self.base_url}") from exc
        try:
            payload = resp.json()
        except (json.JSONDecodeError, ValueError) as exc:
            if resp.status_code >= 500:
                raise BackendHttpError(
                    resp.status_code, f"{path}: HTTP {resp.status_code}"
                ) from exc
            raise BackendBadResponse(f"{path}: malformed JSON ({exc})") from exc
        if resp.status_code == 200:
            problem = contract.first_error("Incident", payload)
            if problem:
                raise BackendBadResponse(f"{path}: answer breaks the contract at {problem}")
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
        doc = self._get(f"/api/v1/wall/layouts/{name}", "WallLayoutDoc")
        return int(doc["version"]), dict(doc["layout"])

    def wall_state(self) -> WallState:
        return WallState.from_json(self._get("/api/v1/wall/state", "WallState"))

    def _put(self, path: str, body: dict[str, Any], version: int | None) -> dict[str, Any]:
        headers = {} if version is None else {"If-Match": f'"{version}"'}
        try:
            resp = self._session.put(
                f"{self.base_url}{path}",
                json=body,
                headers=headers,
                timeout=(self.timeouts.connect_s, self.timeouts.read_s),
            )
        except requests.Timeout as exc:
            raise BackendTimeout(f"Backend did not answer {path} in time") from exc
        except requests.ConnectionError as exc:
            raise BackendUnreachable(f"Backend unreachable at {self.base_url}") from exc
        if resp.status_code >= 500 or resp.status_code == 401:
            raise http_error(resp.status_code, path)
        try:
            payload = resp.json()
        except (json.JSONDecodeError, ValueError) as exc:
            raise BackendBadResponse(f"{path}: malformed JSON ({exc})") from exc
        if not isinstance(payload, dict):
            raise BackendBadResponse(f"{path}: answer is not an object")
        if resp.status_code != 200:
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
        path = f"/api/v1/wall/layouts/{name}"
        payload = self._put(path, {"layout": layout_json}, version)
        problem = contract.first_error("WallLayoutDoc", payload)
        if problem:
            raise BackendBadResponse(f"{path}: answer breaks the contract at {problem}")
        return int(payload["version"])

    def put_wall_state(
        self, layout: str, incident_id: str | None, updated_by: str, version: int
    ) -> WallState:
        body = {"layout": layout, "incident_id": incident_id, "updated_by": updated_by}
        payload = self._put("/api/v1/wall/state", body, version)
        problem = contract.first_error("WallState", payload)
        if problem:
            raise BackendBadResponse(f"/api/v1/wall/state: answer breaks the contract at {problem}")
        return WallState.from_json(payload)
