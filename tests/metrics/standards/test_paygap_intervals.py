"""Intervals for pay: the exact median interval against scipy, the bootstrap against scipy's."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from metrics.standards.pay_intervals import gap_intervals, median_interval


@pytest.mark.parametrize("n", [6, 7, 8, 9, 10, 17, 30, 101, 500])
def test_median_interval_matches_scipy_order_statistics(n):
    values = np.random.default_rng(n).lognormal(3, 0.4, size=n)
    expected = stats.quantile_test(values, q=np.median(values), p=0.5).confidence_interval(0.95)
    found = median_interval(values)
    assert (found.lower, found.upper) == (pytest.approx(expected.low), pytest.approx(expected.high))


def test_median_interval_by_hand():
    # n = 6: P(B <= 0) = 1/64 = 0.0156 <= 0.025, P(B <= 1) = 7/64 = 0.109 > 0.025, so j = 1 and
    # the interval is [x(1), x(6)], covering with probability 1 - 2/64 = 96.9%.
    found = median_interval(np.array([3.0, 1.0, 6.0, 2.0, 5.0, 4.0]))
    assert (found.lower, found.upper) == (1.0, 6.0)
    # n = 5: P(B <= 0) = 1/32 = 0.031 > 0.025: no order statistics cover 95%; no interval
    assert median_interval(np.arange(5.0)) is None
    assert median_interval(np.empty(0)) is None


def test_bootstrap_is_seeded_and_agrees_with_scipy():
    rng = np.random.default_rng(11)
    men = np.round(rng.lognormal(3.0, 0.3, 400), 2)
    women = np.round(rng.lognormal(2.9, 0.3, 600), 2)
    first = gap_intervals(men, women)
    assert gap_intervals(men, women) == first  # deterministic: a fixed seed

    def mean_gap(m, w, axis=-1):
        return (np.mean(m, axis=axis) - np.mean(w, axis=axis)) / np.mean(m, axis=axis) * 100

    oracle = stats.bootstrap(
        (men, women), mean_gap, n_resamples=4000, method="percentile", random_state=5
    ).confidence_interval
    width = oracle.high - oracle.low
    # two Monte Carlo estimates of the same interval: equal to within a tenth of its width
    assert first.mean.lower == pytest.approx(oracle.low, abs=width / 10)
    assert first.mean.upper == pytest.approx(oracle.high, abs=width / 10)
    point = mean_gap(men, women)
    assert first.mean.lower < point < first.mean.upper

    def median_gap(m, w, axis=-1):
        return (np.median(m, axis=axis) - np.median(w, axis=axis)) / np.median(m, axis=axis) * 100

    oracle = stats.bootstrap(
        (men, women), median_gap, n_resamples=4000, method="percentile", random_state=5
    ).confidence_interval
    width = oracle.high - oracle.low
    assert first.median.lower == pytest.approx(oracle.low, abs=width / 5)
    assert first.median.upper == pytest.approx(oracle.high, abs=width / 5)


def test_no_interval_for_an_empty_group():
    found = gap_intervals(np.array([10.0, 12.0]), np.empty(0))
    assert found.mean is None and found.median is None


@pytest.mark.parametrize("n", [*range(1, 70), 1000, 12_345, 1_000_001])
def test_order_statistic_count_matches_scipy_binomial(n):
    from metrics.standards.pay_intervals import _at_most

    # the number of i in 0..n with P(B <= i) <= q: scipy's ppf gives the smallest i with
    # P(B <= i) >= q, one more when that i sits exactly on q (q = 2^-n: i = 0 does)
    for q in (0.025, 0.005, *([0.5**n] if n < 70 else [])):
        k = int(stats.binom.ppf(q, n, 0.5))
        expected = k + 1 if stats.binom.cdf(k, n, 0.5) <= q else k
        assert _at_most(n, q) == expected


def test_pay_gaps_do_not_import_scipy():
    # scipy is a test oracle only, not installed with the tool: the binomial cdf is built here
    import subprocess
    import sys

    code = "import sys, metrics.standards.paygap; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
