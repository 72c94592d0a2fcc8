"""Staff in post, in the engine: each column's labels classified once (metrics.counts rules),
each person once a year in their main assignment, bank staff marked; then WRES1 / WDES1 counts
and the headcount per group taken by GROUP BY. Mirrors metrics.inputs.loaders._staff and
metrics.counts.table rule for rule; the equality tests hold the two together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from metrics import reference as ref
from metrics.counts import classify
from metrics.inputs.column_values import clinical_code, flag_code
from metrics.inputs.columns import purpose as purpose_of
from metrics.problems import Problem
from metrics.query.checks import label_problems, refuse
from metrics.query.classify import attach, clean
from metrics.query.labels import (
    GROUP_COLUMNS,
    characteristic,
    ethnicity,
    flag,
    number,
    organisation,
    text,
    year,
)
from metrics.query.sources import Engine
from metrics.query.staff_fields import more_columns
from metrics.query.table_columns import (
    ORGANISATION,
    REST_BLANK,
    ROW,
    RawTable,
    raw_table,
    without_blank_rows,
)


@dataclass
class Prepared:
    """A row table classified in the engine: one row per counted record, typed columns."""

    kind: str
    table: object  # Ibis table: year (int, when known), group columns, breakdowns ...
    columns: tuple[str, ...]  # the typed columns it has
    problems: list[Problem] = field(default_factory=list)  # warnings (errors are raised)
    notes: dict[str, int] = field(default_factory=dict)
    grouped: object | None = None  # staff: counts by raw label combination, weighted by __n
    years: tuple[int, int | None] | None = None  # staff: (rows without a year, latest year)
    lookup: object | None = None  # staff, nobody repeating: what events take (or RawLookup)

    def has(self, column: str) -> bool:
        return column in self.columns


def prepare_staff(
    engine: Engine,
    name: str,
    mapping: dict[str, str] | None = None,
    *,
    purpose: str = "wres",
    labels_map: dict[str, str] | None = None,
    by: str | None = None,
) -> Prepared:
    """The staff table classified and reduced to one row per person a year (bank rows kept,
    marked, so that events can be joined to them), in the engine.

    When nobody has two rows (the usual case) the counts are taken from `grouped`: the raw
    labels grouped first in the engine (a row per distinct combination, weighted by `__n`),
    the label tables joined to that small result. The row-level `table` is then left as an
    expression (for events to be joined to), never held or fetched."""
    wanted = purpose_of(purpose, by)
    raw = raw_table(engine, name, "staff", mapping, wanted.reads, wanted.requires_for("staff"))
    raw.grouped = group_labels(engine, raw)
    problems: list[Problem] = list(raw.warnings)
    t, kept = _classified(engine, raw, raw.table, problems, labels_map, wanted.reads)
    refuse(problems)
    t = without_blank_rows(raw, t).select(*kept)
    g, _ = _classified(engine, raw, raw.grouped, None, labels_map, wanted.reads)
    g = without_blank_rows(raw, g)
    g = engine.keep(g.select(*[c for c in kept if c in g.columns], "__n"))  # small: counts
    notes: dict[str, int] = {}
    facts = _facts(engine, raw, g)
    if facts["several"]:
        t = engine.keep(t)
        t = _one_row_per_person(engine, raw, t, notes)
        if "bank" in t.columns:
            notes["bank_excluded"] = int(engine.fetch(t.filter(t["bank"]).count().name("n")))
        g = None
    else:
        if "employee_number" in t.columns:
            notes["extra_assignments_merged"] = 0
        if "bank" in t.columns:
            notes["bank_excluded"] = facts["bank"]
    columns = tuple(c for c in t.columns if c != ROW)
    prepared = Prepared(kind="staff", table=t, columns=columns, problems=problems, notes=notes)
    prepared.grouped = g
    if g is not None:
        if raw.has("employee_number"):
            as_stored = not facts["padded"]
            prepared.lookup = raw_lookup(engine, raw, labels_map) if as_stored else None
            if prepared.lookup is None:
                prepared.lookup = _lookup_rows(engine, raw, labels_map, as_stored=as_stored)
        if "year" in columns:
            prepared.years = (facts["blank_years"], facts["latest_year"])
    return prepared


LOOKUP_FIELDS = ("employee_number", ORGANISATION, "year", "ethnicity", "disability",
                 "directorate", "staff_group", "assignment_category")  # fmt: skip
"""The staff fields an event table takes from the staff row it matches (and the keys)."""


def _lookup_rows(engine: Engine, raw: RawTable, labels_map, *, as_stored: bool = False):
    """The named staff rows with only the columns events are joined by and take (employee
    number, organisation, year, groups, breakdowns, bank): only their label tables joined, so
    the engine reads and joins a few columns of every staff row, not every label column.
    For a staff table where nobody repeats (its labels checked already); rows without an
    employee number, blank rows among them, are never matched.

    as_stored: no employee number is padded with spaces or empty (counted with the people
    check), so the numbers are read as stored, not trimmed row by row."""
    t = raw.table
    if as_stored:
        src = engine.table(raw.name, raw.kind)
        t = src.select(
            *[c for c in (ROW,) if c in src.columns],
            **{f"raw_{f}": src[raw.headers[f]].cast("string") for f in raw.fields
               if f in LOOKUP_FIELDS},
        )  # fmt: skip
    t = t.select(*[c for c in t.columns if c == ROW or c.removeprefix("raw_") in LOOKUP_FIELDS])
    t = t.filter(t["raw_employee_number"].notnull())
    t = t.mutate(employee_number=t["raw_employee_number"])
    kept = [c for c in (ROW, "employee_number") if c in t.columns]
    t = organisation(engine, raw, t, kept)
    if raw.has("ethnicity"):
        t, _ = ethnicity(engine, raw, classify.label_map(labels_map), t, [], check=False)
        kept.append("group")
    if raw.has("disability"):
        t = characteristic(engine, raw, "disability", t, [], check=False)
        kept.append(GROUP_COLUMNS["disability"])
    for name_ in ("directorate", "staff_group"):
        if raw.has(name_):
            t = text(engine, raw, name_, t)
            kept.append(name_)
    if raw.has("year"):
        t = year(engine, raw, t, [], check=False)
        kept.append("year")
    if raw.has("assignment_category"):
        t = _bank(engine, raw, t)
        kept.append("bank")
    return t.select(*kept)


@dataclass(frozen=True)
class RawLookup:
    """The staff rows as stored, for events to be joined to before any label is read: the
    keys (employee number, organisation, year) are the stored values, and `label` reads the
    groups, breakdowns and bank from the raw label columns of the joined (event-sized)
    result. Only when the stored keys are what reading them gives (nothing to trim)."""

    rows: object  # Ibis table: employee_number, organisation?, year?, raw_<field> columns
    columns: tuple[str, ...]  # the keys, and the typed columns `label` adds
    label: Callable[[object], object]


def read_as_stored(engine: Engine, raw: RawTable, field: str) -> bool:
    """Whether reading the field's labels changes none of them, so the stored values can be
    compared in the engine as they are: every organisation is trimmed text; every year is
    given, written as its four digits."""
    from metrics.inputs.column_values import parse_year
    from metrics.query.classify import clean

    labels = raw.labels(engine)[field]
    if field == "year":
        return all(r is not None and r == str(parse_year(clean(r))) for r in labels)
    return all(r is None or r == clean(r) for r in labels)


def raw_lookup(engine: Engine, raw: RawTable, labels_map) -> RawLookup | None:
    """A RawLookup for a staff table where nobody repeats and no employee number is padded,
    when every organisation label is trimmed text and every year label is the year written
    as digits; None otherwise (the label tables are then joined to the staff rows)."""
    if not all(read_as_stored(engine, raw, f) for f in (ORGANISATION, "year") if raw.has(f)):
        return None
    src = engine.table(raw.name, raw.kind)

    def stored(f: str):
        return src[raw.headers[f]].cast("string")

    keys = {"employee_number": stored("employee_number")}
    if raw.has(ORGANISATION):
        keys[ORGANISATION] = stored(ORGANISATION)
    if raw.has("year"):
        keys["year"] = stored("year").cast("int64")
    named = ("ethnicity", "disability", "directorate", "staff_group", "assignment_category")
    # rows without an employee number are not taken out: they match no record (a missing
    # value equals nothing), and a filter would make the engine take the staff rows for the
    # smaller side of the join (DuckDB then builds its hash table of every staff row)
    rows = src.select(**keys, **{f"raw_{f}": stored(f) for f in named if raw.has(f)})
    typed = [GROUP_COLUMNS[f] for f in ("ethnicity", "disability") if raw.has(f)]
    typed += [f for f in ("directorate", "staff_group") if raw.has(f)]
    typed += ["bank"] if raw.has("assignment_category") else []

    def label(t):
        if raw.has("ethnicity"):
            t, _ = ethnicity(engine, raw, classify.label_map(labels_map), t, [], check=False)
        if raw.has("disability"):
            t = characteristic(engine, raw, "disability", t, [], check=False)
        for name_ in ("directorate", "staff_group"):
            if raw.has(name_):
                t = text(engine, raw, name_, t)
        return _bank(engine, raw, t) if raw.has("assignment_category") else t

    return RawLookup(rows=rows, columns=(*keys, *typed), label=label)


def _bank(engine: Engine, raw: RawTable, t):
    """Whether each row's assignment is bank (from its assignment category)."""
    t, _ = attach(
        engine, raw, t, "assignment_category",
        lambda v: {"bank": classify.is_bank(v)}, {"bank": "boolean"},
    )  # fmt: skip
    return t


