"""Instant replay players: a recording played into a surface of its own (in the tile, over
its hidden live picture, or in the replay window).

A replay never touches the live tile's player (the engine's): the live stream goes on behind
the replay, so going back to live is showing it again, not opening it. Players come from the
engine's one vlc.Instance and are driven from the UI thread (libVLC's pause, next-frame and
rate calls return at once); stopping one, which can wait on its network thread, and taking
its picture run on threads of their own. `line_up` starts several cameras in step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ioc_desktop.video.engine import VideoEngine
from ioc_desktop.video.libvlc import embed, load_vlc

CREEP_RATE = 0.1
FPS_ASSUMED = 25  # frames a second to step from a keyframe to the moment (the demo's rate)
MAX_STEPS = 50
# one step every this many looks of the line-up: libVLC drops a next-frame asked for before
# the one before it is shown (a loaded 2-core machine lost 9 of 25 at one a look, 40 ms)
STEP_EVERY = 2
# looks from the video output's making to holding the player: its first picture is shown by
# then, and at CREEP_RATE the next one is 0.4 s away
HOLD_AFTER_LOOKS = 3


class ReplayPlayer:
    """One camera's playback: open, pause, step a frame, speed, where it is."""

    def __init__(self, engine: VideoEngine) -> None:
        self._vlc = load_vlc()
        self.player: Any = engine.instance.media_player_new()
        self.url = ""
        self.rate = 1.0
        self._clock = (-1, 0)  # (libVLC's time last read, ms; frames stepped since)

    def open(self, url: str, win_id: int, creep: bool = False) -> None:
        """Play `url` into the window; `creep`: at a tenth of normal speed, so that the
        first picture stays on screen until it is paused there (libVLC's start-paused
        shows no picture at all), to line several cameras up on one moment."""
        self.url = url
        media = self.player.get_instance().media_new(url)
        self.player.set_media(media)
        media.release()
        p = self.player
        embed(p, win_id)
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

    def has_video(self) -> bool:
        """libVLC made its video output: the first picture is being shown (libVLC's picture
        counter says so only when its statistics are next updated, seen 2 s late on a loaded
        machine, while the player crept on 5 frames)."""
        return bool(self.player.has_vout())

    def time_s(self) -> float | None:
        """Seconds from the playback's first picture to the one shown (None: not yet).
        libVLC's time stands still while a paused player steps: the frames stepped since it
        last moved are added (measured: 0.025 s after stepping 25 frames from a keyframe)."""
        ms = self.player.get_time()
        if ms is None or ms < 0:
            return None
        if ms != self._clock[0]:
            self._clock = (ms, 0)
        return ms / 1000 + self._clock[1] / FPS_ASSUMED

    def state(self) -> str:
        return str(self.player.get_state()).rsplit(".", 1)[-1].lower()

    def set_paused(self, paused: bool) -> None:
        self.player.set_pause(1 if paused else 0)

    def step(self) -> None:
        """One frame on (pauses first, as libVLC does)."""
        self.time_s()  # the time it steps from
        self.player.next_frame()
        self._clock = (self._clock[0], self._clock[1] + 1)

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

    def snapshot(self, path: Path, done: Callable[[str, str], None]) -> None:
        """The picture shown, saved as a PNG on a thread; `done(path, error)` from there."""
        player = self.player

        def work() -> None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if player is None or player.video_take_snapshot(0, str(path), 0, 0) != 0:
                    raise OSError("libVLC could not take the picture")
                if not path.exists():
                    raise OSError("libVLC could not take the picture")
                done(str(path), "")
            except OSError as exc:
                done("", str(exc))

        threading.Thread(target=work, name="replay-snapshot", daemon=True).start()


@dataclass
class LineUp:
    """One camera's start in step: opened creeping (`open(creep=True)`), stopped on its first
    picture (the keyframe at or before the moment), stepped on frame by frame to it."""

    player: ReplayPlayer
    start: float  # epoch s of the playback's first picture
    held: bool = False
    steps_left: int = 0
    looks: int = 0  # since the video output was made (before held), or stepping


def line_up(entries: list[LineUp], at: float, rate: float) -> bool:
    """One look at each camera (call it every ~40 ms): hold a player on its first picture,
    then step it on to `at`. True once every one is there (held, paused: the caller lets
    them go together, or keeps them paused)."""
    for e in entries:
        if not e.held and e.player.has_video():
            e.looks += 1
        if not e.held and (e.looks >= HOLD_AFTER_LOOKS or e.player.pictures() > 0):
            e.looks = 0
            e.player.set_paused(True)
            e.player.set_rate(rate)
            e.held = True
            # from where it is: it crept on a little before libVLC counted its first picture
            late = at - e.start - (e.player.time_s() or 0.0)
            e.steps_left = max(0, min(MAX_STEPS, round(late * FPS_ASSUMED)))
        elif e.held and e.steps_left > 0:
            e.looks += 1
            if e.looks % STEP_EVERY == 0:
                e.player.step()
                e.steps_left -= 1
    return bool(entries) and all(e.held and e.steps_left == 0 for e in entries)
