"""Camera analytics as the contract carries them: AI alerts and detection frames.

Boxes are fractions of the frame (x, y of the top-left corner, w, h), so they map onto any
stream of the camera at any size. Times are the analysed frame's on the camera's clock: a
box belongs over the picture of that moment, not over whatever the tile shows when the
alert arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass(frozen=True)
class DetectedObject:
    label: str
    x: float
    y: float
    w: float
    h: float
    confidence: float | None = None
    track_id: str | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DetectedObject:
        return cls(
            str(d["label"]),
            float(d["x"]),
            float(d["y"]),
            float(d["w"]),
            float(d["h"]),
            None if d.get("confidence") is None else float(d["confidence"]),
            None if d.get("track_id") is None else str(d["track_id"]),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, "x": self.x, "y": self.y}
        out.update({"w": self.w, "h": self.h})
        if self.confidence is not None:
            out["confidence"] = self.confidence
        if self.track_id is not None:
            out["track_id"] = self.track_id
        return out


@dataclass(frozen=True)
class AiEvent:
    """An alert from a camera's analytics (GET /api/v1/ai-events)."""

    seq: int
    id: str
    camera_id: str
    at: datetime
    type: str
    confidence: float
    objects: tuple[DetectedObject, ...]
    snapshot_url: str | None
    incident_id: str | None
    title_vi: str = ""
    frame_index: int | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AiEvent:
        frame = d.get("frame") or {}
        return cls(
            seq=int(d["seq"]),
            id=str(d["id"]),
            camera_id=str(d["camera_id"]),
            at=parse_time(d["at"]),
            type=str(d["type"]),
            confidence=float(d["confidence"]),
            objects=tuple(DetectedObject.from_json(o) for o in d["objects"]),
            snapshot_url=d.get("snapshot_url"),
            incident_id=d.get("incident_id"),
            title_vi=str(d.get("title_vi") or ""),
            frame_index=None if frame.get("index") is None else int(frame["index"]),
        )


@dataclass(frozen=True)
class DetectionFrame:
    """The objects of one analysed frame, at that frame's time (camera clock)."""

    at: datetime
    objects: tuple[DetectedObject, ...]
    frame_index: int | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DetectionFrame:
        return cls(
            parse_time(d["at"]),
            tuple(DetectedObject.from_json(o) for o in d["objects"]),
            None if d.get("frame") is None else int(d["frame"]),
        )


def frame_for(frames: list[DetectionFrame], at: datetime, within_s: float) -> DetectionFrame | None:
    """The detection frame nearest to `at` (the picture's time), if one is within `within_s`:
    the boxes drawn belong to the picture on screen, never to the newest metadata."""
    best: DetectionFrame | None = None
    best_d = within_s
    for f in frames:
        d = abs((f.at - at).total_seconds())
        if d <= best_d:
            best, best_d = f, d
    return best


@dataclass(frozen=True)
class Playback:
    """A playback of a camera's recording (GET …/cameras/{id}/playback): the URL a player
    opens, and the time of its first picture (the keyframe at or before the time asked)."""

    camera_id: str
    url: str
    start: datetime
    end: datetime

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Playback:
        return cls(str(d["camera_id"]), str(d["url"]), parse_time(d["start"]), parse_time(d["end"]))
