#!/usr/bin/env bash
# Sets up, then opens the wall on the embedded demo backend (simulated Phú Thọ, live video on
# 127.0.0.1). Extra arguments go to ioc-desktop, e.g. --window-size 1600x900.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-demo: no display found; starting a virtual one (Xvfb :77, 1920x1080)." >&2
  echo "run-demo: watch it with a VNC server on :77, or pass --selftest 30 for a report." >&2
  Xvfb :77 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  export DISPLAY=:77
  sleep 1
fi
.venv/bin/ioc-desktop --demo "$@"
