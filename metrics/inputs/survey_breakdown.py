"""Staff Survey rows given by staff group beside the whole organisation's.

A trust's survey results come for the whole organisation, and its benchmark report gives some
staff groups as well (say Medical and Dental, for the medical workforce view). Both kinds of row
describe the same respondents: added up as counts they would count the doctors twice. The counts
table (metrics.counts.table) adds its rows up over every breakdown, so each whole-organisation
row keeps only the respondents that no staff-group row of the same indicator, group and year
covers: the rest of the organisation, with a blank staff group, as a staff file row with no
staff group is counted. Every total over staff groups is then the whole organisation's figure
as the file gave it, and a staff group's figure is its own rows.

An engagement score (WDES9a) of the rest is the one that, pooled with the staff groups' scores
by respondents (as the indicators and `collapse` pool them), gives back the whole
organisation's score.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.inputs.column_values import Checker
from metrics.problems import Problem

KEYS = ("organisation", "year", "indicator", "group", "characteristic", "characteristic_group")


def _key_frame(out: pd.DataFrame) -> pd.DataFrame:
    """The key of each row as plain text, blanks included ("" for none)."""
    return pd.DataFrame(
        {k: out[k].astype(object).map(lambda v: "" if pd.isna(v) else str(v)) for k in KEYS
         if k in out},
        index=out.index,
    )  # fmt: skip


def rest_of_organisation(out: pd.DataFrame, frame: pd.DataFrame, check: Checker) -> pd.DataFrame:
    """The survey rows with each whole-organisation row less the staff-group rows of its key.

    out: the survey rows as read (numerator, denominator, optional score and staff_group);
    frame: the file's rows, for row numbers in problems. A staff-group row with no
    whole-organisation row beside it stays as it is, and the whole organisation's figure is then
    the sum of the staff groups given: a warning says so when the file gives whole-organisation
    rows for other indicators."""
    if "staff_group" not in out:  # rows by two characteristics were added up: refused here
        if frame["staff_group"].notna().any():
            check.problems.append(
                Problem(
                    severity="error",
                    file=check.sheet.path.name,
                    sheet=check.sheet.name,
                    message="the survey file gives rows by staff group and rows by two "
                    "characteristics at once (say an ethnic group and a disability group); "
                    "the two cannot be read together",
                    hint="Give the staff groups' rows by one characteristic each, or leave "
                    "the Staff Group column out.",
                )
            )
        return out
    if out["staff_group"].isna().all():
        return out
    part = out["staff_group"].notna().to_numpy()
    keys = _key_frame(out)
    names = list(keys.columns)
    numbers = pd.DataFrame(
        {
            "numerator": pd.to_numeric(out["numerator"], errors="coerce").fillna(0),
            "denominator": pd.to_numeric(out["denominator"], errors="coerce").fillna(0),
        },
        index=out.index,
    )
    score = (
        pd.to_numeric(out["score"], errors="coerce")
        if "score" in out
        else pd.Series(np.nan, index=out.index)
    )
    numbers["weighted"] = (score * numbers["denominator"]).fillna(0)
    numbers["unscored"] = (score.isna() & numbers["denominator"].gt(0)).astype(int)
    parts = pd.concat([keys, numbers], axis=1)[part].groupby(names, sort=False).sum()
    whole = keys[~part]
    index = pd.MultiIndex.from_frame(whole) if len(names) > 1 else pd.Index(whole[names[0]])
    covered = parts.reindex(index)
    found = covered["denominator"].notna().to_numpy()
    _warn_parts_only(out, keys, part, check)
    if not found.any():
        return out
    less = covered.fillna(0).set_axis(whole.index)
    rest = out.copy()
    rows = whole.index
    rest_num = numbers.loc[rows, "numerator"] - less["numerator"]
    rest_den = numbers.loc[rows, "denominator"] - less["denominator"]
    too_many = pd.Series(False, index=out.index)
    too_many[rows] = ((rest_num < 0) | (rest_den < 0)).to_numpy()
    check.rows(
        "respondents",
        too_many,
        frame,
        severity="error",
        message="the staff-group rows of this indicator and group add up to more respondents "
        "(or yes answers) than this whole-organisation row",
        hint="A staff group's respondents are part of the whole organisation's: check the "
        "staff group rows and the whole-organisation row of the same question and year.",
    )
    rest.loc[rows, "numerator"] = rest_num.clip(lower=0).where(out.loc[rows, "numerator"].notna())
    rest.loc[rows, "denominator"] = rest_den.clip(lower=0)
    if "score" in out:
        pooled = (
            (numbers.loc[rows, "weighted"] - less["weighted"]) / rest_den.where(rest_den > 0)
        ).where(less["unscored"].eq(0))
        rest.loc[rows, "score"] = score[rows].where(~found, pooled.clip(0, 10))
    # a whole-organisation row every one of whose respondents is in a staff group adds nothing
    empty = pd.Series(False, index=out.index)
    empty[rows] = found & rest_den.eq(0).to_numpy() & rest_num.eq(0).to_numpy()
    return rest[~empty.to_numpy()]


def _warn_parts_only(
    out: pd.DataFrame, keys: pd.DataFrame, part: np.ndarray, check: Checker
) -> None:
    """Staff-group rows with no whole-organisation row of their key, in a file that has such rows
    for others: the organisation's figure there is only the staff groups given."""
    names = list(keys.columns)
    whole = set(map(tuple, keys[~part].to_numpy()))
    alone = sorted(
        {str(out.at[i, "indicator"]) for i, key in zip(keys.index[part],
         map(tuple, keys[part].to_numpy()), strict=True) if key not in whole}
    )  # fmt: skip
    if not alone or not whole or not names:
        return
    check.problems.append(
        Problem(
            severity="warning",
            file=check.sheet.path.name,
            sheet=check.sheet.name,
            message=f"{', '.join(alone)}: given for staff groups only, with no "
            "whole-organisation row, so the organisation's figure is the sum of the staff "
            "groups given",
            hint="Add the whole-organisation row (Staff Group blank) for the same question, "
            "group and year.",
        )
    )
