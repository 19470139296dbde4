"""The composition root: parse the arguments, make the QApplication and the qasync loop,
build the services (ioc_desktop/services.py) and the wall shell (widgets/shell.py), run,
exit. Policy lives in the services, navigation in the shell; nothing is decided here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ioc_desktop import i18n, logs
from ioc_desktop.cli import build_parser, demo_backend_main
from ioc_desktop.config import Settings, cache_dir, data_dir

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from ioc_desktop.demo.runner import DemoBackend
    from ioc_desktop.progress import ProgressRelay
    from widgets.render_backend import RenderBackends

log = logging.getLogger("ioc_desktop")


def _prepare_platform() -> None:
    """Environment Qt and libVLC need before the QApplication exists."""
    if sys.platform.startswith("linux"):
        # libVLC 3 cannot embed video under Wayland: use X11 (XWayland) there
        if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "xcb"
        # Qt's X11 backing store in shared memory makes each paint that touches what the last
        # one flushed wait for an X round trip (so the server is done reading the segment):
        # the tiles' 1 s clocks did so every second, queued behind every libVLC window's
        # pictures, up to 78 ms at 28 tiles (perf trace of the UI thread, bench/ui_waits.py;
        # docs/MEASUREMENTS.md, issue 20, stop 34). Sent through the socket, a paint waits
        # for nothing. IOC_X_SHM=1 keeps the shared memory (Qt reads only whether
        # QT_XCB_NO_MITSHM is set, so that one cannot turn it back on).
        if os.environ.get("IOC_X_SHM") != "1":
            os.environ.setdefault("QT_XCB_NO_MITSHM", "1")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["demo-backend"]:
        return demo_backend_main(argv[1:])
    if argv[:1] == ["briefing"]:  # the leaders' daily PDF, no window (briefing_cli.py)
        from ioc_desktop.briefing_cli import briefing_main

        return briefing_main(argv[1:])
    if argv[:1] == ["measure-display"]:  # the display probe's child (video/display_probe.py)
        return measure_display_main(argv[1:])
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
    overrides = {
        "backend_url": args.backend,
        "token": args.token,
        "layout": args.layout,
        "role": args.role,
        "wall_split": args.wall_split,
        "station": args.station,
        "language": args.lang,
    }
    settings.update({k: v for k, v in overrides.items() if v is not None}, source="command line")
    for problem in settings.problems:  # the file's, the environment's and the flags'
        log.warning("settings: %s", problem)
    _prepare_platform()
    return run_app(settings, args, logging_state)


def measure_display_main(argv: list[str]) -> int:
    """The display probe's child: its window, its players, one JSON line."""
    from PySide6.QtWidgets import QApplication

    from ioc_desktop import i18n
    from ioc_desktop.video import display_probe
    from widgets.display_probe_window import ProbeWindow

    args = display_probe.parse_args(argv)
    app = QApplication(sys.argv[:1])
    i18n.install(args.lang)
    result = display_probe.measure(ProbeWindow(), args.start, args.max_tiles, args.seconds)
    print(json.dumps(result), flush=True)
    del app
    return 0


