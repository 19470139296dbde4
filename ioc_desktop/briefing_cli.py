"""`ioc-desktop briefing`: the day's briefing as a PDF, from the configured backend or from
the demo province (``--demo``: the simulation on loopback, no video), without a window."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from ioc_desktop.briefing import Briefing, BriefingSource
from ioc_desktop.clock import now

BRIEFING_STATE = "briefing-last.json"  # in the data dir: the last briefing's values


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="ioc-desktop briefing",
        description="Write the leaders' daily briefing (Vietnamese, A4 PDF).",
    )
    ap.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    ap.add_argument("--demo", action="store_true", help="from the demo province (simulated)")
    ap.add_argument(
        "--demo-scale", choices=["light", "province"], default="light", help="with --demo"
    )
    ap.add_argument("--backend", metavar="URL", help="backend base URL (default: the settings')")
    ap.add_argument("--token", help="bearer token (default: IOC_TOKEN, then the OS keyring)")
    ap.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="the last briefing's values, compared with and then replaced (default: in the"
        " data dir; none with --demo)",
    )
    ap.add_argument("--json", action="store_true", help="also print the briefing as JSON")
    return ap


def write_briefing(
    source: BriefingSource, out: Path, state: Path | None
) -> tuple[Briefing, list[str]]:
    """Read the backend, write the PDF to ``out``, keep its values in ``state`` for the next
    day's comparison (blocking: the command calls it, the wall calls it off its UI thread).
    Raises BackendError, FontMissing, OSError."""
    from ioc_desktop.briefing import gather, load_state, save_state
    from ioc_desktop.briefing_pdf import render

    briefing = gather(source, now(), load_state(state) if state else None)
    drawn = render(briefing, out)
    if state:
        save_state(state, briefing)
    return briefing, drawn


def briefing_main(argv: list[str]) -> int:
    from ioc_desktop.backend.client import BackendClient, BackendError
    from ioc_desktop.briefing_pdf import FontMissing
    from ioc_desktop.config import Settings, data_dir

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    server = None
    if args.demo:
        from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
        from ioc_desktop.demo.simulation import SimConfig, Simulation

        server = DemoHttpServer(Simulation(SimConfig(scale=args.demo_scale))).start()
        client = BackendClient(server.base_url, DEMO_TOKEN)
        state = args.state
    else:
        settings = Settings.load()
        url = args.backend or settings.backend_url
        token = args.token or os.environ.get("IOC_TOKEN")
        if token is None:
            from ioc_desktop.credentials import TokenStore

            token = TokenStore(url).load()
        client = BackendClient(url, token, verify=settings.tls())
        state = args.state or data_dir() / BRIEFING_STATE
    try:
        briefing, drawn = write_briefing(client, args.out, state)
    except BackendError as exc:
        print(f"briefing: the backend did not answer as it should: {exc}", file=sys.stderr)
        return 2
    except FontMissing as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 3
    finally:
        client.close()
        if server is not None:
            server.stop()
    if args.json:
        print(json.dumps(briefing.as_json(), ensure_ascii=False, default=str, indent=1))
    print(f"briefing: {args.out} ({len(briefing.headlines)} indicators, {len(drawn)} texts)")
    return 0
