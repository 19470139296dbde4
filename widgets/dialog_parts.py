"""What the app's dialogs share: a line that says what is wrong, in place, and OK/Cancel
buttons that speak the UI's language (Qt ships no Vietnamese for its standard buttons)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox, QWidget


def problem_label() -> QLabel:
    label = QLabel("")
    label.setObjectName("DialogProblem")
    label.setWordWrap(True)
    return label


def ok_cancel(
    ok_text: str, cancel_text: str, on_ok: Callable[[], None], on_cancel: Callable[[], None]
) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    box.accepted.connect(on_ok)
    box.rejected.connect(on_cancel)
    return box


def confirm(parent: QWidget | None, text: str, yes_text: str, no_text: str) -> bool:
    """A yes/no question whose buttons say what they do, in the UI's language (a Vietnamese
    wall showed "Yes/No" on "Bố cục … chưa lưu"). Plain text: a layout's name is data."""
    box = QMessageBox(QMessageBox.Icon.Question, "IOC Wall", text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.YesRole)
    no = box.addButton(no_text, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes
