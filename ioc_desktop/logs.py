"""Where the app's log goes: a rotating file in the platform's log dir (what support asks a
district office for), stderr when there is one (a windowed Windows build has none), and the
latest warnings and errors kept in memory for "copy diagnostics".

Every record passes one filter that hides secrets (a password inside a stream URL, a bearer
token, a token= query): a log file gets mailed around, a secret must never be in it.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
from collections import deque
from pathlib import Path

import platformdirs

from ioc_desktop.config import APP

LOG_FILE = "ioc-desktop.log"
MAX_BYTES = 5 * 2**20  # five files of 5 MiB: a week of a busy wall at INFO
BACKUPS = 4
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_URL_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")  # user:password@ in any URL
_SECRETS = [
    (_URL_CREDENTIALS, "***@"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1***"),
    (re.compile(r"(?i)\b((?:access_)?token|password|passwd)([=:]\s*)[^\s&,;'\"]+"), r"\1\2***"),
]


def redact_url(url: str) -> str:
    """The URL without user:password, for logs and screens."""
    return _URL_CREDENTIALS.sub("***@", url)


def redact(text: str) -> str:
    """`text` with credentials replaced by ***."""
    for pattern, repl in _SECRETS:
        text = pattern.sub(repl, text)
    return text


def log_dir() -> Path:
    return Path(os.environ.get("IOC_LOG_DIR") or platformdirs.user_log_dir(APP, appauthor=False))


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


class RecentProblems(logging.Handler):
    """The last warnings and errors, formatted, for the diagnostics report."""

    def __init__(self, keep: int = 50) -> None:
        super().__init__(logging.WARNING)
        self.lines: deque[str] = deque(maxlen=keep)
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


class Logging:
    """What setup() installed: the file (None when the log dir could not be written) and the
    recent problems."""

    def __init__(self, file: Path | None, recent: RecentProblems, problem: str | None) -> None:
        self.file, self.recent, self.problem = file, recent, problem


def setup(level: str = "INFO", directory: Path | None = None) -> Logging:
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.setLevel(getattr(logging, level))
    secrets = RedactSecrets()
    handlers: list[logging.Handler] = []
    if sys.stderr is not None:
        handlers.append(logging.StreamHandler(sys.stderr))
    directory = directory or log_dir()
    target = directory / LOG_FILE
    file: Path | None = target
    problem = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        )
    except OSError as exc:
        file, problem = None, f"log file not written ({directory}: {exc})"
    recent = RecentProblems()
    for h in [*handlers, recent]:
        if h is not recent:
            h.setFormatter(logging.Formatter(FORMAT))
        h.addFilter(secrets)
        root.addHandler(h)
    if problem:
        logging.getLogger(__name__).warning("%s", problem)
    return Logging(file, recent, problem)
