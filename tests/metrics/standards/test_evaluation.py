"""Targets judged with their intervals; the shareable summary withholds what rests on small counts."""

import pandas as pd
import pytest

from metrics.counts.table import normalise
from metrics.disclosure.control import DisclosureSettings
from metrics.standards.evaluation import (
    baseline_and_latest,
    check_target,
    figure_for,
    judge_target,
    publishable,
    shareable_summary,
)
from metrics.standards.indicators import report, wres
from metrics.standards.results import IndicatorResult


def result(ind, value, lo=None, hi=None):
    return IndicatorResult(id=ind, label=ind, value=value, ci_lower=lo, ci_upper=hi,
                           unit="relative likelihood")  # fmt: skip


@pytest.mark.parametrize(
    "ind,value,lo,hi,target,verdict",
    [
        ("WRES2", 1.10, 1.02, 1.19, 1.25, "met"),  # whole interval below the target
        ("WRES2", 1.50, 1.30, 1.80, 1.25, "not yet"),  # whole interval above
        ("WRES2", 1.20, 0.90, 1.60, 1.25, "cannot tell yet"),  # interval straddles it
        ("WRES7", -3.0, -6.0, -0.5, -5.0, "cannot tell yet"),  # aim up: -6 is below -5
        ("WRES7", -1.0, -2.5, 0.5, -5.0, "met"),
        ("WRES1", 30.0, None, None, 25.0, "met"),  # no interval: judged on the value
        ("WRES9", -12.0, None, None, -5.0, "not yet"),
    ],
)
def test_targets(ind, value, lo, hi, target, verdict):
    assert check_target(result(ind, value, lo, hi), target).verdict == verdict


def test_no_figure_cannot_be_judged():
    assert check_target(result("WRES3", None), 1.25).verdict == "cannot tell yet"


def test_summary_withholds_figures_resting_on_small_counts():
    rows = [
        ("WRES1", "White", 700, None, "Band 5"), ("WRES1", "BME", 300, None, "Band 5"),
        # WRES2 rests on 3 BME appointments: hidden, so the ratio is withheld
        ("WRES2", "White", 100, 400, None), ("WRES2", "BME", 3, 50, None),
        # WRES4 rests on large counts: shown
        ("WRES4", "White", 400, 700, None), ("WRES4", "BME", 150, 300, None),
    ]  # fmt: skip
    counts = normalise(pd.DataFrame(rows, columns=["indicator", "group", "numerator",
                                                   "denominator", "band"]))  # fmt: skip
    summary = shareable_summary(counts, wres(counts))
    text = "\n".join(summary.lines)
    assert "30% of our staff" in text and "about 1,000 staff" in text
    assert "WRES2: withheld" in text
    assert "White staff were 1.14 times as likely" in text  # (400/700)/(150/300) = 1.143
    assert set(summary.audit["action"]) <= {"suppressed", "rounded"}


def test_summary_percentages_cannot_undo_the_rounding_of_the_counts_beside_them():
    # issue 10: "21.9512% of about 40" is exactly 9 of 41 (no other count of 38..42 staff gives
    # it). 41 staff round to 40; a whole per cent of 40 people is 0.4 of a person, so the step
    # widens until it spans 5 people: 10% of 40 is 4, 25% of 40 is 10, so "about 25%"
    rows = [("WRES1", "White", 32, None, "Band 5"), ("WRES1", "BME", 9, None, "Band 5")]
    counts = normalise(pd.DataFrame(rows, columns=["indicator", "group", "numerator",
                                                   "denominator", "band"]))  # fmt: skip
    text = "\n".join(shareable_summary(counts, wres(counts)).lines)
    assert "About 25% of our staff" in text and "about 40 staff" in text
    # a sentence opened by a rounded share starts with a capital
    assert all(not line[:1].islower() for line in text.splitlines())
    assert "22" not in text and "21.9" not in text


