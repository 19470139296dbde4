"""The recovery ladder: what a tile tries, in order, when its stream fails.

Pure logic (no Qt, no libVLC), unit-tested in tests/test_ladder.py. The watchdog
(video/watchdog.py) says when one attempt is lost; the ladder says what the next one is:

1. reconnect the same stream (`reconnects` tries: most outages are short);
2. the camera's other profile (main ↔ sub: an encoder's one channel may hang alone);
3. an alternate source the backend lists for the stream (e.g. the NVR's relay);
4. the last picture, with its age (and the camera's snapshot where there is one), while the
   first stream is tried again every `retry_every_s`, until a picture comes.

A rung without a source is skipped. Every attempt is kept (rung, URL, start, outcome) for the
log, the tile's tooltip and the self-test. Live again on a fallback rung: the ladder stays
there and the tile says which; every `retry_every_s` (`back_due`) the tile tries the first
stream behind the fallback's picture (make before break) and comes back to it once it plays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class LadderRung(StrEnum):
    RECONNECT = "reconnect"
    OTHER_PROFILE = "other_profile"
    ALTERNATE = "alternate"
    LAST_PICTURE = "last_picture"


ORDER = (
    LadderRung.RECONNECT,
    LadderRung.OTHER_PROFILE,
    LadderRung.ALTERNATE,
    LadderRung.LAST_PICTURE,
)


@dataclass(frozen=True)
class LadderPolicy:
    reconnects: int = 2  # tries of the same stream before climbing
    other_profile_tries: int = 1
    alternate_tries: int = 2
    retry_every_s: float = 30.0  # on the last rung (or live on a fallback): the first again
    kept_attempts: int = 50


@dataclass
class Attempt:
    rung: LadderRung
    url: str | None  # None: the last picture (nothing to play)
    started_at: float
    outcome: str = ""  # "" while it runs, then "live" or "lost"
    ended_at: float | None = None


@dataclass(frozen=True)
class Step:
    """What to do now: play `url` (None: show the last picture) on `rung`."""

    rung: LadderRung
    url: str | None


@dataclass
class RecoveryLadder:
    first: str  # the stream the tile's plan asked for
    other: str | None = None  # the camera's other profile
    alternate: str | None = None  # the backend's alternate source for it
    policy: LadderPolicy = field(default_factory=LadderPolicy)
    rung: LadderRung = LadderRung.RECONNECT
    tries_on_rung: int = 0
    live: bool = True
    attempts: list[Attempt] = field(default_factory=list)
    live_since: float | None = None

    def _source(self, rung: LadderRung) -> str | None:
        return {
            LadderRung.RECONNECT: self.first,
            LadderRung.OTHER_PROFILE: self.other if self.other != self.first else None,
            LadderRung.ALTERNATE: self.alternate,
            LadderRung.LAST_PICTURE: None,
        }[rung]

    def _tries(self, rung: LadderRung) -> int:
        return {
            LadderRung.RECONNECT: self.policy.reconnects,
            LadderRung.OTHER_PROFILE: self.policy.other_profile_tries,
            LadderRung.ALTERNATE: self.policy.alternate_tries,
            LadderRung.LAST_PICTURE: 10**9,
        }[rung]

    @property
    def url(self) -> str | None:
        """What plays now (None on the last rung: the last picture, the first retried)."""
        return self._source(self.rung)

    def _end(self, now: float, outcome: str) -> None:
        if self.attempts and not self.attempts[-1].outcome:
            self.attempts[-1].outcome, self.attempts[-1].ended_at = outcome, now

    def _begin(self, now: float, rung: LadderRung) -> Step:
        self.rung = rung
        url = self._source(rung)
        self.attempts.append(Attempt(rung, url, now))
        del self.attempts[: -self.policy.kept_attempts]  # a day-long outage: the latest
        return Step(rung, url)

    def lost(self, now: float) -> Step:
        """The current attempt failed (the watchdog said lost): the next step."""
        self._end(now, "lost")
        self.live, self.live_since = False, None
        self.tries_on_rung += 1
        if self.rung is LadderRung.LAST_PICTURE or self.tries_on_rung < self._tries(self.rung):
            return self._begin(now, self.rung)
        i = ORDER.index(self.rung) + 1
        while ORDER[i] is not LadderRung.LAST_PICTURE and self._source(ORDER[i]) is None:
            i += 1  # no such source for this camera: the next rung
        self.tries_on_rung = 0
        return self._begin(now, ORDER[i])

    def went_live(self, now: float) -> None:
        self._end(now, "live")
        self.live, self.live_since, self.tries_on_rung = True, now, 0

    def retry_due(self, now: float) -> Step | None:
        """On the last rung, every retry_every_s: the first stream again (the last picture
        stays until it has a picture; then `first_is_back`)."""
        last = self.attempts[-1].started_at if self.attempts else None
        if self.rung is LadderRung.RECONNECT or last is None:
            return None
        if now - last < self.policy.retry_every_s:
            return None
        if self.rung is LadderRung.LAST_PICTURE and not self.live:
            self._end(now, "lost")
            self.attempts.append(Attempt(LadderRung.RECONNECT, self.first, now))
            return Step(LadderRung.RECONNECT, self.first)
        return None

    def back_due(self, now: float) -> bool:
        """Live on the other profile or the alternate for retry_every_s: time to try the
        first stream again (behind the picture shown)."""
        fallback = self.rung in (LadderRung.OTHER_PROFILE, LadderRung.ALTERNATE)
        since = self.live_since
        return (
            fallback
            and self.live
            and since is not None
            and now - since >= self.policy.retry_every_s
        )

    def back_failed(self, now: float) -> None:
        """The first stream did not play: stay on the fallback, try again later."""
        self.live_since = now

    def first_is_back(self, now: float) -> None:
        """The first stream gave a picture again (a retry from the last rung): start over."""
        self.rung, self.tries_on_rung = LadderRung.RECONNECT, 0
        self.went_live(now)

    def summary(self) -> list[dict[str, object]]:
        """Each attempt, for the log and the self-test."""
        return [
            {
                "rung": a.rung.value,
                "url": a.url,
                "at": round(a.started_at, 2),
                "outcome": a.outcome or "running",
                "s": None if a.ended_at is None else round(a.ended_at - a.started_at, 2),
            }
            for a in self.attempts
        ]
