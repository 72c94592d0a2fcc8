"""Typed values from raw text columns, worked out once per distinct label, never per row.

Every check records its problems (file, sheet, row, column, value, fix) on a Checker; the
per-kind builders in loaders.py put these pieces together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.counts import classify
from metrics.inputs.columns import ColumnMap
from metrics.inputs.readers import Sheet
from metrics.problems import Problem, row_problems


def per_category(series: pd.Series, func: Callable[[object], object]) -> tuple[list, np.ndarray]:
    """func of each distinct value (missing as None, in the last slot) and each row's code.

    A code of -1 (missing) indexes that last slot, so `mapped[codes]` is the value per row."""
    if not isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype("category")
    # tolist converts Arrow text labels in one call (iterating them boxes each one: ~10x slower)
    mapped = [func(c) for c in series.cat.categories.tolist()] + [func(None)]
    return mapped, series.cat.codes.to_numpy()


def recode(series: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """Apply func to each distinct value of a column; a value per row, as objects."""
    mapped, codes = per_category(series, func)
    values = np.empty(len(mapped), dtype=object)
    values[:] = mapped
    return pd.Series(values[codes], index=series.index, dtype=object)


def recode_array(series: pd.Series, func: Callable[[object], object], dtype) -> np.ndarray:
    """Like recode, for results of one numpy type (bool, float): no Python object per row."""
    mapped, codes = per_category(series, func)
    return np.asarray(mapped, dtype=dtype)[codes]


def recode_cat(series: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """Like recode, giving a categorical: new labels are formed without touching each row."""
    mapped, codes = per_category(series, func)
    values = np.empty(len(mapped), dtype=object)
    values[:] = mapped
    remap, uniques = pd.factorize(values)  # None -> -1 (missing)
    return pd.Series(
        pd.Categorical.from_codes(remap[codes], categories=uniques, validate=False),
        index=series.index,
    )


def as_category(series: pd.Series) -> pd.Series:
    return series.astype("category")


class Checker:
    """Collects problems located at the right file, sheet, row and column."""

    def __init__(self, sheet: Sheet, colmap: ColumnMap, labels: dict[str, str] | None = None):
        self.sheet, self.colmap = sheet, colmap
        self.problems: list[Problem] = list(colmap.notes)
        self.labels = labels or {}  # the organisation's own ethnicity labels (classify.label_map)
        self.unrecognised: list[str] = []  # distinct ethnicity labels read as Unknown

    def rows(self, field_name: str | None, mask: pd.Series, frame: pd.DataFrame, **kw) -> None:
        if not mask.any():
            return
        rows = [int(i) for i in frame.index[mask.to_numpy()]]
        values = None
        if field_name is not None and field_name in frame:
            values = [str(v) for v in frame.loc[mask.to_numpy(), field_name].astype(object)]
        self.problems += row_problems(
            rows,
            values=values,
            column=self.colmap.headers.get(field_name or "", None),
            file=self.sheet.path.name,
            sheet=self.sheet.name,
            **kw,
        )

    def values(self, field_name: str, bad: pd.Series, raw: pd.Series, message: str, hint: str):
        """A warning per distinct unreadable value, with how many rows and the first row."""
        if not bad.any():
            return
        counts = raw[bad.to_numpy()].astype(object).value_counts()
        for value, n in counts.head(20).items():
            first = int(raw.index[(raw.astype(object) == value).to_numpy()][0])
            self.problems.append(
                Problem(
                    severity="warning",
                    message=f"{message} ({n:,} row{'s' if n != 1 else ''}, first on row {first})",
                    hint=hint,
                    file=self.sheet.path.name,
                    sheet=self.sheet.name,
                    column=self.colmap.headers.get(field_name),
                    value=str(value),
                )
            )


def flag_column(frame: pd.DataFrame, name: str, check: Checker) -> pd.Series:
    read = recode_array(frame[name], lambda v: classify.flag(v) is not None, bool)
    check.rows(
        name,
        pd.Series(~read, index=frame.index),
        frame,
        severity="error",
        message=f"{name.replace('_', ' ')} should be yes or no",
        hint="Use Yes/No, Y/N, True/False or 1/0.",
    )
    return pd.Series(
        recode_array(frame[name], lambda v: bool(classify.flag(v)), bool), index=frame.index
    )


def number_column(frame: pd.DataFrame, name: str, check: Checker, *, integer: bool) -> pd.Series:
    text = recode_cat(frame[name], number_text)
    numbers = pd.to_numeric(pd.Series(text.cat.categories, dtype=object), errors="coerce")
    codes = text.cat.codes.to_numpy()
    values = pd.Series(np.append(numbers.to_numpy(dtype=float), np.nan)[codes], index=frame.index)
    bad = values.isna() & text.notna()
    kind = "a whole number" if integer else "a number"
    check.rows(
        name,
        bad,
        frame,
        severity="error",
        message=f"text where {kind} belongs",
        hint=f"Enter {kind} (no words or symbols) or leave it blank.",
    )
    negative = values < 0
    check.rows(
        name,
        negative,
        frame,
        severity="error",
        message="negative number",
        hint="Counts cannot be negative; correct the value.",
    )
    if integer:
        fractional = values.notna() & (values != values.round())
        check.rows(
            name,
            fractional,
            frame,
            severity="error",
            message="not a whole number",
            hint="Counts must be whole numbers.",
        )
    return values


_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


# What spreadsheets and exports write for "no value" in a number column (Arrow's and pandas'
# spellings of a missing value): read as a blank cell, never as text where a number belongs.
NO_VALUE = frozenset({"n/a", "na", "#n/a", "#n/a n/a", "#na", "null", "nan", "-nan", "none"})


def number_text(value: object) -> str | None:
    """'1,234' (thousands) -> '1234'; '0,6' (a decimal comma) -> '0.6'; '45%' -> '45'; 'N/A'
    (NO_VALUE) -> None."""
    if value is None:
        return None
    text = str(value).replace("%", "").replace("£", "").strip()
    if text.lower() in NO_VALUE:
        return None
    if _THOUSANDS.match(text):
        return text.replace(",", "")
    if _DECIMAL_COMMA.match(text):
        return text.replace(",", ".")
    return text


def year_column(frame: pd.DataFrame, name: str, check: Checker) -> pd.Series:
    values = recode(frame[name], parse_year)
    bad = values.isna() & frame[name].notna()
    check.rows(
        name,
        bad,
        frame,
        severity="error",
        message="not a year",
        hint="Write the year as four digits, e.g. 2025 (for 2024/25 write 2025).",
    )
    return values.astype("Int64")


def parse_year(value: object) -> int | None:
    if value is None:
        return None
    text = str(value).strip()
    if "/" in text:  # "2024/25" -> WRES year 2025
        first, _, second = text.partition("/")
        if first.isdigit() and second.isdigit() and len(first) == 4:
            return int(first) + 1
    try:
        number = float(text)
    except ValueError:
        return None
    # inf, nan and 1e400 are numbers to float() but no year: said as "not a year" like any text
    if not 1990 <= number <= 2100:
        return None
    return int(number)


def wres_year_from_date(value: object) -> int | None:
    """The WRES year a date falls in: 1 April Y-1 to 31 March Y is year Y."""
    if value is None:
        return None
    try:
        d = pd.to_datetime(str(value), dayfirst=not str(value)[:4].isdigit())
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(d):
        return None
    return d.year + 1 if d.month >= 4 else d.year


def ethnicity_columns(frame: pd.DataFrame, name: str, check: Checker) -> pd.DataFrame:
    column = frame[name]
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("category")
    read = [classify.ethnicity_in(v, check.labels) for v in column.cat.categories]
    unread = np.array([not e.recognised for e in read] + [False])[column.cat.codes.to_numpy()]
    check.unrecognised += [
        str(v) for v, e in zip(column.cat.categories, read, strict=True) if not e.recognised
    ]
    check.values(
        name,
        pd.Series(unread, index=frame.index),
        column,
        "ethnicity not recognised; counted as Unknown",
        "Use NHS ethnic category codes (A-S, Z) or labels such as 'White British', "
        "or say which group the label belongs to.",
    )
    odd = [(str(v), note) for v, e in zip(column.cat.categories, read, strict=True)
           if not e.recognised and (note := classify.lookalikes(v))]  # fmt: skip
    for value, note in odd[:5]:
        check.problems.append(
            Problem(
                severity="warning",
                message=f"ethnicity not recognised: {note}",
                hint="Retype the code with ordinary (Latin) letters, or correct it in the "
                "system the file came from.",
                file=check.sheet.path.name,
                sheet=check.sheet.name,
                column=check.colmap.headers.get(name),
                value=value,
            )
        )
    _refuse_if_none_declared(name, column, read, check, odd[0] if odd else None)
    by_label = dict(zip(column.cat.categories, read, strict=True))

    def part(attribute: str):
        return recode_cat(
            column,
            lambda v: getattr(
                by_label[v] if v is not None else classify.ethnicity(None), attribute
            ),
        )

    return pd.DataFrame(
        {"ethnic_code": part("code"), "group5": part("group5"), "group": part("wres_group")},
        index=frame.index,
    )


def _refuse_if_none_declared(
    name: str,
    column: pd.Series,
    read: list[classify.Ethnicity],
    check: Checker,
    odd: tuple[str, str] | None,
) -> None:
    """An error when values are given but not one of them says White or BME: every comparison
    would rest on nobody. An invisible mark, another alphabet or the wrong column does this, and
    the figures must not go out looking like a workforce of Unknowns. odd: a value with a letter
    from another alphabet, and the letter in words, to say alongside."""
    rows = np.bincount(column.cat.codes.to_numpy() + 1, minlength=len(read) + 1)[1:]
    given = int(rows.sum())
    if not given or any(e.wres_group in ("White", "BME") for e in read):
        return
    unread = [(str(v), n) for v, e, n in zip(column.cat.categories, read, rows, strict=True)
              if not e.recognised and n]  # fmt: skip
    if unread:
        shown = ", ".join(repr(v if len(v) <= 40 else v[:37] + "...") for v, _ in unread[:4])
        message = (f"none of the {given:,} ethnicity values is a recognised code; the first "
                   f"few are {shown}")  # fmt: skip
        if odd:
            message += f" (in {odd[0]!r}, {odd[1]})"
    else:
        message = (f"none of the {given:,} ethnicity values says White or BME: every one is "
                   "'not stated' or 'not known'")  # fmt: skip
    check.problems.append(
        Problem(
            severity="error",
            message=message,
            hint="Check that this is the ethnicity column and that the values are NHS ethnic "
            "category codes (A-S, Z) or labels such as 'White British', typed with ordinary "
            "letters; or say which group each label belongs to.",
            file=check.sheet.path.name,
            sheet=check.sheet.name,
            column=check.colmap.headers.get(name),
        )
    )


GROUP_COLUMNS = {"ethnicity": "group", "disability": "disability_group", "sex": "sex_group"}
"""The column a loaded frame holds each characteristic's group in (ethnicity keeps "group")."""


