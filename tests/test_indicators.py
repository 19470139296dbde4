"""The nine systems' indicator set: every one a valid contract Kpi, with sensible bands, and
its ward breakdown makes the province's value again (counts add up, rates weigh up)."""

from __future__ import annotations

import itertools
import json
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ioc_desktop.backend.contract import first_error
from ioc_desktop.demo import indicators as ind
from ioc_desktop.demo.province import wards
from ioc_desktop.demo.simulation import Simulation
from ioc_desktop.demo.ward_split import aggregate, resolution, split

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent


def iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


@pytest.mark.parametrize("i", ind.INDICATORS, ids=lambda i: i.id)
def test_every_indicator_is_a_valid_kpi(i: ind.Indicator) -> None:
    payload = ind.kpi_payload(i, i.start, "25", NOW, iso)
    assert first_error("Kpi", payload) is None, first_error("Kpi", payload)
    assert i.lo <= i.start <= i.hi
    assert i.aggregation in ind.AGGREGATIONS and i.period in ind.PERIODS
    if i.aggregation in ("weighted", "sum"):
        assert i.weight, "a breakdown says what it is weighted or shared by"
    else:
        assert i.weight is None
    frm, to = ind.period_of(i, NOW)
    assert frm < to == NOW


@pytest.mark.parametrize("i", [i for i in ind.INDICATORS if i.thresholds], ids=lambda i: i.id)
def test_bands_are_contiguous_and_place_the_target(i: ind.Indicator) -> None:
    edges = sorted((b["from"], b["to"]) for b in i.thresholds)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(edges)), edges
    assert ind.status_of(i, i.start) is not None
    if i.target is not None:
        just_better = i.target + (0.001 if i.higher_is_better else -0.001)
        # good from the target on (VN_AQI: "Trung bình" up to 100, its own national scale)
        assert ind.status_of(i, just_better) == ("warning" if i.id == "mt-aqi-max" else "good")
        assert ind.status_of(i, i.lo if i.higher_is_better else i.hi - 0.001) != "good"


def test_the_set_covers_the_nine_systems_and_what_the_seeds_name() -> None:
    ids = [i.id for i in ind.INDICATORS]
    assert len(ids) == len(set(ids))
    for system in range(1, 10):
        assert len(ind.of_system(system)) >= 3, system
        assert 2 <= len(ind.headlines(system)) <= 6, system
    names = " ".join(i.name_vi for i in ind.INDICATORS)
    for seed in ("Thu ngân sách", "đất đai", "khách du lịch", "766", "FDI", "VN_AQI"):
        assert seed in names, seed
    for i in ind.INDICATORS:
        if i.weight not in (None, "population", "area"):
            assert ind.BY_ID[i.weight].aggregation == "sum", i.id


def test_layouts_name_existing_indicators() -> None:
    named = set()
    for path in (ROOT / "layouts").glob("*.json"):
        text = path.read_text("utf-8")
        named |= {v for k, v in _pairs(json.loads(text)) if k == "kpi_id" and isinstance(v, str)}
    assert named and named <= set(ind.BY_ID), named - set(ind.BY_ID)


def _pairs(node: object) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((k, v))
            out += _pairs(v)
    elif isinstance(node, list):
        for v in node:
            out += _pairs(v)
    return out


