"""A backend answering partly wrong: the client keeps what is good, merges duplicates, bounds
what one answer can cost, and refuses what is not JSON — never a crash, never a NaN on the map.
A real HTTP server on loopback serves each answer as raw bytes (the demo backend would not
send them)."""

from __future__ import annotations

import copy
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from ioc_desktop.backend import client as client_module
from ioc_desktop.backend.client import BackendBadResponse, BackendClient, Timeouts
from ioc_desktop.demo.simulation import Simulation


class Canned(http.server.ThreadingHTTPServer):
    body: bytes = b"[]"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = self.server.body  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture()
def canned() -> Iterator[Canned]:
    srv = Canned(("127.0.0.1", 0), _Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def client_for(srv: Canned) -> BackendClient:
    return BackendClient(f"http://127.0.0.1:{srv.server_address[1]}", "t", Timeouts(1, 2))


def sim_json(kind: str) -> list[dict[str, Any]]:
    """Good entries as the demo backend would send them (the contract's own shape)."""
    sim = Simulation()
    rows: list[dict[str, Any]] = {
        "cameras": lambda: sim.cameras,
        "incidents": sim.public_incidents,
    }[kind]()
    return copy.deepcopy(rows)


def test_a_list_repeated_a_hundred_times_costs_one_copy(canned: Canned) -> None:
    cams = sim_json("cameras")
    canned.body = json.dumps(cams * 100).encode()
    got = client_for(canned).cameras()
    assert [c.id for c in got] == [c["id"] for c in cams]


def test_a_repeated_incident_keeps_its_newest_version(canned: Canned) -> None:
    inc = sim_json("incidents")[0]
    older, newer = copy.deepcopy(inc), copy.deepcopy(inc)
    older["version"], newer["version"] = 3, 7
    canned.body = json.dumps([older, newer, older]).encode()
    got = client_for(canned).incidents()
    assert [(i.id, i.version) for i in got] == [(inc["id"], 7)]


def test_nan_and_infinity_are_not_json(canned: Canned) -> None:
    cams = sim_json("cameras")
    text = json.dumps(cams).replace(
        json.dumps(cams[0]["location"]["lat"]), "NaN", 1
    )  # Python's json would take it; JSON does not
    canned.body = text.encode()
    with pytest.raises(BackendBadResponse, match="JSON hỏng"):
        client_for(canned).cameras()
    canned.body = b'[{"id": Infinity}]'
    with pytest.raises(BackendBadResponse, match="JSON hỏng"):
        client_for(canned).cameras()


def test_coordinates_off_the_globe_drop_that_entry_only(canned: Canned) -> None:
    cams = sim_json("cameras")
    cams[1]["location"]["lat"] = 1e308
    canned.body = json.dumps(cams).encode()
    got = client_for(canned).cameras()
    assert len(got) == len(cams) - 1 and cams[1]["id"] not in {c.id for c in got}
    assert all(-90 <= c.location[0] <= 90 for c in got)


def test_json_nested_too_deep_is_refused_not_a_crash(canned: Canned) -> None:
    canned.body = b"[" * 200_000 + b"]" * 200_000
    with pytest.raises(BackendBadResponse):
        client_for(canned).cameras()


def test_an_answer_too_large_is_refused_unread(
    canned: Canned, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "MAX_ANSWER_BYTES", 100_000)
    canned.body = json.dumps(sim_json("cameras") * 200).encode()
    assert len(canned.body) > 100_000
    with pytest.raises(BackendBadResponse, match="lớn quá"):
        client_for(canned).cameras()


def test_a_list_longer_than_the_cap_is_cut(canned: Canned, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "MAX_ITEMS", 5)
    cams = sim_json("cameras")
    for i, c in enumerate(cams):
        c["id"] = f"cam-{i}"
    canned.body = json.dumps(cams).encode()
    assert len(client_for(canned).cameras()) == 5


def test_a_repeated_list_is_validated_once_per_entry(
    canned: Canned, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100× the same entries cost 100× the validation in the worker threads, and the UI
    thread waited on Python's lock for seconds (the shift test saw 5.3 s)."""
    from ioc_desktop.backend import contract

    calls = 0
    real = contract.first_error

    def counting(*args: Any, **kwargs: Any) -> str | None:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(contract, "first_error", counting)
    cams = sim_json("cameras")
    canned.body = json.dumps(cams * 100).encode()
    assert len(client_for(canned).cameras()) == len(cams)
    assert calls == len(cams)
