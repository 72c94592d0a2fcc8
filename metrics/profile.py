"""Ethnicity profile of the staff in post: the 16 national categories and the 5 broad groups.

Works on the loaded staff frame and returns counts only, so callers never hold more than they
need to show.
"""

from __future__ import annotations

import pandas as pd

from metrics import reference_data as ref
from metrics.classify import GROUPS5


def ethnicity_profile(staff: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
    """Headcount per national ethnic category, with its 5-group and White/BME/Unknown group.

    Bank staff are left out, as everywhere in the WRES. Columns: code, category, group5, group,
    headcount, percent (of all staff, Unknown included)."""
    frame = staff
    if "bank" in frame:
        frame = frame[~frame["bank"].to_numpy()]
    if year is not None and "year" in frame:
        frame = frame[(frame["year"] == year).fillna(False).to_numpy()]
    counts = frame["ethnic_code"].astype(object).fillna("").value_counts()
    rows = []
    for code, cat in ref.ethnic_categories().items():
        rows.append((code, cat.label, cat.group5, cat.wres_group, int(counts.get(code, 0))))
    rows.append(("", "Blank or not recognised", "Unknown", "Unknown", int(counts.get("", 0))))
    out = pd.DataFrame(rows, columns=["code", "category", "group5", "group", "headcount"])
    total = out["headcount"].sum()
    out["percent"] = 100 * out["headcount"] / total if total else 0.0
    return out


def by_group5(profile: pd.DataFrame) -> pd.DataFrame:
    """The profile summed to the five broad groups plus Unknown, in the standard order."""
    sums = profile.groupby("group5")["headcount"].sum().reindex(list(GROUPS5), fill_value=0)
    total = sums.sum()
    return pd.DataFrame(
        {
            "group5": sums.index,
            "headcount": sums.to_numpy(),
            "percent": 100 * sums.to_numpy() / total if total else 0.0,
        }
    )
