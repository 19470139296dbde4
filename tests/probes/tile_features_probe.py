"""Camera tiles on real demo streams under Xvfb, one probe for what the operator relies on:
make-before-break switching (sampled from the screen, against a break-before-make baseline in
the same run), a camera tour, snapshots, muted audio, a frozen stream and an unsupported URL.
Prints JSON."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.config import Settings, cache_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import PanelSpec, ScreenSpec
from ioc_desktop.video.engine import VideoEngine
from tests.probes.freeze_proxy import FreezeProxy
from tests.probes.pump import pump_until
from tests.walls import close_wall, probe_services, probe_window
from widgets.camera_tile import CameraTile

# Mean luma of a tile showing nothing reads 11.4-12.2 here (its black surface, grabbed and
# scaled), a demo picture 53-55: at 12 the line went through the black readings, and whether a
# black sample counted was chance (a CI run measured 105 ms black where its neighbours read
# 44-54). Half-way between the two.
BLACK_LUMA = 30.0


def luma(tile: CameraTile) -> float:
    """Mean brightness of what the screen shows in the tile's video area, read back from X."""
    area = tile.video
    top_left = area.mapToGlobal(QPoint(0, 0))
    shot = QApplication.primaryScreen().grabWindow(
        0, top_left.x(), top_left.y(), area.width(), area.height()
    )
    img = shot.toImage().convertToFormat(QImage.Format.Format_Grayscale8).scaled(96, 54)
    arr = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return float(arr.reshape(img.height(), img.bytesPerLine())[:, : img.width()].mean())


def sample_luma(
    tile: CameraTile, until: Callable[[], bool], timeout: float
) -> list[tuple[float, float]]:
    """(ms, mean luma) screen samples of the tile, one after another (a sample takes 10-20 ms,
    and a spell is measured to one sample: at 30 ms pauses a 60 ms spell read up to 105),
    until the condition holds, then 0.5 s more."""
    samples: list[tuple[float, float]] = []
    t0 = time.monotonic()
    done_at: float | None = None
    while time.monotonic() - t0 < timeout:
        QCoreApplication.processEvents()
        samples.append(((time.monotonic() - t0) * 1000, luma(tile)))
        if done_at is None and until():
            done_at = time.monotonic()
        if done_at is not None and time.monotonic() - done_at > 0.5:
            break
        time.sleep(0.01)
    return samples


def black_ms(samples: list[tuple[float, float]]) -> float:
    """The longest black spell: from its first black sample to the next picture."""
    longest, start = 0.0, None
    for t, v in samples:
        if v < BLACK_LUMA:
            start = t if start is None else start
        elif start is not None:
            longest, start = max(longest, t - start), None
    return round(longest, 0)


def dead_ms(samples: list[tuple[float, float]]) -> float:
    """The longest time the tile showed no live picture: black, or the very same picture
    (a live demo picture changes every frame: clock, counter, moving bar)."""
    longest, start = 0.0, None
    for (t_prev, v_prev), (t, v) in itertools.pairwise(samples):
        dead = v < BLACK_LUMA or v == v_prev
        if dead and start is None:
            start = t_prev if v == v_prev and v_prev >= BLACK_LUMA else t
        if dead:
            longest = max(longest, t - start if start is not None else 0.0)
        else:
            start = None
    black = [t for t, v in samples if v < BLACK_LUMA]
    return round(max(longest, 40.0 if black else 0.0), 0)


def status(engine: VideoEngine, key: str) -> str | None:
    s = engine.stats(key)
    return s.status.value if s else None


