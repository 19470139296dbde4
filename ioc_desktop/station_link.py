"""A wall of several PCs, seen from one console.

On a station (a wall PC started with `--station NAME`): the wall's definition is read from
the backend (GET /api/v1/walls) so that this PC shows only its monitors' screens of the
layout, and every few seconds the station says it is up and what it shows (PUT
/api/v1/walls/{wall}/stations/{name}). Until a definition is known, or when the backend's is
wrong, the station shows the whole layout and says why: a wall that shows too much is better
than a wall that shows nothing. On a workstation: the wall's stations, each up or down (last
seen) and what it shows and should show, for the control window. Calls run in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from ioc_desktop.backend.client import BackendClient, BackendError
from ioc_desktop.i18n import translate
from ioc_desktop.layout.model import ScreenSpec
from ioc_desktop.layout.stations import WallDefinition, WallDefinitionError
from ioc_desktop.station_log import StationLog
from ioc_desktop.worker_pool import started_pool

log = logging.getLogger(__name__)
T = TypeVar("T")


class StationLink(QObject):
    sig_definition_changed = Signal()  # a station: the screens it shows may have changed
    sig_stations = Signal(object)  # a workstation: list of the stations' statuses (dicts)
    sig_message = Signal(str)

    def __init__(
        self,
        client: BackendClient,
        wall: str,
        station: str,
        shown: Callable[[], dict[str, Any]],
        every_s: float = 5.0,
        journal: StationLog | None = None,
        budget: Callable[[], dict[str, Any] | None] = lambda: None,
    ) -> None:
        super().__init__()
        self.client = client
        self.wall = wall
        self.station = station  # empty: a workstation (or a wall of one PC)
        self.shown = shown  # what this station shows now: the report's body
        self.journal = journal  # what it showed, kept on disk until the backend has it
        self.budget = budget  # this PC's decode budget, sent with each report (not logged)
        self.uploaded = 0  # log entries the backend took (duplicates not counted)
        self.every_s = every_s
        self.definition: WallDefinition | None = None
        self.problem = ""  # why the whole layout is shown on a station ("" when it is not)
        self.statuses: list[dict[str, Any]] = []
        self._executor = started_pool(1, "station-link")
        self._task: asyncio.Task[None] | None = None

    def screens_for(self, screens: list[ScreenSpec]) -> list[ScreenSpec]:
        """The screens this station shows (all of them until the definition is known)."""
        if self.definition is None:
            return screens
        return self.definition.screens_for(self.station, screens)

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await asyncio.wait_for(loop.run_in_executor(self._executor, fn, *args), 10)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            try:
                if self.station:
                    try:
                        await self._read_definition()
                    finally:  # logged even while the backend is away: sent when it is back
                        shown = self.shown()
                        if self.journal is not None:
                            # on the link's thread, before the upload queued after it: SQLite
                            # on the UI thread waits for the disk and, released, for the GIL
                            self._executor.submit(self._record, shown)
                    report = {**shown, **({"decode_budget": b} if (b := self.budget()) else {})}
                    await self._call(self.client.report_station, self.wall, self.station, report)
                    await self._upload()
                else:
                    self.statuses = await self._call(self.client.wall_stations, self.wall)
                    self.sig_stations.emit(self.statuses)
            except (BackendError, TimeoutError) as exc:
                log.debug("station link: %s", exc)  # the link status tells the backend's state
            await asyncio.sleep(self.every_s)

    def _record(self, shown: dict[str, Any]) -> None:
        """On the link's thread: keep what the station shows (a full disk is logged, and the
        link goes on)."""
        try:
            if self.journal is not None:
                self.journal.record(shown)
        except Exception:
            log.exception("station log: could not keep what the station shows")

    async def _upload(self) -> None:
        """What the station showed while the backend could not hear it (and since), in order;
        each entry marked sent only once the backend has it (a lost answer: sent again,
        counted once there)."""
        while self.journal is not None and (batch := await self._call(self.journal.unsent)):
            receipt = await self._call(
                self.client.upload_station_log, self.wall, self.station, batch
            )
            for bad in receipt["refused"]:
                log.warning("station log entry %s refused: %s", bad["id"], bad["reason"])
            self.uploaded += int(receipt["accepted"])
            await self._call(self.journal.mark_sent, [e["id"] for e in batch])

    async def _read_definition(self) -> None:
        walls = await self._call(self.client.walls)
        raw = next((w for w in walls if w.get("name") == self.wall), None)
        definition, problem = None, ""
        if raw is None:
            problem = translate("station_link", "máy chủ không có tường '{wall}'").format(
                wall=self.wall
            )
        else:
            try:
                definition = WallDefinition.from_json(raw)
            except WallDefinitionError as exc:
                problem = str(exc)
            else:
                if definition.station(self.station) is None:
                    definition, problem = (
                        None,
                        translate(
                            "station_link", "tường '{wall}' không có trạm '{station}'"
                        ).format(wall=self.wall, station=self.station),
                    )
        if definition != self.definition or problem != self.problem:
            self.definition, self.problem = definition, problem
            if problem:
                log.warning("station %s: %s; showing the whole layout", self.station, problem)
                self.sig_message.emit(
                    translate(
                        "station_link", "Trạm {station}: {problem}; hiển thị cả bố cục"
                    ).format(station=self.station, problem=problem)
                )
            self.sig_definition_changed.emit()

    def close(self) -> None:
        """Its thread goes (stop() lets it go too): for a wall whose loop ended before stop()
        ran, and for tests that build the services without running their loop."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task], timeout=2)
        self.close()
