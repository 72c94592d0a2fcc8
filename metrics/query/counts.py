"""Tables in a database reduced to the canonical counts table (metrics.counts.table) inside
the engine: the same rows, cell for cell, as the file path gives for the same data, with only
distinct labels and counts fetched back. Mirrors metrics.counts.table.from_inputs."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from metrics.counts import table as counts_mod
from metrics.inputs.columns import reads_medical
from metrics.problems import InputError, Problem
from metrics.query.board import board_rows, prepare_board
from metrics.query.events import (
    bank_note,
    distinct_people,
    join_staff,
    people_counts,
    performance_cases,
    prepare_events,
    ratio_rows,
)
from metrics.query.matches import matches_per_table
from metrics.query.recruitment import appointed, prepare_recruitment
from metrics.query.sources import Engine
from metrics.query.split import with_split_rows
from metrics.query.staff import Prepared, prepare_staff, staff_counts
from metrics.query.table_columns import ORGANISATION

KINDS = ("staff", "recruitment", "disciplinary", "training", "board", "capability")
"""The kinds of table the query layer reads (survey results are counts already: a file)."""


@dataclass
class QueryCounts:
    """The counts, the warnings found in the tables' labels, and notes for data quality."""

    counts: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    doctors: pd.DataFrame | None = None  # medical view: doctors per combination of labels


def counts_from(
    engine: Engine,
    tables: dict[str, str],
    *,
    mapping: dict[str, str] | None = None,
    mappings: dict[str, dict[str, str]] | None = None,
    year: int | None = None,
    organisation: str | None = None,
    purpose: str = "wres",
    labels: dict[str, str] | None = None,
    by: str | None = None,
) -> QueryCounts:
    """The canonical counts of the tables named for each kind ({"staff": "esr_2025", ...}).

    mapping: {column: field}, as --map: applied to every table that has the column (a column
    no table has is refused); mappings: {kind: {column: field}}, one table's own matches (a
    column that table lacks is refused); year: the year given to rows without one (default the
    latest in the tables; not a filter); labels: the organisation's own ethnicity labels
    {label: White|BME|Unknown}; by: a second characteristic to split the standard by as well
    (metrics.query.split).
    Raises InputError for an unknown kind, a missing table or column, or unusable values."""
    unknown = [k for k in tables if k not in KINDS]
    if unknown:
        raise InputError(
            Problem(
                severity="error",
                message=f"the query layer cannot read a {unknown[0]!r} table yet",
                hint="Give tables for " + ", ".join(KINDS) + " (survey results are read from "
                "a file).",
            )
        )
    if "staff" not in tables:
        raise InputError(
            Problem(
                severity="error",
                message="no staff table given",
                hint="Give --table staff=TABLE: every indicator but board composition needs "
                "the staff headcount.",
            )
        )
    matches = matches_per_table(engine, tables, mapping, mappings)
    found: dict[str, Prepared] = {
        "staff": prepare_staff(
            engine, tables["staff"], matches["staff"], purpose=purpose, labels_map=labels, by=by
        )
    }
    if "recruitment" in tables:
        found["recruitment"] = prepare_recruitment(
            engine, tables["recruitment"], matches["recruitment"], purpose=purpose,
            labels_map=labels,
        )  # fmt: skip
    for kind in ("disciplinary", "training", "capability"):
        if kind in tables:
            found[kind] = prepare_events(
                engine, tables[kind], kind, matches[kind], purpose=purpose, labels_map=labels
            )
    if "board" in tables:
        found["board"] = prepare_board(engine, tables["board"], matches["board"],
                                       labels_map=labels)  # fmt: skip
    result = _assemble(engine, found, year, organisation)
    result = _with_medical_rows(engine, found, result, year, organisation, purpose)
    if by:  # the rows split by a second characteristic, each group counted as the whole is
        result = with_split_rows(engine, found, result, by, purpose, organisation, _assemble,
                                 year or _latest_year(engine, found))  # fmt: skip
    return result


def _with_medical_rows(engine, found, result: QueryCounts, year, organisation, purpose: str):
    """The counts with the medical view's MED-GRADE and MED-ROLE rows where the file path adds
    them (metrics.inputs.pipeline._with_medical_rows), blank years taken as the reporting year."""
    if not reads_medical(purpose):
        return result
    from metrics.query.medical import medical_rows

    filled = year or _latest_year(engine, found)
    rows, result.doctors = medical_rows(
        engine, found["staff"], year=filled, organisation=organisation, notes=result.notes
    )
    if not rows.empty:  # after the others, in the grades' and roles' own order, as from files
        both = pd.concat([result.counts, rows], ignore_index=True)
        result.counts = counts_mod.normalise(both)
    return result


