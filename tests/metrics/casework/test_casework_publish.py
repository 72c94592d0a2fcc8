"""Casework figures prepared for publication: no count of 1-7 shown, none recoverable from the
totals beside it, figures resting on a hidden count hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.casework.bases import read_members
from metrics.casework.figures import GROUPS, compute
from metrics.casework.log import read_cases
from metrics.casework.publish import published

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data" / "network"


@pytest.fixture(scope="module")
def sample():
    log = read_cases(SAMPLE / "casework.csv")
    base = read_members(SAMPLE / "casework_members.csv")
    exact = compute(log, base)
    return exact, *published(exact)


def _counts(row):
    yield from row.cases.values()
    yield from (row.members or {}).values()
    for year in row.by_year:
        yield from year.cases.values()
    if row.outcomes is not None:
        yield from row.outcomes.decided.values()
        yield from row.outcomes.sanctioned.values()


def test_no_small_count_is_shown_and_the_rest_are_rounded(sample):
    _, shown, audit = sample
    counts = [n for r in (*shown.rows, *shown.network) for n in _counts(r)]
    assert None in counts  # the sample has small counts to hide
    assert all(n is None or n == 0 or (n > 7 and n % 5 == 0) for n in counts)
    assert any(a.action == "suppressed_primary" for a in audit)


def test_a_hidden_count_is_never_alone_in_its_line(sample):
    """Within an employer, each group's case counts by type add up to its "all" count, and each
    type's years add up to the type's pooled count: one hidden entry in such a line could be
    worked back from the others."""
    _, shown, _ = sample
    employers = {r.employer for r in shown.rows}
    for employer in employers:
        mine = [r for r in shown.rows if r.employer == employer]
        for g in GROUPS:
            line = [r.cases[g] for r in mine]  # the types and their total ("all")
            assert sum(n is None for n in line) != 1, (employer, g)
            for r in mine:
                years = [y.cases[g] for y in r.by_year] + [r.cases[g]]
                if len(years) > 2:
                    assert sum(n is None for n in years) != 1, (employer, r.case_type, g)


def test_figures_resting_on_hidden_counts_are_hidden(sample):
    exact, shown, _ = sample
    hidden = 0
    for before, after in zip(exact.rows, shown.rows, strict=True):
        if after.cases["BME"] is None or after.cases["White"] is None:
            hidden += 1
            assert after.likelihood.value is None and after.likelihood.ci_lower is None
            assert after.likelihood.reason.startswith("hidden for publication")
        else:
            assert after.likelihood == before.likelihood  # from the exact counts
    assert hidden
    assert all(r.outcomes.by_outcome == {} for r in shown.rows)


def test_tiny_log_hides_everything_small(tmp_path):
    cases = tmp_path / "cases.csv"
    cases.write_text("Employer,Year,Case Type,Ethnicity\n"
                     + "Trust A,2024,Disciplinary,H\n" * 3
                     + "Trust A,2024,Disciplinary,A\n" * 12, encoding="utf-8")  # fmt: skip
    members = tmp_path / "members.csv"
    members.write_text("Employer,Group,Members\nTrust A,BME,40\nTrust A,White,200\n",
                       encoding="utf-8")  # fmt: skip
    figures, audit = published(compute(read_cases(cases), read_members(members), year=2024))
    disciplinary = figures.rows[0]
    assert disciplinary.cases["BME"] is None
    assert disciplinary.likelihood.value is None
    assert disciplinary.members == {"BME": 40, "White": 200, "Unknown": None}  # not published
    assert "Prepared for publication" in figures.notes[-1]


def test_counts_in_the_notes_are_published_as_the_tables_are(tmp_path):
    """A note that opens with a count (cases with no recorded ethnicity, rows repeated) says a
    count of 1-7 as such and rounds others, as every published count is."""
    from metrics.casework.figures import compute as compute_figures

    cases = tmp_path / "cases.csv"
    rows = ["Trust A,2024,Disciplinary,A White - British"] * 20
    rows += ["Trust A,2024,Disciplinary,H Asian or Asian British - Indian"] * 12
    rows += ["Trust A,2024,Disciplinary,"] * 3  # no recorded ethnicity: 3 cases
    cases.write_text("Employer,Year,Case Type,Ethnicity\n" + "\n".join(rows) + "\n",
                     encoding="utf-8")  # fmt: skip
    members = tmp_path / "members.csv"
    members.write_text("Employer,Group,Members\nTrust A,BME,40\nTrust A,White,200\n",
                       encoding="utf-8")  # fmt: skip
    exact = compute_figures(read_cases(cases), read_members(members), year=2024)
    assert any(n.startswith("3 case") for n in exact.notes), exact.notes
    shown, _ = published(exact)
    unknown = [n for n in shown.notes if "ethnicity" in n and "Unknown" in n]
    assert unknown and unknown[0].startswith("1 to 7 case"), shown.notes
    assert not any(n.startswith("3 ") for n in shown.notes)
