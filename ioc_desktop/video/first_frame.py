"""When each starting stream put its first picture on screen, read off the UI thread.

libVLC draws into the tile's native window from its own threads: a picture reaches the
screen whether or not Qt's UI thread is free. The engine's poll runs on the UI thread, so
while that thread is busy (the first paint of four 1920×1080 monitors right after a layout
switch, with 16 decoders starting on 2 cores) every tile that started in the meantime was
reported live at the same moment: the end of the busy spell, up to a second after its
picture appeared. This watcher polls the displayed-pictures counter of each stream that has
not shown a picture yet, every 20 ms on a thread of its own, notes the time, and nudges the
UI thread to tell the operator. The status pill still turns green only when the UI thread
is free, but the first-frame times the engine reports are the pictures' own.

Ownership: each watched stream's media is handed over with a reference of its own, and only
this thread releases it, so the UI thread never waits on libVLC here and a stream forgotten
mid-read is never freed under the reader.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

INTERVAL_S = 0.02


class FirstFrameWatch:
    def __init__(self, media_stats: Callable[[], Any], on_first: Callable[[], None]) -> None:
        """media_stats: makes libVLC's MediaStats structure; on_first: called on this
        watcher's thread after it saw one or more first pictures (must only post to Qt)."""
        self._make_stats = media_stats
        self._on_first = on_first
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._watched: dict[int, Any] = {}  # start number → media (our reference)
        self._dropped: list[Any] = []  # media the UI thread let go of: released here
        self._seen: dict[int, float] = {}  # start number → epoch s of its first picture
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="first-frame", daemon=True)
        self._thread.start()

    def watch(self, start_no: int, media: Any) -> None:
        """Watch one start of a stream; `media` carries a reference this watcher releases."""
        with self._lock:
            self._watched[start_no] = media
        self._wake.set()

    def forget(self, start_no: int) -> float | None:
        """Stop watching that start; returns the epoch seconds of its first picture if this
        watcher saw one (None: not yet, or the UI thread's poll saw it first)."""
        with self._lock:
            media = self._watched.pop(start_no, None)
            if media is not None:
                self._dropped.append(media)
            at = self._seen.pop(start_no, None)
        if media is not None:
            self._wake.set()
        return at

    @property
    def native_id(self) -> int | None:
        return self._thread.native_id

    def watching(self) -> int:
        with self._lock:
            return len(self._watched)

    def close(self) -> None:
        self._stop = True
        self._wake.set()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        stats = self._make_stats()
        while not self._stop:
            with self._lock:
                dropped, self._dropped = self._dropped, []
                watched = list(self._watched.items())
            for media in dropped:
                media.release()
            if not watched:
                self._wake.wait()
                self._wake.clear()
                continue
            seen: dict[int, float] = {}
            for start_no, media in watched:
                # the media may have been forgotten a moment ago: it is still ours to read
                if media.get_stats(stats) and stats.displayed_pictures > 0:
                    seen[start_no] = time.time()
            if seen:
                with self._lock:
                    for start_no, at in seen.items():
                        media = self._watched.pop(start_no, None)
                        if media is not None:  # not forgotten meanwhile
                            self._dropped.append(media)
                            self._seen[start_no] = at
                self._on_first()
            self._wake.wait(INTERVAL_S)
            self._wake.clear()
        with self._lock:
            leftover = self._dropped + list(self._watched.values())
            self._dropped, self._watched = [], {}
        for media in leftover:
            media.release()
