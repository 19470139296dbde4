"""The SQLite files the app keeps in the user's data dir (the officer's outbox, a station's
log of what it showed), opened one way: WAL, usable from the worker threads, and a file that
cannot be read set aside (never overwritten) with a new one started and the reason said."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

log = logging.getLogger(__name__)


def _connect(path: Path, schema: str, table: str, durable: bool) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    if durable:
        db.execute("PRAGMA synchronous=FULL")  # survives power loss, not only a crash
    db.execute(schema)
    db.execute(f"SELECT count(*) FROM {table}").fetchone()  # a broken file fails here
    return db


def open_kept(
    path: Path, schema: str, table: str, what: str, *, durable: bool = False
) -> tuple[sqlite3.Connection, str | None]:
    """(the connection, the problem told when the old file was unreadable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path, schema, table, durable), None
    except sqlite3.DatabaseError as exc:
        aside = path.with_name(f"{path.name}.unreadable-{int(time.time())}")
        path.replace(aside)
        problem = f"{path}: unreadable ({exc}); kept as {aside.name}, new {what} started"
        log.error("%s", problem)
        return _connect(path, schema, table, durable), problem