PLACE = (ORGANISATION, "year")
"""Counts are taken per organisation (when the table has several) and per year."""

LEFT_UNGROUPED = ("fte",)
"""Label fields the grouped counts need not be split by (only the choice of a main assignment
reads them, and the grouped counts are taken only when nobody has two)."""


def group_labels(engine: Engine, raw: RawTable):
    """A table's rows (staff, applicants) grouped by their raw labels, held in the engine:
    GROUP BY the raw label columns (a few thousand rows a trust), each combination with its count
    `__n`, and whether the fields not grouped by were all blank. Counts, not people: the label
    tables are joined to this small table, and the distinct labels are read from it."""
    import ibis

    identifiers = ref.identifier_fields()
    src = engine.table(raw.name, raw.kind)  # the columns as stored: nothing trimmed per row

    def cell(f: str):
        return src[raw.headers[f]].cast("string")

    fields = [f for f in raw.fields if f not in identifiers and f not in LEFT_UNGROUPED]
    blank = None
    for f in raw.fields:
        if f not in fields:
            empty = cell(f).isnull() | (cell(f).strip() == "")
            blank = empty if blank is None else blank & empty
    by = {f"raw_{f}": cell(f) for f in fields}

    def grouped_by(by):
        return src.group_by(**by).agg(__n=src.count()) if by else src.aggregate(__n=src.count())

    judged = [f for f in fields if f != ORGANISATION]  # not judged: without_blank_rows
    if blank is not None and judged:
        # only a row whose labels are all blank needs the rest judged: grouped by the labels
        # alone first, and when some label column has no blank label at all (blank as the
        # label tables judge it; read from the grouped rows), no row is all blank labels and
        # nothing more is judged
        raw.grouped = engine.keep(grouped_by(by))
        found = raw.labels(engine)
        if not all(any(clean(v) is None for v in found[f]) for f in judged):
            return raw.grouped.mutate(**{REST_BLANK: ibis.literal(False)})
        # a cell starting with a printable ASCII character is not blank, a cheap test that
        # spares trimming the identifiers of nearly every row (by character code, not by
        # comparing text, which a database's collation may order)
        maybe = None
        for f in judged:
            first = cell(f).ascii_str()
            could = cell(f).isnull() | (first < 33) | (first > 126)
            maybe = could if maybe is None else maybe & could
        by[REST_BLANK] = maybe.ifelse(blank, False)
    elif blank is not None:
        by[REST_BLANK] = blank
    return engine.keep(grouped_by(by))


