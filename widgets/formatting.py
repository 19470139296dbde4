"""How long ago, in the words an operator reads at a glance (one unit, no decimals below
an hour); shared by the wall's data age and a tile's picture age so both read the same."""

from __future__ import annotations

from ioc_desktop.i18n import translate


def format_age(seconds: float) -> str:
    if seconds < 90:
        n = round(seconds)
        one = translate("formatting", "1 giây")
        return one if n == 1 else translate("formatting", "{n} giây").format(n=n)
    if seconds < 5400:
        n = round(seconds / 60)
        one = translate("formatting", "1 phút")
        return one if n == 1 else translate("formatting", "{n} phút").format(n=n)
    return translate("formatting", "{n} giờ").format(n=f"{seconds / 3600:.1f}".replace(".", ","))
