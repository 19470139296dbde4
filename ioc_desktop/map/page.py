"""The map page, generated with folium but pointing only at local assets.

folium's default page pulls Leaflet, jQuery and Bootstrap from CDNs, which renders nothing in
an air-gapped control room. Here every script and stylesheet is an `ioc://` URL answered by
`scheme.MapSchemeHandler` from the XStatic Leaflet packages and resources/map/. folium names
its map variable at random, so the template hands the map to `iocMapApi.attach` under a fixed
name.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

from ioc_desktop.i18n import translate
from ioc_desktop.palette import CAMERA_STATUS_COLORS, SEVERITY_COLORS

SCHEME = "ioc"
BASE = f"{SCHEME}://app"

LOCAL_JS = [
    ("leaflet", f"{BASE}/vendor/leaflet/leaflet.js"),
    ("markercluster", f"{BASE}/vendor/markercluster/leaflet.markercluster.js"),
    ("qwebchannel", f"{BASE}/vendor/qwebchannel/qwebchannel.js"),  # from Qt's own resources
    ("iocmap", f"{BASE}/map/app.js"),
]
LOCAL_CSS = [
    ("leaflet_css", f"{BASE}/vendor/leaflet/leaflet.css"),
    ("markercluster_css", f"{BASE}/vendor/markercluster/MarkerCluster.css"),
    ("markercluster_default_css", f"{BASE}/vendor/markercluster/MarkerCluster.Default.css"),
    ("iocmap_css", f"{BASE}/map/app.css"),
]


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
    }


def build_map_html(center: tuple[float, float], zoom: int, tile_url: str | None = None) -> str:
    """The whole page. `tile_url` is an optional local (or explicitly configured) tile source."""
    import json

    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        zoom_control=True,
    )
    m.default_js = list(LOCAL_JS)
    m.default_css = list(LOCAL_CSS)
    colors = {"camera": CAMERA_STATUS_COLORS, "severity": SEVERITY_COLORS}
    options = json.dumps(
        {"tileUrl": tile_url, "labels": page_labels(), "colors": colors}, ensure_ascii=False
    )
    _Attach(options.replace("<", "\\u003c")).add_to(m)  # inside <script>: no tag can start
    html: str = m.get_root().render()
    return html
