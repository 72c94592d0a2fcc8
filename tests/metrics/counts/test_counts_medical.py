"""The medical workforce view's rows (MED-GRADE, MED-ROLE) in the canonical counts: made by the
ordinary reduction when the load reads the medical columns, read back from a counts return, and
kept whole when breakdowns are summed away; and one test of what a medical staff group is.

STAFF: 3 consultants (1 White, 1 BME, 1 unknown ethnicity; the White one is the medical
director), 2 FY1 doctors (both BME, staff group spelled "Medical & Dental"), a bank FY2 (left
out) and 2 nurses (not doctors)."""

from pathlib import Path

import pandas as pd
import pytest

from metrics.counts.table import collapse, filter_unit, normalise, write
from metrics.inputs.column_values import is_medical_staff_group
from metrics.inputs.pipeline import Sources, load

STAFF = """\
Year,Employee Number,Ethnicity,Grade,Staff Group,Assignment Category,Position Title
2024,1,A White - British,Consultant,Medical and Dental,Permanent,Medical Director
2024,2,H Asian - Indian,Consultant,Medical and Dental,Permanent,Consultant Surgeon
2024,3,Z Not Stated,Consultant,Medical and Dental,Permanent,Consultant Physician
2024,4,N Black - African,FY1,Medical & Dental,Fixed Term Temp,
2024,5,H Asian - Indian,FY1,Medical & Dental,Fixed Term Temp,
2024,6,H Asian - Indian,FY2,Medical and Dental,Bank,
2024,7,A White - British,Band 5,Nursing and Midwifery Registered,Permanent,Staff Nurse
2024,8,H Asian - Indian,Band 6,Nursing and Midwifery Registered,Permanent,Ward Sister
"""
MEDICAL = ["MED-GRADE", "MED-ROLE"]


