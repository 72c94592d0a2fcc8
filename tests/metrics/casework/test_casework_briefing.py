"""The casework briefing on a small log worked by hand: the employer's ratios and trend, its
WRES3 and WRES8 from a tiny counts file, its rank and place in the network, disclosure control
(no shown count of 1-7, every figure resting on a hidden count hidden) and an unknown employer.

Members have no year, so over the log's two years each counts twice (member-years): Trust A's
BME 100 and White 400 members are 200 and 800 member-years."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from statsmodels.stats.contingency_tables import Table2x2

from metrics.casework.bases import read_members
from metrics.casework.briefing import briefing, wres_values
from metrics.casework.figures import compute
from metrics.casework.log import read_cases
from metrics.problems import InputError

BME, WHITE, UNKNOWN = "H Asian or Asian British - Indian", "A White - British", "Z Not Stated"
# (employer, year, case type, ethnicity, cases)
CASES = [
    ("Trust A", 2024, "Disciplinary", BME, 6), ("Trust A", 2024, "Disciplinary", WHITE, 10),
    ("Trust A", 2025, "Disciplinary", BME, 6), ("Trust A", 2025, "Disciplinary", WHITE, 10),
    ("Trust A", 2024, "Disciplinary", UNKNOWN, 1),
    ("Trust A", 2024, "Grievance", BME, 3), ("Trust A", 2024, "Grievance", WHITE, 5),
    ("Trust A", 2025, "Grievance", WHITE, 5),
    ("Trust A", 2024, "Capability", BME, 3), ("Trust A", 2024, "Capability", WHITE, 5),
    ("Trust A", 2025, "Capability", BME, 6), ("Trust A", 2025, "Capability", WHITE, 7),
    ("Trust B", 2024, "Disciplinary", BME, 10), ("Trust B", 2024, "Disciplinary", WHITE, 30),
    ("Trust C", 2025, "Grievance", BME, 8), ("Trust C", 2025, "Grievance", WHITE, 16),
    ("Trust D", 2025, "Disciplinary", BME, 9), ("Trust D", 2025, "Disciplinary", WHITE, 9),
]  # fmt: skip
SANCTIONED = {("Trust A", BME): 16, ("Trust A", WHITE): 14}  # of A's 24 BME and 42 White cases
MEMBERS = """\
Employer,Group,Members
Trust A,BME,100
Trust A,White,400
Trust A,Unknown,5
Trust B,BME,200
Trust B,White,600
Trust C,BME,100
Trust C,White,100
"""
WRES = """\
organisation,year,indicator,group,numerator,denominator
Trust A,2024,WRES3,BME,2,200
Trust A,2024,WRES3,White,10,1000
Trust A,2025,WRES3,BME,6,200
Trust A,2025,WRES3,White,10,1000
Trust A,2025,WRES8,BME,30,120
Trust A,2025,WRES8,White,40,400
Trust B,2025,WRES3,BME,5,100
Trust B,2025,WRES3,White,5,100
"""
Z = 1.959963984540054


def katz(a: int, n1: int, c: int, n2: int) -> tuple[float, float, float]:
    """The ratio and its 95% interval, from statsmodels (an independent oracle)."""
    table = Table2x2([[a, n1 - a], [c, n2 - c]])
    lower, upper = table.riskratio_confint()
    return table.riskratio, lower, upper


def log_csv() -> str:
    lines = ["Case Reference,Employer,Year,Case Type,Ethnicity,Outcome"]
    done: dict[tuple[str, str], int] = {}
    for i, (employer, year, kind, ethnicity, n) in enumerate(CASES):
        for j in range(n):
            key = (employer, ethnicity)
            sanctioned = done.get(key, 0) < SANCTIONED.get(key, 0)
            done[key] = done.get(key, 0) + 1
            outcome = "Written warning" if sanctioned else "No case to answer"
            lines.append(f"REF-{i}-{j},{employer},{year},{kind},{ethnicity},{outcome}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("briefing")
    (folder / "cases.csv").write_text(log_csv(), encoding="utf-8")
    (folder / "members.csv").write_text(MEMBERS, encoding="utf-8")
    (folder / "wres.csv").write_text(WRES, encoding="utf-8")
    log = read_cases(folder / "cases.csv")
    return compute(log, read_members(folder / "members.csv")), folder / "wres.csv"


@pytest.fixture(scope="module")
def trust_a(figures):
    found, wres_file = figures
    return briefing(found, "trust a", wres=wres_values([wres_file]))


def test_all_cases_ratio_and_reading_worked_by_hand(trust_a):
    line = trust_a.all_cases
    # A: 24 BME cases of 200 member-years, 42 White of 800: (24/200)/(42/800) = 0.12/0.0525
    assert line.likelihood.value == pytest.approx(0.12 / 0.0525)  # 2.2857
    se = math.sqrt(1 / 24 - 1 / 200 + 1 / 42 - 1 / 800)
    assert line.likelihood.ci_lower == pytest.approx(0.12 / 0.0525 * math.exp(-Z * se))
    assert line.likelihood.ci_upper == pytest.approx(0.12 / 0.0525 * math.exp(Z * se))
    _, lower, upper = katz(24, 200, 42, 800)
    assert (line.likelihood.ci_lower, line.likelihood.ci_upper) == pytest.approx((lower, upper))
    assert line.cases == {"BME": 25, "White": 40}  # 24 and 42, rounded to 5
    assert line.verdict == "beyond chance"  # the interval, 1.42 to 3.68, is above 1
    assert "2.29 times as likely" in trust_a.headline
    assert "above 1 is worse for BME members" in trust_a.headline
    assert trust_a.employer == "Trust A"
    assert trust_a.years == (2024, 2025)


def test_disciplinary_figure_and_the_hidden_grievance(trust_a):
    by_type = {t.case_type: t for t in trust_a.types}
    assert list(by_type) == ["disciplinary", "grievance", "capability", "all"]
    disciplinary = by_type["disciplinary"]
    # 12 BME of 200 member-years, 20 White of 800: 0.06 / 0.025 = 2.4
    value, lower, upper = katz(12, 200, 20, 800)
    assert value == pytest.approx(2.4)
    assert disciplinary.likelihood.value == pytest.approx(2.4)
    assert (disciplinary.likelihood.ci_lower, disciplinary.likelihood.ci_upper) == pytest.approx(
        (lower, upper))  # fmt: skip
    assert disciplinary.cases == {"BME": 10, "White": 20}
    grievance = by_type["grievance"]  # 3 BME cases: hidden, and the ratio with it
    assert grievance.cases["BME"] is None
    assert grievance.likelihood.value is None and grievance.likelihood.ci_lower is None
    assert grievance.verdict == "too few cases"
    assert "hidden" in grievance.reading and "1 to 7" in grievance.reading


def test_no_shown_count_is_small_and_every_figure_on_a_hidden_count_is_hidden(trust_a):
    for line in trust_a.types:
        for count in line.cases.values():
            assert count is None or (count % 5 == 0 and not 1 <= count <= 7)
        if None in line.cases.values():
            assert line.likelihood.value is None
            assert line.likelihood.ci_lower is None and line.likelihood.ci_upper is None
    assert trust_a.members == {"BME": 200, "White": 800}  # member-years over the two years
    assert trust_a.members_label.startswith("Member-years over 2024 to 2025")
    assert "Unknown" not in trust_a.all_cases.cases  # Unknown is in no ratio and not shown


def test_outcome_disparity_worked_by_hand(trust_a):
    # 16 of 24 BME decided cases sanctioned, 14 of 42 White: (16/24)/(14/42) = 2.0
    found = trust_a.all_cases.sanction
    value, lower, upper = katz(16, 24, 14, 42)
    assert found.value == pytest.approx(2.0) == pytest.approx(value)
    assert (found.ci_lower, found.ci_upper) == pytest.approx((lower, upper))
    assert "2.00 times as likely" in trust_a.all_cases.sanction_reading


def test_trend_year_by_year(trust_a):
    # 2024: (12/100)/(20/400) = 2.4; 2025: (12/100)/(22/400) = 2.1818...
    assert [p.year for p in trust_a.trend] == [2024, 2025]
    assert [p.value for p in trust_a.trend] == pytest.approx([2.4, 0.12 / 0.055])
    assert "2025's figure is lower than 2024's" in trust_a.trend_reading


def test_wres3_and_wres8_worked_by_hand(trust_a):
    wres3, wres8 = trust_a.wres
    # the latest year, 2025: (6/200)/(10/1000) = 3.0
    value, lower, upper = katz(6, 200, 10, 1000)
    assert wres3.year == 2025
    assert wres3.value == pytest.approx(3.0) == pytest.approx(value)
    assert (wres3.ci_lower, wres3.ci_upper) == pytest.approx((lower, upper))
    assert "3.00 times as likely" in wres3.reading and "formal disciplinary" in wres3.reading
    # 30 of 120 BME (25.0%), 40 of 400 White (10.0%): a gap of 15 points
    assert wres8.bme_percent == pytest.approx(25.0)
    assert wres8.white_percent == pytest.approx(10.0)
    assert wres8.value == pytest.approx(15.0)
    assert "25.0% of BME staff" in wres8.reading and "+15.0 points" in wres8.reading


def test_wres_not_given(figures):
    found, wres_file = figures
    b = briefing(found, "Trust B", wres=wres_values([wres_file]))
    assert b.wres[0].value == pytest.approx(1.0)  # (5/100)/(5/100)
    assert b.wres[1].value is None
    assert b.wres[1].reading == (
        "WRES8, discrimination from a manager or colleague: not given "
        "(the WRES counts have no figures for this employer)."
    )
    c = briefing(found, "Trust C", wres=wres_values([wres_file]))
    assert all(w.value is None and "not given" in w.reading for w in c.wres)
    none = briefing(found, "Trust A")
    assert all("no WRES counts file was given" in w.reading for w in none.wres)


def test_rank_and_place_in_the_network(trust_a, figures):
    place = trust_a.place
    # all cases: A 2.29; B (10/400)/(30/1200) = 1.0; C (8/200)/(16/200) = 0.5: A is the worst
    assert (place.rank, place.ranked) == (1, 3)
    # the network: 42 BME cases of 800 member-years, 88 White of 2,200: 0.0525 / 0.04
    assert place.network_value == pytest.approx(1.3125)
    assert trust_a.all_cases.likelihood.ci_lower > 1.3125  # 1.42: above the network's value
    assert place.position == "above"
    assert "ranks 1 of the 3 employers with a figure" in place.reading
    found, _ = figures
    c = briefing(found, "Trust C")
    assert c.place.rank == 3
    assert c.place.position == "below"  # C's interval, 0.21 to 1.17, lies below 1.3125
    assert katz(8, 200, 16, 200)[2] < 1.3125


def test_unknown_employer_names_near_names(figures):
    found, _ = figures
    with pytest.raises(InputError) as caught:
        briefing(found, "Trust E")
    problem = caught.value.problems[0]
    assert 'no employer called "Trust E"' in problem.message
    assert "Trust A" in problem.hint


def test_the_footer_says_what_was_hidden(trust_a):
    assert trust_a.footer == ("Figures for sharing: counts of 1-7 hidden, others rounded to the "
                              "nearest 5")  # fmt: skip


def test_file_path_accepted(figures):
    found, wres_file = figures
    assert isinstance(wres_file, Path)
    b = briefing(found, "Trust A", wres=wres_values([str(wres_file)]))
    assert b.wres[0].year == 2025


def test_a_funnel_position_is_said_in_words(figures):
    found, _ = figures
    b = briefing(found, "Trust A", funnel={"TRUST A": "above_99.8", "Trust C": "within"})
    assert b.place.position == "above_99.8"
    assert "funnel limits" in b.place.reading
    assert "above the 99.8% limit: worse for BME members than across the network" in (
        b.place.reading)  # fmt: skip
    c = briefing(found, "Trust B", funnel={"Trust B": "not_placed"})
    assert c.place.position is None and "not placed on the network's funnel" in c.place.reading


def test_an_employer_with_no_members_figures(figures):
    found, _ = figures
    d = briefing(found, "Trust D")  # in the log, not in the members file
    assert d.members is None
    assert d.all_cases.likelihood.value is None and d.all_cases.verdict == "no comparison"
    assert d.headline == "No comparison: no members figures for this employer."
    assert d.place.rank is None and "cannot be worked out" in d.place.reading
    assert any("No members figures were given for this employer" in n for n in d.notes)
