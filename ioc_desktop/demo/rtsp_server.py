"""A real RTSP server on loopback: GStreamer's (gst-rtsp-server, from Debian), as IP cameras
and NVRs serve their streams.

It runs under the system Python, which imports `gi` (`python3-gi`,
`gir1.2-gst-rtsp-server-1.0`); the app's venv does not, so the demo and the tests start it as a
child process (`gi_python()` finds that interpreter) and this file imports nothing of the app.
Each mount is `NAME=SOURCE`:

- `http://127.0.0.1:PORT/cam01-main`: a demo HTTP MPEG-TS stream (demo/streams.py) re-sent
  over RTSP as it is (H.264 depayloaded from the TS, no decoding, no encoding), so the demo's
  cameras can be offered over RTSP too;
- `test:h264:320x240@15` or `test:h265:…`: a live test picture encoded here (x264enc from the
  ugly plugins, x265enc from the bad ones). Its picture can be flipped between black and white
  by a line `flip NAME white|black` on stdin (the epoch time of the flip is printed), so a
  benchmark can time glass-to-glass delay (`:black` after it: it starts black, not a ball);
  `:tcp=PORT` also serves the same encoded stream as MPEG-TS over plain TCP, the baseline of
  that benchmark.

Credentials (`--user`, `--password`, `--auth basic|digest`) are required on every mount when
given. Prints one JSON line `{"ready": true, "port": N}`; exits when stdin closes.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from typing import Any

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

PATTERNS = {"ball": 18, "white": 3, "black": 2}


def test_launch(spec: str) -> tuple[str, int | None]:
    """(launch line, TCP port or None) of `test:CODEC:WxH@FPS[:tcp=PORT]`."""
    parts = spec.split(":")
    codec, size = parts[1], parts[2]
    dims, fps = size.split("@")
    width, height = dims.split("x")
    tcp = next((int(p[4:]) for p in parts[3:] if p.startswith("tcp=")), None)
    pattern = "black" if "black" in parts[3:] else "ball"  # a flip source starts black
    raw = (
        f"videotestsrc name=src is-live=true pattern={pattern} ! "
        f"video/x-raw,width={width},height={height},framerate={fps}/1 ! "
    )
    if codec == "h265":
        enc = (
            f"x265enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=400 ! "
            "h265parse config-interval=-1 ! "
        )
        pay = "rtph265pay name=pay0 pt=96 config-interval=1"
    else:
        enc = (
            f"x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=400 ! "
            "video/x-h264,profile=constrained-baseline ! h264parse config-interval=-1 ! "
        )
        pay = "rtph264pay name=pay0 pt=96 config-interval=1"
    if tcp is None:
        return f"( {raw}{enc}{pay} )", None
    # the same encoded stream also leaves as MPEG-TS over TCP: one encoder, two ways out
    line = (
        f"( {raw}{enc}tee name=t t. ! queue ! {pay} "
        f"t. ! queue leaky=downstream ! mpegtsmux alignment=7 ! "
        # neither waiting on the clock nor on a client: the RTSP branch must not wait for it
        f"tcpserversink host=127.0.0.1 port={tcp} sync-method=latest-keyframe "
        "sync=false async=false )"
    )
    return line, tcp


def http_launch(url: str) -> str:
    return (
        f"( souphttpsrc location={url} is-live=true do-timestamp=false ! "
        "tsdemux ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 config-interval=1 )"
    )


class Server:
    def __init__(self, args: argparse.Namespace) -> None:
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address("127.0.0.1")  # loopback only
        self.server.set_service(str(args.port))
        self.sources: dict[str, list[Any]] = {}  # mount → its videotestsrcs, for flips
        mounts = self.server.get_mount_points()
        permissions = self._auth(args)
        for mount in args.mount:
            name, source = mount.split("=", 1)
            factory = GstRtspServer.RTSPMediaFactory()
            tcp = None
            if source.startswith("test:"):
                line, tcp = test_launch(source)
                factory.connect("media-configure", self._on_configure, name)
            else:
                line = http_launch(source)
            factory.set_launch(line)
            # A pipeline per client, unless the mount's stream also leaves over plain TCP
            # (one encoder, two ways out). gst-rtsp-server 1.22 (Debian 12) aborts the whole
            # server on an assertion when clients set up or leave one shared stream at the
            # same moment (rtsp-media.c gst_rtsp_media_get_rates, rtsp-stream.c
            # create_and_plug_queue_to_linked_stream_probe_cb): 4 clients at once killed it
            # within 2-12 rounds, TCP or UDP alike. The app asks once per camera anyway (its
            # relay hub, video/relay.py).
            factory.set_shared(tcp is not None)
            factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP)
            if permissions is not None:
                factory.set_permissions(permissions)
            mounts.add_factory("/" + name, factory)

    def _auth(self, args: argparse.Namespace) -> Any:
        if not args.user:
            return None
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "viewer")
        if args.auth == "digest":
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            auth.add_digest(args.user, args.password, token)
        else:
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
        self.server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_role_from_structure(
            Gst.Structure.from_string(
                "viewer, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"
            )[0]
        )
        return permissions

    def _on_configure(self, _factory: Any, media: Any, name: str) -> None:
        src = media.get_element().get_by_name("src")
        self.sources.setdefault(name, []).append(src)
        media.connect("unprepared", lambda _m: self.sources[name].remove(src))  # client gone

    def flip(self, name: str, pattern: str) -> None:
        for src in self.sources.get(name, []):  # every client's picture
            src.set_property("pattern", PATTERNS[pattern])
        print(json.dumps({"flip": name, "pattern": pattern, "at": time.time()}), flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--user", default="")
    ap.add_argument("--password", default="")
    ap.add_argument("--auth", choices=("basic", "digest"), default="digest")
    ap.add_argument("mount", nargs="+", help="NAME=SOURCE")
    args = ap.parse_args(argv)
    Gst.init(None)
    server = Server(args)
    loop = GLib.MainLoop()
    if server.server.attach(None) == 0:
        print(json.dumps({"ready": False, "error": "cannot bind"}), flush=True)
        sys.exit(1)
    # test pictures start with the first client; a flip asked before then is kept for it
    print(json.dumps({"ready": True, "port": server.server.get_bound_port()}), flush=True)

    def read_stdin() -> None:
        for line in sys.stdin:
            words = line.split()
            if len(words) == 3 and words[0] == "flip":
                GLib.idle_add(server.flip, words[1], words[2])
        GLib.idle_add(loop.quit)

    threading.Thread(target=read_stdin, daemon=True).start()
    loop.run()


if __name__ == "__main__":
    main()
