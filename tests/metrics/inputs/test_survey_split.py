"""Staff survey results given by two characteristics on the same rows: the survey indicators
split by the second one, and the whole summed from them. Worked by hand; statsmodels' Newcombe
interval is the oracle for a split gap's interval."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep

from metrics.inputs.pipeline import Sources, load
from metrics.standards.intersections import report_by

CROSS = (
    "Survey Year,Question,Ethnic Group,Disability Group,Respondents,Yes\n"
    "2024,Q14a,BME,Disabled,20,8\n"
    "2024,Q14a,BME,Non-disabled,80,20\n"
    "2024,Q14a,White,Disabled,50,15\n"
    "2024,Q14a,White,Non-disabled,150,30\n"
)


def _load(tmp_path: Path, text: str, **files: str):
    paths = {"survey": tmp_path / "survey.csv"}
    paths["survey"].write_text(text, encoding="utf-8")
    for kind, body in files.items():
        paths[kind] = tmp_path / f"{kind}.csv"
        paths[kind].write_text(body, encoding="utf-8")
    return load(Sources(files=paths))


def _figures(counts: pd.DataFrame, indicator: str, characteristic: str | None = None):
    rows = counts[(counts["indicator"] == indicator).to_numpy()]
    if characteristic is None:
        rows = rows[rows["characteristic"].isna().to_numpy()]
        return {g: (int(n), int(d)) for g, n, d in
                rows[["group", "numerator", "denominator"]].itertuples(index=False)}  # fmt: skip
    rows = rows[(rows["characteristic"] == characteristic).to_numpy()]
    return {(s, g): (int(n), int(d)) for g, s, n, d in
            rows[["group", "characteristic_group", "numerator", "denominator"]]
            .itertuples(index=False)}  # fmt: skip


def test_cross_rows_read_for_both_standards_and_summed_into_the_whole(tmp_path: Path) -> None:
    loaded = _load(tmp_path, CROSS)
    assert loaded.errors == []
    counts = loaded.counts
    # Q14a in the 2024 survey is WRES5 for ethnicity and WDES4a-i for disability (year 2025).
    # The whole: BME 8 + 20 of 20 + 80; White 15 + 30 of 50 + 150
    assert _figures(counts, "WRES5") == {"BME": (28, 100), "White": (45, 200)}
    # Disabled 8 + 15 of 20 + 50; Non-disabled 20 + 30 of 80 + 150
    assert _figures(counts, "WDES4a-i") == {"Disabled": (23, 70), "Non-disabled": (50, 230)}
    assert _figures(counts, "WRES5", "disability") == {
        ("Disabled", "BME"): (8, 20), ("Non-disabled", "BME"): (20, 80),
        ("Disabled", "White"): (15, 50), ("Non-disabled", "White"): (30, 150),
    }  # fmt: skip
    assert _figures(counts, "WDES4a-i", "ethnicity")[("BME", "Disabled")] == (8, 20)
    assert set(counts["year"]) == {2025}


def test_wres5_split_by_disability_worked_by_hand(tmp_path: Path) -> None:
    loaded = _load(tmp_path, CROSS)
    found = report_by(loaded.counts, standard="WRES", by="disability")
    disabled = found.groups["Disabled"].indicators["WRES5"]
    # Among Disabled staff: BME 8/20 = 40%, White 15/50 = 30%: +10 points
    assert disabled.value == pytest.approx(10.0)
    lower, upper = confint_proportions_2indep(8, 20, 15, 50, method="newcomb")
    assert (disabled.ci_lower, disabled.ci_upper) == (
        pytest.approx(100 * lower), pytest.approx(100 * upper))  # fmt: skip
    # Among non-disabled staff: 20/80 = 25% against 30/150 = 20%: +5 points
    assert found.groups["Non-disabled"].indicators["WRES5"].value == pytest.approx(5.0)
    assert "WRES5" not in found.not_split
    # all staff: 28% against 22.5%
    assert found.all_staff.indicators["WRES5"].value == pytest.approx(28 - 22.5)


def test_an_indicator_column_reads_each_row_for_its_own_standard_only(tmp_path: Path) -> None:
    text = (
        "Indicator,Ethnic Group,Disability Group,Respondents,Yes,Year\n"
        "WRES7,BME,Disabled,10,4,2025\nWRES7,White,Disabled,10,6,2025\n"
        "WDES5,BME,Disabled,10,3,2025\n"
    )
    loaded = _load(tmp_path, text)
    assert [p.message for p in loaded.errors] == []
    counts = loaded.counts
    # WRES7 rows are read by ethnicity only (split by disability), WDES5 by disability only
    assert _figures(counts, "WRES7") == {"BME": (4, 10), "White": (6, 10)}
    assert _figures(counts, "WRES7", "disability") == {
        ("Disabled", "BME"): (4, 10), ("Disabled", "White"): (6, 10)}  # fmt: skip
    assert _figures(counts, "WDES5") == {"Disabled": (3, 10)}
    assert _figures(counts, "WDES5", "ethnicity") == {("BME", "Disabled"): (3, 10)}
    assert set(counts["indicator"]) == {"WRES7", "WDES5"}


def test_the_files_own_whole_is_kept_beside_cross_rows(tmp_path: Path) -> None:
    # the cross rows leave out staff of unknown disability, so the whole is larger than their sum
    text = CROSS + "2024,Q14a,BME,,110,31\n2024,Q14a,White,,210,47\n"
    loaded = _load(tmp_path, text)
    assert loaded.errors == []
    assert _figures(loaded.counts, "WRES5") == {"BME": (31, 110), "White": (47, 210)}
    # no disability-only rows were given for WDES4a-i: its whole is the sum, as before
    assert _figures(loaded.counts, "WDES4a-i") == {"Disabled": (23, 70), "Non-disabled": (50, 230)}


def test_sex_on_the_same_rows_splits_by_sex(tmp_path: Path) -> None:
    text = (
        "Indicator,Ethnic Group,Disability Group,Sex,Respondents,Yes,Year\n"
        "WRES8,BME,Disabled,Female,10,5,2025\nWRES8,BME,Non-disabled,Female,30,6,2025\n"
        "WRES8,White,Non-disabled,Female,40,4,2025\nWRES8,White,Disabled,Male,20,2,2025\n"
    )
    loaded = _load(tmp_path, text)
    assert loaded.errors == []
    counts = loaded.counts
    # by sex, disability summed away: BME women 5 + 6 of 10 + 30; White women 4 of 40
    assert _figures(counts, "WRES8", "sex") == {
        ("Female", "BME"): (11, 40), ("Female", "White"): (4, 40), ("Male", "White"): (2, 20)
    }  # fmt: skip
    # by disability, sex summed away: White Non-disabled 4 of 40, White Disabled 2 of 20
    assert _figures(counts, "WRES8", "disability")[("Disabled", "White")] == (2, 20)
    # the whole: BME 11 of 40; White 4 + 2 of 40 + 20
    assert _figures(counts, "WRES8") == {"BME": (11, 40), "White": (6, 60)}


def test_engagement_scores_are_averaged_over_respondents(tmp_path: Path) -> None:
    text = (
        "Indicator,Ethnic Group,Disability Group,Respondents,Score,Year\n"
        "WDES9a,BME,Disabled,20,6.0,2025\nWDES9a,White,Disabled,30,7.0,2025\n"
        "WDES9a,BME,Non-disabled,10,7.5,2025\nWDES9a,White,Non-disabled,40,7.0,2025\n"
    )
    loaded = _load(tmp_path, text)
    assert loaded.errors == []
    rows = loaded.counts[loaded.counts["characteristic"].isna().to_numpy()]
    score = dict(zip(rows["group"], rows["score"], strict=True))
    # Disabled: (20 x 6.0 + 30 x 7.0) / 50 = 330 / 50 = 6.6; Non-disabled (75 + 280) / 50 = 7.1
    assert score["Disabled"] == pytest.approx(6.6)
    assert score["Non-disabled"] == pytest.approx(7.1)


def test_an_unrecognised_second_group_is_an_error(tmp_path: Path) -> None:
    text = "Indicator,Ethnic Group,Sex,Respondents,Yes,Year\nWRES5,BME,Purple,10,4,2025\n"
    loaded = _load(tmp_path, text)
    assert any("survey group not recognised for its characteristic: Purple" in p.message
               for p in loaded.errors)  # fmt: skip


def test_a_survey_table_by_one_characteristic_reads_as_before(tmp_path: Path) -> None:
    text = "Indicator,Ethnic Group,Disability Group,Respondents,Yes,Year\n" \
           "WRES5,BME,,50,20,2025\nWDES5,,Disabled,40,10,2025\n"  # fmt: skip
    loaded = _load(tmp_path, text)
    assert loaded.errors == []
    assert loaded.counts["characteristic"].isna().all()
    assert _figures(loaded.counts, "WRES5") == {"BME": (20, 50)}
    assert _figures(loaded.counts, "WDES5") == {"Disabled": (10, 40)}
