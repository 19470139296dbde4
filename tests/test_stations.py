"""A wall of several PCs: the wall's definition says which station shows which screens of a
layout; a bad definition is refused whole with the reason; a station shows only its screens
(the whole layout, said, while it has no definition), says what it shows, and a workstation
sees each station up or down. Real demo backend on loopback, offscreen Qt."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import Settings
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.demo.wall_control import DEMO_WALLS
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout, ScreenSpec
from ioc_desktop.layout.stations import WallDefinition, WallDefinitionError
from ioc_desktop.paths import layouts_dir
from ioc_desktop.services import Services
from widgets.link_text import stations_text
from widgets.shell import WallShell

SIX = [ScreenSpec(f"s{i}", 1, 1, []) for i in range(8)]


def wall(**change: Any) -> dict[str, Any]:
    d = json.loads(json.dumps(DEMO_WALLS[0]))
    d.update(change)
    return d


@pytest.mark.unit
def test_each_station_shows_its_monitors_screens_and_hosts_within_itself() -> None:
    w = WallDefinition.from_json(wall())
    # reading order: m00 m01 m02 / m10 m11 m12; a PC per column
    assert w.placement(SIX[:6]) == {
        "wall-pc-1": ["s0", "s3"],
        "wall-pc-2": ["s1", "s4"],
        "wall-pc-3": ["s2", "s5"],
    }
    # eight screens on six monitors: the two extra are hosted, one per station, in order
    assert w.placement(SIX) == {
        "wall-pc-1": ["s0", "s3", "s6"],
        "wall-pc-2": ["s1", "s4", "s7"],
        "wall-pc-3": ["s2", "s5"],
    }
    assert w.placement(SIX[:1]) == {"wall-pc-1": ["s0"], "wall-pc-2": [], "wall-pc-3": []}
    shown = w.screens_for("wall-pc-2", [ScreenSpec("a", 1, 1, [], "HDMI-1"), *SIX[1:3]])
    assert [(s.name, s.monitor) for s in shown] == [("s1", "")]  # the wall places, not hints


@pytest.mark.unit
@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            {"stations": [{"name": "a", "monitors": ["m00"]}, {"name": "a", "monitors": ["m01"]}]},
            "station 'a' is named twice",
        ),
        (
            {
                "monitors": [
                    *wall()["monitors"],
                    {"id": "m99", "row": 0, "col": 0, "width": 1, "height": 1},
                ]
            },
            "overlap at row 0, col 0",
        ),
        (
            {
                "stations": [
                    {"name": "a", "monitors": ["m00", "m01", "m02", "m10", "m11", "m12", "m00"]}
                ]
            },
            "driven by two stations",
        ),
        ({"stations": [{"name": "a", "monitors": ["m00", "zz"]}]}, "does not have"),
        ({"stations": [{"name": "a", "monitors": ["m00"]}]}, "driven by no station"),
    ],
)
def test_a_bad_definition_is_refused_with_the_reason(change: dict[str, Any], said: str) -> None:
    with pytest.raises(WallDefinitionError, match=said):
        WallDefinition.from_json(wall(**change))


@pytest.fixture(scope="module")
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation(SimConfig(auto_progress=False, incident_rate=0.0))).start()
    yield srv
    srv.stop()


FOUR = Layout(
    "four",
    "Bốn màn hình",
    [ScreenSpec(f"screen-{i}", 1, 2, []) for i in range(1, 5)],
)


def station(
    server: DemoHttpServer, tmp_path: Path, name: str, role: str = "wall"
) -> tuple[Services, WallShell]:
    settings = Settings(backend_url=server.base_url, token=DEMO_TOKEN, role=role, station=name)
    app = QApplication.instance()
    assert app is not None
    user = tmp_path / (name or "desk")
    user.mkdir(exist_ok=True)
    for shipped in layouts_dir().glob("*.json"):  # the user's copies, without maps (those
        doc = json.loads(shipped.read_text("utf-8"))  # need Xvfb: tests of their own)
        for screen in doc["screens"]:
            screen["panels"] = [p for p in screen["panels"] if p["kind"] != "map"]
        (user / shipped.name).write_text(json.dumps(doc), "utf-8")
    library = LayoutLibrary(layouts_dir(), user)
    services = Services.build(settings, app, library=library, layout=FOUR)
    services.stations.every_s = 0.2
    shell = WallShell(services, window_size=(800, 450))
    return services, shell


def shown(shell: WallShell) -> list[str]:
    return [n for win in shell.manager.windows.values() for n in win.grids]


@pytest.mark.qt
def test_stations_show_their_screens_and_workstations_see_them(
    server: DemoHttpServer, tmp_path: Path, qapp: QApplication
) -> None:
    pc2, shell2 = station(server, tmp_path, "wall-pc-2")
    pc3, shell3 = station(server, tmp_path, "wall-pc-3")
    desk, desk_shell = station(server, tmp_path, "", role="workstation")
    seen: list[Any] = []
    desk.stations.sig_stations.connect(seen.append)
    # before the definition is read, a station shows the whole layout (never nothing)
    assert shown(shell2) == ["screen-1", "screen-2", "screen-3", "screen-4"]

    async def scenario() -> None:
        for s in (pc2, pc3, desk):
            s.stations.start()
        t0 = time.monotonic()

        def reported() -> bool:  # the desk has heard each station's screens since
            last = {st["name"]: st for st in seen[-1]} if seen else {}
            return all(
                (last.get(n) or {}).get("showing", {}) or {} for n in ("wall-pc-2", "wall-pc-3")
            ) and (last["wall-pc-2"]["showing"] or {}).get("screens") == ["screen-2"]

        while time.monotonic() - t0 < 5 and not (
            pc2.stations.definition and pc3.stations.definition and reported()
        ):
            await asyncio.sleep(0.05)
            QApplication.processEvents()
        for s in (pc2, pc3, desk):
            await s.stations.stop()

    asyncio.run(scenario())
    QApplication.processEvents()
    # four screens on the 2×3 wall: screen-2 on m01 (wall-pc-2), screen-3 on m02 (wall-pc-3),
    # screen-4 on m10 (wall-pc-1); one offscreen monitor each
    assert shown(shell2) == ["screen-2"]
    assert shown(shell3) == ["screen-3"]
    statuses = {st["name"]: st for st in seen[-1]}
    assert statuses["wall-pc-2"]["up"] and statuses["wall-pc-2"]["showing"]["screens"] == [
        "screen-2"
    ]
    # what each should show follows the layout the wall shows now (the backend's state)
    c = BackendClient(server.base_url, DEMO_TOKEN)
    _v, raw = c.wall_layout(c.wall_state().layout)
    c.close()
    expected = WallDefinition.from_json(wall()).placement(Layout.from_json(raw).screens)
    assert not statuses["wall-pc-1"]["up"]
    assert {n: st["should_show"] for n, st in statuses.items()} == expected
    text, _tip = stations_text(seen[-1])
    assert "wall-pc-1: chưa từng kết nối" in text and "wall-pc-2: chạy" in text
    for s, sh in ((pc2, shell2), (pc3, shell3), (desk, desk_shell)):
        sh.close()
        QApplication.processEvents()
        s.close()


@pytest.mark.qt
def test_a_station_the_layout_does_not_use_says_so(
    server: DemoHttpServer, tmp_path: Path, qapp: QApplication
) -> None:
    one = Layout("one", "Một màn hình", [ScreenSpec("main", 1, 1, [])])
    services, shell = station(server, tmp_path, "wall-pc-3")
    services.session.show_layout(one, "open")
    services.stations.definition = WallDefinition.from_json(wall())
    shell.manager.refresh()
    windows = list(shell.manager.windows.values())
    assert len(windows) == 1 and not windows[0].grids  # one window, saying why it is empty
    assert windows[0]._idle is not None and "không dùng" in windows[0]._idle.text()
    shell.close()
    QApplication.processEvents()
    services.close()


@pytest.mark.unit
def test_the_demo_backend_refuses_a_report_from_a_station_it_does_not_have(
    server: DemoHttpServer,
) -> None:
    c = BackendClient(server.base_url, DEMO_TOKEN)
    try:
        from ioc_desktop.backend.client import WriteRefused

        with pytest.raises(WriteRefused) as err:
            c.report_station("main", "no-such-pc", {"layout": "x", "version": 0, "screens": []})
        assert err.value.status == 404
        assert [w["name"] for w in c.walls()] == ["main", "meeting"]
    finally:
        c.close()


@pytest.mark.qt
def test_a_new_incident_reaches_every_station_under_the_rule_unless_someone_holds_the_wall(
    server: DemoHttpServer, tmp_path: Path, qapp: QApplication
) -> None:
    services, shell = station(server, tmp_path, "wall-pc-1")
    c = BackendClient(server.base_url, DEMO_TOKEN)
    services.store.set_cameras(c.cameras())
    services.store.set_incidents(c.incidents())
    bound = [i for i in services.store.incidents if services.session.layout_for(i) is not None]
    said: list[str] = []
    services.link.sig_message.connect(said.append)

    async def on_wall(incident_id: str) -> None:
        assert shell.show_incident_on_wall(incident_id, asked=False)
        await asyncio.gather(*shell._tasks)

    try:
        asyncio.run(on_wall(bound[0].id))
        state = c.wall_state()
        assert state.incident_id == bound[0].id and state.updated_by == "system:incident-rule"
        last = c.wall_journal()[1][-1]
        assert last["why"] == {"kind": "rule", "incident_id": bound[0].id, "note": "incident-rule"}
        assert last["workstation"] == services.link.workstation
        assert services.session.incident_id == bound[0].id  # shown here once the backend had it
        assert c.wall_lease().held is False  # the rule gave the wall back at once
        # a duty officer holds the wall: the rule does not take it from them
        c.take_wall_lease("An", "TRUC-01")
        asyncio.run(on_wall(bound[1].id))
        assert c.wall_state().incident_id == bound[0].id
        assert services.session.incident_id == bound[0].id
        assert any("An" in m and "quy tắc" in m for m in said), said
    finally:
        c.close()
        shell.close()
        QApplication.processEvents()
        services.close()


@pytest.mark.qt
def test_a_viewer_watches_the_wall_without_taking_it(
    server: DemoHttpServer, tmp_path: Path, qapp: QApplication
) -> None:
    services, shell = station(server, tmp_path, "", role="viewer")
    try:
        assert services.link.follow and services.incident_policy.mode == "off"
        assert not shell.control.push_btn.isEnabled() and shell.control.on_push is None
        assert not shell.control.isVisible()
        assert services.link.lease is None  # it never took the wall's lease
    finally:
        shell.close()
        QApplication.processEvents()
        services.close()


@pytest.mark.unit
def test_a_station_down_is_said_with_since_when_and_what_it_should_show() -> None:
    text, tip = stations_text(
        [
            {
                "name": "wall-pc-2",
                "up": False,
                "last_seen": "2026-12-01T07:03:00+00:00",
                "showing": None,
                "should_show": ["s2", "s5"],
            },
            {
                "name": "wall-pc-3",
                "up": False,
                "last_seen": None,
                "showing": None,
                "should_show": [],
            },
        ]
    )
    assert text.splitlines() == [
        "✖ wall-pc-2: mất liên lạc từ 14:03:00; cần hiển thị: s2, s5",
        "✖ wall-pc-3: chưa từng kết nối; cần hiển thị: không màn hình nào của bố cục này",
    ]
    assert "wall-pc-2: cần hiển thị s2, s5" in tip
