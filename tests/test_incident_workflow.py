"""The duty officer's actions through the real demo HTTP backend: lifecycle, conflicts (409),
refusals (422), idempotent retries, and the durable queue across a backend outage and an app
restart. No Qt: this is the I/O layer the workstation builds on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ioc_desktop.backend.client import ActionConflict, ActionRejected, BackendClient
from ioc_desktop.backend.models import Incident
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.incidents.alerts import AlertTracker, triage_order
from ioc_desktop.incidents.lifecycle import ActionRefused, available, next_status
from ioc_desktop.incidents.queue import CONFLICT, PENDING, REJECTED, ActionQueue
from ioc_desktop.incidents.sender import drain


@pytest.fixture
def sim() -> Simulation:
    return Simulation(SimConfig(auto_progress=False, incident_rate=0.0))


@pytest.fixture
def server(sim: Simulation) -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(sim).start()
    yield srv
    srv.stop()


def client_for(srv: DemoHttpServer) -> BackendClient:
    return BackendClient(srv.base_url, DEMO_TOKEN)


def fresh(client: BackendClient) -> Incident:
    return next(i for i in client.incidents() if i.status == "new")


def test_lifecycle_through_http(server: DemoHttpServer) -> None:
    c = client_for(server)
    inc = fresh(c)
    steps = [
        {"action": "acknowledge"},
        {"action": "assign", "assignee": "CSGT Việt Trì"},
        {"action": "sop_step", "step_id": inc.sop[0].id, "state": "done"},
        {"action": "start"},
        {"action": "comment", "text": "Đã có mặt tại hiện trường <b>không phải HTML</b>"},
        {"action": "resolve"},
        {"action": "close"},
    ]
    for n, body in enumerate(steps):
        inc = c.act_on_incident(inc.id, inc.version, {**body, "client_action_id": f"a{n}"})
    assert inc.status == "closed"
    assert [h.status for h in inc.history] == [
        "new",
        "acknowledged",
        "assigned",
        "in_progress",
        "resolved",
        "closed",
    ]
    assert inc.assignee == "CSGT Việt Trì"
    assert inc.sop[0].state == "done"
    assert inc.notes[-1].text == "Đã có mặt tại hiện trường <b>không phải HTML</b>"
    assert inc.version == 1 + len(steps)


def test_conflict_returns_the_current_incident_and_nothing_is_overwritten(
    server: DemoHttpServer,
) -> None:
    c = client_for(server)
    inc = fresh(c)
    other = c.act_on_incident(
        inc.id, inc.version, {"action": "acknowledge", "client_action_id": "x"}
    )
    with pytest.raises(ActionConflict) as exc:  # decided on the old version
        c.act_on_incident(
            inc.id, inc.version, {"action": "assign", "assignee": "A", "client_action_id": "y"}
        )
    assert exc.value.current.version == other.version
    assert exc.value.current.assignee is None  # not applied


def test_refused_transition_and_idempotent_retry(server: DemoHttpServer) -> None:
    c = client_for(server)
    inc = fresh(c)
    with pytest.raises(ActionRejected) as exc:
        c.act_on_incident(inc.id, inc.version, {"action": "close", "client_action_id": "c1"})
    assert exc.value.status == 422 and exc.value.current is not None
    once = c.act_on_incident(
        inc.id, inc.version, {"action": "acknowledge", "client_action_id": "k"}
    )
    again = c.act_on_incident(
        inc.id, inc.version, {"action": "acknowledge", "client_action_id": "k"}
    )
    assert again.version == once.version == inc.version + 1  # applied once


def test_lifecycle_table_offers_only_what_can_succeed() -> None:
    assert available("new")[:2] == ["acknowledge", "assign"]
    assert "close" in available("resolved") and "start" not in available("resolved")
    assert next_status("assign", "in_progress") == "in_progress"
    with pytest.raises(ActionRefused):
        next_status("resolve", "new")


def test_offline_actions_survive_restart_and_go_in_order(sim: Simulation, tmp_path: Path) -> None:
    srv = DemoHttpServer(sim).start()
    port = srv.port
    c = client_for(srv)
    inc = fresh(c)
    srv.stop()  # the backend goes away
    q = ActionQueue(tmp_path / "outbox.sqlite")
    q.enqueue(inc.id, inc.version, {"action": "acknowledge"})
    q.enqueue(inc.id, inc.version, {"action": "comment", "text": "gửi khi mất mạng"})
    q.enqueue(inc.id, inc.version, {"action": "start"})
    r = drain(q, c)
    assert r.sent == 0 and r.offline and "không kết nối được máy chủ" in r.offline
    q.close()  # the app restarts
    q = ActionQueue(tmp_path / "outbox.sqlite")
    assert [a.action for a in q.unsent()] == ["acknowledge", "comment", "start"]
    assert all(a.state == PENDING for a in q.unsent())
    srv = DemoHttpServer(sim, port).start()  # the backend is back
    try:
        r = drain(q, client_for(srv))
        assert r.sent == 3 and r.offline is None and q.unsent() == []
        now = next(i for i in client_for(srv).incidents() if i.id == inc.id)
        assert now.status == "in_progress" and now.version == inc.version + 3
        assert now.notes[-1].text == "gửi khi mất mạng"
    finally:
        srv.stop()


def test_refused_queued_action_is_kept_and_holds_the_next_one(
    server: DemoHttpServer, tmp_path: Path
) -> None:
    c = client_for(server)
    inc = fresh(c)
    c.act_on_incident(inc.id, inc.version, {"action": "acknowledge", "client_action_id": "o"})
    q = ActionQueue(tmp_path / "outbox.sqlite")
    first = q.enqueue(inc.id, inc.version, {"action": "assign", "assignee": "Đội 1"})  # stale
    q.enqueue(inc.id, inc.version, {"action": "start"})
    r = drain(q, c)
    assert r.sent == 0
    states = [(a.action, a.state) for a in q.unsent()]
    assert states == [("assign", CONFLICT), ("start", PENDING)]  # held, not sent, not dropped
    refused = q.unsent()[0]
    assert refused.current and refused.current["version"] == inc.version + 1
    q.retry_on(first.seq, refused.current["version"])  # the officer applies it again
    r = drain(q, c)
    assert r.sent == 2 and q.unsent() == []
    other = fresh(c)
    q.enqueue(other.id, other.version, {"action": "resolve"})  # not allowed from "new"
    drain(q, c)
    (kept,) = q.unsent()
    assert kept.state == REJECTED and "không thể" in kept.error
    q.discard(kept.seq)  # only the officer drops it
    assert q.unsent() == []


def test_unreadable_queue_file_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    q = ActionQueue(path)
    assert q.problem and "unreadable" in q.problem
    assert any(p.name.startswith("outbox.sqlite.unreadable-") for p in tmp_path.iterdir())
    assert q.unsent() == []


def test_alert_fires_once_per_incident(server: DemoHttpServer) -> None:
    c = client_for(server)
    incidents = c.incidents()
    tracker = AlertTracker()
    first = tracker.new_alerts(incidents)
    assert first and {i.id for i in first} == {i.id for i in incidents if i.status == "new"}
    assert tracker.new_alerts(c.incidents()) == []  # the next poll: no second alarm
    ordered = triage_order(incidents)
    assert ordered[0].status == "new"
