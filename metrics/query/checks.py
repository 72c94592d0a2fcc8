"""Problems found in a table's labels, located as for a file (table, column, value), and the
row counts behind them taken in the engine (counts only)."""

from __future__ import annotations

from metrics.problems import InputError, Problem
from metrics.query.classify import Labels
from metrics.query.sources import Engine
from metrics.query.table_columns import RawTable


def rows_with(engine: Engine, raw: RawTable, labels: Labels, bad: list[str]) -> dict[str, int]:
    """How many rows hold each of these (cleaned) labels: a count per label."""
    if not bad:
        return {}
    from metrics.query.classify import clean

    wanted = [r for r in labels.raw if clean(r) in set(bad)]
    name = f"raw_{labels.column}"
    grouped = raw.grouped
    if grouped is not None and name in grouped.columns:  # the rows grouped already: add up
        column = grouped[name]
        found = grouped.filter(column.isin(wanted)).group_by(__label=column)
        counted = engine.fetch(found.agg(__n=grouped["__n"].sum()))
    else:
        column = raw.table[name]
        found = raw.table.filter(column.isin(wanted)).group_by(__label=column)
        counted = engine.fetch(found.agg(__n=column.count()))
    out: dict[str, int] = {}
    for label, n in zip(counted["__label"], counted["__n"], strict=True):
        key = clean(label) or ""
        out[key] = out.get(key, 0) + int(n)
    return out


def label_problems(
    engine: Engine,
    raw: RawTable,
    labels: Labels,
    bad: list[str],
    *,
    severity: str,
    message: str,
    hint: str,
    shown: int = 20,
) -> list[Problem]:
    """One problem per distinct bad label, saying how many rows hold it."""
    counts = rows_with(engine, raw, labels, bad[:shown])
    return [
        Problem(
            severity=severity,  # type: ignore[arg-type]
            message=f"{message} ({n:,} row{'s' if n != 1 else ''})",
            hint=hint,
            file=f"table {raw.name}",
            column=raw.headers.get(labels.column),
            value=value,
        )
        for value, n in sorted(counts.items(), key=lambda item: -item[1])
    ]


def refuse(problems: list[Problem]) -> None:
    """Raise the errors among problems, if any, as the file path does."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
