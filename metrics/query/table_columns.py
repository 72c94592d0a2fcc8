"""Which column of a database table holds which field: the same aliases, `--map COLUMN=FIELD`
matches and missing-column messages as for a file, applied to the table's column names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from metrics import reference as ref
from metrics.inputs.columns import map_columns
from metrics.inputs.source_files import Sheet
from metrics.problems import InputError, Problem
from metrics.query.sources import Engine

ROW = "__row"
"""The row-order column an engine adds where it has one (DuckDB's rowid)."""
REST_BLANK = "__rest_blank"
"""In a table grouped by its label columns: whether the fields left out of the grouping
(identifiers and the like) were all blank on the rows grouped."""


def _header_only(table_name: str, columns: list[str]) -> Sheet:
    """A sheet whose only row is the table's column names: what the file rules read a header
    from. Its rows are never read (the engine keeps them)."""

    def no_rows(*_args):
        raise AssertionError("a table's rows are read by its engine, never as a sheet")

    return Sheet(
        path=PurePosixPath(f"table {table_name}"),  # type: ignore[arg-type]  # only .name is read
        name=None,
        _preview=lambda: [list(columns)],
        _load=no_rows,
    )


def _for_table(problem: Problem) -> Problem:
    """A file's wording of a column problem, for a table (it has no header row to count)."""
    message = problem.message.replace(" file (header on row 1)", " table")
    message = message.replace("that is not in the file", "that is not in the table")
    return problem.with_message(message)


@dataclass
class RawTable:
    """A table's mapped fields as text, in columns named raw_<field>; `__row` kept when the
    engine has it. Rows with every read field blank are still in: without_blank_rows takes
    them out once the labels are read."""

    name: str
    kind: str
    table: object  # an Ibis table expression
    fields: tuple[str, ...]
    headers: dict[str, str]  # field -> the column name as written
    warnings: list[Problem]

    grouped: object | None = None  # the rows grouped by their label columns, held (`__n`)
    _labels: dict[str, list[str | None]] | None = None

    def has(self, field: str) -> bool:
        return field in self.fields

    def labels(self, engine: Engine) -> dict[str, list[str | None]]:
        """Every label column's distinct raw labels (None for missing), all in one query: a
        row per distinct label, never per person. Identifiers are not labels and not read.

        Read with the blank rows still in: a blank row adds only the blank label, which every
        column's reading covers anyway."""
        if self._labels is None:
            import ibis

            identifiers = ref.identifier_fields()
            named = [f for f in self.fields if f not in identifiers]
            parts = []
            for f in named:  # from the grouped rows where they hold the column: a small table
                source = self.table
                if self.grouped is not None and f"raw_{f}" in self.grouped.columns:
                    source = self.grouped
                parts.append(
                    source.select(__field=ibis.literal(f), __label=source[f"raw_{f}"]).distinct()
                )
            found: dict[str, list[str | None]] = {f: [] for f in named}
            if parts:
                union = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], distinct=False)
                frame = engine.fetch(union)
                for f, label in zip(frame["__field"], frame["__label"], strict=True):
                    found[f].append(None if label is None or label != label else str(label))
            self._labels = found
        return self._labels


def raw_table(
    engine: Engine,
    name: str,
    kind: str,
    mapping: dict[str, str] | None = None,
    fields: tuple[str, ...] | None = None,
    requires: tuple[tuple[str, ...], ...] = (),
) -> RawTable:
    """Map the table's columns to fields (InputError naming what is missing and how to say
    which column holds it, as for a file) and select the fields read, as trimmed-later text.

    fields: the fields to read (None: every mapped field)."""
    table = engine.table(name, kind)
    visible = [c for c in table.columns if c != ROW]
    if not visible:
        raise InputError(Problem(severity="error", message=f"the table {name!r} has no columns"))
    place = organisation_column(visible, mapping)
    others = {c: f for c, f in (mapping or {}).items() if f != ORGANISATION}
    try:
        colmap = map_columns(_header_only(name, visible), kind, others or None, requires)
    except InputError as refused:
        raise InputError([_for_table(p) for p in refused.problems]) from None
    chosen = {f: visible[p] for f, p in colmap.positions.items() if fields is None or f in fields}
    headers = {f: visible[p] for f, p in colmap.positions.items()}
    if place is not None and place not in headers.values():
        chosen[ORGANISATION] = headers[ORGANISATION] = place
    identifiers = ref.identifier_fields()
    columns = {}
    for field, column in chosen.items():
        text = table[column].cast("string")
        if field in identifiers:  # compared in the engine: trimmed there, blank is missing
            text = text.strip().nullif("")
        columns[f"raw_{field}"] = text
    if ROW in table.columns:
        columns[ROW] = table[ROW]
    selected = table.select(**columns)
    return RawTable(
        name=name,
        kind=kind,
        table=selected,
        fields=tuple(chosen),
        headers=headers,
        warnings=list(colmap.notes),
    )


ORGANISATION = "organisation"
"""The field of a table holding every trust's rows (a national or ICB extract): named by the
aliases a network counts file's organisation column has, or by --map COLUMN=organisation."""


def organisation_column(columns: list[str], mapping: dict[str, str] | None = None) -> str | None:
    """The column naming each row's organisation, if the table has one: the column --map
    points at, else the first whose name is one of the counts files' organisation aliases."""
    by_compact = {ref.compact(c): c for c in columns}
    for column, target in (mapping or {}).items():
        if target != ORGANISATION:
            continue
        if ref.compact(column) not in by_compact:
            raise InputError(
                Problem(
                    severity="error",
                    message=f'a column match names a column "{column}" that is not in the table',
                    hint="Columns found: " + ", ".join(f'"{c}"' for c in columns),
                )
            )
        return by_compact[ref.compact(column)]
    spec = ref.kinds()["counts"].fields[ORGANISATION]
    aliases = {ref.compact(a) for a in (spec.name, *spec.aliases)}
    return next((c for c in columns if ref.compact(c) in aliases), None)


def without_blank_rows(raw: RawTable, table):
    """The rows with at least one read field given (a file's empty lines are skipped too).

    A label column read through a label table has its blankness there (`__blank_<field>`,
    worked out once per label); identifiers are blank when missing (trimmed in the engine);
    any other field is tested in the engine. The organisation is not a field of the row: a
    row giving only that is blank, as the same row of one trust's file is."""
    identifiers = ref.identifier_fields()
    blank = None
    if REST_BLANK in table.columns:  # grouped: the fields not grouped by, judged before
        blank = table[REST_BLANK]
    for field in raw.fields:
        if field == ORGANISATION:  # a row naming its trust and nothing else is still blank
            continue
        if f"__blank_{field}" in table.columns:
            empty = table[f"__blank_{field}"]
        elif f"raw_{field}" not in table.columns:  # not grouped by: in REST_BLANK
            continue
        elif field in identifiers:
            empty = table[f"raw_{field}"].isnull()
        else:
            cell = table[f"raw_{field}"]
            empty = cell.isnull() | (cell.strip() == "")
        blank = empty if blank is None else blank & empty
    return table if blank is None else table.filter(~blank)
