"""Which incidents deserve the officer's alert now: each unacknowledged incident once, not at
every poll (an alarm that repeats every two seconds gets muted, then missed)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ioc_desktop.backend.models import Incident

# the table lives in a neutral module the layout model reads too; still importable from here
from ioc_desktop.severity import SEVERITY_RANK as SEVERITY_RANK
from ioc_desktop.severity import most_severe_first as most_severe_first


@dataclass
class AlertTracker:
    min_severity: str = "low"
    alerted: set[str] = field(default_factory=set)

    def new_alerts(self, incidents: Iterable[Incident]) -> list[Incident]:
        """Incidents still 'new' that were not alerted before, most severe first."""
        floor = SEVERITY_RANK.get(self.min_severity, 0)
        fresh = [
            i
            for i in incidents
            if i.status == "new"
            and i.id not in self.alerted
            and SEVERITY_RANK.get(i.severity, 0) >= floor
        ]
        self.alerted.update(i.id for i in fresh)
        return most_severe_first(fresh)


def triage_order(incidents: Iterable[Incident]) -> list[Incident]:
    """The list an officer works from: unacknowledged first, then most severe, then newest."""
    return sorted(
        incidents,
        key=lambda i: (
            i.status != "new",
            -SEVERITY_RANK.get(i.severity, 0),
            -i.date_issued.timestamp(),
        ),
    )
