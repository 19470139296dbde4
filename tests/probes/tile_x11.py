"""Where the X server, not Qt, says a window is: libX11 through ctypes (mss loads the same
library, so a machine that can take the probes' screenshots has it).

Qt's own idea of a native child's place (mapToGlobal) is what it asked for; the picture is
wherever the X server put the window libVLC draws into. The probes compare the two, and the
window with the tile it belongs to.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from dataclasses import dataclass

_c_window = ctypes.c_ulong


class _Attrs(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", _c_window),
        ("c_class", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


IS_VIEWABLE = 2


@dataclass(frozen=True)
class XRect:
    x: int
    y: int
    width: int
    height: int
    viewable: bool

    def inside(self, x: int, y: int, w: int, h: int, slack: int = 1) -> bool:
        return (
            self.x >= x - slack
            and self.y >= y - slack
            and self.x + self.width <= x + w + slack
            and self.y + self.height <= y + h + slack
        )

    def as_list(self) -> list[int]:
        return [self.x, self.y, self.width, self.height]


class XServer:
    """A second connection to the probe's display, for reading window geometry only."""

    def __init__(self, display: str | None = None) -> None:
        name = ctypes.util.find_library("X11") or "libX11.so.6"
        self._x = ctypes.CDLL(name)
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XDefaultRootWindow.restype = _c_window
        self._x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x.XGetWindowAttributes.argtypes = [
            ctypes.c_void_p,
            _c_window,
            ctypes.POINTER(_Attrs),
        ]
        self._x.XTranslateCoordinates.argtypes = [
            ctypes.c_void_p,
            _c_window,
            _c_window,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(_c_window),
        ]
        self._x.XQueryTree.argtypes = [
            ctypes.c_void_p,
            _c_window,
            ctypes.POINTER(_c_window),
            ctypes.POINTER(_c_window),
            ctypes.POINTER(ctypes.POINTER(_c_window)),
            ctypes.POINTER(ctypes.c_uint),
        ]
        self._x.XFree.argtypes = [ctypes.c_void_p]
        self._x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._dpy = self._x.XOpenDisplay((display or os.environ["DISPLAY"]).encode())
        if not self._dpy:
            raise OSError("cannot open the X display")
        self._root = self._x.XDefaultRootWindow(self._dpy)

    def close(self) -> None:
        self._x.XCloseDisplay(self._dpy)

    def rect(self, window: int) -> XRect | None:
        """The window's place on the screen (root coordinates) and whether it is viewable
        (mapped, and every ancestor mapped); None if the window does not exist."""
        attrs = _Attrs()
        if not self._x.XGetWindowAttributes(self._dpy, window, ctypes.byref(attrs)):
            return None
        x, y, child = ctypes.c_int(), ctypes.c_int(), _c_window()
        self._x.XTranslateCoordinates(
            self._dpy,
            window,
            self._root,
            0,
            0,
            ctypes.byref(x),
            ctypes.byref(y),
            ctypes.byref(child),
        )
        return XRect(x.value, y.value, attrs.width, attrs.height, attrs.map_state == IS_VIEWABLE)

    def children(self, window: int) -> list[int]:
        root, parent = _c_window(), _c_window()
        kids = ctypes.POINTER(_c_window)()
        n = ctypes.c_uint()
        if not self._x.XQueryTree(
            self._dpy,
            window,
            ctypes.byref(root),
            ctypes.byref(parent),
            ctypes.byref(kids),
            ctypes.byref(n),
        ):
            return []
        out = [int(kids[i]) for i in range(n.value)]
        if kids:
            self._x.XFree(kids)
        return out

    def descendants(self, window: int) -> list[int]:
        """Every window under this one (libVLC makes its own inside the one it is given)."""
        out: list[int] = []
        todo = self.children(window)
        while todo:
            w = todo.pop()
            out.append(w)
            todo.extend(self.children(w))
        return out
