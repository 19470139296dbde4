"""What the wall says about its backend is decided from the calls' outcomes alone: online,
partly failing (which feeds), unreachable (since when); failures clear on success, and the
log gets one line per change of state, not one per failed call. Pure logic, clock injected."""

from __future__ import annotations

import logging

import pytest

from ioc_desktop.link_health import ANSWER, AUTH, TRANSPORT, Link, LinkHealth

FEEDS = ("incidents", "kpis", "cameras", "reports", "air_quality", "areas", "wall_state")


def all_ok(h: LinkHealth, now: float) -> None:
    for f in FEEDS:
        h.ok(f, now)


def test_a_feed_that_failed_once_and_then_succeeds_clears() -> None:
    """The wall-state follower recorded failures, never a success: the warning stayed."""
    h = LinkHealth()
    all_ok(h, 0)
    h.failed("wall_state", "HTTP 503", ANSWER, 1)
    assert h.status(1.5).link is Link.STALE
    assert h.status(1.5).failing == ("wall_state",)
    h.ok("wall_state", 3)
    st = h.status(3.5)
    assert st.link is Link.ONLINE and st.failing == () and st.message == ""


def test_backend_down_reads_unreachable_within_seconds_and_says_since_when() -> None:
    h = LinkHealth()
    all_ok(h, 0)
    # every fast feed polls each 2 s; the backend dies at t=1
    for t in (2.0, 2.1, 2.2):
        h.failed("incidents" if t == 2.0 else "kpis", "refused", TRANSPORT, t)
    assert h.status(2.5).link is Link.STALE  # < 3 s of silence: not yet called gone
    st = h.status(4.0)
    assert st.link is Link.OFFLINE
    assert st.down_for_s == pytest.approx(2.0)
    assert st.data_age_s == pytest.approx(4.0)  # the oldest data on the wall
    # a minute later it still says unreachable (it said "answering incompletely" before)
    for t in range(4, 64, 2):
        h.failed("incidents", "refused", TRANSPORT, t)
    assert h.status(64).link is Link.OFFLINE
    assert h.status(64).down_for_s == pytest.approx(62.0)
    h.ok("incidents", 65)  # back: reachable at once, the rest clears as each feed answers
    assert h.status(65).link is Link.STALE
    all_ok(h, 66)
    assert h.status(66).link is Link.ONLINE


def test_one_slow_feed_while_others_answer_is_partial_not_offline() -> None:
    h = LinkHealth()
    all_ok(h, 0)
    for t in range(1, 30):
        h.failed("reports", "timed out", TRANSPORT, t)
        h.ok("incidents", t + 0.5)
        assert h.status(t + 0.6).link is Link.STALE
        assert h.status(t + 0.6).failing == ("reports",)


def test_never_reached_is_unreachable_not_connecting_forever() -> None:
    h = LinkHealth()
    h.failed("incidents", "refused", TRANSPORT, 0.1)
    assert h.status(3.5).link is Link.OFFLINE


def test_a_feed_no_longer_polled_has_no_say() -> None:
    h = LinkHealth()
    all_ok(h, 0)
    h.failed("series:old-kpi", "HTTP 404", ANSWER, 1)
    assert h.status(2).link is Link.STALE
    h.forget("series:old-kpi")
    assert h.status(2).link is Link.ONLINE


def test_wrong_answers_mean_reachable() -> None:
    h = LinkHealth()
    for f in FEEDS:
        h.failed(f, "HTTP 500", ANSWER, 1)
    st = h.status(10)
    assert st.link is Link.STALE and len(st.failing) == len(FEEDS)
    assert st.data_age_s is None  # no data ever came: no age to show
    h.failed("incidents", "401", AUTH, 11)
    assert h.status(12).link is Link.STALE


def test_the_log_has_one_line_per_change_and_a_count_per_interval(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="ioc_desktop.backend.health")
    h = LinkHealth(now=0)
    all_ok(h, 0)
    for t in range(1, 200):
        h.failed("incidents", "refused", TRANSPORT, t)
        h.failed("kpis", "refused", TRANSPORT, t)
    h.ok("incidents", 200)
    h.ok("kpis", 200)
    for t in range(201, 320):
        h.ok("incidents", t)
    lines = [r.getMessage() for r in caplog.records]
    assert sum("incidents failing" in m for m in lines) == 1
    assert sum("kpis failing" in m for m in lines) == 1
    assert sum("unreachable" in m for m in lines) == 1
    assert sum("reachable again after 199 s" in m for m in lines) == 1
    recovered = [m for m in lines if "incidents recovered" in m]
    assert recovered == ["backend feed incidents recovered after 199 failure(s) over 199 s"]
    summaries = [m for m in lines if "last 30" in m]
    assert len(summaries) == 1 and "incidents 199" in summaries[0], lines
    assert len(lines) < 12, lines


def test_a_new_reason_for_a_failing_feed_is_logged_at_most_once_a_minute(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="ioc_desktop.backend.health")
    h = LinkHealth(now=0)
    h.ok("incidents", 0)
    h.failed("incidents", "/api/v1/incidents: JSON hỏng (char 48906)", ANSWER, 1)
    h.failed("incidents", "/api/v1/incidents: JSON hỏng (char 51234)", ANSWER, 3)  # same gist
    h.failed("incidents", "/api/v1/incidents: HTTP 500", ANSWER, 20)  # new, but too soon
    h.failed("incidents", "/api/v1/incidents: HTTP 500", ANSWER, 70)  # new, a minute on
    h.failed("incidents", "/api/v1/incidents: HTTP 503", ANSWER, 72)  # same gist as 500
    lines = [r.getMessage() for r in caplog.records if "incidents" in r.getMessage()]
    assert len(lines) == 2 and "now failing" in lines[1] and "HTTP 500" in lines[1], lines
