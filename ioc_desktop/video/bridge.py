"""Which way each stream is played: by libVLC straight, or through the RTSP relay.

The engine asks `route(url)` for what its player should open. An `rtsp://` URL where this
libVLC has no RTSP client (Debian's: no live555) goes through a relay (relay.py), one per
camera stream, shared by every tile that shows it; everything else, and RTSP where libVLC has
it (Windows, macOS builds), is played as it is. Nothing outside `video/` knows which.
"""

from __future__ import annotations

from collections.abc import Callable

from ioc_desktop.i18n import translate
from ioc_desktop.video.relay import Problem, RelayHub, RelaySettings

RTSP_SCHEMES = ("rtsp://", "rtsps://")
TRANSPORTS = ("tcp", "udp")


def problem_text(problem: Problem) -> str:
    """What the tile says about a camera the relay could not read (never its URL)."""
    return {
        Problem.DENIED: translate("video_bridge", "sai mật khẩu"),
        Problem.NOT_FOUND: translate("video_bridge", "camera không có luồng này (sai đường dẫn)"),
        Problem.NO_ANSWER: translate("video_bridge", "camera không trả lời"),
        Problem.UNREACHABLE: translate("video_bridge", "không kết nối được camera"),
        Problem.ENDED: translate("video_bridge", "camera ngắt luồng"),
        Problem.UNPLAYABLE: translate("video_bridge", "luồng không có hình H.264/H.265"),
    }[problem]


class StreamRouter:
    """Routes URLs to players; owns the relays (made on the first RTSP camera)."""

    def __init__(self, has_rtsp: Callable[[], bool], settings: RelaySettings | None = None):
        self._has_rtsp = has_rtsp
        self.settings = settings or RelaySettings()
        self._hub: RelayHub | None = None

    def bridged(self, url: str) -> bool:
        return url.lower().startswith(RTSP_SCHEMES) and not self._has_rtsp()

    def route(self, url: str, transport: str | None = None) -> str:
        """The URL the player opens; a bridged one must be given back with release()."""
        if not self.bridged(url):
            return url
        if self._hub is None:
            self._hub = RelayHub(self.settings)
        return self._hub.acquire(url, transport if transport in TRANSPORTS else None)

    def release(self, play_url: str) -> None:
        if self._hub is not None:
            self._hub.release(play_url)

    def problem(self, play_url: str) -> Problem | None:
        """Why the relay behind play_url cannot read its camera now (None: it can, or no
        relay is behind it)."""
        return None if self._hub is None else self._hub.problem(play_url)

    def hub(self) -> RelayHub | None:
        return self._hub

    def close(self) -> None:
        if self._hub is not None:
            self._hub.close()
            self._hub = None
