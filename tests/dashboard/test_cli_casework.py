"""`inclusivehr casework`: its JSON contract on a tiny log worked by hand, its words, the case
reference never in anything it prints, --publish, the WRES counts base, and its refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "network"
CASES = """\
Case Reference,Employer,Year,Case Type,Ethnicity,Outcome
REF-ALPHA-001,Trust A,2024,Disciplinary,H Asian or Asian British - Indian,Dismissed
REF-ALPHA-002,Trust A,2024,Disciplinary,N Black or Black British - African,No case to answer
REF-ALPHA-003,Trust A,2024,Disciplinary,A White - British,Written warning
REF-ALPHA-004,Trust A,2024,Grievance,A White - British,Upheld
REF-ALPHA-005,Trust A,2025,Disciplinary,Z Not Stated,Ongoing
"""
MEMBERS = "Employer,Group,Members\nTrust A,BME,10\nTrust A,White,40\nTrust A,Unknown,5\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    return write(tmp_path, "cases.csv", CASES), write(tmp_path, "members.csv", MEMBERS)


def test_json_contract_worked_by_hand(files):
    cases, members = files
    result = run("casework", "--cases", cases, "--members", members, "--year", 2024, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    row = next(r for r in out["employers"] if r["case_type"] == "disciplinary")
    assert set(row) >= {"employer", "case_type", "cases", "value", "ci_lower", "ci_upper",
                        "status", "outcomes"}  # fmt: skip
    assert row["employer"] == "Trust A"
    assert row["cases"] == {"BME": 2, "White": 1, "Unknown": 0}
    assert row["value"] == pytest.approx((2 / 10) / (1 / 40))  # 8
    assert row["ci_lower"] < 8 < row["ci_upper"]
    assert row["status"] == "small_numbers"
    assert row["outcomes"]["sanctioned"] == {"BME": 1, "White": 1, "Unknown": 0}
    assert row["outcomes"]["value"] == pytest.approx((1 / 2) / (1 / 1))
    assert out["network"][0]["case_type"] == "disciplinary"
    assert out["year"] == 2024


def test_all_years_pooled_by_default_with_trends(files):
    cases, members = files
    out = json.loads(run("casework", "--cases", cases, "--members", members, "--json").stdout)
    row = next(r for r in out["employers"] if r["case_type"] == "disciplinary")
    assert out["years"] == "all years pooled"
    assert row["cases"] == {"BME": 2, "White": 1, "Unknown": 1}
    assert [y["year"] for y in row["by_year"]] == [2024, 2025]
    assert row["members"] == {"BME": 20, "White": 80, "Unknown": 10}  # two years of members


def test_the_case_reference_is_never_printed(files):
    cases, members = files
    for extra in ((), ("--json",), ("--publish",), ("--publish", "--json")):
        result = run("casework", "--cases", cases, "--members", members, *extra)
        assert result.exit_code == 0, result.output
        assert "REF-ALPHA" not in result.stdout + result.stderr
        assert "Trust A" in result.stdout


def test_text_says_which_way_is_worse(files):
    cases, members = files
    text = run("casework", "--cases", cases, "--members", members).stdout
    assert "BME members 8.00 times as likely as White members" in text
    assert "worse for BME members" in text
    assert "small numbers" in text


def test_publish_hides_small_counts(files):
    cases, members = files
    out = json.loads(
        run("casework", "--cases", cases, "--members", members, "--publish", "--json").stdout
    )
    row = next(r for r in out["employers"] if r["case_type"] == "disciplinary")
    assert out["published"] is True
    assert row["cases"]["BME"] is None and row["value"] is None
    assert out["audit"] and all(set(a) == {"table", "row", "column", "action", "reason"}
                                for a in out["audit"])  # fmt: skip


def test_missing_employer_column_exits_2_with_a_clear_message(tmp_path, files):
    _, members = files
    cases = write(
        tmp_path, "no_employer.csv", "Case Ref,Year,Case Type,Ethnicity\nX,2024,Grievance,A\n"
    )
    result = run("casework", "--cases", cases, "--members", members)
    assert result.exit_code == 2
    assert "no column for employer" in result.stderr
    assert '--map "YOUR COLUMN=employer"' in result.stderr
    assert "Traceback" not in result.output


def test_needs_one_base(files):
    cases, members = files
    result = run("casework", "--cases", cases)
    assert result.exit_code == 2 and "--members" in result.stderr
    result = run("casework", "--cases", cases, "--members", members, "--counts", members)
    assert result.exit_code == 2


def test_a_year_with_no_cases_is_refused(files):
    cases, members = files
    result = run("casework", "--cases", cases, "--members", members, "--year", 2019)
    assert result.exit_code == 2 and "no cases in 2019" in result.stderr


def test_sample_log_against_the_networks_wres_counts():
    result = run("casework", "--cases", SAMPLE / "casework.csv",
                 "--counts", SAMPLE / "wres_counts.csv", "--year", 2025, "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["base"] == "staff in post (WRES indicator 1)"
    assert len({r["employer"] for r in out["employers"]}) == 36
    assert all(r["members"] is not None for r in out["employers"])
