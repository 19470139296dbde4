"""Contract data as plain dataclasses.

Every payload from the backend is validated against the OpenAPI schemas first (see
`client.py`), so the parsers here can trust shapes and stay short. Nothing here knows Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def parse_time(value: str) -> datetime:
    """ISO-8601 with offset, as the contract requires (a trailing Z is accepted too); a time
    without an offset is refused: whose clock it was read on cannot be known."""
    t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if t.tzinfo is None:
        raise ValueError(f"time without an offset: {value!r}")
    return t


def lat_lon(lat: object, lon: object) -> tuple[float, float]:
    """A place on the globe, or ValueError: a NaN or off-the-globe coordinate from a wrong
    answer reached Leaflet ("Invalid LatLng object: (NaN, 105.44)"); the entry is dropped."""
    if isinstance(lat, bool) or isinstance(lon, bool):
        raise ValueError("coordinate is not a number")
    la, lo = float(lat), float(lon)  # type: ignore[arg-type]
    if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
        raise ValueError(f"coordinate off the globe: ({la}, {lo})")
    return la, lo


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str
    parent_code: str | None
    legacy_codes: tuple[str, ...]
    centroid: tuple[float, float]  # (lat, lon)
    bbox: tuple[float, float, float, float]  # (min_lon, min_lat, max_lon, max_lat)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Area:
        return cls(
            code=d["code"],
            name=d["name"],
            level=d["level"],
            parent_code=d.get("parent_code"),
            legacy_codes=tuple(d.get("legacy_codes", [])),
            centroid=lat_lon(d["centroid"]["lat"], d["centroid"]["lon"]),
            bbox=(d["bbox"][0], d["bbox"][1], d["bbox"][2], d["bbox"][3]),
        )


@dataclass(frozen=True)
class Threshold:
    lower: float
    upper: float
    status: str  # good | warning | critical
    color: str


@dataclass(frozen=True)
class Kpi:
    id: str
    system: int
    name_vi: str
    name_en: str
    unit: str
    value: float
    target: float | None
    higher_is_better: bool
    thresholds: tuple[Threshold, ...]
    frequency: str
    area_code: str
    parent_id: str | None
    updated_at: datetime

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Kpi:
        return cls(
            id=d["id"],
            system=d["system"],
            name_vi=d["name_vi"],
            name_en=d["name_en"],
            unit=d["unit"],
            value=float(d["value"]),
            target=None if d.get("target") is None else float(d["target"]),
            higher_is_better=d["higher_is_better"],
            thresholds=tuple(
                Threshold(float(t["from"]), float(t["to"]), t["status"], t["color"])
                for t in d.get("thresholds", [])
            ),
            frequency=d["frequency"],
            area_code=d["area_code"],
            parent_id=d.get("parent_id"),
            updated_at=parse_time(d["updated_at"]),
        )

    def status(self) -> Threshold | None:
        """The threshold band the current value falls in (bands are [from, to))."""
        return next((t for t in self.thresholds if t.lower <= self.value < t.upper), None)


LAST_YEAR = "#last-year"  # the suffix of a series' key for the same span a year earlier


@dataclass(frozen=True)
class SeriesPoint:
    t: datetime
    value: float


@dataclass(frozen=True)
class KpiSeries:
    kpi_id: str
    points: tuple[SeriesPoint, ...]
    area_code: str | None = None  # one ward's series (drill-down), None: the province's
    last_year: bool = False  # the same span a year earlier (points at last year's times)

    @classmethod
    def from_json(cls, kpi_id: str, d: dict[str, Any], last_year: bool = False) -> KpiSeries:
        return cls(
            kpi_id=kpi_id,
            points=tuple(SeriesPoint(parse_time(p["t"]), float(p["value"])) for p in d["points"]),
            area_code=d.get("area_code"),
            last_year=last_year,
        )

    @property
    def key(self) -> str:
        """Where the store keeps it: the KPI id, or "<id>@<ward code>" for a ward's series;
        "…#last-year" for the same span a year earlier."""
        key = self.kpi_id if self.area_code is None else f"{self.kpi_id}@{self.area_code}"
        return f"{key}{LAST_YEAR}" if self.last_year else key


@dataclass(frozen=True)
class BreakdownItem:
    area_code: str
    area_name: str
    value: float


@dataclass(frozen=True)
class SocialPost:
    source: str  # the network or site
    text: str  # as written: shown as plain text
    posted_at: datetime


@dataclass(frozen=True)
class HotTopic:
    """A hot topic of the province's social listening (system 7, GET /social/hot-topics)."""

    id: str
    topic: str
    mentions: int
    negative_share: float  # % of the mentions
    needs_handling: bool
    samples: tuple[SocialPost, ...]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> HotTopic:
        return cls(
            str(d["id"]),
            str(d["topic"]),
            int(d["mentions"]),
            float(d["negative_share"]),
            bool(d["needs_handling"]),
            tuple(
                SocialPost(str(p["source"]), str(p["text"]), parse_time(p["posted_at"]))
                for p in d["samples"]
            ),
        )


