"""A shift at the wall, whole: `tests/probes/shift_probe.py` for --minutes (30 by default)
under its own Xvfb, first calm (no fault: the baseline, same wall, same switches, presets,
incidents and camera outages), then with the fault injector running every fault in turn.
Prints JSON: each run's summary (truth of the link status, windows off their monitor, video
outside its tile, tracebacks, UI-thread p99, memory at the first and last check) and the
difference the faults made.

    .venv/bin/python bench/shift.py --minutes 30 [--baseline-minutes 10] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, BenchEnv, last_json


def run(bench: BenchEnv, out: Path, minutes: float, calm: bool) -> dict[str, object]:
    cmd = [
        sys.executable,
        str(ROOT / "tests" / "probes" / "shift_probe.py"),
        str(out),
        "--minutes",
        str(minutes),
        "--check-every",
        "60",
        "--scale",
        "1.0",  # every fault phase long enough to be judged past its grace period
    ]
    if calm:
        cmd.append("--calm")
    env = dict(bench.env, IOC_LOG_DIR=str(out / "log"))
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=minutes * 60 + 600)
    if done.returncode != 0:
        return {"error": done.stderr[-2000:]}
    return last_json(done.stdout)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--baseline-minutes", type=float, default=10.0)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="ioc-shift-"))
    bench = BenchEnv()
    try:
        calm = run(bench, out / "calm", args.baseline_minutes, calm=True)
        faults = run(bench, out / "faults", args.minutes, calm=False)
    finally:
        bench.close()
    result: dict[str, object] = {
        "bench": "shift",
        "out": str(out),
        "baseline_calm": calm.get("summary", calm),
        "faults": faults.get("summary", faults),
        "truth_by_mode": faults.get("truth", {}).get("by_mode") if "truth" in faults else None,
        "checks": faults.get("checks"),
        "screenshots": faults.get("screenshots"),
    }
    c, f = result["baseline_calm"], result["faults"]
    if isinstance(c, dict) and isinstance(f, dict) and "rss_mb_last" in c and "rss_mb_last" in f:
        result["faults_cost"] = {
            "rss_mb_growth_calm": round(c["rss_mb_last"] - c["rss_mb_first"], 1),
            "rss_mb_growth_faults": round(f["rss_mb_last"] - f["rss_mb_first"], 1),
            "ui_p99_outside_rebuilds_ms_calm": c["ui_p99_ms_outside_rebuilds_worst_check"],
            "ui_p99_outside_rebuilds_ms_faults": f["ui_p99_ms_outside_rebuilds_worst_check"],
        }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
