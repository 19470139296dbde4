"""The outbox's loop runs on the UI thread (qasync); its queue's SQLite reads run on the
outbox's own thread. An officer's action is still kept and shown at once, on the UI thread,
and a list read on the outbox's thread before that action never replaces the newer one."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.incidents.outbox import Outbox
from ioc_desktop.incidents.queue import ActionQueue, QueuedAction
from ioc_desktop.store import Store

UNREACHABLE = "http://127.0.0.1:9"  # nothing listens: the outbox keeps what it is given


class Watched(ActionQueue):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.calls: list[tuple[str, int]] = []

    def sendable(self) -> list[tuple[QueuedAction, int]]:
        self.calls.append(("sendable", threading.get_ident()))
        return super().sendable()

    def unsent(self, incident_id: str | None = None) -> list[QueuedAction]:
        self.calls.append(("unsent", threading.get_ident()))
        return super().unsent(incident_id)


def test_the_outbox_reads_its_queue_off_the_ui_thread(tmp_path: Path, qapp: Any) -> None:
    queue = Watched(tmp_path / "outbox.sqlite")
    client = BackendClient(UNREACHABLE, "t")
    outbox = Outbox(queue, client, Store())
    outbox.RETRY_S = 0.05
    ui = threading.get_ident()
    queue.calls.clear()  # the first list, told as the outbox is made, is the UI thread's

    async def scenario() -> None:
        outbox.start()
        t0 = time.monotonic()
        while len(queue.calls) < 6 and time.monotonic() - t0 < 5:
            await asyncio.sleep(0.02)
        await outbox.stop()

    asyncio.run(scenario())
    kinds = {k for k, _ in queue.calls}
    assert kinds == {"sendable", "unsent"}, queue.calls
    assert all(t != ui for _, t in queue.calls), queue.calls
    client.close()
    queue.close()


class Stale(ActionQueue):
    """The outbox thread's read of the list is taken, then held until the test lets it go."""

    def __init__(self, path: Path, ui: int) -> None:
        super().__init__(path)
        self.ui, self.reading, self.go = ui, threading.Event(), threading.Event()

    def unsent(self, incident_id: str | None = None) -> list[QueuedAction]:
        items = super().unsent(incident_id)
        if threading.get_ident() != self.ui and not self.go.is_set():
            self.reading.set()
            self.go.wait(5)
        return items


def test_a_list_read_before_the_officers_action_does_not_hide_it(tmp_path: Path, qapp: Any) -> None:
    queue = Stale(tmp_path / "outbox.sqlite", threading.get_ident())
    client = BackendClient(UNREACHABLE, "t")
    outbox = Outbox(queue, client, Store())
    told: list[int] = []
    outbox.state.sig_changed.connect(lambda: told.append(len(outbox.state.items)))

    async def scenario() -> None:
        outbox.start()
        t0 = time.monotonic()
        while not queue.reading.is_set() and time.monotonic() - t0 < 5:
            await asyncio.sleep(0.01)
        assert queue.reading.is_set()  # the loop's read of the (empty) list is out
        # meanwhile the officer acts: kept and shown at once, on the UI thread
        queue.enqueue("inc-1", 1, {"action": "note", "note": "xe cứu thương đã tới"})
        outbox._publish(None)
        queue.go.set()  # the older read comes back
        await asyncio.sleep(0.3)
        await outbox.stop()

    asyncio.run(scenario())
    assert told and told[0] == 1 and 0 not in told, told  # never shown as gone
    assert len(outbox.state.items) == 1
    client.close()
    queue.close()
