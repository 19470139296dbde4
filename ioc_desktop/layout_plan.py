"""A layout's decode plan before it goes live: its camera panels as the planner's needs, sized
from the layout's cells on a monitor, and the plan said in words (control window, editor).

No Qt. The wall applies the plan it showed: `widgets/wall_plan.py` plans the same tiles with
the same rule (video/planner.py) once they are laid out.
"""

from __future__ import annotations

from collections.abc import Mapping

from ioc_desktop.backend.models import Camera, StreamProfile
from ioc_desktop.i18n import translate
from ioc_desktop.layout.model import Layout
from ioc_desktop.video.planner import (
    DecodeBudget,
    Plan,
    Priority,
    Rung,
    Stream,
    TileNeed,
    plan,
)

MAIN_MIN_HEIGHT_PX = 540  # as widgets/camera_tile.py: a tile this tall (or wide) wants main
MAIN_MIN_WIDTH_PX = 960


def stream_of(s: StreamProfile | None) -> Stream | None:
    return None if s is None else Stream(s.codec, s.width, s.height, s.fps)


def camera_need(
    key: str, camera: Camera | None, width_px: int, height_px: int, priority: Priority
) -> TileNeed:
    main = sub = None
    if camera is not None:
        main = stream_of(next((s for s in camera.streams if s.profile == "main"), None))
        sub = stream_of(next((s for s in camera.streams if s.profile == "sub"), None))
    big = height_px >= MAIN_MIN_HEIGHT_PX or width_px >= MAIN_MIN_WIDTH_PX
    return TileNeed(key, width_px, height_px, priority, main, sub, big)


def layout_needs(
    layout: Layout, cameras: Mapping[str, Camera], screen_px: tuple[int, int] = (1920, 1080)
) -> list[TileNeed]:
    """One need per camera panel: its cells' share of a monitor of screen_px; a panel that
    tours cameras is a tour; an incident layout's cameras are incident slots."""
    needs: list[TileNeed] = []
    incident = bool(layout.incident_match)
    for s_i, screen in enumerate(layout.screens):
        for p_i, panel in enumerate(screen.panels):
            if panel.kind not in ("camera", "camera_tour"):
                continue
            tour = panel.kind == "camera_tour"
            ids = panel.settings.get("camera_ids") or [panel.settings.get("camera_id", "")]
            width = screen_px[0] * panel.col_span // max(1, screen.cols)
            height = screen_px[1] * panel.row_span // max(1, screen.rows)
            slot = incident or "slot" in panel.settings
            priority = Priority.TOUR if tour else Priority.INCIDENT if slot else Priority.NORMAL
            needs.append(
                camera_need(f"{s_i}:{p_i}", cameras.get(str(ids[0])), width, height, priority)
            )
    return needs


def plan_layout(
    layout: Layout,
    cameras: Mapping[str, Camera],
    budget: DecodeBudget,
    screen_px: tuple[int, int] = (1920, 1080),
) -> Plan:
    return plan(layout_needs(layout, cameras, screen_px), budget)


def plan_text(p: Plan, budget: DecodeBudget) -> str:
    """ "Bố cục này cần 140 % sức máy: 6 ô luồng phụ, 2 ô ảnh tĩnh" (load asked, then what
    was stepped down to fit)."""
    if not p.rungs or p.load_asked == 0:  # none, or only slots an incident will fill
        return translate("layout_plan", "Bố cục này không có camera")
    head = translate("layout_plan", "Bố cục này cần {load} % sức máy này").format(
        load=round(100 * p.load_asked)
    )
    if not budget.measured:
        head += translate("layout_plan", " (ước lượng, máy chưa đo)")
    elif not budget.display_tiles:
        head += translate("layout_plan", " (mới đo giải mã, chưa đo hiển thị)")
    if not p.stepped_down:
        return head + translate("layout_plan", ": mọi ô phát như thường")
    parts = []
    names = {
        Rung.SUB: translate("layout_plan", "{n} ô luồng phụ"),
        Rung.LIGHT_SUB: translate("layout_plan", "{n} ô luồng phụ giải mã nhẹ"),
        Rung.STILL: translate("layout_plan", "{n} ô ảnh tĩnh"),
    }
    for rung, words in names.items():
        n = sum(1 for k in p.stepped_down if p.rungs[k] is rung)
        if n:
            parts.append(words.format(n=n))
    tail = translate("layout_plan", "sau khi hạ: {load} %").format(load=round(100 * p.load_planned))
    return f"{head}: {', '.join(parts)} ({tail})"


def budget_from_report(d: object) -> DecodeBudget | None:
    """A station's reported budget (the contract's StationReport.decode_budget), or None."""
    if not isinstance(d, dict):
        return None
    try:
        rates = {str(k): float(v) for k, v in d["fps_per_core"].items()}
        return DecodeBudget(
            rates,
            int(d["cores"]),
            float(d["wall_share"]),
            bool(d["measured"]),
            int(d.get("display_tiles", 0)),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def stations_plan_text(
    layout: Layout,
    cameras: Mapping[str, Camera],
    statuses: list[dict[str, object]],
    screen_px: tuple[int, int] = (1920, 1080),
) -> str:
    """For a push: each station's share of the layout (its should_show screens) planned on
    the budget it reported, one line each; stations that reported none are left out."""
    lines = []
    for st in statuses:
        showing = st.get("showing")
        budget = budget_from_report(
            showing.get("decode_budget") if isinstance(showing, dict) else None
        )
        names = st.get("should_show")
        if budget is None or not isinstance(names, list):
            continue
        part = Layout(
            layout.name,
            layout.title_vi,
            [s for s in layout.screens if s.name in names],
            incident_match=layout.incident_match,
        )
        p = plan_layout(part, cameras, budget, screen_px)
        lines.append(f"{st.get('name', '?')}: {plan_text(p, budget)}")
    return "\n".join(lines)
