"""Layouts shared through the real demo HTTP backend: a workstation pushes, the wall follows
(filled for the incident it was pushed for); stale and invalid writes are refused."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ioc_desktop.backend.client import BackendClient, WriteRefused
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.layout.edit import PanelRef
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.paths import layouts_dir
from ioc_desktop.store import Store
from ioc_desktop.wall_link import WallLink, shared_name


@pytest.fixture
def client() -> Iterator[BackendClient]:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    # a traffic accident on the books, whatever the seed's first draws were
    while not any(i["sub_category"] == "carAccident" for i in sim.incidents):
        sim._new_incident(sim._start)
    srv = DemoHttpServer(sim).start()
    c = BackendClient(srv.base_url, DEMO_TOKEN)
    yield c
    c.close()
    srv.stop()


def console(
    client: BackendClient, folder: Path, me: str, follow: bool, holder: str = ""
) -> WallLink:
    store = Store()
    store.set_cameras(client.cameras())
    store.set_incidents(client.incidents())
    library = LayoutLibrary(layouts_dir(), folder)
    session = LayoutSession(library, library.get("overview"))
    return WallLink(
        client, session, store, me, follow=follow, interval_s=0.2, holder=holder, workstation=me
    )


def test_workstation_pushes_an_incident_layout_and_the_wall_follows(
    qapp: Any, client: BackendClient, tmp_path: Path
) -> None:
    desk = console(client, tmp_path / "ws", "workstation@a", follow=False)
    wall = console(client, tmp_path / "wall", "wall@b", follow=True)
    messages: list[str] = []
    desk.sig_message.connect(messages.append)
    incident = next(i for i in desk.store.incidents if i.sub_category == "carAccident")
    assert desk.session.open_for_incident(incident, list(desk.store.cameras.values()))
    assert desk.session.remove(PanelRef(0, 5))  # the officer drops the incident list

    async def scenario() -> float:
        wall.start()
        await asyncio.sleep(0.5)
        assert wall.followed == 0, "the backend's initial state is not a push"
        assert await desk.push(), messages
        t0 = time.monotonic()
        while wall.followed == 0 and time.monotonic() - t0 < 5:
            await asyncio.sleep(0.05)
        await wall.stop()
        await desk.stop()
        return time.monotonic() - t0

    took = asyncio.run(scenario())
    assert wall.followed == 1, f"wall did not follow in {took:.1f} s"
    assert wall.session.incident_id == incident.id
    shown, pushed = wall.session.layout.to_json(), desk.session.layout.to_json()
    assert shown.pop("name") == shared_name("traffic-incident", incident.id)
    pushed.pop("name")
    assert shown == pushed, "the wall shows what the officer saw, edits and cameras included"
    assert client.wall_layout("traffic-incident")[0] == 1, "the shared base is untouched"
    assert "Đã đẩy" in messages[-1]


def test_stale_or_invalid_shared_writes_are_refused(client: BackendClient) -> None:
    version, raw = client.wall_layout("overview")
    raw["title_vi"] = "Sửa lần một"
    assert client.put_wall_layout(raw, version) == version + 1
    raw["title_vi"] = "Sửa trên bản cũ"
    with pytest.raises(WriteRefused) as stale:
        client.put_wall_layout(raw, version)
    assert stale.value.status == 409 and stale.value.current is not None
    assert stale.value.current["layout"]["title_vi"] == "Sửa lần một"
    raw["screens"][0]["panels"][0]["kind"] = "toaster"
    with pytest.raises(WriteRefused) as bad:  # the contract forbids it: never sent
        client.put_wall_layout(raw, version + 1)
    assert bad.value.status == 400 and "toaster" in str(bad.value)
    raw["screens"][0]["panels"][0]["kind"] = "camera"
    raw["screens"][0]["panels"].append(dict(raw["screens"][0]["panels"][0]))
    with pytest.raises(WriteRefused) as overlap:  # a rule no schema can say: the backend's
        client.put_wall_layout(raw, version + 1)
    assert overlap.value.status == 422 and "cell" in str(overlap.value)
    state = client.wall_state()
    lease = client.take_wall_lease("t", "ws-t").lease_id
    with pytest.raises(WriteRefused) as unknown:
        client.put_wall_state("no-such-layout", None, "t", state.version, lease)
    assert unknown.value.status == 422
    moved = client.put_wall_state("flood-storm", None, "t", state.version, lease)
    assert moved.version == state.version + 1 and moved.layout == "flood-storm"
    with pytest.raises(WriteRefused) as raced:
        client.put_wall_state("overview", None, "t2", state.version, lease)
    assert raced.value.status == 409


def test_sync_fetches_a_wards_series_and_follows_breakdowns(
    qapp: Any, client: BackendClient
) -> None:
    from ioc_desktop.sync import BackendSync, PollIntervals

    store = Store()
    sync = BackendSync(client, store, PollIntervals(fast_s=0.2, slow_s=0.2))
    ward = client.areas()[1].code

    async def scenario() -> None:
        sync.start()
        sync.set_breakdown_ids(["dvc-ontime-rate"])
        sync.fetch_area_series("dvc-ontime-rate", ward)
        t0 = time.monotonic()
        while time.monotonic() - t0 < 5 and not (
            f"dvc-ontime-rate@{ward}" in store.series and "dvc-ontime-rate" in store.breakdowns
        ):
            await asyncio.sleep(0.05)
        sync.set_breakdown_ids([])
        await sync.stop()

    asyncio.run(scenario())
    assert store.series[f"dvc-ontime-rate@{ward}"].area_code == ward
    assert len(store.breakdowns["dvc-ontime-rate"]) > 5


def test_two_workstations_share_the_wall_through_its_lease(
    qapp: Any, client: BackendClient, tmp_path: Path
) -> None:
    """The first push takes the lease; a second workstation's push is refused with who holds
    the wall and asks for a reason; with one it takes over, and the first hears why."""
    a = console(client, tmp_path / "a", "TRUC-01", follow=False, holder="An")
    b = console(client, tmp_path / "b", "TRUC-02", follow=False, holder="Bình")
    told_a: list[str] = []
    a.sig_message.connect(told_a.append)
    asked: list[Any] = []
    b.sig_takeover_needed.connect(asked.append)
    seen: list[Any] = []
    b.sig_lease_changed.connect(seen.append)

    async def scenario() -> tuple[bool, bool, bool]:
        b.start()  # watches who holds the wall
        first = await a.push()
        refused = await b.push()
        taken = await b.push(takeover_reason="cháy chợ, cần camera khu vực")
        again = await a.push()  # A's lease is gone: refused, told by whom and why
        await asyncio.sleep(2.5)
        await b.stop()  # gives the wall back
        await a.stop()
        return first and taken, refused, again

    ok, refused, again = asyncio.run(scenario())
    assert ok and not refused and not again
    assert asked and asked[0].holder == "An" and asked[0].workstation == "TRUC-01"
    assert any("Bình" in m and "cháy chợ" in m for m in told_a), told_a
    assert any(x.held and x.holder == "Bình" for x in seen)
    assert client.wall_lease().held is False  # b gave it back when it closed
    _cursor, journal = client.wall_journal()
    assert [(e["by"], e["workstation"]) for e in journal] == [
        ("TRUC-01", "TRUC-01"),
        ("TRUC-02", "TRUC-02"),
    ]


def test_the_wall_follows_a_push_at_once_not_at_its_next_poll(
    qapp: Any, client: BackendClient, tmp_path: Path
) -> None:
    """The wall's hanging GET is answered the moment a workstation pushes: with a 10 s poll
    interval the wall still follows within a fraction of a second, and while idle it asks
    about twice a minute, not every interval."""
    desk = console(client, tmp_path / "ws", "TRUC-01", follow=False, holder="An")
    wall = console(client, tmp_path / "wall", "wall@b", follow=True)
    wall.interval_s = 10.0
    calls: list[float] = []
    hang = client.wall_state_change

    def counted(known: int | None, wait_s: int = 25) -> Any:
        calls.append(time.monotonic())
        return hang(known, wait_s)

    wall.client = type("Counted", (), {})()  # the wall's own view of the client
    for name in ("wall_layout", "wall_lease", "wall_state"):
        setattr(wall.client, name, getattr(client, name))
    wall.client.wall_state_change = counted

    async def scenario() -> float:
        wall.start()
        await asyncio.sleep(1.0)  # the first answer came; the wall now hangs on the state
        assert await desk.push()
        pushed = time.monotonic()
        while wall.followed == 0 and time.monotonic() - pushed < 5:
            await asyncio.sleep(0.01)
        took = time.monotonic() - pushed
        await asyncio.sleep(1.0)
        await wall.stop()
        await desk.stop()
        return took

    took = asyncio.run(scenario())
    assert wall.followed == 1 and took < 0.5, f"followed in {took:.2f} s"
    # first read, the hanging GET the push answered, the next one: no poll in between
    assert len(calls) == 3, calls


def test_the_wall_says_its_link_is_back_at_once_not_after_a_wait(qapp: Any, tmp_path: Path) -> None:
    """After a failure the follower asks without waiting: the wall's state feed is told
    healthy again within seconds of the backend's return, not when the next change or the
    end of a 25 s wait answers."""
    srv = DemoHttpServer(Simulation(SimConfig(auto_progress=False, incident_rate=0.0))).start()
    port, sim, shared = srv.port, srv.sim, srv.wall
    c = BackendClient(srv.base_url, DEMO_TOKEN)
    wall = console(c, tmp_path / "wall", "wall@b", follow=True)
    servers = [srv]

    def failing() -> bool:
        return "wall_state" in wall.store.link_status().failing

    async def scenario() -> float:
        wall.start()
        await asyncio.sleep(0.8)  # the wall now hangs on the state
        srv.stop()  # the backend dies: its connections with it
        t0 = time.monotonic()
        while not failing() and time.monotonic() - t0 < 10:
            await asyncio.sleep(0.05)
        assert failing()
        again = DemoHttpServer(sim, port=port)
        again.wall = shared
        servers.append(again.start())
        back = time.monotonic()
        while failing() and time.monotonic() - back < 30:
            await asyncio.sleep(0.05)
        took = time.monotonic() - back
        await wall.stop()
        return took

    try:
        took = asyncio.run(scenario())
    finally:
        c.close()
        servers[-1].stop()
    assert took < 3.0, f"told healthy again after {took:.1f} s"
