"""Phú Thọ as the demo knows it: real names and codes, schematic shapes.

Names and codes come from `vietnam-provinces` (the 2025 two-tier units: Phú Thọ now includes
the former Hòa Bình and Vĩnh Phúc). No registry ships boundary geometry, so each shown ward is
a hexagon around the approximate position of its seat: every shape is marked `schematic`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, Ward

PROVINCE_NAME = "Phú Thọ"

# Approximate (lat, lon) of ward seats that were district seats before 2025. The registry
# has no mapping to the former district codes, so legacy_codes stays empty rather than guessed.
_SEATS: dict[str, tuple[float, float]] = {
    "Phường Việt Trì": (21.322, 105.402),
    "Phường Phú Thọ": (21.401, 105.227),
    "Xã Lâm Thao": (21.318, 105.296),
    "Xã Phù Ninh": (21.452, 105.300),
    "Xã Thanh Ba": (21.492, 105.150),
    "Xã Đoan Hùng": (21.622, 105.182),
    "Xã Hạ Hòa": (21.567, 105.005),
    "Xã Cẩm Khê": (21.393, 105.108),
    "Xã Tam Nông": (21.302, 105.250),
    "Xã Thanh Thuỷ": (21.170, 105.290),
    "Xã Thanh Sơn": (21.200, 105.182),
    "Xã Yên Lập": (21.373, 105.025),
    "Phường Vĩnh Yên": (21.310, 105.597),
    "Phường Phúc Yên": (21.237, 105.705),
    "Xã Vĩnh Tường": (21.232, 105.490),
    "Xã Yên Lạc": (21.220, 105.570),
    "Xã Tam Dương": (21.370, 105.550),
    "Xã Lập Thạch": (21.420, 105.460),
    "Xã Tam Đảo": (21.456, 105.646),
    "Xã Bình Xuyên": (21.290, 105.660),
    "Phường Hòa Bình": (20.817, 105.338),
    "Xã Lương Sơn": (20.880, 105.520),
    "Xã Kim Bôi": (20.680, 105.530),
    "Xã Cao Phong": (20.700, 105.330),
    "Xã Tân Lạc": (20.615, 105.250),
    "Xã Lạc Sơn": (20.480, 105.450),
    "Xã Lạc Thủy": (20.500, 105.740),
    "Xã Mai Châu": (20.660, 105.080),
}

CELL_RADIUS_DEG = 0.045


@dataclass(frozen=True)
class DemoArea:
    code: str
    name: str
    level: str
    parent_code: str | None
    legacy_codes: tuple[str, ...]
    lat: float
    lon: float

    def ring(self) -> list[list[float]]:
        """A closed hexagon ring (GeoJSON lon/lat order) around the seat."""
        r = CELL_RADIUS_DEG
        k = 1.0 / math.cos(math.radians(self.lat))  # keep it round on the map
        pts = [
            [round(self.lon + r * k * math.cos(a), 5), round(self.lat + r * math.sin(a), 5)]
            for a in (math.radians(30 + 60 * i) for i in range(6))
        ]
        return [*pts, pts[0]]

    def bbox(self) -> list[float]:
        ring = self.ring()
        lons = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        return [min(lons), min(lats), max(lons), max(lats)]


@cache
def demo_areas() -> tuple[DemoArea, ...]:
    """The province first, then the wards the demo shows, in registry order."""
    province = next(p for p in Province.iter_all() if p.name == PROVINCE_NAME)
    pcode = f"{int(province.code):02d}"
    wards = [w for w in Ward.iter_by_province(province.code) if w.name in _SEATS]
    out = [
        DemoArea(
            code=f"{int(w.code):05d}",
            name=w.name,
            level="ward",
            parent_code=pcode,
            legacy_codes=(),
            lat=_SEATS[w.name][0],
            lon=_SEATS[w.name][1],
        )
        for w in wards
    ]
    lat = sum(a.lat for a in out) / len(out)
    lon = sum(a.lon for a in out) / len(out)
    return (DemoArea(pcode, f"Tỉnh {PROVINCE_NAME}", "province", None, (), lat, lon), *out)


def wards() -> tuple[DemoArea, ...]:
    return tuple(a for a in demo_areas() if a.level == "ward")


def province_bbox() -> list[float]:
    boxes = [a.bbox() for a in wards()]
    return [
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    ]
