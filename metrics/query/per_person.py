"""Counts fetched from the engine laid out one row per person, with no identifier: the form the
file path's functions read (metrics.standards.medical, metrics.standards.paygap), so figures from a
table and from a file come from one code path. Only the counts ever left the engine."""

from __future__ import annotations

import numpy as np
import pandas as pd


def rows_per_person(
    counts: pd.DataFrame,
    weight: str,
    *,
    flags: tuple[str, ...] = ("bank",),
    numbers: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Each row of ``counts`` repeated ``counts[weight]`` times, without the weight column:
    ``flags`` as booleans, ``year`` as nullable integers, ``numbers`` as floats and every other
    column as a categorical of its labels (missing kept missing)."""
    repeat = counts[weight].to_numpy()
    frame = {}
    for key in counts.columns:
        if key == weight:
            continue
        values = np.repeat(counts[key].to_numpy(), repeat)
        if key in flags:
            frame[key] = values.astype(bool)
        elif key == "year":
            frame[key] = pd.array(pd.to_numeric(values), dtype="Int64")
        elif key in numbers:
            frame[key] = pd.to_numeric(values).astype(float)
        else:
            frame[key] = pd.Categorical(pd.Series(values, dtype=object).where(pd.notna(values)))
    return pd.DataFrame(frame, index=pd.RangeIndex(int(repeat.sum())))
