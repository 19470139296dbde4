"""One bad file in the layouts folder must not take the wall down (issue #16).

Each case here used to raise out of `LayoutLibrary.rescan` at start-up, with nothing set
aside, so the wall stopped on every restart: a folder named `x.json`, a symlink loop,
`"row": 1.0`, JSON nested thousands deep. Now each costs its own layout only: it is moved
into `unreadable/` (never deleted), reported with its name, and every other layout loads.
The same checks guard the layouts that do not come from a file: pushed through the backend
(`Layout.from_json`) and dropped from another program (`edit.place`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ioc_desktop.files import MAX_JSON_BYTES, read_json_file
from ioc_desktop.layout import edit
from ioc_desktop.layout.edit import EditRefused
from ioc_desktop.layout.library import LayoutLibrary, Problem
from ioc_desktop.layout.model import Layout, LayoutError, PanelSpec, ScreenSpec, load_layout
from ioc_desktop.layout.monitors import MonitorMemory
from ioc_desktop.paths import layouts_dir


def overview() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((layouts_dir() / "overview.json").read_text("utf-8"))
    return data


def scan(user: Path) -> tuple[LayoutLibrary, Problem]:
    """The library over the shipped layouts and `user`; exactly one problem expected."""
    lib = LayoutLibrary(layouts_dir(), user)
    assert "overview" in lib and "traffic-incident" in lib  # the rest still loads
    assert len(lib.problems) == 1, lib.problems
    return lib, lib.problems[0]


def assert_set_aside(problem: Problem, user: Path, name: str) -> None:
    assert name in problem.message
    assert problem.set_aside is not None and problem.set_aside.parent == user / "unreadable"
    assert problem.set_aside.name.startswith(name)
    assert not (user / name).exists() and not (user / name).is_symlink()
    # set aside, so the next start is clean
    assert LayoutLibrary(layouts_dir(), user).problems == []


def test_a_folder_named_like_a_layout_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "x.json").mkdir()
    (tmp_path / "x.json" / "inside.txt").write_text("kept")
    _lib, problem = scan(tmp_path)
    assert "không phải là tệp thông thường" in problem.message
    assert_set_aside(problem, tmp_path, "x.json")
    assert problem.set_aside is not None
    assert (problem.set_aside / "inside.txt").read_text() == "kept"  # moved, not deleted


def test_a_symlink_loop_and_a_dangling_link_are_set_aside(tmp_path: Path) -> None:
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    _lib, problem = scan(tmp_path)
    assert "symbolic links" in problem.message
    assert_set_aside(problem, tmp_path, "loop.json")
    (tmp_path / "gone.json").symlink_to(tmp_path / "nowhere.json")
    _lib, problem = scan(tmp_path)
    assert "no such file" in problem.message
    assert_set_aside(problem, tmp_path, "gone.json")


def test_a_pipe_named_like_a_layout_does_not_block_the_scan(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")  # opening it for reading would wait for a writer
    _lib, problem = scan(tmp_path)
    assert_set_aside(problem, tmp_path, "pipe.json")


def test_whole_numbers_written_as_floats_are_refused_with_the_field_named(
    tmp_path: Path,
) -> None:
    """1.0 is refused, not converted: the app writes whole numbers without ".0", so a float
    is a hand edit, and a float that reaches Qt's grid or range() stops the wall."""
    data = overview()
    data["screens"][0]["panels"][0]["row"] = 0.0
    (tmp_path / "floats.json").write_text(json.dumps(data), "utf-8")
    _lib, problem = scan(tmp_path)
    assert "screens/0/panels/0/row: 0.0 is not of type 'integer'" in problem.message
    assert_set_aside(problem, tmp_path, "floats.json")
    for where in (("rows",), ("cols",)):
        data = overview()
        data["screens"][0][where[0]] = float(data["screens"][0][where[0]])
        with pytest.raises(LayoutError, match=f"screens/0/{where[0]}"):
            Layout.from_json(data, "x.json")


