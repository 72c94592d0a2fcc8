"""WDES metrics from hand-built counts; every expected value is worked out in the comments, and the
intervals are checked against statsmodels (an independent implementation)."""

import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from metrics.counts.table import normalise
from metrics.standards.indicators import WresOptions, report, wres


def rows(*items, year=2024):
    """(indicator, group, numerator, denominator[, extra columns]) -> canonical counts."""
    out = []
    for item in items:
        row = dict(zip(("indicator", "group", "numerator", "denominator"), item[:4], strict=True))
        out.append(
            {"organisation": "Trust", "year": year, **row, **(item[4] if len(item) > 4 else {})}
        )
    return normalise(pd.DataFrame(out))


def band(name, clinical, disabled, non_disabled, unknown):
    total = disabled + non_disabled + unknown
    where = {"band": name, "clinical": clinical}
    return [
        ("WDES1", "Disabled", disabled, total, where),
        ("WDES1", "Non-disabled", non_disabled, total, where),
        ("WDES1", "Unknown", unknown, total, where),
    ]


WORKFORCE = [
    *band("Band 2", False, 10, 80, 10),  # cluster 1, non-clinical
    *band("Band 4", False, 5, 15, 0),  # cluster 1, non-clinical
    *band("Band 6", True, 6, 50, 4),  # cluster 2, clinical
    *band("Consultant", True, 1, 18, 1),  # cluster 5, clinical
    *band("Other", None, 0, 10, 0),  # in no cluster: overall only
]
# overall: Disabled 10+5+6+1+0 = 22, Non-disabled 80+15+50+18+10 = 173, Unknown 10+4+1 = 15;
# headcount 210; Disabled share 22/210 = 10.476%


def test_wdes1_clusters_against_the_whole_workforce():
    result = report(rows(*WORKFORCE), standard="WDES").indicators["WDES1"]
    assert result.value == pytest.approx(100 * 22 / 210)
    assert result.extra["headcount"] == 210
    assert result.extra["outside_clusters"] == 10  # the "Other" band
    assert result.groups["Unknown"].rate == pytest.approx(15 / 210)  # Unknown in the denominator
    clusters = [(p.breakdown["cluster"], p.breakdown["clinical"]) for p in result.parts]
    # non-clinical first, then clinical, each in cluster order
    assert clusters == [("Cluster 1", False), ("Cluster 2", True), ("Cluster 5", True)]
    one, two, five = result.parts
    # cluster 1 non-clinical: bands 2 and 4 together, 15 Disabled of 120 = 12.5%
    assert one.extra["headcount"] == 120 and one.value == pytest.approx(12.5)
    assert one.extra["gap_percentage_points"] == pytest.approx(12.5 - 100 * 22 / 210)  # +2.02
    assert one.extra["disabled_needed"] == 0
    # cluster 2 clinical: 6 of 60 = 10%; 10.476% of 60 = 6.29 -> 7 people, 1 more needed
    assert two.value == pytest.approx(10.0) and two.extra["disabled_needed"] == 1
    # cluster 5 (consultants): 1 of 20 = 5%; 10.476% of 20 = 2.10 -> 3 people, 2 more needed
    assert five.value == pytest.approx(5.0) and five.extra["disabled_needed"] == 2
    assert "Cluster 5 (clinical)" in result.reading  # the largest shortfall in people
    assert "10 staff in bands outside the clusters" in result.reading


def test_wdes2_non_disabled_over_disabled_with_the_katz_interval():
    # Non-disabled 60 of 300 = 0.2 appointed; Disabled 10 of 100 = 0.1: RL = 0.2 / 0.1 = 2.0
    counts = rows(("WDES2", "Non-disabled", 60, 300), ("WDES2", "Disabled", 10, 100),
                  ("WDES2", "Unknown", 1, 5))  # fmt: skip
    result = report(counts, standard="WDES").indicators["WDES2"]
    assert result.value == pytest.approx(2.0)
    # statsmodels' log method is Katz's: exp(ln 2 +- 1.96 sqrt(1/60 - 1/300 + 1/10 - 1/100))
    low, high = confint_proportions_2indep(60, 300, 10, 100, method="log", compare="ratio")
    assert (result.ci_lower, result.ci_upper) == pytest.approx((low, high))
    assert result.ci_lower == pytest.approx(1.065, abs=1e-3)  # exp(0.6931 - 0.6300)
    assert list(result.groups) == ["Non-disabled", "Disabled", "Unknown"]
    assert result.reading.startswith(
        "Non-disabled applicants were 2.00 times as likely as Disabled applicants to be appointed"
    )
    assert result.status == "ok"


