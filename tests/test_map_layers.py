"""The operational map on a real display (Xvfb), read back from the page and driven with the
real mouse (tests/probes/map_layers_probe.py): cameras an operator recognises, layers in the
order an operator expects, air-quality labels that never cover each other, times in the
province's zone on a PC set to another, and a backend's NaN coordinates kept off the page."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from tests.conftest import display_env, run_python

pytestmark = pytest.mark.display

HOSTILE_NAME = "<img src=x onerror=window.__iocXss=1>Cổng trường"


@pytest.fixture(scope="module")
def probe(xvfb: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    shots = tmp_path_factory.mktemp("map-shots")
    env = display_env(xvfb)
    env["TZ"] = "America/New_York"  # the PC's zone is not the province's
    out = run_python(["tests/probes/map_layers_probe.py", str(shots)], env, timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
    result: dict[str, Any] = json.loads(line)
    assert result["loaded"] is True and result["blocked"] == []
    return result


def _intersect(a: list[float], b: list[float]) -> bool:
    """Two [left, top, right, bottom] rectangles share some area (touching is not sharing)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_cameras_are_glyphs_in_their_status_colour(probe: dict[str, Any]) -> None:
    r = probe["layers"]
    cams = r["camera_elements"]
    assert len(cams) == 8
    assert r["icon_font_ready"] is True  # the local icon font loaded (no CDN)
    glyph: dict[str, set[str]] = {}
    for c in cams:
        assert "IOC Icons" in c["font"], c
        assert c["color"] == r["expected_colors"][c["status"]], c
        # one character of the icon font's private use area, and nothing else in the element
        assert len(c["text"]) == 1 and ord(c["text"]) >= 0xF0000 and c["html"] == c["text"]
        assert c["w"] >= 24 and c["h"] >= 24  # a glyph an operator can see, not a dot
        glyph.setdefault(c["status"], set()).add(c["text"])
    assert {s: len(g) for s, g in glyph.items()} == {"online": 1, "offline": 1, "maintenance": 1}
    assert glyph["online"] != glyph["offline"]  # a lost camera is crossed out, not only red


def test_layers_stack_as_an_operator_expects(probe: dict[str, Any]) -> None:
    r = probe["layers"]
    z = r["pane_z"]
    assert z["areas"] < z["reports"] < z["aq"] < z["cameras"] < z["incidents"], z
    under = r["under"]  # what the browser gives the mouse at each place
    assert "ioc-incident" in under["camera_on_incident"]["cls"], under
    assert "ioc-camera" in under["camera_on_report"]["cls"], under
    assert "ioc-camera" in under["camera_on_aq"]["cls"], under
    assert "ioc-areas" in under["ward_only"]["pane"], under  # upper panes let the mouse through


def test_an_air_quality_label_steps_aside_for_a_camera(probe: dict[str, Any]) -> None:
    """A camera stands where the station's label would go (right): the label takes another
    side instead of lying under the camera, and covers no camera icon."""
    r = probe["layers"]["aq_label_vs_cameras"]
    assert r["shown"] and "leaflet-tooltip-right" not in r["classes"], r
    assert len(r["cameras"]) == 8
    hit = [c for c in r["cameras"] if _intersect(c, r["label"])]
    assert hit == [], r


def test_the_real_mouse_opens_cameras_and_shows_tooltips(probe: dict[str, Any]) -> None:
    r = probe["layers"]
    tips = r["tooltips"]
    assert any("Ngã tư Hùng Vương" in t and "Đang hoạt động" in t for t in tips["camera"]), tips
    assert any("Cầu Việt Trì" in t and "Mất kết nối" in t for t in tips["offline_camera"]), tips
    assert any("Phường W1" in t for t in tips["ward"]), tips  # through three panes above it
    assert any("Sự cố INC-1" in t for t in tips["incident"]), tips
    assert r["opened"] == [["camera", "cam-on"], ["incident", "INC-1"]]


def test_hostile_camera_name_stays_text(probe: dict[str, Any]) -> None:
    r = probe["layers"]
    assert any(HOSTILE_NAME in t for t in r["labels"])
    assert r["xss"] == "undefined" and r["injected_img_elements"] == 0


