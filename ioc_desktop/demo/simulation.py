"""A seeded simulation of the province's IOC feeds.

Determinism: the state after tick N depends only on the seed and N, so tests and benchmarks
see the same province every run. Wall-clock time only decides how many ticks have passed and
stamps the records.
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from ioc_desktop import vn_aqi
from ioc_desktop.demo.ai_feed import AiFeed
from ioc_desktop.demo.detections import DemoAnalytics
from ioc_desktop.demo.indicators import BY_ID, INDICATORS, Indicator, kpi_payload
from ioc_desktop.demo.province import DemoArea, demo_areas, wards
from ioc_desktop.demo.scale import SCALES, DemoScale, province_sites
from ioc_desktop.demo.ward_split import resolution, split
from ioc_desktop.incidents.lifecycle import RULES, ActionRefused, next_status

ICT = timezone(timedelta(hours=7), "ICT")
HISTORY_TICKS = 180
MAX_STEP_CHANGES = 200  # one SOP step's changes kept (a fuzzer ticks thousands)


def _when(text: str) -> datetime:
    """A contract time (ISO-8601 with an offset or Z) as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def iso(t: datetime) -> str:
    return t.astimezone(ICT).isoformat(timespec="seconds")


# the demo's KPIs: the nine systems' indicator set (demo/indicators.py)
KPI_DEFS: list[Indicator] = list(INDICATORS)
# the first nine KPIs, drawn from the main random stream in this order as before the set grew,
# so that a seed still gives the same incidents and reports; the others have a stream of their own
LEGACY_KPIS = (
    "ktxh-grdp-growth",
    "dvc-ontime-rate",
    "vbdt-overdue",
    "tk-cpi",
    "yt-bed-occupancy",
    "gd-attendance",
    "mxh-negative-share",
    "mt-aqi-max",
    "an-incidents-hour",
)


# (category, sub_category, title_vi, severity weights)
INCIDENT_KINDS = [
    ("traffic", "carAccident", "Tai nạn giao thông", ["medium", "high", "critical"]),
    ("naturalDisaster", "flood", "Ngập lụt cục bộ", ["medium", "high", "critical"]),
    ("security", "buildingFire", "Cháy nhà dân", ["high", "critical"]),
    ("environment", "airPollution", "Ô nhiễm không khí", ["low", "medium", "high"]),
    ("security", "publicDisorder", "Gây rối trật tự công cộng", ["low", "medium", "high"]),
    ("security", "crowd", "Tụ tập đông người tại sự kiện", ["low", "medium"]),
    ("traffic", "trafficJam", "Ùn tắc giao thông", ["low", "medium", "high"]),
]

SOP_STEPS = {
    "carAccident": [
        "Xác minh qua camera",
        "Điều CSGT tới hiện trường",
        "Gọi cấp cứu 115",
        "Phân luồng giao thông",
        "Báo cáo lãnh đạo",
    ],
    "flood": [
        "Xác minh mức ngập",
        "Cảnh báo người dân",
        "Điều lực lượng ứng cứu",
        "Báo cáo BCH PCTT",
    ],
    "buildingFire": ["Báo PCCC 114", "Xác minh qua camera", "Sơ tán người dân", "Báo cáo lãnh đạo"],
    "airPollution": ["Kiểm tra trạm quan trắc", "Khuyến cáo người dân", "Kiểm tra nguồn thải"],
    "publicDisorder": ["Xác minh qua camera", "Điều công an phường", "Lập biên bản"],
    "crowd": ["Theo dõi mật độ qua camera", "Bố trí lực lượng", "Phân luồng"],
    "trafficJam": ["Xác minh qua camera", "Điều CSGT phân luồng", "Thông báo trên VMS"],
    "carWrongDirection": [
        "Xem lại đoạn phát hiện",
        "Báo CSGT chặn phương tiện",
        "Lưu đoạn video làm chứng cứ",
    ],
}

STATUS_FLOW = ["new", "acknowledged", "assigned", "in_progress", "resolved", "closed"]

