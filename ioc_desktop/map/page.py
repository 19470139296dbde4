"""The map page, generated with folium but pointing only at local assets.

folium's default page pulls Leaflet, jQuery and Bootstrap from CDNs, which renders nothing in
an air-gapped control room. Here every script and stylesheet is an `ioc://` URL answered by
`scheme.MapSchemeHandler` from the XStatic Leaflet packages and resources/map/. folium names
its map variable at random, so the template hands the map to `iocMapApi.attach` under a fixed
name.

Camera markers carry a glyph from the Material Design Icons font that QtAwesome ships for the
widgets' own icons: the page loads the same file through the scheme (no CDN, nothing copied).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from jinja2 import Template

from ioc_desktop.i18n import translate
from ioc_desktop.palette import CAMERA_STATUS_COLORS, SEVERITY_COLORS


@contextmanager
def _pandas_held_back() -> Iterator[None]:
    """folium imports pandas if it can (to take DataFrames, which the map never gives it):
    since statsmodels brought pandas in, that cost every start-up ~0.4 s and ~40 MB before
    the first window. Held back while folium loads; the forecast imports it when it runs."""
    held = "pandas" not in sys.modules
    if held:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" fails
    try:
        yield
    finally:
        if held and sys.modules.get("pandas", 0) is None:
            del sys.modules["pandas"]


with _pandas_held_back():
    import folium
    from branca.element import MacroElement

SCHEME = "ioc"
BASE = f"{SCHEME}://app"

LOCAL_JS = [
    ("leaflet", f"{BASE}/vendor/leaflet/leaflet.js"),
    ("markercluster", f"{BASE}/vendor/markercluster/leaflet.markercluster.js"),
    ("qwebchannel", f"{BASE}/vendor/qwebchannel/qwebchannel.js"),  # from Qt's own resources
    ("iocbasemap", f"{BASE}/map/basemap.js"),
    ("iocmap", f"{BASE}/map/app.js"),
]
LOCAL_CSS = [
    ("leaflet_css", f"{BASE}/vendor/leaflet/leaflet.css"),
    ("markercluster_css", f"{BASE}/vendor/markercluster/MarkerCluster.css"),
    ("markercluster_default_css", f"{BASE}/vendor/markercluster/MarkerCluster.Default.css"),
    ("iocmap_css", f"{BASE}/map/app.css"),
]


# the province under the live layers: built at build time by scripts/build_basemap.py from
# open data, shipped in resources/map/basemap/ with a licence file per source
BASE_MAP_URL = f"{BASE}/map/basemap/phu_tho.json"
MIN_ZOOM, MAX_ZOOM = 7, 18  # the north of Việt Nam … a street (a site's tiles go to 18)


class _Attach(MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "window.iocMapApi.attach({{ this._parent.get_name() }}, {{ this.options }});"
        "{% endmacro %}"
    )

    def __init__(self, options_json: str) -> None:
        super().__init__()
        self._name = "IocAttach"
        self.options = options_json


def page_labels() -> dict[str, str]:
    """The page's own words (layer names, hints), in the UI's language."""
    return {
        "areas": translate("map_page", "Ranh giới (sơ đồ)"),
        "cameras": translate("map_page", "Camera"),
        "incidents": translate("map_page", "Sự cố"),
        "reports": translate("map_page", "Phản ánh"),
        "aq": translate("map_page", "Chất lượng không khí"),
        "area_hint": translate("map_page", "Ranh giới sơ đồ (không chính xác)"),
        "camera_hint": translate("map_page", "Bấm để xem"),
        "camera_online": translate("map_page", "Đang hoạt động"),
        "camera_offline": translate("map_page", "Mất kết nối"),
        "camera_maintenance": translate("map_page", "Đang bảo trì"),
        "base_provinces": translate("map_page", "Nền: ranh giới tỉnh"),
        "base_rivers": translate("map_page", "Nền: sông"),
        "base_towns": translate("map_page", "Nền: đô thị"),
        "base_wards": translate("map_page", "Nền: phường, xã (sơ đồ)"),
        "former_province": translate("map_page", "{name} (cũ)"),
        "no_value": translate("map_page", "không có số liệu"),
    }


ICON_FONT = "materialdesignicons6-webfont"
CAMERA_GLYPHS = {"online": "cctv", "offline": "cctv-off", "maintenance": "cctv", "unknown": "cctv"}


def icon_font_dir() -> Path:
    """QtAwesome's font folder, found without importing QtAwesome (it pulls in Qt widgets)."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("qtawesome is not installed: the map has no camera glyphs")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@cache
def icon_options() -> dict[str, object]:
    """The icon font's URL under the scheme and each camera status's glyph, read from the
    charmap of the same font version (codepoints move between versions)."""
    folder = icon_font_dir()
    font = max(folder.glob(f"{ICON_FONT}-[0-9]*.ttf"))
    version = font.stem.rsplit("-", 1)[1]
    charmap = json.loads((folder / f"{ICON_FONT}-charmap-{version}.json").read_text("utf-8"))
    return {
        "font": f"{BASE}/vendor/icons/{font.name}",
        "camera": {k: chr(int(charmap[name], 16)) for k, name in CAMERA_GLYPHS.items()},
    }


def build_map_html(
    center: tuple[float, float], zoom: int, tile_url: str | None = None, base_map: bool = True
) -> str:
    """The whole page. `tile_url` is an optional local (or explicitly configured) tile source;
    `base_map` False leaves the province's base layers out (a bench's baseline)."""
    # no prefer_canvas: each layer brings its own renderer, in its own pane (app.js)
    m = folium.Map(
        location=list(center),
        zoom_start=max(MIN_ZOOM, min(MAX_ZOOM, zoom)),
        tiles=None,
        control_scale=True,
        zoom_control=True,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
    )
    m.default_js = list(LOCAL_JS)
    m.default_css = list(LOCAL_CSS)
    colors = {"camera": CAMERA_STATUS_COLORS, "severity": SEVERITY_COLORS}
    options = json.dumps(
        {
            "tileUrl": tile_url,
            "baseMap": BASE_MAP_URL if base_map else None,
            "labels": page_labels(),
            "colors": colors,
            "icons": icon_options(),
            "maxZoom": MAX_ZOOM,
        },
        ensure_ascii=False,
    )
    _Attach(options.replace("<", "\\u003c")).add_to(m)  # inside <script>: no tag can start
    html: str = m.get_root().render()
    return html
