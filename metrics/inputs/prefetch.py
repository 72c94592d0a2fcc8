"""Parsing ahead: input files start parsing in background threads while the program loads.

Workbooks parse in a worker process (metrics.inputs.parse_worker) and Arrow parses CSV without
holding Python's lock, so a national extract is half parsed by the time pandas has finished
importing. The jobs wait in metrics.inputs.parsed_ahead until a reader takes them. Nothing here
imports pandas.
"""

from __future__ import annotations

import threading
from pathlib import Path

from metrics.inputs.parsed_ahead import hold_csv, hold_workbook, is_workbook_pending
from metrics.inputs.source_files import EXCEL_SUFFIXES


def parse_ahead(
    path: Path | str,
    kind: str,
    mapping: dict[str, str] | None = None,
    fields: tuple[str, ...] | None = None,
) -> None:
    """Start parsing a file given on the command line (safe to call on anything: a file that
    cannot be read is left for the normal path to explain). A workbook is known by its bytes.
    fields: the fields the load will read (columns.staff_fields_for), so the parse is reused."""
    from metrics.inputs.workbook_limits import container

    try:
        with open(path, "rb") as fh:
            workbook = container(fh.read(8)) is not None
    except OSError:
        return
    if workbook or Path(path).suffix.lower() in EXCEL_SUFFIXES:
        _workbook_ahead(path)
    else:
        _csv_ahead(path, kind, mapping or {}, fields)


def _workbook_ahead(path: Path | str) -> None:
    path = Path(path).resolve()
    if is_workbook_pending(path) or not path.is_file():
        return
    from metrics.inputs.parse_worker import WorkbookJob

    hold_workbook(path, WorkbookJob(path, None))  # the normal path explains any failure


def _csv_ahead(
    path: Path | str, kind: str, mapping: dict[str, str], fields: tuple[str, ...] | None
) -> None:
    from metrics.inputs.columns import fields_to_read, map_columns
    from metrics.inputs.readers import arrow_table, open_sheets

    try:
        sheet = open_sheets(path)[0]
        colmap = map_columns(sheet, kind, mapping)
        request = sheet.csv_request(colmap.header_index, *fields_to_read(colmap, fields))
    except Exception:
        return
    result: list = []

    def work() -> None:
        try:
            result.append(arrow_table(request))
        except Exception:  # the normal path parses again and explains the problem
            pass

    thread = threading.Thread(target=work, name=f"parse {Path(path).name}", daemon=True)
    hold_csv(request, thread, result)
    thread.start()
