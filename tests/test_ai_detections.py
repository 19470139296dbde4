"""AI-camera detections in the demo are true: the boxes it reports enclose what it drew.

Pixels are read from rendered clip frames (the same function the encoder calls), so this
runs without video in well under a second a frame.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
import requests
from PIL import Image

from ioc_desktop.backend import contract
from ioc_desktop.demo.clips import ClipSpec, render_frame
from ioc_desktop.demo.detections import FRAMES, DemoAnalytics, iso_ms
from ioc_desktop.demo.scene import CROWD_CAMERAS, WRONG_WAY_CAMERAS, scene
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation

pytestmark = pytest.mark.unit
TOLERANCE_PX = 1.0  # a box may miss its object's pixels by at most this (PIL rounds edges)


def packed(img: np.ndarray) -> np.ndarray:
    """RGB as one integer a pixel: one comparison finds a colour."""
    rgb = img.astype(np.int32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def object_pixels(img: np.ndarray, color: tuple[int, int, int]) -> np.ndarray:
    return np.argwhere(img == (color[0] << 16 | color[1] << 8 | color[2]))


@pytest.mark.parametrize(
    ("camera", "size"), [("cam01", (640, 360)), ("cam02-sub", (640, 360)), ("cam08", (1280, 720))]
)
def test_boxes_enclose_the_drawn_objects(camera: str, size: tuple[int, int]) -> None:
    spec = ClipSpec(camera, "Camera", *size)
    checked = tight = 0
    for frame in (0, 40, 75, 120, 150, 180, 225, 299):
        img = packed(np.asarray(render_frame(spec, frame)))
        objects = scene(camera, *size, frame, FRAMES)
        colors = [o.color for o in objects]
        for obj in objects:
            if colors.count(obj.color) > 1:
                continue  # two objects of one colour: their pixels cannot be told apart
            px = object_pixels(img, obj.color)
            if len(px) == 0:
                continue  # wholly hidden behind a later object
            x0, y0, x1, y1 = obj.box
            ys, xs = px[:, 0], px[:, 1]
            assert xs.min() >= x0 - TOLERANCE_PX and xs.max() <= x1 + TOLERANCE_PX, obj
            assert ys.min() >= y0 - TOLERANCE_PX and ys.max() <= y1 + TOLERANCE_PX, obj
            checked += 1
            box_area = (x1 - x0) * (y1 - y0)
            if len(px) >= 0.9 * box_area:  # not covered by another: the box is tight too
                tight += 1
                assert xs.min() <= x0 + 2 and xs.max() >= x1 - 2, obj
                assert ys.min() <= y0 + 2 and ys.max() >= y1 - 2, obj
    assert checked >= 30 and tight >= 20


def test_main_and_sub_streams_show_the_same_objects() -> None:
    for frame in (10, 150, 260):
        main = {
            o.track_id: o.normalised(1280, 720) for o in scene("cam02", 1280, 720, frame, FRAMES)
        }
        sub = {
            o.track_id: o.normalised(640, 360) for o in scene("cam02-sub", 640, 360, frame, FRAMES)
        }
        assert main.keys() - sub.keys() <= {k for k in main if main[k][1] > 0.85}
        for key in main.keys() & sub.keys():
            assert np.allclose(main[key][:2], sub[key][:2], atol=0.005), key


def test_alerts_come_from_what_the_picture_shows() -> None:
    analytics = DemoAnalytics(origin=1000.0)
    wrong = sorted(WRONG_WAY_CAMERAS)[0]
    crowd = sorted(CROWD_CAMERAS)[0]
    at = analytics.frame_time
    assert [a[0] for a in analytics.alerts(wrong, at(FRAMES // 2))] == ["carWrongDirection"]
    assert analytics.alerts(wrong, at(5)) == []  # the wrong-way car comes in the middle half
    kinds = [a[0] for a in analytics.alerts(crowd, at(FRAMES + FRAMES // 2))]  # next loop
    assert kinds == ["crowd"]
    assert analytics.alerts(crowd, at(3)) == []  # the people are apart at the loop's start
    assert analytics.frame_at(at(1234) + 0.001) == 1234


@pytest.fixture()
def server() -> Iterator[DemoHttpServer]:
    sim = Simulation(SimConfig())
    srv = DemoHttpServer(sim).start()
    yield srv
    srv.stop()


def get(srv: DemoHttpServer, path: str) -> requests.Response:
    h = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    return requests.get(srv.base_url + path, headers=h, timeout=5)


def test_alerts_raise_incidents_and_reach_the_feed(server: DemoHttpServer) -> None:
    sim = server.sim
    with sim.lock:
        sim.ai.analytics.origin = sim._tick_time(sim.tick) - 40  # the streams ran 40 s
        start_events = sim.events[-1]["seq"]
        for tick in range(sim.tick + 1, sim.tick + 31):  # one minute more
            sim.ai.step(sim._tick_time(tick), sim._ai_incident, sim._emit)
    page = get(server, "/api/v1/ai-events").json()
    assert contract.first_error("AiEventPage", page) is None
    kinds = {e["type"] for e in page["events"]}
    assert kinds == {"carWrongDirection", "crowd"}
    raised = [e for e in page["events"] if e["incident_id"]]
    incidents = {i["id"]: i for i in get(server, "/api/v1/incidents").json()}
    for event in raised:
        inc = incidents[event["incident_id"]]
        assert inc["sub_category"] == event["type"] and event["camera_id"] in inc["camera_ids"]
    feed = get(server, f"/api/v1/events?after={start_events}").json()["events"]
    assert {e["data"]["id"] for e in feed if e["type"] == "ai.event"} == {
        e["id"] for e in page["events"]
    }
    # the next page is empty, and a cursor from a restarted backend starts again
    assert get(server, f"/api/v1/ai-events?after={page['cursor']}").json()["events"] == []
    assert get(server, "/api/v1/ai-events?after=999999").json()["cursor"] == page["cursor"]

    # the snapshot is the very frame the boxes were found on
    event = page["events"][0]
    png = get(server, event["snapshot_url"])
    assert png.status_code == 200 and png.headers["Content-Type"].startswith("image/png")
    shot = np.asarray(Image.open(io.BytesIO(png.content)).convert("RGB"))
    spec = ClipSpec(f"{event['camera_id']}-sub", shot_label(sim, event["camera_id"]), 640, 360)
    assert np.array_equal(shot, np.asarray(render_frame(spec, event["frame"]["index"] % FRAMES)))
    assert get(server, "/api/v1/ai-events/AI-999999/snapshot").status_code == 404


def shot_label(sim: Simulation, camera_id: str) -> str:
    return str(next(c["name"] for c in sim.cameras if c["id"] == camera_id))


def test_an_alert_from_a_camera_gone_from_the_catalogue_raises_no_incident() -> None:
    """A camera dropped from the list (a test breaking the list, a camera retired) while its
    stream's analytics still alert: the alert is kept without an incident, and the step, which
    a request to the backend runs, goes on (it raised StopIteration: the answer was lost)."""
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    with sim.lock:
        sim.cameras = [c for c in sim.cameras if c["id"] not in WRONG_WAY_CAMERAS | CROWD_CAMERAS]
        incidents = len(sim.incidents)
        sim.ai.analytics.origin = sim._tick_time(sim.tick) - 40
        for tick in range(sim.tick + 1, sim.tick + 31):
            sim.ai.step(sim._tick_time(tick), sim._ai_incident, sim._emit)
    alerts = sim.ai.events
    assert alerts and all(e["incident_id"] is None for e in alerts)
    assert len(sim.incidents) == incidents


def test_detection_frames_follow_the_stream_clock(server: DemoHttpServer) -> None:
    analytics = server.sim.ai.analytics
    with server.sim.lock:
        analytics.origin -= 60  # the streams started a minute ago
    t0 = analytics.frame_time(analytics.frame_at(analytics.origin + 30))
    answer = get(
        server,
        f"/api/v1/cameras/cam01/detections?from={iso_ms(t0).replace('+', '%2B')}"
        f"&to={iso_ms(t0 + 2).replace('+', '%2B')}",
    )
    body = answer.json()
    assert contract.first_error("DetectionFrames", body) is None
    assert len(body["frames"]) in (10, 11)  # 5 a second (the end rounded to the ms)
    first = body["frames"][0]
    expected = scene("cam01", 1280, 720, first["frame"] % FRAMES, FRAMES)
    assert [o["track_id"] for o in first["objects"]] == [o.track_id for o in expected]
    assert (
        get(
            server,
            "/api/v1/cameras/nope/detections?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:01Z",
        ).status_code
        == 404
    )


def test_the_client_reads_alerts_frames_and_snapshots(server: DemoHttpServer) -> None:
    from ioc_desktop.backend.client import BackendClient

    sim = server.sim
    with sim.lock:
        sim.ai.analytics.origin -= 60
        sim.ai.step(sim.ai.analytics.frame_time(FRAMES + FRAMES // 2), None, sim._emit)
    client = BackendClient(server.base_url, DEMO_TOKEN)
    cursor, alerts = client.ai_events(0)
    assert alerts and cursor == alerts[-1].seq
    alert = alerts[0]
    assert alert.objects and all(0 <= o.x <= 1 and 0 < o.w <= 1 for o in alert.objects)
    png = client.ai_snapshot(alert.snapshot_url or "")
    assert png.startswith(b"\x89PNG")
    start = alert.at.timestamp()
    frames = client.camera_detections("cam01", iso_ms(start), iso_ms(start + 1))
    assert frames[0].at == alert.at and frames[0].frame_index == alert.frame_index
    client.close()


def test_picture_clock_and_frame_choice() -> None:
    from datetime import UTC, datetime

    from ioc_desktop.analytics_feed import PictureClock
    from ioc_desktop.backend.analytics import DetectionFrame, frame_for

    # connected 5.69 s into the stream: the GOP cache sent the keyframe of second 5; the
    # first picture (that keyframe) showed at 5.91; 2 s later the picture is second 7.0
    clock = PictureClock(origin=100.0, gop_s=1.0, connected_at=105.69, first_picture_at=105.91)
    assert clock.first_picture_stream_time() == 105.0
    assert abs(clock.shown_at(107.91) - 107.0) < 1e-9 and abs(clock.delay_s() - 0.91) < 1e-9
    frames = [DetectionFrame(datetime.fromtimestamp(100 + k * 0.2, UTC), ()) for k in range(10)]
    picked = frame_for(frames, datetime.fromtimestamp(100.93, UTC), 0.12)
    assert picked is not None and picked.at.timestamp() == 101.0
    assert frame_for(frames, datetime.fromtimestamp(103.5, UTC), 0.12) is None


def test_one_frame_reading_puts_a_clock_one_gop_off_right() -> None:
    """A player that connected just before a keyframe but was answered after it: the guess
    says the keyframe before (1 s early, boxes 1 s late); one still's frame mark places the
    picture to the frame, whichever turn of the clip's loop the stream is in."""
    from ioc_desktop.analytics_feed import PictureClock

    for turns in (0, 300):  # the first loop, and an hour in (frame 90225: index 225)
        origin = 100.0 - turns * 12.0
        # truly: first picture frame 150 (stream time 106.0) at 106.25, 0.25 s behind
        guess = PictureClock(origin, 1.0, connected_at=105.96, first_picture_at=106.25)
        assert guess.first_picture_stream_time() == pytest.approx(105.0)  # one GOP early
        assert guess.shown_at(109.25) == pytest.approx(108.0)
        # a still: frame 225 of the 300-frame loop was on screen at 109.25
        fixed = PictureClock(origin, 1.0, 105.96, 106.25, 25.0, 225, 300, 109.25)
        assert fixed.anchored() and not guess.anchored()
        assert fixed.shown_at(109.25) == pytest.approx(109.0)
        assert fixed.shown_at(111.0) == pytest.approx(110.75)
        assert fixed.delay_s() == pytest.approx(0.25)
        # a guess already right stays right; one a GOP late is put right too
        late = PictureClock(origin, 1.0, 107.0, 106.25, 25.0, 225, 300, 109.25)
        assert late.estimated_first_picture_time() == pytest.approx(107.0)
        assert late.shown_at(109.25) == pytest.approx(109.0)