@dataclass(frozen=True)
class SopChange:
    """One change of an SOP step: to which state, when, by whom (None: the backend did not
    say)."""

    at: datetime
    state: str
    by: str | None = None


@dataclass(frozen=True)
class SopStep:
    id: str
    order: int
    title_vi: str
    state: str
    updated_by: str | None = None  # who last changed it; None: an older backend does not say
    updated_at: datetime | None = None
    changes: tuple[SopChange, ...] = field(default=())

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SopStep:
        at = d.get("updated_at")
        return cls(
            str(d["id"]),
            int(d["order"]),
            str(d["title_vi"]),
            str(d["state"]),
            str(d["updated_by"]) if d.get("updated_by") else None,
            parse_time(at) if at else None,
            tuple(
                SopChange(
                    parse_time(c["at"]), str(c["state"]), str(c["by"]) if c.get("by") else None
                )
                for c in d.get("changes") or ()
            ),
        )

    def history(self) -> tuple[SopChange, ...]:
        """Every change the backend told of, oldest first: its `changes`, else (an older
        backend) the last change alone, when it gave its time; else none."""
        if self.changes:
            return tuple(sorted(self.changes, key=lambda c: c.at))
        if self.updated_at is not None:
            return (SopChange(self.updated_at, self.state, self.updated_by),)
        return ()

    @property
    def who_when_unknown(self) -> bool:
        """The step was changed (not pending), but the backend does not say who or when."""
        return self.state != "pending" and (self.updated_at is None or self.updated_by is None)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    status: str
    note: str = ""
    by: str | None = None  # who made the change (None: an older backend does not say)


@dataclass(frozen=True)
class Note:
    at: datetime
    author: str
    text: str


@dataclass(frozen=True)
class Evidence:
    """A bookmark (a stretch of a camera's recording) or a snapshot kept with an incident."""

    id: str
    kind: str  # bookmark | snapshot
    camera_id: str
    added_at: datetime
    author: str
    note: str = ""
    start: datetime | None = None  # a bookmark's from
    end: datetime | None = None  # a bookmark's to
    at: datetime | None = None  # a snapshot's moment
    snapshot_url: str | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Evidence:
        def when(key: str) -> datetime | None:
            return parse_time(d[key]) if d.get(key) else None

        return cls(
            str(d["id"]),
            str(d["kind"]),
            str(d["camera_id"]),
            parse_time(d["added_at"]),
            str(d["author"]),
            str(d.get("note") or ""),
            when("from"),
            when("to"),
            when("at"),
            d.get("snapshot_url"),
        )


@dataclass(frozen=True)
class Incident:
    id: str
    category: str
    sub_category: str
    severity: str  # informational | low | medium | high | critical (Smart Data Models Alert)
    status: str
    version: int
    title: str
    description: str
    date_issued: datetime
    location: tuple[float, float]  # (lat, lon)
    area_code: str
    assignee: str | None
    camera_ids: tuple[str, ...]
    sop: tuple[SopStep, ...] = field(default=())
    history: tuple[HistoryEntry, ...] = field(default=())
    notes: tuple[Note, ...] = field(default=())
    report_ids: tuple[str, ...] = field(default=())
    evidence: tuple[Evidence, ...] = field(default=())

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Incident:
        return cls(
            id=d["id"],
            category=d["category"],
            sub_category=d["sub_category"],
            severity=d["severity"],
            status=d["status"],
            version=d["version"],
            title=d["title"],
            description=d["description"],
            date_issued=parse_time(d["dateIssued"]),
            location=lat_lon(d["location"]["lat"], d["location"]["lon"]),
            area_code=d["area_code"],
            assignee=d.get("assignee"),
            camera_ids=tuple(d.get("camera_ids", [])),
            sop=tuple(SopStep.from_json(s) for s in d.get("sop", [])),
            history=tuple(
                HistoryEntry(parse_time(h["at"]), h["status"], h.get("note", ""), h.get("by"))
                for h in d.get("history", [])
            ),
            notes=tuple(
                Note(parse_time(n["at"]), n["author"], n["text"]) for n in d.get("notes", [])
            ),
            report_ids=tuple(d.get("report_ids", [])),
            evidence=tuple(Evidence.from_json(e) for e in d.get("evidence", [])),
        )

    @property
    def is_open(self) -> bool:
        return self.status not in ("resolved", "closed", "cancelled")


