"""Shrunken estimates checked against a direct computation of the empirical Bayes formula,
written here with numpy from the counts (Katz SE, DerSimonian-Laird tau2 from winsorised
z-scores), not from the code's own intermediate figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics.compare.network import compare
from metrics.compare.shrink import shrink, shrink_arrays
from metrics.compare.values import network_values
from metrics.counts.table import normalise
from metrics.disclosure.control import DisclosureSettings

Z95 = 1.959963984540054
# (White appointed, shortlisted, BME appointed, shortlisted): WRES2 = (a/n1)/(c/n2)
TRUSTS = {
    "Large": (400, 1000, 300, 1000),
    "Middling": (90, 300, 50, 300),
    "Spread": (60, 200, 20, 200),
    "Even": (50, 250, 50, 250),
    "Small": (9, 20, 2, 20),
    "Tiny": (4, 12, 4, 12),
    "Low": (30, 300, 45, 300),
}


def counts(trusts) -> pd.DataFrame:
    rows = []
    for org, (a, n1, c, n2) in trusts.items():
        for group, n, d in (("White", a, n1), ("BME", c, n2)):
            rows.append({"organisation": org, "year": 2025, "indicator": "WRES2",
                         "group": group, "numerator": n, "denominator": d})  # fmt: skip
    return normalise(pd.DataFrame(rows))


def direct(trusts) -> dict[str, float]:
    """shrunk = w*y + (1-w)*mu, w = tau2/(tau2 + s^2), on ln RL, back-transformed."""
    a, n1, c, n2 = (np.array([t[k] for t in trusts.values()], dtype=float) for k in range(4))
    y = np.log((a / n1) / (c / n2))
    s2 = 1 / a - 1 / n1 + 1 / c - 1 / n2
    mu = np.log((a.sum() / n1.sum()) / (c.sum() / n2.sum()))
    z = (y - mu) / np.sqrt(s2)
    low, high = np.quantile(z, [0.1, 0.9])
    z = np.clip(z, low, high)
    w = 1 / s2
    tau2 = max(0.0, (len(y) * np.mean(z**2) - (len(y) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    weight = tau2 / (tau2 + s2)
    return dict(zip(trusts, np.exp(weight * y + (1 - weight) * mu), strict=True))


def test_shrunk_values_match_the_formula():
    comparison = compare(network_values(counts(TRUSTS)), "WRES2")
    expected = direct(TRUSTS)
    got = {s.organisation: s.value for s in shrink(comparison)}
    assert got == pytest.approx(expected, rel=1e-9)
    assert comparison.funnel.overdispersion.tau2 > 0  # the case that moves trusts by weight


def test_small_trusts_move_most_towards_the_network():
    comparison = compare(network_values(counts(TRUSTS)), "WRES2")
    pooled = comparison.pooled
    shrunk = {s.organisation: s for s in shrink(comparison)}
    raw = {o.organisation: o.value for o in comparison.organisations}
    # Small (2 BME appointments) and Large (1,000 each side): Small keeps much less weight
    assert shrunk["Small"].weight < shrunk["Large"].weight
    for org, s in shrunk.items():
        low, high = sorted((raw[org], pooled))
        assert low - 1e-12 <= s.value <= high + 1e-12  # between its own value and the network's
        assert s.ci_lower < s.value < s.ci_upper
        assert s.rank_low <= s.rank <= s.rank_high


def test_no_spread_beyond_chance_gives_everyone_the_network_value():
    # every trust at the same rates: tau2 = 0, so w = 0 and the estimate is the pooled value
    same = {f"T{i}": (20 * (i + 1), 100 * (i + 1), 10 * (i + 1), 100 * (i + 1)) for i in range(4)}
    comparison = compare(network_values(counts(same)), "WRES2")
    assert comparison.funnel.overdispersion.tau2 == 0
    assert [s.value for s in shrink(comparison)] == pytest.approx([2.0] * 4)


def test_the_arrays_by_hand():
    # y = 1, s = 1, mu = 0, tau2 = 1: w = 1/2, shrunk 0.5, posterior sd sqrt(1/2)
    shrunk, sd, w = shrink_arrays(np.array([1.0, np.nan]), np.array([1.0, 1.0]), 0.0, 1.0)
    assert shrunk[0] == pytest.approx(0.5) and np.isnan(shrunk[1])
    assert sd[0] == pytest.approx(np.sqrt(0.5)) and w[0] == pytest.approx(0.5)


def test_a_hidden_trust_has_no_shrunk_value():
    tiny = dict(TRUSTS, Hidden=(1, 3, 1, 3))  # 6 shortlisted: a size of 1-7
    comparison = compare(network_values(counts(tiny)), "WRES2", publish=DisclosureSettings())
    shrunk = {s.organisation: s for s in shrink(comparison)}
    assert shrunk["Hidden"].value is None and shrunk["Hidden"].rank is None
    assert shrunk["Large"].value is not None
