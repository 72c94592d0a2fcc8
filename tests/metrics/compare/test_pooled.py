"""Evidence that pools: values pooled over years (sums worked by hand), the years a trust was
above each year's funnel limits, disclosure of pooled values, and the survey gap pooled.
Expected values are worked by hand in the comments, never taken from the code's output."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.compare.network import compare
from metrics.compare.pooled import pooled_evidence, pooled_values, window
from metrics.compare.values import network_values
from metrics.counts.table import normalise
from metrics.disclosure.control import DisclosureSettings
from metrics.problems import InputError

Z95 = 1.959963984540054


def ratio(org, year, white, bme, indicator="WRES2"):
    """WRES2 counts: White and BME (appointed, shortlisted)."""
    return [
        {"organisation": org, "region": "North", "trust_type": "Acute", "year": year,
         "indicator": indicator, "group": g, "numerator": n, "denominator": d}
        for g, (n, d) in (("White", white), ("BME", bme))
    ]  # fmt: skip


def network(*parts) -> pd.DataFrame:
    return normalise(pd.DataFrame([r for part in parts for r in part]))


# Trust A over four years; 2022 had no BME applicant shortlisted, so it cannot pool.
A = [
    ratio("A", 2022, (5, 10), (0, 0)),
    ratio("A", 2023, (30, 100), (10, 100)),
    ratio("A", 2024, (20, 50), (5, 40)),
    ratio("A", 2025, (25, 80), (8, 60)),
]
BIG = [ratio("Big", y, (500, 1000), (500, 1000)) for y in (2022, 2023, 2024, 2025)]


@pytest.fixture(scope="module")
def values():
    return network_values(network(*A, *BIG))


def test_three_years_pool_the_counts_summed_by_hand(values):
    # 2023-2025: White 30+20+25 = 75 of 100+50+80 = 230; BME 10+5+8 = 23 of 100+40+60 = 200
    # RL = (75/230)/(23/200) = 0.3260870/0.115 = 2.835539; Katz SE = sqrt(1/75-1/230+1/23-1/200)
    pooled = pooled_values(values, 3, year=2025).frame.set_index(["organisation", "indicator"])
    row = pooled.loc[("A", "WRES2")]
    assert row["year"] == 2025
    assert row["value"] == pytest.approx((75 / 230) / (23 / 200))
    assert row["value"] == pytest.approx(2.835539, abs=1e-6)
    se = math.sqrt(1 / 75 - 1 / 230 + 1 / 23 - 1 / 200)
    assert row["ci_lower"] == pytest.approx(math.exp(math.log(2.835539) - Z95 * se), rel=1e-6)
    assert row["ci_upper"] == pytest.approx(math.exp(math.log(2.835539) + Z95 * se), rel=1e-6)
    assert row["denominator"] == 230 + 200
    assert row["years_pooled"] == 3
    assert row["status"] == "ok"


def test_a_year_with_an_empty_group_is_left_out_of_the_pool(values):
    # five years reach back to 2022, whose BME group is empty: the same three years pool
    pooled = pooled_values(values, 5, year=2025, indicators=["WRES2"]).frame.set_index(
        "organisation"
    )
    assert pooled.loc["A", "years_pooled"] == 3
    assert pooled.loc["A", "value"] == pytest.approx((75 / 230) / (23 / 200))
    assert pooled.loc["Big", "years_pooled"] == 4  # 4 x (500/1000) / 4 x (500/1000) = 1
    assert pooled.loc["Big", "value"] == pytest.approx(1.0)


def test_the_window_ends_at_the_year_chosen(values):
    assert window(values, 3, 2024) == [2022, 2023, 2024]
    assert window(values, 5) == [2022, 2023, 2024, 2025]
    # 2023-2024 only: White 50 of 150, BME 15 of 140
    pooled = pooled_values(values, 2, year=2024, indicators=["WRES2"])
    pooled = pooled.frame.set_index("organisation")
    assert pooled.loc["A", "value"] == pytest.approx((50 / 150) / (15 / 140))


def test_a_pool_of_no_years_is_refused(values):
    with pytest.raises(InputError, match="pool of 0 years"):
        window(values, 0)


def test_a_workforce_share_is_not_pooled(values):
    with pytest.raises(InputError, match="cannot be pooled"):
        pooled_evidence(values, "WRES1", 3)


# --- years above the limits: each year's own funnel --------------------------------------------


def persistent():
    """A: RL 3 in 2023 and 2025, about 1.07 in 2024; Big at 1 every year.

    2023 (and 2025): pooled White 560/1100, BME 520/1100: centre ln(560/520) = 0.07411.
    A's ln 3 = 1.09861, Katz SE sqrt(1/60 - 1/100 + 1/20 - 1/100) = 0.21602: z = 4.74, above
    the 99.8% limit (3.09). 2024: ln(30/28) = 0.06899, centre ln(530/528) = 0.00378, SE
    sqrt(1/30 - 1/100 + 1/28 - 1/100) = 0.22404: z = 0.29, within."""
    return network_values(
        network(
            ratio("A", 2023, (60, 100), (20, 100)),
            ratio("A", 2024, (30, 100), (28, 100)),
            ratio("A", 2025, (60, 100), (20, 100)),
            *(ratio("Big", y, (500, 1000), (500, 1000)) for y in (2023, 2024, 2025)),
        )
    )


def test_years_above_the_limits_counted_by_hand():
    ev = pooled_evidence(persistent(), "WRES2", 3)
    a = ev.get("A")
    assert (a.years_above_95, a.years_above_998, a.years_placed) == (2, 2, 3)
    assert (a.years_below_95, a.years_below_998) == (0, 0)
    assert ev.years == (2023, 2024, 2025)
    # pooled: White 150/300, BME 68/300: RL = 150/68 = 2.205882
    assert a.value == pytest.approx(150 / 68)
    assert a.years_pooled == 3
    # Big: z = (0 - 0.07411) / sqrt(1/500 - 1/1000 + 1/500 - 1/1000) = -1.66 in 2023 and 2025,
    # and (0 - 0.00378) / 0.04472 = -0.08 in 2024: never beyond the 95% limits
    big = ev.get("big")  # names match ignoring case
    assert (big.years_above_95, big.years_below_95, big.years_placed) == (0, 0, 3)


def test_the_funnel_runs_on_the_pooled_values():
    ev = pooled_evidence(persistent(), "WRES2", 3)
    # the network pooled over 3 years: White (150 + 1500)/(300 + 3000), BME (68 + 1500)/3300
    assert ev.comparison.pooled == pytest.approx(1650 / 1568)
    assert [o.organisation for o in ev.comparison.organisations] == ["A", "Big"]


# --- disclosure: a hidden year hides the pooled value --------------------------------------


def test_a_hidden_year_hides_the_pooled_value_as_published():
    # Small has 3 + 3 = 6 shortlisted in 2024: a size of 1-7, hidden as published
    counts = network(
        ratio("Small", 2023, (20, 100), (10, 100)),
        ratio("Small", 2024, (1, 3), (1, 3)),
        ratio("Small", 2025, (20, 100), (10, 100)),
        *(ratio("Big", y, (500, 1000), (500, 1000)) for y in (2023, 2024, 2025)),
    )
    values = network_values(counts)
    shared = pooled_evidence(values, "WRES2", 3, publish=DisclosureSettings())
    small = shared.get("Small")
    assert small.value is None and small.ci_lower is None and small.status == "hidden"
    assert all(o.organisation != "Small" or o.rank is None for o in shared.comparison.organisations)
    # the 2024 year is not placed as published, so only 2023 and 2025 are counted
    assert small.years_placed == 2
    inside = pooled_evidence(values, "WRES2", 3).get("Small")
    # White 41/203, BME 21/203: RL = 41/21
    assert inside.value == pytest.approx(41 / 21)


# --- a survey gap pools the same way ---------------------------------------------------------


def test_a_survey_gap_pools_respondents_summed_by_hand():
    def gap(org, year, bme, white):
        return [
            {"organisation": org, "year": year, "indicator": "WRES5", "group": g,
             "numerator": n, "denominator": d}
            for g, (n, d) in (("BME", bme), ("White", white))
        ]  # fmt: skip

    values = network_values(
        network(gap("A", 2024, (30, 100), (20, 100)), gap("A", 2025, (10, 50), (40, 150)))
    )
    # BME 40 of 150 = 26.667%, White 60 of 250 = 24%: a gap of +2.667 points
    pooled = pooled_values(values, 3).frame.set_index(["organisation", "indicator"])
    row = pooled.loc[("A", "WRES5")]
    assert row["value"] == pytest.approx(100 * (40 / 150 - 60 / 250))
    assert row["ci_lower"] < row["value"] < row["ci_upper"]
    assert row["years_pooled"] == 2
    single = compare(values, "WRES5", year=2025).get("A")
    assert single.value == pytest.approx(100 * (10 / 50 - 40 / 150))
