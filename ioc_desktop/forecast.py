"""Forecasts of a KPI's coming periods, with a band that says how sure they are.

Pure (no Qt), so the wall, the briefing and the tests ask the same function. The model is
exponential smoothing in its state-space form (statsmodels' ``ETSModel``, additive errors:
analytic prediction intervals), chosen by AICc among level, damped or straight trend, and,
where the series holds at least two seasons and a bit, an additive season (12 for monthly
series, 7 for daily, 24 for hourly).

Two corrections the raw library output needs, measured on synthetic seasonal + trend series
(tests/test_forecast.py):
- the library's band uses the in-sample residual variance, which a seasonal model with its
  12 estimated initial states underestimates on 3–4 years of months (80 % bands held 66 % of
  held-out points); the variance is scaled by n / (n - k), k the estimated parameters, as an
  unbiased residual variance is (then 72–79 % over 8–30 series);
- a series that never moves, or is too short to estimate anything, gets no model at all but
  a plain answer saying so (``status``), never a made-up line.

Each forecast carries its own back-test: the chosen model refitted at several earlier origins
(rolling origin), its errors on the points it had not seen (MAPE where no actual is zero,
sMAPE, MASE against the naive forecast) and how many of those points fell inside its band.

statsmodels (with pandas and scipy) takes ~1.3 s to import: it is imported on the first
forecast, never when the app starts.
"""

from __future__ import annotations

import calendar
import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any

FREQUENCIES = ("minutely", "hourly", "daily", "monthly", "yearly")
SEASON = {"monthly": 12, "daily": 7, "hourly": 24}
DEFAULT_HORIZON = {"minutely": 30, "hourly": 24, "daily": 7, "monthly": 6, "yearly": 2}
MIN_POINTS = 8  # below this, no level and trend can be told from noise
SEASON_EXTRA = 4  # a season is estimated from two whole seasons plus this many points
BACKTEST_ORIGINS = 6

# statuses
OK = "ok"
TOO_SHORT = "too_short"
CONSTANT = "constant"
NO_MODEL = "no_model"

# what the forecast says of the target, at the end of the horizon
ON_TRACK = "on_track"
AT_RISK = "at_risk"  # the forecast meets it, but its band reaches the wrong side
MISS = "miss"  # the forecast itself is on the wrong side


@dataclass(frozen=True)
class BackTest:
    """The chosen model's errors on points it had not seen (rolling origin)."""

    origins: int
    horizon: int
    points: int
    mape: float | None  # percent; None when an actual is 0 (MAPE is undefined there)
    smape: float  # percent, 0..200
    mase: float | None  # against the (seasonal) naive forecast; None when that is exact
    coverage: float  # share of the held-out points inside the band (nominal: ``level``)


@dataclass(frozen=True)
class Forecast:
    status: str  # OK, TOO_SHORT, CONSTANT, NO_MODEL
    message: str  # one line in English for logs and the command line; UIs use status + n
    n: int  # points the forecast was made from
    method: str  # "ETS(A,Ad,A) m=12", "constant", "" when none
    level: float  # nominal coverage of the band, e.g. 0.8
    times: tuple[datetime, ...] = ()
    mean: tuple[float, ...] = ()
    lower: tuple[float, ...] = ()
    upper: tuple[float, ...] = ()
    backtest: BackTest | None = None
    outlook: str | None = None  # ON_TRACK, AT_RISK, MISS; None without a target or forecast

    @property
    def target_missed(self) -> bool:
        return self.outlook == MISS


@dataclass(frozen=True)
class _Spec:
    trend: bool
    damped: bool
    season: int  # 0: none

    @property
    def name(self) -> str:
        t = "Ad" if self.damped else ("A" if self.trend else "N")
        s = "A" if self.season else "N"
        return f"ETS(A,{t},{s})" + (f" m={self.season}" if self.season else "")


@dataclass(frozen=True)
class _Path:
    mean: list[float]
    lower: list[float]
    upper: list[float]
    aicc: float


