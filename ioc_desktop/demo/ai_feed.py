"""The demo backend's AI-camera alerts: what the analytics saw, kept and paged like events.

Each simulation tick looks at the frame every site camera's stream shows at that moment
(demo/detections.py); an alert type repeats on a camera at most every ALERT_GAP_S, and raises
an incident at most every INCIDENT_GAP_S (a crowd forming, a vehicle going the wrong way).
Only the sites' own cameras (cam01…cam08) are analysed: the province's other cameras
re-use their streams, and one picture should not raise the same alert twenty times.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ioc_desktop.demo.detections import ANALYSED_SIZE, DemoAnalytics, iso_ms, objects_json

ALERT_GAP_S = 30.0
INCIDENT_GAP_S = 600.0
KEEP = 500  # alerts kept for paging
TITLES_VI = {"carWrongDirection": "Phương tiện đi ngược chiều", "crowd": "Tụ tập đông người"}
INCIDENT_KIND = {"carWrongDirection": "traffic", "crowd": "security"}


@dataclass
class AiFeed:
    analytics: DemoAnalytics
    cameras: list[str]  # the analysed cameras
    events: list[dict[str, Any]] = field(default_factory=list)
    _seq: int = 0
    _last_alert: dict[tuple[str, str], float] = field(default_factory=dict)
    _last_incident: dict[tuple[str, str], float] = field(default_factory=dict)

    def step(
        self,
        t: float,
        raise_incident: Callable[[str, str, str, float], str | None] | None,
        emit: Callable[[str, dict[str, Any]], None],
    ) -> None:
        """Analyse the frames shown at t; raise_incident(camera, category, sub_category, t)
        makes an incident and returns its id, or None where it made none (raise_incident
        None: alerts only, e.g. for history)."""
        for cam in self.cameras:
            for kind, confidence, objs, frame in self.analytics.alerts(cam, t):
                key = (cam, kind)
                if t - self._last_alert.get(key, -1e18) < ALERT_GAP_S:
                    continue
                self._last_alert[key] = t
                incident_id = None
                if raise_incident and t - self._last_incident.get(key, -1e18) >= INCIDENT_GAP_S:
                    self._last_incident[key] = t
                    incident_id = raise_incident(cam, INCIDENT_KIND[kind], kind, t)
                self._seq += 1
                event_id = f"AI-{self._seq:06d}"
                self.events.append(
                    {
                        "seq": self._seq,
                        "id": event_id,
                        "camera_id": cam,
                        "at": iso_ms(self.analytics.frame_time(frame)),
                        "type": kind,
                        "title_vi": TITLES_VI[kind],
                        "confidence": confidence,
                        "frame": {
                            "index": frame,
                            "width": ANALYSED_SIZE[0],
                            "height": ANALYSED_SIZE[1],
                        },
                        "objects": objects_json(objs, ANALYSED_SIZE),
                        "snapshot_url": f"/api/v1/ai-events/{event_id}/snapshot",
                        "incident_id": incident_id,
                    }
                )
                if len(self.events) > KEEP:
                    del self.events[: len(self.events) - KEEP]
                emit("ai.event", {"id": event_id, "camera_id": cam, "type": kind})

    def page(self, after: int, camera_id: str | None = None) -> dict[str, Any]:
        rows = [e for e in self.events if e["seq"] > after]
        if camera_id is not None:
            rows = [e for e in rows if e["camera_id"] == camera_id]
        rows = rows[:200]
        # past the last alert (a backend that restarted): start again from what there is
        cursor = rows[-1]["seq"] if rows else min(after, self._seq)
        return {"cursor": cursor, "events": rows}

    def find(self, event_id: str) -> dict[str, Any] | None:
        return next((e for e in self.events if e["id"] == event_id), None)
