"""Pay gaps: every statutory figure worked by hand on small staff frames built here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics.problems import InputError
from metrics.standards.pay_reading import as_json
from metrics.standards.paygap import pay_gap


def staff(rows: list[tuple], columns: str = "sex_group hourly_pay bonus") -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


# Men hourly 10, 20, 30; women 8, 12, 16, 24. Bonus: men 100, 0, 300; women 50, 60, 190, 0.
# An Unknown on 1000 an hour and a bank man on 500 must change nothing. fte varies: pay gaps are
# per person, never weighted by FTE.
SIX = staff(
    [
        ("Male", 10.0, 100.0, 1.0, False),
        ("Male", 20.0, 0.0, 0.5, False),
        ("Male", 30.0, 300.0, 0.2, False),
        ("Female", 8.0, 50.0, 1.0, False),
        ("Female", 12.0, 60.0, 0.6, False),
        ("Female", 16.0, 190.0, 1.0, False),
        ("Female", 24.0, np.nan, 0.3, False),
        ("Unknown", 1000.0, 9000.0, 1.0, False),
        ("Male", 500.0, 9000.0, 1.0, True),
    ],
    "sex_group hourly_pay bonus fte bank",
)


def test_the_six_figures_by_hand():
    result = pay_gap(SIX, "sex")
    figures = result.overall
    assert (result.reference, result.focus) == ("Male", "Female")
    # mean: men (10+20+30)/3 = 20, women (8+12+16+24)/4 = 15 -> (20-15)/20 x 100 = 25
    assert figures.mean_hourly_gap_percent == pytest.approx(25.0)
    # median: men 20, women (12+16)/2 = 14 -> (20-14)/20 x 100 = 30
    assert figures.median_hourly_gap_percent == pytest.approx(30.0)
    # bonus over those paid one: men 100, 300 (mean 200, median 200); women 50, 60, 190
    # (mean 100, median 60) -> mean (200-100)/200 = 50%, median (200-60)/200 = 70%
    assert figures.mean_bonus_gap_percent == pytest.approx(50.0)
    assert figures.median_bonus_gap_percent == pytest.approx(70.0)
    # share paid a bonus: men 2 of 3, women 3 of 4 (a blank bonus is no bonus)
    assert figures.bonus_percent == pytest.approx({"Female": 75.0, "Male": 200 / 3})
    assert figures.employees == {"Female": 4, "Male": 3, "Unknown": 1}


def test_quartiles_of_seven_people_4k_plus_3():
    # Ranked: 8F 10M 12F 16F 20M 24F 30M; n = 7, so a quarter is 7/4 = 1.75 places.
    # Q1 [0, 1.75): 8F whole, 10M for 0.75 -> F 1/1.75, M 0.75/1.75
    # Q2 [1.75, 3.5): 10M 0.25, 12F whole, 16F 0.5 -> F 1.5/1.75, M 0.25/1.75
    # Q3 [3.5, 5.25): 16F 0.5, 20M whole, 24F 0.25 -> F 0.75/1.75, M 1/1.75
    # Q4 [5.25, 7): 24F 0.75, 30M whole -> F 0.75/1.75, M 1/1.75
    quartiles = pay_gap(SIX, "sex").overall.quartiles
    expected_female = [1 / 1.75, 1.5 / 1.75, 0.75 / 1.75, 0.75 / 1.75]
    assert [q["quartile"] for q in quartiles] == [1, 2, 3, 4]
    for q, female in zip(quartiles, expected_female, strict=True):
        assert q["Female"] == pytest.approx(100 * female)
        assert q["Male"] == pytest.approx(100 * (1 - female))


def _quartile_female(rows: list[tuple]) -> list[float]:
    return [
        q["Female"] for q in pay_gap(staff(rows, "sex_group hourly_pay"), "sex").overall.quartiles
    ]


def test_a_tie_across_a_boundary_is_shared_in_the_same_proportion():
    # 10F 10F 10F 10M | 20M 20M | 30F 30M; n = 8, quarters of 2 places. The block on 10 fills
    # places 0-4 with 3 women and 1 man: each of Q1 and Q2 gets 2 of its 4 places, so 1.5 women
    # and 0.5 men each (75% women), whatever the row order (regulation 13(2)).
    rows = [("Female", 10.0), ("Female", 10.0), ("Female", 10.0), ("Male", 10.0),
            ("Male", 20.0), ("Male", 20.0), ("Female", 30.0), ("Male", 30.0)]  # fmt: skip
    assert _quartile_female(rows) == pytest.approx([75.0, 75.0, 0.0, 50.0])
    assert _quartile_female(rows[::-1]) == pytest.approx([75.0, 75.0, 0.0, 50.0])


def test_everyone_on_one_rate_gives_each_quarter_the_whole_mix():
    # 3 women and 1 man all on 12: one block across the four quarters, 75% women in each
    rows = [("Female", 12.0)] * 3 + [("Male", 12.0)]
    assert _quartile_female(rows) == pytest.approx([75.0] * 4)


def test_five_people_4k_plus_1():
    # 1F 2M 3F 4M 5F; quarters of 1.25 places.
    # Q1 [0,1.25): F 1, M 0.25 -> 80% F;  Q2 [1.25,2.5): M 0.75, F 0.5 -> 40% F
    # Q3 [2.5,3.75): F 0.5, M 0.75 -> 40% F;  Q4 [3.75,5): M 0.25, F 1 -> 80% F
    rows = [("Female", 1.0), ("Male", 2.0), ("Female", 3.0), ("Male", 4.0), ("Female", 5.0)]
    assert _quartile_female(rows) == pytest.approx([80.0, 40.0, 40.0, 80.0])


def test_six_people_4k_plus_2():
    # 1F 2F 3M 4M 5F 6M; quarters of 1.5 places.
    # Q1 [0,1.5): F 1 + 0.5 -> 100% F;  Q2 [1.5,3): F 0.5, M 1 -> 1/3 F
    # Q3 [3,4.5): M 1, F 0.5 -> 1/3 F;  Q4 [4.5,6): F 0.5, M 1 -> 1/3 F
    rows = [("Female", 1.0), ("Female", 2.0), ("Male", 3.0), ("Male", 4.0), ("Female", 5.0),
            ("Male", 6.0)]  # fmt: skip
    assert _quartile_female(rows) == pytest.approx([100.0, 100 / 3, 100 / 3, 100 / 3])


def test_quartiles_do_not_depend_on_row_order():
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"sex_group": rng.choice(["Female", "Male"], 203),
                          "hourly_pay": rng.choice([11.0, 12.5, 14.0, 20.0], 203)})  # fmt: skip
    first = pay_gap(frame, "sex", intervals=False).overall.quartiles
    shuffled = frame.sample(frac=1, random_state=3)
    again = pay_gap(shuffled, "sex", intervals=False).overall.quartiles
    for quarter, other in zip(first, again, strict=True):
        assert other == pytest.approx(quarter)
    for quarter in first:  # each quarter's shares add to 100
        assert quarter["Female"] + quarter["Male"] == pytest.approx(100.0)


def test_not_full_pay_relevant_staff_count_for_bonus_only():
    # Men 10 (bonus 100), 20; women 10, 20 (bonus 60), and a woman not full-pay relevant on 2 an
    # hour with a bonus of 40. Hourly: men mean 15, women mean (10+20)/2 = 15 -> gap 0 (she is
    # left out). Bonus share: women 2 of 3, men 1 of 2. Bonus: men 100; women 60, 40 (mean 50,
    # median 50) -> both gaps (100-50)/100 = 50%.
    frame = staff(
        [("Male", 10.0, 100.0, True), ("Male", 20.0, np.nan, True), ("Female", 10.0, 0.0, True),
         ("Female", 20.0, 60.0, True), ("Female", 2.0, 40.0, False)],
        "sex_group hourly_pay bonus full_pay_relevant",
    )  # fmt: skip
    figures = pay_gap(frame, "sex").overall
    assert figures.mean_hourly_gap_percent == pytest.approx(0.0)
    assert figures.bonus_percent == pytest.approx({"Female": 200 / 3, "Male": 50.0})
    assert figures.mean_bonus_gap_percent == pytest.approx(50.0)
    assert figures.median_bonus_gap_percent == pytest.approx(50.0)
    # quartiles: 10M 10F | 20M 20F, quarters of 1 place; each tie block is half and half
    assert [q["Female"] for q in figures.quartiles] == pytest.approx([50.0] * 4)


def test_nobody_paid_a_bonus():
    frame = staff([("Male", 10.0, 0.0), ("Female", 9.0, np.nan), ("Female", 8.0, 0.0)])
    result = pay_gap(frame, "sex")
    assert result.overall.bonus_percent == {"Female": 0.0, "Male": 0.0}
    assert result.overall.mean_bonus_gap_percent is None
    assert result.overall.median_bonus_gap_percent is None
    assert any("Nobody in either group was paid a bonus" in n for n in result.notes)


def test_no_bonus_column_says_so():
    result = pay_gap(staff([("Male", 10.0), ("Female", 9.0)], "sex_group hourly_pay"), "sex")
    assert result.overall.bonus_percent == {"Female": None, "Male": None}
    assert any("no bonus column" in n for n in result.notes)


def test_a_group_with_no_one():
    frame = staff([("Male", 10.0, 0.0), ("Male", 12.0, 0.0), ("Unknown", 9.0, 0.0)])
    figures = pay_gap(frame, "sex").overall
    assert figures.status == "not_computable"
    assert "Female" in figures.reason
    assert figures.mean_hourly_gap_percent is None and figures.median_hourly_gap_percent is None
    assert [q["Male"] for q in figures.quartiles] == [100.0] * 4
    assert figures.employees == {"Female": 0, "Male": 2, "Unknown": 1}


def test_all_unknown():
    frame = staff([("Unknown", 10.0, 5.0), ("Unknown", 12.0, 0.0)])
    result = pay_gap(frame, "sex")
    assert result.overall.status == "no_data"
    assert result.overall.employees == {"Female": 0, "Male": 0, "Unknown": 2}
    assert [q["Female"] for q in result.overall.quartiles] == [None] * 4
    assert any("2 staff whose sex is not recorded are left out" in n for n in result.notes)


def test_small_numbers_still_report_every_figure():
    # 3 women, 20 men: at or below the disclosure threshold (7), the figures are all there
    frame = staff([("Female", 10.0, 0.0)] * 3 + [("Male", 12.0, 0.0)] * 20)
    result = pay_gap(frame, "sex")
    assert result.overall.status == "small_numbers"
    # (12 - 10) / 12 x 100
    assert result.overall.mean_hourly_gap_percent == pytest.approx(100 * 2 / 12)
    assert as_json(result)["status"] == "small_numbers"


def test_by_band_and_pay_scheme():
    # Band 5: men 15, 17; women 14, 16 -> mean gap (16-15)/16 = 6.25%
    # Consultant: men 50; women 45 -> 10%. Other: a man on 99, in neither scheme.
    # Agenda for Change is Band 5 alone (6.25%); Medical and dental is the consultants (10%).
    frame = staff(
        [("Male", 15.0, "Band 5"), ("Male", 17.0, "Band 5"), ("Female", 14.0, "Band 5"),
         ("Female", 16.0, "Band 5"), ("Male", 50.0, "Consultant"), ("Female", 45.0, "Consultant"),
         ("Male", 99.0, "Other")],
        "sex_group hourly_pay band",
    )  # fmt: skip
    result = pay_gap(frame, "sex")
    bands = dict(result.by_band)
    assert list(bands) == ["Band 5", "Consultant", "Other"]  # the reference order of bands
    assert bands["Band 5"].mean_hourly_gap_percent == pytest.approx(6.25)
    assert bands["Consultant"].mean_hourly_gap_percent == pytest.approx(10.0)
    schemes = result.by_pay_scheme
    assert schemes["Agenda for Change"].mean_hourly_gap_percent == pytest.approx(6.25)
    assert schemes["Medical and dental"].median_hourly_gap_percent == pytest.approx(10.0)
    assert any("1 staff on neither Agenda for Change" in n for n in result.notes)


def test_white_british_reference_leaves_other_white_out():
    # White British (A) 20, 30; other White (B, C) 100; BME 15, 20.
    # White British: mean 25 vs BME 17.5 -> (25-17.5)/25 = 30%.
    # All White: mean (20+30+100)/3 = 50 -> (50-17.5)/50 = 65%.
    frame = pd.DataFrame(
        {"group": ["White", "White", "White", "BME", "BME"], "ethnic_code": ["A", "A", "B", "L", "N"],
         "hourly_pay": [20.0, 30.0, 100.0, 15.0, 20.0]}
    )  # fmt: skip
    british = pay_gap(frame, "ethnicity", reference="White British")
    assert (british.reference, british.focus) == ("White British", "BME")
    assert british.overall.mean_hourly_gap_percent == pytest.approx(30.0)
    assert british.overall.employees == {"White British": 2, "Other White": 1, "BME": 2,
                                         "Unknown": 0}  # fmt: skip
    assert any("1 other White staff are left out" in n for n in british.notes)
    white = pay_gap(frame, "ethnicity")
    assert white.overall.mean_hourly_gap_percent == pytest.approx(65.0)


def test_disability_and_a_swapped_reference():
    # Non-disabled 20, Disabled 15: (20-15)/20 = 25%. Taking Disabled as the reference:
    # (15-20)/15 = -33.3%.
    frame = pd.DataFrame(
        {"disability_group": ["Non-disabled", "Disabled"], "hourly_pay": [20.0, 15.0]}
    )
    assert pay_gap(frame, "disability").overall.mean_hourly_gap_percent == pytest.approx(25.0)
    swapped = pay_gap(frame, "disability", reference="disabled")
    assert (swapped.reference, swapped.focus) == ("Disabled", "Non-disabled")
    assert swapped.overall.mean_hourly_gap_percent == pytest.approx(-100 / 3)


def test_the_latest_year_unless_asked():
    # 2023: man 10, woman 5 (50%); 2024: man 10, woman 9 (10%)
    frame = staff(
        [("Male", 10.0, 2023), ("Female", 5.0, 2023), ("Male", 10.0, 2024), ("Female", 9.0, 2024)],
        "sex_group hourly_pay year",
    )
    assert pay_gap(frame, "sex").year == 2024
    assert pay_gap(frame, "sex").overall.mean_hourly_gap_percent == pytest.approx(10.0)
    assert pay_gap(frame, "sex", year=2023).overall.mean_hourly_gap_percent == pytest.approx(50.0)


def test_the_reading_says_which_way_is_worse():
    note = pay_gap(SIX, "sex").notes[0]
    assert "median hourly pay of women is 30.0% lower than that of men" in note
    assert "paid less, the worse way for them" in note
    assert any("1 bank staff member is left out" in n for n in pay_gap(SIX, "sex").notes)


@pytest.mark.parametrize(
    ("frame", "kwargs", "words", "field"),
    [
        (pd.DataFrame({"sex_group": ["Male"]}), {"by": "sex"}, "no hourly pay column", "hourly_pay"),
        (pd.DataFrame({"hourly_pay": [1.0]}), {"by": "disability"}, "no disability column",
         "disability"),
        (SIX, {"by": "sex", "reference": "Purple"}, "'Purple' is not a group", None),
        (SIX, {"by": "age"}, "cannot compare pay by 'age'", None),
        (staff([("Male", 1.0, 2024)], "sex_group hourly_pay year"), {"by": "sex", "year": 2019},
         "nobody in 2019", None),
        (pd.DataFrame({"group": ["White"], "hourly_pay": [1.0]}),
         {"by": "ethnicity", "reference": "White British"}, "national ethnic category codes",
         "ethnicity"),
    ],
)  # fmt: skip
def test_bad_input_says_what_and_how_to_fix(frame, kwargs, words, field):
    with pytest.raises(InputError) as caught:
        pay_gap(frame, **kwargs)
    problem = caught.value.problems[0]
    assert words in problem.message
    assert problem.hint
    assert problem.field == field
