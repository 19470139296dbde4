"""The decode budget (video/decode_budget.py): a short probe, kept per PC, a sane default
before it and after the PC changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ioc_desktop.video import decode_budget
from ioc_desktop.video.planner import DecodeBudget


def test_before_any_measure_the_default_is_used(tmp_path: Path) -> None:
    b = decode_budget.load(tmp_path)
    assert not b.measured and b.fps_per_core["h264:720:full"] > 0


def test_a_measure_is_kept_and_read_back_on_the_same_pc(tmp_path: Path) -> None:
    b = DecodeBudget({"h264:360:full": 900.0, "h264:360:light": 1100.0}, 4, 0.3, True)
    decode_budget.save(tmp_path, b)
    assert decode_budget.load(tmp_path) == b


def test_another_cpu_or_gpu_means_the_default_until_re_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decode_budget.save(tmp_path, DecodeBudget({"h264:360:full": 9.0}, 4, 0.3, True))
    monkeypatch.setenv("IOC_GPU_NAME", "another GPU")
    assert not decode_budget.load(tmp_path).measured
    (tmp_path / decode_budget.FILE_NAME).write_text("{not json")
    monkeypatch.delenv("IOC_GPU_NAME")
    assert not decode_budget.load(tmp_path).measured  # unreadable: default, no crash
    (tmp_path / decode_budget.FILE_NAME).write_text(json.dumps({"machine": 1}))
    assert not decode_budget.load(tmp_path).measured


def test_the_probe_decodes_each_profile_full_and_light(tmp_path: Path) -> None:
    b = decode_budget.measure(frames=12)
    assert b.measured and set(b.fps_per_core) == {
        f"h264:{h}:{m}" for h in (360, 720) for m in ("full", "light")
    }
    assert all(v > 0 for v in b.fps_per_core.values())
    # more pixels decode slower, whatever the machine's load
    assert b.fps_per_core["h264:360:full"] > b.fps_per_core["h264:720:full"]


def test_a_station_reports_its_budget_and_workstations_read_it(tmp_path: Path) -> None:
    """The contract's optional StationReport.decode_budget: sent with every report (not in
    the station's log), read back in the wall's station list."""
    import asyncio

    from ioc_desktop.backend.client import BackendClient
    from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
    from ioc_desktop.demo.simulation import SimConfig, Simulation
    from ioc_desktop.station_link import StationLink

    decode_budget.save(tmp_path, DecodeBudget({"h264:720:full": 120.0}, 4, 0.25, True, 31))
    server = DemoHttpServer(Simulation(SimConfig(auto_progress=False))).start()
    c = BackendClient(server.base_url, DEMO_TOKEN)
    shown = {"layout": "overview", "version": 1, "screens": ["wall-2"], "failed": []}
    link = StationLink(
        c,
        "main",
        "wall-pc-2",
        lambda: shown,
        every_s=0.1,
        budget=lambda: decode_budget.report(tmp_path),
    )

    async def scenario() -> None:
        link.start()
        for _ in range(50):
            await asyncio.sleep(0.1)
            stations = await asyncio.to_thread(c.wall_stations, "main")
            if any(s["name"] == "wall-pc-2" and s["showing"] for s in stations):
                break
        await link.stop()

    try:
        asyncio.run(scenario())
        station = next(s for s in c.wall_stations("main") if s["name"] == "wall-pc-2")
        assert station["showing"]["decode_budget"] == {
            "fps_per_core": {"h264:720:full": 120.0},
            "cores": 4,
            "wall_share": 0.25,
            "measured": True,
            "display_tiles": 31,
        }
        assert station["showing"]["layout"] == "overview"
    finally:
        c.close()
        server.stop()


# -- the display probe: decoding and display (video/display_probe.py) -------------------------


def test_the_display_probe_sets_the_wall_share_so_the_wall_it_held_is_the_edge() -> None:
    """A PC whose probe held 30 light 360p tiles is planned to 85 % of that: 25 such tiles
    fit, the 30 it held at the edge do not (some step down), whatever its decoding rates."""
    from ioc_desktop.video.planner import Priority, Rung, Stream, TileNeed, plan

    sub = Stream("h264", 640, 360, 25.0)
    decoded = DecodeBudget({"h264:360:light": 1500.0, "h264:360:full": 1200.0}, 2, 0.25, True)

    def wall(n: int) -> list[TileNeed]:
        return [TileNeed(f"t{i}", 320, 180, Priority.NORMAL, None, sub, False) for i in range(n)]

    b = decode_budget.with_display(decoded, held=30)
    assert b.display_tiles == 30 and b.measured and b.fps_per_core == decoded.fps_per_core
    assert plan(wall(25), b).load_planned <= 1.0 and not plan(wall(25), b).stepped_down
    held = plan(wall(30), b)
    assert held.load_asked > 1.0 and held.count(Rung.STILL) >= 1
    # the wall played on during the probe: its cost is the PC's too (a bigger share)
    busy = decode_budget.with_display(decoded, held=20, running_cost=10 * 25 / 1500)
    assert busy.wall_share == pytest.approx(b.wall_share, rel=1e-3)
    # the probe starts near what the decode-only budget expects, less what the wall plays
    assert decode_budget.probe_start(decoded) == round(0.5 / (25 / 1500))
    assert decode_budget.probe_start(decoded, running_cost=0.5) == 4  # at least a few tiles


def test_a_wall_that_fell_short_is_counted_again_before_it_is_believed() -> None:
    """A passing load (or one tile still catching up) must not read as the PC's edge; a
    wall that is too big fails every count; one that holds is counted once."""
    from ioc_desktop.video.display_probe import COUNTS, judged

    def counts(*rates: list[float]) -> Callable[[], list[float]]:
        left = list(rates)
        return lambda: left.pop(0)

    assert judged(counts([25.0, 24.9])) == ([25.0, 24.9], 1)
    assert judged(counts([25.0, 19.0], [25.0, 24.8])) == ([25.0, 24.8], 2)
    fps, n = judged(counts(*([[25.0, 19.0]] * COUNTS)))
    assert n == COUNTS >= 2 and min(fps) == 19.0


def test_the_probes_search_grows_then_halves_the_gap() -> None:
    from ioc_desktop.video.display_probe import MAX_STEPS, next_count

    def search(capacity: int, start: int, max_tiles: int = 64) -> tuple[int, list[int]]:
        tried, held, failed = [], 0, None
        n: int | None = start
        while n is not None and len(tried) < MAX_STEPS:
            tried.append(n)
            if n <= capacity:
                held = max(held, n)
            else:
                failed = n if failed is None else min(failed, n)
            n = next_count(n, held, failed, max_tiles)
        return held, tried

    held, tried = search(30, 16)
    assert tried[:3] == [16, 21, 28] and 28 <= held <= 30 and len(tried) <= MAX_STEPS
    assert search(30, 30)[0] == 30  # a good first guess: one more wall that fails, done
    assert search(2, 16)[0] >= 1  # a weak PC: down until one holds
    assert search(0, 4)[0] == 0  # nothing holds (no screen): 0, not a guess
    assert search(100, 40, max_tiles=64) == (64, [40, 52, 64])  # stops at its ceiling


def _fake_probe(monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    import sys

    monkeypatch.setattr(
        decode_budget, "probe_command", lambda *a, **k: [sys.executable, "-c", code]
    )
    monkeypatch.setattr(decode_budget, "wait_quiet", lambda: 0.0)  # tested on its own


@pytest.mark.parametrize(
    "code",
    [
        'print(\'{"held": 0, "steps": []}\')',  # showed nothing: no screen, no video output
        "print('not json at all')",
        "import sys; sys.exit(3)",
        'print(\'{"held": "many"}\')',
    ],
)
def test_a_display_probe_that_shows_nothing_leaves_the_wall_share_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    _fake_probe(monkeypatch, code)
    monkeypatch.setattr(decode_budget, "measure", lambda: DecodeBudget(measured=True))
    b = decode_budget.measure_and_keep(tmp_path)
    assert b.measured and b.display_tiles == 0 and b.wall_share == DecodeBudget().wall_share
    assert decode_budget.load(tmp_path) == b


def test_a_display_measure_is_kept_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_probe(monkeypatch, "print('log line'); print('{\"held\": 28, \"failed\": 31}')")
    monkeypatch.setattr(decode_budget, "measure", lambda: DecodeBudget(measured=True))
    b = decode_budget.measure_and_keep(tmp_path, running_cost=lambda _b: 0.1)
    assert b.display_tiles == 28 and b.wall_share != DecodeBudget().wall_share
    assert b == decode_budget.with_display(DecodeBudget(measured=True), 28, 0.1)
    assert decode_budget.load(tmp_path) == b
    assert decode_budget.report(tmp_path)["display_tiles"] == 28


@pytest.mark.display
def test_the_display_probe_plays_real_players_in_real_windows(
    xvfb: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real child: libVLC players on the probe's clip, in native windows on an X screen,
    counted by libVLC's own displayed pictures (2 tiles, then a third: ~15 s)."""
    from tests.conftest import display_env

    for key, value in display_env(xvfb).items():
        monkeypatch.setenv(key, value)
    answer = decode_budget.measure_display(2, max_tiles=3, count_s=2.0, timeout_s=90)
    assert answer is not None, "the probe showed nothing"
    first = answer["steps"][0]
    assert first["tiles"] == 2 and first["tile_px"][0] > 600 and first["tile_px"][1] > 400
    assert first["median_fps"] > 15  # real pictures shown (the machine's load decides "holds")
    assert answer["held"] >= 1 and answer["profile"] == "h264:360:light"


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="the kernel's CPU counters")
def test_the_probes_wait_for_the_rest_of_the_pc_to_be_quiet() -> None:
    """Another program's burst is not this PC's capacity: the probes wait (a while) until
    the others leave the cores; the app's own wall is not the others' (it is counted apart,
    as the wall the probe shares the PC with)."""
    import os
    import subprocess
    import sys
    import threading
    import time

    cores = os.cpu_count() or 1
    burner = subprocess.Popen(
        [sys.executable, "-c", "import time\nt = time.time() + 8\nwhile time.time() < t: pass"]
    )
    try:
        time.sleep(0.3)
        others = decode_budget.others_busy(1.0)
        started = time.monotonic()
        share = decode_budget.wait_quiet(max_wait_s=1.5, limit=0.5 / cores)
        waited = time.monotonic() - started
    finally:
        burner.kill()
        burner.wait()
    assert others is not None and others >= 0.7 / cores  # one core of the PC's, busy
    assert share is not None and share > 0.5 / cores and 1.5 <= waited < 4.0  # gave up
    stop = time.monotonic() + 1.5

    def burn() -> None:  # this process's own work: not the others'
        while time.monotonic() < stop:
            pass

    own = threading.Thread(target=burn)
    own.start()
    try:
        mine = decode_budget.others_busy(1.0)
    finally:
        own.join()
    assert mine is not None and mine < others - 0.5 / cores
