"""Reads CSV and spreadsheet files safely: encodings, title rows above the header, size caps.

A reader returns the file's cells as text, untouched apart from trimming; the meaning of the
columns is decided later (columns.py). Anything that stops a file being read at all becomes an
InputError with a message saying what is wrong and how to fix it.
"""

from __future__ import annotations

import csv
import io
import sys
import weakref
from collections.abc import Sequence
from pathlib import Path

from metrics.inputs.parsed_ahead import take_parsed_csv, take_parsed_workbook
from metrics.inputs.source_files import EXCEL_SUFFIXES, CsvRequest, binary, refusal
from metrics.inputs.source_files import Sheet as Sheet  # callers open files here and get these back
from metrics.inputs.source_files import Source as Source
from metrics.inputs.source_files import Upload as Upload
from metrics.inputs.source_files import source as source
from metrics.inputs.workbook_limits import container
from metrics.problems import Problem

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}

HEADER_SEARCH_ROWS = 30


def _check_exists(path: Source) -> None:
    if isinstance(path, Upload):
        size = len(path.data)
    elif not path.exists():
        raise refusal(path, "file not found", f"Check the path: {path}")
    elif path.is_dir():
        raise refusal(path, "is a folder, not a file", "Give the path of a CSV or Excel file.")
    else:
        size = path.stat().st_size
    if size == 0:
        raise refusal(path, "the file is empty", "Export the data again; the file has no content.")


def head_bytes(path: Source, size: int = 8) -> bytes:
    if isinstance(path, Upload):
        return path.data[:size]
    with path.open("rb") as fh:
        return fh.read(size)


def open_sheets(path: Path | str | Upload) -> list[Sheet]:
    """Every table in the file: one for a CSV, one per sheet for a workbook.

    A workbook is known by its content (a zip package or an OLE2 container), not its name, so
    a renamed workbook is still read with the workbook limits."""
    path = source(path)
    _check_exists(path)
    suffix = path.suffix.lower()
    if container(head_bytes(path)):
        return _excel_sheets(path)
    if suffix in EXCEL_SUFFIXES:
        raise refusal(
            path,
            f"is named {suffix} but is not a valid Excel workbook (its content is not a workbook)",
            "If it is a text export, rename it to .csv; otherwise open it in Excel and save it "
            "again as .xlsx.",
        )
    if suffix in CSV_SUFFIXES or suffix == "":
        return [_csv_sheet(path)]
    raise refusal(
        path,
        f"is not a spreadsheet ({suffix or 'no extension'})",
        "Save it as CSV (.csv) or Excel (.xlsx) and try again.",
    )


# --- CSV -------------------------------------------------------------------------------------

_SAMPLE_BYTES = 256 * 1024
# A long value (a pasted note, a 200 KB free-text field) is a value, not a fault: Python's csv
# module refuses fields over 128 KB, so it may take any field the sample can hold.
csv.field_size_limit(max(csv.field_size_limit(), 4 * _SAMPLE_BYTES))


