"""The officer's actions from click to backend: queued durably first, then sent in order on
the qasync loop (HTTP in a worker thread), with the store told what is pending or refused.

The UI calls `submit` and returns at once; whether the backend is up only changes when the
action arrives, never whether it is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.backend.models import Incident
from ioc_desktop.incidents.queue import ActionQueue, QueuedAction
from ioc_desktop.incidents.sender import drain
from ioc_desktop.store import Store
from ioc_desktop.worker_pool import started_pool

log = logging.getLogger(__name__)


class OutboxState(QObject):
    """The officer's unsent actions as the desk shows them: pending, or refused and waiting
    for the officer's choice. Kept here, not in the store: the store holds what the backend
    says; this is what the officer asked for and the backend has not taken yet."""

    sig_changed = Signal()
    """The unsent actions or the reason they wait changed."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[QueuedAction] = []
        self.problem: str | None = None

    def set(self, items: list[QueuedAction], problem: str | None) -> None:
        if items != self.items or problem != self.problem:
            self.items, self.problem = items, problem
            self.sig_changed.emit()


class Outbox:
    RETRY_S = 3.0  # while the backend is away, try again this often

    def __init__(
        self, queue: ActionQueue, client: BackendClient, store: Store, author: str = "trực ban"
    ) -> None:
        self.queue = queue
        self.client = client
        self.store = store
        self.author = author
        self.state = OutboxState()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._executor = started_pool(1, "outbox")
        self.sent = 0
        self._published = 0  # how many times the UI thread published (see _run)
        self._publish(None)

    def submit(self, incident: Incident, body: dict[str, Any]) -> QueuedAction:
        """Keep the action on disk, show it as pending, and send it as soon as possible."""
        queued = self.queue.enqueue(incident.id, incident.version, {**body, "author": self.author})
        self._publish(self.state.problem)
        self._wake.set()
        return queued

    def retry_on_current(self, action: QueuedAction) -> None:
        """Apply a refused action again, on the incident as the backend now has it."""
        current = action.current or {}
        self.queue.retry_on(action.seq, int(current.get("version", action.base_version)))
        self._publish(self.state.problem)
        self._wake.set()

    def discard(self, action: QueuedAction) -> None:
        """The officer's explicit decision to drop a refused action."""
        self.queue.discard(action.seq)
        self._publish(self.state.problem)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="outbox")

    def close(self) -> None:
        """Its thread goes (stop() lets it go too): for a wall whose loop ended before stop()
        ran, and for tests that build the services without running their loop."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.wait([self._task], timeout=2)
        self.close()

    async def _run(self) -> None:
        # the queue's reads run on the outbox's thread: SQLite on the UI thread every few
        # seconds waited for the disk and, released, for the GIL (perf, docs/MEASUREMENTS.md)
        loop = asyncio.get_running_loop()
        while True:
            problem = None
            if await loop.run_in_executor(self._executor, self.queue.sendable):
                try:
                    result = await loop.run_in_executor(
                        self._executor, drain, self.queue, self.client
                    )
                except Exception as exc:  # a bug must not stop the outbox for the shift
                    log.exception("sending actions failed")
                    problem = f"unexpected error: {exc}"
                else:
                    self.sent += result.sent
                    problem = result.offline
                    self.store.merge_incidents(result.updated)
            published = self._published
            unsent = await loop.run_in_executor(self._executor, self.queue.unsent)
            if self._published == published:  # else the UI thread told a newer list meanwhile
                self.state.set(unsent, problem)
            else:
                self._publish(problem)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):  # woken by submit, or retry anyway
                await asyncio.wait_for(self._wake.wait(), self.RETRY_S)

    def _publish(self, problem: str | None) -> None:
        """On the UI thread, right after the officer's action changed the queue."""
        self._published += 1
        self.state.set(self.queue.unsent(), problem)
