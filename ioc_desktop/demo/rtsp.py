"""Start and stop the RTSP server (rtsp_server.py) as a child process of the demo, the tests
and the benchmarks. It needs a Python that imports GStreamer's `gi` (Debian's `python3-gi`);
the app's venv does not, so this finds the system one."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("rtsp_server.py")
CANDIDATES = ("/usr/bin/python3", "python3")


def gi_python() -> str | None:
    """A Python that can run the RTSP server (imports GstRtspServer), or None."""
    tried: set[str] = set()
    for name in (os.environ.get("IOC_GI_PYTHON", ""), *CANDIDATES):
        exe = shutil.which(name) if name else None
        if not exe or exe in tried:
            continue
        tried.add(exe)
        check = (
            "import gi; gi.require_version('GstRtspServer', '1.0'); "
            "from gi.repository import GstRtspServer"
        )
        ok = subprocess.run([exe, "-c", check], capture_output=True, timeout=30).returncode == 0
        if ok:
            return exe
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RtspServer:
    """One RTSP server process on 127.0.0.1; stop() kills it as a crashed camera dies and
    start() brings it back on the same port."""

    def __init__(
        self,
        mounts: dict[str, str],
        port: int | None = None,
        user: str = "",
        password: str = "",
        auth: str = "digest",
    ) -> None:
        self.mounts = mounts
        self.port = port or free_port()
        self.user, self.password, self.auth = user, password, auth
        self.proc: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 20.0) -> RtspServer:
        exe = gi_python()
        if exe is None:
            raise OSError(
                "no Python with GStreamer's RTSP server (python3-gi, gir1.2-gst-rtsp-server-1.0)"
            )
        args = [exe, str(SCRIPT), "--port", str(self.port), "--auth", self.auth]
        if self.user:
            args += ["--user", self.user, "--password", self.password]
        args += [f"{name}={source}" for name, source in self.mounts.items()]
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(os.environ["IOC_RTSP_LOG"], "a")  # noqa: SIM115 - debugging only
            if os.environ.get("IOC_RTSP_LOG")
            else subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line or not json.loads(line).get("ready"):
            self.stop()
            raise OSError(f"the RTSP server did not start on port {self.port}")
        return self

    def url(self, name: str, user: str | None = None, password: str | None = None) -> str:
        user = self.user if user is None else user
        password = self.password if password is None else password
        cred = f"{user}:{password}@" if user else ""
        return f"rtsp://{cred}127.0.0.1:{self.port}/{name}"

    def flip(self, name: str, pattern: str) -> float:
        """Turn a test picture white or black (or back to "ball"); the server's epoch time."""
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"flip {name} {pattern}\n")
        self.proc.stdin.flush()
        return float(json.loads(self.proc.stdout.readline())["at"])

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None
