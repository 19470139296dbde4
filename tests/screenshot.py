"""A screenshot of an X display with mss (a test dependency), so no test needs ffmpeg:
`QWidget.grab()` does not see libVLC's video, the X server does."""

from __future__ import annotations

from pathlib import Path

import mss
import mss.tools


def grab_display(display: str, path: Path, region: tuple[int, int, int, int] | None = None) -> Path:
    """Save the whole X screen (or region = (x, y, width, height)) of `display` as a PNG."""
    with mss.mss(display=display) as sct:
        if region is None:
            area = sct.monitors[0]
        else:
            x, y, w, h = region
            area = {"left": x, "top": y, "width": w, "height": h}
        shot = sct.grab(area)
        mss.tools.to_png(shot.rgb, shot.size, output=str(path))
    return path