def forecast(
    times: Sequence[datetime],
    values: Sequence[float],
    frequency: str,
    *,
    horizon: int | None = None,
    level: float = 0.8,
    target: float | None = None,
    higher_is_better: bool = True,
    backtest: bool = True,
) -> Forecast:
    """The next ``horizon`` periods of a series, with a ``level`` band and its back-test.

    Refuses (ValueError) what is not a series: NaN or infinite values, times that do not
    increase, lengths that differ, an unknown frequency, a level outside (0, 1).
    ``backtest=False`` skips the refits (about half the time) where only the path is wanted."""
    ys = _checked(times, values, frequency, level)
    h = horizon if horizon is not None else DEFAULT_HORIZON[frequency]
    if h < 1:
        raise ValueError(f"horizon must be at least 1, not {h}")
    n = len(ys)
    future = tuple(_future_times(times, frequency, h)) if n else ()
    if n < MIN_POINTS:
        return Forecast(TOO_SHORT, f"too short to forecast (n={n} < {MIN_POINTS})", n, "", level)
    if max(ys) - min(ys) <= 1e-12 * max(1.0, abs(ys[0])):
        flat = tuple([ys[0]] * h)
        return Forecast(
            CONSTANT,
            f"constant series: every one of the {n} points is {ys[0]:g}",
            n,
            "constant",
            level,
            future,
            flat,
            flat,
            flat,
            None,
            _outlook(ys[0], ys[0], ys[0], target, higher_is_better),
        )
    season = SEASON.get(frequency, 0)
    if n < 2 * season + SEASON_EXTRA:
        season = 0
    # imported before the filter: statsmodels sets its own "always" filter for convergence
    # warnings on import, which would go in front of ours on the first forecast
    import statsmodels.tsa.exponential_smoothing.ets  # noqa: F401

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the optimiser's convergence chatter
        best = _best(ys, h, level, season)
        if best is None:
            return Forecast(NO_MODEL, "no model could be fitted", n, "", level)
        spec, path = best
        bt = _backtest(ys, spec, h, level) if backtest else None
    return Forecast(
        OK,
        f"{spec.name} on {n} points",
        n,
        spec.name,
        level,
        future,
        tuple(path.mean),
        tuple(path.lower),
        tuple(path.upper),
        bt,
        _outlook(path.mean[-1], path.lower[-1], path.upper[-1], target, higher_is_better),
    )


def _checked(
    times: Sequence[datetime], values: Sequence[float], frequency: str, level: float
) -> list[float]:
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r}; one of {', '.join(FREQUENCIES)}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    if len(times) != len(values):
        raise ValueError(f"{len(times)} times but {len(values)} values")
    ys = [float(v) for v in values]
    if not all(math.isfinite(v) for v in ys):
        raise ValueError("values must be finite numbers (NaN or infinity found)")
    if any(b <= a for a, b in itertools.pairwise(times)):
        raise ValueError("times must increase strictly")
    return ys


def _candidates(season: int) -> list[_Spec]:
    plain = [_Spec(False, False, 0), _Spec(True, False, 0), _Spec(True, True, 0)]
    if not season:
        return plain
    return [*plain, _Spec(False, False, season), _Spec(True, False, season)]


def _fit(ys: Sequence[float], spec: _Spec, h: int, level: float) -> _Path | None:
    import numpy as np
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    n = len(ys)
    kwargs: dict[str, Any] = {"error": "add"}
    if spec.trend:
        kwargs.update(trend="add", damped_trend=spec.damped)
    if spec.season:
        kwargs.update(seasonal="add", seasonal_periods=spec.season)
    try:
        # a pandas index: statsmodels 0.15's prediction results need one
        res = ETSModel(pd.Series(np.asarray(ys, dtype=float)), **kwargs).fit(disp=False)
        pred = res.get_prediction(start=n, end=n + h - 1)
        band = np.asarray(pred.pred_int(alpha=1.0 - level), dtype=float)
        mean = np.asarray(pred.predicted_mean, dtype=float)
    except (ValueError, np.linalg.LinAlgError, ZeroDivisionError):
        return None
    k = len(res.params)
    if n - k < 2 or not np.all(np.isfinite(band)) or not np.all(np.isfinite(mean)):
        return None
    half = (band[:, 1] - band[:, 0]) / 2.0 * math.sqrt(n / (n - k))
    aicc = float(res.aicc) if math.isfinite(float(res.aicc)) else math.inf
    lo, hi = mean - half, mean + half
    return _Path([float(x) for x in mean], [float(x) for x in lo], [float(x) for x in hi], aicc)


