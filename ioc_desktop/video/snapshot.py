"""Where a snapshot goes: a file name an operator can find again (camera, date and time),
valid on Windows and Linux whatever the camera is called, never overwriting an earlier one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pathvalidate import sanitize_filename


def snapshot_path(folder: Path, camera_name: str, when: datetime) -> Path:
    """`<camera name>_<YYYY-MM-DD_HH-MM-SS>.png` in folder; `-2`, `-3`… if taken twice a second."""
    name = sanitize_filename(camera_name, replacement_text="-").strip(" .") or "camera"
    stem = f"{name}_{when:%Y-%m-%d_%H-%M-%S}"
    path = folder / f"{stem}.png"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.png"
        n += 1
    return path
