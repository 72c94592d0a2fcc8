"""Distinct rows of a few columns of a large counts frame, found on integer codes."""

from __future__ import annotations

import numpy as np
import pandas as pd

FIRST = "first_row"
"""The column ``distinct_rows(..., first=True)`` adds: the position of each combination's first
row in the frame (0-based, whatever the frame's index)."""


def _row_codes(frame: pd.DataFrame, columns: list[str], blanks: bool):
    """One integer per row in ``range(size)``, equal for equal combinations, and each column's
    codes and values.

    Each column is hashed once (``pd.factorize``); the codes are then folded in one column at
    a time, re-coded when the number would grow past 2**40."""
    codes, uniques = {}, {}
    key, size = np.zeros(len(frame), dtype=np.int64), 1
    for column in columns:
        codes[column], uniques[column] = pd.factorize(frame[column], use_na_sentinel=not blanks)
        # a blank (-1) folds in as 0
        key, size = _fold_in(
            key, size, codes[column].astype(np.int64) + 1, len(uniques[column]) + 1
        )
    return key, size, codes, uniques


def _fold_in(key: np.ndarray, size: int, codes: np.ndarray, width: int) -> tuple[np.ndarray, int]:
    """``key`` (in ``range(size)``) with ``codes`` (in ``range(width)``) folded in, and the new
    size; the key is re-coded first only when the number could otherwise grow past 2**40."""
    if size * width > 1 << 40:
        key, found = pd.factorize(key)
        size = len(found)
    return key * width + codes, size * width


def first_rows(key: np.ndarray, size: int) -> np.ndarray:
    """The position of each distinct value's first row, ascending (so in order of first
    appearance), for ``key`` in ``range(size)``. A small range is marked in a table (no
    hashing); a large one is numbered by ``pd.factorize`` first."""
    n = len(key)
    if size <= max(4 * n, 1 << 16):
        first = np.full(size, n, dtype=np.int64)
        np.minimum.at(first, key, np.arange(n, dtype=np.int64))
        first = first[first < n]
        first.sort()
        return first
    # factorize numbers values 0, 1, 2 ... in order of first appearance, so a row is a value's
    # first exactly where its number passes every number before it
    numbered, _ = pd.factorize(key)
    seen = np.maximum.accumulate(numbered) if n else numbered
    return np.flatnonzero(np.diff(seen, prepend=-1) > 0)


def distinct_rows(
    frame: pd.DataFrame, columns: list[str], *, blanks: bool = False, first: bool = False
) -> pd.DataFrame:
    """The distinct rows of ``columns`` in order of first appearance, without the rows with a
    blank unless ``blanks``; with ``first``, the position of each one's first row (``FIRST``).
    Each column's values are hashed once and the rows compared as integers: a network of 1,000
    trusts has some 500,000 counts rows but only a few thousand distinct organisations, years
    and indicators."""
    key, size, codes, uniques = _row_codes(frame, columns, blanks)
    positions = first_rows(key, size)
    if not blanks:
        filled = np.logical_and.reduce([codes[c][positions] >= 0 for c in columns])
        positions = positions[filled]
    out = {}
    for column in columns:
        values = np.asarray(uniques[column], dtype=object)
        coded = codes[column][positions]
        picked = values[coded] if len(values) else np.full(len(coded), None, dtype=object)
        out[column] = pd.Series(picked, dtype=object).where(pd.notna(picked), None)
    if first:
        out[FIRST] = pd.Series(positions, dtype=np.int64)
    return pd.DataFrame(out, columns=[*columns, *([FIRST] if first else [])])


def distinct_read(
    columns: dict[str, tuple[list, np.ndarray]],
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The distinct combinations of values read from labels, and the position of each one's
    first row, in order of first appearance; nothing is compared per row but integers.

    ``columns``: each column's values read once per distinct label (``mapped``) and each row's
    code into them (a code of -1 takes the last slot, as ``column_values.per_category`` gives).
    Labels read alike (``" 2021"`` and ``"2021"`` as the year 2021) are one value here.

    Only the first row of each run of rows with the same codes can be a combination's first
    (a file lists a trust's year together), so the values are folded on those rows alone."""
    if not columns:
        return {}, np.zeros(0, dtype=np.int64)
    n = len(next(iter(columns.values()))[1])
    change = np.zeros(n, dtype=bool)
    change[:1] = True
    for _mapped, codes in columns.values():
        change[1:] |= codes[1:] != codes[:-1]
    starts = np.flatnonzero(change)
    key, size, read = np.zeros(len(starts), dtype=np.int64), 1, {}
    for name, (mapped, codes) in columns.items():
        slots: dict[object, int] = {}
        slot = np.fromiter((slots.setdefault(v, len(slots)) for v in mapped), np.int64, len(mapped))
        read[name] = (list(slots), slot[codes[starts]])  # each run's value, as its slot
        key, size = _fold_in(key, size, read[name][1], len(slots))
    chosen = first_rows(key, size)  # among the runs' first rows
    out = {}
    for name, (values, slots_of_runs) in read.items():
        held = np.empty(len(values), dtype=object)
        held[:] = values
        out[name] = held[slots_of_runs[chosen]]
    return out, starts[chosen]
