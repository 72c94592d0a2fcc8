"""Which column matches apply to which table: `--map` matches go to every table that has the
column, a table's own matches to that table only.

A file is read with the matches for its kind; the query layer reads several tables at once, so
one match naming a column only the recruitment table has must not stop the staff table being
read, yet a match no table can use is a mistake worth saying.
"""

from __future__ import annotations

from metrics import reference as ref
from metrics.problems import InputError, Problem
from metrics.query.sources import Engine
from metrics.query.table_columns import ORGANISATION, ROW


def matches_per_table(
    engine: Engine,
    tables: dict[str, str],
    mapping: dict[str, str] | None = None,
    mappings: dict[str, dict[str, str]] | None = None,
) -> dict[str, dict[str, str] | None]:
    """{kind: the matches its table is read with} for every kind in `tables`.

    mapping: matches for every table that has the column (with a single table, all of them go
    to it, so a misspelt column is refused with that table's columns listed); mappings: each
    kind's own matches, which win over `mapping` for the same column.
    Raises InputError for a `mapping` column that none of several tables has."""
    shared = dict(mapping or {})
    own = {kind: dict(found) for kind, found in (mappings or {}).items() if found}
    if not shared or len(tables) == 1:
        return {kind: {**shared, **own.get(kind, {})} or None for kind in tables}
    columns = {
        kind: {ref.compact(c) for c in engine.table(name, kind).columns if c != ROW}
        for kind, name in tables.items()
    }

    def fits(kind: str, column: str, target: str) -> bool:
        known = target == ORGANISATION or target in ref.kinds()[kind].fields
        return known and ref.compact(column) in columns[kind]

    for column, target in shared.items():
        if any(fits(kind, column, target) for kind in tables):
            continue
        names = ", ".join(f'"{name}"' for name in dict.fromkeys(tables.values()))
        having = [kind for kind in tables if ref.compact(column) in columns[kind]]
        message = (
            f'a column match names a column "{column}" that none of the tables has ({names})'
            if not having
            else f'a column match reads "{column}" as the {target.replace("_", " ")}, which '
            f"no table with that column holds ({', '.join(having)})"
        )
        raise InputError(
            Problem(
                severity="error",
                message=message,
                hint="Check the column's spelling and the field's name (as for a file), or "
                "leave the match out.",
            )
        )
    return {
        kind: {
            **{c: f for c, f in shared.items() if fits(kind, c, f)},
            **own.get(kind, {}),
        }
        or None
        for kind in tables
    }
