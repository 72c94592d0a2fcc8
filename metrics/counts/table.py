"""The canonical counts table: the one interface between inputs and indicators.

Columns: organisation, year, indicator, band, clinical, membership, directorate, staff_group,
region, trust_type, group, numerator, denominator. `group` is White, BME or Unknown for WRES
rows, Disabled, Non-disabled or Unknown for WDES rows.
  WRES1  numerator = headcount of the group in the band; denominator = band headcount (all groups)
  WRES2  appointed from shortlisting / shortlisted
  WRES3  staff entering a formal disciplinary investigation / headcount
  WRES4  staff accessing non-mandatory training and CPD / headcount
  WRES5-8 respondents answering yes / respondents
  WRES9  board members of the group / board members, for membership "voting" and "executive"
  WDES1, WDES2, WDES10  as WRES1, WRES2 and WRES9, by disability
  WDES3  staff entering the formal capability process (performance grounds) / headcount
  WDES4a-i ... WDES8  respondents answering yes / respondents
  WDES9a the group's staff engagement score (0-10) in `score`, respondents as denominator; the
         organisation's own score as group "All"
  MED-GRADE, MED-ROLE  the medical workforce view: doctors by grade group or leadership role
         (in `band`), numerator = the ethnic group's headcount, denominator = the grade's or
         role's headcount, as WRES1 (metrics.standards.medical; loads for "medical" or "all")
Optional `characteristic` and `characteristic_group` split a row by a second characteristic
(intersections); rows with them blank are the ordinary rows.
Bank staff are left out of every count; each person is counted once a year. WDES rows are made
only when the files give disability, so WRES-only files give exactly the WRES counts.
Row-level inputs reduce to this as early as possible; an aggregated return is read straight in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from metrics.counts.classify import GROUPS
from metrics.inputs.column_values import (
    MEDICAL_INDICATORS,
    WDES_INDICATORS,
    is_medical_staff_group,
    recode_array,
)
from metrics.inputs.loaders import Loaded
from metrics.inputs.row_weights import ROWS, row_weights
from metrics.problems import InputError, Problem

KEY_COLUMNS = (
    "organisation",
    "year",
    "indicator",
    "band",
    "clinical",
    "membership",
    "directorate",
    "staff_group",
    "region",
    "trust_type",
    "group",
    "characteristic",
    "characteristic_group",
)
COLUMNS = (*KEY_COLUMNS, "numerator", "denominator", "score")
"""characteristic, characteristic_group: optional, blank on ordinary rows. A split row is the
same indicator restricted to one group of a second characteristic (say characteristic "sex",
characteristic_group "Female": WRES3 among women). Every ordinary consumer skips split rows
(`ordinary`); metrics.standards.intersections makes and reads them."""
"""score: optional, a published score on 0-10 (WDES9a's engagement score; blank elsewhere)."""
BREAKDOWNS = ("directorate", "staff_group")


def empty() -> pd.DataFrame:
    return normalise(pd.DataFrame(columns=list(COLUMNS)))


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a counts frame every canonical column with consistent types, in canonical order."""
    out = frame.copy()
    for col in COLUMNS:
        if col not in out:
            out[col] = pd.NA
    out = out[list(COLUMNS)]
    for col in (
        "organisation",
        "indicator",
        "band",
        "membership",
        "directorate",
        "staff_group",
        "region",
        "trust_type",
        "group",
        "characteristic",
        "characteristic_group",
    ):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["clinical"] = out["clinical"].astype("boolean")
    out["numerator"] = pd.to_numeric(out["numerator"], errors="coerce").astype("Int64")
    out["denominator"] = pd.to_numeric(out["denominator"], errors="coerce").astype("Int64")
    out["score"] = pd.to_numeric(out["score"], errors="coerce").astype("Float64")
    return out.reset_index(drop=True)


@dataclass
class Inputs:
    """Row-level inputs for one organisation, already read and checked."""

    staff: Loaded | None = None
    recruitment: Loaded | None = None
    disciplinary: Loaded | None = None
    training: Loaded | None = None
    board: Loaded | None = None
    survey: Loaded | None = None
    capability: Loaded | None = None
    organisation: str | None = None
    notes: list[str] = field(default_factory=list)

    def loaded(self) -> list[Loaded]:
        return [
            x
            for x in (
                self.staff,
                self.recruitment,
                self.disciplinary,
                self.training,
                self.board,
                self.survey,
                self.capability,
            )
            if x is not None
        ]


def ordinary(counts: pd.DataFrame) -> pd.DataFrame:
    """The rows that are not split by a second characteristic (all of an old counts file)."""
    if "characteristic" not in counts:
        return counts
    return counts[counts["characteristic"].isna().to_numpy()]


def _key_codes(column: pd.Series) -> tuple[np.ndarray, int, np.ndarray]:
    """(codes, offset, labels): codes + offset run 0..k-1 over the labels, missing included as
    a label (None). Codes come in the narrowest type they have (a category's int8, say) and the
    offset is added where they are used, so no per-row array is made for it."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):  # the codes are already there
        labels = np.empty(len(dtype.categories) + 1, dtype=object)
        labels[0], labels[1:] = None, list(dtype.categories)
        return column.cat.codes.to_numpy(), 1, labels
    if isinstance(dtype, pd.BooleanDtype):
        values = column.array
        codes = values.to_numpy(dtype=np.int8, na_value=-1)  # missing -1, False 0, True 1
        return codes, 1, np.array([None, False, True], dtype=object)
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return codes, 0, np.asarray(uniques, dtype=object)


def _size(frame: pd.DataFrame, keys: list[str], name: str) -> pd.DataFrame:
    """Counts per key combination; missing keys kept as their own value (no row silently lost).

    A GROUP BY on integer codes: each key column becomes codes, the codes one mixed-radix
    number per row, and the numbers are counted. On national extracts this is several times
    faster than a pandas groupby over categorical and nullable columns. A weighted frame
    (inputs.row_weights: a streamed staff file's distinct rows) counts each row as its weight."""
    if frame.empty:
        return pd.DataFrame(columns=[*keys, name])
    weights = row_weights(frame)
    combined = np.zeros(len(frame), dtype=np.int64)
    labels: list[np.ndarray] = []
    for key in keys:  # in place: a national extract's rows get no new array per key
        codes, offset, uniques = _key_codes(frame[key])
        labels.append(uniques)
        combined *= len(uniques)
        combined += codes
        if offset:
            combined += offset
    space = int(np.prod([len(u) for u in labels], dtype=np.float64))
    if space <= 20_000_000:  # small enough to count every possible combination directly
        tally = np.bincount(combined, weights, minlength=space)
        found = np.flatnonzero(tally)
        counts = tally[found]
    elif weights is None:
        found, counts = np.unique(combined, return_counts=True)
    else:
        found, inverse = np.unique(combined, return_inverse=True)
        counts = np.bincount(inverse, weights, minlength=len(found))
    if weights is not None:  # summed as float64: exact for any count below 2**53
        counts = counts.astype(np.int64)
    out: dict[str, object] = {}
    for key, uniques in zip(reversed(keys), reversed(labels), strict=True):
        found, code = np.divmod(found, len(uniques))
        out[key] = uniques[code]
    result = pd.DataFrame({k: out[k] for k in keys})
    for key in keys:
        result[key] = result[key].where(pd.notna(result[key]), None)
    result[name] = counts
    return result


def _keys(frame: pd.DataFrame, breakdowns: tuple[str, ...] = BREAKDOWNS) -> list[str]:
    return [c for c in ("year", *breakdowns) if c in frame.columns]


def _staff_counts(
    staff: pd.DataFrame, indicator: str = "WRES1"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """WRES1 (or WDES1) rows and the headcount per group that the ratios divide by."""
    keys = _keys(staff)
    wres1 = _size(staff, [*keys, "band", "clinical", "group"], "numerator")
    totals = wres1.groupby([*keys, "band", "clinical"], dropna=False, observed=True)["numerator"]
    wres1["denominator"] = totals.transform("sum")
    wres1["indicator"] = indicator
    headcount = _size(staff, [*keys, "group"], "denominator")
    return wres1, headcount


_GROUP_WORDS = {"group": "ethnicity", "disability_group": "disability"}
"""The group columns events are counted by, and the characteristic each holds, in words."""


def _as_group(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The frame with one characteristic's groups as its `group` (as the counts hold them)."""
    if column == "group":
        return frame
    return frame.drop(columns=[c for c in ("group",) if c in frame]).rename(
        columns={column: "group"}
    )


def _join_staff(
    events: pd.DataFrame,
    staff: pd.DataFrame | None,
    notes: list[str],
    label: str,
    needs: str = "group",
):
    """Take the groups (ethnicity, disability), directorate and staff group from the staff file by
    employee number; the event file's own group column fills the rows no staff record matches.
    needs: the group column the indicator counts by."""
    if "employee_number" not in events or staff is None or "employee_number" not in staff:
        if needs not in events:
            what = _GROUP_WORDS[needs]
            raise InputError(
                Problem(
                    severity="error",
                    message=f"the {label} file has no {what} column and cannot be joined to staff",
                    hint=f"Add a {what.capitalize()} column, or an Employee Number column and "
                    "give the staff file too.",
                )
            )
        return events
    join_keys = ["employee_number"] + (["year"] if "year" in events and "year" in staff else [])
    groups = [c for c in _GROUP_WORDS if c in staff]
    take = [c for c in (*groups, "directorate", "staff_group", "bank") if c in staff]
    lookup = staff[[*join_keys, *take]].drop_duplicates(join_keys)
    # a blank employee number matches nobody (pandas would join a blank key to a blank key)
    lookup = lookup[lookup["employee_number"].notna().to_numpy()]
    for col in join_keys:
        lookup[col] = lookup[col].astype(object)
    left = events.drop(columns=[c for c in take if c in events]).copy()
    for col in join_keys:
        left[col] = left[col].astype(object)
    merged = left.merge(lookup, on=join_keys, how="left", indicator=True)
    missing = int((merged["_merge"] == "left_only").sum())
    if missing:
        what = " and ".join(_GROUP_WORDS[c] for c in groups)
        notes.append(
            f"{missing:,} {label} record(s) had an employee number not in the staff file "
            f"for that year; counted as Unknown {what}"
        )
        unmatched = (merged["_merge"] == "left_only").to_numpy()
        for col in groups:
            merged[col] = merged[col].astype(object).fillna("Unknown")
            if col in events:  # the event file's own column fills the gaps
                own = events[col].astype(object).to_numpy()
                merged.loc[unmatched, col] = own[unmatched]
    merged = merged.drop(columns="_merge")
    if "bank" in merged:
        bank = merged["bank"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        if bank.any():
            notes.append(
                f"{int(bank.sum()):,} {label} record(s) belong to bank staff and are left "
                "out, as bank staff are outside the WRES and the WDES"
            )
        merged = merged[~bank].drop(columns="bank")
    return merged


def _distinct_people(events: pd.DataFrame, keys: list[str], notes: list[str], label: str):
    if "employee_number" in events and events["employee_number"].notna().all():
        return events.drop_duplicates(["employee_number", *[k for k in keys if k in events]])
    notes.append(
        f"the {label} file has no employee number for every row: each row is counted as one person"
    )
    return events


def _ratio_rows(
    numerators: pd.DataFrame, headcount: pd.DataFrame, indicator: str, notes: list[str], label: str
) -> pd.DataFrame:
    """Numerators per group beside the matching headcount; breakdowns kept only when complete."""
    keys = [k for k in _keys(numerators) if k in headcount.columns]
    for k in list(keys):
        if k in BREAKDOWNS and numerators[k].isna().any():
            keys.remove(k)
            notes.append(
                f"{indicator}: some {label} records have no {k.replace('_', ' ')}, so "
                f"{indicator} is given for the whole organisation only"
            )
    num = _size(numerators, [*keys, "group"], "numerator")
    return beside_headcount(num, headcount, keys, indicator, notes, label)


def beside_headcount(num: pd.DataFrame, headcount: pd.DataFrame, keys: list[str], indicator: str,
                     notes: list[str], label: str) -> pd.DataFrame:  # fmt: skip
    """Numerators per group (``num``: keys, group, numerator) beside the matching headcount;
    a count with no headcount to divide by is left out and said. Shared by the file path and the
    query layer, whichever counted the numerators."""
    den = headcount.groupby([*keys, "group"], dropna=False, observed=True)["denominator"].sum()
    den = den.reset_index()
    for frame in (num, den):
        for k in [*keys, "group"]:
            frame[k] = frame[k].astype(object).where(frame[k].notna(), None)
    rows = den.merge(num, on=[*keys, "group"], how="outer")
    no_base = rows["denominator"].isna()
    if no_base.any():
        dropped = int(rows.loc[no_base, "numerator"].sum())
        notes.append(
            f"{indicator}: {dropped:,} {label} record(s) fall in a year or unit with no staff "
            "headcount and are left out"
        )
        rows = rows[~no_base]
    rows["numerator"] = rows["numerator"].fillna(0)
    rows["indicator"] = indicator
    return rows


def from_inputs(inputs: Inputs, year: int | None = None) -> pd.DataFrame:
    """Reduce row-level inputs to the canonical counts table: the WRES where the files give
    ethnicity, the WDES where they give disability."""
    notes = inputs.notes
    staff = inputs.staff.frame if inputs.staff is not None else None
    reporting_year = year or latest_year(inputs)
    parts: list[pd.DataFrame] = []
    headcounts: dict[str, pd.DataFrame] = {}  # group column -> headcount per group

    def with_year(frame: pd.DataFrame, label: str) -> pd.DataFrame:
        if "year" in frame and frame["year"].notna().all():
            return frame
        if reporting_year is None:
            return frame.drop(columns="year", errors="ignore")
        if "year" in frame and frame["year"].notna().any():
            frame = frame.assign(year=frame["year"].fillna(reporting_year))
        else:
            frame = frame.assign(year=reporting_year)
            notes.append(f"the {label} data has no year; taken as {reporting_year}")
        return frame

    in_post = None
    if staff is not None:
        staff = with_year(staff, "staff")
        counted = [c for c in ("year", *BREAKDOWNS, "band", "clinical", *_GROUP_WORDS,
                               "board_voting", "board_executive", ROWS) if c in staff]  # fmt: skip
        in_post = _in_post(staff, counted)
        for column, indicator in (("group", "WRES1"), ("disability_group", "WDES1")):
            if column in in_post:
                shares, headcounts[column] = _staff_counts(_as_group(in_post, column), indicator)
                parts.append(shares)
    if inputs.recruitment is not None:
        rec = with_year(inputs.recruitment.frame, "recruitment")
        for column, indicator in (("group", "WRES2"), ("disability_group", "WDES2")):
            if column in rec:
                parts.append(_appointed(_as_group(rec, column), indicator))
    for loaded, indicator, label in (
        (inputs.disciplinary, "WRES3", "disciplinary"),
        (inputs.training, "WRES4", "training"),
    ):
        if loaded is None:
            continue
        if staff is None:
            raise InputError(
                Problem(
                    severity="error",
                    message=f"{indicator} needs the staff file for its headcount",
                    hint=f"Add the staff in post file as well as the {label} file.",
                )
            )
        if "group" not in headcounts:
            notes.append(f"{indicator} needs the staff file's ethnicity column: left out")
            continue
        events = with_year(_join_staff(loaded.frame, staff, notes, label), label)
        events = _distinct_people(events, ["year"], notes, label)
        parts.append(_ratio_rows(events, headcounts["group"], indicator, notes, label))
    if inputs.capability is not None:
        parts += _capability_rows(inputs.capability.frame, staff, headcounts, notes, with_year)
    board = None
    if inputs.board is not None:
        board = with_year(inputs.board.frame, "board")
    elif in_post is not None and ("board_voting" in staff or "board_executive" in staff):
        board = in_post.rename(columns={"board_voting": "voting", "board_executive": "executive"})
    if board is not None:
        for column, indicator in (("group", "WRES9"), ("disability_group", "WDES10")):
            if column in board:
                parts += _board_rows(_as_group(board, column), indicator)
    if inputs.survey is not None:
        parts.append(with_year(inputs.survey.frame, "survey"))
    if not parts:
        return empty()
    counts = normalise(pd.concat([p for p in parts if not p.empty] or [empty()], ignore_index=True))
    if inputs.organisation:
        counts["organisation"] = counts["organisation"].where(
            counts["organisation"].notna(), inputs.organisation
        )
    return counts


def _appointed(rec: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """WRES2 / WDES2 rows: appointed from shortlisting, over shortlisted, per group."""
    shortlisted = rec[rec["shortlisted"].to_numpy()]
    keys = _keys(shortlisted)
    keys = [k for k in keys if k == "year" or shortlisted[k].notna().all()]
    den = _size(shortlisted, [*keys, "group"], "denominator")
    num = _size(shortlisted[shortlisted["appointed"].to_numpy()], [*keys, "group"], "numerator")
    for frame in (num, den):
        for k in [*keys, "group"]:
            frame[k] = frame[k].astype(object)
    rows = den.merge(num, on=[*keys, "group"], how="left")
    rows["numerator"] = rows["numerator"].fillna(0)
    rows["indicator"] = indicator
    return rows


def _board_rows(board: pd.DataFrame, indicator: str) -> list[pd.DataFrame]:
    """WRES9 / WDES10 rows: board members of each group over board members, for voting and
    executive membership."""
    parts = []
    for membership in ("voting", "executive"):
        if membership not in board:
            continue
        members = board[board[membership].to_numpy()]
        keys = [k for k in ("year",) if k in members]
        rows = _size(members, [*keys, "group"], "numerator")
        rows["denominator"] = (
            rows.groupby(keys, dropna=False)["numerator"].transform("sum")
            if keys
            else rows["numerator"].sum()
        )
        rows["membership"] = membership
        rows["indicator"] = indicator
        parts.append(rows)
    return parts


def _capability_rows(
    cases: pd.DataFrame,
    staff: pd.DataFrame | None,
    headcounts: dict[str, pd.DataFrame],
    notes: list[str],
    with_year,
) -> list[pd.DataFrame]:
    """WDES3: staff entering the formal capability process on performance grounds, each person
    once a year, over the headcount, per disability group."""
    from metrics.standards.capability_grounds import counted_grounds

    label = "capability"
    if staff is None:
        raise InputError(
            Problem(
                severity="error",
                message="WDES3 needs the staff file for its headcount",
                hint="Add the staff in post file as well as the capability file.",
            )
        )
    if "disability_group" not in headcounts:
        notes.append("WDES3 needs the staff file's disability column: left out")
        return []
    if "grounds" in cases:
        grounds = cases["grounds"].astype(object)
        blank = (grounds == "not given").to_numpy()
        kept = grounds.isin(counted_grounds()).to_numpy() | blank
        for said, mask in (
            ("on ill-health grounds left out (WDES3 counts performance grounds only)",
             (grounds == "ill health").to_numpy()),
            ("whose grounds were not recognised left out", (grounds == "unrecognised").to_numpy()),
            ("with no grounds given counted (the file did not say; WDES3 counts performance "
             "grounds only)", blank),
        ):  # fmt: skip
            if mask.any():
                notes.append(f"{int(mask.sum()):,} capability case(s) {said}")
        cases = cases[kept]
    else:
        notes.append(
            "the capability file has no grounds column: every case is counted as a performance case"
        )
    events = with_year(_join_staff(cases, staff, notes, label, "disability_group"), label)
    events = _distinct_people(events, ["year"], notes, label)
    events = _as_group(events, "disability_group")
    return [_ratio_rows(events, headcounts["disability_group"], "WDES3", notes, label)]


def _in_post(staff: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Staff in post: bank staff are outside every standard."""
    if "bank" in staff:
        return staff.loc[~staff["bank"].to_numpy(), columns or list(staff.columns)]
    return staff if columns is None else staff[columns]


def latest_year(inputs: Inputs) -> int | None:
    """The latest year any of the row-level files gives: the reporting year when none is asked."""
    years = [
        int(y)
        for loaded in inputs.loaded()
        if "year" in loaded.frame
        for y in loaded.frame["year"].dropna().unique()
    ]
    return max(years) if years else None


def from_loaded_counts(loaded: Loaded) -> pd.DataFrame:
    return normalise(loaded.frame)


def write(counts: pd.DataFrame, path: Path | str) -> Path:
    """Write counts as CSV or XLSX (by extension). Text cells that look like formulas are quoted."""
    path = Path(path)
    out = counts.copy()
    out["clinical"] = out["clinical"].map(lambda v: "" if pd.isna(v) else str(bool(v)).lower())
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(safe_text)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        out.to_excel(path, index=False, sheet_name="Counts", engine="openpyxl")
    else:
        out.to_csv(path, index=False, lineterminator="\n")
    return path


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet program read a cell as a formula (OWASP's CSV injection list): a
leading TAB or carriage return is dropped by some importers, leaving the ``=`` behind it."""


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value[:1] in FORMULA_STARTS


def safe_text(value: object) -> object:
    """Spreadsheet programs run text starting with = + - @ (or a TAB or CR before them) as a
    formula; prefix it with a quote."""
    if looks_like_formula(value):
        return "'" + value
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else value


def filter_unit(counts: pd.DataFrame, **unit: str | None) -> pd.DataFrame:
    """Rows for one unit (say directorate="HR & OD"); matching ignores case and stray spaces.

    A medical staff group matches every spelling the staff group table reads as Medical and
    Dental ("Medical & Dental", "Medical"), as the medical view counts doctors: so the
    MEDICAL standard's restriction and --staff-group agree with it whatever a file calls them."""
    out = counts
    for col, wanted in unit.items():
        if wanted is None:
            continue
        out = out[recode_array(out[col].astype(object), _unit_test(col, wanted), bool)]
    return out


def _unit_test(column: str, wanted: str):
    """Whether a cell of `column` names the unit `wanted`."""
    if column == "staff_group" and is_medical_staff_group(wanted):
        return lambda v: v is not None and is_medical_staff_group(v)
    target = wanted.strip().lower()
    return lambda v: v is not None and str(v).strip().lower() == target


REPRESENTATION = ("WRES1", "WDES1", *MEDICAL_INDICATORS)
"""Rows whose denominator is the band's (or grade's, or role's) headcount over every group."""


def collapse(counts: pd.DataFrame, columns: tuple[str, ...] = BREAKDOWNS) -> pd.DataFrame:
    """Sum away breakdown columns (say directorate and staff group) to whole-unit counts.

    Representation rows (WRES1, WDES1, MED-GRADE, MED-ROLE) take the band total as their
    denominator again; other denominators add up. A score (WDES9a's engagement score) cannot be
    summed: where one row stands alone it keeps its score; where several rows become one, the
    score is their respondent-weighted mean, sum(score x respondents) / sum(respondents), and
    blank when any of them has no score or no respondents (a mean of part of the unit would
    pass for the whole)."""
    keys = [c for c in KEY_COLUMNS if c not in columns]
    frame = counts.assign(**{c: pd.NA for c in columns})
    for col in keys:
        frame[col] = frame[col].astype(object)
    if "score" not in frame:
        frame["score"] = pd.Series(pd.NA, index=frame.index, dtype="Float64")
    score = frame["score"].astype("Float64")
    respondents = pd.to_numeric(frame["denominator"], errors="coerce").astype("Float64")
    weighable = score.notna() & respondents.fillna(0).gt(0)
    frame = frame.assign(
        _rows=1,
        _weighable=weighable.astype(int),
        _weighted=(score * respondents).where(weighable, 0.0),
        _weight=respondents.where(weighable, 0.0),
    )
    grouped = frame.groupby(keys, sort=False, dropna=False)
    out = grouped[["numerator", "denominator"]].sum(min_count=1)
    extra = grouped[["_rows", "_weighable", "_weighted", "_weight"]].sum()
    alone = grouped["score"].first()
    several = extra["_rows"] > 1
    mean = (extra["_weighted"] / extra["_weight"]).where(extra["_weighable"] == extra["_rows"])
    out["score"] = alone.astype("Float64").where(~several, mean.astype("Float64"))
    out = out.reset_index()
    for col in keys:
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    shares = out["indicator"].isin(REPRESENTATION).to_numpy()
    band_keys = [c for c in keys if c != "group"]
    totals = out.groupby(band_keys, dropna=False, sort=False)["numerator"].transform("sum")
    out.loc[shares, "denominator"] = totals[shares]
    return normalise(out)


def unit_values(counts: pd.DataFrame, column: str) -> list[str]:
    return sorted({str(v) for v in counts[column].dropna().unique()})


__all__ = [
    "COLUMNS",
    "GROUPS",
    "Inputs",
    "WDES_INDICATORS",
    "empty",
    "filter_unit",
    "from_inputs",
    "normalise",
    "unit_values",
    "write",
]
