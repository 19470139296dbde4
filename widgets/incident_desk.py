"""The duty officer's incident desk: the triage list with filters, and the open incident with
its SOP checklist, notes, cameras, linked citizen reports and the actions that can succeed.

Every action goes through `submit` (the outbox: kept on disk, then sent), so the desk never
waits for the backend and never loses a click; what is still on its way or was refused is
shown under the incident, with the officer's choice to apply it again or drop it.
All backend text is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop.backend.models import Incident
from ioc_desktop.i18n import QT_TRANSLATE_NOOP, translate
from ioc_desktop.incidents.alerts import AlertTracker, triage_order
from ioc_desktop.incidents.lifecycle import OPEN, available
from ioc_desktop.incidents.queue import PENDING, QueuedAction
from ioc_desktop.store import Store
from widgets.icons import icon
from widgets.incident_text import (
    SEVERITY_TEXT,
    STATUS_TEXT,
    action_label,
    severity_text,
    status_text,
)
from widgets.theme import SEVERITY_COLORS, STATUS_COLORS

CATEGORY_TEXT = {
    "traffic": QT_TRANSLATE_NOOP("incident_desk", "Giao thông"),
    "naturalDisaster": QT_TRANSLATE_NOOP("incident_desk", "Thiên tai"),
    "weather": QT_TRANSLATE_NOOP("incident_desk", "Thời tiết"),
    "environment": QT_TRANSLATE_NOOP("incident_desk", "Môi trường"),
    "health": QT_TRANSLATE_NOOP("incident_desk", "Y tế"),
    "security": QT_TRANSLATE_NOOP("incident_desk", "An ninh trật tự"),
}
BUTTON_ACTIONS = ("acknowledge", "assign", "start", "resolve", "close")
ALL = ""


def plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class IncidentDesk(QWidget):
    sig_open_camera = Signal(str)
    sig_show_on_wall = Signal(str)  # incident id: switch the wall to its incident layout
    sig_locate = Signal(float, float)  # centre the maps on this place (lat, lon)
    """The officer wants to see this camera now (camera id)."""

    def __init__(
        self,
        store: Store,
        submit: Callable[[Incident, dict[str, Any]], object],
        retry: Callable[[QueuedAction], None],
        discard: Callable[[QueuedAction], None],
        alert_sound: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("IncidentDesk")
        self.store = store
        self.submit, self.retry, self.discard = submit, retry, discard
        self.alert_sound = alert_sound
        self.alerts = AlertTracker()
        self.alerted_now: list[str] = []  # ids alerted, for the status line and tests
        self.current_id: str | None = None
        self._flash_on = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(
            translate("incident_desk", "Tìm theo tiêu đề, mô tả, mã sự cố…")
        )
        self.status_filter = self._combo(
            [
                (translate("incident_desk", "Đang mở"), "open"),
                (translate("incident_desk", "Tất cả trạng thái"), ALL),
            ]
            + [(status_text(k), k) for k in STATUS_TEXT]
        )
        self.severity_filter = self._combo(
            [(translate("incident_desk", "Mọi mức độ"), ALL)]
            + [(severity_text(k), k) for k in SEVERITY_TEXT]
        )
        self.area_filter = self._combo([(translate("incident_desk", "Mọi xã/phường"), ALL)])
        self.system_filter = self._combo(
            [(translate("incident_desk", "Mọi lĩnh vực"), ALL)]
            + [(translate("incident_desk", t), k) for k, t in CATEGORY_TEXT.items()]
        )
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (
            self.status_filter,
            self.severity_filter,
            self.area_filter,
            self.system_filter,
        ):
            filters.addWidget(combo, 1)
        self.search.textChanged.connect(self.refresh_list)

        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._on_pick)

        # -- detail ------------------------------------------------------------------------
        self.title = plain(QLabel(""))
        self.title.setObjectName("PanelTitle")
        self.meta = plain(QLabel(""))
        self.description = plain(QLabel(""))
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        self.assignee = QLineEdit()
        self.assignee.setPlaceholderText(
            translate("incident_desk", "Đơn vị / người được phân công")
        )
        for name in BUTTON_ACTIONS:
            b = QPushButton(action_label(name))
            b.clicked.connect(lambda _=False, n=name: self._act(n))
            self.buttons[name] = b
            actions.addWidget(b)
        actions.addWidget(self.assignee, 1)
        self.wall_button = QPushButton(
            icon("wall"), translate("incident_desk", "Lên tường màn hình")
        )
        self.wall_button.setToolTip(
            translate(
                "incident_desk",
                "Chuyển tường sang bố cục của loại sự cố này: camera gần nhất, bản đồ tại chỗ",
            )
        )
        self.wall_button.clicked.connect(
            lambda _=False: self.current_id and self.sig_show_on_wall.emit(self.current_id)
        )
        actions.addWidget(self.wall_button)
        self.locate_button = QPushButton(icon("map"), translate("incident_desk", "Xem trên bản đồ"))
        self.locate_button.setToolTip(
            translate("incident_desk", "Đưa bản đồ trên tường đến vị trí sự cố")
        )
        self.locate_button.clicked.connect(self._locate)
        actions.addWidget(self.locate_button)
        self.sop = QListWidget()
        self.sop.itemChanged.connect(self._on_sop_ticked)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(translate("incident_desk", "Ghi chú cho sự cố…"))
        self.note_edit.returnPressed.connect(self._add_note)
        self.cameras_row = QHBoxLayout()
        self.reports = QListWidget()
        self.reports.setWordWrap(True)
        self.outbox = QListWidget()
        self.outbox.setWordWrap(True)
        self.outbox_row = QHBoxLayout()
        self.retry_button = QPushButton(translate("incident_desk", "Áp dụng lại trên bản mới nhất"))
        self.discard_button = QPushButton(translate("incident_desk", "Bỏ thao tác này"))
        self.retry_button.clicked.connect(lambda: self._on_refused(self.retry))
        self.discard_button.clicked.connect(lambda: self._on_refused(self.discard))
        self.outbox_row.addWidget(self.retry_button)
        self.outbox_row.addWidget(self.discard_button)
        self.outbox_row.addStretch(1)

        detail = QWidget()
        d = QVBoxLayout(detail)
        d.addWidget(self.title)
        d.addWidget(self.meta)
        d.addWidget(self.description)
        d.addLayout(actions)
        d.addWidget(plain(QLabel(translate("incident_desk", "Camera gần nhất"))))
        d.addLayout(self.cameras_row)
        d.addWidget(plain(QLabel(translate("incident_desk", "Quy trình xử lý (SOP)"))))
        d.addWidget(self.sop, 2)
        d.addWidget(plain(QLabel(translate("incident_desk", "Ghi chú và diễn biến"))))
        d.addWidget(self.notes, 2)
        d.addWidget(self.note_edit)
        d.addWidget(plain(QLabel(translate("incident_desk", "Phản ánh của người dân liên quan"))))
        d.addWidget(self.reports, 1)
        d.addWidget(plain(QLabel(translate("incident_desk", "Thao tác chưa gửi tới máy chủ"))))
        d.addWidget(self.outbox, 1)
        d.addLayout(self.outbox_row)

        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([560, 840])  # the list must show whole titles
        self.status_line = plain(QLabel(""))
        outer = QVBoxLayout(self)
        outer.addLayout(filters)
        outer.addWidget(split, 1)
        outer.addWidget(self.status_line)

        self._flash = QTimer(self)
        self._flash.setInterval(600)
        self._flash.timeout.connect(self._on_flash)
        self._flash.start()
        store.sig_incidents_changed.connect(self._on_incidents_changed)
        store.sig_areas_changed.connect(self._on_areas_changed)
        store.sig_outbox_changed.connect(self._show_detail)
        store.sig_outbox_changed.connect(self._show_outbox_state)
        store.sig_reports_changed.connect(self._show_detail)
        self._on_areas_changed()
        self._on_incidents_changed()

    def _combo(self, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self.refresh_list)
        return combo

    # -- list --------------------------------------------------------------------------
    def visible_incidents(self) -> list[Incident]:
        """The store's incidents through the officer's filters, in triage order."""
        status = self.status_filter.currentData()
        severity = self.severity_filter.currentData()
        area = self.area_filter.currentData()
        system = self.system_filter.currentData()
        words = self.search.text().casefold().split()
        out = []
        for inc in self.store.incidents:
            if status == "open" and inc.status not in OPEN:
                continue
            if status not in (ALL, "open") and inc.status != status:
                continue
            if severity and inc.severity != severity:
                continue
            if area and inc.area_code != area:
                continue
            if system and inc.category != system:
                continue
            hay = f"{inc.id} {inc.title} {inc.description}".casefold()
            if any(w not in hay for w in words):
                continue
            out.append(inc)
        return triage_order(out)

    def refresh_list(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for inc in self.visible_incidents():
            sev = severity_text(inc.severity)
            when = inc.date_issued.astimezone().strftime("%H:%M %d/%m")
            status = status_text(inc.status)
            item = QListWidgetItem(f"{inc.title}\n{inc.id} · {when} · {sev} · {status}")
            item.setData(Qt.ItemDataRole.UserRole, inc.id)
            item.setForeground(QBrush(QColor(SEVERITY_COLORS.get(inc.severity, "#f2f2f7"))))
            self.list.addItem(item)
            if inc.id == self.current_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._on_flash()

    def _on_incidents_changed(self) -> None:
        fresh = self.alerts.new_alerts(self.store.incidents)
        if fresh:
            self.alerted_now += [i.id for i in fresh]
            self.status_line.setText(
                translate("incident_desk", "⚠ {count} sự cố mới chưa tiếp nhận: {title}").format(
                    count=len(fresh), title=fresh[0].title
                )
            )
            if self.alert_sound:
                QApplication.beep()
        self.refresh_list()
        self._show_detail()

    def _on_areas_changed(self) -> None:
        current = self.area_filter.currentData()
        self.area_filter.blockSignals(True)
        self.area_filter.clear()
        self.area_filter.addItem(translate("incident_desk", "Mọi xã/phường"), ALL)
        for a in sorted(self.store.areas, key=lambda a: a.name):
            if a.level == "ward":
                self.area_filter.addItem(a.name, a.code)
        self.area_filter.setCurrentIndex(max(0, self.area_filter.findData(current)))
        self.area_filter.blockSignals(False)

    def _on_flash(self) -> None:
        """Unacknowledged incidents blink until someone takes them."""
        self._flash_on = not self._flash_on
        by_id = {i.id: i for i in self.store.incidents}
        for row in range(self.list.count()):
            item = self.list.item(row)
            inc = by_id.get(item.data(Qt.ItemDataRole.UserRole))
            flash = inc is not None and inc.status == "new" and self._flash_on
            item.setBackground(QBrush(QColor("#5a1a1a") if flash else QColor(0, 0, 0, 0)))

    # -- detail --------------------------------------------------------------------------
    def current(self) -> Incident | None:
        return next((i for i in self.store.incidents if i.id == self.current_id), None)

    def _locate(self) -> None:
        inc = self.current()
        if inc is not None:
            self.sig_locate.emit(float(inc.location[0]), float(inc.location[1]))

    def open_incident(self, incident_id: str) -> None:
        self.current_id = incident_id
        self.refresh_list()
        self._show_detail()

    def _on_pick(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is not None:
            self.current_id = item.data(Qt.ItemDataRole.UserRole)
            self._show_detail()

    def _show_detail(self) -> None:
        inc = self.current()
        for b in self.buttons.values():
            b.setEnabled(False)
        self.wall_button.setEnabled(inc is not None)
        self.locate_button.setEnabled(inc is not None)
        if inc is None:
            self.title.setText(translate("incident_desk", "Chọn một sự cố trong danh sách"))
            for w in (self.meta, self.description):
                w.setText("")
            for lst in (self.sop, self.notes, self.reports, self.outbox):
                lst.clear()
            return
        area = next((a.name for a in self.store.areas if a.code == inc.area_code), inc.area_code)
        self.title.setText(inc.title)
        self.meta.setText(
            translate(
                "incident_desk",
                "{id} · {severity} · {status} · {area} · phân công: {assignee} · phiên bản"
                " {version}\nVị trí: {lat}, {lon}",
            ).format(
                id=inc.id,
                severity=severity_text(inc.severity),
                status=status_text(inc.status),
                area=area,
                assignee=inc.assignee or translate("incident_desk", "chưa có"),
                version=inc.version,
                lat=f"{inc.location[0]:.5f}",
                lon=f"{inc.location[1]:.5f}",
            )
        )
        self.description.setText(inc.description)
        unsent = [a for a in self.store.outbox if a.incident_id == inc.id]
        for name in available(inc.status):
            if name in self.buttons:
                self.buttons[name].setEnabled(True)
        self.sop.blockSignals(True)
        self.sop.clear()
        for step in sorted(inc.sop, key=lambda s: s.order):
            item = QListWidgetItem(f"{step.order}. {step.title_vi}")
            item.setData(Qt.ItemDataRole.UserRole, step.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            done = step.state == "done"
            item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
            if inc.status not in OPEN:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.sop.addItem(item)
        self.sop.blockSignals(False)
        self.notes.clear()
        timeline = [(h.at, status_text(h.status), h.note) for h in inc.history]
        timeline += [(n.at, f"{n.author}: {n.text}", "") for n in inc.notes]
        for at, text, who in sorted(timeline, key=lambda t: t[0]):
            suffix = f" ({who})" if who else ""
            self.notes.addItem(f"{at.astimezone():%H:%M %d/%m} · {text}{suffix}")
        while self.cameras_row.count():
            taken = self.cameras_row.takeAt(0)
            old = taken.widget() if taken is not None else None
            if old is not None:
                old.deleteLater()
        for cid in inc.camera_ids:
            cam = self.store.cameras.get(cid)
            b = QPushButton(f"▶ {cam.name if cam else cid}")
            b.clicked.connect(lambda _=False, c=cid: self.sig_open_camera.emit(c))
            self.cameras_row.addWidget(b)
        self.reports.clear()
        by_id = {r.service_request_id: r for r in self.store.reports}
        for rid in inc.report_ids:
            r = by_id.get(rid)
            gone = translate("incident_desk", "{id} (không còn)").format(id=rid)
            self.reports.addItem(f"{rid}: {r.description}" if r else gone)
        self.outbox.clear()
        for a in unsent:
            state = {
                "pending": translate("incident_desk", "đang chờ gửi"),
                "conflict": translate("incident_desk", "bị từ chối: có người sửa trước"),
            }
            text = state.get(a.state, translate("incident_desk", "bị từ chối"))
            detail = f" — {a.error}" if a.error else ""
            item = QListWidgetItem(f"{action_label(a.action)}: {text}{detail}")
            item.setData(Qt.ItemDataRole.UserRole, a.seq)
            color = STATUS_COLORS["stale"] if a.state == PENDING else STATUS_COLORS["offline"]
            item.setForeground(QBrush(QColor(color)))
            self.outbox.addItem(item)
        refused = any(a.state != PENDING for a in unsent)
        self.retry_button.setEnabled(refused)
        self.discard_button.setEnabled(refused)

    def _show_outbox_state(self) -> None:
        pending = sum(1 for a in self.store.outbox if a.state == PENDING)
        refused = len(self.store.outbox) - pending
        parts = []
        if pending:
            parts.append(
                translate("incident_desk", "{count} thao tác đang chờ gửi").format(count=pending)
            )
        if refused:
            parts.append(
                translate("incident_desk", "{count} thao tác bị từ chối, cần xem lại").format(
                    count=refused
                )
            )
        if self.store.outbox_problem and pending:
            parts.append(
                translate("incident_desk", "(máy chủ: {problem})").format(
                    problem=self.store.outbox_problem
                )
            )
        if parts:
            self.status_line.setText(" · ".join(parts))

    # -- actions -------------------------------------------------------------------------
    def _act(self, name: str) -> None:
        inc = self.current()
        if inc is None:
            return
        body: dict[str, Any] = {"action": name}
        if name == "assign":
            who = self.assignee.text().strip()
            if not who:
                self.status_line.setText(
                    translate("incident_desk", "Nhập đơn vị hoặc người được phân công trước")
                )
                self.assignee.setFocus()
                return
            body["assignee"] = who
        self.submit(inc, body)

    def _on_sop_ticked(self, item: QListWidgetItem) -> None:
        inc = self.current()
        if inc is None:
            return
        done = item.checkState() == Qt.CheckState.Checked
        step_id = item.data(Qt.ItemDataRole.UserRole)
        self.submit(
            inc, {"action": "sop_step", "step_id": step_id, "state": "done" if done else "pending"}
        )

    def _add_note(self) -> None:
        inc, text = self.current(), self.note_edit.text().strip()
        if inc is None or not text:
            return
        self.submit(inc, {"action": "comment", "text": text})
        self.note_edit.clear()

    def _on_refused(self, decide: Callable[[QueuedAction], None]) -> None:
        item = self.outbox.currentItem() or (self.outbox.item(0) if self.outbox.count() else None)
        seq = item.data(Qt.ItemDataRole.UserRole) if item else None
        action = next((a for a in self.store.outbox if a.seq == seq and a.state != PENDING), None)
        action = action or next(
            (
                a
                for a in self.store.outbox
                if a.incident_id == self.current_id and a.state != PENDING
            ),
            None,
        )
        if action is not None:
            decide(action)