@dataclass(frozen=True)
class CitizenReport:
    """A *phản ánh hiện trường*: Open311 GeoReport v2 names plus `status_detail`."""

    service_request_id: str
    service_code: str
    service_name: str
    status: str
    status_detail: str
    description: str
    lat: float
    lon: float
    requested_datetime: datetime
    media_url: str | None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CitizenReport:
        lat, lon = lat_lon(d["lat"], d["long"])
        return cls(
            service_request_id=d["service_request_id"],
            service_code=d["service_code"],
            service_name=d["service_name"],
            status=d["status"],
            status_detail=d["status_detail"],
            description=d["description"],
            lat=lat,
            lon=lon,
            requested_datetime=parse_time(d["requested_datetime"]),
            media_url=d.get("media_url"),
        )


@dataclass(frozen=True)
class AirQualityStation:
    """An NGSI-v2 AirQualityObserved entity (keyValues) carrying VN_AQI."""

    id: str
    name: str
    lat: float
    lon: float
    aqi: int
    pm25: float
    observed_at: datetime

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AirQualityStation:
        lat, lon = lat_lon(d["location"]["coordinates"][1], d["location"]["coordinates"][0])
        return cls(
            id=d["id"],
            name=d["name"],
            lat=lat,
            lon=lon,
            aqi=int(d["aqi"]),
            pm25=float(d["pm25"]),
            observed_at=parse_time(d["dateObserved"]),
        )


@dataclass(frozen=True)
class StreamProfile:
    profile: str  # main | sub
    protocol: str
    url: str
    codec: str
    width: int
    height: int
    fps: float
    rtsp_transport: str | None = None  # tcp | udp; None: the client's setting
    alternate_url: str | None = None  # e.g. the NVR's relay: the recovery ladder's 3rd rung


@dataclass(frozen=True)
class Camera:
    id: str
    name: str
    location: tuple[float, float]
    area_code: str
    status: str
    ptz: bool
    tags: tuple[str, ...]
    streams: tuple[StreamProfile, ...]
    snapshot_url: str | None
    address: str | None = None  # the road or place: what an operator searches by

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Camera:
        return cls(
            id=d["id"],
            name=d["name"],
            location=lat_lon(d["location"]["lat"], d["location"]["lon"]),
            area_code=d["area_code"],
            status=d["status"],
            ptz=d["ptz"],
            tags=tuple(d.get("tags", [])),
            streams=tuple(
                StreamProfile(
                    s["profile"],
                    s["protocol"],
                    s["url"],
                    s["codec"],
                    s["width"],
                    s["height"],
                    float(s["fps"]),
                    s.get("rtsp_transport"),
                    s.get("alternate_url"),
                )
                for s in d["streams"]
            ),
            snapshot_url=d.get("snapshot_url"),
            address=d.get("address"),
        )

    def stream(self, profile: str) -> StreamProfile | None:
        """The stream of that profile, else the first one there is."""
        for s in self.streams:
            if s.profile == profile:
                return s
        return self.streams[0] if self.streams else None


@dataclass(frozen=True)
class WallLeaseInfo:
    """Who holds the wall (held False: no one); `taken_from` when it was taken over."""

    held: bool
    holder: str | None
    workstation: str | None
    since: str | None
    until: str | None
    taken_from: dict[str, Any] | None
    lease_id: str | None = None  # told only to the holder

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> WallLeaseInfo:
        return cls(
            bool(d["held"]),
            d["holder"],
            d["workstation"],
            d["since"],
            d["until"],
            d["taken_from"],
            d.get("lease_id"),
        )
