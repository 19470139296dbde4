"""Forecasts say how sure they are: their band holds held-out points at about its nominal
rate, on synthetic seasonal series and on the demo's own KPI history; short, constant and
broken series get a plain answer, never a made-up line."""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from ioc_desktop import forecast as fc
from ioc_desktop.demo.simulation import KPI_DEFS, LEGACY_KPIS, Simulation

START = datetime(2022, 1, 1, tzinfo=UTC)


def months(n: int) -> list[datetime]:
    return [fc._add_months(START, i) for i in range(n)]


def seasonal(seed: int, n: int) -> np.ndarray:
    """100 + 0.5 a month + a yearly swing of ±10 + noise of σ 2 (a CPI-like index)."""
    t = np.arange(n)
    rng = np.random.default_rng(seed)
    return 100 + 0.5 * t + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 2, n)


def inside(f: fc.Forecast, held: list[float] | np.ndarray) -> list[bool]:
    return [lo <= y <= hi for y, lo, hi in zip(held, f.lower, f.upper, strict=True)]


def test_seasonal_trend_series_band_holds_about_its_nominal_share() -> None:
    """Eight series of 4 years of months, the fifth year held out: 96 points. Measured 0.72
    of them inside the 80 % band (0.75 over 20 such series; the library's own band held 0.66
    before its variance was corrected for the parameters it estimates); MAPE 1.4 %."""
    hits: list[bool] = []
    errors: list[float] = []
    for seed in range(8):
        y = seasonal(seed, 60)
        f = fc.forecast(months(48), y[:48], "monthly", horizon=12, backtest=False)
        assert f.status == fc.OK
        assert f.method.startswith("ETS(A,") and f.method.endswith("m=12")
        assert f.times[0] == datetime(2026, 1, 1, tzinfo=UTC)
        assert f.times[-1] == datetime(2026, 12, 1, tzinfo=UTC)
        hits += inside(f, y[48:])
        errors += [abs(a - p) / a for a, p in zip(y[48:], f.mean, strict=True)]
    coverage = sum(hits) / len(hits)
    assert 0.65 <= coverage <= 0.93, coverage
    assert 100 * sum(errors) / len(errors) < 3.0


def test_backtest_is_stated_with_the_forecast() -> None:
    y = seasonal(3, 48)
    f = fc.forecast(months(48), y, "monthly", horizon=6)
    bt = f.backtest
    assert bt is not None
    assert (bt.origins, bt.horizon, bt.points) == (6, 6, 36)
    assert bt.mape is not None and bt.mape < 4.0
    assert 0 < bt.smape < 4.0
    assert bt.mase is not None and bt.mase < 1.0  # better than last year's same month
    assert 0.5 <= bt.coverage <= 1.0


def tick_frequency(times: list[datetime]) -> str:
    step = min(b - a for a, b in itertools.pairwise(times))
    if step < timedelta(hours=1):
        return "minutely"
    return "daily" if step < timedelta(days=28) else "monthly"


def test_demo_kpi_history_band_holds_about_its_nominal_share() -> None:
    """Every KPI the demo serves (42), its last 10 ticks held out: 420 points, measured 0.81
    inside the 80 % band. The back-tests (rolling origin, 6 origins × 10 ticks) of the first
    nine: MAPE median 0.7 % over all 42, from 0 % (hot topics, a count that rarely moves) to
    28 % (dengue cases, a small count that jumps)."""
    sim = Simulation()
    hits: list[bool] = []
    for k in KPI_DEFS:
        hist = sim.kpi_history[k.id]
        times = [datetime.fromtimestamp(t, UTC) for t, _ in hist]
        values = [v for _, v in hist]
        f = fc.forecast(
            times[:-10],
            values[:-10],
            tick_frequency(times),
            horizon=10,
            target=k.target,
            higher_is_better=k.higher_is_better,
            backtest=k.id in LEGACY_KPIS,
        )
        if f.status == fc.CONSTANT:
            continue
        assert f.status == fc.OK, (k.id, f.message)
        if k.id in LEGACY_KPIS:
            assert f.backtest is not None and f.backtest.smape < 60, (k.id, f.backtest)
        assert (f.outlook is None) == (k.target is None)
        hits += inside(f, values[-10:])
    coverage = sum(hits) / len(hits)
    assert len(hits) >= 200
    assert 0.7 <= coverage <= 0.9, coverage