def _facts(engine: Engine, raw: RawTable, grouped) -> dict[str, int | None]:
    """The checks on the staff rows gathered into one query (one result row): whether anybody
    has two rows (rows with an employee number less people), from the rows; bank rows, rows
    without a year and the latest year, from the grouped labels."""
    aggs = {}
    if grouped is not None:
        weight = grouped["__n"]
        if "bank" in grouped.columns:
            aggs["__bank"] = grouped["bank"].ifelse(weight, 0).sum()
        if "year" in grouped.columns:
            aggs["__blank_years"] = grouped["year"].isnull().ifelse(weight, 0).sum()
            aggs["__latest_year"] = grouped["year"].max()
    query = grouped.aggregate(**aggs) if aggs else None
    if raw.has("employee_number"):
        rows, emp = _numbers(engine, raw)
        # employee numbers as stored (trimming every one costs more than counting them); a
        # number padded with spaces, or empty, sends the count round again, trimmed
        first, last = emp.ascii_str(), emp.right(1).ascii_str()
        padded = ((emp == "") | (first <= 32) | (last <= 32)).ifelse(1, 0).sum()
        people = _people(rows, emp, padded=padded, hashed=_hashes(engine))
        query = people if query is None else query.cross_join(people)
    facts: dict[str, int | None] = {
        "several": 0, "bank": 0, "blank_years": 0, "latest_year": None, "padded": 0
    }  # fmt: skip
    if query is None:
        return facts
    row = engine.fetch(query).iloc[0]
    if row.get("__padded"):
        rows, emp = _numbers(engine, raw)
        trimmed = engine.fetch(_people(rows, emp.strip().nullif(""))).iloc[0]
        row = row.copy()
        row["__named"], row["__people"] = trimmed["__named"], trimmed["__people"]
    elif _hashes(engine) and row.get("__people", 0) < row.get("__named", 0):
        # fewer distinct hashes than numbers: a person repeats, or two hashes collided;
        # counted again exactly before anybody is taken to repeat
        rows, emp = _numbers(engine, raw)
        exact = engine.fetch(_people(rows, emp)).iloc[0]
        row = row.copy()
        row["__named"], row["__people"] = exact["__named"], exact["__people"]

    def whole(key: str) -> int | None:
        value = row.get(key)
        return None if value is None or value != value else int(value)

    facts["several"] = (whole("__named") or 0) - (whole("__people") or 0)
    facts["bank"] = whole("__bank") or 0
    facts["blank_years"] = whole("__blank_years") or 0
    facts["latest_year"] = whole("__latest_year")
    facts["padded"] = whole("__padded") or 0
    return facts


