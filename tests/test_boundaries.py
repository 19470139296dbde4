"""The seams of DESIGN.md, checked: the core never imports widgets, the data layers never
import Qt, and only video/ talks to libVLC."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "ioc_desktop"


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(*parts: str) -> list[Path]:
    return sorted(p for p in CORE.joinpath(*parts).rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(CORE)))
def test_core_never_imports_widgets(path: Path) -> None:
    if path.name == "app.py":  # the composition root wires widgets to services
        return
    bad = {m for m in imports(path) if m.split(".")[0] == "widgets" or m.endswith("QtWidgets")}
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize(
    "path",
    modules("backend") + modules("layout") + [CORE / "config.py"],
    ids=lambda p: str(p.relative_to(CORE)),
)
def test_data_layers_know_no_qt(path: Path) -> None:
    assert not {m for m in imports(path) if m.startswith("PySide6")}


def test_only_video_imports_vlc() -> None:
    users = {p.relative_to(CORE).as_posix() for p in modules() if "vlc" in imports(p)}
    assert users == {"video/libvlc.py"}


@pytest.mark.parametrize(
    "path",
    [CORE / "store.py", *modules("backend"), *modules("layout")],
    ids=lambda p: str(p.relative_to(CORE)),
)
def test_store_backend_and_layout_do_not_import_the_incidents_package(path: Path) -> None:
    """The store held the officer's outbox (a type from the SQLite queue) while the outbox
    imported the store: a loop. The layout model imported the incidents package for a
    severity table. Both now read neutral modules (severity.py) or own nothing of it."""
    bad = {m for m in imports(path) if m.startswith("ioc_desktop.incidents")}
    assert not bad, f"{path.name} imports {bad}"


def test_the_composition_root_only_composes() -> None:
    """app.py: arguments, the QApplication and loop, services and shell, run, exit."""
    app = CORE / "app.py"
    assert len(app.read_text("utf-8").splitlines()) < 300
    tree = ast.parse(app.read_text("utf-8"))
    nested = [
        n.name
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef)
        for n in ast.walk(f)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n is not f
    ]
    assert len(nested) <= 2, nested  # run() and nothing else of the kind
