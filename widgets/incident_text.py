"""Words the operator reads for incident severities and states (Vietnamese first).

The tables hold the Vietnamese source text; the functions give it in the UI's language. Text
that comes from the backend or from citizens is bounded here before any widget shows it, and
times are shown in the province's time (ioc_desktop/clock.py), never the PC's."""

import html
import re
from datetime import datetime
from functools import lru_cache

from ioc_desktop import clock
from ioc_desktop.i18n import QT_TRANSLATE_NOOP, translate
from ioc_desktop.incidents.lifecycle import RULES

CONTEXT = "incident_text"

SEVERITY_TEXT = {
    "critical": QT_TRANSLATE_NOOP("incident_text", "Khẩn cấp"),
    "high": QT_TRANSLATE_NOOP("incident_text", "Nghiêm trọng"),
    "medium": QT_TRANSLATE_NOOP("incident_text", "Trung bình"),
    "low": QT_TRANSLATE_NOOP("incident_text", "Thấp"),
    "informational": QT_TRANSLATE_NOOP("incident_text", "Thông tin"),
}

STATUS_TEXT = {
    "new": QT_TRANSLATE_NOOP("incident_text", "Mới"),
    "acknowledged": QT_TRANSLATE_NOOP("incident_text", "Đã tiếp nhận"),
    "assigned": QT_TRANSLATE_NOOP("incident_text", "Đã phân công"),
    "in_progress": QT_TRANSLATE_NOOP("incident_text", "Đang xử lý"),
    "resolved": QT_TRANSLATE_NOOP("incident_text", "Đã giải quyết"),
    "closed": QT_TRANSLATE_NOOP("incident_text", "Đã đóng"),
    "cancelled": QT_TRANSLATE_NOOP("incident_text", "Đã huỷ"),
}

REPORT_STATUS_TEXT = {
    "received": QT_TRANSLATE_NOOP("incident_text", "Đã tiếp nhận"),
    "classified": QT_TRANSLATE_NOOP("incident_text", "Đã phân loại"),
    "forwarded": QT_TRANSLATE_NOOP("incident_text", "Đã chuyển xử lý"),
    "processing": QT_TRANSLATE_NOOP("incident_text", "Đang xử lý"),
    "processed": QT_TRANSLATE_NOOP("incident_text", "Đã xử lý"),
    "published": QT_TRANSLATE_NOOP("incident_text", "Đã công khai"),
    "rated": QT_TRANSLATE_NOOP("incident_text", "Đã đánh giá"),
}


def _lookup(table: dict[str, str], key: str) -> str:
    return translate(CONTEXT, table[key]) if key in table else key


def severity_text(severity: str) -> str:
    return _lookup(SEVERITY_TEXT, severity)


def status_text(status: str) -> str:
    return _lookup(STATUS_TEXT, status)


def report_status_text(status: str) -> str:
    return _lookup(REPORT_STATUS_TEXT, status)


def action_label(action: str) -> str:
    """An officer's action on an incident (button, outbox line) in the UI's language."""
    rule = RULES.get(action)
    return translate("lifecycle", rule.label_vi) if rule else action


# -- text from the backend, bounded ----------------------------------------------------------
_BREAK = "\u200b"  # zero-width space: a line may break here, nothing is drawn
_LONG_RUN = re.compile(r"\S{24,}")


def bounded(text: str, limit: int = 200, *, one_line: bool = True) -> str:
    """Backend or citizen text as a list row or a label can hold it: at most `limit`
    characters (then "…"), whitespace runs folded to one space (one_line), and a break
    opportunity every 24 characters of an unbroken run, so a title of hundreds of characters
    or a pasted URL wraps instead of widening the window."""
    text = " ".join(text.split()) if one_line else text.strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return _LONG_RUN.sub(lambda m: _BREAK.join(_chunks(m.group(0), 24)), text)


def _chunks(word: str, size: int) -> list[str]:
    return [word[i : i + size] for i in range(0, len(word), size)]


@lru_cache(maxsize=16384)
def _province_text(dt: datetime, pattern: str, zone: str) -> str:
    return clock.fmt(dt, pattern)


def province_time(dt: datetime, pattern: str) -> str:
    """clock.fmt, kept per time and pattern: at province scale (issue #19) the lists and the
    map format the same thousands of times on every poll, and it was 40% of an update."""
    return _province_text(dt, pattern, clock.zone_name())


def shown_time(dt: datetime, pattern: str = "%H:%M %d/%m", *, with_zone: bool = False) -> str:
    """A backend time as the wall shows it: in the province's time, whatever zone the PC is
    set to; with_zone adds "GMT+7" where the PC's own zone differs (tooltips, headers: the
    places an operator could doubt which time it is)."""
    text = province_time(dt, pattern)
    note = clock.zone_note() if with_zone else ""
    return f"{text} ({note})" if note else text


def plain_tooltip(text: str) -> str:
    """A tooltip that shows backend text literally and wraps: Qt takes a tooltip that looks
    like markup as rich text (a citizen's "<img src=…>" would be rendered), and draws a plain
    one on a single line as wide as the text."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
