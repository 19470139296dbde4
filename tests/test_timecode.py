"""The picture's time code (video/timecode.py) and the live time-coded stream that draws it
(demo/timecode.py): written, encoded, sent, decoded and read back."""

from __future__ import annotations

import time
import urllib.request
from typing import Any

import av
import numpy as np
import pytest
from PIL import Image

from ioc_desktop.demo.timecode import TimecodeStream
from ioc_desktop.video import timecode


def _coded(n: int, made_at: float, w: int = 640, h: int = 360) -> np.ndarray:
    rng = np.random.default_rng(n)
    pic = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)  # a busy picture around the code
    timecode.draw(pic, n, made_at)
    return pic


def test_code_reads_back_after_scaling() -> None:
    made = 1_790_000_123.456
    for n in (0, 1, 77_777, timecode.WRAP - 1):
        pic = _coded(n, made)
        assert timecode.read(pic) == timecode.TimeCode(n, round(made * 1000) % timecode.WRAP)
        for size in ((240, 135), (480, 270), (1920, 1080)):
            scaled = np.asarray(Image.fromarray(pic).resize(size, Image.Resampling.BILINEAR))
            code = timecode.read(scaled)
            assert code is not None and code.frame == n, size
    # BGRA as the X screen gives it
    bgra = np.dstack([_coded(5, made)[:, :, ::-1], np.full((360, 640), 255, np.uint8)])
    code = timecode.read(bgra)
    assert code is not None and code.frame == 5


def test_no_code_or_a_torn_picture_reads_nothing() -> None:
    assert timecode.read(np.full((360, 640, 3), 128, np.uint8)) is None
    assert timecode.read(np.zeros((360, 640, 3), np.uint8)) is None
    assert timecode.read(np.full((360, 640, 3), 255, np.uint8)) is None
    # two frames blended (a picture caught between them): their differing blocks are grey
    a, b = _coded(4, 100.0).astype(np.float32), _coded(11, 100.04).astype(np.float32)
    assert timecode.read(((a + b) / 2).astype(np.uint8)) is None
    # a flipped bit breaks the parity
    pic = _coded(6, 100.0)
    w = pic.shape[1]
    x0, x1 = 5 * w // timecode.BLOCKS, 6 * w // timecode.BLOCKS
    pic[: int(360 * timecode.ROW_FRAC), x0:x1] = 255 - pic[0, x0]
    assert timecode.read(pic) is None


def test_delay_wraps_with_the_code() -> None:
    made = 1_790_000_131.000  # its ms modulo 2^17 near the wrap: the delay still reads right
    code = timecode.TimeCode(0, round(made * 1000) % timecode.WRAP)
    assert code.delay_s(made + 0.35) == pytest.approx(0.35, abs=0.002)
    assert code.delay_s(made + 100.0) == pytest.approx(100.0, abs=0.002)


def test_live_stream_carries_each_frames_number_and_time_through_h264() -> None:
    """The served bytes decoded by FFmpeg: consecutive frames, each with the time the server
    noted it was made, and a time it was sent after that; a stall (the frames held back, as a
    network does) loses none of them."""
    stream = TimecodeStream(fps=25).start()
    try:
        codes: list[timecode.TimeCode] = []
        arrived: list[float] = []
        with (
            urllib.request.urlopen(stream.url, timeout=10) as resp,
            av.open(resp, format="mpegts") as box,
        ):
            for frame in box.decode(video=0):
                code = timecode.read(frame.to_ndarray(format="rgb24"))
                assert code is not None
                codes.append(code)
                arrived.append(time.time())
                if len(codes) == 30:
                    urllib.request.urlopen(stream.url + "/hold?s=0.4", timeout=5).close()
                if len(codes) >= 70:
                    break
        assert stream.error is None
        frames = [c.frame for c in codes]
        assert frames == list(range(frames[0], frames[0] + 70))
        # the client started at a keyframe: the server makes one a second
        assert frames[0] % 25 == 0
        # the server held frames back (no time on the wire for them until the stall ended)
        assert any(stream.sent[c.frame] is None for c in codes[30:])
        for c in codes[:30]:
            made = stream.made[c.frame]
            assert c.made_ms == round(made * 1000) % timecode.WRAP
            sent = stream.sent[c.frame]
            assert sent is not None and 0 <= sent - made < 0.5
        # and they came live: the last before the stall was read within a second of being made
        assert codes[29].delay_s(arrived[29]) < 1.0
        with urllib.request.urlopen(stream.url + "/times", timeout=5) as resp:
            assert b'"made"' in resp.read()
    finally:
        stream.stop()


