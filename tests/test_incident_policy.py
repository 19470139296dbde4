"""When a new incident may take the wall: ask one question at a time, only for incidents
worth it, with the rest queued and counted; auto with a hold; off. Pure logic."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from ioc_desktop.backend.models import Incident
from ioc_desktop.layout.incident_policy import IncidentWallPolicy

T0 = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


def incident(n: int, severity: str = "high", status: str = "new", cat: str = "traffic") -> Incident:
    return Incident(
        id=f"inc-{n}",
        category=cat,
        sub_category="carAccident",
        severity=severity,
        status=status,
        version=1,
        title=f"Sự cố {n}",
        description="",
        date_issued=T0 + timedelta(minutes=n),
        location=(21.3, 105.4),
        area_code="x",
        assignee=None,
        camera_ids=(),
    )


def has_layout(inc: Incident) -> bool:
    return inc.category != "health"


def test_incidents_there_at_start_are_history() -> None:
    p = IncidentWallPolicy(has_layout, "ask")
    p.consider([incident(1)], 0)
    assert p.asking is None


def test_ask_one_at_a_time_most_severe_first_the_rest_counted() -> None:
    p = IncidentWallPolicy(has_layout, "ask", min_severity="high")
    p.consider([], 0)
    news = [
        incident(1, "high"),
        incident(2, "critical"),
        incident(3, "medium"),  # below the threshold: never asked
        incident(4, "critical", cat="health"),  # no layout: never asked
        incident(5, "high"),
    ]
    assert p.consider(news, 1) is None  # ask mode never takes the wall by itself
    assert p.asking is not None and p.asking.id == "inc-2"
    assert p.waiting == 2
    # more arrive while the operator reads: the question asked does not change under them
    p.consider([*news, incident(6, "critical")], 2)
    assert p.asking.id == "inc-2" and p.waiting == 3
    assert p.answer(False) is None  # later: the next comes up, most severe first
    assert p.asking.id == "inc-6"
    shown = p.answer(True)
    assert shown is not None and shown.id == "inc-6"
    assert [q.id for q in p.queue] == ["inc-1", "inc-5"]


def test_a_question_that_became_moot_leaves_the_queue() -> None:
    p = IncidentWallPolicy(has_layout, "ask")
    p.consider([], 0)
    a, b = incident(1), incident(2)
    p.consider([a, b], 1)
    assert p.asking is not None and p.waiting == 1
    # someone else acknowledged the first; the second closed
    p.consider([replace(a, status="acknowledged"), replace(b, status="closed")], 2)
    assert p.asking is None and p.waiting == 0


def test_the_queue_is_bounded() -> None:
    p = IncidentWallPolicy(has_layout, "ask")
    p.consider([], 0)
    p.consider([incident(n) for n in range(200)], 1)
    assert len(p.queue) == IncidentWallPolicy.MAX_WAITING


def test_auto_takes_the_wall_and_holds_it_against_equal_severity() -> None:
    p = IncidentWallPolicy(has_layout, "auto")
    p.consider([], 0)
    first = p.consider([incident(1, "high")], 1)
    assert first is not None and first.id == "inc-1"
    p.took_wall(first, 1)
    assert p.consider([incident(1, "high"), incident(2, "high")], 10) is None
    worse = p.consider([incident(1), incident(2), incident(3, "critical")], 20)
    assert worse is not None and worse.id == "inc-3"
    p.released()
    assert p.consider([incident(4, "low")], 30) is not None


def test_off_never_asks_nor_takes() -> None:
    p = IncidentWallPolicy(has_layout, "off")
    p.consider([], 0)
    assert p.consider([incident(1, "critical")], 1) is None and p.asking is None
