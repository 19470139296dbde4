"""A province's value shared out to its wards so that the parts make the whole again.

Counts and amounts (``sum``) are split in proportion to each ward's weight × its own factor
and rounded by largest remainders, so the wards add up to the province exactly, to the unit
(or to the hundredth for amounts such as tỷ đồng). Rates (``weighted``) move each ward off the
province's value by a deviation whose weighted mean is zero, scaled down when a ward would
leave the indicator's range, so their weighted mean is the province's value. ``max`` gives
the province's value to the worst ward and less to the others. Pure: the demo server serves
it, tests check it, nothing here knows HTTP.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ioc_desktop.demo.indicators import Indicator

COUNT_UNITS = {"hồ sơ", "văn bản", "lượt", "ca", "vụ", "doanh nghiệp", "học sinh", "chủ đề"}


def resolution(ind: Indicator) -> float:
    """The step the ward values are given in: whole units for counts, hundredths otherwise."""
    return 1.0 if ind.unit in COUNT_UNITS else 0.01


def split(
    ind: Indicator,
    value: float,
    weights: Mapping[str, float],
    factors: Mapping[str, float],
) -> dict[str, float]:
    """Each ward's value (ward code → value); {} for an indicator only the province has.

    ``weights``: what the wards' values are weighted by (population, area, or the ward
    values of the count a rate is of); ``factors``: each ward's own deviation, around 1."""
    codes = [c for c in weights if c in factors]
    if ind.aggregation == "province" or not codes:
        return {}
    if ind.aggregation == "sum":
        return _split_sum(value, {c: weights[c] * factors[c] for c in codes}, resolution(ind))
    if ind.aggregation == "max":
        top = max(factors[c] for c in codes)
        return {c: round(max(ind.lo, value * factors[c] / top), 2) for c in codes}
    return _split_rate(ind, value, {c: weights[c] for c in codes}, factors)


def aggregate(ind: Indicator, wards: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The province's value from its wards' (the inverse of ``split``)."""
    if ind.aggregation == "sum":
        return sum(wards.values())
    if ind.aggregation == "max":
        return max(wards.values())
    total = sum(weights[c] for c in wards)
    return sum(wards[c] * weights[c] for c in wards) / total


def _split_sum(value: float, shares: Mapping[str, float], step: float) -> dict[str, float]:
    """Largest remainders: floor every exact share, then one more step to the largest rests."""
    units = round(value / step)
    total = sum(shares.values()) or 1.0
    exact = {c: units * s / total for c, s in shares.items()}
    floors = {c: math.floor(x) for c, x in exact.items()}
    left = units - sum(floors.values())
    for c in sorted(exact, key=lambda c: exact[c] - floors[c], reverse=True)[:left]:
        floors[c] += 1
    return {c: round(n * step, 2) for c, n in floors.items()}


def _split_rate(
    ind: Indicator, value: float, weights: Mapping[str, float], factors: Mapping[str, float]
) -> dict[str, float]:
    total = sum(weights.values())
    if total <= 0:
        return {c: value for c in weights}
    mean_f = sum(factors[c] * w for c, w in weights.items()) / total
    dev = {c: factors[c] - mean_f for c in weights}
    hi = min(ind.hi, 100.0) if ind.unit == "%" else ind.hi
    room_up = max(hi - value, 0.0)
    room_down = max(value - ind.lo, 0.0)
    top = max(dev.values())
    bottom = -min(dev.values())
    scale = abs(value)  # a factor of 1.1 is 10 % above the province, as before
    if top > 0:
        scale = min(scale, room_up / top)
    if bottom > 0:
        scale = min(scale, room_down / bottom)
    return {c: value + scale * d for c, d in dev.items()}
