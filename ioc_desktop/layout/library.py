"""Named layouts: the shipped presets plus the operator's own, and which one opens first.

The operator's layouts live in the user's data dir; a user layout with a shipped name
overrides the shipped one (deleting it brings the shipped one back). A file that cannot be
read is moved aside, never overwritten, and reported with its path, while every other layout
still loads.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ioc_desktop.files import write_text_atomic
from ioc_desktop.i18n import translate
from ioc_desktop.layout.model import Layout, LayoutError, load_layout, save_layout

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass
class Entry:
    name: str
    title_vi: str
    path: Path
    shipped: bool  # True: from layouts/ in the install (read-only)
    overrides_shipped: bool = False


@dataclass
class Problem:
    path: Path
    message: str
    set_aside: Path | None


def slug(title: str) -> str:
    """A file-safe layout name from a title an operator typed (Vietnamese included)."""
    plain = unicodedata.normalize("NFKD", title.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    out = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return out or "bo-cuc"


class LayoutLibrary:
    def __init__(self, shipped_dir: Path, user_dir: Path) -> None:
        self.shipped_dir = shipped_dir
        self.user_dir = user_dir
        self.aside_dir = user_dir / "unreadable"
        self.problems: list[Problem] = []
        self._entries: dict[str, Entry] = {}
        self._layouts: dict[str, Layout] = {}
        self.rescan()

    # ---- reading -----------------------------------------------------------------------

    def rescan(self) -> list[Problem]:
        """Read every layout; returns the problems found by this scan."""
        found: list[Problem] = []
        self._entries.clear()
        self._layouts.clear()
        for path in sorted(self.shipped_dir.glob("*.json")):
            try:
                layout = load_layout(path)
            except LayoutError as exc:  # an install problem: report, leave the file alone
                found.append(Problem(path, str(exc), None))
                continue
            self._add(layout, path, shipped=True)
        self.user_dir.mkdir(parents=True, exist_ok=True)
        for path in sorted(self.user_dir.glob("*.json")):
            if path.name == "library.json":
                continue
            try:
                layout = load_layout(path)
            except LayoutError as exc:
                found.append(Problem(path, str(exc), self._set_aside(path)))
                continue
            if layout.name != path.stem:  # the file name is the identity: trust it
                layout.name = path.stem
            self._add(layout, path, shipped=False)
        self.problems = found
        return found

    def _add(self, layout: Layout, path: Path, shipped: bool) -> None:
        was_shipped = layout.name in self._entries and self._entries[layout.name].shipped
        self._entries[layout.name] = Entry(
            layout.name, layout.title_vi, path, shipped, overrides_shipped=was_shipped
        )
        self._layouts[layout.name] = layout

    def _set_aside(self, path: Path) -> Path:
        self.aside_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.aside_dir / f"{path.name}.{stamp}"
        n = 1
        while target.exists():
            n += 1
            target = self.aside_dir / f"{path.name}.{stamp}-{n}"
        path.replace(target)
        return target

    def entries(self) -> list[Entry]:
        return sorted(self._entries.values(), key=lambda e: (not e.shipped, e.title_vi.lower()))

    def names(self) -> list[str]:
        return [e.name for e in self.entries()]

    def get(self, name: str) -> Layout:
        if name not in self._layouts:
            raise KeyError(
                translate("layout_library", "không có bố cục '{name}'").format(name=name)
            )
        return copy.deepcopy(self._layouts[name])

    def entry(self, name: str) -> Entry:
        return self._entries[name]

    def __contains__(self, name: object) -> bool:
        return name in self._layouts

    # ---- writing (user dir only) ----------------------------------------------------------

    def save(self, layout: Layout) -> Path:
        """Save under the layout's name in the user dir (a shipped one gets a user copy)."""
        if not NAME_RE.match(layout.name):
            raise ValueError(
                translate("layout_library", "tên bố cục không hợp lệ: '{name}'").format(
                    name=layout.name
                )
            )
        layout.check(layout.name)
        self.user_dir.mkdir(parents=True, exist_ok=True)
        path = self.user_dir / f"{layout.name}.json"
        save_layout(layout, path)
        self._add(copy.deepcopy(layout), path, shipped=False)
        return path

    def save_as(self, layout: Layout, title_vi: str) -> Layout:
        """A copy under a new name made from the title; never replaces an existing layout."""
        base = slug(title_vi)
        name, n = base, 1
        while name in self._layouts:
            n += 1
            name = f"{base}-{n}"
        out = copy.deepcopy(layout)
        out.name, out.title_vi, out.locked = name, title_vi, False
        self.save(out)
        return out

    def rename(self, name: str, title_vi: str) -> Layout:
        """A new title; a user layout keeps its file name, so the wall's default still finds it."""
        layout = self.get(name)
        layout.title_vi = title_vi
        self.save(layout)
        return layout

    def delete(self, name: str) -> bool:
        """Remove a user layout (kept aside, not destroyed); True if a shipped one comes back."""
        entry = self._entries.get(name)
        if entry is None:
            raise KeyError(
                translate("layout_library", "không có bố cục '{name}'").format(name=name)
            )
        if entry.shipped:
            raise ValueError(translate("layout_library", "bố cục đi kèm phần mềm không xoá được"))
        self._set_aside(entry.path)
        if self.default_name() == name:
            self.set_default("")
        self.rescan()
        return name in self._layouts

    # ---- the default -------------------------------------------------------------------

    def _meta_path(self) -> Path:
        return self.user_dir / "library.json"

    def default_name(self) -> str:
        try:
            data = json.loads(self._meta_path().read_text("utf-8"))
        except (OSError, ValueError):
            return ""
        name = data.get("default", "") if isinstance(data, dict) else ""
        return name if isinstance(name, str) and name in self._layouts else ""

    def set_default(self, name: str) -> None:
        if name and name not in self._layouts:
            raise KeyError(_no_such(name))
        write_text_atomic(self._meta_path(), json.dumps({"default": name}))


def _no_such(name: str) -> str:
    return translate("layout_library", "không có bố cục '{name}'").format(name=name)