def test_wdes3_disabled_over_non_disabled_and_the_rolling_option():
    current = [("WDES3", "Disabled", 3, 30), ("WDES3", "Non-disabled", 4, 200)]
    previous = [("WDES3", "Disabled", 2, 28), ("WDES3", "Non-disabled", 6, 210)]
    counts = pd.concat([rows(*current), rows(*previous, year=2023)], ignore_index=True)
    single = report(counts, standard="WDES", year=2024).indicators["WDES3"]
    # (3/30) / (4/200) = 0.1 / 0.02 = 5.0; 3 and 4 events: small numbers
    assert single.value == pytest.approx(5.0)
    assert single.status == "small_numbers"
    assert "Disabled staff were 5.00 times as likely" in single.reading
    pooled = report(
        counts, standard="WDES", year=2024, options=WresOptions(rolling_disciplinary=True)
    ).indicators["WDES3"]
    # (3+2)/(30+28) / ((4+6)/(200+210)) = (5/58) / (10/410) = 3.534
    assert pooled.value == pytest.approx((5 / 58) / (10 / 410))
    assert "Two-year rolling average: 2023 and 2024 pooled" in pooled.method


@pytest.mark.parametrize(
    ("indicator", "disabled", "non_disabled", "worse"),
    [
        # harassment from the public: higher is worse; 30% - 16.67% = +13.33 points, worse
        ("WDES4a-i", (30, 100), (50, 300), True),
        # reported it: higher is better; 40% - 50% = -10 points, worse for Disabled staff
        ("WDES4b", (40, 100), (150, 300), True),
        # equal opportunities: higher is better; 60% - 50% = +10 points, better
        ("WDES5", (60, 100), (150, 300), False),
        # valued: higher is better; 45% - 50% = -5 points, worse
        ("WDES7", (45, 100), (150, 300), True),
    ],
)
def test_survey_gaps_with_newcombe_intervals_and_their_direction(
    indicator, disabled, non_disabled, worse
):
    counts = rows((indicator, "Disabled", *disabled), (indicator, "Non-disabled", *non_disabled))
    result = report(counts, standard="WDES").indicators[indicator]
    gap = 100 * (disabled[0] / disabled[1] - non_disabled[0] / non_disabled[1])
    assert result.value == pytest.approx(gap)
    low, high = confint_proportions_2indep(*disabled, *non_disabled, method="newcomb",
                                           compare="diff")  # fmt: skip
    assert (result.ci_lower, result.ci_upper) == pytest.approx((100 * low, 100 * high))
    assert f"({'worse' if worse else 'better'} for Disabled staff)" in result.reading


def test_wdes8_is_one_percentage_of_disabled_staff_with_its_wilson_interval():
    # 70 of 100 Disabled respondents: 70%; non-disabled staff are not asked, any rows ignored
    counts = rows(("WDES8", "Disabled", 70, 100), ("WDES8", "Non-disabled", 1, 2))
    result = report(counts, standard="WDES").indicators["WDES8"]
    assert result.value == pytest.approx(70.0)
    assert result.unit == "percent"
    low, high = proportion_confint(70, 100, alpha=0.05, method="wilson")
    assert (result.ci_lower, result.ci_upper) == pytest.approx((100 * low, 100 * high))
    assert list(result.groups) == ["Disabled"]
    small = report(rows(("WDES8", "Disabled", 6, 9)), standard="WDES").indicators["WDES8"]
    assert small.status == "small_numbers"  # fewer than 11 respondents


def test_wdes9a_engagement_scores_against_each_other_and_the_organisation():
    counts = rows(
        ("WDES9a", "Disabled", 0, 100, {"score": 6.5}),
        ("WDES9a", "Non-disabled", 0, 300, {"score": 7.1}),
        ("WDES9a", "All", 0, 420, {"score": 6.9}),
    )
    result = report(counts, standard="WDES").indicators["WDES9a"]
    assert result.value == pytest.approx(-0.6)  # 6.5 - 7.1
    assert result.extra["disabled_vs_organisation"] == pytest.approx(-0.4)  # 6.5 - 6.9
    assert result.extra["non_disabled_vs_organisation"] == pytest.approx(0.2)  # 7.1 - 6.9
    assert result.ci_lower is None and result.ci_upper is None
    assert "No confidence interval" in result.reading and "No confidence interval" in result.method
    assert "(worse for Disabled staff)" in result.reading
    assert result.unit == "score points"


