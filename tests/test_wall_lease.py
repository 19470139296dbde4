"""The wall's control lease and journal on the demo backend: who may change the wall, that a
silent holder loses it, that a takeover needs a reason and tells the previous holder, and that
every change of what the wall shows is journaled with who, from where and why, in order."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ioc_desktop.backend.client import BackendClient, WallHeld
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import Simulation
from ioc_desktop.demo.wall_control import WallJournal, WallLease

pytestmark = pytest.mark.unit


def test_a_lease_is_taken_renewed_refused_and_runs_out() -> None:
    lease = WallLease()
    code, a = lease.take({"holder": "An", "workstation": "TRUC-01", "ttl_s": 30}, now=0)
    assert code == 200 and a["holder"] == "An" and a["lease_id"]
    code, refused = lease.take({"holder": "Bình", "workstation": "TRUC-02"}, now=10)
    assert code == 423 and refused["lease"]["holder"] == "An"
    assert "lease_id" not in refused["lease"]  # only the holder is told the id
    code, renewed = lease.take(
        {"holder": "An", "workstation": "TRUC-01", "lease_id": a["lease_id"]}, now=25
    )
    assert code == 200 and renewed["lease_id"] == a["lease_id"]
    assert lease.refusal(a["lease_id"], now=50) is None  # renewed at 25: until 55
    assert lease.refusal("someone-else", now=50) is not None
    # the holder goes silent: at 55 the lease has run out and the wall is free
    assert lease.public(now=56)["held"] is False
    code, b = lease.take({"holder": "Bình", "workstation": "TRUC-02"}, now=56)
    assert code == 200 and b["taken_from"] is None


def test_taking_over_needs_a_reason_and_tells_the_previous_holder() -> None:
    lease = WallLease()
    _, a = lease.take({"holder": "An", "workstation": "TRUC-01"}, now=0)
    code, b = lease.take(
        {"holder": "Bình", "workstation": "TRUC-02", "takeover_reason": "sự cố cháy"}, now=5
    )
    assert code == 200
    assert b["taken_from"]["holder"] == "An" and b["taken_from"]["reason"] == "sự cố cháy"
    # An's next renewal is refused, saying by whom and why
    code, told = lease.take(
        {"holder": "An", "workstation": "TRUC-01", "lease_id": a["lease_id"]}, now=10
    )
    assert code == 423 and "Bình" in told["message"] and "sự cố cháy" in told["message"]
    assert lease.release(a["lease_id"], now=11)[0] == 409  # not An's to give back
    assert lease.release(b["lease_id"], now=11)[0] == 200
    assert lease.public(now=12)["held"] is False


def test_the_journal_pages_and_filters() -> None:
    journal = WallJournal()
    state = {"layout": "overview", "incident_id": None, "updated_by": "backend"}
    for i in range(5):
        after = {"layout": f"l{i}", "incident_id": "INC-1" if i % 2 else None, "updated_by": "An"}
        journal.append(float(i), state, after, {"kind": "manual"}, "TRUC-01")
        state = after
    page = journal.page({})
    assert [e["seq"] for e in page["entries"]] == [1, 2, 3, 4, 5] and page["cursor"] == 5
    assert [e["after"]["layout"] for e in journal.page({"incident": "INC-1"})["entries"]] == [
        "l1",
        "l2",  # before was INC-1's layout: the change away from the incident counts too
        "l3",
        "l4",
    ]
    assert journal.page({"after": "5"})["entries"] == []


@pytest.fixture()
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation()).start()
    yield srv
    srv.stop()


def test_a_push_needs_the_lease_and_is_journaled(server: DemoHttpServer) -> None:
    an = BackendClient(server.base_url, DEMO_TOKEN)
    binh = BackendClient(server.base_url, DEMO_TOKEN)
    try:
        state = an.wall_state()
        with pytest.raises(WallHeld) as nobody:  # no lease taken yet
            an.put_wall_state("flood-storm", None, "An", state.version)
        assert nobody.value.lease is not None and nobody.value.lease.held is False
        mine = an.take_wall_lease("An", "TRUC-01")
        assert mine.lease_id and an.wall_lease().holder == "An"
        moved = an.put_wall_state(
            "flood-storm", "INC-7", "An", state.version, mine.lease_id, {"kind": "incident"}
        )
        with pytest.raises(WallHeld) as held:
            binh.put_wall_state("overview", None, "Bình", moved.version)
        assert held.value.lease is not None and held.value.lease.holder == "An"
        with pytest.raises(WallHeld):
            binh.take_wall_lease("Bình", "TRUC-02")
        theirs = binh.take_wall_lease("Bình", "TRUC-02", takeover_reason="họp giao ban")
        assert theirs.taken_from and theirs.taken_from["holder"] == "An"
        binh.put_wall_state("overview", None, "Bình", moved.version, theirs.lease_id)
        with pytest.raises(WallHeld) as told:  # An's renewal hears who took it and why
            an.take_wall_lease("An", "TRUC-01", lease_id=mine.lease_id)
        assert "họp giao ban" in str(told.value)
        binh.release_wall_lease(theirs.lease_id)
        assert an.wall_lease().held is False
        cursor, entries = an.wall_journal()
        assert cursor == 2
        assert [(e["by"], e["workstation"], e["why"]["kind"]) for e in entries] == [
            ("An", "TRUC-01", "incident"),
            ("Bình", "TRUC-02", "manual"),
        ]
        assert entries[0]["why"]["incident_id"] == "INC-7"
        assert entries[1]["before"] == {
            "layout": "flood-storm",
            "incident_id": "INC-7",
            "layout_version": 1,
        }
        assert an.wall_journal(incident="INC-7")[1] == entries
    finally:
        an.close()
        binh.close()


def test_each_wall_has_its_own_state_lease_and_journal(server: DemoHttpServer) -> None:
    from ioc_desktop.backend.client import BackendHttpError

    hall = BackendClient(server.base_url, DEMO_TOKEN)
    room = BackendClient(server.base_url, DEMO_TOKEN)
    room.wall = "meeting"
    nowhere = BackendClient(server.base_url, DEMO_TOKEN)
    nowhere.wall = "no-such-wall"
    try:
        mine = room.take_wall_lease("An", "TRUC-01")
        assert hall.wall_lease().held is False  # the hall is not the meeting room
        room.put_wall_state("flood-storm", None, "An", room.wall_state().version, mine.lease_id)
        assert room.wall_state().layout == "flood-storm" and hall.wall_state().layout != (
            "flood-storm"
        )
        assert len(room.wall_journal()[1]) == 1 and hall.wall_journal()[1] == []
        with pytest.raises(BackendHttpError) as gone:  # a lease for a wall that does not exist
            nowhere.take_wall_lease("An", "TRUC-01")
        assert gone.value.status == 404
    finally:
        for c in (hall, room, nowhere):
            c.close()


def test_the_walls_data_survives_a_restart_of_the_backend(tmp_path: Path) -> None:
    """Layouts, each wall's state, lease and journal, and the stations' logs, kept in the
    backend's file: a restarted backend has them all; an unreadable file is set aside."""
    from ioc_desktop.demo.wall_share import WallShare
    from ioc_desktop.paths import layouts_dir

    store = tmp_path / "walls.json"
    now = [time.time()]
    first = WallShare(layouts_dir(), clock=lambda: now[0], store=store)
    _, grant = first.take_lease("main", {"holder": "An", "workstation": "TRUC-01", "ttl_s": 60})
    v = first.get_state("main")["version"]  # type: ignore[index]
    code, _ = first.put_state(
        "main", v, {"layout": "flood-storm", "updated_by": "An"}, grant["lease_id"]
    )
    assert code == 200
    entry = {
        "id": "e1",
        "at": "2026-12-01T00:00:00+00:00",
        "layout": "x",
        "version": 1,
        "screens": [],
    }
    first.upload_station_log("main", "wall-pc-1", {"entries": [entry]})
    again = WallShare(layouts_dir(), clock=lambda: now[0] + 5, store=store)
    assert again.get_state("main")["layout"] == "flood-storm"  # type: ignore[index]
    assert again.journal_page("main", {})[1]["entries"][0]["by"] == "An"
    assert again.get_lease("main")[1]["holder"] == "An"  # a restart frees no one's wall
    assert again.station_log("main", "wall-pc-1") == [entry]
    assert again.upload_station_log("main", "wall-pc-1", {"entries": [entry]})[1]["duplicates"] == 1
    store.write_text("{broken", "utf-8")
    broken = WallShare(layouts_dir(), store=store)
    assert broken.store_problem and "unreadable" in broken.store_problem
    assert list(tmp_path.glob("walls.json.unreadable-*"))
    assert broken.get_state("main")["version"] == 1  # type: ignore[index]
