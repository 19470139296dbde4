"""The wall's journal as a duty officer reads it: what the wall showed at a moment, and the
journal as a CSV file for a report.

Entries come from the backend (GET /api/v1/walls/{wall}/journal), oldest first. `shown_at` answers
"what was on the wall at 14:05?" (the last change at or before it); `describe_layout` says
what each screen of a layout shows, with camera names, for drawing it; `journal_csv` writes
entries in the province's time, every cell as text (a cell a spreadsheet would run as a
formula, e.g. "=HYPERLINK(…)" in a hostile layout name, is prefixed with an apostrophe).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ioc_desktop import clock
from ioc_desktop.backend.client import BackendClient, BackendError
from ioc_desktop.files import write_text_atomic
from ioc_desktop.layout.model import Layout, LayoutError, PanelSpec


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    at: datetime
    by: str
    workstation: str
    why: str
    incident_id: str
    before: str
    after: str
    after_version: int | None = None  # the shared layout's version when it was shown

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> JournalEntry:
        why = d.get("why") or {}
        return cls(
            int(d["seq"]),
            datetime.fromisoformat(str(d["at"]).replace("Z", "+00:00")),
            str(d["by"]),
            str(d.get("workstation") or ""),
            str(why.get("kind", "")),
            str(why.get("incident_id") or d["after"].get("incident_id") or ""),
            str(d["before"]["layout"]),
            str(d["after"]["layout"]),
            d["after"].get("layout_version"),
        )


def shown_at(entries: list[JournalEntry], at: datetime) -> JournalEntry | None:
    """The change in effect at `at`: the last one made at or before it (None: before all)."""
    found = None
    for e in entries:
        if e.at <= at:
            found = e
        else:
            break
    return found


def describe_layout(
    layout: Layout, label: Callable[[PanelSpec], str]
) -> list[tuple[str, list[str]]]:
    """(screen name, what each of its panels shows, in reading order) for drawing a layout
    from the journal; `label` says a panel in the UI's words (camera names, kinds)."""
    return [
        (screen.name, [label(p) for p in sorted(screen.panels, key=lambda p: (p.row, p.col))])
        for screen in layout.screens
    ]


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def journal_csv(entries: list[JournalEntry]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["seq", "time", "by", "workstation", "why", "incident", "before", "after"])
    for e in entries:
        row = [
            str(e.seq),
            clock.fmt(clock.local(e.at), "%Y-%m-%d %H:%M:%S"),
            e.by,
            e.workstation,
            e.why,
            e.incident_id,
            e.before,
            e.after,
        ]
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()


def export_csv(entries: list[JournalEntry], path: Path) -> str | None:
    """The journal written to `path` as CSV (UTF-8 with a BOM, so that Excel reads the
    Vietnamese right); the reason when it cannot be written, else None."""
    try:
        write_text_atomic(path, "\ufeff" + journal_csv(entries))
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        return str(exc)
    return None


def read_journal(client: BackendClient, pages: int = 50) -> list[JournalEntry]:
    """Every entry of the wall's journal, page after page (blocking: run it off the UI)."""
    entries: list[JournalEntry] = []
    after = 0
    for _ in range(pages):
        cursor, rows = client.wall_journal(after=after)
        entries += [JournalEntry.from_json(r) for r in rows]
        if not rows or cursor <= after:
            break
        after = cursor
    return entries


def read_layouts(client: BackendClient, names: set[str]) -> dict[str, tuple[int, Layout]]:
    """The shared layouts the journal names, as the backend keeps them now, with their
    versions (one gone, or broken, is left out: the dialog says it cannot draw it)."""
    out: dict[str, tuple[int, Layout]] = {}
    for name in sorted(names)[:200]:
        try:
            version, raw = client.wall_layout(name)
            out[name] = (version, Layout.from_json(raw, name))
        except (BackendError, LayoutError):
            continue
    return out
