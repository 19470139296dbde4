"""The decode plan on the wall (widgets/wall_plan.py): a layout over this PC's budget goes live
with the plan the control window showed for it (same words, same rungs), tiles say why they
play less, and a layout within budget plays as before. Offscreen Qt, a real engine whose
players are not started (open/switch recorded)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget

from ioc_desktop.backend.models import Camera, StreamProfile
from ioc_desktop.demo.server import DemoHttpServer
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec
from ioc_desktop.layout_plan import plan_layout, plan_text
from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.planner import DecodeBudget, Rung
from tests.test_shell import build, close, server  # noqa: F401 (server: a fixture)
from widgets.camera_tile import CameraTile
from widgets.wall_plan import WallPlanner

ROWS, COLS = 3, 4
TIGHT = DecodeBudget(cores=1, wall_share=0.1, measured=True)  # 12 light sub streams: 158 %


def camera(i: int) -> Camera:
    streams = (
        StreamProfile("main", "http", f"http://127.0.0.1:9/c{i}/main", "h264", 1280, 720, 25),
        StreamProfile("sub", "http", f"http://127.0.0.1:9/c{i}/sub", "h264", 640, 360, 25),
    )
    return Camera(f"c{i}", f"Camera {i}", (21.3, 105.4), "25", "online", False, (), streams, None)


def layout() -> Layout:
    panels = [
        PanelSpec("camera", r, c, settings={"camera_id": f"c{r * COLS + c}"})
        for r in range(ROWS)
        for c in range(COLS)
    ]
    return Layout("plan-test", "Thử kế hoạch", [ScreenSpec("A", ROWS, COLS, panels)])


@pytest.fixture
def wall(qapp: QApplication) -> Iterator[tuple[QWidget, list[CameraTile], list[Any], Store]]:
    store = Store()
    store.set_cameras([camera(i) for i in range(ROWS * COLS)])
    engine = VideoEngine()
    opened: list[Any] = []
    engine.open = lambda key, url, win, light=False, transport=None, *, keyframes=False: (  # type: ignore[method-assign]
        opened.append((key, url, light, keyframes))
    )
    engine.switch = engine.open  # type: ignore[method-assign]
    planner = WallPlanner.shared()
    before = planner.budget
    window = QWidget()
    grid = QGridLayout(window)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setSpacing(0)
    tiles = []
    for i in range(ROWS * COLS):
        tile = CameraTile(f"A/{i}", f"c{i}", store, engine)
        grid.addWidget(tile, i // COLS, i % COLS)
        tiles.append(tile)
    window.resize(1920, 1080)
    yield window, tiles, opened, store
    for tile in tiles:
        tile.release()
    window.close()
    planner.set_budget(before)
    engine.shutdown()


def go_live(qapp: QApplication, window: QWidget, qtbot: Any) -> None:
    window.show()
    qtbot.wait(500)  # showEvent's start (50 ms), the plan's re-choose (300 ms debounce)
    qapp.processEvents()


def test_a_layout_over_budget_goes_live_with_the_plan_it_showed(
    qapp: QApplication, wall: tuple[QWidget, list[CameraTile], list[Any], Store], qtbot: Any
) -> None:
    window, tiles, opened, store = wall
    WallPlanner.shared().set_budget(TIGHT)
    shown = plan_layout(layout(), store.cameras, TIGHT, (1920, 1080))
    said = plan_text(shown, TIGHT)
    assert shown.load_asked > 1.0 >= shown.load_planned
    assert "158 %" in said and "ảnh tĩnh" in said, said
    go_live(qapp, window, qtbot)
    live = WallPlanner.shared().plan
    assert plan_text(live, TIGHT) == said  # the wall does what the control window said
    last = {key: (url, light, keyframes) for key, url, light, keyframes in opened}
    stills = [t.key for t in tiles if t.still.planned]  # true stills: no player at all
    assert len(stills) == shown.count(Rung.STILL) > 0
    assert set(last) | set(stills) == {t.key for t in tiles}  # every tile shows something
    assert not any(keyframes for *_x, keyframes in opened)  # libVLC's sparse pictures: gone
    assert all(url.endswith("/sub") for url, _l, _k in last.values())
    still_tile = next(t for t in tiles if t.key in stills)
    assert "quá tải" in still_tile.subtitle.text()  # the tile says why it shows a still
    assert "ảnh tĩnh" in still_tile.tooltip_text() and still_tile._pill_state[0] == "Ảnh tĩnh"


def test_a_bar_over_the_wall_moves_no_still_and_restarts_no_tile(
    qapp: QApplication, wall: tuple[QWidget, list[CameraTile], list[Any], Store], qtbot: Any
) -> None:
    """A new incident's question takes a strip of the wall window: every tile shrinks a
    little, and the wall keeps its plan (before, pixel areas reordered the tiles, the stills
    moved and the video tiles restarted: a 48-tile wall's every new incident)."""
    window, tiles, opened, _store = wall
    WallPlanner.shared().set_budget(TIGHT)
    window.resize(1919, 1081)  # cells a pixel apart, as most screens divide
    go_live(qapp, window, qtbot)
    stills = {t.key for t in tiles if t.still.planned}
    assert 0 < len(stills) < len(tiles)
    before = len(opened)
    for height in (1031, 1081):  # the bar comes, and goes
        window.resize(1919, height)
        qtbot.wait(500)  # the resize's re-plan and the tiles' re-choice (300 ms debounce)
        assert {t.key for t in tiles if t.still.planned} == stills
        assert len(opened) == before, opened[before:]


def test_a_layout_within_budget_plays_as_before(
    qapp: QApplication, wall: tuple[QWidget, list[CameraTile], list[Any], Store], qtbot: Any
) -> None:
    window, tiles, opened, store = wall
    budget = DecodeBudget(cores=8, measured=True)
    WallPlanner.shared().set_budget(budget)
    said = plan_text(plan_layout(layout(), store.cameras, budget), budget)
    assert "mọi ô phát như thường" in said
    go_live(qapp, window, qtbot)
    assert {(light, keyframes) for _k, _u, light, keyframes in opened} == {(True, False)}
    assert len(opened) == len(tiles)  # no tile opened twice


def test_the_selftest_reports_the_plan_and_each_tiles_ladder(
    server: DemoHttpServer,  # noqa: F811
    tmp_path: Path,
    qapp: QApplication,
) -> None:
    services, shell = build(server, tmp_path, "wall")
    try:
        extra = shell.selftest_probes().extra
        plan = extra["wall_plan"]()
        assert {"load_asked", "load_planned", "rungs", "budget_measured"} <= set(plan)
        assert plan["enabled"] and plan["governor_changes"] == 0
        assert plan["display_tiles"] == WallPlanner.shared().budget.display_tiles
        assert extra["tile_recovery"]() == {}  # nothing failed: no attempts to tell
        # the planner off (the bench's baseline): no tile plays by plan, none is a still
        WallPlanner.shared().enabled = False
        try:
            assert extra["wall_plan"]()["rungs"] == {}
        finally:
            WallPlanner.shared().enabled = True
    finally:
        close(services, shell)


def test_measuring_on_demand_runs_off_the_ui_thread_keeps_and_applies_the_budget(
    qapp: QApplication, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from ioc_desktop.video import decode_budget

    measured = DecodeBudget({"h264:360:full": 500.0}, 3, 0.2, True, 24)
    threads: list[str] = []
    resting: list[bool] = []
    go = threading.Event()

    def fake(data_dir: Path, running_cost: Any = None, display: bool = True) -> DecodeBudget:
        threads.append(threading.current_thread().name)
        go.wait(5)
        resting.append(planner.probing)  # the governor rests while the probe loads the PC
        assert running_cost is not None and running_cost(measured) == 0.0  # no tiles here
        decode_budget.save(data_dir, measured)
        return measured

    monkeypatch.setattr(decode_budget, "measure_and_keep", fake)
    planner = WallPlanner(None)
    planner.load_budget(tmp_path, measure_after_s=None)
    assert not planner.budget.measured  # nothing kept yet: the default
    with qtbot.waitSignal(planner.sig_budget_measured, timeout=5000):
        planner.measure(tmp_path)
        planner.measure(tmp_path)  # a second ask while one runs: the same probe, not two
        go.set()
    qapp.processEvents()
    assert planner.budget == measured and threads == ["decode-probe"] and resting == [True]
    assert not planner.probing
    again = WallPlanner(None)
    again.load_budget(tmp_path, measure_after_s=0.01)  # kept: no new measure
    qtbot.wait(100)
    assert again.budget == measured and threads == ["decode-probe"]


def test_a_push_is_planned_on_each_stations_reported_budget(store_cams: Store) -> None:
    from ioc_desktop.layout_plan import stations_plan_text

    two = Layout(
        "two",
        "Hai màn",
        [
            ScreenSpec("A", ROWS, COLS, layout().screens[0].panels),
            ScreenSpec("B", 1, 1, [PanelSpec("camera", 0, 0, settings={"camera_id": "c0"})]),
        ],
    )
    slow = {"fps_per_core": {"h264:360:light": 1900.0}, "cores": 1, "wall_share": 0.1}
    statuses: list[dict[str, object]] = [
        {
            "name": "pc-1",
            "should_show": ["A"],
            "showing": {"decode_budget": {**slow, "measured": True}},
        },
        {
            "name": "pc-2",
            "should_show": ["B"],
            "showing": {"decode_budget": {**slow, "measured": True}},
        },
        {"name": "pc-3", "should_show": [], "showing": None},  # reported no budget: left out
    ]
    text = stations_plan_text(two, store_cams.cameras, statuses)
    lines = text.splitlines()
    assert len(lines) == 2, text
    assert lines[0].startswith("pc-1: ") and "158 %" in lines[0] and "ảnh tĩnh" in lines[0]
    assert lines[1].startswith("pc-2: ") and "mọi ô phát như thường" in lines[1]


@pytest.fixture
def store_cams(qapp: QApplication) -> Store:
    store = Store()
    store.set_cameras([camera(i) for i in range(ROWS * COLS)])
    return store


def test_a_struggling_wall_steps_its_least_important_tile_down_and_the_tile_says_so(
    qapp: QApplication, wall: tuple[QWidget, list[CameraTile], list[Any], Store], qtbot: Any
) -> None:
    from ioc_desktop.video.engine import TileStats
    from ioc_desktop.video.watchdog import TileStatus

    window, tiles, opened, _store = wall
    planner = WallPlanner.shared()
    planner.set_budget(DecodeBudget(cores=8, measured=True))  # the plan: every tile's wish
    go_live(qapp, window, qtbot)
    engine = tiles[0].engine
    # tiles live for 10 s at 12 of 25 fps (a tile live for less is still starting: not judged)
    started = TileStats(TileStatus.LIVE, 100, 12.0, 0.1, 0, "", went_live_at=[time.time() - 2])
    engine.stats = lambda key: started  # type: ignore[method-assign]
    for _ in range(5):
        planner._govern()
    assert not planner._governor.log  # type: ignore[union-attr]
    slow = TileStats(TileStatus.LIVE, 100, 12.0, 0.1, 0, "", went_live_at=[time.time() - 10])
    engine.stats = lambda key: slow  # type: ignore[method-assign]
    before = len(opened)
    for _ in range(9):  # 12 of 25 fps for 9 s: struggling, but not yet long enough for a
        planner._govern()  # still (every tile plays its lowest video rung)
    assert not planner._governor.log  # type: ignore[union-attr]
    for _ in range(2):  # 10 s: the least important tile's video goes
        planner._govern()
    qtbot.wait(400)  # the tile's re-choice (300 ms debounce)
    assert len(opened) == before  # stepped down to a still: no player opened for it
    stepped = [t for t in tiles if t.still.planned]
    assert stepped, [t._pill_state for t in tiles]
    tile = stepped[0]
    assert "quá tải" in tile.subtitle.text() and "quá tải" in tile.tooltip_text()
    changed = [key for _at, key, _was, _now in planner._governor.log]  # type: ignore[union-attr]
    assert len(changed) == len(set(changed))  # no tile changed twice within 5 s
    assert planner.report()["stepped_up_s_ago"] == {}  # steps down are not starting tiles


def test_a_wall_that_plays_more_than_its_budget_at_full_rate_raises_it_and_keeps_it(
    qapp: QApplication,
    wall: tuple[QWidget, list[CameraTile], list[Any], Store],
    qtbot: Any,
    tmp_path: Path,
) -> None:
    """A budget read short (a probe during a passing load) planned stills; the governor
    steps them back up while every tile plays at its full rate, and once the wall has held
    a minute at that load the budget is raised to it and kept for the next start."""
    from ioc_desktop.video import decode_budget
    from ioc_desktop.video.engine import TileStats
    from ioc_desktop.video.watchdog import TileStatus

    window, tiles, _opened, _store = wall
    planner = WallPlanner.shared()
    planner.load_budget(tmp_path, measure_after_s=None)
    short = DecodeBudget(cores=2, wall_share=0.002, measured=True, display_tiles=1)
    planner.set_budget(short)
    go_live(qapp, window, qtbot)
    assert planner.plan.count(Rung.STILL) >= len(tiles) - 2  # the short budget's plan
    healthy = TileStats(TileStatus.LIVE, 100, 25.0, 0.1, 0, "", went_live_at=[time.time() - 30])
    tiles[0].engine.stats = lambda key: healthy  # type: ignore[method-assign]
    for _ in range(15 * len(tiles) + 90):  # a simulated second each
        planner._govern()
    report = planner.report()
    assert report["budget_learned"], planner._governor.log  # type: ignore[union-attr]
    ups = report["stepped_up_s_ago"]  # the bench judges a tile still starting apart
    assert isinstance(ups, dict) and len(ups) >= len(tiles) - 2
    assert all(0 <= ago <= 15 * len(tiles) + 90 for ago in ups.values()), ups
    assert planner.budget.wall_share > short.wall_share
    assert planner.budget.display_tiles == 1  # what the probe said stays told
    assert decode_budget.load(tmp_path) == planner.budget  # kept for the next start
    # the next plan of this wall is the wall as it plays: no stills
    planner.invalidate()
    assert planner.plan.count(Rung.STILL) == 0, planner.learner.changes
