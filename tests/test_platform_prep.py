"""What the app sets in its environment before Qt starts (app._prepare_platform)."""

from __future__ import annotations

import sys

import pytest

from ioc_desktop import app

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11's backing store")


@linux_only
def test_paints_go_through_the_socket_not_shared_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_XCB_NO_MITSHM", "")  # recorded, so what the test sets is undone
    monkeypatch.delenv("QT_XCB_NO_MITSHM")
    monkeypatch.delenv("IOC_X_SHM", raising=False)
    app._prepare_platform()
    assert app.os.environ.get("QT_XCB_NO_MITSHM") == "1"


@linux_only
def test_shared_memory_can_be_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_XCB_NO_MITSHM", "")  # recorded, so what the test sets is undone
    monkeypatch.delenv("QT_XCB_NO_MITSHM")
    monkeypatch.setenv("IOC_X_SHM", "1")
    app._prepare_platform()
    assert "QT_XCB_NO_MITSHM" not in app.os.environ
