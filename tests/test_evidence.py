"""Bookmarks and snapshots kept with an incident: made offline, they reach the backend once
when it comes back (the durable outbox), and the backend gives the snapshot's picture."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.clips import ClipSpec, render_frame
from ioc_desktop.demo.detections import FRAMES
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.incidents.evidence import bookmark_body, snapshot_body
from ioc_desktop.incidents.queue import ActionQueue
from ioc_desktop.incidents.sender import drain
from ioc_desktop.recordings import Recordings
from widgets import replay_window


def test_offline_bookmark_and_snapshot_reach_the_backend_once(tmp_path: Path) -> None:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    srv = DemoHttpServer(sim).start()
    port = srv.port
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    inc = next(i for i in client.incidents() if i.status == "new")
    at = time.time() - 20
    srv.stop()  # the backend goes away; the officer keeps evidence anyway
    q = ActionQueue(tmp_path / "outbox.sqlite")
    q.enqueue(inc.id, inc.version, bookmark_body("cam01", at, "xe đi ngược chiều", 10, 5))
    q.enqueue(inc.id, inc.version, snapshot_body("cam01", at, "biển số"))
    assert drain(q, client).sent == 0
    q.close()  # the app restarts
    q = ActionQueue(tmp_path / "outbox.sqlite")
    assert [a.action for a in q.unsent()] == ["bookmark", "snapshot"]
    srv = DemoHttpServer(sim, port).start()  # back
    try:
        c = BackendClient(srv.base_url, DEMO_TOKEN)
        r = drain(q, c)
        assert r.sent == 2 and q.unsent() == []
        assert drain(q, c).sent == 0  # nothing twice
        now = next(i for i in c.incidents() if i.id == inc.id)
        kinds = [(e.kind, e.camera_id, e.note) for e in now.evidence]
        assert kinds == [
            ("bookmark", "cam01", "xe đi ngược chiều"),
            ("snapshot", "cam01", "biển số"),
        ]
        bookmark, snap = now.evidence
        assert bookmark.start and bookmark.end
        assert abs(bookmark.start.timestamp() - (at - 10)) < 0.01
        assert abs(bookmark.end.timestamp() - (at + 5)) < 0.01
        # the snapshot's picture is the camera's picture of that moment
        png = c.ai_snapshot(snap.snapshot_url or "")
        shot = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        # the moment as kept (the contract's times are to the millisecond: `at` itself lies
        # a frame away once in ~40 runs, when it falls within 1 ms of a frame's start)
        assert snap.at is not None and abs(snap.at.timestamp() - at) < 0.001
        frame = sim.ai.analytics.frame_at(snap.at.timestamp())
        spec = ClipSpec("cam01-sub", "Ngã tư Nguyễn Tất Thành – Hùng Vương", 640, 360)
        assert np.array_equal(shot, np.asarray(render_frame(spec, frame % FRAMES)))
        # the same action sent again (its answer lost on the way) is not kept twice
        queued = {**bookmark_body("cam01", at), "client_action_id": "lost-answer-1"}
        first = c.act_on_incident(inc.id, now.version, queued)
        second = c.act_on_incident(inc.id, first.version, queued)
        assert len(second.evidence) == len(first.evidence) == 3
    finally:
        q.close()
        srv.stop()


def test_the_replay_window_keeps_evidence_for_the_open_incident(qtbot: Any) -> None:
    sent: list[tuple[str, dict[str, Any]]] = []
    replay_window.provide_evidence(lambda: "INC-00007", lambda i, b: sent.append((i, b)))
    try:
        at = 1_800_000_000.0
        win = replay_window.ReplayWindow(
            Recordings(None),
            None,
            [("cam01", "Ngã tư"), ("cam02", "Quảng trường")],
            at,  # type: ignore[arg-type]
        )
        qtbot.addWidget(win)
        assert win.bookmark_button.isEnabled() and win.incident_id == "INC-00007"
        win.before.setValue(30)
        win.after.setValue(5)
        win.note_edit.setText("ùn tắc")
        win.bookmark()
        win.snapshot()
        assert [(i, b["action"], b["camera_id"]) for i, b in sent] == [
            ("INC-00007", "bookmark", "cam01"),
            ("INC-00007", "bookmark", "cam02"),
            ("INC-00007", "snapshot", "cam01"),
            ("INC-00007", "snapshot", "cam02"),
        ]
        # no picture yet: the moment asked for; from t-30 s to t+5 s
        assert sent[0][1]["from"] == "2027-01-15T07:59:30.000Z"
        assert sent[0][1]["to"] == "2027-01-15T08:00:05.000Z"
        assert sent[2][1]["at"] == "2027-01-15T08:00:00.000Z" and sent[2][1]["text"] == "ùn tắc"
        assert "INC-00007" in win.evidence_said.text()
    finally:
        replay_window._current_incident = None
        replay_window._submit = None


def test_the_desk_timeline_lists_the_evidence(qtbot: Any, tmp_path: Path) -> None:
    from tests.test_incident_desk import desk_on

    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    srv = DemoHttpServer(sim).start()
    try:
        c = BackendClient(srv.base_url, DEMO_TOKEN)
        inc = next(i for i in c.incidents() if i.status == "new")
        at = 1_800_000_000.0
        body = {**bookmark_body("cam02", at, "đám đông", 10, 5), "client_action_id": "b1"}
        c.act_on_incident(inc.id, inc.version, body)
        desk, queue = desk_on(c, tmp_path / "outbox.sqlite")
        qtbot.addWidget(desk)
        desk.open_incident(inc.id)
        lines = [desk.notes.item(r).text() for r in range(desk.notes.count())]
        assert any("Đánh dấu video cam02" in ln and "đám đông" in ln for ln in lines), lines
        queue.close()
    finally:
        srv.stop()
