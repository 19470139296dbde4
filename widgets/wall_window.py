"""One wall monitor's window: a title bar with clock, the layout screens this monitor shows
(its own, plus any whose monitor is unplugged), and a status bar with backend and streams.

The window is built from the layout model (pure data) through a factory handed in by the
composition root, so it knows grids and panels, not where their data comes from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop import clock
from ioc_desktop.i18n import localized, translate
from ioc_desktop.layout.model import Layout, PanelSpec
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.store import Link, Store
from ioc_desktop.video.engine import VideoEngine
from widgets.elided_label import ElidedLabel
from widgets.formatting import format_age
from widgets.link_text import describe
from widgets.panel_frame import PanelFrame
from widgets.screen_grid import ScreenGrid


class WallWindow(QMainWindow):
    sig_control_requested = Signal()  # Ctrl+L: the operator wants the layout controls

    def __init__(
        self,
        monitor: str,
        store: Store,
        engine: VideoEngine,
        session: LayoutSession,
        make_panel: Callable[[PanelSpec, str], PanelFrame],
        release_panel: Callable[[PanelFrame], None],
    ) -> None:
        super().__init__()
        self.monitor = monitor
        self.store = store
        self.engine = engine
        self.session = session
        self.make_panel = make_panel
        self.release_panel = release_panel
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 0, 6, 6)
        outer.setSpacing(4)
        # nothing of text may widen a wall window (a long incident title grew it to 2241 px
        # on a 1920 px monitor): every label here elides, and the window takes its size
        # from its monitor, never from what its children would like
        central.setMinimumSize(1, 1)
        top = QHBoxLayout()
        self.title = ElidedLabel("")
        self.title.setObjectName("WallTitle")
        self.mode_label = QLabel("")
        self.mode_label.setObjectName("WallMode")
        self.clock = QLabel("")
        self.clock.setObjectName("Clock")
        top.addWidget(self.title, 1)
        top.addWidget(self.mode_label)
        top.addWidget(self.clock)
        outer.addLayout(top)
        self.banner = ElidedLabel("")
        self.banner.setObjectName("Banner")
        self.banner.hide()
        outer.addWidget(self.banner)
        self._outer = outer
        self.screens_row = QHBoxLayout()
        self.screens_row.setSpacing(12)
        outer.addLayout(self.screens_row, 1)
        self.setCentralWidget(central)
        self.grids: dict[str, ScreenGrid] = {}  # layout screen name → its grid here
        self._idle: QLabel | None = None  # shown when no screen of the layout is for here
        self._build_status_bar()
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._restore)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self._toggle_full_screen)
        QShortcut(QKeySequence("Ctrl+L"), self, self.sig_control_requested.emit)
        QShortcut(QKeySequence("Ctrl+Z"), self, session.undo)
        QShortcut(QKeySequence("Ctrl+Y"), self, session.redo)
        QShortcut(QKeySequence("Ctrl+Shift+Z"), self, session.redo)
        for n in range(1, 10):  # 1…9: the saved layouts in the control window's order
            QShortcut(QKeySequence(str(n)), self, lambda n=n: self._open_nth(n))
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()
        store.sig_link_changed.connect(self._on_tick)
        self._on_tick()

    def _build_status_bar(self) -> None:
        self.link_label = ElidedLabel("")
        self.age_label = QLabel("")
        self.streams_label = QLabel("")
        self.lease_label = ElidedLabel("")  # who controls the wall now (the lease holder)
        self.lease_label.setObjectName("LeaseLabel")
        # permanent: a passing message (a layout opened, a snapshot saved) shows beside the
        # link status, never in its place (it hid "Máy chủ: …" for 12 s at a time)
        self.statusBar().addPermanentWidget(self.link_label, 2)
        self.statusBar().addPermanentWidget(self.lease_label, 3)
        self.statusBar().addPermanentWidget(self.age_label)
        self.statusBar().addPermanentWidget(self.streams_label)
        self.statusBar().setMinimumWidth(1)
        self.work = QProgressBar()  # long work (first demo start): how far it got
        self.work.setObjectName("WorkProgress")
        self.work.setMinimumWidth(360)
        self.work.hide()
        self.statusBar().addPermanentWidget(self.work)

    def show_lease(self, line: str, tip: str) -> None:
        self.lease_label.setText(line)
        self.lease_label.setToolTip(tip or line)

    def place_prompt(self, bar: QWidget) -> None:
        """The new-incident question goes here, under the banner and above the screens: it
        takes room from the grid, never covers a picture (one window has it at a time)."""
        self._outer.insertWidget(2, bar)

    def release_gone(self, layout: Layout, names: list[str]) -> None:
        """Release the panels these screens of `layout` will not keep, before anything new
        is built on any monitor (the old players stop before the new ones start)."""
        specs = {s.name: s for s in layout.screens if s.name in names}
        for name, grid in self.grids.items():
            spec = specs.get(name)
            if spec is not None:
                grid.release_gone(spec)

    def start_video(self) -> None:
        for grid in self.grids.values():
            grid.start_video()

    def show_screens(self, layout: Layout, names: list[str], editing: bool) -> None:
        """Show these screens of the layout, reusing the grids (and live panels) already here."""
        wanted = {s.name: (i, s) for i, s in enumerate(layout.screens) if s.name in names}
        for name in [n for n in self.grids if n not in wanted]:
            grid = self.grids.pop(name)
            grid.release_all()
            self.screens_row.removeWidget(grid)
            grid.deleteLater()
        self._show_idle(layout, not names)
        if not names:
            return
        for name in names:
            i, spec = wanted[name]
            found = self.grids.get(name)
            if found is None:
                grid = ScreenGrid(
                    i, spec, self.session, self.make_panel, self.release_panel, self.centralWidget()
                )
                grid.sig_status.connect(lambda text: self.statusBar().showMessage(text, 8000))
                self.grids[name] = grid
            else:
                grid = found
                grid.apply(i, spec)
                self.screens_row.removeWidget(grid)  # re-added below, in the new order
            self.screens_row.addWidget(grid, max(1, spec.cols))
            grid.set_editing(editing)
        guests = names[1:]
        shown = localized(layout.title_vi, layout.title_en)
        title = translate("wall_window", "TRUNG TÂM ĐIỀU HÀNH THÔNG MINH · {layout}").format(
            layout=shown
        )
        if len(layout.screens) > 1:  # which part of the wall this is, on a wall of several
            title += " · " + translate("wall_window", "màn hình {n}/{total}").format(
                n=wanted[names[0]][0] + 1, total=len(layout.screens)
            )
        if guests:
            title += "  " + translate(
                "wall_window", "(+ {screens}: màn hình riêng đang không có)"
            ).format(screens=", ".join(guests))
        self.title.setText(title)
        self.setWindowTitle(f"IOC Wall — {shown} — {self.monitor}")
        mode = ""
        if editing:
            mode = translate("wall_window", "✎ ĐANG CHỈNH SỬA")
        elif layout.locked:
            mode = translate("wall_window", "🔒 Đã khoá")
        self.mode_label.setText(mode)

    def _show_idle(self, layout: Layout, idle: bool) -> None:
        """A station this layout does not use: said big in place of a grid, never a black
        window that looks like a fault (nor no window, which would end the app)."""
        if idle and self._idle is None:
            self._idle = QLabel("")
            self._idle.setObjectName("IdleStation")
            self._idle.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._idle.setWordWrap(True)
            self.screens_row.addWidget(self._idle, 1)
        if self._idle is not None:
            self._idle.setVisible(idle)
        if idle:
            shown = localized(layout.title_vi, layout.title_en)
            assert self._idle is not None
            self._idle.setText(
                translate(
                    "wall_window", "Bố cục '{layout}' không dùng các màn hình của máy này"
                ).format(layout=shown)
            )
            self.title.setText(
                translate("wall_window", "TRUNG TÂM ĐIỀU HÀNH THÔNG MINH · {layout}").format(
                    layout=shown
                )
            )

    def show_work(self, text: str, done: int, total: int) -> None:
        """Progress of long work (`text` may hold %v and %m); hidden once done == total."""
        self.work.setMaximum(max(1, total))
        self.work.setValue(min(done, total))
        self.work.setFormat(text)
        self.work.setVisible(done < total)

    def _cameras_text(self) -> str:
        """This window's camera tiles as they are: live of all, and those that show a planned
        still or a replay, which are neither live nor out (a count of the PC's players said
        "live" of a replaying tile, whose live stream plays hidden behind the replay)."""
        shown = Counter(
            str(getattr(w, "showing", "")) for w in self.panels().values() if hasattr(w, "showing")
        )
        text = translate("wall_window", "Camera trực tiếp: {live}/{total}").format(
            live=shown["live"], total=sum(shown.values())
        )
        if shown["still"]:
            text += " · " + translate("wall_window", "{n} ảnh tĩnh").format(n=shown["still"])
        if shown["replay"]:
            text += " · " + translate("wall_window", "{n} đang xem lại").format(n=shown["replay"])
        return text

    def panels(self) -> dict[str, PanelFrame]:
        return {k: w for g in self.grids.values() for k, w in g.panels.items()}

    def release_all(self) -> None:
        for grid in self.grids.values():
            grid.release_all()

    def _on_tick(self) -> None:
        note = clock.zone_note()  # the PC keeps another zone: say which time this is
        self.clock.setText(
            clock.now().strftime("%H:%M:%S  %d/%m/%Y") + (f" {note}" if note else "")
        )
        st = self.store.link_status()
        said = describe(st, self.store.auth_needed)
        self.link_label.setText(f"● {said.status_line}")
        self.link_label.setStyleSheet(f"color: {said.color}; font-weight: bold;")
        self.link_label.setToolTip(st.message or said.status_line)
        self.age_label.setText(
            translate("wall_window", "Dữ liệu cập nhật cách đây {age}").format(
                age=format_age(st.data_age_s)
            )
            if st.data_age_s is not None and st.link is Link.ONLINE
            else ""
        )
        self.streams_label.setText(self._cameras_text())
        if said.banner:
            self.banner.setText(said.banner)
            self.banner.setStyleSheet(f"background: {said.color};")
            self.banner.show()
        else:
            self.banner.hide()

    def _open_nth(self, n: int) -> None:
        names = self.session.library.names()
        if n <= len(names) and names[n - 1] != self.session.layout.name:
            self.session.open(names[n - 1])

    def toggle_maximise(self, key: str) -> None:
        for grid in self.grids.values():
            if key in grid.panels:
                grid.toggle_maximise(key)

    def _restore(self) -> None:
        for grid in self.grids.values():
            grid.restore()

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()
