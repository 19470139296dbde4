"""Logs rotate in the log dir and never hold a secret; "copy diagnostics" gives support what
it needs (versions, screens, renderer, settings, recent errors) and no secret either."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from ioc_desktop import logs
from ioc_desktop.config import Settings
from ioc_desktop.diagnostics import ScreenInfo, Snapshot, report


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    yield
    for h in list(root.handlers):
        root.removeHandler(h)
        h.close()
    for h in saved:
        root.addHandler(h)
    root.setLevel(level)


def test_redact_hides_every_kind_of_secret() -> None:
    text = (
        "open rtsp://admin:s3cret@10.0.0.5/ch1 with Authorization: Bearer eyJhbGciOi.x-y_z "
        "then GET /x?token=abc123&page=2 password: hunter2"
    )
    clean = logs.redact(text)
    for secret in ("s3cret", "admin:", "eyJhbGciOi", "abc123", "hunter2"):
        assert secret not in clean
    assert "rtsp://***@10.0.0.5/ch1" in clean and "page=2" in clean


def test_log_file_rotates_and_holds_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root_logging: None
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    state = logs.setup("INFO", tmp_path / "logs")
    assert state.file == tmp_path / "logs" / logs.LOG_FILE and state.problem is None
    log = logging.getLogger("ioc_desktop.test")
    log.warning("camera %s failed", "http://op:pa55word@127.0.0.1:9/cam")
    for n in range(200):
        log.info("line %d of a busy wall", n)
    for h in logging.getLogger().handlers:
        h.flush()
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert logs.LOG_FILE in files and f"{logs.LOG_FILE}.1" in files
    assert len(files) == logs.BACKUPS + 1  # the oldest are dropped, the disk never fills
    everything = "".join(p.read_text("utf-8") for p in (tmp_path / "logs").iterdir())
    assert "pa55word" not in everything and "line 199 of a busy wall" in everything
    assert any("http://***@127.0.0.1:9/cam" in line for line in state.recent.lines)
    assert all("line" not in line for line in state.recent.lines)  # warnings and errors only


def test_an_unwritable_log_dir_is_reported_not_fatal(tmp_path: Path, root_logging: None) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the log dir should be")
    state = logs.setup("INFO", blocker / "logs")
    assert state.file is None and state.problem and "not-a-dir" in state.problem
    logging.getLogger("ioc_desktop.test").error("still logged")
    assert any("still logged" in line for line in state.recent.lines)


def test_diagnostics_report_says_what_support_needs_and_no_secret() -> None:
    settings = Settings(backend_url="https://duty:topsecret@ioc.example.vn", token="tok-123456")
    snap = Snapshot(
        screens=[ScreenInfo("HDMI-1", "1920×1080+0+0", 1.0, 60.0)],
        qt_platform="xcb",
        chart_renderer="raster (llvmpipe is software)",
        libvlc="3.0.21 Vetinari",
        link="online, data 2 s old",
        tiles={"wall-1/1": "live", "wall-1/2": "lost"},
        log_file="/var/log/ioc-desktop.log",
        recent_problems=["12:00 WARNING sync: GET /kpis?token=zzz999 timed out"],
    )
    text = report(settings, snap)
    for needed in (
        "PySide6",
        "pyqtgraph",
        "python-vlc",
        "libVLC: 3.0.21",
        "Qt:",
        "screen HDMI-1: 1920×1080+0+0",
        "charts: raster",
        "camera tiles: 2 (1 live)",
        "wall-1/2: lost",
        "token (secret): set",
        "timed out",
    ):
        assert needed in text, needed
    for secret in ("topsecret", "tok-123456", "zzz999"):
        assert secret not in text


def test_diagnostics_from_the_command_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["IOC_LOG_DIR"] = str(tmp_path / "logs")
    env["IOC_TOKEN"] = "tok-should-not-show"
    out = subprocess.run(
        [sys.executable, "-m", "ioc_desktop", "--diagnostics"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert out.startswith("IOC Wall diagnostics")
    assert "libVLC: 3." in out and "Qt platform: offscreen" in out
    assert "token (secret): set" in out and "tok-should-not-show" not in out
    assert str(tmp_path / "logs") in out
