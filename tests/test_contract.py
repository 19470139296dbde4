"""The demo backend answers exactly what the OpenAPI document promises."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from openapi_spec_validator import validate

from ioc_desktop.backend import contract
from ioc_desktop.demo.recorder import Recorder, Segment, Track
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation


@pytest.fixture()
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation(SimConfig(hostile_reports=True))).start()
    yield srv
    srv.stop()


def get(srv: DemoHttpServer, path: str, **headers: str) -> requests.Response:
    h = {"Authorization": f"Bearer {DEMO_TOKEN}", **headers}
    return requests.get(srv.base_url + path, headers=h, timeout=5)


def test_openapi_document_is_valid() -> None:
    validate(contract.openapi_document())


def one_second_recorded(folder: Path) -> Recorder:
    """A recorder holding one second of cam01 (2026-01-01 00:00:00 UTC), streams left out."""
    rec = Recorder({}, folder=folder / "rec")
    rec.running = True
    path = folder / "seg.ts"
    path.write_bytes(b"\x47" + bytes(187))
    rec.tracks["cam01-sub"] = Track("cam01-sub", "", folder, [Segment(1767225600.0, path, 188)])
    return rec


def test_every_path_in_the_document_is_served(server: DemoHttpServer, tmp_path: Path) -> None:
    paths = contract.openapi_document()["paths"]
    ward = get(server, "/api/v1/areas").json()[1]["code"]
    with server.sim.lock:  # an AI alert to take a snapshot of: cam01 mid-loop, a wrong-way car
        analytics = server.sim.ai.analytics
        server.sim.ai.step(analytics.frame_time(150), None, server.sim._emit)
    alert = get(server, "/api/v1/ai-events").json()["events"][0]["id"]
    server.recorder = one_second_recorded(tmp_path)
    with server.sim.lock:  # a snapshot kept with an incident
        inc = next(i for i in server.sim.incidents if i["status"] in ("new", "acknowledged"))
        body = {"action": "snapshot", "client_action_id": "c1", "camera_id": "cam01"}
        server.sim.apply_action(inc["id"], "*", {**body, "at": "2026-01-01T00:00:00Z"})
    concrete = {
        "/api/v1/areas/{code}/geometry": f"/api/v1/areas/{ward}/geometry",
        "/api/v1/kpis/{id}/series": "/api/v1/kpis/dvc-ontime-rate/series",
        "/api/v1/kpis/{id}/breakdown": "/api/v1/kpis/dvc-ontime-rate/breakdown?by=area",
        "/api/v1/entities": "/api/v1/entities?type=AirQualityObserved",
        "/api/v1/wall/layouts/{name}": "/api/v1/wall/layouts/overview",
        "/api/v1/walls/{wall}/stations": "/api/v1/walls/main/stations",
        "/api/v1/walls/{wall}/state": "/api/v1/walls/main/state",
        "/api/v1/walls/{wall}/lease": "/api/v1/walls/main/lease",
        "/api/v1/walls/{wall}/journal": "/api/v1/walls/main/journal",
        "/api/v1/walls/{wall}/stations/{station}/log": "/api/v1/walls/main/stations/wall-pc-1/log",
        "/api/v1/ai-events/{id}/snapshot": f"/api/v1/ai-events/{alert}/snapshot",
        "/api/v1/cameras/{id}/detections": "/api/v1/cameras/cam01/detections"
        "?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:01Z",
        "/api/v1/cameras/{id}/recordings": "/api/v1/cameras/cam01/recordings",
        "/api/v1/cameras/{id}/snapshot": "/api/v1/cameras/cam01/snapshot",
        "/api/v1/incidents/{id}/evidence/{evidence_id}/snapshot": f"/api/v1/incidents/{inc['id']}"
        "/evidence/EV-001/snapshot",
        "/api/v1/cameras/{id}/playback": "/api/v1/cameras/cam01/playback?from=2026-01-01T00:00:00Z",
    }
    for path in (p for p, ops in paths.items() if "get" in ops):  # actions: test_incident_*
        resp = get(server, concrete.get(path, path))
        assert resp.status_code == 200, path


@pytest.mark.parametrize(
    ("path", "schema", "array"),
    [
        ("/api/v1/health", "Health", False),
        ("/api/v1/areas", "Area", True),
        ("/api/v1/kpis", "Kpi", True),
        ("/api/v1/kpis?system=8", "Kpi", True),
        ("/api/v1/kpis/mt-aqi-max/series", "Series", False),
        ("/api/v1/kpis/dvc-ontime-rate/breakdown?by=area", "Breakdown", False),
        ("/api/v1/incidents", "Incident", True),
        ("/api/v1/reports", "CitizenReport", True),
        ("/api/v1/entities?type=AirQualityObserved", "AirQualityObserved", True),
        ("/api/v1/entities?type=TrafficFlowObserved", "TrafficFlowObserved", True),
        ("/api/v1/cameras", "Camera", True),
        ("/api/v1/events?after=0", "EventPage", False),
        ("/api/v1/wall/layouts", "WallLayoutInfo", True),
        ("/api/v1/wall/layouts/traffic-incident", "WallLayoutDoc", False),
        ("/api/v1/walls/main/state", "WallState", False),
    ],
)
def test_answers_conform_to_the_schemas(
    server: DemoHttpServer, path: str, schema: str, array: bool
) -> None:
    resp = get(server, path)
    assert resp.status_code == 200
    payload = resp.json()
    assert payload, f"{path} answered nothing to check"
    assert contract.first_error(schema, payload, array=array) is None


def test_a_cameras_snapshot_url_gives_its_picture_now_as_a_jpeg(server: DemoHttpServer) -> None:
    cams = get(server, "/api/v1/cameras").json()
    url = cams[0]["snapshot_url"]
    assert url == "/api/v1/cameras/cam01/snapshot"
    first = get(server, url)
    assert first.status_code == 200 and first.headers["Content-Type"].startswith("image/jpeg")
    assert first.content[:3] == b"\xff\xd8\xff"  # a JPEG's magic
    server.sim.ai.analytics.origin -= 0.4  # ten frames later: the scene moved on
    assert get(server, url).content != first.content
    assert get(server, "/api/v1/cameras/nope/snapshot").status_code == 404
    no_token = requests.get(server.base_url + url, timeout=5)
    assert no_token.status_code == 401


def test_geometry_is_geojson_and_marked_schematic(server: DemoHttpServer) -> None:
    for area in get(server, "/api/v1/areas").json():
        if area["level"] != "ward":
            continue
        feature = get(server, f"/api/v1/areas/{area['code']}/geometry").json()
        assert contract.first_error("AreaFeature", feature) is None
        assert feature["properties"]["schematic"] is True
        ring = feature["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1]


def test_errors_follow_the_contract(server: DemoHttpServer) -> None:
    no_token = requests.get(server.base_url + "/api/v1/kpis", timeout=5)
    assert no_token.status_code == 401
    assert contract.first_error("Error", no_token.json()) is None
    missing = get(server, "/api/v1/kpis/nope/series")
    assert missing.status_code == 404
    assert get(server, "/api/v1/entities?type=Nope").status_code == 400


def test_lists_carry_an_etag_and_honour_if_none_match(server: DemoHttpServer) -> None:
    first = get(server, "/api/v1/areas")
    etag = first.headers["ETag"]
    again = get(server, "/api/v1/areas", **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_the_checker_itself_rejects_a_broken_payload() -> None:
    assert contract.first_error("Kpi", {"id": "x"}) is not None
    bad_time = {"status": "ok", "version": "1", "time": "yesterday"}
    assert contract.first_error("Health", bad_time) is not None
