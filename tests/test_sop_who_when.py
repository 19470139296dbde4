"""Who changed each SOP step and when (issue #22): the demo backend keeps it from the action's
author and the officer's own moment (`acted_at`, bounded by when the incident was raised and
by the backend's clock), every change of the step in order; a step ticked while the backend was
away keeps the time it was ticked; an older backend's steps (no who/when) are read as unknown,
never as a blank or a made-up time."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.backend.models import Incident, SopChange, SopStep
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.incidents.evidence import contract_time
from ioc_desktop.incidents.lifecycle import sop_step_body
from ioc_desktop.incidents.queue import ActionQueue
from ioc_desktop.incidents.sender import drain

pytestmark = pytest.mark.unit


def _fresh(c: BackendClient) -> Incident:
    return next(i for i in c.incidents() if i.status == "new" and len(i.sop) >= 2)


def test_each_change_of_a_step_keeps_who_and_when_in_order() -> None:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    srv = DemoHttpServer(sim).start()
    try:
        c = BackendClient(srv.base_url, DEMO_TOKEN)
        inc = _fresh(c)
        assert all(s.updated_at is None and s.history() == () for s in inc.sop)
        step = inc.sop[0].id
        issued = inc.date_issued.timestamp()
        before = time.time()
        moments = [
            ("done", "an.nv", before - 5),  # ticked 5 s ago (sent late)
            ("pending", "binh.tt", before + 3600),  # a clock an hour ahead: the backend's now
            ("skipped", "an.nv", issued - 3600),  # before the incident: when it was raised
        ]
        for k, (state, who, at) in enumerate(moments):
            body = {**sop_step_body(step, state, at), "author": who, "client_action_id": f"s{k}"}
            inc = c.act_on_incident(inc.id, inc.version, body)
        after = time.time()
    finally:
        srv.stop()
    got = next(s for s in inc.sop if s.id == step)
    assert [(ch.state, ch.by) for ch in got.changes] == [
        ("done", "an.nv"),
        ("pending", "binh.tt"),
        ("skipped", "an.nv"),
    ]
    done, pending, skipped = (ch.at.timestamp() for ch in got.changes)
    assert abs(done - (before - 5)) < 1.01  # the officer's moment (the demo keeps seconds)
    assert before - 1 <= pending <= after  # never in the future
    assert skipped == pytest.approx(issued, abs=1)  # never before the incident
    assert (got.state, got.updated_by, got.updated_at) == ("skipped", "an.nv", got.changes[-1].at)
    assert not got.who_when_unknown
    assert [c.at for c in got.history()] == sorted(c.at for c in got.changes)
    assert inc.sop[1].history() == () and not inc.sop[1].who_when_unknown  # untouched


def test_a_step_ticked_offline_keeps_the_time_it_was_ticked(tmp_path: Path) -> None:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    srv = DemoHttpServer(sim).start()
    port = srv.port
    c = BackendClient(srv.base_url, DEMO_TOKEN)
    inc = _fresh(c)
    srv.stop()  # the backend goes away
    q = ActionQueue(tmp_path / "outbox.sqlite")
    ticked = time.time() - 20  # ticked 20 s ago, while the backend was away
    q.enqueue(inc.id, inc.version, {**sop_step_body(inc.sop[0].id, "done", ticked), "author": "x"})
    assert drain(q, c).sent == 0
    srv = DemoHttpServer(sim, port).start()  # back 20 s later
    try:
        assert drain(q, BackendClient(srv.base_url, DEMO_TOKEN)).sent == 1
        now = next(i for i in c.incidents() if i.id == inc.id)
    finally:
        q.close()
        srv.stop()
    step = now.sop[0]
    assert step.state == "done" and step.updated_by == "x"
    assert step.updated_at is not None and abs(step.updated_at.timestamp() - ticked) < 1.01


def test_an_older_backend_without_who_or_when_reads_as_unknown() -> None:
    old = SopStep.from_json({"id": "S1", "order": 1, "title_vi": "Báo CSGT", "state": "done"})
    assert old.updated_by is None and old.updated_at is None and old.history() == ()
    assert old.who_when_unknown
    last_only = SopStep.from_json(
        {
            "id": "S1",
            "order": 1,
            "title_vi": "Báo CSGT",
            "state": "done",
            "updated_by": "an.nv",
            "updated_at": "2026-12-01T10:00:00+07:00",
        }
    )
    when = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    assert last_only.history() == (SopChange(when, "done", "an.nv"),)
    assert contract_time(when.timestamp()) == "2026-12-01T03:00:00.000Z"
