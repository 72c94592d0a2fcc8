"""Funnel limits and over-dispersion: worked by hand, and against statsmodels / numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from metrics.stats import funnel as fn

Z95 = 1.959963984540054  # standard normal quantile at 0.975
Z998 = 3.090232306167813  # at 0.999


def test_proportion_limits_worked_example():
    # pooled share 0.2. n = 100: se = sqrt(0.2 * 0.8 / 100) = sqrt(0.0016) = 0.04
    #   95%:   0.2 ± 1.959964 * 0.04 = 0.2 ± 0.0783986 -> 0.1216014 to 0.2783986
    #   99.8%: 0.2 ± 3.090232 * 0.04 = 0.2 ± 0.1236093 -> 0.0763907 to 0.3236093
    # n = 25: se = sqrt(0.16 / 25) = 0.08; 95%: 0.2 ± 0.1567971 -> 0.0432029 to 0.3567971
    # n = 4: se = 0.2; 95%: 0.2 ± 0.3919928 -> below 0, so clipped to 0; upper 0.5919928
    lower, upper = fn.proportion_limits(0.2, np.array([100, 25, 4]))
    assert lower == pytest.approx([0.1216014, 0.0432029, 0.0])
    assert upper == pytest.approx([0.2783986, 0.3567971, 0.5919928])
    lower, upper = fn.proportion_limits(0.2, 100, 0.998)
    assert float(lower) == pytest.approx(0.0763907)
    assert float(upper) == pytest.approx(0.3236093)


@given(st.floats(0.02, 0.98), st.integers(5, 5000), st.sampled_from([0.95, 0.998]))
def test_proportion_limits_are_where_the_wilson_interval_stops_covering_the_target(p0, n, conf):
    """Independent check with statsmodels: the Wilson interval of an observed proportion sitting
    exactly on a limit has the target as its end point, and the score z-test there is ±z."""
    lower, upper = fn.proportion_limits(p0, n, conf)
    alpha, z = 1 - conf, fn.z_value(conf)
    if 0 < upper < 1:
        wilson_low, _ = proportion_confint(float(upper) * n, n, alpha=alpha, method="wilson")
        assert wilson_low == pytest.approx(p0, abs=1e-9)
        stat, _ = proportions_ztest(float(upper) * n, n, value=p0, prop_var=p0)
        assert stat == pytest.approx(z, rel=1e-9)
    if 0 < lower < 1:
        _, wilson_high = proportion_confint(float(lower) * n, n, alpha=alpha, method="wilson")
        assert wilson_high == pytest.approx(p0, abs=1e-9)


@given(st.integers(0, 200), st.integers(1, 200), st.floats(0.05, 0.95))
def test_inside_the_limits_exactly_when_the_wilson_interval_covers_the_target(k, extra, p0):
    n = k + extra
    lower, upper = fn.proportion_limits(p0, n)
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    inside = lower <= k / n <= upper
    if min(abs(k / n - lower), abs(k / n - upper)) > 1e-9:  # not on the boundary itself
        assert inside == (low <= p0 <= high)


def test_katz_standard_error():
    # 20 of 100 against 10 of 100: 1/20 - 1/100 + 1/10 - 1/100 = 0.05 - 0.01 + 0.1 - 0.01 = 0.13
    se = fn.katz_se([20, 0, 5], [100, 100, 5], [10, 10, 3], [100, 100, 0])
    assert se[0] == pytest.approx(math.sqrt(0.13))
    assert np.isnan(se[1])  # no events in the first group: no ratio, no standard error
    assert np.isnan(se[2])  # nobody in the second group


def test_winsorise_and_phi_and_tau2_worked_example():
    # Ten z-scores (target 0, every se 1, so z = y):
    y = np.array([-3, -1, -0.5, 0, 0.2, 0.4, 0.6, 1, 2, 5])
    # 10th percentile by linear interpolation: position 0.1 * 9 = 0.9 between -3 and -1:
    #   -3 + 0.9 * 2 = -1.2; 90th: position 8.1 between 2 and 5: 2 + 0.1 * 3 = 2.3
    z = fn.winsorise(y)
    assert z == pytest.approx([-1.2, -1, -0.5, 0, 0.2, 0.4, 0.6, 1, 2, 2.3])
    # squares 1.44 + 1 + 0.25 + 0 + 0.04 + 0.16 + 0.36 + 1 + 4 + 5.29 = 13.54; phi = 13.54 / 10
    assert fn.phi_estimate(z) == pytest.approx(1.354)
    # w = 1 for all: sum w - sum w^2 / sum w = 10 - 10 / 10 = 9; n phi - (n - 1) = 13.54 - 9
    # tau2 = 4.54 / 9 = 0.504444
    assert fn.tau2_estimate(z, np.ones(10)) == pytest.approx(4.54 / 9)
    od = fn.estimate_overdispersion(y, np.ones(10), 0.0, "multiplicative")
    assert (od.phi, od.applied, od.organisations) == (pytest.approx(1.354), True, 10)
    assert od.tau2 == pytest.approx(4.54 / 9)


def test_overdispersion_against_an_independent_numpy_calculation():
    rng = np.random.default_rng(7)
    se = rng.uniform(0.05, 0.5, 40)
    y = 0.3 + rng.normal(0, np.sqrt(se**2 + 0.04))  # over-dispersed: tau2 = 0.04 really
    target = 0.3
    z = (y - target) / se
    q10, q90 = np.percentile(z, [10, 90])
    zw = np.minimum(np.maximum(z, q10), q90)
    phi = float(np.sum(zw * zw) / len(zw))
    w = se**-2
    tau2 = max(0.0, (len(zw) * phi - (len(zw) - 1)) / (w.sum() - (w * w).sum() / w.sum()))
    mult = fn.estimate_overdispersion(y, se, target, "multiplicative")
    add = fn.estimate_overdispersion(y, se, target, "additive")
    assert mult.phi == pytest.approx(phi) and add.tau2 == pytest.approx(tau2)
    assert mult.applied and add.applied and phi > 1 and tau2 > 0
    lo, hi = fn.limits(target, se, 0.95, mult)
    assert hi == pytest.approx(target + Z95 * math.sqrt(phi) * se)
    assert lo == pytest.approx(target - Z95 * math.sqrt(phi) * se)
    lo, hi = fn.limits(target, se, 0.998, add)
    assert hi == pytest.approx(target + Z998 * np.sqrt(se**2 + tau2))
    assert lo == pytest.approx(target - Z998 * np.sqrt(se**2 + tau2))


def test_no_adjustment_when_there_is_no_overdispersion():
    # z-scores 0.5, -0.5, 0.2, -0.2 (se 1): phi = (0.25 + 0.25 + 0.04 + 0.04) / 4 = 0.145
    # after winsorising at the 10th/90th percentiles (-0.41, 0.41): (0.1681 * 2 + 0.08) / 4
    y, se = np.array([0.5, -0.5, 0.2, -0.2]), np.ones(4)
    for method in ("multiplicative", "additive"):
        od = fn.estimate_overdispersion(y, se, 0.0, method)
        assert od.phi == pytest.approx((0.1681 * 2 + 0.08) / 4)
        assert od.tau2 == 0.0  # n phi - (n - 1) = 0.4162 - 3 < 0: clipped to 0
        assert not od.applied
        lo, hi = fn.limits(0.0, se, 0.95, od)
        assert hi == pytest.approx(Z95 * se)  # unchanged
    assert not fn.estimate_overdispersion(y, se, 0.0, "none").applied
    with pytest.raises(ValueError, match="overdispersion must be one of"):
        fn.estimate_overdispersion(y, se, 0.0, "random")  # type: ignore[arg-type]


def test_positions_and_their_boundaries():
    bounds = (-1.0, 1.0, -2.0, 2.0)  # lower95, upper95, lower998, upper998
    assert fn.position(0.0, *bounds) == "within"
    assert fn.position(1.0, *bounds) == "within"  # on a limit counts as within
    assert fn.position(1.5, *bounds) == "above_95"
    assert fn.position(2.0, *bounds) == "above_95"
    assert fn.position(2.01, *bounds) == "above_99.8"
    assert fn.position(-1.5, *bounds) == "below_95"
    assert fn.position(-2.5, *bounds) == "below_99.8"


def test_curve_for_a_share_matches_the_limits_at_each_size():
    p0 = 0.2
    scale = fn.FunnelScale("denominator", 100**2 * p0 * (1 - p0), bounds=(0, 100))
    frame = fn.curve(100 * p0, scale, 4, 400, points=50)
    assert list(frame.columns) == ["x", "lower95", "upper95", "lower998", "upper998"]
    assert frame["x"].iloc[0] == pytest.approx(4) and frame["x"].iloc[-1] == pytest.approx(400)
    lower, upper = fn.proportion_limits(p0, frame["x"].to_numpy())
    assert frame["lower95"].to_numpy() == pytest.approx(100 * lower)
    assert frame["upper95"].to_numpy() == pytest.approx(100 * upper)
    assert (frame["upper998"] >= frame["upper95"]).all()
    assert frame["upper95"].is_monotonic_decreasing  # the funnel narrows as trusts grow
    assert frame["lower998"].min() == 0.0  # clipped at 0% for the smallest trusts


def test_curve_for_a_ratio_on_the_precision_scale():
    # precision x = 1/se^2: at x = 25, se = 0.2; RL limits exp(ln 1.2 ± 1.959964 * 0.2)
    scale = fn.FunnelScale("precision", 1.0, log=True)
    frame = fn.curve(math.log(1.2), scale, 25, 25)
    assert frame["lower95"].iloc[0] == pytest.approx(1.2 * math.exp(-Z95 * 0.2))
    assert frame["upper998"].iloc[0] == pytest.approx(1.2 * math.exp(Z998 * 0.2))
    assert fn.curve(0.0, scale, 0, 10).empty  # no range to draw


def test_katz_se_is_missing_when_everyone_in_both_groups_had_the_event():
    from metrics.stats.funnel import katz_se

    # 10 of 10 against 10 of 10: 1/10 - 1/10 + 1/10 - 1/10 = 0, no standard error to use;
    # 10 of 10 against 5 of 10 keeps its own: sqrt(1/5 - 1/10)
    se = katz_se([10, 10], [10, 10], [10, 5], [10, 10])
    assert np.isnan(se[0]) and se[1] == pytest.approx(np.sqrt(0.1))
