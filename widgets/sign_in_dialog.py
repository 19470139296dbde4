"""Signing in to the IOC backend: user name and password, or an access token an administrator
issued. Non-modal: it comes up when the backend refuses the token (expired, revoked) while the
wall keeps showing its cameras and the last data, and goes away once signed in.

The dialog holds no secret after it closes and does no I/O: it asks (signals), the app signs
in off the UI thread and answers with done() or show_problem().
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop.i18n import translate
from widgets.dialog_parts import ok_cancel, problem_label


class SignInDialog(QDialog):
    sig_sign_in = Signal(str, str)
    """User name and password to try."""
    sig_use_token = Signal(str)
    """An access token to use as it is."""

    def __init__(self, backend: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(translate("sign_in_dialog", "IOC Wall — Đăng nhập"))
        self.setMinimumWidth(520)
        self.why = QLabel(
            translate(
                "sign_in_dialog",
                "Máy chủ {backend} cần đăng nhập. Tường màn hình vẫn chạy với dữ liệu cũ.",
            ).format(backend=backend)
        )
        self.why.setWordWrap(True)
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        with_password = QWidget()
        f1 = QFormLayout(with_password)
        f1.addRow(translate("sign_in_dialog", "Tên đăng nhập:"), self.user)
        f1.addRow(translate("sign_in_dialog", "Mật khẩu:"), self.password)
        with_token = QWidget()
        f2 = QFormLayout(with_token)
        f2.addRow(translate("sign_in_dialog", "Mã truy cập:"), self.token)
        self.tabs = QTabWidget()
        self.tabs.addTab(with_password, translate("sign_in_dialog", "Tên và mật khẩu"))
        self.tabs.addTab(with_token, translate("sign_in_dialog", "Mã truy cập"))
        self.problem = problem_label()
        self.buttons = ok_cancel(
            translate("sign_in_dialog", "Đăng nhập"),
            translate("sign_in_dialog", "Để sau"),
            self._submit,
            self.reject,
        )
        self.password.returnPressed.connect(self._submit)
        self.token.returnPressed.connect(self._submit)
        lay = QVBoxLayout(self)
        lay.addWidget(self.why)
        lay.addWidget(self.tabs)
        lay.addWidget(self.problem)
        lay.addWidget(self.buttons)

    def _submit(self) -> None:
        self.problem.setText("")
        if self.tabs.currentIndex() == 0:
            user = self.user.text().strip()
            if not user or not self.password.text():
                self.show_problem(translate("sign_in_dialog", "Nhập tên đăng nhập và mật khẩu"))
                return
            self.set_busy(True)
            self.sig_sign_in.emit(user, self.password.text())
        else:
            token = self.token.text().strip()
            if not token:
                self.show_problem(translate("sign_in_dialog", "Nhập mã truy cập"))
                return
            self.sig_use_token.emit(token)
            self.done_ok()

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        if busy:
            self.problem.setText(translate("sign_in_dialog", "Đang đăng nhập…"))

    def show_problem(self, text: str) -> None:
        self.set_busy(False)
        self.problem.setText(f"⚠ {text}")
        self.password.clear()

    def done_ok(self) -> None:
        """Signed in: forget what was typed and close."""
        self.set_busy(False)
        for edit in (self.password, self.token):
            edit.clear()
        self.problem.setText("")
        self.accept()
