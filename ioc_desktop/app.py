"""The composition root: reads settings, builds the services and the wall, wires them, runs.

Everything is connected here, in code, and nowhere else: the store, the backend sync, the video
engine, the map profile and the wall windows built from the layout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ioc_desktop import __version__, i18n, logs
from ioc_desktop.config import Settings, cache_dir, config_dir, data_dir
from ioc_desktop.i18n import LANGUAGES, translate
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout, LayoutError, load_layout

log = logging.getLogger("ioc_desktop")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="ioc-desktop",
        description="IOC Wall: control-room client of a provincial Intelligent Operations Center.",
        epilog="Subcommand: 'ioc-desktop demo-backend --port N' runs the demo backend alone.",
    )
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    ap.add_argument(
        "--demo",
        action="store_true",
        help="start the embedded demo backend (simulated Phú Thọ, live streams on loopback)",
    )
    ap.add_argument("--backend", metavar="URL", help="backend base URL (overrides the config file)")
    ap.add_argument("--token", help="bearer token (prefer the IOC_TOKEN environment variable)")
    ap.add_argument("--layout", metavar="NAME|PATH", help="layout to show (default: overview)")
    ap.add_argument(
        "--role", choices=["wall", "workstation"], help="full-screen wall or windowed workstation"
    )
    ap.add_argument(
        "--lang",
        choices=sorted(LANGUAGES),
        help="language of the UI: vi (Tiếng Việt, the default) or en (English)",
    )
    ap.add_argument(
        "--wall-split",
        metavar="RxC",
        help="each OS screen is a wall of R×C monitors (NVIDIA Mosaic / AMD Eyefinity)",
    )
    ap.add_argument(
        "--window-size", metavar="WxH", help="windowed at this size instead of full screen"
    )
    ap.add_argument(
        "--selftest",
        type=float,
        metavar="SECONDS",
        help="run for SECONDS, print one JSON report of what every panel did, exit 0 if all worked",
    )
    ap.add_argument(
        "--diagnostics",
        action="store_true",
        help="print the support report (versions, screens, renderer, settings without secrets,"
        " recent errors) and exit",
    )
    ap.add_argument(
        "--selftest-out",
        type=Path,
        metavar="FILE",
        help="also write the self-test report to FILE (a windowed Windows build has no console)",
    )
    ap.add_argument(
        "--demo-hostile",
        action="store_true",
        help="demo: add citizen reports whose text is hostile markup (escaping check)",
    )
    ap.add_argument(
        "--demo-busy",
        action="store_true",
        help="demo: a busy province, a new incident every few seconds (to see the wall react)",
    )
    ap.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return ap


def demo_backend_main(argv: list[str]) -> int:
    from ioc_desktop.demo.runner import DemoBackend

    ap = argparse.ArgumentParser(
        prog="ioc-desktop demo-backend", description="Run the demo backend alone on 127.0.0.1."
    )
    ap.add_argument("--port", type=int, default=8750)
    ap.add_argument("--stream-port", type=int, default=0)
    ap.add_argument("--hostile", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    demo = DemoBackend(
        cache_dir(), port=args.port, stream_port=args.stream_port, hostile_reports=args.hostile
    ).start(wait_for_streams=True)
    print(
        json.dumps(
            {
                "url": demo.base_url,
                "token": demo.token,
                "streams": f"http://127.0.0.1:{demo.stream_port}",
            }
        ),
        flush=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    demo.stop()
    return 0


def _prepare_platform() -> None:
    """Environment Qt and libVLC need before the QApplication exists."""
    if sys.platform.startswith("linux"):
        # libVLC 3 cannot embed video under Wayland: use X11 (XWayland) there
        if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "xcb"
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["demo-backend"]:
        return demo_backend_main(argv[1:])
    if argv[:1] == ["demo-streams"]:  # the demo's stream server child (see demo/runner.py)
        from ioc_desktop.demo.streams import main as streams_main

        streams_main(argv[1:])
        return 0
    args = build_parser().parse_args(argv)
    if args.diagnostics and sys.platform.startswith("linux"):
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a report needs no screen
    logging_state = logs.setup(args.log_level)
    settings = Settings.load()
    for problem in settings.problems:
        log.warning("settings: %s", problem)
    overrides = {
        "backend_url": args.backend,
        "token": args.token,
        "layout": args.layout,
        "role": args.role,
        "wall_split": args.wall_split,
        "language": args.lang,
    }
    settings.update({k: v for k, v in overrides.items() if v is not None}, source="command line")
    _prepare_platform()
    return run_app(settings, args, logging_state)


def choose_first_layout(library: LayoutLibrary, wanted: str) -> tuple[Layout | None, str | None]:
    """The layout the wall opens with, and why it is not the one asked for (if it is not).

    A file path is opened as is; a name comes from the library; nothing asked: the default
    the operator set, else the overview. Never a modal dialog here: an unattended wall would
    wait forever, so the problem is shown once the wall is up."""
    name = wanted or library.default_name() or "overview"
    problem = None
    if name.endswith(".json"):
        try:
            return load_layout(Path(name)), None
        except LayoutError as exc:
            problem = str(exc)
    elif name in library:
        return library.get(name), None
    else:
        problem = translate("app", "không có bố cục '{name}' (có: {names})").format(
            name=name, names=", ".join(library.names())
        )
    log.error("%s", problem)
    if "overview" in library:
        return library.get("overview"), problem
    names = library.names()
    return (library.get(names[0]) if names else None), problem


def kpi_ids_of(layout: Layout, systems_kpis: dict[int, list[str]] | None = None) -> list[str]:
    """The KPI series the layout's charts and tiles need (the sync fetches only those);
    a tile group of a whole system needs the system's KPIs (known once the catalogue is)."""
    ids: set[str] = set()
    for s in layout.screens:
        for p in s.panels:
            if p.kind == "kpi_trend" and "kpi_id" in p.settings:
                ids.add(str(p.settings["kpi_id"]))
            elif p.kind == "kpi_tiles":
                ids |= {str(k) for k in p.settings.get("kpi_ids", [])}
                system = p.settings.get("system")
                if isinstance(system, int) and systems_kpis:
                    ids |= set(systems_kpis.get(system, []))
    return sorted(ids)


