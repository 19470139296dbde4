"""A camera's own password typed by the operator (issue #21): the dialog from settings or from
a tile that says "Sai mật khẩu", kept in the OS keyring (an in-memory keyring here: no Secret
Service runs in CI) or for this run only, the camera's tiles told to try again, the password
never in a log line or the status bar; and RTSP over TCP or UDP as a setting."""

from __future__ import annotations

import logging

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication, QPushButton

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import Settings, check_changes
from ioc_desktop.credentials import CAMERA_SERVICE, CameraCredentials, TokenStore
from ioc_desktop.store import Store
from tests.test_settings_sign_in import ControlStandIn, MemoryKeyring, memory_keyring
from widgets import camera_password_dialog
from widgets.operator_tools import OperatorTools
from widgets.settings_dialog import SettingsDialog

__all__ = ["memory_keyring"]  # the fixture, shared with the sign-in tests
SECRET = "Mk#2026:/@x"  # every character a URL or the keyring's user:password split cares about


def tools_with(cameras: CameraCredentials, retried: list[int]) -> tuple[OperatorTools, Store]:
    def retry() -> int:  # as the engine: how many refused tiles will try again
        retried.append(1)
        return 2

    store = Store()
    client = BackendClient("http://127.0.0.1:9", None)
    tools = OperatorTools(
        ControlStandIn(),
        Settings(),
        store,
        client,
        TokenStore("http://127.0.0.1:9"),
        lambda: "",
        cameras=cameras,
        retry_cameras=retry,
    )
    return tools, store


