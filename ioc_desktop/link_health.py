"""What the wall may truthfully say about its backend, decided from the calls' outcomes alone.

Every call the app makes (a feed's poll, the wall-state follower) reports here: success, or a
failure of one of two kinds. A *transport* failure (refused, timed out, no route) says nothing
came back; an *answer* failure (HTTP 5xx, 401, malformed or contract-breaking JSON) says the
backend is there but this feed is broken. From that, three honest states:

- online: every feed's latest call succeeded;
- partial: the backend answers, but these feeds fail (named), their data is this old;
- unreachable: since this moment nothing has come back at all.

A wall used to say "answering incompletely" for a minute-long outage (only a slow poll that
failed could turn it offline) and kept a warning for good once the wall-state follower had
failed once (it reported failures, never a success). Here a feed's success clears its
failure, a feed the app no longer polls is forgotten, and the state changes within one poll
interval of the truth.

Support reads the log: one line when a feed starts failing, one when it recovers (how long,
how many failures), one when the backend becomes unreachable or reachable again, and a
count per interval while anything fails — never a line per failed call.

Pure Python, clock injected: every transition is unit-tested without Qt or a network.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

log = logging.getLogger("ioc_desktop.backend.health")

TRANSPORT = "transport"  # nothing came back: refused, timed out, no route
ANSWER = "answer"  # the backend answered, wrongly: HTTP error, bad JSON, contract broken
AUTH = "auth"  # the backend refused the token
MAX_MESSAGE = 300  # a backend's error text is kept (and logged) this long at most


def _gist(message: str) -> str:
    """A failure's reason without its numbers (ports, seconds, offsets), to tell reasons
    apart from repeats."""
    return re.sub(r"\d+", "#", message)[:80]


class Link(StrEnum):
    CONNECTING = "connecting"  # nothing answered yet
    ONLINE = "online"  # every feed fresh
    STALE = "stale"  # the backend answers, some feeds fail: their data is old
    OFFLINE = "offline"  # the backend cannot be reached


@dataclass
class FeedHealth:
    last_ok: float | None = None  # monotonic time of the last good answer
    error: str | None = None
    kind: str = ""
    failures: int = 0  # in a row
    failing_since: float | None = None
    said_at: float = 0.0  # when the log last had a line about this feed's failure
    said: str = ""  # the gist of that line's reason


@dataclass(frozen=True)
class LinkStatus:
    link: Link
    data_age_s: float | None
    """online: since the newest update; partial/unreachable: age of the oldest data shown
    (None when the failing feeds never had data)."""
    message: str
    """The newest error, for the operator (the backend's words where it gave any)."""
    failing: tuple[str, ...] = ()
    """The feeds failing now (names as the sync calls them: incidents, series:<kpi>, …)."""
    down_for_s: float | None = None
    """unreachable: how long nothing has come back."""


@dataclass
class _Interval:
    started: float
    calls: int = 0
    failed: Counter[str] = field(default_factory=Counter)


class LinkHealth:
    """The outcome of every backend call, and the link status they add up to."""

    SUMMARY_EVERY_S = 300.0
    OFFLINE_AFTER_S = 3.0
    """A transport failure reads as "unreachable" only once nothing at all has come back for
    this long: a backend that times out on one feed while answering the others is partly
    failing, not gone (without it the wall flickered between the two)."""

    def __init__(self, now: float = 0.0) -> None:
        self.feeds: dict[str, FeedHealth] = {}
        self.reached_at: float | None = None  # the last time anything came back
        self.unreachable_since: float | None = None  # first transport failure since then
        self._interval = _Interval(now)

    # -- outcomes ------------------------------------------------------------------------
    def ok(self, feed: str, now: float) -> bool:
        """A good answer; True if the link may now read differently."""
        h = self.feeds.setdefault(feed, FeedHealth())
        changed = h.error is not None or h.last_ok is None
        if h.error is not None:
            down = now - h.failing_since if h.failing_since is not None else 0.0
            log.info(
                "backend feed %s recovered after %d failure(s) over %.0f s", feed, h.failures, down
            )
        h.last_ok, h.error, h.kind, h.failures, h.failing_since = now, None, "", 0, None
        changed |= self._reached(now)
        self._count(feed, None, now)
        return changed

    def failed(self, feed: str, message: str, kind: str, now: float) -> bool:
        """A failed call of `kind` (TRANSPORT, ANSWER, AUTH); True: the link may read
        differently (always, as the message and ages change)."""
        h = self.feeds.setdefault(feed, FeedHealth())
        message = message[:MAX_MESSAGE]
        if h.error is None:
            log.warning("backend feed %s failing (%s): %s", feed, kind, message)
            h.failing_since, h.said_at, h.said = now, now, _gist(message)
        elif (h.kind != kind or h.said != _gist(message)) and now - h.said_at >= 60:
            # failing for another reason (a hang after broken answers): told, at most a
            # line a minute, so support can read why it failed, not only that it did
            log.warning("backend feed %s now failing (%s): %s", feed, kind, message)
            h.said_at, h.said = now, _gist(message)
        h.error, h.kind, h.failures = message, kind, h.failures + 1
        if kind == TRANSPORT:
            if self.unreachable_since is None:
                self.unreachable_since = now
                log.warning("backend unreachable: %s", message)
        else:
            self._reached(now)  # an answer, even a wrong one, came back
        self._count(feed, kind, now)
        return True

    def forget(self, feed: str) -> bool:
        """The app no longer polls this feed (a chart left the wall): it has no say."""
        return self.feeds.pop(feed, None) is not None

    def _reached(self, now: float) -> bool:
        self.reached_at = now
        if self.unreachable_since is None:
            return False
        log.info("backend reachable again after %.0f s", now - self.unreachable_since)
        self.unreachable_since = None
        return True

    def _count(self, feed: str, kind: str | None, now: float) -> None:
        iv = self._interval
        iv.calls += 1
        if kind is not None:
            iv.failed[feed] += 1
        if now - iv.started >= self.SUMMARY_EVERY_S:
            if iv.failed:
                worst = ", ".join(f"{f} {n}" for f, n in iv.failed.most_common(8))
                log.info(
                    "backend, last %.0f s: %d calls, %d failed (%s)",
                    now - iv.started,
                    iv.calls,
                    sum(iv.failed.values()),
                    worst,
                )
            self._interval = _Interval(now)

    # -- the status ----------------------------------------------------------------------
    def status(self, now: float) -> LinkStatus:
        if not self.feeds:
            return LinkStatus(Link.CONNECTING, None, "")
        failing = {name: h for name, h in self.feeds.items() if h.error is not None}
        quiet = self.reached_at is None or now - self.reached_at >= self.OFFLINE_AFTER_S
        if self.unreachable_since is not None and quiet:
            newest = self._newest_error(failing)
            return LinkStatus(
                Link.OFFLINE,
                self._oldest_age(self.feeds.values(), now),
                newest,
                tuple(sorted(failing)),
                now - self.unreachable_since,
            )
        if not failing:
            newest_ok = max(
                (h.last_ok for h in self.feeds.values() if h.last_ok is not None), default=None
            )
            if newest_ok is None:
                return LinkStatus(Link.CONNECTING, None, "")
            return LinkStatus(Link.ONLINE, now - newest_ok, "")
        return LinkStatus(
            Link.STALE,
            self._oldest_age(failing.values(), now),
            self._newest_error(failing),
            tuple(sorted(failing)),
        )

    @staticmethod
    def _oldest_age(feeds: Iterable[FeedHealth], now: float) -> float | None:
        oks = [h.last_ok for h in feeds if h.last_ok is not None]
        return now - min(oks) if oks else None

    @staticmethod
    def _newest_error(failing: dict[str, FeedHealth]) -> str:
        if not failing:
            return ""
        latest = max(failing.values(), key=lambda h: (h.failing_since or 0.0, h.failures))
        return latest.error or ""
