"""The wall's look: dark, large type read from several metres away, and the one palette
(ioc_desktop/palette.py, shared with the map page) so a status is the same colour on every
panel. A workstation gets the same theme at a compact density.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ioc_desktop.palette import (  # noqa: F401 - the widgets' names for the one palette
    BG,
    BORDER,
    GRID,
    KPI_STATUS_COLORS,
    MUTED,
    PANEL,
    SEVERITY_COLORS,
    STATUS_COLORS,
    TEXT,
)

DENSITY_SCALE = {"wall": 1.0, "compact": 0.8}  # a workstation sits at arm's length


def apply_theme(
    app: QApplication, qss_path: Path, base_pt: int = 14, density: str = "wall"
) -> None:
    """Dark theme; `density` "wall" keeps the large type read from metres away, "compact"
    scales every size down for a workstation's screen at arm's length."""
    scale = DENSITY_SCALE.get(density, 1.0)
    app.setStyle("Fusion")
    font = app.font()
    font.setFamilies(["DejaVu Sans", "Segoe UI", "Noto Sans"])
    font.setPointSize(round(base_pt * scale))
    app.setFont(font)
    if qss_path.exists():
        qss = qss_path.read_text(encoding="utf-8")
        app.setStyleSheet(scale_font_sizes(qss, scale))


def scale_font_sizes(qss: str, scale: float) -> str:
    """Every `font-size: Npt` of a style sheet times `scale` (never below 8 pt)."""
    if scale == 1.0:
        return qss
    return re.sub(
        r"font-size:\s*(\d+)pt",
        lambda m: f"font-size: {max(8, round(int(m.group(1)) * scale))}pt",
        qss,
    )
