"""When a new incident may take the wall, and what the operator is asked: the `incident_layout`
setting (off / ask / auto) as one policy, so the wall, a workstation and the tests decide the
same way.

auto: the most severe new incident with a layout takes the wall at once; while the wall holds
one (HOLD_S) only a more severe one takes it over, so the wall does not flicker.

ask: an hour at the demo wall showed the borderless "Chuyển tường?" box over the video about
twice a minute, piling up. Now the operator is asked about one incident at a time, only for
those worth it (severity at or above `min_severity`), most severe first; the others wait in a
queue whose length is shown, and a question that became moot (someone acknowledged the
incident, or it closed) leaves the queue by itself. Answering "later" moves on to the next.

Pure logic over backend data: no Qt, clock passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ioc_desktop.backend.models import Incident
from ioc_desktop.severity import SEVERITY_RANK, most_severe_first

MODES = ("off", "ask", "auto")


class IncidentWallPolicy:
    HOLD_S = 120.0
    MAX_WAITING = 50  # a storm of incidents: the oldest low ones fall off, never unbounded

    def __init__(
        self,
        has_layout: Callable[[Incident], bool],
        mode: str = "ask",
        min_severity: str = "high",
    ) -> None:
        self.has_layout = has_layout
        self.mode = mode if mode in MODES else "ask"
        self.min_severity = min_severity if min_severity in SEVERITY_RANK else "high"
        self.seen: set[str] | None = None  # None until the first list: those are history
        self.holding: tuple[str, float, int] | None = None  # incident id, since, severity rank
        self.queue: list[Incident] = []  # ask mode: the first one is being asked

    # -- what the backend says ---------------------------------------------------------------
    def consider(self, incidents: Iterable[Incident], now: float) -> Incident | None:
        """Take the incident list as it is now. auto: the incident to put on the wall now,
        if any. ask: None; the queue (`asking`, `waiting`) may have changed."""
        incidents = list(incidents)
        by_id = {i.id: i for i in incidents}
        if self.seen is None:
            self.seen = set(by_id)
            return None
        fresh = [i for i in incidents if i.id not in self.seen]
        self.seen |= {i.id for i in fresh}
        # a question nobody needs to answer any more: acknowledged elsewhere, closed, gone
        self.queue = [
            by_id[q.id] for q in self.queue if q.id in by_id and by_id[q.id].status == "new"
        ]
        candidates = most_severe_first(i for i in fresh if i.status == "new" and self.has_layout(i))
        if self.mode == "off" or not candidates:
            return None
        if self.mode == "auto":
            best = candidates[0]
            if self.holding is not None:
                _, since, held_rank = self.holding
                if now - since < self.HOLD_S and self._rank(best) <= held_rank:
                    return None
            return best
        floor = SEVERITY_RANK[self.min_severity]
        worth = [i for i in candidates if self._rank(i) >= floor]
        if worth:
            asking = self.queue[:1]
            rest = most_severe_first([*self.queue[1:], *worth])
            self.queue = (asking + rest)[: self.MAX_WAITING]
        return None

    # -- what the operator answers -----------------------------------------------------------
    @property
    def asking(self) -> Incident | None:
        """The incident the operator is asked about now."""
        return self.queue[0] if self.queue else None

    @property
    def waiting(self) -> int:
        """Incidents queued behind the one being asked."""
        return max(0, len(self.queue) - 1)

    def answer(self, show: bool) -> Incident | None:
        """The operator's answer to `asking`: the incident to put on the wall (show), or None
        (later). Either way the next question, if any, comes up."""
        if not self.queue:
            return None
        inc = self.queue.pop(0)
        return inc if show else None

    def took_wall(self, incident: Incident, now: float) -> None:
        self.holding = (incident.id, now, self._rank(incident))
        self.queue = [q for q in self.queue if q.id != incident.id]

    def released(self) -> None:
        """The operator chose a layout: the wall no longer holds an incident."""
        self.holding = None

    @staticmethod
    def _rank(incident: Incident) -> int:
        return SEVERITY_RANK.get(incident.severity, 0)
