"""What a demo camera sees, frame by frame: the one geometry the clips draw and the demo's
AI analytics report.

Every object's place is a pure function of (camera, frame index), so the clip encoder
(`clips.py`) draws exactly these boxes and the simulated analytics (`detections.py`) report
exactly them: a box the wall draws can be checked against the picture's pixels. Coordinates
are pixels of a `width × height` frame; the scene itself is laid out in fractions of the
frame, so a camera's main and sub streams show the same objects at the same places.

The scene of a camera depends on its base id (`cam01` for both `cam01` and `cam01-sub`):
six cars in their lanes everywhere; on `WRONG_WAY_CAMERAS` a red car drives up the
down-going lane for the middle half of each loop; on `CROWD_CAMERAS` fourteen people walk
together into a crowd and apart again once a loop.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

HORIZON = 0.35  # the road starts this far down the frame
WRONG_WAY_CAMERAS = frozenset({"cam01", "cam04", "cam06"})
CROWD_CAMERAS = frozenset({"cam02", "cam08"})
WRONG_WAY_COLOR = (235, 25, 25)
PEOPLE = 14
CROWD_CENTRE = (0.15, 0.56)  # where the people gather (fraction of width, height)
CROWD_RADIUS = 0.09  # a person this close to the centre (fraction of width) is in the crowd
CROWD_MIN = 10  # people in the circle that make a crowd


@dataclass(frozen=True)
class SceneObject:
    """One drawn object: its box in pixels (x0, y0, x1, y1; PIL fills x0..x1 inclusive),
    an ONVIF object class, the colour it is filled with, a track id stable across frames."""

    track_id: str
    label: str  # ONVIF analytics object class: "Vehicle" or "Human"
    box: tuple[float, float, float, float]
    color: tuple[int, int, int]
    wrong_way: bool = False

    def normalised(self, width: int, height: int) -> tuple[float, float, float, float]:
        """(x, y, w, h) as fractions of the frame, rounded to 1/10,000."""
        x0, y0, x1, y1 = self.box
        return (
            round(x0 / width, 4),
            round(y0 / height, 4),
            round((x1 - x0) / width, 4),
            round((y1 - y0) / height, 4),
        )


def base_camera(stream_or_camera: str) -> str:
    """`cam01-sub` → `cam01`: the scene is the camera's, whichever stream shows it."""
    return stream_or_camera.removesuffix("-sub")


def bottom_bar_top(height: int) -> float:
    """Where the clip's clock strip starts (objects below it are hidden by it)."""
    small_pt = max(12, height // 20)
    return float(height - small_pt - 16)


def _cars(camera: str) -> list[tuple[float, int, int]]:
    rng = random.Random(f"{base_camera(camera)}/cars")
    return [(rng.random(), rng.choice([-1, 1]), rng.randint(0, 255)) for _ in range(6)]


def _people(camera: str) -> list[tuple[float, float, tuple[int, int, int]]]:
    rng = random.Random(f"{base_camera(camera)}/people")
    out = []
    for k in range(PEOPLE):
        home = (rng.uniform(0.02, 0.30), rng.uniform(0.44, 0.70))
        out.append((*home, (250, 150 + 7 * k, 40 + 5 * k)))
    return out


Box = tuple[float, float, float, float]


def _clip(box: Box, height: int) -> Box | None:
    x0, y0, x1, y1 = box
    y1 = min(y1, bottom_bar_top(height))
    return (x0, y0, x1, y1) if y1 - y0 >= 2 else None


def _car_box(p: float, lane: int, w: int, h: int) -> tuple[float, float, float, float]:
    y = h * HORIZON + h * (1 - HORIZON) * p
    scale = 0.2 + 0.8 * p
    cx = w / 2 + lane * (w * 0.12) * scale * 1.6
    cw, ch = 60 * scale * w / 640, 34 * scale * h / 360
    return (cx - cw / 2, y - ch, cx + cw / 2, y)


def scene(camera: str, width: int, height: int, frame: int, frames: int) -> list[SceneObject]:
    """The objects of `camera`'s picture at `frame` (of a `frames`-long loop), in drawing
    order (later ones cover earlier ones)."""
    cam = base_camera(camera)
    out: list[SceneObject] = []
    i = frame % frames
    for k, (phase, lane, hue) in enumerate(_cars(cam)):
        p = (phase + lane * i / frames) % 1.0  # integer laps per loop: seamless
        box = _clip(_car_box(p, lane, width, height), height)
        if box:
            color = (hue, 255 - hue, 120 + hue // 3)
            out.append(SceneObject(f"{cam}-car{k}", "Vehicle", box, color))
    if cam in WRONG_WAY_CAMERAS and frames // 4 <= i < 3 * frames // 4:
        # up the right-hand (down-going) lane: from near the camera towards the horizon
        p = 0.8 - 0.6 * (i - frames // 4) / (frames // 2)
        box = _clip(_car_box(p, 1, width, height), height)
        if box:
            out.append(SceneObject(f"{cam}-wrongway", "Vehicle", box, WRONG_WAY_COLOR, True))
    if cam in CROWD_CAMERAS:
        g = 1 - abs(2 * i / frames - 1)  # 0 → 1 (all together at mid-loop) → 0
        g = min(1.0, g * 1.25)
        cx, cy = CROWD_CENTRE
        for k, (hx, hy, color) in enumerate(_people(cam)):
            # each keeps a little of its own place: a crowd, not one point
            x = hx + (cx + (hx - 0.16) * 0.35 - hx) * g
            y = hy + (cy + (hy - 0.57) * 0.35 - hy) * g
            pw, ph = 0.014 * width, 0.055 * height
            box4 = (x * width - pw / 2, y * height - ph, x * width + pw / 2, y * height)
            out.append(SceneObject(f"{cam}-person{k}", "Human", box4, color))
    return out


def in_crowd(objects: list[SceneObject], width: int, height: int) -> list[SceneObject]:
    """The people standing within CROWD_RADIUS of the gathering point."""
    cx, cy = CROWD_CENTRE[0] * width, CROWD_CENTRE[1] * height
    r = CROWD_RADIUS * width
    out = []
    for o in objects:
        if o.label != "Human":
            continue
        x, y = (o.box[0] + o.box[2]) / 2, o.box[3]
        if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
            out.append(o)
    return out