def test_survey_percentages_of_a_small_group_are_coarse():
    # 9 of 41 BME respondents (22.0%) beside a published "about 40": a whole 22% would give 9 of
    # 41 away, so every percentage of that reading goes to the step of 40 people: 25%
    rows = [("WRES1", "White", 700, None, "Band 5"), ("WRES1", "BME", 300, None, "Band 5"),
            ("WRES5", "BME", 9, 41, None), ("WRES5", "White", 100, 500, None)]  # fmt: skip
    counts = normalise(pd.DataFrame(rows, columns=["indicator", "group", "numerator",
                                                   "denominator", "band"]))  # fmt: skip
    line = next(t for t in shareable_summary(counts, wres(counts)).lines if "harassment" in t)
    assert line.startswith("About 25% of BME staff and about 25% of White staff")
    assert "22" not in line and "21.9" not in line


def test_summary_board_line_gives_shares_not_exact_counts():
    # a board of 23 voting members, 9 BME and 14 White, beside a workforce 30% BME:
    # 9/23 = 39.1%, a difference of +9.1 points, published whole (the board's make-up is public,
    # so whole per cent): 39% and +9. 9 and 23 are publishable only rounded (10, 25), so the line
    # must not quote "9 of 23".
    rows = [
        ("WRES1", "White", 700, None, "Band 5", None), ("WRES1", "BME", 300, None, "Band 5", None),
        ("WRES9", "White", 14, 23, None, "voting"), ("WRES9", "BME", 9, 23, None, "voting"),
    ]  # fmt: skip
    counts = normalise(pd.DataFrame(rows, columns=["indicator", "group", "numerator",
                                                   "denominator", "band", "membership"]))  # fmt: skip
    text = "\n".join(shareable_summary(counts, wres(counts)).lines)
    assert "39% of the board's voting members" in text
    assert "+9 percentage points" in text
    assert "9 of 23" not in text and "(9" not in text


def test_a_small_board_is_published_as_it_is_unless_the_setting_is_off():
    # a board of 10 voting members, 3 BME: 3 is under the threshold of 7, but board membership
    # is public (publish_board_composition, on by default), so the summary gives the board line
    # (3/10 = 30.0%, the workforce 300/1000 = 30.0%: a difference of +0.0 points) and the audit
    # says the board's counts are shown exactly; with the setting off the figure is withheld.
    rows = [
        ("WRES1", "White", 700, None, "Band 5", None), ("WRES1", "BME", 300, None, "Band 5", None),
        ("WRES9", "White", 7, 10, None, "voting"), ("WRES9", "BME", 3, 10, None, "voting"),
    ]  # fmt: skip
    counts = normalise(pd.DataFrame(rows, columns=["indicator", "group", "numerator",
                                                   "denominator", "band", "membership"]))  # fmt: skip
    shown = shareable_summary(counts, wres(counts))
    text = "\n".join(shown.lines)
    assert "30% of the board's voting members" in text and "WRES9: withheld" not in text
    assert "shown exactly" in set(shown.audit["action"])
    hidden = shareable_summary(counts, wres(counts),
                               DisclosureSettings(publish_board_composition=False))  # fmt: skip
    assert "WRES9: withheld" in "\n".join(hidden.lines)


# ---- targets judged on their own unit's and band's figure ------------------------------------


