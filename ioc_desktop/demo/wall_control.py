"""Who may change the wall, and what the wall showed when: the demo backend's control lease
and wall journal.

A workstation takes the wall's lease before it pushes (who, which workstation, since, until)
and renews it while it works; a holder that goes silent loses it when it runs out. Taking a
lease someone else holds needs a reason, and the lease then says whom it was taken from and
why, so the previous holder is told at its next renewal. Every change of what the wall shows
is appended to the journal: time, who, from which workstation, why (manual, incident, tour,
restore, rule), the layout before and after. Pure logic with the clock passed in; the HTTP
server (server.py) holds one of each under WallShare's lock.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ioc_desktop.layout.stations import WallDefinition  # the client's own placement rule

LEASE_MIN_S, LEASE_MAX_S = 10, 300
JOURNAL_PAGE = 500


def instant(text: str) -> datetime:
    """A contract time (ISO-8601 with an offset, "Z" included) as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def iso_at(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds")


@dataclass
class Lease:
    holder: str
    workstation: str
    lease_id: str
    since: float
    until: float
    taken_from: dict[str, Any] | None = None

    def public(self) -> dict[str, Any]:
        return {
            "held": True,
            "holder": self.holder,
            "workstation": self.workstation,
            "since": iso_at(self.since),
            "until": iso_at(self.until),
            "taken_from": self.taken_from,
        }


FREE: dict[str, Any] = {
    "held": False,
    "holder": None,
    "workstation": None,
    "since": None,
    "until": None,
    "taken_from": None,
}


@dataclass
class WallLease:
    current: Lease | None = None
    # the last lease taken over, so its holder hears why at its next renewal
    overtaken: dict[str, dict[str, Any]] = field(default_factory=dict)

    def valid(self, now: float) -> Lease | None:
        if self.current is not None and self.current.until <= now:
            self.current = None  # the holder went silent: the lease ran out
        return self.current

    def public(self, now: float) -> dict[str, Any]:
        lease = self.valid(now)
        return lease.public() if lease else dict(FREE)

    def take(self, body: dict[str, Any], now: float) -> tuple[int, dict[str, Any]]:
        """Take or renew (200, the lease with its id), or 423 with the holder."""
        holder, station = str(body["holder"]), str(body["workstation"])
        ttl = min(LEASE_MAX_S, max(LEASE_MIN_S, int(body.get("ttl_s", 30))))
        reason = str(body.get("takeover_reason") or "").strip()
        asked_id = body.get("lease_id")
        lease = self.valid(now)
        if (
            asked_id
            and asked_id in self.overtaken
            and (lease is None or lease.lease_id != asked_id)
        ):
            gone = self.overtaken[asked_id]
            return 423, {
                "code": "Locked",
                "message": f"the wall was taken over by {gone['by']} ({gone['reason']})",
                "lease": self.public(now),
            }
        if lease is not None and (
            lease.lease_id == asked_id or (lease.holder, lease.workstation) == (holder, station)
        ):
            lease.until = now + ttl  # the holder renews (or comes back on the same seat)
            return 200, {**lease.public(), "lease_id": lease.lease_id}
        taken_from = None
        if lease is not None:
            if not reason:
                return 423, {
                    "code": "Locked",
                    "message": f"the wall is held by {lease.holder} at {lease.workstation}",
                    "lease": lease.public(),
                }
            taken_from = {
                "holder": lease.holder,
                "workstation": lease.workstation,
                "reason": reason[:300],
                "at": iso_at(now),
            }
            self.overtaken[lease.lease_id] = {"by": f"{holder} ({station})", "reason": reason}
        self.current = Lease(holder, station, secrets.token_urlsafe(12), now, now + ttl, taken_from)
        return 200, {**self.current.public(), "lease_id": self.current.lease_id}

    def release(self, lease_id: str, now: float) -> tuple[int, dict[str, Any]]:
        lease = self.valid(now)
        if lease is None or lease.lease_id != lease_id:
            return 409, {
                "code": "Conflict",
                "message": "not the lease held",
                "lease": self.public(now),
            }
        self.current = None
        return 200, dict(FREE)

    def refusal(self, lease_id: str | None, now: float) -> dict[str, Any] | None:
        """Why a write under `lease_id` is refused (423's answer), or None: it may write."""
        lease = self.valid(now)
        if lease is not None and lease.lease_id == lease_id:
            return None
        if lease is None:
            message = "take the wall's lease first (PUT /api/v1/walls/{wall}/lease)"
        else:
            message = f"the wall is held by {lease.holder} at {lease.workstation}"
        return {"code": "Locked", "message": message, "lease": self.public(now)}


@dataclass
class WallJournal:
    """Every change of what the wall shows, in order; an entry's `seq` is its place."""

    entries: list[dict[str, Any]] = field(default_factory=list)

    def append(
        self,
        now: float,
        before: dict[str, Any],
        after: dict[str, Any],
        why: dict[str, Any],
        workstation: str | None,
        versions: tuple[int | None, int | None] = (None, None),
    ) -> dict[str, Any]:
        entry = {
            "seq": len(self.entries) + 1,
            "at": iso_at(now),
            "by": after["updated_by"],
            "workstation": workstation,
            "why": why,
            "before": {
                "layout": before["layout"],
                "incident_id": before["incident_id"],
                "layout_version": versions[0],
            },
            "after": {
                "layout": after["layout"],
                "incident_id": after["incident_id"],
                "layout_version": versions[1],
            },
        }
        self.entries.append(entry)
        return entry

    def page(self, q: dict[str, str]) -> dict[str, Any]:
        """Entries after the cursor, of one incident, within [from, to], at most a page."""
        after = int(q.get("after", "0"))
        lo = instant(q["from"]) if "from" in q else None
        hi = instant(q["to"]) if "to" in q else None
        out = []
        for e in self.entries[after:]:
            at = instant(e["at"])
            if (lo and at < lo) or (hi and at > hi):
                continue
            if "incident" in q and q["incident"] not in (
                e["before"]["incident_id"],
                e["after"]["incident_id"],
                e["why"].get("incident_id"),
            ):
                continue
            out.append(e)
            if len(out) == JOURNAL_PAGE:
                break
        cursor = out[-1]["seq"] if len(out) == JOURNAL_PAGE else len(self.entries)
        return {"cursor": cursor, "entries": out}


STATION_UP_S = 15.0  # a station not heard from this long is down
FUTURE_SLACK_S = 60.0  # an entry timed further ahead than this: the station's clock is wrong
LOG_KEPT = 10_000  # per station

# The demo province's hall wall: 2 rows × 3 columns of 1080p monitors, one wall PC per column
# (each drives the column's two monitors), as an IOC wall of several PCs is wired.
DEMO_WALLS: list[dict[str, Any]] = [
    {
        "name": "main",
        "title_vi": "Tường màn hình phòng điều hành",
        "monitors": [
            {"id": f"m{r}{c}", "row": r, "col": c, "width": 1920, "height": 1080}
            for r in range(2)
            for c in range(3)
        ],
        "stations": [
            {"name": f"wall-pc-{c + 1}", "monitors": [f"m0{c}", f"m1{c}"]} for c in range(3)
        ],
    },
    {  # the meeting room's two screens, one PC
        "name": "meeting",
        "title_vi": "Màn hình phòng họp",
        "monitors": [
            {"id": f"p{c}", "row": 0, "col": c, "width": 1920, "height": 1080} for c in range(2)
        ],
        "stations": [{"name": "meeting-pc", "monitors": ["p0", "p1"]}],
    },
]


@dataclass
class StationBoard:
    """The walls' definitions and what each station last said it shows."""

    walls: list[dict[str, Any]] = field(default_factory=lambda: [dict(w) for w in DEMO_WALLS])
    reports: dict[tuple[str, str], tuple[float, dict[str, Any]]] = field(default_factory=dict)
    logs: dict[tuple[str, str], dict[str, dict[str, Any]]] = field(default_factory=dict)

    def _known(self, wall: str, station: str) -> bool:
        w = self.wall(wall)
        return w is not None and station in [s["name"] for s in w["stations"]]

    def upload_log(
        self, wall: str, station: str, entries: list[dict[str, Any]], now: float
    ) -> tuple[int, dict[str, Any]]:
        """Keep a station's entries: once each (by id), none from the future."""
        if not self._known(wall, station):
            return 404, {"code": "Not Found", "message": f"no station '{station}' on '{wall}'"}
        kept = self.logs.setdefault((wall, station), {})
        accepted = duplicates = 0
        refused = []
        for e in entries:
            at = instant(e["at"]).timestamp()
            if at > now + FUTURE_SLACK_S:
                ahead = round(at - now)
                refused.append({"id": e["id"], "reason": f"from the future ({ahead} s ahead)"})
            elif e["id"] in kept:
                duplicates += 1
            else:
                kept[e["id"]] = dict(e)
                accepted += 1
        while len(kept) > LOG_KEPT:
            kept.pop(min(kept, key=lambda k: kept[k]["at"]))
        return 200, {"accepted": accepted, "duplicates": duplicates, "refused": refused}

    def read_log(self, wall: str, station: str) -> list[dict[str, Any]] | None:
        if not self._known(wall, station):
            return None
        rows = self.logs.get((wall, station), {}).values()
        return sorted(rows, key=lambda e: instant(e["at"]))

    def wall(self, name: str) -> dict[str, Any] | None:
        return next((w for w in self.walls if w["name"] == name), None)

    def report(
        self, wall: str, station: str, body: dict[str, Any], now: float, screens: list[Any]
    ) -> tuple[int, dict[str, Any]]:
        w = self.wall(wall)
        if w is None or station not in [s["name"] for s in w["stations"]]:
            return 404, {"code": "Not Found", "message": f"no station '{station}' on '{wall}'"}
        self.reports[(wall, station)] = (now, body)
        return 200, self._status(w, station, now, screens)

    def statuses(self, wall: str, now: float, screens: list[Any]) -> list[dict[str, Any]] | None:
        w = self.wall(wall)
        if w is None:
            return None
        return [self._status(w, s["name"], now, screens) for s in w["stations"]]

    def _status(
        self, w: dict[str, Any], station: str, now: float, screens: list[Any]
    ) -> dict[str, Any]:
        seen = self.reports.get((w["name"], station))
        should = WallDefinition.from_json(w).placement(screens).get(station, [])
        return {
            "name": station,
            "up": seen is not None and now - seen[0] < STATION_UP_S,
            "last_seen": iso_at(seen[0]) if seen else None,
            "showing": seen[1] if seen else None,
            "should_show": should,
        }