def _numbers(engine: Engine, raw: RawTable):
    """The staff rows' employee numbers as stored (and their year, read from its labels)."""
    base = engine.table(raw.name, raw.kind)
    columns = {"raw_employee_number": base[raw.headers["employee_number"]].cast("string")}
    as_stored = {f: read_as_stored(engine, raw, f) for f in (ORGANISATION, "year") if raw.has(f)}
    if raw.has("year"):  # four digits as stored: the year itself, no label table joined
        columns["year" if as_stored["year"] else "raw_year"] = base[raw.headers["year"]].cast(
            "string"
        )
    if raw.has(ORGANISATION):  # the same number in two trusts is two people
        org = base[raw.headers[ORGANISATION]].cast("string")
        columns[ORGANISATION] = org if as_stored[ORGANISATION] else org.strip()
    rows = base.select(**columns)
    if raw.has("year") and not as_stored["year"]:
        rows = year(engine, raw, rows, [], check=False)
    return rows, rows["raw_employee_number"]


def _people(rows, emp, *, padded=None, hashed: bool = False):
    """Rows with an employee number, and distinct people (number and year) among them, with
    `padded` (a sum over the rows) in the same pass.

    hashed: people counted as distinct hashes of (organisation, year, number), which DuckDB
    counts in about half the time of joined text. Equal people hash equal, so the hashes are
    never more than the people: when they equal the numbers, nobody repeats (a collision can
    only send the count round again, exactly)."""
    import ibis

    year_ = rows["year"].cast("string").fill_null("") if "year" in rows.columns else None
    org = rows[ORGANISATION].fill_null("") if ORGANISATION in rows.columns else None
    if hashed:
        blank = ibis.literal("")
        key = _hash3(org if org is not None else blank, year_ if year_ is not None else blank, emp)
        person = emp.notnull().ifelse(key, ibis.null("uint64"))
    else:
        person = emp
        if year_ is not None:
            person = year_ + ":" + person
        if org is not None:
            person = org + ":" + person
    aggs = {"__named": emp.count(), "__people": person.nunique()}
    if padded is not None:
        aggs["__padded"] = padded
    return rows.aggregate(**aggs)


def _hashes(engine: Engine) -> bool:
    """Whether the engine is DuckDB, whose hash() of several values the people check uses."""
    return getattr(getattr(engine, "con", None), "name", None) == "duckdb"


