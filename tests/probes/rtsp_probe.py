"""Real RTSP cameras (GStreamer's RTSP server on loopback, digest credentials) played by the
engine into native windows under Xvfb: TCP and UDP, H.264 and H.265, two tiles of one camera
sharing a relay, a wrong password, a path the server does not have, a server that accepts
and never answers, and the server killed and restarted. Prints one JSON line."""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import keyring
from keyring.backend import KeyringBackend
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QFrame

from ioc_desktop.credentials import CAMERA_SERVICE, CameraCredentials
from ioc_desktop.demo.rtsp import RtspServer
from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.watchdog import WatchdogPolicy

PASSWORD = "s3cr&t"


class MemoryKeyring(KeyringBackend):
    """The OS keyring's stand-in for this process (the probe must not touch the real one)."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def wait_for(engine: VideoEngine, key: str, status: str, timeout: float) -> float | None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        QCoreApplication.processEvents()
        s = engine.stats(key)
        if s and s.status.value == status:
            return round(time.monotonic() - t0, 2)
        time.sleep(0.02)
    return None


def window() -> int:
    frame = QFrame()
    frame.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
    frame.resize(320, 240)
    frame.show()
    window.frames.append(frame)  # type: ignore[attr-defined]
    return int(frame.winId())


window.frames = []  # type: ignore[attr-defined]


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)  # the test reads the log
    app = QApplication(sys.argv[:1])
    # the camera server's own log, told when no tile went live (a CI run once saw none)
    server_log = Path(tempfile.mkdtemp(prefix="rtsp-log-")) / "server.log"
    os.environ["IOC_RTSP_LOG"] = str(server_log)
    server = RtspServer(
        {"cam": "test:h264:320x240@15", "hevc": "test:h265:320x240@15"},
        user="admin",
        password=PASSWORD,
    ).start()
    silent = socket.socket()  # accepts the connection, never says a word
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    keyring.set_keyring(MemoryKeyring())
    # the keyring holds an old password for the camera: the operator types the new one later
    account = f"rtsp://127.0.0.1:{server.port}"
    keyring.set_password(CAMERA_SERVICE, account, "admin:old-password")
    cameras = CameraCredentials()
    engine = VideoEngine(
        credentials=cameras.apply,
        policy=WatchdogPolicy(
            connect_timeout_s=8,
            stall_after_s=1.5,
            lost_after_s=3,
            backoff_initial_s=0.5,
            backoff_max_s=2,
        ),
    )
    engine.router.settings = type(engine.router.settings)(
        transport="tcp", connect_timeout_s=3, read_timeout_s=3
    )
    seen: dict[str, list[str]] = {}
    tiles = {
        "tcp": (server.url("cam"), None),
        "udp": (server.url("cam"), "udp"),
        "tcp2": (server.url("cam"), None),  # a second tile of the same camera: same relay
        "hevc": (server.url("hevc"), None),
        "keyring": (f"rtsp://127.0.0.1:{server.port}/cam", None),  # credentials from the keyring
        "wrong": (server.url("cam", password="wrong"), None),
        "nopath": (server.url("nope"), None),
        "silent": (f"rtsp://admin:{PASSWORD}@127.0.0.1:{silent.getsockname()[1]}/x", None),
    }
    r: dict[str, Any] = {}
    t0 = time.monotonic()
    for key, (url, transport) in tiles.items():
        seen[key] = []
        engine.channel(key).sig_status_changed.connect(lambda s, _d, k=key: seen[k].append(s))
        engine.open(key, url, window(), light=True, transport=transport)
    for key in ("tcp", "udp", "tcp2", "hevc"):
        r[f"{key}_live_s"] = wait_for(engine, key, "live", 15)
    r["started_s"] = round(time.monotonic() - t0, 2)
    if r["tcp_live_s"] is None:
        r["server_alive"] = server.proc is not None and server.proc.poll() is None
        r["server_log"] = server_log.read_text(errors="replace")[-2000:]
        r["statuses"] = {k: (s.status.value, s.detail) for k in tiles if (s := engine.stats(k))}
    # each failing tile's status and reason read when it got there: a lost tile retries
    # (connecting) every 2 s here, so a read after the next wait could catch it between
    for key, status, limit in (("wrong", "denied", 10), ("nopath", "lost", 10)):
        r[f"{key}_{status}_s"] = wait_for(engine, key, status, limit)
        s = engine.stats(key)
        r[f"{key}_status"], r[f"{key}_detail"] = (s.status.value, s.detail) if s else (None, None)
    r["wrong_status_s"] = r.pop("wrong_denied_s")
    r["keyring_denied_s"] = wait_for(engine, "keyring", "denied", 10)
    r["silent_lost_s"] = wait_for(engine, "silent", "lost", 15)
    s = engine.stats("silent")
    r["silent_status"], r["silent_detail"] = (s.status.value, s.detail) if s else (None, None)
    hub = engine.router.hub()
    r["relays"] = len(hub.relays()) if hub else 0
    # the H.265 tile's pictures over 3 s of play (the engine's own rate is over its newest
    # whole second, the first of which can hold the wait for the stream's first pictures: a
    # loaded CI run read 1.9 fps there)
    t_fps, f_fps = time.monotonic(), engine.frames_total("hevc")
    while time.monotonic() - t_fps < 3:
        QCoreApplication.processEvents()
        time.sleep(0.05)
    r["hevc_fps"] = round((engine.frames_total("hevc") - f_fps) / (time.monotonic() - t_fps), 1)
    # what tiles do with any stream: a snapshot, the kept last picture, make before break
    # (the H.265 tile switches to the H.264 camera), a closed tile lets its relay go
    done: dict[str, Any] = {}
    engine.channel("tcp").sig_snapshot_done.connect(lambda path, err: done.update(snap=path))
    engine.channel("hevc").sig_switch_done.connect(lambda ok: done.update(switched=ok))
    engine.snapshot("tcp", Path(tempfile.mkdtemp(prefix="rtsp-snap-")), "cam")
    engine.switch("hevc", server.url("cam"), window(), light=True)
    t1 = time.monotonic()
    while time.monotonic() - t1 < 10 and not ("snap" in done and "switched" in done):
        QCoreApplication.processEvents()
        time.sleep(0.02)
    r["snapshot_saved"] = bool(done.get("snap")) and Path(done["snap"]).stat().st_size > 1000
    r["switched"] = done.get("switched")
    r["switch_s"] = round(time.monotonic() - t1, 2)
    while time.monotonic() - t1 < 10 and engine.still("tcp") is None:
        QCoreApplication.processEvents()
        time.sleep(0.05)
    r["still_kept"] = engine.still("tcp") is not None
    relay = hub.relay(engine._slots["tcp"].play_url) if hub else None
    refs_before = relay.refs if relay else None
    engine.close("tcp2")
    r["relay_refs_before_after_close"] = [refs_before, relay.refs if relay else None]
    # the camera server dies and comes back on the same port
    server.stop()
    r["lost_after_kill_s"] = wait_for(engine, "tcp", "lost", 15)
    server.start()
    r["live_after_restart_s"] = wait_for(engine, "tcp", "live", 20)
    r["udp_live_after_restart_s"] = wait_for(engine, "udp", "live", 20)
    # the wrong password is still said as such after its retries, not "lost"
    r["wrong_still"] = engine.stats("wrong").status.value  # type: ignore[union-attr]
    # the operator types the camera's password (widgets/camera_password_dialog.py does this
    # through OperatorTools): its tiles try again at once, with it, and play
    cameras.remember(account, "admin", PASSWORD)
    r["typed_retried"] = engine.retry_denied()
    r["typed_live_s"] = wait_for(engine, "keyring", "live", 10)
    r["typed_keyring"] = keyring.get_password(CAMERA_SERVICE, account) == f"admin:{PASSWORD}"
    r["seen"] = seen
    r["total_s"] = round(time.monotonic() - t0, 2)
    for key in tiles:
        engine.release(key)
    time.sleep(0.3)
    engine.shutdown()
    server.stop()
    silent.close()
    print(json.dumps(r), flush=True)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