def run_app(settings: Settings, args: argparse.Namespace, logging_state: logs.Logging) -> int:
    import qasync
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtWebEngineCore import QWebEngineProfile
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ioc_desktop.backend.client import BackendClient
    from ioc_desktop.credentials import TokenStore
    from ioc_desktop.incidents.outbox import Outbox
    from ioc_desktop.incidents.queue import ActionQueue
    from ioc_desktop.layout.incident_fill import IncidentFollower
    from ioc_desktop.layout.monitors import MonitorMemory, parse_split
    from ioc_desktop.layout_session import LayoutSession
    from ioc_desktop.map.page import BASE, build_map_html
    from ioc_desktop.map.scheme import MapSchemeHandler, OfflineGuard, register_scheme
    from ioc_desktop.map.tiles import TILE_PATH, open_tiles, tile_url_problem
    from ioc_desktop.paths import layouts_dir, resources_dir
    from ioc_desktop.qt_loop import run_until_done
    from ioc_desktop.selftest import Probes, SwitchLog, UiStallMeter, run_selftest
    from ioc_desktop.store import Store
    from ioc_desktop.sync import BackendSync, PollIntervals
    from ioc_desktop.video.engine import VideoEngine, VideoSettings
    from ioc_desktop.wall_link import WallLink
    from widgets.camera_tile import CameraTile
    from widgets.control_window import ControlWindow
    from widgets.event_list import EventListPanel
    from widgets.incident_desk import IncidentDesk
    from widgets.kpi_panels import AirQualityBarsPanel, KpiTrendPanel
    from widgets.map_panel import MapPanel
    from widgets.panels import PanelFactory
    from widgets.render_backend import apply_render_backends
    from widgets.theme import apply_theme
    from widgets.wall_manager import WallManager

    register_scheme()
    # a video surface is a native window (libVLC draws into it); without this Qt makes its
    # siblings native too: the tile's title, pill and clock, 4 more X windows a tile, each
    # made, placed and shown with a round trip to the X server, which is busy drawing
    # video while a layout switch builds the wall
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("IOC Wall")
    app.setOrganizationName("ioc-desktop")
    language_problem = i18n.install(settings.language)
    if language_problem:
        log.warning("%s", language_problem)
    density = "compact" if settings.role == "workstation" else "wall"
    apply_theme(app, resources_dir() / "theme.qss", density=density)
    render = apply_render_backends(settings.chart_opengl, settings.map_opengl)
    log.info("charts: %s; map: %s", render.charts.text(), render.map.text())

    def diagnostics_text(store: Store | None = None, engine: VideoEngine | None = None) -> str:
        """The support report from what runs now (see ioc_desktop/diagnostics.py)."""
        from ioc_desktop.diagnostics import ScreenInfo, Snapshot, report
        from ioc_desktop.video.libvlc import libvlc_version

        def geometry(g: Any) -> str:
            return f"{g.width()}×{g.height()}+{g.x()}+{g.y()}"

        try:
            vlc_version = libvlc_version()
        except (ImportError, OSError) as exc:
            vlc_version = f"not loaded ({exc})"
        snap = Snapshot(
            screens=[
                ScreenInfo(s.name(), geometry(s.geometry()), s.devicePixelRatio(), s.refreshRate())
                for s in app.screens()
            ],
            qt_platform=app.platformName(),
            chart_renderer=render.charts.text(),
            map_renderer=render.map.text(),
            libvlc=vlc_version,
            log_file=str(logging_state.file or ""),
            recent_problems=list(logging_state.recent.lines),
        )
        if store is not None:
            st = store.link_status()
            age = "—" if st.data_age_s is None else f"{st.data_age_s:.0f} s"
            auth = ", sign-in needed" if store.auth_needed else ""
            snap.link = f"{settings.backend_url}: {st.link.value}{auth}, data age {age}"
            snap.link += f" ({st.message})" if st.message else ""
        if engine is not None:
            snap.tiles = {
                k: s.status.value for k in engine.tile_keys() if (s := engine.stats(k)) is not None
            }
        return report(settings, snap)

    if args.diagnostics:
        print(diagnostics_text(), end="", flush=True)
        return 0
    meter = UiStallMeter()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    demo = None
    if args.demo:
        from ioc_desktop.demo.runner import DemoBackend
        from ioc_desktop.progress import ProgressRelay

        clips_progress = ProgressRelay()
        demo = DemoBackend(
            cache_dir(),
            hostile_reports=args.demo_hostile,
            incident_rate=0.5 if args.demo_busy else None,
            progress=clips_progress.report,
        ).start()
        settings.backend_url, settings.token = demo.base_url, demo.token
        log.info("demo backend on %s", demo.base_url)

    library = LayoutLibrary(layouts_dir(), data_dir() / "layouts")
    layout, layout_problem = choose_first_layout(library, settings.layout)
    for bad in library.problems:
        log.error("layout %s", bad.message)
    if layout is None:
        return 2

    store = Store()
    extra = [a for a in settings.video_extra_args if isinstance(a, str) and a.startswith("--")]
    engine = VideoEngine(
        VideoSettings(
            settings.network_caching_ms,
            settings.hardware_decoding,
            extra,
            light_decoding=settings.light_decoding,
        )
    )
    tokens = TokenStore(settings.backend_url)
    if not settings.token and demo is None:
        settings.token = tokens.load()  # signed in before: the keyring remembers
    client = BackendClient(settings.backend_url, settings.token, verify=settings.tls())

    map_center = (21.15, 105.37)
    profile = QWebEngineProfile(app)  # off the record: nothing of the map is written to disk
    tiles, tiles_problem = None, None
    if settings.map_tiles:
        try:
            tiles = open_tiles(settings.map_tiles)
        except ValueError as exc:
            tiles_problem = translate("app", "Bản đồ nền ngoại tuyến: {reason}").format(reason=exc)
            log.error("%s", tiles_problem)
    tile_url = f"{BASE}{TILE_PATH}" if tiles is not None else None
    online_hosts: set[str] = set()
    if tiles is None and settings.map_tile_url:  # online only when set, and never over offline
        why = tile_url_problem(settings.map_tile_url)
        if why:
            tiles_problem = translate("app", "Bản đồ nền trực tuyến: {reason}").format(reason=why)
            log.error("%s", tiles_problem)
        else:
            tile_url = settings.map_tile_url
            online_hosts.add(urlparse(tile_url).hostname or "")
    handler = MapSchemeHandler(lambda: build_map_html(map_center, 9, tile_url), app, tiles)
    profile.installUrlSchemeHandler(b"ioc", handler)
    guard = OfflineGuard(online_hosts, parent=app)
    profile.setUrlRequestInterceptor(guard)

    factory = PanelFactory(store, engine, profile, settings.snapshot_folder())
    queue = ActionQueue(data_dir() / "outbox.sqlite")
    outbox = Outbox(queue, client, store)
    session = LayoutSession(library, layout)
    switches = SwitchLog(
        lambda key: list(s.went_live_at) if (s := engine.stats(key)) is not None else None,
        lambda key: list(s.live_told_at) if (s := engine.stats(key)) is not None else None,
    )

    def on_switch_started(why: str) -> None:
        """Connected before the wall manager, so it runs before the wall is rebuilt."""
        if why not in ("open", "incident", "pushed"):
            return
        now = {t.key for t in widgets_of(CameraTile)}
        entry = switches.started(why, session.layout.name, now, time.time())
        QTimer.singleShot(  # the next turn of the loop: windows rebuilt and laid out
            0,
            lambda: switches.built(
                entry,
                time.time(),
                len(manager.panels()),
                [t.key for t in widgets_of(CameraTile)],
            ),
        )

    session.sig_layout_changed.connect(on_switch_started)
    try:
        split = parse_split(settings.wall_split)
    except ValueError as exc:
        log.error("%s", exc)
        split = (1, 1)
    memory = MonitorMemory(config_dir() / "monitors.json")
    size = None
    if args.window_size:
        w, h = (int(v) for v in args.window_size.lower().split("x"))
        size = (w, h)
    manager = WallManager(
        session,
        store,
        engine,
        factory,
        factory.release,
        memory,
        full_screen=settings.role == "wall",
        window_size=size,
        skip_monitors=(settings.control_monitor,) if settings.control_monitor else (),
        split=split,
    )
    manager.refresh()
    control = ControlWindow(session, manager, store)
    control.resize(1000, 760)
    home = next(
        (s for s in app.screens() if s.name() == settings.control_monitor), app.primaryScreen()
    )
    avail = home.availableGeometry()  # on the wall's own monitor: at the right, not on top
    control.move(max(avail.left(), avail.right() - control.width()), avail.top())

    def show_control() -> None:
        control.show()
        control.raise_()

    manager.on_control_requested = show_control
    if demo is not None:
        demo_work = translate("app", "Đang tạo video mẫu lần đầu: %v/%m")

        def show_clips_progress(done: int, total: int) -> None:
            for w in manager.windows.values():
                w.show_work(demo_work, done, total)

        clips_progress.sig_progress.connect(show_clips_progress)
    wire_operator_tools(control, settings, store, client, tokens, loop, diagnostics_text, engine)
    if settings.role == "workstation" or settings.control_monitor:
        control.show()
    first_window = next(iter(manager.windows.values()))
    link = WallLink(
        client,
        session,
        store,
        f"{settings.role}@{socket.gethostname()}:{os.getpid()}",
        follow=settings.role == "wall",
        interval_s=settings.poll_fast_s,
    )
    link.sig_message.connect(lambda text: control.statusBar().showMessage(text, 10000))
    link.sig_message.connect(lambda text: first_window.statusBar().showMessage(text, 10000))
    control.on_push = link.push_soon

    desk = None
    viewers: list[Any] = []

    def open_viewer(camera_id: str) -> None:
        """A camera in a window of its own, live."""
        viewer = CameraTile(
            f"viewer/{camera_id}/{len(viewers)}",
            camera_id,
            store,
            engine,
            snapshot_folder=settings.snapshot_folder(),
        )
        viewer.setWindowTitle(f"Camera {camera_id}")
        viewer.resize(960, 600)
        viewer.show()
        viewers.append(viewer)

    def open_camera(camera_id: str) -> None:
        """From the map or an incident to the picture: the wall's own tile of that camera,
        maximised, when there is one; else a window with a live tile."""
        for win in manager.windows.values():
            for grid in win.grids.values():
                for key, w in grid.panels.items():
                    if isinstance(w, CameraTile) and w.camera_id == camera_id:
                        if grid.maximised != key:
                            grid.toggle_maximise(key)
                        return
        open_viewer(camera_id)

    def open_incident(incident_id: str) -> None:
        if desk is not None:
            desk.open_incident(incident_id)
            desk.show()
            desk.raise_()
        else:
            show_incident_on_wall(incident_id, asked=True)

    factory.on_open_camera = open_camera
    factory.on_open_incident = open_incident
    if settings.role == "workstation":
        desk = IncidentDesk(
            store,
            outbox.submit,
            outbox.retry_on_current,
            outbox.discard,
            alert_sound=settings.alert_sound,
        )
        desk.setWindowTitle(translate("app", "IOC Wall — Bàn trực sự cố"))

        desk.sig_open_camera.connect(open_viewer)
        desk.sig_show_on_wall.connect(lambda iid: show_incident_on_wall(iid, asked=True))
        desk.sig_locate.connect(
            lambda lat, lon: [m.center_on(lat, lon) for m in widgets_of(MapPanel)]
        )
        desk.resize(1400, 900)
        desk.show()
        factory.created.append(desk)
    follower = IncidentFollower(lambda inc: session.layout_for(inc) is not None)
    prompt: list[QMessageBox] = []

    def show_incident_on_wall(incident_id: str, asked: bool) -> None:
        inc = next((i for i in store.incidents if i.id == incident_id), None)
        if inc is None:
            return
        if session.open_for_incident(inc, list(store.cameras.values())):
            follower.took_wall(inc, time.time())
            if asked:
                control.statusBar().showMessage(
                    translate("app", "Tường đang hiển thị sự cố: {title}").format(title=inc.title),
                    10000,
                )

    def on_incidents() -> None:
        mode = settings.incident_layout
        inc = follower.consider(store.incidents, time.time())
        if inc is None or mode == "off":
            return
        if mode == "auto":
            show_incident_on_wall(inc.id, asked=False)
            return
        for old in prompt:  # one question at a time: the newest incident replaces it
            old.close()
        prompt.clear()
        target = session.layout_for(inc)
        parent = control if control.isVisible() else first_window
        ask = QMessageBox(
            QMessageBox.Icon.Question,
            "IOC Wall",
            translate(
                "app",
                "Sự cố mới: {title}\n\nChuyển tường sang bố cục '{layout}' với camera gần nhất?",
            ).format(title=inc.title, layout=target.title_vi if target else ""),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            parent,
        )
        ask.setModal(False)
        yes = ask.button(QMessageBox.StandardButton.Yes)
        yes.setText(translate("app", "Chuyển tường"))
        yes.clicked.connect(lambda _=False, iid=inc.id: show_incident_on_wall(iid, asked=True))
        ask.button(QMessageBox.StandardButton.No).setText(translate("app", "Để sau"))
        ask.show()
        prompt.append(ask)

    store.sig_incidents_changed.connect(on_incidents)

    def on_layout_changed(why: str) -> None:
        if why == "open":  # the operator chose a layout: the wall no longer holds an incident
            follower.released()

    session.sig_layout_changed.connect(on_layout_changed)
    shown_at = time.time()
    start_entry = switches.started("start", session.layout.name, set(), shown_at)
    tiles_now = [k for k, w in manager.panels().items() if isinstance(w, CameraTile)]
    switches.built(start_entry, time.time(), len(manager.panels()), tiles_now)
    unreadable = [
        p.message
        + (
            "\n" + translate("app", "→ đã cất sang {path}").format(path=p.set_aside)
            if p.set_aside
            else ""
        )
        for p in library.problems
    ]
    layout_problem = "\n\n".join(x for x in [layout_problem, *unreadable] if x) or None
    notices = [
        (
            layout_problem,
            translate("app", "Có bố cục không đọc được; các bố cục khác vẫn dùng được."),
        ),
        (
            queue.problem,
            translate("app", "Hàng đợi thao tác sự cố không đọc được, đã lập hàng đợi mới."),
        ),
        (memory.problem or None, translate("app", "Không đọc được cách xếp màn hình đã nhớ.")),
        (tiles_problem, translate("app", "Bản đồ vẫn chạy, không có bản đồ nền.")),
    ]
    for problem, lead in notices:
        if not problem:
            continue
        notice = QMessageBox(
            QMessageBox.Icon.Warning, "IOC Wall", f"{lead}\n\n{problem}", parent=first_window
        )
        notice.setModal(False)
        notice.show()

    sync = BackendSync(
        client,
        store,
        PollIntervals(settings.poll_fast_s, settings.poll_slow_s),
        series_ids=kpi_ids_of(session.layout),
    )

    def follow_layout(_why: str = "") -> None:
        by_system: dict[int, list[str]] = {}
        for k in store.kpis.values():
            by_system.setdefault(k.system, []).append(k.id)
        wanted = kpi_ids_of(session.layout, by_system)
        if wanted != sync.series_ids:
            sync.set_series_ids(wanted)
        by_ward = sorted(
            {
                str(p.settings.get("kpi_id", ""))
                for sc in session.layout.screens
                for p in sc.panels
                if p.kind == "kpi_bars"
            }
        )
        if by_ward != sync.breakdown_ids:
            sync.set_breakdown_ids(by_ward)

    session.sig_layout_changed.connect(follow_layout)
    store.sig_kpis_changed.connect(follow_layout)
    follow_layout()
    factory.on_drill = sync.fetch_area_series

    def widgets_of(cls: type) -> list[Any]:
        return [w for w in factory.created if isinstance(w, cls)]

    async def map_counts() -> dict[str, int] | None:
        maps = widgets_of(MapPanel)
        if not maps:
            return {"has_map": 0}
        fut: asyncio.Future[dict[str, int] | None] = loop.create_future()

        def deliver(result: dict[str, int] | None) -> None:
            if not fut.done():
                fut.set_result(result)

        maps[0].read_counts(deliver)
        try:
            return await asyncio.wait_for(fut, 5)
        except TimeoutError:
            return None

    probes = Probes(
        tile_frames=lambda: {
            t.key: (s.frames_total if (s := engine.stats(t.key)) else 0)
            for t in widgets_of(CameraTile)
        },
        tile_status=lambda: {
            t.key: (s.status.value if (s := engine.stats(t.key)) else "none")
            for t in widgets_of(CameraTile)
        },
        chart_updates=lambda: {
            f"{type(w).__name__}:{getattr(w, 'kpi_id', 'aq')}": w.updates
            for w in widgets_of(KpiTrendPanel) + widgets_of(AirQualityBarsPanel)
        },
        map_counts=map_counts,
        blocked_requests=lambda: list(guard.blocked),
        incidents_listed=lambda: sum(w.incidents.count() for w in widgets_of(EventListPanel)),
        incident_lists=lambda: len(widgets_of(EventListPanel)),
        reports_listed=lambda: sum(w.reports.count() for w in widgets_of(EventListPanel)),
        link=lambda: store.link_status().link.value,
        tile_went_live_at=lambda: {
            t.key: (s.went_live_at if (s := engine.stats(t.key)) else [])
            for t in widgets_of(CameraTile)
        },
        shown_at=shown_at,
        extra={
            "layout": lambda: session.layout.name,
            "layout_problem": lambda: layout_problem,
            "backend_calls": lambda: sync.calls,
            "map_assets_served": lambda: handler.served,
            "map_tiles_served": lambda: handler.tiles_served,
            "map_loaded": lambda: all(m.ready for m in widgets_of(MapPanel)),
            "desk_incidents": lambda: sum(w.list.count() for w in widgets_of(IncidentDesk)),
            "desk_alerted": lambda: sum(len(w.alerted_now) for w in widgets_of(IncidentDesk)),
            "outbox_unsent": lambda: len(store.outbox),
            "wall_followed": lambda: link.followed,
            "charts_opengl": lambda: {"opengl": render.charts.opengl, "why": render.charts.why},
            "map_opengl": lambda: {"opengl": render.map.opengl, "why": render.map.why},
            "switches": switches.report,
            "windows": lambda: {m: list(n) for m, n in manager.placement.items()},
        },
    )

    # the coroutine below owns the lifetime: Qt's own quit would pull the loop out from
    # under qasync (a crash), so every way out just sets this event
    closing = asyncio.Event()
    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(closing.set)
    signal.signal(signal.SIGINT, lambda *_: loop.call_soon_threadsafe(closing.set))
    signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(closing.set))
    exit_code = 0

    def force_exit() -> None:
        log.error("event loop did not stop: forcing exit")
        os._exit(exit_code)

    exit_guard = threading.Timer(10.0, force_exit)
    exit_guard.daemon = True

    async def run() -> None:
        nonlocal exit_code
        sync.start()
        outbox.start()
        link.start()
        try:
            if args.selftest is not None:
                if demo is not None:  # the selftest measures the wall, not the first clip encoding
                    for _ in range(600):
                        if demo.streams_ready.is_set() or demo.error:
                            break
                        await asyncio.sleep(0.5)
                    meter.restart()
                result = await run_selftest(args.selftest, probes, meter)
                report = json.dumps(result, ensure_ascii=False)
                if sys.stdout is not None:  # None in a windowed (no console) Windows build
                    print(report, flush=True)
                if args.selftest_out is not None:
                    args.selftest_out.write_text(report + "\n", "utf-8")
                exit_code = 0 if result["ok"] else 1
            else:
                await closing.wait()
        finally:
            # an operator's "close" must always close: if teardown hangs, the process ends
            exit_guard.start()
            await outbox.stop()
            await link.stop()
            await sync.stop()

    try:
        with loop:
            # exactly one run: QtWebEngine tears itself down on the first aboutToQuit, and a
            # second exec()/exit() of the Qt loop would call into that freed context
            run_until_done(loop, run())
        exit_guard.cancel()
    finally:
        for t in widgets_of(CameraTile) + viewers:
            t.release()
        for extra in [desk, *viewers, control]:
            if extra is not None:
                extra.close()
        queue.close()
        manager.close_all()  # pages go before their profile, or QtWebEngine aborts
        app.processEvents()
        # processEvents() leaves deferred deletes alone: the map pages would outlive their
        # profile (a crash at exit with Qt Quick's software renderer, measured)
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        profile.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        engine.shutdown()
        client.close()
        if demo is not None:
            demo.stop()
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main())


