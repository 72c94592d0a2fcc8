"""The funnel, league table and summary on pooled values (``evidence(on="pooled")``): a
3-trust, 3-year network whose pooled limits and positions are worked by hand; a withheld year
left out of the pool and said; shrinkage on whatever the comparison runs on."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from metrics.compare.evidence import evidence
from metrics.compare.network import compare
from metrics.compare.values import network_values
from metrics.counts.table import normalise
from metrics.problems import InputError

Z95 = 1.959963984540054
Z998 = 3.090232306167813


def ratio(org, year, white, bme, region="North"):
    return [
        {"organisation": org, "region": region, "trust_type": "Acute", "year": year,
         "indicator": "WRES2", "group": g, "numerator": n, "denominator": d}
        for g, (n, d) in (("White", white), ("BME", bme))
    ]  # fmt: skip


# P: White 30/90, 36/100, 42/110 (108 of 300); BME 18/90, 20/100, 22/110 (60 of 300).
# Q: White 25/100, BME 25/100 each year (75 and 75 of 300); R: 20/100 both (60 and 60 of 300).
ROWS = [
    *ratio("P", 2023, (30, 90), (18, 90)),
    *ratio("P", 2024, (36, 100), (20, 100)),
    *ratio("P", 2025, (42, 110), (22, 110)),
    *[r for y in (2023, 2024, 2025) for r in ratio("Q", y, (25, 100), (25, 100))],
    *[r for y in (2023, 2024, 2025) for r in ratio("R", y, (20, 100), (20, 100))],
]


@pytest.fixture(scope="module")
def values():
    return network_values(normalise(pd.DataFrame(ROWS)))


def test_the_year_basis_is_the_year_as_before(values):
    # 2025: network White 87/310, BME 67/310, RL 87/67; P = 42/22 = 1.909, log 0.6466;
    # Katz SE sqrt(1/42-1/110+1/22-1/110) = 0.22602; upper 95% = ln(87/67) + 1.96 x 0.22602
    # = 0.26122 + 0.44299 = 0.70421 > 0.6466: within the limits in the single year
    year = compare(values, "WRES2", year=2025)
    extra = evidence(values, year, pool=3)
    assert extra.basis == "year" and extra.basis_years is None
    assert extra.ran_on(year) is year
    assert year.get("P").funnel == "within"
    assert year.pooled == pytest.approx(87 / 67)


def test_pooled_limits_and_positions_worked_by_hand(values):
    extra = evidence(values, compare(values, "WRES2", year=2025), pool=3, on="pooled")
    shown = extra.ran_on(compare(values, "WRES2", year=2025))
    assert extra.basis == "pooled" and extra.basis_years == (2023, 2024, 2025)
    # network: White (108+75+60) = 243 of 900, BME (60+75+60) = 195 of 900: RL 243/195
    centre = math.log(243 / 195)  # 0.220060
    assert shown.pooled == pytest.approx(243 / 195)
    p = shown.get("P")
    # P: (108/300)/(60/300) = 1.8, log 0.587787; SE sqrt(1/108-1/300+1/60-1/300) = 0.138778
    se = math.sqrt(1 / 108 - 1 / 300 + 1 / 60 - 1 / 300)
    assert se == pytest.approx(0.138778, abs=1e-6)
    assert p.value == pytest.approx(1.8)
    # upper 95% limit exp(0.220060 + 1.96 x 0.138778) = exp(0.492059) = 1.63571 < 1.8;
    # upper 99.8% exp(0.220060 + 3.0902 x 0.138778) = exp(0.648916) = 1.91344 > 1.8
    assert p.upper95 == pytest.approx(math.exp(centre + Z95 * se))
    assert p.upper95 == pytest.approx(1.63571, abs=1e-4)
    assert p.upper998 == pytest.approx(math.exp(centre + Z998 * se))
    assert p.funnel == "above_95"
    # Q: RL 1, SE sqrt(2 x (1/75 - 1/300)) = 0.141421: lower 95% exp(0.22006-0.27718) = 0.9445
    q = shown.get("Q")
    assert q.value == pytest.approx(1.0)
    assert q.lower95 == pytest.approx(math.exp(centre - Z95 * math.sqrt(0.02)))
    assert q.funnel == "within"
    # R: SE sqrt(2 x (1/60 - 1/300)) = 0.163299: lower 95% exp(0.22006-0.32006) = 0.9048
    r = shown.get("R")
    assert r.lower95 == pytest.approx(math.exp(centre - Z95 * math.sqrt(2 * (1 / 60 - 1 / 300))))
    assert r.funnel == "within"
    # league: P first; P's 95% CI exp(0.587787 -/+ 0.271999) = 1.3713-2.3627 leaves 1 out
    assert [o.organisation for o in shown.organisations][0] == "P"
    assert p.rank == 1 and p.against_equality == "worse"
    assert p.ci_lower == pytest.approx(math.exp(math.log(1.8) - Z95 * se))
    # summary on the pooled values: one trust above the 95% limits, one worse than equality
    assert shown.summary.trusts == 3
    assert shown.summary.funnel_above == 1 and shown.summary.funnel_below == 0
    assert shown.summary.worse == 1 and shown.summary.cannot_tell == 2


def test_pooled_basis_needs_a_pool_and_a_poolable_indicator(values):
    year = compare(values, "WRES2", year=2025)
    with pytest.raises(InputError, match="only when they are pooled"):
        evidence(values, year, on="pooled")
    with pytest.raises(InputError, match="not a basis"):
        evidence(values, year, pool=3, on="both")


# --- a withheld year in the pool ----------------------------------------------------------

RETURNS = """Organisation,Year,Indicator,Group,Numerator,Denominator
Wold,2023,WRES2,White,30,100
Wold,2023,WRES2,BME,10,100
Wold,2024,WRES2,White,20,80
Wold,2024,WRES2,BME,<5,40
Wold,2025,WRES2,White,25,80
Wold,2025,WRES2,BME,8,60
Held,2023,WRES2,White,40,100
Held,2023,WRES2,BME,20,100
Held,2024,WRES2,White,40,100
Held,2024,WRES2,BME,20,100
Held,2025,WRES2,White,40,100
Held,2025,WRES2,BME,not held,100
Exact,2023,WRES2,White,30,100
Exact,2023,WRES2,BME,30,100
Exact,2024,WRES2,White,30,100
Exact,2024,WRES2,BME,30,100
Exact,2025,WRES2,White,30,100
Exact,2025,WRES2,BME,30,100
"""


@pytest.fixture(scope="module")
def withheld(tmp_path_factory):
    from metrics.compare.censored import with_ranges
    from metrics.compare.inputs import load_network

    path = tmp_path_factory.mktemp("foi") / "returns.csv"
    path.write_text(RETURNS, encoding="utf-8")
    network = load_network([path])
    values = network_values(network.counts, keys=network.keys)
    return with_ranges(values, network.censored, network.counts)


def test_a_withheld_year_makes_the_pool_a_range_and_a_year_not_held_is_left_out(withheld):
    from metrics.compare.pooled import pooled_evidence

    found = pooled_evidence(withheld, "WRES2", 3, year=2025)
    wold = found.get("Wold")
    # White 30+20+25 = 75 of 260; BME 10+x+8 = 18+x of 200, x in 0..4 ("<5").
    # x = 4: (75/260)/(22/200) = 0.288462/0.11 = 2.622378; x = 0: /0.09 = 3.205128
    assert wold.value is None
    assert wold.value_range == pytest.approx((2.622378, 3.205128), abs=1e-6)
    assert wold.years == (2023, 2024, 2025) and wold.years_pooled == 3
    assert wold.left_out == ()
    assert '"<5"' in wold.reason and "2024" in wold.reason
    # Held: 2025's BME count not held: 2023-2024 pool, White 80/200, BME 40/200 -> 2.0
    held = found.get("Held")
    assert held.value == pytest.approx(2.0) and held.years == (2023, 2024)
    assert held.value_range is None
    assert held.left_out[0].startswith("2025 left out of the pool: a count was withheld or not")
    assert '"not held"' in held.left_out[0]
    exact = found.get("Exact")
    assert exact.years == (2023, 2024, 2025) and exact.left_out == ()


# --- shrinkage on what the comparison runs on ---------------------------------------------

# Pooled sums (White appointed, shortlisted, BME appointed, shortlisted), each split over
# 2024 and 2025 as floor(x/2) and the rest.
SUMS = {
    "Large": (400, 1000, 300, 1000),
    "Middling": (90, 300, 50, 300),
    "Spread": (60, 200, 20, 200),
    "Even": (50, 250, 50, 250),
    "Small": (9, 20, 2, 20),
    "Tiny": (4, 12, 4, 12),
    "Low": (30, 300, 45, 300),
}


def direct_shrunk(trusts) -> dict[str, float]:
    """shrunk = w*y + (1-w)*mu, w = tau2/(tau2 + s^2) on ln RL, tau2 by DerSimonian-Laird
    from z-scores winsorised at the 10th and 90th centiles; back-transformed."""
    a, n1, c, n2 = (np.array([t[k] for t in trusts.values()], dtype=float) for k in range(4))
    y = np.log((a / n1) / (c / n2))
    s2 = 1 / a - 1 / n1 + 1 / c - 1 / n2
    mu = np.log((a.sum() / n1.sum()) / (c.sum() / n2.sum()))
    z = np.clip((y - mu) / np.sqrt(s2), *np.quantile((y - mu) / np.sqrt(s2), [0.1, 0.9]))
    w = 1 / s2
    tau2 = max(0.0, (len(y) * np.mean(z**2) - (len(y) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    weight = tau2 / (tau2 + s2)
    return dict(zip(trusts, np.exp(weight * y + (1 - weight) * mu), strict=True))


def test_shrinkage_runs_on_the_pooled_values_when_the_basis_is_pooled():
    rows = []
    for org, (a, n1, c, n2) in SUMS.items():
        first = [x // 2 for x in (a, n1, c, n2)]
        rest = [x - f for x, f in zip((a, n1, c, n2), first, strict=True)]
        rows += ratio(org, 2024, first[:2], first[2:])
        rows += ratio(org, 2025, rest[:2], rest[2:])
    values = network_values(normalise(pd.DataFrame(rows)))
    year = compare(values, "WRES2", year=2025)
    pooled = evidence(values, year, pool=3, shrunk=True, on="pooled")
    got = {s.organisation: s.value for s in pooled.shrunk}
    assert got == pytest.approx(direct_shrunk(SUMS), rel=1e-9)
    # on the year, the 2025 counts alone are shrunk (a different answer)
    latest = {org: tuple(x - x // 2 for x in t) for org, t in SUMS.items()}
    on_year = {s.organisation: s.value for s in evidence(values, year, shrunk=True).shrunk}
    assert on_year == pytest.approx(direct_shrunk(latest), rel=1e-9)
    assert on_year["Small"] != pytest.approx(got["Small"], rel=1e-3)