def create_application(settings: Settings) -> tuple[QApplication, RenderBackends]:
    """The QApplication as the wall needs it (the scheme the map is served from registered
    first, the language, the theme, the chart and map renderers): the app, the self-test
    and the shift probe all start here."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ioc_desktop.map.scheme import register_scheme
    from ioc_desktop.paths import resources_dir
    from widgets.render_backend import apply_render_backends
    from widgets.theme import apply_theme

    register_scheme()
    # a video surface is a native window (libVLC draws into it); without this Qt makes its
    # siblings native too (title, pill, clock: 4 more X windows a tile, each a round trip)
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("IOC Wall")
    app.setOrganizationName("ioc-desktop")
    language_problem = i18n.install(settings.language)
    if language_problem:
        log.warning("%s", language_problem)
    density = "compact" if settings.role == "workstation" else "wall"
    apply_theme(app, resources_dir() / "theme.qss", density=density)
    render = apply_render_backends(settings.chart_opengl, settings.map_opengl)
    log.info("charts: %s; map: %s", render.charts.text(), render.map.text())
    return app, render


def run_app(settings: Settings, args: argparse.Namespace, logging_state: logs.Logging) -> int:
    import qasync

    from ioc_desktop.errors import UnexpectedErrors
    from ioc_desktop.qt_loop import run_until_done
    from ioc_desktop.selftest import UiStallMeter, run_selftest
    from ioc_desktop.services import NoLayout, Services
    from widgets.shell import WallShell, diagnostics_text
    from widgets.wall_plan import WallPlanner

    app, render = create_application(settings)
    if args.diagnostics:
        print(diagnostics_text(None, render, logging_state, settings), end="", flush=True)
        return 0
    meter = UiStallMeter()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    errors = UnexpectedErrors()
    errors.install(loop)
    demo, relay = start_demo(args, settings) if args.demo else (None, None)
    try:
        services = Services.build(settings, app, monitors=wall_monitors(app, settings))
    except NoLayout as exc:
        log.error("%s", exc)
        if demo is not None:
            demo.stop()
        return 2
    shell = WallShell(
        services,
        render=render,
        window_size=parse_size(args.window_size),
        logging_state=logging_state,
        errors=errors,
    )
    if relay is not None:
        relay.sig_progress.connect(shell.show_work)
    # the decode planner's budget: this PC's, measured at first start (not in a selftest)
    WallPlanner.shared().load_budget(data_dir(), None if args.selftest is not None else 20.0)

    closing = closing_event(app, loop)
    exit_code = 0
    # an operator's "close" must always close: if teardown hangs, the process ends
    exit_guard = threading.Timer(10.0, lambda: _force_exit(exit_code))
    exit_guard.daemon = True

    async def run() -> None:
        nonlocal exit_code
        services.start()
        try:
            if args.selftest is not None:
                if demo is not None:  # the selftest measures the wall, not the first encoding
                    await demo_streams_ready(demo)
                    meter.restart()
                result = await run_selftest(args.selftest, shell.selftest_probes(), meter)
                result["unexpected_errors"] = errors.count
                exit_code = report_selftest(result, args.selftest_out)
            else:
                await closing.wait()
        finally:
            exit_guard.start()
            await services.stop()

    try:
        with loop:
            # exactly one run: QtWebEngine tears itself down on the first aboutToQuit, and a
            # second exec()/exit() of the Qt loop would call into that freed context
            run_until_done(loop, run())
        exit_guard.cancel()
    finally:
        shell.close()
        app.processEvents()
        services.close()
        if demo is not None:
            demo.stop()
        errors.uninstall()
    return exit_code


def closing_event(app: QApplication, loop: asyncio.AbstractEventLoop) -> asyncio.Event:
    """Set when the operator closes the wall (last window, Ctrl+C, SIGTERM). The run
    coroutine owns the lifetime: Qt's own quit would pull the loop out from under qasync
    (a crash), so every way out just sets this event."""
    closing = asyncio.Event()
    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(closing.set)
    signal.signal(signal.SIGINT, lambda *_: loop.call_soon_threadsafe(closing.set))
    signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(closing.set))
    return closing


async def demo_streams_ready(demo: DemoBackend, limit_s: float = 300) -> None:
    """Until the demo's streams are up (the first start encodes its clips) or failed."""
    for _ in range(int(limit_s * 2)):
        if demo.streams_ready.is_set() or demo.error:
            return
        await asyncio.sleep(0.5)


def report_selftest(result: dict[str, Any], out: Path | None) -> int:
    """Print the self-test's JSON (and write it to `out`); the exit code it means."""
    text = json.dumps(result, ensure_ascii=False)
    if sys.stdout is not None:  # None in a windowed (no console) Windows build
        print(text, flush=True)
    if out is not None:
        out.write_text(text + "\n", "utf-8")
    return 0 if result["ok"] else 1


def start_demo(args: argparse.Namespace, settings: Settings) -> tuple[DemoBackend, ProgressRelay]:
    """The embedded demo backend (and its first-start progress); the settings then point
    at it."""
    from ioc_desktop.demo.runner import DemoBackend
    from ioc_desktop.progress import ProgressRelay

    relay = ProgressRelay()
    demo = DemoBackend(
        cache_dir(),
        hostile_reports=args.demo_hostile,
        incident_rate=0.5 if args.demo_busy else None,
        progress=relay.report,
        scale=args.demo_scale,
        rtsp=args.demo_rtsp,
    ).start()
    settings.backend_url, settings.token = demo.base_url, demo.token
    log.info("demo backend on %s", demo.base_url)
    return demo, relay


def wall_monitors(app: QGuiApplication, settings: Settings) -> int:
    """How many monitors the wall has: the OS's screens (less the control monitor), each cut
    R×C when the wall is one desktop split (Mosaic, Eyefinity)."""
    from ioc_desktop.layout.monitors import parse_split

    try:
        rows, cols = parse_split(settings.wall_split)
    except ValueError:
        rows, cols = 1, 1
    screens = [s for s in app.screens() if s.name() != settings.control_monitor]
    return max(1, len(screens)) * rows * cols


def parse_size(text: str | None) -> tuple[int, int] | None:
    """'1600x900' → (1600, 900); None for full screen."""
    if not text:
        return None
    w, h = (int(v) for v in text.lower().split("x"))
    return w, h


def _force_exit(code: int) -> None:
    log.error("event loop did not stop: forcing exit")
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(main())
