"""Synthetic street-scene clips for the demo cameras.

Encoded once with PyAV (its FFmpeg has libx264, so no system FFmpeg is needed) and cached by
content key, so a later start is instant. Each frame shows the camera name, a running clock
and moving traffic: a frozen or wrong tile is visible at a glance and on a screenshot. A thin
strip of blocks at the right of the clock bar is the frame's index for machines
(video/timecode.py's frame mark): the engine reads it off a tile's still, so the AI boxes
are drawn in time with the picture to the frame (issue #22).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ioc_desktop.demo.scene import scene
from ioc_desktop.video import timecode

log = logging.getLogger(__name__)
# 3: objects from demo/scene.py (main and sub streams show the same ones); 4: the frame mark
CLIP_VERSION = 4
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
]


@dataclass(frozen=True)
class ClipSpec:
    camera_id: str
    label: str
    width: int = 640
    height: int = 360
    fps: int = 25
    seconds: int = 12
    grain: int = 0
    """Sensor noise (+- levels per pixel) at a camera-like bitrate: decoding then costs what a
    real camera's stream costs (bench/wall_capacity.py); 0 keeps the light demo clips."""

    def key(self) -> str:
        size = f"{self.width}x{self.height}@{self.fps}"
        raw = f"{CLIP_VERSION}|{self.camera_id}|{self.label}|{size}|{self.seconds}"
        if self.grain:
            raw += f"|grain{self.grain}"
        return hashlib.sha1(raw.encode()).hexdigest()[:12]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _background(spec: ClipSpec, rng: random.Random) -> Image.Image:
    w, h = spec.width, spec.height
    img = Image.new("RGB", (w, h), (38, 52, 44))
    d = ImageDraw.Draw(img)
    horizon = int(h * 0.35)
    d.rectangle([0, 0, w, horizon], fill=(70, 90, 120))
    for _ in range(9):  # buildings
        bx = rng.randint(0, w)
        bw = rng.randint(w // 16, w // 6)
        bh = rng.randint(h // 8, horizon)
        shade = rng.randint(50, 110)
        d.rectangle([bx, horizon - bh, bx + bw, horizon], fill=(shade, shade, shade + 10))
    d.polygon([(w * 0.3, horizon), (w * 0.7, horizon), (w, h), (0, h)], fill=(60, 60, 64))
    for i in range(8):  # lane markings in perspective
        y0 = horizon + (h - horizon) * i / 8
        y1 = y0 + (h - horizon) / 16
        d.line([(w / 2, y0), (w / 2, y1)], fill=(230, 230, 230), width=max(1, int(1 + 4 * i / 8)))
    return img


def render_frame(spec: ClipSpec, i: int, bg: Image.Image | None = None) -> Image.Image:
    """Frame i of the clip: the background, the scene's objects (demo/scene.py: the same
    boxes the demo's analytics report), the name strip and the clock with the frame number."""
    if bg is None:
        bg = _background(spec, random.Random(spec.camera_id))
    big_pt, small_pt = max(14, spec.height // 16), max(12, spec.height // 20)
    big, small = _font(big_pt), _font(small_pt)
    n = spec.fps * spec.seconds
    w, h = spec.width, spec.height
    img = bg.copy()
    d = ImageDraw.Draw(img)
    for obj in scene(spec.camera_id, w, h, i, n):
        if obj.label == "Human":
            d.rounded_rectangle(obj.box, radius=2, fill=obj.color)
        else:
            d.rounded_rectangle(obj.box, radius=4, fill=obj.color)
    t = i / spec.fps
    d.rectangle([0, 0, w, big_pt + 14], fill=(0, 0, 0))
    d.text((8, 6), spec.label, font=big, fill=(255, 255, 255))
    clock = f"{spec.camera_id.upper()}  {int(t // 60):02d}:{t % 60:05.2f}  #{i:04d}"
    d.rectangle([0, h - small_pt - 12, w, h], fill=(0, 0, 0))
    d.text((8, h - small_pt - 8), clock, font=small, fill=(255, 220, 0))
    # a sweeping bar: motion everywhere on the frame, so a frozen picture is obvious
    x = int((math.sin(2 * math.pi * i / n) * 0.5 + 0.5) * (w - 12))
    d.rectangle([x, h - small_pt - 16, x + 12, h - small_pt - 13], fill=(255, 60, 60))
    # the frame's index for machines (video/timecode.py): a strip in the bar, right of the
    # clock, so a tile's still says exactly which frame it shows (the boxes' anchor)
    arr = np.array(img)
    timecode.draw_frame_mark(arr, i % n, n)
    return Image.fromarray(arr)


def render_frames(spec: ClipSpec) -> list[np.ndarray]:
    bg = _background(spec, random.Random(spec.camera_id))
    return [np.asarray(render_frame(spec, i, bg)) for i in range(spec.fps * spec.seconds)]


def encode_clip(spec: ClipSpec, path: Path) -> Path:
    """H.264 in MPEG-TS, one keyframe a second so a client joining the live stream starts fast."""
    # a file of this process's own: two processes sharing the cache (a test run's workers, two
    # demo walls) may encode the same clip at once; the last rename wins, both whole
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
    with av.open(str(tmp), mode="w", format="mpegts") as container:
        stream = container.add_stream("libx264", rate=spec.fps)
        stream.width, stream.height = spec.width, spec.height
        stream.pix_fmt = "yuv420p"
        stream.options = {
            "preset": "veryfast",
            "tune": "zerolatency",
            "g": str(spec.fps),
            "keyint_min": str(spec.fps),
            "sc_threshold": "0",
            "bf": "0",
        }
        if spec.grain:
            # ~0.08 bit per pixel: 4.1 Mbit/s at 1080p25, 0.46 at 360p, like an IP camera
            stream.bit_rate = int(spec.width * spec.height * spec.fps * 0.08)
            noise_rng = np.random.default_rng(zlib.crc32(spec.camera_id.encode()))
            shape = (spec.height, spec.width, 3)
            grains = [
                noise_rng.integers(-spec.grain, spec.grain + 1, shape, dtype=np.int16)
                for _ in range(16)
            ]
        for i, arr in enumerate(render_frames(spec)):
            if spec.grain:
                arr = np.clip(arr.astype(np.int16) + grains[i % 16], 0, 255).astype(np.uint8)
            frame = av.VideoFrame.from_ndarray(arr, format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    tmp.replace(path)
    return path


def ensure_clips(
    specs: list[ClipSpec],
    cache_dir: Path,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Path]:
    """Clip path per camera id, encoding only what the cache lacks."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for done, spec in enumerate(specs):
        path = cache_dir / f"{spec.camera_id}-{spec.key()}.ts"
        if not path.exists():
            log.info("encoding demo clip %s", path.name)
            encode_clip(spec, path)
        out[spec.camera_id] = path
        if progress:
            progress(done + 1, len(specs))
    return out
