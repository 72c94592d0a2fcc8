"""Intervals for pay figures that assume nothing about the shape of pay.

- A group's median: the exact distribution-free interval from order statistics. The number of
  people paid below the true median is Binomial(n, 1/2), so [x(j), x(n+1-j)] (1-based, sorted)
  covers it with probability 1 - 2 P(B <= j-1); j is the largest with that at least the level asked.
  Too few people (5 or fewer at 95%) and no such j exists: no interval, rather than a false one.
- A gap (mean or median): a percentile bootstrap, each group resampled on its own. The seed is
  fixed so the same file always gives the same interval. Resampling n people with replacement is
  drawing multinomial counts over the distinct pay values, which is how it is done here (exactly
  the same distribution, and fast when many people share a rate); pay is taken to the penny for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

BOOTSTRAP_SEED = 20170331  # the public-sector snapshot date the regulations began with
BOOTSTRAP_REPLICATES = 1000
_CHUNK = 100  # replicates drawn at once (bounds memory for a national extract)


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float
    confidence: float  # the level asked for; an exact interval's true coverage is at least this
    method: str


def median_interval(values: np.ndarray, confidence: float = 0.95) -> Interval | None:
    """Exact distribution-free interval for the median of ``values`` (None when too few)."""
    n = len(values)
    if n == 0:
        return None
    alpha = 1 - confidence
    # j = the number of i with P(B <= i) <= alpha/2 (the cdf increases, so they are 0 .. j-1);
    # k, the smallest i with P(B <= i) >= alpha/2, is j, or j - 1 when P(B <= k) is alpha/2 exactly
    k = int(binom.ppf(alpha / 2, n, 0.5))
    j = k + 1 if binom.cdf(k, n, 0.5) <= alpha / 2 else k
    if j == 0:
        return None
    low, high = j - 1, n - j  # 0-based positions of x(j) and x(n+1-j)
    part = np.partition(np.asarray(values, dtype=float), (low, high))
    return Interval(float(part[low]), float(part[high]), confidence, "exact (order statistics)")


def _replicates(values: np.ndarray, rng: np.random.Generator, size: int):
    """(means, medians) of ``size`` bootstrap resamples of ``values``, in chunks."""
    distinct, counts = np.unique(np.round(values, 2), return_counts=True)
    n = len(values)
    p = counts / n
    lower_rank, upper_rank = (n - 1) // 2, n // 2  # 0-based ranks averaged for the median
    means, medians = [], []
    for start in range(0, size, _CHUNK):
        drawn = rng.multinomial(n, p, size=min(_CHUNK, size - start))
        means.append(drawn @ distinct / n)
        cum = np.cumsum(drawn, axis=1)
        low = (cum <= lower_rank).sum(axis=1)  # first value whose cumulative count passes the rank
        high = (cum <= upper_rank).sum(axis=1)
        medians.append((distinct[low] + distinct[high]) / 2)
    return np.concatenate(means), np.concatenate(medians)


@dataclass(frozen=True)
class GapIntervals:
    mean: Interval | None
    median: Interval | None


def gap_intervals(
    reference: np.ndarray,
    focus: np.ndarray,
    confidence: float = 0.95,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = BOOTSTRAP_SEED,
) -> GapIntervals:
    """Percentile bootstrap intervals for the mean and the median gap, (ref - focus) / ref x 100.

    None where a group is empty or a resampled reference average is 0 (no gap to divide by)."""
    if len(reference) == 0 or len(focus) == 0:
        return GapIntervals(None, None)
    rng = np.random.default_rng(seed)
    ref_mean, ref_median = _replicates(reference, rng, replicates)
    foc_mean, foc_median = _replicates(focus, rng, replicates)
    tail = (1 - confidence) / 2 * 100
    method = f"percentile bootstrap, {replicates} resamples, seed {seed}"

    def interval(ref: np.ndarray, foc: np.ndarray) -> Interval | None:
        if np.any(ref == 0):
            return None
        gaps = (ref - foc) / ref * 100
        low, high = np.percentile(gaps, [tail, 100 - tail])
        return Interval(float(low), float(high), confidence, method)

    return GapIntervals(interval(ref_mean, foc_mean), interval(ref_median, foc_median))