def test_a_still_says_its_delay_only_where_the_picture_has_a_code() -> None:
    from PySide6.QtGui import QImage

    from ioc_desktop.video.tile_delay import DelayReadings, read_delay

    made = 1_790_000_000.25
    pic = np.ascontiguousarray(_coded(42, made))
    image = QImage(pic.data, 640, 360, 640 * 3, QImage.Format.Format_RGB888).copy()
    small = image.scaledToWidth(320)  # the engine's stills of sub streams are 320 px wide
    assert read_delay(small, made + 0.42) == pytest.approx(0.42, abs=0.002)
    plain = np.full((360, 640, 3), 90, np.uint8)  # an ordinary camera's picture: no number
    assert read_delay(QImage(plain.data, 640, 360, 1920, QImage.Format.Format_RGB888), made) is None
    assert read_delay(QImage(), made) is None
    readings = DelayReadings()
    assert readings.median() is None
    for d in (0.5, 0.6, 9.0, 0.55, 0.58, 0.61):  # one slow still among them
        readings.add(d)
    assert readings.median() == 0.6


def test_the_support_report_gives_a_delay_only_where_one_was_measured() -> None:
    from ioc_desktop.diagnostics import tile_delays_text

    assert tile_delays_text({}).startswith("not measured")
    assert tile_delays_text({"b": 0.6234, "a": 1.0}) == "a: 1.00 s; b: 0.62 s"


class _StillPlayer:
    """A player whose picture carries the code of a frame made `age` s before each still, or
    (age None) is a flat picture, as any camera's is to the reader; `mark`: the frame of a
    300-frame clip it shows (the demo clips' frame mark)."""

    def __init__(self, age: float | None, mark: int | None = None) -> None:
        self.age, self.mark = age, mark

    def video_take_snapshot(self, _num: int, path: str, width: int, _height: int) -> int:
        from PySide6.QtGui import QImage

        pic = np.full((360, 640, 3), 60, np.uint8)
        if self.age is not None:
            timecode.draw(pic, 7, time.time() - self.age)
        if self.mark is not None:
            timecode.draw_frame_mark(pic, self.mark, 300)
        image = QImage(pic.data, 640, 360, 1920, QImage.Format.Format_RGB888)
        return 0 if image.scaledToWidth(width).save(path) else -1

    def __getattr__(self, name: str) -> Any:  # stop(), set_media()…: nothing to do
        return lambda *a, **k: None


def test_the_engine_gives_a_tile_its_delay_only_where_the_picture_has_a_code(qapp: Any) -> None:
    """The engine's own stills, read: the coded tile's delay and the frame its picture
    showed, none of either for the plain one, none once the tile is closed."""
    from PySide6.QtCore import QCoreApplication

    from ioc_desktop.video.engine import VideoEngine, _Slot
    from ioc_desktop.video.watchdog import StreamWatchdog, TileStatus

    engine = VideoEngine()
    engine._timer.stop()
    try:
        asked = time.time()
        for key, player in (("coded", _StillPlayer(0.8, 123)), ("plain", _StillPlayer(None))):
            dog = StreamWatchdog()
            dog.status = TileStatus.LIVE
            slot = _Slot(f"http://cam/{key}", 0, player, dog, light=True, start_no=1)
            slot.begun = True
            engine._slots[key] = slot
            engine._take_still(key, slot)
        engine._io.submit(lambda: None).result(timeout=5)
        QCoreApplication.processEvents()
        coded, plain = engine.stats("coded"), engine.stats("plain")
        assert coded is not None and coded.delay_s == pytest.approx(0.8, abs=0.1)
        assert plain is not None and plain.delay_s is None
        shown = coded.picture_frame
        assert shown is not None and (shown.index, shown.loop) == (123, 300)
        assert asked < shown.shown_at < time.time() + VideoEngine.STILL_SHOWN_AFTER_S
        assert plain.picture_frame is None
        assert engine.still("plain") is not None  # it did take the plain tile's still
        engine.close("coded")
        assert engine.stats("coded") is None
    finally:
        engine._slots.clear()
        engine.shutdown()
