"""Every program the tests, probes, benches and build call comes from the setup: a fresh
Debian 12 machine ran `./scripts/test.sh` and a probe failed on `ffmpeg`, which the setup never
installed. The calls are read from the code (subprocess and shutil.which with a literal
program name, and the tests' `_need("…")`); each must be a Python tool of the venv, or a
program of a Debian package that scripts/setup.sh installs."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

from tests.conftest import REPO

# the program → the Debian package that brings it (keep in step with scripts/setup.sh)
PROGRAM_PACKAGES = {
    "Xvfb": "xvfb",
    "xauth": "xauth",
    "makensis": "nsis",
    "7z": "p7zip-full",
    "git": "git",  # bench/catalogue_scale.py reads the catalogue before issue 19 from git
}
# programs that the venv brings (pip: PySide6's tools, the app's own entry point)
VENV_PROGRAMS = {"pyside6-lupdate", "pyside6-lrelease", "ioc-desktop"}
CALLS = {"run", "Popen", "check_output", "check_call", "call", "which", "_need", "system"}


def called_programs(path: Path) -> set[str]:
    """Literal program names a file hands to subprocess/shutil.which/_need."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else None
        name = name or (node.func.id if isinstance(node.func, ast.Name) else None)
        if name not in CALLS:
            continue
        first = node.args[0]
        if isinstance(first, ast.List | ast.Tuple) and first.elts:
            first = first.elts[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.add(first.value.split()[0])
    return found


def setup_packages() -> set[str]:
    text = (REPO / "scripts" / "setup.sh").read_text("utf-8")
    block = re.search(r"DEB_PACKAGES=\((.*?)\n\)", text, re.S)
    assert block, "scripts/setup.sh lists its Debian packages in DEB_PACKAGES=( … )"
    lines = [line.split("#", 1)[0] for line in block.group(1).splitlines()]
    return {word for line in lines for word in line.split()}


def test_every_program_called_is_installed_by_the_setup() -> None:
    files = [
        *REPO.joinpath("tests").rglob("*.py"),
        *REPO.joinpath("bench").glob("*.py"),
        REPO / "build_installer.py",
    ]
    calls = {p.relative_to(REPO).as_posix(): called_programs(p) for p in files}
    packages = setup_packages()
    problems = []
    for where, programs in calls.items():
        for program in programs - VENV_PROGRAMS:
            package = PROGRAM_PACKAGES.get(program)
            if package is None:
                problems.append(f"{where} calls '{program}': no package for it in this table")
            elif package not in packages:
                problems.append(f"{where} calls '{program}': setup.sh does not install {package}")
    assert not problems, "\n".join(problems)
    assert any(calls.values()), "the scan found no call at all: the scan is broken"


def test_the_scan_sees_a_program_the_setup_lacks(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('import subprocess\nsubprocess.run(["ffmpeg", "-f", "x11grab"])\n')
    assert called_programs(probe) == {"ffmpeg"}
    assert "ffmpeg" not in PROGRAM_PACKAGES


def test_the_programs_are_really_there_after_setup() -> None:
    missing = [p for p in PROGRAM_PACKAGES if shutil.which(p) is None]
    assert not missing, f"run ./scripts/setup.sh: missing {missing}"
