"""The baseline: a bare libVLC grid (Qt native windows + players, nothing else) playing the
given URLs for SECONDS; prints JSON with displayed frames per second per tile after warm-up
and each player's time from play() to its first displayed picture.
This is what a naive client costs; bench/wall_vs_bare.py compares the app against it."""

from __future__ import annotations

import json
import math
import sys
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QWidget

from ioc_desktop.video.libvlc import load_vlc

WARMUP_S = 5.0


def main() -> int:
    seconds = float(sys.argv[1])
    urls = [a for a in sys.argv[2:] if not a.startswith("--")]
    reconnect = "--reconnect" in sys.argv[2:]  # replay a player whose stream ended (a soak)
    options = [a for a in sys.argv[2:] if a.startswith("--") and a != "--reconnect"]
    vlc = load_vlc()
    app = QApplication(sys.argv[:1])
    root = QWidget()
    grid = QGridLayout(root)
    cols = math.ceil(math.sqrt(len(urls)))
    instance = vlc.Instance(["--no-xlib", "--quiet", "--network-caching=300", *options])
    players = []
    for i, url in enumerate(urls):
        frame = QFrame()
        frame.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        grid.addWidget(frame, i // cols, i % cols)
        players.append((frame, instance.media_player_new(), url))
    root.setGeometry(app.primaryScreen().geometry())
    root.show()
    started = time.perf_counter()
    for frame, player, url in players:
        player.set_xwindow(int(frame.winId()))
        player.audio_set_mute(True)
        player.set_media(instance.media_new(url))
        player.play()

    def displayed() -> list[int]:
        out = []
        for _, p, _ in players:
            st = vlc.MediaStats()
            m = p.get_media()
            out.append(int(st.displayed_pictures) if m and m.get_stats(st) else 0)
        return out

    first: list[float | None] = [None] * len(players)

    def watch_first() -> None:
        now = time.perf_counter()
        for i, n in enumerate(displayed()):
            if n > 0 and first[i] is None:
                first[i] = round(now - started, 2)

    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(watch_first)
    poll.start()

    def replay_ended() -> None:
        """What a naive client does when a stream drops: start it again, once a second."""
        for _, player, url in players:
            if player.get_state() in (vlc.State.Ended, vlc.State.Error):
                player.set_media(instance.media_new(url))
                player.play()

    again = QTimer()
    again.setInterval(1000)
    again.timeout.connect(replay_ended)
    if reconnect:
        again.start()
    marks: dict[str, tuple[float, list[int]]] = {}
    QTimer.singleShot(
        int(WARMUP_S * 1000), lambda: marks.update(warm=(time.perf_counter(), displayed()))
    )
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    t1, f1 = time.perf_counter(), displayed()
    t0, f0 = marks["warm"]
    fps = [round((b - a) / (t1 - t0), 1) for a, b in zip(f0, f1, strict=True)]
    for _, p, _ in players:
        p.stop()
        p.release()
    instance.release()
    print(json.dumps({"tiles": len(urls), "fps_after_warmup": fps, "first_frame_s": first}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
