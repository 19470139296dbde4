"""Starts and stops the whole demo backend: HTTP API now, live streams as soon as clips exist.

The API answers at once (cameras listed with their stream URLs) while clips are encoded on a
worker thread the first time, so the wall opens immediately and its tiles honestly say
"connecting" until the streams come up.
"""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ioc_desktop.demo.clips import ClipSpec, ensure_clips
from ioc_desktop.demo.recorder import Recorder
from ioc_desktop.demo.rtsp import RtspServer
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation

log = logging.getLogger(__name__)

# the demo's RTSP cameras ask for these (digest), as a province's cameras ask for theirs
RTSP_USER = "demo"
RTSP_PASSWORD = "demo-camera"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DemoBackend:
    def __init__(
        self,
        cache_dir: Path,
        port: int = 0,
        stream_port: int = 0,
        hostile_reports: bool = False,
        seed: int = 20251101,
        progress: Callable[[int, int], None] | None = None,
        main_size: tuple[int, int] = (1280, 720),
        grain: int = 0,
        incident_rate: float | None = None,
        walls_file: Path | None = None,
        scale: str = "light",
        rtsp: bool = False,
        record: bool = True,
    ) -> None:
        self.grain = grain
        # record: a rolling recording of every camera's sub stream, for instant replay
        self.record = record
        self.recorder: Recorder | None = None
        self.cache_dir = cache_dir
        self.stream_port = stream_port or free_port()
        # rtsp: the cameras are offered over RTSP (GStreamer's server re-sending each HTTP
        # stream as it is, with digest credentials), as IP cameras and NVRs serve them
        self.rtsp_port = free_port() if rtsp else 0
        self.rtsp: RtspServer | None = None
        config = SimConfig(
            seed=seed,
            stream_base_url=(
                f"rtsp://{RTSP_USER}:{RTSP_PASSWORD}@127.0.0.1:{self.rtsp_port}"
                if rtsp
                else f"http://127.0.0.1:{self.stream_port}"
            ),
            hostile_reports=hostile_reports,
            main_size=main_size,
            scale=scale,
        )
        if incident_rate is not None:
            config.incident_rate = incident_rate
        self.sim = Simulation(config)
        self.http = DemoHttpServer(self.sim, port, walls_file=walls_file)
        self.token = DEMO_TOKEN
        self.progress = progress
        self._proc: subprocess.Popen[str] | None = None
        self._clips: dict[str, Path] = {}
        self._thread: threading.Thread | None = None
        self.streams_ready = threading.Event()
        self.error: str | None = None

    @property
    def base_url(self) -> str:
        return self.http.base_url

    def start(self, wait_for_streams: bool = False) -> DemoBackend:
        self.http.start()
        self._thread = threading.Thread(
            target=self._bring_up_streams, name="demo-streams", daemon=True
        )
        self._thread.start()
        if wait_for_streams:
            self.streams_ready.wait(timeout=120)
        return self

    def _bring_up_streams(self) -> None:
        try:
            # one clip per encoder (the province's cameras share the sites' encoders, each
            # showing its site's name); sub streams first: they are what most tiles show
            unique: dict[str, ClipSpec] = {}
            for c in self.sim.cameras:
                for s in c["streams"]:
                    name = s["url"].rsplit("/", 1)[1]
                    unique.setdefault(
                        name, ClipSpec(name, c["name"], s["width"], s["height"], grain=self.grain)
                    )
            specs = sorted(unique.values(), key=lambda spec: spec.width)
            self._clips = ensure_clips(specs, self.cache_dir / "clips", self.progress)
            self.start_streams()
        except Exception as exc:  # reported, never fatal: tiles will say "lost"
            self.error = f"demo streams failed: {exc}"
            log.exception("demo streams failed")

    def start_streams(self) -> None:
        """(Re)start the stream server child process on the same port."""
        # a packaged build has no "python -m": it re-runs itself with a subcommand
        entry = (
            ["demo-streams"]
            if getattr(sys, "frozen", False)
            else ["-m", "ioc_desktop.demo.streams"]
        )
        cmd = [sys.executable, *entry, "--port", str(self.stream_port)]
        cmd += [f"{k}={v}" for k, v in self._clips.items()]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self._proc.stdout.readline() if self._proc.stdout else ""
        if not line or not json.loads(line).get("ready"):
            raise RuntimeError("stream server did not start")
        with self.sim.lock:  # the streams' frame 0 is now: the analytics follow their clock
            self.sim.ai.analytics.origin = time.time()
        if self.record and self.recorder is None:  # it reconnects by itself after a restart
            subs = {k: f"http://127.0.0.1:{self.stream_port}/{k}" for k in self._clips}
            subs = {k: url for k, url in subs.items() if k.endswith("-sub")}
            self.recorder = Recorder(subs, folder=None).start()
            self.http.recorder = self.recorder
        if self.rtsp_port:
            mounts = {k: f"http://127.0.0.1:{self.stream_port}/{k}" for k in self._clips}
            self.rtsp = RtspServer(
                mounts, self.rtsp_port, user=RTSP_USER, password=RTSP_PASSWORD
            ).start()
            log.info("demo RTSP cameras on 127.0.0.1:%d", self.rtsp_port)
        self.streams_ready.set()
        log.info("demo streams on 127.0.0.1:%d", self.stream_port)

    def stop_streams(self) -> None:
        """Kill the stream server as a crashed camera server would die."""
        proc, self._proc = self._proc, None
        self.streams_ready.clear()
        if self.rtsp is not None:
            self.rtsp.stop()
            self.rtsp = None
        if proc is None:
            return
        proc.kill()
        proc.wait(timeout=10)
        for pipe in (proc.stdin, proc.stdout):
            if pipe:
                pipe.close()

    def stop_recorder(self) -> None:
        """The recorder goes away (tests: replay must say so, live must go on)."""
        if self.recorder is not None:
            self.recorder.stop()

    def stop(self) -> None:
        self.http.stop()
        self.stop_recorder()
        if self._thread:
            self._thread.join(timeout=120)
        self.stop_streams()
