"""Import python-vlc once, after pointing it at the right libVLC.

A packaged build (PyInstaller) carries libVLC and its plugins beside the executable and must
say so before `import vlc`; an installed VLC is found by python-vlc itself. Every other module
gets `vlc` from here, so the lookup happens in one place.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any


def _configure_paths() -> None:
    bundle = (
        Path(getattr(sys, "_MEIPASS", "")) / "libvlc" if getattr(sys, "frozen", False) else None
    )
    if bundle and bundle.is_dir():
        lib = "libvlc.dll" if sys.platform == "win32" else "libvlc.so.5"
        os.environ.setdefault("PYTHON_VLC_LIB_PATH", str(bundle / lib))
        os.environ.setdefault("PYTHON_VLC_MODULE_PATH", str(bundle / "plugins"))
        os.environ.setdefault("VLC_PLUGIN_PATH", str(bundle / "plugins"))


def load_vlc() -> ModuleType:
    """The `vlc` module; raises ImportError/OSError with libVLC's own message when missing."""
    _configure_paths()
    import vlc

    if vlc.dll is None:  # pragma: no cover - python-vlc sets it or raises
        raise OSError("libVLC not found")
    return vlc


def libvlc_version() -> str:
    vlc = load_vlc()
    raw = vlc.libvlc_get_version()
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def embed(player: Any, win_id: int) -> None:
    """Show the player's picture in this native window (the platform's own call), with the
    window's clicks and keys left to Qt (double-click to maximise) and the sound off (a wall
    of 36 cameras must not speak at once)."""
    if sys.platform.startswith("linux"):
        player.set_xwindow(win_id)
    elif sys.platform == "win32":
        player.set_hwnd(win_id)
    elif sys.platform == "darwin":
        player.set_nsobject(win_id)
    player.video_set_mouse_input(False)
    player.video_set_key_input(False)
    player.audio_set_mute(True)
