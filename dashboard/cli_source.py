"""`--source URL --table KIND=TABLE`: the figures from tables in a database, counted inside its
engine (metrics.query), with the same output as from files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pandas loads only when a command runs
    import pandas as pd

    from metrics.compare.inputs import NetworkCounts
    from metrics.inputs.pipeline import Loaded_
    from metrics.query.counts import QueryCounts


def source_options(command):
    """--source URL and --table KIND=TABLE (repeatable), after the file inputs in --help."""
    options = [
        click.option("--source", metavar="URL",
                     help="Read the rows from a database instead of files, counted where they "
                          "are: duckdb:///path/to/file.db, postgresql://user:password@host/dbname, "
                          "spark://local[N] or spark://host:7077. Give the tables with --table "
                          "(on Spark a table name, csv:PATH or parquet:PATH)."),
        click.option("--table", "tables", multiple=True, metavar="KIND=TABLE",
                     help="With --source: the table holding each kind of rows, e.g. "
                          "--table staff=esr_2025 --table recruitment=trac. Kinds: staff, "
                          "recruitment, disciplinary, training, board, capability, and survey "
                          "(survey results: counts by question and group). Repeatable."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def parse_tables(items: tuple[str, ...]) -> dict[str, str]:
    """'staff=esr_2025' pairs into {kind: table}; a usage error names the item that is wrong."""
    from metrics.query.counts import KINDS

    kinds = (*KINDS, "survey")  # survey results: counts already, read as a survey file
    out: dict[str, str] = {}
    for item in items:
        kind, sep, table = item.partition("=")
        kind, table = kind.strip().lower(), table.strip()
        if not sep or not kind or not table:
            raise click.UsageError(
                f"--table {item!r} is not of the form KIND=TABLE (say --table staff=esr_2025)"
            )
        if kind not in kinds:
            raise click.UsageError(
                f"--table {item!r}: {kind!r} is not a kind of rows the tool reads from a "
                f"database (use one of {', '.join(kinds)})"
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
    given = [
        f"--{name.replace('_', '-')}"
        for name, value in files.items()
        # survey results are already counts: read from the file; --by splits in the engine
        if value and name not in ("survey", "by")
    ]
    if given:
        raise click.UsageError(
            f"--source reads every input from the database: drop {', '.join(given)}"
        )
    if not tables:
        raise click.UsageError("--source needs --table staff=TABLE (and any other tables)")
    return True


def query_source(
    source: str,
    tables: tuple[str, ...],
    *,
    maps: tuple[str, ...],
    organisation: str | None,
    year: int | None,
    survey=None,
    purpose: str = "wres",
    by: str | None = None,
    engine=None,
) -> tuple[Loaded_, QueryCounts]:
    """The counts of the tables named, computed in the database's engine, as a load result the
    commands use as they use one from files (warnings, notes and counts), and what the query
    layer gave besides the counts (the doctor counts the medical view's grade by place of
    qualification table is read from). engine: a connection to `source` made already."""
    from metrics.inputs.columns import parse_mapping
    from metrics.inputs.pipeline import Loaded_
    from metrics.query.counts import counts_from
    from metrics.query.sources import connect

    named = parse_tables(tables)
    mapping = parse_mapping(maps)
    engine = engine or connect(source)
    survey_table = named.pop("survey", None)
    if survey_table is not None:
        if survey is not None:
            raise click.UsageError("give survey results once: --survey FILE or --table survey=")
        from metrics.query.survey import survey_source

        survey = survey_source(engine, survey_table, mapping)
    result = counts_from(engine, named, mapping=mapping, year=year, organisation=organisation,
                         purpose=purpose, by=by)  # fmt: skip
    counts, problems = result.counts, result.problems
    if survey is not None:
        counts, found = _with_survey(counts, survey, mapping, year, organisation, result.notes)
        problems = [*problems, *found]
    loaded = Loaded_(counts=counts, problems=problems, notes=result.notes, inputs={},
                     purpose=purpose)  # fmt: skip
    return loaded, result


def pay_rows_from(
    source: str,
    tables: tuple[str, ...],
    *,
    maps: tuple[str, ...],
    by: tuple[str, ...],
    purpose: str = "paygap",
    ethnic_codes: bool = False,
) -> pd.DataFrame:
    """The staff table's pay, counted in the engine (metrics.query.paygap), laid out as the
    frame of pay values metrics.standards.paygap reads: no identifiers, nothing but pay, band,
    year, bank and the groups. Usage errors when there is no staff table."""
    from metrics.inputs.columns import parse_mapping
    from metrics.query.paygap import pay_counts, pay_rows
    from metrics.query.sources import connect

    named = parse_tables(tables)
    if "staff" not in named:
        raise click.UsageError(
            "pay gaps are worked out from the staff rows: give --table staff=TABLE"
        )
    others = [kind for kind in named if kind != "staff"]
    if others and purpose == "paygap":
        raise click.UsageError(f"pay gaps read only the staff table: drop --table {others[0]}=")
    engine = connect(source)
    counted = pay_counts(engine, named["staff"], parse_mapping(maps), by=by, purpose=purpose,
                         ethnic_codes=ethnic_codes)  # fmt: skip
    return pay_rows(counted.counts)


def _with_survey(counts, path, mapping, year, organisation, notes):
    """The counts with the survey file's rows (metrics.query.survey.with_survey)."""
    from metrics.query.survey import with_survey

    return with_survey(counts, path, mapping, year, organisation, notes)


