"""The Linux bundle's PyInstaller build, started in the background when the run begins.

The build takes about 2.5 minutes of one core and nothing of the display: started at
collection (niced) it runs beside the unit and offscreen Qt tests, which come first (see
conftest), so tests/test_packaging.py only waits for what is left of it. Started only when
that test is selected; stopped and removed when the run ends."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEST_NAME = "test_linux_bundle_plays_the_demo_wall"


@dataclass
class Build:
    proc: subprocess.Popen[bytes]
    out: Path

    @property
    def log(self) -> Path:
        return self.out / "build.log"


_build: Build | None = None


def start() -> Build:
    """The build, started once per run."""
    global _build
    if _build is None:
        out = Path(tempfile.mkdtemp(prefix="ioc-bundle-"))
        with (out / "build.log").open("wb") as log:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    str(REPO / "build_installer.py"),
                    "--no-tarball",
                    "--out",
                    str(out),
                ],
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=(lambda: os.nice(10)) if hasattr(os, "nice") else None,
            )
        _build = Build(proc, out)
    return _build


def wait(timeout: float) -> tuple[int | None, Path, str]:
    """(exit status or None when it ran past timeout, the output folder, the log's tail)."""
    build = start()
    try:
        rc: int | None = build.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        rc = None
    text = build.log.read_text("utf-8", errors="replace") if build.log.exists() else ""
    return rc, build.out, text[-6000:]


def stop() -> None:
    """The run is over: a build still going is ended, its folder removed."""
    global _build
    if _build is None:
        return
    if _build.proc.poll() is None:
        _build.proc.kill()
        _build.proc.wait(timeout=30)
    shutil.rmtree(_build.out, ignore_errors=True)
    _build = None
