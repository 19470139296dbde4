"""The backend's bearer token lives in the OS keyring (Windows Credential Manager, macOS
Keychain, the Secret Service on Linux), under the backend's address: never in a file, never
in a log. Where no keyring exists (a wall PC without a desktop session), the token is kept
in memory for this run only and the operator is told why they will be asked again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import quote, urlsplit, urlunsplit

import keyring
import keyring.errors
from keyring.backends import fail

from ioc_desktop.i18n import translate
from ioc_desktop.logs import redact

log = logging.getLogger(__name__)
SERVICE = "ioc-desktop"


def account(backend_url: str) -> str:
    """The keyring entry's name: the backend's address without credentials or trailing /."""
    return redact(backend_url).rstrip("/")


def keyring_usable() -> bool:
    backend = keyring.get_keyring()
    return not isinstance(backend, fail.Keyring) and backend.priority > 0


class TokenStore:
    def __init__(self, backend_url: str) -> None:
        self.account = account(backend_url)

    def load(self) -> str | None:
        if not keyring_usable():
            return None
        try:
            return keyring.get_password(SERVICE, self.account)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring could not be read: %s", exc)
            return None

    def save(self, token: str) -> str | None:
        """None when kept; else why not (a sentence for the operator)."""
        if not keyring_usable():
            return translate(
                "credentials",
                "Máy này không có kho khoá của hệ điều hành: phiên đăng nhập chỉ giữ đến khi"
                " đóng IOC Wall.",
            )
        try:
            keyring.set_password(SERVICE, self.account, token)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring could not be written: %s", exc)
            return translate(
                "credentials", "Không lưu được phiên đăng nhập vào kho khoá: {reason}"
            ).format(reason=exc)
        return None

    def forget(self) -> None:
        if not keyring_usable():
            return
        try:
            keyring.delete_password(SERVICE, self.account)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored
        except keyring.errors.KeyringError as exc:
            log.warning("keyring entry could not be removed: %s", exc)


CAMERA_SERVICE = "ioc-desktop-camera"


def camera_account(url: str) -> str | None:
    """The keyring entry of a camera's credentials: scheme://host[:port] (None: not a URL)."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


class CameraCredentials:
    """A camera's user and password from the OS keyring, for a stream URL the backend gave
    without them (service CAMERA_SERVICE, account `rtsp://host:port`, secret `user:password`,
    e.g. `keyring set ioc-desktop-camera rtsp://10.1.2.3:554`). Credentials the backend put in
    the URL win. What the keyring says is read again after KEEP_S (a refused camera retries
    every 15 s, so a password fixed in the keyring meanwhile is used); what the operator typed
    this run (`remember`) wins over it. Never logged."""

    KEEP_S = 10.0

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._found: dict[str, tuple[str | None, float]] = {}  # account: (secret, read at)
        self._typed: dict[str, str] = {}

    def lookup(self, account: str) -> str | None:
        if account in self._typed:
            return self._typed[account]
        kept = self._found.get(account)
        if kept is not None and self._now() - kept[1] < self.KEEP_S:
            return kept[0]
        secret = None
        if keyring_usable():
            try:
                secret = keyring.get_password(CAMERA_SERVICE, account)
            except keyring.errors.KeyringError as exc:
                log.warning("keyring could not be read: %s", exc)
        self._found[account] = (secret, self._now())
        return secret

    def remember(self, account: str, user: str, password: str) -> str | None:
        """Keep a camera's user and password, entered by the operator for `account`
        (scheme://host[:port]): in the OS keyring where there is one, and for this run in any
        case, so the camera's next try uses them. None when kept for good; else why only for
        this run (a sentence for the operator). Never logged."""
        self._typed[account] = f"{user}:{password}"
        if not keyring_usable():
            return translate(
                "credentials",
                "Máy này không có kho khoá của hệ điều hành: mật khẩu camera chỉ giữ đến khi"
                " đóng IOC Wall.",
            )
        try:
            keyring.set_password(CAMERA_SERVICE, account, f"{user}:{password}")
        except keyring.errors.KeyringError as exc:
            log.warning("keyring could not be written for a camera: %s", type(exc).__name__)
            return translate(
                "credentials",
                "Không lưu được mật khẩu camera vào kho khoá ({reason}): chỉ giữ đến khi đóng"
                " IOC Wall.",
            ).format(reason=type(exc).__name__)
        return None

    def user_of(self, account: str) -> str:
        """The user kept for a camera (never its password), to fill the dialog in."""
        secret = self.lookup(account) or ""
        return secret.split(":", 1)[0] if ":" in secret else ""

    def apply(self, url: str) -> str:
        """url with the keyring's credentials for its camera, if it has none of its own."""
        parts = urlsplit(url)
        account = camera_account(url)
        if account is None or parts.username is not None:
            return url
        secret = self.lookup(account)
        if not secret or ":" not in secret:
            return url
        user, password = secret.split(":", 1)
        netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{parts.netloc}"
        return urlunsplit(parts._replace(netloc=netloc))
