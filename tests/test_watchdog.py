"""Every status a tile can show, from observations alone (no libVLC)."""

from __future__ import annotations

from ioc_desktop.video.engine import redact_url
from ioc_desktop.video.watchdog import StreamWatchdog, TileStatus, WatchdogPolicy

POLICY = WatchdogPolicy(
    connect_timeout_s=5,
    stall_after_s=2,
    lost_after_s=4,
    backoff_initial_s=1,
    backoff_max_s=4,
    backoff_fast_max_s=4,
)


def dog() -> StreamWatchdog:
    d = StreamWatchdog(POLICY)
    d.start(0.0)
    return d


def test_connecting_then_live() -> None:
    d = dog()
    assert not d.observe(1.0, 0, False)
    assert d.status is TileStatus.CONNECTING
    d.observe(2.0, 10, False)
    assert d.status is TileStatus.LIVE
    assert d.frame_age(2.5) == 0.5


def test_frozen_stream_stalls_then_is_lost_and_reconnects_with_backoff() -> None:
    d = dog()
    d.observe(1.0, 25, False)
    d.observe(3.5, 25, False)
    assert d.status is TileStatus.STALLED
    d.observe(5.5, 25, False)
    assert d.status is TileStatus.LOST
    assert not d.observe(6.0, 25, False)  # waits for the back-off
    assert d.observe(6.6, 25, False)  # 1 s after being lost: reconnect
    assert d.status is TileStatus.CONNECTING and d.reconnects == 1


def test_backoff_doubles_and_caps() -> None:
    d = dog()
    delays = []
    now = 0.0
    for _ in range(5):
        now += POLICY.connect_timeout_s + 0.1
        d.observe(now, 0, False)
        assert d.status is TileStatus.LOST
        delays.append(d.backoff_s)
        now = d.retry_at or now
        assert d.observe(now, 0, False)
    assert delays == [1, 2, 4, 4, 4]


def test_recovery_resets_backoff() -> None:
    d = dog()
    d.observe(6.0, 0, False)
    assert d.status is TileStatus.LOST
    d.observe(7.0, 0, False)
    d.observe(8.0, 30, False)
    assert d.status is TileStatus.LIVE and d.backoff_s == 0


def test_player_error_is_lost_at_once() -> None:
    d = dog()
    d.observe(0.5, 0, True)
    assert d.status is TileStatus.LOST and d.detail == "luồng báo lỗi"


def test_unsupported_never_retries() -> None:
    d = dog()
    d.mark_unsupported("no RTSP")
    assert not d.observe(100.0, 0, True)
    assert d.status is TileStatus.UNSUPPORTED


def test_credentials_never_reach_logs() -> None:
    assert redact_url("rtsp://admin:s3cret@10.0.0.5/ch1") == "rtsp://***@10.0.0.5/ch1"
    assert redact_url("http://127.0.0.1:8000/cam01") == "http://127.0.0.1:8000/cam01"


def test_young_outage_retries_fast_then_slows_down() -> None:
    """Short outages come back within seconds; a camera dead for long costs one try in 15 s."""
    d = StreamWatchdog(WatchdogPolicy(connect_timeout_s=5))
    d.start(0.0)
    d.observe(1.0, 25, False)
    now, delays = 1.0, []
    while now < 200:
        d.observe(now, d.frames, True)  # the server refuses: lost at once
        delays.append((round(now), d.backoff_s))
        now = d.retry_at or now
        d.observe(now, d.frames, True)  # the retry (connecting again)
    early = [b for t, b in delays if t < 60]
    late = [b for t, b in delays if t > 90]
    assert early[:3] == [1, 2, 3] and max(early) == 3
    assert late and set(late) == {15}
