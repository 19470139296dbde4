"""The demo at a real province's size, and the client holding its big lists between polls."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.province import demo_areas, name_key, wards
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation, iso

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def province() -> Simulation:
    return Simulation(SimConfig(scale="province"))


def test_the_148_real_wards_with_their_centres() -> None:
    ws = wards()
    assert len(ws) == 148 and len({w.code for w in ws}) == 148
    box = demo_areas()[0]
    # the merged province: former Hòa Bình in the south, Vĩnh Phúc in the east
    assert 20.3 < min(w.lat for w in ws) < 20.6 and 21.6 < max(w.lat for w in ws) < 21.8
    assert box.level == "province" and all(w.parent_code == box.code for w in ws)
    viet_tri = next(w for w in ws if w.name == "Phường Việt Trì")
    assert abs(viet_tri.lat - 21.33) < 0.05 and abs(viet_tri.lon - 105.40) < 0.05
    # every ward's shape is its own cell and holds its centre within its box
    for w in ws:
        west, south, east, north = w.bbox()
        assert west <= w.lon <= east and south <= w.lat <= north, w.name
    assert name_key("Xã Thanh Thủy") == name_key("xã  thanh thuỷ")


def test_province_scale_has_a_real_provinces_numbers(province: Simulation) -> None:
    cams = province.cameras
    assert len(cams) == 1200 and len({c["id"] for c in cams}) == 1200
    assert len({c["name"] for c in cams}) == 1200
    codes = {w.code: w for w in wards()}
    for c in cams[8:]:
        ward = codes[c["area_code"]]
        assert c["address"].endswith(ward.name)
        # within its ward's radius (area as a disc) of the ward's centre
        radius_deg = math.sqrt((ward.area_km2 or 30) / math.pi) / 111.0
        d = math.hypot(
            c["location"]["lat"] - ward.lat,
            (c["location"]["lon"] - ward.lon) * math.cos(math.radians(ward.lat)),
        )
        assert d <= radius_deg + 1e-4, c["name"]
    assert len({c["area_code"] for c in cams}) > 140  # cameras in nearly every ward
    # a few live encoders serve them all
    assert len({s["url"] for c in cams for s in c["streams"]}) == 16
    open_reports = [r for r in province.reports if r["status"] == "open"]
    assert 4900 <= len(open_reports) <= 5100
    today = [i for i in province.incidents if province._start - i["_t"] <= 86400]
    assert 290 <= len(today) <= 320
    assert {r["area_code"] for r in open_reports} <= set(codes)


def test_light_scale_stays_light() -> None:
    sim = Simulation()
    assert len(sim.cameras) == 8 and len(sim.reports) < 50 and len(sim.incidents) < 50


@pytest.fixture
def served() -> Iterator[tuple[Simulation, DemoHttpServer]]:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0, report_rate=0.0))
    srv = DemoHttpServer(sim).start()
    yield sim, srv
    srv.stop()


def test_the_client_asks_only_for_what_changed(
    served: tuple[Simulation, DemoHttpServer],
) -> None:
    sim, srv = served
    asked: list[str] = []
    handler = srv.RequestHandlerClass
    original = handler.do_GET

    def spy(self: object) -> None:
        asked.append(self.path)  # type: ignore[attr-defined]
        original(self)  # type: ignore[arg-type]

    handler.do_GET = spy  # type: ignore[method-assign]
    try:
        client = BackendClient(srv.base_url, DEMO_TOKEN)
        first = client.reports()
        assert len(first) == len([r for r in sim.reports if r["status"] == "open"])
        assert asked[-1].endswith("status=open")
        assert client.reports() is first  # nothing changed: the very same list
        assert "since=" in asked[-1]
        # one report closes, one is new: both told by the next answer, nothing else sent
        later = iso(datetime.now(UTC))
        with sim.lock:
            closing = sim.reports[0]
            closing.update(status="closed", status_detail="published", updated_datetime=later)
            sim._new_report(datetime.now(UTC).timestamp())
            new_id = sim.reports[-1]["service_request_id"]
        held = client.reports()
        ids = [r.service_request_id for r in held]
        assert closing["service_request_id"] not in ids and ids[-1] == new_id
        assert len(held) == len(first)  # one left, one came
        # incidents: an officer's comment changes no status but is seen (dateModified)
        incidents = client.incidents()
        inc = sim.incidents[0]
        code, _ = sim.apply_action(
            inc["id"], "*", {"client_action_id": "a1", "action": "comment", "text": "đã xem"}
        )
        assert code == 200
        again = {i.id: i for i in client.incidents()}
        assert "since=" in asked[-1]
        assert again[inc["id"]].version == inc["version"] and len(again) == len(incidents)
        assert [n.text for n in again[inc["id"]].notes] == ["đã xem"]
    finally:
        handler.do_GET = original  # type: ignore[method-assign]


def test_without_incremental_the_whole_list_every_time(
    served: tuple[Simulation, DemoHttpServer],
) -> None:
    _, srv = served
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    client.incremental = False
    first = client.reports()
    assert [r.service_request_id for r in client.reports()] == [r.service_request_id for r in first]


def test_every_wards_geometry_in_one_call_else_ward_by_ward(
    served: tuple[Simulation, DemoHttpServer],
) -> None:
    from ioc_desktop.backend.client import BackendHttpError
    from ioc_desktop.store import Store
    from ioc_desktop.sync import BackendSync, PollIntervals

    _, srv = served
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    every = client.area_geometries()
    assert len(every) == 148
    assert all(f["properties"]["schematic"] is True for f in every.values())
    sync = BackendSync(client, Store(), PollIntervals())
    areas, geometry = sync._fetch_areas()
    assert len(areas) == 149 and geometry == every

    def older_backend() -> dict[str, dict[str, object]]:
        raise BackendHttpError(404, "no such path")

    client.area_geometries = older_backend  # type: ignore[method-assign]
    _, one_by_one = sync._fetch_areas()
    assert one_by_one == every
