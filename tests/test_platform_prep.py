"""What the app sets in its environment before Qt starts (app._prepare_platform)."""

from __future__ import annotations

import os
import sys

import pytest

from ioc_desktop import app

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11's backing store")


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A copy of the environment for _prepare_platform to change: nothing it sets (this
    variable or any other) reaches the rest of the suite."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_XCB_NO_MITSHM", "IOC_X_SHM")}
    monkeypatch.setattr(app.os, "environ", env)
    return env


def test_paints_go_through_the_socket_not_shared_memory(environ: dict[str, str]) -> None:
    app._prepare_platform()
    assert environ.get("QT_XCB_NO_MITSHM") == "1"


def test_shared_memory_can_be_kept(environ: dict[str, str]) -> None:
    environ["IOC_X_SHM"] = "1"
    app._prepare_platform()
    assert "QT_XCB_NO_MITSHM" not in environ
