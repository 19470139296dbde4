"""Instant replay players: a recording played into a window of its own, beside the live tile.

A replay never touches the live tile's player (the engine's): the operator looks back while
the wall stays live, and going back to live is closing the replay. Players come from the
engine's one vlc.Instance and are driven from the UI thread (libVLC's pause, next-frame and
rate calls return at once); stopping one, which can wait on its network thread, runs on a
thread of its own.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.libvlc import load_vlc

CREEP_RATE = 0.1


class ReplayPlayer:
    """One camera's playback: open, pause, step a frame, speed, where it is."""

    def __init__(self, engine: VideoEngine) -> None:
        self._vlc = load_vlc()
        self.player: Any = engine.instance.media_player_new()
        self.url = ""
        self.rate = 1.0

    def open(self, url: str, win_id: int, creep: bool = False) -> None:
        """Play `url` into the window; `creep`: at a tenth of normal speed, so that the
        first picture stays on screen until it is paused there (libVLC's start-paused
        shows no picture at all), to line several cameras up on one moment."""
        self.url = url
        media = self.player.get_instance().media_new(url)
        self.player.set_media(media)
        media.release()
        p = self.player
        if sys.platform.startswith("linux"):
            p.set_xwindow(win_id)
        elif sys.platform == "win32":
            p.set_hwnd(win_id)
        elif sys.platform == "darwin":
            p.set_nsobject(win_id)
        p.video_set_mouse_input(False)  # clicks go to Qt
        p.video_set_key_input(False)
        p.audio_set_mute(True)
        if creep:
            p.set_rate(CREEP_RATE)
        p.play()

    def pictures(self) -> int:
        """Pictures shown so far (libVLC's own counter)."""
        media = self.player.get_media()
        if media is None:
            return 0
        stats = self._vlc.MediaStats()
        ok = media.get_stats(stats)
        media.release()
        return int(stats.displayed_pictures) if ok else 0

    def time_s(self) -> float | None:
        """Seconds from the playback's first picture to the one shown (None: not yet)."""
        ms = self.player.get_time()
        return None if ms is None or ms < 0 else ms / 1000

    def state(self) -> str:
        return str(self.player.get_state()).rsplit(".", 1)[-1].lower()

    def set_paused(self, paused: bool) -> None:
        self.player.set_pause(1 if paused else 0)

    def step(self) -> None:
        """One frame on (pauses first, as libVLC does)."""
        self.player.next_frame()

    def set_rate(self, rate: float) -> None:
        self.rate = rate
        self.player.set_rate(rate)

    def close(self) -> None:
        player, self.player = self.player, None
        if player is None:
            return

        def stop() -> None:
            player.stop()
            player.release()

        threading.Thread(target=stop, name="replay-stop", daemon=True).start()
