"""Split rows in the engine: a standard's indicators for each group of a second characteristic
(`--by sex|disability|ethnicity`), the same rows metrics.standards.intersections.intersection_counts
makes from files, without a row leaving the engine.

As from files, each group's people go through the ordinary reduction: the tables are narrowed
to the group's people in the engine and counted as the whole is (counts._assemble). A person's
group is the staff table's (classified once per distinct label, as every characteristic is);
recruitment and board rows are placed by their own column; disciplinary, training and
capability records take their person's group from the staff table by employee number (and
organisation and year), else their own column, else the unknown group."""

from __future__ import annotations

import dataclasses

import pandas as pd

from metrics.counts import table as counts_mod
from metrics.inputs.column_values import GROUP_COLUMNS
from metrics.problems import InputError, Problem
from metrics.query.sources import Engine
from metrics.query.staff import PLACE, Prepared

STANDARD_OF = {"wres": "WRES", "all": "WRES", "medical": "MEDICAL", "wdes": "WDES"}
"""The standard a load for each purpose is split for (the report's pack splits the WRES)."""

EVENT_KINDS = ("disciplinary", "training", "capability")
OWN_COLUMN_KINDS = ("recruitment", "board")
SURVEY_KINDS = ("survey_gap", "survey_share", "score_gap")  # survey counts come as a file


def with_split_rows(engine: Engine, found: dict[str, Prepared], result, by: str, purpose: str,
                    organisation: str | None, assemble, year: int | None):  # fmt: skip
    """The query's result (metrics.query.counts.QueryCounts) with the split rows by `by` added
    to its counts; notes on records that cannot be placed join result.notes (as
    intersection_counts' join inputs.notes). assemble: how counts.py counts prepared tables
    (passed in, since that module calls this one); year: the reporting year, blank years'."""
    from metrics.standards.definitions import standard as standard_named
    from metrics.standards.intersections import second_characteristic

    std = standard_named(STANDARD_OF.get(purpose, "WRES"))
    second = second_characteristic(std, by)
    column = GROUP_COLUMNS[by]
    if not found["staff"].has(column):
        raise InputError(
            Problem(
                severity="error",
                message=f"splitting by {by} needs the staff table's {second.label} column",
                hint=f"Give a staff table with a {second.label.capitalize()} column, or name "
                f"it with --map COLUMN={by}.",
                option="--by",
            )
        )
    ids = {s.id for s in std.indicators if s.kind not in SURVEY_KINDS}
    read = {s.input for s in std.indicators}
    placed = {"staff": found["staff"]}
    for kind in (*OWN_COLUMN_KINDS, *EVENT_KINDS):
        if kind not in found or kind not in read:
            continue
        prepared = _placed(engine, found[kind], found["staff"], column, second, result.notes)
        if prepared is not None:
            placed[kind] = prepared
    parts = []
    for group in second.groups:
        subset = {kind: _narrowed(prepared, column, group) for kind, prepared in placed.items()}
        rows = assemble(engine, subset, year, organisation).counts  # its notes repeat the whole's
        rows = rows[rows["indicator"].isin(ids).to_numpy()]
        parts.append(rows.assign(characteristic=by, characteristic_group=group))
    split = counts_mod.normalise(pd.concat(parts, ignore_index=True))
    counts = counts_mod.normalise(pd.concat([result.counts, split], ignore_index=True))
    return dataclasses.replace(result, counts=counts)


def _placed(engine: Engine, prepared: Prepared, staff: Prepared, column: str, second,
            notes: list[str]) -> Prepared | None:  # fmt: skip
    """The table with its records' group of the second characteristic in `__by`, or None (with
    a note) when nothing in it says the group."""
    kind, label = prepared.kind, second.label
    t = prepared.table
    own = t[column] if column in t.columns else None
    if kind in OWN_COLUMN_KINDS or "employee_number" not in t.columns:
        if own is None:
            how = "" if kind in OWN_COLUMN_KINDS else " and no employee number to find it by"
            notes.append(
                f"the {kind} file gives no {label} (no {label} column{how}): "
                f"its indicators are not split by {label}"
            )
            return None
        return _with_group(prepared, t.mutate(__by=own.fill_null(second.unknown)))
    people = staff.table
    keys = ["employee_number", *[c for c in PLACE if c in t.columns and c in people.columns]]
    named = people.filter(people["employee_number"].notnull())
    lookup = named.group_by([named[k].name(f"__k_{k}") for k in keys]).aggregate(
        __g=named[column].min()  # a person's group: one a year, whatever their assignments
    )
    joined = t.left_join(lookup, [t[k] == lookup[f"__k_{k}"] for k in keys])
    found = joined["__g"]
    if own is not None:
        found = found.fill_null(joined[column])
    joined = engine.keep(joined.select(*t.columns, __by=found.fill_null(second.unknown),
                                       __none=found.isnull()))  # fmt: skip
    unplaced = int(engine.fetch(joined.filter(joined["__none"]).count()))
    if unplaced:
        notes.append(
            f"{unplaced:,} {kind} record(s) could not be matched to a {label}: "
            f"counted under {second.unknown} {label} in the split"
        )
    return _with_group(prepared, joined.drop("__none"))


def _with_group(prepared: Prepared, table) -> Prepared:
    return dataclasses.replace(prepared, table=table)


def _narrowed(prepared: Prepared, column: str, group: str) -> Prepared:
    """The prepared table narrowed to one group's people (staff by their own column, others
    by the group placed in `__by`), as it was otherwise."""
    t = prepared.table
    if "__by" in t.columns:
        return dataclasses.replace(prepared, table=t.filter(t["__by"] == group).drop("__by"))
    grouped = prepared.grouped
    if grouped is not None:
        grouped = grouped.filter(grouped[column] == group)
    return dataclasses.replace(prepared, table=t.filter(t[column] == group), grouped=grouped)