def unit_counts() -> pd.DataFrame:
    """Two directorates over two years, worked by hand.

    HR & OD, Band 8a (its only band), clinical and non-clinical together:
      2024: 4 BME, 16 White of 20 -> 20.0%;  2025: 2 BME, 17 White, 1 Unknown of 20 -> 10.0%.
    Nursing, 2025: Band 8a 30 BME, 20 White; Band 5 200 BME, 300 White.
    Whole organisation, 2025: 232 BME of 570 -> 40.7%; Band 8a 32 of 70 -> 45.7%.
    Recruitment (WRES2) only for the whole organisation, 2025: White 100 of 400 shortlisted
    appointed, BME 30 of 200 -> RL = 0.25 / 0.15 = 1.667, Katz 95% interval
    exp(ln 1.667 +- 1.96 * sqrt(1/100 - 1/400 + 1/30 - 1/200)) = 1.150 to 2.415.
    """
    rows = [
        (2024, "WRES1", "HR & OD", "Band 8a", True, "BME", 4, None),
        (2024, "WRES1", "HR & OD", "Band 8a", True, "White", 16, None),
        (2025, "WRES1", "HR & OD", "Band 8a", True, "BME", 1, None),
        (2025, "WRES1", "HR & OD", "Band 8a", True, "White", 9, None),
        (2025, "WRES1", "HR & OD", "Band 8a", False, "BME", 1, None),
        (2025, "WRES1", "HR & OD", "Band 8a", False, "White", 8, None),
        (2025, "WRES1", "HR & OD", "Band 8a", False, "Unknown", 1, None),
        (2025, "WRES1", "Nursing", "Band 8a", True, "BME", 30, None),
        (2025, "WRES1", "Nursing", "Band 8a", True, "White", 20, None),
        (2025, "WRES1", "Nursing", "Band 5", True, "BME", 200, None),
        (2025, "WRES1", "Nursing", "Band 5", True, "White", 300, None),
        (2025, "WRES2", None, None, None, "White", 100, 400),
        (2025, "WRES2", None, None, None, "BME", 30, 200),
    ]
    columns = ["year", "indicator", "directorate", "band", "clinical", "group", "numerator",
               "denominator"]  # fmt: skip
    return normalise(pd.DataFrame(rows, columns=columns).assign(organisation="Northtown"))


def judge(unit_key, band, target, indicator="WRES1", year=None):
    return judge_target(unit_counts(), organisation="Northtown", year=year, indicator=indicator,
                        unit_key=unit_key, band=band, target=target)  # fmt: skip


def test_a_band_target_is_judged_on_the_band_in_its_own_directorate():
    check = judge("directorate:HR & OD", "Band 8a", 15)
    assert check.verdict == "not yet"
    assert check.value == pytest.approx(10.0)  # 2 of 20, the Unknown one counted in the band
    assert check.on == "HR & OD, Band 8a, 2025"
    # the same target is met by the whole organisation, overall and in Band 8a: never used
    assert judge("whole", None, 15).verdict == "met"
    assert judge("whole", None, 15).value == pytest.approx(100 * 232 / 570)
    assert judge(None, "Band 8a", 15).value == pytest.approx(100 * 32 / 70)
    # the year asked for, not the latest: in 2024 HR & OD's Band 8a was 4 of 20
    assert judge("directorate:HR & OD", "Band 8a", 15, year=2024).verdict == "met"


def test_a_unit_or_band_without_a_figure_gives_no_data_never_another_units_figure():
    assert judge("directorate:HR & OD", "Band 5", 15).verdict == "no data"  # no staff there
    assert judge("directorate:Estates", None, 15).verdict == "no data"  # no such directorate
    assert judge("staff_group:Nursing", None, 15).verdict == "no data"  # no staff groups at all
    # recruitment was given for the whole organisation only: HR & OD has no WRES2 figure
    hr = judge("directorate:HR & OD", None, 2.5, indicator="WRES2")
    assert hr.verdict == "no data" and "WRES2" in hr.explanation
    assert judge("directorate:HR & OD", None, 15, year=2023).verdict == "no data"
    assert judge("not a unit", None, 15).verdict == "no data"
    assert judge("whole", "Band 8a", 1.0, indicator="WRES2").verdict == "no data"


@pytest.mark.parametrize(
    ("target", "verdict"),
    [(2.5, "met"), (1.25, "cannot tell yet"), (1.10, "not yet")],  # interval 1.150 to 2.415
)
def test_a_ratio_target_is_judged_on_its_interval(target, verdict):
    check = judge("whole", None, target, indicator="WRES2")
    assert check.verdict == verdict
    assert (check.value, check.low, check.high) == pytest.approx((5 / 3, 1.150, 2.415), abs=5e-4)


def test_figure_for_fills_in_a_baseline_from_the_units_own_figure():
    counts = unit_counts()
    assert figure_for(counts, "Northtown", None, "WRES1", "directorate:HR & OD", "Band 8a") == (
        pytest.approx(10.0)
    )
    assert figure_for(counts, "Northtown", 2024, "WRES1", "directorate:HR & OD", None) == (
        pytest.approx(20.0)
    )
    assert figure_for(counts, "Northtown", None, "WRES2", "whole", None) == pytest.approx(5 / 3)
    assert figure_for(counts, "Northtown", None, "WRES2", "directorate:HR & OD", None) is None
    assert figure_for(counts, "Northtown", None, "WRES1", "directorate:HR & OD", "VSM") is None


