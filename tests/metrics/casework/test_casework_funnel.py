"""The casework funnel across employers: limits worked by hand on three employers, persistence
over years, small numbers, sharing, and the property that an employer exactly at the network's
value is always within the limits."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from metrics.casework.bases import read_members
from metrics.casework.figures import compute
from metrics.casework.funnel import as_json, funnel, hidden_employers, hide
from metrics.casework.log import read_cases
from metrics.casework.publish import published

Z95, Z998 = norm.ppf(0.975), norm.ppf(0.999)


def logs(tmp_path: Path, employers: dict[str, tuple[int, int, int, int]], years=(2024,)):
    """A log with ``a`` BME and ``c`` White disciplinary cases per employer in each year, and
    members ``n1`` BME and ``n2`` White (no year: the same every year)."""
    lines = ["Employer,Year,Case Type,Ethnicity"]
    members = ["Employer,Group,Members"]
    for name, (a, n1, c, n2) in employers.items():
        for year in years:
            lines += [f"{name},{year},Disciplinary,H Asian or Asian British - Indian"] * a
            lines += [f"{name},{year},Disciplinary,A White - British"] * c
        members += [f"{name},BME,{n1}", f"{name},White,{n2}"]
    (tmp_path / "cases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "members.csv").write_text("\n".join(members) + "\n", encoding="utf-8")
    return read_cases(tmp_path / "cases.csv"), read_members(tmp_path / "members.csv")


# E1: (20/200) / (20/400) = 2; E2: (10/200) / (40/400) = 0.5; E3: (30/300) / (60/600) = 1.
# Pooled: (60/700) / (120/1400) = 1, so the centre is ln 1 = 0.
THREE = {"E1": (20, 200, 20, 400), "E2": (10, 200, 40, 400), "E3": (30, 300, 60, 600)}


def point(found, name):
    return next(p for p in found.points if p.employer == name)


def test_three_employers_limits_worked_by_hand(tmp_path):
    figures = compute(*logs(tmp_path, THREE))
    found = funnel(figures, "disciplinary")
    assert found.target == pytest.approx(1.0)
    assert found.centre == pytest.approx(0.0, abs=1e-12)
    # E1: SE² = 1/20 - 1/200 + 1/20 - 1/400 = 0.0925
    se1 = math.sqrt(0.0925)
    e1 = point(found, "E1")
    assert e1.x == pytest.approx(1 / 0.0925)
    assert e1.upper95 == pytest.approx(math.exp(Z95 * se1))  # 1.815
    assert e1.lower95 == pytest.approx(math.exp(-Z95 * se1))
    assert e1.upper998 == pytest.approx(math.exp(Z998 * se1))  # 2.559
    assert e1.value == pytest.approx(2.0)
    assert e1.position == "above_95"  # ln 2 = 0.693 > 0.596 but < 0.940
    # E2: SE² = 1/10 - 1/200 + 1/40 - 1/400 = 0.1175; ln 0.5 = -0.693 < -0.672, > -1.059
    se2 = math.sqrt(0.1175)
    e2 = point(found, "E2")
    assert e2.lower95 == pytest.approx(math.exp(-Z95 * se2))
    assert e2.lower998 == pytest.approx(math.exp(-Z998 * se2))
    assert e2.position == "below_95"
    assert point(found, "E3").position == "within"
    assert found.counts() == {"above_99.8": 0, "above_95": 1, "within": 1, "below_95": 1,
                              "below_99.8": 0, "not_placed": 0}  # fmt: skip


def test_pooled_years_narrow_the_limits_and_persistence_counts_each_year(tmp_path):
    """The same counts in 2023 and 2024: each year on its own puts E1 above the 95% limit; pooled
    (40 and 40 cases against 400 and 800 member-years), SE² = 1/40 - 1/400 + 1/40 - 1/800 =
    0.04625 and ln 2 = 0.693 is beyond 3.090 × 0.2151 = 0.665, so above 99.8%."""
    figures = compute(*logs(tmp_path, THREE, years=(2023, 2024)))
    found = funnel(figures, "disciplinary")
    assert found.years == (2023, 2024)
    e1 = point(found, "E1")
    assert e1.x == pytest.approx(1 / 0.04625)
    assert Z998 * math.sqrt(0.04625) < math.log(2)
    assert e1.position == "above_99.8"
    assert e1.years == {"above_95": 2, "above_99.8": 0, "below_95": 0, "below_99.8": 0,
                        "placed": 2}  # fmt: skip
    # E2 pooled: SE² = 0.05875, 99.8% half-width 0.749 > 0.693: still only below 95%
    assert point(found, "E2").position == "below_95"
    assert point(found, "E2").years["below_95"] == 2
    assert point(found, "E3").years == {"above_95": 0, "above_99.8": 0, "below_95": 0,
                                        "below_99.8": 0, "placed": 2}  # fmt: skip


def test_one_year_takes_its_persistence_from_a_pooled_history(tmp_path):
    log, base = logs(tmp_path, THREE, years=(2023, 2024))
    one = funnel(compute(log, base, 2024), "disciplinary", history=compute(log, base))
    assert one.year == 2024
    assert point(one, "E1").position == "above_95"  # one year's counts, as in the first test
    assert point(one, "E1").years["above_95"] == 2
    alone = funnel(compute(log, base, 2024), "disciplinary")
    assert alone.years == () and point(alone, "E1").years is None


def test_small_numbers_are_listed_and_marked_and_zero_cells_are_not_placed(tmp_path):
    employers = {**THREE, "Small": (3, 50, 5, 100), "NoBME": (0, 50, 6, 100)}
    found = funnel(compute(*logs(tmp_path, employers)), "disciplinary")
    small = point(found, "Small")
    assert small.small and small.position != "not_placed"
    assert not point(found, "E1").small
    none = point(found, "NoBME")
    assert none.position == "not_placed" and none.x is None
    # the pooled target counts every employer with a base: (63/800) / (131/1600)
    assert found.target == pytest.approx((63 / 800) / (131 / 1600))


def test_sharing_takes_hidden_employers_off_and_json_carries_positions(tmp_path):
    employers = {**THREE, "Small": (3, 50, 5, 100)}
    figures = compute(*logs(tmp_path, employers))
    shared, _ = published(figures)
    hidden = hidden_employers(shared, "disciplinary")
    assert "Small" in hidden and "E1" not in hidden
    found = hide(funnel(figures, "disciplinary"), hidden)
    assert {p.employer for p in found.points} == {"E1", "E2", "E3"}
    out = as_json(found)
    e1 = next(e for e in out["employers"] if e["employer"] == "E1")
    assert e1["position"] == "above_95" and e1["years_above_95"] == 1
    # the limits stay the whole network's: (63/750) / (125/1500), the small employer in the pool
    assert out["target"] == pytest.approx((63 / 750) / (125 / 1500))


counts = st.tuples(st.integers(1, 40), st.integers(1, 400), st.integers(1, 40),
                   st.integers(1, 400))  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(others=st.lists(counts, min_size=1, max_size=4), k=st.integers(1, 3))
def test_an_employer_at_the_network_value_is_within_the_limits(tmp_path, others, k):
    """An employer whose counts are k times the other employers' totals has exactly the value of
    the network that includes it, so it sits on the centre line."""
    employers = {f"T{i}": (a, a + extra1, c, c + extra2)
                 for i, (a, extra1, c, extra2) in enumerate(others)}  # fmt: skip
    totals = [sum(v[j] for v in employers.values()) for j in range(4)]
    employers["AtTheCentre"] = tuple(k * t for t in totals)
    found = funnel(compute(*logs(tmp_path, employers)), "disciplinary")
    at = point(found, "AtTheCentre")
    assert found.target == pytest.approx(at.value)
    if at.position != "not_placed":  # everyone in a group had a case: no interval to place by
        assert at.position == "within"
        assert at.lower95 <= found.target <= at.upper95
