"""Row-level files reduced to WDES counts, checked against counts worked out by hand.

The files below are small enough to count on paper; each expected figure says how it was found.
Bank staff are outside the WDES, people are counted once a year, only performance grounds count
for WDES3, and Unknown disability stays in every denominator.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metrics.counts import table as counts_mod
from metrics.inputs.loaders import choose_sheet, load_sheet
from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError

STAFF = """Employee Number,Disability,Pay Band,Staff Group,Assignment Category,Year
1,Yes,Band 5,Nursing and Midwifery Registered,Permanent,2025
2,No,Band 5,Nursing and Midwifery Registered,Permanent,2025
3,Not Declared,Band 5,Nursing and Midwifery Registered,Permanent,2025
4,No,Band 6,Administrative and Clerical,Permanent,2025
5,Yes,Band 6,Administrative and Clerical,Bank,2025
6,No,Consultant,Medical and Dental,Permanent,2025
7,,Band 3,Administrative and Clerical,Permanent,2025
"""
# In post (person 5 is bank): Disabled {1}, Non-disabled {2, 4, 6}, Unknown {3, 7 (blank)}.

CAPABILITY = """Employee Number,Case Start Date,Grounds
1,2024-05-01,Performance
1,2024-11-01,Poor performance
2,2024-06-01,Ill Health
3,2024-07-01,
4,2024-08-01,Conduct
5,2024-09-01,Performance
"""
# Dates April 2024 - March 2025: year 2025. Person 1 twice (counted once); 2 ill health (left
# out); 3 no grounds given (counted); 4 conduct, not a capability ground (left out); 5 bank.

RECRUITMENT = """Disability,Shortlisted,Appointed
Yes,Yes,Yes
Yes,Yes,No
Yes,No,No
No,Yes,Yes
No,Yes,Yes
No,Yes,No
Prefer not to say,Yes,No
"""

BOARD = """Role,Disability,Voting,Executive
Chair,No,Yes,No
Chief Executive,Yes,Yes,Yes
Director of Finance,Not declared,Yes,Yes
Associate Director,No,No,No
"""

SURVEY = """Year,Indicator,Disability Group,Respondents,Yes,Score
2025,WDES4a-i,Disabled,40,12,
2025,WDES4a-i,Non-disabled,160,32,
2025,WDES8,Disabled,40,30,
2025,WDES9a,Disabled,40,,6.5
2025,WDES9a,Non-disabled,160,,7.0
2025,WDES9a,All,220,,6.9
"""


def _files(tmp_path: Path, **texts: str) -> dict[str, Path]:
    out = {}
    for kind, text in texts.items():
        out[kind] = tmp_path / f"{kind}.csv"
        out[kind].write_text(text, encoding="utf-8")
    return out


@pytest.fixture
def result(tmp_path: Path):
    files = _files(
        tmp_path,
        staff=STAFF,
        capability=CAPABILITY,
        recruitment=RECRUITMENT,
        board=BOARD,
        survey=SURVEY,
    )
    loaded = load(Sources(files=files, purpose="wdes"))
    assert loaded.errors == []
    return loaded


def _rows(counts: pd.DataFrame, indicator: str, *keys: str) -> dict[tuple, tuple[int, int]]:
    """(numerator, denominator) by the given keys, summed over the breakdowns (staff group)."""
    rows = counts[(counts["indicator"] == indicator).to_numpy()].astype({k: object for k in keys})
    sums = rows.groupby(list(keys), dropna=False)[["numerator", "denominator"]].sum()
    return {
        k if isinstance(k, tuple) else (k,): (int(n), int(d))
        for k, (n, d) in zip(sums.index, sums.to_numpy(), strict=True)
    }


def test_wdes1_counts_each_disability_group_in_each_band(result) -> None:
    # Band 5 clinical: persons 1 (Disabled), 2 (Non-disabled), 3 (Unknown) -> each 1 of 3.
    # Band 6 non-clinical: person 4 only (5 is bank). Consultant clinical: 6. Band 3: 7 (blank).
    assert _rows(result.counts, "WDES1", "band", "clinical", "group") == {
        ("Band 5", True, "Disabled"): (1, 3),
        ("Band 5", True, "Non-disabled"): (1, 3),
        ("Band 5", True, "Unknown"): (1, 3),
        ("Band 6", False, "Non-disabled"): (1, 1),
        ("Consultant", True, "Non-disabled"): (1, 1),
        ("Band 3", False, "Unknown"): (1, 1),
    }


def test_wdes2_appointed_from_shortlisting(result) -> None:
    # Disabled: 2 shortlisted, 1 appointed; Non-disabled: 3 and 2; Unknown: 1 and 0.
    assert _rows(result.counts, "WDES2", "group") == {
        ("Disabled",): (1, 2),
        ("Non-disabled",): (2, 3),
        ("Unknown",): (0, 1),
    }


def test_wdes3_counts_people_on_performance_grounds_once(result) -> None:
    # Entering (performance, or grounds not given): person 1 (twice, once counted) and person 3.
    # Headcount in post: Disabled 1, Non-disabled 3 (2, 4, 6), Unknown 2 (3, 7).
    assert _rows(result.counts, "WDES3", "group") == {
        ("Disabled",): (1, 1),
        ("Non-disabled",): (0, 3),
        ("Unknown",): (1, 2),
    }


def test_wdes3_says_what_it_left_out_and_why(result) -> None:
    notes = " | ".join(result.notes)
    assert "1 capability case(s) on ill-health grounds left out" in notes
    assert "1 capability case(s) whose grounds were not recognised left out" in notes
    assert "1 capability case(s) with no grounds given counted" in notes
    assert "1 capability record(s) belong to bank staff and are left out" in notes


def test_wdes10_board_membership(result) -> None:
    # Voting: Chair (Non-disabled), Chief Executive (Disabled), Director of Finance (Unknown).
    # Executive: Chief Executive (Disabled) and Director of Finance (Unknown).
    assert _rows(result.counts, "WDES10", "membership", "group") == {
        ("voting", "Non-disabled"): (1, 3),
        ("voting", "Disabled"): (1, 3),
        ("voting", "Unknown"): (1, 3),
        ("executive", "Disabled"): (1, 2),
        ("executive", "Unknown"): (1, 2),
    }


def test_survey_rows_keep_their_wdes_ids_and_disability_groups(result) -> None:
    counts = result.counts
    assert _rows(counts, "WDES4a-i", "group") == {
        ("Disabled",): (12, 40),
        ("Non-disabled",): (32, 160),
    }
    assert _rows(counts, "WDES8", "group") == {("Disabled",): (30, 40)}
    scores = result.inputs["survey"].frame
    scores = scores[(scores["indicator"] == "WDES9a").to_numpy()]
    assert dict(zip(scores["group"], scores["score"], strict=True)) == {
        "Disabled": 6.5,
        "Non-disabled": 7.0,
        "All": 6.9,
    }
    assert scores["numerator"].isna().all()  # a score, not a yes count
    assert list(scores["denominator"]) == [40, 160, 220]


def test_no_wres_rows_come_from_files_without_ethnicity(result) -> None:
    indicators = set(result.counts["indicator"])
    assert not {i for i in indicators if i.startswith("WRES")}
    assert indicators == {"WDES1", "WDES2", "WDES3", "WDES4a-i", "WDES8", "WDES9a", "WDES10"}


WRES_STAFF = """Employee Number,Ethnicity,Pay Band,Staff Group,Assignment Category,Year
1,A,Band 5,Nursing and Midwifery Registered,Permanent,2025
2,H,Band 5,Nursing and Midwifery Registered,Permanent,2025
3,Z,Band 6,Administrative and Clerical,Bank,2025
"""
WRES_DISCIPLINARY = """Employee Number,Date
2,2024-06-01
"""


def test_wres_only_files_give_exactly_the_wres_counts_whatever_the_purpose(tmp_path) -> None:
    files = _files(tmp_path, staff=WRES_STAFF, disciplinary=WRES_DISCIPLINARY)
    wres = load(Sources(files=files, purpose="wres")).counts
    everything = load(Sources(files=files, purpose="all")).counts
    pd.testing.assert_frame_equal(wres, everything)
    assert set(wres["indicator"]) == {"WRES1", "WRES3"}


def test_a_file_with_both_characteristics_gives_both_standards(tmp_path) -> None:
    both = STAFF.replace("Disability,", "Ethnicity,Disability,")
    both = both.replace("\n1,", "\n1,A,")  # person 1 White British
    for person in "234567":  # the others Indian (BME)
        both = both.replace(f"\n{person},", f"\n{person},H,")
    files = _files(tmp_path, staff=both)
    counts = load(Sources(files=files, purpose="all")).counts
    wres1 = counts[(counts["indicator"] == "WRES1").to_numpy()]
    wdes1 = counts[(counts["indicator"] == "WDES1").to_numpy()]
    # the same six people in post, split by each characteristic
    assert wres1["numerator"].sum() == wdes1["numerator"].sum() == 6
    assert dict(wres1.groupby("group")["numerator"].sum()) == {"White": 1, "BME": 5}


def test_capability_cases_need_the_staff_file(tmp_path) -> None:
    path = _files(tmp_path, capability=CAPABILITY)["capability"]
    cases = load_sheet(choose_sheet(path, "capability"), "capability")
    with pytest.raises(InputError, match="WDES3 needs the staff file for its headcount"):
        counts_mod.from_inputs(counts_mod.Inputs(capability=cases))


def test_capability_cases_with_their_own_disability_and_no_employee_number(tmp_path) -> None:
    own = "Disability,Date,Grounds\nYes,2024-06-01,Performance\nNo,2024-07-01,Performance\n"
    files = _files(tmp_path, staff=STAFF, capability=own)
    counts = load(Sources(files=files, purpose="wdes")).counts
    # one Disabled and one Non-disabled entrant, over the headcount 1 / 3 / 2
    assert _rows(counts, "WDES3", "group") == {
        ("Disabled",): (1, 1),
        ("Non-disabled",): (1, 3),
        ("Unknown",): (0, 2),
    }


def test_an_unmatched_employee_takes_the_case_files_own_disability(tmp_path) -> None:
    cases = "Employee Number,Disability,Date,Grounds\n99,Yes,2024-06-01,Performance\n"
    files = _files(tmp_path, staff=STAFF, capability=cases)
    result = load(Sources(files=files, purpose="wdes"))
    assert _rows(result.counts, "WDES3", "group")[("Disabled",)] == (1, 1)
    assert any("not in the staff file" in n and "Unknown disability" in n for n in result.notes)


def test_wdes_counts_round_trip_through_a_counts_file(result, tmp_path) -> None:
    counted = result.counts[~(result.counts["indicator"] == "WDES9a").to_numpy()]  # scores below
    path = counts_mod.write(counted, tmp_path / "counts.csv")
    again = load(Sources(counts=path)).counts
    keys = ["indicator", "band", "clinical", "membership", "staff_group", "group"]

    def table(counts: pd.DataFrame) -> pd.DataFrame:
        columns = [*keys, "numerator", "denominator"]
        return counts[columns].astype(object).sort_values(keys).reset_index(drop=True)

    pd.testing.assert_frame_equal(table(counted), table(again))


RETURN = """indicator,membership,group,numerator,denominator,score
WDES1,,Disabled,40,1000,
WDES1,,Non-disabled,700,1000,
WDES1,,Unknown,260,1000,
WDES3,,Disabled,3,40,
WDES4a-i,,Disabled,12,40,
WDES9a,,Disabled,,40,6.5
WDES9a,,All,,220,6.9
WDES10,voting,Disabled,1,10,
WRES2,,BME,10,50,
"""


def test_a_counts_return_reads_wdes_ids_groups_and_scores(tmp_path) -> None:
    path = _files(tmp_path, counts=RETURN)["counts"]
    loaded = load(Sources(counts=path))
    assert loaded.errors == []
    frame = loaded.inputs["counts"].frame
    assert list(frame["indicator"]) == ["WDES1"] * 3 + [
        "WDES3", "WDES4a-i", "WDES9a", "WDES9a", "WDES10", "WRES2"
    ]  # fmt: skip
    assert list(frame["group"]) == ["Disabled", "Non-disabled", "Unknown", "Disabled",
                                    "Disabled", "Disabled", "All", "Disabled", "BME"]  # fmt: skip
    assert frame["score"].dropna().tolist() == [6.5, 6.9]  # WDES9a rows only


@pytest.mark.parametrize(
    "row,message",
    [
        ("WDES2,,White,1,5,", "group not recognised"),  # an ethnic group on a disability row
        ("WRES2,,Disabled,1,5,", "group not recognised"),
        ("WDES2,,All,1,5,", "group not recognised"),  # the organisation only for WDES9a
        ("WDES9a,,Disabled,,40,", "engagement score is blank"),
        ("WDES9a,,Disabled,,40,11", "engagement score above 10"),
        ("WDES11,,Disabled,1,5,", "indicator not recognised"),
        ("WDES3,,Disabled,1,,", "denominator is blank"),
    ],
)
def test_bad_wdes_rows_in_a_return_name_the_row(tmp_path, row: str, message: str) -> None:
    header = RETURN.splitlines()[0]
    path = _files(tmp_path, counts=f"{header}\n{row}\n")["counts"]
    errors = load(Sources(counts=path)).errors
    assert [(p.row, p.message) for p in errors] == [(2, message)]


def test_what_is_missing_is_said_per_standard(tmp_path) -> None:
    from metrics.inputs.load_summary import missing

    staff = _files(tmp_path, staff=STAFF)["staff"]
    said = missing(load(Sources(files={"staff": staff}, purpose="wdes")))
    assert said == [
        "No recruitment file: WDES metric 2 cannot be computed.",
        "No formal capability file: WDES metric 3 cannot be computed.",
        "No staff survey results file: WDES metrics 4a-i to 9a cannot be computed.",
        "No board file (and no board member columns in the staff file): WDES metric 10 "
        "cannot be computed.",
    ]
    # a WRES load says nothing about the WDES
    wres_staff = _files(tmp_path, staff=WRES_STAFF)["staff"]
    said = missing(load(Sources(files={"staff": wres_staff}, purpose="all")))
    assert not [s for s in said if "WDES" in s]
    assert "No recruitment file: indicator 2 cannot be computed." in said


# --- survey tables with both characteristics --------------------------------------------------


def _survey(tmp_path, text: str):
    path = _files(tmp_path, survey=text)["survey"]
    return load_sheet(choose_sheet(path, "survey"), "survey")


def test_one_group_column_is_read_with_each_rows_characteristic(tmp_path) -> None:
    loaded = _survey(
        tmp_path,
        "Year,Indicator,Group,Respondents,Yes\n"
        "2025,WRES5,BAME,50,20\n"
        "2025,WRES5,White,100,30\n"
        "2025,WDES5,Yes,40,10\n"  # an ESR-style disability label
        "2025,WDES5,Non-disabled,160,30\n"
        "2025,WDES5,Unknown,10,2\n",  # Unknown belongs to the row's characteristic
    )
    assert [p for p in loaded.problems if p.severity == "error"] == []
    frame = loaded.frame
    assert list(zip(frame["indicator"], frame["group"], strict=True)) == [
        ("WRES5", "BME"),
        ("WRES5", "White"),
        ("WDES5", "Disabled"),
        ("WDES5", "Non-disabled"),
        ("WDES5", "Unknown"),
    ]


def test_question_numbers_are_read_per_characteristic(tmp_path, monkeypatch) -> None:
    # The same question number is a WRES indicator by ethnic group and a WDES metric by
    # disability group; the maps come from the standard files.
    maps = {
        "ethnicity": {(2024, "q14a"): "WRES5"},
        "disability": {(2024, "q14a"): "WDES4a-i"},
    }
    monkeypatch.setattr("metrics.inputs.loaders.survey_questions", lambda name: maps[name])
    loaded = _survey(
        tmp_path,
        "Survey Year,Question,Ethnic Group,Disability Group,Respondents,Yes\n"
        "2024,Q14a,BME,,50,20\n"
        "2024,Q14a,,Disabled,40,12\n"
        "2024,Q14a,,Unknown,10,1\n",  # Unknown in the disability column: a disability row
    )
    assert [p for p in loaded.problems if p.severity == "error"] == []
    frame = loaded.frame
    assert list(zip(frame["indicator"], frame["group"], frame["year"], strict=True)) == [
        ("WRES5", "BME", 2025),
        ("WDES4a-i", "Disabled", 2025),
        ("WDES4a-i", "Unknown", 2025),
    ]


def test_a_wres_survey_file_reads_as_before(tmp_path) -> None:
    loaded = _survey(
        tmp_path, "Survey Year,Question,Ethnic Group,Respondents,Yes\n2024,Q14a,White,100,30\n"
    )
    assert loaded.problems == []
    assert list(loaded.frame["indicator"]) == ["WRES5"]


@pytest.mark.parametrize(
    "row,column,message",
    [
        ("2025,WDES5,White,40,10,", "Group", "group not recognised"),
        ("2025,WDES9a,Disabled,40,,", "Score", "engagement score is blank"),
        ("2025,WDES9a,Disabled,40,,12", "Score", "engagement score above 10"),
        ("2025,WDES12,Disabled,40,10,", "Indicator", "survey indicator should be"),
    ],
)
def test_bad_wdes_survey_rows_name_the_row_and_column(tmp_path, row, column, message) -> None:
    loaded = _survey(tmp_path, f"Year,Indicator,Group,Respondents,Yes,Score\n{row}\n")
    errors = [p for p in loaded.problems if p.severity == "error"]
    assert errors, "the row should be refused"
    assert (errors[0].row, errors[0].column) == (2, column)
    assert errors[0].message.startswith(message)


def test_wdes10_from_the_staff_files_board_columns(tmp_path) -> None:
    staff = (
        "Employee Number,Disability,Pay Band,Board Voting Member,Board Executive Member\n"
        "1,Yes,VSM,Yes,Yes\n2,No,VSM,Yes,No\n3,No,Band 5,No,No\n"
    )
    counts = load(Sources(files=_files(tmp_path, staff=staff), purpose="wdes"), year=2025)
    # voting: persons 1 (Disabled) and 2 (Non-disabled); executive: person 1 only
    assert _rows(counts.counts, "WDES10", "membership", "group") == {
        ("voting", "Disabled"): (1, 2),
        ("voting", "Non-disabled"): (1, 2),
        ("executive", "Disabled"): (1, 1),
    }


def test_a_case_with_a_blank_employee_number_matches_nobody(tmp_path: Path) -> None:
    # Staff: person 1 Non-disabled; a second, Disabled, row has no employee number. The one
    # capability case has no employee number either: it is nobody's, so Unknown (it must not take
    # the Disabled group of the staff row that also lacks a number).
    staff = """Employee Number,Disability,Pay Band,Staff Group,Year
1,No,Band 5,Administrative and Clerical,2025
,Yes,Band 5,Administrative and Clerical,2025
"""
    capability = """Employee Number,Case Start Date,Grounds
,2024-05-01,Performance
"""
    loaded = load(Sources(files=_files(tmp_path, staff=staff, capability=capability),
                          purpose="wdes"))  # fmt: skip
    # Unknown has no one in post to divide by, so the case is left out, and the notes say both
    assert _rows(loaded.counts, "WDES3", "group") == {("Disabled",): (0, 1),
                                                     ("Non-disabled",): (0, 1)}  # fmt: skip
    notes = " | ".join(loaded.notes)
    assert "1 capability record(s) had an employee number not in the staff file" in notes
