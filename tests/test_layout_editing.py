"""Layout edits, presets, undo/redo, the library, incident layouts and monitor assignment:
the pure model under the drag-and-drop wall (no widgets here)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ioc_desktop.backend.models import Camera, Incident
from ioc_desktop.layout import edit
from ioc_desktop.layout.edit import EditRefused, History, PanelRef
from ioc_desktop.layout.incident_fill import (
    fill_for_incident,
    nearest_cameras,
    pick_layout,
)
from ioc_desktop.layout.incident_policy import IncidentWallPolicy
from ioc_desktop.layout.library import LayoutLibrary, slug
from ioc_desktop.layout.model import IncidentMatch, Layout, PanelSpec, ScreenSpec, load_layout
from ioc_desktop.layout.monitors import (
    Monitor,
    MonitorMemory,
    assign_screens,
    parse_split,
    split_monitor,
)
from ioc_desktop.layout.presets import PRESETS, apply_preset
from ioc_desktop.paths import layouts_dir


def two_by_two() -> Layout:
    return Layout(
        "t",
        "Thử",
        [
            ScreenSpec(
                "wall-1",
                2,
                2,
                [
                    PanelSpec("camera", 0, 0, settings={"camera_id": "cam01"}),
                    PanelSpec("camera", 0, 1, settings={"camera_id": "cam02"}),
                    PanelSpec("map", 1, 0, col_span=2),
                ],
            ),
            ScreenSpec("wall-2", 1, 2, [PanelSpec("incidents", 0, 0)]),
        ],
    )


def at(layout: Layout, screen: int, row: int, col: int) -> PanelSpec | None:
    s = layout.screens[screen]
    i = s.panel_at(row, col)
    return None if i is None else s.panels[i]


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_cover_their_grid_exactly_once(name: str) -> None:
    rows, cols, cells = PRESETS[name]
    covered = [
        (r, c)
        for cell in cells
        for r in range(cell.row, cell.row + cell.row_span)
        for c in range(cell.col, cell.col + cell.col_span)
    ]
    assert sorted(covered) == [(r, c) for r in range(rows) for c in range(cols)]
    expected_tiles = {"1+5": 6, "1+7": 8, "2+8": 10, "1+12": 13}.get(name, rows * cols)
    assert len(cells) == expected_tiles


def test_preset_keeps_the_biggest_panel_big_and_reports_what_no_longer_fits() -> None:
    screen = two_by_two().screens[0]
    big, lost = apply_preset(screen, "1+5")
    assert big.panels[0].kind == "map" and (big.panels[0].row_span, big.panels[0].col_span) == (
        2,
        2,
    )
    assert not lost
    one, lost = apply_preset(screen, "1x1")
    assert [p.kind for p in one.panels] == ["map"] and [p.kind for p in lost] == ["camera"] * 2
    with pytest.raises(KeyError):
        apply_preset(screen, "5x5")


def test_drop_from_catalogue_fills_an_empty_cell_or_replaces_the_panel_under_it() -> None:
    layout = two_by_two()
    out = edit.place(layout, 1, 0, 1, "camera", {"camera_id": "cam07"})
    assert at(out, 1, 0, 1) == PanelSpec("camera", 0, 1, settings={"camera_id": "cam07"})
    out = edit.place(out, 0, 1, 1, "kpi_trend", {"kpi_id": "tk-cpi"})  # onto the 1×2 map
    replaced = at(out, 0, 1, 0)
    assert replaced is not None and replaced.kind == "kpi_trend" and replaced.col_span == 2
    assert at(layout, 1, 0, 1) is None, "the original is never changed"


def test_drag_onto_a_panel_swaps_places_and_sizes_even_across_screens() -> None:
    layout = two_by_two()
    out = edit.move(layout, PanelRef(0, 0), 0, 1, 1)  # cam01 onto the map
    moved_map, cam = at(out, 0, 0, 0), at(out, 0, 1, 0)
    assert moved_map is not None and moved_map.kind == "map"
    assert (moved_map.row_span, moved_map.col_span) == (1, 1)
    assert cam is not None and cam.settings["camera_id"] == "cam01" and cam.col_span == 2
    out = edit.move(layout, PanelRef(0, 1), 1, 0, 0)  # cam02 onto the incident list, screen 2
    inc, cam2 = at(out, 0, 0, 1), at(out, 1, 0, 0)
    assert inc is not None and inc.kind == "incidents"
    assert cam2 is not None and cam2.settings["camera_id"] == "cam02"


def test_drag_to_free_cells_keeps_size_where_it_fits_else_one_cell() -> None:
    layout = two_by_two()
    out = edit.move(layout, PanelRef(0, 2), 1, 0, 1)  # a 1×2 map into a single free cell
    placed = at(out, 1, 0, 1)
    assert placed is not None and placed.kind == "map" and placed.col_span == 1
    assert at(out, 0, 1, 0) is None and at(out, 0, 1, 1) is None
    with pytest.raises(EditRefused):
        edit.move(layout, PanelRef(0, 0), 0, 5, 5)


def test_resize_into_free_cells_only_and_remove() -> None:
    layout = edit.remove(two_by_two(), PanelRef(0, 1))
    grown = edit.resize(layout, PanelRef(0, 0), 1, 2)
    assert grown.screens[0].panels[0].col_span == 2
    with pytest.raises(EditRefused, match="Không đủ ô"):
        edit.resize(layout, PanelRef(0, 0), 2, 2)  # the map is below
    with pytest.raises(EditRefused):
        edit.resize(layout, PanelRef(0, 0), 1, 3)  # outside the grid


def test_locked_layout_refuses_every_edit() -> None:
    locked = edit.set_locked(two_by_two(), True)
    for attempt in (
        lambda: edit.place(locked, 1, 0, 1, "map", {}),
        lambda: edit.move(locked, PanelRef(0, 0), 0, 1, 1),
        lambda: edit.resize(locked, PanelRef(0, 0), 1, 1),
        lambda: edit.remove(locked, PanelRef(0, 0)),
        lambda: edit.set_preset(locked, 0, "3x3"),
    ):
        with pytest.raises(EditRefused, match="khoá"):
            attempt()


def test_undo_redo_walks_every_edit_and_a_new_edit_drops_redo() -> None:
    first = two_by_two()
    h = History(first)
    a = h.push(edit.remove(first, PanelRef(0, 0)))
    b = h.push(edit.remove(a, PanelRef(0, 0)))
    assert h.undo() == a and h.undo() == first and not h.can_undo()
    assert h.redo() == a and h.can_redo()
    c = h.push(edit.place(a, 1, 0, 1, "map", {}))
    assert not h.can_redo() and h.current == c and c != b


def test_layout_round_trips_with_binding_lock_monitor_and_slots(tmp_path: Path) -> None:
    layout = two_by_two()
    layout.locked = True
    layout.screens[0].monitor = "HDMI-1"
    layout.screens[0].panels[0].settings = {"slot": 1}
    layout.incident_match = [IncidentMatch(category="traffic", min_severity="high")]
    again = Layout.from_json(json.loads(json.dumps(layout.to_json())), "x")
    assert again == layout


def test_library_keeps_bad_files_aside_and_loads_the_rest(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "broken.json").write_text('{"schema_version": 1, "name": ', "utf-8")
    good = two_by_two()
    good.name = "mine"
    (user / "mine.json").write_text(json.dumps(good.to_json()), "utf-8")
    lib = LayoutLibrary(layouts_dir(), user)
    assert "mine" in lib and "overview" in lib
    [problem] = lib.problems
    assert "broken.json" in problem.message and "not valid JSON" in problem.message
    assert problem.set_aside is not None and problem.set_aside.read_text("utf-8").startswith("{")
    assert not (user / "broken.json").exists()
    # saving a layout of that name later never overwrites what was set aside
    good.name = "broken"
    lib.save(good)
    assert problem.set_aside.read_text("utf-8") == '{"schema_version": 1, "name": '


def test_library_save_as_rename_default_delete_restores_shipped(tmp_path: Path) -> None:
    lib = LayoutLibrary(layouts_dir(), tmp_path)
    overview = lib.get("overview")
    mine = lib.save_as(overview, "Giám sát Đền Hùng")
    assert mine.name == "giam-sat-den-hung" and lib.get(mine.name).title_vi == "Giám sát Đền Hùng"
    assert lib.save_as(overview, "Giám sát Đền Hùng").name == "giam-sat-den-hung-2"
    lib.rename(mine.name, "Lễ hội Đền Hùng")
    assert LayoutLibrary(layouts_dir(), tmp_path).get(mine.name).title_vi == "Lễ hội Đền Hùng"
    lib.set_default(mine.name)
    assert LayoutLibrary(layouts_dir(), tmp_path).default_name() == mine.name
    overview.title_vi = "Tổng quan của tôi"
    lib.save(overview)  # a user copy overrides the shipped one
    assert lib.get("overview").title_vi == "Tổng quan của tôi"
    assert lib.delete("overview") is True
    assert lib.get("overview").title_vi == "Tổng quan toàn tỉnh"
    with pytest.raises(ValueError):
        lib.delete("overview")  # the shipped one stays
    assert lib.delete(mine.name) is False and lib.default_name() == ""
    assert slug("Ngập lụt – Bão số 3") == "ngap-lut-bao-so-3"


def incident(**kw: object) -> Incident:
    base: dict[str, object] = dict(
        id="inc-1",
        category="traffic",
        sub_category="carAccident",
        severity="high",
        status="new",
        version=1,
        title="Tai nạn giao thông",
        description="",
        date_issued=datetime.now(UTC),
        location=(21.30, 105.40),
        area_code="x",
        assignee=None,
        camera_ids=(),
    )
    base.update(kw)
    return Incident(**base)  # type: ignore[arg-type]


def camera(cid: str, lat: float, lon: float) -> Camera:
    return Camera(cid, cid, (lat, lon), "x", "online", False, (), (), None)


def test_incident_picks_the_most_specific_layout_and_fills_nearest_cameras(
    tmp_path: Path,
) -> None:
    lib = LayoutLibrary(layouts_dir(), tmp_path)
    layouts = [lib.get(n) for n in lib.names()]
    assert pick_layout(layouts, incident()).name == "traffic-incident"  # type: ignore[union-attr]
    flood = pick_layout(layouts, incident(category="naturalDisaster", sub_category="flood"))
    assert flood is not None and flood.name == "flood-storm"
    assert pick_layout(layouts, incident(category="health", sub_category="x")) is None
    cams = [
        camera("far", 21.9, 105.9),
        camera("near", 21.301, 105.401),
        camera("mid", 21.35, 105.4),
    ]
    linked = incident(camera_ids=("mid",))
    assert [c.id for c in nearest_cameras(linked, cams)] == ["mid", "near", "far"]
    base = lib.get("traffic-incident")
    filled = fill_for_incident(base, incident(), cams)
    slots = {
        p.settings["slot"]: p.settings["camera_id"]
        for s in filled.screens
        for p in s.panels
        if p.kind == "camera" and "slot" in p.settings
    }
    assert slots[1] == "near" and slots[2] == "mid" and slots[3] == "far"
    assert all(v == "" for k, v in slots.items() if k > 3), "no camera: a clear empty slot"
    maps = [p for s in filled.screens for p in s.panels if p.kind == "map"]
    assert maps and maps[0].settings["center"] == [21.30, 105.40]
    assert "Tai nạn" in filled.title_vi and base.title_vi not in ("", filled.title_vi)


def test_monitors_by_name_then_position_and_orphans_hosted() -> None:
    screens = [ScreenSpec(f"wall-{i}", 1, 1) for i in (1, 2, 3)]
    screens[2].monitor = "DP-3"
    mons = [Monitor("DP-2", 1920, 0, 1920, 1080), Monitor("DP-1", 0, 0, 1920, 1080)]
    mons.append(Monitor("DP-3", 3840, 0, 1920, 1080))
    assert assign_screens(screens, mons, {}) == {
        "DP-1": ["wall-1"],
        "DP-2": ["wall-2"],
        "DP-3": ["wall-3"],
    }
    remembered = {"wall-1": "DP-3", "wall-3": "DP-1"}
    assert assign_screens(screens, mons, remembered) == {
        "DP-3": ["wall-1"],
        "DP-1": ["wall-3"],
        "DP-2": ["wall-2"],
    }
    unplugged = assign_screens(screens, mons[:1], remembered)  # only DP-2 left
    assert unplugged == {"DP-2": ["wall-2", "wall-1", "wall-3"]}
    assert assign_screens(screens, [], {}) == {}


def test_monitor_memory_survives_restart_and_a_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "monitors.json"
    MonitorMemory(path).remember("wall-1", "HDMI-2")
    assert MonitorMemory(path).assignments == {"wall-1": "HDMI-2"}
    path.write_text("{oops", "utf-8")
    bad = MonitorMemory(path)
    assert bad.assignments == {} and "monitors.json" in bad.problem


def test_shipped_incident_layouts_exist_and_are_bound() -> None:
    for name in ("traffic-incident", "flood-storm", "air-pollution", "event-security"):
        layout = load_layout(layouts_dir() / f"{name}.json")
        assert layout.incident_match, name
        assert any(p.settings.get("slot") for s in layout.screens for p in s.panels), name


def test_auto_takes_the_wall_for_new_incidents_only_and_holds_it() -> None:
    follower = IncidentWallPolicy(lambda inc: inc.category != "health", "auto")
    old = incident(id="old")
    assert follower.consider([old], now=0) is None, "what was there at start is history"
    medium = incident(id="m", severity="medium")
    health = incident(id="h", category="health", severity="critical")
    acked = incident(id="a", severity="critical", status="acknowledged")
    picked = follower.consider([old, medium, health, acked], now=1)
    assert picked is not None and picked.id == "m", "no layout / already handled: skipped"
    follower.took_wall(picked, now=1)
    assert follower.consider([incident(id="m2", severity="medium")], now=10) is None, "held"
    critical = follower.consider([incident(id="c", severity="critical")], now=20)
    assert critical is not None and critical.id == "c", "a more severe one takes over"
    follower.took_wall(critical, now=20)
    late = follower.consider([incident(id="l", severity="low")], now=20 + follower.HOLD_S + 1)
    assert late is not None and late.id == "l", "after the hold, any new one"
    assert follower.consider([incident(id="l", severity="low")], now=999) is None, "once"


def test_one_desktop_spanning_the_wall_is_cut_into_monitors() -> None:
    parts = split_monitor(Monitor("DP-1", 0, 0, 3840, 2160), 2, 2)
    assert [(m.name, m.x, m.y, m.width, m.height) for m in parts] == [
        ("DP-1#1", 0, 0, 1920, 1080),
        ("DP-1#2", 1920, 0, 1920, 1080),
        ("DP-1#3", 0, 1080, 1920, 1080),
        ("DP-1#4", 1920, 1080, 1920, 1080),
    ]
    assert parse_split("") == (1, 1) and parse_split("2X3") == (2, 3)
    for bad in ("2", "0x2", "axb", "9x9"):
        with pytest.raises(ValueError, match="ROWSxCOLS"):
            parse_split(bad)
