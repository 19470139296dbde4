"""A dead, slow or broken backend becomes a clear error, never a hang or a crash."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from ioc_desktop.backend.client import (
    BackendBadResponse,
    BackendClient,
    BackendHttpError,
    BackendTimeout,
    BackendUnreachable,
    Timeouts,
)
from ioc_desktop.demo.runner import free_port
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import Simulation


@pytest.fixture()
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation()).start()
    yield srv
    srv.stop()


def client_for(url: str) -> BackendClient:
    return BackendClient(url, DEMO_TOKEN, Timeouts(connect_s=0.5, read_s=0.5))


def test_parses_every_feed(server: DemoHttpServer) -> None:
    c = client_for(server.base_url)
    assert len(c.cameras()) == 8
    assert {k.system for k in c.kpis()} == set(range(1, 10))
    assert c.incidents() and c.reports() and c.air_quality()
    assert len(c.kpi_series("dvc-ontime-rate").points) >= 100


def test_dead_backend_is_unreachable_quickly() -> None:
    c = client_for(f"http://127.0.0.1:{free_port()}")
    t0 = time.monotonic()
    with pytest.raises(BackendUnreachable, match="không kết nối được máy chủ"):
        c.kpis()
    assert time.monotonic() - t0 < 2


def test_slow_backend_times_out(server: DemoHttpServer) -> None:
    server.faults.delay_s = 2
    with pytest.raises(BackendTimeout, match="không trả lời /api/v1/kpis"):
        client_for(server.base_url).kpis()


def test_malformed_json_is_named(server: DemoHttpServer) -> None:
    server.faults.malformed = True
    with pytest.raises(BackendBadResponse, match="JSON hỏng"):
        client_for(server.base_url).incidents()


def test_one_bad_entry_is_dropped_the_rest_kept(server: DemoHttpServer) -> None:
    """One camera breaking the contract used to blank the whole catalogue."""
    with server.sim.lock:
        server.sim.cameras[0]["streams"] = []
        bad_id = server.sim.cameras[0]["id"]
    cams = client_for(server.base_url).cameras()
    assert len(cams) == 7 and bad_id not in {c.id for c in cams}


def test_contract_violation_of_every_entry_is_named(server: DemoHttpServer) -> None:
    with server.sim.lock:
        for cam in server.sim.cameras:
            cam["streams"] = []
    with pytest.raises(BackendBadResponse, match=r"sai hợp đồng tại .*streams"):
        client_for(server.base_url).cameras()


def test_http_error_keeps_its_status(server: DemoHttpServer) -> None:
    server.faults.status = 503
    with pytest.raises(BackendHttpError) as exc:
        client_for(server.base_url).kpis()
    assert exc.value.status == 503


def test_wrong_token_is_an_http_401(server: DemoHttpServer) -> None:
    c = BackendClient(server.base_url, "wrong", Timeouts(0.5, 0.5))
    with pytest.raises(BackendHttpError) as exc:
        c.kpis()
    assert exc.value.status == 401
