#!/usr/bin/env bash
# Sets up, then runs every check: ruff, mypy, and the pytest suite (the display tests start
# their own Xvfb). This is the command README gives and CI runs.
# The tests without a display run in two processes (pytest-xdist, a file per process at a
# time: 264 s alone, 175 s so); the display tests after them, alone, as they time pictures
# and the UI thread on the machine's two cores. Arguments go to one pytest run as given.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
pytest=(.venv/bin/python -m pytest -q -p no:cacheprovider --durations=25)
if [ $# -gt 0 ]; then
    exec "${pytest[@]}" "$@"
fi
"${pytest[@]}" -m "not display" -n 2 --dist loadfile
"${pytest[@]}" -m display