def test_too_short_says_so() -> None:
    f = fc.forecast(months(5), [1.0, 2.0, 3.0, 2.0, 1.0], "monthly")
    assert f.status == fc.TOO_SHORT
    assert f.message == "too short to forecast (n=5 < 8)"
    assert f.mean == () and f.backtest is None and f.outlook is None and not f.target_missed
    assert fc.forecast([], [], "daily").status == fc.TOO_SHORT


def test_a_short_monthly_series_is_forecast_without_a_season() -> None:
    y = seasonal(1, 14)
    f = fc.forecast(months(14), y, "monthly", horizon=3)
    assert f.status == fc.OK and "m=" not in f.method


def test_constant_series_is_its_value() -> None:
    f = fc.forecast(
        months(24), [42.0] * 24, "monthly", horizon=3, target=20, higher_is_better=False
    )
    assert f.status == fc.CONSTANT and f.method == "constant"
    assert f.mean == f.lower == f.upper == (42.0, 42.0, 42.0)
    assert f.target_missed


def test_missed_target_is_flagged() -> None:
    """A falling rate of dossiers on time, target 95 %: the forecast misses it."""
    rng = np.random.default_rng(5)
    y = 97 - 0.3 * np.arange(24) + rng.normal(0, 0.3, 24)
    days = [START + timedelta(days=i) for i in range(24)]
    f = fc.forecast(days, y, "daily", horizon=7, target=95.0, higher_is_better=True)
    assert f.status == fc.OK and f.outlook == fc.MISS and f.target_missed
    assert f.times[0] == days[-1] + timedelta(days=1)
    g = fc.forecast(days, y, "daily", horizon=7, target=80.0, higher_is_better=True)
    assert g.outlook == fc.ON_TRACK and not g.target_missed
    lower_better = fc.forecast(days, y, "daily", horizon=7, target=95.0, higher_is_better=False)
    assert lower_better.outlook in (fc.ON_TRACK, fc.AT_RISK)


@pytest.mark.parametrize(
    ("times", "values", "frequency", "why"),
    [
        (months(10), [1.0] * 9 + [math.nan], "monthly", "finite"),
        (months(10), [1.0] * 9 + [math.inf], "monthly", "finite"),
        (months(10)[::-1], [float(i) for i in range(10)], "monthly", "increase"),
        (months(10), [1.0] * 9, "monthly", "times but"),
        (months(10), [1.0] * 10, "weekly", "unknown frequency"),
    ],
)
def test_broken_series_are_refused(
    times: list[datetime], values: list[float], frequency: str, why: str
) -> None:
    with pytest.raises(ValueError, match=why):
        fc.forecast(times, values, frequency)


def test_minutely_steps_follow_the_feed() -> None:
    times = [START + timedelta(seconds=2 * i) for i in range(30)]
    f = fc.forecast(times, [float(i % 5) for i in range(30)], "minutely", horizon=3)
    assert f.times == tuple(times[-1] + timedelta(seconds=2 * i) for i in (1, 2, 3))


def test_the_frequency_a_series_shows() -> None:
    secs = [START + timedelta(seconds=2 * i) for i in range(5)]
    assert fc.frequency_of(secs) == "minutely"
    assert fc.frequency_of([START + timedelta(hours=i) for i in range(5)]) == "hourly"
    assert fc.frequency_of([START + timedelta(days=i) for i in range(5)]) == "daily"
    assert fc.frequency_of(months(5)) == "monthly"
    assert fc.frequency_of(secs[:1]) == "daily"


def test_the_forecasts_libraries_wait_for_the_first_forecast() -> None:
    """The app's modules load no pandas, scipy or statsmodels (folium would take pandas:
    ~0.4 s of every start-up); a forecast afterwards still gets them."""
    code = (
        "import sys, ioc_desktop.app, ioc_desktop.services, widgets.shell\n"
        "print(sorted(m for m in ('pandas', 'scipy', 'statsmodels') if m in sys.modules))\n"
        "from datetime import datetime, timedelta\n"
        "from ioc_desktop import forecast as fc\n"
        "t = [datetime(2025, 1, 1) + timedelta(days=i) for i in range(30)]\n"
        "print(fc.forecast(t, [float(i % 7) for i in range(30)], 'daily').status)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.stdout.split() == ["[]", fc.OK], out.stderr[-2000:]
