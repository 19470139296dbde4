"""The duty officer's incident desk: the triage list with filters, and the open incident with
its SOP checklist, notes, cameras, linked citizen reports and the actions that can succeed.

Every action goes through `submit` (the outbox: kept on disk, then sent), so the desk never
waits for the backend and never loses a click; what is still on its way or was refused is
shown under the incident, with the officer's choice to apply it again or drop it.
All backend text is shown as plain text, bounded (widgets/incident_text.bounded): a title of
hundreds of characters wraps, it never widens the window. Every time is the province's
(ioc_desktop/clock.py), and the header says so where the PC's own zone differs.

A poll comes every few seconds; nothing the officer is looking at may jump at each one. The
list updates in place (widgets/stable_list.py: no row moves under the pointer), and each part
of the open incident is rebuilt only when what it shows has changed, so the SOP list, the
timeline and a refused action the officer has picked keep their place and selection.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop import clock
from ioc_desktop.backend.models import Evidence, Incident
from ioc_desktop.i18n import QT_TRANSLATE_NOOP, translate
from ioc_desktop.incidents.alerts import AlertTracker, triage_order
from ioc_desktop.incidents.lifecycle import OPEN, available, sop_step_body
from ioc_desktop.incidents.outbox import OutboxState
from ioc_desktop.incidents.queue import PENDING, QueuedAction
from ioc_desktop.store import Store
from widgets.catalogue import fold
from widgets.icons import icon
from widgets.incident_text import (
    SEVERITY_TEXT,
    STATUS_TEXT,
    action_label,
    bounded,
    plain_tooltip,
    severity_text,
    shown_time,
    status_text,
)
from widgets.sop_list import META_ROLE, SopDelegate, step_meta, timeline_entries
from widgets.stable_list import Row, StableList
from widgets.theme import INCIDENT_STATUS_COLORS, SEVERITY_COLORS, STATUS_COLORS, TEXT

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
MAX_ROWS = 300  # a triage list longer than this is read through the filters
MAX_CAMERA_BUTTONS = 4
CAMERA_NAME_PX = 260


L = TypeVar("L", bound=QListWidget)


def wrapped(lst: L) -> L:
    """A list whose rows wrap instead of scrolling sideways (long backend text)."""
    lst.setWordWrap(True)
    lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return lst


def plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class DetailList(QListWidget):
    """A list of the open incident's parts that asks for little height (Qt's default asks for
    192 px): the incident's column scrolls only when even that does not fit, and the room left
    is shared out by stretch."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * 3)


def pill() -> QLabel:
    label = QLabel("")
    label.setObjectName("StatusPill")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def evidence_text(e: Evidence) -> str:
    """A bookmark or a snapshot as the timeline says it."""
    if e.kind == "bookmark" and e.start is not None and e.end is not None:
        said = translate("incident_desk", "Đánh dấu video {camera}: {start} – {end}").format(
            camera=e.camera_id,
            start=clock.fmt(e.start, "%H:%M:%S"),
            end=clock.fmt(e.end, "%H:%M:%S"),
        )
    else:
        at = clock.fmt(e.at, "%H:%M:%S") if e.at is not None else ""
        said = translate("incident_desk", "Ảnh chứng cứ {camera} lúc {time}").format(
            camera=e.camera_id, time=at
        )
    return f"{said} · {bounded(e.note, 300)}" if e.note else said