@pytest.fixture
def staff(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8")
    return path


def cells(counts: pd.DataFrame, indicator: str) -> dict[tuple[str, str], tuple[int, int]]:
    rows = counts[counts["indicator"] == indicator]
    return {
        (r.band, r.group): (int(r.numerator), int(r.denominator))
        for r in rows.itertuples()
        if r.numerator
    }


@pytest.mark.parametrize("purpose", ["medical", "all"])
def test_a_load_that_reads_the_medical_columns_gives_the_medical_rows(staff, purpose):
    counts = load(Sources(files={"staff": staff}, purpose=purpose)).counts
    # grades: consultants 1 White, 1 BME, 1 Unknown of 3; doctors in training (FY1) 2 BME of 2;
    # the bank FY2 and the nurses are not counted
    assert cells(counts, "MED-GRADE") == {
        ("Consultant", "White"): (1, 3),
        ("Consultant", "BME"): (1, 3),
        ("Consultant", "Unknown"): (1, 3),
        ("Doctors in training", "BME"): (2, 2),
    }
    # roles: the medical director (White) of 1; the 2 consultants with other titles; the 2 FY1
    # doctors with no title
    assert cells(counts, "MED-ROLE") == {
        ("Medical director", "White"): (1, 1),
        ("Other", "BME"): (1, 2),
        ("Other", "Unknown"): (1, 2),
        ("Not recorded", "BME"): (2, 2),
    }
    medical = counts[counts["indicator"].isin(MEDICAL)]
    assert len(medical) == 8  # each cell once
    assert set(medical["year"]) == {2024}


def test_a_wres_load_gives_no_medical_rows_and_the_same_wres_rows(staff):
    wres = load(Sources(files={"staff": staff})).counts
    medical = load(Sources(files={"staff": staff}, purpose="medical")).counts
    assert not wres["indicator"].isin(MEDICAL).any()
    same = medical[~medical["indicator"].isin(MEDICAL)].reset_index(drop=True)
    pd.testing.assert_frame_equal(same, wres)


def test_a_staff_file_with_no_doctors_gives_no_medical_rows_and_says_why(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text("\n".join(STAFF.splitlines()[:1] + STAFF.splitlines()[7:]), encoding="utf-8")
    result = load(Sources(files={"staff": path}, purpose="all"))
    assert not result.counts["indicator"].isin(MEDICAL).any()
    assert any("medical workforce view not given" in n for n in result.notes)
    assert (result.counts["indicator"] == "WRES1").any()


def test_medical_rows_round_trip_through_a_counts_file(staff, tmp_path):
    counts = load(Sources(files={"staff": staff}, purpose="medical")).counts
    path = write(counts, tmp_path / "counts.csv")
    again = load(Sources(counts=path))
    assert again.errors == []
    assert not [p for p in again.problems if "band" in (p.message or "")]
    for indicator in MEDICAL:
        assert cells(again.counts, indicator) == cells(counts, indicator)


def test_a_return_spells_grades_its_own_way(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text(
        "organisation,year,indicator,band,group,numerator,denominator\n"
        "T,2024,med grade,  doctors IN training ,BME,2,3\n"  # the view's label, other case
        "T,2024,MED-GRADE,Junior doctors,White,1,1\n"  # not a grade group: kept, with a warning
        "T,2024,Med-Role,clinical director,White,1,1\n",
        encoding="utf-8",
    )
    result = load(Sources(counts=path))
    assert result.errors == []
    assert list(result.counts["indicator"]) == ["MED-GRADE", "MED-GRADE", "MED-ROLE"]
    assert list(result.counts["band"]) == ["Doctors in training", "Junior doctors",
                                           "Clinical director"]  # fmt: skip
    warned = [p for p in result.problems if p.severity == "warning"]
    assert [p.value for p in warned] == ["Junior doctors"]
    assert "kept as written" in warned[0].message


def score_rows(rows: list[tuple]) -> pd.DataFrame:
    columns = ["organisation", "year", "indicator", "directorate", "group", "numerator",
               "denominator", "score"]  # fmt: skip
    return normalise(pd.DataFrame(rows, columns=columns))


def scores(counts: pd.DataFrame) -> dict[str, float | None]:
    return {
        r.group: (None if pd.isna(r.score) else float(r.score))
        for r in counts.itertuples()
        if r.indicator == "WDES9a"
    }


def test_collapse_keeps_a_score_that_stands_alone():
    counts = score_rows([("T", 2024, "WDES9a", None, "Disabled", None, 120, 6.4),
                         ("T", 2024, "WDES9a", None, "All", None, 900, 6.9)])  # fmt: skip
    assert scores(collapse(counts)) == {"Disabled": 6.4, "All": 6.9}


def test_collapse_weighs_scores_by_respondents():
    counts = score_rows(
        [
            ("T", 2024, "WDES9a", "Surgery", "Disabled", None, 30, 6.0),
            ("T", 2024, "WDES9a", "Medicine", "Disabled", None, 10, 7.0),
            ("T", 2024, "WDES9a", "Surgery", "Non-disabled", None, 100, 7.0),
            ("T", 2024, "WDES9a", "Medicine", "Non-disabled", None, 100, 7.5),
        ]
    )
    out = collapse(counts)
    # Disabled: (6.0*30 + 7.0*10) / (30+10) = (180 + 70) / 40 = 6.25
    # Non-disabled: (7.0*100 + 7.5*100) / 200 = 1450 / 200 = 7.25
    assert scores(out) == {"Disabled": pytest.approx(6.25), "Non-disabled": pytest.approx(7.25)}
    respondents = dict(zip(out["group"], out["denominator"], strict=True))
    assert respondents == {"Disabled": 40, "Non-disabled": 200}


def test_collapse_gives_no_score_when_part_of_the_unit_has_none():
    counts = score_rows(
        [
            ("T", 2024, "WDES9a", "Surgery", "Disabled", None, 30, 6.0),
            ("T", 2024, "WDES9a", "Medicine", "Disabled", None, 10, None),  # no published score
            ("T", 2024, "WDES9a", "Surgery", "All", None, 300, 6.8),
            ("T", 2024, "WDES9a", "Medicine", "All", None, None, 7.0),  # no respondents given
        ]
    )
    assert scores(collapse(counts)) == {"Disabled": None, "All": None}


def test_collapse_takes_each_grade_total_again():
    # Consultants in two directorates: Surgery has White 3, BME 1 (of 4); Medicine has BME 2 only
    # (of 2). Summed per group, White's denominator would be 4, BME's 6; the grade total is 6.
    counts = normalise(
        pd.DataFrame(
            [
                ("T", 2024, "MED-GRADE", "Consultant", "Surgery", "White", 3, 4),
                ("T", 2024, "MED-GRADE", "Consultant", "Surgery", "BME", 1, 4),
                ("T", 2024, "MED-GRADE", "Consultant", "Medicine", "BME", 2, 2),
                ("T", 2024, "WDES1", "Band 5", "Surgery", "Disabled", 1, 5),
                ("T", 2024, "WDES1", "Band 5", "Surgery", "Non-disabled", 4, 5),
                ("T", 2024, "WDES1", "Band 5", "Medicine", "Non-disabled", 3, 3),
            ],
            columns=[
                "organisation",
                "year",
                "indicator",
                "band",
                "directorate",
                "group",
                "numerator",
                "denominator",
            ],  # fmt: skip
        )
    )
    out = collapse(counts)
    assert cells(out, "MED-GRADE") == {("Consultant", "White"): (3, 6),
                                       ("Consultant", "BME"): (3, 6)}  # fmt: skip
    # Band 5: Disabled 1, Non-disabled 4+3 = 7, of 8
    assert cells(out, "WDES1") == {("Band 5", "Disabled"): (1, 8),
                                   ("Band 5", "Non-disabled"): (7, 8)}  # fmt: skip


@pytest.mark.parametrize(
    "label", ["Medical and Dental", "Medical & Dental", "medical  and dental", "Medical"]
)
def test_every_spelling_of_the_medical_staff_group_is_medical(label):
    assert is_medical_staff_group(label)


@pytest.mark.parametrize("label", ["Nursing and Midwifery Registered", "Dental nursing", None, ""])
def test_other_staff_groups_are_not_medical(label):
    assert not is_medical_staff_group(label)


def test_a_medical_unit_matches_every_spelling_and_no_other_group():
    counts = normalise(
        pd.DataFrame(
            {
                "indicator": ["WRES3"] * 4,
                "staff_group": [
                    "Medical and Dental",
                    "Medical & Dental",
                    "Medical",
                    "Nursing and Midwifery Registered",
                ],  # fmt: skip
                "group": ["BME"] * 4,
                "numerator": [1, 2, 3, 4],
                "denominator": [10] * 4,
            }
        )
    )
    for wanted in ("Medical & Dental", "medical and dental", "Medical"):
        assert list(filter_unit(counts, staff_group=wanted)["numerator"]) == [1, 2, 3]
    nurses = filter_unit(counts, staff_group="nursing and midwifery registered")
    assert list(nurses["numerator"]) == [4]
    assert filter_unit(counts, staff_group="Nursing and Midwifery").empty  # exact, as before
