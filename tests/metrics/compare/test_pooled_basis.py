"""The funnel, league table and summary on pooled values (``evidence(on="pooled")``): a
3-trust, 3-year network whose pooled limits and positions are worked by hand; a withheld year
left out of the pool and said; shrinkage on whatever the comparison runs on."""

from __future__ import annotations

import math

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
