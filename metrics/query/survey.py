"""Staff survey results from a table in the database, beside the counts the other tables give.

Survey results are counts already (respondents and yes answers per group and question, a few
rows a question), so the table is read as a survey file is: its mapped columns fetched as text
and loaded by the file rules (metrics.inputs.loaders). A table with more rows than a survey
return can have is refused before anything is fetched: it would be a row per person.
"""

from __future__ import annotations

import pandas as pd

from metrics.counts.table import normalise
from metrics.inputs.loaders import choose_sheet, load_sheet
from metrics.inputs.readers import Source, Upload
from metrics.problems import InputError, Problem, errors
from metrics.query.sources import Engine
from metrics.query.table_columns import raw_table

MOST_ROWS = 100_000
"""More rows than a survey return has (a row per question, group and year, for every trust of
a national table): a table longer than this is not survey results."""


def survey_source(engine: Engine, name: str, mapping: dict[str, str] | None = None) -> Upload:
    """The survey table's mapped columns as an in-memory CSV the file rules read. InputError for
    a table without the survey's columns, or one too long to be survey results."""
    raw = raw_table(engine, name, "survey", mapping)  # the columns checked, nothing fetched
    rows = int(engine.fetch(raw.table.count()))
    if rows > MOST_ROWS:
        raise InputError(
            Problem(
                severity="error",
                file=f"table {name}",
                message=f"has {rows:,} rows, more than survey results have (counts by "
                "question and group): it looks like a row per person",
                hint="Choose the table of survey results, or none.",
            )
        )
    table = engine.table(name, "survey")
    columns = list(dict.fromkeys(raw.headers.values()))
    frame = engine.fetch(table.select(*[table[c].cast("string") for c in columns]))
    return Upload(name=f"table {name}", data=frame.to_csv(index=False).encode("utf-8"))


def with_survey(
    counts: pd.DataFrame,
    source: Source,
    mapping: dict[str, str] | None,
    year: int | None,
    organisation: str | None,
    notes: list[str],
) -> tuple[pd.DataFrame, list[Problem]]:
    """The counts with the survey results' rows, their blank years filled as from files (the
    reporting year, else the latest year of the counts and the survey), and the survey's
    warnings. InputError when the survey results cannot be read."""
    loaded = load_sheet(choose_sheet(source, "survey"), "survey", mapping)
    if errors(loaded.problems):
        raise InputError(errors(loaded.problems))
    rows = loaded.frame
    years = [int(y) for y in (*counts["year"].dropna(), *rows.get("year", pd.Series()).dropna())]
    filled = year or (max(years) if years else None)
    if filled is not None and ("year" not in rows or rows["year"].isna().any()):
        if "year" not in rows or rows["year"].isna().all():
            notes.append(f"the survey data has no year; taken as {filled}")
        rows = rows.assign(year=rows["year"].fillna(filled) if "year" in rows else filled)
    counts = normalise(pd.concat([counts, rows], ignore_index=True))
    if organisation:
        counts["organisation"] = counts["organisation"].where(
            counts["organisation"].notna(), organisation
        )
    return counts, [p for p in loaded.problems if p.severity == "warning"]