REPORT_SERVICES = [
    ("ha-tang", "Hạ tầng giao thông", "Ổ gà lớn trên đường, xe máy dễ ngã"),
    ("chieu-sang", "Chiếu sáng công cộng", "Đèn đường hỏng cả đoạn, buổi tối rất tối"),
    ("ve-sinh", "Vệ sinh môi trường", "Rác thải tập kết sai nơi quy định, bốc mùi"),
    ("trat-tu", "Trật tự đô thị", "Lấn chiếm vỉa hè để kinh doanh"),
    ("cay-xanh", "Cây xanh", "Cây đổ sau mưa, chắn một phần lòng đường"),
    ("cap-nuoc", "Cấp thoát nước", "Cống thoát nước bị tắc, nước tràn mặt đường"),
]
REPORT_FLOW = [
    "received",
    "classified",
    "forwarded",
    "processing",
    "processed",
    "published",
    "rated",
]

# Text that a citizen might type, or an attacker might: the client must show it literally.
HOSTILE_DESCRIPTIONS = [
    '<img src=x onerror="window.__iocXss=1">Ảnh hiện trường',
    "Đường ngập </script><script>window.__iocXss=2</script> sâu 40cm",
]

CAMERA_SITES = [
    ("Ngã tư Nguyễn Tất Thành – Hùng Vương", "Phường Việt Trì", 0.004, -0.003, ["traffic"]),
    ("Quảng trường Hùng Vương", "Phường Việt Trì", -0.006, 0.005, ["crowd", "security"]),
    ("Cầu Phong Châu", "Xã Tam Nông", 0.01, 0.02, ["traffic", "flood"]),
    ("Nút giao IC9 Cao tốc Nội Bài – Lào Cai", "Xã Phù Ninh", -0.01, 0.01, ["traffic"]),
    ("Trung tâm hành chính Vĩnh Yên", "Phường Vĩnh Yên", 0.003, 0.004, ["security"]),
    ("Ngã ba Phúc Yên – QL2", "Phường Phúc Yên", -0.004, -0.006, ["traffic"]),
    ("Cầu Hòa Bình – sông Đà", "Phường Hòa Bình", 0.006, -0.004, ["traffic", "flood"]),
    ("Chợ trung tâm Lương Sơn", "Xã Lương Sơn", 0.002, 0.003, ["crowd"]),
]


def stream_profiles(
    cid: str, main_size: tuple[int, int] = (1280, 720)
) -> list[tuple[str, str, int, int]]:
    """(profile, stream name, width, height) of each demo camera: a main and a sub stream."""
    return [("main", cid, *main_size), ("sub", f"{cid}-sub", 640, 360)]


AQ_STATION_WARDS = [
    "Phường Việt Trì",
    "Xã Lâm Thao",
    "Phường Vĩnh Yên",
    "Phường Phúc Yên",
    "Phường Hòa Bình",
    "Xã Thanh Thuỷ",
]


@dataclass
class SimConfig:
    seed: int = 20251101
    tick_s: float = 2.0
    stream_base_url: str | None = None  # e.g. http://127.0.0.1:8751 ; None: demo streams off
    hostile_reports: bool = False
    incident_rate: float | None = None  # chance of a new incident per tick (None: the scale's)
    report_rate: float = 0.08
    auto_progress: bool = True  # other officers move incidents on by themselves
    main_size: tuple[int, int] = (1280, 720)  # bench/wall_capacity.py asks for 1920x1080
    scale: str = "light"  # a key of scale.SCALES: "light" or "province"
    ai_incidents: bool = True  # AI-camera alerts raise incidents (demo/ai_feed.py)

    def new_incident_chance(self) -> float:
        if self.incident_rate is not None:
            return self.incident_rate
        per_day = SCALES[self.scale].incidents_per_day
        return 0.06 if per_day is None else per_day * self.tick_s / 86400


