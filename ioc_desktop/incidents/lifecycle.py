"""Which action an officer may take on an incident in which status, and where it leads.

One table, read by the demo backend (which enforces it, as the real IOC backend does) and by
the workstation (which only offers the buttons that can succeed), so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ioc_desktop.i18n import QT_TRANSLATE_NOOP
from ioc_desktop.incidents.evidence import contract_time

OPEN = frozenset({"new", "acknowledged", "assigned", "in_progress"})
TERMINAL = frozenset({"closed", "cancelled"})


@dataclass(frozen=True)
class Rule:
    allowed_from: frozenset[str]
    to: str | None  # None: the status stays
    label_vi: str  # Vietnamese source text; shown through translate("lifecycle", …)
    needs: tuple[str, ...] = ()  # fields the action must carry


RULES: dict[str, Rule] = {
    "acknowledge": Rule(
        frozenset({"new"}), "acknowledged", QT_TRANSLATE_NOOP("lifecycle", "Tiếp nhận")
    ),
    "assign": Rule(
        frozenset({"new", "acknowledged", "assigned", "in_progress"}),
        "assigned",
        QT_TRANSLATE_NOOP("lifecycle", "Phân công"),
        ("assignee",),
    ),
    "start": Rule(
        frozenset({"acknowledged", "assigned"}),
        "in_progress",
        QT_TRANSLATE_NOOP("lifecycle", "Bắt đầu xử lý"),
    ),
    "resolve": Rule(
        frozenset({"in_progress"}), "resolved", QT_TRANSLATE_NOOP("lifecycle", "Đã xử lý xong")
    ),
    "close": Rule(frozenset({"resolved"}), "closed", QT_TRANSLATE_NOOP("lifecycle", "Đóng sự cố")),
    "comment": Rule(
        OPEN | {"resolved"}, None, QT_TRANSLATE_NOOP("lifecycle", "Ghi chú"), ("text",)
    ),
    "sop_step": Rule(
        OPEN, None, QT_TRANSLATE_NOOP("lifecycle", "Cập nhật bước quy trình"), ("step_id", "state")
    ),
    # evidence: a stretch of a camera's recording, or one picture of it, kept with the incident
    "bookmark": Rule(
        OPEN | {"resolved"},
        None,
        QT_TRANSLATE_NOOP("lifecycle", "Đánh dấu đoạn video"),
        ("camera_id", "from", "to"),
    ),
    "snapshot": Rule(
        OPEN | {"resolved"},
        None,
        QT_TRANSLATE_NOOP("lifecycle", "Chụp ảnh làm chứng cứ"),
        ("camera_id", "at"),
    ),
}


class ActionRefused(ValueError):
    """The action cannot apply to the incident as it is now."""


def next_status(action: str, status: str) -> str:
    """The status after the action, or ActionRefused with the reason in Vietnamese."""
    rule = RULES.get(action)
    if rule is None:
        raise ActionRefused(f"không có thao tác '{action}'")
    if status not in rule.allowed_from:
        raise ActionRefused(f"không thể '{rule.label_vi}' khi sự cố đang ở trạng thái '{status}'")
    if action == "assign" and status == "in_progress":
        return status  # re-assigning work under way does not restart it
    return rule.to or status


def available(status: str) -> list[str]:
    """Actions the officer can take now, in the order the buttons show them."""
    return [a for a, r in RULES.items() if status in r.allowed_from]


def sop_step_body(step_id: str, state: str, at: float) -> dict[str, Any]:
    """An SOP step changed by the officer at `at` (epoch seconds): the moment travels with the
    action, so a step ticked while the backend was away keeps the time it was ticked, not the
    time the outbox got it through."""
    return {"action": "sop_step", "step_id": step_id, "state": state, "acted_at": contract_time(at)}
