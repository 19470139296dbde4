"""Benchmark: start-up of the packaged app (PyInstaller one-folder bundle) against the same app
run from source with `python -m ioc_desktop`, in the same run, alternating. Prints one JSON
object.

    .venv/bin/python bench/startup.py [--bundle dist/ioc-desktop] [--runs 3]

Without --bundle it builds one first (build_installer.py, a minute). Each run is the demo wall
with its self-test (`--demo --selftest 12`), demo clips already cached; the numbers are the
selftest's own: seconds from the OS starting the process to the wall's windows shown, and to
the first camera picture. The bundle's size on disk is reported too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import build_installer
from bench.common import ROOT, BenchEnv, last_json


def one_run(env: BenchEnv, cmd: list[str]) -> dict[str, Any]:
    out, cpu = env.timed([*cmd, "--demo", "--selftest", "12", "--log-level", "WARNING"], 240)
    result = last_json(out)
    return {**result["startup"], "failures": result["failures"], "cpu_s": cpu}


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    def med(key: str) -> float | None:
        values = [r[key] for r in runs if r[key] is not None]
        return round(statistics.median(values), 2) if values else None

    return {
        "runs": runs,
        "median_to_windows_s": med("to_windows_s"),
        "median_to_first_frame_s": med("to_first_frame_s"),
        "median_cpu_s": med("cpu_s"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bundle", type=Path, help="a built one-folder bundle (default: build one)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    bundle = args.bundle
    if bundle is None:
        out = Path(tempfile.mkdtemp(prefix="ioc-bench-bundle-"))
        subprocess.run(
            [sys.executable, str(ROOT / "build_installer.py"), "--out", str(out), "--no-tarball"],
            check=True,
            capture_output=True,
        )
        bundle = out / "ioc-desktop"
    exe = bundle / ("ioc-desktop.exe" if sys.platform == "win32" else "ioc-desktop")
    env = BenchEnv()
    try:
        one_run(env, [sys.executable, "-m", "ioc_desktop"])  # demo clips cached, disk warm
        source: list[dict[str, Any]] = []
        packaged: list[dict[str, Any]] = []
        for _ in range(max(1, args.runs)):
            source.append(one_run(env, [sys.executable, "-m", "ioc_desktop"]))
            packaged.append(one_run(env, [str(exe)]))
    finally:
        env.close()
    print(
        json.dumps(
            {
                "bundle": str(bundle),
                "bundle_mib": round(build_installer.bundle_size(bundle) / 2**20, 1),
                "python_m": summarise(source),
                "bundled": summarise(packaged),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
