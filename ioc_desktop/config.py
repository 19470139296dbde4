"""Settings: defaults, then the config file, then environment, then CLI flags.

The file lives in the platform's config dir (platformdirs), so a district office's Windows
install and a Linux wall keep settings where their OS expects them. A broken file is reported
and ignored, never fatal; so is each bad value in it, one by one: every setting is checked
(type, range, finite, known choice, URL shape…) by `setting_problem`, the one check the
file, the environment, the command line and the settings dialog all go through. A refused
value keeps its default and is said in `Settings.problems`: `"poll_fast_s": 0` used to make
the wall poll the backend ~22 times as often as it should.

The file carries a `schema_version`: a file without one is version 0 and is read as
version 1 (version 1 only added the field); a file from a newer IOC Wall is not read and
never overwritten.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import platformdirs

from ioc_desktop.files import JsonFileError, read_json_file, write_text_atomic
from ioc_desktop.i18n import translate
from ioc_desktop.severity import SEVERITIES

log = logging.getLogger(__name__)
APP = "ioc-desktop"
CONFIG_VERSION = 1
MAX_TEXT = 4096  # a path or URL longer than this is a corrupt file, not a setting


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
    rtsp_transport: str = "tcp"  # RTSP cameras: tcp (through firewalls, no loss) or udp
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
    # ask: the operator is asked only about incidents this severe or worse (one at a time)
    incident_prompt_min_severity: str = "high"
    control_monitor: str = ""  # wall role: the monitor (Qt name) kept for the control window
    wall_split: str = ""  # "2x2": each OS screen is a wall of 2×2 monitors (Mosaic, Eyefinity)
    # a wall PC of a wall of several: its name in the backend's wall definition (empty: this
    # PC shows the whole layout), and the wall it belongs to
    station: str = ""
    wall_name: str = "main"
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
        data, problem = read_config(path)
        if problem:
            s.problems.append(problem)
        if data.pop("token", None):
            s.problems.append(
                f"{path}: 'token' ignored: a secret does not belong in a file; sign in"
                " (the token is kept in the OS keyring) or set IOC_TOKEN"
            )
        s.update(data, source=str(path))
        env = {
            "backend_url": os.environ.get("IOC_BACKEND_URL"),
            "token": os.environ.get("IOC_TOKEN"),
        }
        s.update({k: v for k, v in env.items() if v}, source="environment")
        return s

    def update(self, data: dict[str, Any], source: str) -> None:
        """Take each value that passes `setting_problem`; each refused one is said in
        `problems` and keeps what the setting had."""
        for key, value in data.items():
            why = setting_problem(key, value)
            if why:
                self.problems.append(f"{source}: {why}")
                continue
            setattr(self, key, list(value) if isinstance(value, list) else value)


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
    "rtsp_transport",
    "chart_opengl",
    "map_opengl",
    "language",
    "role",
    "incident_layout",
    "incident_prompt_min_severity",
    "alert_sound",
    "map_tiles",
    "map_tile_url",
)
CHOICES: dict[str, tuple[str, ...]] = {
    "hardware_decoding": ("auto", "on", "off"),
    "rtsp_transport": ("tcp", "udp"),
    "chart_opengl": ("auto", "on", "off"),
    "map_opengl": ("auto", "on", "off"),
    "language": ("vi", "en"),
    "role": ("wall", "workstation", "viewer"),
    "incident_layout": ("off", "ask", "auto"),
    "incident_prompt_min_severity": SEVERITIES,  # least severe first
}
# (lowest, highest): the settings dialog's spin boxes use the same ranges
RANGES: dict[str, tuple[float, float]] = {
    "poll_fast_s": (0.5, 600),
    "poll_slow_s": (0.5, 600),
    "network_caching_ms": (0, 5000),
}
_DEFAULTS = Settings()
_KNOWN = {f.name for f in fields(Settings) if f.name != "problems"}
_ZONE_NAME = re.compile(r"^[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*$")


def _type_problem(key: str, value: Any) -> str | None:
    """The value's JSON type against the default's: a bool is not a number here (JSON's
    `true` is Python's 1), a whole float is not an int (300.0 ms is a hand edit)."""
    if key == "token":
        wanted: type = str
    else:
        wanted = type(getattr(_DEFAULTS, key))
    if isinstance(value, bool) != (wanted is bool):
        ok = False
    elif wanted is float:
        ok = isinstance(value, int | float)
    else:
        ok = isinstance(value, wanted)
    if ok:
        return None
    if wanted is bool:
        return translate("config", "'{key}' phải là true hoặc false").format(key=key)
    if wanted is int:
        return translate("config", "'{key}' phải là số nguyên").format(key=key)
    if wanted is float:
        return translate("config", "'{key}' phải là số").format(key=key)
    if wanted is list:
        return translate("config", "'{key}' phải là danh sách").format(key=key)
    return translate("config", "'{key}' phải là chuỗi").format(key=key)


def _range_problem(key: str, value: float) -> str | None:
    low, high = RANGES[key]
    if (isinstance(value, float) and not math.isfinite(value)) or not low <= value <= high:
        if key in ("poll_fast_s", "poll_slow_s"):
            return translate("config", "'{key}' phải từ 0,5 đến 600 giây").format(key=key)
        return translate("config", "'{key}' phải từ {low} đến {high}").format(
            key=key, low=low, high=high
        )
    return None


def _backend_url_problem(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return translate("config", "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://")
    return None


def _tile_url_problem(url: str) -> str | None:
    if not url:
        return None  # no online base map
    from ioc_desktop.map.tiles import tile_url_problem

    why = tile_url_problem(url)
    return (
        translate("config", "Bản đồ nền trực tuyến: {reason}").format(reason=why) if why else None
    )


def _ca_problem(path: str) -> str | None:
    try:
        found = not path or Path(path).is_file()
    except OSError:  # a name the OS refuses outright (too long): no such file either
        found = False
    if not found:
        return translate("config", "Không thấy tệp chứng chỉ CA: {path}").format(path=path[:300])
    return None


def _zone_problem(name: str) -> str | None:
    from ioc_desktop.clock import zone_problem

    why = None
    if len(name) > 64 or not _ZONE_NAME.match(name):
        why = f"unknown time zone '{name[:64]}'"
    else:
        try:
            why = zone_problem(name)
        except OSError as exc:  # a name the zone database cannot even look up
            why = f"unknown time zone '{name}' ({exc.__class__.__name__})"
    return (
        translate("config", "Múi giờ không dùng được: {reason}").format(reason=why) if why else None
    )


def _split_problem(text: str) -> str | None:
    from ioc_desktop.layout.monitors import parse_split

    try:
        parse_split(text)
    except ValueError:
        return translate(
            "config", "'wall_split' phải có dạng HÀNGxCỘT, ví dụ 2x2 (mỗi số từ 1 đến 8)"
        )
    return None


def _extra_args_problem(args: list[Any]) -> str | None:
    if len(args) > 32 or not all(
        isinstance(a, str) and a.startswith("--") and len(a) <= 256 and "\0" not in a for a in args
    ):
        return translate(
            "config", "'video_extra_args' phải là danh sách tuỳ chọn libVLC dạng --tên=giá-trị"
        )
    return None


def _station_problem(text: str) -> str | None:
    if text and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", text):
        return translate(
            "config", "tên trạm/tường chỉ gồm chữ không dấu, số, '.', '_', '-' (tối đa 64)"
        )
    return None


_RULES: dict[str, Callable[[Any], str | None]] = {
    "backend_url": _backend_url_problem,
    "ca_bundle": _ca_problem,
    "map_tile_url": _tile_url_problem,
    "time_zone": _zone_problem,
    "wall_split": _split_problem,
    "station": _station_problem,
    "wall_name": _station_problem,
    "video_extra_args": _extra_args_problem,
}


def setting_problem(key: str, value: Any) -> str | None:
    """Why `value` cannot be the setting `key` (None: it can): unknown key, wrong type,
    a number out of its range or not finite, a choice not offered, a malformed URL, split
    or time zone, an over-long or NUL-carrying string. The one check for the file, the
    environment, the command line and the settings dialog."""
    if key not in _KNOWN:
        return translate("config", "không có cài đặt '{key}'").format(key=key)
    why = _type_problem(key, value)
    if why:
        return why
    if isinstance(value, str) and (len(value) > MAX_TEXT or "\0" in value):
        return translate("config", "'{key}' dài quá hoặc chứa ký tự không hợp lệ").format(key=key)
    if key in RANGES:
        return _range_problem(key, value)
    if key in CHOICES and value not in CHOICES[key]:
        return translate("config", "'{key}' phải là một trong: {choices}").format(
            key=key, choices=", ".join(CHOICES[key])
        )
    rule = _RULES.get(key)
    return rule(value) if rule else None


# ---- the file and its versions -------------------------------------------------------------


def _from_v0(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (no `schema_version`) is the same settings as version 1, which only added
    the field; later versions add their step here."""
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _from_v0}


class ConfigTooNew(ValueError):
    """A config file written by a newer IOC Wall: not read, and never overwritten."""


def _migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The file's settings at CONFIG_VERSION (without the version key). Raises ConfigTooNew
    for a newer file, ValueError for a version that is not a whole number."""
    version = data.pop("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ValueError(
            translate("config", "{path}: 'schema_version' phải là số nguyên không âm").format(
                path=path
            )
        )
    if version > CONFIG_VERSION:
        raise ConfigTooNew(
            translate(
                "config",
                "{path}: do một IOC Wall mới hơn ghi (phiên bản {version}, bản này đọc đến"
                " {known}); không đọc và không ghi đè tệp này",
            ).format(path=path, version=version, known=CONFIG_VERSION)
        )
    while version < CONFIG_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def read_config(path: Path) -> tuple[dict[str, Any], str | None]:
    """The settings in the file, migrated to this version, and why not (the file is then
    ignored as a whole: missing is fine, unreadable or too new is said)."""
    try:
        # NaN/Infinity are let through the parser here so that each is refused as the one
        # setting it is, not the whole file (a backend URL is lost with it otherwise)
        data = read_json_file(path, finite_only=False)
    except FileNotFoundError:
        return {}, None
    except JsonFileError as exc:
        return {}, f"{path}: ignored ({exc})"
    if not isinstance(data, dict):
        return {}, f"{path}: ignored (top level is not an object)"
    try:
        return _migrate(data, path), None
    except ValueError as exc:
        return {}, str(exc)


def check_changes(changes: dict[str, Any]) -> list[str]:
    """Why these values cannot be saved (empty: they can)."""
    problems = [why for key, value in changes.items() if (why := setting_problem(key, value))]
    for key in changes:
        if key not in EDITABLE:
            problems.append(
                translate("config", "'{key}' không phải là cài đặt sửa được ở đây").format(key=key)
            )
    return problems


def save_settings(changes: dict[str, Any], path: Path | None = None) -> Path:
    """Merge `changes` into the config file (other keys kept), atomically, at this version.
    A file that cannot be read is kept aside next to it, never overwritten; a file from a
    newer IOC Wall is left as it is and the save refused. Raises ValueError for bad values."""
    problems = check_changes(changes)
    if problems:
        raise ValueError("; ".join(problems))
    path = path or config_dir() / "config.json"
    data: dict[str, Any] = {}
    try:
        loaded = read_json_file(path, finite_only=False)
        if not isinstance(loaded, dict):
            raise JsonFileError("top level is not an object")
        data = _migrate(loaded, path)
    except FileNotFoundError:
        pass
    except ConfigTooNew:
        raise
    except ValueError as exc:  # JsonFileError, a malformed version
        aside = path.with_name(f"{path.name}.unreadable")
        path.replace(aside)
        log.warning("%s could not be read (%s): kept as %s", path, exc, aside)
    data.update(changes)
    out = {"schema_version": CONFIG_VERSION, **data}
    write_text_atomic(path, json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return path
