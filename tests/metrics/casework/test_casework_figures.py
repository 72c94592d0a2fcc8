"""Casework figures on tiny logs worked by hand; the Katz interval against statsmodels."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import Table2x2

from metrics.casework.bases import read_members
from metrics.casework.figures import compute, likelihood
from metrics.casework.log import read_cases

HEADER = "Case Ref,Employer,Year,Case Type,Ethnicity,Outcome\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def cases_file(tmp_path: Path, rows: list[str]) -> Path:
    return write(tmp_path, "cases.csv", HEADER + "\n".join(rows) + "\n")


def members_file(tmp_path: Path, text: str) -> Path:
    return write(tmp_path, "members.csv", text)


def row(figures, employer, case_type):
    return next(r for r in figures.rows if r.employer == employer and r.case_type == case_type)


@pytest.fixture
def tiny(tmp_path):
    """Trust A: 20 BME, 80 White, 10 Unknown members. 2024 disciplinary cases: 4 BME (2
    dismissed, 1 final written warning, 1 no case to answer), 4 White (1 written warning, 3 no
    case to answer), 1 Unknown; one grievance of a White member; one BME case repeated."""
    rows = [
        "R1,Trust A,2024,Disciplinary,H Asian or Asian British - Indian,Dismissed",
        "R2,Trust A,2024,Gross misconduct,N,Dismissed",
        "R3,Trust A,2024,Disciplinary,Black British,Final written warning",
        "R4,Trust A,2024,Conduct,M,No case to answer",
        "R5,Trust A,2024,Disciplinary,A White - British,Written warning",
        "R6,Trust A,2024,Disciplinary,White British,No case to answer",
        "R7,Trust A,2024,Disciplinary,B,No case to answer",
        "R8,Trust A,2024,Disciplinary,C,No case to answer",
        "R9,Trust A,2024,Disciplinary,Z Not Stated,Ongoing",
        "R10,Trust A,2024,Grievance,A,Upheld",
        "R4,Trust A,2024,Conduct,M,No case to answer",
    ]
    log = read_cases(cases_file(tmp_path, rows))
    base = read_members(members_file(
        tmp_path, "Employer,Group,Members\nTrust A,BME,20\nTrust A,White,80\nTrust A,Unknown,10\n"
    ))  # fmt: skip
    return log, base


def test_disciplinary_ratio_worked_by_hand(tiny):
    log, base = tiny
    assert log.repeated == 1
    figures = compute(log, base, year=2024)
    found = row(figures, "Trust A", "disciplinary")
    assert found.cases == {"BME": 4, "White": 4, "Unknown": 1}
    assert found.members == {"BME": 20, "White": 80, "Unknown": 10}
    # (4 / 20) / (4 / 80) = 0.2 / 0.05 = 4
    assert found.likelihood.value == pytest.approx(4.0)
    assert found.likelihood.status == "small_numbers"  # 4 cases in each group: 1-7


def test_all_case_types_and_grievance(tiny):
    log, base = tiny
    figures = compute(log, base, year=2024)
    everything = row(figures, "Trust A", "all")
    assert everything.cases == {"BME": 4, "White": 5, "Unknown": 1}
    # (4 / 20) / (5 / 80) = 0.2 / 0.0625 = 3.2
    assert everything.likelihood.value == pytest.approx(3.2)
    grievance = row(figures, "Trust A", "grievance")
    assert grievance.cases == {"BME": 0, "White": 1, "Unknown": 0}
    assert grievance.likelihood.value is None
    assert grievance.likelihood.status == "not_computable"


def test_outcome_disparity_worked_by_hand(tiny):
    log, base = tiny
    outcomes = row(compute(log, base, year=2024), "Trust A", "disciplinary").outcomes
    # decided: BME 4, White 4 (the Unknown case is ongoing); sanctioned: BME 3 (2 dismissals,
    # 1 final written warning), White 1 (a written warning)
    assert outcomes.decided == {"BME": 4, "White": 4, "Unknown": 0}
    assert outcomes.sanctioned == {"BME": 3, "White": 1, "Unknown": 0}
    assert outcomes.by_outcome["dismissal"] == {"BME": 2, "White": 0, "Unknown": 0}
    assert outcomes.by_outcome["ongoing"] == {"BME": 0, "White": 0, "Unknown": 1}
    # (3 / 4) / (1 / 4) = 3
    assert outcomes.likelihood.value == pytest.approx(3.0)


def test_katz_interval_matches_statsmodels():
    # 30 of 200 BME members against 45 of 900 White members
    found = likelihood(30, 200, 45, 900)
    table = Table2x2(np.array([[30, 170], [45, 855]]))
    low, high = table.riskratio_confint(alpha=0.05, method="normal")
    assert found.value == pytest.approx(table.riskratio)
    assert (found.ci_lower, found.ci_upper) == (pytest.approx(low), pytest.approx(high))
    assert found.status == "ok"


def test_katz_interval_by_the_formula_on_the_tiny_log(tiny):
    log, base = tiny
    found = row(compute(log, base, year=2024), "Trust A", "disciplinary").likelihood
    se = math.sqrt(1 / 4 - 1 / 20 + 1 / 4 - 1 / 80)  # 0.6614...
    assert found.ci_lower == pytest.approx(4 * math.exp(-1.959964 * se), rel=1e-5)
    assert found.ci_upper == pytest.approx(4 * math.exp(1.959964 * se), rel=1e-5)


def test_more_cases_than_members_is_not_computable():
    found = likelihood(12, 10, 3, 50)
    assert found.value is None and found.status == "not_computable"
    assert "more cases than members" in found.reason


def test_pooled_years_use_member_years_and_the_nearest_year(tmp_path):
    rows = [f"R{i},Trust A,{year},Disciplinary,{eth},Dismissed"
            for i, (year, eth) in enumerate(
                [(2023, "A")] * 2 + [(2023, "H")] * 1 + [(2024, "A")] * 3 + [(2024, "N")] * 3)]  # fmt: skip
    log = read_cases(cases_file(tmp_path, rows))
    base = read_members(members_file(
        tmp_path,
        "Employer,Group,Members,Year\nTrust A,BME,10,2024\nTrust A,White,40,2024\n",
    ))  # fmt: skip
    figures = compute(log, base)
    found = row(figures, "Trust A", "disciplinary")
    # 2023 has no members of its own: 2024's serve it, so 20 BME and 80 White member-years
    assert found.members == {"BME": 20, "White": 80, "Unknown": 0}
    assert found.cases == {"BME": 4, "White": 5, "Unknown": 0}
    assert found.likelihood.value == pytest.approx((4 / 20) / (5 / 80))
    assert any("2023 set against 2024" in n for n in figures.notes)
    by_year = {y.year: y for y in found.by_year}
    assert by_year[2023].likelihood.value == pytest.approx((1 / 10) / (2 / 40))
    assert by_year[2024].likelihood.value == pytest.approx((3 / 10) / (3 / 40))


def test_members_without_a_year_serve_every_year(tmp_path):
    rows = ["R1,Trust A,2023,Grievance,A,", "R2,Trust A,2024,Grievance,H,",
            "R3,Trust A,2024,Grievance,A,"]  # fmt: skip
    log = read_cases(cases_file(tmp_path, rows))
    base = read_members(members_file(tmp_path, "Employer,Group,Members\nTrust A,BME,5\n"
                                               "Trust A,White,15\n"))  # fmt: skip
    found = row(compute(log, base), "Trust A", "grievance")
    assert found.members == {"BME": 10, "White": 30, "Unknown": 0}  # two years of members
    assert found.likelihood.value == pytest.approx((1 / 10) / (2 / 30))


def test_network_pools_employers_with_a_base_and_counts_outliers(tmp_path):
    rows = (
        [f"A{i},Trust A,2024,Disciplinary,H," for i in range(20)]
        + [f"B{i},Trust A,2024,Disciplinary,A," for i in range(10)]
        + [f"C{i},Trust B,2024,Disciplinary,H," for i in range(5)]
        + [f"D{i},Trust B,2024,Disciplinary,A," for i in range(10)]
        + ["E1,Trust C,2024,Disciplinary,H,"]
    )
    log = read_cases(cases_file(tmp_path, rows))
    base = read_members(members_file(
        tmp_path,
        "Employer,Group,Members\nTrust A,BME,100,\nTrust A,White,200\n"
        "trust b,BME,50\nTRUST B,White,100\n",
    ))  # fmt: skip
    figures = compute(log, base, year=2024)
    network = next(r for r in figures.network if r.case_type == "disciplinary")
    # Trust C has no members figures: out of the network's ratio
    assert network.cases == {"BME": 25, "White": 20, "Unknown": 0}
    assert network.members == {"BME": 150, "White": 300, "Unknown": 0}
    assert network.likelihood.value == pytest.approx((25 / 150) / (20 / 300))
    # Trust A: (20/100)/(10/200) = 4 with an interval above 1; Trust B: (5/50)/(10/100) = 1
    assert row(figures, "Trust A", "disciplinary").likelihood.ci_lower > 1
    assert network.worse_beyond_chance == 1 and network.better_beyond_chance == 0
    assert row(figures, "Trust C", "disciplinary").likelihood.status == "no_data"
    assert any("Trust C" in n for n in figures.notes)


def test_year_restricts_the_cases(tiny):
    log, base = tiny
    assert compute(log, base, year=2023).rows == ()
