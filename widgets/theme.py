"""One palette for the whole wall: status colours mean the same thing on every panel.

Made to be read from several metres away: dark background, large type, saturated status
colours that stay distinct for the common colour-vision deficiencies (paired with words, never
colour alone).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

BG = "#0b1118"
PANEL = "#111a24"
BORDER = "#243244"
TEXT = "#f2f2f7"
MUTED = "#9aa5b1"

STATUS_COLORS = {
    "live": "#30d158",
    "online": "#30d158",
    "connecting": "#64d2ff",
    "stalled": "#ffd60a",
    "stale": "#ffd60a",
    "lost": "#ff453a",
    "offline": "#ff453a",
    "unsupported": "#bf5af2",
    "stopped": "#8e8e93",
}

SEVERITY_COLORS = {
    "critical": "#ff2d55",
    "high": "#ff7e00",
    "medium": "#ffd60a",
    "low": "#64d2ff",
    "informational": "#8e8e93",
}

KPI_STATUS_COLORS = {"good": "#30d158", "warning": "#ffd60a", "critical": "#ff453a"}


def apply_theme(app: QApplication, qss_path: Path, base_pt: int = 14) -> None:
    app.setStyle("Fusion")
    font = app.font()
    font.setFamilies(["DejaVu Sans", "Segoe UI", "Noto Sans"])
    font.setPointSize(base_pt)
    app.setFont(font)
    if qss_path.exists():
        app.setStyleSheet(qss_path.read_text(encoding="utf-8"))
