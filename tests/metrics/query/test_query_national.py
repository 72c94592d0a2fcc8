"""Every trust and every year in one pass: a national (or ICB) table holding several trusts'
rows, each with an organisation column, gives the counts of every organisation x year from one
set of GROUP BY queries, equal cell for cell to each trust's counts taken on its own: by the
file path (the oracle) and by the query layer one trust at a time."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from query_tables import (
    TABLE_KINDS,
    assert_no_row_per_person,
    capture_results,
    duckdb_with,
    in_order,
    sample_tables,
)

from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.query.counts import counts_from

TRUSTS = ("Northbrook Valley", "Southmoor", "Eastvale Community")
ORGANISATION_HEADERS = {  # each kind names the column by another of its aliases
    "staff": "Organisation",
    "recruitment": "Trust",
    "disciplinary": "Org",
    "training": "Organisation Name",
    "board": "Organization",
}


def trust_tables(sample: dict[str, pd.DataFrame], i: int) -> dict[str, pd.DataFrame]:
    """Trust i's tables: the sample trust's rows thinned and (for the third) with ethnicity
    moved between people, so each trust's counts differ. Employee numbers are the same in
    every trust: a number names a person within one trust only."""
    out = {}
    for kind, frame in sample.items():
        rows = frame.iloc[:: i + 1].reset_index(drop=True) if kind != "board" else frame
        if i == 2 and "Ethnicity" in rows:
            rows = rows.assign(Ethnicity=list(rows["Ethnicity"].iloc[7:]) + list(
                rows["Ethnicity"].iloc[:7]))  # fmt: skip
        out[kind] = rows
    return out


def national(per_trust: dict[str, dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Every trust's rows in one table per kind, with an organisation column (first, padded,
    as an extract may give it)."""
    out = {}
    for kind in TABLE_KINDS:
        parts = [
            tables[kind].assign(**{ORGANISATION_HEADERS[kind]: f" {name}"})
            for name, tables in per_trust.items()
        ]
        joined = pd.concat(parts, ignore_index=True)
        out[kind] = joined[[ORGANISATION_HEADERS[kind], *parts[0].columns[:-1]]]
    return out


def file_counts(tables: dict[str, pd.DataFrame], folder: Path, name: str) -> pd.DataFrame:
    """One trust's counts by the file path, from its tables written as CSV files."""
    folder.mkdir()
    files = {}
    for kind, frame in tables.items():
        files[kind] = folder / f"{kind}.csv"
        frame.to_csv(files[kind], index=False)
    result = load(Sources(files=files, organisation=name))
    assert not result.errors, [p.sentence() for p in result.errors[:3]]
    return result.counts


@pytest.fixture(scope="module")
def sample() -> dict[str, pd.DataFrame]:
    return sample_tables()


