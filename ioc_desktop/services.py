"""Everything the wall runs on except its widgets, built and torn down in one place.

`Services` owns the store, the backend client and token store, the video engine, the map's
web profile (scheme handler and offline guard), the officer's action queue and outbox, the
layout library and session, the backend sync, the wall link and the incident → wall policy.
The composition root (app.py) makes one; the wall shell (widgets/shell.py) builds the windows
from it; tests, probes and benches make the same two instead of assembling a wall by hand.

Policy lives here, not in the root: what the current layout needs polled (the layout
package's `polled_series`/`polled_breakdowns`), when a new incident may take the wall
(IncidentWallPolicy). Teardown order is here too: `stop()` ends the loop's tasks while the
loop runs; `close()` releases the rest once the widgets are gone (map pages before their
profile, players before the engine, the engine before the demo's stream server).

Core: QtCore and QtWebEngineCore only, no widgets (tests/test_boundaries.py).
"""

from __future__ import annotations

import getpass
import logging
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWebEngineCore import QWebEngineProfile

from ioc_desktop import clock
from ioc_desktop.backend.client import BackendClient, Timeouts
from ioc_desktop.config import Settings, config_dir, data_dir
from ioc_desktop.credentials import CameraCredentials, TokenStore
from ioc_desktop.i18n import translate
from ioc_desktop.incidents.outbox import Outbox
from ioc_desktop.incidents.queue import ActionQueue
from ioc_desktop.layout.drill import shows_hot_topics
from ioc_desktop.layout.incident_policy import IncidentWallPolicy
from ioc_desktop.layout.kinds import polled_breakdowns, polled_series
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout, LayoutError, load_layout
from ioc_desktop.layout.monitors import MonitorMemory
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.map.page import BASE, build_map_html
from ioc_desktop.map.scheme import MapSchemeHandler, OfflineGuard
from ioc_desktop.map.tiles import TILE_PATH, TileSource, open_tiles, tile_url_problem
from ioc_desktop.paths import layouts_dir
from ioc_desktop.screen_awake import ScreenAwake
from ioc_desktop.selftest import SwitchLog
from ioc_desktop.station_link import StationLink
from ioc_desktop.station_log import StationLog
from ioc_desktop.store import Store
from ioc_desktop.sync import BackendSync, PollIntervals
from ioc_desktop.video import decode_budget
from ioc_desktop.video.engine import VideoEngine, VideoSettings
from ioc_desktop.video.watchdog import TileStatus
from ioc_desktop.wall_link import WallLink

log = logging.getLogger("ioc_desktop")
MAP_CENTER = (21.15, 105.37)  # the province, whole


class NoLayout(RuntimeError):
    """Not one layout could be read: there is nothing to show."""


@dataclass
class Notice:
    """A problem found while starting, shown to the operator once the wall is up."""

    lead: str  # what it means for the wall, in one sentence
    detail: str


