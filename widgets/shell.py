"""The wall's widgets, built from the services, and the navigation between them.

`WallShell` owns the panel factory, the wall windows (one per monitor, WallManager), the
control window with the operator's tools, the incident desk and camera viewers of a
workstation, and the new-incident question. It answers the operator's "show me": open a
camera (the wall's own tile, maximised, else a window of its own), open an incident (the
desk, or its layout on the wall), and it says what happened where: on a workstation, putting
an incident "on the wall" opens it here *and* pushes it to the wall through the backend, and
the message says both.

It offers typed queries (`tiles()`, `maps()`, …) of what is on screen now, so the self-test,
the tests and the benches read the wall without walking widget trees.
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from shiboken6 import Shiboken

from ioc_desktop import clock, logs, wall_journal
from ioc_desktop.analytics_feed import AnalyticsFeed
from ioc_desktop.backend.analytics import AiEvent
from ioc_desktop.backend.client import BackendError
from ioc_desktop.backend.models import Incident, WallLeaseInfo
from ioc_desktop.briefing_cli import BRIEFING_STATE, write_briefing
from ioc_desktop.config import data_dir
from ioc_desktop.diagnostics import ScreenInfo, Snapshot, report, tile_delays_text
from ioc_desktop.errors import UnexpectedErrors
from ioc_desktop.i18n import localized, translate
from ioc_desktop.incident_file import export_incident
from ioc_desktop.layout.drill import is_system_page, system_page_layout
from ioc_desktop.layout.incident_fill import fill_for_incident
from ioc_desktop.layout.model import Layout
from ioc_desktop.layout.monitors import parse_split
from ioc_desktop.recordings import Recordings
from ioc_desktop.selftest import Probes
from ioc_desktop.services import Notice, Services
from ioc_desktop.video.engine import TileStats
from ioc_desktop.video.libvlc import libvlc_version
from ioc_desktop.video.picture_age import AgeLevel, age_level
from widgets import camera_password_dialog, detection_overlay, replay_window
from widgets.alert_evidence import AlertEvidence
from widgets.camera_tile import CameraTile
from widgets.catalogue_names import system_name
from widgets.control_window import ControlWindow
from widgets.event_list import EventListPanel
from widgets.incident_desk import IncidentDesk
from widgets.incident_file_button import IncidentFileButton
from widgets.incident_prompt import IncidentPromptBar
from widgets.journal_dialog import JournalDialog
from widgets.kpi_panels import AirQualityBarsPanel, KpiTrendPanel
from widgets.link_text import lease_text, stations_text
from widgets.map_panel import MapPanel
from widgets.operator_tools import OperatorTools
from widgets.panels import PanelFactory
from widgets.render_backend import RenderBackends
from widgets.tile_replay import replay_in_tiles, split_for_replay
from widgets.wall_manager import WallManager
from widgets.wall_plan import WallPlanner
from widgets.wall_window import WallWindow

W = TypeVar("W", bound=QWidget)


class WallShell(QObject):
    def __init__(
        self,
        services: Services,
        *,
        render: RenderBackends | None = None,
        window_size: tuple[int, int] | None = None,
        logging_state: logs.Logging | None = None,
        errors: UnexpectedErrors | None = None,
    ) -> None:
        super().__init__()
        self.services = s = services
        self.render = render
        self.logging_state = logging_state
        settings = s.settings
        self.role = settings.role
        self.factory = PanelFactory(
            s.store, s.engine, lambda: s.map.profile, settings.snapshot_folder()
        )
        self._wire_factory()
        try:
            split = parse_split(settings.wall_split)
        except ValueError as exc:
            s.notices.append(_notice(str(exc)))
            split = (1, 1)
        s.session.sig_layout_changed.connect(self._on_switch_started)  # before the manager
        self.manager = WallManager(
            s.session,
            s.store,
            s.engine,
            self.factory,
            self.factory.release,
            s.memory,
            full_screen=settings.role == "wall",
            window_size=window_size,
            skip_monitors=(settings.control_monitor,) if settings.control_monitor else (),
            split=split,
        )
        if settings.role == "wall" and settings.station:  # one PC of a wall of several
            self.manager.screen_filter = s.stations.screens_for
            s.stations.sig_definition_changed.connect(self.manager.refresh)
        self.prompt = self._new_prompt()
        self.manager.sig_windows_changed.connect(self._place_prompt)
        self.manager.refresh()
        self.shown_at = time.time()
        start = s.switches.started("start", s.session.layout.name, set(), self.shown_at)
        s.switches.built(start, time.time(), len(self.manager.panels()), self._tile_keys())
        self.control = ControlWindow(s.session, self.manager, s.store)
        self.control.resize(1000, 760)
        self._place_control()
        self.manager.on_control_requested = self.show_control
        if settings.role == "viewer":  # watches a wall, never takes it
            self.control.push_btn.setEnabled(False)
            self.control.push_btn.setToolTip(
                translate("app", "Máy xem chỉ theo dõi tường, không điều khiển")
            )
        else:
            self.control.on_push = s.link.push_soon
        self.tools = OperatorTools(
            self.control,
            settings,
            s.store,
            s.client,
            s.tokens,
            self.diagnostics,
            cameras=s.camera_credentials,
            retry_cameras=s.engine.retry_denied,
        )
        camera_password_dialog.provide(self.tools.open_camera_password)
        self.viewers: list[CameraTile] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self.journal: JournalDialog | None = None
        self.briefing_path: Path | None = None  # the last briefing written from here
        self.desk: IncidentDesk | None = None
        if settings.role == "workstation":
            self.desk = self._make_desk()
        if settings.role == "workstation" or settings.control_monitor:
            self.control.show()
        s.link.sig_message.connect(self.say)
        s.link.sig_lease_changed.connect(self._on_lease)
        self.control.sig_journal.connect(self.open_journal)
        self.control.sig_briefing.connect(self.make_briefing)
        s.stations.sig_message.connect(self.say)
        s.stations.sig_stations.connect(
            lambda statuses: self.control.show_stations(*stations_text(statuses))
        )
        s.stations.sig_stations.connect(self.control.set_station_statuses)  # their budgets
        s.link.sig_takeover_needed.connect(self._ask_takeover)
        self.manager.sig_windows_changed.connect(lambda: self._on_lease(s.link.seen_lease))
        s.store.sig_notice.connect(self.say)
        s.store.sig_incidents_changed.connect(self._on_incidents)
        if errors is not None:
            errors.sig_error.connect(self.say)
        self._show_notices()

    # -- the wall's journal ----------------------------------------------------------------
    def open_journal(self) -> None:
        task = asyncio.get_running_loop().create_task(self._open_journal())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _open_journal(self) -> None:
        """Read off the UI thread, then shown: every change, the layouts it names."""
        s = self.services
        loop = asyncio.get_running_loop()
        try:
            entries = await loop.run_in_executor(None, wall_journal.read_journal, s.client)
            names = {e.after for e in entries}
            layouts = await loop.run_in_executor(None, wall_journal.read_layouts, s.client, names)
        except BackendError as exc:
            self.say(
                translate("shell", "Không đọc được nhật ký tường: {reason}").format(reason=exc)
            )
            return
        cameras = {c.id: c.name for c in s.store.cameras.values()}
        dialog = JournalDialog(entries, layouts, cameras, self.control)
        dialog.sig_export.connect(lambda path: self._export_journal(entries, path))
        self.journal = dialog
        dialog.show()

    def _export_journal(self, entries: list[wall_journal.JournalEntry], path: str) -> None:
        problem = wall_journal.export_csv(entries, Path(path))
        self.say(
            translate("shell", "Không ghi được {path}: {reason}").format(path=path, reason=problem)
            if problem
            else translate("shell", "Đã xuất nhật ký tường ({n} thay đổi) vào {path}").format(
                n=len(entries), path=path
            )
        )

    # -- the leaders' daily briefing -------------------------------------------------------
    def make_briefing(self, path: str | None = None) -> None:
        """Ask where (unless told), then read and print off the UI thread (briefing_cli)."""
        if path is None:
            suggested = data_dir() / f"ban-tin-{clock.now():%Y-%m-%d}.pdf"
            path, _ = QFileDialog.getSaveFileName(
                self.control,
                translate("shell", "Lưu bản tin điều hành"),
                str(suggested),
                translate("shell", "Tệp PDF (*.pdf)"),
            )
            if not path:
                return
        task = asyncio.get_running_loop().create_task(self._make_briefing(Path(path)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _make_briefing(self, out: Path) -> None:
        from ioc_desktop.briefing_pdf import FontMissing  # fpdf2: imported when first used

        loop = asyncio.get_running_loop()
        self.say(translate("shell", "Đang lập bản tin điều hành…"))
        state = data_dir() / BRIEFING_STATE
        try:
            briefing, _drawn = await loop.run_in_executor(
                None, write_briefing, self.services.client, out, state
            )
        except (BackendError, FontMissing, OSError) as exc:
            self.say(translate("shell", "Không lập được bản tin: {reason}").format(reason=exc))
            return
        self.briefing_path = out
        self.say(
            translate("shell", "Đã lưu bản tin điều hành ({n} chỉ tiêu) vào {path}").format(
                n=len(briefing.headlines), path=out
            )
        )

    # -- who controls the wall ------------------------------------------------------------
    def _on_lease(self, lease: WallLeaseInfo | None) -> None:
        line, tip = lease_text(lease, self.services.link.workstation)
        for win in self.manager.windows.values():
            win.show_lease(line, tip)
        self.control.show_lease(line, tip)

    def _ask_takeover(self, lease: WallLeaseInfo) -> None:
        """A push met someone else's lease: take the wall only with the officer's reason."""
        line, _tip = lease_text(lease, self.services.link.workstation)
        reason = self.control.ask_takeover_reason(line)
        if reason:
            self.services.link.take_over_soon(reason)

    # -- what is on screen now -----------------------------------------------------------
    def panels_of(self, kind: type[W]) -> list[W]:
        """The wall's panels of one kind, on every monitor, as shown now."""
        return [w for w in self.manager.panels().values() if isinstance(w, kind)]

    def tiles(self) -> list[CameraTile]:
        """Every live camera tile: the wall's and the viewers' windows."""
        return [*self.panels_of(CameraTile), *self.viewers]

    def maps(self) -> list[MapPanel]:
        return self.panels_of(MapPanel)

    def event_lists(self) -> list[EventListPanel]:
        return self.panels_of(EventListPanel)

    def charts(self) -> list[QWidget]:
        return [*self.panels_of(KpiTrendPanel), *self.panels_of(AirQualityBarsPanel)]

    def windows(self) -> list[WallWindow]:
        return list(self.manager.windows.values())

    def first_window(self) -> WallWindow | None:
        """The window that asks questions: the top-left monitor's (reading order)."""
        wins = self.windows()
        if not wins:
            return None
        return min(wins, key=lambda w: (w.geometry().y(), w.geometry().x()))

    def _tile_keys(self) -> list[str]:
        return [t.key for t in self.panels_of(CameraTile)]

    # -- telling the operator ------------------------------------------------------------
    def say(self, text: str) -> None:
        """A passing message in the status bars an operator looks at (control and wall)."""
        control = getattr(self, "control", None)  # messages may come while it is being built
        if control is not None:
            control.statusBar().showMessage(text, 12000)
        first = self.first_window()
        if first is not None:
            first.statusBar().showMessage(text, 12000)

    def _show_notices(self) -> None:
        parent = self.first_window()
        for n in self.services.notices:
            box = QMessageBox(QMessageBox.Icon.Warning, "IOC Wall", f"{n.lead}\n\n{n.detail}")
            box.setParent(parent, box.windowFlags())
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.button(QMessageBox.StandardButton.Ok).setText(translate("app", "Đã hiểu"))
            box.setModal(False)
            box.show()

    # -- navigation ----------------------------------------------------------------------
    def show_control(self) -> None:
        self.control.show()
        self.control.raise_()

    def _place_control(self) -> None:
        wanted = self.services.settings.control_monitor
        screens = QGuiApplication.screens()
        home = next((sc for sc in screens if sc.name() == wanted), QGuiApplication.primaryScreen())
        avail = home.availableGeometry()  # on the wall's own monitor: at the right, not on top
        self.control.move(max(avail.left(), avail.right() - self.control.width()), avail.top())

    def open_viewer(self, camera_id: str) -> CameraTile:
        """A camera in a window of its own, live."""
        s = self.services
        viewer = CameraTile(
            f"viewer/{camera_id}/{len(self.viewers)}",
            camera_id,
            s.store,
            s.engine,
            snapshot_folder=s.settings.snapshot_folder(),
        )
        viewer.setWindowTitle(f"Camera {camera_id}")
        viewer.resize(960, 600)
        viewer.show()
        self.viewers.append(viewer)
        return viewer

    def open_camera(self, camera_id: str) -> None:
        """From the map or an incident to the picture: the wall's own tile of that camera,
        maximised, when there is one; else a window with a live tile."""
        for tile in self.panels_of(CameraTile):
            if tile.camera_id == camera_id:
                self.manager.maximise(tile.key)
                return
        self.open_viewer(camera_id)

    def _wire_factory(self) -> None:
        """What the panels ask for (open a camera, an incident, a ward, a system's page)."""
        f, s = self.factory, self.services
        f.on_open_camera = self.open_camera
        f.on_open_incident = self.open_incident
        f.on_drill = s.sync.fetch_area_series
        detection_overlay.provide(lambda: AnalyticsFeed(s.client))  # made when first shown
        replay_window.provide(lambda: Recordings(s.client))  # made at the first replay
        replay_window.provide_evidence(
            lambda: self.desk.current_id if self.desk else None, self._submit_evidence
        )
        f.on_open_system = self.open_system
        f.on_close_system = self.close_system
        f.on_last_year = s.sync.fetch_last_year
        self._before_system: Layout | None = None  # what a system's page was opened from

    def open_system(self, system: int) -> None:
        """A system's dashboard opened into its page, on the first screen of this wall or
        workstation (the page is a layout: what it shows is polled like any panel's)."""
        session = self.services.session
        base = self._before_system or session.layout
        self._before_system = base
        session.show_layout(system_page_layout(base, system, system_name(system)), "drill")

    def close_system(self) -> None:
        """Back up from a system's page to what it was opened from (one key: Esc)."""
        if self._before_system is not None and is_system_page(self.services.session.layout):
            before, self._before_system = self._before_system, None
            self.services.session.show_layout(before, "drill")

    def open_incident(self, incident_id: str) -> None:
        if self.desk is not None:
            self.desk.open_incident(incident_id)
            self.desk.show()
            self.desk.raise_()
        else:
            self.show_incident_on_wall(incident_id, asked=True)

    def show_incident_on_wall(self, incident_id: str, asked: bool) -> bool:
        """The incident's layout, filled with its nearest cameras. On a wall it is shown
        here; on a workstation it is shown here and pushed to the wall through the backend
        (the wall link says whether the backend took it), and the message says which."""
        s = self.services
        inc = next((i for i in s.store.incidents if i.id == incident_id), None)
        if inc is None:
            return False
        if self.role == "wall" and s.settings.station:
            return self._incident_on_all_stations(inc, asked)
        if not s.session.open_for_incident(inc, list(s.store.cameras.values())):
            return False
        s.incident_policy.took_wall(inc, time.time())
        self._refresh_prompt()
        if self.role == "workstation":
            s.link.push_soon()
            self.say(
                translate(
                    "app",
                    "Máy này: đã mở bố cục sự cố '{title}'. Tường màn hình: đang gửi qua máy chủ…",
                ).format(title=inc.title)
            )
        elif asked:
            self.say(translate("app", "Tường đang hiển thị sự cố: {title}").format(title=inc.title))
        return True

    def _incident_on_all_stations(self, inc: Incident, asked: bool) -> bool:
        """One PC of a wall of several: the incident's layout goes to every station through
        the backend (under the operator's lease when someone at the wall said yes, under
        the incident rule's otherwise), and is shown here once the backend has it, so the
        stations never disagree about what the wall shows."""
        s = self.services
        base = s.session.layout_for(inc)
        if base is None:
            return False
        filled = fill_for_incident(base, inc, list(s.store.cameras.values()))
        s.incident_policy.took_wall(inc, time.time())
        self._refresh_prompt()

        async def push() -> None:
            if asked:
                ok = await s.link.push_layout(filled, inc.id)
            else:
                ok = await s.link.push_as_rule(filled, inc.id, "incident-rule")
            if ok:
                s.session.show_layout(filled, "pushed", incident_id=inc.id)

        task = asyncio.get_running_loop().create_task(push())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    def _submit_evidence(self, incident_id: str, body: dict[str, Any]) -> None:
        """A bookmark or snapshot for an incident, through the officer's durable outbox."""
        inc = next((i for i in self.services.store.incidents if i.id == incident_id), None)
        if inc is not None:
            self.services.outbox.submit(inc, body)

    def _replay_alert(self, alert: AiEvent) -> None:
        """The incident's cameras (its AI camera first) from just before the alert, in step:
        those on this PC's tiles replay in their tiles, the others in the replay window."""
        store = self.services.store
        inc = next((i for i in store.incidents if i.id == alert.incident_id), None)
        ids = [
            alert.camera_id,
            *(c for c in (inc.camera_ids if inc else ()) if c != alert.camera_id),
        ][:4]
        at = alert.at.timestamp() - 3
        on_tiles, elsewhere = split_for_replay(ids, self.panels_of(CameraTile))
        if on_tiles:
            replay_in_tiles([t.replay for t in on_tiles], at)
        if elsewhere:
            cams = [(c, cam.name if (cam := store.cameras.get(c)) else c) for c in elsewhere]
            replay_window.open_replay(self.services.engine, cams, at, self.desk)

    def _make_desk(self) -> IncidentDesk:
        s = self.services
        desk = IncidentDesk(
            s.store,
            s.outbox.state,
            s.outbox.submit,
            s.outbox.retry_on_current,
            s.outbox.discard,
            alert_sound=s.settings.alert_sound,
        )
        desk.setWindowTitle(translate("app", "IOC Wall — Bàn trực sự cố"))
        desk.sig_open_camera.connect(self.open_viewer)
        desk.sig_show_on_wall.connect(lambda iid: self.show_incident_on_wall(iid, asked=True))
        desk.sig_locate.connect(self._locate)
        if (feed := detection_overlay.feed()) is not None:  # the AI alert behind an incident
            evidence = AlertEvidence(feed)
            desk.evidence_box.addWidget(evidence)
            desk.sig_incident_shown.connect(evidence.set_incident)
            evidence.sig_replay_requested.connect(self._replay_alert)
        file_button = IncidentFileButton(partial(export_incident, s.client))
        desk.evidence_box.addWidget(file_button)
        desk.sig_incident_shown.connect(file_button.set_incident)
        desk.resize(1400, 900)
        desk.show()
        return desk

    def _locate(self, lat: float, lon: float) -> None:
        for m in self.maps():
            m.center_on(lat, lon)

    # -- a new incident and the wall ------------------------------------------------------
    def _on_incidents(self) -> None:
        s = self.services
        take = s.incident_policy.consider(s.store.incidents, time.time())
        if take is not None:  # auto
            self.show_incident_on_wall(take.id, asked=False)
        self._refresh_prompt()

    def _refresh_prompt(self) -> None:
        if not Shiboken.isValid(self.prompt):
            return
        policy = self.services.incident_policy
        inc = policy.asking
        target = self.services.session.layout_for(inc) if inc is not None else None
        title = localized(target.title_vi, target.title_en) if target is not None else ""
        self.prompt.ask(inc, title, policy.waiting)

    def _on_prompt_answer(self, show: bool) -> None:
        inc = self.services.incident_policy.answer(show)
        if inc is not None:
            self.show_incident_on_wall(inc.id, asked=True)
        self._refresh_prompt()

    def _new_prompt(self) -> IncidentPromptBar:
        bar = IncidentPromptBar()
        bar.sig_answer.connect(self._on_prompt_answer)
        return bar

    def _place_prompt(self) -> None:
        """In the top-left window; a window that closed (its monitor unplugged) took the bar
        with it: a new one takes its place."""
        if not Shiboken.isValid(self.prompt):
            self.prompt = self._new_prompt()
        first = self.first_window()
        if first is not None and self.prompt.window() is not first:
            first.place_prompt(self.prompt)
        self._refresh_prompt()

    # -- layout switches, as the self-test and benches read them ---------------------------
    def _on_switch_started(self, why: str) -> None:
        """Runs before the wall is rebuilt (connected before the manager)."""
        if why not in ("open", "incident", "pushed"):
            return
        s = self.services
        entry = s.switches.started(why, s.session.layout.name, set(self._tile_keys()), time.time())
        QTimer.singleShot(  # the next turn of the loop: windows rebuilt and laid out
            0,
            lambda: s.switches.built(
                entry, time.time(), len(self.manager.panels()), self._tile_keys()
            ),
        )

    # -- support -------------------------------------------------------------------------
    def diagnostics(self) -> str:
        """The support report from what runs now (see ioc_desktop/diagnostics.py)."""
        return diagnostics_text(self.services, self.render, self.logging_state)

    def selftest_probes(self) -> Probes:
        s = self.services

        def stats(key: str) -> Any:
            return s.engine.stats(key)

        async def map_counts() -> dict[str, int] | None:
            maps = self.maps()
            if not maps:
                return {"has_map": 0}
            fut: asyncio.Future[dict[str, int] | None] = asyncio.get_running_loop().create_future()

            def deliver(result: dict[str, int] | None) -> None:
                if not fut.done():
                    fut.set_result(result)

            maps[0].read_counts(deliver)
            try:
                return await asyncio.wait_for(fut, 5)
            except TimeoutError:
                return None

        render = self.render
        return Probes(
            tile_frames=lambda: {
                t.key: s.engine.frames_total(t.key) for t in self.panels_of(CameraTile)
            },
            # what each tile says (a still by plan says so: it has no stream to ask)
            tile_status=lambda: {t.key: t.showing for t in self.panels_of(CameraTile)},
            chart_updates=lambda: {
                f"{type(w).__name__}:{getattr(w, 'kpi_id', 'aq')}": int(getattr(w, "updates", 0))
                for w in self.charts()
            },
            map_counts=map_counts,
            blocked_requests=lambda: s.map.blocked,
            incidents_listed=lambda: sum(w.incidents.count() for w in self.event_lists()),
            incident_lists=lambda: len(self.event_lists()),
            reports_listed=lambda: sum(w.reports.count() for w in self.event_lists()),
            link=lambda: s.store.link_status().link.value,
            tile_went_live_at=lambda: {
                t.key: (st.went_live_at if (st := stats(t.key)) else [])
                for t in self.panels_of(CameraTile)
            },
            shown_at=self.shown_at,
            extra={
                "layout": lambda: s.session.layout.name,
                "layout_problem": lambda: s.layouts_problem,
                "backend_calls": lambda: s.sync.calls,
                "map_assets_served": lambda: s.map.assets_served,
                "map_tiles_served": lambda: s.map.tiles_served,
                "map_loaded": lambda: all(m.ready for m in self.maps()),
                "desk_incidents": lambda: self.desk.list.count() if self.desk else 0,
                "desk_alerted": lambda: len(self.desk.alerted_now) if self.desk else 0,
                "outbox_unsent": lambda: len(s.outbox.state.items),
                "wall_followed": lambda: s.link.followed,
                # operations whose requests or answers broke the contract, with the reason
                "contract_breaks": s.client.contract_log.broken,
                "charts_opengl": lambda: _render_choice(render, "charts"),
                "map_opengl": lambda: _render_choice(render, "map"),
                "switches": s.switches.report,
                "windows": lambda: {m: list(n) for m, n in self.manager.placement.items()},
                # how old each tile's picture on screen is, and its badge (none: fresh)
                "tile_picture_age_s": lambda: {
                    t.key: None if (a := t.picture_age()) is None else round(a, 1)
                    for t in self.panels_of(CameraTile)
                },
                # glass-to-glass delay per tile, read off its stills where its stream
                # carries a time code (the demo's time-coded camera); an ordinary camera's
                # tile is absent: its picture carries no time to read (video/tile_delay.py)
                "tile_delay_s": lambda: {
                    t.key: st.delay_s
                    for t in self.panels_of(CameraTile)
                    if (st := stats(t.key)) is not None and st.delay_s is not None
                },
                "tile_age_badges": lambda: {
                    t.key: b.level for t in self.panels_of(CameraTile) if (b := t.badge())
                },
                # issue #20: the decode plan and each tile's recovery ladder (its attempts)
                "wall_plan": lambda: WallPlanner.shared().report(),
                "tile_recovery": lambda: {
                    t.key: t.recovery.summary()
                    for t in self.panels_of(CameraTile)
                    if t.recovery.summary()
                },
            },
        )

    def show_work(self, done: int, total: int) -> None:
        """Long first-start work (the demo encoding its clips): progress on every window."""
        text = translate("app", "Đang tạo video mẫu lần đầu: %v/%m")
        for w in self.windows():
            w.show_work(text, done, total)

    # -- the end -------------------------------------------------------------------------
    def close(self) -> None:
        """Every widget gone, players released first (the services close after this)."""
        for t in self.tiles():
            t.release()
        for w in [self.desk, *self.viewers, self.control, self.tools.sign_in]:
            if w is not None:
                w.close()
        self.manager.close_all()  # map pages go before their profile (Services.close)
        # gone now, not at some later turn: a closed window left for later still hears of
        # monitors coming and going (seen: a test's unplugged screen broke the next wall)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _render_choice(render: RenderBackends | None, which: str) -> dict[str, Any]:
    if render is None:
        return {}
    choice = getattr(render, which)
    return {"opengl": choice.opengl, "why": choice.why}