def _decode_sample(path: Path, raw: bytes) -> tuple[str, str]:
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = raw[:8192]
        if head.count(b"\x00") * 3 >= len(head) and b"\x00\x00" not in head[:64]:
            raise refusal(  # ASCII text as UTF-16: every other byte is zero
                path,
                "has an unreadable text encoding (UTF-16 without a byte-order mark)",
                "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and try again.",
            )
        raise refusal(
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
    raise refusal(
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
        raise refusal(path, "the file is empty (no data rows)", "Export the data again.")
    delimiter = _delimiter(lines[:HEADER_SEARCH_ROWS])
    preview = [
        [c.strip() or None for c in row]
        for row in csv.reader(
            io.StringIO("\n".join(lines[:HEADER_SEARCH_ROWS])), delimiter=delimiter
        )
    ]

    sheet: Sheet

    def request(header_index: int, columns: Sequence[int], identifiers: Sequence[int]):
        width = len(preview[header_index]) if header_index < len(preview) else max(columns) + 1
        return CsvRequest(
            path,
            encoding,
            delimiter,
            header_index,
            width,
            tuple(sorted(set(columns))),
            tuple(sorted(set(identifiers))),
        )

    def load(header_index: int, columns: Sequence[int], identifiers: Sequence[int], choose=None):
        from metrics.inputs import frames  # pandas, loaded only when a table is read

        request_ = request(header_index, columns, identifiers)
        try:
            # choosing rows, labels are parsed as text (dictionary-encoding every cell of every
            # column as it is parsed costs more than encoding the chosen rows afterwards)
            table = take_parsed_csv(request_) or arrow_table(request_, labels=choose is None)
            if choose is not None:  # the rows chosen on the Arrow table: only they become pandas
                return frames.arrow_chosen(table, request_, *choose)
            return frames.arrow_frame(table, request_)
        except _RaggedRows as ragged:
            if ragged.too_long:
                sheet.problems.append(
                    Problem(
                        severity="warning",
                        file=path.name,
                        message=f"{ragged.too_long:,} row(s) have more columns than the header "
                        "and were left out",
                        hint="A value probably contains an unquoted comma; re-export the file "
                        "with quoted text, or save it as .xlsx.",
                    )
                )
            frame = frames.pandas_csv_frame(request_)  # slower, pads short rows
            return frame if choose is None else frames.chosen(frame, *choose)

    sheet = Sheet(path=path, name=None, _preview=lambda: preview, _load=load, _csv_request=request)
    return sheet


class _RaggedRows(Exception):
    def __init__(self, too_long: int):
        self.too_long = too_long


def _label_type():
    import pyarrow as pa

    return pa.dictionary(pa.int32(), pa.string())


ARROW_BLOCK_BYTES = 8 << 20
_ARROW_ENCODINGS = {"utf-8-sig": "utf8", "cp1252": "cp1252", "utf-16": "utf-16"}
ARROW_THREADS_FROM_BYTES = 64 << 20
"""Smaller CSVs are parsed on one thread: measured on 2 CPUs, a 44 MB network counts file took
0.17 s of processor time on one thread and 0.18-0.36 s on Arrow's pool (starting the pool's
threads and their memory costs more than the parse gains), in no more wall time."""


def _use_threads(path) -> bool:
    try:
        size = len(path.data) if isinstance(path, Upload) else Path(path).stat().st_size
    except OSError:  # Arrow's own read then says what is wrong with the file
        return True
    return size >= ARROW_THREADS_FROM_BYTES


def arrow_table(request: CsvRequest, labels: bool = True):
    """Parse with Arrow's reader (multi-threaded from ARROW_THREADS_FROM_BYTES; it releases
    Python's lock, so it can run in a background thread): labels dictionary-encoded as they
    are parsed (``labels``; else plain text, as identifiers are).

    Blank lines stay as empty rows so row numbers match the file; rows with the wrong number of
    fields raise _RaggedRows, and the slower pandas parser (which pads short rows) takes over."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    path, encoding, delimiter = request.path, request.encoding, request.delimiter
    header_index, identifiers = request.header_index, request.identifiers
    names, wanted = request.names, request.wanted
    ragged: list[int] = []

    def on_invalid(row) -> str:
        ragged.append(row.actual_columns - row.expected_columns)
        return "skip"

    def read(enc: str):
        return pcsv.read_csv(
            binary(path),
            read_options=pcsv.ReadOptions(
                skip_rows=header_index + 1,
                column_names=names,
                encoding=enc,
                block_size=ARROW_BLOCK_BYTES,
                use_threads=_use_threads(path),
            ),
            parse_options=pcsv.ParseOptions(
                delimiter=delimiter,
                ignore_empty_lines=False,
                newlines_in_values=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pcsv.ConvertOptions(
                include_columns=[names[c] for c in wanted],
                column_types={
                    names[c]: pa.string() if c in identifiers or not labels else _label_type()
                    for c in wanted
                },
                strings_can_be_null=True,  # an empty cell is missing ...
                quoted_strings_can_be_null=True,
                # ... and only an empty one, as in a workbook: an FOI reply's "n/a" is a count
                # not given, and a number column reads "N/A" as no value (column_values)
                null_values=[""],
            ),
        )

    try:
        try:
            table = read(_ARROW_ENCODINGS.get(encoding, encoding))
        except pa.ArrowInvalid as exc:
            # on_invalid never fails, so a row-length error means Arrow could not turn a ragged
            # row into text for it: that row is not UTF-8, as when the error says so directly
            undecodable = "UTF8" in str(exc) or "CSV parse error" in str(exc)
            if encoding != "utf-8-sig" or not undecodable:
                raise
            ragged.clear()
            table = read("cp1252")
    except UnicodeDecodeError:
        raise refusal(
            path,
            "has an unreadable text encoding (neither UTF-8 nor Windows-1252)",
            "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and try again.",
        ) from None
    except pa.ArrowInvalid as exc:
        raise refusal(
            path,
            f"could not be read as CSV ({str(exc).splitlines()[0]})",
            "Check that every row has the same number of columns and quotes are closed.",
        ) from None
    if ragged:
        raise _RaggedRows(sum(1 for extra in ragged if extra > 0))
    return table


def _quiet_undecodable_rows(previous):
    """Arrow turns a row with the wrong number of fields into text before it asks arrow_table's
    row handler what to do with it; when the row is not UTF-8 that fails inside Arrow, which
    prints a Python traceback. arrow_table reads the file again as Windows-1252 (or refuses it
    with a message), so the failure is not printed."""

    def hook(unraisable) -> None:
        handler = getattr(unraisable.object, "__qualname__", "")
        if isinstance(unraisable.exc_value, UnicodeDecodeError) and handler.startswith(
            ("arrow_table.", "_stream_groups.")  # csv_stream's reader does the same
        ):
            return
        previous(unraisable)

    return hook


sys.unraisablehook = _quiet_undecodable_rows(sys.unraisablehook)


_parsed_uploads: weakref.WeakKeyDictionary[Upload, object] = weakref.WeakKeyDictionary()
_last_parsed_file: dict[tuple, object] = {}


def _parsed_workbook(path: Source):
    """The worker's outcome for this workbook: parsed once per upload object, and once per
    file on disk while it is unchanged (a load opens the same file more than once)."""
    from metrics.inputs.parse_worker import Limits, WorkbookJob

    limits = Limits.from_env()
    if isinstance(path, Upload):
        cached = _parsed_uploads.get(path)
        if cached is None or cached[0] != limits:
            cached = _parsed_uploads[path] = (limits, WorkbookJob(None, path.data, limits).result())
        return cached[1]
    stat = path.stat()
    key = (path.resolve(), stat.st_size, stat.st_mtime_ns, limits)
    if key not in _last_parsed_file:
        job = take_parsed_workbook(path)
        if job is None or job.limits != limits:
            job = WorkbookJob(path, None, limits)
        _last_parsed_file.clear()  # one file's cells at a time
        _last_parsed_file[key] = job.result()
    return _last_parsed_file[key]


def _excel_sheets(path: Source) -> list[Sheet]:
    """The sheets of a workbook, parsed in a worker process with limits (parse_worker)."""
    from metrics.inputs.parse_worker import Failure

    outcome = _parsed_workbook(path)
    if isinstance(outcome, Failure):
        raise refusal(path, outcome.message, outcome.hint, sheet=outcome.sheet)
    if not outcome:
        raise refusal(path, "the workbook has no sheets", "Export the data again.")
    return [_excel_sheet(path, coded) for coded in outcome]


def _excel_sheet(path: Source, coded) -> Sheet:
    def check() -> None:
        if coded.error:
            raise refusal(
                path,
                f"sheet could not be read ({coded.error})",
                "Open it in Excel and save it again, or export the sheet as CSV.",
                sheet=coded.name,
            )

    def load(header_index: int, columns: Sequence[int], identifiers: Sequence[int], choose=None):
        from metrics.inputs import frames  # pandas, loaded only when a table is read

        check()
        frame = frames.coded_frame(coded, header_index, columns, identifiers)
        return frame if choose is None else frames.chosen(frame, *choose)

    def preview() -> list[list[str | None]]:
        check()
        return coded.rows(HEADER_SEARCH_ROWS)

    return Sheet(path=path, name=coded.name, _preview=preview, _load=load)