def test_every_trust_and_year_equal_each_trust_on_its_own(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ibis.backends.duckdb import Backend

    per_trust = {name: trust_tables(sample, i) for i, name in enumerate(TRUSTS)}
    tables = national(per_trust)
    engine = duckdb_with(tables)
    fetched = capture_results(monkeypatch, Backend)
    together = counts_from(engine, {kind: kind for kind in TABLE_KINDS}).counts
    assert_no_row_per_person(fetched, tables, at_least=10)
    monkeypatch.undo()

    by_files = pd.concat(
        [file_counts(per_trust[name], tmp_path / str(i), name) for i, name in enumerate(TRUSTS)]
    )
    one_at_a_time = pd.concat(
        [
            counts_from(
                duckdb_with(per_trust[name]), {k: k for k in TABLE_KINDS}, organisation=name
            ).counts
            for name in TRUSTS
        ]  # fmt: skip
    )
    assert set(together["organisation"]) == set(TRUSTS)
    assert set(zip(together["organisation"], together["year"], strict=True)) == {
        (name, year) for name in TRUSTS for year in (2024, 2025)
    }
    pd.testing.assert_frame_equal(in_order(together), in_order(by_files))
    pd.testing.assert_frame_equal(in_order(together), in_order(one_at_a_time))
    # the trusts differ, so equal frames are not a coincidence of one trust copied three times
    wres1 = together[together["indicator"] == "WRES1"]
    assert wres1.groupby("organisation")["numerator"].sum().nunique() == 3


def test_the_same_employee_number_in_two_trusts_is_two_people(sample) -> None:
    staff = sample["staff"]
    one_year = staff[staff["Year"] == "2025"].head(50)
    tables = {"staff": pd.concat([one_year.assign(Trust="A"), one_year.assign(Trust="B")])}
    result = counts_from(duckdb_with(tables), {"staff": "staff"})
    wres1 = result.counts[result.counts["indicator"] == "WRES1"]
    people = one_year[~one_year["Assignment Category"].str.contains("Bank", case=False)]
    heads = wres1.groupby("organisation")["numerator"].sum().to_dict()
    assert heads == {"A": people["Employee Number"].nunique(),
                     "B": people["Employee Number"].nunique()}  # fmt: skip
    assert not any("merged" in n and not n.startswith("0") for n in result.notes)


def test_a_column_named_by_map_holds_the_organisation(sample) -> None:
    staff = sample["staff"].head(200)
    tables = {"staff": pd.concat([staff.assign(Provider="X"), staff.assign(Provider="Y")])}
    engine = duckdb_with(tables)
    with pytest.raises(InputError, match="more than one row"):  # not an alias: one trust
        counts_from(engine, {"staff": "staff"})
    mapped = counts_from(engine, {"staff": "staff"}, mapping={"Provider": "organisation"}).counts
    alone = counts_from(duckdb_with({"staff": staff}), {"staff": "staff"}).counts
    assert set(mapped["organisation"]) == {"X", "Y"}
    for name in ("X", "Y"):
        own = mapped[mapped["organisation"] == name].assign(organisation=None)
        pd.testing.assert_frame_equal(in_order(own), in_order(alone))


def test_a_map_to_a_missing_organisation_column_is_refused(sample) -> None:
    engine = duckdb_with({"staff": sample["staff"].head(20)})
    with pytest.raises(InputError) as refused:
        counts_from(engine, {"staff": "staff"}, mapping={"Provider": "organisation"})
    problem = refused.value.problems[0]
    assert '"Provider"' in problem.message and "not in the table" in problem.message
    assert "Employee Number" in (problem.hint or "")


# --- random national tables ------------------------------------------------------------------
ETHNICITY = ["A White - British", "White", "H Asian or Asian British - Indian", "CA", "Z", "",
             "N Black or Black British - African", "nonsense"]  # fmt: skip
BANDS = ["Band 5", "AfC Band 8A", "VSM", "Consultant", "", "band 2"]
GROUPS = ["Nursing and Midwifery Registered", "Medical and Dental", "Admin & Clerical", ""]
CATEGORY = ["Permanent", "Bank", ""]


@st.composite
def trust_staff(draw) -> pd.DataFrame:
    """One trust's staff rows, some without a year (filled with the trust's own latest year),
    numbers repeated so that some people have two assignments."""
    n = draw(st.integers(min_value=1, max_value=30))
    rows = [
        {
            "Year": "2025",
            "Employee Number": "99",
            "Assignment Number": "99-1",
            "Ethnicity": "A",
            "Pay Band": "Band 5",
            "Staff Group": "",
            "Assignment Category": "",
            "FTE": "1",
        }
    ]  # a White row: no trust is refused for having none (the file path's rule)
    for i in range(n):
        person = draw(st.integers(min_value=1, max_value=max(n // 2, 1)))
        rows.append({
            "Year": draw(st.sampled_from(["2024", "2025", ""])),
            "Employee Number": draw(st.sampled_from([str(person), f" {person}", ""])),
            "Assignment Number": f"{person}-{i}",
            "Ethnicity": draw(st.sampled_from(ETHNICITY)),
            "Pay Band": draw(st.sampled_from(BANDS)),
            "Staff Group": draw(st.sampled_from(GROUPS)),
            "Assignment Category": draw(st.sampled_from(CATEGORY)),
            "FTE": draw(st.sampled_from(["1", "0.5", ""])),
        })  # fmt: skip
    return pd.DataFrame(rows)


@st.composite
def trust_events(draw) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=12))
    return pd.DataFrame({
        "Year": [draw(st.sampled_from(["2024", "2025", ""])) for _ in range(n)],
        "Employee Number": [str(draw(st.integers(min_value=1, max_value=15))) for _ in range(n)],
    })  # fmt: skip


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(trusts=st.lists(st.tuples(trust_staff(), trust_events()), min_size=1, max_size=3))
def test_random_national_tables_equal_each_trust_by_the_file_path(tmp_path_factory, trusts):
    per_trust = {
        f"Trust {i}": {"staff": staff, "disciplinary": events}
        for i, (staff, events) in enumerate(trusts)
    }
    tables = {
        kind: pd.concat([t[kind].assign(Trust=name) for name, t in per_trust.items()])
        for kind in ("staff", "disciplinary")
    }
    folder = tmp_path_factory.mktemp("trusts")
    expected = [file_counts(own, folder / str(i), name)
                for i, (name, own) in enumerate(per_trust.items())]  # fmt: skip
    together = counts_from(duckdb_with(tables), {k: k for k in tables}).counts
    pd.testing.assert_frame_equal(in_order(together), in_order(pd.concat(expected)))
