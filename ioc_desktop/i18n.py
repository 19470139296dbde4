"""The UI's languages: Vietnamese first (the source text), English as a Qt translation.

Every visible string is written in Vietnamese inside `translate("context", "text")`, which is
Qt's own machinery under a name `pyside6-lupdate` recognises: `scripts/i18n.sh` extracts the
strings into `resources/i18n/ioc_desktop_en.ts` (edited with Qt Linguist or by hand), and
setup compiles it to the `.qm` the app loads when the language is English. Vietnamese is the
source, so it needs no file and can never be missing.

Placeholders are named (`"Mất tín hiệu · {seconds} giây"`, then `.format(seconds=…)`), never
built by concatenation, so a translation may put them in any order.

The data layers (layout/, backend/) know no Qt: `translate` reaches QtCore only when the app
has loaded it, and otherwise returns the Vietnamese text.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
CATALOGUE = "ioc_desktop"  # resources/i18n/ioc_desktop_<lang>.qm
_installed: list[Any] = []  # QTranslators must outlive their installation
_current = DEFAULT_LANGUAGE


def current_language() -> str:
    """The UI's language now ("vi" until install() chose another)."""
    return _current


def localized(vi: str, en: str = "") -> str:
    """Text that comes in both languages (a layout's title_vi / title_en): the UI's
    language when the text has it, else the Vietnamese (always there)."""
    return en if _current == "en" and en else vi


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the UI's language; with n ≥ 0, `%n` becomes n (and English picks its plural)."""
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        return str(qtcore.QCoreApplication.translate(context, text, disambiguation, n))
    return text.replace("%n", str(n)) if n >= 0 else text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks text for translation where it is defined (a table); translate it where shown."""
    return text


def i18n_dir() -> Path:
    from ioc_desktop.paths import resources_dir

    return resources_dir() / "i18n"


def install(language: str) -> str | None:
    """Load the translations for `language` into the running QCoreApplication; a problem is
    returned as a sentence for the status bar (the UI then stays Vietnamese), never raised."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    global _current
    _current = DEFAULT_LANGUAGE
    app = QCoreApplication.instance()
    for old in _installed:
        if app is not None:
            app.removeTranslator(old)
    _installed.clear()
    if language == DEFAULT_LANGUAGE:
        return None
    if language not in LANGUAGES:
        return translate(
            "i18n", "Không có ngôn ngữ “{language}”: giao diện dùng tiếng Việt"
        ).format(language=language)
    ours = QTranslator()
    path = i18n_dir() / f"{CATALOGUE}_{language}.qm"
    if not ours.load(str(path)):
        log.warning("translation %s missing or unreadable: run ./scripts/setup.sh", path)
        return translate(
            "i18n", "Không đọc được bản dịch {file}: giao diện dùng tiếng Việt"
        ).format(file=path.name)
    qt = QTranslator()  # Qt's own dialogs and context menus; absent for some languages
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        _installed.append(qt)
    _installed.append(ours)
    if app is not None:
        for t in _installed:
            app.installTranslator(t)
    _current = language
    return None
