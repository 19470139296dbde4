"""How long ago, in the words an operator reads at a glance (one unit, no decimals below
an hour); shared by the wall's data age and a tile's picture age so both read the same."""

from __future__ import annotations

from ioc_desktop.i18n import translate


def format_age(seconds: float) -> str:
    if seconds < 90:
        return translate("formatting", "{n} giây").format(n=f"{seconds:.0f}")
    if seconds < 5400:
        return translate("formatting", "{n} phút").format(n=f"{seconds / 60:.0f}")
    return translate("formatting", "{n} giờ").format(n=f"{seconds / 3600:.1f}".replace(".", ","))
