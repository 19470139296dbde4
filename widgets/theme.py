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

# an incident's state at a glance (the desk's pill): red until someone takes it, then warm to
# cool as it is handled, green when solved, grey when over
INCIDENT_STATUS_COLORS = {
    "new": STATUS_COLORS["lost"],
    "acknowledged": STATUS_COLORS["stale"],
    "assigned": "#ff9f0a",
    "in_progress": STATUS_COLORS["connecting"],
    "resolved": STATUS_COLORS["live"],
    "closed": STATUS_COLORS["stopped"],
    "cancelled": STATUS_COLORS["stopped"],
}

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
        app.setStyleSheet(resolve_urls(scale_font_sizes(qss, scale), qss_path.parent))


def scale_font_sizes(qss: str, scale: float) -> str:
    """Every `font-size: Npt` of a style sheet times `scale` (never below 8 pt)."""
    if scale == 1.0:
        return qss
    return re.sub(
        r"font-size:\s*(\d+)pt",
        lambda m: f"font-size: {max(8, round(int(m.group(1)) * scale))}pt",
        qss,
    )


def resolve_urls(qss: str, folder: Path) -> str:
    """`url(name)` relative to the style sheet's folder: Qt would read it relative to the
    working directory, which an installed app does not choose."""

    def absolute(m: re.Match[str]) -> str:
        name = m.group(1).strip("'\"")
        if name.startswith((":", "/")) or re.match(r"^[A-Za-z]:", name):
            return m.group(0)
        return f"url({(folder / name).as_posix()})"

    return re.sub(r"url\(([^)]+)\)", absolute, qss)