def characteristic_groups(frame: pd.DataFrame, name: str, check: Checker) -> pd.Series:
    """Disability or sex as its groups (Disabled / Non-disabled / Unknown ...), read once per
    distinct label; a value matching no label is Unknown and reported."""
    from metrics.counts.characteristics import characteristic

    item = characteristic(name)
    unread = ~recode_array(frame[name], lambda v: item.read(v).recognised, bool)
    check.values(
        name,
        pd.Series(unread, index=frame.index),
        frame[name],
        f"{item.label} value not recognised; counted as {item.unknown}",
        "Use " + " / ".join(g for g in item.groups if g != item.unknown) + ", or leave it blank.",
    )
    return recode_cat(frame[name], item.group)


def text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """Labels stay categorical; identifiers (employee numbers ...) stay plain text."""
    series = frame[name]
    return (
        series
        if name in IDENTIFIERS or isinstance(series.dtype, pd.CategoricalDtype)
        else as_category(series)
    )


IDENTIFIERS = ref.identifier_fields()


def clinical_code(staff_group: object) -> int:
    group = classify.staff_group(staff_group)
    return -1 if group is None else int(group.clinical)


def flag_code(value: object) -> int:
    """1 yes, 0 no, -1 blank, -2 unreadable."""
    if value is None:
        return -1
    flag = classify.flag(value)
    return -2 if flag is None else int(flag)


