"""Parsing ahead: input files start parsing in background threads while the program loads.

calamine (workbooks) and Arrow (CSV) parse without holding Python's lock, so a national
extract is half parsed by the time pandas has finished importing. Nothing here imports pandas.
Also the size checks for spreadsheet packages, which must pass before anything is parsed.
"""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
ZIPPED_SUFFIXES = {".xlsx", ".xlsm", ".ods", ".xlsb"}
DEFAULT_MAX_XLSX_MB = 2048
MAX_COMPRESSION_RATIO = 200  # real workbooks compress ~5-20x; far beyond that is a bomb
RATIO_APPLIES_ABOVE = 50 * 1024 * 1024


def max_uncompressed_bytes() -> int:
    """The cap, from INCLUSIVEHR_MAX_XLSX_MB when set to a whole number of megabytes.

    Checked before parsing so that a small file that expands to gigabytes is refused. A
    1.4-million-row extract is about 1 GB uncompressed."""
    text = os.environ.get("INCLUSIVEHR_MAX_XLSX_MB", "").strip()
    megabytes = int(text) if text.isdigit() and int(text) > 0 else DEFAULT_MAX_XLSX_MB
    return megabytes * 1024 * 1024


def package_sizes(path) -> tuple[int, int] | None:
    """(uncompressed, compressed) bytes of a zip package (a path or a binary stream); None if
    it is not a zip."""
    if not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        return sum(i.file_size for i in infos), max(sum(i.compress_size for i in infos), 1)


def too_big(total: int, packed: int, max_bytes: int) -> bool:
    return total > max_bytes or (
        total / packed > MAX_COMPRESSION_RATIO and total > RATIO_APPLIES_ABOVE
    )


_parsed: dict[Path, tuple[threading.Thread, dict[str, list[list[object]]]]] = {}


def parse_ahead(path: Path | str, kind: str, mapping: dict[str, str] | None = None) -> None:
    """Start parsing a file given on the command line (safe to call on anything: a file that
    cannot be read is left for the normal path to explain)."""
    if Path(path).suffix.lower() in EXCEL_SUFFIXES:
        _workbook_ahead(path)
    else:
        _csv_ahead(path, kind, mapping or {})


def _workbook_ahead(path: Path | str) -> None:
    path = Path(path).resolve()
    if path in _parsed or path.suffix.lower() not in EXCEL_SUFFIXES or not path.is_file():
        return
    if path.suffix.lower() in ZIPPED_SUFFIXES:
        sizes = package_sizes(path)
        if sizes is None or too_big(*sizes, max_uncompressed_bytes()):
            return  # the normal path reports the problem
    sheets: dict[str, list[list[object]]] = {}

    def work() -> None:
        try:
            from python_calamine import CalamineWorkbook

            workbook = CalamineWorkbook.from_path(str(path))
            for name in workbook.sheet_names:
                sheets[name] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:  # the normal path will meet the same error and explain it
            sheets.clear()

    thread = threading.Thread(target=work, name=f"parse {path.name}", daemon=True)
    _parsed[path] = (thread, sheets)
    thread.start()


def take_parsed_workbook(path: Path) -> dict[str, list[list[object]]]:
    """The sheets parsed ahead for this file (waiting for them), or {} if none were."""
    job = _parsed.pop(Path(path).resolve(), None)
    if job is None:
        return {}
    thread, sheets = job
    thread.join()
    return sheets


_csv_jobs: dict[object, tuple[threading.Thread, list]] = {}


def _csv_ahead(path: Path | str, kind: str, mapping: dict[str, str]) -> None:
    from metrics.columns import fields_to_read, map_columns
    from metrics.readers import arrow_table, open_sheets

    try:
        sheet = open_sheets(path)[0]
        colmap = map_columns(sheet, kind, mapping)
        request = sheet.csv_request(colmap.header_index, *fields_to_read(colmap))
    except Exception:
        return
    result: list = []

    def work() -> None:
        try:
            result.append(arrow_table(request))
        except Exception:  # the normal path parses again and explains the problem
            pass

    thread = threading.Thread(target=work, name=f"parse {Path(path).name}", daemon=True)
    _csv_jobs[request] = (thread, result)
    thread.start()


def take_parsed_csv(request: object):
    """The Arrow table parsed ahead for exactly this request (waiting for it), else None."""
    job = _csv_jobs.pop(request, None)
    if job is None:
        return None
    thread, result = job
    thread.join()
    return result[0] if result else None
