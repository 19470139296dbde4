"""The demo's rolling recorder: what it plays back is the picture the stream showed then.

A real demo stream (one camera's sub stream from the stream server child) is recorded for a
few seconds; a playback from a moment is decoded (PyAV) and its first picture compared with
the clip's own frames: it is the keyframe at or before that moment, on the stream's clock.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import pytest
import requests

from ioc_desktop.demo.clips import ClipSpec, ensure_clips, render_frame
from ioc_desktop.demo.detections import FPS, FRAMES
from ioc_desktop.demo.recorder import Recorder

pytestmark = pytest.mark.unit
SITE = "Ngã tư Nguyễn Tất Thành – Hùng Vương"  # cam01's name: the runner's clip, cached


@pytest.fixture
def stream(clip_cache: Path) -> Iterator[tuple[str, float]]:
    spec = ClipSpec("cam01-sub", SITE, 640, 360)
    path = ensure_clips([spec], clip_cache / "clips")["cam01-sub"]
    port = 18000 + int(time.time() * 1000) % 2000
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ioc_desktop.demo.streams",
            "--port",
            str(port),
            f"cam01-sub={path}",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and json.loads(proc.stdout.readline())["ready"]
    origin = time.time()
    yield f"http://127.0.0.1:{port}/cam01-sub", origin
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=10)


def first_picture(data: bytes) -> np.ndarray:
    import io

    with av.open(io.BytesIO(data), format="mpegts") as container:
        for frame in container.decode(video=0):
            return np.asarray(frame.to_ndarray(format="rgb24"))
    raise AssertionError("no picture")


def test_playback_starts_at_the_recorded_keyframe_of_that_moment(
    stream: tuple[str, float], tmp_path: Path
) -> None:
    url, origin = stream
    rec = Recorder({"cam01-sub": url}, folder=tmp_path / "rec", keep_s=4.0).start()
    try:
        deadline = time.time() + 15
        while time.time() < deadline and len(rec.tracks["cam01-sub"].segments) < 4:
            time.sleep(0.1)
        segs = list(rec.tracks["cam01-sub"].segments)
        assert len(segs) >= 4
        gaps = [b.start - a.start for a, b in itertools.pairwise(segs)]
        assert all(0.9 <= g <= 1.1 for g in gaps), gaps  # one keyframe a second
        assert segs[-1].start - segs[0].start <= 4.0 + 1.1  # keep_s: older ones went
        # a moment 0.4 s into a recorded second: playback starts at that second's keyframe
        seg = segs[-2]
        moment = seg.start + 0.4
        base = (
            f"{rec.base_url()}/cam01-sub?from={int(moment * 1000)}&to={int(moment * 1000) + 1500}"
        )
        whole = requests.get(base, timeout=5)
        assert whole.status_code == 200 and int(whole.headers["Content-Length"]) == len(
            whole.content
        )
        part = requests.get(base, headers={"Range": "bytes=188-375"}, timeout=5)
        assert part.status_code == 206 and part.content == whole.content[188:376]
        picture = first_picture(whole.content).astype(np.int16)
        keyframe = round((seg.start - origin) * FPS)  # on the stream's clock
        spec = ClipSpec("cam01-sub", SITE, 640, 360)
        diffs = {
            k: float(np.abs(picture - np.asarray(render_frame(spec, k % FRAMES), np.int16)).mean())
            for k in range(keyframe - 30, keyframe + 31)
        }
        best = min(diffs, key=lambda k: diffs[k])
        # the segment's time is when its keyframe arrived: within 0.12 s of the stream's clock
        assert abs(best - keyframe) <= 3, (best, keyframe, diffs[best])
        assert best % FPS == 0  # a keyframe (one a second), decoded exactly
        assert (
            requests.get(f"{rec.base_url()}/cam01-sub?from=1000&to=2000", timeout=5).status_code
            == 404
        )
    finally:
        rec.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{rec.base_url()}/cam01-sub?from=1&to=2", timeout=2)
