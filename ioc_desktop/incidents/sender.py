"""Sends the queued actions, oldest first, and stops at the first sign the backend is away.

Runs on a worker thread (it blocks on HTTP); the caller hands the result to the store on the
UI thread. Every action carries its idempotency key, so sending one again after a lost answer
cannot apply it twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ioc_desktop.backend.client import (
    ActionConflict,
    ActionRejected,
    BackendClient,
    BackendError,
)
from ioc_desktop.backend.models import Incident
from ioc_desktop.incidents.queue import CONFLICT, REJECTED, ActionQueue, QueuedAction


@dataclass
class DrainResult:
    sent: int = 0
    updated: list[Incident] = field(default_factory=list)
    """Incidents as the backend returned them (after an action, or with a refusal)."""
    refused: list[QueuedAction] = field(default_factory=list)
    offline: str | None = None
    """Why sending stopped early (backend unreachable, slow, or broken); retried later."""


def drain(queue: ActionQueue, client: BackendClient, limit: int = 100) -> DrainResult:
    result = DrainResult()
    for _ in range(limit):
        batch = queue.sendable()
        if not batch:
            break
        action, version = batch[0]
        try:
            incident = client.act_on_incident(action.incident_id, version, action.body)
        except ActionConflict as exc:
            queue.mark_refused(action.seq, CONFLICT, str(exc), exc.current_json)
            result.updated.append(exc.current)
            result.refused.append(action)
            continue
        except ActionRejected as exc:
            queue.mark_refused(action.seq, REJECTED, str(exc), exc.current_json)
            if exc.current is not None:
                result.updated.append(exc.current)
            result.refused.append(action)
            continue
        except BackendError as exc:
            result.offline = str(exc)
            break
        queue.mark_done(action.seq, incident.version)
        result.updated.append(incident)
        result.sent += 1
    return result
