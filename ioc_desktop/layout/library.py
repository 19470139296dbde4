"""Named layouts: the shipped presets plus the operator's own, and which one opens first.

The operator's layouts live in the user's data dir; a user layout with a shipped name
overrides the shipped one (deleting it brings the shipped one back). A file that cannot be
read is moved aside, never overwritten, and reported with its path, while every other layout
still loads.

"Cannot be read" covers every way a file can fail, not only bad JSON: a folder named
`x.json`, a symlink loop, a dangling link, a file of ten thousand `[`, `"row": 1.0`. Each
used to raise out of the scan at start-up, with nothing set aside, so the wall stopped on
every restart until someone found the file by hand.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ioc_desktop.files import JsonFileError, read_json_file, write_text_atomic
from ioc_desktop.i18n import translate
from ioc_desktop.layout.model import Layout, LayoutError, load_layout, save_layout

log = logging.getLogger(__name__)
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
    set_aside: Path | None  # where the file went; None: left in place (shipped, or not movable)


def slug(title: str) -> str:
    """A file-safe layout name from a title an operator typed (Vietnamese included)."""
    plain = unicodedata.normalize("NFKD", title.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    # names stay within the schema's 64 characters, with room for save_as's "-2", "-3"…
    out = re.sub(r"[^a-z0-9]+", "-", plain)[:56].strip("-")
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
        """Read every layout; returns the problems found by this scan. Never raises: one
        file, whatever is wrong with it, costs that layout only."""
        found: list[Problem] = []
        self._entries.clear()
        self._layouts.clear()
        for path in self._listing(self.shipped_dir, found):
            problem, layout = _read(path)
            if layout is None:  # an install problem: report, leave the file alone
                found.append(Problem(path, problem, None))
                continue
            self._add(layout, path, shipped=True)
        try:
            self.user_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            found.append(Problem(self.user_dir, _unusable_folder(self.user_dir, exc), None))
        for path in self._listing(self.user_dir, found):
            if path.name == "library.json":
                continue
            if not NAME_RE.match(path.stem):  # the file name is the layout's name
                problem = translate(
                    "layout_library",
                    "{path}: tên tệp không dùng được làm tên bố cục"
                    " (chỉ chữ thường không dấu, số, - và _)",
                ).format(path=path)
                layout = None
            else:
                problem, layout = _read(path)
            if layout is None:
                found.append(Problem(path, problem, self._set_aside(path)))
                continue
            if layout.name != path.stem:  # the file name is the identity: trust it
                layout.name = path.stem
            self._add(layout, path, shipped=False)
        self.problems = found
        return found

    @staticmethod
    def _listing(folder: Path, found: list[Problem]) -> list[Path]:
        """The folder's *.json, or none (and a problem) when the folder cannot be listed."""
        try:
            return sorted(folder.glob("*.json"))
        except OSError as exc:
            found.append(Problem(folder, _unusable_folder(folder, exc), None))
            return []

    def _add(self, layout: Layout, path: Path, shipped: bool) -> None:
        was_shipped = layout.name in self._entries and self._entries[layout.name].shipped
        self._entries[layout.name] = Entry(
            layout.name, layout.title_vi, path, shipped, overrides_shipped=was_shipped
        )
        self._layouts[layout.name] = layout

    def _set_aside(self, path: Path) -> Path | None:
        """Move the file (or folder, or link) into unreadable/ under a new name: kept for
        whoever wants to repair it, out of the next scan. None when it cannot be moved
        (a read-only folder): it is then reported again at the next start, nothing worse."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        try:
            self.aside_dir.mkdir(parents=True, exist_ok=True)
            target = self.aside_dir / f"{path.name}.{stamp}"
            n = 1
            while target.exists() or target.is_symlink():
                n += 1
                target = self.aside_dir / f"{path.name}.{stamp}-{n}"
            path.replace(target)
        except OSError as exc:
            log.warning("layout: could not set %s aside (%s)", path, exc)
            return None
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
        if self._set_aside(entry.path) is None:
            raise ValueError(
                translate("layout_library", "không xoá được bố cục '{name}'").format(name=name)
            )
        if self.default_name() == name:
            self.set_default("")
        self.rescan()
        return name in self._layouts

    # ---- the default -------------------------------------------------------------------

    def _meta_path(self) -> Path:
        return self.user_dir / "library.json"

    def default_name(self) -> str:
        try:
            data = read_json_file(self._meta_path())
        except (OSError, JsonFileError):
            return ""
        name = data.get("default", "") if isinstance(data, dict) else ""
        return name if isinstance(name, str) and name in self._layouts else ""

    def set_default(self, name: str) -> None:
        if name and name not in self._layouts:
            raise KeyError(_no_such(name))
        write_text_atomic(self._meta_path(), json.dumps({"default": name}))


def _read(path: Path) -> tuple[str, Layout | None]:
    """(problem, None) or ("", layout). load_layout turns every file problem into a
    LayoutError; anything else is a bug, logged with its traceback, and still costs this one
    file only: the wall starts."""
    try:
        return "", load_layout(path)
    except LayoutError as exc:
        return str(exc), None
    except Exception as exc:
        log.exception("layout: reading %s failed", path)
        return f"{path}: {exc.__class__.__name__}: {exc}", None


def _unusable_folder(folder: Path, exc: OSError) -> str:
    return translate("layout_library", "{path}: không dùng được thư mục bố cục ({reason})").format(
        path=folder, reason=exc.strerror or exc
    )


def _no_such(name: str) -> str:
    return translate("layout_library", "không có bố cục '{name}'").format(name=name)