def test_a_tile_anchors_its_clock_on_a_frame_read_since_it_last_went_live() -> None:
    from datetime import UTC, datetime
    from types import SimpleNamespace
    from typing import Any

    from ioc_desktop.backend.analytics import DetectionFrame
    from ioc_desktop.video.tile_delay import PictureFrame
    from widgets.detection_overlay import TileDetections

    at = datetime.fromtimestamp(100.0 + 150 / 25, UTC)
    feed = SimpleNamespace(frames=lambda _cam: [DetectionFrame(at, (), 150)])

    def clock_of(went_live: list[float], shown: PictureFrame | None) -> Any:
        stats = SimpleNamespace(went_live_at=went_live, picture_frame=shown)
        engine = SimpleNamespace(
            stats=lambda _key: stats, settings=SimpleNamespace(network_caching_ms=300)
        )
        tile = SimpleNamespace(engine=engine, key="k")
        me = SimpleNamespace(tile=tile, feed=feed, camera_id="cam01", _fps=lambda: 25.0)
        return TileDetections.clock(me)  # type: ignore[arg-type]

    read = PictureFrame(225, 300, 109.25)
    assert clock_of([106.25], read).shown_at(109.25) == pytest.approx(109.0)
    assert not clock_of([106.25], None).anchored()
    # a reading of before the stream's last recovery says nothing of its picture now
    assert not clock_of([106.25, 110.0], read).anchored()
