#!/usr/bin/env bash
# Translations: extract every translate("context", "…") / QT_TRANSLATE_NOOP string from the
# code into resources/i18n/ioc_desktop_en.ts (keeps what is already translated, drops what the
# code no longer says), then compile the .qm the app loads. Edit the .ts with Qt Linguist
# (.venv/bin/pyside6-linguist) or by hand; tests/test_i18n.py fails while a string is
# untranslated or the .ts is behind the code.
#   ./scripts/i18n.sh            update the .ts from the code, then compile
#   ./scripts/i18n.sh --compile  compile only (what setup does)
set -euo pipefail
cd "$(dirname "$0")/.."
TS=resources/i18n/ioc_desktop_en.ts
if [ "${1:-}" != "--compile" ]; then
  # the demo backend is not UI: its Vietnamese is the simulated province's data
  mapfile -t sources < <(find ioc_desktop widgets -name '*.py' -not -path 'ioc_desktop/demo/*' | sort)
  .venv/bin/pyside6-lupdate "${sources[@]}" -no-obsolete -locations none \
    -source-language vi_VN -target-language en_US -ts "$TS"
fi
.venv/bin/pyside6-lrelease -silent "$TS" -qm "${TS%.ts}.qm"
