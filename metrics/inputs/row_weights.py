"""A staff frame that stands for more rows than it has: each row a distinct combination of
labels, with how many of the file's rows hold it in a ``rows`` column.

Only the streamed read of a staff CSV (inputs.csv_stream, loaders._streamed_staff) makes one,
and only for a standard's own figures from the staff file alone; metrics.counts.table counts
its rows by their weights. Every other path keeps a frame of every row and no such column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

ROWS = "rows"
"""The column holding how many rows of the file each row of a weighted frame stands for."""


def row_weights(frame: pd.DataFrame) -> np.ndarray | None:
    """The rows each row stands for (int64), or None for a frame of every row."""
    if ROWS not in frame:
        return None
    return frame[ROWS].to_numpy(dtype=np.int64)
