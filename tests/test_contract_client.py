"""The client holds itself to the contract: what it sends is checked before it leaves, ids
cannot change which path is asked for, and an answer that breaks the contract is told once
per operation with the reason (not a crash, not a line per poll)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import requests

from ioc_desktop.backend import contract
from ioc_desktop.backend.client import (
    ActionRejected,
    BackendBadResponse,
    BackendClient,
    BackendHttpError,
    RequestBreaksContract,
)
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import Simulation

pytestmark = pytest.mark.unit


@pytest.fixture()
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation()).start()
    yield srv
    srv.stop()


@pytest.fixture()
def client(server: DemoHttpServer) -> Iterator[BackendClient]:
    c = BackendClient(server.base_url, DEMO_TOKEN)
    yield c
    c.close()


def contract_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("contract:")]


def test_a_request_the_contract_forbids_is_not_sent(
    client: BackendClient, server: DemoHttpServer, caplog: pytest.LogCaptureFixture
) -> None:
    inc = client.incidents()[0]
    before = inc.version
    caplog.set_level(logging.INFO)
    with pytest.raises(ActionRejected) as refused:  # assign without an assignee
        client.act_on_incident(inc.id, inc.version, {"action": "assign", "client_action_id": "a"})
    assert refused.value.status == 400 and "không gửi" in str(refused.value)
    after = next(i for i in client.incidents() if i.id == inc.id)
    assert after.version == before  # the backend never saw it
    with pytest.raises(RequestBreaksContract):
        client._get("/api/v1/kpis", "Kpi", array=True, system=12)
    lines = contract_lines(caplog)
    assert len(lines) == 2 and all("request breaks it" in line for line in lines)


def test_the_demo_backend_refuses_what_the_document_forbids(server: DemoHttpServer) -> None:
    """The same document, read by the server: a body, a parameter, a method, a header."""
    auth = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    url = server.base_url
    bad_query = requests.get(f"{url}/api/v1/events?after=-1", headers=auth, timeout=5)
    assert bad_query.status_code == 400 and "after" in bad_query.json()["message"]
    trace = requests.request("TRACE", f"{url}/api/v1/kpis", headers=auth, timeout=5)
    assert trace.status_code == 405 and trace.headers["Allow"] == "GET"
    no_token = requests.get(f"{url}/api/v1/events", timeout=5)
    assert no_token.status_code == 401
    listed = requests.get(f"{url}/api/v1/incidents?status=new", headers=auth, timeout=5).json()
    inc = listed[0]
    action = f"{url}/api/v1/incidents/{inc['id']}/actions"
    body = {"action": "comment", "client_action_id": "c1", "text": "ghi chú"}
    missing = requests.post(action, json=body, headers=auth, timeout=5)
    assert missing.status_code == 428
    anyv = requests.post(action, json=body, headers={**auth, "If-Match": "*"}, timeout=5)
    assert anyv.status_code == 200 and anyv.headers["ETag"] == f'"{inc["version"] + 1}"'
    not_utf8 = requests.post(action, data=b"\xff", headers={**auth, "If-Match": "*"}, timeout=5)
    assert not_utf8.status_code == 400
    wall = requests.get(f"{url}/api/v1/walls/main/state", headers=auth, timeout=5)
    assert wall.headers["ETag"] == f'"{wall.json()["version"]}"'  # what If-Match takes


def test_ids_cannot_change_the_path(client: BackendClient) -> None:
    with pytest.raises(BackendHttpError) as err:
        client.kpi_series("../../walls/main/state?x=")
    assert err.value.status == 404
    assert contract.operation_path("/api/v1/kpis/..%2F..%2Fwall/series") == (
        "/api/v1/kpis/{id}/series"
    )


def test_a_broken_answer_is_told_once_per_operation(
    client: BackendClient, server: DemoHttpServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    good = server.sim.cameras
    server.sim.cameras = [{"id": 5, "name": None}]  # every entry breaks the contract
    for _ in range(3):
        with pytest.raises(BackendBadResponse):
            client.cameras()
    lines = contract_lines(caplog)
    assert len(lines) == 1 and "GET /api/v1/cameras" in lines[0] and "location" in lines[0]
    assert "GET /api/v1/cameras" in client.contract_log.broken()
    server.sim.cameras = good
    assert client.cameras()
    assert client.contract_log.broken() == {}
    assert contract_lines(caplog)[-1] == "contract: GET /api/v1/cameras keeps it again"


def test_one_operation_is_one_line_whatever_the_id(
    client: BackendClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(
        contract, "first_error", lambda schema, payload, array=False: "points: not a list"
    )
    for kpi in ("dvc-ontime-rate", "mt-aqi-max", "ktxh-grdp-growth"):
        with pytest.raises(BackendBadResponse):
            client.kpi_series(kpi)
    lines = contract_lines(caplog)
    assert lines == [
        "contract: GET /api/v1/kpis/{id}/series: the answer breaks it: points: not a list"
    ]


def test_an_unchanged_list_is_not_sent_again(client: BackendClient, server: DemoHttpServer) -> None:
    """If-None-Match with the last answer's ETag: a 304 gives back that answer (and its
    parsed entries, the very same objects); a change comes in whole."""
    first = client.cameras()
    again = client.cameras()
    assert client.not_modified == 1 and again is first
    server.sim.cameras = server.sim.cameras[:3]
    changed = client.cameras()
    assert client.not_modified == 1 and [c.id for c in changed] == [c.id for c in first[:3]]
    client.conditional = False  # the baseline asks for everything every time
    client.cameras()
    assert client.not_modified == 1