def _hash3(a, b, c):
    """DuckDB's hash() of three text values (one 64-bit hash of the three together)."""
    from ibis import udf

    @udf.scalar.builtin(name="hash", signature=(("string", "string", "string"), "uint64"))
    def _hash(a, b, c): ...

    return _hash(a, b, c)


def _classified(engine: Engine, raw: RawTable, t, problems: list[Problem] | None, labels_map,
                reads: tuple[str, ...] = ()):  # fmt: skip
    """The staff table `t` (raw label columns, row-level or grouped) with its typed columns
    joined from the label tables; problems found in the labels are added when a list is
    given (None: the labels were already checked). Returns the table and its typed columns."""
    import ibis

    check = problems is not None
    found: list[Problem] = problems if problems is not None else []

    def report(*args, **kwargs) -> list[Problem]:
        return label_problems(engine, raw, *args, **kwargs) if check else []

    kept = [ROW] if ROW in t.columns else []
    t = organisation(engine, raw, t, kept)
    if raw.has("ethnicity"):
        t, _ = ethnicity(engine, raw, classify.label_map(labels_map), t, found, check=check)
        kept.append("group")
    t, bands = attach(
        engine, raw, t, "pay_band",
        lambda v: {"band": classify.band(v) or "Other", "__ok": v is None
                   or classify.band(v) is not None},
        {"band": "string", "__ok": "boolean"},
    )  # fmt: skip
    t = t.drop("__ok")
    found += report(
        bands, bands.where(lambda r: not r["__ok"]), severity="warning",
        message="pay band or grade not recognised; counted under 'Other'",
        hint="Use Agenda for Change bands (Band 2 ... Band 9, VSM) or medical grade names.",
    )  # fmt: skip
    kept.append("band")
    code = ibis.literal(-1, "int8")
    if raw.has("staff_group"):
        t, groups = attach(
            engine, raw, t, "staff_group",
            lambda v: {"staff_group": v, "__code": clinical_code(v),
                       "__ok": v is None or classify.staff_group(v) is not None},
            {"staff_group": "string", "__code": "int8", "__ok": "boolean"},
        )  # fmt: skip
        found += report(
            groups, groups.where(lambda r: not r["__ok"]), severity="warning",
            message="staff group not recognised; clinical status unknown",
            hint="Use ESR staff group names, or add a Clinical (yes/no) column.",
        )  # fmt: skip
        code = t["__code"]
        kept.append("staff_group")
    if raw.has("clinical"):
        t, given = attach(
            engine,
            raw,
            t,
            "clinical",
            lambda v: {"__given": flag_code(v)},
            {"__given": "int8"},
        )
        found += report(
            given, given.where(lambda r: r["__given"] == -2), severity="error",
            message="clinical should be yes or no", hint="Use Yes/No or Clinical/Non-clinical.",
        )  # fmt: skip
        code = (t["__given"] >= 0).ifelse(t["__given"], code)
    t = t.mutate(clinical=(code < 0).ifelse(ibis.null("boolean"), code == 1))
    kept.append("clinical")
    if raw.has("directorate"):
        t = text(engine, raw, "directorate", t)
        kept.append("directorate")
    if "raw_employee_number" in t.columns:
        t = t.mutate(employee_number=t["raw_employee_number"])
        kept.append("employee_number")
    for flag_name in ("board_voting", "board_executive"):
        if raw.has(flag_name):
            t = flag(engine, raw, flag_name, t, found, check=check)
            kept.append(flag_name)
    for name_ in ("disability", "sex"):
        if raw.has(name_):
            t = characteristic(engine, raw, name_, t, found, check=check)
            kept.append(GROUP_COLUMNS[name_])
    if raw.has("fte") and "raw_fte" in t.columns:
        t, ftes = attach(engine, raw, t, "fte", lambda v: {"fte": number(v)}, {"fte": "float64"})
        found += report(
            ftes, ftes.where(lambda r: r["fte"] is None), severity="error",
            message="text where a number belongs",
            hint="Enter a number (no words or symbols) or leave it blank.",
        )  # fmt: skip
        found += report(
            ftes,
            ftes.where(lambda r: r["fte"] is not None and r["fte"] < 0), severity="error",
            message="negative number", hint="Counts cannot be negative; correct the value.",
        )  # fmt: skip
        kept.append("fte")
    if raw.has("year"):
        t = year(engine, raw, t, found, check=check)
        kept.append("year")
    if raw.has("assignment_category"):
        t = _bank(engine, raw, t)
        kept.append("bank")
    if "raw_assignment_number" in t.columns:
        t = t.mutate(assignment_number=t["raw_assignment_number"])
        kept.append("assignment_number")
    t = more_columns(engine, raw, t, found, check, kept, labels_map, reads)
    return t, kept


