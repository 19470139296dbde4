"""A wall's screens stay on (ioc_desktop/screen_awake.py): its X server's screensaver and
monitor power saving are suspended while the wall runs and given back when it ends, and the
players no longer hold the screens one video window at a time (each such window forked the
whole process where no session bus runs: video/engine.py)."""

from __future__ import annotations

import ctypes
import ctypes.util
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec, save_layout
from ioc_desktop.screen_awake import X11, ScreenAwake
from ioc_desktop.video.engine import VideoSettings
from tests.conftest import REPO, display_env

SAVER_S = 1  # the X server's screensaver timeout in these tests
STATE_ON = 1  # XScreenSaverQueryInfo's state: ScreenSaverOff 0, ScreenSaverOn 1


class _Info(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class XSaver:
    """The X server's screensaver as a user of the display sees it, from a connection of the
    test's own: set its timeout, reset it (as a key press would), and ask whether it is on."""

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        xss = ctypes.CDLL(ctypes.util.find_library("Xss") or "libXss.so.1")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        for name in ("XSync", "XResetScreenSaver", "XCloseDisplay", "XDefaultRootWindow"):
            getattr(x11, name).argtypes = [ctypes.c_void_p] + (
                [ctypes.c_int] if name == "XSync" else []
            )
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XSetScreenSaver.argtypes = [ctypes.c_void_p] + [ctypes.c_int] * 4
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_Info)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_Info),
        ]
        self.x11, self.xss = x11, xss
        self.dpy = x11.XOpenDisplay(display.encode())
        assert self.dpy, display
        self.root = x11.XDefaultRootWindow(self.dpy)
        self.info = xss.XScreenSaverAllocInfo()
        # timeout, no cycling, prefer blanking, allow exposures
        x11.XSetScreenSaver(self.dpy, SAVER_S, 0, 1, 1)
        self.reset()

    def reset(self) -> None:
        self.x11.XResetScreenSaver(self.dpy)
        self.x11.XSync(self.dpy, 0)

    def on(self) -> bool:
        self.xss.XScreenSaverQueryInfo(self.dpy, self.root, self.info)
        return bool(self.info.contents.state == STATE_ON)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.dpy)


@pytest.fixture()
def saver(xvfb: str) -> Iterator[XSaver]:
    s = XSaver(xvfb)
    yield s
    s.close()


@pytest.mark.display
def test_the_x_screens_stay_on_while_held_and_blank_again_after(xvfb: str, saver: XSaver) -> None:
    time.sleep(SAVER_S + 1.0)
    assert saver.on(), "the X server never blanks: nothing here would be tested"
    saver.reset()
    awake = ScreenAwake(xvfb)
    assert X11 in awake.start()
    time.sleep(SAVER_S + 1.5)
    assert not saver.on()  # past its timeout, the screensaver did not start
    awake.stop()
    assert awake.held == []
    time.sleep(SAVER_S + 1.0)
    assert saver.on()  # given back: the server's own policy again


def test_a_display_that_cannot_be_opened_is_said_not_raised() -> None:
    awake = ScreenAwake(":987654")
    held = awake.start()
    assert X11 not in held
    assert any(":987654" in p for p in awake.problems) or sys.platform != "linux"
    awake.stop()  # nothing held: nothing to give back, no error


def test_the_players_leave_the_screens_to_the_wall() -> None:
    assert "--no-disable-screensaver" in VideoSettings().instance_args()


@pytest.fixture()
def backend() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation(SimConfig())).start()
    yield srv
    srv.stop()


@pytest.mark.display
@pytest.mark.timeout(120)
def test_the_wall_app_keeps_its_screens_on_until_it_closes(
    xvfb: str, saver: XSaver, backend: DemoHttpServer, tmp_path: Path
) -> None:
    """The real app as a wall (lists only: no player holds anything) on a server whose
    screensaver starts after 1 s: it stays off while the wall runs, and comes on after."""
    layout = Layout(
        "lists",
        "Danh sách",
        [ScreenSpec("wall-1", 1, 2, [PanelSpec("incidents", 0, 0), PanelSpec("reports", 0, 1)])],
    )
    save_layout(layout, tmp_path / "lists.json")
    env = display_env(xvfb)
    for var in ("CONFIG", "DATA", "CACHE"):
        env[f"IOC_{var}_DIR"] = str(tmp_path / var.lower())
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # a kiosk session: the X server is what holds
    log = tmp_path / "app.log"
    with log.open("wb") as out:
        app = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ioc_desktop",
                "--backend",
                backend.base_url,
                "--token",
                DEMO_TOKEN,
                "--role",
                "wall",
                "--layout",
                str(tmp_path / "lists.json"),
                "--selftest",
                "12",
            ],
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=out,
        )
        try:
            deadline = time.monotonic() + 60
            while "screens kept on by" not in log.read_text("utf-8", "replace"):
                assert app.poll() is None and time.monotonic() < deadline, log.read_text(
                    "utf-8", "replace"
                )[-3000:]
                time.sleep(0.2)
            saver.reset()
            on = []
            for _ in range(8):  # 4 s, past the timeout several times over
                time.sleep(0.5)
                on.append(saver.on())
            assert not any(on), on
            app.wait(timeout=60)  # its selftest fails (a wall of no cameras): not judged here
            assert "Traceback" not in log.read_text("utf-8", "replace")
        finally:
            if app.poll() is None:
                app.kill()
    saver.reset()
    time.sleep(SAVER_S + 1.0)
    assert saver.on()  # the app is gone and so is its hold