def _latest_year(engine: Engine, found: dict[str, Prepared]) -> int | None:
    """The latest year over every table: from the staff checks where found there, the other
    tables' latest years in one query (a row per table), not a round trip each."""
    years = []
    parts = []
    for prepared in found.values():
        if prepared.years is not None:  # found with the other checks already
            if prepared.years[1] is not None:
                years.append(prepared.years[1])
        elif prepared.has("year"):
            parts.append(prepared.table.aggregate(__latest=prepared.table["year"].max()))
    if parts:
        union = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], distinct=False)
        years += [int(v) for v in engine.fetch(union)["__latest"].dropna()]
    return max(years) if years else None


def _latest_by_organisation(engine: Engine, found: dict[str, Prepared]):
    """A small table in the engine: each organisation's latest year over every table that
    gives both (the reporting year its own file would have), from one query."""
    import ibis

    parts = []
    for prepared in found.values():
        source = prepared.grouped if prepared.grouped is not None else prepared.table
        if prepared.has("year") and prepared.has(ORGANISATION) and "year" in source.columns:
            parts.append(
                source.group_by(__org=source[ORGANISATION]).agg(__latest=source["year"].max())
            )
    if not parts:
        return None
    union = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], distinct=False)
    fetched = engine.fetch(union).dropna(subset=["__latest"])
    by_org = fetched.groupby("__org", dropna=False)["__latest"].max()
    orgs = [None if o is None or o != o else str(o) for o in by_org.index]
    data = {"__org": orgs, "__latest": [int(v) for v in by_org]}
    return ibis.memtable(data, schema=ibis.schema({"__org": "string", "__latest": "int64"}))


def _filled_per_organisation(table, latest, reporting_year: int):
    """Blank years filled with the organisation's own latest year, as each trust's own file
    is filled; the reporting year where the organisation gives no year at all."""
    import ibis

    if latest is None:
        return table.mutate(year=table["year"].fill_null(reporting_year))
    joined = table.left_join(latest, table[ORGANISATION].identical_to(latest["__org"]))
    filled = ibis.coalesce(joined["year"], joined["__latest"], reporting_year)
    return joined.mutate(year=filled).select(*table.columns)


def _assemble(
    engine: Engine, found: dict[str, Prepared], year: int | None, organisation: str | None
) -> QueryCounts:
    import ibis

    notes: list[str] = []
    problems = [p for prepared in found.values() for p in prepared.problems]
    staff_notes = found["staff"].notes
    if staff_notes.get("bank_excluded"):
        notes.append(
            f"{staff_notes['bank_excluded']:,} bank staff excluded from the staff figures "
            "(people whose only assignments are bank)"
        )
    if staff_notes.get("extra_assignments_merged"):
        notes.append(
            f"{staff_notes['extra_assignments_merged']:,} second and later assignments "
            "merged: each person counted once, in their main assignment"
        )
    reporting_year = year or _latest_year(engine, found)
    latest: dict[str, object] = {}  # organisation -> its own latest year, fetched when needed

    def with_year(table, label: str, blank: int | None = None):
        if "year" in table.columns:
            if blank is None:
                blank = int(engine.fetch(table.filter(table["year"].isnull()).count()))
            if not blank:
                return table
            if reporting_year is None:
                return table.drop("year")
            if year is None and ORGANISATION in table.columns:  # each trust's own latest
                if "table" not in latest:
                    latest["table"] = _latest_by_organisation(engine, found)
                return _filled_per_organisation(table, latest["table"], reporting_year)
            return table.mutate(year=table["year"].fill_null(reporting_year))
        if reporting_year is None:
            return table
        notes.append(f"the {label} data has no year; taken as {reporting_year}")
        return table.mutate(year=ibis.literal(reporting_year, "int64"))

    parts: list[pd.DataFrame] = []
    headcounts: dict[str, pd.DataFrame] = {}
    prepared = found["staff"]
    blank_years = prepared.years[0] if prepared.years else None
    staff = with_year(prepared.table, "staff", blank_years)
    in_post = staff.filter(~staff["bank"]) if "bank" in staff.columns else staff
    if prepared.grouped is not None:  # nobody repeats: counted from the grouped labels
        counted = with_year(prepared.grouped, "staff", blank_years)
        notes[:] = list(dict.fromkeys(notes))  # the no-year note once, not per table
        counted = counted.filter(~counted["bank"]) if "bank" in counted.columns else counted
    else:
        if staff is not prepared.table:  # years filled: held once, not recomputed per query
            staff = engine.keep(staff)
            in_post = staff.filter(~staff["bank"]) if "bank" in staff.columns else staff
        counted = in_post
    for column, indicator in (("group", "WRES1"), ("disability_group", "WDES1")):
        if column in counted.columns:
            shares, headcounts[column] = staff_counts(engine, counted, column, indicator)
            parts.append(shares)
    if "recruitment" in found:
        rec = with_year(found["recruitment"].table, "recruitment")
        for column, indicator in (("group", "WRES2"), ("disability_group", "WDES2")):
            if column in rec.columns:
                parts.append(appointed(engine, rec, column, indicator))
    kinds = {k: i for k, i in (("disciplinary", "WRES3"), ("training", "WRES4")) if k in found}
    together = {}
    if kinds and "group" in headcounts:  # the tables' people counted together where they can be
        rows, unique = _lookup(found, staff)
        events = {k: found[k].table for k in kinds}
        together = people_counts(engine, events, rows, headcounts["group"], unique=unique) or {}
    for kind, indicator in kinds.items():
        if "group" not in headcounts:
            notes.append(f"{indicator} needs the staff file's ethnicity column: left out")
            continue
        parts.append(
            _event_rows(engine, found, staff, found[kind].table, headcounts["group"], indicator,
                        notes, kind, with_year, counted=together.get(kind))
        )  # fmt: skip
    if "capability" in found:
        parts += _capability_rows(engine, found, staff, headcounts, notes, with_year)
    board = None
    if "board" in found:
        board = with_year(found["board"].table, "board")
    elif "board_voting" in staff.columns or "board_executive" in staff.columns:
        renamed = {"voting": "board_voting", "executive": "board_executive"}
        board = in_post.rename({k: v for k, v in renamed.items() if v in in_post.columns})
    if board is not None:
        for column, indicator in (("group", "WRES9"), ("disability_group", "WDES10")):
            if column in board.columns:
                parts += board_rows(engine, board, column, indicator)
    kept = [p for p in parts if not p.empty]
    counts = (
        counts_mod.normalise(pd.concat(kept, ignore_index=True)) if kept else counts_mod.empty()
    )
    if organisation:
        counts["organisation"] = counts["organisation"].where(
            counts["organisation"].notna(), organisation
        )
    return QueryCounts(counts=_in_order(counts), problems=problems, notes=notes)


