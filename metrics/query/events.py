"""Disciplinary cases and training records in the engine: joined to staff by employee number
(groups, directorate and staff group taken from the staff table; bank staff's records left
out), each person counted once a year, counted by GROUP BY. Mirrors
metrics.counts.table._join_staff, _distinct_people and _ratio_rows."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.counts.table import beside_headcount
from metrics.inputs.columns import purpose as purpose_of
from metrics.problems import InputError, Problem
from metrics.query.breakdowns import complete, places
from metrics.query.checks import refuse
from metrics.query.labels import characteristics
from metrics.query.recruitment import common
from metrics.query.sources import Engine
from metrics.query.staff import PLACE, Prepared, RawLookup
from metrics.query.table_columns import ORGANISATION, ROW, raw_table, without_blank_rows

GROUP_WORDS = {"group": "ethnicity", "disability_group": "disability"}
BREAKDOWNS = ("directorate", "staff_group")


def prepare_events(
    engine: Engine,
    name: str,
    kind: str,
    mapping: dict[str, str] | None = None,
    *,
    purpose: str = "wres",
    labels_map: dict[str, str] | None = None,
) -> Prepared:
    raw = raw_table(engine, name, kind, mapping, None, purpose_of(purpose).requires_for(kind))
    problems: list[Problem] = list(raw.warnings)
    t = raw.table
    kept = [ROW] if ROW in t.columns else []
    t = characteristics(engine, raw, t, problems, labels_map, kept)
    t = common(engine, raw, t, problems, kept)
    if kind == "capability" and raw.has("grounds"):
        t = _grounds(engine, raw, t, problems)
        kept.append("grounds")
    refuse(problems)
    t = without_blank_rows(raw, t)
    t = engine.keep(t.select(*kept))
    columns = tuple(c for c in t.columns if c != ROW)
    return Prepared(kind=kind, table=t, columns=columns, problems=problems)


def join_staff(
    engine: Engine,
    events,
    staff,
    notes: list[str],
    label: str,
    needs: str = "group",
    *,
    unique: bool = False,
    said: dict[str, bool] | None = None,
):
    """Take the groups, directorate and staff group from the staff table by employee number
    (and year); the event table's own group fills records no staff row matches, else Unknown.
    Records of bank staff are left out.

    unique: the staff table has one row per person a year already (checked when it was
    prepared, and no blank year filled since), so no row needs choosing. The join is held in
    the engine once, and what it found (records unmatched, bank) counted in one query.

    said: when given, said["by_person"] says whether every record matched exactly one staff
    row by keys that name the person, and took every column but its keys from it: a person's
    records then agree on everything counted (distinct_people may take them as they are)."""
    found = _joined(events, staff, label, needs, unique, engine)
    if found is None:
        return events
    merged = engine.keep(found.table)
    counts = {"missing": (~merged["__matched"]).ifelse(1, 0).sum()}
    if "bank" in merged.columns:
        counts["bank"] = merged["bank"].ifelse(1, 0).sum()
    counted = engine.fetch(merged.aggregate(**counts)).iloc[0]
    missing = int(counted["missing"]) if pd.notna(counted["missing"]) else 0  # none: no records
    if said is not None:
        said["by_person"] = not missing and found.by_person
    merged = merged.drop("__matched")
    if missing:
        what = " and ".join(GROUP_WORDS[c] for c in found.groups)
        notes.append(
            f"{missing:,} {label} record(s) had an employee number not in the staff file "
            f"for that year; counted as Unknown {what}"
        )
    if "bank" in merged.columns:
        bank_note(notes, label, counted["bank"])
        merged = merged.filter(~merged["bank"]).drop("bank")
    return merged


def bank_note(notes: list[str], label: str, bank) -> None:
    """Say how many of the records were bank staff's, left out (when any were)."""
    n = int(bank) if pd.notna(bank) else 0
    if n:
        notes.append(
            f"{n:,} {label} record(s) belong to bank staff and are left "
            "out, as bank staff are outside the WRES and the WDES"
        )


