"""What the map panel hands the page, built from the store without a page: only places on
the globe (a backend once answered NaN and Leaflet threw "Invalid LatLng object"), logged
once per change, and times in the province's zone whatever the PC's is."""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from ioc_desktop import clock
from ioc_desktop.backend.models import AirQualityStation, Camera, CitizenReport, Incident
from ioc_desktop.store import Store
from widgets.map_panel import (
    LAYERS,
    OffGlobeLog,
    feature_on_globe,
    incident_items,
    layer_items,
    on_globe,
    report_items,
    split_on_globe,
)

ISSUED = datetime(2026, 3, 1, 7, 5, tzinfo=UTC)  # 14:05 in Vietnam
NAN, INF = math.nan, math.inf


def camera(cid: str, lat: float, lon: float) -> Camera:
    return Camera(cid, cid, (lat, lon), "W1", "online", False, (), (), None)


def incident(iid: str, lat: float, lon: float) -> Incident:
    return Incident(
        iid, "traffic", "carAccident", "high", "new", 1, iid, "", ISSUED, (lat, lon), "W1",
        None, (),
    )  # fmt: skip


def report(rid: str, lat: float, lon: float) -> CitizenReport:
    return CitizenReport(rid, "road", "Đường", "open", "received", "", lat, lon, ISSUED, None)


def station(sid: str, lat: float, lon: float) -> AirQualityStation:
    return AirQualityStation(sid, sid, lat, lon, 80, 20.0, ISSUED)


def square(lat: float, lon: float) -> list[list[list[float]]]:
    return [[[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat]]]


def feature(code: str, geometry: object) -> dict[str, object]:
    return {"type": "Feature", "properties": {"code": code, "name": code}, "geometry": geometry}


BAD_PLACES = [(NAN, 105.44), (21.3, INF), (-INF, 105.4), (95.0, 105.4), (21.3, 200.0)]


@pytest.fixture
def store() -> Store:
    s = Store()
    s.set_cameras(
        [camera("ok", 21.3, 105.4)] + [camera(f"bad{i}", *p) for i, p in enumerate(BAD_PLACES)]
    )
    s.set_incidents([incident("INC-ok", 21.3, 105.4), incident("INC-bad", NAN, 105.44)])
    s.set_reports([report("R-ok", -90.0, 180.0), report("R-bad", 21.3, -180.5)])
    s.set_air_quality([station("aq-ok", 21.3, 105.4), station("aq-bad", 21.3, NAN)])
    s.set_areas(
        [],
        {
            "W1": feature("W1", {"type": "Polygon", "coordinates": square(21.3, 105.4)}),
            "W2": feature(
                "W2",
                {"type": "MultiPolygon", "coordinates": [square(21.3, 105.4), square(NAN, 105.4)]},
            ),
        },
    )
    return s


@pytest.mark.parametrize(
    ("lat", "lon", "ok"),
    [
        (21.3, 105.44, True),
        (-90, -180, True),
        (90.0, 180.0, True),
        (NAN, 105.44, False),
        (21.3, INF, False),
        (90.001, 105.0, False),
        (21.0, -180.001, False),
        (None, 105.0, False),
        ("21.3", 105.0, False),
        (True, 105.0, False),
    ],
)
def test_on_globe(lat: object, lon: object, ok: bool) -> None:
    assert on_globe(lat, lon) is ok


def test_every_layer_keeps_its_good_items_and_drops_the_rest(store: Store) -> None:
    kept = {}
    for layer in LAYERS:
        good, bad = split_on_globe(layer, layer_items(store, layer))
        kept[layer] = good
        assert len(bad) == (5 if layer == "cameras" else 1), (layer, bad)
    assert [c["id"] for c in kept["cameras"]] == ["ok"]
    assert [i["id"] for i in kept["incidents"]] == ["INC-ok"]
    assert [r["id"] for r in kept["reports"]] == ["R-ok"]  # the very edge of the globe is on it
    assert [s["name"] for s in kept["aq"]] == ["aq-ok"]
    assert [f["properties"]["code"] for f in kept["areas"]] == ["W1"]


@pytest.mark.parametrize(
    ("geometry", "ok"),
    [
        ({"type": "Point", "coordinates": [105.4, 21.3]}, True),
        ({"type": "LineString", "coordinates": [[105.4, 21.3], [105.5, 21.4]]}, True),
        (
            {"type": "Polygon", "coordinates": [[[105.4, 21.3], [105.4, None], [105.5, 21.4]]]},
            False,
        ),
        (
            {"type": "Polygon", "coordinates": [[[105.4, 91.0], [105.4, 21.3], [105.5, 21.4]]]},
            False,
        ),
        ({"type": "Polygon", "coordinates": []}, False),
        ({"type": "Polygon"}, False),
        (None, False),
        (
            {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Point", "coordinates": [105.4, 21.3]},
                    {"type": "Point", "coordinates": [NAN, 21.3]},
                ],
            },
            False,
        ),
        (
            {
                "type": "GeometryCollection",
                "geometries": [{"type": "Point", "coordinates": [105.4, 21.3]}],
            },
            True,
        ),
    ],
)
def test_ward_shapes_are_checked_position_by_position(geometry: object, ok: bool) -> None:
    assert feature_on_globe(feature("W", geometry)) is ok


def test_dropped_items_are_logged_once_per_change(caplog: pytest.LogCaptureFixture) -> None:
    log = OffGlobeLog()
    caplog.set_level(logging.INFO, logger="widgets.map_panel")
    first = ["cam1 (nan, 105.44)", "cam2 (95.0, 105.4)"]
    assert log.report("cameras", first) is True
    for _ in range(100):  # a camera layer is pushed every few seconds all shift long
        assert log.report("cameras", list(reversed(first))) is False
    assert log.report("incidents", ["INC-9 (nan, 105.0)"]) is True  # each layer its own
    assert log.report("cameras", first[:1]) is True  # a different wrong answer
    assert log.report("cameras", []) is True  # all good again: said once
    assert log.report("cameras", []) is False
    assert log.report("areas", []) is False  # nothing was ever wrong there
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3 and "cam2" in warnings[0] and "cam2" not in warnings[2]
    assert len([r for r in caplog.records if r.levelno == logging.INFO]) == 1


@pytest.fixture
def pc_in_new_york() -> Iterator[None]:
    """The PC's clock set to a zone far from the province's (seen: wall PCs left on UTC)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    clock.set_zone(clock.DEFAULT_ZONE)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def test_map_times_are_the_provinces_not_the_pcs(store: Store, pc_in_new_york: None) -> None:
    assert ISSUED.astimezone().strftime("%H:%M") == "02:05"  # what the old code showed
    [inc] = [i for i in incident_items(store) if i["id"] == "INC-ok"]
    [rep] = [r for r in report_items(store) if r["id"] == "R-ok"]
    assert inc["time"] == rep["time"] == "14:05 01/03/2026"
    # the province's zone is a setting: the map follows it
    try:
        assert clock.set_zone("Asia/Tokyo") is None
        [inc] = [i for i in incident_items(store) if i["id"] == "INC-ok"]
        assert inc["time"] == "16:05 01/03/2026"
    finally:
        clock.set_zone(clock.DEFAULT_ZONE)
