"""A casework log read into the rows the figures need: employer, year, case type, ethnic group,
outcome class and stage. Pseudonymised by design: a case reference is read only to find a case
listed twice, hashed with a key made afresh for each load, and dropped; it is never kept, shown
or written."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.casework import labels
from metrics.inputs.column_values import (
    Checker,
    ethnicity_columns,
    recode,
    recode_cat,
    wres_year_from_date,
    year_column,
)
from metrics.inputs.columns import map_columns
from metrics.inputs.loaders import choose_sheet, read_fields, refuse_counts_as_rows
from metrics.inputs.readers import Upload
from metrics.problems import InputError, Problem

KIND = "casework"
READ = ("case_reference", "employer", "year", "date", "case_type", "ethnicity", "stage", "outcome")
"""The columns the figures read; sex, disability, grade and place of qualification are known
column names but are not read yet."""
COLUMNS = ("employer", "year", "case_type", "group", "outcome", "stage")


@dataclass(frozen=True, eq=False)
class CaseLog:
    """One row per case (COLUMNS), the problems found, and how the file was read.

    ``outcomes_given``: whether the log has an outcome column (no column: no outcome figures)."""

    cases: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    source: str = ""
    outcomes_given: bool = False
    repeated: int = 0  # rows that repeated a case reference already read (the later row kept)
    notes: tuple[str, ...] = field(default=())


def _hashed(values: pd.Series) -> np.ndarray:
    """Each reference as a keyed hash (a fresh random key per load, so the same reference gives
    a different hash in another load and none can be looked up); blanks stay blank."""
    salt = os.urandom(16)

    def one(value: object) -> str | None:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return None
        text = str(value).strip()
        if not text:
            return None
        return hashlib.blake2b(text.encode("utf-8"), key=salt, digest_size=16).hexdigest()

    return np.array([one(v) for v in values.astype(object)], dtype=object)


def _years(frame: pd.DataFrame, check: Checker) -> pd.Series:
    if "year" in frame:
        return year_column(frame, "year", check)
    years = recode(frame["date"], wres_year_from_date)
    check.rows("date", years.isna() & frame["date"].notna(), frame, severity="warning",
               message="not a date; the case counts in the figures for all years only",
               hint="Write dates as 2025-03-31 or 31/03/2025.")  # fmt: skip
    return years.astype("Int64")


def _case_types(frame: pd.DataFrame, check: Checker) -> pd.Series:
    read = recode_cat(frame["case_type"], labels.case_type)
    unread = read.isna().to_numpy() & frame["case_type"].notna().to_numpy()
    check.values("case_type", pd.Series(unread, frame.index), frame["case_type"],
                 "case type not recognised; counted as other",
                 "Write one of: " + ", ".join(labels.CASE_TYPES) + ".")  # fmt: skip
    blank = frame["case_type"].isna()
    check.rows(None, blank, frame, severity="warning",
               message="no case type; counted as other", hint="Give each case its type.")  # fmt: skip
    return read.astype(object).where(read.notna(), labels.OTHER).astype(str)


def _outcomes(frame: pd.DataFrame, check: Checker) -> pd.Series:
    if "outcome" not in frame:
        return pd.Series(labels.NOT_GIVEN, index=frame.index)
    read = recode_cat(frame["outcome"], labels.outcome)
    unread = read.isna().to_numpy() & frame["outcome"].notna().to_numpy()
    check.values("outcome", pd.Series(unread, frame.index), frame["outcome"],
                 "outcome not recognised; counted as other (neither a sanction nor none)",
                 "Write outcomes such as Dismissed, Final written warning, No case to answer "
                 "or Ongoing.")  # fmt: skip
    given = frame["outcome"].notna().to_numpy()
    out = read.astype(object).where(read.notna(), labels.OTHER)
    return out.where(given, labels.NOT_GIVEN).astype(str)


def _drop_repeats(frame: pd.DataFrame, out: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A case listed more than once (one row per stage, say) counts once: its last row."""
    if "case_reference" not in frame:
        return out, 0
    keys = pd.Series(_hashed(frame["case_reference"]), index=frame.index)
    repeated = keys.notna() & keys.duplicated(keep="last")
    return out[~repeated.to_numpy()], int(repeated.sum())


def read_cases(path: Path | str | Upload, mapping: dict[str, str] | None = None) -> CaseLog:
    """Read a casework log (CSV, or the casework sheet of a workbook). Raises InputError when it
    cannot be used at all (no employer, case type or ethnicity column, no rows, no year or date
    column); values it cannot read are warnings, and the cases are still counted."""
    sheet = choose_sheet(path, KIND)
    refuse_counts_as_rows(sheet, KIND)
    colmap = map_columns(sheet, KIND, mapping)
    frame = read_fields(sheet, colmap, READ)
    where = dict(file=sheet.path.name, sheet=sheet.name)
    if frame.empty:
        raise InputError(Problem(severity="error", **where,
                                 message="the casework log has a header but no cases",
                                 hint="Check that you exported the cases and chose the right "
                                      "file or sheet."))  # fmt: skip
    check = Checker(sheet, colmap)
    no_employer = frame["employer"].isna()
    check.rows(None, no_employer, frame, severity="warning",
               message="no employer; the case is left out",
               hint="Give the employer of every case.")  # fmt: skip
    groups = ethnicity_columns(frame, "ethnicity", check)["group"].astype(str)
    out = pd.DataFrame(
        {
            "employer": frame["employer"]
            .astype(object)
            .map(lambda v: None if v is None or pd.isna(v) else str(v).strip()),
            "year": _years(frame, check),
            "case_type": _case_types(frame, check),
            "group": groups,
            "outcome": _outcomes(frame, check),
            "stage": frame["stage"].astype(object) if "stage" in frame else None,
        },
        index=frame.index,
    )
    out, repeated = _drop_repeats(frame, out)
    out = out[out["employer"].notna().to_numpy()]
    errors = [p for p in check.problems if p.severity == "error"]
    if errors:
        raise InputError(errors + [p for p in check.problems if p.severity != "error"])
    notes = []
    if repeated:
        notes.append(f"{repeated:,} row{'s' if repeated != 1 else ''} repeated a case reference "
                     "already listed: each case is counted once, from its last row.")  # fmt: skip
    return CaseLog(
        cases=out.reset_index(drop=True),
        problems=tuple(sheet.problems + check.problems),
        source=sheet.label,
        outcomes_given="outcome" in frame,
        repeated=repeated,
        notes=tuple(notes),
    )


def employer_key(name: object) -> str:
    """The form employers are matched in between files: case, spacing and punctuation folded."""
    return ref.key(name)
