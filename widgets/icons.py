"""Icons from a maintained icon font (QtAwesome's Material Design Icons 6), never hand-drawn:
one name per action, so an action looks the same in every window and menu."""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")  # QtAwesome speaks Qt through QtPy: this Qt

import qtawesome as qta
from PySide6.QtGui import QIcon

from widgets.theme import TEXT

ICONS = {
    "open": "mdi6.folder-open",
    "default": "mdi6.star",
    "delete": "mdi6.delete",
    "edit": "mdi6.pencil",
    "lock": "mdi6.lock",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "save": "mdi6.content-save",
    "save_as": "mdi6.content-save-edit",
    "rename": "mdi6.rename-box",
    "push": "mdi6.monitor-share",
    "grid": "mdi6.view-grid",
    "settings": "mdi6.cog",
    "sign_in": "mdi6.login",
    "diagnostics": "mdi6.clipboard-pulse",
    "journal": "mdi6.history",
    "close": "mdi6.close",
    "snapshot": "mdi6.camera",
    "maximise": "mdi6.fullscreen",
    "next": "mdi6.skip-next",
    "pause": "mdi6.pause",
    "play": "mdi6.play",
    "step": "mdi6.step-forward",
    "live": "mdi6.access-point",
    "stats": "mdi6.chart-line",
    "back": "mdi6.arrow-left",
    "wall": "mdi6.television",
    "map": "mdi6.map-marker",
}


def icon(name: str) -> QIcon:
    """The action's icon, drawn in the theme's text colour."""
    result: QIcon = qta.icon(ICONS[name], color=TEXT, color_disabled="#5a6673")
    return result
