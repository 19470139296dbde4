"""The officer's actions on their way to the backend, kept on disk until the backend has them.

An action taken while the backend is unreachable must survive a crash or a restart and reach
the backend in the order it was taken; one the backend refuses (someone changed the incident
first, or the step is no longer allowed) stays here, shown to the officer, until the officer
decides: apply it again on the incident as it is now, or drop it. Nothing leaves silently.

SQLite (stdlib) in the user's data dir: atomic commits, no server, readable by support. An
unreadable file is moved aside (never overwritten) and a fresh queue started, with a message.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from ioc_desktop.local_db import open_kept

log = logging.getLogger(__name__)

PENDING, DONE, CONFLICT, REJECTED = "pending", "done", "conflict", "rejected"
KEEP_DONE = 200  # the last sent actions, for the officer's "sent" list and for chaining

_SCHEMA = """
CREATE TABLE IF NOT EXISTS actions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id TEXT NOT NULL UNIQUE,
    incident_id TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    after_seq INTEGER,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    current TEXT,
    result_version INTEGER,
    created_at REAL NOT NULL
)
"""


@dataclass(frozen=True)
class QueuedAction:
    seq: int
    action_id: str
    incident_id: str
    base_version: int
    after_seq: int | None
    """An earlier queued action on the same incident this one was decided after: it is sent
    on the version that one produced, not on the version the officer saw."""
    body: dict[str, Any]
    state: str
    error: str
    current: dict[str, Any] | None
    """The incident as the backend had it when it refused the action (conflict/rejected)."""
    result_version: int | None
    created_at: float

    @property
    def action(self) -> str:
        return str(self.body.get("action", ""))


P = ParamSpec("P")
R = TypeVar("R")


def _locked(
    method: Callable[Concatenate[ActionQueue, P], R],
) -> Callable[Concatenate[ActionQueue, P], R]:
    """One caller at a time: the UI thread enqueues while a worker thread sends."""

    @functools.wraps(method)
    def wrapper(self: ActionQueue, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class ActionQueue:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()  # the UI thread enqueues while a worker thread sends
        self._db, self.problem = open_kept(path, _SCHEMA, "actions", "queue", durable=True)

    @_locked
    def close(self) -> None:
        self._db.close()

    # -- the officer's side ----------------------------------------------------------------
    @_locked
    def enqueue(self, incident_id: str, base_version: int, body: dict[str, Any]) -> QueuedAction:
        """Keep the action (durably, before returning); it gets its idempotency key here."""
        action_id = str(uuid.uuid4())
        full = {**body, "client_action_id": action_id}
        earlier = self._db.execute(
            "SELECT max(seq) FROM actions WHERE incident_id = ? AND state = ?",
            (incident_id, PENDING),
        ).fetchone()[0]
        cur = self._db.execute(
            "INSERT INTO actions (action_id, incident_id, base_version, after_seq, body, state,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                action_id,
                incident_id,
                base_version,
                earlier,
                json.dumps(full, ensure_ascii=False),
                PENDING,
                time.time(),
            ),
        )
        got = self.get(int(cur.lastrowid or 0))
        assert got is not None
        return got

    @_locked
    def retry_on(self, seq: int, version: int) -> None:
        """The officer applies a refused action again, on the incident as it is now."""
        self._db.execute(
            "UPDATE actions SET state = ?, base_version = ?, after_seq = NULL, error = '',"
            " current = NULL WHERE seq = ? AND state IN (?, ?)",
            (PENDING, version, seq, CONFLICT, REJECTED),
        )

    @_locked
    def discard(self, seq: int) -> None:
        """The officer decided the refused action is no longer wanted."""
        self._db.execute(
            "DELETE FROM actions WHERE seq = ? AND state IN (?, ?)", (seq, CONFLICT, REJECTED)
        )

    # -- the sender's side -----------------------------------------------------------------
    @_locked
    def sendable(self) -> list[tuple[QueuedAction, int]]:
        """Pending actions in the order taken, each with the version to send it on. An action
        behind a refused one on the same incident waits for the officer's decision."""
        out: list[tuple[QueuedAction, int]] = []
        blocked = {
            r[0]
            for r in self._db.execute(
                "SELECT DISTINCT incident_id FROM actions WHERE state IN (?, ?)",
                (CONFLICT, REJECTED),
            )
        }
        for a in self._select("state = ? ORDER BY seq", (PENDING,)):
            if a.incident_id in blocked:
                continue
            version = a.base_version
            if a.after_seq is not None:
                before = self.get(a.after_seq)
                if before is None or before.state != DONE or before.result_version is None:
                    blocked.add(a.incident_id)  # its predecessor has not gone through yet
                    continue
                version = before.result_version
            out.append((a, version))
        return out

    @_locked
    def mark_done(self, seq: int, result_version: int) -> None:
        self._db.execute(
            "UPDATE actions SET state = ?, result_version = ? WHERE seq = ?",
            (DONE, result_version, seq),
        )
        self._db.execute(
            "DELETE FROM actions WHERE state = ? AND seq NOT IN (SELECT seq FROM actions"
            " WHERE state = ? ORDER BY seq DESC LIMIT ?)",
            (DONE, DONE, KEEP_DONE),
        )

    @_locked
    def mark_refused(
        self, seq: int, state: str, error: str, current: dict[str, Any] | None
    ) -> None:
        assert state in (CONFLICT, REJECTED)
        self._db.execute(
            "UPDATE actions SET state = ?, error = ?, current = ? WHERE seq = ?",
            (state, error, json.dumps(current, ensure_ascii=False) if current else None, seq),
        )

    # -- reading -------------------------------------------------------------------------
    @_locked
    def get(self, seq: int) -> QueuedAction | None:
        found = self._select("seq = ?", (seq,))
        return found[0] if found else None

    @_locked
    def unsent(self, incident_id: str | None = None) -> list[QueuedAction]:
        """Everything the backend does not have yet (pending or refused), oldest first."""
        if incident_id is None:
            return self._select("state != ? ORDER BY seq", (DONE,))
        return self._select("state != ? AND incident_id = ? ORDER BY seq", (DONE, incident_id))

    def _select(self, where: str, args: tuple[Any, ...]) -> list[QueuedAction]:
        rows = self._db.execute(
            "SELECT seq, action_id, incident_id, base_version, after_seq, body, state, error,"
            f" current, result_version, created_at FROM actions WHERE {where}",
            args,
        ).fetchall()
        return [
            QueuedAction(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                json.loads(r[5]),
                r[6],
                r[7],
                json.loads(r[8]) if r[8] else None,
                r[9],
                r[10],
            )
            for r in rows
        ]
