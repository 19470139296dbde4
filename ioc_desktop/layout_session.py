"""The layout the wall shows now, its edit history, and the named layouts it came from.

A QObject with signals (like the store) and no widgets: the control window and the wall
windows send it intents (open, edit, undo, save…) and redraw when it says the layout changed.
Edits that cannot be made come back as a message, never as a half-changed wall.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ioc_desktop.backend.models import Camera, Incident
from ioc_desktop.i18n import translate
from ioc_desktop.layout import edit
from ioc_desktop.layout.edit import EditRefused, History, PanelRef
from ioc_desktop.layout.incident_fill import fill_for_incident, pick_layout
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout


class LayoutSession(QObject):
    sig_layout_changed = Signal(str)  # why: "open", "edit", "undo", "redo", "incident", …
    sig_library_changed = Signal()
    sig_message = Signal(str)  # something the operator should read (refusals, saves)

    def __init__(self, library: LayoutLibrary, first: Layout) -> None:
        super().__init__()
        self.library = library
        self.history = History(first)
        self.saved_json = first.to_json()
        self.incident_id: str | None = None
        self.incident_base: Layout | None = None  # the layout before the incident filled it

    @property
    def layout(self) -> Layout:
        return self.history.current

    def dirty(self) -> bool:
        return self.layout.to_json() != self.saved_json

    # ---- opening -------------------------------------------------------------------------

    def open(self, name: str) -> bool:
        try:
            layout = self.library.get(name)
        except KeyError as exc:
            self.sig_message.emit(str(exc))
            return False
        self.incident_id = self.incident_base = None
        self._replace(layout, "open")
        return True

    def show_layout(self, layout: Layout, why: str, incident_id: str | None = None) -> None:
        """Show a layout that came from elsewhere (the backend, a workstation's push)."""
        self.incident_id, self.incident_base = incident_id, None
        self._replace(layout, why)

    def _replace(self, layout: Layout, why: str) -> None:
        self.history.reset(layout)
        self.saved_json = layout.to_json()
        self.sig_layout_changed.emit(why)

    def layout_for(self, incident: Incident) -> Layout | None:
        candidates = [self.library.get(n) for n in self.library.names()]
        return pick_layout(candidates, incident)

    def open_for_incident(
        self, incident: Incident, cameras: list[Camera], base: Layout | None = None
    ) -> bool:
        """The incident's layout (or `base`) with its nearest cameras and the map on it."""
        base = base or self.layout_for(incident)
        if base is None:
            self.sig_message.emit(
                translate(
                    "layout_session", "Không có bố cục nào dành cho loại sự cố '{title}'"
                ).format(title=incident.title)
            )
            return False
        filled = fill_for_incident(base, incident, cameras)
        self.history.reset(filled)
        self.saved_json = filled.to_json()  # showing it is not an unsaved edit
        self.incident_id = incident.id
        self.incident_base = base
        self.sig_layout_changed.emit("incident")
        return True

    # ---- editing -------------------------------------------------------------------------

    def _edit(self, make: Callable[[], Layout]) -> bool:
        try:
            new = make()
        except EditRefused as exc:
            self.sig_message.emit(str(exc))
            return False
        self.history.push(new)
        self.sig_layout_changed.emit("edit")
        return True

    def place(self, screen: int, row: int, col: int, kind: str, settings: dict[str, Any]) -> bool:
        return self._edit(lambda: edit.place(self.layout, screen, row, col, kind, settings))

    def move(self, ref: PanelRef, screen: int, row: int, col: int) -> bool:
        return self._edit(lambda: edit.move(self.layout, ref, screen, row, col))

    def resize(self, ref: PanelRef, row_span: int, col_span: int) -> bool:
        return self._edit(lambda: edit.resize(self.layout, ref, row_span, col_span))

    def remove(self, ref: PanelRef) -> bool:
        return self._edit(lambda: edit.remove(self.layout, ref))

    def set_preset(self, screen: int, preset: str) -> bool:
        dropped: list[Any] = []

        def make() -> Layout:
            new, lost = edit.set_preset(self.layout, screen, preset)
            dropped.extend(lost)
            return new

        ok = self._edit(make)
        if ok and dropped:
            self.sig_message.emit(
                translate(
                    "layout_session",
                    "Lưới {preset} không đủ chỗ: {count} bảng đã được bỏ ra (Ctrl+Z để lấy lại)",
                ).format(preset=preset, count=len(dropped))
            )
        return ok

    def note_view(self, ref: PanelRef, center: list[float], zoom: int) -> None:
        """Where the operator left a map: kept in the layout shown (saved with it), but not
        an undo step and no rebuild; a locked layout keeps its own view."""
        if self.layout.locked:
            return
        try:
            panel = self.layout.screens[ref.screen].panels[ref.index]
        except IndexError:
            return
        if panel.kind == "map" and not panel.settings.get("follow_incident"):
            panel.settings["center"] = [round(center[0], 6), round(center[1], 6)]
            panel.settings["zoom"] = int(zoom)

    def set_locked(self, locked: bool) -> None:
        self.history.push(edit.set_locked(self.layout, locked))
        self.sig_layout_changed.emit("lock")

    def undo(self) -> None:
        if self.history.can_undo():
            self.history.undo()
            self.sig_layout_changed.emit("undo")

    def redo(self) -> None:
        if self.history.can_redo():
            self.history.redo()
            self.sig_layout_changed.emit("redo")

    # ---- saving --------------------------------------------------------------------------

    def _saved(self, why: str, message: str) -> None:
        self.saved_json = self.layout.to_json()
        self.sig_library_changed.emit()
        self.sig_layout_changed.emit(why)
        self.sig_message.emit(message)

    def save(self) -> bool:
        if self.incident_id:
            self.sig_message.emit(
                translate(
                    "layout_session",
                    "Bố cục đang mở theo một sự cố: dùng 'Lưu thành…' để giữ bản này thành bố cục"
                    " mới",
                )
            )
            return False
        try:
            path = self.library.save(self.layout)
        except (OSError, ValueError) as exc:
            self.sig_message.emit(
                translate("layout_session", "Không lưu được bố cục: {reason}").format(reason=exc)
            )
            return False
        self._saved(
            "save", translate("layout_session", "Đã lưu bố cục vào {path}").format(path=path)
        )
        return True

    def save_as(self, title_vi: str) -> bool:
        try:
            new = self.library.save_as(self.layout, title_vi)
        except (OSError, ValueError) as exc:
            self.sig_message.emit(
                translate("layout_session", "Không lưu được bố cục: {reason}").format(reason=exc)
            )
            return False
        self.history.reset(new)
        self.incident_id = self.incident_base = None
        self._saved(
            "save",
            translate("layout_session", "Đã lưu thành bố cục mới '{title}'").format(title=title_vi),
        )
        return True

    def rename(self, title_vi: str) -> bool:
        try:
            renamed = self.library.rename(self.layout.name, title_vi)
        except (OSError, ValueError, KeyError) as exc:
            self.sig_message.emit(
                translate("layout_session", "Không đổi tên được: {reason}").format(reason=exc)
            )
            return False
        self.history.reset(renamed)
        self._saved(
            "save", translate("layout_session", "Đã đổi tên thành '{title}'").format(title=title_vi)
        )
        return True

    def delete(self, name: str) -> bool:
        try:
            restored = self.library.delete(name)
        except (OSError, ValueError, KeyError) as exc:
            self.sig_message.emit(
                translate("layout_session", "Không xoá được: {reason}").format(reason=exc)
            )
            return False
        self.sig_library_changed.emit()
        if restored:
            self.sig_message.emit(
                translate(
                    "layout_session", "Đã xoá bản của bạn; bố cục gốc đi kèm phần mềm được dùng lại"
                )
            )
        else:
            self.sig_message.emit(
                translate("layout_session", "Đã xoá bố cục (bản sao cất ở {folder})").format(
                    folder=self.library.aside_dir
                )
            )
        if name == self.layout.name:
            self.open(name if restored else self.library.names()[0])
        return True

    def set_default(self, name: str) -> None:
        try:
            self.library.set_default(name)
        except (OSError, KeyError) as exc:
            self.sig_message.emit(
                translate("layout_session", "Không đặt mặc định được: {reason}").format(reason=exc)
            )
            return
        self.sig_library_changed.emit()
        title = (
            self.library.entry(name).title_vi if name else translate("layout_session", "tổng quan")
        )
        self.sig_message.emit(
            translate("layout_session", "Bố cục mặc định khi khởi động: '{title}'").format(
                title=title
            )
        )
