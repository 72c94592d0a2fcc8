"""Doctors by grade, and by grade and place of qualification: two tables of the same doctors,
published together so that differencing one against the other gives nothing away.

Worked by hand (no rounding, so only the suppression protects):

    grade table        White  BME | Total     by place      White  BME | Total
    Consultant           100  100 |   200     Consultant UK     57    3 |    60
    Doctors in training   70  180 |   250     Consultant Intl   43   97 |   140
                                              Training UK       20   30 |    50
                                              Training Intl     50  150 |   200

Protected as one table of four "grade, place" rows (as before), Consultant UK's 3 is hidden, then
its row's smallest count, White 57; then the White column's smallest, Training UK's 20, and that
row's BME 30: a cycle through both grades, safe in that table alone. But the grade table shows
Consultant's BME doctors, 100, beside Consultant International's 97: 100 - 97 = 3. Protected
per grade, with each grade's row of the grade table as its margin, the cycle stays inside
Consultant's places (UK White 57, International White 43 and BME 97 hidden with the 3), whose
totals the grade table shows: every hidden count can still move by one either way.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from metrics.disclosure.control import DisclosureSettings, publish_counts
from metrics.standards.medical import MedicalView, ShareRow
from metrics.standards.medical_publish import published

EXACT = DisclosureSettings(rounding_base=1)
GRADES = ("Consultant", "Doctors in training")
PLACES = ("UK", "International")
GROUPS = ("White", "BME")
PEOPLE = {("Consultant", "UK"): (57, 3), ("Consultant", "International"): (43, 97),
          ("Doctors in training", "UK"): (20, 30),
          ("Doctors in training", "International"): (50, 150)}  # fmt: skip
KINDS = list(itertools.product(GRADES, PLACES, GROUPS))
TRUTH = np.array([PEOPLE[(g, p)][GROUPS.index(e)] for g, p, e in KINDS], dtype=float)


def share_row(label: str, counts: dict[str, int], region: str | None = None) -> ShareRow:
    counts = {"White": counts.get("White", 0), "BME": counts.get("BME", 0), "Unknown": 0}
    return ShareRow(label, sum(counts.values()), counts, region=region)


def view() -> MedicalView:
    grades = [share_row(g, {e: sum(PEOPLE[(g, p)][i] for p in PLACES)
                            for i, e in enumerate(GROUPS)}) for g in GRADES]  # fmt: skip
    places = [share_row(g, dict(zip(GROUPS, PEOPLE[(g, p)], strict=True)), region=p)
              for g in GRADES for p in PLACES]  # fmt: skip
    return MedicalView("T", 2025, tuple(grades), (), tuple(places))


def vector(grades=GRADES, places=PLACES, groups=GROUPS) -> np.ndarray:
    return np.array([float(g in grades and p in places and e in groups) for g, p, e in KINDS])


def recovered(equations: list[tuple[np.ndarray, float]], hidden: dict[str, np.ndarray]):
    """The hidden counts that only one whole number fits, given the shown counts exactly."""
    a_eq = np.array([v for v, _ in equations])
    b_eq = np.array([n for _, n in equations])
    won = []
    for name, v in hidden.items():
        low = linprog(v, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-v, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status == 0
        assert low.fun - 1e-6 <= v @ TRUTH <= -high.fun + 1e-6
        if math.floor(-high.fun + 1e-6) == math.ceil(low.fun - 1e-6):
            won.append(f"{name} = {v @ TRUTH:g}")
    return won


def read(rows, equations, hidden, where: dict[str, tuple[str, ...]], name: str) -> None:
    for group in GROUPS:
        v = vector(**where, groups=(group,))
        n = rows.counts[group]
        if n is None:
            hidden[f"{name} {group}"] = v
        else:
            equations.append((v, n))
    if rows.headcount is None:
        hidden[f"{name} total"] = vector(**where)
    else:
        equations.append((vector(**where), rows.headcount))


def test_a_place_of_qualification_cannot_be_worked_out_from_the_grade_table():
    out = published(view(), EXACT)
    equations, hidden = [], {}
    for r in out.grades:
        read(r, equations, hidden, {"grades": (r.label,)}, r.label)
    for r in out.qualification:
        grade, place = r.label.split(", ")
        read(r, equations, hidden, {"grades": (grade,), "places": (place,)}, r.label)
    assert set(hidden) == {
        "Consultant, UK White",
        "Consultant, UK BME",
        "Consultant, International White",
        "Consultant, International BME",
    }
    assert recovered(equations, hidden) == []
    # the grade table is whole: every count shown (nothing in it is small)
    assert [(r.label, r.counts["White"], r.counts["BME"]) for r in out.grades] == [
        ("Consultant", 100, 100), ("Doctors in training", 70, 180)]  # fmt: skip


def test_protected_as_one_table_of_grade_and_place_rows_the_grade_table_gives_it_away():
    # the attacker is not toothless: the old route, the places as rows of one table of their
    # own, beside the grade table
    rows = [{"indicator": "MED-GRADE", "band": f"{g}, {p}", "group": e,
             "numerator": PEOPLE[(g, p)][i], "denominator": sum(PEOPLE[(g, p)])}
            for g, p in PEOPLE for i, e in enumerate(GROUPS)]  # fmt: skip
    apart = publish_counts(pd.DataFrame(rows), EXACT).counts
    equations, hidden = [], {}
    for g in GRADES:  # the grade table, every count shown (as published together above)
        for i, e in enumerate(GROUPS):
            equations.append((vector(grades=(g,), groups=(e,)),
                              sum(PEOPLE[(g, p)][i] for p in PLACES)))  # fmt: skip
    for r in apart.to_dict("records"):
        grade, place = r["band"].split(", ")
        v = vector(grades=(grade,), places=(place,), groups=(r["group"],))
        if r["numerator_suppressed"]:
            hidden[f"{r['band']} {r['group']}"] = v
        else:
            equations.append((v, r["numerator"]))
    assert "Consultant, UK BME = 3" in recovered(equations, hidden)


def test_a_grade_merged_in_the_grade_table_is_merged_by_place_too():
    # 3 doctors in training, all BME: the grade row is merged into Consultant, and so are its
    # places, so no place row gives the merged grade away
    grades = [share_row("Consultant", {"White": 60, "BME": 40}),
              share_row("Doctors in training", {"BME": 3})]  # fmt: skip
    places = [share_row("Consultant", {"White": 30, "BME": 20}, "UK"),
              share_row("Consultant", {"White": 30, "BME": 20}, "International"),
              share_row("Doctors in training", {"BME": 3}, "UK")]  # fmt: skip
    out = published(MedicalView("T", 2025, tuple(grades), (), tuple(places)), EXACT)
    assert [r.label for r in out.grades] == ["Consultant + Doctors in training"]
    assert [r.label for r in out.qualification] == [
        "Consultant + Doctors in training, UK", "Consultant + Doctors in training, International"]  # fmt: skip
    uk, international = out.qualification
    # UK: 30 White, 20 + 3 BME; International: 30 and 20; together the grade row, 60 and 43
    assert (uk.counts["White"], uk.counts["BME"], uk.headcount) == (30, 23, 53)
    assert (international.headcount, out.grades[0].headcount) == (50, 103)


def test_a_place_of_a_few_doctors_all_of_one_group_is_merged_with_the_next():
    # 4 consultants qualified in the EEA, all White: the row would tell readers their ethnicity
    grades = [share_row("Consultant", {"White": 64, "BME": 40})]
    places = [share_row("Consultant", {"White": 30, "BME": 20}, "UK"),
              share_row("Consultant", {"White": 4}, "EEA"),
              share_row("Consultant", {"White": 30, "BME": 20}, "International")]  # fmt: skip
    out = published(MedicalView("T", 2025, tuple(grades), (), tuple(places)))
    assert [r.label for r in out.qualification] == [
        "Consultant, UK", "Consultant, EEA + International"]  # fmt: skip
    merged = out.qualification[1]
    assert (merged.counts["White"], merged.counts["BME"], merged.headcount) == (35, 20, 55)
    audit = out.audit[out.audit["action"] == "merged"]
    assert list(audit["table"]) == ["Medical grades by place of qualification"]
    assert list(audit["row"]) == ["Consultant, EEA + International"]
