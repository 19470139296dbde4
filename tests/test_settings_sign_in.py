"""Settings dialog and file, sign-in, the token in the keyring, and an expired token that asks
to sign in again while the wall keeps running. Real demo backend on loopback, real qasync loop.

The OS keyring itself cannot run here (no desktop session, no Secret Service): the tests give
`keyring` an in-memory backend — the same API the app calls — and also run with keyring's
own "no keyring" backend, which a wall PC without a desktop session has.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import qasync
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from ioc_desktop.backend import contract
from ioc_desktop.backend.client import BackendClient, BackendUnauthorized, Timeouts
from ioc_desktop.config import Settings, check_changes, save_settings
from ioc_desktop.credentials import TokenStore
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import Simulation
from ioc_desktop.qt_loop import run_until_done
from ioc_desktop.store import Store
from ioc_desktop.sync import BackendSync, PollIntervals
from tests.waiting import until
from widgets.operator_tools import OperatorTools
from widgets.settings_dialog import SettingsDialog


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError(username)
        del self.items[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation()).start()
    yield srv
    srv.stop()


# ---- settings ------------------------------------------------------------------------------


def test_settings_file_merges_changes_and_keeps_what_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"video_extra_args": ["--x"], "poll_fast_s": 2.0}), "utf-8")
    save_settings({"poll_fast_s": 5.0, "language": "en"}, path)
    data = json.loads(path.read_text("utf-8"))
    assert data == {
        "schema_version": 1,
        "video_extra_args": ["--x"],
        "poll_fast_s": 5.0,
        "language": "en",
    }
    loaded = Settings.load(path)
    assert loaded.poll_fast_s == 5.0 and loaded.language == "en" and not loaded.problems


def test_bad_values_are_refused_and_a_broken_file_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    for bad in (
        {"backend_url": "ftp://x"},
        {"language": "fr"},
        {"poll_fast_s": 0.0},
        {"ca_bundle": str(tmp_path / "missing.pem")},
        {"token": "abc"},
        {"network_caching_ms": "lots"},
    ):
        assert check_changes(bad), bad
        with pytest.raises(ValueError):
            save_settings(bad, path)
    assert not path.exists()
    path.write_text("{ broken", "utf-8")
    save_settings({"role": "workstation"}, path)
    assert json.loads(path.read_text("utf-8")) == {"schema_version": 1, "role": "workstation"}
    assert (tmp_path / "config.json.unreadable").read_text("utf-8") == "{ broken"


def test_a_token_in_the_config_file_is_ignored_and_said(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"token": "plain-secret", "role": "wall"}), "utf-8")
    s = Settings.load(path)
    assert s.token is None and any("keyring" in p for p in s.problems)
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    assert (
        Settings(ca_bundle=str(ca)).tls() == str(ca) and Settings(tls_verify=False).tls() is False
    )


def test_settings_dialog_edits_checks_and_returns_only_changes(qapp: QApplication) -> None:
    dialog = SettingsDialog(Settings())
    assert dialog.changes() == {}
    dialog.backend_url.setText("not a url")
    dialog._accept_if_valid()
    assert dialog.result() == 0 and "http://" in dialog.problem.text()
    dialog.backend_url.setText("https://ioc.example.gov.vn")
    dialog.poll_fast.setValue(4.0)
    lang = dialog.edits["language"]
    lang.setCurrentIndex(lang.findData("en"))  # type: ignore[attr-defined]
    dialog._accept_if_valid()
    assert dialog.result() == 1
    assert dialog.changes() == {
        "backend_url": "https://ioc.example.gov.vn",
        "poll_fast_s": 4.0,
        "language": "en",
    }


# ---- keyring ---------------------------------------------------------------------------------


def test_the_token_lives_in_the_keyring_under_the_backend(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore("https://op:pw@ioc.example.gov.vn/")
    assert store.load() is None
    assert store.save("tok-1") is None
    assert memory_keyring.items == {("ioc-desktop", "https://***@ioc.example.gov.vn"): "tok-1"}
    assert TokenStore("https://op:pw@ioc.example.gov.vn").load() == "tok-1"
    store.forget()
    store.forget()  # nothing stored: no error
    assert store.load() is None


def test_without_a_keyring_the_token_is_kept_for_this_run_only_and_said() -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = TokenStore("http://127.0.0.1:8750")
        problem = store.save("tok-2")
        assert (problem is not None and "keyring" in problem.lower()) or "kho khoá" in str(problem)
        assert store.load() is None
    finally:
        keyring.set_keyring(before)


# ---- signing in --------------------------------------------------------------------------------


def test_sign_in_against_the_backend(server: DemoHttpServer) -> None:
    client = BackendClient(server.base_url, None, Timeouts(1.0, 2.0))
    with pytest.raises(BackendUnauthorized):
        client.incidents()
    with pytest.raises(BackendUnauthorized, match="mật khẩu"):
        client.sign_in("truc.ban", "wrong")
    grant = client.sign_in("truc.ban", "demo")
    assert grant.access_token == DEMO_TOKEN and grant.expires_in_s > 0
    assert not contract.first_error(
        "TokenGrant", {"access_token": "x", "token_type": "bearer", "expires_in": 1}
    )
    assert client.incidents()  # the new token is used at once
    server.expire_token()
    with pytest.raises(BackendUnauthorized, match="401"):
        client.incidents()
    client.close()


class ControlStandIn(QMainWindow):
    """The control window's three signals and status bar (the real one needs a whole wall)."""

    sig_settings = Signal()
    sig_sign_in = Signal()
    sig_diagnostics = Signal()


def test_an_expired_token_asks_to_sign_in_and_the_wall_carries_on(
    qapp: QApplication, server: DemoHttpServer, memory_keyring: MemoryKeyring
) -> None:
    store = Store()
    client = BackendClient(server.base_url, DEMO_TOKEN, Timeouts(0.5, 1.0))
    sync = BackendSync(client, store, PollIntervals(fast_s=0.5, slow_s=1.0))
    control = ControlStandIn()
    tokens = TokenStore(server.base_url)
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    copied: list[str] = []

    def diagnostics() -> str:
        copied.append("report")
        return "IOC Wall diagnostics\n"

    tools = OperatorTools(control, Settings(), store, client, tokens, diagnostics)
    dialog = tools.sign_in

    async def scenario() -> None:
        sync.start()
        await until(lambda: bool(store.incidents), 10, "incidents")
        incidents_before = list(store.incidents)
        server.expire_token()
        await until(lambda: store.auth_needed, 10, "the 401 noticed")
        await until(dialog.isVisible, 2, "the sign-in dialog")
        assert store.incidents == incidents_before  # the wall keeps what it shows
        dialog.user.setText("truc.ban")
        dialog.password.setText("wrong")
        dialog._submit()
        await until(lambda: "⚠" in dialog.problem.text(), 5, "a wrong password said")
        assert dialog.isVisible() and dialog.password.text() == ""
        dialog.password.setText("demo")
        dialog._submit()
        await until(lambda: not dialog.isVisible(), 5, "signed in")
        await until(lambda: not store.auth_needed, 10, "data flowing again")
        assert memory_keyring.items[("ioc-desktop", server.base_url)] == server.token
        control.sig_diagnostics.emit()
        assert copied and QApplication.clipboard().text() == "IOC Wall diagnostics\n"
        await sync.stop()

    with loop:
        run_until_done(loop, scenario())
    client.close()
