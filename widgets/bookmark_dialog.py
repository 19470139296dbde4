"""A bookmark with its own span and a note, asked at a tile: "from t−N to t+M", where t is
the moment the operator asked (now on a live tile, the replay's picture on a replaying one),
not the moment they finish typing.

The one-click "Đánh dấu 30 giây vừa qua" stays for the officer in a hurry; this is for the
one who knows what to keep ("xe máy vượt đèn đỏ 14:02:10, 20 giây trước, 5 giây sau"). The
dialog only asks; the tile hands the answer to the incident's outbox.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop.i18n import translate
from widgets.dialog_parts import ok_cancel

MAX_SPAN_S = 600  # the demo's recorder keeps 10 minutes; a backend refuses what it lacks


class BookmarkDialog(QDialog):
    sig_bookmark = Signal(float, float, str)  # seconds before, seconds after, note

    def __init__(
        self, camera: str, moment: str, incident_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("bookmark", "IOC Wall — Đánh dấu đoạn video"))
        self.setMinimumWidth(560)
        head = QLabel(
            translate("bookmark", "{camera}, quanh lúc {time}, cho sự cố {id}").format(
                camera=camera, time=moment, id=incident_id
            )
        )
        head.setWordWrap(True)
        self.before, self.after = QSpinBox(), QSpinBox()
        for box, value in ((self.before, 30), (self.after, 10)):
            box.setRange(0, MAX_SPAN_S)
            box.setValue(value)
            box.setSuffix(translate("bookmark", " giây"))
        self.note = QLineEdit()
        self.note.setMaxLength(2000)
        self.note.setPlaceholderText(
            translate("bookmark", "Ghi chú: điều gì xảy ra trong đoạn này")
        )
        form = QFormLayout()
        form.addRow(translate("bookmark", "Trước thời điểm đó:"), self.before)
        form.addRow(translate("bookmark", "Sau thời điểm đó:"), self.after)
        form.addRow(translate("bookmark", "Ghi chú:"), self.note)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addLayout(form)
        lay.addWidget(
            ok_cancel(
                translate("bookmark", "Đánh dấu"),
                translate("bookmark", "Huỷ"),
                self._keep,
                self.reject,
            )
        )
        self.note.setFocus()

    def _keep(self) -> None:
        self.sig_bookmark.emit(
            float(self.before.value()), float(self.after.value()), self.note.text()
        )
        self.accept()
