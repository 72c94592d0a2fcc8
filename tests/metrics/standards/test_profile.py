"""The 16-category and 5-group ethnicity views, counted by hand."""

import pytest

from metrics.inputs.pipeline import Sources, load
from metrics.standards.profile import by_group5, ethnicity_profile

STAFF = """Employee Number,Ethnicity,Pay Band,Assignment Category,Year
1,A White - British,Band 5,Permanent,2025
2,CP,Band 5,Permanent,2025
3,H Asian or Asian British - Indian,Band 5,Permanent,2025
4,LH,Band 6,Permanent,2025
5,N,Band 6,Permanent,2025
6,D Mixed - White & Black Caribbean,Band 6,Permanent,2025
7,R Chinese,Band 7,Permanent,2025
8,Z Not Stated,Band 7,Permanent,2025
9,,Band 7,Permanent,2025
10,A White - British,Band 7,Bank,2025
11,A White - British,Band 7,Permanent,2024
"""


def test_profile_by_category_and_group(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(STAFF)
    staff = load(Sources(files={"staff": path})).inputs["staff"].frame
    profile = ethnicity_profile(staff, year=2025)
    # bank (10) and 2024 (11) left out: 9 people
    assert profile["headcount"].sum() == 9
    by_code = dict(zip(profile["code"], profile["headcount"], strict=True))
    assert by_code["A"] == 1 and by_code["C"] == 1 and by_code["H"] == 1 and by_code["L"] == 1
    assert by_code["Z"] == 1 and by_code[""] == 1  # blank
    groups = dict(zip(*by_group5(profile)[["group5", "headcount"]].T.values, strict=True))
    # White: A, C; Asian: H, L; Black: N; Mixed: D; Other: R; Unknown: Z, blank
    assert groups == {
        "White": 2,
        "Mixed": 1,
        "Asian or Asian British": 2,
        "Black or Black British": 1,
        "Other": 1,
        "Unknown": 2,
    }
    assert by_group5(profile)["percent"].sum() == pytest.approx(100)


def test_unit_rows_and_breakdown(tmp_path):
    from metrics.standards.profile import breakdown, unit_rows

    path = tmp_path / "staff.csv"
    path.write_text(
        "Employee Number,Ethnicity,Pay Band,Directorate,Sex,Assignment Category\n"
        "1,A,Band 5,HR & OD,Female,Permanent\n"
        "2,N,Band 5,HR & OD,Male,Permanent\n"
        "3,H,Band 6,HR & OD,,Permanent\n"
        "4,A,Band 6,Medicine,Female,Permanent\n"
        "5,A,Band 6,HR & OD,Female,Bank\n"
    )
    staff = load(Sources(files={"staff": path}), profile=True).inputs["staff"].frame
    hr = unit_rows(staff, directorate="hr & od")
    assert len(hr) == 3  # 1, 2, 3 (5 is bank; 4 is Medicine)
    sexes = breakdown(hr, "sex").set_index("sex")["headcount"].to_dict()
    assert sexes == {"Female": 1, "Male": 1, "Not recorded": 1}
    assert breakdown(hr, "sex")["percent"].sum() == pytest.approx(100)
    assert breakdown(hr, "religion").empty


def test_unit_rows_for_a_band_group(tmp_path):
    from metrics.standards.profile import unit_rows

    path = tmp_path / "staff.csv"
    path.write_text(
        "Employee Number,Ethnicity,Pay Band,Directorate,Assignment Category\n"
        "1,A,Band 8a,HR & OD,Permanent\n"
        "2,N,Band 8b,Finance,Permanent\n"
        "3,H,Band 8c,HR & OD,Permanent\n"
        "4,A,Band 5,Medicine,Permanent\n"
        "5,A,Band 8a,HR & OD,Bank\n"
    )
    staff = load(Sources(files={"staff": path}), profile=True).inputs["staff"].frame
    rows = unit_rows(staff, band_group="bands 8a-8b")
    assert sorted(rows["employee_number"]) == ["1", "2"]  # 3 is Band 8c, 5 is bank
    assert unit_rows(staff, band_group="No such group").empty


def test_a_label_that_only_says_bme_is_bme_without_a_group_not_unknown(tmp_path):
    # 4 staff: a national code, "BAME" and "BME" (BME with no group) and "Not stated"
    path = tmp_path / "staff.csv"
    path.write_text("Employee Number,Ethnicity,Pay Band,Year\n1,A,Band 5,2025\n"
                    "2,BAME,Band 5,2025\n3,BME,Band 5,2025\n4,Z Not Stated,Band 5,2025\n")  # fmt: skip
    staff = load(Sources(files={"staff": path})).inputs["staff"].frame
    groups = by_group5(ethnicity_profile(staff))
    shown = dict(zip(groups["group5"], groups["headcount"], strict=True))
    assert shown["White"] == 1 and shown["BME, group not recorded"] == 2 and shown["Unknown"] == 1
    assert list(groups["group5"])[-2:] == ["BME, group not recorded", "Unknown"]
    assert groups["percent"].sum() == pytest.approx(100)


def test_the_bme_without_a_group_row_is_left_out_when_nobody_is_in_it(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(STAFF)
    staff = load(Sources(files={"staff": path})).inputs["staff"].frame
    assert "BME, group not recorded" not in set(by_group5(ethnicity_profile(staff))["group5"])


def test_each_characteristic_by_its_own_groups_with_unknown_last(tmp_path):
    from metrics.standards.profile import characteristic_profile, characteristics_in, unit_rows

    path = tmp_path / "staff.csv"
    path.write_text(
        "Employee Number,Ethnicity,Pay Band,Sex,Disability,Assignment Category\n"
        "1,A,Band 5,Female,Yes,Permanent\n"
        "2,N,Band 5,F,No,Permanent\n"
        "3,H,Band 6,Male,Not Declared,Permanent\n"
        "4,A,Band 6,Female,,Permanent\n"
        "5,A,Band 6,Male,Yes,Bank\n"
        "6,Z,Band 7,,Prefer not to answer,Permanent\n"
    )
    staff = load(Sources(files={"staff": path}), profile=True).inputs["staff"].frame
    rows = unit_rows(staff)  # 5 is bank: 5 people
    assert characteristics_in(rows) == ["ethnicity", "disability", "sex"]
    disability = characteristic_profile(rows, "disability")
    # Disabled: 1; Non-disabled: 2; Unknown: 3 (Not Declared), 4 (blank), 6 (prefer not)
    assert disability.to_dict("list") == {
        "group": ["Disabled", "Non-disabled", "Unknown"],
        "headcount": [1, 1, 3],
        "percent": [20.0, 20.0, 60.0],
    }
    sex = characteristic_profile(rows, "sex")
    # Female: 1, 2 (F), 4; Male: 3; Unknown: 6 (blank)
    assert sex.set_index("group")["headcount"].to_dict() == {"Female": 3, "Male": 1, "Unknown": 1}
    ethnicity = characteristic_profile(rows, "ethnicity")
    # White: 1, 4; BME: 2 (N), 3 (H); Unknown: 6 (Z)
    assert list(ethnicity["group"]) == ["White", "BME", "Unknown"]
    assert list(ethnicity["headcount"]) == [2, 2, 1]


def test_a_group_nobody_is_in_is_listed_with_none():
    import pandas as pd

    from metrics.standards.profile import characteristic_profile

    staff = pd.DataFrame({"disability_group": ["Non-disabled", "Non-disabled"]})
    profile = characteristic_profile(staff, "disability")
    assert profile.set_index("group")["headcount"].to_dict() == {
        "Disabled": 0, "Non-disabled": 2, "Unknown": 0,
    }  # fmt: skip
    assert profile["percent"].tolist() == [0.0, 100.0, 0.0]
