"""Words the operator reads for incident severities and states (Vietnamese first).

The tables hold the Vietnamese source text; the functions give it in the UI's language."""

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