@dataclass(frozen=True)
class Joined:
    """Event records joined to their staff rows, not yet run: the records' own columns
    (`kept`), the groups and breakdowns taken from staff, `bank`, and `__matched`."""

    table: object  # Ibis table expression
    groups: list[str]  # the group columns (ethnicity, disability) it holds
    by_person: bool  # if every record matches: a person's records agree on all but ROW


def _joined(events, staff, label: str, needs: str, unique: bool, engine: Engine):
    """The join of join_staff, as an expression; None when there is no employee number to
    join by (InputError when the table also lacks the group it needs)."""
    import ibis

    raw = staff if isinstance(staff, RawLookup) else None
    columns = (raw.columns if raw is not None else staff.columns) if staff is not None else ()
    if "employee_number" not in events.columns or "employee_number" not in columns:
        if needs not in events.columns:
            what = GROUP_WORDS[needs]
            raise InputError(
                Problem(
                    severity="error",
                    message=f"the {label} table has no {what} column and cannot be joined to staff",
                    hint=f"Add a {what.capitalize()} column, or an Employee Number column and "
                    "give the staff table too.",
                )
            )
        return None
    keys = ["employee_number"] + [c for c in PLACE if c in events.columns and c in columns]
    groups = [c for c in GROUP_WORDS if c in columns]
    # an event table without the organisation takes it from the staff row it matches
    place = [c for c in PLACE[:1] if c in columns and c not in keys]
    take = [c for c in (*groups, *place, *BREAKDOWNS, "bank") if c in columns]
    left = events.drop(*[c for c in take if c in events.columns and c not in groups])
    if raw is not None:  # joined to the stored staff rows first, their labels read after
        left = left.rename({f"__own_{c}": c for c in groups if c in events.columns})
        rows = raw.rows.rename({f"__s_{k}": k for k in (*keys, *place)})
        rows = rows.mutate(__matched=ibis.literal(True))
        joined = left.left_join(rows, [left[k] == rows[f"__s_{k}"] for k in keys])
        joined = raw.label(joined)

        def own_of(c: str) -> str:
            return f"__own_{c}"

        def staff_of(c: str) -> str:  # the groups and breakdowns read after the join
            return f"__s_{c}" if c in place else c
    else:
        named = staff.filter(staff["employee_number"].notnull())
        if not unique:  # one staff row per key, the first: a person whose year was filled has two
            order = [named[ROW]] if ROW in named.columns else []
            first = ibis.row_number().over(group_by=[named[k] for k in keys], order_by=order) == 0
            named = named.filter(first)
        lookup = _staff_lookup(engine, staff, named, keys, take, unique)
        joined = left.left_join(lookup, [left[k] == lookup[f"__s_{k}"] for k in keys])

        def own_of(c: str) -> str:
            return c

        def staff_of(c: str) -> str:
            return f"__s_{c}"

    matched = joined["__matched"].notnull()
    out = {}
    for col in groups:
        own = joined[own_of(col)] if col in events.columns else ibis.literal("Unknown")
        out[col] = matched.ifelse(joined[staff_of(col)], own)
    for col in take:
        if col not in groups:
            out[col] = joined[staff_of(col)]
    if "bank" in out:
        out["bank"] = out["bank"].fill_null(False)
    kept = [c for c in events.columns if c not in out]  # (own groups renamed: in `out`)
    own_columns = set(kept) - {ROW, KIND, "employee_number", *PLACE}  # the records' own
    # a staff year not joined on: a record would match a row of every year
    every_year = "year" in columns and "year" not in keys
    table = joined.select(*kept, **out, __matched=matched)
    return Joined(table=table, groups=groups, by_person=not own_columns and not every_year)


KIND = "__kind"
"""Which event table a record came from, where several are counted in one query."""


