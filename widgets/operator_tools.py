"""The control window's settings, sign-in and "copy diagnostics": the dialogs ask, this does
the I/O (config file, keyring, backend off the UI thread), so no dialog touches a file or the
network."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QApplication, QStatusBar, QWidget

from ioc_desktop import logs
from ioc_desktop.backend.client import BackendClient, BackendError
from ioc_desktop.config import Settings, save_settings
from ioc_desktop.credentials import CameraCredentials, TokenStore, camera_account
from ioc_desktop.i18n import translate
from ioc_desktop.store import Store
from widgets.camera_password_dialog import CameraPasswordDialog
from widgets.settings_dialog import SettingsDialog
from widgets.sign_in_dialog import SignInDialog


class ControlSignals(Protocol):
    """What the tools need of the control window: its three signals and its status bar."""

    sig_settings: SignalInstance
    sig_sign_in: SignalInstance
    sig_diagnostics: SignalInstance

    def statusBar(self) -> QStatusBar: ...


def parent_of(control: object) -> QWidget | None:
    return control if isinstance(control, QWidget) else None


class OperatorTools:
    def __init__(
        self,
        control: ControlSignals,
        settings: Settings,
        store: Store,
        client: BackendClient,
        tokens: TokenStore,
        diagnostics: Callable[[], str],
        cameras: CameraCredentials | None = None,
        retry_cameras: Callable[[], int] = lambda: 0,
    ) -> None:
        self.control = control
        self.cameras = cameras or CameraCredentials()
        self.retry_cameras = retry_cameras  # tiles a camera refused try again, now
        self.camera_dialog: CameraPasswordDialog | None = None
        self.settings = settings
        self.client = client
        self.tokens = tokens
        self.diagnostics = diagnostics
        self._pending: set[asyncio.Task[None]] = set()
        self.sign_in = SignInDialog(logs.redact(settings.backend_url), parent_of(control))
        # above the full-screen wall windows too: on a wall the control window is often hidden
        self.sign_in.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.sign_in.sig_sign_in.connect(self._start_sign_in)
        self.sign_in.sig_use_token.connect(self._use_token)
        control.sig_sign_in.connect(self.show_sign_in)
        control.sig_settings.connect(self.open_settings)
        control.sig_diagnostics.connect(self.copy_diagnostics)
        # an expired or revoked token: ask again, the wall keeps running on the data it has
        store.sig_auth_needed.connect(self._on_auth_needed)
        control.sign_in_dialog = self.sign_in  # type: ignore[attr-defined]  # tests, selftest

    def _say(self, text: str) -> None:
        self.control.statusBar().showMessage(text, 12000)

    def show_sign_in(self) -> None:
        self.sign_in.show()
        self.sign_in.raise_()

    def _on_auth_needed(self, needed: bool) -> None:
        if needed:
            self.show_sign_in()

    def _remember(self, token: str) -> None:
        problem = self.tokens.save(token)
        self._say(
            problem or translate("app", "Đã đăng nhập; phiên được giữ trong kho khoá của hệ thống")
        )

    async def _try_sign_in(self, user: str, password: str) -> None:
        loop = asyncio.get_running_loop()
        try:
            grant = await loop.run_in_executor(None, self.client.sign_in, user, password)
        except BackendError as exc:
            self.sign_in.show_problem(str(exc))
            return
        self._remember(grant.access_token)
        self.sign_in.done_ok()

    def _start_sign_in(self, user: str, password: str) -> None:
        task = asyncio.get_running_loop().create_task(self._try_sign_in(user, password))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    def _use_token(self, token: str) -> None:
        self.client.set_token(token)
        self._remember(token)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, parent_of(self.control))
        dialog.accepted.connect(lambda: self._save_from(dialog))
        dialog.sig_camera_password.connect(lambda: self.open_camera_password(parent=dialog))
        dialog.open()

    def open_camera_password(self, address: str = "", parent: QWidget | None = None) -> None:
        """Ask a camera's user and password (a tile said "Sai mật khẩu", or from settings)."""
        account = camera_account(address) if address else None
        user = self.cameras.user_of(account) if account else ""
        dialog = CameraPasswordDialog(address, user, parent or parent_of(self.control))
        dialog.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)  # above the wall
        dialog.sig_save.connect(self._keep_camera_password)
        dialog.open()
        self.camera_dialog = dialog  # tests, and one at a time is enough

    def _keep_camera_password(self, account: str, user: str, password: str) -> None:
        problem = self.cameras.remember(account, user, password)
        tiles = self.retry_cameras()
        said = translate("app", "Đã nhận mật khẩu camera {camera}; {tiles} ô đang thử lại").format(
            camera=account, tiles=tiles
        )
        self._say(f"{said}. {problem}" if problem else said)

    def _save_from(self, dialog: SettingsDialog) -> None:
        changes = dialog.changes()
        if not changes:
            return
        try:
            path = save_settings(changes)
        except (ValueError, OSError) as exc:
            self._say(translate("app", "Không lưu được cài đặt: {reason}").format(reason=exc))
            return
        self._say(
            translate("app", "Đã lưu cài đặt vào {path}; có hiệu lực khi mở lại IOC Wall").format(
                path=path
            )
        )

    def copy_diagnostics(self) -> None:
        text = self.diagnostics()
        QApplication.clipboard().setText(text)
        self._say(
            translate(
                "app", "Đã chép thông tin chẩn đoán ({lines} dòng): dán vào yêu cầu hỗ trợ"
            ).format(lines=text.count("\n"))
        )
