"""The demo's camera analytics: true detections, because the demo draws its own pictures.

A demo stream starts at its origin (the stream server's start, on the wall clock) and shows
frame `k = floor((t - origin) · fps)` at time t, looping every clip (demo/streams.py keeps its
timestamps running across loops). The objects of that frame are demo/scene.py's, the very
boxes the clip encoder drew, so what this module reports can be checked against the pixels.

Two things are produced, as a camera's analytics server would:
- detection frames (ONVIF's analytics metadata stream: each frame's objects with the frame's
  time), asked for by time range, for the boxes a tile draws over the live picture;
- alerts (`AiEvent`): a crowd of at least CROWD_MIN people, or a vehicle going the wrong way,
  each with the objects that make it, the frame's time and a snapshot of that frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from ioc_desktop.demo.scene import (
    CROWD_CAMERAS,
    CROWD_MIN,
    WRONG_WAY_CAMERAS,
    SceneObject,
    base_camera,
    in_crowd,
    scene,
)

ICT = timezone(timedelta(hours=7), "ICT")
FPS = 25
CLIP_SECONDS = 12
FRAMES = FPS * CLIP_SECONDS
ANALYSED_SIZE = (1280, 720)  # boxes are fractions of the frame: any stream size maps them
METADATA_HZ = 5  # detection frames per second in the metadata feed
MAX_RANGE_S = 30.0  # one request's time range at most


def iso_ms(t: float) -> str:
    """Wall-clock seconds → ISO-8601 with milliseconds in the province's zone."""
    return datetime.fromtimestamp(t, UTC).astimezone(ICT).isoformat(timespec="milliseconds")


def objects_json(objects: list[SceneObject], size: tuple[int, int]) -> list[dict[str, Any]]:
    out = []
    for o in objects:
        x, y, w, h = o.normalised(*size)
        # a demo detector is sure of what it drew; a little less of what the bar half hides
        out.append(
            {
                "track_id": o.track_id,
                "label": o.label,
                "x": x,
                "y": y,
                "w": w,
                "h": h,
                "confidence": 0.97 if o.label == "Human" else 0.95,
            }
        )
    return out


@dataclass
class DemoAnalytics:
    """Detections of the demo cameras on the streams' clock (`origin`: wall-clock seconds of
    the streams' frame 0)."""

    origin: float

    def frame_at(self, t: float) -> int:
        """The stream frame shown at wall-clock time t (counted from the origin)."""
        return math.floor((t - self.origin) * FPS + 1e-6)

    def frame_time(self, frame: int) -> float:
        return self.origin + frame / FPS

    def objects(
        self, camera: str, frame: int, size: tuple[int, int] = ANALYSED_SIZE
    ) -> list[SceneObject]:
        return scene(camera, size[0], size[1], frame % FRAMES, FRAMES)

    def frames(self, camera: str, start: float, end: float) -> list[dict[str, Any]]:
        """Detection frames of `camera` between two wall-clock times, METADATA_HZ a second,
        each on a real frame of the stream (its time is that frame's)."""
        end = min(end, start + MAX_RANGE_S)
        step = FPS // METADATA_HZ
        first = math.ceil(self.frame_at(start) / step) * step
        out = []
        for k in range(first, self.frame_at(end) + 1, step):
            out.append(
                {
                    "at": iso_ms(self.frame_time(k)),
                    "frame": k,
                    "objects": objects_json(self.objects(camera, k), ANALYSED_SIZE),
                }
            )
        return out

    def alerts(self, camera: str, t: float) -> list[tuple[str, float, list[SceneObject], int]]:
        """(type, confidence, objects, frame) of each alert the frame shown at t raises."""
        cam = base_camera(camera)
        k = self.frame_at(t)
        objs = self.objects(cam, k)
        out: list[tuple[str, float, list[SceneObject], int]] = []
        if cam in WRONG_WAY_CAMERAS:
            wrong = [o for o in objs if o.wrong_way]
            if wrong:
                out.append(("carWrongDirection", 0.91, wrong, k))
        if cam in CROWD_CAMERAS:
            crowd = in_crowd(objs, *ANALYSED_SIZE)
            if len(crowd) >= CROWD_MIN:
                out.append(("crowd", round(min(0.99, 0.6 + 0.03 * len(crowd)), 2), crowd, k))
        return out