def people_counts(
    engine: Engine,
    events: dict[str, object],
    staff,
    headcount: pd.DataFrame,
    group_column: str = "group",
    *,
    unique: bool = False,
) -> dict[str, tuple[pd.DataFrame, int]]:
    """The people per group a year among each event table's records ({kind: records}), as
    ratio_rows counts them after join_staff and distinct_people, in one query that holds
    nothing: the records (of every table with the same columns, together, so the staff rows
    are read once) joined to staff as join_staff joins them, and per group the distinct
    employee numbers (each group being of one organisation and year; else each person's
    records grouped first), with the records unmatched, without a year and of bank staff
    counted alongside. This is the people only when every record matched its person's one
    staff row and took all it is counted by from it (join_staff's by_person): a person's
    records then agree on everything counted. Only counts come back.

    Returns {kind: (counts by the keys and group, `numerator`; bank staff's records)} for the
    tables so counted; a table with a record no staff row matches or without a year, or whose
    records may not be taken as people, is left out, for the record-by-record path."""
    import ibis

    named = {k: e for k, e in events.items() if {"employee_number", "year"} <= set(e.columns)}
    alike: dict[object, list[str]] = {}
    for kind, table in named.items():  # tables with one schema are counted together
        alike.setdefault(table.schema(), []).append(kind)
    out: dict[str, tuple[pd.DataFrame, int]] = {}
    for kinds in alike.values():
        tagged = [named[k].mutate(**{KIND: ibis.literal(k, "string")}) for k in kinds]
        union = tagged[0] if len(tagged) == 1 else tagged[0].union(*tagged[1:], distinct=False)
        out |= _people_of(engine, union, staff, headcount, group_column, unique)
    return out


def _people_of(engine: Engine, events, staff, headcount, group_column: str, unique: bool):
    """people_counts for records of one or more tables (told apart by KIND)."""
    found = _joined(events, staff, "event", group_column, unique, engine)
    if found is None or not found.by_person:
        return {}
    t = found.table
    keys = [k for k in (*PLACE, *BREAKDOWNS) if k in t.columns and k in headcount.columns]
    if all(k in keys for k in PLACE if k in t.columns):
        in_post = ~t["bank"] if "bank" in t.columns else None
        people, weight = t["employee_number"].nunique(where=in_post), 1
    else:  # a person's records grouped first (weighted by their number), then counted
        t = t.group_by([c for c in t.columns if c != ROW]).agg(__records=t.count())
        people = t["bank"].ifelse(0, 1).sum() if "bank" in t.columns else t.count()
        weight = t["__records"]
    aggs = {
        "numerator": people,
        "__missing": (~t["__matched"]).ifelse(weight, 0).sum(),
        "__no_year": t["year"].isnull().ifelse(weight, 0).sum(),
    }
    if "bank" in t.columns:
        aggs["__bank"] = t["bank"].ifelse(weight, 0).sum()
    got = engine.fetch(t.group_by([KIND, *keys, group_column]).agg(**aggs))
    out = {}
    for kind, part in got.groupby(KIND, sort=False):
        if part["__missing"].sum() or part["__no_year"].sum():
            continue
        counted = part[part["numerator"] > 0].drop(columns=[KIND, *aggs.keys() - {"numerator"}])
        bank = int(part["__bank"].sum()) if "__bank" in part.columns else 0
        out[str(kind)] = (counted.reset_index(drop=True), bank)
    return out


def _staff_lookup(engine: Engine, staff, named, keys: list[str], take: list[str], unique: bool):
    """The staff columns events take, by person: held in the engine once and shared by every
    event table joined the same way (disciplinary and training), so the staff rows are read
    and classified once, not once per event table."""
    import ibis

    held = getattr(engine, "_staff_lookups", None)
    if held is None:
        held = {}
        engine._staff_lookups = held  # type: ignore[attr-defined]
    key = (staff, tuple(keys), tuple(take), unique)
    if key not in held:
        lookup = named.select(
            **{f"__s_{k}": named[k] for k in keys}, **{f"__s_{c}": named[c] for c in take}
        )
        held[key] = engine.keep(lookup.mutate(__matched=ibis.literal(True)))
    return held[key]


def distinct_people(
    engine: Engine, events, notes: list[str], label: str, *, by_person: bool = False
):
    """Each person once a year (the first of their records), when every record names them.

    by_person: every record took its group and breakdowns from its person's one staff row
    (join_staff's said["by_person"]), so a person's records agree on all but their row
    number: the distinct rows without it are the people, with no window over the records."""
    import ibis

    if by_person:
        return events.select(*[c for c in events.columns if c != ROW]).distinct()
    if "employee_number" in events.columns:
        blank = int(engine.fetch(events.filter(events["employee_number"].isnull()).count()))
        if not blank:
            person = ["employee_number", *[c for c in PLACE if c in events.columns]]
            order = [events[ROW]] if ROW in events.columns else []
            rank = ibis.row_number().over(group_by=[events[k] for k in person], order_by=order)
            return events.mutate(__rank=rank).filter(lambda t: t["__rank"] == 0).drop("__rank")
    notes.append(
        f"the {label} file has no employee number for every row: each row is counted as one person"
    )
    return events


