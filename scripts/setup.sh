#!/usr/bin/env bash
# Sets up everything IOC Wall needs on Debian 12 (or Ubuntu): system libraries through
# apt-get, Python packages in ./.venv through pip. Safe to run again: it installs only what
# is missing. Used by run-demo.sh and test.sh; CI runs it through test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  # libVLC and the plugins the wall uses (video output for X11; no RTSP in Debian's build)
  libvlc5 vlc-plugin-base vlc-plugin-video-output
  # a real RTSP server on loopback for the demo's RTSP cameras, the tests and the benches:
  # GStreamer's, run by the system python3 (it imports gi; the venv does not), with test
  # pictures in H.264 (x264enc, ugly plugins) and H.265 (x265enc, bad plugins)
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad
  # libmpv, the second player engine bench/rtsp_bridge.py measures against the relay
  libmpv2
  # a virtual X display for headless tests and servers
  xvfb xauth
  # Qt 6 xcb platform plugin
  libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-shape0 libxcb-cursor0 libxi6 libegl1 libopengl0 libgl1
  # QtWebEngine (Chromium) runtime
  libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libasound2 libxkbfile1 libxshmfence1
  libgbm1 libdbus-1-3 libfontconfig1
  # the X screensaver extension's client library: a wall keeps its screens on (screen_awake.py)
  libxss1
  # a font with every Vietnamese diacritic
  fonts-dejavu-core
  python3 python3-venv
  # packaging checks: makensis compiles the Windows installer script, 7z lists what it holds
  nsis p7zip-full
  # bench/catalogue_scale.py measures the catalogue of an earlier commit, read with git
  git
)

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "setup: not a Debian system; install libVLC 3, Xvfb and Qt's xcb libraries yourself" >&2
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.ioc-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,build]"
  touch "$stamp"
fi

# the English translation the app loads (compiled from the .ts kept in git)
qm=resources/i18n/ioc_desktop_en.qm
if [ ! -f "$qm" ] || [ resources/i18n/ioc_desktop_en.ts -nt "$qm" ]; then
  ./scripts/i18n.sh --compile
fi
