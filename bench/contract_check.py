"""Benchmark: what checking a polled answer against the contract costs, per answer, with
jsonschema alone (the baseline: how every answer was checked) and with jsonschema-rs's quick
check first (backend/contract.first_error now), same payloads, same run.

    .venv/bin/python bench/contract_check.py [--rounds 30] [--scale light|province]

The payloads are the demo backend's own answers (valid: the common case a wall polls every
2-10 s). Prints one JSON object: milliseconds per answer, median of the rounds."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ioc_desktop.backend import contract
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation

ANSWERS = {  # path: (schema, array)
    "/api/v1/kpis": ("Kpi", True),
    "/api/v1/incidents": ("Incident", True),
    "/api/v1/cameras": ("Camera", True),
    "/api/v1/reports": ("CitizenReport", True),
}


def answers(scale: str) -> dict[str, Any]:
    sim = Simulation(SimConfig(scale=scale))
    srv = DemoHttpServer(sim).start()
    try:
        auth = {"Authorization": f"Bearer {DEMO_TOKEN}"}
        return {p: requests.get(srv.base_url + p, headers=auth, timeout=30).json() for p in ANSWERS}
    finally:
        srv.stop()


def timed(check: Any, payload: Any, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        check(payload)
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 3)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--scale", default="light", choices=("light", "province"))
    args = ap.parse_args()
    out: dict[str, Any] = {"benchmark": "contract_check", "scale": args.scale, "answers": {}}
    for path, payload in answers(args.scale).items():
        schema, array = ANSWERS[path]
        items = payload if isinstance(payload, list) else payload.get("items", payload)
        slow = contract.validator(schema, array=array)

        def baseline(p: Any, v: Any = slow) -> Any:
            return jsonschema.exceptions.best_match(v.iter_errors(p))

        def now(p: Any, s: str = schema, a: bool = array) -> Any:
            return contract.first_error(s, p, array=a)

        assert now(items) is None and baseline(items) is None, path
        ms_before, ms_now = timed(baseline, items, args.rounds), timed(now, items, args.rounds)
        out["answers"][path] = {
            "items": len(items),
            "jsonschema_ms": ms_before,
            "quick_check_ms": ms_now,
            "times_faster": round(ms_before / ms_now, 1) if ms_now else None,
        }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
