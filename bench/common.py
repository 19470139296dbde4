"""What every benchmark needs: an X display (Xvfb when there is none), the shared clip cache,
children run to the end with the CPU they used, and their last JSON line."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.xvfb import start_xvfb  # noqa: E402

SOURCE_FPS = 25.0
HOLDS = 0.95  # a tile "holds" the stream when it shows at least this share of its frames


class BenchEnv:
    """Environment for the children; starts Xvfb (stopped by close()) when there is no display,
    or always when the bench needs a screen of its own size (`screen`, e.g. a 4-monitor wall)."""

    def __init__(self, screen: str | None = None) -> None:
        self.xvfb: subprocess.Popen[bytes] | None = None
        self.last_x_cpu: float | None = None  # the X server's CPU s during the last timed()
        self.log_dir = Path(tempfile.mkdtemp(prefix="ioc-bench-log-"))
        self.last_stderr = self.log_dir / "child-stderr.log"
        self._children = 0
        self.env = dict(
            os.environ,
            QT_QPA_PLATFORM="xcb",
            QTWEBENGINE_DISABLE_SANDBOX="1",
            PYTHONPATH=str(ROOT),
            IOC_CONFIG_DIR=tempfile.mkdtemp(prefix="ioc-bench-config-"),
            IOC_DATA_DIR=tempfile.mkdtemp(prefix="ioc-bench-data-"),
        )
        if screen is not None:
            self.xvfb, self.env["DISPLAY"] = start_xvfb(screen)
        elif not self.env.get("DISPLAY"):
            self.xvfb, self.env["DISPLAY"] = start_xvfb()
        default_cache = Path(tempfile.gettempdir()) / "ioc-desktop-test-cache"
        self.cache = Path(os.environ.get("IOC_CACHE_DIR") or default_cache)
        self.env["IOC_CACHE_DIR"] = str(self.cache)

    @staticmethod
    def child_env(display: str, cache: Path) -> dict[str, str]:
        """The environment of one more app process on its own display (its own settings
        and data: a station's log, its remembered monitors), sharing the clip cache."""
        return dict(
            os.environ,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            QTWEBENGINE_DISABLE_SANDBOX="1",
            PYTHONPATH=str(ROOT),
            IOC_CONFIG_DIR=tempfile.mkdtemp(prefix="ioc-bench-config-"),
            IOC_DATA_DIR=tempfile.mkdtemp(prefix="ioc-bench-data-"),
            IOC_CACHE_DIR=str(cache),
        )

    def timed(self, cmd: list[str], timeout: float) -> tuple[str, float]:
        """Run a child to the end: its stdout and the CPU seconds it (and its children) used."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        x_before = cpu_of(self.xvfb.pid) if self.xvfb else None
        done = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=timeout)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # the X server draws every tile's pictures: its share is the wall's too, and no
        # child's rusage counts it (None: a display this bench did not start)
        self.last_x_cpu = round(cpu_of(self.xvfb.pid) - x_before, 1) if self.xvfb else None
        # every child's log kept, for when a number is odd (one step of several, say)
        self._children += 1
        self.last_stderr = self.log_dir / f"child-{self._children:03d}-stderr.log"
        self.last_stderr.write_text(done.stderr, encoding="utf-8")
        self.last_stderr.with_name(f"child-{self._children:03d}-stdout.log").write_text(
            done.stdout, encoding="utf-8"
        )
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return done.stdout, round(cpu, 1)

    def close(self) -> None:
        if self.xvfb:
            self.xvfb.terminate()


def cpu_of(pid: int) -> float:
    """CPU seconds a process used so far (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(proc: psutil.Process) -> float:
    """CPU seconds of a process and every process under it (an app's map renderer); a child
    that ended (or hid) between the listing and the read counts nothing."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            continue
    return total


def last_json(stdout: str) -> dict[str, Any]:
    lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError("the child printed no JSON result")
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def app_cmd(backend_url: str, token: str, seconds: float, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "ioc_desktop",
        "--backend",
        backend_url,
        "--token",
        token,
        "--selftest",
        str(seconds),
        *extra,
    ]


def bare_cmd(seconds: float, urls: list[str], vlc_args: tuple[str, ...] = ()) -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "bare_grid.py"), str(seconds), *urls, *vlc_args]
