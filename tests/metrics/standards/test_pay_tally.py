"""Pay counted per rate: the same medians, ranks and rounding as numpy on the people's own values."""

from __future__ import annotations

import numpy as np
import pytest

from metrics.standards.pay_tally import Tally, by_rate

SAMPLES = {
    "pay points": np.round(12.45 * 1.04 ** np.random.default_rng(1).integers(0, 30, 999), 2),
    "to the penny": np.round(np.random.default_rng(2).uniform(10, 80, 1000), 2),
    "not on a penny": np.random.default_rng(3).lognormal(3, 0.4, 1001),
    "bonuses far apart": np.array([5_000.0, 40_000.0, 250_000.0, 5_000.0]),
    "one person": np.array([17.5]),
    "everyone alike": np.full(6, 20.0),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_a_tally_gives_numpys_median_and_order(name):
    pay = SAMPLES[name]
    tally = Tally.of(pay)
    values, counts = np.unique(pay, return_counts=True)  # the oracle: a sort
    np.testing.assert_array_equal(tally.values, values)
    np.testing.assert_array_equal(tally.counts, counts)
    assert tally.median() == np.median(pay)  # exactly: the same values, halved the same way
    ranks = np.arange(len(pay))
    np.testing.assert_array_equal(tally.at(ranks), np.sort(pay))


@pytest.mark.parametrize("name", SAMPLES)
def test_rounding_merges_as_numpy_unique_of_rounded_values(name):
    pay = SAMPLES[name]
    rounded = Tally.of(pay).rounded(1)
    values, counts = np.unique(np.round(pay, 1), return_counts=True)
    np.testing.assert_array_equal(rounded.values, values)
    np.testing.assert_array_equal(rounded.counts, counts)


def test_by_rate_counts_each_group_on_each_rate():
    # rates 10.00 (a: 2, b: 1), 10.01 (b: 1), 12.50 (a: 1): the lowest first, empty rates left out
    pay = np.array([10.0, 12.5, 10.0, 10.01, 10.0])
    group = np.array([0, 0, 0, 1, 1])
    rates, tally = by_rate(pay, group, 2)
    np.testing.assert_array_equal(rates, [10.0, 10.01, 12.5])
    np.testing.assert_array_equal(tally, [[2, 1], [0, 1], [1, 0]])


def test_nobody():
    assert Tally.of(np.empty(0)).median() is None
    rates, tally = by_rate(np.empty(0), np.empty(0, dtype=np.int64), 2)
    assert len(rates) == 0 and tally.shape == (0, 2)
