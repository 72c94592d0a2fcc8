"""Reads each kind of input into a typed, row-level frame, collecting every problem on the way.

Row-level frames live only in memory: the next step (counts.py) reduces them to counts.
All classification runs on the distinct values of a column, so cost grows with the number of
distinct labels, not rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.counts import classify
from metrics.counts.classify import label_map
from metrics.inputs import survey_split
from metrics.inputs.column_values import (
    GROUP_COLUMNS,
    MEDICAL_INDICATORS,
    SURVEY_INDICATORS,
    WDES_SCORE,
    Checker,
    characteristic_groups,
    characteristic_of,
    clinical_code,
    codes,
    combine,
    duplicated,
    ethnicity_columns,
    flag_code,
    flag_column,
    group_labels,
    indicator_id,
    is_medical_staff_group,
    number_column,
    reads_as_disability,
    recode,
    recode_array,
    recode_cat,
    text_column,
    wres_year_from_date,
    year_column,
)
from metrics.inputs.columns import (
    ColumnMap,
    fields_to_read,
    find_header,
    header_fields,
    map_columns,
)
from metrics.inputs.detect_kind import counts_columns, kind_of
from metrics.inputs.readers import Sheet, Upload, open_sheets, source
from metrics.inputs.snapshot_year import find_snapshot
from metrics.inputs.survey_breakdown import rest_of_organisation
from metrics.inputs.title_organisation import organisation_in
from metrics.problems import InputError, Problem
from metrics.standards.definitions import survey_questions
from metrics.standards.medical_labels import REGIONS


@dataclass
class Loaded:
    """One input read and checked: a typed frame plus the problems found in it."""

    kind: str
    frame: pd.DataFrame
    source: str
    problems: list[Problem] = field(default_factory=list)
    notes: dict[str, int | str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # field -> the column header it came from
    year_source: str = ""  # how the year was found, in words ("" when the rows carry none)
    unrecognised: list[str] = field(default_factory=list)  # distinct ethnicity labels not read
    organisation: str | None = None  # the organisation the title rows above the header name


# --- reading a sheet -------------------------------------------------------------------------


class RowChoice(Protocol):
    """Which rows of a sheet to read (``load_sheet``'s ``rows``), chosen before the others are
    turned into a frame, and what to do with the raw cells of those rows before they are read."""

    fields: tuple[str, ...]
    """The fields ``choose`` reads; none: every row is read."""

    def choose(self, raw: pd.DataFrame) -> np.ndarray:
        """A mask of the rows to read; ``raw``: ``fields`` (those the sheet has) of every row
        that is not blank, indexed by spreadsheet row number."""
        ...

    def prepare(self, raw: pd.DataFrame) -> None:
        """Rewrite the raw cells of the rows read, in place, before they are read as values."""
        ...


def read_fields(
    sheet: Sheet,
    colmap: ColumnMap,
    fields: tuple[str, ...] | None = None,
    choice: RowChoice | None = None,
) -> pd.DataFrame:
    """The sheet's rows below the header, one column per field read (named by the field), rows
    with every cell blank left out; with ``choice``, only the rows it chooses."""
    positions, identifiers = fields_to_read(colmap, fields)
    by_position = {p: f for f, p in colmap.positions.items()}
    choose = None
    if choice is not None and choice.fields:
        keys = [colmap.positions[f] for f in choice.fields if f in colmap.positions]
        keys = [p for p in dict.fromkeys(keys) if p in positions]

        def pick(raw: pd.DataFrame) -> np.ndarray:
            return choice.choose(raw.rename(columns=by_position))

        choose = (keys, pick)
    raw = sheet.read(colmap.header_index, positions, identifiers, choose)
    frame = pd.DataFrame({by_position[p]: raw[p] for p in positions}, index=raw.index)
    empty = frame.isna().all(axis=1)
    return frame[~empty.to_numpy()] if empty.any() else frame


# Kinds whose rows need a year: when no Year (or Date) column gives one, the snapshot date in
# the title rows or the file name does, or the year the person gave.
SNAPSHOT_KINDS = ("staff", "board")


def refuse_counts_as_rows(sheet: Sheet, kind: str) -> None:
    """An aggregated return read as staff (or another row kind) would count its rows as people."""
    if kind in ("counts", "survey"):
        return
    columns = counts_columns(sheet.preview)
    if columns:
        raise InputError(
            Problem(
                severity="error",
                file=sheet.path.name,
                sheet=sheet.name,
                message=f"this is an aggregated counts return (it has "
                f"{', '.join(repr(c) for c in columns)} columns), not a "
                f"{ref.kinds()[kind].label} file: its rows are figures, not people",
                hint="Load it as a counts return.",
            )
        )


def _year_from(sheet: Sheet, colmap: ColumnMap, year: int | None) -> tuple[int | None, str]:
    """The year for rows with no Year column: the one given, else the snapshot date found."""
    if year is not None:
        return year, f"WRES year {year}, as given"
    title_rows = sheet.preview[: colmap.header_index]
    found = find_snapshot(title_rows, sheet.path.name, sheet.name)
    return (found.year, found.sentence()) if found else (None, "")


def staff_year(sheet: Sheet) -> str | None:
    """How a staff sheet's year will be known, in words, before loading; None when the file says
    nowhere (no Year column, no date in its title rows or name) and a person must give it."""
    header_index = find_header(sheet, "staff")
    if "year" in header_fields(sheet.preview[header_index], "staff"):
        return "from its Year column"
    found = find_snapshot(sheet.preview[:header_index], sheet.path.name, sheet.name)
    return found.sentence() if found else None


def _used_labels(column: pd.Series) -> pd.Series:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.remove_unused_categories()
    return column


def load_sheet(
    sheet: Sheet,
    kind: str,
    mapping: dict[str, str] | None = None,
    *,
    fields: tuple[str, ...] | None = None,
    year: int | None = None,
    labels: dict[str, str] | None = None,
    requires: tuple[tuple[str, ...], ...] = (),
    rows: RowChoice | None = None,
    stream: bool = False,
) -> Loaded:
    """Read one sheet as the given kind. Raises InputError when it cannot be used at all.

    year: the WRES year when the sheet has no Year column (else the snapshot date in its title
    rows or file name is used); labels: the organisation's own ethnicity labels {label: group};
    requires: the columns what is being computed needs (columns.purpose(...).requires);
    rows: which rows to read, chosen from a few raw columns before the others are read (the
    rest are skipped unchecked), and their raw cells rewritten (``RowChoice``);
    stream: a staff CSV on disk may be read as its distinct rows (csv_stream) when that gives
    exactly what reading every row would; its frame then has no employee or assignment
    numbers and no FTE (with one row per person they decide nothing)."""
    refuse_counts_as_rows(sheet, kind)
    colmap = map_columns(sheet, kind, mapping, requires)
    streamed = None
    if stream and kind == "staff" and rows is None:
        streamed = _streamed_staff(sheet, colmap, fields, labels)
    if streamed is not None:
        loaded, check = streamed
        return _finish_sheet(loaded, sheet, colmap, check, kind, year)
    frame = read_fields(sheet, colmap, fields, rows)
    if frame.empty:
        raise InputError(
            Problem(
                severity="error",
                message=f"the {ref.kinds()[kind].label} data has a header but no data rows",
                hint="Check that you exported the data and chose the right file or sheet.",
                file=sheet.path.name,
                sheet=sheet.name,
            )
        )
    if rows is not None:  # the kept rows' own labels only: each read once for them
        frame = frame.apply(_used_labels)
        rows.prepare(frame)
    check = Checker(sheet, colmap, label_map(labels))
    loaded = _BUILDERS[kind](frame, check)
    return _finish_sheet(loaded, sheet, colmap, check, kind, year)


def _finish_sheet(
    loaded: Loaded, sheet: Sheet, colmap: ColumnMap, check: Checker, kind: str, year: int | None
) -> Loaded:
    loaded.source = sheet.label
    loaded.problems = sheet.problems + check.problems + loaded.problems
    loaded.columns = dict(colmap.headers)
    loaded.unrecognised = check.unrecognised
    if "year" in colmap.positions:
        loaded.year_source = f"from its {colmap.headers['year'].strip()!r} column"
    elif kind in SNAPSHOT_KINDS and "year" not in loaded.frame:
        found, loaded.year_source = _year_from(sheet, colmap, year)
        if found is not None:
            loaded.frame = loaded.frame.assign(year=pd.array([found] * len(loaded.frame), "Int64"))
    if kind in SNAPSHOT_KINDS:
        loaded.organisation = organisation_in(sheet.preview[: colmap.header_index])
    return loaded


def _streamed_staff(
    sheet: Sheet, colmap: ColumnMap, fields: tuple[str, ...] | None, labels: dict[str, str] | None
) -> tuple[Loaded, Checker] | None:
    """The staff rows read through their distinct combinations (csv_stream), checked and
    classified once per combination and handed on as those combinations, each with how many
    rows it stands for (inputs.row_weights); None when the ordinary read is needed: the file
    could not be streamed exactly, or a check found a problem (its message names rows)."""
    from metrics.inputs.csv_stream import Grouped, grouped_staff
    from metrics.inputs.row_weights import ROWS

    grouped = grouped_staff(sheet, colmap, fields)
    if not isinstance(grouped, Grouped):
        return None
    check = Checker(sheet, colmap, label_map(labels))
    before = len(check.problems)  # the column map's own notes
    for name, distinct in grouped.numbers.items():
        number_column(distinct, name, check, integer=False)
    loaded = _staff(grouped.frame, check)
    if len(check.problems) > before or loaded.problems:
        return None
    weights = grouped.rows
    loaded.notes["records"] = int(weights.sum())
    if "bank" in loaded.frame:
        loaded.notes["bank_excluded"] = int(weights[loaded.frame["bank"].to_numpy()].sum())
    # no frame of every row: each distinct row carries how many rows it stands for, and the
    # counts (metrics.counts.table) count it that many times
    loaded.frame = loaded.frame.assign(**{ROWS: weights.astype(np.int64, copy=False)})
    return loaded, check


def _staff(frame: pd.DataFrame, check: Checker) -> Loaded:
    if "ethnicity" in frame:
        out = ethnicity_columns(frame, "ethnicity", check)
    else:  # a disability or pay gap load: no ethnicity column needed
        out = pd.DataFrame(index=frame.index)
    notes: dict[str, int | str] = {"records": len(frame)}
    band_read = recode_array(
        frame["pay_band"], lambda v: v is None or classify.band(v) is not None, bool
    )
    check.values(
        "pay_band",
        pd.Series(~band_read, index=frame.index),
        frame["pay_band"],
        "pay band or grade not recognised; counted under 'Other'",
        "Use Agenda for Change bands (Band 2 ... Band 9, VSM) or medical grade names.",
    )
    out["band"] = recode_cat(frame["pay_band"], lambda v: classify.band(v) or "Other")
    # clinical: 1 yes, 0 no, -1 unknown; from the staff group unless a clinical column says
    clinical = np.full(len(frame), -1, dtype=np.int8)
    if "staff_group" in frame:
        group_read = recode_array(
            frame["staff_group"], lambda v: v is None or classify.staff_group(v) is not None, bool
        )
        check.values(
            "staff_group",
            pd.Series(~group_read, index=frame.index),
            frame["staff_group"],
            "staff group not recognised; clinical status unknown",
            "Use ESR staff group names, or add a Clinical (yes/no) column.",
        )
        out["staff_group"] = text_column(frame, "staff_group")
        clinical = recode_array(frame["staff_group"], clinical_code, np.int8)
        # the medical view reads a doctor's own grade label (FY1, trust grade ...), not the band
        medical = recode_array(frame["staff_group"], is_medical_staff_group, bool)
        if medical.any():
            out["grade"] = recode_cat(frame["pay_band"], classify.visible).where(medical)
    if "clinical" in frame:
        given = recode_array(frame["clinical"], flag_code, np.int8)
        check.rows(
            "clinical",
            pd.Series(given == -2, index=frame.index),
            frame,
            severity="error",
            message="clinical should be yes or no",
            hint="Use Yes/No or Clinical/Non-clinical.",
        )
        clinical = np.where(given >= 0, given, clinical)
    out["clinical"] = pd.arrays.BooleanArray(clinical == 1, clinical < 0)
    for name in ("directorate", "employee_number", "assignment_number"):
        if name in frame:
            out[name] = text_column(frame, name)
    for name in ("sex", "disability", "age_band", "religion", "sexual_orientation", "role",
                 "primary_qualification"):  # fmt: skip
        if name in frame:
            out[name] = text_column(frame, name)
    for name in ("board_voting", "board_executive"):
        if name in frame:
            out[name] = flag_column(frame, name, check)
    for name in ("disability", "sex"):
        if name in frame:
            out[GROUP_COLUMNS[name]] = characteristic_groups(frame, name, check)
    for name in ("fte", "hourly_pay", "bonus"):
        if name in frame:
            out[name] = number_column(frame, name, check, integer=False)
    if "full_pay_relevant" in frame:  # a blank is not a "no" here: everyone is relevant by default
        given = recode_array(frame["full_pay_relevant"], flag_code, np.int8)
        check.rows(
            "full_pay_relevant",
            pd.Series(given == -2, index=frame.index),
            frame,
            severity="error",
            message="full pay relevant should be yes or no",
            hint="Use Yes/No; leave it blank for yes.",
        )
        out["full_pay_relevant"] = given != 0
    if "year" in frame:
        out["year"] = year_column(frame, "year", check)
    if "assignment_category" in frame:
        # Bank rows stay (so disciplinary and training records can be matched to them) but are
        # marked: the WRES excludes bank staff from every count.
        out["bank"] = recode_array(frame["assignment_category"], classify.is_bank, bool)
    out = _one_row_per_person(out, check, notes)
    if "bank" in out:
        notes["bank_excluded"] = int(out["bank"].sum())
    return Loaded(kind="staff", frame=out, source="", notes=notes)


def _one_row_per_person(
    out: pd.DataFrame, check: Checker, notes: dict[str, int | str]
) -> pd.DataFrame:
    """Headcount counts people: keep each person's main assignment (not bank, largest FTE, first)."""
    if "employee_number" not in out:
        return out
    person = codes(out["employee_number"])
    if "year" in out:
        person = combine(person, codes(out["year"].astype("category")))
    if "assignment_number" not in out:
        check.rows(
            "employee_number",
            pd.Series(duplicated(person), index=out.index),
            out,
            severity="error",
            message="duplicate employee number",
            hint="Each person should appear once. If the file has one row per assignment, "
            "include the Assignment Number column so the tool can count people.",
        )
        return out
    several = duplicated(person)
    if not several.any():  # one row per person: no assignment can repeat either
        return out
    repeated = np.zeros(len(out), dtype=bool)
    subset = np.flatnonzero(several)  # only people with several rows need their assignments read
    assignment = combine(person[subset], codes(out["assignment_number"].iloc[subset]))
    repeated[subset] = duplicated(assignment)
    check.rows(
        "employee_number",
        pd.Series(repeated, index=out.index),
        out,
        severity="error",
        message="the same employee and assignment number appear on more than one row",
        hint="Remove the duplicate rows; each assignment should appear once.",
    )
    # main assignment: a substantive one before bank, then the largest FTE, then the first row
    fte = out["fte"].fillna(0.0).to_numpy() if "fte" in out else np.zeros(len(out))
    bank = out["bank"].to_numpy() if "bank" in out else np.zeros(len(out), dtype=bool)
    order = np.lexsort((np.arange(len(out)), -fte, bank))
    later = duplicated(person[order], keep="first")
    keep = np.ones(len(out), dtype=bool)
    keep[order[later]] = False
    notes["extra_assignments_merged"] = int((~keep).sum())
    return out[keep]


def _characteristics(frame: pd.DataFrame, check: Checker) -> pd.DataFrame:
    """The ethnicity columns and disability and sex groups of the characteristics a file gives."""
    if "ethnicity" in frame:
        out = ethnicity_columns(frame, "ethnicity", check)
    else:
        out = pd.DataFrame(index=frame.index)
    for name in ("disability", "sex"):
        if name in frame:
            out[GROUP_COLUMNS[name]] = characteristic_groups(frame, name, check)
    return out


def _recruitment(frame: pd.DataFrame, check: Checker) -> Loaded:
    out = _characteristics(frame, check)
    out["shortlisted"] = flag_column(frame, "shortlisted", check)
    out["appointed"] = flag_column(frame, "appointed", check)
    check.rows(
        "appointed",
        out["appointed"] & ~out["shortlisted"],
        frame,
        severity="error",
        message="appointed but not shortlisted (appointed cannot exceed shortlisted)",
        hint="WRES indicator 2 counts appointments from shortlisting: mark the applicant "
        "as shortlisted, or correct the appointed value.",
    )
    _common(frame, out, check)
    return Loaded(kind="recruitment", frame=out, source="", notes={"records": len(frame)})


def _common(frame: pd.DataFrame, out: pd.DataFrame, check: Checker) -> None:
    for name in ("directorate", "staff_group", "employee_number", "vacancy", "applicant_id"):
        if name in frame:
            out[name] = text_column(frame, name)
    if "year" in frame:
        out["year"] = year_column(frame, "year", check)
    elif "date" in frame:
        years = recode(frame["date"], wres_year_from_date)
        check.rows(
            "date",
            years.isna() & frame["date"].notna(),
            frame,
            severity="error",
            message="not a date",
            hint="Write dates as 2025-03-31 or 31/03/2025.",
        )
        out["year"] = years.astype("Int64")


def _events(kind: str) -> Callable[[pd.DataFrame, Checker], Loaded]:
    """Disciplinary cases and training records: ethnicity given, or joined from staff later."""

    def build(frame: pd.DataFrame, check: Checker) -> Loaded:
        out = _characteristics(frame, check)
        _common(frame, out, check)
        return Loaded(kind=kind, frame=out, source="", notes={"records": len(frame)})

    return build


def _capability(frame: pd.DataFrame, check: Checker) -> Loaded:
    """Formal capability cases: disability given, or joined from staff later; grounds read as
    performance or ill health (WDES metric 3 counts performance only)."""
    from metrics.standards.capability_grounds import grounds

    out = _characteristics(frame, check)
    if "grounds" in frame:
        read = recode_cat(frame["grounds"], grounds)
        check.values(
            "grounds",
            pd.Series(read.isna().to_numpy() & frame["grounds"].notna().to_numpy(), frame.index),
            frame["grounds"],
            "capability grounds not recognised; not counted as performance",
            "Write Performance or Ill health (sickness, attendance) as the grounds.",
        )
        # blank: the file did not say (counted, with a note); unrecognised: not counted
        out["grounds"] = recode_cat(
            frame["grounds"], lambda v: "not given" if v is None else grounds(v) or "unrecognised"
        )
    _common(frame, out, check)
    return Loaded(kind="capability", frame=out, source="", notes={"records": len(frame)})


def _board(frame: pd.DataFrame, check: Checker) -> Loaded:
    out = _characteristics(frame, check)
    out["voting"] = flag_column(frame, "voting", check)
    out["executive"] = flag_column(frame, "executive", check)
    if "year" in frame:
        out["year"] = year_column(frame, "year", check)
    return Loaded(kind="board", frame=out, source="", notes={"records": len(frame)})


_GROUP_HINT = (
    "Use White, BME (or BAME, Ethnic minority) or Unknown for WRES rows; Disabled, "
    "Non-disabled or Unknown for WDES rows (All for the organisation's engagement score, WDES9a)."
)


def _group_column(
    frame: pd.DataFrame, check: Checker, indicator: pd.Series, disability: np.ndarray | None = None
) -> pd.Series:
    """Each row's group, read with the characteristic its indicator is about (WDES: disability)."""
    if disability is None:  # each distinct indicator id asked once, never each row
        names = indicator.dropna().unique()
        wdes = [n for n in names if characteristic_of(n) == "disability"]
        disability = indicator.isin(wdes).to_numpy(dtype=bool)
    groups = group_labels(frame["group"], disability, indicator)
    check.rows(
        "group",
        groups.isna() & indicator.notna(),  # an unreadable indicator is reported already
        frame,
        severity="error",
        message="group not recognised",
        hint=_GROUP_HINT,
    )
    return groups


def _survey_labels(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """One group label per row (the disability group column's where it is filled) and whether it
    names a disability group (from that column, or a Disabled / Non-disabled label)."""
    if "disability_group" not in frame:
        labels = frame["group"] if "group" in frame else pd.Series(None, index=frame.index)
        return frame.assign(group=labels), reads_as_disability(labels)
    given = frame["disability_group"].notna().to_numpy()
    if "group" in frame:
        labels = (
            frame["group"].astype(object).where(~given, frame["disability_group"].astype(object))
        )
    else:
        labels = frame["disability_group"].astype(object)
    return frame.assign(group=labels), given | reads_as_disability(labels)


def _survey(frame: pd.DataFrame, check: Checker) -> Loaded:
    frame = survey_split.expand(frame)  # rows by two characteristics at once: read once each
    out = pd.DataFrame(index=frame.index)
    frame, disability = _survey_labels(frame)
    survey_year = year_column(frame, "survey_year", check) if "survey_year" in frame else None
    year = year_column(frame, "year", check) if "year" in frame else None
    if year is None and survey_year is not None:
        year = survey_year + 1  # the WRES for year Y uses the survey run in autumn Y-1
    out["year"] = year if year is not None else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if "indicator" in frame:
        indicator = recode(frame["indicator"], indicator_id)
        bad = indicator.isna() | ~indicator.isin([*SURVEY_INDICATORS])
        check.rows(
            "indicator",
            bad,
            frame,
            severity="error",
            message="survey indicator should be WRES5 to WRES8, or WDES4a-i to WDES9a",
            hint="Or give the survey question number (Q14a ...) with the survey year.",
        )
        disability = None  # read from each row's indicator
    else:
        sy = survey_year if survey_year is not None else year - 1 if year is not None else None
        if sy is None:
            raise InputError(
                Problem(
                    severity="error",
                    file=check.sheet.path.name,
                    sheet=check.sheet.name,
                    message="survey questions need a survey year to be read",
                    hint="Add a 'Survey Year' column, or an 'Indicator' column with WRES5..WRES8 "
                    "or WDES4a-i..WDES9a.",
                )
            )
        # a question number means different indicators for different characteristics
        maps = {name: survey_questions(name) for name in ("ethnicity", "disability")}
        questions = frame["question"].astype(object)
        indicator = pd.Series(
            [
                maps["disability" if d else "ethnicity"].get((int(y), ref.compact(q)))
                if pd.notna(y)
                else None
                for y, q, d in zip(sy, questions, disability, strict=True)
            ],
            index=frame.index,
        )
        check.rows(
            "question",
            indicator.isna(),
            frame,
            severity="error",
            message="survey question not recognised for that survey year",
            hint="Known questions: 2021 onwards Q14a, Q14b/c, Q15, Q16b; up to 2020 Q13a, "
            "Q13b/c, Q14, Q15b. Or use an Indicator column (WRES5..WRES8, WDES4a-i..WDES9a).",
        )
    out["group"] = _group_column(frame, check, indicator, disability)
    out["indicator"] = indicator
    respondents = number_column(frame, "respondents", check, integer=True)
    scored = (indicator == WDES_SCORE).to_numpy()
    if "yes" in frame:
        yes = number_column(frame, "yes", check, integer=True)
    elif "percent" in frame:
        pct = number_column(frame, "percent", check, integer=False)
        if pct.notna().any() and pct.max() <= 1:
            check.problems.append(
                Problem(
                    severity="warning",
                    file=check.sheet.path.name,
                    sheet=check.sheet.name,
                    message="percentages are all 1 or less; read as fractions",
                    hint="Write percentages on 0-100 to avoid doubt.",
                )
            )
            pct = pct * 100
        check.rows(
            "percent",
            pct > 100,
            frame,
            severity="error",
            message="percentage above 100",
            hint="Percentages must be between 0 and 100.",
        )
        yes = (pct * respondents / 100).round()
    else:  # a file of engagement scores only
        yes = pd.Series(np.nan, index=frame.index)
        check.rows(
            "indicator" if "indicator" in frame else "question",
            pd.Series(~scored, index=frame.index),
            frame,
            severity="error",
            message="no yes count or percentage for this question",
            hint="Add a Yes (count) or Percent column; only WDES9a is given as a score.",
        )
    check.rows(
        "yes" if "yes" in frame else "percent",
        yes > respondents,
        frame,
        severity="error",
        message="more yes answers than respondents",
        hint="The yes count cannot exceed the number of respondents.",
    )
    out["numerator"] = yes.where(~scored)
    out["denominator"] = respondents
    score = _score_column(frame, check, indicator)
    if score is not None:
        out["score"] = score
    if "organisation" in frame:
        out["organisation"] = text_column(frame, "organisation")
    if "staff_group" in frame:  # a staff group's rows beside the whole organisation's
        out["staff_group"] = text_column(frame, "staff_group")
    out = survey_split.combine(out, frame, check.problems)
    if "staff_group" in frame:
        out = rest_of_organisation(out, frame, check)
    return Loaded(kind="survey", frame=out, source="", notes={"records": len(frame)})


def _score_column(frame: pd.DataFrame, check: Checker, indicator: pd.Series) -> pd.Series | None:
    """The engagement score (0-10) of WDES9a rows; None when no row needs one and none is given."""
    scored = pd.Series((indicator == WDES_SCORE).to_numpy(), index=frame.index)
    where = "indicator" if "indicator" in frame else "question"
    if "score" not in frame:
        check.rows(
            where,
            scored,
            frame,
            severity="error",
            message="WDES9a (staff engagement) needs its score, and there is no score column",
            hint="Add a Score column with the engagement score on 0-10.",
        )
        return None
    score = number_column(frame, "score", check, integer=False)
    check.rows(
        "score",
        score > 10,
        frame,
        severity="error",
        message="engagement score above 10",
        hint="The staff engagement score is out of 10.",
    )
    check.rows(
        "score",
        scored & score.isna() & frame["score"].isna(),
        frame,
        severity="error",
        message="engagement score is blank",
        hint="WDES9a rows give the group's staff engagement score (0-10).",
    )
    return score.where(scored)


def _split_columns(frame: pd.DataFrame, out: pd.DataFrame, check: Checker) -> None:
    """characteristic and characteristic_group: a row split by a second characteristic."""
    from metrics.counts.characteristics import characteristics
    from metrics.disclosure.control import QUALIFICATION, SECOND_AXES

    if "characteristic" not in frame and "characteristic_group" not in frame:
        return
    known = characteristics()
    blank = pd.Series(None, index=frame.index, dtype=object)
    said = frame["characteristic"] if "characteristic" in frame else blank
    name = recode(said, lambda v: None if v is None else ref.key(str(v)))
    # a second axis of a table rather than a characteristic: MED-GRADE by place of qualification
    places = {ref.key(r): r for r in REGIONS}
    axis = (name == QUALIFICATION) & out["indicator"].map(SECOND_AXES).eq(QUALIFICATION)
    check.rows("characteristic", name.notna() & ~name.isin(list(known)) & ~axis, frame,
               severity="error", message="characteristic not recognised", hint="Use " +
               ", ".join(known) + " (or qualification on MED-GRADE rows), or leave it blank on "
               "rows that are not split.")  # fmt: skip
    raw = frame["characteristic_group"] if "characteristic_group" in frame else blank
    group = pd.Series(
        [known[n].group_label(g) if n in known and g is not None else
         places.get(ref.key(str(g))) if a and g is not None else None
         for n, g, a in zip(name, raw.astype(object), axis, strict=True)],
        index=frame.index, dtype=object,
    )  # fmt: skip
    check.rows("characteristic_group", axis & group.isna(), frame, severity="error",
               message="place of qualification not recognised",
               hint="Use " + ", ".join(REGIONS) + ".")  # fmt: skip
    check.rows("characteristic_group", name.isin(list(known)) & group.isna(), frame,
               severity="error", message="characteristic group not recognised for its "
               "characteristic", hint="Use one of its groups (Female, Male, Unknown for sex; "
               "Disabled, Non-disabled, Unknown for disability; White, BME, Unknown for "
               "ethnicity).")  # fmt: skip
    check.rows("characteristic", name.isna() & raw.notna(), frame, severity="error",
               message="characteristic group given without its characteristic",
               hint="Fill the characteristic (sex, disability, ethnicity) or clear the group.")  # fmt: skip
    out["characteristic"] = name.where(name.isin(list(known)) | axis, None)
    out["characteristic_group"] = group


def _medical_labels(frame: pd.DataFrame, indicator: pd.Series, check: Checker) -> pd.Series:
    """The grade group or leadership role of MED-GRADE / MED-ROLE rows, as written: a medical
    grade group is not a pay band. The view's own spelling is taken whatever the case or spacing;
    any other label is kept as written (its own row in the tables) with a warning."""
    from metrics.standards.medical_labels import ALL_ROLES, GRADES

    known = {ref.compact(label): label for label in (*GRADES, *ALL_ROLES)}
    written = recode(frame["band"], lambda v: None if v is None else str(v).strip() or None)
    labels = recode(written, lambda v: None if v is None else known.get(ref.compact(v), v))
    medical = indicator.isin(MEDICAL_INDICATORS)
    check.values(
        "band",
        medical & written.notna() & ~labels.isin(list(known.values())),
        frame["band"],
        "medical grade group or leadership role not recognised; kept as written",
        f"Use a grade group ({', '.join(GRADES)}) or a role ({', '.join(ALL_ROLES)}).",
    )
    return labels


def _counts(frame: pd.DataFrame, check: Checker) -> Loaded:
    out = pd.DataFrame(index=frame.index)
    indicator = recode(frame["indicator"], indicator_id)
    check.rows(
        "indicator",
        indicator.isna(),
        frame,
        severity="error",
        message="indicator not recognised",
        hint="Use WRES1 ... WRES9, WDES1 ... WDES10 (WDES4a-i, WDES4a-ii, WDES4a-iii, WDES4b, "
        "WDES9a), or the medical view's MED-GRADE and MED-ROLE.",
    )
    out["indicator"] = indicator
    out["group"] = _group_column(frame, check, indicator)
    out["numerator"] = number_column(frame, "numerator", check, integer=True)
    if "denominator" in frame:
        out["denominator"] = number_column(frame, "denominator", check, integer=True)
    else:
        out["denominator"] = np.nan
    scored = (indicator == WDES_SCORE).to_numpy()
    check.rows(
        "numerator",
        out["numerator"].isna() & frame["numerator"].isna() & ~scored,
        frame,
        severity="error",
        message="numerator is blank",
        hint="Enter a count (0 if none).",
    )
    shares = out["indicator"].isin(["WRES1", "WDES1"])  # the band total is worked out
    needs_denominator = ~shares & out["denominator"].isna()
    check.rows(
        "denominator",
        needs_denominator & indicator.notna(),
        frame,
        severity="error",
        message="denominator is blank",
        hint="Every row but WRES1 and WDES1 needs a denominator.",
    )
    score = _score_column(frame, check, indicator)
    if score is not None:
        out["score"] = score
    check.rows(
        "numerator",
        out["numerator"] > out["denominator"],
        frame,
        severity="error",
        message="numerator is greater than denominator (e.g. appointed greater than shortlisted)",
        hint="Check the two counts on this row.",
    )
    if "year" in frame:
        out["year"] = year_column(frame, "year", check)
    if "band" in frame:
        medical = indicator.isin(MEDICAL_INDICATORS).to_numpy()
        bands = recode(frame["band"], classify.band)
        unread = bands.isna() & frame["band"].notna() & ~medical
        check.values(
            "band",
            unread,
            frame["band"],
            "band not recognised; kept as written",
            "Use Band 2 ... Band 9, VSM or the medical subgroup names.",
        )
        out["band"] = bands.where(~unread, frame["band"].astype(object))
        if medical.any():
            out["band"] = out["band"].where(~medical, _medical_labels(frame, indicator, check))
    if "clinical" in frame:
        clinical = recode(frame["clinical"], lambda v: None if v is None else classify.flag(v))
        check.rows(
            "clinical",
            clinical.isna() & frame["clinical"].notna(),
            frame,
            severity="error",
            message="clinical should be true or false",
            hint="Use true/false or leave it blank.",
        )
        out["clinical"] = clinical.astype("boolean")
    if "membership" in frame:
        membership = recode(
            frame["membership"], lambda v: None if v is None else str(v).strip().lower()
        )
        bad = membership.notna() & ~membership.isin(["voting", "executive"])
        check.rows(
            "membership",
            bad,
            frame,
            severity="error",
            message="membership should be voting or executive",
            hint="WRES9 and WDES10 rows give board voting or executive membership.",
        )
        out["membership"] = membership
    for name in ("organisation", "directorate", "staff_group", "region", "trust_type"):
        if name in frame:
            out[name] = recode(frame[name], lambda v: v)
    _split_columns(frame, out, check)
    return Loaded(kind="counts", frame=out, source="", notes={"records": len(frame)})


_BUILDERS: dict[str, Callable[[pd.DataFrame, Checker], Loaded]] = {
    "staff": _staff,
    "recruitment": _recruitment,
    "disciplinary": _events("disciplinary"),
    "training": _events("training"),
    "capability": _capability,
    "board": _board,
    "survey": _survey,
    "counts": _counts,
}


# --- files -----------------------------------------------------------------------------------


def choose_sheet(path: Path | str | Upload, kind: str, name: str | None = None) -> Sheet:
    """The sheet of a file holding this kind: the sheet named `name` when given (the person chose
    it), the only sheet, one named for the kind, or one whose header fits."""
    sheets = open_sheets(path)
    if name is not None:
        chosen = next((s for s in sheets if s.name == name), None)
        if chosen is not None:
            return chosen
    if len(sheets) == 1:
        return sheets[0]
    for sheet in sheets:
        if sheet.name and ref.key(sheet.name) in {
            ref.key(a) for a in ref.kinds()[kind].sheet_aliases
        }:
            return sheet
    for sheet in sheets:
        if kind_of(sheet) == kind:
            return sheet
    spec = ref.kinds()[kind]
    raise InputError(
        Problem(
            severity="error",
            file=source(path).name,
            message=f"no sheet holds the {spec.label} data. Sheets found: "
            + ", ".join(f'"{s.name}"' for s in sheets),
            hint="Name the sheet "
            + " or ".join(f'"{a.title()}"' for a in spec.sheet_aliases[:3])
            + ", or save that sheet on its own as CSV.",
        )
    )


def workbook_sheets(path: Path | str | Upload) -> dict[str, Sheet]:
    """Map each kind to its sheet in a workbook holding several kinds; staff or counts required."""
    sheets = open_sheets(path)
    found: dict[str, Sheet] = {}
    for sheet in sheets:
        kind = kind_of(sheet)
        if kind and kind not in found:
            found[kind] = sheet
    if "staff" not in found and "counts" not in found:
        accepted = ", ".join(f'"{spec.sheet_aliases[0].title()}"' for spec in ref.kinds().values())
        raise InputError(
            Problem(
                severity="error",
                file=source(path).name,
                message="the workbook has no staff (or counts) sheet. Sheets found: "
                + ", ".join(f'"{s.name}"' for s in sheets),
                hint=f"Name the sheets by what they hold: {accepted}.",
            )
        )
    return found
