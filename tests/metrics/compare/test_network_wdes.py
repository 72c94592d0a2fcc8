"""Compare trusts on the WDES: Disabled / Non-disabled groups, which group is on top and which way
is worse come from data (the readings file and the characteristic), and WRES figures stay the
same when WDES rows sit beside them. Expected values are worked by hand in the comments, with
statsmodels as the oracle for the intervals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from metrics.compare.network import compare, default_indicator, headline, network_summary
from metrics.compare.trust_profile import trust_profile
from metrics.compare.values import INDICATORS, NETWORK_INDICATORS, STANDARDS, network_values
from metrics.problems import InputError
from tests.metrics.compare.test_network import Z95, counts, rows


def wdes(org, indicator, **groups):
    """rows() with the WDES groups: Disabled=(n, d), Non=(n, d) for Non-disabled, Unknown=."""
    if "Non" in groups:
        groups["Non-disabled"] = groups.pop("Non")
    return rows(org, indicator, **groups)


def test_the_wdes_indicators_are_data_with_their_groups_and_worse_sides():
    assert list(STANDARDS) == ["WRES", "WDES"]
    assert list(NETWORK_INDICATORS) == [i for i in INDICATORS if i.startswith("WRES")]
    wdes_ids = list(STANDARDS["WDES"])
    assert wdes_ids == [
        "WDES1", "WDES1-senior", "WDES2", "WDES3", "WDES4a-i", "WDES4a-ii", "WDES4a-iii",
        "WDES4b", "WDES5", "WDES6", "WDES7", "WDES8", "WDES9a", "WDES10",
    ]  # fmt: skip
    two, three = INDICATORS["WDES2"], INDICATORS["WDES3"]
    # WDES2: non-disabled applicants on top, so above 1 is worse for Disabled applicants
    assert (two.first, two.second, two.worse, two.equality) == (
        "Non-disabled",
        "Disabled",
        "above",
        1.0,
    )
    assert (three.first, three.second, three.worse) == ("Disabled", "Non-disabled", "above")
    # survey: higher is worse for harassment and pressure, better for reporting, equal
    # opportunities, feeling valued and adjustments
    worse = {i: INDICATORS[i].worse for i in wdes_ids}
    assert [i for i in wdes_ids if worse[i] == "above"] == [
        "WDES2", "WDES3", "WDES4a-i", "WDES4a-ii", "WDES4a-iii", "WDES6"
    ]  # fmt: skip
    assert worse["WDES1"] is None
    for spec in STANDARDS["WDES"].values():
        assert spec.focus_people == "Disabled staff" and spec.characteristic == "disability"
        assert "BME" not in spec.direction and "White" not in spec.direction
        assert spec.direction.endswith(".")
    assert INDICATORS["WDES2"].rank_one == (
        "Rank 1 = the least favourable to Disabled staff (the highest value)"
    )
    assert INDICATORS["WDES8"].has_equality is False and INDICATORS["WDES8"].unit == "percent"


def wdes_network():
    return counts(
        # WDES2, non-disabled on top: A (30/100) / (15/100) = 2.00; Katz se = sqrt(1/30 - 1/100
        # + 1/15 - 1/100) = sqrt(0.08) = 0.28284; 95%: 2 exp(±0.55437), exp(0.55437) = 1.74084,
        # so 2 / 1.74084 = 1.1489 to 2 * 1.74084 = 3.4817
        wdes("A", "WDES2", Non=(30, 100), Disabled=(15, 100)),
        # B: (20/100) / (20/100) = 1.00
        wdes("B", "WDES2", Non=(20, 100), Disabled=(20, 100)),
        # WDES3, Disabled on top: A (6/200) / (10/1000) = 0.03 / 0.01 = 3.00
        wdes("A", "WDES3", Disabled=(6, 200), Non=(10, 1000)),
        # WDES4a-i: A 30% Disabled minus 20% non-disabled = +10 points
        wdes("A", "WDES4a-i", Disabled=(30, 100), Non=(100, 500)),
        # WDES8: Disabled only: A 60 of 80 say adequate adjustments = 75%; B 5 of 8 (small)
        wdes("A", "WDES8", Disabled=(60, 80)),
        wdes("B", "WDES8", Disabled=(5, 8)),
        # WDES1: A band 5: 10 Disabled, 80 non-disabled, 10 unknown; band 8c: 2, 7, 1
        # workforce 12 Disabled of 110 staff (Unknown in the denominator) = 10.909%
        wdes("A", "WDES1", band="Band 5", Disabled=(10, 100), Non=(80, 100), Unknown=(10, 100)),
        wdes("A", "WDES1", band="Band 8c", Disabled=(2, 10), Non=(7, 10), Unknown=(1, 10)),
        # WDES10, voting only: 3 Disabled of 10 = 30% minus 10.909% = +19.091 points; the
        # executive rows (all Disabled) are not part of it
        wdes("A", "WDES10", membership="voting", Disabled=(3, 10), Non=(6, 10), Unknown=(1, 10)),
        wdes("A", "WDES10", membership="executive", Disabled=(4, 4)),
    )


def test_wdes_values_by_hand():
    values = network_values(wdes_network())
    assert values.indicators() == list(STANDARDS["WDES"])  # no WRES rows: no WRES indicators
    frame = values.frame.set_index(["organisation", "indicator"])
    a2 = frame.loc[("A", "WDES2")]
    se = math.sqrt(1 / 30 - 1 / 100 + 1 / 15 - 1 / 100)
    assert [a2["value"], a2["ci_lower"], a2["ci_upper"]] == pytest.approx(
        [2.0, 2 * math.exp(-Z95 * se), 2 * math.exp(Z95 * se)]
    )
    assert [a2["ci_lower"], a2["ci_upper"]] == pytest.approx([1.1489, 3.4817], abs=1e-4)
    assert a2["denominator"] == 200 and a2["status"] == "ok"
    assert frame.loc[("A", "WDES3"), "value"] == pytest.approx(3.0)
    assert frame.loc[("A", "WDES3"), "status"] == "small_numbers"  # 6 events < 10
    # the survey gap: Newcombe's interval, statsmodels as the oracle
    gap = frame.loc[("A", "WDES4a-i")]
    low, high = confint_proportions_2indep(30, 100, 100, 500, method="newcomb", compare="diff")
    assert [gap["value"], gap["ci_lower"], gap["ci_upper"]] == pytest.approx(
        [10.0, 100 * low, 100 * high]
    )
    assert frame.loc[("B", "WDES4a-i"), "reason"] == "no data was given for this indicator"
    # WDES8: one group's percentage with its Wilson interval
    low, high = proportion_confint(60, 80, method="wilson")
    eight = frame.loc[("A", "WDES8")]
    assert [eight["value"], eight["ci_lower"], eight["ci_upper"]] == pytest.approx(
        [75.0, 100 * low, 100 * high]
    )
    assert (eight["status"], eight["denominator"]) == ("ok", 80)
    small = frame.loc[("B", "WDES8")]
    assert small["value"] == pytest.approx(62.5) and small["status"] == "small_numbers"
    assert small["reason"] == "fewer than 11 respondents"
    # WDES1 and its senior cluster (8c): 2 of 10 = 20%, against the trust's own 10.909%
    assert frame.loc[("A", "WDES1"), "value"] == pytest.approx(100 * 12 / 110)
    assert frame.loc[("A", "WDES1"), "denominator"] == 110
    senior = frame.loc[("A", "WDES1-senior")]
    low, high = proportion_confint(2, 10, method="wilson")
    assert [senior["value"], senior["ci_lower"], senior["ci_upper"]] == pytest.approx(
        [20.0, 100 * low, 100 * high]
    )
    assert senior["reference"] == pytest.approx(100 * 12 / 110)
    board = frame.loc[("A", "WDES10")]
    w = 12 / 110
    low, high = proportion_confint(3, 10, method="wilson")
    assert [board["value"], board["ci_lower"], board["ci_upper"]] == pytest.approx(
        [100 * (0.3 - w), 100 * (low - w), 100 * (high - w)]
    )
    assert board["value"] == pytest.approx(19.0909, abs=1e-4)
    assert board["denominator"] == 10


def test_wdes_comparison_reads_for_disabled_staff():
    values = network_values(wdes_network())
    two = compare(values, "wdes2")  # case does not matter
    a, b = two.get("A"), two.get("B")
    assert a is not None and b is not None
    assert (a.against_equality, b.against_equality) == ("worse", "cannot_tell")
    # pooled: non-disabled 50/200 = 0.25, Disabled 35/200 = 0.175 -> 0.25 / 0.175 = 1.428571
    assert two.pooled == pytest.approx(0.25 / 0.175)
    assert two.summary.worse == 1 and two.summary.cannot_tell == 1
    words = headline(two.summary)
    assert "1 worse for Disabled staff than equality" in words and "BME" not in words
    # WDES8 has no point of equality: no verdict against it, only against the network
    eight = compare(values, "WDES8")
    assert all(o.against_equality is None and o.significance is None for o in eight.organisations)
    assert eight.summary.worse is None and eight.summary.funnel_worse is not None
    # pooled 65 of 88 = 73.86%
    assert eight.pooled == pytest.approx(100 * 65 / 88)
    assert "worse for Disabled staff than the network" in headline(eight.summary)
    # the summary covers the WDES indicators in the values, in order
    assert [s.indicator for s in network_summary(values)] == list(STANDARDS["WDES"])
    assert default_indicator(values) == "WDES2"
    with pytest.raises(InputError, match="no WRES figures, so WRES2 cannot be compared") as err:
        compare(values, "WRES2")
    assert "WDES2" in err.value.problems[0].hint


def test_wres_figures_are_unchanged_beside_wdes_rows():
    wres_only = counts(
        rows("A", "WRES2", White=(30, 100), BME=(15, 100)),
        rows("B", "WRES2", White=(20, 100), BME=(20, 100)),
        rows("A", "WRES1", band="Band 8c", White=(7, 10), BME=(3, 10)),
    )
    both = counts(
        rows("A", "WRES2", White=(30, 100), BME=(15, 100)),
        rows("B", "WRES2", White=(20, 100), BME=(20, 100)),
        rows("A", "WRES1", band="Band 8c", White=(7, 10), BME=(3, 10)),
        *(wdes_network_parts()),
    )
    alone, mixed = network_values(wres_only), network_values(both)
    assert alone.indicators() == list(NETWORK_INDICATORS)
    assert mixed.indicators() == list(INDICATORS)
    wres_rows = mixed.frame[mixed.frame["indicator"].str.startswith("WRES")].reset_index(drop=True)
    left = alone.frame.reset_index(drop=True)
    assert left.drop(columns=["reason"]).equals(wres_rows.drop(columns=["reason"]))
    assert left["reason"].tolist() == wres_rows["reason"].tolist()
    assert default_indicator(mixed) == "WRES2"
    profile = trust_profile(mixed, "A", standard="WDES")
    assert [r.indicator for r in profile.rows] == list(STANDARDS["WDES"])
    row = next(r for r in profile.rows if r.indicator == "WDES2")
    assert row.value == pytest.approx(2.0) and row.against_equality == "worse"
    assert [s.indicator for s in network_summary(mixed, standard="WRES")] == list(
        NETWORK_INDICATORS
    )


def wdes_network_parts():
    return [
        wdes("A", "WDES2", Non=(30, 100), Disabled=(15, 100)),
        wdes("B", "WDES2", Non=(20, 100), Disabled=(20, 100)),
    ]


def test_no_variation_and_not_computable_name_the_wdes_groups():
    values = network_values(
        counts(
            wdes("A", "WDES3", Disabled=(0, 40), Non=(0, 100)),  # nobody entered capability
            wdes("B", "WDES5", Disabled=(0, 0), Non=(40, 100)),  # no Disabled respondents
            wdes("C", "WDES2", Non=(0, 50), Disabled=(5, 50)),  # no non-disabled appointed
        )
    )
    frame = values.frame.set_index(["organisation", "indicator"])
    assert frame.loc[("A", "WDES3"), "status"] == "no_variation"
    assert frame.loc[("A", "WDES3"), "reason"] == (
        "no variation: nobody in either group entered the formal capability process"
    )
    assert frame.loc[("B", "WDES5"), "reason"] == "not computable: no Disabled respondents"
    assert frame.loc[("C", "WDES2"), "status"] == "not_computable"
    assert np.isnan(frame.loc[("C", "WDES2"), "value"])


def test_a_trusts_wres_and_wdes_returns_are_two_files_for_one_year():
    from metrics.compare.inputs import Return, combine

    wres_part = counts(rows("A", "WRES2", White=(30, 100), BME=(15, 100)))
    wdes_part = counts(wdes("A", "WDES2", Non=(30, 100), Disabled=(15, 100)))
    network = combine([Return("a-wres.csv", wres_part, ()), Return("a-wdes.csv", wdes_part, ())])
    values = network_values(network.counts)
    frame = values.frame.set_index("indicator")
    assert frame.loc["WRES2", "value"] == pytest.approx(2.0)
    assert frame.loc["WDES2", "value"] == pytest.approx(2.0)
    assert network.files == {"A": ("a-wres.csv", "a-wdes.csv")}
    # the same standard twice for one trust and year would count it twice: refused
    with pytest.raises(InputError) as err:
        combine([Return("a-wdes.csv", wdes_part, ()), Return("again.csv", wdes_part, ())])
    assert err.value.problems[0].message == '"A" 2025 (WDES) is in 2 files: a-wdes.csv, again.csv'