def codes(series: pd.Series) -> np.ndarray:
    """An integer per distinct value (-1 when missing): cheap keys for duplicate checks.

    Identifier columns hold millions of distinct strings; Arrow's hash encoding does this
    several times faster than hashing Python strings."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.int64)
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        array = pa.array(series, type=pa.string())
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        # Employee numbers are usually plain numbers: as integers they need no string hashing
        # (not when any has a leading zero, so "007" and "7" stay different people).
        try:
            numbers = pc.cast(array, pa.int64())  # fails at once on anything but whole numbers
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            numbers = None
        if (
            numbers is not None
            and not pc.any(pc.starts_with(array, "0")).as_py()
            and (pc.min(numbers).as_py() or 0) >= 0  # -1 marks a missing value
        ):
            return pc.fill_null(numbers, -1).to_numpy()
        encoded = pc.dictionary_encode(array)
        key = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int64)
        spelled = pc.utf8_lower(pc.utf8_trim_whitespace(encoded.dictionary))
        no_value = pc.is_in(spelled, value_set=pa.array(sorted(NO_VALUE))).to_numpy(
            zero_copy_only=False
        )  # once per distinct value
        return _without(key, no_value)
    except (ImportError, ValueError, TypeError):  # Arrow's errors derive from these
        key, distinct = pd.factorize(series)
        no_value = np.array([str(v).strip().lower() in NO_VALUE for v in distinct], dtype=bool)
        return _without(key.astype(np.int64), no_value)


def _without(key: np.ndarray, no_value: np.ndarray) -> np.ndarray:
    """The keys with every one whose value spells "no value" (an "N/A" employee number) made
    missing (-1), so that such rows are not taken for one person."""
    if not no_value.any():
        return key
    return np.where(no_value[np.maximum(key, 0)] & (key >= 0), -1, key)


def _compact(key: np.ndarray) -> np.ndarray:
    """Codes 0..k-1 for non-negative keys (-1, missing, kept), so products cannot overflow."""
    if key.max(initial=0) < (1 << 20):
        return key
    out = np.full(len(key), -1, dtype=np.int64)
    present = key >= 0
    out[present] = pd.factorize(key[present])[0]
    return out


def combine(*keys: np.ndarray) -> np.ndarray:
    """One int64 key per row from several code arrays; -1 where the first key is missing."""
    first = keys[0]
    combined = _compact(first).copy()
    for key in map(_compact, keys[1:]):
        combined = combined * (int(key.max(initial=0)) + 2) + (key + 1)
    return np.where(first >= 0, combined, -1)


_MARKED_SPAN_PER_KEY = 16  # keys spread this thin or closer are marked off, not hashed


def duplicated(key: np.ndarray, keep: str | bool = False) -> np.ndarray:
    """Rows whose key (-1: missing, never a duplicate) another row has too; keep as pandas'
    Series.duplicated. Keys in a span of a few times their number (employee numbers usually
    are) are first marked off in a table of one byte per value: when none is marked twice
    (the usual case) that is several times faster than hashing them."""
    present = key if key.min(initial=0) >= 0 else key[key >= 0]
    if len(present):
        low, high = int(present.min()), int(present.max())
        if high - low <= _MARKED_SPAN_PER_KEY * len(key) + 65_536:
            seen = np.zeros(high - low + 1, dtype=bool)
            seen[present - low if low else present] = True
            if np.count_nonzero(seen) == len(present):
                return np.zeros(len(key), dtype=bool)
    series = pd.Series(key)
    if series.is_unique:  # the usual case, and cheaper to establish than the mask
        return np.zeros(len(key), dtype=bool)
    return series.duplicated(keep=keep).to_numpy() & (key >= 0)


WRES_INDICATORS = tuple(f"WRES{i}" for i in range(1, 10))
WDES_INDICATORS = ("WDES1", "WDES2", "WDES3", "WDES4a-i", "WDES4a-ii", "WDES4a-iii", "WDES4b",
                   "WDES5", "WDES6", "WDES7", "WDES8", "WDES9a", "WDES10")  # fmt: skip
"""The indicator ids of the counts contract (NHS England's metric numbers)."""
SURVEY_INDICATORS = ("WRES5", "WRES6", "WRES7", "WRES8", *WDES_INDICATORS[3:12])
"""The indicators a staff survey table gives: WRES5-8 and WDES4a-i to WDES9a."""
MEDICAL_INDICATORS = ("MED-GRADE", "MED-ROLE")
"""The medical workforce view's rows: doctors by grade group or leadership role (in `band`)."""
WDES_SCORE = "WDES9a"
"""The indicator given as a score (staff engagement, 0-10) rather than a yes count."""
ALL_GROUP = "All"
"""The group of the organisation's own figure in score rows (WDES9a)."""
_WDES_BY_SUFFIX = {ref.compact(i).removeprefix("wdes"): i for i in WDES_INDICATORS}
_MEDICAL_BY_NAME = {ref.compact(i): i for i in MEDICAL_INDICATORS}


def indicator_id(value: object) -> str | None:
    """'WRES 5', 'indicator 5', '5' -> WRES5; 'WDES4a-i', 'wdes 4a (i)' -> WDES4a-i;
    'MED-GRADE', 'med grade' -> MED-GRADE; else None."""
    text = ref.compact(value)
    if text in _MEDICAL_BY_NAME:
        return _MEDICAL_BY_NAME[text]
    if text.startswith("wdes"):
        return _WDES_BY_SUFFIX.get(text.removeprefix("wdes"))
    for prefix in ("wres", "indicator", "metric"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return f"WRES{text}" if text.isdigit() and 1 <= int(text) <= 9 else None


def is_medical_staff_group(value: object) -> bool:
    """Whether a staff group label names Medical and Dental staff, in any spelling the staff
    group table reads ("Medical and Dental", "Medical & Dental", "Medical"): the one test the
    medical view and its restriction of WRES2-8 share."""
    return bool(getattr(classify.staff_group(value), "medical", False))


def characteristic_of(indicator: str | None) -> str:
    """The characteristic an indicator's groups belong to: disability for the WDES."""
    return "disability" if indicator is not None and indicator.startswith("WDES") else "ethnicity"


def _all_label(value: object) -> bool:
    return ref.key(classify.visible(value)) in {"all", "all staff", "overall", "organisation",
                                                 "organization", "trust", "whole organisation"}  # fmt: skip


def group_labels(
    labels: pd.Series, disability: np.ndarray, indicator: pd.Series | None = None
) -> pd.Series:
    """Aggregate group labels (a return's or survey table's) read with the characteristic they
    belong to: disability where `disability` is true, else ethnicity; None where unreadable.
    "All" (the organisation) is read only on WDES9a rows."""
    from metrics.counts.characteristics import characteristic

    ethnic = recode(labels, characteristic("ethnicity").group_label).to_numpy()
    disabled = recode(labels, characteristic("disability").group_label).to_numpy()
    groups = np.where(disability, disabled, ethnic)
    if indicator is not None:
        score = (indicator == WDES_SCORE).to_numpy()
        everyone = recode_array(labels, _all_label, bool)
        groups = np.where(score & everyone, ALL_GROUP, groups)
    return pd.Series(groups, index=labels.index, dtype=object)


def reads_as_disability(labels: pd.Series) -> np.ndarray:
    """Labels naming a disability group (Disabled / Non-disabled, not the shared Unknown)."""
    from metrics.counts.characteristics import characteristic

    item = characteristic("disability")
    return recode_array(labels, lambda v: item.group_label(v) not in (None, item.unknown), bool)
