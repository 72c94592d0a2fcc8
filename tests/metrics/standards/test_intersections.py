"""Intersections: a standard's indicators split by a second characteristic, worked by hand.

The staff and disciplinary files below are built from a table of groups small enough to count on
paper; each expected figure says how it was found. Relative likelihood intervals use statsmodels'
risk ratio (the same Katz log method, computed independently) as the oracle.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from statsmodels.stats.contingency_tables import Table2x2

from metrics.counts.table import Inputs, write
from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.standards.definitions import standard
from metrics.standards.indicators import report
from metrics.standards.intersections import (
    intersection_counts,
    published,
    report_by,
    second_characteristic,
)

WHITE, BME = "A White - British", "H Asian or Asian British - Indian"
PEOPLE = (  # ethnicity, sex as written, headcount, how many entered a formal disciplinary process
    (BME, "Female", 40, 10),
    (WHITE, "Female", 100, 10),
    (BME, "Male", 20, 2),
    (WHITE, "Male", 40, 8),
    (BME, "", 3, 1),  # sex blank: Unknown
    (WHITE, "Not known", 2, 0),  # Unknown
)
# Also: person 206, a BME woman on the bank only, with a case (left out everywhere); person 1's
# case is written twice (counted once); a case for employee 999, not in the staff file (Unknown).


def _staff_and_cases() -> tuple[str, str]:
    staff = ["Employee Number,Ethnicity,Sex,Pay Band,Staff Group,Assignment Category,Year"]
    cases = ["Employee Number,Date"]
    number = 0
    for ethnicity, sex, headcount, entering in PEOPLE:
        for i in range(headcount):
            number += 1
            staff.append(f"{number},{ethnicity},{sex},Band 5,Nursing and Midwifery Registered,"
                         "Permanent,2025")  # fmt: skip
            if i < entering:
                cases.append(f"{number},2024-06-01")
    staff.append(f"206,{BME},Female,Band 5,Nursing and Midwifery Registered,Bank,2025")
    cases += ["1,2024-09-01", "206,2024-06-01", "999,2024-07-01"]
    return "\n".join(staff) + "\n", "\n".join(cases) + "\n"


def _loaded(tmp_path: Path, by: str = "sex", **texts: str):
    files = {}
    for kind, text in texts.items():
        files[kind] = tmp_path / f"{kind}.csv"
        files[kind].write_text(text, encoding="utf-8")
    result = load(Sources(files=files, purpose="wres", by=by))
    assert result.errors == []
    return result


@pytest.fixture
def loaded(tmp_path: Path):
    staff, cases = _staff_and_cases()
    return _loaded(tmp_path, staff=staff, disciplinary=cases)


@pytest.fixture
def split(loaded) -> pd.DataFrame:
    return intersection_counts(Inputs(**loaded.inputs, notes=[]), "WRES", "sex")


def _rows(split: pd.DataFrame, indicator: str, group: str) -> dict[str, tuple[int, int]]:
    rows = split[
        ((split["indicator"] == indicator) & (split["characteristic_group"] == group)).to_numpy()
    ]
    sums = rows.groupby("group")[["numerator", "denominator"]].sum()
    return {str(g): (int(n), int(d)) for g, (n, d) in zip(sums.index, sums.to_numpy(), strict=True)}


def test_split_rows_count_each_sex_by_hand(split) -> None:
    # Women: BME 10 of 40 entered, White 10 of 100 (person 1's second case is the same person;
    # person 206 is bank). Men: BME 2 of 20, White 8 of 40.
    assert _rows(split, "WRES3", "Female") == {"BME": (10, 40), "White": (10, 100)}
    assert _rows(split, "WRES3", "Male") == {"BME": (2, 20), "White": (8, 40)}
    # Unknown sex: BME 1 of 3, White 0 of 2, and employee 999's case (no staff record, so no
    # ethnicity either) under Unknown ethnicity, with no headcount of its own beside it.
    unknown = _rows(split, "WRES3", "Unknown")
    assert unknown["BME"] == (1, 3) and unknown["White"] == (0, 2)
    assert set(split["characteristic"]) == {"sex"}


def test_wres3_for_women_and_men_worked_by_hand(loaded, split) -> None:
    found = report_by(pd.concat([loaded.counts, split]), standard="WRES", by="sex")
    women, men = (
        found.groups["Female"].indicators["WRES3"],
        found.groups["Male"].indicators["WRES3"],
    )
    # Women: (10/40) / (10/100) = 0.25 / 0.1 = 2.5
    assert women.value == pytest.approx(2.5)
    # Katz: exp(ln 2.5 ± 1.96·√(1/10 − 1/40 + 1/10 − 1/100)) = 1.13 to 5.54; statsmodels' risk
    # ratio interval is the oracle
    lower, upper = Table2x2([[10, 30], [10, 90]]).riskratio_confint()
    assert (women.ci_lower, women.ci_upper) == (pytest.approx(lower), pytest.approx(upper))
    assert women.status == "ok"  # 10 events on each side, no count of 1-7
    assert women.reading.startswith(
        "BME women were 2.50 times as likely as White women to enter the formal disciplinary"
    )
    # Men: (2/20) / (8/40) = 0.1 / 0.2 = 0.5: White men were twice as likely
    assert men.value == pytest.approx(0.5)
    assert men.reading.startswith("White men were 2.00 times as likely as BME men")
    # All staff: BME (10 + 2 + 1) / (40 + 20 + 3) = 13/63, White (10 + 8 + 0) / (100 + 40 + 2)
    # = 18/142, so (13/63) / (18/142) = 1846/1134
    assert found.all_staff.indicators["WRES3"].value == pytest.approx(1846 / 1134)
    # Women 40 + 100, men 20 + 40, unknown 3 + 2 (the bank woman left out)
    assert found.headcounts == {"Female": 140, "Male": 60, "Unknown": 5}
    assert set(found.groups) == {"Female", "Male"}


def test_small_cells_are_flagged_in_a_split(loaded, split) -> None:
    found = report_by(pd.concat([loaded.counts, split]), standard="WRES", by="sex")
    men = found.groups["Male"].indicators["WRES3"]
    # BME men: 2 entered (a count of 1-7)
    assert men.status == "small_numbers"
    assert "1 to the disclosure threshold (7)" in (men.reason or "")
    # the same figure for all staff rests on 13 and 18 entering: the split alone is small
    assert "disclosure threshold" not in (found.all_staff.indicators["WRES3"].reason or "")


def test_published_hides_a_small_cell_in_every_group(loaded, split) -> None:
    found = published(report_by(pd.concat([loaded.counts, split]), standard="WRES", by="sex"))
    for group in ("Female", "Male"):
        # hidden for women too, or women = all staff - men - unknown would give men's back
        wres3 = found.groups[group].indicators["WRES3"]
        assert wres3.value is None and wres3.groups == {} and wres3.status == "small_numbers"
    # WRES1 for women: 40 BME and 100 White of 140 -> shown, counts rounded to 5
    women = found.groups["Female"].indicators["WRES1"]
    assert women.value == pytest.approx(100 * 40 / 140)
    assert women.groups["BME"].numerator == 40 and women.groups["BME"].denominator == 140
    # 140 women and 60 men are shown (multiples of 5 already); 5 of unknown sex is a count of
    # 1-7 and is hidden
    assert found.headcounts == {"Female": 140, "Male": 60, "Unknown": None}
    # all staff's WRES3 rests on 13 BME and 18 White staff entering: shown, rounded to 5
    whole = found.all_staff.indicators["WRES3"]
    assert whole.value == pytest.approx(1846 / 1134)
    assert (whole.groups["BME"].numerator, whole.groups["BME"].denominator) == (15, 65)
    assert (whole.groups["White"].numerator, whole.groups["White"].denominator) == (20, 140)


def test_published_rounds_and_leaves_out_small_groups(tmp_path: Path) -> None:
    staff = (
        "Employee Number,Ethnicity,Sex,Pay Band,Year\n"
        + "".join(f"{i},{WHITE},Female,Band 5,2025\n" for i in range(1, 12))
        + "".join(f"{i},{BME},Male,Band 5,2025\n" for i in range(12, 22))
        + "".join(f"{i},,Female,Band 5,2025\n" for i in range(22, 24))  # ethnicity blank
    )
    loaded = _loaded(tmp_path, staff=staff)
    split = intersection_counts(Inputs(**loaded.inputs, notes=[]), "WRES", "sex")
    found = report_by(pd.concat([loaded.counts, split]), standard="WRES", by="sex")
    assert found.headcounts == {"Female": 13, "Male": 10, "Unknown": 0}
    shown = published(found)
    # 13 rounds to the nearest 5, 15; 10 and 0 stay
    assert shown.headcounts == {"Female": 15, "Male": 10, "Unknown": 0}
    # WRES1 among women: 0 BME and 11 White of 13 (no count of 1-7 under the BME share), so it
    # is shown, rounded (11 -> 10, 13 -> 15); the 2 of unknown ethnicity are left out
    women = shown.groups["Female"].indicators["WRES1"]
    assert women.value == 0.0
    assert women.groups["White"].numerator == 10 and women.groups["White"].denominator == 15
    assert "Unknown" not in women.groups


def test_the_ordinary_report_ignores_split_rows(loaded, split) -> None:
    assert loaded.counts["characteristic"].isna().all()  # from_inputs adds no split rows
    with_split = pd.concat([loaded.counts, split], ignore_index=True)
    assert report(with_split).model_dump() == report(loaded.counts).model_dump()


def test_counts_round_trip_with_the_split_columns(tmp_path: Path, loaded, split) -> None:
    path = write(pd.concat([loaded.counts, split], ignore_index=True), tmp_path / "counts.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert "characteristic,characteristic_group" in header
    back = load(Sources(counts=path))
    assert back.errors == []
    again = report_by(back.counts, standard="WRES", by="sex")
    first = report_by(pd.concat([loaded.counts, split]), standard="WRES", by="sex")
    assert again.headcounts == first.headcounts
    for group in ("Female", "Male"):
        assert again.groups[group].model_dump() == first.groups[group].model_dump()


def test_counts_return_refuses_a_bad_characteristic(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(
        "Year,Indicator,Group,Numerator,Denominator,Characteristic,Characteristic Group\n"
        "2025,WRES3,BME,3,40,age,Female\n"
        "2025,WRES3,White,3,40,sex,Purple\n"
        "2025,WRES3,White,3,40,,Female\n"
        "2025,WRES3,BME,3,40,Sex,women\n",  # read as sex / Female
        encoding="utf-8",
    )
    result = load(Sources(counts=path))
    said = {(p.row, p.message) for p in result.errors}
    assert said == {
        (2, "characteristic not recognised"),
        (3, "characteristic group not recognised for its characteristic"),
        (4, "characteristic group given without its characteristic"),
    }


def test_survey_results_by_ethnicity_only_are_not_split(tmp_path: Path) -> None:
    staff, _ = _staff_and_cases()
    survey = "Indicator,Ethnic Group,Respondents,Yes\nWRES5,BME,50,20\nWRES5,White,80,16\n"
    loaded = _loaded(tmp_path, staff=staff, survey=survey)
    split = intersection_counts(Inputs(**loaded.inputs, notes=[]), "WRES", "sex")
    found = report_by(pd.concat([loaded.counts, split]), standard="WRES", by="sex")
    # said plainly for the survey indicator given; the other survey indicators have no data
    assert found.not_split == {
        "WRES5": "the staff survey results give ethnicity only, with no sex on the same rows, "
        "so this cannot be split by sex"
    }
    wres5 = found.groups["Female"].indicators["WRES5"]
    assert wres5.status == "no_data" and "cannot be split by sex" in (wres5.reason or "")
    # the whole's figure stands: 20/50 - 16/80 = 40% - 20% = +20 points
    assert found.all_staff.indicators["WRES5"].value == pytest.approx(20.0)


def test_a_file_with_no_way_to_find_sex_is_not_split(tmp_path: Path) -> None:
    staff, _ = _staff_and_cases()
    cases = f"Ethnicity,Date\n{BME},2024-06-01\n{WHITE},2024-06-01\n"  # no employee number
    loaded = _loaded(tmp_path, staff=staff, disciplinary=cases)
    inputs = Inputs(**loaded.inputs, notes=[])
    split = intersection_counts(inputs, "WRES", "sex")
    assert any("disciplinary file gives no sex" in n for n in inputs.notes)
    assert "WRES3" not in set(split["indicator"])
    found = report_by(pd.concat([loaded.counts, split]), standard="WRES", by="sex")
    assert "disciplinary data gives no sex" in found.not_split["WRES3"]
    assert found.groups["Female"].indicators["WRES3"].value is None


def test_wdes3_by_ethnicity_takes_each_persons_groups_from_staff(tmp_path: Path) -> None:
    staff = (
        "Employee Number,Ethnicity,Disability,Pay Band,Year\n"
        f"1,{WHITE},Yes,Band 5,2025\n2,{BME},Yes,Band 5,2025\n3,{WHITE},No,Band 5,2025\n"
        f"4,{BME},No,Band 6,2025\n5,{WHITE},No,Band 6,2025\n"
    )
    cases = "Employee Number,Case Start Date,Grounds\n1,2024-05-01,Performance\n4,2024-06-01,Performance\n"
    files = {"staff": tmp_path / "s.csv", "capability": tmp_path / "c.csv"}
    files["staff"].write_text(staff, encoding="utf-8")
    files["capability"].write_text(cases, encoding="utf-8")
    loaded = load(Sources(files=files, purpose="wdes", by="ethnicity"))
    split = intersection_counts(Inputs(**loaded.inputs, notes=[]), "WDES", "ethnicity")
    # White: Disabled {1} entered; Non-disabled {3, 5}, none entered.
    assert _rows(split, "WDES3", "White") == {"Disabled": (1, 1), "Non-disabled": (0, 2)}
    # BME: Disabled {2}, none entered; Non-disabled {4} entered.
    assert _rows(split, "WDES3", "BME") == {"Disabled": (0, 1), "Non-disabled": (1, 1)}
    found = report_by(pd.concat([loaded.counts, split]), standard="WDES", by="ethnicity")
    assert set(found.groups) == {"White", "BME"}
    # WDES1 among White staff: 1 Disabled of 3 = 33.3%, resting on counts of 1-7
    white = found.groups["White"].indicators["WDES1"]
    assert white.value == pytest.approx(100 / 3) and white.status == "small_numbers"


def test_a_standard_cannot_be_split_by_its_own_characteristic() -> None:
    with pytest.raises(InputError, match="about ethnicity already"):
        second_characteristic(standard("WRES"), "ethnicity")
    with pytest.raises(InputError, match="not a characteristic"):
        second_characteristic(standard("WDES"), "age")


def test_counts_with_no_split_rows_are_refused(loaded) -> None:
    with pytest.raises(InputError, match="no rows split by sex"):
        report_by(loaded.counts, standard="WRES", by="sex")


def test_splitting_needs_the_staff_files_column(tmp_path: Path) -> None:
    staff = f"Employee Number,Ethnicity,Pay Band,Year\n1,{WHITE},Band 5,2025\n"
    path = tmp_path / "staff.csv"
    path.write_text(staff, encoding="utf-8")
    loaded = load(Sources(files={"staff": path}, purpose="wres"))
    with pytest.raises(InputError, match="needs the staff file's sex column"):
        intersection_counts(Inputs(**loaded.inputs, notes=[]), "WRES", "sex")


def _applicants(with_sex: bool) -> str:
    rows = [
        "Ethnicity,Sex,Shortlisted,Appointed" if with_sex else "Ethnicity,Shortlisted,Appointed"
    ]
    for ethnicity, sex, shortlisted, appointed in (
        (BME, "Female", 10, 2),
        (WHITE, "Female", 10, 5),
        (BME, "Male", 4, 1),
        (WHITE, "Male", 4, 2),
    ):
        for i in range(shortlisted):
            said = "Yes" if i < appointed else "No"
            rows.append(f"{ethnicity},{sex + ',' if with_sex else ''}Yes,{said}")
    return "\n".join(rows) + "\n"


def test_wres2_is_split_by_the_applicants_own_sex(tmp_path: Path) -> None:
    staff, _ = _staff_and_cases()
    loaded = _loaded(tmp_path, staff=staff, recruitment=_applicants(with_sex=True))
    split = intersection_counts(Inputs(**loaded.inputs, notes=[]), "WRES", "sex")
    found = report_by(pd.concat([loaded.counts, split]), standard="WRES", by="sex")
    # Women: White 5 of 10 appointed, BME 2 of 10: (5/10) / (2/10) = 2.5
    women = found.groups["Female"].indicators["WRES2"]
    assert women.value == pytest.approx(2.5)
    assert women.reading.startswith("White female applicants were 2.50 times as likely as BME "
                                    "female applicants")  # fmt: skip
    # Men: (2/4) / (1/4) = 2.0
    assert found.groups["Male"].indicators["WRES2"].value == pytest.approx(2.0)


def test_applicants_with_no_sex_are_not_split(tmp_path: Path) -> None:
    staff, _ = _staff_and_cases()
    loaded = _loaded(tmp_path, staff=staff, recruitment=_applicants(with_sex=False))
    inputs = Inputs(**loaded.inputs, notes=[])
    split = intersection_counts(inputs, "WRES", "sex")
    assert (
        "the recruitment file gives no sex (no sex column): its indicators are not split by sex"
        in inputs.notes
    )
    found = report_by(pd.concat([loaded.counts, split]), standard="WRES", by="sex")
    assert "recruitment data gives no sex" in found.not_split["WRES2"]
