"""End to end: a wall of three PCs (three real app processes, each on its own X display with
its own several-monitor geometry), two duty officers' workstations and the real demo backend
on loopback. A push shows on every station, each showing only its screens; a station killed
and restarted comes back on its part of the current layout; the wall's lease is taken,
refused, taken over with a reason and runs out when its holder is killed; after a backend
outage (the server stopped, then started again on its data) the journal lists every change,
with who and why, in order, and what the stations showed meanwhile reaches the backend.

The workstations are the app's own WallLink over the real client in this process (a
workstation's push is what its "Lên tường" button calls); the lease holder that is killed is
a process of its own. Light layouts (lists and KPI tiles): the video of a wall of stations
is bench/wall_stations.py's.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ioc_desktop.backend.client import BackendClient, BackendError
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec
from ioc_desktop.layout_session import LayoutSession
from ioc_desktop.store import Store
from ioc_desktop.wall_link import WallLink
from tests.conftest import REPO, display_env
from tests.xvfb import start_xvfb

pytestmark = pytest.mark.display
OUTAGE_S = float(os.environ.get("IOC_E2E_OUTAGE_S", "15"))  # the 60 s: set it so
# each station: its X screen, cut into its two monitors as the wall definition says
GEOMETRY = {
    "wall-pc-1": ("3840x1080x24", "1x2"),
    "wall-pc-2": ("1920x2160x24", "2x1"),
    "wall-pc-3": ("3840x1080x24", "1x2"),
}
# the demo wall: 2 rows × 3 columns, one PC per column (wall_control.DEMO_WALLS)
EXPECTED = {
    6: {"wall-pc-1": ["s1", "s4"], "wall-pc-2": ["s2", "s5"], "wall-pc-3": ["s3", "s6"]},
    4: {"wall-pc-1": ["s1", "s4"], "wall-pc-2": ["s2"], "wall-pc-3": ["s3"]},
}


def light(name: str, screens: int) -> Layout:
    kinds = ["incidents", "reports"]
    return Layout(
        name,
        f"Kiểm thử {name}",
        [
            ScreenSpec(f"s{i}", 1, 2, [PanelSpec(kinds[0], 0, 0), PanelSpec(kinds[1], 0, 1)])
            for i in range(1, screens + 1)
        ],
    )


class Station:
    """One wall PC: the real app on its own Xvfb, until it is killed or the test ends."""

    def __init__(self, name: str, url: str, home: Path, idle: Path) -> None:
        size, split = GEOMETRY[name]
        self.xvfb, display = start_xvfb(size)
        env = display_env(display)
        env["IOC_CONFIG_DIR"] = str(home / "config")
        env["IOC_DATA_DIR"] = str(home / "data")
        env["IOC_CACHE_DIR"] = str(home / "cache")
        self.log = open(home / "app.log", "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ioc_desktop",
                "--backend",
                url,
                "--token",
                DEMO_TOKEN,
                "--station",
                name,
                "--wall-split",
                split,
                "--layout",
                str(idle),
            ],
            env=env,
            cwd=home,
            stdout=self.log,
            stderr=self.log,
        )

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.xvfb.terminate()
        self.xvfb.wait(timeout=10)
        self.log.close()


def wait_for(what: str, check: Callable[[], bool], timeout: float) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            if check():
                return time.monotonic() - t0
        except BackendError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


def console(client: BackendClient, folder: Path, me: str, holder: str) -> WallLink:
    store = Store()
    library = LayoutLibrary(folder, folder)
    session = LayoutSession(library, light("desk", 1))
    return WallLink(client, session, store, me, follow=False, holder=holder, workstation=me)


HOLDER = """
import sys, time
from ioc_desktop.backend.client import BackendClient
c = BackendClient(sys.argv[1], "demo-token")
lease = c.take_wall_lease("Cường", "TRUC-03", ttl_s=10)
print("held", flush=True)
while True:  # renews until killed
    time.sleep(3)
    c.take_wall_lease("Cường", "TRUC-03", ttl_s=10, lease_id=lease.lease_id)
