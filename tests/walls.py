"""A wall for tests and probes, built as the app builds it (Services + WallShell), on a
given layout and backend: no test assembles a store, an engine, a factory and windows by hand.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.client import Timeouts
from ioc_desktop.config import Settings
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout, ScreenSpec
from ioc_desktop.paths import layouts_dir
from ioc_desktop.services import Services
from ioc_desktop.sync import PollIntervals
from ioc_desktop.video.engine import VideoEngine
from widgets.shell import WallShell
from widgets.wall_window import WallWindow


def build_wall(
    layout: Layout,
    backend_url: str,
    token: str,
    user_layouts: Path,
    *,
    role: str = "wall",
    window_size: tuple[int, int] | None = None,
    engine: VideoEngine | None = None,
    intervals: PollIntervals | None = None,
    timeouts: Timeouts | None = None,
    settings: Settings | None = None,
) -> tuple[Services, WallShell]:
    """The wall showing `layout` (windowed when `window_size` is given), its store empty until
    the services start or the test fills it."""
    app = QApplication.instance()
    assert app is not None, "make the QApplication first"
    settings = settings or Settings()
    settings.backend_url, settings.token, settings.role = backend_url, token, role
    library = LayoutLibrary(layouts_dir(), user_layouts)
    services = Services.build(
        settings,
        app,
        library=library,
        layout=layout,
        engine=engine,
        intervals=intervals,
        timeouts=timeouts,
    )
    return services, WallShell(services, window_size=window_size)


def one_screen(spec: ScreenSpec, title: str = "Kiểm thử") -> Layout:
    return Layout("probe", title, [spec])


def close_wall(services: Services, shell: WallShell) -> None:
    """Widgets first (players released, windows gone), then the services."""
    shell.close()
    QApplication.processEvents()
    services.close()


def probe_services(backend_url: str, token: str, settings: Settings | None = None) -> Services:
    """The services of a probe's wall, before its layout is known: the probe fills the store
    (areas, cameras it may route through a proxy) and then shows its screen with
    `probe_window` (built on a blank layout, replaced before any window exists)."""
    app = QApplication.instance()
    assert app is not None, "make the QApplication first"
    settings = settings or Settings()
    settings.backend_url, settings.token, settings.role = backend_url, token, "wall"
    blank = Layout("probe", "probe", [ScreenSpec("wall-1", 1, 1, [])])
    return Services.build(settings, app, layout=blank)


def probe_window(
    services: Services, spec: ScreenSpec, title: str, size: tuple[int, int] = (1280, 720)
) -> tuple[WallShell, WallWindow]:
    """The probe's one screen, in a window of `size` at the monitor's top left."""
    services.session.show_layout(one_screen(spec, title), "open")
    shell = WallShell(services, window_size=size)
    win = shell.first_window()
    assert win is not None
    return shell, win
