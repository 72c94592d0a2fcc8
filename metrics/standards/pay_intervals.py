"""Intervals for pay figures that assume nothing about the shape of pay.

- A group's median: the exact distribution-free interval from order statistics. The number of
  people paid below the true median is Binomial(n, 1/2), so [x(j), x(n+1-j)] (1-based, sorted)
  covers it with probability 1 - 2 P(B <= j-1); j is the largest with that at least the level asked.
  Too few people (5 or fewer at 95%) and no such j exists: no interval, rather than a false one.
- A gap (mean or median): a percentile bootstrap, each group resampled on its own. The seed is
  fixed so the same file always gives the same interval. Resampling n people with replacement is
  drawing multinomial counts over the distinct pay values, which is how it is done here (exactly
  the same distribution, and fast when many people share a rate); pay is taken to the penny for it.

Both work from each group's pay as distinct values and the people on each
(metrics.standards.pay_tally), which a caller holding many groups builds once and passes in.
For a large n the binomial cdf is built only from where its terms stop being 0 in floating point
(40 standard deviations below the middle: e^-800, below the smallest double) to the middle, which
holds every level below 1/2; the terms left out are the zeros the full sum would have added.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from metrics.standards.pay_tally import Tally

BOOTSTRAP_SEED = 20170331  # the public-sector snapshot date the regulations began with
BOOTSTRAP_REPLICATES = 1000
_CHUNK = 100  # replicates drawn at once (bounds memory for a national extract)


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float
    confidence: float  # the level asked for; an exact interval's true coverage is at least this
    method: str


def _half_binomial_cdf(n: int) -> np.ndarray:
    """P(B <= i) for i = 0..n, B ~ Binomial(n, 1/2), from log C(n, i) built up term by term
    (log C(n, i+1) = log C(n, i) + log(n - i) - log(i + 1)): no special functions needed."""
    i = np.arange(n, dtype=float)
    log_choose = np.concatenate(([0.0], np.cumsum(np.log(n - i) - np.log(i + 1))))
    pmf = np.exp(log_choose - n * np.log(2.0))
    pmf[0] = pmf[-1] = np.ldexp(1.0, -n)  # 2^-n exactly: a level of exactly 2^-n is then a tie
    return np.cumsum(pmf)


_UNDERFLOW_SD = 40  # standard deviations from the middle where a term is e^-800: 0.0 as a double


def _half_binomial_cdf_from(n: int, first: int, last: int) -> np.ndarray:
    """P(B <= i) for i = first..last, when every term below ``first`` is 0 as a double: log C(n, i)
    starts from lgamma at ``first`` and is built up term by term from there."""
    i = np.arange(first, last, dtype=float)
    start = math.lgamma(n + 1) - math.lgamma(first + 1) - math.lgamma(n - first + 1)
    log_choose = start + np.concatenate(([0.0], np.cumsum(np.log(n - i) - np.log(i + 1))))
    return np.cumsum(np.exp(log_choose - n * np.log(2.0)))


def _at_most(n: int, q: float) -> int:
    """The number of i with P(B <= i) <= q, B ~ Binomial(n, 1/2): as the cdf increases, they are
    0 .. j-1, so j is the smallest i with P(B <= i) > q (P(B <= n) = 1 > q)."""
    first = int(n / 2 - _UNDERFLOW_SD * math.sqrt(n) / 2)
    if first <= 0 or not 0 < q < 0.5:
        return int(np.searchsorted(_half_binomial_cdf(n), q, side="right"))
    # every i below `first` has P(B <= i) = 0 <= q; P(B <= n // 2) >= 1/2 > q
    cdf = _half_binomial_cdf_from(n, first, n // 2)
    return first + int(np.searchsorted(cdf, q, side="right"))


def median_interval(values: np.ndarray | Tally, confidence: float = 0.95) -> Interval | None:
    """Exact distribution-free interval for the median of ``values`` (None when too few)."""
    pay = values if isinstance(values, Tally) else Tally.of(values)
    n = pay.n
    if n == 0:
        return None
    alpha = 1 - confidence
    j = _at_most(n, alpha / 2)
    if j == 0:
        return None
    low, high = pay.at([j - 1, n - j])  # x(j) and x(n+1-j), 0-based positions j-1 and n-j
    return Interval(float(low), float(high), confidence, "exact (order statistics)")


def _replicates(values: Tally, rng: np.random.Generator, size: int):
    """(means, medians) of ``size`` bootstrap resamples of ``values``, in chunks."""
    pennies = values.rounded(2)
    distinct, counts = pennies.values, pennies.counts
    n = pennies.n
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
    reference: np.ndarray | Tally,
    focus: np.ndarray | Tally,
    confidence: float = 0.95,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = BOOTSTRAP_SEED,
) -> GapIntervals:
    """Percentile bootstrap intervals for the mean and the median gap, (ref - focus) / ref x 100.

    None where a group is empty or a resampled reference average is 0 (no gap to divide by)."""
    reference, focus = (v if isinstance(v, Tally) else Tally.of(v) for v in (reference, focus))
    if reference.n == 0 or focus.n == 0:
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
