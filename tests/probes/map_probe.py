"""Loads the real map panel under a real display, fed by the demo backend with hostile
citizen reports, then prints JSON: what the page drew, what it tried to reach, whether any
injected script ran. Run by tests/test_display.py under Xvfb, with the map drawn the way
the app's settings choose (`map_opengl`: the probe's first argument, auto by default)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from ioc_desktop.map.scheme import register_scheme

register_scheme()

import qasync  # noqa: E402
from PySide6.QtWebEngineCore import QWebEngineProfile  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ioc_desktop.backend.client import BackendClient  # noqa: E402
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer  # noqa: E402
from ioc_desktop.demo.simulation import SimConfig, Simulation  # noqa: E402
from ioc_desktop.incidents.lifecycle import OPEN  # noqa: E402
from ioc_desktop.map.page import build_map_html  # noqa: E402
from ioc_desktop.map.scheme import MapSchemeHandler, OfflineGuard  # noqa: E402
from ioc_desktop.qt_loop import run_until_done  # noqa: E402
from ioc_desktop.store import Store  # noqa: E402
from widgets.map_panel import MapPanel  # noqa: E402
from widgets.render_backend import QUICK_BACKEND, apply_render_backends  # noqa: E402


def software_gl_cpu_s() -> float:
    """CPU seconds this process's llvmpipe threads (Mesa's software OpenGL) have used: what an
    OpenGL-composited window costs where there is no graphics card (Linux only)."""
    total = 0
    for task in Path("/proc/self/task").iterdir():
        try:
            if not (task / "comm").read_text().startswith("llvmpipe"):
                continue
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def main() -> int:
    app = QApplication(sys.argv[:1])
    render = apply_render_backends("auto", sys.argv[1] if len(sys.argv) > 1 else "auto")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    sim = Simulation(SimConfig(hostile_reports=True))
    with sim.lock:  # keep every report open, so the hostile ones are surely on the map
        for r in sim.reports:
            r["status"] = "open"
        sim.config.report_rate = 0.0
    server = DemoHttpServer(sim).start()
    client = BackendClient(server.base_url, DEMO_TOKEN)
    store = Store()
    areas = client.areas()
    store.set_areas(
        areas, {a.code: client.area_geometry(a.code) for a in areas if a.level == "ward"}
    )
    store.set_cameras(client.cameras())
    # one incident just issued (its marker pulses), every other one an hour old (still)
    now = datetime.now(UTC)
    incidents = [i for i in client.incidents() if i.status in OPEN]
    incidents = [replace(incidents[0], date_issued=now)] + [
        replace(i, date_issued=now - timedelta(hours=1)) for i in incidents[1:]
    ]
    store.set_incidents(incidents)
    store.set_reports(client.reports())
    store.set_air_quality(client.air_quality())
    profile = QWebEngineProfile(app)
    handler = MapSchemeHandler(lambda: build_map_html((21.15, 105.37), 9), app)
    profile.installUrlSchemeHandler(b"ioc", handler)
    guard = OfflineGuard(parent=app)
    profile.setUrlRequestInterceptor(guard)
    panel = MapPanel(store, profile, (21.15, 105.37), 9)
    panel.resize(1000, 800)
    panel.show()

    async def js(expr: str) -> object:
        fut: asyncio.Future[object] = loop.create_future()
        panel.page.runJavaScript(expr, 0, lambda r: fut.done() or fut.set_result(r))
        return await asyncio.wait_for(fut, 10)

    async def sample_pulse() -> dict[str, object]:
        """Pixels around the new incident's marker and around the farthest old one, sampled
        over one pulse period (1.4 s): how much each region changes between frames."""
        new = incidents[0]
        old = max(
            incidents[1:],
            key=lambda i: (
                (i.location[0] - new.location[0]) ** 2 + (i.location[1] - new.location[1]) ** 2
            ),
        )
        points = [
            json.loads(
                str(
                    await js(f"JSON.stringify(iocMapApi.pointOf({i.location[0]}, {i.location[1]}))")
                )
            )
            for i in (new, old)
        ]
        frames = []
        for _ in range(10):
            frames.append(panel.view.grab().toImage())
            await asyncio.sleep(0.14)

        def region(img: object, p: object) -> list[int]:
            x0, y0 = int(p["x"]), int(p["y"])  # type: ignore[index]
            return [
                img.pixel(x, y)  # type: ignore[attr-defined]
                for x in range(max(0, x0 - 18), x0 + 18)
                for y in range(max(0, y0 - 18), y0 + 18)
            ]

        def changed(p: object) -> int:
            first = region(frames[0], p)
            return max(
                sum(a != b for a, b in zip(first, region(f, p), strict=True)) for f in frames
            )

        return {
            "points": points,
            "new_changed_px": changed(points[0]),
            "old_changed_px": changed(points[1]),
            "pulsing_elements": await js("document.querySelectorAll('path.ioc-pulse').length"),
        }

    async def probe() -> dict[str, object]:
        for _ in range(200):
            if panel.ready:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(2)
        gl_before = software_gl_cpu_s()
        pulse = await sample_pulse()  # 1.4 s of a pulsing marker: the page draws all along
        gl_cost = software_gl_cpu_s() - gl_before
        counts: asyncio.Future[object] = loop.create_future()
        labels: asyncio.Future[object] = loop.create_future()
        panel.read_counts(lambda r: counts.set_result(r))
        panel.read_labels(lambda r: labels.set_result(r))
        blocked_before = list(guard.blocked)
        # the guard must also stop a page that tries to leave the machine
        await js("fetch('https://tile.example.org/1/1/1.png').catch(function(){}); 1")
        await js("var i = new Image(); i.src = 'http://203.0.113.9/x.png'; 1")
        await asyncio.sleep(1.5)
        xss = await js("String(window.__iocXss)")
        img_tags = await js("document.querySelectorAll('.leaflet-pane img[src=\"x\"]').length")
        # clicks on markers come back through the bridge with the marker's id
        opened_signals: list[tuple[str, str]] = []
        panel.sig_open_camera.connect(lambda c: opened_signals.append(("camera", c)))
        panel.sig_open_incident.connect(lambda i: opened_signals.append(("incident", i)))
        await js("iocMapApi.clickFirst('cameras') && iocMapApi.clickFirst('incidents')")
        await asyncio.sleep(0.5)
        # live update without a reload: a mark set in the page survives, the layer changes
        await js("window.__keep = 42; 1")
        before = store.cameras
        store.set_cameras([c for c in before.values() if c.id != "cam08"])
        await asyncio.sleep(1.0)
        after: asyncio.Future[object] = loop.create_future()
        panel.read_counts(lambda r: after.set_result(r))
        after_counts = await after
        # an officer's "show on the map": the page moves there, no reload; the page reports
        # the view it ends at (what a layout saves)
        views: list[tuple[float, float, int]] = []
        panel.sig_view_changed.connect(lambda la, lo, z: views.append((la, lo, z)))
        panel.center_on(21.3, 105.4, 14)
        await asyncio.sleep(1.0)
        view: asyncio.Future[object] = loop.create_future()
        panel.read_view(lambda r: view.set_result(r))
        moved = await view
        # a layout switch that keeps this map asks for a view: the one it shows costs
        # nothing, another one moves it (no reload)
        views_after_center_on = list(views)
        asked: list[object] = []
        panel.bridge.viewRequested.connect(lambda *a: asked.append(a))
        panel.show_view((21.3, 105.4), 14)
        panel.show_view((21.2, 105.3), 10)
        await asyncio.sleep(1.0)
        view2: asyncio.Future[object] = loop.create_future()
        panel.read_view(lambda r: view2.set_result(r))
        moved_by_switch = await view2
        # a page that calls the bridge with ids it made up (or markup) gets nothing (last: a
        # second channel client takes the page's transport over)
        await js(
            "new QWebChannel(qt.webChannelTransport, function (ch) {"
            " ch.objects.bridge.openCamera('<img src=x onerror=window.__iocXss=1>');"
            " ch.objects.bridge.openIncident('INC-99999');"
            " ch.objects.bridge.openCamera(''); }); 1"
        )
        await asyncio.sleep(0.5)
        return {
            "map_opengl": render.map.opengl,
            "map_renderer": render.map.renderer,
            "scene_graph": os.environ.get(QUICK_BACKEND, "default (GPU)"),
            "software_gl_cpu_s_while_pulsing": round(gl_cost, 3),
            "pulse": pulse,
            "opened": panel.bridge.opened,
            "opened_signals": opened_signals,
            "refused": panel.bridge.refused,
            "kept_after_update": await js("String(window.__keep)"),
            "view_after_center_on": moved,
            "views_reported": views_after_center_on,
            "views_reported_after_show_view": views[len(views_after_center_on) :],
            "show_view_asked": len(asked),
            "view_after_show_view": moved_by_switch,
            "cameras_after_update": after_counts["cameras"],  # type: ignore[index]
            "xss_after_bridge": await js("String(window.__iocXss)"),
            "loaded": panel.ready,
            "counts": await counts,
            "labels": await labels,
            "blocked_before_probe": blocked_before,
            "blocked_after_probe": list(guard.blocked),
            "xss": xss,
            "injected_img_elements": img_tags,
            "served": handler.served,
        }

    with loop:
        result = run_until_done(loop, probe())
    print(json.dumps(result, ensure_ascii=False), flush=True)
    panel.close()
    server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
