"""Screenshots of the map with its base layers, from the real app on the embedded demo
backend (`--demo-scale province` unless `--scale light`: 148 wards, 1,200 cameras, 5,000
open reports) under a private Xvfb (1920×1080): the wall (overview layout, the map at
province zoom) and the map alone zoomed to Việt Trì. Writes docs/map-wall.png and
docs/map-viet-tri.png (README shows them).

    .venv/bin/python scripts/screenshot_map.py [--out docs] [--after 40]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.screenshot import grab_display  # noqa: E402
from tests.xvfb import start_xvfb  # noqa: E402

VIET_TRI_LAYOUT = {
    "schema_version": 1,
    "name": "map-viet-tri",
    "title_vi": "Bản đồ Việt Trì",
    "title_en": "Việt Trì map",
    "screens": [
        {
            "name": "wall-1",
            "rows": 1,
            "cols": 1,
            "panels": [
                {"kind": "map", "row": 0, "col": 0,
                 "settings": {"center": [21.318, 105.405], "zoom": 13}}
            ],
        }
    ],
}  # fmt: skip


def shoot(layout: str, out: Path, after: float, scale: str = "province") -> None:
    xvfb, display = start_xvfb("1920x1080x24")
    env = dict(
        os.environ,
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        PYTHONPATH=str(ROOT),
        IOC_CONFIG_DIR=tempfile.mkdtemp(prefix="ioc-shot-config-"),
        IOC_DATA_DIR=tempfile.mkdtemp(prefix="ioc-shot-data-"),
    )
    env.setdefault("IOC_CACHE_DIR", str(Path(tempfile.gettempdir()) / "ioc-desktop-test-cache"))
    cmd = [sys.executable, "-m", "ioc_desktop", "--demo", "--demo-scale", scale,
           "--role", "wall", "--layout", layout, "--selftest", str(after + 15)]  # fmt: skip
    app = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        time.sleep(after)
        grab_display(display, out)
        print(f"screenshot_map: {out}")
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
        xvfb.terminate()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    ap.add_argument("--after", type=float, default=40.0, help="seconds from start to the shot")
    ap.add_argument("--scale", choices=["light", "province"], default="province")
    args = ap.parse_args()
    shoot("overview", args.out / "map-wall.png", args.after, args.scale)
    layout = Path(tempfile.mkdtemp(prefix="ioc-shot-layout-")) / "map-viet-tri.json"
    layout.write_text(json.dumps(VIET_TRI_LAYOUT, ensure_ascii=False), "utf-8")
    shoot(str(layout), args.out / "map-viet-tri.png", args.after, args.scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