def test_wdes10_board_against_the_workforce_with_unknown_in_the_denominators():
    counts = rows(
        *WORKFORCE,
        ("WDES10", "Disabled", 1, 10, {"membership": "voting"}),
        ("WDES10", "Non-disabled", 8, 10, {"membership": "voting"}),
        ("WDES10", "Unknown", 1, 10, {"membership": "voting"}),
        ("WDES10", "Non-disabled", 4, 5, {"membership": "executive"}),
        ("WDES10", "Unknown", 1, 5, {"membership": "executive"}),
    )
    result = report(counts, standard="WDES").indicators["WDES10"]
    workforce = 100 * 22 / 210  # 10.476%
    # voting: 1 of 10 (not 1 of 9: Unknown stays in) = 10% -> -0.476 points
    assert result.value == pytest.approx(10.0 - workforce)
    # executive: 0 of 5 -> -10.476 points
    assert result.extra["executive"] == pytest.approx(0.0 - workforce)
    assert result.reading.startswith("Disabled people are 10.0% of the board's voting members")


def test_wres_and_wdes_rows_live_side_by_side_without_touching_each_other():
    wres_rows = rows(("WRES2", "White", 117, 389), ("WRES2", "BME", 2, 10))
    both = pd.concat([wres_rows, rows(*WORKFORCE)], ignore_index=True)
    assert wres(both).indicators["WRES2"] == wres(wres_rows).indicators["WRES2"]
    assert wres(both).indicators["WRES1"].status == "no_data"
    wdes = report(wres_rows, standard="WDES")
    assert wdes.standard == "WDES"
    assert all(r.status == "no_data" for r in wdes.indicators.values())


def test_the_medical_view_counts_only_medical_and_dental_staff():
    medical = {"staff_group": "Medical and Dental"}
    counts = rows(
        ("WRES2", "White", 20, 100, medical),
        ("WRES2", "BME", 10, 100, medical),
        ("WRES2", "White", 50, 100, {"staff_group": "Nursing"}),
        ("WRES2", "BME", 5, 100, {"staff_group": "Nursing"}),
        ("WRES5", "White", 20, 100),  # a survey given for the whole organisation
        ("WRES5", "BME", 30, 100),
    )
    result = report(counts, standard="MEDICAL")
    assert list(result.indicators) == [f"WRES{i}" for i in range(2, 9)]
    # doctors only: (20/100) / (10/100) = 2.0 (all staff would be (70/200) / (15/200) = 4.67)
    assert result.indicators["WRES2"].value == pytest.approx(2.0)
    survey = result.indicators["WRES5"]
    assert survey.status == "no_data" and "no staff group" in survey.reason


def test_a_ratio_with_no_events_says_so_in_the_standards_words():
    counts = rows(("WDES2", "Non-disabled", 0, 50), ("WDES2", "Disabled", 0, 20))
    result = report(counts, standard="WDES").indicators["WDES2"]
    assert result.status == "no_variation"
    assert result.reading.startswith(
        "Nobody in either group (Non-disabled and Disabled applicants)"
    )
    assert result.value is None  # no ratio and no interval, never a made-up number


def test_a_wdes_counts_return_round_trips_through_the_counts_file(tmp_path):
    from metrics.counts.table import write
    from metrics.inputs.pipeline import Sources, load

    counts = rows(
        *WORKFORCE,
        ("WDES2", "Non-disabled", 60, 300),
        ("WDES2", "Disabled", 10, 100),
        ("WDES3", "Disabled", 3, 30),
        ("WDES3", "Non-disabled", 4, 200),
        ("WDES4a-ii", "Disabled", 25, 100),
        ("WDES4a-ii", "Non-disabled", 30, 300),
        ("WDES8", "Disabled", 70, 100),
        ("WDES9a", "Disabled", 0, 100, {"score": 6.5}),
        ("WDES9a", "Non-disabled", 0, 300, {"score": 7.1}),
        ("WDES9a", "All", 0, 420, {"score": 6.9}),
        ("WDES10", "Disabled", 1, 10, {"membership": "voting"}),
        ("WDES10", "Non-disabled", 9, 10, {"membership": "voting"}),
        ("WDES10", "Non-disabled", 5, 5, {"membership": "executive"}),
    )
    for suffix in ("csv", "xlsx"):
        path = write(counts, tmp_path / f"wdes.{suffix}")
        loaded = load(Sources(counts=path, purpose="wdes"))
        assert not loaded.errors, loaded.problems
        again = report(loaded.counts, standard="WDES")
        assert again.indicators == report(counts, standard="WDES").indicators
        assert again.indicators["WDES9a"].value == pytest.approx(-0.6)  # the score survived