def _lookup(found: dict[str, Prepared], staff):
    """The staff rows events are joined to, and whether they hold one row a person a year: the
    narrow lookup rows when nobody repeats and no blank year was filled, else `staff`."""
    prepared = found["staff"]
    if staff is prepared.table and prepared.lookup is not None:
        return prepared.lookup, True
    return staff, staff is prepared.table


def _capability_rows(engine, found, staff, headcounts, notes, with_year):
    """WDES3: staff entering the formal capability process on performance grounds, each person
    once a year, over the headcount, per disability group."""
    prepared = found["capability"]
    if "disability_group" not in headcounts:
        notes.append("WDES3 needs the staff file's disability column: left out")
        return []
    cases = performance_cases(engine, prepared.table, notes)
    group, label = "disability_group", "capability"
    rows, unique = _lookup(found, staff)
    heads = headcounts[group]
    counted = people_counts(engine, {label: cases}, rows, heads, group, unique=unique) or {}
    return [_event_rows(engine, found, staff, cases, heads, "WDES3", notes, label, with_year,
                        group, counted=counted.get(label))]  # fmt: skip


def _event_rows(engine, found, staff, events, headcount, indicator, notes, label, with_year,
                group: str = "group", *, counted=None) -> pd.DataFrame:  # fmt: skip
    """An event table's ratio rows: each person once a year among its records joined to staff.
    counted: its people counted already in one query (people_counts: the counts, and records of
    bank staff left out); else counted record by record: the join held, each person's first
    record a year taken, then counted."""
    if counted is not None:
        people, bank = counted
        bank_note(notes, label, bank)
        return ratio_rows(engine, None, headcount, indicator, notes, label, group, people)
    rows, unique = _lookup(found, staff)
    said: dict[str, bool] = {}
    joined = join_staff(engine, events, rows, notes, label, group, unique=unique, said=said)
    by_person = said.get("by_person", False)
    events = distinct_people(engine, with_year(joined, label), notes, label, by_person=by_person)
    return ratio_rows(engine, events, headcount, indicator, notes, label, group)


def _in_order(counts: pd.DataFrame) -> pd.DataFrame:
    """The rows in one order whatever order the engine returned them in (a parallel GROUP BY
    has none): by indicator, year and the breakdowns, missing last, so tables and exports made
    from them come out the same each run."""
    if counts.empty:
        return counts
    keys = [c for c in counts.columns if c not in ("numerator", "denominator", "score", "notes")]
    return counts.iloc[_order(counts, keys)].reset_index(drop=True)


def _order(counts: pd.DataFrame, keys: list[str]):
    """The row order of _in_order, by whole columns (missing last, then the text of each
    value) rather than a Python key per cell: each column's distinct values are ranked once."""
    import numpy as np

    columns = []
    for key in keys:
        codes, uniques = pd.factorize(counts[key])  # in the column's own type; missing: -1
        text = np.array([str(v) for v in uniques], dtype=object)
        rank = np.full(len(text) + 1, -1, dtype=np.int64)  # the last: missing (code -1)
        rank[np.argsort(text, kind="stable")] = np.arange(len(text))
        columns += [codes < 0, rank[codes]]
    return np.lexsort(columns[::-1])
