"""A camera's user and password, typed by the operator where the backend gives a stream URL
without them and the camera says "Sai mật khẩu".

Cameras and NVRs keep their own accounts (digest or basic auth), often set per site by the
installer; the IOC backend does not always know them. The dialog only asks: its caller keeps
the pair (credentials.CameraCredentials: the OS keyring, or memory for this run) and the
tiles of that camera try again with it. The password is never shown back, logged or put in
the diagnostics; the address field takes a stream URL too and keeps only its camera part.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop.credentials import camera_account
from ioc_desktop.i18n import translate
from widgets.dialog_parts import ok_cancel, problem_label


class CameraPasswordDialog(QDialog):
    sig_save = Signal(str, str, str)  # account (scheme://host[:port]), user, password

    def __init__(self, address: str = "", user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("camera_password", "IOC Wall — Mật khẩu camera"))
        self.setMinimumWidth(640)
        intro = QLabel(
            translate(
                "camera_password",
                "Tài khoản của camera hoặc đầu ghi (khác tài khoản IOC). Mọi ô của camera"
                " này sẽ thử lại với mật khẩu mới.",
            )
        )
        intro.setWordWrap(True)
        self.address = QLineEdit(camera_account(address) or address)
        self.address.setPlaceholderText("rtsp://10.1.2.3:554")
        self.user = QLineEdit(user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        show = QCheckBox(translate("camera_password", "Hiện mật khẩu"))
        show.toggled.connect(
            lambda on: self.password.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        form = QFormLayout()
        form.addRow(translate("camera_password", "Địa chỉ camera:"), self.address)
        form.addRow(translate("camera_password", "Tên đăng nhập:"), self.user)
        form.addRow(translate("camera_password", "Mật khẩu:"), self.password)
        form.addRow("", show)
        self.problem = problem_label()
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addWidget(
            ok_cancel(
                translate("camera_password", "Lưu và thử lại"),
                translate("camera_password", "Huỷ"),
                self._save_if_valid,
                self.reject,
            )
        )
        (self.password if user else self.user).setFocus()

    def account(self) -> str | None:
        """The camera part of what was typed (None: not a camera address)."""
        text = self.address.text().strip()
        return camera_account(text if "://" in text else f"rtsp://{text}")

    def _save_if_valid(self) -> None:
        account, user = self.account(), self.user.text().strip()
        if account is None:
            self.problem.setText(
                "⚠ "
                + translate(
                    "camera_password", "Địa chỉ camera chưa đúng, ví dụ rtsp://10.1.2.3:554"
                )
            )
            return
        if not user or ":" in user:
            self.problem.setText(
                "⚠ " + translate("camera_password", "Cần tên đăng nhập (không có dấu ':')")
            )
            return
        password = self.password.text()
        self.password.clear()  # not kept in the widget once handed over
        self.sig_save.emit(account, user, password)
        self.accept()


_opener: Callable[[str], None] | None = None


def provide(opener: Callable[[str], None]) -> None:
    """The composition root's way to open the dialog (OperatorTools.open_camera_password):
    a tile asks for it by a camera's stream address, without knowing who keeps passwords."""
    global _opener
    _opener = opener


def ask(address: str) -> bool:
    """Open the dialog for the camera at `address` (False: no one provided it, e.g. a tile
    in a test without a shell)."""
    if _opener is None:
        return False
    _opener(address)
    return True
