"""Profiles of the staff in post: ethnicity by the 16 national categories and the 5 broad
groups, and every characteristic (ethnicity, disability, sex) by its own groups.

Works on the loaded staff frame and returns counts only, so callers never hold more than they
need to show. The groups, their order and the unknown group come from metrics.counts.characteristics,
so a characteristic added there gets a profile without code here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.counts.characteristics import characteristic, characteristics
from metrics.counts.classify import GROUPS5
from metrics.inputs.column_values import GROUP_COLUMNS
from metrics.standards.indicators import band_groups

BME_ONLY = "BME, group not recorded"


def ethnicity_profile(staff: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
    """Headcount per national ethnic category, with its 5-group and White/BME/Unknown group.

    Bank staff are left out, as everywhere in the WRES. Columns: code, category, group5, group,
    headcount, percent (of all staff, Unknown included)."""
    frame = staff
    if "bank" in frame:
        frame = frame[~frame["bank"].to_numpy()]
    if year is not None and "year" in frame:
        frame = frame[(frame["year"] == year).fillna(False).to_numpy()]
    codes = frame["ethnic_code"].astype(object).fillna("")
    counts = codes.value_counts()
    # a label that says BME and no more ("BME", "BAME") has no national category: counted as
    # BME without a group, not as Unknown, so the profile agrees with the declaration rate
    bme_only = int(((codes == "") & (frame["group"] == "BME")).sum()) if "group" in frame else 0
    rows = []
    for code, cat in ref.ethnic_categories().items():
        rows.append((code, cat.label, cat.group5, cat.wres_group, int(counts.get(code, 0))))
    rows.append(("", BME_ONLY, BME_ONLY, "BME", bme_only))
    rows.append(("", "Blank or not recognised", "Unknown", "Unknown",
                 int(counts.get("", 0)) - bme_only))  # fmt: skip
    out = pd.DataFrame(rows, columns=["code", "category", "group5", "group", "headcount"])
    total = out["headcount"].sum()
    out["percent"] = 100 * out["headcount"] / total if total else 0.0
    return out


def by_group5(profile: pd.DataFrame) -> pd.DataFrame:
    """The profile summed to the five broad groups plus Unknown, in the standard order (with
    BME_ONLY before Unknown when anyone is recorded so)."""
    sums = profile.groupby("group5")["headcount"].sum()
    order = [*GROUPS5[:-1], *([BME_ONLY] if sums.get(BME_ONLY, 0) else []), GROUPS5[-1]]
    sums = sums.reindex(order, fill_value=0)
    total = sums.sum()
    return pd.DataFrame(
        {
            "group5": sums.index,
            "headcount": sums.to_numpy(),
            "percent": 100 * sums.to_numpy() / total if total else 0.0,
        }
    )


def unit_rows(
    staff: pd.DataFrame,
    *,
    year: int | None = None,
    directorate: str | None = None,
    staff_group: str | None = None,
    band_group: str | None = None,
) -> pd.DataFrame:
    """The staff in post for a year and (optionally) one unit; bank staff left out.

    A band group ("Bands 8a-8b") is the bands in that cluster of reference/bands.csv."""
    keep = np.ones(len(staff), dtype=bool)
    if "bank" in staff:
        keep &= ~staff["bank"].fillna(False).to_numpy(dtype=bool)
    if year is not None and "year" in staff:
        keep &= (staff["year"] == year).fillna(False).to_numpy(dtype=bool)
    for column, wanted in (("directorate", directorate), ("staff_group", staff_group)):
        if wanted is not None and column in staff:
            keep &= _label_in(staff[column], {wanted.strip().lower()})
    if band_group is not None and "band" in staff:
        groups = {k.strip().lower(): v for k, v in band_groups().items()}
        members = {b.lower() for b in groups.get(band_group.strip().lower(), ())}
        keep &= _label_in(staff["band"], members)
    return staff if keep.all() else staff[keep]


def _label_in(column: pd.Series, wanted: set[str]) -> np.ndarray:
    """Which rows hold one of `wanted` (trimmed, lower case). Each distinct label is normalised
    once, not once per row: a million staff carry a few hundred directorates."""
    codes, labels = pd.factorize(column, use_na_sentinel=True)
    hits = np.fromiter((str(v).strip().lower() in wanted for v in labels), dtype=bool,
                       count=len(labels))  # fmt: skip
    return np.append(hits, False)[codes]  # code -1 (missing) takes the appended False


def breakdown(staff: pd.DataFrame, column: str) -> pd.DataFrame:
    """Headcount and percentage by the values of one column (sex, disability, age band ...).

    Blank values are counted as "Not recorded" so the percentages always add up to 100."""
    if column not in staff:
        return pd.DataFrame(columns=[column, "headcount", "percent"])
    values = staff[column].astype(object).where(staff[column].notna(), "Not recorded")
    counts = values.value_counts().sort_index()
    total = int(counts.sum())
    return pd.DataFrame(
        {
            column: counts.index.astype(str),
            "headcount": counts.to_numpy(),
            "percent": 100 * counts.to_numpy() / total if total else 0.0,
        }
    )


def characteristics_in(staff: pd.DataFrame) -> list[str]:
    """The characteristics these staff rows carry a group column for, in the reference order."""
    return [name for name in characteristics() if GROUP_COLUMNS.get(name, "") in staff]


def characteristic_profile(staff: pd.DataFrame, name: str) -> pd.DataFrame:
    """Headcount and share of each group of one characteristic, every group listed (0 when
    nobody is in it), the unknown group last and included in the shares, as WRES1 and WDES1
    count it. Columns: group, headcount, percent. Rows are taken as they come: pick the year and
    unit with `unit_rows` first."""
    item = characteristic(name)
    column = GROUP_COLUMNS[name]
    if column in staff:
        found = staff[column].astype(object).value_counts()
    else:
        found = pd.Series(dtype=int)
    order = [g for g in item.groups if g != item.unknown] + [item.unknown]
    heads = [int(found.get(g, 0)) for g in order[:-1]]
    heads.append(len(staff) - sum(heads) if column in staff else 0)  # blank or other: unknown
    total = sum(heads)
    return pd.DataFrame(
        {
            "group": order,
            "headcount": heads,
            "percent": [100 * n / total if total else 0.0 for n in heads],
        }
    )