def test_baseline_and_latest_in_words_with_distinct_column_names():
    counts = unit_counts()
    then = wres(counts, organisation="Northtown", year=2024)
    now = wres(counts, organisation="Northtown", year=2025)
    table = baseline_and_latest(then, now)
    assert list(table.columns) == ["Indicator", "Baseline (2024)", "Latest (2025)", "Change",
                                   "Latest 95% interval"]  # fmt: skip
    w1, w2 = table.iloc[0], table.iloc[1]
    # WRES1: 4 of 20 BME in 2024 (20.00%), 232 of 570 in 2025 (40.70%): +20.70 points
    assert (w1["Baseline (2024)"], w1["Latest (2025)"], w1["Change"]) == (
        "20.00",
        "40.70",
        "+20.70",
    )
    assert w1["Latest 95% interval"] == "none: counts everyone"
    # WRES2 has no 2024 figures: the change cannot be worked out; 2025 as worked by hand above
    assert (w2["Baseline (2024)"], w2["Latest (2025)"], w2["Change"]) == ("no data", "1.67",
                                                                          "not computable")  # fmt: skip
    assert w2["Latest 95% interval"] == "1.15 to 2.42"
    assert "None" not in table.to_string() and "nan" not in table.to_string()
    # a snapshot of the same year as the data: never two columns with the same name
    same = baseline_and_latest(now, now, baseline_label="snapshot “March”, 2025",
                               latest_label="2025")  # fmt: skip
    assert list(same.columns)[1:3] == ["Baseline (snapshot “March”, 2025)", "Latest (2025)"]


# ---- every standard: WDES1 and the medical grades as totals only, WDES10 never exact --------


def standards_counts(disabled: int = 80) -> pd.DataFrame:
    """One organisation, 2025, worked by hand: 1,000 staff in Band 5 (Cluster 2), 300 BME and
    `disabled` Disabled (70 Unknown disability, the rest Non-disabled); a voting board of 12
    with 3 BME and 1 Disabled member; recruitment: Non-disabled 100 of 400 shortlisted appointed,
    Disabled 30 of 200; doctors: 40 consultants (10 BME) and 60 in training (30 BME), and one
    BME medical director."""
    rows = [
        ("WRES1", "White", 700, None, "Band 5", None), ("WRES1", "BME", 300, None, "Band 5", None),
        ("WDES1", "Disabled", disabled, None, "Band 5", None),
        ("WDES1", "Non-disabled", 930 - disabled, None, "Band 5", None),
        ("WDES1", "Unknown", 70, None, "Band 5", None),
        ("WRES9", "White", 9, 12, None, "voting"), ("WRES9", "BME", 3, 12, None, "voting"),
        ("WDES10", "Disabled", 1, 12, None, "voting"),
        ("WDES10", "Non-disabled", 11, 12, None, "voting"),
        ("WDES2", "Non-disabled", 100, 400, None, None), ("WDES2", "Disabled", 30, 200, None, None),
        ("MED-GRADE", "White", 30, 40, "Consultant", None),
        ("MED-GRADE", "BME", 10, 40, "Consultant", None),
        ("MED-GRADE", "White", 30, 60, "Doctors in training", None),
        ("MED-GRADE", "BME", 30, 60, "Doctors in training", None),
        ("MED-ROLE", "BME", 1, 1, "Medical director", None),
        ("MED-ROLE", "White", 60, 99, "Other", None), ("MED-ROLE", "BME", 39, 99, "Other", None),
    ]  # fmt: skip
    columns = ["indicator", "group", "numerator", "denominator", "band", "membership"]
    return normalise(pd.DataFrame(rows, columns=columns).assign(year=2025, organisation="N"))


