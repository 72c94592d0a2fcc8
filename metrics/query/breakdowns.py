"""A breakdown (directorate, staff group) kept only where every record has it, judged for each
organisation on its own: a national table's counts are those of each trust's own file, where
one trust's incomplete directorates do not take another's away. Decided on the fetched counts
(a record without the breakdown is a row with it missing), so no query is added."""

from __future__ import annotations

import pandas as pd

from metrics.query.table_columns import ORGANISATION

_NONE = "\x00none"  # stands for a missing organisation while grouping


def complete(
    counted: pd.DataFrame, keys: list[str], breakdowns: tuple[str, ...], values: list[str]
) -> list[tuple[tuple[str, ...], list[str], pd.DataFrame]]:
    """The counts split by the breakdowns each organisation lacks somewhere: a list of
    (breakdowns dropped, keys kept, counts summed over the dropped ones), one per kind of
    organisation. Without an organisation key the whole table is one organisation."""
    candidates = [k for k in breakdowns if k in keys]
    if ORGANISATION in keys:
        place = counted[ORGANISATION].astype(object).where(counted[ORGANISATION].notna(), _NONE)
    else:
        place = pd.Series(_NONE, index=counted.index)
    if candidates and not counted.empty:
        lacking = counted[candidates].isna().groupby(place.to_numpy()).any()
        dropped_by_place = {
            p: tuple(k for k in candidates if row[k]) for p, row in lacking.iterrows()
        }
    else:
        dropped_by_place = {}
    dropped = place.map(lambda p: dropped_by_place.get(p, ()))
    out = []
    kinds = set(dropped) | {()}  # () also holds organisations with no records: rows of 0
    for lacks in sorted(kinds, key=len):
        if lacks == () and ORGANISATION not in keys and len(kinds) > 1:
            continue  # one organisation, lacking a breakdown: its records are all in one part
        part = counted[(dropped == lacks).to_numpy()] if len(counted) else counted
        kept = [k for k in keys if k not in lacks]
        if lacks:
            others = [c for c in part.columns if c not in (*lacks, *values)]
            part = part.groupby(others, dropna=False, observed=True)[values].sum().reset_index()
        out.append((lacks, kept, part))
    return out


def places(part: pd.DataFrame) -> set[object]:
    """The organisations a part's counts belong to (None among them for records with none)."""
    if ORGANISATION not in part.columns:
        return set()
    return set(part[ORGANISATION].astype(object).where(part[ORGANISATION].notna(), None))
