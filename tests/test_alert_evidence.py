"""The AI alert behind an incident, on the incident desk: the analysed frame with its boxes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor

from ioc_desktop.analytics_feed import AnalyticsFeed
from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from tests.test_incident_desk import desk_on
from widgets.alert_evidence import AlertEvidence, with_boxes
from widgets.detection_overlay import ALERT_COLOR


@pytest.fixture
def backend() -> Iterator[tuple[BackendClient, Simulation]]:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    srv = DemoHttpServer(sim).start()
    with sim.lock:  # the streams ran 40 s: the analytics raised incidents meanwhile
        sim.ai.analytics.origin = sim._tick_time(sim.tick) - 40
        for tick in range(sim.tick + 1, sim.tick + 21):
            sim.ai.step(sim._tick_time(tick), sim._ai_incident, sim._emit)
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    yield client, sim
    client.close()
    srv.stop()


def test_the_desk_shows_the_alerts_frame_with_its_boxes(
    qtbot: Any, backend: tuple[BackendClient, Simulation], tmp_path: Path
) -> None:
    client, _sim = backend
    feed = AnalyticsFeed(client)
    feed.cursor, alerts = client.ai_events(0)
    feed.alerts.extend(alerts)
    raised = next(a for a in alerts if a.incident_id)
    desk, queue = desk_on(client, tmp_path / "outbox.sqlite")
    qtbot.addWidget(desk)
    evidence = AlertEvidence(feed)
    desk.evidence_box.addWidget(evidence)
    desk.sig_incident_shown.connect(evidence.set_incident)
    desk.show()

    desk.open_incident(raised.incident_id or "")
    assert evidence.isVisible() and evidence.alert == raised
    assert "Camera AI" in evidence.heading.text() and raised.camera_id in evidence.heading.text()
    feed._snapshots[raised.id] = client.ai_snapshot(raised.snapshot_url or "")  # as fetched
    feed.sig_snapshot_ready.emit(raised.id)
    image = evidence.image
    assert image is not None and image.width() == 480
    red = QColor(ALERT_COLOR).rgb()
    for o in raised.objects:  # each box's outline is on the picture, where the object is
        x, y = round(o.x * image.width()), round(o.y * image.height())
        assert image.pixel(x, y + 1) == red or image.pixel(x + 1, y) == red, o
    # an incident no camera raised: nothing shown
    other = next(
        i for i in client.incidents() if i.id != raised.incident_id and not i.id.startswith("AI")
    )
    if not feed.alerts_of(other.id):
        desk.open_incident(other.id)
        assert not evidence.isVisible()
    queue.close()


def test_boxes_scale_with_the_picture() -> None:
    from PySide6.QtGui import QImage

    from ioc_desktop.backend.analytics import AiEvent, DetectedObject, parse_time

    alert = AiEvent(
        1,
        "AI-1",
        "cam01",
        parse_time("2026-01-01T00:00:00Z"),
        "crowd",
        0.9,
        (DetectedObject("Human", 0.25, 0.5, 0.25, 0.25),),
        None,
        None,
    )
    blank = QImage(640, 360, QImage.Format.Format_RGB32)
    blank.fill(0)
    shot = with_boxes(blank, alert, width=320)
    red = QColor(ALERT_COLOR).rgb()
    assert shot.size().width() == 320 and shot.size().height() == 180
    assert shot.pixel(80, 100) == red and shot.pixel(100, 90) == red  # left and top edges
    assert shot.pixel(100, 100) != red  # inside stays the picture


def test_the_feed_tells_new_alerts_once_and_keeps_history_quiet(qtbot: Any) -> None:
    import asyncio

    from ioc_desktop.backend.analytics import AiEvent, parse_time

    def alert(seq: int) -> AiEvent:
        at = parse_time("2026-12-01T10:00:00Z")
        return AiEvent(seq, f"AI-{seq}", "cam01", at, "crowd", 0.9, (), None, None)

    class Backend:
        def __init__(self) -> None:
            self.rows = [alert(k) for k in range(1, 451)]  # history: more than two pages

        def ai_events(self, after: int) -> tuple[int, list[AiEvent]]:
            page = [a for a in self.rows if a.seq > after][:200]
            return (page[-1].seq if page else after), page

    backend = Backend()
    feed = AnalyticsFeed(backend)
    told: list[str] = []
    feed.sig_ai_event.connect(lambda a: told.append(a.id))
    asyncio.run(feed.read_alerts())
    assert feed.cursor == 450 and told == [] and len(feed.alerts) == 450
    backend.rows += [alert(451), alert(452)]
    asyncio.run(feed.read_alerts())
    asyncio.run(feed.read_alerts())
    assert told == ["AI-451", "AI-452"] and feed.cursor == 452
    feed.close()
