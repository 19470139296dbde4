"""Issue #20's pictures without video (ioc_desktop/video/stills.py): the schedule that says
which tile's picture is due, the client's snapshot fetch (the token only on the backend's
host) and the feed that brings pictures to a tile's channel off the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from ioc_desktop.backend.client import BackendClient, BackendError
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.video.stills import (
    BACKOFF_MAX_S,
    StillFeed,
    StillPicture,
    StillSchedule,
    StillSource,
)

SNAP = StillSource("cam01", "/api/v1/cameras/cam01/snapshot")


def test_a_wanted_still_is_due_at_once_then_every_few_seconds_from_its_start() -> None:
    s = StillSchedule(workers=2)
    s.want("t1", SNAP, now=100.0)
    assert [k for k, *_ in s.due(100.0)] == ["t1"]
    assert s.due(100.5) == []  # busy: never two fetches of one tile at once
    gen = s.wants["t1"].generation
    assert s.done("t1", gen, ok=True, now=101.5)  # took 1.5 s
    assert s.due(103.9) == []
    assert [k for k, *_ in s.due(104.0)] == ["t1"]  # 4 s after the last start, not end


def test_at_most_workers_fetches_run_the_most_overdue_first() -> None:
    s = StillSchedule(workers=2)
    for i, at in enumerate((5.0, 1.0, 3.0)):
        s.want(f"t{i}", StillSource(f"cam{i}", f"/s/{i}"), now=at)
    assert [k for k, *_ in s.due(10.0)] == ["t1", "t2"]
    assert s.due(10.0) == []  # both workers busy
    s.done("t1", s.wants["t1"].generation, ok=True, now=10.2)
    assert [k for k, *_ in s.due(10.3)] == ["t0"]


def test_a_failing_camera_is_asked_less_often_up_to_a_cap_and_normally_once_it_answers() -> None:
    s = StillSchedule()
    s.want("t", SNAP, now=0.0)
    now, waits = 0.0, []
    for _ in range(6):
        (key, _src, gen), *_ = s.due(now)
        s.done(key, gen, ok=False, now=now)
        nxt = s.next_due()
        assert nxt is not None
        waits.append(nxt - now)
        now = nxt
    assert waits[0] == 8.0 and waits == sorted(waits) and max(waits) == BACKOFF_MAX_S
    (key, _src, gen), *_ = s.due(now)
    s.done(key, gen, ok=True, now=now)
    assert s.next_due() == now + SNAP.every_s


def test_an_answer_for_a_dropped_or_changed_want_is_not_the_tiles_picture() -> None:
    s = StillSchedule()
    s.want("t", SNAP, now=0.0)
    (_, _, gen), *_ = s.due(0.0)
    s.want("t", StillSource("cam02", "/api/v1/cameras/cam02/snapshot"), now=0.5)  # a tour
    assert not s.done("t", gen, ok=True, now=1.0)
    s.drop("t")
    assert not s.done("t", gen + 1, ok=True, now=1.0) and s.next_due() is None


@pytest.fixture()
def demo() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation(SimConfig())).start()
    yield srv
    srv.stop()


class _Camera(BaseHTTPRequestHandler):
    """A camera's own snapshot URL: remembers the headers it was asked with."""

    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        _Camera.seen.append(dict(self.headers))
        body = b"\xff\xd8\xff\xe0not really"
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_the_client_sends_its_token_to_the_backend_only(demo: DemoHttpServer) -> None:
    client = BackendClient(demo.base_url, DEMO_TOKEN)
    jpeg = client.camera_snapshot("/api/v1/cameras/cam01/snapshot")
    assert jpeg[:3] == b"\xff\xd8\xff"
    assert client.camera_snapshot(demo.base_url + "/api/v1/cameras/cam02/snapshot")[:2] == (
        b"\xff\xd8"
    )
    with pytest.raises(BackendError):
        client.camera_snapshot("/api/v1/cameras/nope/snapshot")
    camera = ThreadingHTTPServer(("127.0.0.1", 0), _Camera)
    threading.Thread(target=camera.serve_forever, daemon=True).start()
    try:
        got = client.camera_snapshot(f"http://127.0.0.1:{camera.server_port}/onvif/snap.jpg")
    finally:
        camera.shutdown()
    assert got.startswith(b"\xff\xd8")
    assert "Authorization" not in _Camera.seen[-1]  # the backend's token stays home
    with pytest.raises(BackendError):
        client.camera_snapshot("file:///etc/passwd")


def test_the_feed_brings_each_tile_its_pictures_and_tells_a_failure(
    qtbot: QtBot, demo: DemoHttpServer
) -> None:
    client = BackendClient(demo.base_url, DEMO_TOKEN)
    feed = StillFeed(fetch=client.camera_snapshot)
    try:
        got: list[StillPicture] = []
        failed: list[str] = []
        feed.channel("a").sig_picture.connect(got.append)
        feed.channel("b").sig_failed.connect(failed.append)
        feed.want("a", SNAP)
        feed.want("b", StillSource("camX", "/api/v1/cameras/nope/snapshot"))
        qtbot.waitUntil(lambda: bool(got) and bool(failed), timeout=5000)
        pic = got[0]
        assert pic.from_snapshot and pic.camera_id == "cam01"
        assert (pic.image.width(), pic.image.height()) == (640, 360)
        assert feed.latest("a") is pic and feed.latest("b") is None
        feed.drop("a")
        assert feed.latest("a") is None and feed.wanted("a") is None
    finally:
        feed.shutdown()


def test_a_camera_without_a_snapshot_url_gives_one_picture_of_its_stream(qtbot: QtBot) -> None:
    grabbed: list[str] = []

    def grab(url: str) -> QImage:
        grabbed.append(url)
        image = QImage(64, 36, QImage.Format.Format_RGB888)
        image.fill(0x336699)
        return image

    feed = StillFeed(fetch=None, credentials=lambda u: u + "?with-password", grab=grab)
    try:
        got: list[StillPicture] = []
        feed.channel("t").sig_picture.connect(got.append)
        feed.want("t", StillSource("cam01", None, "http://127.0.0.1:9/cam01-sub"))
        qtbot.waitUntil(lambda: bool(got), timeout=3000)
        assert grabbed == ["http://127.0.0.1:9/cam01-sub?with-password"]
        assert not got[0].from_snapshot
        feed.want("u", StillSource("cam02", "/snap", None))  # no fetcher, no stream: nothing
        assert feed.wanted("u") is None
    finally:
        feed.shutdown()