def load_either(source: str | None, tables: tuple[str, ...], *, by: str | None = None,
                purpose: str = "wres", **inputs) -> Loaded_:  # fmt: skip
    """The inputs from the database --source names, else from the files the options name (as
    load_inputs): one call for every command that takes both. inputs: load_inputs' keywords."""
    from dashboard.cli_support import load_inputs

    files = {k: inputs.get(k) for k in FILE_OPTIONS if inputs.get(k) is not None}
    if check_source(source, tables, by=by, **files):
        return query_source(source, tables, maps=inputs["maps"],
                            organisation=inputs["organisation"], year=inputs["year"],
                            survey=inputs.get("survey"), purpose=purpose, by=by)[0]  # fmt: skip
    return load_inputs(by=by, purpose=purpose, **inputs)


FILE_OPTIONS = ("staff", "recruitment", "disciplinary", "training", "board", "survey",
                "workbook", "counts", "capability")  # fmt: skip
"""The options that name an input file (none of them but --survey goes with --source)."""


def network_from_source(
    source: str,
    tables: tuple[str, ...],
    *,
    maps: tuple[str, ...],
    survey=None,
    indicator: str | None = None,
) -> NetworkCounts:
    """`compare --source`: a national or ICB table holding every trust's rows, counted in the
    engine per organisation and year (metrics.query), then checked and joined as a network
    counts file is (metrics.compare.inputs.combine): from here on the same code as --counts.
    survey: staff survey results for every trust (an Organisation column), counts already."""
    from dataclasses import replace

    from metrics.compare.inputs import Return, combine
    from metrics.inputs.columns import parse_mapping
    from metrics.query.organisations import organisation_attributes
    from metrics.query.sources import connect

    wdes = bool(indicator) and indicator.strip().upper().startswith("WDES")
    engine = connect(source)
    loaded, _ = query_source(source, tables, maps=maps, organisation=None, year=None,
                             survey=survey, purpose="wdes" if wdes else "wres",
                             engine=engine)  # fmt: skip
    staff = parse_tables(tables)["staff"]
    places = organisation_attributes(engine, staff, parse_mapping(maps))
    counts = loaded.counts if places is None else _placed(loaded.counts, places)
    # a table of one trust with no organisation column is named by its staff table, as a
    # counts file with none is named by its file
    network = combine([Return(staff, counts, ())])
    warnings = tuple(p for p in loaded.problems if p.severity == "warning")
    return replace(network, warnings=warnings + network.warnings,
                   notes=(*loaded.notes, *network.notes))  # fmt: skip


def _placed(counts: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The counts with each organisation's region and trust type from the staff table (where
    a row has none of its own: a survey file's Region column stands)."""
    counts = counts.copy()
    for column in ("region", "trust_type"):
        given = places.set_index("organisation")[column].dropna()
        found = counts["organisation"].map(given)
        placed = counts[column].where(counts[column].notna(), found).astype(object)
        counts[column] = placed.where(placed.notna(), None)
    return counts
