"""Times pictures where the operator sees them: on the screen, from outside the app.

The app's own first-frame times come from libVLC's counters (ioc_desktop/video/first_frame.py).
This reads the X server's pixels instead: a thread grabs a small patch in the middle of each
camera tile every 25 ms (mss, XGetImage of 20×20 px: a few hundred microseconds each), so a
benchmark can say when each tile's picture really reached the screen, and check the app's
claim against it. A new tile's video surface is black until libVLC draws into it, and the
demo clips are street scenes, so "picture" is simply a patch that is no longer flat and dark.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import mss
import numpy as np
from PIL import Image, ImageDraw

PATCH_PX = 20
EVERY_S = 0.025
DARK_MEAN = 45  # the tile's black surface and the dark theme's panels are far below this
FLAT_STD = 10  # and flat; any street scene has texture somewhere in 20×20 px


def is_picture(pixels: np.ndarray) -> bool:
    grey = pixels[..., :3].astype(np.float32).mean(axis=-1)
    return bool(grey.mean() >= DARK_MEAN or grey.std() >= FLAT_STD)


@dataclass
class ScreenWatch:
    """Samples named patches of an X display between start() and stop()."""

    display: str
    centres: dict[str, tuple[int, int]]
    samples: dict[str, list[tuple[float, bool]]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="screen-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        half = PATCH_PX // 2
        boxes = {
            name: {"left": x - half, "top": y - half, "width": PATCH_PX, "height": PATCH_PX}
            for name, (x, y) in self.centres.items()
        }
        with mss.mss(display=self.display) as grab:
            while not self._stop.is_set():
                for name, box in boxes.items():
                    shot = grab.grab(box)
                    pixels = np.frombuffer(shot.raw, np.uint8).reshape(PATCH_PX, PATCH_PX, 4)
                    self.samples.setdefault(name, []).append((time.time(), is_picture(pixels)))
                self._stop.wait(EVERY_S)

    def first_picture_after(self, at: float) -> dict[str, float | None]:
        """Per patch: seconds from `at` to the first picture after the patch went dark
        (the old tile gone, the new one not drawn yet); None: it never went dark and back."""
        out: dict[str, float | None] = {}
        for name, seen in self.samples.items():
            after = [(t, pic) for t, pic in seen if t >= at]
            dark = next((i for i, (_, pic) in enumerate(after) if not pic), None)
            back = next((t for t, pic in after[dark:] if pic), None) if dark is not None else None
            out[name] = round(back - at, 2) if back is not None else None
        return out

    def save_shot(self, path: Path) -> None:
        """The whole display with the watched patches boxed in red: to check by eye that
        every patch sits on a tile's video."""
        with mss.mss(display=self.display) as grab:
            shot = grab.grab(grab.monitors[0])
        img = Image.frombytes("RGB", shot.size, shot.rgb)
        draw = ImageDraw.Draw(img)
        for x, y in self.centres.values():
            draw.rectangle((x - 15, y - 15, x + 15, y + 15), outline=(255, 0, 0), width=4)
        img.save(path)
