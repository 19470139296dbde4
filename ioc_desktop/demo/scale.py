"""How big the demo province is: `light` for the README's two commands, `province` for the
size a real Phú Thọ IOC runs at (148 wards, ~1,200 cameras, ~5,000 open citizen reports,
~300 incidents a day), so that search, lists, the map and the backend link are tried there.

The province's cameras are placed in the real wards (more in phường than in xã), named by
a place on a road, and most of them reuse a few live encoders: what is measured at this
scale is the client's handling of the catalogue, not 1,200 video encoders on a laptop.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ioc_desktop.demo.province import DemoArea


@dataclass(frozen=True)
class DemoScale:
    name: str
    cameras: int  # all cameras; the first ones are the named sites of the light demo
    open_reports: int  # open citizen reports already on the books at start
    incidents_today: int  # incidents of the past 24 h on the books at start
    incidents_per_day: float | None  # None: the light demo's lively rate (SimConfig)
    report_progress: float  # chance per tick that one report moves one step on
    encoders: int = 8  # live encoders the province's cameras share


SCALES: dict[str, DemoScale] = {
    "light": DemoScale("light", 8, 8, 5, None, 0.02),
    # 5,000 open reports moving one step every ~2.8 h on average (7 steps, ~1.6 days each):
    # about one report change per 2 s tick, as many as arrive and close
    "province": DemoScale("province", 1200, 5000, 300, 300.0, 0.0002),
}

# (what is there, tags): a camera watches a place on a road
_PLACES: list[tuple[str, list[str]]] = [
    ("Ngã tư", ["traffic"]),
    ("Ngã ba", ["traffic"]),
    ("Nút giao", ["traffic"]),
    ("Cầu", ["traffic", "flood"]),
    ("Chợ", ["crowd"]),
    ("Cổng UBND", ["security"]),
    ("Cổng trường", ["crowd", "security"]),
    ("Trạm y tế", ["security"]),
    ("Bến xe", ["traffic", "crowd"]),
    ("Km", ["traffic"]),
]
_ROADS = [
    "Quốc lộ 2",
    "Quốc lộ 2C",
    "Quốc lộ 6",
    "Quốc lộ 12B",
    "Quốc lộ 21",
    "Quốc lộ 32",
    "Quốc lộ 32C",
    "Quốc lộ 70",
    "Đại lộ Hùng Vương",
    "Đường Nguyễn Tất Thành",
    "Đường Trần Phú",
    "Đường Hai Bà Trưng",
    "Đường Lê Lợi",
    "Đường Hòa Bình",
    "Đường Cù Chính Lan",
    "Đường Lý Thường Kiệt",
    "Đường Mê Linh",
    "Tỉnh lộ 305",
    "Tỉnh lộ 310",
    "Tỉnh lộ 323",
    "Tỉnh lộ 446",
    "Cao tốc Nội Bài – Lào Cai",
    "Cao tốc Hòa Lạc – Hòa Bình",
]


@dataclass(frozen=True)
class CameraSite:
    name: str
    address: str
    ward: DemoArea
    lat: float
    lon: float
    tags: list[str]


def short_name(ward: DemoArea) -> str:
    return ward.name.removeprefix("Phường ").removeprefix("Xã ")


def province_sites(
    wards: Sequence[DemoArea], count: int, rng: random.Random
) -> Iterator[CameraSite]:
    """`count` camera sites in real wards: each phường weighs three times a xã; a camera stands
    within its ward's radius of the ward's centre."""
    weights = [3.0 if w.name.startswith("Phường") else 1.0 for w in wards]
    seen: set[str] = set()
    for _ in range(count):
        ward = rng.choices(wards, weights)[0]
        place, tags = rng.choice(_PLACES)
        road = rng.choice(_ROADS)
        where = f"{place} {rng.randint(1, 120)}" if place == "Km" else place
        # "Ngã tư Hai Bà Trưng", as sites are named; "Cầu Quốc lộ 2" keeps the road's kind
        name = f"{where} {road.removeprefix('Đường ')} – {short_name(ward)}"
        n = 2
        while name in seen:  # two cameras of one place: numbered, as sites do
            name = f"{where} {road.removeprefix('Đường ')} – {short_name(ward)} ({n})"
            n += 1
        seen.add(name)
        radius_km = 0.6 * math.sqrt((ward.area_km2 or 30.0) / math.pi)
        r = radius_km * math.sqrt(rng.random()) / 111.0
        a = rng.uniform(0, 2 * math.pi)
        lat = ward.lat + r * math.sin(a)
        lon = ward.lon + r * math.cos(a) / math.cos(math.radians(ward.lat))
        yield CameraSite(name, f"{road}, {ward.name}", ward, lat, lon, list(tags))
