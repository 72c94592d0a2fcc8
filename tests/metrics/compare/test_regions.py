"""Regional and national comparators worked by hand: each region's value from its trusts'
counts added up with its Katz interval, each trust tested against the rest of its region, and
each region against the rest of the nation (or against a national figure typed in)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.compare.evidence import evidence
from metrics.compare.network import compare
from metrics.compare.pooled import pooled_values
from metrics.compare.regions import comparators, difference_z
from metrics.compare.values import network_values
from metrics.counts.table import normalise

Z95 = 1.959963984540054


def ratio(org, year, white, bme, region):
    return [
        {"organisation": org, "region": region, "trust_type": "Acute", "year": year,
         "indicator": "WRES2", "group": g, "numerator": n, "denominator": d}
        for g, (n, d) in (("White", white), ("BME", bme))
    ]  # fmt: skip


# North: P and Q; South: R alone.
ROWS = [
    *ratio("P", 2023, (30, 90), (18, 90), "North"),
    *ratio("P", 2024, (36, 100), (20, 100), "North"),
    *ratio("P", 2025, (42, 110), (22, 110), "North"),
    *[r for y in (2023, 2024, 2025) for r in ratio("Q", y, (25, 100), (25, 100), "North")],
    *[r for y in (2023, 2024, 2025) for r in ratio("R", y, (20, 100), (20, 100), "South")],
]


@pytest.fixture(scope="module")
def values():
    return network_values(normalise(pd.DataFrame(ROWS)))


def test_region_values_and_intervals_by_hand(values):
    found = comparators(values, "WRES2", 2025)
    north, south = found.regions
    # North 2025: White 42+25 = 67 of 210, BME 22+25 = 47 of 210: RL 67/47 = 1.425532
    # Katz SE sqrt(0.0149254 - 0.0047619 + 0.0212766 - 0.0047619) = sqrt(0.0266782) = 0.163334
    assert north.region == "North" and north.trusts == 2
    assert north.value == pytest.approx(67 / 47)
    se = math.sqrt(1 / 67 - 1 / 210 + 1 / 47 - 1 / 210)
    assert se == pytest.approx(0.163334, abs=1e-6)
    assert north.ci_lower == pytest.approx(math.exp(math.log(67 / 47) - Z95 * se))
    # exp(0.354545 -/+ 1.959964 x 0.163334) = exp(0.0344154), exp(0.6746748)
    assert north.ci_lower == pytest.approx(1.035014, abs=2e-6)
    assert north.ci_upper == pytest.approx(1.963394, abs=2e-6)
    assert south.value == pytest.approx(1.0) and south.trusts == 1
    # the nation: White 87 of 310, BME 67 of 310
    assert found.national == pytest.approx(87 / 67)
    # North against the rest (South = R): ln(67/47) = 0.354545 over
    # sqrt(0.026678 + (1/20 - 1/100 + 1/20 - 1/100)) = 0.326616: z = 1.0855, within chance
    assert north.against_nation == "cannot_tell" and south.against_nation == "cannot_tell"


def test_each_trust_against_the_rest_of_its_region(values):
    found = comparators(values, "WRES2", 2025)
    p = found.get("P")
    assert p.region == "North" and p.value == pytest.approx(67 / 47)
    # P against Q: ln(42/22) - ln(1) = 0.646627; variance (1/42 - 1/110 + 1/22 - 1/110)
    # + (1/25 - 1/100 + 1/25 - 1/100) = 0.051082 + 0.06: z = 0.646627 / 0.333290 = 1.9401
    assert p.z == pytest.approx(1.9401, abs=1e-4)
    assert p.against_region == "cannot_tell"  # just inside 1.96
    assert found.get("Q").z == pytest.approx(-1.9401, abs=1e-4)
    r = found.get("R")  # alone in its region: nothing to test it against
    assert r.z is None and r.against_region is None and r.value == pytest.approx(1.0)


def test_pooled_over_three_years_the_trust_differs_from_its_region(values):
    found = comparators(pooled_values(values, 3, year=2025), "WRES2", 2025)
    # P pooled 1.8 (variance 1/108 - 1/300 + 1/60 - 1/300 = 0.0192593) against Q pooled 1.0
    # (variance 2 x (1/75 - 1/300) = 0.02): z = 0.587787 / 0.198140 = 2.9665
    p = found.get("P")
    assert p.z == pytest.approx(2.9665, abs=1e-4)
    assert p.against_region == "worse"  # above is worse for BME applicants on WRES2
    assert found.get("Q").against_region == "better"
    # North pooled: White 183 of 600, BME 135 of 600: RL 1.355556
    assert found.regions[0].value == pytest.approx(183 / 135)


def test_a_typed_national_figure_is_tested_by_the_regions_interval(values):
    # North's interval 1.035-1.963: leaves 1.00 out (worse), takes 1.20 in (cannot tell)
    assert comparators(values, "WRES2", 2025, national=1.0).regions[0].against_nation == "worse"
    found = comparators(values, "WRES2", 2025, national=1.2)
    assert found.regions[0].against_nation == "cannot_tell" and found.national == 1.2


def test_the_gap_difference_uses_wald_standard_errors():
    # gaps (30/100 - 20/100) and (10/100 - 10/100): d = 0.10;
    # variance 0.3 x 0.7/100 + 0.2 x 0.8/100 + 0.1 x 0.9/100 + 0.1 x 0.9/100 = 0.0055
    z = difference_z([[30, 100, 20, 100]], [[10, 100, 10, 100]], "gap")
    assert z[0] == pytest.approx(0.10 / math.sqrt(0.0055))


def test_evidence_carries_the_comparators_on_its_basis(values):
    year = compare(values, "WRES2", year=2025)
    assert evidence(values, year).regions.get("P").against_region == "cannot_tell"
    pooled = evidence(values, year, pool=3, on="pooled")
    assert pooled.regions.get("P").against_region == "worse"


def test_the_trust_profile_carries_its_region(values):
    from metrics.compare.trust_profile import trust_profile

    row = next(r for r in trust_profile(values, "P", year=2025).rows if r.indicator == "WRES2")
    assert row.region_value == pytest.approx(67 / 47)  # North 2025, worked above
    assert row.against_region == "cannot_tell"  # z = 1.9401
    assert row.network_pooled == pytest.approx(87 / 67)  # the nation