def test_json_nested_thousands_deep_is_refused_before_parsing(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    (tmp_path / "deep2.json").write_text('{"a":' * 50_000 + "1" + "}" * 50_000, "utf-8")
    lib = LayoutLibrary(layouts_dir(), tmp_path)
    assert "overview" in lib
    assert len(lib.problems) == 2
    assert all("lồng sâu" in p.message for p in lib.problems)
    # the same value pushed through the backend (parsed already): refused, no RecursionError
    deep: list[Any] = []
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(LayoutError, match="lồng sâu"):
        Layout.from_json({"schema_version": 1, "screens": deep}, "pushed")


@pytest.mark.parametrize(
    "number", ["NaN", "Infinity", "-Infinity", "1e999", "1" * 40], ids=lambda n: n[:10]
)
def test_non_finite_and_huge_numbers_are_refused_at_parse_time(tmp_path: Path, number: str) -> None:
    text = json.dumps(overview()).replace('"zoom": 9', f'"zoom": {number}', 1)
    assert number in text
    path = tmp_path / "n.json"
    path.write_text(text, "utf-8")
    with pytest.raises(LayoutError, match="not valid JSON"):
        load_layout(path)


def test_files_too_big_not_utf8_or_with_a_bom(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(" " * (MAX_JSON_BYTES + 1) + "{}", "utf-8")
    with pytest.raises(LayoutError, match="tệp quá lớn"):
        load_layout(big)
    latin = tmp_path / "latin.json"
    latin.write_bytes(json.dumps(overview(), ensure_ascii=False).encode("cp1258", "replace"))
    with pytest.raises(LayoutError, match="UTF-8"):
        load_layout(latin)
    # Windows Notepad writes a byte-order mark: that file is fine
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(overview()).encode())
    assert load_layout(bom).name == "overview"
    assert read_json_file(bom)["name"] == "overview"


def test_a_file_name_that_cannot_be_a_layout_name_is_set_aside(tmp_path: Path) -> None:
    data = overview()
    (tmp_path / "Bố cục của tôi.json").write_text(json.dumps(data), "utf-8")
    _lib, problem = scan(tmp_path)
    assert_set_aside(problem, tmp_path, "Bố cục của tôi.json")


def test_an_unusable_layouts_folder_still_starts_with_the_shipped_layouts(tmp_path: Path) -> None:
    user = tmp_path / "layouts"
    user.write_text("a file where the folder should be")
    lib = LayoutLibrary(layouts_dir(), user)
    assert "overview" in lib
    assert lib.problems and str(user) in lib.problems[0].message


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"center": "Phú Thọ", "zoom": 9}, "center"),
        ({"center": [21.1], "zoom": 9}, "center"),
        ({"center": [121.1, 105.3], "zoom": 9}, "center/0"),
        ({"center": [21.1, 105.3], "zoom": float("inf")}, "zoom"),
        ({"center": [21.1, 105.3], "zoom": 99}, "zoom"),
        ({"center": [21.1, 105.3], "zoom": 9, "zom": 3}, "settings"),
    ],
)
def test_a_map_view_that_would_stop_the_wall_is_refused(
    settings: dict[str, Any], field: str
) -> None:
    data = overview()
    maps = [p for p in data["screens"][0]["panels"] if p["kind"] == "map"]
    maps[0]["settings"] = settings
    with pytest.raises(LayoutError, match=field):
        Layout.from_json(data, "x.json")


def test_a_tour_dwell_of_nan_and_other_kinds_settings_are_refused() -> None:
    bad: list[tuple[str, Any]] = [
        ("camera_tour", {"camera_ids": ["cam01"], "dwell_s": float("nan")}),
        ("camera_tour", {"camera_ids": ["cam01"], "dwell_s": float("inf")}),
        ("camera_tour", {"camera_ids": ["c"] * 65}),
        ("camera", {"camera_id": "x" * 10_000}),
        ("camera", {"slot": 2.0}),
        ("camera", {"slot": True}),
        ("kpi_trend", {}),
        ("kpi_trend", {"kpi_id": 7}),
        ("kpi_bars", {"kpi_id": ""}),
        ("kpi_tiles", {"title_vi": "x"}),
        ("kpi_tiles", {"system": 10}),
        ("incidents", {"anything": 1}),
    ]
    for kind, settings in bad:
        data = {
            "schema_version": 1,
            "name": "t",
            "title_vi": "t",
            "screens": [
                {
                    "name": "a",
                    "rows": 1,
                    "cols": 1,
                    "panels": [{"kind": kind, "row": 0, "col": 0, "settings": settings}],
                }
            ],
        }
        with pytest.raises(LayoutError, match="settings"):
            Layout.from_json(data, "pushed")


