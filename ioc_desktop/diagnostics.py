""" "Copy diagnostics": one plain-text report a district office can paste into a support
ticket: versions (app, Python, Qt, pyqtgraph, python-vlc, libVLC), screens, the chart
renderer, settings (secrets shown only as set / not set), paths, the backend link, the video
wall's state and the latest warnings and errors. Everything passes the log's secret filter.

The app gathers the live parts (screens, link, tiles) and hands them in: this module reads no
widget and holds no state.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib import metadata
from typing import Any

from ioc_desktop import __version__
from ioc_desktop.config import Settings, cache_dir, config_dir, data_dir
from ioc_desktop.logs import redact

SECRET_SETTINGS = ("token",)
# av: FFmpeg, which reads RTSP cameras for a libVLC without RTSP (video/relay.py)
PACKAGES = ("PySide6", "pyqtgraph", "python-vlc", "av", "folium", "requests", "qasync", "numpy")


@dataclass
class ScreenInfo:
    name: str
    geometry: str  # "1920×1080+0+0"
    device_pixel_ratio: float
    refresh_hz: float


@dataclass
class Snapshot:
    """The live state the app hands in."""

    screens: list[ScreenInfo] = field(default_factory=list)
    qt_platform: str = ""
    chart_renderer: str = ""
    map_renderer: str = ""
    libvlc: str = ""
    link: str = ""
    tiles: dict[str, str] = field(default_factory=dict)  # tile key → status
    log_file: str = ""
    recent_problems: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def versions() -> dict[str, str]:
    out = {"IOC Wall": __version__, "Python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        out["Qt"] = str(qtcore.qVersion())
    out["OS"] = f"{platform.system()} {platform.release()} ({platform.machine()})"
    out["packaged"] = "yes (PyInstaller)" if getattr(sys, "frozen", False) else "no"
    return out


def safe_settings(settings: Settings) -> dict[str, Any]:
    shown = {k: v for k, v in asdict(settings).items() if k != "problems"}
    for key in SECRET_SETTINGS:  # whether it is there, never what it is
        shown[f"{key} (secret)"] = "set" if shown.pop(key, None) else "not set"
    return shown


def tile_delays_text(delays: dict[str, float]) -> str:
    """The measured glass-to-glass delay of the tiles whose stream carries a time code
    (video/tile_delay.py). An ordinary camera's picture carries none, so its delay is not
    measured, and the report says so rather than give libVLC's caching as if it were."""
    if not delays:
        return "not measured (no tile's stream carries a time code; a camera's cannot be read)"
    return "; ".join(f"{k}: {v:.2f} s" for k, v in sorted(delays.items()))


def report(settings: Settings, snap: Snapshot, now: datetime | None = None) -> str:
    """The whole report as plain text."""
    now = now or datetime.now().astimezone()
    lines = [f"IOC Wall diagnostics — {now.isoformat(timespec='seconds')}", ""]
    lines.append("## Versions")
    lines += [f"- {k}: {v}" for k, v in versions().items()]
    lines.append(f"- libVLC: {snap.libvlc or 'not loaded'}")
    lines += ["", "## Display", f"- Qt platform: {snap.qt_platform}"]
    lines.append(f"- charts: {snap.chart_renderer}")
    lines.append(f"- map: {snap.map_renderer}")
    for s in snap.screens:
        lines.append(
            f"- screen {s.name}: {s.geometry}, scale {s.device_pixel_ratio:g},"
            f" {s.refresh_hz:.0f} Hz"
        )
    lines += ["", "## Backend and wall", f"- link: {snap.link}"]
    live = sum(1 for v in snap.tiles.values() if v == "live")
    lines.append(f"- camera tiles: {len(snap.tiles)} ({live} live)")
    for key, status in sorted(snap.tiles.items()):
        if status != "live":
            lines.append(f"  - {key}: {status}")
    lines += [f"- {k}: {v}" for k, v in snap.extra.items()]
    lines += ["", "## Settings"]
    lines += [f"- {k}: {v}" for k, v in safe_settings(settings).items()]
    lines += [f"- problem: {p}" for p in settings.problems]
    lines += [
        "",
        "## Paths",
        f"- config: {config_dir()}",
        f"- data: {data_dir()}",
        f"- cache: {cache_dir()}",
        f"- log: {snap.log_file or 'not written'}",
    ]
    lines += ["", f"## Latest warnings and errors ({len(snap.recent_problems)})"]
    lines += snap.recent_problems or ["(none)"]
    return redact("\n".join(lines)) + "\n"
