"""Typed columns from a table's raw labels, each label read once by the file path's own rules
(metrics.counts.classify, metrics.inputs.column_values) and joined in the engine; problems
located as for a file. The pieces staff, recruitment and event tables are built from."""

from __future__ import annotations

from metrics.counts import classify
from metrics.inputs.column_values import number_text, parse_year, wres_year_from_date
from metrics.problems import Problem
from metrics.query.checks import label_problems, refuse
from metrics.query.classify import attach, clean
from metrics.query.sources import Engine
from metrics.query.table_columns import ORGANISATION, RawTable

GROUP_COLUMNS = {"ethnicity": "group", "disability": "disability_group", "sex": "sex_group"}
"""The column each characteristic's groups are held in (ethnicity keeps "group")."""


def ethnicity(
    engine: Engine, raw: RawTable, labels_map: dict[str, str], table, problems, *, check=True
):
    """Join the WRES group (White, BME, Unknown) read from the ethnicity labels; warn about
    unread labels and refuse a column where no label says White or BME (as the file path)."""
    table, labels = attach(
        engine,
        raw,
        table,
        "ethnicity",
        lambda v: {"group": classify.ethnicity_in(v, labels_map).wres_group,
                   "__recognised": classify.ethnicity_in(v, labels_map).recognised},
        {"group": "string", "__recognised": "boolean"},
    )  # fmt: skip
    table = table.drop("__recognised")
    if not check:  # the labels were checked on an earlier pass
        return table, labels
    unread = labels.where(lambda r: not r["__recognised"])
    problems += label_problems(
        engine, raw, labels, unread, severity="warning",
        message="ethnicity not recognised; counted as Unknown",
        hint="Use NHS ethnic category codes (A-S, Z) or labels such as 'White British', "
        "or say which group the label belongs to.",
    )  # fmt: skip
    given = [r for r in labels.raw if r is not None and r.strip()]
    if given and not any(labels.read[r]["group"] in ("White", "BME") for r in given):
        refuse(
            [
                Problem(
                    severity="error",
                    message="none of the ethnicity values says White or BME",
                    hint="Check that this is the ethnicity column and that the values are NHS "
                    "ethnic category codes (A-S, Z) or labels such as 'White British'.",
                    file=f"table {raw.name}",
                    column=raw.headers.get("ethnicity"),
                )
            ]
        )
    return table, labels


def characteristic(engine: Engine, raw: RawTable, name: str, table, problems, *, check=True):
    """Disability or sex as its groups; a label matching none is Unknown and reported."""
    from metrics.counts.characteristics import characteristic as item_of

    item = item_of(name)
    out = GROUP_COLUMNS[name]
    table, labels = attach(
        engine,
        raw,
        table,
        name,
        lambda v: {out: item.group(v), "__ok": item.read(v).recognised},
        {out: "string", "__ok": "boolean"},
    )
    table = table.drop("__ok")
    if not check:
        return table
    problems += label_problems(
        engine, raw, labels, labels.where(lambda r: not r["__ok"]), severity="warning",
        message=f"{item.label} value not recognised; counted as {item.unknown}",
        hint="Use " + " / ".join(g for g in item.groups if g != item.unknown)
        + ", or leave it blank.",
    )  # fmt: skip
    return table


def text(engine: Engine, raw: RawTable, name: str, table):
    """A label column (directorate, staff group) as trimmed text, blank missing."""
    if all(r is None or r == clean(r) for r in raw.labels(engine)[name]):
        # every label is trimmed text already: the stored column is what reading gives, with
        # no label table joined to every row
        column = table[f"raw_{name}"]
        return table.mutate(**{name: column, f"__blank_{name}": column.isnull()})
    table, _ = attach(engine, raw, table, name, lambda v: {name: v}, {name: "string"})
    return table


def organisation(engine: Engine, raw: RawTable, table, kept: list[str]):
    """The organisation each row belongs to, where the table holds several trusts' rows (as
    trimmed text): every count is then taken per organisation."""
    if raw.has(ORGANISATION):
        table = text(engine, raw, ORGANISATION, table)
        kept.append(ORGANISATION)
    return table


def year(engine: Engine, raw: RawTable, table, problems, *, check=True):
    """The year column read as the file path reads it ('2024/25' is 2025); text that is not
    a year is an error."""
    import ibis

    if all(r is not None and r == str(parse_year(clean(r))) for r in raw.labels(engine)["year"]):
        # every label is a year written as its digits: the stored column cast, no label
        # table joined to every row (and nothing to report)
        years = table["raw_year"].cast("int64")
        return table.mutate(year=years, __blank_year=ibis.literal(False))
    table, labels = attach(
        engine, raw, table, "year", lambda v: {"year": parse_year(v)}, {"year": "int64"}
    )
    if not check:
        return table
    problems += label_problems(
        engine, raw, labels, labels.where(lambda r: r["year"] is None), severity="error",
        message="not a year",
        hint="Write the year as four digits, e.g. 2025 (for 2024/25 write 2025).",
    )  # fmt: skip
    return table


def flag(
    engine: Engine,
    raw: RawTable,
    name: str,
    table,
    problems,
    out: str | None = None,
    *,
    check: bool = True,
):
    """A yes/no column: blank is no; anything else unreadable is an error."""
    out = out or name
    table, labels = attach(
        engine,
        raw,
        table,
        name,
        lambda v: {out: bool(classify.flag(v)), "__ok": classify.flag(v) is not None},
        {out: "boolean", "__ok": "boolean"},
    )
    table = table.drop("__ok")
    if not check:
        return table
    problems += label_problems(
        engine, raw, labels, labels.where(lambda r: not r["__ok"]), severity="error",
        message=f"{name.replace('_', ' ')} should be yes or no",
        hint="Use Yes/No, Y/N, True/False or 1/0.",
    )  # fmt: skip
    return table


def number(value: str | None) -> float | None:
    text = number_text(value)
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return None if number != number else number


def date_year(engine: Engine, raw: RawTable, table, problems):
    """The WRES year of a date column (1 April Y-1 to 31 March Y is year Y); not a date is an
    error."""
    table, labels = attach(
        engine,
        raw,
        table,
        "date",
        lambda v: {"year": wres_year_from_date(v)},
        {"year": "int64"},
    )
    problems += label_problems(
        engine, raw, labels, labels.where(lambda r: r["year"] is None), severity="error",
        message="not a date", hint="Write dates as 2025-03-31 or 31/03/2025.",
    )  # fmt: skip
    return table


def characteristics(engine: Engine, raw: RawTable, table, problems, labels_map, kept):
    """The group columns of the characteristics a table gives (ethnicity, disability, sex)."""
    if raw.has("ethnicity"):
        table, _ = ethnicity(engine, raw, classify.label_map(labels_map), table, problems)
        kept.append("group")
    for name in ("disability", "sex"):
        if raw.has(name):
            table = characteristic(engine, raw, name, table, problems)
            kept.append(GROUP_COLUMNS[name])
    return table
