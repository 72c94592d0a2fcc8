"""Byte-for-byte reproducible CSV and Excel writers for the sample data."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.xml.functions import tostring

from sample_data.reference import FIXED_TIMESTAMP

Rows = Iterable[Sequence[object]]


def write_csv(table: pd.DataFrame, path: Path, float_format: str | None = "%.2f") -> Path:
    """UTF-8, comma separated, header on the first row, Unix line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(
        path, index=False, lineterminator="\n", encoding="utf-8", float_format=float_format
    )
    return path


def table_rows(table: pd.DataFrame) -> tuple[list[str], list[tuple]]:
    """Header and rows of plain Python values (no numpy scalars) for openpyxl; a missing value
    (NaN, NA) is an empty cell."""
    columns = [
        [None if v is pd.NA or (isinstance(v, float) and v != v) else v for v in table[c].tolist()]
        for c in table.columns
    ]
    return list(table.columns), list(zip(*columns, strict=True))


def write_xlsx(
    path: Path,
    sheets: dict[str, tuple[Sequence[str], Rows]],
    preamble: Sequence[Sequence[object]] = (),
) -> Path:
    """One sheet per entry, written in openpyxl's write-only mode. ``preamble`` rows (titles)
    go above each header. Timestamps are fixed so the file is identical on every run."""
    workbook = Workbook(write_only=True)
    for name, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=name)
        for row in preamble:
            sheet.append(list(row))
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    props = workbook.properties
    props.creator = props.lastModifiedBy = "sample_data.generate"
    props.created = props.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Saving stamps "modified" with the current time: put the fixed one back.
    props.modified = FIXED_TIMESTAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    _repack_zip(buffer.getvalue(), path, {"docProps/core.xml": tostring(props.to_tree())})
    return path


def _repack_zip(data: bytes, path: Path, replace: dict[str, bytes]) -> None:
    """Rewrite the xlsx zip with fixed entry timestamps (zipfile stamps the current time) and
    the members in ``replace`` swapped for the given content."""
    stamp = FIXED_TIMESTAMP.timetuple()[:6]
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, replace.get(info.filename) or src.read(info.filename))


def _excel_text(value: object) -> str:
    """A cell as Excel's "Save as CSV" would show it: 1.0 -> "1", 12.50 -> "12.5"."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def write_windows_csv(
    path: Path, header: Sequence[str], rows: Rows, preamble: Sequence[Sequence[object]] = ()
) -> Path:
    """A CSV as saved by Excel on Windows: cp1252, CRLF, title rows padded with commas."""
    width = len(header)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in preamble:
        writer.writerow([_excel_text(v) for v in row] + [""] * (width - len(row)))
    writer.writerow(header)
    for row in rows:
        writer.writerow([_excel_text(v) for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path
