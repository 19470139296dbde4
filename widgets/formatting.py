"""How long ago, in the words an operator reads at a glance (one unit, no decimals below
an hour); shared by the wall's data age and a tile's picture age so both read the same."""

from __future__ import annotations


def format_age(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} giây"
    if seconds < 5400:
        return f"{seconds / 60:.0f} phút"
    return f"{seconds / 3600:.1f} giờ".replace(".", ",")
