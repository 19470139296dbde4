"""Layouts round-trip losslessly, bad files say which file and what is wrong, and every panel
kind is one entry of one table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioc_desktop import severity
from ioc_desktop.incidents import alerts
from ioc_desktop.layout import model
from ioc_desktop.layout.kinds import (
    KINDS,
    PANEL_KINDS,
    StrictValidator,
    polled_breakdowns,
    polled_series,
    settings_problem,
)
from ioc_desktop.layout.model import (
    LAYOUT_SCHEMA,
    Layout,
    LayoutError,
    PanelSpec,
    ScreenSpec,
    load_layout,
    save_layout,
)
from ioc_desktop.paths import layouts_dir
from ioc_desktop.severity import SEVERITIES


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


# ---- the table of panel kinds (issue #17) ------------------------------------------------


def test_the_layout_schema_reads_every_kind_from_the_table() -> None:
    StrictValidator.check_schema(LAYOUT_SCHEMA)
    panel = LAYOUT_SCHEMA["properties"]["screens"]["items"]["properties"]["panels"]["items"]
    assert panel["properties"]["kind"]["enum"] == list(KINDS) == list(PANEL_KINDS)
    ruled = [r["if"]["properties"]["kind"]["const"] for r in panel["allOf"]]
    assert ruled == list(KINDS)  # every kind's settings are checked, not three of nine
    for rule, kind in zip(panel["allOf"], KINDS.values(), strict=True):
        assert rule["then"]["properties"]["settings"] is kind.settings


@pytest.mark.parametrize(
    ("kind", "settings"),
    [  # what the catalogue drags (widgets/catalogue.py) must stay droppable
        ("camera", {"camera_id": "cam01"}),
        ("camera", {"slot": 3}),
        ("camera", {"camera_id": "", "slot": 1, "show_stats": True}),  # a slot left empty
        ("camera_tour", {"camera_ids": ["cam01", "cam02"], "dwell_s": 8}),
        ("kpi_trend", {"kpi_id": "dvc-ontime-rate"}),
        ("kpi_bars", {"kpi_id": "dvc-ontime-rate"}),
        ("kpi_tiles", {"system": 8}),
        ("kpi_tiles", {"kpi_ids": ["a", "b"], "title_vi": "Chỉ số"}),
        ("map", {"center": [21.15, 105.37], "zoom": 9}),
        ("map", {"center": [21.15, 105.37], "zoom": 9, "follow_incident": True}),
        ("map", {"follow_incident": True, "incident_zoom": 16}),
        ("map", {}),
        ("incidents", {}),
        ("reports", {}),
        ("aq_bars", {}),
    ],
)
def test_what_the_catalogue_drops_fits_its_kind(kind: str, settings: dict[str, object]) -> None:
    assert settings_problem(kind, settings) is None


def test_series_and_breakdowns_a_layout_needs_polled() -> None:
    layout = Layout(
        "k",
        "k",
        [
            ScreenSpec(
                "a",
                2,
                3,
                [
                    PanelSpec("kpi_trend", 0, 0, settings={"kpi_id": "a"}),
                    PanelSpec("kpi_tiles", 0, 1, settings={"kpi_ids": ["b", "a"]}),
                    PanelSpec("kpi_tiles", 0, 2, settings={"system": 8}),
                    PanelSpec("kpi_bars", 1, 0, settings={"kpi_id": "z"}),
                    PanelSpec("kpi_bars", 1, 1, settings={"kpi_id": "a"}),
                    PanelSpec("map", 1, 2),
                ],
            )
        ],
    )
    assert polled_series(layout) == ["a", "b"]
    assert polled_series(layout, {8: ["mt-aqi-max"], 5: ["x"]}) == ["a", "b", "mt-aqi-max"]
    assert polled_breakdowns(layout) == ["a", "z"]
    overview = load_layout(layouts_dir() / "overview.json")
    trends = [p.settings["kpi_id"] for p in overview.screens[0].panels if p.kind == "kpi_trend"]
    assert polled_series(overview) == sorted(trends) and polled_breakdowns(overview) == []


def test_the_layout_model_reads_severities_without_the_incidents_package() -> None:
    source = Path(model.__file__).read_text("utf-8")
    assert "ioc_desktop.incidents" not in source
    assert alerts.SEVERITY_RANK is severity.SEVERITY_RANK  # its other users still find it
    assert SEVERITIES == ("informational", "low", "medium", "high", "critical")
    schema = LAYOUT_SCHEMA["properties"]["incident_match"]["items"]["properties"]
    assert schema["min_severity"]["enum"] == list(SEVERITIES)
