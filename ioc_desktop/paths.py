"""Where the shipped, read-only files are: the repo's resources/ and layouts/, or the bundle's."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    if getattr(sys, "frozen", False):  # PyInstaller one-folder bundle
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return app_root() / "resources"


def layouts_dir() -> Path:
    return app_root() / "layouts"
