"""The backend's link status in the operator's words: the status-bar line, the banner, the
colour. One place, so the wall window and the control window say the same thing.

online: "Máy chủ: trực tuyến"; partly failing: which feeds, and how old their data is;
unreachable: since when and for how long, and how old the data shown is. A part with nothing
to say is left out (the banner used to read "… dữ liệu cũ ()" when there was no age).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ioc_desktop import clock
from ioc_desktop.backend.models import WallLeaseInfo
from ioc_desktop.i18n import QT_TRANSLATE_NOOP, translate
from ioc_desktop.link_health import Link, LinkStatus
from widgets.formatting import format_age
from widgets.theme import STATUS_COLORS

FEED_NAMES = {
    "incidents": QT_TRANSLATE_NOOP("link_text", "sự cố"),
    "kpis": QT_TRANSLATE_NOOP("link_text", "chỉ số"),
    "series": QT_TRANSLATE_NOOP("link_text", "biểu đồ chỉ số"),
    "breakdown": QT_TRANSLATE_NOOP("link_text", "chỉ số theo xã"),
    "cameras": QT_TRANSLATE_NOOP("link_text", "danh mục camera"),
    "reports": QT_TRANSLATE_NOOP("link_text", "phản ánh hiện trường"),
    "air_quality": QT_TRANSLATE_NOOP("link_text", "quan trắc không khí"),
    "areas": QT_TRANSLATE_NOOP("link_text", "địa giới"),
    "wall_state": QT_TRANSLATE_NOOP("link_text", "trạng thái tường"),
}


def feed_names(feeds: tuple[str, ...]) -> str:
    """'sự cố, biểu đồ chỉ số' from ('incidents', 'series:a', 'series:b'): one name per kind."""
    names: list[str] = []
    for feed in feeds:
        kind = feed.split(":", 1)[0]
        name = translate("link_text", FEED_NAMES[kind]) if kind in FEED_NAMES else kind
        if name not in names:
            names.append(name)
    return ", ".join(names)


@dataclass(frozen=True)
class LinkText:
    status_line: str
    banner: str  # "" when there is nothing to warn about
    color: str


def describe(st: LinkStatus, auth_needed: bool = False) -> LinkText:
    age = format_age(st.data_age_s) if st.data_age_s is not None else ""
    if auth_needed:
        return LinkText(
            translate("link_text", "Máy chủ: cần đăng nhập lại"),
            translate("link_text", "⚠ Máy chủ không nhận phiên đăng nhập — đăng nhập lại (Ctrl+L)"),
            STATUS_COLORS["offline"],
        )
    if st.link is Link.ONLINE:
        return LinkText(translate("link_text", "Máy chủ: trực tuyến"), "", STATUS_COLORS["online"])
    if st.link is Link.CONNECTING:
        return LinkText(
            translate("link_text", "Đang kết nối máy chủ"), "", STATUS_COLORS["connecting"]
        )
    if st.link is Link.OFFLINE:
        down = st.down_for_s or 0.0
        since = clock.fmt(clock.now() - timedelta(seconds=down), "%H:%M:%S")
        status = translate("link_text", "Máy chủ: không kết nối được từ {since}").format(
            since=since
        )
        banner = translate(
            "link_text", "⚠ Không kết nối được máy chủ từ {since} ({duration})"
        ).format(since=since, duration=format_age(down))
        if age:
            banner += translate("link_text", " — đang hiển thị dữ liệu cũ {age}").format(age=age)
        # the reason (refused, timed out) is the status line's tooltip: here it would only
        # say "cannot connect" twice
        return LinkText(status, banner, STATUS_COLORS["offline"])
    names = feed_names(st.failing)
    status = translate("link_text", "Máy chủ: lỗi một phần ({feeds})").format(feeds=names)
    banner = translate("link_text", "⚠ Máy chủ trả lời thiếu: {feeds}").format(feeds=names)
    if age:
        banner += translate("link_text", " — dữ liệu này đã cũ {age}").format(age=age)
    return LinkText(status, _with_reason(banner, st.message), STATUS_COLORS["stale"])


def _with_reason(banner: str, reason: str) -> str:
    return f"{banner}. {reason}" if reason else banner


def lease_text(lease: WallLeaseInfo | None, here: str) -> tuple[str, str]:
    """(status line, tooltip) for who controls the wall: the holder and their workstation,
    since when (province time), "this console" when it is here, and whom it was taken from."""
    if lease is None:
        return "", ""
    if not lease.held:
        return translate("link_text", "Điều khiển tường: chưa ai nhận"), ""
    since = _at(lease.since, "%H:%M")
    if lease.workstation == here:
        line = translate("link_text", "Điều khiển: máy này ({who}) từ {since}")
    else:
        line = translate("link_text", "Điều khiển: {who} ({where}) từ {since}")
    line = line.format(who=lease.holder, where=lease.workstation, since=since)
    tip = line
    if lease.taken_from:
        tip += "\n" + translate(
            "link_text", "Nhận quyền từ {who} ({where}) lúc {at}, lý do: {reason}"
        ).format(
            who=lease.taken_from.get("holder", ""),
            where=lease.taken_from.get("workstation", ""),
            at=_at(lease.taken_from.get("at")),
            reason=lease.taken_from.get("reason", ""),
        )
    return line, tip


def _at(text: str | None, pattern: str = "%H:%M:%S") -> str:
    if not text:
        return "—"
    try:
        return clock.fmt(clock.local(datetime.fromisoformat(text)), pattern)
    except ValueError:
        return "—"


def stations_text(statuses: list[dict[str, Any]]) -> tuple[str, str]:
    """(one line per station, tooltip) for a wall of several PCs: up, or down since when,
    and what it shows or should show ("" when the wall has no stations to tell)."""
    lines, tips = [], []
    for st in statuses:
        showing = st.get("showing") or {}
        should = ", ".join(st.get("should_show") or []) or translate(
            "link_text", "không màn hình nào của bố cục này"
        )
        if st.get("up"):
            line = translate("link_text", "● {name}: chạy, bố cục '{layout}' (màn hình {screens})")
            line = line.format(
                name=st["name"],
                layout=showing.get("layout", "—"),
                screens=", ".join(showing.get("screens") or []) or "—",
            )
        elif st.get("last_seen"):
            line = translate(
                "link_text", "✖ {name}: mất liên lạc từ {since}; cần hiển thị: {should}"
            ).format(name=st["name"], since=_at(st.get("last_seen")), should=should)
        else:
            line = translate(
                "link_text", "✖ {name}: chưa từng kết nối; cần hiển thị: {should}"
            ).format(name=st["name"], should=should)
        lines.append(line)
        tips.append(
            translate("link_text", "{name}: cần hiển thị {should}").format(
                name=st["name"], should=should
            )
        )
    return "\n".join(lines), "\n".join(tips)