@dataclass
class Simulation:
    config: SimConfig = field(default_factory=SimConfig)

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._applied_actions: dict[str, str] = {}
        self._rng = random.Random(self.config.seed)
        self._start = time.time()
        self.tick = 0
        self.scale: DemoScale = SCALES[self.config.scale]
        self.areas = demo_areas()
        self._wards = wards()
        self._by_name = {a.name: a for a in self._wards}
        self.kpi_values: dict[str, float] = {k.id: k.start for k in KPI_DEFS}
        self.kpi_history: dict[str, list[tuple[float, float]]] = {k.id: [] for k in KPI_DEFS}
        self.ward_factor = {a.code: self._rng.uniform(0.85, 1.1) for a in self._wards}
        self._kpi_rng = random.Random(self.config.seed + 23)
        self._kpi_order = [BY_ID[i] for i in LEGACY_KPIS] + [
            k for k in KPI_DEFS if k.id not in LEGACY_KPIS
        ]
        self.ward_weights = self._ward_weights()
        self._factors: dict[str, dict[str, float]] = {}
        self.incidents: list[dict[str, Any]] = []
        self.reports: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.cameras = self._make_cameras()
        # the streams' clock starts now unless the runner says when its stream server started
        self.ai = AiFeed(DemoAnalytics(time.time()), [f"cam{i:02d}" for i in (1, 2, 4, 6, 8)])
        self.pm25 = {name: self._rng.uniform(15, 60) for name in AQ_STATION_WARDS}
        self._seed_history()

    # -- time --------------------------------------------------------------------------
    def _tick_time(self, tick: int) -> float:
        return self._start + tick * self.config.tick_s

    def advance(self, now: float | None = None) -> None:
        """Run every tick that wall-clock time says has passed since the last call."""
        now = time.time() if now is None else now
        target = int((now - self._start) / self.config.tick_s)
        with self._lock:
            while self.tick < target:
                self.tick += 1
                self._step(self._tick_time(self.tick))

    def _seed_history(self) -> None:
        """History before 'now', plus a few incidents and reports already on the books."""
        self._start -= HISTORY_TICKS * self.config.tick_s
        if self.scale.name == "light":
            for _ in range(self.scale.incidents_today):
                self._new_incident(self._start)
            for _ in range(self.scale.open_reports):
                self._new_report(self._start)
        else:
            self._seed_province()
        if self.config.hostile_reports:
            for text in HOSTILE_DESCRIPTIONS:
                self._new_report(self._start, description=text)
        self.advance(self._start + HISTORY_TICKS * self.config.tick_s)

    def _seed_province(self) -> None:
        """The past day's incidents, each moved on by its age, and a week's open backlog of
        citizen reports at every open step of their flow."""
        rng, sc = self._rng, self.scale
        day = 86400.0
        for i in range(sc.incidents_today):
            t = self._start - day + (i + rng.random()) * day / sc.incidents_today
            self._new_incident(t)
            inc = self.incidents[-1]
            age_h = (self._start - t) / 3600
            steps = min(len(STATUS_FLOW) - 1, int(rng.expovariate(1.0) * age_h / 1.2))
            for k in range(steps):
                at = t + (k + 1) * (self._start - t) / (steps + 1)
                self._set_incident_status(inc, STATUS_FLOW[k + 1], at)
        open_steps = REPORT_FLOW[: REPORT_FLOW.index("published")]
        times = sorted(self._start - rng.uniform(0, 7 * day) for _ in range(sc.open_reports))
        for t in times:
            self._new_report(t)
            rep = self.reports[-1]
            rep["status_detail"] = rng.choice(open_steps)
            rep["updated_datetime"] = iso(datetime.fromtimestamp(rng.uniform(t, self._start), UTC))

    # -- one tick ----------------------------------------------------------------------
    def _step(self, t: float) -> None:  # noqa: C901 - one tick: each system in turn
        rng = self._rng
        for k in self._kpi_order:
            draw = rng if k.id in LEGACY_KPIS else self._kpi_rng
            v = self.kpi_values[k.id] + draw.gauss(0, k.step)
            # pull gently back towards the start so series stay plausible for hours
            v += (k.start - v) * 0.02
            v = min(k.hi, max(k.lo, v))
            v = round(v / resolution(k)) * resolution(k)  # whole dossiers, cases…
            if k.id == "an-incidents-hour":
                v = float(sum(1 for i in self.incidents if t - i["_t"] < 3600))
            if k.id == "mt-aqi-max":
                v = float(max(vn_aqi.from_pm25(p) for p in self.pm25.values()))
            self.kpi_values[k.id] = v
            hist = self.kpi_history[k.id]
            hist.append((t, v))
            if len(hist) > 2 * HISTORY_TICKS:
                del hist[: len(hist) - HISTORY_TICKS]
        for name in self.pm25:
            p = self.pm25[name] + rng.gauss(0, 2.0) + (35 - self.pm25[name]) * 0.03
            self.pm25[name] = max(2.0, p)
        if rng.random() < self.config.new_incident_chance():
            self._new_incident(t)
        if rng.random() < self.config.report_rate:
            self._new_report(t)
        for inc in self.incidents:
            if not self.config.auto_progress:
                break
            if inc["status"] not in ("closed", "cancelled") and rng.random() < 0.03:
                nxt = STATUS_FLOW[STATUS_FLOW.index(inc["status"]) + 1]
                self._set_incident_status(inc, nxt, t)
        moved = iso(datetime.fromtimestamp(t, UTC))
        for rep in self.reports:
            if rep["status_detail"] != "rated" and rng.random() < self.scale.report_progress:
                rep["status_detail"] = REPORT_FLOW[REPORT_FLOW.index(rep["status_detail"]) + 1]
                rep["status"] = (
                    "closed" if rep["status_detail"] in ("published", "rated") else "open"
                )
                rep["updated_datetime"] = moved
        live = t >= self.ai.analytics.origin  # no alerts from before the streams started
        if live:
            raise_incident = self._ai_incident if self.config.ai_incidents else None
            self.ai.step(t, raise_incident, self._emit)

    def _emit(self, kind: str, data: dict[str, Any]) -> None:
        seq = self.events[-1]["seq"] + 1 if self.events else 1  # still rising after a trim
        self.events.append({"seq": seq, "type": kind, "data": data})
        if len(self.events) > 1000:
            del self.events[:500]

    def _set_incident_status(self, inc: dict[str, Any], status: str, t: float) -> None:
        inc["status"] = status
        inc["version"] += 1
        inc["dateModified"] = iso(datetime.fromtimestamp(t, UTC))
        # the field's progress, reported back to the centre: the demo's units, not an officer
        inc["history"].append({"at": inc["dateModified"], "status": status, "by": "system:field"})
        if status == "assigned":
            inc["assignee"] = self._rng.choice(["CSGT Việt Trì", "CA phường", "Đội PCCC số 1"])
        self._emit("incident.updated", {"id": inc["id"], "status": status})

    def _new_incident(self, t: float) -> None:
        rng = self._rng
        cat, sub, title, sevs = rng.choice(INCIDENT_KINDS)
        area = rng.choice(self._wards)
        lat = area.lat + rng.uniform(-0.02, 0.02)
        lon = area.lon + rng.uniform(-0.02, 0.02)
        n = len(self.incidents) + 1
        stamp = iso(datetime.fromtimestamp(t, UTC))
        inc = {
            "id": f"INC-{n:05d}",
            "category": cat,
            "sub_category": sub,
            "severity": rng.choice(sevs),
            "status": "new",
            "version": 1,
            "title": f"{title} tại {area.name}",
            "description": f"{title}. Phát hiện lúc {datetime.fromtimestamp(t, ICT):%H:%M}.",
            "dateIssued": stamp,
            "dateModified": stamp,
            "location": {"lat": round(lat, 5), "lon": round(lon, 5)},
            "area_code": area.code,
            "assignee": None,
            "due_at": iso(datetime.fromtimestamp(t + 3600, UTC)),
            "sop": [
                {"id": f"S{i + 1}", "order": i + 1, "title_vi": s, "state": "pending"}
                for i, s in enumerate(SOP_STEPS[sub])
            ],
            "camera_ids": self.nearest_cameras(lat, lon, 2),
            "history": [{"at": stamp, "status": "new", "by": "system:sensors"}],
            "notes": [],
            "report_ids": [
                r["service_request_id"] for r in self.reports if r.get("area_code") == area.code
            ][-3:],
            "_t": t,
        }
        self.incidents.append(inc)
        self._emit("incident.created", {"id": inc["id"]})

    def _ai_incident(self, camera_id: str, category: str, sub: str, t: float) -> str | None:
        """An incident raised by a camera's analytics: at the camera, with its SOP; its
        random draws are its own, so the seeded incidents and reports stay as they were.
        None for a camera no longer in the catalogue (its alert is kept, with no incident:
        before, the request that advanced the simulation then failed)."""
        cam = next((c for c in self.cameras if c["id"] == camera_id), None)
        if cam is None:
            return None
        title = {"carWrongDirection": "Phương tiện đi ngược chiều", "crowd": "Tụ tập đông người"}
        stamp = iso(datetime.fromtimestamp(t, UTC))
        n = len(self.incidents) + 1
        lat, lon = cam["location"]["lat"], cam["location"]["lon"]
        inc = {
            "id": f"INC-{n:05d}",
            "category": category,
            "sub_category": sub,
            "severity": "high",
            "status": "new",
            "version": 1,
            "title": f"{title[sub]} — camera {cam['name']}",
            "description": f"Camera AI phát hiện lúc {datetime.fromtimestamp(t, ICT):%H:%M:%S}.",
            "dateIssued": stamp,
            "dateModified": stamp,
            "location": {"lat": lat, "lon": lon},
            "area_code": cam["area_code"],
            "assignee": None,
            "due_at": iso(datetime.fromtimestamp(t + 3600, UTC)),
            "sop": [
                {"id": f"S{i + 1}", "order": i + 1, "title_vi": s, "state": "pending"}
                for i, s in enumerate(SOP_STEPS[sub])
            ],
            "camera_ids": [
                camera_id,
                *(c for c in self.nearest_cameras(lat, lon, 3) if c != camera_id),
            ][:3],
            "history": [{"at": stamp, "status": "new", "by": "system:ai-camera"}],
            "notes": [],
            "report_ids": [],
            "_t": t,
        }
        self.incidents.append(inc)
        self._emit("incident.created", {"id": inc["id"]})
        return str(inc["id"])

    def _new_report(self, t: float, description: str | None = None) -> None:
        rng = self._rng
        code, name, text = rng.choice(REPORT_SERVICES)
        area = rng.choice(self._wards)
        n = len(self.reports) + 1
        rep = {
            "service_request_id": f"PA-{n:05d}",
            "service_code": code,
            "service_name": name,
            "status": "open",
            "status_detail": "received",
            "description": description if description is not None else f"{text} ({area.name})",
            "lat": round(area.lat + rng.uniform(-0.02, 0.02), 5),
            "long": round(area.lon + rng.uniform(-0.02, 0.02), 5),
            "requested_datetime": iso(datetime.fromtimestamp(t, UTC)),
            "updated_datetime": iso(datetime.fromtimestamp(t, UTC)),
            "media_url": None,
            "area_code": area.code,
        }
        self.reports.append(rep)
        self._emit("report.created", {"id": rep["service_request_id"]})

    def _streams(self, encoder: str) -> list[dict[str, Any]]:
        root = self.config.stream_base_url or "http://127.0.0.1:9"  # port 9 (discard): off
        return [
            {
                "profile": profile,
                "protocol": "rtsp" if root.startswith("rtsp://") else "http",
                "url": f"{root}/{name}",
                "codec": "h264",
                "width": w,
                "height": h,
                "fps": 25,
                # the same encoder under another path, as an NVR's relay would offer it
                **({} if root.startswith("rtsp://") else {"alternate_url": f"{root}/relay/{name}"}),
            }
            for profile, name, w, h in stream_profiles(encoder, self.config.main_size)
        ]

    def _make_cameras(self) -> list[dict[str, Any]]:
        """The named sites first (cam01…); at province scale, then cameras in every ward
        (cam0009…), each streaming one of the sites' live encoders."""
        cams = []
        for i, (name, ward, dlat, dlon, tags) in enumerate(CAMERA_SITES, start=1):
            area = self._by_name[ward]
            cid = f"cam{i:02d}"
            cams.append(
                {
                    "id": cid,
                    "name": name,
                    "address": None,
                    "location": {
                        "lat": round(area.lat + dlat, 5),
                        "lon": round(area.lon + dlon, 5),
                    },
                    "area_code": area.code,
                    "status": "online",
                    "ptz": i % 3 == 0,
                    "tags": tags,
                    "streams": self._streams(cid),
                    "snapshot_url": f"/api/v1/cameras/{cid}/snapshot",
                }
            )
        extra = max(0, self.scale.cameras - len(cams))
        rng = random.Random(self.config.seed * 7 + 1)  # the light demo's sequence untouched
        for i, site in enumerate(province_sites(self._wards, extra, rng), start=len(cams) + 1):
            encoder = f"cam{(i - 1) % self.scale.encoders + 1:02d}"
            cams.append(
                {
                    "id": f"cam{i:04d}",
                    "name": site.name,
                    "address": site.address,
                    "location": {"lat": round(site.lat, 5), "lon": round(site.lon, 5)},
                    "area_code": site.ward.code,
                    "status": "offline" if rng.random() < 0.02 else "online",
                    "ptz": i % 5 == 0,
                    "tags": site.tags,
                    "streams": self._streams(encoder),
                    "snapshot_url": f"/api/v1/cameras/cam{i:04d}/snapshot",
                }
            )
        return cams

    def nearest_cameras(self, lat: float, lon: float, n: int) -> list[str]:
        def dist(c: dict[str, Any]) -> float:
            return math.hypot(c["location"]["lat"] - lat, c["location"]["lon"] - lon)

        return [c["id"] for c in sorted(self.cameras, key=dist)[:n]]

    # -- views the server answers with (all under the lock) -----------------------------
    def kpis(self, system: int | None = None, area: str | None = None) -> list[dict[str, Any]]:
        now = datetime.fromtimestamp(self._tick_time(self.tick), UTC)
        pcode = self.areas[0].code
        out = []
        for k in KPI_DEFS:
            if system is not None and k.system != system:
                continue
            if area not in (None, pcode):
                continue
            out.append(kpi_payload(k, self.kpi_values[k.id], pcode, now, iso))
        return out

    def series(
        self, kpi_id: str, area: str | None = None, since: datetime | None = None
    ) -> dict[str, Any] | None:
        """The province's series, or one ward's (its share, as the breakdown computes it);
        asked from a time over a day before the history kept, the same span a year earlier
        (the demo has no last year: it makes one from this year's and the indicator's
        year-on-year ratio, seeded, so the trend can be drawn against it)."""
        hist = self.kpi_history.get(kpi_id)
        k = next((k for k in KPI_DEFS if k.id == kpi_id), None)
        if hist is None or k is None or (area is not None and area not in self.ward_factor):
            return None
        if area is not None and k.aggregation == "province":
            return None
        rows = hist[-HISTORY_TICKS:]
        if since is not None and rows and since.timestamp() < rows[0][0] - 86400:
            rows = self._last_year(k, rows)
        points = [
            {
                "t": iso(datetime.fromtimestamp(t, UTC)),
                "value": round(v if area is None else self.ward_values(k, v)[area], 3),
            }
            for t, v in rows
        ]
        return {
            "kpi_id": kpi_id,
            "area_code": area,
            "interval": f"PT{self.config.tick_s:g}S",
            "points": points,
        }

    def _last_year(
        self, k: Indicator, rows: list[tuple[float, float]]
    ) -> list[tuple[float, float]]:
        rng = random.Random(f"{self.config.seed}:last-year:{k.id}")
        out = []
        for t, v in rows:
            when = datetime.fromtimestamp(t, UTC)
            try:
                then = when.replace(year=when.year - 1)
            except ValueError:  # 29 February
                then = when.replace(year=when.year - 1, day=28)
            value = min(k.hi, max(k.lo, v / k.yoy * (1 + rng.gauss(0, 0.01))))
            out.append((then.timestamp(), round(value / resolution(k)) * resolution(k)))
        return out

    def breakdown(self, kpi_id: str) -> dict[str, Any] | None:
        """Every ward's value; counts add up to the province's, rates weigh up to it; none
        (an empty list) for what only the province has (GRDP growth, CPI…)."""
        k = BY_ID.get(kpi_id)
        if k is None:
            return None
        values = self.ward_values(k, self.kpi_values[kpi_id])
        items = [
            {"area_code": a.code, "area_name": a.name, "value": round(values[a.code], 2)}
            for a in self._wards
            if a.code in values
        ]
        return {"kpi_id": kpi_id, "by": "area", "items": items}

    def ward_values(self, k: Indicator, value: float) -> dict[str, float]:
        """The province's ``value`` of ``k`` shared out to the wards (demo/ward_split.py)."""
        return split(k, value, self.weights_of(k), self.factors_of(k))

    def factors_of(self, k: Indicator) -> dict[str, float]:
        """Each ward's own deviation for ``k``: one ward lags on dossiers, another on
        attendance (one factor for every indicator made the same wards worst at all)."""
        if k.id not in self._factors:
            rng = random.Random(f"{self.config.seed}:{k.id}")
            self._factors[k.id] = {c: rng.uniform(0.85, 1.1) for c in self.ward_factor}
        return self._factors[k.id]

    def weights_of(self, k: Indicator) -> dict[str, float]:
        """What ``k``'s wards are weighted by: people, area, or the count it is a rate of."""
        people = self.ward_weights["population"]
        if k.weight in BY_ID:
            count = BY_ID[k.weight]
            return split(count, self.kpi_values[count.id], people, self.factors_of(count))
        return self.ward_weights.get(k.weight or "population", people)

    def _ward_weights(self) -> dict[str, dict[str, float]]:
        """What wards are weighted by: people (a ward ~25,000, a commune ~12,000, seeded) and
        area; drawn from the KPIs' own random stream, not the incidents'."""
        rng = random.Random(self.config.seed + 1459)
        people = {
            a.code: (25_000 if a.name.startswith("Phường") else 12_000) * rng.uniform(0.6, 1.6)
            for a in self._wards
        }
        area = {a.code: a.area_km2 or 40.0 for a in self._wards}
        return {"population": people, "area": area}

    def apply_action(  # noqa: C901 - the backend's checks, in the order it makes them
        self,
        incident_id: str,
        if_match: int | str | None,
        body: dict[str, Any],
        now: float | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """An officer's action, as the IOC backend takes it: (HTTP status, JSON answer).

        Optimistic concurrency: the action names the version it was decided on (If-Match);
        if the incident changed since, 409 with the incident as it is now. An action id seen
        before answers 200 again without applying twice (a retry after a lost answer)."""
        inc = next((i for i in self.incidents if i["id"] == incident_id), None)
        if inc is None:
            return 404, {"code": "Not Found", "message": f"no incident {incident_id}"}
        public = {k: v for k, v in inc.items() if not k.startswith("_")}
        action_id = body.get("client_action_id")
        if not isinstance(action_id, str) or not action_id:
            return 400, {"code": "Bad Request", "message": "client_action_id is required"}
        if action_id in self._applied_actions:
            return 200, public
        if if_match is None:
            return 428, {"code": "Precondition Required", "message": "If-Match is required"}
        if if_match not in ("*", inc["version"]):  # "*": whatever version it has now
            return 409, {
                "code": "Conflict",
                "message": f"incident is at version {inc['version']}, not {if_match}",
                "incident": public,
            }
        action = str(body.get("action", ""))
        rule = RULES.get(action)
        missing = [f for f in (rule.needs if rule else ()) if not body.get(f)]
        if missing:
            return 400, {"code": "Bad Request", "message": f"{action} needs {', '.join(missing)}"}
        try:
            status = next_status(action, inc["status"])
        except ActionRefused as exc:
            return 422, {"code": "Unprocessable", "message": str(exc), "incident": public}
        stamp = iso(datetime.fromtimestamp(now or time.time(), UTC))
        author = str(body.get("author") or "trực ban")
        if action == "sop_step":
            step = next((s for s in inc["sop"] if s["id"] == body["step_id"]), None)
            if step is None or body["state"] not in ("pending", "done", "skipped"):
                return 422, {
                    "code": "Unprocessable",
                    "message": f"the incident has no SOP step {body['step_id']!r}",
                    "incident": public,
                }
            self._change_step(inc, step, body, stamp, author)
        elif action == "comment":
            inc["notes"].append({"at": stamp, "author": author, "text": str(body["text"])})
        elif action in ("bookmark", "snapshot"):
            refused = self._add_evidence(inc, action, body, stamp, author)
            if refused:
                return 422, {"code": "Unprocessable", "message": refused, "incident": public}
        if action == "assign":
            inc["assignee"] = str(body["assignee"])
        if status != inc["status"]:
            inc["status"] = status
            inc["history"].append({"at": stamp, "status": status, "by": author})
            self._emit("incident.updated", {"id": inc["id"], "status": status})
        inc["version"] += 1
        inc["dateModified"] = stamp
        self._applied_actions[action_id] = incident_id
        return 200, {k: v for k, v in inc.items() if not k.startswith("_")}

    @staticmethod
    def _change_step(
        inc: dict[str, Any], step: dict[str, Any], body: dict[str, Any], stamp: str, author: str
    ) -> None:
        """An SOP step's new state, who changed it and when: the officer's own moment
        (`acted_at`, a tick made while the backend was away), never before the incident was
        raised nor after now; every change kept (the last MAX_STEP_CHANGES)."""
        at = stamp
        try:
            acted = _when(str(body.get("acted_at") or stamp))
            at = iso(min(max(acted, _when(inc["dateIssued"])), _when(stamp)))
        except (ValueError, OverflowError):  # a time the contract's pattern let through
            pass
        step.update(state=body["state"], updated_by=author, updated_at=at)
        changes = step.setdefault("changes", [])
        changes.append({"at": at, "state": body["state"], "by": author})
        del changes[:-MAX_STEP_CHANGES]

    def _add_evidence(
        self, inc: dict[str, Any], action: str, body: dict[str, Any], stamp: str, author: str
    ) -> str | None:
        """A bookmark or a snapshot kept with the incident; the reason when it cannot be."""
        if not any(c["id"] == body["camera_id"] for c in self.cameras):
            return f"no camera {body['camera_id']!r}"
        if action == "bookmark" and _when(body["to"]) < _when(body["from"]):
            return "a bookmark ends before it starts"
        evidence = inc.setdefault("evidence", [])
        item: dict[str, Any] = {
            "id": f"EV-{len(evidence) + 1:03d}",
            "kind": action,
            "camera_id": body["camera_id"],
            "note": str(body.get("text") or ""),
            "author": author,
            "added_at": stamp,
        }
        if action == "bookmark":
            item.update({"from": body["from"], "to": body["to"]})
        else:
            item["at"] = body["at"]
            item["snapshot_url"] = f"/api/v1/incidents/{inc['id']}/evidence/{item['id']}/snapshot"
        evidence.append(item)
        return None

    def public_incidents(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in i.items() if not k.startswith("_")} for i in self.incidents]

    def air_quality(self) -> list[dict[str, Any]]:
        now = iso(datetime.fromtimestamp(self._tick_time(self.tick), UTC))
        out = []
        for i, name in enumerate(AQ_STATION_WARDS, start=1):
            a: DemoArea = self._by_name[name]
            pm = self.pm25[name]
            out.append(
                {
                    "id": f"urn:ngsi-ld:AirQualityObserved:PT-{i:02d}",
                    "type": "AirQualityObserved",
                    "name": f"Trạm quan trắc {a.name.removeprefix('Phường ').removeprefix('Xã ')}",
                    "location": {"type": "Point", "coordinates": [a.lon + 0.008, a.lat - 0.006]},
                    "dateObserved": now,
                    "aqi": vn_aqi.from_pm25(pm),
                    "pm25": round(pm, 1),
                    "pm10": round(pm * 1.6, 1),
                    "areaServed": a.code,
                }
            )
        return out

    def traffic_flow(self) -> list[dict[str, Any]]:
        now = iso(datetime.fromtimestamp(self._tick_time(self.tick), UTC))
        rng = random.Random(self.config.seed * 31 + self.tick)
        out = []
        for c in self.cameras:
            if "traffic" not in c["tags"]:
                continue
            speed = rng.uniform(8, 55)
            out.append(
                {
                    "id": f"urn:ngsi-ld:TrafficFlowObserved:{c['id']}",
                    "type": "TrafficFlowObserved",
                    "name": c["name"],
                    "location": {
                        "type": "Point",
                        "coordinates": [c["location"]["lon"], c["location"]["lat"]],
                    },
                    "dateObserved": now,
                    "intensity": rng.randint(200, 2400),
                    "averageVehicleSpeed": round(speed, 1),
                    "congested": speed < 15,
                }
            )
        return out

    @property
    def lock(self) -> threading.RLock:
        return self._lock
