"""An offline base map: tiles from a local MBTiles file or a folder of z/x/y images, served
to the map page through the `ioc://` scheme, so an air-gapped control room still has streets
under its markers. Pure Python (sqlite3, pathlib): no Qt, testable alone.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

from ioc_desktop.i18n import translate

MAX_ZOOM = 22
TILE_PATH = "/tiles/{z}/{x}/{y}.png"  # under ioc://app


class TileSource(Protocol):
    def tile(self, z: int, x: int, y: int) -> bytes | None: ...


def _in_range(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


class FolderTiles:
    """<root>/<z>/<x>/<y>.png (or .jpg), the layout most tile tools write."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        if not _in_range(z, x, y):
            return None
        for ext in ("png", "jpg", "jpeg", "webp"):
            path = self.root / str(z) / str(x) / f"{y}.{ext}"
            if path.is_file():
                return path.read_bytes()
        return None


class MBTiles:
    """An MBTiles file (SQLite, TMS rows: y counted from the bottom), opened read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # Qt's scheme handler may call from its own threads
        self._db = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        self._db.execute("SELECT 1 FROM tiles LIMIT 1")  # not an MBTiles file: raises now

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        if not _in_range(z, x, y):
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, 2**z - 1 - y),
            ).fetchone()
        return bytes(row[0]) if row else None


def open_tiles(location: str) -> TileSource:
    """The tile source at `location` (a .mbtiles file or a folder); ValueError says why not."""
    path = Path(location).expanduser()
    if path.is_dir():
        return FolderTiles(path)
    if path.is_file():
        try:
            return MBTiles(path)
        except sqlite3.Error as exc:
            raise ValueError(f"{path}: not a readable MBTiles file ({exc})") from exc
    raise ValueError(f"{path}: no such tile folder or MBTiles file")


def parse_tile_path(path: str) -> tuple[int, int, int] | None:
    """/tiles/<z>/<x>/<y>.png → (z, x, y); anything else → None."""
    parts = [p for p in path.split("/") if p]
    if len(parts) != 4 or parts[0] != "tiles" or not parts[3].endswith(".png"):
        return None
    z, x, y = parts[1], parts[2], parts[3][: -len(".png")]
    if not (z.isdigit() and x.isdigit() and y.isdigit()):
        return None
    return int(z), int(x), int(y)


def tile_url_problem(url: str) -> str | None:
    """Why `url` cannot be an online tile source (None: it can)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return translate("map_tiles", "địa chỉ phải bắt đầu bằng http:// hoặc https://")
    if not all(part in url for part in ("{z}", "{x}", "{y}")):
        return translate("map_tiles", "địa chỉ phải có {z}, {x} và {y}")
    return None
