"""Who changed each SOP step and when, as the incident desk shows it: small, under the step in
the checklist, and as lines of the incident's timeline.

An officer reading the checklist must see at a glance who ticked a step and when, without the
step's own words getting smaller or moving; the who/when is drawn by a delegate in a second,
smaller and muted line of the same row, so the row stays one checkable item (the checklist's
ticks and their order are the list's, unchanged). A backend that does not say who or when
(an older one) is said so in words ("không rõ người/thời điểm"), never left blank.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ioc_desktop.backend.models import SopStep
from ioc_desktop.i18n import QT_TRANSLATE_NOOP, translate
from widgets.incident_text import bounded, shown_time
from widgets.theme import MUTED

META_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's who/when line ("" for none)
META_SCALE = 0.8  # the who/when line's type, of the step's

STATE_TEXT = {
    "pending": QT_TRANSLATE_NOOP("sop_list", "chưa làm"),
    "done": QT_TRANSLATE_NOOP("sop_list", "đã xong"),
    "skipped": QT_TRANSLATE_NOOP("sop_list", "bỏ qua"),
}


def state_text(state: str) -> str:
    return translate("sop_list", STATE_TEXT[state]) if state in STATE_TEXT else state


def _who(by: str | None) -> str:
    return bounded(by, 60) if by else translate("sop_list", "không rõ người")


def _when(at: datetime | None) -> str:
    return shown_time(at) if at is not None else translate("sop_list", "không rõ thời điểm")


def step_meta(step: SopStep) -> str:
    """The small line under a step: its state, who and when, or that the backend does not
    say; "" for a step nobody has changed."""
    if step.updated_by is None and step.updated_at is None:
        if step.state == "pending":
            return ""
        return f"{state_text(step.state)} · " + translate("sop_list", "không rõ người/thời điểm")
    return f"{state_text(step.state)} · {_who(step.updated_by)}, {_when(step.updated_at)}"


def timeline_entries(steps: tuple[SopStep, ...]) -> list[tuple[datetime, str, str]]:
    """Every change of every step the backend told of, as the timeline's (when, what, who)."""
    out = []
    for s in steps:
        for ch in s.history():
            what = translate("sop_list", "Bước {order} ({title}): {state}").format(
                order=s.order, title=bounded(s.title_vi, 200), state=state_text(ch.state)
            )
            out.append((ch.at, what, ch.by or translate("sop_list", "không rõ người")))
    return out


class SopDelegate(QStyledItemDelegate):
    """The step as Qt draws it, and under it, when the row has one, its who/when line."""

    @staticmethod
    def _meta_font(option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setPointSizeF(font.pointSizeF() * META_SCALE)
        return font

    def _meta_height(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> int:
        if not index.data(META_ROLE):
            return 0
        return QFontMetrics(self._meta_font(option)).lineSpacing() + 2

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self._meta_height(option, index))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        meta = str(index.data(META_ROLE) or "")
        extra = self._meta_height(option, index) if meta else 0
        if not extra:
            super().paint(painter, option, index)
            return
        widget: QWidget | None = option.widget
        style = widget.style() if widget is not None else None
        whole = QStyleOptionViewItem(option)
        self.initStyleOption(whole, index)
        if style is not None:  # the row's background (selection, hover) under both lines
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, whole, painter, widget
            )
        top = QStyleOptionViewItem(option)
        top.rect = QRect(option.rect.adjusted(0, 0, 0, -extra))
        super().paint(painter, top, index)
        self.initStyleOption(top, index)
        left = (
            style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, top, widget).left()
            if style is not None
            else option.rect.left()
        )
        line = QRect(left, option.rect.bottom() - extra, option.rect.right() - left, extra)
        painter.save()
        painter.setFont(self._meta_font(option))
        painter.setPen(QColor(MUTED))
        elided = painter.fontMetrics().elidedText(meta, Qt.TextElideMode.ElideRight, line.width())
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()
