"""Which physical monitor shows which screen of a layout, and what happens when one goes.

Monitors are matched by the name the OS gives them (Qt's QScreen.name(), e.g. "HDMI-1"),
so a wall keeps its order when cables are swapped between identical outputs; what no name
places goes by position, left to right then top to bottom. When there are fewer monitors
than layout screens, the orphans are hosted on the remaining monitors (side by side with
that monitor's own screen) until their monitor comes back: nothing disappears from the wall.
The operator's assignment is kept in a small JSON file so it survives restarts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ioc_desktop.files import JsonFileError, read_json_file, write_text_atomic
from ioc_desktop.i18n import translate
from ioc_desktop.layout.kinds import MAX_NAME
from ioc_desktop.layout.model import ScreenSpec


@dataclass(frozen=True)
class Monitor:
    name: str
    x: int
    y: int
    width: int
    height: int


def split_monitor(m: Monitor, rows: int, cols: int) -> list[Monitor]:
    """One big desktop cut into a wall of rows × cols monitors, as NVIDIA Mosaic or AMD
    Eyefinity present a video wall (the OS sees one screen; the operator sees several)."""
    if rows <= 1 and cols <= 1:
        return [m]
    w, h = m.width // cols, m.height // rows
    return [
        Monitor(f"{m.name}#{r * cols + c + 1}", m.x + c * w, m.y + r * h, w, h)
        for r in range(rows)
        for c in range(cols)
    ]


def parse_split(text: str) -> tuple[int, int]:
    """'2x2' → (2, 2); empty → (1, 1); anything else raises ValueError with the reason."""
    if not text:
        return 1, 1
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(p.isdigit() and 1 <= int(p) <= 8 for p in parts):
        raise ValueError(f"wall_split '{text}': expected ROWSxCOLS, e.g. 2x2 (1..8 each)")
    return int(parts[0]), int(parts[1])


def assign_screens(
    screens: list[ScreenSpec], monitors: list[Monitor], remembered: dict[str, str]
) -> dict[str, list[str]]:
    """monitor name → names of the layout screens it shows (its own first, then guests).

    Order of preference for each layout screen: the operator's remembered choice, the
    layout's own `monitor` hint, then the next free monitor by position."""
    by_name = {m.name: m for m in monitors}
    ordered = sorted(monitors, key=lambda m: (m.y, m.x, m.name))
    out: dict[str, list[str]] = {m.name: [] for m in ordered}
    unplaced: list[ScreenSpec] = []
    for s in screens:
        wanted = remembered.get(s.name) or s.monitor
        if wanted in by_name and not out[wanted]:
            out[wanted].append(s.name)
        else:
            unplaced.append(s)
    # a screen whose own monitor is unplugged is a guest somewhere; screens without a
    # preference take the free monitors first
    unplaced.sort(key=lambda s: bool(remembered.get(s.name) or s.monitor))
    free = [m.name for m in ordered if not out[m.name]]
    orphans: list[ScreenSpec] = []
    for s in unplaced:
        if free:
            out[free.pop(0)].append(s.name)
        else:
            orphans.append(s)
    if ordered:  # more layout screens than monitors: host them, fewest guests first
        for s in orphans:
            host = min(ordered, key=lambda m: (len(out[m.name]), ordered.index(m)))
            out[host.name].append(s.name)
    return out


class MonitorMemory:
    """The operator's choice of monitor per layout screen name, kept across restarts.

    The file carries a `schema_version`: one without it is version 0 (the same
    `{"assignments": {...}}`, read as version 1); one from a newer IOC Wall is not read and
    not overwritten (choices made meanwhile hold for this run only). Whatever else is wrong
    with it costs the remembered order, never the start."""

    VERSION = 1
    MAX_ENTRIES = 256  # screens remembered; a wall has a few dozen at most

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""
        self.read_only = False  # a newer app's file: leave it as it is
        self.assignments: dict[str, str] = {}
        try:
            data = read_json_file(path)
        except FileNotFoundError:
            return
        except JsonFileError as exc:
            self._unreadable(str(exc))
            return
        version = data.get("schema_version", 0) if isinstance(data, dict) else None
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            self._unreadable("schema_version")
            return
        if version > self.VERSION:
            self.read_only = True
            self.problem = translate(
                "layout_monitors",
                "{path}: do một IOC Wall mới hơn ghi (phiên bản {version}); dùng thứ tự màn"
                " hình mặc định và không ghi đè tệp",
            ).format(path=path, version=version)
            return
        raw = data.get("assignments", {})
        if not isinstance(raw, dict) or len(raw) > self.MAX_ENTRIES:
            self._unreadable("assignments")
            return
        self.assignments = {
            k: v
            for k, v in raw.items()
            if isinstance(v, str) and v and len(k) <= MAX_NAME * 2 and len(v) <= MAX_NAME * 2
        }

    def _unreadable(self, reason: str) -> None:
        self.problem = translate(
            "layout_monitors",
            "{path}: không đọc được ({reason}); dùng thứ tự màn hình mặc định",
        ).format(path=self.path, reason=reason)

    def remember(self, screen_name: str, monitor_name: str) -> None:
        self.assignments[screen_name] = monitor_name
        if self.read_only:
            return
        write_text_atomic(
            self.path,
            json.dumps(
                {"schema_version": self.VERSION, "assignments": self.assignments},
                ensure_ascii=False,
                indent=2,
            ),
        )
