"""Settings: defaults, then the config file, then environment, then CLI flags.

The file lives in the platform's config dir (platformdirs), so a district office's Windows
install and a Linux wall keep settings where their OS expects them. A broken file is reported
and ignored, never fatal.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)
APP = "ioc-desktop"


def config_dir() -> Path:
    return Path(
        os.environ.get("IOC_CONFIG_DIR") or platformdirs.user_config_dir(APP, appauthor=False)
    )


def data_dir() -> Path:
    return Path(os.environ.get("IOC_DATA_DIR") or platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    return Path(
        os.environ.get("IOC_CACHE_DIR") or platformdirs.user_cache_dir(APP, appauthor=False)
    )


@dataclass
class Settings:
    backend_url: str = "http://127.0.0.1:8750"
    token: str | None = None
    tls_verify: bool = True
    poll_fast_s: float = 2.0
    poll_slow_s: float = 10.0
    network_caching_ms: int = 300
    hardware_decoding: str = "auto"
    light_decoding: bool = True  # small tiles decode their sub stream cheaply (no deblocking)
    language: str = "vi"
    role: str = "wall"  # wall | workstation
    layout: str = ""  # empty: the default chosen in the control window, else "overview"
    map_tiles: str = ""  # an offline base map: a .mbtiles file or a folder of z/x/y tiles
    chart_opengl: str = "auto"  # auto | on | off: KPI charts drawn with OpenGL
    alert_sound: bool = False  # beep once for each new incident on the incident desk
    incident_layout: str = "ask"  # off | ask | auto: switch the wall when an incident arrives
    control_monitor: str = ""  # wall role: the monitor (Qt name) kept for the control window
    wall_split: str = ""  # "2x2": each OS screen is a wall of 2×2 monitors (Mosaic, Eyefinity)
    snapshot_dir: str = ""  # empty: <data dir>/snapshots
    # extra libVLC options for tuning a site (e.g. ["--avcodec-threads=1"]), config file only
    video_extra_args: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def snapshot_folder(self) -> Path:
        return Path(self.snapshot_dir) if self.snapshot_dir else data_dir() / "snapshots"

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_dir() / "config.json"
        s = cls()
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict):
                    raise ValueError("top level is not an object")
                s.update(data, source=str(path))
            except (ValueError, OSError) as exc:
                s.problems.append(f"{path}: ignored ({exc})")
        env = {
            "backend_url": os.environ.get("IOC_BACKEND_URL"),
            "token": os.environ.get("IOC_TOKEN"),
        }
        s.update({k: v for k, v in env.items() if v}, source="environment")
        return s

    def update(self, data: dict[str, Any], source: str) -> None:
        known = {f.name: f for f in fields(self) if f.name != "problems"}
        for key, value in data.items():
            if key not in known:
                self.problems.append(f"{source}: unknown setting '{key}'")
                continue
            current = getattr(self, key)
            if (
                current is not None
                and value is not None
                and not isinstance(value, type(current))
                and not (isinstance(current, float) and isinstance(value, int))
            ):
                self.problems.append(f"{source}: '{key}' should be {type(current).__name__}")
                continue
            setattr(self, key, value)
