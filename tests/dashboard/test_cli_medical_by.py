"""`inclusivehr medical --by sex|disability`: WRES2-8 for medical and dental staff split by a
second characteristic. The files are built from a table small enough to count on paper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import main

WHITE, BME = "A White - British", "H Asian or Asian British - Indian"
PEOPLE = (  # ethnicity, sex, staff group, headcount, entering a formal disciplinary process
    (BME, "Female", "Medical and Dental", 20, 4),
    (WHITE, "Female", "Medical and Dental", 40, 4),
    (BME, "Male", "Medical & Dental", 30, 6),  # another spelling of the same staff group
    (WHITE, "Male", "Medical and Dental", 30, 3),
    (BME, "Female", "Nursing and Midwifery Registered", 50, 10),  # not doctors: left out
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def files(tmp_path: Path) -> list[str | Path]:
    staff = ["Year,Employee Number,Ethnicity,Sex,Grade,Staff Group"]
    cases = ["Employee Number,Date"]
    number = 0
    for ethnicity, sex, group, headcount, entering in PEOPLE:
        grade = "Consultant" if group.startswith("Medical") else "Band 5"
        for i in range(headcount):
            number += 1
            staff.append(f"2025,{number},{ethnicity},{sex},{grade},{group}")
            if i < entering:
                cases.append(f"{number},2024-06-01")
    (tmp_path / "staff.csv").write_text("\n".join(staff) + "\n", encoding="utf-8")
    (tmp_path / "cases.csv").write_text("\n".join(cases) + "\n", encoding="utf-8")
    return ["--staff", tmp_path / "staff.csv", "--disciplinary", tmp_path / "cases.csv"]


def test_medical_by_sex_splits_wres3_for_doctors(files) -> None:
    result = run("medical", *files, "--by", "sex", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    block = payload["intersections"]
    # All doctors: BME 10 of 50, White 7 of 70: 0.2 / 0.1 = 2.0 (the nurses left out)
    assert payload["indicators"]["WRES3"]["value"] == pytest.approx(2.0)
    # Women doctors: BME 4 of 20, White 4 of 40: 0.2 / 0.1 = 2.0
    women = block["groups"]["Female"]["WRES3"]
    assert women["value"] == pytest.approx(2.0)
    assert women["groups"]["BME"] == {"numerator": 4, "denominator": 20, "rate": 0.2}
    # Men doctors: BME 6 of 30, White 3 of 30: 0.2 / 0.1 = 2.0, resting on counts of 1-7
    men = block["groups"]["Male"]["WRES3"]
    assert men["value"] == pytest.approx(2.0) and men["status"] == "small_numbers"
    assert set(block["groups"]["Female"]) == {f"WRES{i}" for i in range(2, 9)}
    # each sex's doctors: women 20 + 40, men 30 + 30 (the 50 nurses are not doctors)
    assert block["headcounts"] == {"Female": 60, "Male": 60, "Unknown": 0}


def test_medical_by_sex_text(files) -> None:
    result = run("medical", *files, "--by", "sex")
    assert result.exit_code == 0, result.output
    assert "WRES for medical and dental staff by sex (whole organisation)" in result.output
    assert "BME women were 2.00 times as likely as White women" in result.output


def test_medical_by_sex_published_hides_the_small_split(files) -> None:
    result = run("medical", *files, "--by", "sex", "--publish", "--json")
    assert result.exit_code == 0, result.output
    block = json.loads(result.output)["intersections"]
    # men's WRES3 rests on 3 and 6: hidden for women as well
    for group in ("Female", "Male"):
        assert block["groups"][group]["WRES3"]["value"] is None


def test_medical_by_ethnicity_is_refused(files) -> None:
    result = run("medical", *files, "--by", "ethnicity")
    assert result.exit_code == 2
    assert "about ethnicity already" in result.output and "Traceback" not in result.output


def test_medical_without_by_has_no_split(files) -> None:
    result = run("medical", *files, "--json")
    assert result.exit_code == 0, result.output
    assert "intersections" not in json.loads(result.output)
