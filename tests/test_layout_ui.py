"""The editable wall, headless: four offscreen QScreens (tests/data/wall-4-screens.json),
drag-and-drop driven with real QDropEvents carrying the catalogue's and the panels' own MIME
data, undo/redo from the keyboard, lock, presets, monitors unplugged and plugged back.

Panels here are plain frames from a recording factory (a test double: video needs a real X
display and is covered by test_display.py); the store is filled from the real demo HTTP
backend so the catalogue shows real cameras and KPIs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.layout.edit import PanelRef
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec
from ioc_desktop.layout.monitors import MonitorMemory
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.paths import layouts_dir
from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine, VideoSettings
from widgets.catalogue import PAYLOAD, Catalogue
from widgets.control_window import ControlWindow
from widgets.panel_frame import PanelFrame
from widgets.screen_grid import ScreenGrid, identity, move_mime
from widgets.wall_manager import WallManager


class RecordingFactory:
    """Makes a titled frame per panel and records what was made and released."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.released: list[str] = []
        self.order: list[str] = []  # "made" and "released", as they happened

    def __call__(self, spec: PanelSpec, key: str) -> QWidget:
        frame = PanelFrame(identity(spec))
        frame.setProperty("identity", identity(spec))
        self.made.append(identity(spec))
        self.order.append("made")
        return frame

    def release(self, widget: QWidget) -> None:
        self.released.append(str(widget.property("identity")))
        self.order.append("released")
        widget.hide()
        widget.deleteLater()


def four_screen_layout() -> Layout:
    screens = []
    for n in range(1, 5):
        panels = [
            PanelSpec("camera", r, c, settings={"camera_id": f"cam0{(r * 2 + c) % 8 + 1}"})
            for r in range(2)
            for c in range(2)
            if (r, c) != (1, 1)
        ]
        screens.append(ScreenSpec(f"wall-{n}", 2, 2, panels))
    return Layout("four", "Bốn màn hình", screens)


@pytest.fixture(scope="module")
def backend() -> Iterator[BackendClient]:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    # the tests need a traffic accident on the books, whatever the seed's first draws were
    for _ in range(200):
        if any(i["sub_category"] == "carAccident" for i in sim.incidents):
            break
        sim._new_incident(sim._start)
    srv = DemoHttpServer(sim).start()
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    yield client
    client.close()
    srv.stop()


def four_screen_wall(
    store: Store,
    engine: VideoEngine,
    make: Callable[[PanelSpec, str], QWidget],
    release: Callable[[QWidget], None],
    tmp_path: Path,
) -> tuple[LayoutSession, WallManager]:
    """The four-screen layout's session and wall, windowed (960×540 a monitor)."""
    library = LayoutLibrary(layouts_dir(), tmp_path / "layouts")
    session = LayoutSession(library, four_screen_layout())
    memory = MonitorMemory(tmp_path / "monitors.json")
    manager = WallManager(
        session, store, engine, make, release, memory, full_screen=False, window_size=(960, 540)
    )
    return session, manager


@pytest.fixture
def wall(qtbot: Any, backend: BackendClient, tmp_path: Path) -> Iterator[dict[str, Any]]:
    store = Store()
    store.set_areas(backend.areas(), {})
    store.set_cameras(backend.cameras())
    store.set_kpis(backend.kpis())
    factory = RecordingFactory()
    engine = VideoEngine(VideoSettings())  # real, but never asked to play: panels are frames
    session, manager = four_screen_wall(store, engine, factory, factory.release, tmp_path)
    memory = manager.memory
    manager.refresh()
    control = ControlWindow(session, manager, store)
    qtbot.addWidget(control)
    yield {
        "store": store,
        "session": session,
        "factory": factory,
        "manager": manager,
        "control": control,
        "memory": memory,
        "tmp": tmp_path,
    }
    manager.close_all()


def grid_on(manager: WallManager, monitor: str, screen: str) -> ScreenGrid:
    return manager.windows[monitor].grids[screen]


def cell_point(grid: ScreenGrid, row: int, col: int) -> QPointF:
    r = grid.contentsRect()
    return QPointF(
        r.left() + (col + 0.5) * r.width() / grid.spec.cols,
        r.top() + (row + 0.5) * r.height() / grid.spec.rows,
    )