class MapServices:
    """The map pages' shared web profile: off the record (nothing of the map is written to
    disk), every page and asset served by the ioc:// scheme handler, every request that
    would leave the machine refused by the offline guard (unless the site set an online
    tile server, which is then the one host allowed).

    Made when the first map needs it: a layout without a map starts no Chromium."""

    def __init__(self, settings: Settings, parent: QObject) -> None:
        self.parent = parent
        self.tiles: TileSource | None = None
        self.problem: str | None = None
        if settings.map_tiles:
            try:
                self.tiles = open_tiles(settings.map_tiles)
            except ValueError as exc:
                self.problem = translate("app", "Bản đồ nền ngoại tuyến: {reason}").format(
                    reason=exc
                )
        self.tile_url = f"{BASE}{TILE_PATH}" if self.tiles is not None else None
        self.online_hosts: set[str] = set()
        if self.tiles is None and settings.map_tile_url:  # online only when set
            why = tile_url_problem(settings.map_tile_url)
            if why:
                self.problem = translate("app", "Bản đồ nền trực tuyến: {reason}").format(
                    reason=why
                )
            else:
                self.tile_url = settings.map_tile_url
                self.online_hosts.add(urlparse(self.tile_url).hostname or "")
        if self.problem:
            log.error("%s", self.problem)
        self._profile: QWebEngineProfile | None = None
        self._handler: MapSchemeHandler | None = None
        self._guard: OfflineGuard | None = None

    @property
    def profile(self) -> QWebEngineProfile:
        if self._profile is None:
            self._profile = QWebEngineProfile(self.parent)
            tile_url = self.tile_url
            self._handler = MapSchemeHandler(
                lambda: build_map_html(MAP_CENTER, 9, tile_url), self.parent, self.tiles
            )
            self._profile.installUrlSchemeHandler(b"ioc", self._handler)
            self._guard = OfflineGuard(self.online_hosts, parent=self.parent)
            self._profile.setUrlRequestInterceptor(self._guard)
        return self._profile

    @property
    def blocked(self) -> list[str]:
        """Requests the map tried to send off the machine (refused)."""
        return list(self._guard.blocked) if self._guard is not None else []

    @property
    def assets_served(self) -> int:
        return self._handler.served if self._handler is not None else 0

    @property
    def tiles_served(self) -> int:
        return self._handler.tiles_served if self._handler is not None else 0

    def close(self) -> None:
        """After every map page is deleted (a page outliving its profile aborts QtWebEngine;
        processEvents() leaves deferred deletes alone, hence sendPostedEvents)."""
        if self._profile is None:
            return
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self._profile.deleteLater()
        self._profile = None
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def choose_first_layout(
    library: LayoutLibrary, wanted: str, monitors: int = 1
) -> tuple[Layout | None, str | None]:
    """The layout the wall opens with, and why it is not the one asked for (if it is not).

    A file path is opened as is; a name comes from the library; nothing asked: the default
    the operator set, else the overview made for as many monitors as the wall has (a 2×2
    wall opened the one-screen overview: one monitor of content, three black). Never a
    modal dialog here: an unattended wall would wait forever, so the problem is shown once
    the wall is up."""
    name = wanted or library.default_name() or overview_for(library, monitors)
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


def overview_for(library: LayoutLibrary, monitors: int) -> str:
    """The widest shipped overview (overview, overview-4, …) the wall has monitors for."""
    fits = [
        (len(library.get(n).screens), n)
        for n in library.names()
        if (n == "overview" or n.startswith("overview-")) and library.entry(n).shipped
    ]
    fits = [(count, n) for count, n in fits if count <= max(1, monitors)]
    return max(fits)[1] if fits else "overview"


