"""A synthetic Phú Thọ at issue #19's scale for the UI's tests and bench/catalogue_scale.py:
the 148 real wards (vietnam-provinces), 1,200 cameras with roads, 5,000 open citizen reports,
300 incidents. Built here, not by the demo backend, so the UI's measurements do not move
when the demo's data does."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from vietnam_provinces import Province, Ward

from ioc_desktop.backend.models import (
    Area,
    Camera,
    CitizenReport,
    Incident,
    StreamProfile,
)
from ioc_desktop.store import Store

T0 = datetime(2026, 12, 1, 14, 0, tzinfo=timezone(timedelta(hours=7)))
ROADS = (
    "Đường Hùng Vương",
    "Đại lộ Hùng Vương",
    "Đường Nguyễn Tất Thành",
    "Đường Trần Phú",
    "Đường Lê Lợi",
    "Quốc lộ 2",
    "Quốc lộ 32",
    "Quốc lộ 6",
    "Quốc lộ 70",
    "Đường Châu Phong",
    "Đường Hòa Phong",
    "Đường Phù Đổng",
    "Đường Tiên Dung",
    "Đường Lạc Long Quân",
    "Đường Âu Cơ",
    "Đường Kim Đồng",
    "Đường Trường Chinh",
    "Đường Lý Thường Kiệt",
    "Đường Hai Bà Trưng",
    "Đường Võ Nguyên Giáp",
    "Đường tỉnh 315",
    "Đường tỉnh 320",
    "Đường Mê Linh",
    "Đường Nguyễn Du",
)
PLACES = ("Ngã tư", "Ngã ba", "Cầu", "Chợ", "Trường", "UBND", "Bến xe", "Cổng", "Vòng xuyến")
SERVICES = (
    ("flood", "Ngập úng"),
    ("traffic", "Ùn tắc giao thông"),
    ("waste", "Rác thải"),
    ("lighting", "Đèn chiếu sáng"),
    ("road", "Hư hỏng mặt đường"),
)
SEVERITIES = ("critical", "high", "medium", "medium", "low", "informational")
STATUSES = ("new", "acknowledged", "assigned", "in_progress", "resolved")


def province_wards(count: int = 148) -> list[Area]:
    """The province's first `count` real wards and communes (all 148 by default)."""
    province = next(p for p in Province.iter_all() if p.name == "Phú Thọ")
    out = []
    for n, w in enumerate(Ward.iter_by_province(province.code)):
        if n >= count:
            break
        lat, lon = 21.0 + (n % 12) * 0.05, 105.0 + (n // 12) * 0.05
        out.append(
            Area(f"{int(w.code):05d}", w.name, "ward", "25", (), (lat, lon), (lon, lat, lon, lat))
        )
    return out


def short(ward: str) -> str:
    """ "Phường Việt Trì" → "Việt Trì"."""
    for prefix in ("Phường ", "Xã ", "Thị trấn "):
        if ward.startswith(prefix):
            return ward[len(prefix) :]
    return ward


def camera(n: int, ward: Area, road: str | None, name: str | None = None) -> Camera:
    streams = (
        StreamProfile("main", "rtsp", f"rtsp://10.0.0.{n % 250}/main", "h264", 1920, 1080, 25.0),
        StreamProfile("sub", "rtsp", f"rtsp://10.0.0.{n % 250}/sub", "h264", 640, 360, 25.0),
    )
    name = name or f"{PLACES[n % len(PLACES)]} {short(ward.name)} {n:04d}"
    return Camera(
        id=f"cam{n:04d}",
        name=name,
        location=ward.centroid,
        area_code=ward.code,
        status="online" if n % 17 else "offline",
        ptz=n % 5 == 0,
        tags=(),
        streams=streams,
        snapshot_url=None,
        address=road,
    )


def cameras(count: int, wards: list[Area]) -> list[Camera]:
    return [camera(n, wards[n % len(wards)], ROADS[n % len(ROADS)]) for n in range(1, count + 1)]


def report(n: int, wards: list[Area]) -> CitizenReport:
    code, name = SERVICES[n % len(SERVICES)]
    ward = wards[n % len(wards)]
    return CitizenReport(
        service_request_id=f"PA-{n:05d}",
        service_code=code,
        service_name=name,
        status="open",
        status_detail="received",
        description=f"{name} tại {ROADS[n % len(ROADS)]}, {ward.name} (phản ánh số {n})",
        lat=ward.centroid[0] + (n % 7) * 0.001,
        lon=ward.centroid[1] + (n % 11) * 0.001,
        requested_datetime=T0 - timedelta(minutes=n),
        media_url=None,
    )


def incident(n: int, wards: list[Area]) -> Incident:
    ward = wards[n % len(wards)]
    return Incident(
        id=f"INC-{n:05d}",
        category="traffic",
        sub_category="carAccident",
        severity=SEVERITIES[n % len(SEVERITIES)],
        status=STATUSES[n % len(STATUSES)],
        version=1,
        title=f"Va chạm giao thông trên {ROADS[n % len(ROADS)]}, {ward.name}",
        description=f"Sự cố số {n}.",
        date_issued=T0 - timedelta(minutes=3 * n),
        location=ward.centroid,
        area_code=ward.code,
        assignee=None,
        camera_ids=(),
    )


SCALES = {
    "province": {"cameras": 1200, "wards": 148, "reports": 5000, "incidents": 300},
    "light": {"cameras": 8, "wards": 28, "reports": 40, "incidents": 12},
}


def filled_store(scale: str = "province") -> Store:
    """A store as the sync would leave it at that scale (issue #19's province, or the light
    demo's size)."""
    size = SCALES[scale]
    rng = random.Random(19)
    wards = province_wards(size["wards"])
    store = Store()
    store.set_areas(wards, {})
    store.set_cameras(cameras(size["cameras"], wards))
    reports = [report(n, wards) for n in range(1, size["reports"] + 1)]
    rng.shuffle(reports)  # the backend's order is not the wall's
    store.set_reports(reports)
    store.set_incidents([incident(n, wards) for n in range(1, size["incidents"] + 1)])
    return store
