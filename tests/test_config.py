"""Each setting is checked on its own, by one rule for the file, the environment, the command
line and the settings dialog (issue #16), and config.json is versioned (issue #17).

`{"poll_fast_s": 0}` used to be taken as is: the wall then polled the backend ~22 times as
often as it should. A refused value keeps its default and is said in `Settings.problems`;
the other settings of the file still apply.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ioc_desktop.config import (
    CONFIG_VERSION,
    EDITABLE,
    Settings,
    check_changes,
    save_settings,
    setting_problem,
)

DEFAULTS = Settings()

BAD: list[tuple[str, Any]] = [
    ("poll_fast_s", 0),
    ("poll_fast_s", 0.1),
    ("poll_fast_s", -2),
    ("poll_fast_s", 601),
    ("poll_fast_s", float("nan")),
    ("poll_fast_s", float("inf")),
    ("poll_fast_s", True),
    ("poll_fast_s", None),
    ("poll_fast_s", "2"),
    ("poll_slow_s", 0),
    ("poll_slow_s", float("-inf")),
    ("network_caching_ms", -1),
    ("network_caching_ms", 10**9),
    ("network_caching_ms", 300.0),
    ("network_caching_ms", "lots"),
    ("hardware_decoding", "yes"),
    ("chart_opengl", True),
    ("map_opengl", "ON"),
    ("language", "fr"),
    ("role", "kiosk"),
    ("incident_layout", None),
    ("tls_verify", 1),
    ("tls_verify", "false"),
    ("backend_url", "ftp://ioc"),
    ("backend_url", "http://"),
    ("backend_url", "ioc.phutho.gov.vn"),
    ("backend_url", "https://" + "a" * 5000),
    ("map_tile_url", "https://tiles/{z}/{x}.png"),
    ("ca_bundle", "/nowhere/ca.pem"),
    ("time_zone", "Mars/Olympus_Mons"),
    ("time_zone", "x" * 300),
    ("time_zone", "../../etc/passwd"),
    ("time_zone", ""),
    ("wall_split", "9x9"),
    ("wall_split", "2x"),
    ("wall_split", 4),
    ("video_extra_args", "--avcodec-threads=1"),
    ("video_extra_args", ["-x"]),
    ("video_extra_args", [1]),
    ("video_extra_args", ["--a"] * 100),
    ("snapshot_dir", "a\0b"),
    ("layout", ["overview"]),
    ("no_such_setting", 1),
    ("problems", []),
]


@pytest.mark.parametrize(("key", "value"), BAD, ids=lambda v: repr(v)[:24])
def test_each_bad_value_is_refused_said_and_keeps_its_default(
    tmp_path: Path, key: str, value: Any
) -> None:
    path = tmp_path / "config.json"
    other = ("role", "workstation") if key == "language" else ("language", "en")
    # NaN/Infinity are written as Python's json writes them: refused as the one setting
    path.write_text(json.dumps({other[0]: other[1], key: value}), "utf-8")
    s = Settings.load(path)
    assert len(s.problems) == 1, s.problems
    assert s.problems[0].startswith(f"{path}: ")
    if key not in ("no_such_setting", "problems"):
        assert getattr(s, key) == getattr(DEFAULTS, key)
    assert getattr(s, other[0]) == other[1]  # the rest of the file still applies
    # the settings dialog is checked by the same rule
    assert setting_problem(key, value)
    assert check_changes({key: value})


def test_good_values_are_taken_without_a_problem(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    good = {
        "backend_url": "https://duty@ioc.phutho.gov.vn:8443/base",
        "tls_verify": False,
        "ca_bundle": str(ca),
        "poll_fast_s": 0.5,
        "poll_slow_s": 600,
        "network_caching_ms": 0,
        "hardware_decoding": "off",
        "light_decoding": False,
        "language": "en",
        "time_zone": "UTC",
        "role": "workstation",
        "layout": "flood-storm",
        "map_tiles": "/srv/tiles/phutho.mbtiles",
        "map_tile_url": "https://tiles.phutho.gov.vn/{z}/{x}/{y}.png",
        "chart_opengl": "on",
        "map_opengl": "off",
        "alert_sound": True,
        "incident_layout": "auto",
        "control_monitor": "HDMI-1",
        "wall_split": "2x2",
        "snapshot_dir": str(tmp_path / "snaps"),
        "video_extra_args": ["--avcodec-threads=1"],
    }
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"schema_version": CONFIG_VERSION, **good}), "utf-8")
    s = Settings.load(path)
    assert s.problems == []
    assert {k: getattr(s, k) for k in good} == good
    assert check_changes({k: v for k, v in good.items() if k in EDITABLE}) == []


def test_the_environment_and_the_command_line_go_through_the_same_rule(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("IOC_BACKEND_URL", "ioc.local")
    s = Settings.load(tmp_path / "none.json")
    assert s.backend_url == DEFAULTS.backend_url
    assert s.problems and s.problems[0].startswith("environment:")
    s.update({"wall_split": "0x3", "role": "wall"}, source="command line")
    assert s.wall_split == "" and s.role == "wall"
    assert s.problems[-1].startswith("command line:") and "wall_split" in s.problems[-1]


def test_a_file_without_a_version_is_version_0_and_saved_at_this_version(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"poll_fast_s": 3.0, "map_tiles": "/srv/x.mbtiles"}), "utf-8")
    s = Settings.load(path)
    assert s.problems == [] and s.poll_fast_s == 3.0
    save_settings({"language": "en"}, path)
    saved = json.loads(path.read_text("utf-8"))
    assert saved == {
        "schema_version": CONFIG_VERSION,
        "poll_fast_s": 3.0,
        "map_tiles": "/srv/x.mbtiles",
        "language": "en",
    }
    assert Settings.load(path).problems == []


def test_a_file_from_a_newer_ioc_wall_is_not_read_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    newer = json.dumps({"schema_version": CONFIG_VERSION + 1, "poll_fast_s": 4.0, "skin": "x"})
    path.write_text(newer, "utf-8")
    s = Settings.load(path)
    assert s.poll_fast_s == DEFAULTS.poll_fast_s
    [problem] = s.problems
    assert "config.json" in problem and "mới hơn" in problem
    with pytest.raises(ValueError, match="mới hơn"):
        save_settings({"language": "en"}, path)
    assert path.read_text("utf-8") == newer
    assert not (tmp_path / "config.json.unreadable").exists()


@pytest.mark.parametrize("version", ['"1"', "1.0", "-1", "true", "null"])
def test_a_malformed_version_is_said(tmp_path: Path, version: str) -> None:
    path = tmp_path / "config.json"
    path.write_text(f'{{"schema_version": {version}, "poll_fast_s": 4.0}}', "utf-8")
    s = Settings.load(path)
    assert s.poll_fast_s == DEFAULTS.poll_fast_s
    assert len(s.problems) == 1 and "schema_version" in s.problems[0]


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p.mkdir(),
        lambda p: p.symlink_to(p),
        lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
        lambda p: p.write_text('{"poll_fast_s": 2.0, "x": "' + "y" * (2 << 20) + '"}'),
        lambda p: p.write_bytes(b'{"language": "\xff"}'),
        lambda p: p.write_text('["poll_fast_s", 2.0]'),
    ],
    ids=["folder", "symlink-loop", "deep", "huge", "not-utf8", "not-an-object"],
)
def test_an_unusable_file_is_said_and_the_defaults_apply(tmp_path: Path, make: Any) -> None:
    path = tmp_path / "config.json"
    make(path)
    s = Settings.load(path)
    assert len(s.problems) == 1 and "config.json" in s.problems[0]
    assert s.poll_fast_s == DEFAULTS.poll_fast_s
