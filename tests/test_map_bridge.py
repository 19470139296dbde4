"""The map page's door into Python accepts only ids the store knows, and sends layers as
JSON text (data, never code)."""

from __future__ import annotations

import json

from ioc_desktop.map.bridge import MAX_ID, MapBridge


def test_bridge_opens_known_ids_only_and_counts_the_rest() -> None:
    bridge = MapBridge(lambda c: c == "cam01", lambda i: i == "INC-1")
    cams: list[str] = []
    incs: list[str] = []
    bridge.sig_open_camera.connect(cams.append)
    bridge.sig_open_incident.connect(incs.append)
    bridge.openCamera("cam01")
    bridge.openIncident("INC-1")
    for bad in ("cam99", "", "<img src=x onerror=alert(1)>", "c" * (MAX_ID + 1)):
        bridge.openCamera(bad)
    bridge.openIncident("cam01")  # a camera id is not an incident
    assert cams == ["cam01"] and incs == ["INC-1"]
    assert bridge.refused == 5 and bridge.opened == [("camera", "cam01"), ("incident", "INC-1")]


def test_layers_travel_as_json_text() -> None:
    bridge = MapBridge(lambda c: True, lambda i: True)
    sent: list[tuple[str, str]] = []
    bridge.layerChanged.connect(lambda name, text: sent.append((name, text)))
    hostile = "</script><script>alert(1)</script>\u2028"
    bridge.push("reports", [{"description": hostile}])
    [(name, text)] = sent
    assert name == "reports" and json.loads(text) == [{"description": hostile}]