def ratio_rows(
    engine: Engine,
    events,
    headcount: pd.DataFrame,
    indicator: str,
    notes: list[str],
    label: str,
    group_column: str = "group",
    counted: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Records per group beside the matching headcount; a breakdown kept only when complete
    (for each organisation on its own). counted: the records per group already counted
    (people_counts; `events` is then not read)."""
    columns = events.columns if counted is None else counted.columns
    keys = [k for k in (*PLACE, *BREAKDOWNS) if k in columns and k in headcount.columns]
    if counted is None:
        counted = engine.fetch(events.group_by([*keys, group_column]).agg(numerator=events.count()))
    num = counted.rename(columns={group_column: "group"})
    parts = complete(num, keys, BREAKDOWNS, ["numerator"])
    lacking = set().union(*(places(part) for lacks, _, part in parts if lacks))
    out = []
    for lacks, kept, part in parts:
        heads = headcount
        if ORGANISATION in keys:
            chosen = headcount[ORGANISATION].isin(places(part) if lacks else lacking)
            heads = headcount[chosen.to_numpy() if lacks else ~chosen.to_numpy()]
        for k in lacks:
            where = ""
            if ORGANISATION in keys:
                named = sorted(str(p) for p in places(part) if p is not None)
                where = f" (in {len(named):,} organisation(s): {', '.join(named[:5])}" + (
                    ", ...)" if len(named) > 5 else ")"
                )
            notes.append(
                f"{indicator}: some {label} records have no {k.replace('_', ' ')}{where}, so "
                f"{indicator} is given for the whole organisation only"
            )
        out.append(beside_headcount(part, heads, kept, indicator, notes, label))
    return out[0] if len(out) == 1 else pd.concat(out, ignore_index=True)


def _grounds(engine: Engine, raw, t, problems: list[Problem]):
    """Capability grounds read as the file path reads them: performance, ill health, 'not
    given' for a blank (counted, with a note) and 'unrecognised' (not counted, warned)."""
    from metrics.query.checks import label_problems
    from metrics.query.classify import attach
    from metrics.standards.capability_grounds import grounds

    t, labels = attach(
        engine, raw, t, "grounds",
        lambda v: {"grounds": "not given" if v is None else grounds(v) or "unrecognised"},
        {"grounds": "string"},
    )  # fmt: skip
    problems += label_problems(
        engine, raw, labels, labels.where(lambda r: r["grounds"] == "unrecognised"),
        severity="warning",
        message="capability grounds not recognised; not counted as performance",
        hint="Write Performance or Ill health (sickness, attendance) as the grounds.",
    )  # fmt: skip
    return t


def performance_cases(engine: Engine, cases, notes: list[str]):
    """WDES3 counts performance grounds only: ill-health and unrecognised cases left out and a
    blank counted, each said in a note (as the file path says them)."""
    from metrics.standards.capability_grounds import counted_grounds

    if "grounds" not in cases.columns:
        notes.append(
            "the capability file has no grounds column: every case is counted as a performance case"
        )
        return cases
    counted = engine.fetch(cases.group_by("grounds").agg(__n=cases.count()))
    found = {g: int(n) for g, n in zip(counted["grounds"], counted["__n"], strict=True)}
    for said, ground in (
        ("on ill-health grounds left out (WDES3 counts performance grounds only)", "ill health"),
        ("whose grounds were not recognised left out", "unrecognised"),
        ("with no grounds given counted (the file did not say; WDES3 counts performance "
         "grounds only)", "not given"),
    ):  # fmt: skip
        if found.get(ground):
            notes.append(f"{found[ground]:,} capability case(s) {said}")
    kept = cases["grounds"].isin([*counted_grounds(), "not given"])
    return cases.filter(kept).drop("grounds")
