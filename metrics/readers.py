"""Reads CSV and spreadsheet files safely: encodings, title rows above the header, size caps.

A reader returns the file's cells as text, untouched apart from trimming; the meaning of the
columns is decided later (columns.py). Anything that stops a file being read at all becomes an
InputError with a message saying what is wrong and how to fix it.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from metrics.problems import InputError, Problem

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
ZIPPED_SUFFIXES = {".xlsx", ".xlsm", ".ods", ".xlsb"}

HEADER_SEARCH_ROWS = 30
# Uncompressed size allowed for a spreadsheet's contents, checked before parsing so that a small
# file that expands to gigabytes (a "zip bomb") is refused. A 1.4-million-row extract is ~1 GB.
DEFAULT_MAX_XLSX_MB = 2048


def max_uncompressed_bytes() -> int:
    """The cap, from INCLUSIVEHR_MAX_XLSX_MB when set to a whole number of megabytes."""
    text = os.environ.get("INCLUSIVEHR_MAX_XLSX_MB", "").strip()
    megabytes = int(text) if text.isdigit() and int(text) > 0 else DEFAULT_MAX_XLSX_MB
    return megabytes * 1024 * 1024


MAX_COMPRESSION_RATIO = 200  # real workbooks compress ~5-20x; far beyond that is a bomb


def _fail(path: Path, message: str, hint: str, sheet: str | None = None) -> InputError:
    return InputError(
        Problem(severity="error", message=message, hint=hint, file=path.name, sheet=sheet)
    )


def _cell_text(value: object) -> str | None:
    """Spreadsheet cell as the text a person sees: 12345.0 -> '12345', dates as ISO."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() or None


@dataclass
class Sheet:
    """One table-shaped source: a CSV file or one sheet of a workbook."""

    path: Path
    name: str | None  # sheet name; None for CSV
    _preview: Callable[[], list[list[str | None]]] = field(repr=False)
    _load: Callable[[int, Sequence[int]], pd.DataFrame] = field(repr=False)
    _preview_rows: list[list[str | None]] | None = field(default=None, repr=False)

    @property
    def preview(self) -> list[list[str | None]]:
        """The first rows as text, for finding the header; read on first use."""
        if self._preview_rows is None:
            self._preview_rows = self._preview()
        return self._preview_rows

    @property
    def label(self) -> str:
        return f"{self.path.name} (sheet {self.name})" if self.name else self.path.name

    def read(self, header_index: int, columns: Sequence[int]) -> pd.DataFrame:
        """The given column positions below the header row, indexed by spreadsheet row number.

        Columns are named by their position; values are text (categorical) or missing.
        """
        return self._load(header_index, columns)


def _check_exists(path: Path) -> None:
    if not path.exists():
        raise _fail(path, "file not found", f"Check the path: {path}")
    if path.is_dir():
        raise _fail(path, "is a folder, not a file", "Give the path of a CSV or Excel file.")
    if path.stat().st_size == 0:
        raise _fail(path, "the file is empty", "Export the data again; the file has no content.")


def open_sheets(path: Path | str) -> list[Sheet]:
    """Every table in the file: one for a CSV, one per sheet for a workbook."""
    path = Path(path)
    _check_exists(path)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _excel_sheets(path)
    if suffix in CSV_SUFFIXES or suffix == "":
        return [_csv_sheet(path)]
    raise _fail(
        path,
        f"is not a spreadsheet ({suffix or 'no extension'})",
        "Save it as CSV (.csv) or Excel (.xlsx) and try again.",
    )


# --- CSV -------------------------------------------------------------------------------------

_SAMPLE_BYTES = 256 * 1024


def _decode_sample(path: Path, raw: bytes) -> tuple[str, str]:
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = raw[:8192]
        if head.count(b"\x00") * 3 >= len(head) and b"\x00\x00" not in head[:64]:
            raise _fail(  # ASCII text as UTF-16: every other byte is zero
                path,
                "has an unreadable text encoding (UTF-16 without a byte-order mark)",
                "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and try again.",
            )
        raise _fail(
            path,
            "is not a text CSV file (it contains binary data)",
            "If it is an Excel workbook, give it its .xlsx extension; otherwise save as CSV UTF-8.",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="ignore"), "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            # The sample may end mid-character; only the last few bytes may be cut.
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start >= len(raw) - 3:
                return raw[: exc.start].decode(encoding), encoding
    raise _fail(
        path,
        "has an unreadable text encoding (neither UTF-8 nor Windows-1252)",
        "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and try again.",
    )


def _delimiter(lines: list[str]) -> str:
    """The separator that splits the most rows into the same number (more than one) of fields.

    csv.Sniffer is misled by title rows above the header; this needs only the rows to agree."""
    best, best_score = ",", (0, 0)
    for delimiter in ",;\t|":
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1]
        if widths:
            common = max(set(widths), key=lambda w: (widths.count(w), w))
            score = (widths.count(common), common)
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _csv_sheet(path: Path) -> Sheet:
    with path.open("rb") as fh:
        raw = fh.read(_SAMPLE_BYTES)
    text, encoding = _decode_sample(path, raw)
    lines = text.splitlines()[: HEADER_SEARCH_ROWS + 5]
    if not any(line.strip(" ,;\t\"'") for line in lines):
        raise _fail(path, "the file is empty (no data rows)", "Export the data again.")
    delimiter = _delimiter(lines[:HEADER_SEARCH_ROWS])
    preview = [
        [c.strip() or None for c in row]
        for row in csv.reader(
            io.StringIO("\n".join(lines[:HEADER_SEARCH_ROWS])), delimiter=delimiter
        )
    ]

    def load(header_index: int, columns: Sequence[int]) -> pd.DataFrame:
        return _read_csv(path, encoding, delimiter, header_index, columns)

    return Sheet(path=path, name=None, _preview=lambda: preview, _load=load)


