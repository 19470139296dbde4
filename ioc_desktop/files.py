"""The app's own files, written so a crash never truncates them and read so a bad one never
stops the app.

Writing: the settings, a saved layout, the default layout's name and the remembered monitors
go through `write_text_atomic`, so a crash or a full disk mid-write never leaves a file cut.

Reading: every one of those files can be edited by hand, copied from another PC or damaged
on disk, and each used to reach `json.loads` unguarded: a folder named `x.json` or a symlink
loop raised OSError, a file of ten thousand `[` raised RecursionError, `NaN` and `1e999`
came back as floats no check expected. `read_json_file` turns every such case into one
`JsonFileError` whose message says what is wrong, so a caller reports the file and carries on.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import stat
from pathlib import Path
from typing import Any

from ioc_desktop.i18n import translate

MAX_JSON_BYTES = 1 << 20  # 1 MiB: the biggest shipped layout is ~5 KB, a config ~1 KB
MAX_JSON_DEPTH = 32  # a layout nests 7 deep (layout, screens, screen, panels, panel, settings…)
MAX_JSON_INT_DIGITS = (
    16  # beyond ±10^16 no setting or cell means anything (doubles are exact to 2^53)
)


class JsonFileError(ValueError):
    """A JSON file or value that cannot be used; the message says why, the caller says where."""


def write_text_atomic(path: Path, text: str) -> None:
    """`text` into `path` (UTF-8): written beside it first, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# A JSON string, or an unterminated one running to the end of the text; with DOTALL every
# quote starts a match, so stripping strings is one linear pass even on hostile text.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest, counted without parsing it (the
    parser recurses once per level, so the depth is measured before the parser runs)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _refuse_constant(name: str) -> Any:
    raise ValueError(translate("files", "{name} không phải là số trong JSON").format(name=name))


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise ValueError(translate("files", "số {number} quá lớn").format(number=literal[:40]))
    return value


def _bounded_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise ValueError(
            translate("files", "số nguyên {number}… quá lớn").format(number=literal[:20])
        )
    return int(literal)


def json_value_problem(
    data: Any, max_depth: int = MAX_JSON_DEPTH, finite_only: bool = True
) -> str | None:
    """Why `data` is not plain, bounded JSON data (None: it is). For values that did not come
    from `read_json_file` (a layout pushed through the backend, a drag from another app):
    nesting, NaN/infinity, lone surrogates (which cannot be written back as UTF-8), types
    JSON has no word for. Walks without recursion."""
    todo: list[tuple[Any, int]] = [(data, 1)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                return translate("files", "dữ liệu lồng sâu quá {limit} tầng").format(
                    limit=max_depth
                )
            if isinstance(value, dict):
                for key, item in value.items():
                    if not isinstance(key, str):
                        return translate("files", "khoá {key} không phải là chuỗi").format(
                            key=repr(key)[:40]
                        )
                    todo.append((key, depth + 1))
                    todo.append((item, depth + 1))
            else:
                todo.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):
                return translate("files", "chuỗi chứa ký tự Unicode hỏng (surrogate lẻ)")
        elif isinstance(value, float):
            if finite_only and not math.isfinite(value):
                return translate("files", "{value} không phải là số hữu hạn").format(value=value)
        elif value is not None and not isinstance(value, bool | int):
            return translate("files", "kiểu {type} không có trong JSON").format(
                type=type(value).__name__
            )
    return None


def read_json_file(
    path: Path,
    max_bytes: int = MAX_JSON_BYTES,
    max_depth: int = MAX_JSON_DEPTH,
    finite_only: bool = True,
) -> Any:
    """The JSON value in `path`. Raises FileNotFoundError when there is no file (a dangling
    symlink included: absence is the caller's business), JsonFileError for anything else that
    makes the file unusable: not a regular file (a folder, a pipe that would block), a
    symlink loop or another OSError, bigger than `max_bytes`, not UTF-8 (a byte-order mark,
    which Windows Notepad writes, is allowed), nested deeper than `max_depth`, not JSON,
    NaN/Infinity (not JSON, though Python's parser takes them) unless `finite_only` is off
    (the caller then checks each number), numbers out of range."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise JsonFileError(
                translate("files", "không phải là tệp thông thường (thư mục, ống dẫn hay thiết bị)")
            )
        if st.st_size > max_bytes:
            raise JsonFileError(_too_big(st.st_size, max_bytes))
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except (FileNotFoundError, JsonFileError):
        raise
    except OSError as exc:  # ELOOP, EACCES, EIO…
        raise JsonFileError(
            translate("files", "không đọc được tệp ({reason})").format(
                reason=exc.strerror or exc.__class__.__name__
            )
        ) from exc
    if len(raw) > max_bytes:  # a file that grew, or one whose size the OS does not report
        raise JsonFileError(_too_big(len(raw), max_bytes))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonFileError(
            translate("files", "không phải văn bản UTF-8 ({reason})").format(reason=exc.reason)
        ) from exc
    if text_depth(text) > max_depth:
        raise JsonFileError(
            translate("files", "dữ liệu lồng sâu quá {limit} tầng").format(limit=max_depth)
        )
    try:
        if finite_only:
            data = json.loads(
                text,
                parse_constant=_refuse_constant,
                parse_float=_finite_float,
                parse_int=_bounded_int,
            )
        else:
            data = json.loads(text, parse_int=_bounded_int)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise JsonFileError(f"not valid JSON ({exc})") from exc
    problem = json_value_problem(data, max_depth, finite_only)
    if problem:
        raise JsonFileError(problem)
    return data


def _too_big(size: int, limit: int) -> str:
    return translate("files", "tệp quá lớn ({size} byte, tối đa {limit})").format(
        size=size, limit=limit
    )