def test_a_bad_drop_is_refused_with_a_message_and_changes_nothing() -> None:
    layout = Layout("t", "t", [ScreenSpec("a", 1, 2, [PanelSpec("incidents", 0, 0)])])
    drops: list[tuple[str, dict[str, Any]]] = [
        ("map", {"center": "x"}),
        ("map", {"center": [21.0, 105.0], "zoom": float("nan")}),
        ("camera_tour", {"camera_ids": []}),
        ("toaster", {}),
    ]
    for kind, settings in drops:
        with pytest.raises(EditRefused, match="Không đặt được bảng"):
            edit.place(layout, 0, 0, 1, kind, settings)
    assert layout.screens[0].panels == [PanelSpec("incidents", 0, 0)]
    ok = edit.place(layout, 0, 0, 1, "map", {"center": [21.0, 105.0], "zoom": 9})
    assert ok.screens[0].panels[1].map_view() == ((21.0, 105.0), 9)


def test_a_layout_changed_in_code_cannot_be_saved_in_a_shape_the_next_start_refuses(
    tmp_path: Path,
) -> None:
    lib = LayoutLibrary(layouts_dir(), tmp_path)
    layout = lib.get("overview")
    for p in layout.screens[0].panels:
        if p.kind == "map":
            p.settings["center"] = [float("nan"), 105.0]  # as a broken map page might report
            assert p.map_view()[0] == (21.15, 105.37)  # shown as the province meanwhile
    with pytest.raises(LayoutError, match="center"):
        lib.save(layout)
    assert not (tmp_path / "overview.json").exists()


def test_monitor_memory_is_versioned_and_a_newer_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "monitors.json"
    path.write_text('{"assignments": {"wall-1": "HDMI-2"}}', "utf-8")  # version 0
    old = MonitorMemory(path)
    assert old.assignments == {"wall-1": "HDMI-2"} and not old.problem
    old.remember("wall-2", "DP-1")
    saved = json.loads(path.read_text("utf-8"))
    assert saved == {"schema_version": 1, "assignments": {"wall-1": "HDMI-2", "wall-2": "DP-1"}}
    newer = '{"schema_version": 7, "assignments": {"wall-1": "HDMI-9"}, "groups": []}'
    path.write_text(newer, "utf-8")
    memory = MonitorMemory(path)
    assert memory.assignments == {} and "mới hơn" in memory.problem
    memory.remember("wall-1", "DP-1")  # held for this run only
    assert memory.assignments == {"wall-1": "DP-1"}
    assert path.read_text("utf-8") == newer


@pytest.mark.parametrize(
    "text",
    [
        '{"assignments": ["wall-1"]}',
        '{"assignments": 5}',
        '{"schema_version": "1", "assignments": {}}',
        '{"schema_version": 1.0, "assignments": {}}',
        "[" * 5000 + "]" * 5000,
        "NaN",
    ],
)
def test_monitor_memory_of_any_shape_costs_the_order_never_the_start(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "monitors.json"
    path.write_text(text, "utf-8")
    memory = MonitorMemory(path)
    assert memory.assignments == {} and "monitors.json" in memory.problem
    (tmp_path / "dir.json").mkdir()
    assert "dir.json" in MonitorMemory(tmp_path / "dir.json").problem


def test_a_long_title_still_saves_under_a_name_within_the_schema(tmp_path: Path) -> None:
    lib = LayoutLibrary(layouts_dir(), tmp_path)
    title = "Giám sát lễ hội Đền Hùng " * 8  # 200 characters
    first, second = (lib.save_as(lib.get("overview"), title) for _ in range(2))
    assert len(first.name) <= 64 and second.name == first.name + "-2"
    assert LayoutLibrary(layouts_dir(), tmp_path).get(second.name).title_vi == title