def drop(grid: ScreenGrid, mime: QMimeData, row: int, col: int) -> bool:
    """Deliver a drag entering and dropping on a cell, as Qt would; True if accepted."""
    pos = cell_point(grid, row, col)
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(grid, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(
        pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(grid, event)
    return event.isAccepted()


def catalogue_mime(catalogue: Catalogue, predicate: Any) -> QMimeData:
    item = next(i for i in catalogue.leaves() if predicate(json.loads(i.data(0, PAYLOAD))))
    return catalogue.tree.mimeData([item])


def test_one_window_per_monitor_on_its_screen(wall: dict[str, Any]) -> None:
    manager: WallManager = wall["manager"]
    assert [s.name() for s in QGuiApplication.screens()] == [f"WALL-{n}" for n in range(1, 5)]
    assert manager.placement == {f"WALL-{n}": [f"wall-{n}"] for n in range(1, 5)}
    for name, win in manager.windows.items():
        screen = QGuiApplication.screenAt(win.geometry().center())
        assert screen is not None and screen.name() == name
    # the whole wall was there: its assignment is remembered for the next start
    assert MonitorMemory(wall["tmp"] / "monitors.json").assignments == {
        f"wall-{n}": f"WALL-{n}" for n in range(1, 5)
    }


def test_unplugged_monitor_moves_its_panels_and_they_come_back(
    wall: dict[str, Any], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager: WallManager = wall["manager"]
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    all_screens = QGuiApplication.screens()
    kept_widgets = dict(grid_on(manager, "WALL-1", "wall-1").panels)
    gone: QScreen = all_screens[2]
    # offscreen Qt cannot unplug a screen: the manager is shown three and told one went
    monkeypatch.setattr(manager, "qscreens", lambda: [s for s in all_screens if s is not gone])
    app.screenRemoved.emit(gone)
    qtbot.waitUntil(lambda: "WALL-3" not in manager.windows, timeout=2000)
    hosts = [m for m, names in manager.placement.items() if "wall-3" in names]
    assert len(hosts) == 1 and manager.placement[hosts[0]][0] != "wall-3"
    assert "wall-3" in manager.windows[hosts[0]].grids  # shown beside the host's own screen
    assert len(manager.panels()) == 4 * 3
    assert grid_on(manager, "WALL-1", "wall-1").panels == kept_widgets, "others untouched"
    monkeypatch.setattr(manager, "qscreens", lambda: all_screens)
    app.screenAdded.emit(gone)
    qtbot.waitUntil(lambda: "WALL-3" in manager.windows, timeout=2000)
    assert manager.placement["WALL-3"] == ["wall-3"] and manager.placement[hosts[0]] == [
        hosts[0].replace("WALL", "wall")
    ]


def test_operator_moves_a_screen_to_another_monitor_and_it_survives_restart(
    wall: dict[str, Any],
) -> None:
    manager: WallManager = wall["manager"]
    manager.move_screen("wall-1", "WALL-4")
    assert manager.placement["WALL-4"] == ["wall-1"] and manager.placement["WALL-1"] == ["wall-4"]
    again = MonitorMemory(wall["tmp"] / "monitors.json")
    assert again.assignments["wall-1"] == "WALL-4" and again.assignments["wall-4"] == "WALL-1"


def test_drop_from_catalogue_places_a_camera_and_a_kpi(wall: dict[str, Any]) -> None:
    manager: WallManager = wall["manager"]
    session: LayoutSession = wall["session"]
    catalogue: Catalogue = wall["control"].catalogue
    grid = grid_on(manager, "WALL-2", "wall-2")
    cam = catalogue_mime(catalogue, lambda d: d["settings"].get("camera_id") == "cam07")
    assert not drop(grid, cam, 1, 1), "not editing: the wall ignores drops"
    assert session.layout.screens[1].panel_at(1, 1) is None
    manager.set_editing(True)
    assert drop(grid, cam, 1, 1)
    placed = session.layout.screens[1].panels[session.layout.screens[1].panel_at(1, 1) or 0]
    assert placed.settings == {"camera_id": "cam07"}
    assert grid.panels[next(iter(k for k, s in grid._specs.items() if s == placed))].isVisible()
    kpi = catalogue_mime(catalogue, lambda d: d["kind"] == "kpi_trend")
    assert drop(grid, kpi, 0, 0)  # onto a camera: replaces it, same cell
    first = session.layout.screens[1].panels[session.layout.screens[1].panel_at(0, 0) or 0]
    assert first.kind == "kpi_trend"


def test_drag_panel_onto_another_swaps_without_rebuilding(wall: dict[str, Any]) -> None:
    manager: WallManager = wall["manager"]
    session: LayoutSession = wall["session"]
    factory: RecordingFactory = wall["factory"]
    manager.set_editing(True)
    grid = grid_on(manager, "WALL-1", "wall-1")
    before = {identity(s): grid.panels[k] for k, s in grid._specs.items()}
    made = len(factory.made)
    a = session.layout.screens[0].panel_at(0, 0)
    assert a is not None
    moved_id = identity(session.layout.screens[0].panels[a])
    assert drop(grid, move_mime(0, a), 1, 0)
    spec_now = session.layout.screens[0].panels[session.layout.screens[0].panel_at(1, 0) or 0]
    assert identity(spec_now) == moved_id
    assert len(factory.made) == made and not factory.released, "same widgets, re-placed"
    after = {identity(s): grid.panels[k] for k, s in grid._specs.items()}
    assert after == before
    # and into the free cell: moves there, the old cell is free
    assert drop(grid, move_mime(0, session.layout.screens[0].panel_at(1, 0) or 0), 1, 1)
    assert session.layout.screens[0].panel_at(1, 0) is None


def test_undo_redo_from_the_wall_keyboard_close_and_resize(
    wall: dict[str, Any], qtbot: Any
) -> None:
    manager: WallManager = wall["manager"]
    session: LayoutSession = wall["session"]
    manager.set_editing(True)
    win = manager.windows["WALL-1"]
    grid = win.grids["wall-1"]
    original = session.layout.to_json()
    key = next(k for k, s in grid._specs.items() if (s.row, s.col) == (0, 1))
    closes = grid._close_buttons
    assert len(closes) == 3
    qtbot.mouseClick(closes[list(grid.panels).index(key)], Qt.MouseButton.LeftButton)
    assert len(session.layout.screens[0].panels) == 2
    menu = grid.edit_menu(next(k for k, s in grid._specs.items() if (s.row, s.col) == (0, 0)))
    grow = next(a for a in menu.actions() if a.text() == "Rộng thêm một cột")
    grow.trigger()
    assert session.layout.screens[0].panels[0].col_span == 2
    win.activateWindow()
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.layout.to_json() == original
    qtbot.keyClick(win, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(session.layout.screens[0].panels) == 2


def test_locked_layout_ignores_drops_and_says_why(wall: dict[str, Any], qtbot: Any) -> None:
    manager: WallManager = wall["manager"]
    session: LayoutSession = wall["session"]
    control: ControlWindow = wall["control"]
    manager.set_editing(True)
    qtbot.mouseClick(control.lock_btn, Qt.MouseButton.LeftButton)
    assert session.layout.locked and not manager.editing
    assert not control.edit_btn.isEnabled()
    assert manager.windows["WALL-1"].mode_label.text() == "🔒 Đã khoá"
    messages: list[str] = []
    session.sig_message.connect(messages.append)
    assert not session.remove(PanelRef(0, 0))
    assert "khoá" in messages[-1]


def test_control_window_presets_save_as_default_and_delete(
    wall: dict[str, Any], qtbot: Any
) -> None:
    session: LayoutSession = wall["session"]
    control: ControlWindow = wall["control"]
    manager: WallManager = wall["manager"]
    control.screen_pick.setCurrentIndex(1)
    control.preset_pick.setCurrentText("1+5")
    qtbot.mouseClick(control.preset_btn, Qt.MouseButton.LeftButton)
    assert (session.layout.screens[1].rows, session.layout.screens[1].cols) == (3, 3)
    assert manager.windows["WALL-2"].grids["wall-2"].grid.rowStretch(2) == 1
    assert session.dirty() and "chưa lưu" in control.current.text()
    assert session.save_as("Lễ hội Đền Hùng")
    assert session.layout.name == "le-hoi-den-hung" and not session.dirty()
    names = [
        control.layouts.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(control.layouts.count())
    ]
    assert "le-hoi-den-hung" in names and "traffic-incident" in names
    control.layouts.setCurrentRow(names.index("le-hoi-den-hung"))
    qtbot.mouseClick(control.default_btn, Qt.MouseButton.LeftButton)
    assert "(mặc định)" in control.layouts.currentItem().text()
    assert LayoutLibrary(layouts_dir(), wall["tmp"] / "layouts").default_name() == (
        "le-hoi-den-hung"
    )
    session.open("air-pollution")
    assert [g for w in manager.windows.values() for g in w.grids] == ["wall-1"]
    assert len(manager.windows) == 1, "a one-screen layout leaves the other monitors"


def test_incident_layout_fills_slots_and_an_empty_slot_says_so(
    wall: dict[str, Any], backend: BackendClient
) -> None:
    session: LayoutSession = wall["session"]
    store: Store = wall["store"]
    factory: RecordingFactory = wall["factory"]
    incidents = backend.incidents()
    traffic = next(i for i in incidents if i.sub_category == "carAccident")
    assert session.open_for_incident(traffic, list(store.cameras.values()))
    assert session.layout.name == "traffic-incident" and session.incident_id == traffic.id
    slots = [
        p.settings.get("camera_id")
        for s in session.layout.screens
        for p in s.panels
        if "slot" in p.settings
    ]
    assert all(slots) and len(set(slots)) == len(slots)
    assert not session.dirty()
    assert any('"slot": 1' in m and "camera_id" in m for m in factory.made)


def test_incident_copy_is_not_saved_over_its_base_and_bad_names_fall_back(
    wall: dict[str, Any], backend: BackendClient
) -> None:
    from ioc_desktop.services import choose_first_layout

    session: LayoutSession = wall["session"]
    messages: list[str] = []
    session.sig_message.connect(messages.append)
    inc = next(i for i in backend.incidents() if session.layout_for(i) is not None)
    assert session.open_for_incident(inc, list(wall["store"].cameras.values()))
    base = session.layout.name
    assert not session.save() and "Lưu thành" in messages[-1]
    assert not (wall["tmp"] / "layouts" / f"{base}.json").exists()
    library = session.library
    layout, problem = choose_first_layout(library, "no-such-layout")
    assert layout is not None and layout.name == "overview"
    assert problem is not None and "no-such-layout" in problem and "traffic-incident" in problem
    layout, problem = choose_first_layout(library, "")
    assert layout is not None and layout.name == "overview" and problem is None


def test_number_keys_on_the_wall_open_saved_layouts(wall: dict[str, Any], qtbot: Any) -> None:
    session: LayoutSession = wall["session"]
    names = session.library.names()
    win = wall["manager"].windows["WALL-1"]
    qtbot.keyClick(win, Qt.Key.Key_2)
    assert session.layout.name == names[1]


def test_pressing_a_title_and_moving_starts_a_panel_drag_only_while_editing(
    wall: dict[str, Any], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager: WallManager = wall["manager"]
    grid = grid_on(manager, "WALL-1", "wall-1")
    started: list[str] = []
    monkeypatch.setattr(grid, "start_drag", started.append)  # QDrag.exec would block here
    key, panel = next(iter(grid.panels.items()))

    def press_and_move() -> None:
        qtbot.mousePress(panel, Qt.MouseButton.LeftButton, pos=QPoint(20, 10))
        qtbot.mouseMove(panel, QPoint(60, 30))
        qtbot.mouseRelease(panel, Qt.MouseButton.LeftButton, pos=QPoint(60, 30))

    press_and_move()
    assert started == [], "a wall that is not being edited cannot be dragged apart"
    manager.set_editing(True)
    press_and_move()
    assert started == [key]
    started.clear()
    qtbot.mousePress(panel, Qt.MouseButton.LeftButton, pos=QPoint(20, panel.height() - 10))
    qtbot.mouseMove(panel, QPoint(80, panel.height() - 40))
    assert started == [], "only the title row starts a drag (the video area is for the picture)"


def worse_value(k: Any) -> float:
    return float(k.value + (1 if not k.higher_is_better else -1))


def test_kpi_tile_group_shows_values_arrows_and_a_clear_gap(
    qtbot: Any, backend: BackendClient
) -> None:
    from widgets.kpi_tiles import KpiTilesPanel

    store = Store()
    kpis = backend.kpis()
    store.set_kpis(kpis)
    system8 = sorted(k.id for k in kpis if k.system == 8)
    panel = KpiTilesPanel(store, system=8, title="8 · Môi trường")
    qtbot.addWidget(panel)
    assert list(panel.tiles) == system8
    tile = panel.tiles[system8[0]]
    kpi = store.kpis[system8[0]]
    assert "," in tile.value.text() or kpi.value == int(kpi.value)  # Vietnamese decimals
    assert "▲" not in tile.value.text() and "▼" not in tile.value.text(), "no previous yet"
    worse = [
        type(k)(**{**k.__dict__, "value": k.value + (1 if not k.higher_is_better else -1)})
        if k.id == kpi.id
        else k
        for k in kpis
    ]
    store.set_kpis(worse)
    text = panel.tiles[kpi.id].value.text()
    assert ("▲" in text) != kpi.higher_is_better and "#ff453a" in text, "worse shows red"
    assert panel.tiles[kpi.id].spark.values == [kpi.value, worse_value(kpi)], "seen here"
    store.set_series(backend.kpi_series(kpi.id))
    series = store.series[kpi.id]
    assert panel.tiles[kpi.id].spark.values == [pt.value for pt in series.points][-120:]
    gauge = panel.tiles[kpi.id].gauge
    assert (gauge.percent is not None) == (kpi.unit == "%")
    percent = next(k for k in kpis if k.unit == "%")
    pct_panel = KpiTilesPanel(store, kpi_ids=[percent.id])
    qtbot.addWidget(pct_panel)
    shown = store.kpis[percent.id]
    assert pct_panel.tiles[percent.id].gauge.percent == max(0.0, min(100.0, shown.value))
    named = KpiTilesPanel(store, kpi_ids=[kpi.id, "gone-kpi"])
    qtbot.addWidget(named)
    assert named.tiles["gone-kpi"].detail.text() == "không còn trong danh mục"


def test_series_follow_the_layout_including_whole_system_tile_groups() -> None:
    from ioc_desktop.layout.kinds import polled_series as kpi_ids_of

    layout = Layout(
        "k",
        "k",
        [
            ScreenSpec(
                "s",
                1,
                3,
                [
                    PanelSpec("kpi_trend", 0, 0, settings={"kpi_id": "a"}),
                    PanelSpec("kpi_tiles", 0, 1, settings={"kpi_ids": ["b", "a"]}),
                    PanelSpec("kpi_tiles", 0, 2, settings={"system": 8}),
                ],
            )
        ],
    )
    assert kpi_ids_of(layout) == ["a", "b"]
    assert kpi_ids_of(layout, {8: ["mt-aqi-max"], 5: ["x"]}) == ["a", "b", "mt-aqi-max"]


class FakeMap(PanelFrame):
    """A map panel without QtWebEngine (the real one runs in the map probe, under Xvfb)."""

    sig_view_changed = Signal(float, float, int)

    def __init__(self) -> None:
        super().__init__("map")
        self.views: list[tuple[tuple[float, float], int]] = []

    def show_view(self, center: tuple[float, float], zoom: int) -> None:
        self.views.append((center, zoom))


def fake_maps(wall: dict[str, Any]) -> list[FakeMap]:
    """Every map the wall's grids make from now on is a FakeMap, listed as it is made."""
    maps: list[FakeMap] = []
    plain = wall["factory"].__call__

    def make(spec: PanelSpec, key: str) -> QWidget:
        if spec.kind == "map":
            maps.append(FakeMap())
            return maps[-1]
        return plain(spec, key)  # type: ignore[no-any-return]

    for win in wall["manager"].windows.values():
        for grid in win.grids.values():
            grid.make_panel = make
    return maps


def a_fake_map_placed(wall: dict[str, Any]) -> list[FakeMap]:
    """The wall's maps are FakeMaps, and an operator has put one on the first monitor."""
    maps = fake_maps(wall)
    wall["manager"].set_editing(True)
    assert wall["session"].place(0, 1, 1, "map", {"center": [21.15, 105.37], "zoom": 9})
    assert len(maps) == 1
    return maps


def test_a_panned_map_view_is_kept_in_the_layout_without_a_rebuild(
    wall: dict[str, Any], qtbot: Any
) -> None:
    session: LayoutSession = wall["session"]
    maps = a_fake_map_placed(wall)
    saved_before = session.layout.to_json()
    maps[0].sig_view_changed.emit(21.4, 105.1, 12)
    spec = session.layout.screens[0].panels[session.layout.screens[0].panel_at(1, 1) or 0]
    assert spec.settings == {"center": [21.4, 105.1], "zoom": 12}
    assert session.layout.to_json() != saved_before and session.dirty()
    session.undo()  # the edit is undone; the view was never an edit of its own
    assert session.layout.screens[0].panel_at(1, 1) is None
    session.redo()
    assert len(maps) == 2  # the redo builds the map again, at the view it was left at


def test_a_switch_keeps_a_map_on_its_monitor_and_moves_its_view(
    wall: dict[str, Any], qtbot: Any
) -> None:
    """A map whose new layout only looks elsewhere is the same map: no new page (a reload
    blanks it for ~1.7 s on the wall), just a new view; a map that is another map is rebuilt."""
    session: LayoutSession = wall["session"]
    manager: WallManager = wall["manager"]
    maps = a_fake_map_placed(wall)

    def with_map(name: str, settings: dict[str, Any]) -> Layout:
        data = session.layout.to_json()
        data["name"] = name
        for p in data["screens"][0]["panels"]:
            if p["kind"] == "map":
                p["settings"] = settings
        return Layout.from_json(data)

    session.show_layout(with_map("flood", {"center": [21.3, 105.4], "zoom": 13}), "pushed")
    assert len(maps) == 1 and maps[0].views == [((21.3, 105.4), 13)]
    assert maps[0] in manager.panels().values()
    # another kind of map (it follows the incident): a new panel
    follow = {"center": [21.3, 105.4], "zoom": 13, "follow_incident": True}
    session.show_layout(with_map("incident", follow), "pushed")
    assert len(maps) == 2 and maps[0] not in manager.panels().values()
    assert maps[1] in manager.panels().values()


def test_kpi_by_ward_drills_down_to_one_wards_series(qtbot: Any, backend: BackendClient) -> None:
    from widgets.kpi_bars import KpiBarsPanel, band_color

    store = Store()
    store.set_kpis(backend.kpis())
    panel = KpiBarsPanel("dvc-ontime-rate", store)
    qtbot.addWidget(panel)
    items = backend.kpi_breakdown("dvc-ontime-rate")
    store.set_breakdown("dvc-ontime-rate", items)
    assert panel.area_codes == [i.area_code for i in items] and panel.updates == 1
    kpi = store.kpis["dvc-ontime-rate"]
    brushes = panel.bars.opts["brushes"]  # type: ignore[union-attr]
    assert [b.name() for b in brushes] == [band_color(kpi, i.value).lower() for i in items]
    asked: list[tuple[str, str]] = []
    panel.sig_drill.connect(lambda kid, area: asked.append((kid, area)))
    panel.open_bar(2)
    assert asked == [("dvc-ontime-rate", items[2].area_code)]
    assert items[2].area_name in panel.title.text() and panel.back.isVisibleTo(panel)
    ward = backend.kpi_series("dvc-ontime-rate", area=items[2].area_code)  # what the sync fetches
    assert ward.key == f"dvc-ontime-rate@{items[2].area_code}"
    store.set_series(ward)
    _xs, ys = panel.curve.getData()
    assert list(ys) == [p.value for p in ward.points]
    province = backend.kpi_series("dvc-ontime-rate")
    assert [p.value for p in ward.points] != [p.value for p in province.points]
    panel.show_all()
    assert panel.drilled is None and not panel.back.isVisibleTo(panel)


def shifted(layout: Layout, name: str) -> Layout:
    """The same screens with other cameras in every cell: a switch that keeps no panel."""
    data = layout.to_json()
    data["name"] = name
    for screen in data["screens"]:
        for p in screen["panels"]:
            n = int(p["settings"]["camera_id"][-2:])
            p["settings"]["camera_id"] = f"cam{(n + 3) % 8 + 1:02d}"
    return Layout.from_json(data)


def test_a_switch_releases_every_old_panel_on_every_monitor_before_making_one(
    wall: dict[str, Any],
) -> None:
    """Old decoders stop before new ones start on the same cores (issue #4's 2 s)."""
    session: LayoutSession = wall["session"]
    factory: RecordingFactory = wall["factory"]
    factory.order.clear()
    session.show_layout(shifted(session.layout, "four-b"), "pushed")
    assert factory.order.count("released") == 12 and factory.order.count("made") == 12
    assert factory.order == ["released"] * 12 + ["made"] * 12


def test_a_switch_starts_the_new_tiles_video_after_the_wall_is_built(
    qtbot: Any, backend: BackendClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No player starts while the switch is still building other monitors (on 2 cores it
    slowed the building 3-5 times); all of them start on the next turn of the loop."""
    from tests.walls import build_wall, close_wall
    from widgets.camera_tile import CameraTile

    engine = VideoEngine(VideoSettings())
    opened: list[str] = []
    monkeypatch.setattr(engine, "open", lambda key, *_a, **_k: opened.append(key))
    services, shell = build_wall(
        four_screen_layout(),
        backend.base_url,
        DEMO_TOKEN,
        tmp_path / "layouts",
        window_size=(960, 540),
        engine=engine,
    )
    services.store.set_cameras(backend.cameras())
    session, manager = services.session, shell.manager
    try:
        manager.refresh()
        qtbot.waitUntil(lambda: len(opened) == 12, timeout=3000)  # the first layout plays
        opened.clear()
        session.show_layout(shifted(session.layout, "four-b"), "pushed")
        new_tiles = {k for k, w in manager.panels().items() if isinstance(w, CameraTile)}
        assert len(new_tiles) == 12 and opened == []  # the switch call itself starts none
        qtbot.waitUntil(lambda: len(opened) == 12, timeout=3000)
        assert set(opened) == new_tiles
    finally:
        close_wall(services, shell)


def test_a_trend_made_by_a_switch_shows_the_series_the_store_already_has(
    qtbot: Any, backend: BackendClient
) -> None:
    """A layout switch makes new chart panels while the store already holds their series
    (the poll will not say "changed" again until the data does): they draw it at once."""
    from widgets.chart_pacer import shared_pacer
    from widgets.kpi_panels import KpiTrendPanel

    store = Store()
    store.set_kpis(backend.kpis())
    series = backend.kpi_series("dvc-ontime-rate")
    store.set_series(series)
    panel = KpiTrendPanel("dvc-ontime-rate", store)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.updates == 1 and shared_pacer().pending() == 0, timeout=2000)
    xs, ys = panel.curve.getData()
    assert xs is not None and len(xs) == len(series.points)
    assert list(ys) == [p.value for p in series.points]


def test_hovering_a_trend_reads_value_and_time_in_vietnamese(
    qtbot: Any, backend: BackendClient
) -> None:
    from ioc_desktop import clock
    from widgets.kpi_panels import KpiTrendPanel

    store = Store()
    store.set_kpis(backend.kpis())
    panel = KpiTrendPanel("dvc-ontime-rate", store)
    qtbot.addWidget(panel)
    assert panel.hover.readout_at(0.0) is None, "nothing to read before the series comes"
    series = backend.kpi_series("dvc-ontime-rate")
    store.set_series(series)
    qtbot.waitUntil(lambda: panel.updates > 0, timeout=2000)  # drawn at the pacer's turn
    point = series.points[len(series.points) // 2]
    found = panel.hover.readout_at(point.t.timestamp() + 0.4)
    assert found is not None
    x, y, text = found
    assert x == point.t.timestamp() and y == point.value
    when = clock.from_epoch(x).strftime("%H:%M:%S %d/%m/%Y")  # the province's time
    assert text.startswith(when) and text.endswith(" %")
    assert "," in text.split(" · ")[1] or point.value == int(point.value)
