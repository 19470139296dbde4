"""One layout screen's grid of panels, and the drag-and-drop an operator edits it with.

Panels are kept across layout changes when the same panel (kind and settings) is still on
this grid: a move, swap or resize re-places the live widget instead of rebuilding it, so a
camera keeps playing while the operator rearranges the wall. Edits go to the layout session
as intents; the grid redraws when the session says the layout changed, never on its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QDrag, QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QMenu, QToolButton, QWidget

from ioc_desktop.i18n import translate
from ioc_desktop.layout.edit import PanelRef
from ioc_desktop.layout.kinds import KINDS
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.layout_session import LayoutSession
from widgets.icons import icon
from widgets.panel_frame import PanelFrame

PANEL_MIME = "application/x-ioc-panel"  # from the catalogue: {"kind", "settings"}
MOVE_MIME = "application/x-ioc-move"  # a panel on the wall: {"screen", "index"}
HEADER_GRAB_PX = 48  # a drag starts on the panel's title row, not on the video


def identity(spec: PanelSpec) -> str:
    """What makes two panels the same panel wherever they sit. A map looking elsewhere is
    the same map: a switch or an undo moves its view instead of reloading its page."""
    settings = spec.settings
    view = KINDS[spec.kind].view_settings if spec.kind in KINDS else ()
    if view:
        settings = {k: v for k, v in settings.items() if k not in view}
    return json.dumps([spec.kind, settings], sort_keys=True, ensure_ascii=False)


def panel_mime(kind: str, settings: dict[str, Any]) -> QMimeData:
    mime = QMimeData()
    mime.setData(PANEL_MIME, json.dumps({"kind": kind, "settings": settings}).encode())
    mime.setText(kind)
    return mime


def move_mime(screen: int, index: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(MOVE_MIME, json.dumps({"screen": screen, "index": index}).encode())
    return mime


class EmptyCell(QLabel):
    """A free cell while editing: shows where a panel can be dropped."""

    def __init__(self) -> None:
        super().__init__(translate("screen_grid", "+\nKéo bảng vào đây"))
        self.setObjectName("EmptyCell")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)


class ScreenGrid(QWidget):
    sig_maximised = Signal(str)  # key of the panel now filling the screen, "" when restored
    sig_status = Signal(str)  # something for the window's status bar

    def __init__(
        self,
        screen_index: int,
        spec: ScreenSpec,
        session: LayoutSession,
        make_panel: Callable[[PanelSpec, str], PanelFrame],
        release_panel: Callable[[PanelFrame], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.screen_index = screen_index
        self.spec = spec
        self.session = session
        self.make_panel = make_panel
        self.release_panel = release_panel
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.panels: dict[str, PanelFrame] = {}  # key → widget, in the spec's order
        self._specs: dict[str, PanelSpec] = {}
        self._index: dict[str, int] = {}  # key → index in spec.panels
        self._empty: list[EmptyCell] = []
        self._close_buttons: list[QToolButton] = []
        self._counter = 0
        self._to_start: list[PanelFrame] = []  # made by a switch, see start_video()
        self.editing = False
        self.maximised: str | None = None
        self._press: tuple[str, QPoint] | None = None
        self.setAcceptDrops(True)
        self.apply(screen_index, spec)

    # ---- building ------------------------------------------------------------------------

    def apply(self, screen_index: int, spec: ScreenSpec) -> None:
        """Show `spec`: panels that are still there are moved, the rest made or released.

        A wall switching layouts (issue #4: video within 2 s) releases the panels that go
        first, so their decoders stop before new ones start on the same cores, and starts
        the new tiles' video only once every monitor is built (start_video)."""
        self.release_gone(spec)
        self.screen_index, self.spec = screen_index, spec
        keys: list[str] = []
        for kept in self._match(spec)[0]:
            if kept is None:  # a new panel, named in the spec's order
                self._counter += 1
                kept = f"{spec.name}/{self._counter}"
            keys.append(kept)
        panels = {key: self.panels[key] for key in keys if key in self.panels}
        # every row and column of the spec shares the space, empty ones included: a cell's
        # size is known before its panel is made
        for r in range(max(self.grid.rowCount(), spec.rows)):
            self.grid.setRowStretch(r, 1 if r < spec.rows else 0)
        for c in range(max(self.grid.columnCount(), spec.cols)):
            self.grid.setColumnStretch(c, 1 if c < spec.cols else 0)
        # a switch on a shown wall (not a window being built, not one operator's edit)
        switch = self.isVisible() and sum(k not in panels for k in keys) > 1
        for key, p in zip(keys, spec.panels, strict=True):
            if key not in panels:
                widget = panels[key] = self._make(p, key)
                if switch:
                    self._to_start.append(widget)
            elif KINDS[p.kind].view_settings:  # kept where it is, looking where the spec says
                panels[key].show_view(*p.map_view())
            self.grid.addWidget(panels[key], p.row, p.col, p.row_span, p.col_span)
            panels[key].show()
        self.panels = {key: panels[key] for key in keys}
        self._specs = dict(zip(keys, spec.panels, strict=True))
        self._index = {key: i for i, key in enumerate(keys)}
        self._refresh_edit_marks()

    def start_video(self) -> None:
        """Start the players of the tiles the last switch made, on the turn of the event
        loop after the switch has built every monitor (WallManager.refresh): players
        started while the other monitors were still being built (16 decoders on this
        machine's 2 cores) made the switch take 2.1-2.3 s to panels instead of 0.3-0.6 s,
        and the video no sooner. Laid out first, so each tile picks its stream by its
        real size. A tile nobody starts here starts by itself when shown
        (CameraTile.showEvent)."""
        tiles, self._to_start = self._to_start, []
        if tiles and self.isVisible():
            self.grid.activate()
            for tile in tiles:
                tile.start()

    def release_gone(self, spec: ScreenSpec) -> None:
        """Release the panels `spec` has no place for (apply() does this first; a wall
        switching several screens calls it on every screen before any is built)."""
        self._restore()
        for key in self._match(spec)[1]:
            gone = self.panels.pop(key)
            del self._specs[key], self._index[key]
            if gone in self._to_start:
                self._to_start.remove(gone)  # made and gone again before its start
            self._release(gone)

    def _match(self, spec: ScreenSpec) -> tuple[list[str | None], list[str]]:
        """The panel here that each of `spec`'s panels keeps (same kind and settings; None:
        a new one), and the keys of the panels `spec` has no place for."""
        pool: dict[str, list[str]] = {}
        for key, old in self._specs.items():
            pool.setdefault(identity(old), []).append(key)
        kept = [found.pop(0) if (found := pool.get(identity(p))) else None for p in spec.panels]
        return kept, [key for keys in pool.values() for key in keys]

    def _make(self, p: PanelSpec, key: str) -> PanelFrame:
        widget = self.make_panel(p, key)
        widget.installEventFilter(self)
        widget.sig_view_changed.connect(self._view_changed)  # a map's view is the layout's
        widget.sig_maximise_requested.connect(self.toggle_maximise)
        widget.sig_status.connect(self.sig_status)
        return widget

    def _release(self, widget: PanelFrame) -> None:
        """Off this grid for good. Undo what _make hooked up: a camera tile may be handed
        to a new panel on another grid (PanelFactory), and must then answer to that one."""
        self.grid.removeWidget(widget)
        widget.removeEventFilter(self)
        widget.sig_view_changed.disconnect(self._view_changed)
        widget.sig_maximise_requested.disconnect(self.toggle_maximise)
        widget.sig_status.disconnect(self.sig_status)
        self.release_panel(widget)

    def release_all(self) -> None:
        for widget in self.panels.values():
            self._release(widget)
        self.panels, self._specs, self._index = {}, {}, {}

    def set_editing(self, on: bool) -> None:
        self.editing = on
        self._refresh_edit_marks()

    def _refresh_edit_marks(self) -> None:
        # gone at once, not at the next turn of the loop: a second edit in the same turn
        # must not find the first one's marks still on screen
        for w in [*self._empty, *self._close_buttons]:
            self.grid.removeWidget(w)
            w.hide()
            w.setParent(None)
            w.deleteLater()
        self._empty.clear()
        self._close_buttons.clear()
        for widget in self.panels.values():
            widget.set_editing(self.editing)
        if not self.editing:
            return
        taken = {c for p in self.spec.panels for c in p.cells()}
        for r in range(self.spec.rows):
            for c in range(self.spec.cols):
                if (r, c) not in taken:
                    cell = EmptyCell()
                    self._empty.append(cell)
                    self.grid.addWidget(cell, r, c)
        for key, widget in self.panels.items():
            if isinstance(widget, PanelFrame):
                close = QToolButton()
                close.setIcon(icon("close"))
                close.setObjectName("PanelClose")
                close.setToolTip(translate("screen_grid", "Đóng bảng này (Ctrl+Z để lấy lại)"))
                close.clicked.connect(lambda _=False, k=key: self._remove(k))
                widget.header.addWidget(close)
                self._close_buttons.append(close)

    # ---- where things are ----------------------------------------------------------------

    def cell_at(self, pos: QPoint) -> tuple[int, int]:
        """The grid cell under a point of this widget (rows and columns share space evenly)."""
        r = self.contentsRect()
        row = int((pos.y() - r.top()) * self.spec.rows / max(1, r.height()))
        col = int((pos.x() - r.left()) * self.spec.cols / max(1, r.width()))
        return (
            min(max(row, 0), self.spec.rows - 1),
            min(max(col, 0), self.spec.cols - 1),
        )

    def key_of(self, widget: QWidget) -> str | None:
        for key, w in self.panels.items():
            if w is widget:
                return key
        return None

    def ref(self, key: str) -> PanelRef:
        return PanelRef(self.screen_index, self._index[key])

    def _view_changed(self, lat: float, lon: float, zoom: int) -> None:
        widget = self.sender()
        key = self.key_of(widget) if isinstance(widget, QWidget) else None
        if key is not None and key in self._index:
            self.session.note_view(self.ref(key), [lat, lon], zoom)

    # ---- maximise ------------------------------------------------------------------------

    def toggle_maximise(self, key: str) -> None:
        if self.maximised == key:
            self._restore()
            return
        self._restore()
        if key not in self.panels:
            return
        self.maximised = key
        for k, w in self.panels.items():
            if k != key:
                w.hide()
        for cell in self._empty:
            cell.hide()
        self.grid.addWidget(self.panels[key], 0, 0, self.spec.rows, self.spec.cols)
        self.sig_maximised.emit(key)

    def _restore(self) -> None:
        if self.maximised is None:
            return
        key, self.maximised = self.maximised, None
        if key in self.panels:
            p = self._specs[key]
            self.grid.addWidget(self.panels[key], p.row, p.col, p.row_span, p.col_span)
        for w in [*self.panels.values(), *self._empty]:
            w.show()
        self.sig_maximised.emit("")

    def restore(self) -> None:
        self._restore()

    # ---- editing: intents to the session -------------------------------------------------

    def _remove(self, key: str) -> None:
        if key in self._index:
            self.session.remove(self.ref(key))

    def _resize(self, key: str, d_rows: int, d_cols: int) -> None:
        p = self._specs[key]
        self.session.resize(self.ref(key), p.row_span + d_rows, p.col_span + d_cols)

    def edit_menu(self, key: str) -> QMenu:
        p = self._specs[key]
        menu = QMenu(self)
        menu.addAction(
            translate("screen_grid", "Rộng thêm một cột"), lambda: self._resize(key, 0, 1)
        )
        menu.addAction(
            translate("screen_grid", "Cao thêm một hàng"), lambda: self._resize(key, 1, 0)
        )
        if p.col_span > 1:
            menu.addAction(
                translate("screen_grid", "Hẹp bớt một cột"), lambda: self._resize(key, 0, -1)
            )
        if p.row_span > 1:
            menu.addAction(
                translate("screen_grid", "Thấp bớt một hàng"), lambda: self._resize(key, -1, 0)
            )
        menu.addSeparator()
        menu.addAction(translate("screen_grid", "Đóng bảng"), lambda: self._remove(key))
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.editing or not isinstance(watched, QWidget):
            return False
        key = self.key_of(watched)
        if key is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            assert isinstance(event, QContextMenuEvent)
            self.edit_menu(key).popup(event.globalPos())
            return True
        if kind == QEvent.Type.MouseButtonPress:
            assert isinstance(event, QMouseEvent)
            if event.button() == Qt.MouseButton.LeftButton and event.position().y() < (
                HEADER_GRAB_PX
            ):
                self._press = (key, event.position().toPoint())
        elif kind == QEvent.Type.MouseMove and self._press is not None:
            assert isinstance(event, QMouseEvent)
            key0, start = self._press
            moved = (event.position().toPoint() - start).manhattanLength()
            if key0 == key and moved >= QApplication.startDragDistance():
                self._press = None
                self.start_drag(key)
                return True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._press = None
        return False

    def start_drag(self, key: str) -> None:
        drag = QDrag(self)
        drag.setMimeData(move_mime(self.screen_index, self._index[key]))
        widget = self.panels[key]
        drag.setPixmap(widget.grab().scaledToWidth(min(240, max(1, widget.width()))))
        drag.exec(Qt.DropAction.MoveAction)

    # ---- dropping ------------------------------------------------------------------------

    def _accepts(self, mime: QMimeData) -> bool:
        return self.editing and (mime.hasFormat(PANEL_MIME) or mime.hasFormat(MOVE_MIME))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if self._accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if not self._accepts(mime):
            event.ignore()
            return
        row, col = self.cell_at(event.position().toPoint())
        try:
            if mime.hasFormat(MOVE_MIME):
                src = json.loads(bytes(mime.data(MOVE_MIME).data()).decode())
                ok = self.session.move(
                    PanelRef(int(src["screen"]), int(src["index"])), self.screen_index, row, col
                )
            else:
                new = json.loads(bytes(mime.data(PANEL_MIME).data()).decode())
                ok = self.session.place(
                    self.screen_index, row, col, str(new["kind"]), dict(new.get("settings", {}))
                )
        except (ValueError, KeyError, TypeError, IndexError) as exc:  # a foreign or stale drag
            self.sig_status.emit(
                translate("screen_grid", "Không thả được vào đây: {reason}").format(reason=exc)
            )
            event.ignore()
            return
        if ok:
            event.acceptProposedAction()
        else:
            event.ignore()
