"""Staff Survey rows given for a staff group beside the whole organisation's: the staff group's
WRES5-8 for the medical view, the whole organisation's figures exactly as given (no respondent
counted twice), worked by hand.

SURVEY (survey year 2023, so WRES year 2024), Q16b is WRES8 (discrimination):
  whole organisation   BME 30 yes of 200, White 48 of 600
  Medical and Dental   BME  6 yes of  50, White  4 of  40
The rest of the organisation is then BME 24 of 150, White 44 of 560. Whole organisation:
15% - 8% = 7 points; doctors: 12% - 10% = 2 points.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metrics.counts.table import Inputs, collapse, from_inputs, normalise
from metrics.inputs.loaders import load_sheet
from metrics.inputs.readers import open_sheets
from metrics.problems import InputError
from metrics.standards.indicators import report

HEADER = "Survey Year,Question,Ethnic Group,Staff Group,Respondents,Yes\n"
WHOLE = "2023,Q16b,BME,,200,30\n2023,Q16b,White,,600,48\n"
MEDICAL = "2023,Q16b,BME,Medical and Dental,50,6\n2023,Q16b,White,Medical and Dental,40,4\n"


def survey(tmp_path: Path, text: str, name: str = "survey.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_sheet(open_sheets(path)[0], "survey")


def counts_of(loaded) -> pd.DataFrame:
    return from_inputs(Inputs(survey=loaded, organisation="Trust"))


def figures(counts: pd.DataFrame, indicator: str = "WRES8") -> dict:
    rows = counts[counts["indicator"].eq(indicator)]
    return {
        (row.staff_group, row.group): (int(row.numerator), int(row.denominator))
        for row in rows.itertuples()
    }


def test_the_whole_organisation_row_keeps_the_rest_of_the_organisation(tmp_path):
    loaded = survey(tmp_path, HEADER + WHOLE + MEDICAL)
    assert [p for p in loaded.problems if p.severity != "info"] == []
    assert figures(counts_of(loaded)) == {
        ("Medical and Dental", "BME"): (6, 50),
        ("Medical and Dental", "White"): (4, 40),
        (None, "BME"): (24, 150),
        (None, "White"): (44, 560),
    }


def test_whole_organisation_figures_are_as_given(tmp_path):
    both = counts_of(survey(tmp_path, HEADER + WHOLE + MEDICAL))
    alone = counts_of(survey(tmp_path, HEADER + WHOLE, "whole.csv"))
    result = report(both).indicators["WRES8"]
    assert result.groups["BME"].numerator == 30 and result.groups["BME"].denominator == 200
    assert result.groups["White"].numerator == 48 and result.groups["White"].denominator == 600
    assert result.value == pytest.approx(7.0)  # 15% - 8%, as with no staff group rows at all
    assert result.model_dump() == report(alone).indicators["WRES8"].model_dump()
    # and the counts summed over staff groups are the whole-organisation rows as given
    summed = collapse(both, ("staff_group",))
    assert figures(summed) == {(None, "BME"): (30, 200), (None, "White"): (48, 600)}


def test_the_medical_view_reads_the_staff_group_rows(tmp_path):
    counts = counts_of(survey(tmp_path, HEADER + WHOLE + MEDICAL))
    result = report(counts, standard="MEDICAL").indicators["WRES8"]
    assert result.status != "no_data"
    assert result.groups["BME"].numerator == 6 and result.groups["BME"].denominator == 50
    assert result.value == pytest.approx(2.0)  # 12% - 10%


def test_another_staff_group_has_no_survey_figures(tmp_path):
    counts = counts_of(survey(tmp_path, HEADER + WHOLE + MEDICAL))
    result = report(counts, unit={"staff_group": "Medical and Dental"}).indicators["WRES8"]
    assert result.value == pytest.approx(2.0)
    with pytest.raises(InputError):  # the data names no other staff group
        report(counts, unit={"staff_group": "Nursing"})
    # with nurses in the staff figures, their survey figures are not the rest of the trust's
    nurses = normalise(pd.DataFrame([{"organisation": "Trust", "year": 2024, "indicator": "WRES1",
                                      "band": "Band 5", "staff_group": "Nursing", "group": "BME",
                                      "numerator": 10, "denominator": 10}]))  # fmt: skip
    result = report(pd.concat([counts, nurses]), unit={"staff_group": "Nursing"})
    wres8 = result.indicators["WRES8"]
    assert wres8.status == "no_data" and wres8.groups == {}
    assert wres8.reason == (
        "the data for this indicator was given for the whole organisation and for Medical and "
        "Dental only, so it cannot be given for Nursing"
    )


def test_percentages_are_read_the_same_way(tmp_path):
    text = (
        "Survey Year,Question,Ethnic Group,Staff Group,Respondents,Percent\n"
        "2023,Q16b,BME,,200,15\n2023,Q16b,BME,Medical and Dental,50,12\n"
    )
    assert figures(counts_of(survey(tmp_path, text))) == {
        ("Medical and Dental", "BME"): (6, 50),
        (None, "BME"): (24, 150),  # 30 - 6 of 200 - 50
    }


def test_staff_group_rows_larger_than_the_whole_are_refused(tmp_path):
    text = HEADER + "2023,Q16b,BME,,40,10\n2023,Q16b,BME,Medical and Dental,50,6\n"
    loaded = survey(tmp_path, text)
    errors = [p for p in loaded.problems if p.severity == "error"]
    assert len(errors) == 1
    assert errors[0].row == 2 and "add up to more" in errors[0].message


def test_staff_group_rows_alone_are_summed_with_a_warning(tmp_path):
    # WRES8 has a whole-organisation row; WRES5 (Q14a) is given for doctors only
    text = HEADER + WHOLE + "2023,Q14a,BME,Medical and Dental,50,14\n"
    loaded = survey(tmp_path, text)
    warnings = [p for p in loaded.problems if p.severity == "warning"]
    assert len(warnings) == 1 and warnings[0].message.startswith("WRES5: given for staff groups")
    counts = counts_of(loaded)
    assert figures(counts, "WRES5") == {("Medical and Dental", "BME"): (14, 50)}
    assert figures(counts) == {(None, "BME"): (30, 200), (None, "White"): (48, 600)}


def test_a_file_by_staff_group_only_gives_no_warning(tmp_path):
    text = HEADER + MEDICAL + "2023,Q16b,BME,Nursing,150,24\n"
    loaded = survey(tmp_path, text)
    assert [p for p in loaded.problems if p.severity != "info"] == []
    result = report(counts_of(loaded)).indicators["WRES8"]
    assert result.groups["BME"].numerator == 30 and result.groups["BME"].denominator == 200


def test_engagement_scores_pool_back_to_the_whole_organisation(tmp_path):
    # Disabled: whole 6.0 from 100 respondents, doctors 7.0 from 20; the rest is then
    # (6.0 x 100 - 7.0 x 20) / 80 = 5.75, and pooling 5.75 x 80 with 7.0 x 20 gives 6.0 again.
    text = (
        "Survey Year,Indicator,Disability Group,Staff Group,Respondents,Score\n"
        "2023,WDES9a,Disabled,,100,6.0\n2023,WDES9a,Disabled,Medical and Dental,20,7.0\n"
        "2023,WDES9a,Non-disabled,,300,7.0\n"
    )
    counts = counts_of(survey(tmp_path, text))
    rows = counts[counts["indicator"].eq("WDES9a")].set_index(["staff_group", "group"])
    assert rows.loc[(None, "Disabled"), "score"] == pytest.approx(5.75)
    assert rows.loc[(None, "Disabled"), "denominator"] == 80
    assert rows.loc[("Medical and Dental", "Disabled"), "score"] == pytest.approx(7.0)
    result = report(counts, standard="WDES").indicators["WDES9a"]
    assert result.extra["score_Disabled"] == pytest.approx(6.0)
    assert result.extra["respondents_Disabled"] == 100


def test_a_whole_row_covered_by_its_staff_groups_adds_nothing(tmp_path):
    text = HEADER + "2023,Q16b,BME,,50,6\n2023,Q16b,BME,Medical and Dental,50,6\n"
    counts = counts_of(survey(tmp_path, text))
    assert figures(counts) == {("Medical and Dental", "BME"): (6, 50)}


def test_staff_groups_and_rows_by_two_characteristics_are_refused_together(tmp_path):
    text = (
        "Survey Year,Indicator,Ethnic Group,Disability Group,Staff Group,Respondents,Yes\n"
        "2023,WRES8,BME,Disabled,,40,8\n2023,WRES8,BME,Non-disabled,,160,22\n"
        "2023,WRES8,BME,,Medical and Dental,50,6\n"
    )
    errors = [p for p in survey(tmp_path, text).problems if p.severity == "error"]
    assert [e.message.split(";")[0] for e in errors] == [
        "the survey file gives rows by staff group and rows by two characteristics at once "
        "(say an ethnic group and a disability group)"
    ]
