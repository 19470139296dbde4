"""A wall's screens stay on: no screensaver and no monitor power saving while the app runs as
a wall, whatever its panels show (a wall of KPIs and the map must not go dark either).

libVLC did this per video window, and at a price (video/engine.py: --no-disable-screensaver).
The app holds one inhibition for the whole wall instead, in two ways, both where they can:
- X11: XScreenSaverSuspend on a connection of its own (libXss, the MIT-SCREEN-SAVER
  extension). The X server suspends its screensaver and DPMS timers until that connection
  closes, so an app that crashes leaves nothing switched off. This is what a kiosk session
  without a desktop (no session bus) has.
- A desktop session, Windows, macOS: wakepy's keep.presenting (the freedesktop and GNOME
  inhibitors over D-Bus, SetThreadExecutionState, caffeinate).
Workstations keep their OS's policy: a duty officer's PC locks when they walk away.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import sys
from typing import Any

log = logging.getLogger(__name__)

X11 = "x11-screensaver-suspend"


class _XSuspend:
    """XScreenSaverSuspend(True) on a display connection kept open until release()."""

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        xss = ctypes.CDLL(ctypes.util.find_library("Xss") or "libXss.so.1")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        xss.XScreenSaverQueryExtension.argtypes = [ctypes.c_void_p] + [ctypes.c_void_p] * 2
        xss.XScreenSaverSuspend.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self._x11, self._xss = x11, xss
        dpy = x11.XOpenDisplay(display.encode())
        if not dpy:
            raise OSError(f"cannot open X display {display!r}")
        event, error = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(dpy, ctypes.byref(event), ctypes.byref(error)):
            x11.XCloseDisplay(dpy)
            raise OSError(f"X display {display!r} has no MIT-SCREEN-SAVER extension")
        xss.XScreenSaverSuspend(dpy, 1)
        x11.XSync(dpy, 0)  # the request reaches the server now, not at the next flush
        self._dpy: int | None = dpy

    def release(self) -> None:
        if self._dpy is not None:
            self._xss.XScreenSaverSuspend(self._dpy, 0)
            self._x11.XCloseDisplay(self._dpy)
            self._dpy = None


class ScreenAwake:
    """Holds the screens on between start() and stop(); `held` names what holds them."""

    def __init__(self, display: str | None = None) -> None:
        self.display = os.environ.get("DISPLAY", "") if display is None else display
        self.held: list[str] = []
        self.problems: list[str] = []
        self._x: _XSuspend | None = None
        self._mode: Any = None  # wakepy's Mode, entered

    def start(self) -> list[str]:
        """Every way that works here, tried once; what failed is in `problems` (and the log),
        never raised: a wall that cannot keep its screens on still shows the wall."""
        if self.held:
            return self.held
        if self.display and sys.platform.startswith("linux"):
            try:
                self._x = _XSuspend(self.display)
                self.held.append(X11)
            except OSError as exc:
                self.problems.append(f"{X11}: {exc}")
        self._start_wakepy()
        if self.held:
            log.info("screens kept on by %s", ", ".join(self.held))
        else:
            log.warning("the screens may blank: %s", "; ".join(self.problems) or "no way here")
        return self.held

    def _start_wakepy(self) -> None:
        # wakepy tells every try at INFO; the app says once what holds (start())
        logging.getLogger("wakepy").setLevel(logging.WARNING)
        try:
            from wakepy import keep

            mode = keep.presenting(on_fail="pass")
            mode.__enter__()
        except Exception as exc:  # a third party's failure must not stop a wall
            self.problems.append(f"wakepy: {exc}")
            return
        if mode.active:
            self._mode = mode
            self.held.append(f"wakepy: {mode.active_method}")
        else:
            with contextlib.suppress(Exception):
                mode.__exit__(None, None, None)
            bus = "set" if os.environ.get("DBUS_SESSION_BUS_ADDRESS") else "none"
            self.problems.append(f"wakepy: no inhibitor answered (session bus: {bus})")

    def stop(self) -> None:
        if self._x is not None:
            self._x.release()
            self._x = None
        if self._mode is not None:
            with contextlib.suppress(Exception):  # the bus may be gone at shutdown
                self._mode.__exit__(None, None, None)
            self._mode = None
        self.held = []
