"""The recovery ladder (video/ladder.py): reconnect → the other profile → the alternate source
→ the last picture (the first retried), each attempt kept. Pure logic."""

from __future__ import annotations

from ioc_desktop.video.ladder import LadderPolicy, LadderRung, RecoveryLadder, Step

MAIN, SUB, RELAY = "rtsp://cam/main", "rtsp://cam/sub", "rtsp://nvr/relay/cam"


def climb(ladder: RecoveryLadder, failures: int) -> list[Step]:
    return [ladder.lost(float(i)) for i in range(failures)]


def test_a_camera_whose_main_fails_but_sub_works_ends_on_the_other_profile() -> None:
    ladder = RecoveryLadder(MAIN, other=SUB, alternate=RELAY)
    steps = climb(ladder, 2)
    assert steps == [Step(LadderRung.RECONNECT, MAIN), Step(LadderRung.OTHER_PROFILE, SUB)]
    ladder.went_live(2.5)
    assert ladder.live and ladder.rung is LadderRung.OTHER_PROFILE and ladder.url == SUB
    assert [a["outcome"] for a in ladder.summary()] == ["lost", "live"]


def test_a_dead_direct_url_with_a_working_relay_ends_on_the_alternate() -> None:
    ladder = RecoveryLadder(MAIN, other=SUB, alternate=RELAY)
    steps = climb(ladder, 3)  # main twice, sub once
    assert steps[-1] == Step(LadderRung.ALTERNATE, RELAY)
    ladder.went_live(3.2)
    assert ladder.rung is LadderRung.ALTERNATE and ladder.url == RELAY


def test_a_camera_that_is_gone_ends_on_its_last_picture_and_the_first_is_retried() -> None:
    ladder = RecoveryLadder(MAIN, other=SUB, alternate=RELAY, policy=LadderPolicy())
    steps = climb(ladder, 5)  # main ×2, sub, relay ×2
    assert steps[-1] == Step(LadderRung.LAST_PICTURE, None)
    assert ladder.lost(6.0) == Step(LadderRung.LAST_PICTURE, None)  # stays on the last rung
    assert ladder.retry_due(10.0) is None
    assert ladder.retry_due(40.0) == Step(LadderRung.RECONNECT, MAIN)  # every 30 s
    ladder.first_is_back(41.0)
    assert ladder.live and ladder.rung is LadderRung.RECONNECT
    rungs = [a["rung"] for a in ladder.summary()]
    assert rungs == [
        "reconnect",
        "other_profile",
        "alternate",
        "alternate",
        "last_picture",
        "last_picture",
        "reconnect",
    ]
    assert ladder.summary()[-1]["outcome"] == "live"


def test_rungs_without_a_source_are_skipped() -> None:
    ladder = RecoveryLadder(SUB)  # one stream, no relay
    assert climb(ladder, 2)[-1] == Step(LadderRung.LAST_PICTURE, None)
    same = RecoveryLadder(SUB, other=SUB)  # "the other profile" is the same URL: skipped
    assert climb(same, 2)[-1] == Step(LadderRung.LAST_PICTURE, None)


def test_a_short_outage_stays_on_the_first_stream() -> None:
    ladder = RecoveryLadder(MAIN, other=SUB, alternate=RELAY)
    assert ladder.lost(0.0) == Step(LadderRung.RECONNECT, MAIN)
    ladder.went_live(1.0)
    assert ladder.lost(100.0) == Step(LadderRung.RECONNECT, MAIN)  # a new outage: from the start
    summary = ladder.summary()
    assert summary[0]["outcome"] == "live" and summary[0]["s"] == 1.0
    assert summary[-1]["outcome"] == "running"


def test_live_on_a_fallback_the_first_stream_is_tried_again_every_30_s() -> None:
    ladder = RecoveryLadder(MAIN, other=SUB, alternate=RELAY)
    climb(ladder, 2)
    ladder.went_live(2.0)  # on the sub stream
    assert not ladder.back_due(20.0) and ladder.back_due(32.0)
    ladder.back_failed(32.5)  # main still dead: stay on sub, next try 30 s later
    assert not ladder.back_due(50.0) and ladder.back_due(62.5)
    ladder.first_is_back(63.0)
    assert ladder.rung is LadderRung.RECONNECT and ladder.url == MAIN
    assert not ladder.back_due(200.0)  # on the first: nothing to come back to
