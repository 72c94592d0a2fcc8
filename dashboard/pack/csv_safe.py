"""Text that a spreadsheet program will never run as a formula, for every export.

A cell beginning with = + - or @ is a formula to Excel, LibreOffice and Google Sheets, so a
directorate called ``=HYPERLINK(...)`` could become a live link in a published file. CSV has no
cell types, so there the text gets a leading apostrophe (the rule ``metrics.counts.table.write`` uses);
in a workbook the cell is typed as text instead and keeps its value exactly.
"""

from __future__ import annotations

import pandas as pd

from metrics.counts.table import safe_text


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell (and column name) made formula-safe; numbers are left as numbers."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].astype(object).map(safe_text)
    out.columns = [safe_text(str(c)) for c in out.columns]
    return out


def to_csv_text(frame: pd.DataFrame) -> str:
    """A CSV download whose text cells cannot become formulas."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\n")