def main() -> int:
    _app = QApplication(sys.argv[:1])  # kept alive for the whole probe
    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    proxy = FreezeProxy(demo.stream_port)
    snaps = Path(tempfile.mkdtemp(prefix="ioc-snap-"))
    services = probe_services(demo.base_url, demo.token, Settings(snapshot_dir=str(snaps)))
    store, engine = services.store, services.engine
    cams = BackendClient(demo.base_url, demo.token).cameras()
    base = cams[3]

    def via(url: str, port: int, scheme: str = "http") -> str:
        return re.sub(r"^http://127\.0\.0\.1:\d+", f"{scheme}://127.0.0.1:{port}", url)

    frozen_cam = dataclasses.replace(
        base,
        id="frz",
        name="Camera qua proxy",
        streams=tuple(dataclasses.replace(s, url=via(s.url, proxy.port)) for s in base.streams),
    )
    rtsp_cam = dataclasses.replace(
        base,
        id="rtsp",
        name="Camera RTMP",
        streams=tuple(dataclasses.replace(s, url=via(s.url, 1935, "rtmp")) for s in base.streams),
    )
    # the maximised tile's camera starts its streams a second late, like a camera that waits
    # for its next keyframe: what make-before-break is for (the demo server starts at once)
    slow = FreezeProxy(demo.stream_port, start_delay_s=1.0)
    cams[0] = dataclasses.replace(
        cams[0],
        streams=tuple(dataclasses.replace(s, url=via(s.url, slow.port)) for s in cams[0].streams),
    )
    store.set_cameras([*cams, frozen_cam, rtsp_cam])
    tour_ids = [cams[1].id, cams[2].id, cams[4].id]
    screen = ScreenSpec(
        "wall-1",
        2,
        2,
        [
            PanelSpec("camera", 0, 0, settings={"camera_id": cams[0].id}),
            PanelSpec("camera_tour", 0, 1, settings={"camera_ids": tour_ids, "dwell_s": 3}),
            PanelSpec("camera", 1, 0, settings={"camera_id": "frz"}),
            PanelSpec("camera", 1, 1, settings={"camera_id": "rtsp"}),
        ],
    )
    shell, win = probe_window(services, screen, "probe")
    a, tour, frz, rtsp = shell.panels_of(CameraTile)
    r: dict[str, object] = {}
    r["first_live_s"] = pump_until(
        lambda: all(status(engine, t.key) == "live" for t in (a, tour, frz)), 30
    )
    r["rtsp_status"] = status(engine, rtsp.key)
    r["rtsp_message"] = rtsp.message.text() if rtsp.stack.currentWidget() is rtsp.message else ""
    r["muted"] = [engine.is_muted(t.key) for t in (a, tour, frz)]

    # tour: the next camera within its dwell time, live, and the tile says where it is;
    # the name on the tile is always the name of the camera whose picture is on screen
    names = {c.id: c.name for c in cams}
    url_to_name = {s.url: names[c.id] for c in cams for s in c.streams}
    mismatched: list[tuple[str, str]] = []

    def watch_tour() -> bool:
        visited.append(tour.playing_url)
        shown = url_to_name.get(tour.playing_url or "", "")
        if shown and tour.title.text() != shown:
            mismatched.append((tour.title.text(), shown))
        return len(set(visited)) >= 3

    visited = [tour.playing_url]
    pump_until(watch_tour, 12)
    r["tour_title_mismatches"] = mismatched
    r["tour_urls"] = list(dict.fromkeys(u for u in visited if u))
    r["tour_subtitle"] = tour.subtitle.text()
    r["tour_live"] = status(engine, tour.key)

    # make before break: maximise -> main stream, sampled from the screen all along
    win.toggle_maximise(a.key)
    switch = sample_luma(a, lambda: (a.playing_url or "").endswith(cams[0].id), 15)
    r["switch_samples"] = len(switch)
    r["switch_black_ms"] = black_ms(switch)
    r["switch_dead_ms"] = dead_ms(switch)
    r["switch_trace"] = [(round(t), round(v, 2)) for t, v in switch]
    r["url_maximised"] = a.playing_url
    r["maximised_status"] = status(engine, a.key)

    # snapshot of the maximised (main) picture
    saved: list[str] = []
    # the tile says "Đã lưu ảnh chụp: <path>" for the status bar
    a.sig_status.connect(lambda text: saved.append(text.split(": ", 1)[1]))
    a.take_snapshot()
    pump_until(lambda: bool(saved), 5)
    r["snapshot"] = saved[0] if saved else None
    if saved:
        with Image.open(saved[0]) as img:
            lo, hi = img.convert("L").getextrema()
            r["snapshot_size"] = list(img.size)
            r["snapshot_range"] = [lo, hi]
    r["snapshot_camera_name"] = cams[0].name

    # baseline in the same run: break before make (close, then open) on the same tile
    sub = next(s.url for s in cams[0].streams if s.profile == "sub")
    engine.open(a.key, sub, int(a.video.front.winId()))
    baseline = sample_luma(a, lambda: status(engine, a.key) == "live", 15)
    r["baseline_samples"] = len(baseline)
    r["baseline_dead_ms"] = dead_ms(baseline)
    r["baseline_black_ms"] = black_ms(baseline)
    win._restore()
    pump_until(lambda: False, 1.0)

    # a frozen stream: bytes stop, the socket stays open
    pump_until(lambda: status(engine, frz.key) == "live", 15)
    seen: list[str] = []
    engine.channel(frz.key).sig_status_changed.connect(lambda s, _d: seen.append(s))
    proxy.frozen.set()
    r["stalled_after_s"] = pump_until(lambda: status(engine, frz.key) == "stalled", 15)
    r["stalled_pill"] = frz.pill.text()
    r["lost_after_s"] = pump_until(lambda: status(engine, frz.key) == "lost", 15)
    proxy.frozen.clear()
    r["live_again_s"] = pump_until(lambda: status(engine, frz.key) == "live", 20)
    r["frozen_statuses"] = seen
    close_wall(services, shell)
    proxy.close()
    slow.close()
    demo.stop()
    print(json.dumps(r, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