def _notice(text: str) -> Notice:
    return Notice(translate("app", "Cài đặt tường màn hình không dùng được."), text)


def tile_state(stats: TileStats) -> str:
    """A tile's status for the support report, with its picture's age when not fresh."""
    age = stats.picture_age_s
    if age_level(age) is AgeLevel.FRESH or age is None:
        return stats.status.value
    return f"{stats.status.value}, picture {age:.0f} s old"


def diagnostics_text(
    services: Services | None,
    render: RenderBackends | None,
    logging_state: logs.Logging | None,
    settings: Any = None,
) -> str:
    """The support report from what runs now: screens, renderers, libVLC, the link, tiles."""

    def geometry(g: Any) -> str:
        return f"{g.width()}×{g.height()}+{g.x()}+{g.y()}"

    try:
        vlc_version = libvlc_version()
    except (ImportError, OSError) as exc:
        vlc_version = f"not loaded ({exc})"
    app = QGuiApplication.instance()
    screens = QGuiApplication.screens() if app is not None else []
    snap = Snapshot(
        screens=[
            ScreenInfo(sc.name(), geometry(sc.geometry()), sc.devicePixelRatio(), sc.refreshRate())
            for sc in screens
        ],
        qt_platform=QGuiApplication.platformName() if app is not None else "",
        chart_renderer=render.charts.text() if render else "",
        map_renderer=render.map.text() if render else "",
        libvlc=vlc_version,
        log_file=str(logging_state.file or "") if logging_state else "",
        recent_problems=list(logging_state.recent.lines) if logging_state else [],
    )
    settings = settings if services is None else services.settings
    if services is not None:
        st = services.store.link_status()
        age = "—" if st.data_age_s is None else f"{st.data_age_s:.0f} s"
        auth = ", sign-in needed" if services.store.auth_needed else ""
        failing = f", failing: {', '.join(st.failing)}" if st.failing else ""
        snap.link = f"{settings.backend_url}: {st.link.value}{auth}{failing}, data age {age}"
        snap.link += f" ({st.message})" if st.message else ""
        engine = services.engine
        snap.tiles = {
            k: tile_state(st_) for k in engine.tile_keys() if (st_ := engine.stats(k)) is not None
        }
        delays = {
            k: d
            for k in engine.tile_keys()
            if (st_ := engine.stats(k)) is not None and (d := st_.delay_s) is not None
        }
        snap.extra["camera delay, glass to glass"] = tile_delays_text(delays)
        breaks = services.client.contract_log.broken()
        snap.extra["contract"] = "; ".join(f"{op}: {why}" for op, why in breaks.items()) or "kept"
        awake = services.screens
        snap.extra["screens kept on"] = (
            ", ".join(awake.held)
            if awake.held
            else ("no: " + "; ".join(awake.problems) if awake.problems else "no (not a wall)")
        )
    return report(settings, snap)
