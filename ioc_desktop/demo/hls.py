"""A live HLS stream on loopback, as camera clouds and NVR gateways hand them out: a live source
(RTSP or HTTP MPEG-TS) remuxed, without decoding, by FFmpeg's HLS muxer (in PyAV) into a
playlist of short segments, served over HTTP on 127.0.0.1.

`pause()` stops new segments (the playlist stands still, as when a gateway loses its camera)
and `resume()` lets them come again, so tests and benches can watch a player stall and
recover. Used by tests/probes/hls_probe.py and bench/rtsp_bridge.py.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class's own (instance) attribute
        ".m3u8": "application/vnd.apple.mpegurl",
        ".ts": "video/MP2T",
        "": "application/octet-stream",
    }

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class HlsStream:
    def __init__(self, source: str, segment_s: float = 1.0, list_size: int = 4) -> None:
        self.source = source
        self.segment_s = segment_s
        self.list_size = list_size
        self.folder = Path(tempfile.mkdtemp(prefix="ioc-hls-"))
        handler = functools.partial(_Quiet, directory=str(self.folder))
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # loopback only
        self._http.daemon_threads = True
        self.port = self._http.server_address[1]
        self._paused = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hls-muxer", daemon=True)
        self.segments = 0  # packets muxed, for a caller that waits for the first segment
        self.packets = 0
        self.error: str | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/live.m3u8"

    def start(self, wait_s: float = 20.0) -> HlsStream:
        threading.Thread(target=self._http.serve_forever, name="hls-http", daemon=True).start()
        self._thread.start()
        end = time.monotonic() + wait_s
        playlist = self.folder / "live.m3u8"
        while time.monotonic() < end and not playlist.exists() and self.error is None:
            time.sleep(0.05)
        return self

    def pause(self) -> None:
        self._paused.set()

    def resume(self) -> None:
        self._paused.clear()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._http.shutdown()
        self._http.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self) -> None:
        import av

        try:
            source = av.open(
                self.source,
                options={"rtsp_transport": "tcp", "analyzeduration": "0", "probesize": "32"},
                timeout=(10.0, 10.0),
            )
        except Exception as exc:  # the caller reads it; the URL may hold a password
            self.error = type(exc).__name__
            return
        video = source.streams.video[0]
        out = av.open(
            str(self.folder / "live.m3u8"),
            "w",
            format="hls",
            options={
                "hls_time": str(self.segment_s),
                "hls_list_size": str(self.list_size),
                "hls_flags": "delete_segments+omit_endlist+temp_file",
                "hls_segment_filename": str(self.folder / "seg%05d.ts"),
            },
        )
        stream: Any = out.add_stream_from_template(video)
        keyed = False  # a segment starts with a keyframe: after a pause, wait for one
        last_dts: int | None = None
        try:
            for packet in source.demux(video):
                if self._stop.is_set():
                    break
                if packet.dts is None:
                    continue
                if self._paused.is_set():
                    keyed = False
                    continue
                if not keyed and not packet.is_keyframe:
                    continue
                if last_dts is not None and packet.dts <= last_dts:
                    continue  # the muxer refuses time going back (a client joining the
                    # camera's shared session can repeat one): dropped, as gateways do
                keyed, last_dts = True, packet.dts
                packet.stream = stream
                out.mux(packet)
                self.packets += 1
        except Exception as exc:  # the source ended: the playlist stands still
            self.error = type(exc).__name__
        finally:
            out.close()
            source.close()
