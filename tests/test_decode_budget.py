"""The decode budget (video/decode_budget.py): a short probe, kept per PC, a sane default
before it and after the PC changes."""

from __future__ import annotations

import json
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

    decode_budget.save(tmp_path, DecodeBudget({"h264:720:full": 120.0}, 4, 0.25, True))
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
        }
        assert station["showing"]["layout"] == "overview"
    finally:
        c.close()
        server.stop()