def _one_row_per_person(engine: Engine, raw: RawTable, t, notes: dict[str, int]):
    """Headcount counts people: each person's main assignment a year (not bank, then the
    largest FTE, then the first row); duplicate rows are refused as in the file path."""
    import ibis

    if "employee_number" not in t.columns:
        return t
    person = ["employee_number", *[c for c in PLACE if c in t.columns]]
    named = t.filter(t["employee_number"].notnull())
    where = f"table {raw.name}"
    if "assignment_number" not in t.columns:
        repeated = named.group_by(person).agg(__n=named.count()).filter(lambda g: g["__n"] > 1)
        n = int(engine.fetch(repeated.count().name("n")))
        if n:
            refuse([Problem(
                severity="error", file=where, column=raw.headers.get("employee_number"),
                message=f"duplicate employee number ({n:,} people appear on more than one row)",
                hint="Each person should appear once. If the table has one row per assignment, "
                "include the Assignment Number column so the tool can count people.",
            )])  # fmt: skip
        return t
    keys = [*person, "assignment_number"]
    repeated = named.group_by(keys).agg(__n=named.count()).filter(lambda g: g["__n"] > 1)
    n = int(engine.fetch(repeated.count().name("n")))
    if n:
        refuse([Problem(
            severity="error", file=where, column=raw.headers.get("employee_number"),
            message="the same employee and assignment number appear on more than one row "
            f"({n:,} assignments)",
            hint="Remove the duplicate rows; each assignment should appear once.",
        )])  # fmt: skip
    several = named.group_by(person).agg(__n=named.count()).filter(lambda g: g["__n"] > 1)
    if not int(engine.fetch(several.count())):  # one row per person: nothing to merge
        notes["extra_assignments_merged"] = 0
        return t
    order = []
    if "bank" in t.columns:
        order.append(t["bank"].ifelse(1, 0))
    if "fte" in t.columns:
        order.append(t["fte"].fill_null(0.0).desc())
    if ROW in t.columns:
        order.append(t[ROW])
    rank = ibis.row_number().over(group_by=[t[k] for k in person], order_by=order)
    ranked = t.mutate(__rank=rank)
    keep = ranked["employee_number"].isnull() | (ranked["__rank"] == 0)
    people = engine.keep(ranked.filter(keep).drop("__rank"))
    rows, kept = (int(engine.fetch(x.count())) for x in (t, people))
    notes["extra_assignments_merged"] = rows - kept
    return people


def staff_counts(engine: Engine, staff, group_column: str, indicator: str):
    """WRES1 (or WDES1) rows and the headcount per group, from the in-post staff: a GROUP BY in
    the engine; only the counts come back."""
    import pandas as pd

    keys = [c for c in (*PLACE, "directorate", "staff_group") if c in staff.columns]
    by = [*keys, "band", "clinical", group_column]
    weight = staff["__n"].sum() if "__n" in staff.columns else staff.count()
    counted = engine.fetch(staff.group_by(by).agg(numerator=weight))
    counted = counted.rename(columns={group_column: "group"})
    for col in [*keys, "band", "group"]:
        counted[col] = counted[col].astype(object).where(counted[col].notna(), None)
    counted["clinical"] = counted["clinical"].astype("boolean")
    counted["numerator"] = counted["numerator"].astype("int64")
    band_keys = [*keys, "band", "clinical"]
    totals = counted.groupby(band_keys, dropna=False, observed=True)["numerator"]
    shares = counted.assign(denominator=totals.transform("sum"), indicator=indicator)
    heads = counted.groupby([*keys, "group"], dropna=False, observed=True)["numerator"].sum()
    headcount = heads.reset_index().rename(columns={"numerator": "denominator"})
    for col in [*keys, "group"]:
        headcount[col] = headcount[col].astype(object).where(headcount[col].notna(), None)
    return shares, pd.DataFrame(headcount)
