"""Keeps consoles in step through the backend's shared wall.

A workstation pushes: its current layout is shared (PUT /wall/layouts/{name}) and the wall's
state names it (PUT /walls/{wall}/state, with the incident it was opened for). Only the holder
of the wall's control lease may push: the first push takes the lease when no one holds it, renews it
while this console holds it, and gives it back when the console closes; a lease someone else
holds is taken over only with a reason the officer gives (`take_over`), and losing the lease
to someone else is told with their reason. A wall follows: it polls the state and opens what it
names (the shared layout, filled for the incident when there is one). Every console watches
who holds the wall (`sig_lease_changed`). Every call runs in a worker thread off the UI; a
refused or failed push is told to the operator, and nothing is overwritten without the
version it was decided on.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import re
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from ioc_desktop.backend.client import (
    BackendClient,
    BackendError,
    BackendTimeout,
    BackendUnreachable,
    WallHeld,
    WallState,
    WriteRefused,
)
from ioc_desktop.backend.models import WallLeaseInfo
from ioc_desktop.i18n import localized, translate
from ioc_desktop.layout.model import Layout, LayoutError
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.link_health import ANSWER, TRANSPORT
from ioc_desktop.store import Store
from ioc_desktop.worker_pool import started_pool

log = logging.getLogger(__name__)
T = TypeVar("T")


def shared_name(base: str, incident_id: str) -> str:
    """The shared name of a layout filled for one incident (a valid layout name)."""
    tail = re.sub(r"[^a-z0-9_-]+", "-", incident_id.lower()).strip("-")
    return f"{base}--{tail}" if tail else base


LEASE_TTL_S = 30  # a holder silent this long loses the wall; renewed every third of it


class WallLink(QObject):
    WAIT_S = 25  # a wall's hanging GET of the state: answered at once when it changes
    sig_message = Signal(str)
    sig_lease_changed = Signal(object)  # WallLeaseInfo | None (None: not known yet)
    sig_takeover_needed = Signal(object)  # WallLeaseInfo of whoever holds the wall now

    def __init__(
        self,
        client: BackendClient,
        session: LayoutSession,
        store: Store,
        me: str,
        follow: bool,
        interval_s: float = 2.0,
        holder: str = "",
        workstation: str = "",
    ) -> None:
        super().__init__()
        self.client = client
        self.session = session
        self.store = store
        self.me = me
        self.follow = follow
        self.interval_s = interval_s
        self.holder = holder or me
        self.workstation = workstation or me
        self.state: WallState | None = None
        self.lease: WallLeaseInfo | None = None  # the lease this console holds (with its id)
        self.seen_lease: WallLeaseInfo | None = None  # who holds the wall, as last seen
        self.followed = 0  # states this console opened
        self._failed_version: int | None = None  # a state it could not open (told once)
        self._executor = started_pool(1, "wall-link")
        self._task: asyncio.Task[None] | None = None
        self._watch: asyncio.Task[None] | None = None
        self._renewal: asyncio.Task[None] | None = None
        self._pushes: set[asyncio.Task[bool]] = set()

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await asyncio.wait_for(loop.run_in_executor(self._executor, fn, *args), 10)

    async def _hang(self, known: int | None, wait_s: int) -> WallState | None:
        """The hanging GET, on a daemon thread of its own: pushes and the lease must not
        queue behind it, and an app that quits must not wait out its WAIT_S (a pool's
        threads are joined at exit)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[WallState | None] = loop.create_future()

        def settle(result: WallState | None, error: BaseException | None) -> None:
            if done.done():
                return
            if error is not None:
                done.set_exception(error)
            else:
                done.set_result(result)

        def run() -> None:
            try:
                outcome: tuple[WallState | None, BaseException | None] = (
                    self.client.wall_state_change(known, wait_s),
                    None,
                )
            except BaseException as exc:  # handed to the loop, raised there
                outcome = (None, exc)
            # the app may have quit meanwhile: then no one waits for the answer
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(settle, *outcome)

        threading.Thread(target=run, name="wall-follow", daemon=True).start()
        return await asyncio.wait_for(done, wait_s + 10)

    # ---- pushing (a workstation) ---------------------------------------------------------

    def push_soon(self) -> None:
        self._spawn(self.push())

    def take_over_soon(self, reason: str) -> None:
        """Take the wall from its holder with the officer's reason, then push."""
        self._spawn(self.push(takeover_reason=reason))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._pushes.add(task)
        task.add_done_callback(self._pushes.discard)

    async def push(self, takeover_reason: str | None = None) -> bool:
        """This console's layout to the wall, under this console's lease."""
        incident = self.session.incident_id
        why = {"kind": "incident", "incident_id": incident} if incident else {"kind": "manual"}
        try:
            lease = await self._hold(takeover_reason)
            return await self._share(self.session.layout, incident, why, lease.lease_id or "")
        except WallHeld as exc:
            self._lost(exc)
            if exc.lease is not None and exc.lease.held:
                self.sig_takeover_needed.emit(exc.lease)
            return False
        except (BackendError, TimeoutError) as exc:
            self._told_failure(exc)
            return False

    async def push_layout(self, layout: Layout, incident_id: str | None) -> bool:
        """A given layout to the wall under this console's lease (a station whose operator
        said yes to a new incident)."""
        why = (
            {"kind": "incident", "incident_id": incident_id} if incident_id else {"kind": "manual"}
        )
        try:
            lease = await self._hold(None)
            return await self._share(layout, incident_id, why, lease.lease_id or "")
        except WallHeld as exc:
            self._lost(exc)
            return False
        except (BackendError, TimeoutError) as exc:
            self._told_failure(exc)
            return False

    async def push_as_rule(self, layout: Layout, incident_id: str | None, rule: str) -> bool:
        """A rule's layout (a new incident's, a tour's) to the wall, under a named system
        holder ("system:<rule>") and the same rules as a person: taken only when no one
        holds the wall (a duty officer who holds it is not overridden), given back at once."""
        why = {"kind": "rule", "incident_id": incident_id, "note": rule}
        try:
            lease = await self._call(
                self.client.take_wall_lease, f"system:{rule}", self.workstation, LEASE_TTL_S
            )
        except WallHeld as exc:
            holder = exc.lease.holder if exc.lease else "?"
            self.sig_message.emit(
                translate(
                    "wall_link", "Tường đang do {who} điều khiển: quy tắc không tự chuyển tường"
                ).format(who=holder)
            )
            return False
        except (BackendError, TimeoutError) as exc:
            self._told_failure(exc)
            return False
        try:
            return await self._share(
                layout, incident_id, why, lease.lease_id or "", by=f"system:{rule}"
            )
        except (BackendError, TimeoutError) as exc:
            self._told_failure(exc)
            return False
        finally:
            with contextlib.suppress(BackendError, TimeoutError):
                await self._call(self.client.release_wall_lease, lease.lease_id or "")

    async def _share(
        self,
        shown: Layout,
        incident: str | None,
        why: dict[str, Any],
        lease_id: str,
        by: str = "",
    ) -> bool:
        """Share the layout and put the wall on it (raises what the backend refused)."""
        layout = copy.deepcopy(shown)
        if incident:
            # what the officer sees (cameras filled, own edits) under its own name: the
            # shared base layout of that incident type stays as it was
            layout.name = shared_name(layout.name, incident)
        listing = await self._call(self.client.wall_layouts)
        shared = {d["name"]: int(d["version"]) for d in listing}
        await self._call(self.client.put_wall_layout, layout.to_json(), shared.get(layout.name))
        state = await self._call(self.client.wall_state)
        self.state = await self._call(
            self.client.put_wall_state,
            layout.name,
            incident,
            by or self.me,
            state.version,
            lease_id,
            why,
        )
        self.sig_message.emit(
            translate("wall_link", "Đã đẩy bố cục '{title}' lên tường màn hình").format(
                title=localized(layout.title_vi, layout.title_en)
            )
        )
        return True

    def _told_failure(self, exc: BaseException) -> None:
        if isinstance(exc, WriteRefused):
            text = translate("wall_link", "Máy chủ không nhận bố cục: {reason}")
        else:
            text = translate("wall_link", "Không đẩy được lên tường: {reason}")
        self.sig_message.emit(text.format(reason=exc))

    # ---- the wall's control lease ------------------------------------------------------

    async def _hold(self, takeover_reason: str | None) -> WallLeaseInfo:
        """The lease this console holds: taken (over, with a reason) or renewed now."""
        lease = await self._call(
            self.client.take_wall_lease,
            self.holder,
            self.workstation,
            LEASE_TTL_S,
            self.lease.lease_id if self.lease else None,
            takeover_reason,
        )
        if self.lease is None:
            log.info("wall lease taken by %s at %s", self.holder, self.workstation)
        self.lease = lease
        self._seen(lease)
        if self._renewal is None or self._renewal.done():
            self._renewal = asyncio.get_running_loop().create_task(self._renew())
        return lease

    async def _renew(self) -> None:
        while self.lease is not None:
            await asyncio.sleep(LEASE_TTL_S / 3)
            try:
                await self._hold(None)
            except WallHeld as exc:
                self._lost(exc)
            except (BackendError, TimeoutError) as exc:  # kept until it runs out
                log.warning("wall lease not renewed: %s", exc)

    def _lost(self, exc: WallHeld) -> None:
        """The wall is someone else's: told with who (and their reason when taken over)."""
        had = self.lease is not None
        self.lease = None
        if exc.lease is not None:
            self._seen(exc.lease)
        holder = exc.lease
        if holder is not None and holder.held:
            text = translate("wall_link", "Tường đang do {who} ({where}) điều khiển").format(
                who=holder.holder, where=holder.workstation
            )
            if had and holder.taken_from:
                text += translate("wall_link", ", nhận quyền với lý do: {reason}").format(
                    reason=holder.taken_from.get("reason", "")
                )
        else:
            text = translate("wall_link", "Chưa nhận được quyền điều khiển tường: {reason}").format(
                reason=exc
            )
        log.info("wall lease: %s", exc)
        self.sig_message.emit(text)

    def _seen(self, lease: WallLeaseInfo) -> None:
        public = WallLeaseInfo(
            lease.held,
            lease.holder,
            lease.workstation,
            lease.since,
            lease.until,
            lease.taken_from,
        )
        if public != self.seen_lease:
            self.seen_lease = public
            self.sig_lease_changed.emit(public)

    async def _watch_lease(self) -> None:
        """Who holds the wall, for the status line: every few seconds, whatever the role."""
        while True:
            # the link status already tells the backend's trouble
            with contextlib.suppress(BackendError, TimeoutError):
                self._seen(await self._call(self.client.wall_lease))
            await asyncio.sleep(max(2.0, self.interval_s))

    async def release(self) -> None:
        """Give the wall back (the console closes): the next officer need not wait it out."""
        lease, self.lease = self.lease, None
        if lease is not None and lease.lease_id:
            try:
                await self._call(self.client.release_wall_lease, lease.lease_id)
            except (BackendError, TimeoutError) as exc:
                log.info("wall lease not given back (it runs out by itself): %s", exc)

    # ---- following (the wall) ------------------------------------------------------------

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._watch = loop.create_task(self._watch_lease())
        if self.follow:
            self._task = loop.create_task(self._follow())

    async def _follow(self) -> None:
        """The wall follows the state with a hanging GET: a push is seen the moment it is
        made, and an idle wall asks about twice a minute instead of every poll interval."""
        first = True
        failed = False
        while True:
            # after a failure, ask without waiting: the link's recovery is told at once,
            # not when the next change (or the end of a wait) answers
            wait = 0 if failed else self.WAIT_S
            try:
                known = self.state.version if self.state is not None else None
                state = await self._hang(known, wait)
            except (BackendError, TimeoutError) as exc:
                failed = True
                if wait:
                    # a held request that broke says little about now (a proxy cutting an
                    # idle connection, a call held from a slow spell): ask again at once,
                    # and tell only what that says
                    continue
                kind = ANSWER
                if isinstance(exc, (BackendUnreachable, BackendTimeout, TimeoutError)):
                    kind = TRANSPORT
                self.store.record_failure("wall_state", str(exc) or "timeout", kind=kind)
            else:
                failed = False
                # a success clears the failure: the follower used to report failures only,
                # so one failed poll kept the wall's warning up for good
                self.store.record_ok("wall_state")
                if state is not None:
                    changed = self.state is None or state.version != self.state.version
                    by_person = state.updated_by not in ("backend", self.me)
                    to_open = (
                        changed and by_person and not (first and state.updated_by == "backend")
                    )
                    if to_open and not await self._open(state):
                        # not shown: the state stays the one shown (what a station reports
                        # stays true) and the next try comes after a pause
                        await asyncio.sleep(self.interval_s)
                        continue
                    # only now, with the layout on screen: layout and version go together
                    self.state = state
                first = False
                continue  # the next hanging GET at once: it is the wait
            await asyncio.sleep(self.interval_s)  # after a failure: not in a tight loop

    async def _open(self, state: WallState) -> bool:
        """Show the state's layout (True), or say once per state why it cannot be."""
        try:
            _version, raw = await self._call(self.client.wall_layout, state.layout)
            where = translate("wall_link", "bố cục chia sẻ '{name}'").format(name=state.layout)
            layout = Layout.from_json(raw, where)
        except (BackendError, TimeoutError, LayoutError) as exc:
            if self._failed_version != state.version:
                self._failed_version = state.version
                self.sig_message.emit(
                    translate(
                        "wall_link", "Không mở được bố cục được đẩy lên tường: {reason}"
                    ).format(reason=exc)
                )
            return False
        # shown as pushed: the console that pushed already chose the cameras for the incident
        self.session.show_layout(layout, "pushed", incident_id=state.incident_id)
        self.followed += 1
        self.sig_message.emit(
            translate("wall_link", "Tường chuyển sang '{title}' theo {who}").format(
                title=localized(layout.title_vi, layout.title_en), who=state.updated_by
            )
        )
        return True

    def close(self) -> None:
        """Its thread goes (stop() lets it go too): for a wall whose loop ended before stop()
        ran, and for tests that build the services without running their loop."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def stop(self) -> None:
        if self.lease is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release(), 3)
        running = [self._task, self._watch, self._renewal, *self._pushes]
        tasks: list[asyncio.Task[Any]] = [t for t in running if t is not None]
        for t in tasks:
            t.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2)
        self.close()
