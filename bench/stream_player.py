"""One player process for bench/rtsp_bridge.py and bench/latency.py: N tiles of the given URLs in
a grid of native windows at the screen's top left (or at `--origin X,Y`), played by the app's
engine (libVLC with the app's options; `--caching MS`: another network caching; an rtsp://
URL through its relay), by a bare libVLC with libVLC's own defaults (`bare`), or by libmpv (the
second engine measured against it). Prints one JSON line:

- first picture per tile (s from open), frames per second per tile after warm-up, this
  process's CPU seconds per second over that window (relay threads and decoders included);
- `--watch`: when tile 0's centre turned white or black (epoch s, for glass-to-glass delay);
- `--progress`: when tile 0's pictures resumed after a pause of a second or more (recovery);
- `vlc`: each tile's delay as the engine read it off its own stills (a time-coded stream only).

    python bench/stream_player.py vlc|bare|mpv SECONDS URL... [--watch] [--progress]
        [--origin X,Y] [--caching MS] [--clock-jitter MS]
"""

from __future__ import annotations

import json
import locale
import math
import resource
import sys
import time
from typing import Any, ClassVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFrame

WARMUP_S = 4.0
TILE_W, TILE_H = 480, 270


class VlcTiles:
    def __init__(
        self,
        urls: list[str],
        wids: list[int],
        caching_ms: int | None = None,
        clock_jitter_ms: int | None = None,
    ) -> None:
        from ioc_desktop.video.engine import VideoEngine, VideoSettings
        from ioc_desktop.video.watchdog import WatchdogPolicy

        settings = VideoSettings()  # the app's defaults, unless a caching is asked for
        if caching_ms is not None:
            settings.network_caching_ms = caching_ms
        if clock_jitter_ms is not None:  # libVLC's bound on the delay it adds when late
            settings.extra_args = [*settings.extra_args, f"--clock-jitter={clock_jitter_ms}"]
        # the wall's watchdog, with a fast first minute (what the app runs)
        self.engine = VideoEngine(settings, policy=WatchdogPolicy())
        for i, (url, wid) in enumerate(zip(urls, wids, strict=True)):
            self.engine.open(f"t{i}", url, wid, light=True)
        self.n = len(urls)

    def frames(self) -> list[int]:
        out = []
        for i in range(self.n):
            s = self.engine.stats(f"t{i}")
            out.append(s.frames_total if s else 0)
        return out

    def delays(self) -> list[float | None]:
        out = []
        for i in range(self.n):
            s = self.engine.stats(f"t{i}")
            out.append(s.delay_s if s else None)
        return out

    def close(self) -> None:
        for i in range(self.n):
            self.engine.release(f"t{i}")
        self.engine.shutdown()


class BareTiles:
    """libVLC as it comes: no option but the one a process of several players needs."""

    def __init__(self, urls: list[str], wids: list[int]) -> None:
        from ioc_desktop.video.libvlc import load_vlc

        self.vlc = load_vlc()
        self.instance = self.vlc.Instance(["--no-xlib", "--quiet"])
        self.players = []
        for url, wid in zip(urls, wids, strict=True):
            p = self.instance.media_player_new()
            p.set_xwindow(wid)
            p.set_media(self.instance.media_new(url))
            p.play()
            self.players.append(p)

    def frames(self) -> list[int]:
        out = []
        for p in self.players:
            st, m = self.vlc.MediaStats(), p.get_media()
            out.append(int(st.displayed_pictures) if m and m.get_stats(st) else 0)
        return out

    def close(self) -> None:
        for p in self.players:
            p.stop()
            p.release()
        self.instance.release()


class MpvTiles:
    """libmpv per tile, low-latency profile, RTSP over TCP; a player whose stream ended is
    started again every 0.5 s (the least watchdog a wall needs)."""

    OPTIONS: ClassVar[dict[str, Any]] = {
        "vo": "x11",
        "hwdec": "no",
        "profile": "low-latency",
        "demuxer_lavf_o": "rtsp_transport=tcp",
        "idle": "yes",
        "mute": "yes",
        "input_default_bindings": False,
        "osc": False,
    }

    def __init__(self, urls: list[str], wids: list[int]) -> None:
        import mpv

        locale.setlocale(locale.LC_NUMERIC, "C")  # libmpv refuses to start otherwise
        self.urls = urls
        self.players = [mpv.MPV(wid=str(w), **self.OPTIONS) for w in wids]
        self.base = [0] * len(urls)  # frames of streams gone by (a restart counts from 0)
        self.last = [0] * len(urls)
        for p, url in zip(self.players, urls, strict=True):
            p.play(url)
        self.timer = QTimer()
        self.timer.timeout.connect(self._revive)
        self.timer.start(500)

    def _revive(self) -> None:
        for p, url in zip(self.players, self.urls, strict=True):
            if p.idle_active:
                p.play(url)

    def frames(self) -> list[int]:
        out = []
        for i, p in enumerate(self.players):
            try:  # libmpv counts no displayed frames of a live stream: its clock, at 25 fps
                n = int((p.time_pos or 0.0) * 25)
            except Exception:  # the property is unavailable between files
                n = 0
            if n < self.last[i]:
                self.base[i] += self.last[i]
            self.last[i] = n
            out.append(self.base[i] + n)
        return out

    def close(self) -> None:
        for p in self.players:
            p.terminate()


