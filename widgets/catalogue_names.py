"""The nine IOC systems' names as the wall shows them (DESIGN.md's table)."""

from __future__ import annotations

from ioc_desktop.i18n import QT_TRANSLATE_NOOP, translate

SYSTEM_NAMES = {
    1: QT_TRANSLATE_NOOP("catalogue_names", "1 · Kinh tế – xã hội"),
    2: QT_TRANSLATE_NOOP("catalogue_names", "2 · Dịch vụ công"),
    3: QT_TRANSLATE_NOOP("catalogue_names", "3 · Văn bản điện tử"),
    4: QT_TRANSLATE_NOOP("catalogue_names", "4 · Chỉ tiêu thống kê"),
    5: QT_TRANSLATE_NOOP("catalogue_names", "5 · Y tế"),
    6: QT_TRANSLATE_NOOP("catalogue_names", "6 · Giáo dục"),
    7: QT_TRANSLATE_NOOP("catalogue_names", "7 · Mạng xã hội"),
    8: QT_TRANSLATE_NOOP("catalogue_names", "8 · Môi trường"),
    9: QT_TRANSLATE_NOOP("catalogue_names", "9 · An ninh – giao thông"),
}


def system_name(system: int) -> str:
    """A system's name in the UI's language; its number when the table does not know it."""
    return (
        translate("catalogue_names", SYSTEM_NAMES[system])
        if system in SYSTEM_NAMES
        else str(system)
    )
