"""Shrunken estimates: each trust's value pulled towards the network's by how little its own
counts say, so a league table is not led by the smallest trusts' noise.

Empirical Bayes on the funnel scale (the log relative likelihood, a gap in points, a share):
with ``y`` a trust's value, ``s`` its standard error, ``mu`` the network's pooled value and
``tau2`` the between-trust variance the funnel estimates already (DerSimonian-Laird from
winsorised z-scores, ``metrics.stats.funnel.tau2_estimate``),

    shrunk = w*y + (1 - w)*mu,   w = tau2 / (tau2 + s^2),

back-transformed to shown units; its interval ``shrunk ± z*sqrt(w)*s`` (the posterior's spread
when tau2 is taken as known, which understates it a little). A large trust (small ``s``) keeps
nearly its own value; a small one moves most of the way to the network's. When ``tau2`` is 0
the trusts differ by no more than chance and every estimate is the network's value: that is
what the data say, not a fault. ``tau2`` is estimated whether or not the limits are widened
for it (``--overdispersion``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from metrics.compare.network import Comparison, fold
from metrics.stats.intervals import z_value
from metrics.stats.ranks import rank_intervals


@dataclass(frozen=True)
class Shrunk:
    """One trust's shrunken value and interval in shown units, the weight its own value got,
    and its rank and rank range among the shrunken values (rank 1 the highest)."""

    organisation: str
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    weight: float | None
    rank: int | None = None
    rank_low: int | None = None
    rank_high: int | None = None


def shrink_arrays(
    y: np.ndarray, se: np.ndarray, mu: float, tau2: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(shrunk, posterior sd, weight) on the funnel scale; NaN where ``y`` or ``se`` is."""
    y, se = np.asarray(y, dtype=float), np.asarray(se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(np.isfinite(se) & (se > 0), tau2 / (tau2 + se**2), np.nan)
    w = np.where(np.isfinite(y), w, np.nan)
    return w * y + (1 - w) * mu, np.sqrt(w) * se, w


def shrink(comparison: Comparison) -> tuple[Shrunk, ...]:
    """Every trust of a comparison shrunk towards its network's value, in the comparison's
    order; value None for a trust not on the funnel (no value, hidden, or no limits)."""
    funnel = comparison.funnel
    scale, centre = funnel.scale, funnel.centre
    orgs = comparison.organisations
    if scale is None or centre is None or not orgs:
        return tuple(Shrunk(o.organisation, None, None, None, None) for o in orgs)
    tau2 = funnel.overdispersion.tau2
    tau2 = 0.0 if not math.isfinite(tau2) else tau2
    x = np.array([np.nan if o.x is None else o.x for o in orgs], dtype=float)
    value = np.array([np.nan if o.value is None else o.value for o in orgs], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.log(value) if scale.log else value
        se = scale.se(x)
    placed = np.isfinite(y) & np.isfinite(se)
    shrunk, sd, w = shrink_arrays(np.where(placed, y, np.nan), se, centre, tau2)
    z = z_value(comparison.confidence)
    shown = scale.shown(shrunk)
    low, high = scale.shown(shrunk - z * sd), scale.shown(shrunk + z * sd)
    rank = np.full((3, len(orgs)), -1)
    if placed.any():
        ranked = rank_intervals(shown[placed], low[placed], high[placed])
        for k in range(3):
            rank[k, placed] = ranked[k]

    def num(a: np.ndarray, i: int) -> float | None:
        return float(a[i]) if placed[i] else None

    return tuple(
        Shrunk(
            o.organisation,
            num(shown, i),
            num(low, i),
            num(high, i),
            num(w, i),
            *(int(rank[k, i]) if placed[i] else None for k in range(3)),
        )
        for i, o in enumerate(orgs)
    )


def by_organisation(shrunk: tuple[Shrunk, ...]) -> dict[str, Shrunk]:
    """Shrunken estimates by folded trust name (case and spacing ignored)."""
    return {fold(s.organisation): s for s in shrunk}
