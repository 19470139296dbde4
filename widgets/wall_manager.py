"""The wall across monitors: one window per monitor, the layout's screens placed on them,
and what happens when a monitor is plugged or unplugged while the wall runs.

Placement is the pure `assign_screens` rule; this class only turns it into windows. A
monitor that goes away takes its window with it and its screens are shown, side by side, on
a remaining monitor; when it comes back they return. The operator's choice of monitor per
screen is remembered (MonitorMemory) so it survives restarts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen

from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.layout.monitors import (
    Monitor,
    MonitorMemory,
    assign_screens,
    split_monitor,
)
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from widgets.panel_frame import PanelFrame
from widgets.wall_window import WallWindow


def monitor_of(screen: QScreen) -> Monitor:
    g = screen.geometry()
    return Monitor(screen.name(), g.x(), g.y(), g.width(), g.height())


class WallManager(QObject):
    sig_windows_changed = Signal()

    def __init__(
        self,
        session: LayoutSession,
        store: Store,
        engine: VideoEngine,
        make_panel: Callable[[PanelSpec, str], PanelFrame],
        release_panel: Callable[[PanelFrame], None],
        memory: MonitorMemory,
        *,
        full_screen: bool,
        window_size: tuple[int, int] | None = None,
        skip_monitors: tuple[str, ...] = (),
        split: tuple[int, int] = (1, 1),
    ) -> None:
        super().__init__()
        self.session = session
        self.store = store
        self.engine = engine
        self.make_panel = make_panel
        self.release_panel = release_panel
        self.memory = memory
        self.full_screen = full_screen
        self.window_size = window_size
        self.skip_monitors = skip_monitors  # e.g. the operator's own monitor
        self.split = split  # one desktop spanning the whole wall, cut into monitors
        self.windows: dict[str, WallWindow] = {}
        self.placement: dict[str, list[str]] = {}
        self.editing = False
        # a station of a wall of several PCs: the layout's screens this PC shows (None: all)
        self.screen_filter: Callable[[list[ScreenSpec]], list[ScreenSpec]] | None = None
        self.on_control_requested: Callable[[], None] = lambda: None
        session.sig_layout_changed.connect(lambda _why: self.refresh())
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)
        app.screenAdded.connect(self._on_screens_changed)
        app.screenRemoved.connect(self._on_screens_changed)

    def _on_screens_changed(self, _screen: QScreen) -> None:
        self._later.start()  # once the OS is done: several screens often change together

    def qscreens(self) -> list[QScreen]:
        return [
            s for s in QGuiApplication.screens() if s.name() not in self.skip_monitors
        ] or QGuiApplication.screens()[:1]

    def refresh(self, screens: list[QScreen] | None = None) -> None:
        """Place the current layout's screens on the monitors there are now."""
        qscreens = screens if screens is not None else self.qscreens()
        layout = self.session.layout
        monitors = self.monitors(qscreens)
        by_name = {m.name: m for m in monitors}
        if self.screen_filter is None:
            placement = assign_screens(layout.screens, monitors, self.memory.assignments)
        else:  # a station of a wall of several: the wall's definition placed them
            placement = assign_screens(self.screen_filter(layout.screens), monitors, {})
        placement = {m: names for m, names in placement.items() if names}
        if not placement and monitors:  # this station shows none of the layout: says so
            first = min(monitors, key=lambda m: (m.y, m.x, m.name))
            placement = {first.name: []}
        if self.screen_filter is None and len(monitors) >= len(layout.screens):
            # the whole wall is there: remember it
            for monitor, names in placement.items():
                if names and names[0] not in self.memory.assignments:
                    self.memory.remember(names[0], monitor)
        for monitor in [m for m in self.windows if m not in placement]:
            win = self.windows.pop(monitor)
            win.release_all()
            win.close()
            win.deleteLater()
        for monitor, names in placement.items():  # what goes, goes first, on every monitor
            if monitor in self.windows:
                self.windows[monitor].release_gone(layout, names)
        for monitor, names in placement.items():
            existing = self.windows.get(monitor)
            if existing is None:
                win = WallWindow(
                    monitor,
                    self.store,
                    self.engine,
                    self.session,
                    self.make_panel,
                    self.release_panel,
                )
                win.sig_control_requested.connect(lambda: self.on_control_requested())
                self.windows[monitor] = win
                win.show_screens(layout, names, self.editing)
                m = by_name[monitor]
                self._show_on(win, QRect(m.x, m.y, m.width, m.height))  # built, then shown
            else:
                existing.show_screens(layout, names, self.editing)
        QTimer.singleShot(0, self._start_video)  # every monitor built: now the video
        self.placement = placement
        self.sig_windows_changed.emit()

    def _start_video(self) -> None:
        for win in self.windows.values():
            win.start_video()

    def _show_on(self, win: WallWindow, geometry: QRect) -> None:
        if self.window_size:
            win.resize(*self.window_size)
            win.move(geometry.topLeft())
            win.show()
        elif self.full_screen:
            win.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            win.setGeometry(geometry)
            if self.split == (1, 1):
                win.showFullScreen()
            else:  # full screen would cover the whole desktop, not this monitor of it
                win.show()
        else:
            win.setGeometry(geometry)
            win.showMaximized()

    def maximise(self, key: str) -> None:
        """Fill its screen with this panel (nothing changes if it already does)."""
        for win in self.windows.values():
            for grid in win.grids.values():
                if key in grid.panels and grid.maximised != key:
                    grid.toggle_maximise(key)

    def set_editing(self, on: bool) -> None:
        self.editing = on and not self.session.layout.locked
        self.refresh()

    def move_screen(self, screen_name: str, monitor: str) -> None:
        """The operator puts a layout screen on another monitor (remembered)."""
        for other, mon in list(self.memory.assignments.items()):
            if mon == monitor and other != screen_name:  # the two trade places
                old = self.memory.assignments.get(screen_name, "")
                if old:
                    self.memory.remember(other, old)
        self.memory.remember(screen_name, monitor)
        self.refresh()

    def monitors(self, screens: list[QScreen] | None = None) -> list[Monitor]:
        """The wall's monitors: each OS screen, or its R×C parts when the wall is split."""
        screens = self.qscreens() if screens is None else screens
        return [m for s in screens for m in split_monitor(monitor_of(s), *self.split)]

    def monitor_names(self) -> list[str]:
        return [m.name for m in self.monitors()]

    def panels(self) -> dict[str, PanelFrame]:
        return {k: w for win in self.windows.values() for k, w in win.panels().items()}

    def close_all(self) -> None:
        """The wall closes: its windows go, and monitors coming and going no longer concern
        it."""
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            for sig in (app.screenAdded, app.screenRemoved):
                with contextlib.suppress(RuntimeError, TypeError):
                    sig.disconnect(self._on_screens_changed)
        self._later.stop()
        for win in self.windows.values():
            win.release_all()
            win.close()
            win.deleteLater()
        self.windows.clear()
