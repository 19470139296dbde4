"""What the planner's lowest rung costs (issue #20): N tiles as true stills (the camera's
snapshot URL every 4 s, or one keyframe of the sub stream every 4 s: video/stills.py), as
sparse pictures (libVLC playing the sub stream keyframes only: the old still rung) and as
live light sub streams (the rung above), in the same run, each in a child process of its own
whose CPU time is measured (the demo backend and its streams run in this process, not
counted). Prints one JSON line; `--out FILE` writes it too.

    .venv/bin/python bench/true_stills.py [--tiles 9] [--seconds 10] [--out bench.json]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, BenchEnv

WARMUP_S = 3.0
MODES = ("true_still_snapshot", "true_still_grab", "sparse_keyframes", "live_light_sub")


def child(mode: str, base_url: str, token: str, seconds: float, urls: list[str]) -> None:
    """One mode for `seconds` after a warm-up: prints its CPU seconds and pictures."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    counted: dict[str, Any] = {}
    if mode.startswith("true_still"):
        from ioc_desktop.backend.client import BackendClient
        from ioc_desktop.video.stills import StillFeed, StillSource

        client = BackendClient(base_url, token)
        feed = StillFeed(fetch=client.camera_snapshot)
        snapshot = mode == "true_still_snapshot"
        for i, (snap, sub) in enumerate(zip(urls[0::2], urls[1::2], strict=True)):
            feed.want(f"t{i}", StillSource(f"c{i}", snap if snapshot else None, sub))

        def pictures() -> int:
            return feed.fetched
    else:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

        from ioc_desktop.video.engine import KEYFRAME_OPTIONS, LIGHT_OPTIONS
        from ioc_desktop.video.libvlc import load_vlc

        vlc = load_vlc()
        subs = urls[1::2]
        instance = vlc.Instance(["--no-xlib", "--quiet", "--network-caching=300"])
        root = QWidget()
        grid = QGridLayout(root)
        cols = math.ceil(math.sqrt(len(subs)))
        players = []
        for i, url in enumerate(subs):
            frame = QFrame()
            frame.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
            grid.addWidget(frame, i // cols, i % cols)
            player = instance.media_player_new()
            media = instance.media_new(url)
            for opt in (*LIGHT_OPTIONS, *(KEYFRAME_OPTIONS if mode == "sparse_keyframes" else ())):
                media.add_option(opt)
            player.set_media(media)
            players.append((frame, player))
        root.resize(1280, 720)
        root.show()
        app.processEvents()
        for frame, player in players:
            player.set_xwindow(int(frame.winId()))
            player.play()
        stats = vlc.MediaStats()

        def pictures() -> int:
            total = 0
            for _f, player in players:
                media = player.get_media()
                if media is not None and media.get_stats(stats):
                    total += stats.displayed_pictures
            return total

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    def mark() -> None:
        counted["cpu0"], counted["pics0"], counted["t0"] = cpu(), pictures(), time.monotonic()

    def end() -> None:
        wall = time.monotonic() - counted["t0"]
        used = cpu() - counted["cpu0"]
        print(
            json.dumps(
                {
                    "mode": mode,
                    "cpu_s": round(used, 3),
                    "core_share": round(used / wall, 4),
                    "pictures_per_s": round((pictures() - counted["pics0"]) / wall, 2),
                }
            ),
            flush=True,
        )
        app.quit()

    QTimer.singleShot(int(WARMUP_S * 1000), mark)
    QTimer.singleShot(int((WARMUP_S + seconds) * 1000), end)
    app.exec()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tiles", type=int, default=9)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--child", nargs="*")
    a = ap.parse_args()
    if a.child:
        mode, base_url, token, *urls = a.child
        child(mode, base_url, token, a.seconds, urls)
        return 0
    from ioc_desktop.backend.client import BackendClient
    from ioc_desktop.demo.runner import DemoBackend

    env = BenchEnv()
    demo = DemoBackend(env.cache).start(wait_for_streams=True)
    try:
        cams = BackendClient(demo.base_url, demo.token).cameras()
        urls: list[str] = []
        for i in range(a.tiles):
            cam = cams[i % len(cams)]
            sub = cam.stream("sub")
            assert sub is not None and cam.snapshot_url
            urls += [cam.snapshot_url, sub.url]
        results: dict[str, Any] = {"tiles": a.tiles, "seconds": a.seconds, "every_s": 4.0}
        for mode in MODES:
            cmd = [sys.executable, __file__, "--seconds", str(a.seconds), "--child", mode]
            out = subprocess.run(
                [*cmd, demo.base_url, demo.token, *urls],
                env=env.env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=a.seconds + 60,
            )
            line = next((x for x in reversed(out.stdout.splitlines()) if x.startswith("{")), "")
            results[mode] = json.loads(line) if line else {"error": out.stderr[-500:]}
        base = results["sparse_keyframes"].get("core_share") or 0.0
        for mode in MODES:
            share = results[mode].get("core_share")
            if base and share is not None:
                results[mode]["vs_sparse"] = round(share / base, 3)
    finally:
        demo.stop()
        env.close()
    text = json.dumps(results, ensure_ascii=False)
    if a.out:
        a.out.write_text(text + "\n", encoding="utf-8")
    print(text, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