def operator_name() -> str:
    """Who holds the wall's lease from this console: the OS account signed in to it (duty
    officers have their own accounts on workstations), else the PC's name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return socket.gethostname()


@dataclass
class Services:
    settings: Settings
    store: Store
    engine: VideoEngine
    client: BackendClient
    tokens: TokenStore
    map: MapServices
    queue: ActionQueue
    outbox: Outbox
    library: LayoutLibrary
    session: LayoutSession
    sync: BackendSync
    link: WallLink
    stations: StationLink
    incident_policy: IncidentWallPolicy
    memory: MonitorMemory
    switches: SwitchLog
    notices: list[Notice] = field(default_factory=list)
    layout_problem: str | None = None
    # cameras' own accounts (keyring, or typed by the operator): the engine built here plays
    # with them; an engine handed in (tests) keeps its own
    camera_credentials: CameraCredentials = field(default_factory=CameraCredentials)
    # a wall's screens never blank, whatever its panels show (workstations: the OS's policy)
    screens: ScreenAwake = field(default_factory=ScreenAwake)

    @classmethod
    def build(
        cls,
        settings: Settings,
        parent: QObject,
        *,
        library: LayoutLibrary | None = None,
        layout: Layout | None = None,
        engine: VideoEngine | None = None,
        monitors: int = 1,
        intervals: PollIntervals | None = None,
        timeouts: Timeouts | None = None,
    ) -> Services:
        """Everything, from the settings (the backend URL and token already final, e.g. set
        to the demo's). `parent` owns the Qt objects (the QApplication). `library`,
        `layout` and `engine` may be handed in (tests: a tmp library, a given layout, an
        engine with a fast watchdog); `monitors`: how many the wall has (picks the
        overview that fills them); `intervals`, `timeouts`: the sync's and the client's, where
        a test needs them shorter than a wall's."""
        problem = clock.set_zone(settings.time_zone)
        if problem:
            log.warning("%s", problem)
        library = library or LayoutLibrary(layouts_dir(), data_dir() / "layouts")
        layout_problem = None
        if layout is None:
            layout, layout_problem = choose_first_layout(library, settings.layout, monitors)
        for bad in library.problems:
            log.error("layout %s", bad.message)
        if layout is None:
            raise NoLayout(translate("app", "Không đọc được bố cục nào"))
        store = Store()
        cameras = CameraCredentials()
        if engine is None:
            extra = [a for a in settings.video_extra_args if a.startswith("--")]
            engine = VideoEngine(
                VideoSettings(
                    settings.network_caching_ms,
                    settings.hardware_decoding,
                    extra,
                    light_decoding=settings.light_decoding,
                    rtsp_transport=settings.rtsp_transport,
                ),
                credentials=cameras.apply,
            )
        tokens = TokenStore(settings.backend_url)
        if not settings.token:
            settings.token = tokens.load()  # signed in before: the keyring remembers
        client = BackendClient(
            settings.backend_url, settings.token, timeouts, verify=settings.tls()
        )
        client.wall = settings.wall_name
        engine.stills.fetch = client.camera_snapshot  # tiles' snapshots, the token on its host
        queue = ActionQueue(data_dir() / "outbox.sqlite")
        session = LayoutSession(library, layout)
        sync = BackendSync(
            client,
            store,
            intervals or PollIntervals(settings.poll_fast_s, settings.poll_slow_s),
            series_ids=polled_series(layout),
            breakdown_ids=polled_breakdowns(layout),
        )
        sync.hot_topics_polled = shows_hot_topics(layout)
        me = f"{settings.role}@{socket.gethostname()}:{os.getpid()}"
        link = WallLink(
            client,
            session,
            store,
            me,
            follow=settings.role in ("wall", "viewer"),
            interval_s=settings.poll_fast_s,
            holder=operator_name(),
            workstation=socket.gethostname(),
        )
        policy = IncidentWallPolicy(
            lambda inc: session.layout_for(inc) is not None,
            "off" if settings.role == "viewer" else settings.incident_layout,
            settings.incident_prompt_min_severity,
        )
        services = cls(
            settings=settings,
            store=store,
            engine=engine,
            client=client,
            tokens=tokens,
            map=MapServices(settings, parent),
            queue=queue,
            # who did it, in the incident's file: the same person the wall's lease names
            outbox=Outbox(queue, client, store, author=operator_name()),
            library=library,
            session=session,
            sync=sync,
            link=link,
            stations=StationLink(
                client,
                settings.wall_name,
                settings.station if settings.role == "wall" else "",
                lambda: services.station_shown(),
                journal=StationLog(data_dir() / "station-log.sqlite") if settings.station else None,
                budget=lambda: decode_budget.report(data_dir()),
            ),
            incident_policy=policy,
            memory=MonitorMemory(config_dir() / "monitors.json"),
            switches=SwitchLog(
                lambda key: list(st.went_live_at) if (st := engine.stats(key)) else None,
                lambda key: list(st.live_told_at) if (st := engine.stats(key)) else None,
            ),
            layout_problem=layout_problem,
            camera_credentials=cameras,
        )
        services._wire()
        services.notices = services._startup_notices()
        return services

    def station_shown(self) -> dict[str, Any]:
        """What this station shows now, as it reports and logs it: the layout, the wall
        state's version it follows, its screens, and the tiles that failed (lost, or a
        stream it cannot play)."""
        failed = [
            key
            for key in self.engine.tile_keys()
            if (st := self.engine.stats(key)) is not None
            and st.status in (TileStatus.LOST, TileStatus.UNSUPPORTED)
        ]
        layout = self.session.layout
        return {
            "layout": layout.name,
            "version": self.link.state.version if self.link.state else 0,
            "screens": [s.name for s in self.stations.screens_for(layout.screens)],
            "failed": sorted(failed)[:256],
        }

    @property
    def layouts_problem(self) -> str | None:
        """Every layout problem found at start: the one asked for, and the files set aside."""
        found = [self.layout_problem, *(p.message for p in self.library.problems)]
        return "\n\n".join(x for x in found if x) or None

    def _wire(self) -> None:
        self.session.sig_layout_changed.connect(self._follow_layout)
        self.store.sig_kpis_changed.connect(self._follow_layout)
        self.session.sig_layout_changed.connect(self._on_layout_changed)

    def _follow_layout(self, _why: str = "") -> None:
        """Poll what the layout shows now, no more (a chart gone stops its series)."""
        by_system: dict[int, list[str]] = {}
        for k in self.store.kpis.values():
            by_system.setdefault(k.system, []).append(k.id)
        wanted = polled_series(self.session.layout, by_system)
        if wanted != self.sync.series_ids:
            self.sync.set_series_ids(wanted)
        by_ward = polled_breakdowns(self.session.layout, by_system)
        if by_ward != self.sync.breakdown_ids:
            self.sync.set_breakdown_ids(by_ward)
        topics = shows_hot_topics(self.session.layout)
        if topics != self.sync.hot_topics_polled:
            self.sync.set_hot_topics_polled(topics)

    def _on_layout_changed(self, why: str) -> None:
        if why == "open":  # the operator chose a layout: the wall no longer holds an incident
            self.incident_policy.released()

    def _startup_notices(self) -> list[Notice]:
        unreadable = [
            p.message
            + (
                "\n" + translate("app", "→ đã cất sang {path}").format(path=p.set_aside)
                if p.set_aside
                else ""
            )
            for p in self.library.problems
        ]
        layouts = "\n\n".join(x for x in [self.layout_problem, *unreadable] if x)
        found = [
            (layouts, translate("app", "Có bố cục không đọc được; các bố cục khác vẫn dùng được.")),
            (
                self.queue.problem,
                translate("app", "Hàng đợi thao tác sự cố không đọc được, đã lập hàng đợi mới."),
            ),
            (
                self.memory.problem,
                translate("app", "Không đọc được cách xếp màn hình đã nhớ."),
            ),
            (self.map.problem, translate("app", "Bản đồ vẫn chạy, không có bản đồ nền.")),
            *(
                (p, translate("app", "Có cài đặt không dùng được; đã dùng giá trị mặc định."))
                for p in self.settings.problems
            ),
        ]
        return [Notice(lead, detail) for detail, lead in found if detail]

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Start polling, sending and following: once the qasync loop runs."""
        self.sync.start()
        self.outbox.start()
        self.link.start()
        if self.settings.station or self.settings.role == "workstation":
            self.stations.start()
        if self.settings.role == "wall":
            self.screens.start()

    async def stop(self) -> None:
        """End the loop's tasks (bounded: a call stuck in a worker cannot hold shutdown)."""
        await self.outbox.stop()
        await self.link.stop()
        await self.stations.stop()
        await self.sync.stop()

    def close(self) -> None:
        """Release the rest, once every widget is gone."""
        for part in (self.sync, self.outbox, self.link, self.stations):
            part.close()  # their threads, where stop() did not run
        self.queue.close()
        if self.stations.journal is not None:
            self.stations.journal.close()
        self.map.close()
        self.screens.stop()
        self.engine.shutdown()
        self.client.close()
