"""Intervals checked by hand and against independent implementations (statsmodels, scipy)."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats.contingency import relative_risk
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from metrics.stats.intervals import (
    NotComputable,
    NoVariation,
    newcombe_difference,
    relative_likelihood,
    wilson,
)


def test_worked_example_relative_likelihood():
    # 117 of 389 White and 2 of 10 BME shortlisted applicants appointed:
    # (117/389) / (2/10) = 0.30077 / 0.2 = 1.50386
    r = relative_likelihood(117, 389, 2, 10)
    assert round(r.value, 3) == 1.504
    # Katz by hand: se = sqrt(1/117 - 1/389 + 1/2 - 1/10) = sqrt(0.405976) = 0.637163
    se = math.sqrt(1 / 117 - 1 / 389 + 1 / 2 - 1 / 10)
    assert r.lower == pytest.approx(math.exp(math.log(1.50386) - 1.959964 * se), rel=1e-4)
    assert r.lower == pytest.approx(0.4314, abs=5e-4)
    assert r.upper == pytest.approx(5.2429, abs=5e-3)


@given(st.integers(1, 500), st.integers(0, 500), st.integers(1, 500), st.integers(0, 500))
def test_katz_matches_scipy(a, extra1, c, extra2):
    assume(extra1 or extra2)  # everyone in both groups: no variation (tested below)
    n1, n2 = a + extra1, c + extra2
    ours = relative_likelihood(a, n1, c, n2)
    theirs = relative_risk(a, n1, c, n2)
    ci = theirs.confidence_interval(0.95)
    assert ours.value == pytest.approx(theirs.relative_risk, rel=1e-9)
    assert ours.lower == pytest.approx(ci.low, rel=1e-6)
    assert ours.upper == pytest.approx(ci.high, rel=1e-6)


@given(st.integers(1, 300), st.integers(0, 300), st.integers(1, 300), st.integers(0, 300))
def test_swapping_groups_inverts_ratio_and_interval(a, extra1, c, extra2):
    assume(extra1 or extra2)
    n1, n2 = a + extra1, c + extra2
    forward, backward = relative_likelihood(a, n1, c, n2), relative_likelihood(c, n2, a, n1)
    assert forward.value * backward.value == pytest.approx(1.0)
    assert forward.lower * backward.upper == pytest.approx(1.0)
    assert forward.upper * backward.lower == pytest.approx(1.0)


@pytest.mark.parametrize(
    "a,n1,c,n2", [(0, 10, 3, 10), (3, 10, 0, 10), (0, 0, 3, 10), (3, 10, 0, 0)]
)
def test_zero_cells_are_not_computable(a, n1, c, n2):
    with pytest.raises(NotComputable):
        relative_likelihood(a, n1, c, n2)


@pytest.mark.parametrize(
    "a,n1,c,n2,everyone", [(10, 10, 10, 10, True), (1, 1, 250, 250, True), (0, 10, 0, 40, False)]
)
def test_no_variation_has_no_interval(a, n1, c, n2, everyone):
    # 10 of 10 against 10 of 10: the Katz variance 1/10 - 1/10 + 1/10 - 1/10 is 0, which would
    # give the false certainty [1.00, 1.00]; 0 of 10 against 0 of 40 is 0/0
    with pytest.raises(NoVariation) as caught:
        relative_likelihood(a, n1, c, n2)
    assert caught.value.everyone is everyone
    assert isinstance(caught.value, NotComputable)


def test_one_group_all_events_still_has_an_interval():
    # 10 of 10 against 5 of 10: var = 0 + 1/5 - 1/10 = 0.1 > 0, a real interval
    r = relative_likelihood(10, 10, 5, 10)
    assert r.value == pytest.approx(2.0)
    assert r.lower == pytest.approx(2 * math.exp(-1.959964 * math.sqrt(0.1)), rel=1e-5)
    assert r.lower < r.value < r.upper


def test_impossible_counts_raise():
    with pytest.raises(ValueError):
        relative_likelihood(5, 3, 1, 10)
    with pytest.raises(ValueError):
        wilson(4, 3)


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_wilson_matches_statsmodels(k, extra):
    n = k + extra
    if n == 0:
        return
    lo, hi = wilson(k, n)
    ref_lo, ref_hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert lo == pytest.approx(ref_lo, abs=1e-9)
    assert hi == pytest.approx(ref_hi, abs=1e-9)
    assert 0 <= lo <= k / n <= hi <= 1


def test_wilson_by_hand():
    # k=0, n=10, z=1.96: upper = z^2/(n+z^2) = 3.8415/13.8415 = 0.2775
    lo, hi = wilson(0, 10)
    assert lo == 0
    assert hi == pytest.approx(0.2775, abs=1e-4)


@given(st.integers(0, 400), st.integers(1, 400), st.integers(0, 400), st.integers(1, 400))
def test_newcombe_matches_statsmodels(k1, extra1, k2, extra2):
    n1, n2 = k1 + extra1, k2 + extra2
    d, lo, hi = newcombe_difference(k1, n1, k2, n2)
    ref_lo, ref_hi = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
    assert d == pytest.approx(k1 / n1 - k2 / n2)
    assert lo == pytest.approx(ref_lo, abs=1e-9)
    assert hi == pytest.approx(ref_hi, abs=1e-9)
