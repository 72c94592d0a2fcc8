"""Funnel-plot control limits (Spiegelhalter 2005) and their over-dispersion adjustment.

One engine for every indicator: each organisation has an estimate ``y`` on the funnel scale (the
log relative likelihood, a percentage, a gap in points) with a standard error ``s``; the target is
the network's pooled value; the limits are ``target ± z·s``. Where ``s`` depends on size only as
``s = sqrt(v / x)`` (``v`` the variance of one unit), the limits are a smooth curve in ``x``, which
is what a funnel plot draws.

References: D. J. Spiegelhalter, "Funnel plots for comparing institutional performance",
Statistics in Medicine 24 (2005) 1185-1202; and "Handling over-dispersion of performance
indicators", Quality and Safety in Health Care 14 (2005) 347-351.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from metrics.stats.intervals import no_variation, z_value

Method = Literal["none", "multiplicative", "additive"]
Position = Literal["within", "above_95", "above_99.8", "below_95", "below_99.8"]
METHODS: tuple[Method, ...] = ("none", "multiplicative", "additive")
INNER, OUTER = 0.95, 0.998
WINSOR_FRACTION = 0.10  # Spiegelhalter's suggestion: pull the 10% most extreme at each end in


def proportion_limits(
    target: float, n: np.ndarray | float, confidence: float = INNER
) -> tuple[np.ndarray, np.ndarray]:
    """Limits for a proportion around the pooled ``target`` (0-1) at denominators ``n``.

    ``target ± z·sqrt(target·(1 − target)/n)``, clipped to [0, 1]: the score (Wilson) test of
    "this organisation's proportion is the network's". An observed proportion lies inside exactly
    when its own Wilson interval at the same confidence contains the target. (A Wilson interval
    drawn around the target as if it had been observed is a different thing, a confidence
    interval rather than a range of expected observations, and would flag small trusts with 0
    events that the binomial finds unremarkable.)
    """
    n = np.asarray(n, dtype=float)
    half = z_value(confidence) * np.sqrt(target * (1 - target) / n)
    return np.clip(target - half, 0.0, 1.0), np.clip(target + half, 0.0, 1.0)


def katz_se(a, n1, c, n2) -> np.ndarray:
    """Standard error of ln RL by the Katz method; NaN where a group has no events or nobody, and
    where everyone in both groups had the event (a zero that would place a trust with nothing to
    compare beyond every limit)."""
    a, n1, c, n2 = (np.asarray(v, dtype=float) for v in (a, n1, c, n2))
    ok = (a > 0) & (c > 0) & (n1 > 0) & (n2 > 0) & ~no_variation(a, n1, c, n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = 1 / a - 1 / n1 + 1 / c - 1 / n2
    return np.where(ok, np.sqrt(np.where(ok, var, np.nan)), np.nan)


def winsorise(z: np.ndarray, fraction: float = WINSOR_FRACTION) -> np.ndarray:
    """z-scores below the ``fraction`` quantile (above 1 − fraction) set to that quantile.

    Why: a few genuine outliers would otherwise inflate the estimate of over-dispersion and hide
    themselves. Quantiles by linear interpolation (numpy's default), a documented choice."""
    z = np.asarray(z, dtype=float)
    if z.size == 0:
        return z
    low, high = np.quantile(z, [fraction, 1 - fraction])
    return np.clip(z, low, high)


def phi_estimate(z: np.ndarray) -> float:
    """Multiplicative over-dispersion φ: the mean of the squared (winsorised) z-scores."""
    z = np.asarray(z, dtype=float)
    return float(np.mean(z**2)) if z.size else math.nan


def tau2_estimate(z: np.ndarray, se: np.ndarray) -> float:
    """Additive between-organisation variance τ² (DerSimonian-Laird, as Spiegelhalter 2005):

    τ² = max(0, (n·φ − (n − 1)) / (Σw − Σw²/Σw)), w = 1/s², φ from the winsorised z-scores.
    """
    z, se = np.asarray(z, dtype=float), np.asarray(se, dtype=float)
    n = z.size
    if n < 2:
        return 0.0
    w = 1 / se**2
    denominator = w.sum() - (w**2).sum() / w.sum()
    if denominator <= 0:
        return 0.0
    return float(max(0.0, (n * phi_estimate(z) - (n - 1)) / denominator))


@dataclass(frozen=True)
class Overdispersion:
    """How much more the organisations vary than chance allows, and whether limits were widened.

    ``phi`` (1 = as chance predicts) and ``tau2`` (0 = no extra variance, on the funnel scale)
    are always estimated, from winsorised z-scores; ``applied`` says whether ``method`` changed
    the limits (multiplicative only when φ > 1, additive only when τ² > 0)."""

    method: Method
    phi: float
    tau2: float
    organisations: int
    applied: bool

    @property
    def scale(self) -> float:
        """The factor the multiplicative method widens limits by (1 when not applied)."""
        return math.sqrt(self.phi) if self.method == "multiplicative" and self.applied else 1.0


def estimate_overdispersion(
    y: np.ndarray, se: np.ndarray, target: float, method: Method = "none"
) -> Overdispersion:
    if method not in METHODS:
        raise ValueError(f"overdispersion must be one of {', '.join(METHODS)}, not {method!r}")
    y, se = np.asarray(y, dtype=float), np.asarray(se, dtype=float)
    keep = np.isfinite(y) & np.isfinite(se) & (se > 0)
    y, se = y[keep], se[keep]
    if y.size == 0:
        return Overdispersion(method, math.nan, 0.0, 0, False)
    z = winsorise((y - target) / se)
    phi, tau2 = phi_estimate(z), tau2_estimate(z, se)
    applied = (method == "multiplicative" and phi > 1) or (method == "additive" and tau2 > 0)
    return Overdispersion(method, phi, tau2, int(y.size), bool(applied))


def limits(
    target: float, se: np.ndarray, confidence: float, od: Overdispersion | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``target ± z·s`` on the funnel scale, widened by √φ or by τ² when ``od`` was applied."""
    se = np.asarray(se, dtype=float)
    z = z_value(confidence)
    if od is not None and od.applied and od.method == "additive":
        half = z * np.sqrt(se**2 + od.tau2)
    else:
        half = z * se * (od.scale if od is not None else 1.0)
    return target - half, target + half


def position(y: float, lo95: float, hi95: float, lo998: float, hi998: float) -> Position:
    """Where a point lies; a point exactly on a limit counts as within it."""
    if y > hi998:
        return "above_99.8"
    if y > hi95:
        return "above_95"
    if y < lo998:
        return "below_99.8"
    if y < lo95:
        return "below_95"
    return "within"


@dataclass(frozen=True)
class FunnelScale:
    """How an indicator sits on a funnel: ``s(x) = sqrt(unit_variance / x)`` on the funnel scale.

    x_measure "denominator": x is the count of people and unit_variance that of one person
    (for shares 100²·p·(1 − p), in percent). x_measure "precision": x is 1/s² itself
    (unit_variance 1), for relative likelihoods and gaps, whose standard error is not a function
    of one count. ``log``: the funnel scale is the natural log of the shown value (ratios).
    ``bounds``: the range the shown value can take; limits are clipped to it."""

    x_measure: Literal["denominator", "precision"]
    unit_variance: float
    log: bool = False
    bounds: tuple[float, float] | None = None

    def shown(self, values: np.ndarray) -> np.ndarray:
        values = np.asarray(values, dtype=float)
        out = np.exp(values) if self.log else values
        return np.clip(out, *self.bounds) if self.bounds else out

    def se(self, x: np.ndarray) -> np.ndarray:
        return np.sqrt(self.unit_variance / np.asarray(x, dtype=float))


def curve(
    target: float,
    scale: FunnelScale,
    x_min: float,
    x_max: float,
    *,
    od: Overdispersion | None = None,
    points: int = 200,
) -> pd.DataFrame:
    """Smooth limits for drawing: x, lower95, upper95, lower998, upper998 in shown units.

    ``target`` is on the funnel scale (log for ratios). x is spaced evenly on a log scale, as
    funnel plots are usually read."""
    if not (x_min > 0 and x_max >= x_min and math.isfinite(x_max)):
        return pd.DataFrame(columns=["x", "lower95", "upper95", "lower998", "upper998"])
    x = np.geomspace(x_min, x_max, points) if x_max > x_min else np.array([x_min])
    se = scale.se(x)
    lo95, hi95 = limits(target, se, INNER, od)
    lo998, hi998 = limits(target, se, OUTER, od)
    return pd.DataFrame(
        {
            "x": x,
            "lower95": scale.shown(lo95),
            "upper95": scale.shown(hi95),
            "lower998": scale.shown(lo998),
            "upper998": scale.shown(hi998),
        }
    )
