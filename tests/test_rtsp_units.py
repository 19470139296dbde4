"""The RTSP pieces without a camera: the watchdog's "wrong password" state, camera credentials
from the keyring, which way a URL is played, and what an FFmpeg failure means."""

from __future__ import annotations

import socket
import urllib.request

import keyring
import pytest
from keyring.backend import KeyringBackend

from ioc_desktop.credentials import CAMERA_SERVICE, CameraCredentials, camera_account
from ioc_desktop.video.bridge import StreamRouter
from ioc_desktop.video.relay import Problem, RelaySettings, classify
from ioc_desktop.video.watchdog import StreamWatchdog, TileStatus, WatchdogPolicy

pytestmark = pytest.mark.unit


def test_a_denied_camera_stays_denied_through_its_slow_retries_until_a_picture() -> None:
    dog = StreamWatchdog(WatchdogPolicy(backoff_max_s=15))
    dog.start(0.0)
    dog.deny(0.5, "sai mật khẩu")
    assert dog.status == TileStatus.DENIED and dog.detail == "sai mật khẩu"
    assert dog.observe(10.0, 0, True) is False  # a failed player says nothing new
    assert dog.observe(15.6, 0, False) is True  # retried after backoff_max_s...
    assert dog.status == TileStatus.DENIED and dog.reconnects == 1  # ...still said as denied
    dog.deny(15.8, "sai mật khẩu")
    assert dog.observe(16.0, 0, False) is False and dog.retry_at == pytest.approx(30.6)
    assert dog.observe(31.0, 0, False) is True
    assert dog.observe(31.5, 3, False) is False  # the password was fixed: pictures
    assert dog.status == TileStatus.LIVE and dog.detail == ""


class MemoryKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring  # type: ignore[misc]
    keyring.set_keyring(before)


def test_camera_credentials_come_from_the_keyring_unless_the_url_has_its_own(
    memory_keyring: MemoryKeyring,
) -> None:
    assert camera_account("rtsp://10.1.2.3:554/Streaming/101") == "rtsp://10.1.2.3:554"
    assert camera_account("rtsp://u:p@cam.local/x") == "rtsp://cam.local"
    keyring.set_password(CAMERA_SERVICE, "rtsp://10.1.2.3:554", "admin:p@ss:w/rd")
    creds = CameraCredentials()
    assert (
        creds.apply("rtsp://10.1.2.3:554/Streaming/101")
        == "rtsp://admin:p%40ss%3Aw%2Frd@10.1.2.3:554/Streaming/101"
    )
    # the backend's own credentials win; another camera has none
    assert creds.apply("rtsp://op:x@10.1.2.3:554/a") == "rtsp://op:x@10.1.2.3:554/a"
    assert creds.apply("rtsp://10.1.2.4:554/a") == "rtsp://10.1.2.4:554/a"
    assert creds.apply("not a url") == "not a url"


def test_only_rtsp_without_a_libvlc_client_is_relayed() -> None:
    router = StreamRouter(lambda: False, RelaySettings())
    try:
        assert router.route("http://127.0.0.1:9/cam") == "http://127.0.0.1:9/cam"
        a = router.route("rtsp://u:p@127.0.0.1:9/cam")
        b = router.route("rtsp://u:p@127.0.0.1:9/cam")
        c = router.route("rtsp://u:p@127.0.0.1:9/cam", "udp")
        assert a == b != c  # one relay per camera stream and transport
        assert a.startswith("http://127.0.0.1:") and "u:p" not in a
        with urllib.request.urlopen(a.rsplit("/relay/", 1)[0] + "/relay/999", timeout=5) as r:
            pytest.fail(f"an unknown relay answered {r.status}")
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
    finally:
        router.close()
    assert StreamRouter(lambda: True).route("rtsp://h/x") == "rtsp://h/x"  # libVLC has RTSP


def test_ffmpeg_failures_are_told_by_kind_never_by_their_text() -> None:
    import av.error

    def err(cls: type) -> BaseException:
        return cls(1, "rtsp://admin:secret@h/x")  # type: ignore[no-any-return]

    assert classify(err(av.error.HTTPUnauthorizedError)) == Problem.DENIED
    assert classify(err(av.error.HTTPForbiddenError)) == Problem.DENIED
    assert classify(err(av.error.HTTPNotFoundError)) == Problem.NOT_FOUND
    assert classify(err(av.error.ConnectionRefusedError)) == Problem.UNREACHABLE
    # whatever FFmpeg made of a silence, the time it took tells it
    assert classify(err(av.error.InvalidDataError), 4.9, 5.0) == Problem.NO_ANSWER
    assert classify(err(av.error.InvalidDataError), 0.1, 5.0) == Problem.ENDED


def test_nothing_listens_beyond_loopback() -> None:
    router = StreamRouter(lambda: False)
    try:
        router.route("rtsp://127.0.0.1:9/x")
        hub = router.hub()
        assert hub is not None
        with socket.create_connection(("127.0.0.1", hub.port), timeout=5):
            pass
        assert hub._server.server_address[0] == "127.0.0.1"
    finally:
        router.close()


def test_where_libvlc_has_rtsp_it_plays_the_camera_itself_over_tcp_unless_told_udp(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows' and macOS' libVLC carry live555: no relay, the camera's own URL (credentials
    from the keyring put in), TCP asked with :rtsp-tcp (live555's default is UDP), none for a
    camera the backend says is UDP. Debian's libVLC has no live555, so the client is made to
    say it has one here: what is checked is what the engine asks of libVLC, not the playing."""
    from ioc_desktop.video import engine as engine_module

    monkeypatch.setattr(engine_module.VideoEngine, "_has_rtsp", lambda self: True)
    ring = MemoryKeyring()
    before = keyring.get_keyring()
    keyring.set_keyring(ring)
    ring.set_password(CAMERA_SERVICE, "rtsp://10.9.8.7:554", "admin:pw")
    engine = engine_module.VideoEngine(credentials=CameraCredentials().apply)
    asked: list[tuple[str, tuple[str, ...]]] = []
    media_new = engine.instance.media_new

    def record(url: str, *options: str) -> object:
        asked.append((url, options))
        return media_new(url, *options)

    monkeypatch.setattr(engine.instance, "media_new", record)
    try:
        engine.open("tcp", "rtsp://10.9.8.7:554/Streaming/Channels/101", 0)
        engine.open("udp", "rtsp://10.9.8.7:554/Streaming/Channels/102", 0, transport="udp")
        assert asked[0] == ("rtsp://admin:pw@10.9.8.7:554/Streaming/Channels/101", (":rtsp-tcp",))
        assert asked[1] == ("rtsp://admin:pw@10.9.8.7:554/Streaming/Channels/102", ())
        assert engine.router.hub() is None  # no relay was made
    finally:
        engine.shutdown()
        keyring.set_keyring(before)
