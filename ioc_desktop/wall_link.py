"""Keeps consoles in step through the backend's shared wall.

A workstation pushes: its current layout is shared (PUT /wall/layouts/{name}) and the wall
state names it (PUT /wall/state, with the incident it was opened for). A wall follows: it
polls the state and opens what it names (the shared layout, filled for the incident when
there is one). Every call runs in a worker thread off the UI; a refused or failed push is
told to the operator, and nothing is overwritten without the version it was decided on.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from ioc_desktop.backend.client import (
    BackendClient,
    BackendError,
    BackendTimeout,
    BackendUnreachable,
    WallState,
    WriteRefused,
)
from ioc_desktop.i18n import localized, translate
from ioc_desktop.layout.model import Layout, LayoutError
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.link_health import ANSWER, TRANSPORT
from ioc_desktop.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")


def shared_name(base: str, incident_id: str) -> str:
    """The shared name of a layout filled for one incident (a valid layout name)."""
    tail = re.sub(r"[^a-z0-9_-]+", "-", incident_id.lower()).strip("-")
    return f"{base}--{tail}" if tail else base


class WallLink(QObject):
    sig_message = Signal(str)

    def __init__(
        self,
        client: BackendClient,
        session: LayoutSession,
        store: Store,
        me: str,
        follow: bool,
        interval_s: float = 2.0,
    ) -> None:
        super().__init__()
        self.client = client
        self.session = session
        self.store = store
        self.me = me
        self.follow = follow
        self.interval_s = interval_s
        self.state: WallState | None = None
        self.followed = 0  # states this console opened
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wall-link")
        self._task: asyncio.Task[None] | None = None
        self._pushes: set[asyncio.Task[bool]] = set()

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await asyncio.wait_for(loop.run_in_executor(self._executor, fn, *args), 10)

    # ---- pushing (a workstation) ---------------------------------------------------------

    def push_soon(self) -> None:
        task = asyncio.get_running_loop().create_task(self.push())
        self._pushes.add(task)
        task.add_done_callback(self._pushes.discard)

    async def push(self) -> bool:
        layout = copy.deepcopy(self.session.layout)
        if self.session.incident_id:
            # what the officer sees (cameras filled, own edits) under its own name: the
            # shared base layout of that incident type stays as it was
            layout.name = shared_name(layout.name, self.session.incident_id)
        try:
            listing = await self._call(self.client.wall_layouts)
            shared = {d["name"]: int(d["version"]) for d in listing}
            await self._call(self.client.put_wall_layout, layout.to_json(), shared.get(layout.name))
            state = await self._call(self.client.wall_state)
            self.state = await self._call(
                self.client.put_wall_state,
                layout.name,
                self.session.incident_id,
                self.me,
                state.version,
            )
        except WriteRefused as exc:
            self.sig_message.emit(
                translate("wall_link", "Máy chủ không nhận bố cục: {reason}").format(reason=exc)
            )
            return False
        except (BackendError, TimeoutError) as exc:
            self.sig_message.emit(
                translate("wall_link", "Không đẩy được lên tường: {reason}").format(reason=exc)
            )
            return False
        self.sig_message.emit(
            translate("wall_link", "Đã đẩy bố cục '{title}' lên tường màn hình").format(
                title=localized(layout.title_vi, layout.title_en)
            )
        )
        return True

    # ---- following (the wall) ------------------------------------------------------------

    def start(self) -> None:
        if self.follow:
            self._task = asyncio.get_running_loop().create_task(self._follow())

    async def _follow(self) -> None:
        first = True
        while True:
            try:
                state = await self._call(self.client.wall_state)
            except (BackendUnreachable, BackendTimeout, TimeoutError) as exc:
                self.store.record_failure("wall_state", str(exc) or "timeout", kind=TRANSPORT)
            except BackendError as exc:
                self.store.record_failure("wall_state", str(exc), kind=ANSWER)
            else:
                # a success clears the failure: the follower used to report failures only,
                # so one failed poll kept the wall's warning up for good
                self.store.record_ok("wall_state")
                changed = self.state is None or state.version != self.state.version
                by_person = state.updated_by not in ("backend", self.me)
                self.state = state
                if changed and by_person and not (first and state.updated_by == "backend"):
                    await self._open(state)
                first = False
            await asyncio.sleep(self.interval_s)

    async def _open(self, state: WallState) -> None:
        try:
            _version, raw = await self._call(self.client.wall_layout, state.layout)
            where = translate("wall_link", "bố cục chia sẻ '{name}'").format(name=state.layout)
            layout = Layout.from_json(raw, where)
        except (BackendError, TimeoutError, LayoutError) as exc:
            self.sig_message.emit(
                translate("wall_link", "Không mở được bố cục được đẩy lên tường: {reason}").format(
                    reason=exc
                )
            )
            return
        # shown as pushed: the console that pushed already chose the cameras for the incident
        self.session.show_layout(layout, "pushed", incident_id=state.incident_id)
        self.followed += 1
        self.sig_message.emit(
            translate("wall_link", "Tường chuyển sang '{title}' theo {who}").format(
                title=localized(layout.title_vi, layout.title_en), who=state.updated_by
            )
        )

    async def stop(self) -> None:
        tasks: list[asyncio.Task[Any]] = [t for t in [self._task, *self._pushes] if t is not None]
        for t in tasks:
            t.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2)
        self._executor.shutdown(wait=False, cancel_futures=True)
