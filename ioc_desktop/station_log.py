"""What a station actually showed, kept on its own disk until the backend has it.

The backend's journal says what the wall was told to show; a station's log says what it
really showed, and what failed to start there, each change once, with the time it happened.
Kept in SQLite in the user's data dir (atomic, survives a crash or a restart), sent to the
backend in order when it is reachable (POST /api/v1/walls/{wall}/stations/{name}/log), each
entry with its own id so that a batch sent twice (the answer lost) is counted once. The last
MAX_KEPT entries are kept; an unreadable file is moved aside and a new log started, said.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ioc_desktop.local_db import open_kept

log = logging.getLogger(__name__)

MAX_KEPT = 10_000
BATCH = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS shown (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id TEXT NOT NULL UNIQUE,
    at REAL NOT NULL,
    body TEXT NOT NULL,
    sent INTEGER NOT NULL DEFAULT 0
)
"""


class StationLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._last: str | None = None  # what was logged last (a change is logged once)
        self._db, self.problem = open_kept(path, _SCHEMA, "shown", "log")
        row = self._db.execute("SELECT body FROM shown ORDER BY seq DESC LIMIT 1").fetchone()
        self._last = row[0] if row else None

    def record(self, shown: dict[str, Any], at: float | None = None) -> bool:
        """Log what the station shows now if it differs from the last entry (True: logged)."""
        body = json.dumps(shown, ensure_ascii=False, sort_keys=True)
        with self._lock:
            if body == self._last:
                return False
            self._db.execute(
                "INSERT INTO shown (entry_id, at, body) VALUES (?, ?, ?)",
                (str(uuid.uuid4()), at if at is not None else time.time(), body),
            )
            self._db.execute(
                "DELETE FROM shown WHERE seq <= (SELECT max(seq) FROM shown) - ?", (MAX_KEPT,)
            )
            self._last = body
            return True

    def unsent(self, limit: int = BATCH) -> list[dict[str, Any]]:
        """The oldest entries the backend does not have yet, as the contract sends them."""
        with self._lock:
            rows = self._db.execute(
                "SELECT entry_id, at, body FROM shown WHERE sent = 0 ORDER BY seq LIMIT ?",
                (limit,),
            ).fetchall()
        out = []
        for entry_id, at, body in rows:
            out.append(
                {
                    "id": entry_id,
                    "at": datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds"),
                    **json.loads(body),
                }
            )
        return out

    def mark_sent(self, ids: list[str]) -> None:
        with self._lock:
            self._db.executemany(
                "UPDATE shown SET sent = 1 WHERE entry_id = ?", [(i,) for i in ids]
            )

    def count(self, sent: bool | None = None) -> int:
        with self._lock:
            if sent is None:
                return int(self._db.execute("SELECT count(*) FROM shown").fetchone()[0])
            return int(
                self._db.execute(
                    "SELECT count(*) FROM shown WHERE sent = ?", (int(sent),)
                ).fetchone()[0]
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
