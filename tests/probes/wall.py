"""A one-screen wall window for probes and tests that exercise panels, not layouts."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout, ScreenSpec
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.paths import layouts_dir
from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from widgets.panels import PanelFactory
from widgets.wall_window import WallWindow


def one_screen_window(
    spec: ScreenSpec, title: str, store: Store, engine: VideoEngine, factory: PanelFactory
) -> WallWindow:
    layout = Layout("probe", title, [spec])
    user_dir = Path(tempfile.mkdtemp(prefix="ioc-probe-layouts-"))
    session = LayoutSession(LayoutLibrary(layouts_dir(), user_dir), layout)
    win = WallWindow("probe", store, engine, session, factory, factory.release)
    win.show_screens(layout, [spec.name], editing=False)
    win.session_ref = session  # type: ignore[attr-defined]  # kept alive with the window
    return win
