"""Writing a file so that a crash or a full disk mid-write never leaves it truncated: the
settings, a saved layout, the default layout's name and the remembered monitors all go
through here."""

from __future__ import annotations

from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """`text` into `path` (UTF-8): written beside it first, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