class IncidentDesk(QWidget):
    sig_open_camera = Signal(str)
    """The officer wants to see this camera now (camera id)."""
    sig_show_on_wall = Signal(str)
    """Switch the wall to this incident's layout (incident id)."""
    sig_locate = Signal(float, float)
    """Centre the maps on this place (lat, lon)."""
    sig_incident_shown = Signal(str)
    """Another incident (its id; "" for none) is shown in the detail column."""

    def __init__(
        self,
        store: Store,
        unsent: OutboxState,
        submit: Callable[[Incident, dict[str, Any]], object],
        retry: Callable[[QueuedAction], None],
        discard: Callable[[QueuedAction], None],
        alert_sound: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("IncidentDesk")
        self.store = store
        self.unsent = unsent
        self.submit, self.retry, self.discard = submit, retry, discard
        self.alert_sound = alert_sound
        self.alerts = AlertTracker()
        self.alerted_now: list[str] = []  # ids alerted, for the status line and tests
        self.current_id: str | None = None
        self._flash_on = False
        self._shown: dict[str, Hashable] = {}  # what each detail part shows now
        self._known: set[str] | None = None  # incident ids seen; None before the first load
        self._wards: list[tuple[str, str]] | None = None  # the area filter's (name, code)

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
        # the times on this desk are the province's: said here when the PC's zone differs
        self.zone_label = QLabel("")
        self.zone_label.setObjectName("PanelSubtitle")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (
            self.status_filter,
            self.severity_filter,
            self.area_filter,
            self.system_filter,
        ):
            filters.addWidget(combo, 1)
        filters.addWidget(self.zone_label)
        self.search.textChanged.connect(self.refresh_list)

        self.list = StableList(MAX_ROWS)
        self.list.currentItemChanged.connect(self._on_pick)

        split = QSplitter()
        split.setChildrenCollapsible(False)
        split.addWidget(self.list)
        split.addWidget(self._build_detail())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([520, 880])
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
        unsent.sig_changed.connect(self._show_detail)
        unsent.sig_changed.connect(self._show_outbox_state)
        store.sig_reports_changed.connect(self._show_detail)
        store.sig_cameras_changed.connect(self._show_detail)
        self._on_areas_changed()
        self._on_incidents_changed()

    def _build_detail(self) -> QWidget:
        head = self._build_head()
        top, steps = self._build_actions()
        assign = self._build_assign()
        self._build_lists()
        self._build_outbox()
        detail = self.detail = QWidget()
        detail.setMinimumWidth(560)
        d = QVBoxLayout(detail)
        # the column's minimum follows its parts (a longer SOP, the outbox showing), so the
        # scroll area below hears of it: it re-measures when the column is resized, not when a
        # part inside changes size
        d.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        d.setContentsMargins(8, 0, 0, 0)
        d.addLayout(top)
        d.addLayout(head)
        d.addWidget(self.description_box)
        d.addLayout(steps)
        d.addLayout(assign)
        d.addWidget(plain(QLabel(translate("incident_desk", "Camera gần nhất"))))
        d.addLayout(self.cameras_row)
        self.evidence_box = QVBoxLayout()  # sections others add (the AI alert's picture)
        d.addLayout(self.evidence_box)
        d.addWidget(plain(QLabel(translate("incident_desk", "Quy trình xử lý (SOP)"))))
        d.addWidget(self.sop, 2)
        d.addWidget(plain(QLabel(translate("incident_desk", "Ghi chú và diễn biến"))))
        d.addWidget(self.notes, 3)
        d.addWidget(self.note_edit)
        self.reports_label = plain(QLabel(""))
        d.addWidget(self.reports_label)
        d.addWidget(self.reports, 1)
        d.addWidget(self.outbox_box)
        # where the room runs out (the wall's type, a wrapped title, an outbox), the incident
        # scrolls: its parts never squeeze over one another, the window never grows
        scroll = QScrollArea()
        scroll.setObjectName("IncidentDetail")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(detail)
        return scroll

    def _build_head(self) -> QHBoxLayout:
        """Severity, status, where and when, and the description."""
        self.title = plain(QLabel(""))
        self.title.setObjectName("PanelTitle")
        self.severity_pill, self.status_pill = pill(), pill()
        self.meta = plain(QLabel(""))
        self.meta.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head = QHBoxLayout()
        head.addWidget(self.severity_pill, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.status_pill, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.meta, 1)
        # the description scrolls inside a few lines: a long one must not push the SOP away
        self.description = plain(QLabel(""))
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description_box = QScrollArea()
        self.description_box.setWidgetResizable(True)
        self.description_box.setFrameShape(QFrame.Shape.NoFrame)
        self.description_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.description_box.setWidget(self.description)
        self.description_box.installEventFilter(self)

        return head

    def _build_actions(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """(the title row with what to look at, the row of what to do)."""
        self.buttons: dict[str, QPushButton] = {}
        for name in BUTTON_ACTIONS:
            b = QPushButton(action_label(name))
            b.clicked.connect(lambda _=False, n=name: self._act(n))
            self.buttons[name] = b
        self.wall_button = QPushButton(
            icon("wall"), translate("incident_desk", "Lên tường màn hình")
        )
        self.wall_button.setToolTip(
            translate(
                "incident_desk",
                "Chuyển tường sang bố cục của loại sự cố này: camera gần nhất, bản đồ tại chỗ",
            )
        )
        self.wall_button.clicked.connect(self._show_on_wall)
        self.locate_button = QPushButton(icon("map"), translate("incident_desk", "Xem trên bản đồ"))
        self.locate_button.setToolTip(
            translate("incident_desk", "Đưa bản đồ trên tường đến vị trí sự cố")
        )
        self.locate_button.clicked.connect(self._locate)
        steps = QHBoxLayout()
        for name in BUTTON_ACTIONS:
            if name != "assign":
                steps.addWidget(self.buttons[name])
        steps.addStretch(1)
        # what to look at sits by the title, what to do below it: one row of both was wider
        # than the desk at the wall's type
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.wall_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.locate_button, 0, Qt.AlignmentFlag.AlignTop)
        return top, steps

    def _build_assign(self) -> QHBoxLayout:
        # the assignee is typed, then assigned: the field and its button side by side, the
        # field as wide as the row allows (it was squeezed to ~30 px between the buttons)
        self.assignee = QLineEdit()
        self.assignee.setPlaceholderText(
            translate("incident_desk", "Đơn vị / người được phân công")
        )
        self.assignee.setMinimumWidth(240)
        self.assignee.returnPressed.connect(lambda: self._act("assign"))
        assign = QHBoxLayout()
        assign.addWidget(self.assignee, 1)
        assign.addWidget(self.buttons["assign"])

        return assign

    def _build_lists(self) -> None:
        """The SOP checklist, notes and timeline, cameras, linked citizen reports."""
        self.sop = wrapped(DetailList())
        self.sop.setItemDelegate(SopDelegate(self.sop))  # who and when, small, under each step
        self.sop.itemChanged.connect(self._on_sop_ticked)
        self.notes = wrapped(DetailList())
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(translate("incident_desk", "Ghi chú cho sự cố…"))
        self.note_edit.returnPressed.connect(self._add_note)
        self.cameras_row = QHBoxLayout()
        self.reports = wrapped(DetailList())

    def _build_outbox(self) -> None:
        """The officer's actions not yet taken by the backend, and the choice on a refusal."""
        self.outbox = wrapped(DetailList())
        self.retry_button = QPushButton(translate("incident_desk", "Áp dụng lại trên bản mới nhất"))
        self.discard_button = QPushButton(translate("incident_desk", "Bỏ thao tác này"))
        self.retry_button.clicked.connect(lambda: self._on_refused(self.retry))
        self.discard_button.clicked.connect(lambda: self._on_refused(self.discard))
        outbox_row = QHBoxLayout()
        outbox_row.addWidget(self.retry_button)
        outbox_row.addWidget(self.discard_button)
        outbox_row.addStretch(1)
        # unsent actions are shown only when there are some: the room goes to the SOP otherwise
        self.outbox_box = QWidget()
        o = QVBoxLayout(self.outbox_box)
        o.setContentsMargins(0, 0, 0, 0)
        o.addWidget(plain(QLabel(translate("incident_desk", "Thao tác chưa gửi tới máy chủ"))))
        o.addWidget(self.outbox, 1)
        self.outbox.setMaximumHeight(140)  # a few actions; the timeline keeps its room
        o.addLayout(outbox_row)
        self.outbox_box.hide()

    def _combo(self, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        # as wide as the row gives, not as the longest ward name: filters never widen the desk
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self.refresh_list)
        return combo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.description_box and event.type() == QEvent.Type.Resize:
            self._fit_description()
        return super().eventFilter(watched, event)

    def _fit_description(self) -> None:
        """As tall as its text and four lines at most (then it scrolls): a long description
        must not push the SOP away, a short one must not leave a gap."""
        text = self.description.text()
        width = max(100, self.description_box.width() - 4)
        need = self.description.heightForWidth(width) if text else 0
        cap = self.description.fontMetrics().lineSpacing() * 4 + 6
        height = max(0, min(need, cap))
        if (
            self.description_box.height() != height
            or self.description_box.maximumHeight() != height
        ):
            self.description_box.setFixedHeight(height)

    # -- list --------------------------------------------------------------------------
    def visible_incidents(self) -> list[Incident]:
        """The store's incidents through the officer's filters, in triage order."""
        status = self.status_filter.currentData()
        severity = self.severity_filter.currentData()
        area = self.area_filter.currentData()
        system = self.system_filter.currentData()
        words = fold(self.search.text()).split()  # diacritics optional, as in the catalogue
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
            hay = fold(f"{inc.id} {inc.title} {inc.description}")
            if any(w not in hay for w in words):
                continue
            out.append(inc)
        return triage_order(out)

    def _row(self, inc: Incident) -> Row:
        when = shown_time(inc.date_issued, "%H:%M %d/%m")
        line = f"{inc.id} · {when} · {severity_text(inc.severity)} · {status_text(inc.status)}"
        found = translate("incident_desk", "Phát hiện lúc {time}").format(
            time=shown_time(inc.date_issued, "%H:%M %d/%m/%Y", with_zone=True)
        )
        color = SEVERITY_COLORS.get(inc.severity, TEXT)
        return Row(
            inc.id,
            f"{bounded(inc.title, 160)}\n{line}",
            color,
            plain_tooltip(f"{bounded(inc.title, 600)}\n{found}"),
            swatch=color,
        )

    def refresh_list(self) -> None:
        shown = self.visible_incidents()
        more = ""
        if len(shown) > MAX_ROWS:
            left = len(shown) - MAX_ROWS
            more = (
                translate("incident_desk", "… và 1 sự cố khác: thu hẹp bộ lọc")
                if left == 1
                else translate("incident_desk", "… và {count} sự cố khác: thu hẹp bộ lọc")
            ).format(count=left)
        self.list.set_rows([self._row(i) for i in shown[:MAX_ROWS]], more)
        if self.list.current_key() != self.current_id:
            self.list.select_key(self.current_id)
        note = clock.zone_note()
        self.zone_label.setText(translate("incident_desk", "Giờ {zone}").format(zone=note))
        self.zone_label.setToolTip(
            translate(
                "incident_desk",
                "Mọi thời gian ở đây là giờ của tỉnh ({zone}), không theo múi giờ của máy này",
            ).format(zone=clock.offset_label())
        )
        self.zone_label.setVisible(bool(note))
        self._on_flash()

    def _on_incidents_changed(self) -> None:
        ids = {i.id for i in self.store.incidents}
        if self._known is not None:  # the first load is not news
            self.list.mark_arrivals(sorted(ids - self._known))
        if ids or self._known is not None:
            self._known = ids
        fresh = self.alerts.new_alerts(self.store.incidents)
        if fresh:
            self.alerted_now += [i.id for i in fresh]
            self.status_line.setText(
                (
                    translate("incident_desk", "⚠ 1 sự cố mới chưa tiếp nhận: {title}")
                    if len(fresh) == 1
                    else translate("incident_desk", "⚠ {count} sự cố mới chưa tiếp nhận: {title}")
                ).format(count=len(fresh), title=bounded(fresh[0].title, 100))
            )
            if self.alert_sound:
                QApplication.beep()
        self.refresh_list()
        self._show_detail()

    def _on_areas_changed(self) -> None:
        wards = [(a.name, a.code) for a in self.store.areas if a.level == "ward"]
        if wards == self._wards:  # the areas are sent again every poll, rarely changed
            return
        self._wards = wards
        current = self.area_filter.currentData()
        self.area_filter.blockSignals(True)
        self.area_filter.clear()
        self.area_filter.addItem(translate("incident_desk", "Mọi xã/phường"), ALL)
        for name, code in sorted(wards, key=lambda w: (fold(w[0]), w[0])):
            self.area_filter.addItem(name, code)
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

    def _show_on_wall(self) -> None:
        if self.current_id:
            self.sig_show_on_wall.emit(self.current_id)

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

    def _changed(self, part: str, content: Hashable) -> bool:
        """True (and remembered) when a detail part's content differs from what it shows."""
        if self._shown.get(part) == content:
            return False
        self._shown[part] = content
        return True

    def _show_detail(self) -> None:
        inc = self.current()
        for b in self.buttons.values():
            b.setEnabled(False)
        self.wall_button.setEnabled(inc is not None)
        self.locate_button.setEnabled(inc is not None)
        if inc is None:
            self._shown.clear()
            self.title.setText(translate("incident_desk", "Chọn một sự cố trong danh sách"))
            self.title.setToolTip("")
            for w in (self.meta, self.description):
                w.setText("")
            self._fit_description()
            for p in (self.severity_pill, self.status_pill):
                p.hide()
            for lst in (self.sop, self.notes, self.reports, self.outbox):
                lst.clear()
            self.reports.hide()
            self.reports_label.setText("")
            self._show_cameras(())
            self.outbox_box.hide()
            self.sig_incident_shown.emit("")
            return
        if self._changed("id", inc.id):
            self._shown = {"id": inc.id}  # another incident: every part afresh
            self.sig_incident_shown.emit(inc.id)
        self._show_header(inc)
        for name in available(inc.status):
            if name in self.buttons:
                self.buttons[name].setEnabled(True)
        unsent = [a for a in self.unsent.items if a.incident_id == inc.id]
        self._show_sop(inc, unsent)
        self._show_timeline(inc)
        cams = tuple(
            (cid, cam.name if (cam := self.store.cameras.get(cid)) else cid)
            for cid in inc.camera_ids
        )
        if self._changed("cameras", cams):
            self._show_cameras(cams)
        by_id = {r.service_request_id: r for r in self.store.reports}
        gone = translate("incident_desk", "{id} (không còn)")
        reports = tuple(
            f"{rid}: {bounded(r.description, 500)}"
            if (r := by_id.get(rid))
            else gone.format(id=rid)
            for rid in inc.report_ids
        )
        if self._changed("reports", reports):
            self.reports.clear()
            self.reports.addItems(list(reports))
            self.reports.setVisible(bool(reports))  # none: the heading says so, no empty box
            self.reports_label.setText(
                translate("incident_desk", "Phản ánh của người dân liên quan ({count})").format(
                    count=len(reports)
                )
            )
        self._show_outbox(unsent)

    def _show_header(self, inc: Incident) -> None:
        area = next((a.name for a in self.store.areas if a.code == inc.area_code), inc.area_code)
        self.title.setText(bounded(inc.title, 200))
        self.title.setToolTip(plain_tooltip(inc.title) if len(inc.title) > 200 else "")
        for p, text, color in (
            (self.severity_pill, severity_text(inc.severity), SEVERITY_COLORS.get(inc.severity)),
            (self.status_pill, status_text(inc.status), INCIDENT_STATUS_COLORS.get(inc.status)),
        ):
            p.setText(text)
            style = f"background: {color or STATUS_COLORS['stopped']};"
            if p.styleSheet() != style:  # a style pass each poll otherwise
                p.setStyleSheet(style)
            p.show()
        self.meta.setText(
            translate(
                "incident_desk",
                "{id} · phiên bản {version} · {area} · vị trí {lat}, {lon}\nPhát hiện lúc"
                " {time} · phân công: {assignee}",
            ).format(
                id=inc.id,
                area=bounded(area, 80),
                time=shown_time(inc.date_issued, "%H:%M %d/%m/%Y", with_zone=True),
                assignee=bounded(inc.assignee, 80)
                if inc.assignee
                else translate("incident_desk", "chưa có"),
                version=inc.version,
                lat=f"{inc.location[0]:.5f}",
                lon=f"{inc.location[1]:.5f}",
            )
        )
        self.description.setText(bounded(inc.description, 4000, one_line=False))
        self._fit_description()

    def _show_sop(self, inc: Incident, unsent: list[QueuedAction]) -> None:
        """The checklist, with a tick still on its way shown as ticked (it used to untick
        itself until the backend answered, as if the click had been lost)."""
        asked = {
            a.body.get("step_id"): a.body.get("state")
            for a in unsent
            if a.action == "sop_step" and a.state == PENDING
        }
        steps = tuple(
            (s.id, s.order, s.title_vi, asked.get(s.id, s.state), s.id in asked, step_meta(s))
            for s in sorted(inc.sop, key=lambda s: s.order)
        )
        editable = inc.status in OPEN
        if not self._changed("sop", (steps, editable)):
            return
        sending = translate("incident_desk", "đang gửi")
        self.sop.blockSignals(True)
        try:
            if [
                self.sop.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.sop.count())
            ] != [s[0] for s in steps]:
                self.sop.clear()
                for _ in steps:
                    self.sop.addItem(QListWidgetItem())
            for row, (step_id, order, title, state, pending, meta) in enumerate(steps):
                item = self.sop.item(row)
                item.setData(Qt.ItemDataRole.UserRole, step_id)
                item.setData(META_ROLE, meta)
                item.setToolTip(meta)
                suffix = f"  · {sending}" if pending else ""
                item.setText(f"{order}. {bounded(title, 200)}{suffix}")
                flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if editable else flags)
                done = state == "done"
                item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
                item.setForeground(QBrush(QColor(STATUS_COLORS["live"] if done else TEXT)))
        finally:
            self.sop.blockSignals(False)
        # the first steps always in view (up to five); the timeline gives up the room
        rows = min(self.sop.count(), 5)
        row_h = self.sop.sizeHintForRow(0) if rows else 0
        self.sop.setMinimumHeight(row_h * rows + 2 * self.sop.frameWidth() + 2)

    def _show_timeline(self, inc: Incident) -> None:
        """Newest first: the latest word on an incident is always in view, however small the
        list is left by the outbox or the window (following the end of a list that changes
        height loses it)."""
        timeline = [
            (h.at, status_text(h.status), " · ".join(x for x in (h.by, h.note) if x))
            for h in inc.history
        ]
        timeline += [(n.at, f"{bounded(n.author, 60)}: {n.text}", "") for n in inc.notes]
        timeline += [(e.added_at, evidence_text(e), e.author) for e in inc.evidence]
        timeline += timeline_entries(inc.sop)  # every change of every step, who and when
        lines = tuple(
            f"{shown_time(at)} · {bounded(text, 1000)}" + (f" ({bounded(who, 200)})" if who else "")
            for at, text, who in sorted(timeline, key=lambda t: t[0])[::-1]
        )
        if not self._changed("timeline", lines):
            return
        shown = [self.notes.item(r).text() for r in range(self.notes.count())]
        new = len(lines) - len(shown)
        if new > 0 and list(lines[new:]) == shown:  # only new entries: the rest kept
            for row, line in enumerate(lines[:new]):
                self.notes.insertItem(row, line)
        else:
            self.notes.clear()
            self.notes.addItems(list(lines))

    def _show_cameras(self, cams: tuple[tuple[str, str], ...]) -> None:
        while self.cameras_row.count():
            taken = self.cameras_row.takeAt(0)
            old = taken.widget() if taken is not None else None
            if old is not None:
                old.deleteLater()
        for cid, name in cams[:MAX_CAMERA_BUTTONS]:
            b = QPushButton()
            b.setText(
                "▶ " + b.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, CAMERA_NAME_PX)
            )
            b.setToolTip(plain_tooltip(name))
            b.clicked.connect(lambda _=False, c=cid: self.sig_open_camera.emit(c))
            self.cameras_row.addWidget(b)
        if len(cams) > MAX_CAMERA_BUTTONS:
            more = QLabel(
                (
                    translate("incident_desk", "+1 camera")
                    if len(cams) - MAX_CAMERA_BUTTONS == 1
                    else translate("incident_desk", "+{count} camera")
                ).format(count=len(cams) - MAX_CAMERA_BUTTONS)
            )
            more.setObjectName("PanelSubtitle")
            self.cameras_row.addWidget(more)
        self.cameras_row.addStretch(1)

    def _show_outbox(self, unsent: list[QueuedAction]) -> None:
        state = {
            "pending": translate("incident_desk", "đang chờ gửi"),
            "conflict": translate("incident_desk", "bị từ chối: có người sửa trước"),
        }
        refused_text = translate("incident_desk", "bị từ chối")
        rows = tuple(
            (
                a.seq,
                f"{action_label(a.action)}: {state.get(a.state, refused_text)}"
                + (f" — {bounded(a.error, 300)}" if a.error else ""),
                STATUS_COLORS["stale"] if a.state == PENDING else STATUS_COLORS["offline"],
            )
            for a in unsent
        )
        if self._changed("outbox", rows):
            picked = self.outbox.currentItem()
            seq = picked.data(Qt.ItemDataRole.UserRole) if picked is not None else None
            self.outbox.clear()
            for a_seq, text, color in rows:
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, a_seq)
                item.setForeground(QBrush(QColor(color)))
                self.outbox.addItem(item)
                if a_seq == seq:  # the refused action the officer picked stays picked
                    self.outbox.setCurrentItem(item)
        refused = any(a.state != PENDING for a in unsent)
        self.retry_button.setEnabled(refused)
        self.discard_button.setEnabled(refused)
        self.outbox_box.setVisible(bool(unsent))

    def _show_outbox_state(self) -> None:
        pending = sum(1 for a in self.unsent.items if a.state == PENDING)
        refused = len(self.unsent.items) - pending
        parts = []
        if pending:
            parts.append(
                (
                    translate("incident_desk", "1 thao tác đang chờ gửi")
                    if pending == 1
                    else translate("incident_desk", "{count} thao tác đang chờ gửi")
                ).format(count=pending)
            )
        if refused:
            parts.append(
                (
                    translate("incident_desk", "1 thao tác bị từ chối, cần xem lại")
                    if refused == 1
                    else translate("incident_desk", "{count} thao tác bị từ chối, cần xem lại")
                ).format(count=refused)
            )
        if self.unsent.problem and pending:
            parts.append(
                translate("incident_desk", "(máy chủ: {problem})").format(
                    problem=bounded(self.unsent.problem, 200)
                )
            )
        if parts:
            self.status_line.setText(" · ".join(parts))

    # -- actions -------------------------------------------------------------------------
    def _act(self, name: str) -> None:
        inc = self.current()
        if inc is None or not self.buttons[name].isEnabled():
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
        self._shown.pop("sop", None)  # shown again from the answer, even a refusal
        done = item.checkState() == Qt.CheckState.Checked
        step_id = item.data(Qt.ItemDataRole.UserRole)
        # the moment of the tick travels with it: sent late, it still says when it was ticked
        self.submit(inc, sop_step_body(step_id, "done" if done else "pending", time.time()))

    def _add_note(self) -> None:
        inc, text = self.current(), self.note_edit.text().strip()
        if inc is None or not text:
            return
        self.submit(inc, {"action": "comment", "text": text})
        self.note_edit.clear()

    def _on_refused(self, decide: Callable[[QueuedAction], None]) -> None:
        item = self.outbox.currentItem() or (self.outbox.item(0) if self.outbox.count() else None)
        seq = item.data(Qt.ItemDataRole.UserRole) if item else None
        action = next((a for a in self.unsent.items if a.seq == seq and a.state != PENDING), None)
        action = action or next(
            (
                a
                for a in self.unsent.items
                if a.incident_id == self.current_id and a.state != PENDING
            ),
            None,
        )
        if action is not None:
            decide(action)