def _best(ys: Sequence[float], h: int, level: float, season: int) -> tuple[_Spec, _Path] | None:
    fits = [(s, p) for s in _candidates(season) if (p := _fit(ys, s, h, level)) is not None]
    if not fits:
        return None
    return min(fits, key=lambda sp: sp[1].aicc)


def _backtest(ys: Sequence[float], spec: _Spec, horizon: int, level: float) -> BackTest | None:
    """Refit at up to six earlier origins; compare each forecast with what came after."""
    n = len(ys)
    need = max(MIN_POINTS, 2 * spec.season + SEASON_EXTRA if spec.season else 0)
    h = max(1, min(horizon, (n - need) // 2))
    origins = [o for o in range(n - h - BACKTEST_ORIGINS + 1, n - h + 1) if o >= need]
    actual: list[float] = []
    pred: list[float] = []
    inside = 0
    for o in origins:
        path = _fit(ys[:o], spec, h, level)
        if path is None:
            continue
        for i in range(h):
            y = ys[o + i]
            actual.append(y)
            pred.append(path.mean[i])
            inside += path.lower[i] <= y <= path.upper[i]
    if not actual:
        return None
    errs = [abs(a - p) for a, p in zip(actual, pred, strict=True)]
    lag = spec.season or 1
    naive = [abs(b - a) for a, b in zip(ys, ys[lag:], strict=False)]
    scale = sum(naive) / len(naive) if naive else 0.0
    return BackTest(
        origins=len(origins),
        horizon=h,
        points=len(actual),
        mape=(
            None
            if any(a == 0 for a in actual)
            else 100.0 * sum(e / abs(a) for e, a in zip(errs, actual, strict=True)) / len(errs)
        ),
        smape=200.0
        * sum(
            e / (abs(a) + abs(p)) if abs(a) + abs(p) else 0.0
            for e, a, p in zip(errs, actual, pred, strict=True)
        )
        / len(errs),
        mase=(sum(errs) / len(errs)) / scale if scale > 0 else None,
        coverage=inside / len(actual),
    )


def _outlook(
    mean: float, lower: float, upper: float, target: float | None, higher_is_better: bool
) -> str | None:
    if target is None:
        return None
    if higher_is_better:
        return MISS if mean < target else (AT_RISK if lower < target else ON_TRACK)
    return MISS if mean > target else (AT_RISK if upper > target else ON_TRACK)


def _add_months(t: datetime, k: int) -> datetime:
    month0 = t.month - 1 + k
    year, month = t.year + month0 // 12, month0 % 12 + 1
    day = min(t.day, calendar.monthrange(year, month)[1])
    return t.replace(year=year, month=month, day=day)


def _future_times(times: Sequence[datetime], frequency: str, h: int) -> list[datetime]:
    last = times[-1]
    if frequency == "monthly":
        return [_add_months(last, i) for i in range(1, h + 1)]
    if frequency == "yearly":
        return [_add_months(last, 12 * i) for i in range(1, h + 1)]
    if frequency == "daily":
        step = timedelta(days=1)
    elif len(times) > 1:  # a minutely or hourly feed may come at its own pace (the demo: 2 s)
        step = timedelta(
            seconds=median((b - a).total_seconds() for a, b in itertools.pairwise(times))
        )
    else:
        step = timedelta(minutes=1) if frequency == "minutely" else timedelta(hours=1)
    return [last + step * i for i in range(1, h + 1)]


def frequency_of(times: Sequence[datetime]) -> str:
    """The frequency a series' own spacing shows (a feed labelled monthly may be sampled every
    few seconds, as the demo's is): what the forecast's steps and season should follow."""
    if len(times) < 2:
        return "daily"
    step = median((b - a).total_seconds() for a, b in itertools.pairwise(times))
    if step < 3600:
        return "minutely"
    if step < 86400:
        return "hourly"
    if step < 28 * 86400:
        return "daily"
    return "monthly" if step < 365 * 86400 else "yearly"
