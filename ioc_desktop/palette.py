"""The wall's colours, as data: one palette for the Qt widgets (widgets/theme.py) and the map
page (handed over with its options), so "live", "lost" or "critical" is the same colour on a
tile, in a list and on the map.

Made to be read from several metres away: saturated status colours that stay distinct for the
common colour-vision deficiencies, always paired with words, never colour alone.
"""

from __future__ import annotations

BG = "#0b1118"
PANEL = "#111a24"
BORDER = "#243244"
TEXT = "#f2f2f7"
MUTED = "#9aa5b1"
GRID = "#374049"  # chart grid lines: #d0d7de at 20 % over PANEL, as an opaque colour

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
    "denied": "#ff9f0a",  # a camera that refused the credentials: a setting to fix
    "still": "#64d2ff",  # a still the decode plan gave a tile: pictures, not video (as connecting)
    "replay": "#ff3b30",  # a tile showing a recording (widgets/tile_replay.py), never live
}

SEVERITY_COLORS = {
    "critical": "#ff2d55",
    "high": "#ff7e00",
    "medium": "#ffd60a",
    "low": "#64d2ff",
    "informational": "#8e8e93",
}

KPI_STATUS_COLORS = {"good": "#30d158", "warning": "#ffd60a", "critical": "#ff453a"}

# a camera's catalogue status (backend) in the tile's words
CAMERA_STATUS_COLORS = {
    "online": STATUS_COLORS["online"],
    "offline": STATUS_COLORS["offline"],
    "maintenance": STATUS_COLORS["stopped"],
}
