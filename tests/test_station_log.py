"""What a station actually showed survives a backend outage and a restart, reaches the
backend once each, in order, and an entry from the future is refused with the reason."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.station_link import StationLink
from ioc_desktop.station_log import StationLog

pytestmark = pytest.mark.unit


def shown(layout: str, version: int = 1) -> dict[str, Any]:
    return {"layout": layout, "version": version, "screens": ["wall-2"], "failed": []}


def test_each_change_is_kept_once_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    j = StationLog(path)
    assert j.record(shown("overview"), at=100.0)
    assert not j.record(shown("overview"), at=101.0)  # no change: not logged again
    assert j.record(shown("flood-storm", 2), at=102.0)
    j.close()
    again = StationLog(path)  # a restart: the last entry known, nothing lost
    assert not again.record(shown("flood-storm", 2))
    batch = again.unsent()
    assert [e["layout"] for e in batch] == ["overview", "flood-storm"]
    assert batch[0]["at"].startswith("1970-01-01T00:01:40")
    again.mark_sent([batch[0]["id"]])
    assert [e["layout"] for e in again.unsent()] == ["flood-storm"]
    again.close()


def test_an_unreadable_log_is_set_aside_and_said(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    path.write_bytes(b"not a database" * 100)
    j = StationLog(path)
    assert j.problem and "unreadable" in j.problem
    assert list(tmp_path.glob("log.sqlite.unreadable-*"))
    assert j.record(shown("overview"))
    j.close()


@pytest.fixture()
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation(SimConfig(auto_progress=False, incident_rate=0.0))).start()
    yield srv
    srv.stop()


def test_the_backend_counts_each_entry_once_and_refuses_the_future(
    server: DemoHttpServer,
) -> None:
    c = BackendClient(server.base_url, DEMO_TOKEN)
    now = datetime.now(UTC)
    entry = {"id": "a1", "at": now.isoformat(), "layout": "x", "version": 1, "screens": []}
    future = {**entry, "id": "f1", "at": now.replace(year=now.year + 1).isoformat()}
    first = c.upload_station_log("main", "wall-pc-1", [entry, future])
    assert first["accepted"] == 1 and first["duplicates"] == 0
    assert first["refused"][0]["id"] == "f1" and "future" in first["refused"][0]["reason"]
    again = c.upload_station_log("main", "wall-pc-1", [entry])  # the answer was lost: resent
    assert again == {"accepted": 0, "duplicates": 1, "refused": []}
    assert [e["id"] for e in c.station_log("main", "wall-pc-1")] == ["a1"]
    from ioc_desktop.backend.client import BackendHttpError

    with pytest.raises(BackendHttpError) as err:
        c.upload_station_log("main", "no-such-pc", [entry])
    assert err.value.status == 404
    c.close()


def test_what_a_station_showed_during_an_outage_reaches_the_backend(
    server: DemoHttpServer, tmp_path: Path, qapp: Any
) -> None:
    c = BackendClient(server.base_url, DEMO_TOKEN)
    now: dict[str, Any] = {"v": shown("overview", 1)}
    log = StationLog(tmp_path / "log.sqlite")
    link = StationLink(c, "main", "wall-pc-2", lambda: now["v"], every_s=0.1, journal=log)

    async def scenario() -> None:
        link.start()
        await asyncio.sleep(0.5)
        server.faults.status = 503  # the backend answers nothing useful for a while
        for i in range(2, 6):  # the station keeps showing (what it shows changes)
            now["v"] = shown(f"layout-{i}", i)
            await asyncio.sleep(0.25)
        assert log.count(sent=False) >= 4, "kept on the station meanwhile"
        server.faults.status = None
        t0 = time.monotonic()
        while log.count(sent=False) and time.monotonic() - t0 < 5:
            await asyncio.sleep(0.05)
        await link.stop()

    asyncio.run(scenario())
    got = [e["layout"] for e in c.station_log("main", "wall-pc-2")]
    assert got == ["overview", "layout-2", "layout-3", "layout-4", "layout-5"]
    assert link.uploaded == 5
    c.close()
    log.close()


def test_the_station_logs_disk_is_used_off_the_ui_thread(
    server: DemoHttpServer, tmp_path: Path, qapp: Any
) -> None:
    """The link's loop runs on the UI thread (qasync); the log's SQLite calls run on the
    link's own thread, in order: a write waits for the disk, and then for the GIL."""
    import threading

    calls: list[tuple[str, int]] = []

    class Watched(StationLog):
        def record(self, shown: dict[str, Any], at: float | None = None) -> bool:
            calls.append(("record", threading.get_ident()))
            return super().record(shown, at)

        def unsent(self, limit: int = 50) -> list[dict[str, Any]]:
            calls.append(("unsent", threading.get_ident()))
            return super().unsent(limit)

        def mark_sent(self, ids: list[str]) -> None:
            calls.append(("mark_sent", threading.get_ident()))
            super().mark_sent(ids)

    c = BackendClient(server.base_url, DEMO_TOKEN)
    log = Watched(tmp_path / "log.sqlite")
    link = StationLink(
        c, "main", "wall-pc-3", lambda: shown("overview", 1), every_s=0.1, journal=log
    )

    async def scenario() -> None:
        link.start()
        t0 = time.monotonic()
        while link.uploaded < 1 and time.monotonic() - t0 < 5:
            await asyncio.sleep(0.05)
        await link.stop()

    ui = threading.get_ident()
    asyncio.run(scenario())
    assert link.uploaded == 1
    kinds = [k for k, _ in calls]
    assert {"record", "unsent", "mark_sent"} <= set(kinds), kinds
    assert kinds.index("record") < kinds.index("unsent")  # kept before it is looked for
    assert all(t != ui for _, t in calls), calls
    c.close()
    log.close()
