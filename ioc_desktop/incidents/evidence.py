"""The officer's evidence actions: a bookmark (a stretch of a camera's recording, from t−N to
t+M, with a note) and a snapshot (one picture at a moment), kept with an incident.

They are incident actions like the others (incidents/lifecycle.py, the contract's
IncidentAction): queued in the durable outbox, sent in order when the backend answers, and
applied once (their client_action_id). A bookmark may reach past now (t+M): the recorder
keeps recording, and the incident file takes the clip when it is there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

BEFORE_S = 10.0  # a bookmark's default stretch around its moment
AFTER_S = 10.0


def contract_time(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def bookmark_body(
    camera_id: str, at: float, note: str = "", before_s: float = BEFORE_S, after_s: float = AFTER_S
) -> dict[str, Any]:
    """A bookmark of `camera_id` from at−before_s to at+after_s (epoch seconds)."""
    body: dict[str, Any] = {
        "action": "bookmark",
        "camera_id": camera_id,
        "from": contract_time(at - max(0.0, before_s)),
        "to": contract_time(at + max(0.0, after_s)),
    }
    if note.strip():
        body["text"] = note.strip()[:2000]
    return body


def snapshot_body(camera_id: str, at: float, note: str = "") -> dict[str, Any]:
    """A snapshot of `camera_id` at `at` (epoch seconds): the backend keeps that picture."""
    body: dict[str, Any] = {"action": "snapshot", "camera_id": camera_id, "at": contract_time(at)}
    if note.strip():
        body["text"] = note.strip()[:2000]
    return body
