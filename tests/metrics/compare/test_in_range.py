"""NHS England's non-adverse range as a headline and a trend: counts of trusts inside
0.80-1.25 and outside it beyond chance, worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.compare.in_range import range_trend
from metrics.compare.network import compare
from metrics.compare.values import network_values
from metrics.counts.table import normalise

# WRES2 = (White appointed / shortlisted) / (BME appointed / shortlisted)
YEAR_ONE = {
    "Equal": (100, 1000, 100, 1000),  # 1.00: inside
    "Edge": (1254, 10000, 1000, 10000),  # 1.254 reads 1.25: inside
    "Big two": (400, 1000, 200, 1000),  # 2.00, SE 0.074: outside, beyond chance
    "Small two": (4, 10, 2, 10),  # 2.00, SE 0.742: outside, interval holds 1
    "Half": (100, 1000, 200, 1000),  # 0.50, SE 0.087: outside, beyond chance
}


def counts(years: dict[int, dict]) -> pd.DataFrame:
    rows = []
    for year, trusts in years.items():
        for org, (a, n1, c, n2) in trusts.items():
            for group, n, d in (("White", a, n1), ("BME", c, n2)):
                rows.append({"organisation": org, "year": year, "indicator": "WRES2",
                             "group": group, "numerator": n, "denominator": d})  # fmt: skip
    return normalise(pd.DataFrame(rows))


def test_in_range_and_outside_beyond_chance_by_hand():
    summary = compare(network_values(counts({2025: YEAR_ONE})), "WRES2").summary
    assert summary.within_non_adverse_range == 2
    assert summary.in_range_percent == pytest.approx(40.0)  # 2 of 5
    assert summary.outside_range_beyond_chance == 2  # Big two and Half


def test_a_survey_gap_has_no_range():
    rows = [{"organisation": "A", "year": 2025, "indicator": "WRES5", "group": g,
             "numerator": 10, "denominator": 50} for g in ("BME", "White")]  # fmt: skip
    summary = compare(network_values(normalise(pd.DataFrame(rows))), "WRES5").summary
    assert summary.within_non_adverse_range is None
    assert summary.in_range_percent is None and summary.outside_range_beyond_chance is None


def test_the_trend_year_by_year():
    # 2024: Small two is even (4/10 v 4/10), Big two absent -> 3 of 4 inside (75%), 1 outside
    # beyond chance (Half; Big two is not in 2024); 2025 as above
    earlier = dict(YEAR_ONE, **{"Small two": (4, 10, 4, 10)})
    earlier.pop("Big two")
    trend = range_trend(network_values(counts({2024: earlier, 2025: YEAR_ONE})), "WRES2")
    assert [(r.year, r.trusts, r.in_range, r.outside_beyond_chance) for r in trend] == [
        (2024, 4, 3, 1),
        (2025, 5, 2, 2),
    ]
    assert trend[0].percent == pytest.approx(75.0) and trend[1].percent == pytest.approx(40.0)
    assert range_trend(network_values(counts({2025: YEAR_ONE})), "WRES5") == ()
