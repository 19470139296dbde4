"""Live demo streams: libVLC's stream output serving each clip as HTTP MPEG-TS on loopback.

Runs as a child process (`python -m ioc_desktop.demo.streams`), so the app keeps exactly one
`vlc.Instance` of its own and a stalled muxer can never take the UI with it. The child exits
when its stdin closes, i.e. when the parent goes away, however it went.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ioc_desktop.video.libvlc import load_vlc


def serve(port: int, clips: dict[str, Path]) -> None:
    vlc = load_vlc()
    instance = vlc.Instance(["--no-xlib", "--quiet", "--no-audio", "--sout-keep"])
    for name, path in clips.items():
        sout = f"#std{{access=http,mux=ts,dst=127.0.0.1:{port}/{name}}}"
        # input-repeat replays the clip inside one input, so the HTTP stream never ends for
        # its clients (VLM's own loop restarts the output and drops every connection)
        options = [b"input-repeat=65535"]
        instance.vlm_add_broadcast(name, str(path), sout, len(options), options, True, False)
        instance.vlm_play_media(name)
    print(json.dumps({"ready": True, "port": port, "streams": sorted(clips)}), flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    for name in clips:
        instance.vlm_stop_media(name)
    instance.vlm_release()
    instance.release()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("clip", nargs="+", help="NAME=PATH")
    args = ap.parse_args(argv)
    clips = {c.split("=", 1)[0]: Path(c.split("=", 1)[1]) for c in args.clip}
    serve(args.port, clips)


if __name__ == "__main__":
    main()
