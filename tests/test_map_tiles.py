"""The offline base map's tile sources: MBTiles (TMS rows) and z/x/y folders, bad input named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ioc_desktop.map.tiles import FolderTiles, MBTiles, open_tiles, parse_tile_path

PNG = b"\x89PNG\r\n\x1a\n-a-tile-"


def make_mbtiles(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
        "tile_data BLOB)"
    )
    # z=2, x=1, y=0 (XYZ, from the top) is row 3 in TMS (from the bottom)
    db.execute("INSERT INTO tiles VALUES (2, 1, 3, ?)", (PNG,))
    db.commit()
    db.close()


def test_mbtiles_flips_rows_and_refuses_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "phu-tho.mbtiles"
    make_mbtiles(path)
    tiles = open_tiles(str(path))
    assert isinstance(tiles, MBTiles)
    assert tiles.tile(2, 1, 0) == PNG
    assert tiles.tile(2, 1, 3) is None
    assert tiles.tile(2, 9, 0) is None and tiles.tile(40, 0, 0) is None


def test_folder_tiles_and_paths(tmp_path: Path) -> None:
    (tmp_path / "9" / "405").mkdir(parents=True)
    (tmp_path / "9" / "405" / "226.png").write_bytes(PNG)
    tiles = open_tiles(str(tmp_path))
    assert isinstance(tiles, FolderTiles)
    assert tiles.tile(9, 405, 226) == PNG and tiles.tile(9, 405, 227) is None
    assert parse_tile_path("/tiles/9/405/226.png") == (9, 405, 226)
    for bad in ("/tiles/9/405/../226.png", "/tiles/a/1/2.png", "/tiles/1/2.png", "/x/1/2/3.png"):
        assert parse_tile_path(bad) is None


def test_bad_tile_locations_say_why(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such tile folder"):
        open_tiles(str(tmp_path / "missing.mbtiles"))
    junk = tmp_path / "junk.mbtiles"
    junk.write_bytes(b"this is not sqlite")
    with pytest.raises(ValueError, match="not a readable MBTiles"):
        open_tiles(str(junk))


def test_an_online_tile_server_must_be_configured_and_is_the_only_host_let_through() -> None:
    from ioc_desktop.config import check_changes
    from ioc_desktop.map.scheme import LOOPBACK_HOSTS, request_allowed
    from ioc_desktop.map.tiles import tile_url_problem

    assert tile_url_problem("https://tiles.phutho.gov.vn/{z}/{x}/{y}.png") is None
    assert tile_url_problem("ftp://tiles/{z}/{x}/{y}.png")
    assert tile_url_problem("https://tiles.phutho.gov.vn/tile.png")
    assert check_changes({"map_tile_url": "https://x/{z}/{x}.png"})
    assert not check_changes({"map_tile_url": "https://x/{z}/{x}/{y}.png"})
    hosts = LOOPBACK_HOSTS | {"tiles.phutho.gov.vn"}
    assert request_allowed("https://tiles.phutho.gov.vn/9/404/226.png", hosts)
    assert request_allowed("ioc://app/map/index.html", hosts)
    assert not request_allowed("https://tile.openstreetmap.org/9/404/226.png", hosts)
    assert not request_allowed("https://tiles.phutho.gov.vn.evil.example/9/1/1.png", hosts)
    assert not request_allowed("https://unpkg.com/leaflet.js", LOOPBACK_HOSTS)