def _read_csv(
    path: Path, encoding: str, delimiter: str, header_index: int, columns: Sequence[int]
) -> pd.DataFrame:
    wanted = sorted(set(columns))
    kwargs = dict(
        sep=delimiter,
        header=None,
        skiprows=header_index + 1,
        usecols=wanted,
        dtype=str,  # not "category": pandas 3 infers numeric categories (00123 -> 123)
        skip_blank_lines=False,
        keep_default_na=False,
        na_values=[""],
        encoding=encoding,
        on_bad_lines="skip",
    )
    try:
        frame = pd.read_csv(path, **kwargs)
    except UnicodeDecodeError:
        unreadable = _fail(
            path,
            "has an unreadable text encoding (neither UTF-8 nor Windows-1252)",
            "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and try again.",
        )
        if encoding != "utf-8-sig":
            raise unreadable from None
        try:
            frame = pd.read_csv(path, **{**kwargs, "encoding": "cp1252"})
        except UnicodeDecodeError:
            raise unreadable from None
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame({c: pd.Series([], dtype="category") for c in wanted})
    except (pd.errors.ParserError, ValueError) as exc:
        raise _fail(
            path,
            f"could not be read as CSV ({str(exc).splitlines()[0]})",
            "Check that every row has the same number of columns and quotes are closed.",
        ) from None
    frame.index = pd.RangeIndex(header_index + 2, header_index + 2 + len(frame))
    for col in frame.columns:
        frame[col] = _strip_categories(frame[col].astype("category"))
    return frame


def _strip_categories(series: pd.Series) -> pd.Series:
    """Trim stray spaces in labels; works on the categories, so it costs nothing per row."""
    cats = series.cat.categories
    stripped = pd.Index([str(c).strip() for c in cats])
    if stripped.equals(pd.Index([str(c) for c in cats])):
        return series
    if stripped.is_unique and "" not in stripped:
        return series.cat.rename_categories(stripped)
    text = series.astype(object).map(lambda v: v.strip() or None if isinstance(v, str) else None)
    return text.astype("category")


# --- Excel -----------------------------------------------------------------------------------


def _check_zip(path: Path, max_bytes: int) -> None:
    if not zipfile.is_zipfile(path):
        raise _fail(
            path,
            "is not a valid Excel workbook (it is not an .xlsx zip package)",
            "Open it in Excel and save it again as .xlsx, or export it as CSV.",
        )
    with zipfile.ZipFile(path) as zf:
        total = sum(info.file_size for info in zf.infolist())
        packed = max(sum(info.compress_size for info in zf.infolist()), 1)
    if total > max_bytes or total / packed > MAX_COMPRESSION_RATIO and total > 50 * 1024 * 1024:
        why = (
            f"more than this tool accepts ({max_bytes / 1024 / 1024:,.0f} MB)"
            if total > max_bytes
            else f"{total / packed:,.0f} times its size on disk, far beyond a real workbook"
        )
        raise _fail(
            path,
            f"expands to {total / 1024 / 1024:,.0f} MB when opened, {why}",
            "Export the data as CSV instead, or split it into smaller files. "
            "The limit is set by the environment variable INCLUSIVEHR_MAX_XLSX_MB.",
        )


def _excel_sheets(path: Path, max_bytes: int | None = None) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    suffix = path.suffix.lower()
    if suffix in ZIPPED_SUFFIXES:
        _check_zip(path, max_bytes or max_uncompressed_bytes())
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise _fail(
            path,
            f"could not be opened as a spreadsheet ({type(exc).__name__}: {exc})",
            "Open it in Excel and save it again as .xlsx, or export it as CSV.",
        ) from None
    if not names:
        raise _fail(path, "the workbook has no sheets", "Export the data again.")
    return [_excel_sheet(path, workbook, name) for name in names]


def _excel_sheet(path: Path, workbook, name: str) -> Sheet:
    cache: dict[str, list[list[object]]] = {}

    def rows() -> list[list[object]]:
        if "rows" not in cache:
            try:
                cache["rows"] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:
                raise _fail(
                    path,
                    f"sheet could not be read ({type(exc).__name__}: {exc})",
                    "Open it in Excel and save it again, or export the sheet as CSV.",
                    sheet=name,
                ) from None
        return cache["rows"]

    def load(header_index: int, columns: Sequence[int]) -> pd.DataFrame:
        data = rows()[header_index + 1 :]
        index = pd.RangeIndex(header_index + 2, header_index + 2 + len(data))
        frame = pd.DataFrame(
            {
                j: pd.Categorical([_cell_text(r[j]) if j < len(r) else None for r in data])
                for j in sorted(set(columns))
            },
            index=index,
        )
        cache.clear()  # the rows are no longer needed once the columns are taken
        return frame

    def preview() -> list[list[str | None]]:
        return [[_cell_text(c) for c in r] for r in rows()[:HEADER_SEARCH_ROWS]]

    return Sheet(path=path, name=name, _preview=preview, _load=load)
