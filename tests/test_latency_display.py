"""Glass-to-glass delay off a real screen: the time-coded stream played by the app's engine
(libVLC) under Xvfb, its code read off the X screen by bench/latency.py's reader, and the delay
the engine reads off its own stills (VideoEngine.stats: delay_s) against it."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bench import latency
from bench.common import last_json
from ioc_desktop.demo.timecode import TimecodeStream
from tests.conftest import REPO, display_env

pytestmark = pytest.mark.display


def test_the_bench_reads_the_code_off_a_libvlc_picture(xvfb: str) -> None:
    stream = TimecodeStream().start()
    player = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "stream_player.py"), "vlc", "10", stream.url],
        env=display_env(xvfb),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        t0 = time.time()
        seen = latency.watch(xvfb, {"tile": (0, 0)}, t0 + 9.0)
        out, _ = player.communicate(timeout=30)
    finally:
        if player.poll() is None:
            player.kill()
        stream.stop()
    times = stream.times()
    window = (t0 + 4.0, t0 + 8.0)  # after the player's start and first picture
    nums = latency.tile_numbers(
        seen["first_seen"]["tile"], times["made"], times["sent"], window, False
    )
    # a frame lasts 40 ms and the screen is read every ~10-20 ms: most frames are seen
    assert nums["frames_seen"] >= 50, (nums, seen["grabs"], seen["unread_grabs"])
    assert 0 < nums["median_s"] < 3 and nums["p95_s"] < 3, nums
    # what the engine says of its tile agrees with what the screen showed
    engine = last_json(out)["engine_delay_s"][0]
    assert engine is not None and 0 < engine < 3
    assert abs(engine - nums["median_s"]) < 0.3, (engine, nums)
