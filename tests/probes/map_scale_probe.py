"""The operational map at issue #19's province scale, read back from the real page under Xvfb:
1,200 cameras, 5,000 open citizen reports, 300 incidents (tests/scale_data.py). Reports are
clustered (what the DOM holds, not what the page claims), an update that changes one report
re-adds that one, a change the map does not draw (a report's status) is not sent, cameras
are clustered below street zoom with their lost ones counted, and what a zoom step and an
update cost. An optional first argument is a folder for a screenshot. Prints one JSON line;
run by tests/test_map_scale.py.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from ioc_desktop.map.scheme import register_scheme

register_scheme()

import qasync  # noqa: E402
from PySide6.QtWebEngineCore import QWebEngineProfile  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ioc_desktop.map.page import build_map_html  # noqa: E402
from ioc_desktop.map.scheme import MapSchemeHandler, OfflineGuard  # noqa: E402
from ioc_desktop.qt_loop import run_until_done  # noqa: E402
from tests.scale_data import filled_store  # noqa: E402
from widgets.map_panel import MapPanel  # noqa: E402

CENTER = (21.25, 105.3)
DOM = """JSON.stringify({
  clusters: document.querySelectorAll('.ioc-report-cluster').length,
  report_dots: document.querySelectorAll('path.ioc-report').length,
  cameras: document.querySelectorAll('.ioc-camera').length,
  camera_clusters: document.querySelectorAll('.ioc-camera-cluster').length,
  lost_in_clusters: Array.prototype.reduce.call(
    document.querySelectorAll('.ioc-camera-cluster .ioc-cluster-alert'),
    function (n, el) { return n + Number(el.textContent); }, 0),
  counts: iocMapApi.counts(), timings: iocMapApi.timings()})"""
# a zoom step without animation, timed to two animation frames later (bench/map_markers.py)
ZOOM_STEP = """(function (step) {
  var map = Object.keys(window).filter(function (k) { return /^map_[0-9a-f]+$/.test(k); })
    .map(function (k) { return window[k]; })[0];
  window.__zoomMs = null;
  var t0 = performance.now();
  map.setZoom(map.getZoom() + step, {animate: false});
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    window.__zoomMs = performance.now() - t0; }); });
  return true;
})(%d)"""


def main() -> int:
    shots = Path(sys.argv[1]) if len(sys.argv) > 1 else None  # a folder for screenshots
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    store = filled_store("province")
    profile = QWebEngineProfile(app)
    handler = MapSchemeHandler(lambda: build_map_html(CENTER, 9), app)
    profile.installUrlSchemeHandler(b"ioc", handler)
    profile.setUrlRequestInterceptor(OfflineGuard(parent=app))
    panel = MapPanel(store, profile, CENTER, 9)
    panel.move(0, 0)
    panel.resize(1280, 900)
    panel.show()
    sent: list[str] = []
    panel.bridge.layerChanged.connect(lambda name, _text: sent.append(name))

    async def js(expr: str) -> Any:
        fut: asyncio.Future[object] = loop.create_future()
        panel.page.runJavaScript(expr, 0, lambda r: fut.done() or fut.set_result(r))
        result = await asyncio.wait_for(fut, 10)
        if isinstance(result, str) and result.startswith(("[", "{")):
            return json.loads(result)
        return result  # None where the script threw

    def shot(name: str) -> None:
        if shots is not None:
            from tests.screenshot import grab_display

            g = panel.geometry()
            path = shots / f"{name}.png"
            grab_display(os.environ["DISPLAY"], path, (g.x(), g.y(), g.width(), g.height()))

    async def settle(seconds: float = 0.6) -> None:
        await asyncio.sleep(seconds)

    async def zoom_ms() -> list[float]:
        out = []
        for step in (1, -1, 1, -1):
            await js(ZOOM_STEP % step)
            for _ in range(50):
                await asyncio.sleep(0.05)
                ms = await js("window.__zoomMs")
                if isinstance(ms, (int, float)):
                    out.append(round(float(ms), 1))
                    break
        return out

    async def probe() -> dict[str, Any]:
        t0 = time.monotonic()
        for _ in range(300):
            if panel.ready:
                break
            await asyncio.sleep(0.1)
        for _ in range(100):  # the clusters are added in chunks
            first = await js(DOM)
            if first and first["counts"]["reports"] == 5000 and first["clusters"]:
                break
            await asyncio.sleep(0.1)
        out: dict[str, Any] = {"ready_s": round(time.monotonic() - t0, 1), "first": first}
        await settle(1.0)
        sent.clear()
        reports = list(store.reports)
        # a report's status moves: nothing the map draws changed, nothing is sent
        store.set_reports([dataclasses.replace(r, status_detail="processing") for r in reports])
        await settle()
        out["sent_after_status_change"] = list(sent)
        # one report's text changes and one new report arrives: two markers re-added
        changed = [dataclasses.replace(reports[0], description="Đã sửa"), *reports[1:]]
        arrived = dataclasses.replace(reports[1], service_request_id="PA-NEW")
        store.set_reports([*changed, arrived])
        await settle()
        out["sent_after_one_change"] = list(sent)
        out["after_one_change"] = await js(DOM)
        # cameras go offline: their clusters say how many, without rebuilding the layer
        cams = list(store.cameras.values())
        lost = [dataclasses.replace(c, status="offline") for c in cams[:300]]
        store.set_cameras([*lost, *cams[300:]])
        await settle()
        out["after_cameras_lost"] = await js(DOM)
        shot("province_z9")
        out["zoom_ms"] = await zoom_ms()
        return out

    with loop:
        result = run_until_done(loop, probe())
    print(json.dumps(result, ensure_ascii=False), flush=True)
    panel.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
