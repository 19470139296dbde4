"""Phú Thọ as the demo knows it: the 148 real wards and communes, schematic shapes.

Names and codes come from `vietnam-provinces` (the 2025 two-tier units: Phú Thọ now includes
the former Hòa Bình and Vĩnh Phúc). Each ward's centre and area come from the base map the
app ships (`resources/map/basemap/phu_tho.json`, built by scripts/build_basemap.py from
`vietnamadminunits`, whose points are the merger look-up's). No registry ships ward
boundaries, so a ward's shape is the base map's cell around its centre (Voronoi, clipped to
the province): every shape is marked `schematic`, never passed off as a boundary.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from vietnam_provinces import Province, Ward

from ioc_desktop.paths import resources_dir

PROVINCE_NAME = "Phú Thọ"
BASE_MAP = ("map", "basemap", "phu_tho.json")


def name_key(text: str) -> str:
    """A name compared without case, spacing or where the tone mark sits ("Thủy" / "Thuỷ")."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).lower().split())


@dataclass(frozen=True)
class DemoArea:
    code: str
    name: str
    level: str
    parent_code: str | None
    legacy_codes: tuple[str, ...]
    lat: float
    lon: float
    area_km2: float | None = None
    # the schematic cell: GeoJSON Polygon or MultiPolygon coordinates (lon, lat)
    shape: dict[str, Any] | None = field(default=None, compare=False, hash=False, repr=False)

    def geometry(self) -> dict[str, Any]:
        """The ward's schematic cell, or a hexagon of its area around the centre without one."""
        if self.shape is not None:
            return self.shape
        r = math.sqrt((self.area_km2 or 40.0) / math.pi) / 111.0
        k = 1.0 / math.cos(math.radians(self.lat))  # keep it round on the map
        pts = [
            [round(self.lon + r * k * math.cos(a), 5), round(self.lat + r * math.sin(a), 5)]
            for a in (math.radians(30 + 60 * i) for i in range(6))
        ]
        return {"type": "Polygon", "coordinates": [[*pts, pts[0]]]}

    @cached_property
    def _bbox(self) -> list[float]:
        geo = self.geometry()
        polys = geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
        pts = [p for poly in polys for ring in poly for p in ring]
        lons = [p[0] for p in pts]
        lats = [p[1] for p in pts]
        return [min(lons), min(lats), max(lons), max(lats)]

    def bbox(self) -> list[float]:
        return list(self._bbox)


@cache
def _base_map_wards() -> dict[str, dict[str, Any]]:
    """The base map's ward points and cells, by code and by name_key of the full name."""
    with resources_dir().joinpath(*BASE_MAP).open(encoding="utf-8") as f:
        features = json.load(f)["layers"]["wards"]["features"]
    cells = {
        f["properties"]["code"]: f["geometry"]
        for f in features
        if f["properties"].get("kind") == "ward_cell"
    }
    out: dict[str, dict[str, Any]] = {}
    for f in features:
        p = f["properties"]
        if p.get("kind") != "ward":
            continue
        lon, lat = f["geometry"]["coordinates"]
        entry = {
            "lat": lat,
            "lon": lon,
            "area_km2": p.get("area_km2"),
            "cell": cells.get(p["code"]),
        }
        out[p["code"]] = entry
        out[name_key(f"{p['type']} {p['short']}")] = entry
    return out


@cache
def demo_areas() -> tuple[DemoArea, ...]:
    """The province first, then its 148 wards and communes in registry order.

    The registry and the base map's source number eight communes differently (the seat they
    kept), so a ward is found on the base map by code, else by name."""
    province = next(p for p in Province.iter_all() if p.name == PROVINCE_NAME)
    pcode = f"{int(province.code):02d}"
    points = _base_map_wards()
    out = []
    for w in Ward.iter_by_province(province.code):
        code = f"{int(w.code):05d}"
        point = points.get(code) or points.get(name_key(w.name))
        if point is None:
            raise LookupError(f"the base map has no point for {w.name} ({code})")
        out.append(
            DemoArea(
                code=code,
                name=w.name,
                level="ward",
                parent_code=pcode,
                legacy_codes=(),
                lat=point["lat"],
                lon=point["lon"],
                area_km2=point["area_km2"],
                shape=point["cell"],
            )
        )
    lat = sum(a.lat for a in out) / len(out)
    lon = sum(a.lon for a in out) / len(out)
    return (DemoArea(pcode, f"Tỉnh {PROVINCE_NAME}", "province", None, (), lat, lon), *out)


def wards() -> tuple[DemoArea, ...]:
    return tuple(a for a in demo_areas() if a.level == "ward")


@cache
def _province_bbox() -> tuple[float, ...]:
    boxes = [a.bbox() for a in wards()]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def province_bbox() -> list[float]:
    return list(_province_bbox())