"""


@pytest.mark.timeout(420)
def test_a_wall_of_three_pcs_and_two_workstations(
    tmp_path: Path,
) -> None:
    backend = DemoHttpServer(Simulation(SimConfig(auto_progress=False, incident_rate=0.0)))
    backend.start()
    servers = [backend]
    url = backend.base_url
    watch = BackendClient(url, DEMO_TOKEN)
    for screens in (6, 4):
        watch.put_wall_layout(light(f"e2e-{screens}", screens).to_json(), None)
    idle = tmp_path / "idle.json"
    idle.write_text(json.dumps(light("idle", 1).to_json()), "utf-8")
    homes = {n: tmp_path / n for n in GEOMETRY}
    for home in homes.values():
        home.mkdir()
    stations = {n: Station(n, url, homes[n], idle) for n in GEOMETRY}
    an_client, binh_client = (BackendClient(url, DEMO_TOKEN) for _ in range(2))
    an = console(an_client, tmp_path / "an", "TRUC-01", "An")
    binh = console(binh_client, tmp_path / "binh", "TRUC-02", "Bình")
    an_told: list[str] = []
    an.sig_message.connect(an_told.append)

    def showing() -> dict[str, Any]:
        return {s["name"]: s for s in watch.wall_stations("main")}

    def all_show(screens: int) -> bool:
        version = watch.wall_state().version
        now = showing()
        return all(
            now[n]["up"]
            and (now[n]["showing"] or {}).get("version") == version
            and now[n]["showing"]["screens"] == want
            for n, want in EXPECTED[screens].items()
        )

    async def push(link: WallLink, layout: Layout, reason: str | None = None) -> bool:
        link.session.show_layout(layout, "open")
        return await link.push(takeover_reason=reason)

    try:
        wait_for("three stations up", lambda: all(s["up"] for s in showing().values()), 90)
        # 1. An pushes the six-screen layout: every station shows only its screens
        assert asyncio.run(push(an, light("e2e-6", 6)))
        wait_for("every station on its part of e2e-6", lambda: all_show(6), 30)
        # 2. Bình is refused (An holds the wall), then takes over with a reason
        assert not asyncio.run(push(binh, light("e2e-4", 4)))
        assert asyncio.run(push(binh, light("e2e-4", 4), reason="họp khẩn về lũ"))
        wait_for("every station on its part of e2e-4", lambda: all_show(4), 30)
        asyncio.run(an.push())  # An hears who took the wall, and why
        assert any("Bình" in m and "họp khẩn" in m for m in an_told), an_told
        # 3. a station killed: down on the workstations; restarted: back on its part
        stations["wall-pc-2"].kill()
        wait_for("wall-pc-2 seen down", lambda: not showing()["wall-pc-2"]["up"], 30)
        assert showing()["wall-pc-2"]["should_show"] == ["s2"]
        stations["wall-pc-2"].stop()
        stations["wall-pc-2"] = Station("wall-pc-2", url, homes["wall-pc-2"], idle)
        wait_for("wall-pc-2 back on its part", lambda: all_show(4), 90)
        # 4. a holder killed: its lease runs out and An takes the wall without a reason
        asyncio.run(binh.release())
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, url],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
        )
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        assert watch.wall_lease().holder == "Cường"
        holder.kill()
        holder.wait(timeout=10)
        wait_for("the killed holder's lease runs out", lambda: not watch.wall_lease().held, 20)
        # 5. a backend outage: the server stops, then starts again on the same data
        port, wall, sim = backend.port, backend.wall, backend.sim
        backend.stop()
        time.sleep(OUTAGE_S)
        assert not asyncio.run(push(an, light("e2e-6", 6)))  # told, not lost silently
        again = DemoHttpServer(sim, port=port)
        again.wall = wall
        servers.append(again.start())
        assert asyncio.run(push(an, light("e2e-6", 6)))
        wait_for("every station on e2e-6 after the outage", lambda: all_show(6), 45)
        journal = watch.wall_journal()[1]
        assert [(e["by"], e["workstation"], e["after"]["layout"]) for e in journal] == [
            ("TRUC-01", "TRUC-01", "e2e-6"),
            ("TRUC-02", "TRUC-02", "e2e-4"),
            ("TRUC-01", "TRUC-01", "e2e-6"),
        ]
        assert [e["seq"] for e in journal] == [1, 2, 3]
        for name in ("wall-pc-1", "wall-pc-3"):  # what they showed, once each, in order
            # a station reports what it shows, then uploads its log: the log may follow the
            # report it just made by a moment (its next step, on the link's own thread)
            def tail(n: str = name) -> list[str]:
                return [e["layout"] for e in watch.station_log("main", n)][-3:]

            with contextlib.suppress(AssertionError):  # told below, with the log
                wait_for(f"{name}'s log", lambda: tail() == ["e2e-6", "e2e-4", "e2e-6"], 10)
            log = watch.station_log("main", name)
            shown = [e["layout"] for e in log]
            assert shown[-3:] == ["e2e-6", "e2e-4", "e2e-6"], (name, log)
            ids = [e["id"] for e in watch.station_log("main", name)]
            assert len(ids) == len(set(ids))
    finally:
        for s in stations.values():
            s.stop()
        for c in (watch, an_client, binh_client):
            c.close()
        servers[-1].stop()
