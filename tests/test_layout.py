"""Layouts round-trip losslessly, and bad files say which file and what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioc_desktop.layout.model import Layout, LayoutError, load_layout, save_layout
from ioc_desktop.paths import layouts_dir


def shipped() -> list[Path]:
    return sorted(layouts_dir().glob("*.json"))


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.name)
def test_shipped_layouts_load_and_round_trip(path: Path, tmp_path: Path) -> None:
    layout = load_layout(path)
    copy = tmp_path / path.name
    save_layout(layout, copy)
    assert load_layout(copy) == layout
    assert json.loads(copy.read_text("utf-8")) == layout.to_json()


def test_overview_has_every_panel_kind_the_skeleton_needs() -> None:
    kinds = [p.kind for p in load_layout(layouts_dir() / "overview.json").screens[0].panels]
    assert kinds.count("camera") >= 3 and "camera_tour" in kinds
    assert kinds.count("kpi_trend") + kinds.count("aq_bars") >= 3
    assert "map" in kinds and "incidents" in kinds


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "bad.json"
    p.write_text(text, encoding="utf-8")
    return p


def test_truncated_file_names_file_and_problem(tmp_path: Path) -> None:
    good = (layouts_dir() / "overview.json").read_text("utf-8")
    p = write(tmp_path, good[: len(good) // 2])
    with pytest.raises(LayoutError, match=r"bad\.json: not valid JSON"):
        load_layout(p)


def test_future_version_is_refused_clearly(tmp_path: Path) -> None:
    data = json.loads((layouts_dir() / "overview.json").read_text("utf-8"))
    data["schema_version"] = 99
    with pytest.raises(LayoutError, match="newer IOC Wall"):
        Layout.from_json(data, "x.json")


def test_hand_edit_errors_point_at_the_field() -> None:
    data = json.loads((layouts_dir() / "overview.json").read_text("utf-8"))
    data["screens"][0]["panels"][0]["kind"] = "toaster"
    with pytest.raises(LayoutError, match="screens/0/panels/0/kind"):
        Layout.from_json(data, "x.json")


def test_overlapping_and_outside_panels_are_rejected() -> None:
    data = json.loads((layouts_dir() / "overview.json").read_text("utf-8"))
    data["screens"][0]["panels"][1]["col"] = 0
    with pytest.raises(LayoutError, match="overlap"):
        Layout.from_json(data, "x.json")
    data = json.loads((layouts_dir() / "overview.json").read_text("utf-8"))
    data["screens"][0]["panels"][0]["col"] = data["screens"][0]["cols"] - 1
    data["screens"][0]["panels"][0]["col_span"] = 2
    with pytest.raises(LayoutError, match="outside"):
        Layout.from_json(data, "x.json")


def test_tour_panel_needs_cameras_and_a_sane_dwell(tmp_path: Path) -> None:
    def tour(settings: str) -> Path:
        return write(
            tmp_path,
            '{"schema_version": 1, "name": "t", "title_vi": "t", "screens": [{"name": "a", '
            '"rows": 1, "cols": 1, "panels": [{"kind": "camera_tour", "row": 0, "col": 0, '
            f'"settings": {settings}}}]}}]}}',
        )

    with pytest.raises(LayoutError, match="camera_ids"):
        load_layout(tour('{"dwell_s": 10}'))
    with pytest.raises(LayoutError, match="dwell_s"):
        load_layout(tour('{"camera_ids": ["cam01"], "dwell_s": 1}'))
    ok = load_layout(tour('{"camera_ids": ["cam01", "cam02"], "dwell_s": 8}'))
    assert ok.screens[0].panels[0].settings["camera_ids"] == ["cam01", "cam02"]
