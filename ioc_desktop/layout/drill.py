"""From the overview into one system's page and back: the page is shown as a layout (its first
screen one `system_page` panel, the other screens as they were), so what it shows is polled
like any layout's, and on a wall of several monitors the rest of the wall stays."""

from __future__ import annotations

import dataclasses

from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec

DRILL_PREFIX = "he-thong-"


def system_page_layout(base: Layout, system: int, title_vi: str) -> Layout:
    """``base`` with its first screen given to the page of ``system`` (1..9)."""
    if not 1 <= system <= 9:
        raise ValueError(f"no IOC system {system}")
    first = base.screens[0] if base.screens else ScreenSpec("wall-1", 1, 1)
    page = ScreenSpec(
        name=first.name,
        rows=1,
        cols=1,
        panels=[PanelSpec("system_page", 0, 0, settings={"system": system})],
        monitor=first.monitor,
    )
    return dataclasses.replace(
        base,
        name=f"{DRILL_PREFIX}{system}",
        title_vi=title_vi,
        title_en="",
        screens=[page, *base.screens[1:]],
        locked=True,
        incident_match=[],
    )


def is_system_page(layout: Layout) -> bool:
    return layout.name.startswith(DRILL_PREFIX)


SOCIAL_SYSTEM = 7  # its page lists the hot topics of social listening


def shows_hot_topics(layout: Layout) -> bool:
    """Whether a panel of the layout is the social network's page (the sync then polls the
    hot topics)."""
    return any(
        p.kind == "system_page" and p.settings.get("system") == SOCIAL_SYSTEM
        for s in layout.screens
        for p in s.panels
    )
