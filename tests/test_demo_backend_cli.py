"""`ioc-desktop demo-backend --port N` serves the demo alone, so a second client can connect."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import requests

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.runner import free_port
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