def test_wdes1_and_the_medical_grades_are_published_as_totals_only():
    counts = standards_counts()
    view = publishable(counts, wres(counts))
    tables = set(view.published.counts["indicator"])
    # no band, cluster, grade or role table in the summary's counts
    assert not tables & {"WRES1", "WDES1", "MED-GRADE", "MED-ROLE"}
    assert {"WRES9", "WDES10", "WDES2"} <= tables
    wdes1 = view.totals["WDES1"].shown.loc["Staff"]
    # 80 / 850 / 70, total 1,000: all over 7, multiples of 5, shown as they are
    assert (int(wdes1["Disabled"]), int(wdes1["Non-disabled"]), int(wdes1["Total"])) == (
        80, 850, 1000,
    )  # fmt: skip
    doctors = view.totals["MED-GRADE"]
    assert doctors.name == "Doctors overall"
    # 40 BME (10 + 30) and 60 White doctors, 100 in all: the grades are not told apart
    assert (int(doctors.shown.loc["Staff", "BME"]), int(doctors.shown.loc["Staff", "Total"])) == (
        40, 100,
    )  # fmt: skip
    assert "MED-ROLE" not in view.totals  # the same doctors again, by role
    assert not view.withheld & {"WDES1", "MED-GRADE", "MED-ROLE"}


def test_a_small_disabled_count_withholds_wdes1_and_not_wres1():
    counts = standards_counts(disabled=5)  # 5 Disabled of 1,000: under the threshold of 7
    view = publishable(counts, wres(counts))
    assert "WDES1" in view.withheld and "WRES1" not in view.withheld
    assert view.totals["WDES1"].suppressed.loc["Staff", "Disabled"]


def test_the_board_s_ethnicity_is_published_exactly_and_its_disability_is_not():
    # with publish_board_composition on (the default), WRES9's 3 BME of 12 are shown as they are
    # (a board's ethnicity is public); WDES10's 1 Disabled member of 12 is a count of 1..7 about
    # something a board member need not make public, so it is hidden and WDES10 withheld.
    counts = standards_counts()
    view = publishable(counts, wres(counts))
    board = view.published.counts.set_index(["indicator", "group"])
    assert int(board.loc[("WRES9", "BME"), "numerator"]) == 3
    assert "WRES9" not in view.withheld and "WDES10" in view.withheld
    assert board.loc[("WDES10", "Disabled"), "numerator_suppressed"]


def test_the_wdes_summary_in_plain_words():
    counts = standards_counts()
    summary = shareable_summary(counts, report(counts, standard="WDES"))
    text = "\n".join(summary.lines)
    assert summary.lines[0] == "Workforce Disability Equality Standard 2025, N."
    # 80 of 1,000 = 8.0%; beside "about 1,000" a whole per cent is a step of 10 people
    assert "8% of our staff are recorded as Disabled (about 1,000 staff in all)" in text
    assert "WDES10: withheld" in text
    assert "BME" not in text  # the WRES's figures are not in the WDES's summary
    # (100/400) / (30/200) = 1.67: non-disabled candidates more likely to be appointed
    assert "1.67 times" in text


def test_a_wdes_target_is_judged_with_its_own_direction():
    counts = standards_counts()

    def check(indicator, band, target):
        return judge_target(counts, organisation="N", year=None, indicator=indicator,
                            unit_key="whole", band=band, target=target)  # fmt: skip

    # WDES2: RL 0.25 / 0.15 = 1.667, Katz interval 1.150 to 2.415 (as WRES2 above); lower is
    # better, so a target of 2.5 is met and of 1.10 not yet
    assert check("WDES2", None, 2.5).verdict == "met"
    assert check("WDES2", None, 1.10).verdict == "not yet"
    assert check("WDES2", None, 1.25).verdict == "cannot tell yet"
    # WDES1 in Cluster 2: 80 Disabled of 1,000 = 8.0%; higher is better, so 10 is not yet met
    cluster = check("WDES1", "Cluster 2", 10)
    assert (cluster.verdict, cluster.value) == ("not yet", pytest.approx(8.0))
    assert check("WDES1", "Cluster 2", 5).verdict == "met"
    assert check("WDES1", "Cluster 9", 5).verdict == "no data"
    # WDES10: the board's Disabled share against the workforce's, 1/12 - 8% = +0.33 points
    assert check("WDES10", None, 0).verdict == "met"
    assert check("PAY1", None, 0).verdict == "no data"
