"""WRES indicators from hand-built counts; every expected value is worked out in the comments."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.counts.table import normalise
from metrics.problems import InputError
from metrics.standards.indicators import WresOptions, wres


def rows(*items):
    return normalise(
        pd.DataFrame(
            [
                dict(
                    zip(("indicator", "group", "numerator", "denominator"), item[:4], strict=False),
                    **(item[4] if len(item) > 4 else {}),
                )
                for item in items
            ]
        )
    )


WORKFORCE = [
    # overall: White 600, BME 300, Unknown 100 -> BME 30.0%
    ("WRES1", "White", 45, 50, {"band": "Band 8a", "clinical": False}),
    ("WRES1", "BME", 5, 50, {"band": "Band 8a", "clinical": False}),
    ("WRES1", "White", 555, 950, {"band": "Band 5", "clinical": True}),
    ("WRES1", "BME", 295, 950, {"band": "Band 5", "clinical": True}),
    ("WRES1", "Unknown", 100, 950, {"band": "Band 5", "clinical": True}),
]


def test_wres2_worked_example_and_unknown_left_out():
    counts = rows(
        ("WRES2", "White", 117, 389), ("WRES2", "BME", 2, 10), ("WRES2", "Unknown", 9, 20)
    )
    result = wres(counts).indicators["WRES2"]
    assert round(result.value, 3) == 1.504  # (117/389)/(2/10)
    assert result.status == "small_numbers"  # 2 BME appointments
    assert result.groups["BME"].rate == pytest.approx(0.2)
    assert result.reading.startswith("White applicants were 1.50 times as likely as BME applicants")
    more_unknown = rows(
        ("WRES2", "White", 117, 389), ("WRES2", "BME", 2, 10), ("WRES2", "Unknown", 0, 500)
    )
    assert wres(more_unknown).indicators["WRES2"].value == pytest.approx(result.value)


def test_wres3_direction_is_bme_over_white():
    # BME 10 of 200 = 0.05; White 20 of 800 = 0.025; RL = 2.0
    counts = rows(("WRES3", "BME", 10, 200), ("WRES3", "White", 20, 800))
    result = wres(counts).indicators["WRES3"]
    assert result.value == pytest.approx(2.0)
    assert result.status == "ok"
    assert "BME staff were 2.00 times as likely as White staff" in result.reading
    assert "outside the 0.80–1.25 rule-of-thumb range" in result.flags


def test_ratio_below_one_is_read_from_the_other_side():
    # White 40/100 = 0.4, BME 80/100 = 0.8 -> RL 0.5: BME staff twice as likely to access training
    result = wres(rows(("WRES4", "White", 40, 100), ("WRES4", "BME", 80, 100))).indicators["WRES4"]
    assert result.value == pytest.approx(0.5)
    assert result.reading.startswith("BME staff were 2.00 times as likely as White staff")


def test_zero_appointments_is_not_computable_with_reason():
    result = wres(rows(("WRES2", "White", 30, 100), ("WRES2", "BME", 0, 40))).indicators["WRES2"]
    assert result.status == "not_computable"
    assert result.value is None and result.ci_lower is None
    assert "0 of 40" in result.reason


def test_everyone_appointed_in_both_groups_has_no_variation():
    # issue 10: 10 of 10 against 10 of 10 was reported as 1.00 [1.00, 1.00], status ok
    result = wres(rows(("WRES2", "White", 10, 10), ("WRES2", "BME", 10, 10))).indicators["WRES2"]
    assert result.status == "no_variation"
    assert result.value is None and result.ci_lower is None and result.ci_upper is None
    assert result.reading.startswith(
        "Everyone in both groups (White and BME applicants) was appointed from shortlisting: no "
        "difference to measure"
    )
    assert result.groups["BME"].numerator == 10  # the counts are still there to show


def test_nobody_disciplined_in_either_group_has_no_variation():
    result = wres(rows(("WRES3", "BME", 0, 200), ("WRES3", "White", 0, 800))).indicators["WRES3"]
    assert result.status == "no_variation"
    assert result.value is None
    assert result.reading.startswith(
        "Nobody in either group (BME and White staff) entered the formal disciplinary process"
    )


def test_no_bme_applicants_is_not_computable():
    result = wres(rows(("WRES2", "White", 30, 100))).indicators["WRES2"]
    assert result.status == "not_computable"
    assert "no BME applicants" in result.reason


def test_missing_indicators_say_no_data():
    report = wres(rows(*WORKFORCE))
    for key in ("WRES2", "WRES3", "WRES4", "WRES5", "WRES6", "WRES7", "WRES8", "WRES9"):
        assert report.indicators[key].status == "no_data"


def test_wres1_shares_gap_and_people_needed():
    w1 = wres(rows(*WORKFORCE)).indicators["WRES1"]
    assert w1.value == pytest.approx(30.0)
    assert w1.extra["headcount"] == 1000
    band8a = next(p for p in w1.parts if p.breakdown["band"] == "Band 8a")
    assert band8a.value == pytest.approx(10.0)  # 5 of 50
    assert band8a.extra["gap_percentage_points"] == pytest.approx(-20.0)
    assert band8a.extra["bme_needed"] == 10  # ceil(0.30 * 50) - 5
    band5 = next(p for p in w1.parts if p.breakdown["band"] == "Band 5")
    assert band5.value == pytest.approx(100 * 295 / 950)
    assert band5.extra["bme_needed"] == 0
    # non-clinical bands are listed before clinical ones
    assert [p.breakdown["clinical"] for p in w1.parts] == [False, True]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Band 2", "Band 5", "Band 8a", "VSM"]),
            st.sampled_from(["White", "BME", "Unknown"]),
            st.integers(0, 500),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_wres1_shares_sum_to_100(cells):
    table = rows(*[("WRES1", g, n, None, {"band": b}) for b, g, n in cells])
    w1 = wres(table).indicators["WRES1"]
    if w1.status == "no_data":
        assert sum(n for _, _, n in cells) == 0
        return
    assert sum(100 * f.rate for f in w1.groups.values()) == pytest.approx(100.0)
    for part in w1.parts:
        assert sum(100 * f.rate for f in part.groups.values()) == pytest.approx(100.0)


def test_survey_gap_in_percentage_points():
    # BME 40 of 100 = 40%; White 150 of 500 = 30%; gap +10 points
    result = wres(rows(("WRES5", "BME", 40, 100), ("WRES5", "White", 150, 500))).indicators["WRES5"]
    assert result.value == pytest.approx(10.0)
    assert result.ci_lower < 10 < result.ci_upper
    assert "worse for BME staff" in result.reading
    # for indicator 7 a higher percentage is better, so a positive gap is better for BME staff
    wres7 = wres(rows(("WRES7", "BME", 60, 100), ("WRES7", "White", 250, 500))).indicators["WRES7"]
    assert "better for BME staff" in wres7.reading


def test_survey_small_groups_flagged():
    result = wres(rows(("WRES8", "BME", 2, 9), ("WRES8", "White", 10, 200))).indicators["WRES8"]
    assert result.status == "small_numbers"


def test_wres9_board_against_workforce():
    board = [
        # voting: White 8, BME 1, Unknown 1 -> 10% BME; workforce 30% -> -20 points
        ("WRES9", "White", 8, 10, {"membership": "voting"}),
        ("WRES9", "BME", 1, 10, {"membership": "voting"}),
        ("WRES9", "Unknown", 1, 10, {"membership": "voting"}),
        # executive: White 4, BME 1 -> 20% BME -> -10 points
        ("WRES9", "White", 4, 5, {"membership": "executive"}),
        ("WRES9", "BME", 1, 5, {"membership": "executive"}),
    ]
    result = wres(rows(*WORKFORCE, *board)).indicators["WRES9"]
    assert result.value == pytest.approx(-20.0)
    assert result.extra["executive"] == pytest.approx(-10.0)


def test_rolling_disciplinary_pools_two_years():
    counts = rows(
        ("WRES3", "BME", 4, 100, {"year": 2024}),
        ("WRES3", "White", 10, 500, {"year": 2024}),
        ("WRES3", "BME", 6, 100, {"year": 2025}),
        ("WRES3", "White", 10, 500, {"year": 2025}),
    )
    single = wres(counts).indicators["WRES3"]  # 2025: (6/100)/(10/500) = 3.0
    assert single.value == pytest.approx(3.0)
    rolling = wres(counts, options=WresOptions(rolling_disciplinary=True)).indicators["WRES3"]
    assert rolling.value == pytest.approx((10 / 200) / (20 / 1000))  # = 2.5
    assert "rolling" in rolling.method.lower()
    only_one_year = wres(counts, year=2024, options=WresOptions(rolling_disciplinary=True))
    assert "rolling average unavailable" in only_one_year.indicators["WRES3"].flags


def test_latest_year_by_default_and_unknown_year_rejected():
    counts = rows(
        ("WRES3", "BME", 4, 100, {"year": 2024}),
        ("WRES3", "White", 10, 500, {"year": 2024}),
        ("WRES3", "BME", 6, 100, {"year": 2025}),
        ("WRES3", "White", 10, 500, {"year": 2025}),
    )
    assert wres(counts).year == 2025
    with pytest.raises(InputError, match="no data for year 2019"):
        wres(counts, year=2019)


def test_unit_slice_beside_whole_organisation():
    counts = rows(
        ("WRES1", "White", 80, 100, {"band": "Band 3", "directorate": "HR & OD"}),
        ("WRES1", "BME", 20, 100, {"band": "Band 3", "directorate": "HR & OD"}),
        ("WRES1", "White", 500, 900, {"band": "Band 5", "directorate": "Medicine"}),
        ("WRES1", "BME", 400, 900, {"band": "Band 5", "directorate": "Medicine"}),
    )
    unit = wres(counts, unit={"directorate": "hr & od"})  # matching ignores case
    whole = wres(counts)
    assert unit.indicators["WRES1"].value == pytest.approx(20.0)  # 20 of 100
    assert whole.indicators["WRES1"].value == pytest.approx(42.0)  # 420 of 1000
    assert unit.indicators["WRES9"].status == "no_data"
    with pytest.raises(InputError, match="Medicine"):
        wres(counts, unit={"directorate": "Surgery"})


def test_several_organisations_need_a_choice():
    counts = rows(
        ("WRES2", "White", 10, 50, {"organisation": "Trust A"}),
        ("WRES2", "BME", 5, 50, {"organisation": "Trust A"}),
        ("WRES2", "White", 20, 50, {"organisation": "Trust B"}),
        ("WRES2", "BME", 10, 50, {"organisation": "Trust B"}),
    )
    with pytest.raises(InputError, match="2 organisations"):
        wres(counts)
    b = wres(counts, organisation="trust b")
    assert b.indicators["WRES2"].value == pytest.approx(2.0)  # (20/50)/(10/50)
    assert b.organisation == "Trust B"


def test_band_group_takes_the_bands_in_its_cluster():
    counts = rows(
        *WORKFORCE,
        ("WRES1", "White", 8, 10, {"band": "Band 8b", "clinical": False}),
        ("WRES1", "BME", 2, 10, {"band": "Band 8b", "clinical": False}),
        ("WRES2", "White", 50, 100), ("WRES2", "BME", 20, 100),
    )  # fmt: skip
    report = wres(counts, unit={"band_group": "bands 8A-8b"})  # matched ignoring case
    w1 = report.indicators["WRES1"]
    # Band 8a: 45 White + 5 BME; Band 8b: 8 White + 2 BME -> 7 BME of 60 staff = 11.67%
    assert w1.extra["headcount"] == 60
    assert w1.value == pytest.approx(100 * 7 / 60)
    assert [p.breakdown["band"] for p in w1.parts] == ["Band 8a", "Band 8b"]
    assert report.unit == "band group: bands 8A-8b"
    # recruitment has no pay band: no data for a band group, with the reason, not an error
    w2 = report.indicators["WRES2"]
    assert w2.status == "no_data" and w2.value is None
    assert "no pay band" in w2.reason and w2.reason.endswith("for Bands 8a-8b")
    assert report.indicators["WRES9"].status == "no_data"
    # an indicator with no data at all still says so, not "no pay band"
    assert report.indicators["WRES3"].reason == "no data was given for this indicator"


def test_band_group_keeps_an_indicator_that_has_bands():
    counts = rows(
        *WORKFORCE,
        # WRES3 by band: in Band 8a BME 2 of 5, White 3 of 45 -> (2/5)/(3/45) = 6.0
        ("WRES3", "BME", 2, 5, {"band": "Band 8a"}), ("WRES3", "White", 3, 45, {"band": "Band 8a"}),
        ("WRES3", "BME", 1, 295, {"band": "Band 5"}), ("WRES3", "White", 1, 555, {"band": "Band 5"}),
    )  # fmt: skip
    w3 = wres(counts, unit={"band_group": "Bands 8a-8b"}).indicators["WRES3"]
    assert w3.value == pytest.approx(6.0)


def test_unknown_band_group_is_a_clear_error():
    with pytest.raises(InputError) as info:
        wres(rows(*WORKFORCE), unit={"band_group": "Bands 10-12"})
    problem = info.value.problems[0]
    assert 'no band group called "Bands 10-12"' in problem.message
    assert "Bands 8a-8b" in problem.hint


def test_survey_for_the_whole_organisation_only_says_so_for_a_directorate():
    counts = rows(
        ("WRES1", "White", 80, 100, {"band": "Band 5", "directorate": "HR & OD"}),
        ("WRES1", "BME", 20, 100, {"band": "Band 5", "directorate": "HR & OD"}),
        ("WRES5", "BME", 30, 100), ("WRES5", "White", 20, 100),  # no directorate: whole only
    )  # fmt: skip
    w5 = wres(counts, unit={"directorate": "HR & OD"}).indicators["WRES5"]
    assert w5.status == "no_data"
    assert w5.reason == (
        "the data for this indicator has no directorate: it was given for the whole "
        "organisation only, so it cannot be given for HR & OD"
    )
    assert wres(counts).indicators["WRES5"].value == pytest.approx(10.0)  # 30% - 20%
