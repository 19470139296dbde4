"""Benchmark: what one console's polling costs with conditional requests (If-None-Match: an
unchanged answer is a 304 with no body) against asking for everything every time, in the
same run, alternating. Prints one JSON object.

    .venv/bin/python bench/conditional.py [--seconds 45] [--rounds 2]

The console is the app's own BackendSync and BackendClient (the feeds at a wall's
intervals, four KPI series and two ward breakdowns, as a wall of charts polls them) against
the demo backend in its own process; per minute: requests, bytes received, 304 answers, and
the CPU the console spent (its own process: parsing and checking answers off the UI
thread). With If-None-Match the client also holds the big lists and asks only for what
changed (`since`); the baseline does neither (bench/console_link.py).
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication

from bench.console_link import console_link


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=45.0)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    QCoreApplication.instance() or QCoreApplication([])
    port = free_port()
    backend = subprocess.Popen(
        [sys.executable, "-m", "ioc_desktop", "demo-backend", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert backend.stdout is not None
        url = json.loads(backend.stdout.readline())["url"]
        runs = [
            console_link(url, c, args.seconds) for _ in range(args.rounds) for c in (False, True)
        ]
    finally:
        backend.terminate()
        backend.wait(timeout=20)

    def mean(conditional: bool, key: str) -> float:
        vals = [r[key] for r in runs if r["asks_only_what_changed"] is conditional]
        return round(sum(vals) / len(vals), 2)

    keys = ("requests_per_min", "kib_per_min", "not_modified_per_min", "cpu_s_per_min")
    print(
        json.dumps(
            {
                "benchmark": "conditional",
                "baseline_everything_every_time": {k: mean(False, k) for k in keys},
                "if_none_match": {k: mean(True, k) for k in keys},
                "runs": runs,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
