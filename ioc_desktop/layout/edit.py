"""Layout edits an operator makes by hand, as pure functions, and their undo history.

Every edit takes a layout and returns a new one (the old one is untouched), so undo is just
going back to the previous value and a refused edit changes nothing. A locked layout refuses
every edit: a wall must not change because someone leaned on a mouse.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ioc_desktop.files import json_value_problem
from ioc_desktop.i18n import translate
from ioc_desktop.layout.kinds import settings_problem
from ioc_desktop.layout.model import Layout, LayoutError, PanelSpec
from ioc_desktop.layout.presets import apply_preset


class EditRefused(ValueError):
    """An edit that cannot be made; the message is shown to the operator as is."""


@dataclass(frozen=True)
class PanelRef:
    screen: int
    index: int


def _start(layout: Layout) -> Layout:
    if layout.locked:
        raise EditRefused(translate("layout_edit", "Bố cục đang khoá: mở khoá để chỉnh sửa"))
    return copy.deepcopy(layout)


def _checked(layout: Layout, what: str) -> Layout:
    try:
        layout.check()
    except LayoutError as exc:
        raise EditRefused(f"{what}: {exc}") from exc
    return layout


def _fits(layout: Layout, screen: int, spec: PanelSpec, ignore: set[int]) -> bool:
    s = layout.screens[screen]
    if spec.row < 0 or spec.col < 0:
        return False
    if spec.row + spec.row_span > s.rows or spec.col + spec.col_span > s.cols:
        return False
    cells = spec.cells()
    return not any(cells & p.cells() for i, p in enumerate(s.panels) if i not in ignore)


def place(
    layout: Layout, screen: int, row: int, col: int, kind: str, settings: dict[str, Any]
) -> Layout:
    """A panel from the catalogue dropped on a cell: it fills an empty cell, or takes the
    place (and size) of the panel it is dropped on. The kind and its settings are checked
    against the table of panel kinds first: a drag may come from another program (or another
    version of this one), and a bad map centre must be refused here, not crash the wall when
    the panel is built."""
    out = _start(layout)
    why = json_value_problem(settings, finite_only=False) or settings_problem(kind, settings)
    if why:
        raise EditRefused(
            translate("layout_edit", "Không đặt được bảng '{kind}': {reason}").format(
                kind=kind[:40], reason=why
            )
        )
    s = out.screens[screen]
    hit = s.panel_at(row, col)
    if hit is not None:
        old = s.panels[hit]
        s.panels[hit] = PanelSpec(
            kind, old.row, old.col, old.row_span, old.col_span, copy.deepcopy(settings)
        )
    else:
        if not (0 <= row < s.rows and 0 <= col < s.cols):
            raise EditRefused(
                translate("layout_edit", "Ô ({row}, {col}) nằm ngoài lưới {rows}×{cols}").format(
                    row=row + 1, col=col + 1, rows=s.rows, cols=s.cols
                )
            )
        s.panels.append(PanelSpec(kind, row, col, settings=copy.deepcopy(settings)))
    return _checked(out, translate("layout_edit", "Không đặt được bảng"))


def move(layout: Layout, ref: PanelRef, screen: int, row: int, col: int) -> Layout:
    """A panel dragged to a cell. Onto another panel: the two swap places and sizes.
    Onto free cells: it keeps its size where that fits, else shrinks to one cell."""
    out = _start(layout)
    src = out.screens[ref.screen].panels[ref.index]
    dst_screen = out.screens[screen]
    hit = dst_screen.panel_at(row, col)
    if hit is not None and not (screen == ref.screen and hit == ref.index):
        other = dst_screen.panels[hit]
        a = (src.row, src.col, src.row_span, src.col_span)
        b = (other.row, other.col, other.row_span, other.col_span)
        src.row, src.col, src.row_span, src.col_span = b
        other.row, other.col, other.row_span, other.col_span = a
        if screen != ref.screen:
            out.screens[ref.screen].panels[ref.index] = other
            dst_screen.panels[hit] = src
        return _checked(out, translate("layout_edit", "Không đổi chỗ được"))
    moved = copy.deepcopy(src)
    moved.row, moved.col = row, col
    ignore = {ref.index} if screen == ref.screen else set()
    if not _fits(out, screen, moved, ignore):
        moved.row_span = moved.col_span = 1
        if not _fits(out, screen, moved, ignore):
            raise EditRefused(
                translate("layout_edit", "Ô ({row}, {col}) không còn chỗ").format(
                    row=row + 1, col=col + 1
                )
            )
    del out.screens[ref.screen].panels[ref.index]
    dst_screen.panels.append(moved)
    return _checked(out, translate("layout_edit", "Không chuyển được"))


def resize(layout: Layout, ref: PanelRef, row_span: int, col_span: int) -> Layout:
    out = _start(layout)
    p = out.screens[ref.screen].panels[ref.index]
    p.row_span, p.col_span = row_span, col_span
    if row_span < 1 or col_span < 1 or not _fits(out, ref.screen, p, {ref.index}):
        raise EditRefused(
            translate("layout_edit", "Không đủ ô trống để mở rộng thành {rows}×{cols}").format(
                rows=row_span, cols=col_span
            )
        )
    return out


def remove(layout: Layout, ref: PanelRef) -> Layout:
    out = _start(layout)
    del out.screens[ref.screen].panels[ref.index]
    return out


def set_preset(layout: Layout, screen: int, preset: str) -> tuple[Layout, list[PanelSpec]]:
    """Re-cut one screen; returns the panels that did not fit (the caller tells the operator)."""
    out = _start(layout)
    out.screens[screen], dropped = apply_preset(out.screens[screen], preset)
    return _checked(out, translate("layout_edit", "Không áp dụng được mẫu lưới")), dropped


def set_locked(layout: Layout, locked: bool) -> Layout:
    out = copy.deepcopy(layout)
    out.locked = locked
    return out


class History:
    """Undo/redo over layout values; a new edit after an undo drops the redo branch."""

    def __init__(self, current: Layout, limit: int = 200) -> None:
        self._past: list[Layout] = []
        self._future: list[Layout] = []
        self.current = current
        self.limit = limit

    def push(self, layout: Layout) -> Layout:
        self._past.append(self.current)
        del self._past[: -self.limit]
        self._future.clear()
        self.current = layout
        return layout

    def reset(self, layout: Layout) -> None:
        self._past.clear()
        self._future.clear()
        self.current = layout

    def can_undo(self) -> bool:
        return bool(self._past)

    def can_redo(self) -> bool:
        return bool(self._future)

    def undo(self) -> Layout:
        if self._past:
            self._future.append(self.current)
            self.current = self._past.pop()
        return self.current

    def redo(self) -> Layout:
        if self._future:
            self._past.append(self.current)
            self.current = self._future.pop()
        return self.current