@pytest.mark.parametrize(
    "i", [i for i in ind.INDICATORS if i.aggregation != "province"], ids=lambda i: i.id
)
def test_wards_make_the_province_again(i: ind.Indicator) -> None:
    rng = random.Random(i.id)
    all_wards = wards()
    population = {a.code: (a.area_km2 or 40.0) * rng.uniform(0.3, 3.0) for a in all_wards}
    factors = {a.code: rng.uniform(0.85, 1.1) for a in all_wards}
    weights = population
    if i.weight and i.weight in ind.BY_ID:  # a rate of a count: weighted by that count's wards
        count = ind.BY_ID[i.weight]
        weights = split(count, count.start, population, factors)
    value = round(i.start / resolution(i)) * resolution(i)
    parts = split(i, value, weights, factors)
    assert set(parts) == {a.code for a in all_wards}
    low, high = (0.0, value) if i.aggregation == "sum" else (i.lo, i.hi)  # lo..hi: the province's
    assert all(low - 1e-9 <= v <= high + 1e-9 for v in parts.values())
    whole = aggregate(i, parts, weights)
    if i.aggregation == "sum":
        assert whole == pytest.approx(value, abs=1e-6)
        assert all(abs(v / resolution(i) - round(v / resolution(i))) < 1e-6 for v in parts.values())
    else:
        assert whole == pytest.approx(value, rel=1e-9)
    assert len(set(parts.values())) > 1  # the wards differ (a small count: mostly 0s and 1s)


def test_a_rate_near_its_ceiling_stays_in_range() -> None:
    rate = ind.BY_ID["gd-attendance"]
    codes = [f"w{n}" for n in range(20)]
    weights = {c: 1.0 + n for n, c in enumerate(codes)}
    factors = {c: 0.85 + 0.0125 * n for n, c in enumerate(codes)}
    parts = split(rate, 99.8, weights, factors)
    assert max(parts.values()) <= 100.0
    assert aggregate(rate, parts, weights) == pytest.approx(99.8)


def test_province_only_indicators_have_no_breakdown() -> None:
    gdp = ind.BY_ID["ktxh-grdp-growth"]
    assert split(gdp, 7.6, {"a": 1.0}, {"a": 1.0}) == {}


def test_the_demo_serves_every_indicator_and_its_wards_make_the_province() -> None:
    sim = Simulation()
    served = {k["id"]: k for k in sim.kpis()}
    assert list(served) == [i.id for i in ind.INDICATORS]
    assert all(first_error("Kpi", k) is None for k in served.values())
    for i in ind.INDICATORS:
        bd = sim.breakdown(i.id)
        assert bd is not None and first_error("Breakdown", bd) is None
        if i.aggregation == "province":
            assert bd["items"] == []
            continue
        parts = {item["area_code"]: item["value"] for item in bd["items"]}
        assert len(parts) == len(wards())
        whole = aggregate(i, parts, sim.weights_of(i))
        # counts exactly; rates to the rounding of each ward's value to 0.01
        assert whole == pytest.approx(served[i.id]["value"], abs=0.006), i.id


def test_a_wards_series_is_its_share_at_every_point() -> None:
    sim = Simulation()
    ward = wards()[0].code
    for kpi_id in ("dvc-received", "dvc-ontime-rate"):
        province = sim.series(kpi_id)
        one = sim.series(kpi_id, ward)
        assert province is not None and one is not None
        assert len(one["points"]) == len(province["points"])
        assert one["points"][-1]["value"] < province["points"][-1]["value"] or kpi_id.endswith(
            "rate"
        )
    assert sim.series("ktxh-grdp-growth", ward) is None  # only the province has it


def test_the_same_period_last_year_is_served_for_a_span_a_year_back() -> None:
    from datetime import datetime as dt

    sim = Simulation()
    this_year = sim.series("dvc-received")
    assert this_year is not None
    first = dt.fromisoformat(this_year["points"][0]["t"])
    again = sim.series("dvc-received", None, first)
    assert again == this_year  # a span inside the history: the history
    last = sim.series("dvc-received", None, first.replace(year=first.year - 1))
    assert last is not None and len(last["points"]) == len(this_year["points"])
    assert dt.fromisoformat(last["points"][0]["t"]) == first.replace(year=first.year - 1)
    now_mean = sum(p["value"] for p in this_year["points"]) / len(this_year["points"])
    then_mean = sum(p["value"] for p in last["points"]) / len(last["points"])
    assert now_mean / then_mean == pytest.approx(ind.BY_ID["dvc-received"].yoy, rel=0.01)
    assert all(p["value"] == int(p["value"]) for p in last["points"])  # dossiers stay whole