def test_a_tile_asks_and_the_password_goes_to_the_keyring_and_the_tiles_try_again(
    qapp: QApplication, memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    cameras, retried = CameraCredentials(), list[int]()
    tools, _ = tools_with(cameras, retried)
    camera_password_dialog.provide(tools.open_camera_password)
    # before: the backend's URL has no credentials, the keyring none either
    url = "rtsp://10.1.2.3:554/Streaming/Channels/101"
    assert cameras.apply(url) == url
    assert camera_password_dialog.ask(url)
    dialog = tools.camera_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.address.text() == "rtsp://10.1.2.3:554"  # the camera, not the stream path
    dialog.user.setText("admin")
    dialog.password.setText(SECRET)
    dialog._save_if_valid()
    assert not dialog.isVisible() and dialog.password.text() == ""
    assert memory_keyring.items[(CAMERA_SERVICE, "rtsp://10.1.2.3:554")] == f"admin:{SECRET}"
    assert retried == [1]  # the camera's tiles were told to try again at once
    said = tools.control.statusBar().currentMessage()
    assert "rtsp://10.1.2.3:554" in said and "2 ô" in said and SECRET not in said
    # this run's lookups have it (the next try), and so does a later run's (the keyring)
    applied = cameras.apply(url)
    assert applied.startswith("rtsp://admin:Mk%232026%3A%2F%40x@10.1.2.3:554/"), applied
    assert CameraCredentials().apply(url) == applied
    assert SECRET not in caplog.text and "Mk%23" not in caplog.text
    # asked again, the dialog knows the user, never the password
    tools.open_camera_password(url)
    again = tools.camera_dialog
    assert again is not None and again.user.text() == "admin" and again.password.text() == ""
    again.reject()


def test_without_a_keyring_the_password_serves_this_run_and_it_is_said(
    qapp: QApplication,
) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        cameras, retried = CameraCredentials(), list[int]()
        tools, _ = tools_with(cameras, retried)
        tools.open_camera_password("10.9.9.9:8554")  # typed without a scheme: RTSP
        dialog = tools.camera_dialog
        assert dialog is not None and dialog.account() == "rtsp://10.9.9.9:8554"
        dialog.user.setText("viewer")
        dialog.password.setText("p")
        dialog._save_if_valid()
        assert cameras.apply("rtsp://10.9.9.9:8554/live") == "rtsp://viewer:p@10.9.9.9:8554/live"
        assert "chỉ giữ đến khi đóng IOC Wall" in tools.control.statusBar().currentMessage()
    finally:
        keyring.set_keyring(before)


def test_the_dialog_refuses_what_is_not_a_camera_or_a_user(qapp: QApplication) -> None:
    dialog = camera_password_dialog.CameraPasswordDialog()
    saved: list[tuple[str, str, str]] = []
    dialog.sig_save.connect(lambda *a: saved.append(a))
    dialog.show()
    dialog.address.setText("rtsp://")
    dialog.user.setText("admin")
    dialog._save_if_valid()
    assert "Địa chỉ camera chưa đúng" in dialog.problem.text() and dialog.isVisible()
    dialog.address.setText("rtsp://10.1.2.3")
    dialog.user.setText("ad:min")  # the keyring keeps user:password
    dialog._save_if_valid()
    assert "tên đăng nhập" in dialog.problem.text() and not saved
    dialog.user.setText("admin")
    dialog._save_if_valid()
    assert saved == [("rtsp://10.1.2.3", "admin", "")] and not dialog.isVisible()


def test_rtsp_over_udp_is_a_setting_and_the_settings_dialog_opens_the_passwords(
    qapp: QApplication,
) -> None:
    dialog = SettingsDialog(Settings())
    transport = dialog.edits["rtsp_transport"]
    assert transport.currentData() == "tcp"  # type: ignore[attr-defined]
    transport.setCurrentIndex(transport.findData("udp"))  # type: ignore[attr-defined]
    assert dialog.changes() == {"rtsp_transport": "udp"}
    assert check_changes(dialog.changes()) == []
    assert check_changes({"rtsp_transport": "sctp"})  # only what libVLC and the relay know
    asked: list[bool] = []
    dialog.sig_camera_password.connect(lambda: asked.append(True))
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Mật khẩu camera…")
    button.click()
    assert asked == [True]


def test_a_tile_the_camera_refused_offers_the_password_dialog(qapp: QApplication) -> None:
    from ioc_desktop.video.engine import VideoEngine
    from widgets.camera_tile import CameraTile

    engine = VideoEngine()
    try:
        tile = CameraTile("wall-1/0", "cam01", Store(), engine)
        offered = [a.text() for a in tile.menu().actions()]
        assert "Nhập mật khẩu camera…" not in offered  # a camera that has not refused
        asked: list[str] = []
        camera_password_dialog.provide(asked.append)
        url = "rtsp://10.1.2.3:554/Streaming/Channels/102"
        tile._status, tile._url = "denied", url
        action = next(a for a in tile.menu().actions() if a.text() == "Nhập mật khẩu camera…")
        action.trigger()
        assert asked == [url]
    finally:
        engine.shutdown()


def test_a_password_fixed_in_the_keyring_is_used_at_the_next_try(
    memory_keyring: MemoryKeyring,
) -> None:
    """README's promise: a camera refused retries every 15 s, and a password fixed in the
    keyring meanwhile (`keyring set ioc-desktop-camera rtsp://host:port`) is used then."""
    clock = [1000.0]
    cameras = CameraCredentials(now=lambda: clock[0])
    url = "rtsp://10.1.2.3:554/live"
    memory_keyring.set_password(CAMERA_SERVICE, "rtsp://10.1.2.3:554", "admin:old")
    assert cameras.apply(url) == "rtsp://admin:old@10.1.2.3:554/live"
    memory_keyring.set_password(CAMERA_SERVICE, "rtsp://10.1.2.3:554", "admin:new")
    clock[0] += 1  # a reconnect right away: the keyring is not read at every open
    assert cameras.apply(url) == "rtsp://admin:old@10.1.2.3:554/live"
    clock[0] += CameraCredentials.KEEP_S  # the refused camera's next try
    assert cameras.apply(url) == "rtsp://admin:new@10.1.2.3:554/live"
    cameras.remember("rtsp://10.1.2.3:554", "op", "typed")  # what the operator typed wins
    memory_keyring.set_password(CAMERA_SERVICE, "rtsp://10.1.2.3:554", "admin:other")
    clock[0] += 60
    assert cameras.apply(url) == "rtsp://op:typed@10.1.2.3:554/live"
