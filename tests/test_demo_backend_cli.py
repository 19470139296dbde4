"""`ioc-desktop demo-backend --port N` serves the demo alone, so a second client can connect."""

from __future__ import annotations

import json
import logging
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.runner import free_port
from ioc_desktop.demo.server import DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from tests.conftest import REPO


def test_standalone_demo_backend_serves_api_and_live_streams(clip_cache: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ioc_desktop", "demo-backend", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert info["url"] == f"http://127.0.0.1:{port}"
        client = BackendClient(info["url"], info["token"])
        assert client.health()["status"] == "ok"
        cams = client.cameras()
        assert len(cams) == 8
        stream = cams[0].stream("main")
        assert stream is not None and stream.url.startswith(info["streams"])
        with requests.get(stream.url, stream=True, timeout=10) as resp:
            chunk = next(resp.iter_content(188 * 100))
        assert chunk[0] == 0x47  # an MPEG-TS sync byte: real video is flowing
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_client_that_hangs_up_early_is_one_log_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """The app closing mid-request (or a request timing out) is ordinary for a server: a CI
    run's output held pages of BrokenPipeError tracebacks from the demo backend."""
    srv = DemoHttpServer(Simulation(SimConfig(seed=1))).start()
    try:
        srv.faults.delay_s = 0.5  # the answer comes after the client has gone
        with socket.create_connection(("127.0.0.1", srv.port)) as conn:
            conn.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            # hang up hard (RST): the server's write fails at once
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        caplog.set_level(logging.DEBUG, "ioc_desktop.demo.server")
        deadline = time.monotonic() + 5
        while "left before its answer" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "left before its answer" in caplog.text
        assert "Traceback" not in capsys.readouterr().err
        srv.faults.delay_s = 0.0
        assert requests.get(f"http://127.0.0.1:{srv.port}/api/v1/health", timeout=5).ok
    finally:
        srv.stop()
