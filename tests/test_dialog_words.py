"""Questions speak the UI's language: Qt ships no Vietnamese for its standard Yes/No, and a
Vietnamese wall asked "Bố cục … chưa lưu" with English buttons."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from widgets.dialog_parts import confirm


def answer_with(text_of_button: str, seen: list[list[str]]) -> None:
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):  # not up yet: look again
        QTimer.singleShot(20, lambda: answer_with(text_of_button, seen))
        return
    labels = [b.text() for b in box.findChildren(QPushButton)]
    seen.append(labels)
    next(b for b in box.buttons() if b.text() == text_of_button).click()


def test_a_question_has_buttons_that_say_what_they_do(qapp: QApplication) -> None:
    seen: list[list[str]] = []
    QTimer.singleShot(0, lambda: answer_with("Ở lại", seen))
    assert confirm(None, "Bỏ thay đổi?", "Bỏ thay đổi, mở bố cục khác", "Ở lại") is False
    QTimer.singleShot(0, lambda: answer_with("Bỏ thay đổi, mở bố cục khác", seen))
    assert confirm(None, "Bỏ thay đổi?", "Bỏ thay đổi, mở bố cục khác", "Ở lại") is True
    for labels in seen:
        assert sorted(labels) == sorted(["Bỏ thay đổi, mở bố cục khác", "Ở lại"])
        assert not {"Yes", "No", "&Yes", "&No"} & set(labels)
