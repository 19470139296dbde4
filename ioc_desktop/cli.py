"""The command line: `ioc-desktop`'s flags, and `ioc-desktop demo-backend` (the demo backend
alone, so a second client can connect to it). Kept apart from the composition root so that
the root only builds and runs."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import threading
from pathlib import Path

from ioc_desktop import __version__
from ioc_desktop.config import cache_dir
from ioc_desktop.i18n import LANGUAGES


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="ioc-desktop",
        description="IOC Wall: control-room client of a provincial Intelligent Operations Center.",
        epilog="Subcommand: 'ioc-desktop demo-backend --port N' runs the demo backend alone.",
    )
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    ap.add_argument(
        "--demo",
        action="store_true",
        help="start the embedded demo backend (simulated Phú Thọ, live streams on loopback)",
    )
    ap.add_argument("--backend", metavar="URL", help="backend base URL (overrides the config file)")
    ap.add_argument("--token", help="bearer token (prefer the IOC_TOKEN environment variable)")
    ap.add_argument("--layout", metavar="NAME|PATH", help="layout to show (default: overview)")
    ap.add_argument(
        "--role",
        choices=["wall", "workstation", "viewer"],
        help="full-screen wall, windowed workstation, or a viewer that watches a wall",
    )
    ap.add_argument(
        "--lang",
        choices=sorted(LANGUAGES),
        help="language of the UI: vi (Tiếng Việt, the default) or en (English)",
    )
    ap.add_argument(
        "--wall-split",
        metavar="RxC",
        help="each OS screen is a wall of R×C monitors (NVIDIA Mosaic / AMD Eyefinity)",
    )
    ap.add_argument(
        "--station",
        metavar="NAME",
        help="this wall PC's name in the wall definition: show only its monitors' screens",
    )
    ap.add_argument(
        "--window-size", metavar="WxH", help="windowed at this size instead of full screen"
    )
    ap.add_argument(
        "--selftest",
        type=float,
        metavar="SECONDS",
        help="run for SECONDS, print one JSON report of what every panel did, exit 0 if all worked",
    )
    ap.add_argument(
        "--diagnostics",
        action="store_true",
        help="print the support report (versions, screens, renderer, settings without secrets,"
        " recent errors) and exit",
    )
    ap.add_argument(
        "--selftest-out",
        type=Path,
        metavar="FILE",
        help="also write the self-test report to FILE (a windowed Windows build has no console)",
    )
    ap.add_argument(
        "--demo-hostile",
        action="store_true",
        help="demo: add citizen reports whose text is hostile markup (escaping check)",
    )
    ap.add_argument(
        "--demo-busy",
        action="store_true",
        help="demo: a busy province, a new incident every few seconds (to see the wall react)",
    )
    ap.add_argument(
        "--demo-scale",
        choices=["light", "province"],
        default="light",
        help="demo: light (8 cameras) or province (148 wards, ~1,200 cameras, ~5,000 open"
        " citizen reports, ~300 incidents a day)",
    )
    ap.add_argument(
        "--demo-rtsp",
        action="store_true",
        help="demo: the cameras over RTSP with digest credentials (GStreamer's RTSP server on"
        " loopback), as IP cameras and NVRs serve them",
    )
    ap.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return ap


def demo_backend_main(argv: list[str]) -> int:
    from ioc_desktop.demo.runner import DemoBackend

    ap = argparse.ArgumentParser(
        prog="ioc-desktop demo-backend", description="Run the demo backend alone on 127.0.0.1."
    )
    ap.add_argument("--port", type=int, default=8750)
    ap.add_argument("--stream-port", type=int, default=0)
    ap.add_argument("--hostile", action="store_true")
    ap.add_argument("--rtsp", action="store_true", help="offer the cameras over RTSP too")
    ap.add_argument(
        "--scale",
        choices=["light", "province"],
        default="light",
        help="light (8 cameras, the default) or province (148 wards, ~1,200 cameras, ~5,000"
        " open citizen reports, ~300 incidents a day)",
    )
    ap.add_argument(
        "--walls-file",
        type=Path,
        default=None,
        help="keep the walls' layouts, states, leases, journals and station logs in this file"
        " across restarts (default: in memory only)",
    )
    args = ap.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    demo = DemoBackend(
        cache_dir(),
        port=args.port,
        stream_port=args.stream_port,
        hostile_reports=args.hostile,
        walls_file=args.walls_file,
        scale=args.scale,
        rtsp=args.rtsp,
    ).start(wait_for_streams=True)
    print(
        json.dumps(
            {
                "url": demo.base_url,
                "token": demo.token,
                "streams": f"http://127.0.0.1:{demo.stream_port}",
                "rtsp": f"rtsp://127.0.0.1:{demo.rtsp_port}" if demo.rtsp_port else None,
            }
        ),
        flush=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    demo.stop()
    return 0
