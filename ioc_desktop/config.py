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

from ioc_desktop.files import write_text_atomic
from ioc_desktop.i18n import translate

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
    ca_bundle: str = ""  # a PEM file of the province's own CA (overrides tls_verify)
    poll_fast_s: float = 2.0
    poll_slow_s: float = 10.0
    network_caching_ms: int = 300
    hardware_decoding: str = "auto"
    light_decoding: bool = True  # small tiles decode their sub stream cheaply (no deblocking)
    language: str = "vi"
    time_zone: str = "Asia/Ho_Chi_Minh"  # the province's time, shown whatever the PC's zone
    role: str = "wall"  # wall | workstation
    layout: str = ""  # empty: the default chosen in the control window, else "overview"
    map_tiles: str = ""  # an offline base map: a .mbtiles file or a folder of z/x/y tiles
    # an online base map, only when set (e.g. the province's tile server); map_tiles wins
    map_tile_url: str = ""
    chart_opengl: str = "auto"  # auto | on | off: KPI charts drawn with OpenGL
    map_opengl: str = "auto"  # auto | on | off: the map's window composited with OpenGL
    alert_sound: bool = False  # beep once for each new incident on the incident desk
    incident_layout: str = "ask"  # off | ask | auto: switch the wall when an incident arrives
    control_monitor: str = ""  # wall role: the monitor (Qt name) kept for the control window
    wall_split: str = ""  # "2x2": each OS screen is a wall of 2×2 monitors (Mosaic, Eyefinity)
    snapshot_dir: str = ""  # empty: <data dir>/snapshots
    # extra libVLC options for tuning a site (e.g. ["--avcodec-threads=1"]), config file only
    video_extra_args: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def tls(self) -> bool | str:
        """What requests' `verify` takes: the CA bundle when one is set, else on/off."""
        return self.ca_bundle or self.tls_verify

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
                if data.pop("token", None):
                    s.problems.append(
                        f"{path}: 'token' ignored: a secret does not belong in a file; sign in"
                        " (the token is kept in the OS keyring) or set IOC_TOKEN"
                    )
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


# Settings a person may change in the dialog; the token never goes to a file (keyring only).
EDITABLE = (
    "backend_url",
    "tls_verify",
    "ca_bundle",
    "poll_fast_s",
    "poll_slow_s",
    "network_caching_ms",
    "hardware_decoding",
    "light_decoding",
    "chart_opengl",
    "map_opengl",
    "language",
    "role",
    "incident_layout",
    "alert_sound",
    "map_tiles",
    "map_tile_url",
)
CHOICES: dict[str, tuple[str, ...]] = {
    "hardware_decoding": ("auto", "on", "off"),
    "chart_opengl": ("auto", "on", "off"),
    "map_opengl": ("auto", "on", "off"),
    "language": ("vi", "en"),
    "role": ("wall", "workstation"),
    "incident_layout": ("off", "ask", "auto"),
}


def check_changes(changes: dict[str, Any]) -> list[str]:
    """Why these values cannot be saved (empty: they can)."""
    problems = []
    probe = Settings()
    probe.update(changes, source="settings")
    problems += probe.problems
    for key, value in changes.items():
        if key not in EDITABLE:
            problems.append(
                translate("config", "'{key}' không phải là cài đặt sửa được ở đây").format(key=key)
            )
        elif key in CHOICES and value not in CHOICES[key]:
            problems.append(
                translate("config", "'{key}' phải là một trong: {choices}").format(
                    key=key, choices=", ".join(CHOICES[key])
                )
            )
    if "backend_url" in changes:
        scheme, _, rest = str(changes["backend_url"]).partition("://")
        if scheme not in ("http", "https") or not rest:
            problems.append(
                translate("config", "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://")
            )
    for key in ("poll_fast_s", "poll_slow_s"):
        if key in changes and not 0.5 <= float(changes[key]) <= 600:
            problems.append(translate("config", "'{key}' phải từ 0,5 đến 600 giây").format(key=key))
    tile_url = changes.get("map_tile_url")
    if tile_url:
        from ioc_desktop.map.tiles import tile_url_problem

        why = tile_url_problem(str(tile_url))
        if why:
            problems.append(
                translate("config", "Bản đồ nền trực tuyến: {reason}").format(reason=why)
            )
    ca = changes.get("ca_bundle")
    if ca and not Path(ca).is_file():
        problems.append(translate("config", "Không thấy tệp chứng chỉ CA: {path}").format(path=ca))
    return problems


def save_settings(changes: dict[str, Any], path: Path | None = None) -> Path:
    """Merge `changes` into the config file (other keys kept), atomically. A file that cannot
    be read is kept aside next to it, never overwritten. Raises ValueError for bad values."""
    problems = check_changes(changes)
    if problems:
        raise ValueError("; ".join(problems))
    path = path or config_dir() / "config.json"
    data: dict[str, Any] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(loaded, dict):
                raise ValueError("top level is not an object")
            data = loaded
        except (ValueError, OSError) as exc:
            aside = path.with_name(f"{path.name}.unreadable")
            path.replace(aside)
            log.warning("%s could not be read (%s): kept as %s", path, exc, aside)
    data.update(changes)
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path
