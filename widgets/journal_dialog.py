"""The wall's journal on a workstation: every change of what the wall showed (who, from
which workstation, why), filtered by incident, a timeline to scrub, and what each screen of
the wall showed at the chosen moment, with camera names. The data comes in whole (the shell
fetches it off the UI thread); exporting says where to write and the shell writes it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop import clock
from ioc_desktop.i18n import QT_TRANSLATE_NOOP, translate
from ioc_desktop.layout.model import Layout, PanelSpec
from ioc_desktop.wall_journal import JournalEntry, describe_layout, shown_at

WHY = {
    "manual": QT_TRANSLATE_NOOP("journal", "đẩy tay"),
    "incident": QT_TRANSLATE_NOOP("journal", "sự cố"),
    "tour": QT_TRANSLATE_NOOP("journal", "vòng xoay"),
    "restore": QT_TRANSLATE_NOOP("journal", "khôi phục"),
    "rule": QT_TRANSLATE_NOOP("journal", "quy tắc"),
}


SPANS = [
    (QT_TRANSLATE_NOOP("journal", "1 giờ qua"), 1),
    (QT_TRANSLATE_NOOP("journal", "12 giờ qua"), 12),
    (QT_TRANSLATE_NOOP("journal", "24 giờ qua"), 24),
    (QT_TRANSLATE_NOOP("journal", "7 ngày qua"), 24 * 7),
    (QT_TRANSLATE_NOOP("journal", "tất cả"), 0),
]


def panel_label(p: PanelSpec, cameras: Mapping[str, str]) -> str:
    """A panel as an officer names it: a camera by its name, the rest by what they show."""
    if p.kind == "camera":
        cam = str(p.settings.get("camera_id") or "")
        if cam:
            return cameras.get(cam, cam)
        return translate("catalogue", "Camera gần sự cố thứ {k}").format(
            k=p.settings.get("slot", "?")
        )
    if p.kind == "camera_tour":
        names = [cameras.get(c, c) for c in p.settings.get("camera_ids") or []]
        return translate("journal", "Vòng camera: {names}").format(names=", ".join(names))
    fixed = {
        "map": translate("catalogue", "Bản đồ điều hành"),
        "incidents": translate("catalogue", "Sự cố và phản ánh hiện trường"),
        "reports": translate("catalogue", "Dòng phản ánh hiện trường"),
        "aq_bars": translate("catalogue", "Chất lượng không khí (VN_AQI)"),
    }
    if p.kind in fixed:
        return fixed[p.kind]
    ids = p.settings.get("kpi_ids") or [p.settings.get("kpi_id") or p.settings.get("system", "")]
    return translate("journal", "Chỉ số: {ids}").format(ids=", ".join(str(i) for i in ids))


def _t(at: datetime) -> str:
    return clock.fmt(clock.local(at), "%H:%M:%S %d/%m")


class JournalDialog(QDialog):
    sig_export = Signal(str)  # the file the officer chose for the CSV

    def __init__(
        self,
        entries: list[JournalEntry],
        layouts: Mapping[str, tuple[int, Layout]],
        camera_names: Mapping[str, str],
        parent: QWidget | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("journal", "Nhật ký tường màn hình"))
        self.resize(1100, 720)
        self.entries = entries
        self.layouts = layouts
        self.camera_names = camera_names
        self.now = now or clock.now()
        self.shown: list[JournalEntry] = list(entries)
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(translate("journal", "Sự cố:")))
        self.incident = QLineEdit()
        self.incident.setPlaceholderText(translate("journal", "mã sự cố (để trống: tất cả)"))
        self.incident.textChanged.connect(self._filter)
        top.addWidget(self.incident, 1)
        top.addWidget(QLabel(translate("journal", "Trong:")))
        self.span = QComboBox()  # the time range looked at, back from now
        for label, hours in SPANS:
            self.span.addItem(translate("journal", label), hours)
        self.span.setCurrentIndex(len(SPANS) - 1)
        self.span.currentIndexChanged.connect(self._filter)
        top.addWidget(self.span)
        self.export_btn = QPushButton(translate("journal", "Xuất CSV…"))
        self.export_btn.clicked.connect(self._export)
        top.addWidget(self.export_btn)
        v.addLayout(top)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                translate("journal", "Lúc"),
                translate("journal", "Ai"),
                translate("journal", "Máy"),
                translate("journal", "Lý do"),
                translate("journal", "Sự cố"),
                translate("journal", "Bố cục (trước → sau)"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_row)
        v.addWidget(self.table, 2)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.valueChanged.connect(self._on_scrub)
        self.when = QLabel("")
        self.when.setObjectName("JournalWhen")
        v.addWidget(self.slider)
        v.addWidget(self.when)
        self.wall_then = QLabel("")  # what each screen showed then
        self.wall_then.setTextFormat(Qt.TextFormat.PlainText)
        self.wall_then.setWordWrap(True)
        self.wall_then.setAlignment(Qt.AlignmentFlag.AlignTop)
        v.addWidget(self.wall_then, 1)
        self._filter()

    # -- rows -------------------------------------------------------------------------------
    def _filter(self) -> None:
        wanted = self.incident.text().strip()
        hours = int(self.span.currentData() or 0)
        since = self.now - timedelta(hours=hours) if hours else None
        self.shown = [
            e
            for e in self.entries
            if (not wanted or wanted == e.incident_id) and (since is None or e.at >= since)
        ]
        self.table.setRowCount(len(self.shown))
        for r, e in enumerate(self.shown):
            cells = [
                _t(e.at),
                e.by,
                e.workstation,
                translate("journal", WHY.get(e.why, e.why)),
                e.incident_id,
                f"{e.before} → {e.after}",
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))  # always text, never markup
        self.table.resizeColumnsToContents()
        first = self.shown[0].at if self.shown else (self.entries[0].at if self.entries else None)
        start = first - timedelta(minutes=1) if first else self.now
        if since is not None:
            start = max(start, since)
        self._start = start
        self.slider.setRange(0, max(1, int((self.now - start).total_seconds())))
        self.slider.setValue(self.slider.maximum())
        self._on_scrub(self.slider.value())

    def _on_row(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if rows:
            e = self.shown[min(rows)]
            self.slider.blockSignals(True)  # that change, even when another came the same second
            self.slider.setValue(int((e.at - self._start).total_seconds()))
            self.slider.blockSignals(False)
            self._show(e.at, e)

    # -- the wall at a moment ---------------------------------------------------------------
    def at(self) -> datetime:
        return self._start + timedelta(seconds=self.slider.value())

    def _on_scrub(self, _value: int) -> None:
        at = self.at()
        self._show(at, shown_at(self.entries, at))

    def _show(self, at: datetime, entry: JournalEntry | None) -> None:
        if entry is None:
            self.when.setText(
                translate("journal", "Lúc {at}: trước thay đổi đầu tiên trong nhật ký").format(
                    at=_t(at)
                )
            )
            self.wall_then.setText("")
            return
        self.when.setText(
            translate(
                "journal", "Lúc {at}: bố cục '{layout}', do {by} ({where}) đổi lúc {when}"
            ).format(
                at=_t(at),
                layout=entry.after,
                by=entry.by,
                where=entry.workstation or "—",
                when=_t(entry.at),
            )
        )
        held = self.layouts.get(entry.after)
        if held is None:
            self.wall_then.setText(
                translate("journal", "Không còn bố cục '{layout}' trên máy chủ để vẽ lại").format(
                    layout=entry.after
                )
            )
            return
        version, layout = held
        lines = [
            f"{name}: " + (" · ".join(parts) or "—")
            for name, parts in describe_layout(layout, lambda p: panel_label(p, self.camera_names))
        ]
        if entry.after_version is not None and entry.after_version != version:
            lines.insert(  # never drawn as if it were what the wall showed then
                0,
                translate(
                    "journal",
                    "⚠ Bố cục đã được sửa sau lúc đó (khi ấy bản {then}, nay bản {now}): "
                    "vẽ theo bản hiện nay",
                ).format(then=entry.after_version, now=version),
            )
        self.wall_then.setText("\n".join(lines))

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("journal", "Xuất nhật ký tường"),
            "wall-journal.csv",
            "CSV (*.csv)",
        )
        if path:
            self.sig_export.emit(path)