def wire_operator_tools(
    control: Any,
    settings: Settings,
    store: Any,
    client: Any,
    tokens: Any,
    loop: asyncio.AbstractEventLoop,
    diagnostics: Any,
    engine: Any,
) -> None:
    """The control window's settings, sign-in and "copy diagnostics": dialogs ask, this does
    the I/O (config file, keyring, backend off the UI thread)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ioc_desktop.backend.client import BackendError
    from ioc_desktop.config import save_settings
    from widgets.settings_dialog import SettingsDialog
    from widgets.sign_in_dialog import SignInDialog

    def say(text: str) -> None:
        control.statusBar().showMessage(text, 12000)

    sign_in = SignInDialog(logs.redact(settings.backend_url), control)
    # above the full-screen wall windows too: on a wall the control window is often hidden
    sign_in.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    pending: set[asyncio.Task[None]] = set()

    def show_sign_in() -> None:
        sign_in.show()
        sign_in.raise_()

    def remember(token: str) -> None:
        problem = tokens.save(token)
        say(problem or translate("app", "Đã đăng nhập; phiên được giữ trong kho khoá của hệ thống"))

    async def try_sign_in(user: str, password: str) -> None:
        try:
            grant = await loop.run_in_executor(None, client.sign_in, user, password)
        except BackendError as exc:
            sign_in.show_problem(str(exc))
            return
        remember(grant.access_token)
        sign_in.done_ok()

    def start_sign_in(user: str, password: str) -> None:
        task = loop.create_task(try_sign_in(user, password))
        pending.add(task)
        task.add_done_callback(pending.discard)

    def use_token(token: str) -> None:
        client.set_token(token)
        remember(token)

    sign_in.sig_sign_in.connect(start_sign_in)
    sign_in.sig_use_token.connect(use_token)
    control.sig_sign_in.connect(show_sign_in)

    # an expired or revoked token: ask again, the wall keeps running on the data it has
    def on_auth_needed(needed: bool) -> None:
        if needed:
            show_sign_in()

    store.sig_auth_needed.connect(on_auth_needed)

    def open_settings() -> None:
        dialog = SettingsDialog(settings, control)
        dialog.accepted.connect(lambda: save_from(dialog))
        dialog.open()

    def save_from(dialog: SettingsDialog) -> None:
        changes = dialog.changes()
        if not changes:
            return
        try:
            path = save_settings(changes)
        except (ValueError, OSError) as exc:
            say(translate("app", "Không lưu được cài đặt: {reason}").format(reason=exc))
            return
        say(
            translate("app", "Đã lưu cài đặt vào {path}; có hiệu lực khi mở lại IOC Wall").format(
                path=path
            )
        )

    control.sig_settings.connect(open_settings)

    def copy_diagnostics() -> None:
        text = diagnostics(store, engine)
        clipboard = QApplication.clipboard()
        clipboard.setText(text)
        say(
            translate(
                "app", "Đã chép thông tin chẩn đoán ({lines} dòng): dán vào yêu cầu hỗ trợ"
            ).format(lines=text.count("\n"))
        )

    control.sig_diagnostics.connect(copy_diagnostics)
    control.sign_in_dialog = sign_in  # for tests and the selftest
