"""`inclusivehr medical`: its JSON contract, its words and its refusals, on a small file worked
by hand.

STAFF: 4 consultants (employees 1 and 2 White, 3 BME, 4 unknown), 2 FY1 doctors (5 and 6, BME),
a bank FY2 (7, left out) and a nurse (8, not a doctor). Employee 1 is a clinical director."""

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dashboard.cli import main

STAFF = """\
Year,Employee Number,Ethnicity,Grade,Staff Group,Assignment Category,Position Title,PMQ
2024,1,A White - British,Consultant,Medical and Dental,Permanent,Clinical Director,UK
2024,2,A White - British,Consultant,Medical and Dental,Permanent,Consultant Surgeon,Ireland
2024,3,H Asian - Indian,Consultant,Medical and Dental,Permanent,Consultant Surgeon,India
2024,4,Z Not Stated,Consultant,Medical and Dental,Permanent,Consultant Physician,UK
2024,5,N Black - African,FY1,Medical and Dental,Fixed Term Temp,,Nigeria
2024,6,H Asian - Indian,FY1,Medical and Dental,Fixed Term Temp,,UK
2024,7,H Asian - Indian,FY2,Medical and Dental,Bank,,UK
2024,8,A White - British,Band 5,Nursing and Midwifery Registered,Permanent,Staff Nurse,
"""
DISCIPLINARY = """\
Year,Case Reference,Employee Number,Date
2024,C1,1,2023-06-01
2024,C2,3,2023-07-01
2024,C3,8,2023-08-01
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def staff(tmp_path):
    return write(tmp_path, "staff.csv", STAFF)


def test_json_contract(staff, tmp_path):
    disciplinary = write(tmp_path, "disciplinary.csv", DISCIPLINARY)
    result = run("medical", "--staff", staff, "--disciplinary", disciplinary, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"organisation", "unit", "year", "grades", "roles", "qualification",
                         "indicators", "data_quality"}  # fmt: skip
    assert data["year"] == 2024
    # consultants: 1 BME, 2 White, 1 unknown of 4; FY1: 2 BME of 2 (the bank FY2 left out)
    assert data["grades"] == [
        {"grade": "Consultant", "headcount": 4, "BME": 25.0, "White": 50.0, "Unknown": 25.0,
         "status": "small_numbers"},
        {"grade": "Doctors in training", "headcount": 2, "BME": 100.0, "White": 0.0,
         "Unknown": 0.0, "status": "small_numbers"},
    ]  # fmt: skip
    roles = {r["role"]: r for r in data["roles"]}
    assert set(roles) == {"Clinical director", "Other", "Not recorded"}
    assert (roles["Clinical director"]["headcount"], roles["Clinical director"]["White"]) == (
        1,
        100,
    )
    # "Other": employees 2 (White), 3 (BME), 4 (unknown): a third each, to 2 places
    assert roles["Other"]["BME"] == pytest.approx(33.33)
    assert set(data["roles"][0]) == {"role", "headcount", "BME", "White", "Unknown", "status"}
    qualification = {(r["grade"], r["region"]): r["headcount"] for r in data["qualification"]}
    assert qualification == {
        ("Consultant", "UK"): 2,
        ("Consultant", "EEA"): 1,
        ("Consultant", "International"): 1,
        ("Doctors in training", "UK"): 1,
        ("Doctors in training", "International"): 1,
    }
    assert list(data["indicators"]) == [f"WRES{i}" for i in range(2, 9)]
    w3 = data["indicators"]["WRES3"]
    # doctors only: BME 1 case (employee 3) of 3 BME doctors, White 1 (employee 1) of 2 White;
    # (1/3) / (1/2) = 0.6667. The nurse's case is not a doctor's.
    assert w3["value"] == pytest.approx(0.6667, abs=1e-4)
    assert w3["groups"]["BME"] == {"numerator": 1, "denominator": 3, "rate": pytest.approx(1 / 3)}
    assert "1 bank-only doctors left out, as for the WRES" in data["data_quality"]["notes"]


def test_no_qualification_column_no_qualification_table(tmp_path):
    text = "\n".join(",".join(line.split(",")[:7]) for line in STAFF.splitlines()) + "\n"
    result = run("medical", "--staff", write(tmp_path, "s.csv", text), "--json")
    assert result.exit_code == 0, result.output
    assert "qualification" not in json.loads(result.stdout)


def test_text_says_which_way_is_worse(staff):
    result = run("medical", "--staff", staff)
    assert result.exit_code == 0, result.output
    out = result.stdout
    # 6 doctors: 3 BME (50%), 2 White, 1 unknown
    assert "6 doctors (Medical and Dental staff, bank left out); 50.0% are BME" in out
    assert "means BME doctors are under-represented there" in out
    # consultants 25% BME against 50% of all doctors: 25 points below
    consultant = next(line for line in out.splitlines() if line.strip().startswith("Consultant"))
    assert "-25.0" in consultant and "small numbers: read with care" in consultant
    assert "Clinical director" in out


def test_published_tables_hide_small_counts(staff):
    result = run("medical", "--staff", staff, "--publish", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # six doctors, all in rows smaller than 20: nothing of them may be shown exactly
    for row in data["grades"] + data["roles"]:
        for group in ("BME", "White", "Unknown"):
            assert row[group] is None or row[group] == 0
        assert row["headcount"] is None or row["headcount"] % 5 == 0
    assert data["audit"] and {"table", "row", "column", "action", "reason"} <= set(data["audit"][0])
    assert "suppressed_primary" not in {a["action"] for a in data["audit"]}  # one word for both
    # the indicators' group counts are exact, so they are not in what is published
    assert "indicators" not in data
    assert any("board pack" in n for n in data["data_quality"]["notes"])


def test_published_text(staff):
    result = run("medical", "--staff", staff, "--publish")
    assert result.exit_code == 0, result.output
    assert "(for publication)" in result.stdout
    assert "figure(s) hidden" in result.stdout


def test_no_doctors_is_exit_2_with_a_sentence(tmp_path):
    text = STAFF.splitlines()[0] + "\n" + STAFF.splitlines()[-1] + "\n"
    result = run("medical", "--staff", write(tmp_path, "nurses.csv", text))
    assert result.exit_code == 2
    assert "no Medical and Dental staff in post" in result.stderr
    assert "Traceback" not in result.output


def test_no_grade_column_is_exit_2_with_a_sentence(tmp_path):
    text = "\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i != 3) for line in STAFF.splitlines()
    )
    result = run("medical", "--staff", write(tmp_path, "nograde.csv", text + "\n"))
    assert result.exit_code == 2
    assert "band" in result.stderr.lower()
    assert "Traceback" not in result.output


def test_a_counts_return_without_medical_rows_is_exit_2(tmp_path):
    counts = write(
        tmp_path,
        "counts.csv",
        "organisation,year,indicator,band,group,numerator,denominator\n"
        "T,2024,WRES1,Band 5,White,5,10\nT,2024,WRES1,Band 5,BME,5,10\n",
    )
    result = run("medical", "--counts", counts)
    assert result.exit_code == 2
    assert "no medical grade figures" in result.stderr


def test_no_role_column_says_so(tmp_path):
    text = "\n".join(",".join(line.split(",")[:6]) for line in STAFF.splitlines()) + "\n"
    result = run("medical", "--staff", write(tmp_path, "s.csv", text), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["roles"] == []
    assert any("no role or position title column" in n for n in data["data_quality"]["notes"])


def test_a_counts_file_gives_the_same_view_as_the_files(staff, tmp_path):
    disciplinary = write(tmp_path, "disciplinary.csv", DISCIPLINARY)
    path = tmp_path / "counts.csv"
    from_files = run("medical", "--staff", staff, "--disciplinary", disciplinary, "--json",
                     "--emit-counts", path)  # fmt: skip
    assert from_files.exit_code == 0, from_files.output
    from_counts = run("medical", "--counts", path, "--json")
    assert from_counts.exit_code == 0, from_counts.output
    a, b = json.loads(from_files.stdout), json.loads(from_counts.stdout)
    # the grade by place of qualification table travels as MED-GRADE rows split by qualification
    emitted = pd.read_csv(path)
    split = emitted[emitted["characteristic"].notna()]
    assert set(split["indicator"]) == {"MED-GRADE"}
    assert set(split["characteristic"]) == {"qualification"}
    assert set(split["characteristic_group"]) <= {"UK", "EEA", "International", "Unknown"}
    for key in ("organisation", "unit", "year", "grades", "roles", "qualification", "indicators"):
        assert b[key] == a[key], key
    # by hand, as in test_json_contract: consultants 2 White, 1 BME, 1 unknown of 4
    assert b["grades"][0]["headcount"] == 4
    # consultants qualified in the UK: employees 1 (White) and 4 (unknown)
    uk = next(r for r in b["qualification"] if (r["grade"], r["region"]) == ("Consultant", "UK"))
    assert (uk["headcount"], uk["White"], uk["Unknown"]) == (2, 50.0, 50.0)
    assert b["indicators"]["WRES3"]["value"] == pytest.approx(0.6667, abs=1e-4)


@pytest.mark.parametrize("asked", ["Medical & Dental", "Medical", "medical and dental"])
def test_a_medical_staff_group_is_found_under_any_spelling(tmp_path, asked):
    counts = write(
        tmp_path,
        "counts.csv",
        "organisation,year,indicator,staff_group,group,numerator,denominator\n"
        "T,2024,WRES3,Medical and Dental,BME,2,20\nT,2024,WRES3,Medical and Dental,White,1,40\n"
        "T,2024,WRES3,Estates and Ancillary,BME,5,10\nT,2024,WRES3,Estates and Ancillary,White,1,10\n",
    )
    result = run("wres", "--counts", counts, "--staff-group", asked, "--json")
    assert result.exit_code == 0, result.output
    # doctors only: (2/20) / (1/40) = 4.0
    assert json.loads(result.stdout)["indicators"]["WRES3"]["value"] == 4.0


def test_published_counts_keep_the_grade_rows_safe(staff, tmp_path):
    path = tmp_path / "published.csv"
    result = run("medical", "--staff", staff, "--publish", "--emit-counts", path)
    assert result.exit_code == 0, result.output
    import pandas as pd

    table = pd.read_csv(path)
    grades = table[table["indicator"] == "MED-GRADE"]
    assert not grades.empty
    shown = pd.concat([table["numerator"], table["denominator"]]).dropna()
    assert not shown.between(1, 7).any()  # 6 doctors in all: every grade count is hidden
    assert (tmp_path / "published-audit.csv").exists()


SPLIT = (
    "organisation,year,indicator,band,characteristic,characteristic_group,group,numerator,"
    "denominator\n"
    "T,2024,MED-GRADE,Consultant,,,White,60,100\nT,2024,MED-GRADE,Consultant,,,BME,40,100\n"
    "T,2024,MED-GRADE,Consultant,qualification,{place},White,30,50\n"
    "T,2024,MED-GRADE,Consultant,qualification,{place},BME,20,50\n"
    "T,2024,{other},Consultant,qualification,International,White,30,50\n"
    "T,2024,{other},Consultant,qualification,International,BME,20,50\n"
)


def test_a_counts_file_gives_the_places_of_qualification_published_too(tmp_path):
    counts = write(tmp_path, "c.csv", SPLIT.format(place="uk", other="MED-GRADE"))
    out = tmp_path / "published.csv"
    result = run("medical", "--counts", counts, "--publish", "--json", "--emit-counts", out)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # 50 consultants in each place, 30 White and 20 BME: 60% and 40% (steps of 5% for 50)
    assert data["qualification"] == [
        {"grade": "Consultant, UK", "headcount": 50, "BME": 40, "White": 60, "Unknown": 0},
        {"grade": "Consultant, International", "headcount": 50, "BME": 40, "White": 60,
         "Unknown": 0},
    ]  # fmt: skip
    emitted = pd.read_csv(out)
    assert set(emitted["characteristic_group"].dropna()) == {"UK", "International"}


@pytest.mark.parametrize(
    ("place", "other", "message"),
    [("Atlantis", "MED-GRADE", "place of qualification not recognised"),
     ("UK", "WRES1", "characteristic not recognised")],
)  # fmt: skip
def test_a_bad_place_of_qualification_is_refused(tmp_path, place, other, message):
    counts = write(tmp_path, "c.csv", SPLIT.format(place=place, other=other))
    result = run("medical", "--counts", counts)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())  # the message is wrapped to the terminal
