"""Staff survey results given by two characteristics at once (a row for BME Disabled staff,
one for White Disabled staff ...): the survey indicators split by a second characteristic.

A survey table row normally gives one group (an ethnic group, or a disability group). When a row
fills more than one group column (ethnic group, disability group, sex), it is a cross row: read
once for each characteristic a survey indicator can be about (WRES5-8 by ethnicity, WDES4-9a by
disability; only the one its Indicator names, when there is an Indicator column), as a split
row by each of the row's other characteristics (`characteristic`, `characteristic_group` in
the counts table) and as part of the whole. The whole (the ordinary row) is the sum over the
cross rows unless the file gives it as well, in which case the file's own is kept.

`expand` works on the survey table as read (before its rows are checked, so each reading is
checked as an ordinary row is) and `combine` on the loaded rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.inputs.column_values import characteristic_of, indicator_id, recode

GROUP_COLUMNS = {"group": "ethnicity", "disability_group": "disability", "sex_group": "sex"}
"""The survey table's group columns and the characteristic each gives."""

OWN_COLUMNS = ("group", "disability_group")
"""Columns a survey indicator can be about (WRES: ethnicity; WDES: disability)."""

_DERIVED = "_whole_from_cross_rows"
_NONE = "\u2400 none"  # a blank key while grouping (groupby drops real blanks)


def _filled(column: pd.Series) -> np.ndarray:
    return recode(column, lambda v: v is not None and str(v).strip() != "").to_numpy(dtype=bool)


def expand(frame: pd.DataFrame) -> pd.DataFrame:
    """The survey table with each cross row read once per characteristic and split; a table
    with no cross row comes back as it is."""
    columns = [c for c in GROUP_COLUMNS if c in frame]
    if len(columns) < 2:
        return frame
    filled = {c: _filled(frame[c].astype(object)) for c in columns}
    cross = np.sum([filled[c] for c in columns], axis=0) >= 2
    if not cross.any():
        return frame
    plain = frame[~cross].assign(characteristic=None, characteristic_group=None)
    parts = [plain.assign(**{_DERIVED: False})]
    rows = frame[cross]
    about = None
    if "indicator" in frame:
        about = recode(rows["indicator"], lambda v: characteristic_of(indicator_id(v))).to_numpy()
    for own in OWN_COLUMNS:
        if own not in columns:
            continue
        reading = filled[own][cross]
        if about is not None:
            reading = reading & (about == GROUP_COLUMNS[own])
        # the other characteristic's own column is cleared so the row is read as this one's
        base = rows[reading].assign(**{o: None for o in OWN_COLUMNS if o != own and o in rows})
        parts.append(base.assign(characteristic=None, characteristic_group=None,
                                 **{_DERIVED: True}))  # fmt: skip
        for other in columns:
            if other == own:
                continue
            given = filled[other][cross][reading]
            split = base[given].assign(
                characteristic=GROUP_COLUMNS[other],
                characteristic_group=rows.loc[reading, other].astype(object)[given].to_numpy(),
            )
            parts.append(split.assign(**{_DERIVED: False}))
    return pd.concat(parts)


def combine(out: pd.DataFrame, frame: pd.DataFrame, problems: list) -> pd.DataFrame:
    """The loaded survey rows with their split columns: cross readings summed into one row per
    group (respondents and yes answers added; engagement scores averaged over respondents), and
    the whole made from them only where the file does not give it. `frame` is `expand`'s
    output, whose rows `out` reads one for one; unrecognised second groups join `problems`."""
    if _DERIVED not in frame:
        return out
    from metrics.counts.characteristics import characteristic
    from metrics.problems import Problem

    name = frame["characteristic"].astype(object).to_numpy()
    raw = frame["characteristic_group"].astype(object).to_numpy()
    group = np.array([None if n is None else characteristic(n).group_label(g)
                      for n, g in zip(name, raw, strict=True)], dtype=object)  # fmt: skip
    bad = sorted({str(g) for n, g, label in zip(name, raw, group, strict=True)
                  if n is not None and label is None})  # fmt: skip
    if bad:
        problems.append(
            Problem(
                severity="error",
                message="survey group not recognised for its characteristic: " + ", ".join(bad),
                hint="Use Female, Male or Unknown for sex; Disabled, Non-disabled or Unknown for "
                "disability; White, BME or Unknown for ethnicity.",
            )
        )
    out = out.assign(characteristic=name, characteristic_group=group,
                     **{_DERIVED: frame[_DERIVED].to_numpy(dtype=bool)})  # fmt: skip
    keys = [c for c in ("organisation", "year", "indicator") if c in out]
    given = out.loc[~out[_DERIVED] & pd.isna(out["characteristic"]), keys].drop_duplicates()
    if not given.empty and len(keys):
        marked = out[keys].astype(object).merge(given.astype(object).assign(_given=True),
                                                on=keys, how="left")["_given"]  # fmt: skip
        out = out[~(out[_DERIVED].to_numpy() & marked.eq(True).to_numpy())]
    return _summed(out.drop(columns=_DERIVED), [*keys, "group", "characteristic",
                                                "characteristic_group"])  # fmt: skip


def _summed(out: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per key: yes answers and respondents added, scores weighted by respondents."""
    frame = out.reset_index(drop=True)
    numbers = frame.assign(
        _weighted=frame["score"] * frame["denominator"] if "score" in frame else np.nan
    )
    grouped = numbers.astype({k: object for k in keys}).fillna({k: _NONE for k in keys})
    sums = grouped.groupby(keys, sort=False, dropna=False).agg(
        numerator=("numerator", lambda s: s.sum(min_count=1)),
        denominator=("denominator", lambda s: s.sum(min_count=1)),
        _weighted=("_weighted", lambda s: s.sum(min_count=1)),
    )
    result = sums.reset_index()
    for k in keys:
        result[k] = result[k].astype(object).where(result[k].astype(object) != _NONE, None)
    if "score" in frame:
        result["score"] = result["_weighted"] / result["denominator"]
    return result.drop(columns="_weighted")
