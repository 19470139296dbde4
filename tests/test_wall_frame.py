"""No text may take a wall window out of its frame: a long incident title in the layout's
title, a long backend message in the banner or the status bar, and the window still covers
exactly its monitor; the link status reads true and never shows an empty "()"."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.models import Incident
from ioc_desktop.link_health import ANSWER, TRANSPORT
from ioc_desktop.store import Store
from tests.test_layout_ui import four_screen_layout
from tests.walls import build_wall, close_wall
from widgets.shell import WallShell

LONG_TITLE = "Tụ tập đông người tại sự kiện tại Xã Thanh Thuỷ " * 10
HOSTILE = "<b>đậm</b><img src=x onerror=alert(1)> " + "x" * 2000


def incident(n: int, title: str) -> Incident:
    """A new traffic accident (the shipped traffic layout is bound to it)."""
    return Incident(
        id=f"inc-{n}",
        category="traffic",
        sub_category="carAccident",
        severity="critical",
        status="new",
        version=1,
        title=title,
        description="",
        date_issued=datetime(2026, 12, 1, 7, n, tzinfo=UTC),
        location=(21.3, 105.4),
        area_code="x",
        assignee=None,
        camera_ids=(),
    )


def settle(app: QApplication) -> None:
    for _ in range(10):
        app.processEvents()


@contextlib.contextmanager
def full_screen_wall(tmp_path: Path) -> Iterator[tuple[Store, WallShell]]:
    """The real wall (services and shell, full screen on the four offscreen monitors) on a
    layout titled with a long incident title; nothing is fetched (the services never start)."""
    layout = four_screen_layout()
    layout.title_vi = LONG_TITLE
    services, shell = build_wall(layout, "http://127.0.0.1:9", "t", tmp_path / "layouts")
    try:
        yield services.store, shell
    finally:
        close_wall(services, shell)


def test_long_titles_and_banners_never_widen_a_wall_window(qapp: Any, tmp_path: Path) -> None:
    with full_screen_wall(tmp_path) as (store, shell):
        manager = shell.manager
        # the question about a new incident with a long title, in the top-left window
        first, news = incident(1, "Cũ"), incident(2, LONG_TITLE)
        store.set_incidents([first])
        store.set_incidents([first, news])
        assert shell.prompt.isVisible() and shell.prompt.incident_id == news.id
        store.record_ok("kpis")
        store.record_failure("incidents", HOSTILE, kind=ANSWER)
        for win in manager.windows.values():
            win._on_tick()
            win.statusBar().showMessage(HOSTILE)
        settle(qapp)
        assert shell.prompt.text.is_elided()
        for win in manager.windows.values():
            assert win.geometry() == win.screen().geometry(), win.monitor
            assert win.banner.isVisible()
            assert win.banner.is_elided() and win.banner.toolTip().startswith("⚠")
            assert "<b>đậm</b>" in win.banner.full_text()  # hostile text is text
            assert win.title.is_elided() and LONG_TITLE.strip() in win.title.toolTip()
            assert win.clock.isVisible()
            assert win.link_label.isVisible()  # a passing message never hides the link status
            right = win.clock.mapTo(win, win.clock.rect().topRight()).x()
            assert right <= win.width(), "the clock went off-screen"


def test_the_banner_says_which_feeds_fail_and_clears_when_they_recover(
    qapp: Any, tmp_path: Path
) -> None:
    with full_screen_wall(tmp_path) as (store, shell):
        win = next(iter(shell.manager.windows.values()))
        store.record_ok("kpis")
        store.record_failure("wall_state", "HTTP 503", kind=ANSWER)  # never had data
        win._on_tick()
        text = win.banner.full_text()
        assert "trạng thái tường" in text and "()" not in text and "HTTP 503" in text
        assert "lỗi một phần" in win.link_label.full_text()
        store.record_ok("wall_state")
        win._on_tick()
        assert win.banner.isHidden()
        assert "trực tuyến" in win.link_label.full_text()


def test_unreachable_says_since_when(qapp: Any, tmp_path: Path) -> None:
    with full_screen_wall(tmp_path) as (store, shell):
        win = next(iter(shell.manager.windows.values()))
        store.record_ok("kpis")
        now = store.health.reached_at or 0.0
        store.health.failed("kpis", "không kết nối được máy chủ", TRANSPORT, now + 0.1)
        store.health.reached_at = now - 60  # nothing back for a minute
        win._on_tick()
        text = win.banner.full_text()
        assert text.startswith("⚠ Không kết nối được máy chủ từ "), text
        assert "không kết nối được từ" in win.link_label.full_text()


def test_eliding_a_hostile_title_measures_little_whatever_its_length() -> None:
    """A 3,000-character title measured word by word cost 107 ms a call (every paint of every
    label): a 9-tile wall stalled for seconds. Now: few measurements, never longer than the
    room (no glyph is narrower than a pixel)."""
    from widgets.elided_label import ELLIPSIS, elide_words

    measured: list[int] = []

    def width(text: str) -> int:  # 7 px a character, like a 14 px font
        measured.append(len(text))
        return 7 * len(text)

    title = "Ngã tư Nguyễn Tất Thành " + "Rất dài " * 400
    shown = elide_words(title, 300, width)
    assert shown.endswith(ELLIPSIS) and 7 * len(shown) <= 300
    assert shown.startswith("Ngã tư Nguyễn Tất Thành Rất dài") and not shown.endswith(" …")
    assert len(measured) <= 24, len(measured)
    assert max(measured) <= 301
    measured.clear()
    assert elide_words("Ngã tư Nguyễn Tất Thành", 7 * 17, width) == "Ngã tư Nguyễn…"
    assert elide_words("ngắn", 300, width) == "ngắn" and elide_words("x", 0, width) == ""
