#!/usr/bin/env bash
# Sets up, then runs every check: ruff, mypy, and the pytest suite (the display tests start
# their own Xvfb). This is the command README gives and CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -q -p no:cacheprovider --durations=25 "$@"
