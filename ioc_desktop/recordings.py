"""Instant replay's backend side: playbacks asked for off the UI thread.

`request(camera_id, at)` asks the backend for a playback of the camera's recording from `at`
(GET …/cameras/{id}/playback) in a thread pool; the answer comes back on the UI thread as
`sig_playback(camera_id, Playback)` or `sig_failed(camera_id, reason in words)`: a recorder
that is away is told plainly, and nothing live is touched.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from ioc_desktop.analytics_feed import iso_z
from ioc_desktop.backend.client import BackendError, BackendHttpError
from ioc_desktop.i18n import translate
from ioc_desktop.worker_pool import started_pool

log = logging.getLogger(__name__)


def failure_text(exc: Exception) -> str:
    if isinstance(exc, BackendHttpError) and exc.status == 503:
        return translate("recordings", "máy ghi hình không trả lời")
    if isinstance(exc, BackendHttpError) and exc.status == 404:
        return translate("recordings", "không có đoạn ghi hình nào vào lúc đó")
    if isinstance(exc, BackendError | TimeoutError):
        return str(exc) or translate("recordings", "máy chủ không trả lời")
    return translate("recordings", "lỗi không mong đợi: {reason}").format(reason=exc)


class Recordings(QObject):
    sig_playback = Signal(str, object)
    """A playback is ready: (camera id, Playback)."""
    sig_failed = Signal(str, str)
    """No playback: (camera id, why, in words)."""

    def __init__(self, client: Any) -> None:
        super().__init__()
        self.client = client
        self._executor = started_pool(4, "recordings")
        self._tasks: set[asyncio.Task[None]] = set()

    def request(self, camera_id: str, at: float, length_s: float = 120.0) -> None:
        """A playback of `camera_id` from `at` (epoch s), told by a signal."""
        fetch = partial(self.client.playback, camera_id, iso_z(at), iso_z(at + length_s))

        async def ask() -> None:
            loop = asyncio.get_running_loop()
            try:
                got = await asyncio.wait_for(loop.run_in_executor(self._executor, fetch), 8.0)
            except Exception as exc:  # told to the operator, in the replay window
                log.info("playback of %s failed: %s", camera_id, exc)
                self.sig_failed.emit(camera_id, failure_text(exc))
                return
            self.sig_playback.emit(camera_id, got)

        try:
            task = asyncio.get_running_loop().create_task(ask())
        except RuntimeError:  # no loop (a probe driving Qt by hand): ask here and now
            try:
                self.sig_playback.emit(camera_id, fetch())
            except Exception as exc:
                self.sig_failed.emit(camera_id, failure_text(exc))
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def close(self) -> None:
        for t in self._tasks:
            t.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)
