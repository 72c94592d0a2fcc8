"""`--source URL --table KIND=TABLE`: the figures from tables in a database, counted inside its
engine (metrics.query), with the same output as from files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pandas loads only when a command runs
    from metrics.inputs.pipeline import Loaded_


def source_options(command):
    """--source URL and --table KIND=TABLE (repeatable), after the file inputs in --help."""
    options = [
        click.option("--source", metavar="URL",
                     help="Read the rows from a database instead of files, counted where they "
                          "are: duckdb:///path/to/file.db. Give the tables with --table."),
        click.option("--table", "tables", multiple=True, metavar="KIND=TABLE",
                     help="With --source: the table holding each kind of rows, e.g. "
                          "--table staff=esr_2025 --table recruitment=trac. Kinds: staff, "
                          "recruitment, disciplinary, training, board. Repeatable."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def parse_tables(items: tuple[str, ...]) -> dict[str, str]:
    """'staff=esr_2025' pairs into {kind: table}; a usage error names the item that is wrong."""
    from metrics.query.counts import KINDS

    out: dict[str, str] = {}
    for item in items:
        kind, sep, table = item.partition("=")
        kind, table = kind.strip().lower(), table.strip()
        if not sep or not kind or not table:
            raise click.UsageError(
                f"--table {item!r} is not of the form KIND=TABLE (say --table staff=esr_2025)"
            )
        if kind not in KINDS:
            raise click.UsageError(
                f"--table {item!r}: {kind!r} is not a kind of rows the tool reads from a "
                f"database (use one of {', '.join(KINDS)})"
            )
        if kind in out:
            raise click.UsageError(f"--table {kind}= is given twice")
        out[kind] = table
    return out


def check_source(source: str | None, tables: tuple[str, ...], **files) -> bool:
    """Whether the inputs come from a database; usage errors for a mix that cannot work."""
    if not source:
        if tables:
            raise click.UsageError("--table goes with --source URL")
        return False
    given = [f"--{name.replace('_', '-')}" for name, value in files.items() if value]
    if given:
        raise click.UsageError(
            f"--source reads every input from the database: drop {', '.join(given)}"
        )
    if not tables:
        raise click.UsageError("--source needs --table staff=TABLE (and any other tables)")
    return True


def load_source(
    source: str,
    tables: tuple[str, ...],
    *,
    maps: tuple[str, ...],
    organisation: str | None,
    year: int | None,
    purpose: str = "wres",
) -> Loaded_:
    """The counts of the tables named, computed in the database's engine, as a load result the
    commands use as they use one from files (warnings, notes and counts)."""
    from metrics.inputs.columns import parse_mapping
    from metrics.inputs.pipeline import Loaded_
    from metrics.query.counts import counts_from
    from metrics.query.sources import connect

    named = parse_tables(tables)
    engine = connect(source)
    result = counts_from(
        engine,
        named,
        mapping=parse_mapping(maps),
        year=year,
        organisation=organisation,
        purpose=purpose,
    )
    return Loaded_(
        counts=result.counts,
        problems=result.problems,
        notes=result.notes,
        inputs={},
        purpose=purpose,
    )
