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


def test_an_ai_raised_incident_takes_the_wall_by_policy_with_its_camera_first() -> None:
    """What bench/ai_alert.py times: the demo's AI incidents (both kinds), at the configured
    severity, pick the bench's incident layout over the shipped ones, the policy in auto takes
    the wall for them, and slot 1 is the alert's own camera; below the severity, no layout."""
    import time

    from bench.ai_alert import bench_layout
    from ioc_desktop.backend.models import Camera
    from ioc_desktop.demo.ai_feed import INCIDENT_KIND
    from ioc_desktop.demo.simulation import SimConfig, Simulation
    from ioc_desktop.layout.incident_fill import fill_for_incident, pick_layout
    from ioc_desktop.layout.library import LayoutLibrary
    from ioc_desktop.paths import layouts_dir

    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    cameras = [Camera.from_json(c) for c in sim.cameras]
    shipped = LayoutLibrary(layouts_dir(), layouts_dir())
    ours = bench_layout("high")
    layouts = [shipped.get(n) for n in shipped.names()] + [ours]
    policy = IncidentWallPolicy(lambda i: pick_layout(layouts, i) is not None, "auto")
    policy.consider([], time.time())  # the list at start is history
    for k, (sub, cat) in enumerate(INCIDENT_KIND.items()):
        cam = f"cam0{k + 2}"
        with sim.lock:
            made = sim._ai_incident(cam, cat, sub, time.time())
        inc = Incident.from_json(next(i for i in sim.public_incidents() if i["id"] == made))
        assert inc.severity == "high" and inc.camera_ids[0] == cam
        policy.released()
        assert policy.consider([inc], time.time()) == inc
        assert pick_layout(layouts, inc) is ours
        filled = fill_for_incident(ours, inc, cameras)
        slot1 = filled.screens[0].panels[0]
        assert slot1.settings["camera_id"] == cam
        assert pick_layout([bench_layout("critical")], inc) is None
