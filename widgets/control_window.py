"""The operator's control window: pick, edit, save and lock layouts, drag panels from the
catalogue, and choose which monitor shows which screen of the wall.

Every button is an intent to the layout session or the wall manager; this window keeps no
layout state of its own, so the wall and this window can never disagree.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop.config import data_dir
from ioc_desktop.i18n import localized, translate
from ioc_desktop.layout.presets import PRESETS
from ioc_desktop.layout_plan import plan_layout, plan_text, stations_plan_text
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.store import Store
from widgets.catalogue import Catalogue
from widgets.dialog_parts import confirm
from widgets.icons import icon
from widgets.theme import STATUS_COLORS
from widgets.wall_manager import WallManager
from widgets.wall_plan import WallPlanner

NAME = Qt.ItemDataRole.UserRole


class ControlWindow(QMainWindow):
    sig_settings = Signal()
    """Open the settings dialog."""
    sig_sign_in = Signal()
    """Sign in to the backend (again)."""
    sig_diagnostics = Signal()
    sig_journal = Signal()  # the wall's journal: who changed it, when, why
    sig_briefing = Signal()  # the leaders' daily briefing, as a PDF
    """Copy the diagnostics report to the clipboard."""

    def __init__(self, session: LayoutSession, manager: WallManager, store: Store) -> None:
        super().__init__()
        self.session = session
        self.manager = manager
        self.store = store
        self._station_statuses: list[dict[str, object]] = []  # a workstation's wall stations
        self.setWindowTitle(translate("control_window", "IOC Wall — Điều khiển bố cục"))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel(translate("control_window", "Bố cục đã lưu")))
        self.layouts = QListWidget()
        self.layouts.itemActivated.connect(self._open_item)
        self.layouts.itemDoubleClicked.connect(self._open_item)
        lv.addWidget(self.layouts, 1)
        # the selected layout's decode plan on this PC, before it is opened (issue #20)
        self.plan_label = QLabel("")
        self.plan_label.setObjectName("PlanLabel")
        self.plan_label.setWordWrap(True)
        self.plan_label.setTextFormat(Qt.TextFormat.PlainText)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_label, 1)
        self.measure_btn = self._button(
            plan_row,
            translate("control_window", "Đo sức máy"),
            self._measure,
            translate(
                "control_window",
                "Đo lại máy này giải mã được bao nhiêu (vài giây), để chia luồng cho tường",
            ),
        )
        lv.addLayout(plan_row)
        self.layouts.currentItemChanged.connect(lambda *_: self._refresh_plan())
        store.sig_cameras_changed.connect(self._refresh_plan)
        WallPlanner.shared().sig_budget_measured.connect(self._on_measured)
        row = QHBoxLayout()
        self.open_btn = self._button(
            row,
            translate("control_window", "Mở"),
            self._open_selected,
            translate("control_window", "Mở bố cục đang chọn (Enter)"),
        )
        self.default_btn = self._button(
            row, translate("control_window", "Đặt mặc định"), self._set_default
        )
        self.delete_btn = self._button(row, translate("control_window", "Xoá"), self._delete)
        lv.addLayout(row)

        edit_box = self._build_edit_box(session)
        lv.addWidget(edit_box)

        self.monitor_box = QGroupBox(translate("control_window", "Màn hình của tường"))
        self.monitor_form = QFormLayout(self.monitor_box)
        lv.addWidget(self.monitor_box)
        lv.addLayout(self._build_tools())
        self._set_icons()

        right = self._build_catalogue(store)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([520, 420])
        self.setCentralWidget(split)
        QShortcut(QKeySequence("Ctrl+Z"), self, session.undo)
        QShortcut(QKeySequence("Ctrl+Y"), self, session.redo)
        QShortcut(QKeySequence("Ctrl+Shift+Z"), self, session.redo)
        QShortcut(QKeySequence("Ctrl+S"), self, session.save)
        session.sig_layout_changed.connect(lambda _why: self.refresh())
        session.sig_library_changed.connect(self.refresh)
        session.sig_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        manager.sig_windows_changed.connect(self._refresh_monitors)
        self.refresh()

    def _build_edit_box(self, session: LayoutSession) -> QGroupBox:
        """The layout shown now: edit, lock, undo, save, push, grid presets."""
        edit_box = QGroupBox(translate("control_window", "Bố cục đang hiển thị"))
        ev = QVBoxLayout(edit_box)
        self.current = QLabel("")
        self.current.setWordWrap(True)
        ev.addWidget(self.current)
        self.lease_label = QLabel("")  # who controls the wall now
        self.lease_label.setObjectName("LeaseLabel")
        self.lease_label.setWordWrap(True)
        ev.addWidget(self.lease_label)
        self.stations_label = QLabel("")  # a wall of several PCs: each station's state
        self.stations_label.setObjectName("StationsLabel")
        self.stations_label.setWordWrap(True)
        self.stations_label.setTextFormat(Qt.TextFormat.PlainText)
        self.stations_label.hide()
        ev.addWidget(self.stations_label)
        r1 = QHBoxLayout()
        self.edit_btn = self._button(
            r1, translate("control_window", "Chỉnh sửa"), self._toggle_edit
        )
        self.edit_btn.setCheckable(True)
        self.lock_btn = self._button(r1, translate("control_window", "Khoá"), self._toggle_lock)
        self.lock_btn.setCheckable(True)
        self.undo_btn = self._button(
            r1, translate("control_window", "Hoàn tác"), session.undo, "Ctrl+Z"
        )
        self.redo_btn = self._button(
            r1, translate("control_window", "Làm lại"), session.redo, "Ctrl+Y"
        )
        ev.addLayout(r1)
        r2 = QHBoxLayout()
        self.save_btn = self._button(r2, translate("control_window", "Lưu"), session.save, "Ctrl+S")
        self.save_as_btn = self._button(
            r2, translate("control_window", "Lưu thành…"), self._save_as
        )
        self.rename_btn = self._button(r2, translate("control_window", "Đổi tên…"), self._rename)
        self.push_btn = self._button(
            r2,
            translate("control_window", "Đẩy lên tường"),
            self._push,
            translate("control_window", "Chia sẻ bố cục này qua máy chủ và mở nó trên tường"),
        )
        self.on_push: Callable[[], None] | None = None
        ev.addLayout(r2)
        form = QFormLayout()
        self.screen_pick = QComboBox()
        self.preset_pick = QComboBox()
        self.preset_pick.addItems(list(PRESETS))
        preset_row = QHBoxLayout()
        preset_row.addWidget(self.screen_pick)
        preset_row.addWidget(self.preset_pick)
        self.preset_btn = self._button(
            preset_row, translate("control_window", "Áp dụng lưới"), self._apply_preset
        )
        form.addRow(translate("control_window", "Mẫu lưới:"), preset_row)
        ev.addLayout(form)
        return edit_box

    def _build_tools(self) -> QHBoxLayout:
        """Settings, sign-in, diagnostics: the operator's own tools."""
        tools = QHBoxLayout()
        self.settings_btn = self._button(
            tools, translate("control_window", "Cài đặt…"), self.sig_settings.emit
        )
        self.sign_in_btn = self._button(
            tools, translate("control_window", "Đăng nhập…"), self.sig_sign_in.emit
        )
        self.journal_btn = self._button(
            tools,
            translate("control_window", "Nhật ký tường…"),
            self.sig_journal.emit,
            translate("control_window", "Ai đã đổi tường, lúc nào, vì sao; tường lúc đó hiện gì"),
        )
        self.briefing_btn = self._button(
            tools,
            translate("control_window", "Bản tin điều hành…"),
            self.sig_briefing.emit,
            translate(
                "control_window",
                "Bản tin hằng ngày cho lãnh đạo (PDF): chỉ tiêu so với mục tiêu, thay đổi so với"
                " hôm qua, năm phường, xã cần chú ý, sự cố và phản ánh tồn đọng",
            ),
        )
        self.diagnostics_btn = self._button(
            tools,
            translate("control_window", "Chép thông tin chẩn đoán"),
            self.sig_diagnostics.emit,
            translate(
                "control_window",
                "Phiên bản, màn hình, bộ vẽ, cài đặt và lỗi gần đây, để dán vào yêu cầu hỗ trợ",
            ),
        )
        return tools

    def _set_icons(self) -> None:
        for button, name in (
            (self.open_btn, "open"),
            (self.default_btn, "default"),
            (self.delete_btn, "delete"),
            (self.edit_btn, "edit"),
            (self.lock_btn, "lock"),
            (self.undo_btn, "undo"),
            (self.redo_btn, "redo"),
            (self.save_btn, "save"),
            (self.save_as_btn, "save_as"),
            (self.rename_btn, "rename"),
            (self.push_btn, "push"),
            (self.preset_btn, "grid"),
            (self.settings_btn, "settings"),
            (self.sign_in_btn, "sign_in"),
            (self.diagnostics_btn, "diagnostics"),
            (self.journal_btn, "journal"),
        ):
            button.setIcon(icon(name))

    def _build_catalogue(self, store: Store) -> QWidget:
        """The catalogue an operator drags panels from while editing."""
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(
            QLabel(translate("control_window", "Danh mục — kéo vào tường khi đang chỉnh sửa"))
        )
        self.catalogue = Catalogue(store)
        rv.addWidget(self.catalogue, 1)
        return right

    def _button(self, row: QHBoxLayout, text: str, slot: object, tip: str = "") -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(lambda _=False: slot())  # type: ignore[operator]
        if tip:
            b.setToolTip(tip)
        row.addWidget(b)
        return b

    # ---- state ---------------------------------------------------------------------------

    def refresh(self) -> None:
        lib = self.session.library
        layout = self.session.layout
        default = lib.default_name()
        self.layouts.clear()
        for n, e in enumerate(lib.entries(), start=1):
            marks = []
            if e.name == default:
                marks.append(translate("control_window", "mặc định"))
            if e.shipped:
                marks.append(translate("control_window", "đi kèm"))
            elif e.overrides_shipped:
                marks.append(translate("control_window", "bản sửa của bạn"))
            key = f"{n}. " if n <= 9 else "    "  # the number key that opens it on the wall
            title = localized(e.title_vi, getattr(e, "title_en", ""))
            text = key + title + (f"  ({', '.join(marks)})" if marks else "")
            item = QListWidgetItem(text)
            item.setData(NAME, e.name)
            self.layouts.addItem(item)
            if e.name == layout.name:
                self.layouts.setCurrentItem(item)
        marks = []
        if self.session.dirty():
            marks.append(translate("control_window", "chưa lưu"))
        if self.session.incident_id:
            marks.append(translate("control_window", "theo sự cố"))
        # a title may come from the backend (a pushed layout): escaped, this label is rich text
        shown = localized(layout.title_vi, layout.title_en)
        self.current.setText(" · ".join([f"<b>{html.escape(shown)}</b>", *marks]))
        self.lock_btn.setChecked(layout.locked)
        self.lock_btn.setText(
            translate("control_window", "Đã khoá")
            if layout.locked
            else translate("control_window", "Khoá")
        )
        self.edit_btn.setEnabled(not layout.locked)
        self.edit_btn.setChecked(self.manager.editing)
        self.undo_btn.setEnabled(self.session.history.can_undo())
        self.redo_btn.setEnabled(self.session.history.can_redo())
        self.preset_btn.setEnabled(not layout.locked)
        self.screen_pick.clear()
        self.screen_pick.addItems([s.name for s in layout.screens])
        self._refresh_monitors()
        self._refresh_plan()

    def _measure(self) -> None:
        self.measure_btn.setEnabled(False)
        self.measure_btn.setText(translate("control_window", "Đang đo…"))
        WallPlanner.shared().measure(data_dir())

    def _on_measured(self, _budget: object) -> None:
        self.measure_btn.setEnabled(True)
        self.measure_btn.setText(translate("control_window", "Đo sức máy"))
        self._refresh_plan()

    def _refresh_plan(self) -> None:
        """What the selected layout needs of this PC and what the planner will step down."""
        name = self.selected_name()
        try:
            layout = (
                self.session.layout
                if name in (None, self.session.layout.name)
                else self.session.library.get(str(name))
            )
        except KeyError:
            self.plan_label.setText("")
            return
        screen = self.manager.qscreens()[0].size() if self.manager.qscreens() else None
        size = (screen.width(), screen.height()) if screen is not None else (1920, 1080)
        budget = WallPlanner.shared().budget
        plan = plan_layout(layout, self.store.cameras, budget, size)
        text = plan_text(plan, budget)
        if layout is self.session.layout and self._station_statuses:  # what a push would ask
            stations = stations_plan_text(layout, self.store.cameras, self._station_statuses, size)
            text = "\n".join(t for t in (text, stations) if t)
        self.plan_label.setText(text)

    def _refresh_monitors(self) -> None:
        while self.monitor_form.rowCount():
            self.monitor_form.removeRow(0)
        monitors = self.manager.monitor_names()
        shown_on = {n: m for m, names in self.manager.placement.items() for n in names}
        for s in self.session.layout.screens:
            pick = QComboBox()
            pick.addItems(monitors)
            if shown_on.get(s.name) in monitors:
                pick.setCurrentText(shown_on[s.name])
            pick.currentTextChanged.connect(
                lambda mon, name=s.name: self.manager.move_screen(name, mon)
            )
            self.monitor_form.addRow(f"{s.name} ({s.rows}×{s.cols}):", pick)

    # ---- intents ---------------------------------------------------------------------------

    def selected_name(self) -> str | None:
        item = self.layouts.currentItem()
        return None if item is None else str(item.data(NAME))

    def _open_item(self, item: QListWidgetItem) -> None:
        self._open(str(item.data(NAME)))

    def _open_selected(self) -> None:
        name = self.selected_name()
        if name:
            self._open(name)

    def _open(self, name: str) -> None:
        if (
            self.session.dirty()
            and name != self.session.layout.name
            and not confirm(
                self,
                translate(
                    "control_window",
                    "Bố cục đang hiển thị có thay đổi chưa lưu. Bỏ thay đổi và mở bố cục khác?",
                ),
                translate("control_window", "Bỏ thay đổi, mở bố cục khác"),
                translate("control_window", "Ở lại"),
            )
        ):
            return
        self.session.open(name)

    def _set_default(self) -> None:
        name = self.selected_name()
        if name:
            self.session.set_default(name)

    def _delete(self) -> None:
        name = self.selected_name()
        if not name:
            return
        if confirm(
            self,
            translate("control_window", "Xoá bố cục này? (bản sao được cất lại, không mất hẳn)"),
            translate("control_window", "Xoá"),
            translate("control_window", "Không xoá"),
        ):
            self.session.delete(name)

    def _toggle_edit(self) -> None:
        self.manager.set_editing(self.edit_btn.isChecked())
        self.refresh()

    def _toggle_lock(self) -> None:
        locked = self.lock_btn.isChecked()
        if locked:
            self.manager.editing = False
        self.session.set_locked(locked)

    def _save_as(self) -> None:
        title, ok = QInputDialog.getText(
            self,
            translate("control_window", "Lưu thành bố cục mới"),
            translate("control_window", "Tên bố cục:"),
            text=self.session.layout.title_vi,
        )
        if ok and title.strip():
            self.session.save_as(title.strip())

    def _rename(self) -> None:
        title, ok = QInputDialog.getText(
            self,
            translate("control_window", "Đổi tên bố cục"),
            translate("control_window", "Tên mới:"),
            text=self.session.layout.title_vi,
        )
        if ok and title.strip():
            self.session.rename(title.strip())

    def _push(self) -> None:
        if self.on_push is not None:
            self.on_push()

    def show_lease(self, line: str, tip: str) -> None:
        self.lease_label.setText(line)
        self.lease_label.setToolTip(tip or line)

    def set_station_statuses(self, statuses: list[dict[str, object]]) -> None:
        """The wall's stations as the backend sees them: a push is planned on each one's
        reported budget (shown under the plan line for the layout on the wall now)."""
        self._station_statuses = statuses
        self._refresh_plan()

    def show_stations(self, text: str, tip: str) -> None:
        down = "✖" in text  # a station down: said in the warning colour, not only in words
        self.stations_label.setStyleSheet(f"color: {STATUS_COLORS['stale']};" if down else "")
        self.stations_label.setText(text)
        self.stations_label.setToolTip(tip)
        self.stations_label.setVisible(bool(text))

    def ask_takeover_reason(self, holder: str) -> str | None:
        """The officer's reason to take the wall from its holder (None: they keep it)."""
        reason, ok = QInputDialog.getText(
            self,
            translate("control_window", "Nhận quyền điều khiển tường"),
            translate(
                "control_window",
                "{holder}.\nNhận quyền điều khiển tường? Lý do (người đang điều khiển "
                "sẽ được báo):",
            ).format(holder=holder),
        )
        return reason.strip()[:300] if ok and reason.strip() else None

    def _apply_preset(self) -> None:
        self.session.set_preset(self.screen_pick.currentIndex(), self.preset_pick.currentText())
