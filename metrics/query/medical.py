"""The medical workforce view's counts (MED-GRADE, MED-ROLE, and the grade by place of
qualification table) from a staff table, in the engine: the Medical and Dental staff grouped by
year, ethnic group, grade, own grade label, role and place of qualification, so only how many
doctors share each combination comes back (a row per distinct combination, never per doctor).

The figures are then worked out by the very functions the file path uses
(metrics.standards.medical.medical_counts and qualification_table) on those counts laid out
one row per doctor with no identifier (`doctor_rows`): one code path for the rules, so a table
gives the same rows as the file it came from."""

from __future__ import annotations

import pandas as pd

from metrics import reference as ref
from metrics.inputs.column_values import is_medical_staff_group
from metrics.problems import InputError
from metrics.query.per_person import rows_per_person
from metrics.query.sources import Engine
from metrics.query.staff import Prepared

KEYS = ("year", "group", "band", "grade", "staff_group", "role", "primary_qualification", "bank")
"""What the doctors are grouped by: every column metrics.standards.medical reads."""
WEIGHT = "__doctors"


def _medical_labels(engine: Engine, table, column: str, test) -> list[str]:
    """The distinct labels of a column that pass `test`, read once each (a few dozen)."""
    labels = engine.fetch(table.select(column).distinct())[column]
    return [v for v in labels if v is not None and v == v and test(v)]


def doctor_counts(engine: Engine, prepared: Prepared) -> pd.DataFrame:
    """How many Medical and Dental staff (bank included, marked) share each combination of the
    columns the medical view reads: a GROUP BY in the engine, one row per combination with
    its count in `__doctors`. Doctors are found as the file path finds them: by staff group,
    else (no staff group column) by a medical grade."""
    source = prepared.grouped if prepared.grouped is not None else prepared.table
    if "staff_group" in source.columns:
        chosen = _medical_labels(engine, source, "staff_group", is_medical_staff_group)
    else:
        bands = ref.bands()
        chosen = _medical_labels(
            engine, source, "band", lambda v: v in bands and bands[v].kind == "medical"
        )
    column = "staff_group" if "staff_group" in source.columns else "band"
    doctors = source.filter(source[column].isin(chosen)) if chosen else source.limit(0)
    keys = [k for k in KEYS if k in doctors.columns]
    weight = doctors["__n"].sum() if "__n" in doctors.columns else doctors.count()
    counted = engine.fetch(doctors.group_by(keys).agg(**{WEIGHT: weight}))
    for key in keys:
        if key == "bank":
            counted[key] = counted[key].astype(bool)
        elif key == "year":
            counted[key] = counted[key].astype("Int64")
        else:
            counted[key] = counted[key].astype(object).where(counted[key].notna(), None)
    counted[WEIGHT] = counted[WEIGHT].astype("int64")
    return counted.sort_values(keys, key=lambda c: c.map(repr), kind="stable").reset_index(
        drop=True
    )


def doctor_rows(counts: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The counts laid out one row per doctor, as a staff frame holds them (labels as
    categories, no identifier): what metrics.standards.medical reads. Blank years become
    `year`, as the file path fills them."""
    rows = rows_per_person(counts, WEIGHT)
    if year is not None and ("year" not in rows or rows["year"].isna().any()):
        rows["year"] = rows["year"].fillna(year) if "year" in rows else year
        rows["year"] = rows["year"].astype("Int64")
    return rows


def medical_rows(
    engine: Engine,
    prepared: Prepared,
    *,
    year: int | None,
    organisation: str | None,
    notes: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The MED-GRADE and MED-ROLE counts rows (metrics.standards.medical.medical_counts) and
    the doctor counts they came from; no rows, with a note saying why, when the table cannot
    say who the doctors are or has none (as metrics.inputs.pipeline). year: the reporting year
    blank years are taken as."""
    from metrics.standards.medical import medical_counts

    if "group" not in prepared.columns:
        return pd.DataFrame(), None
    counts = doctor_counts(engine, prepared)
    try:
        rows, found = medical_counts(doctor_rows(counts, year), organisation=organisation)
    except InputError as refused:
        notes.append(f"medical workforce view not given: {refused.problems[0].message}")
        return pd.DataFrame(), counts
    notes += found
    return rows, counts
