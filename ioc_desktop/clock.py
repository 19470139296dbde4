"""The province's time: every clock and every time on the wall reads in it, whatever zone the
PC is set to.

A wall PC set to UTC (common for servers and freshly imaged machines) used to show an
incident the backend stamped 14:12+07:00 as 07:12 in the lists, next to a description saying
"Phát hiện lúc 14:12". The backend speaks +07:00 and so do the operators: the PC's zone has no
say. Where the PC's zone differs, `zone_note()` gives the few words that tell an operator
which time they are reading.

Pure Python (zoneinfo, with PyPI's tzdata where the OS has no zone database, e.g. Windows).
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
_FALLBACK = timezone(timedelta(hours=7), "ICT")  # Vietnam has had no daylight saving since 1975
_zone: tzinfo = _FALLBACK
_zone_name = DEFAULT_ZONE


def zone_problem(name: str) -> str | None:
    """Why `name` is not a time zone this machine knows (None: it is one)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a name too long
        return f"unknown time zone '{name}' ({exc.__class__.__name__})"
    return None


def set_zone(name: str = DEFAULT_ZONE) -> str | None:
    """Use this IANA zone for everything shown; returns a problem (and keeps +07:00) if the
    zone is unknown."""
    global _zone, _zone_name
    problem = zone_problem(name)
    if problem:
        _zone, _zone_name = _FALLBACK, DEFAULT_ZONE
        return problem
    _zone, _zone_name = ZoneInfo(name), name
    return None


def zone() -> tzinfo:
    return _zone


def zone_name() -> str:
    return _zone_name


def now() -> datetime:
    """The province's time now (aware)."""
    return datetime.now(UTC).astimezone(_zone)


def local(dt: datetime) -> datetime:
    """An aware time in the province's zone; a naive one is taken as UTC (the contract says
    every time carries an offset, so a naive one is a bug upstream, never the PC's zone)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(_zone)


def from_epoch(seconds: float) -> datetime:
    """An epoch time (time.time(), a chart's x value) in the province's zone."""
    return datetime.fromtimestamp(seconds, _zone)


def fmt(dt: datetime, pattern: str = "%H:%M") -> str:
    return local(dt).strftime(pattern)


def utc_offset_s(at: datetime | None = None) -> int:
    """The province's offset from UTC in seconds (east positive) at `at` (default: now)."""
    offset = (at or now()).astimezone(_zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def pc_offset_s() -> int:
    """The PC's own offset from UTC in seconds (east positive), now."""
    return -(time.altzone if time.localtime().tm_isdst > 0 else time.timezone)


def pc_differs() -> bool:
    """True where the PC's clock zone is not the province's: then times need a zone note."""
    return pc_offset_s() != utc_offset_s()


def offset_label(seconds: int | None = None) -> str:
    """'GMT+7', 'GMT+5:30', 'GMT-3' for an offset in seconds (default: the province's)."""
    seconds = utc_offset_s() if seconds is None else seconds
    sign = "+" if seconds >= 0 else "-"
    h, m = divmod(abs(seconds) // 60, 60)
    return f"GMT{sign}{h}" + (f":{m:02d}" if m else "")


def zone_note() -> str:
    """The words that say which time is shown, only where it could be doubted ('' else)."""
    return offset_label() if pc_differs() else ""