def main() -> int:
    engine, seconds = sys.argv[1], float(sys.argv[2])
    args = sys.argv[3:]
    flags = ("--origin", "--caching", "--clock-jitter")
    valued = {a: args[i + 1] for i, a in enumerate(args) if a in flags}
    urls = [a for a in args if not a.startswith("--") and a not in valued.values()]
    watch, progress = "--watch" in sys.argv, "--progress" in sys.argv
    x0, y0 = (int(v) for v in valued.get("--origin", "0,0").split(","))
    caching = int(valued["--caching"]) if "--caching" in valued else None
    jitter = int(valued["--clock-jitter"]) if "--clock-jitter" in valued else None
    app = QApplication(sys.argv[:1])
    cols = math.ceil(math.sqrt(len(urls)))
    frames_w = []
    for i in range(len(urls)):
        f = QFrame()
        f.setWindowFlag(f.windowFlags().FramelessWindowHint, True)
        f.setStyleSheet("background: #404040;")
        f.setGeometry(x0 + (i % cols) * TILE_W, y0 + (i // cols) * TILE_H, TILE_W, TILE_H)
        f.show()
        frames_w.append(f)
    app.processEvents()
    opened = time.time()
    wids = [int(f.winId()) for f in frames_w]
    if engine == "vlc":
        tiles: Any = VlcTiles(urls, wids, caching, jitter)
    else:
        tiles = BareTiles(urls, wids) if engine == "bare" else MpvTiles(urls, wids)
    first: list[float | None] = [None] * len(urls)
    colour_at: list[tuple[float, str]] = []
    resumed_at: list[float] = []
    state: dict[str, Any] = {"colour": None, "last_move": None, "last_n": 0}
    window: dict[str, Any] = {}
    grab: Any = None
    if watch:
        import mss

        grab = mss.mss()

    def sample() -> None:
        now = time.time()
        n = tiles.frames()
        for i, k in enumerate(n):
            if k > 0 and first[i] is None:
                first[i] = round(now - opened, 3)
        if progress:
            if n[0] > state["last_n"]:
                if state["last_move"] is not None and now - state["last_move"] >= 1.0:
                    resumed_at.append(now)
                state["last_move"] = now
            state["last_n"] = n[0]
        if grab is not None:
            px = grab.grab(
                {"left": x0 + TILE_W // 2, "top": y0 + TILE_H // 2, "width": 1, "height": 1}
            )
            level = sum(px.pixel(0, 0)) / 3
            colour = "white" if level > 200 else "black" if level < 40 else None
            if colour and colour != state["colour"]:
                colour_at.append((now, colour))
                state["colour"] = colour
        if "cpu0" not in window and now - opened >= WARMUP_S:
            r = resource.getrusage(resource.RUSAGE_SELF)
            window.update(cpu0=r.ru_utime + r.ru_stime, t0=now, n0=n)
        if now - opened >= seconds:
            r = resource.getrusage(resource.RUSAGE_SELF)
            span = now - window["t0"]
            window.update(
                cpu_per_s=round((r.ru_utime + r.ru_stime - window["cpu0"]) / span, 3),
                fps=[round((b - a) / span, 1) for a, b in zip(window["n0"], n, strict=True)],
            )
            app.quit()

    timer = QTimer()
    timer.timeout.connect(sample)
    timer.start(5 if watch else 20)
    app.exec()
    print(
        json.dumps(
            {
                "engine": engine,
                "opened_at": opened,
                "first_picture_s": first,
                "fps": window.get("fps"),
                "cpu_s_per_s": window.get("cpu_per_s"),
                "colour_at": colour_at,
                "resumed_at": resumed_at,
                "engine_delay_s": tiles.delays() if engine == "vlc" else None,
            }
        ),
        flush=True,
    )
    # after the result: several libmpv x11 outputs ending at once can hit an X error that
    # ends the process (BadWindow on unmap), and the numbers must not be lost with it
    tiles.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