def test_times_on_the_map_are_the_provinces(probe: dict[str, Any]) -> None:
    r = probe["layers"]
    assert r["province_time"] == "14:05 01/03/2026" and r["pc_time"] != r["province_time"]
    times = [t for t in r["labels"] if "01/03/2026" in t]
    assert len(times) == 2  # the incident and the report
    assert all(r["province_time"] in t and r["pc_time"] not in t for t in times), times


def _shown_overlaps(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    shown = [lb for lb in labels if lb["shown"]]
    bad = []
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            if _intersect(a["rect"], b["rect"]):
                bad.append((a["text"], b["text"]))
    return bad


def _shown(labels: list[dict[str, Any]], name: str) -> bool:
    [label] = [lb for lb in labels if name in lb["text"]]
    return bool(label["shown"])


def test_air_quality_labels_never_cover_each_other(probe: dict[str, Any]) -> None:
    r = probe["aq"]
    for moment in ("z12", "z12_again", "after_hover", "after_update"):
        assert len(r[moment]) == 6
        assert _shown_overlaps(r[moment]) == [], moment
    # the six stations are close: at zoom 12 some labels give way, the worst AQI never does
    assert sum(not lb["shown"] for lb in r["z12"]) >= 2
    assert _shown(r["z12"], "Trạm Dữu Lâu")  # VN_AQI 210, the worst
    # zoomed in they have room: re-evaluated on zoom, every label shows; zoomed out, not
    assert all(lb["shown"] for lb in r["z16"]) and _shown_overlaps(r["z16"]) == []
    assert [lb["shown"] for lb in r["z12_again"]] == [lb["shown"] for lb in r["z12"]]
    # the mouse on a station whose label gave way shows it, and it gives way again after
    hovered = r["hovered_station"]
    assert not _shown(r["z12_again"], hovered)
    assert _shown(r["while_hovered"], hovered)
    assert not _shown(r["after_hover"], hovered)
    # an update: the station that turned worst takes its place
    assert not _shown(r["z12"], r["turned_worst"]) and _shown(r["after_update"], r["turned_worst"])


def _on_globe(lat: object, lon: object) -> bool:
    return (
        isinstance(lat, (int, float))
        and isinstance(lon, (int, float))
        and math.isfinite(lat)
        and math.isfinite(lon)
        and -90 <= lat <= 90
        and -180 <= lon <= 180
    )


def _positions(coords: Any) -> list[Any]:
    if coords and all(isinstance(c, (int, float)) for c in coords):
        return [coords]
    return [p for c in coords for p in _positions(c)]


def test_nan_coordinates_never_reach_the_page(probe: dict[str, Any]) -> None:
    r = probe["off_globe"]
    good = {"areas": 1, "cameras": 2, "incidents": 1, "reports": 1, "aq": 1}
    assert r["counts_first"] == good and r["counts"] == good  # the good items did arrive
    # every layer that changed was sent (the ward shape W1 the page already had is not again)
    assert {"cameras", "incidents", "reports", "aq"} <= {name for name, _ in r["sent"]} <= set(good)
    for name, items in r["sent"]:
        for item in items:
            if name == "areas":
                positions = _positions(item["geometry"]["coordinates"])
                assert positions and all(_on_globe(p[1], p[0]) for p in positions), item
            else:
                assert _on_globe(item["lat"], item["lon"]), (name, item)
    # logged once per change: one line per layer, none for the same answer again, one more
    # when the wrong answer changed
    assert r["dropped_logs_after_repeat"] == 5 and r["dropped_logs_after_change"] == 6
    assert "nan-lat" in r["dropped_logs"][-1] and "lat-95" not in r["dropped_logs"][-1]
    # and the page skips bad items handed to it straight, keeping the good ones
    direct = r["page_direct"]
    assert direct is not None, r["page_console"]  # None: the page threw
    assert direct["counts"] == {"areas": 0, "cameras": 1, "incidents": 1, "reports": 0, "aq": 0}
    assert direct["view"]["zoom"] == 13 and _on_globe(direct["view"]["lat"], direct["view"]["lon"])
    assert r["page_console"] == []  # no error (nor warning) in the page's console


def _shown_base_labels(dom: dict[str, Any]) -> list[dict[str, Any]]:
    """The base map's labels an operator sees: shown, and inside the map's view."""
    box = dom["container"]
    return [lb for lb in dom["labels"] if lb["shown"] and _intersect(lb["rect"], box)]


def test_the_base_map_is_drawn_under_the_live_layers(probe: dict[str, Any]) -> None:
    r = probe["base"]
    assert r["state"]["status"] == "drawn", r["state"]
    counts = r["state"]["counts"]
    assert counts["provinces"] == 1 and counts["wards"] == 148 and counts["ward_cells"] >= 140
    assert counts["named_rivers"] >= 3 and counts["rivers"] >= 10 and counts["towns"] >= 30
    panes = r["z9"]["panes"]
    # under every live layer, its names above the ward shapes only; none of it takes the mouse
    z = {name: p["z"] for name, p in panes.items()}
    assert z["baseFill"] < z["baseLines"] < z["areas"] < z["baseLabels"] < z["reports"], z
    assert all(panes[n]["pointer"] == "none" for n in ("baseFill", "baseLines", "baseLabels"))
    # read back as drawn: the outline, the borders and the rivers (one path per style), the
    # schematic ward cells only closer in
    assert r["z9"]["focus"]["stroke"] == "#8fa3b8"
    lines9 = set(panes["baseLines"]["strokes"])
    assert {"#4d5d6e", "#3f5163", "#3d7fc0", "#2b5878"} <= lines9, lines9  # borders, rivers
    assert "#243648" not in set(panes["baseFill"]["strokes"])
    assert "#243648" in set(r["z13"]["panes"]["baseFill"]["strokes"])  # ward cells
    left, top, right, bottom = r["z9"]["focus"]["rect"]
    box = r["z9"]["container"]
    x, y = r["viet_tri_z9"]
    assert left < box[0] + x < right and top < box[1] + y < bottom  # Việt Trì in the outline
    # a river on the screen, in the river's blue, where the file says it runs
    blue = [p for p in r["river_pixels"] if p[2] > 140 and p[2] - p[0] > 80]
    assert blue, r["river_pixels"]
    assert not [p for p in r["away_pixels"] if p[2] > 140 and p[2] - p[0] > 80]


def test_base_names_read_at_each_zoom_and_never_pile_up(probe: dict[str, Any]) -> None:
    r = probe["base"]
    for zoom, must in (
        ("z9", {"Phú Thọ", "Việt Trì", "Hòa Bình", "Hà Nội", "Tuyên Quang", "Sông Hồng"}),
        ("z13", {"Việt Trì", "Nông Trang", "Thanh Miếu", "Vân Phú"}),  # town and wards
    ):
        shown = _shown_base_labels(r[zoom])
        texts = {lb["text"] for lb in shown}
        assert must <= texts, (zoom, must - texts)
        assert all(lb["size"] >= 12 for lb in shown), zoom  # legible from the wall's distance
        bad = [
            (a["text"], b["text"])
            for i, a in enumerate(shown)
            for b in shown[i + 1 :]
            if _intersect(a["rect"], b["rect"])
        ]
        assert bad == [], (zoom, bad)
    # ward names only close in, province names only far out
    z9 = {lb["text"] for lb in _shown_base_labels(r["z9"])}
    assert "Nông Trang" not in z9
    assert "Lào Cai" not in {lb["text"] for lb in _shown_base_labels(r["z13"])}


def test_the_base_map_comes_from_this_machine_only(probe: dict[str, Any]) -> None:
    r = probe["base"]
    assert probe["blocked"] == [] and r["guard_schemes"] == ["ioc"], r["guard_schemes"]
    assert "/map/basemap/phu_tho.json" in r["served"] and "/map/basemap.js" in r["served"]


def test_hostile_names_in_a_base_map_stay_text(probe: dict[str, Any]) -> None:
    r = probe["base"]
    labels = r["hostile_labels"]
    assert len(labels) == 3  # a river's name, a town's, a ward's
    assert all(lb["text"] == HOSTILE_NAME and lb["children"] == 0 for lb in labels)
    assert r["xss"] == "undefined" and r["injected_img_elements"] == 0
