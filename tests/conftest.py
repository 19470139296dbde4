"""Shared fixtures: settings kept out of the developer's real dirs, Xvfb started on demand."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import bundle_build
from tests.xvfb import XvfbError, start_xvfb

# Qt tests run offscreen; the ones that need a real display run the app in a subprocess
# under the Xvfb fixture below. Offscreen Qt is given four 1920×1080 screens in a 2×2 wall,
# so multi-monitor code meets real QScreen objects (names, geometry) in every test.
REPO = Path(__file__).resolve().parent.parent
SCREENS_CONFIG = REPO / "tests" / "data" / "wall-4-screens.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREENS_CONFIG}")

# Demo clips are slow to encode and identical across runs: share them for the session.
_CLIP_CACHE = Path(
    os.environ.get("IOC_TEST_CACHE") or Path(tempfile.gettempdir()) / "ioc-desktop-test-cache"
)


_ENGINES: weakref.WeakSet[Any] = weakref.WeakSet()


def _track_engines() -> None:
    """Every video engine a test module makes is shut down when the module ends (a test
    that forgets leaves its libVLC instance and threads to every later test: a CI run's
    process held 220 threads at the end and crashed once, its crashing thread past the 100
    a fault dump shows)."""
    from ioc_desktop.video.engine import VideoEngine

    made = VideoEngine.__init__

    def tracked(self: Any, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        _ENGINES.add(self)

    VideoEngine.__init__ = tracked  # type: ignore[method-assign]


_track_engines()


@pytest.fixture(scope="module", autouse=True)
def engines_shut_down() -> Iterator[None]:
    yield  # torn down after the module's own fixtures (set up before them)
    from shiboken6 import Shiboken

    for engine in list(_ENGINES):
        if Shiboken.isValid(engine):  # (one deleted with its parent has no timers to stop)
            engine.shutdown()  # once only: a second shutdown does nothing


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOC_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IOC_CACHE_DIR", str(_CLIP_CACHE))
    monkeypatch.delenv("IOC_BACKEND_URL", raising=False)
    monkeypatch.delenv("IOC_TOKEN", raising=False)


@pytest.fixture(scope="session")
def clip_cache() -> Path:
    _CLIP_CACHE.mkdir(parents=True, exist_ok=True)
    return _CLIP_CACHE


@pytest.fixture(scope="session")
def xvfb() -> Iterator[str]:
    """A private X display (1920×1080) for tests with video or QtWebEngine."""
    try:
        proc, display = start_xvfb()
    except XvfbError as exc:
        pytest.fail(str(exc))
    yield display
    proc.terminate()
    proc.wait(timeout=10)


def display_env(display: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "QTWEBENGINE_DISABLE_SANDBOX": "1",
            "PYTHONPATH": str(REPO),
        }
    )
    env.pop("WAYLAND_DISPLAY", None)
    return env


def run_python(
    args: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )


_QT_SOURCES: dict[Path, bool] = {}


def _uses_qt(path: Path) -> bool:
    """Whether a test module touches Qt (then it runs offscreen), read once per module."""
    if path not in _QT_SOURCES:
        text = path.read_text("utf-8")
        _QT_SOURCES[path] = any(w in text for w in ("PySide6", "from widgets", "qapp", "qtbot"))
    return _QT_SOURCES[path]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in one group, so a developer runs the fast ones in seconds:
    `-m unit` (no Qt, no display), `-m qt` (offscreen Qt), `-m display` (its own Xvfb:
    video, QtWebEngine, the whole app in a subprocess)."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("display") or "xvfb" in fixtures:
            if not item.get_closest_marker("display"):
                item.add_marker(pytest.mark.display)
        elif _uses_qt(Path(str(item.fspath))):
            item.add_marker(pytest.mark.qt)
        else:
            item.add_marker(pytest.mark.unit)
    # display tests last (a stable sort: file order kept within each group), so the bundle's
    # build, started now beside the unit and offscreen tests, is done when its test comes
    items.sort(key=lambda item: item.get_closest_marker("display") is not None)
    if sys.platform.startswith("linux") and any(i.name == bundle_build.TEST_NAME for i in items):
        bundle_build.start()


def pytest_sessionfinish() -> None:
    bundle_build.stop()
