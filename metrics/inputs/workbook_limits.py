"""What a workbook claims to hold, checked before any spreadsheet reader sees it.

A reader turns a workbook's declared extent into memory: one cell at XFD1048576 in a 4 KB file
is a 16,384 x 1,048,576 grid (512 GB), an ODS row repeated a million times is a million rows.
These checks read the container (zip or OLE2, decided by the bytes, not the file name), the
sizes it declares and the cell references of each sheet, cheaply, and refuse with a message
that says what was found and how to fix it. They run in a child process of their own beside
the parser (metrics.inputs.parse_worker), whose memory and time limits catch whatever a check cannot
foresee.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

DEFAULT_MAX_XLSX_MB = 2048
DEFAULT_MAX_CELLS = 25_000_000  # 1,048,576 rows (Excel's most) by 23 columns
MAX_COMPRESSION_RATIO = 200  # real workbooks compress ~5-20x; far beyond that is a bomb
RATIO_APPLIES_ABOVE = 50 * 1024 * 1024
SUPPORTED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
METHOD_NAMES = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 99: "AES encryption"}

RESAVE = "Open it in Excel and save it again as .xlsx, or export it as CSV."
USED_CELLS = (
    "Re-save it with only the used cells: copy the data into a new workbook (or delete the "
    "empty rows and columns past it), or export the sheet as CSV."
)


class Refusal(Exception):
    """A workbook that will not be parsed: what was found, how to fix it, which sheet."""

    def __init__(self, message: str, hint: str, sheet: str | None = None):
        super().__init__(message)
        self.message, self.hint, self.sheet = message, hint, sheet


def setting(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip().replace("_", "").replace(",", "")
    return int(text) if text.isdigit() and int(text) > 0 else default


def max_uncompressed_bytes() -> int:
    """INCLUSIVEHR_MAX_XLSX_MB: the most a workbook package may expand to (a 1.4-million-row
    extract is about 1 GB uncompressed)."""
    return setting("INCLUSIVEHR_MAX_XLSX_MB", DEFAULT_MAX_XLSX_MB) * 1024 * 1024


def max_cells() -> int:
    """INCLUSIVEHR_MAX_CELLS: the most cells (rows x columns of the used range) in one sheet."""
    return setting("INCLUSIVEHR_MAX_CELLS", DEFAULT_MAX_CELLS)


def container(head: bytes) -> str | None:
    """'zip' (xlsx, xlsm, xlsb, ods) or 'ole' (xls) from the first bytes; None for anything else."""
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole"
    return None


def too_big(total: int, packed: int, max_bytes: int) -> bool:
    return total > max_bytes or (
        total / max(packed, 1) > MAX_COMPRESSION_RATIO and total > RATIO_APPLIES_ABOVE
    )


def check(data: bytes, max_bytes: int, cells: int) -> None:
    """Raise Refusal unless the workbook's declared sizes are within the limits."""
    kind = container(data[:8])
    if kind == "zip":
        _check_package(data, max_bytes, cells)
    elif kind == "ole":
        if len(data) > max_bytes:
            raise Refusal(
                f"is {len(data) / 1024 / 1024:,.0f} MB, more than this tool accepts "
                f"({max_bytes / 1024 / 1024:,.0f} MB)",
                "Export the data as CSV instead, or split it into smaller files. The limit is "
                "set by the environment variable INCLUSIVEHR_MAX_XLSX_MB.",
            )
        _check_ole(data)
    else:
        raise Refusal("is not an Excel workbook (its content is not a workbook)", RESAVE)


# --- OLE2 containers: xls --------------------------------------------------------------------

_END_OF_CHAIN = 0xFFFFFFFE
CUT_SHORT = (
    "The file was probably cut short or corrupted in transfer. Fetch or export it again, or open "
    "it in Excel and save it again as .xlsx."
)


def _damaged(what: str) -> Refusal:
    return Refusal(f"is damaged: {what}", CUT_SHORT)


def _check_ole(data: bytes) -> None:
    """The container's own bookkeeping must fit the file: its sector tables and the declared
    size of the workbook stream (a truncated .xls made the reader panic)."""
    import struct

    if len(data) < 512:
        raise _damaged("it is shorter than the smallest .xls")
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        raise _damaged(f"its header declares sectors of 2^{shift} bytes")
    size = 1 << shift
    sectors = (len(data) - size) // size
    n_fat, directory = struct.unpack_from("<II", data, 44)
    ids = [i for i in struct.unpack_from("<109I", data, 76)[:n_fat]]
    difat, n_difat = struct.unpack_from("<II", data, 68)
    for _ in range(min(n_difat, sectors)):  # the rest of the sector-table list
        if difat >= sectors:
            break
        chunk = struct.unpack_from(f"<{size // 4}I", data, size + difat * size)
        ids += chunk[:-1]
        difat = chunk[-1]
    ids = ids[:n_fat]
    if len(ids) < n_fat or any(i >= sectors for i in ids):
        raise _damaged("its sector table lies past the end of the file (it was cut short)")
    fat = [
        entry for i in ids for entry in struct.unpack_from(f"<{size // 4}I", data, size + i * size)
    ]

    def chain(start: int) -> list[int]:
        found, seen = [], set()
        while start != _END_OF_CHAIN:
            if start >= sectors or start >= len(fat) or start in seen:
                raise _damaged("part of it lies past the end of the file (it was cut short)")
            seen.add(start)
            found.append(start)
            start = fat[start]
        return found

    entries = b"".join(data[size + s * size : size + (s + 1) * size] for s in chain(directory))
    for at in range(0, len(entries) - 127, 128):
        length = min(struct.unpack_from("<H", entries, at + 64)[0], 64)
        name = entries[at : at + max(length - 2, 0)].decode("utf-16-le", "replace")
        if name not in ("Workbook", "Book") or entries[at + 66] != 2:
            continue
        start = struct.unpack_from("<I", entries, at + 116)[0]
        declared = struct.unpack_from("<Q", entries, at + 120)[0] & 0xFFFFFFFF
        if declared >= 4096 and len(chain(start)) * size < declared:
            raise _damaged(
                f"its workbook part declares {declared:,} bytes but only "
                f"{len(chain(start)) * size:,} are in the file (it was cut short)"
            )


# --- zip packages: xlsx, xlsm, xlsb, ods -----------------------------------------------------


def check_declared(data: bytes, max_bytes: int) -> int | None:
    """The cheap part of check(), for the parser to run before it parses: raise Refusal for
    what the container itself declares (not a workbook, a damaged or oversized zip, an
    unsupported method). Reads no sheet.

    Returns the bytes of an xlsx package's worksheet XML, whose cell references the parser
    may leave unread (its own limits, and its measure of what it read, stand in for them);
    None for every other container, whose extents must still be read first (check())."""
    if container(data[:8]) != "zip":
        return None
    zf, infos = _package(data, max_bytes)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        return None
    return sum(
        i.file_size
        for i in infos
        if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
    )


def _package(data: bytes, max_bytes: int) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The zip directory, refused when damaged, packed with an unsupported method, or
    expanding beyond the limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise Refusal(
            f"is damaged: its zip directory (the list of parts inside the workbook) cannot be "
            f"read ({exc})",
            "The file was probably cut short or corrupted in transfer. Fetch or export it again, "
            "or open it in Excel and save it again as .xlsx.",
        ) from None
    for info in infos:
        if info.compress_type not in SUPPORTED_METHODS:
            method = METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
            raise Refusal(
                f"is packed with a compression method spreadsheet readers do not support "
                f"({method}, in part {info.filename})",
                "Open it in Excel and save it again as .xlsx (Excel uses the standard method), "
                "or export it as CSV.",
            )
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if too_big(total, packed, max_bytes):
        why = (
            f"more than this tool accepts ({max_bytes / 1024 / 1024:,.0f} MB)"
            if total > max_bytes
            else f"{total / max(packed, 1):,.0f} times its size on disk, far beyond a real workbook"
        )
        raise Refusal(
            f"expands to {total / 1024 / 1024:,.0f} MB when opened, {why}",
            "Export the data as CSV instead, or split it into smaller files. "
            "The limit is set by the environment variable INCLUSIVEHR_MAX_XLSX_MB.",
        )
    return zf, infos


def _check_package(data: bytes, max_bytes: int, cells: int) -> None:
    zf, infos = _package(data, max_bytes)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names:
        sheets = _xlsx_sheet_parts(zf, names)
        for member, sheet in sheets.items():
            with zf.open(member) as fh:
                within(xlsx_extent(fh), cells, sheet)
        if SHARED_STRINGS in names:
            _check_shared_text(zf, list(sheets))
    elif "content.xml" in names:
        with zf.open("content.xml") as fh:
            for sheet, extent in ods_extents(fh.read()).items():
                within(extent, cells, sheet)
    elif "xl/workbook.bin" not in names:  # xlsb: binary sheets, left to the worker's limits
        raise Refusal(
            "is a zip archive, not a workbook",
            "If it holds a CSV or Excel file, unzip it and give that file instead.",
        )


@dataclass(frozen=True)
class Extent:
    """The used range a reader would allocate: rows and columns from the first cell to the last."""

    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def within(extent: Extent, cells: int, sheet: str | None) -> None:
    if extent.cells > cells:
        raise Refusal(
            f"this workbook claims {extent.columns:,} columns by {extent.rows:,} rows "
            f"({extent.cells:,} cells; this tool reads at most {cells:,} in one sheet)",
            USED_CELLS + " The limit is set by the environment variable INCLUSIVEHR_MAX_CELLS.",
            sheet=sheet,
        )


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        m[1].decode("utf-8", "replace").split(":")[-1]: (m[2] or m[3] or b"").decode(
            "utf-8", "replace"
        )
        for m in _ATTR.finditer(tag)
    }


def _xlsx_sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str | None]:
    """Each worksheet part -> its sheet name (None where the workbook does not say)."""
    parts: dict[str, str | None] = {
        n: None for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")
    }
    try:
        rels = {
            a.get("Id"): a.get("Target", "")
            for a in map(
                _attrs,
                re.findall(
                    rb"<(?:\w+:)?Relationship\b[^>]*>", _small(zf, "xl/_rels/workbook.xml.rels")
                ),
            )
        }
        for attrs in map(_attrs, _SHEET.findall(_small(zf, "xl/workbook.xml"))):
            target = rels.get(attrs.get("id"), "").lstrip("/")
            member = target if target.startswith("xl/") else f"xl/{target}"
            if member in parts:
                parts[member] = attrs.get("name")
    except (KeyError, OSError, zipfile.BadZipFile):
        pass  # names are for the message only
    return parts


def _small(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        return fh.read(4 << 20)


# A cell's reference: <c r="AB12" ...>; a row's: <row r="12" ...>. Writers put each cell in its
# row, in order, with the reference first, so the fast path reads the last row reference and
# the widest column (a few C-speed passes over each chunk); a chunk that looks otherwise
# (references elsewhere in the tag, prefixed tags, cells without a reference, a row number
# longer than the last row's) is read cell by cell. A cell without a reference follows the one
# before it in its row.
_CELL_COLUMN = re.compile(rb"""<(?:\w+:)?c\s[^>]*?\br\s*=\s*["']([A-Z]+)""")
_CELL_ROW = re.compile(rb"""<(?:\w+:)?c\s[^>]*?\br\s*=\s*["'][A-Z]+(\d+)""")
_ROW = re.compile(rb"""<(?:\w+:)?row\s[^>]*?\br\s*=\s*["'](\d+)""")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_LAST_ROW = b'<row r="'
_PLAIN_CELL = b'<c r="'
_OTHER_CELL = re.compile(rb'<c(?:[>/]|\s(?!r="))')  # a cell tag not `<c r="`
_PREFIXED_CELL = re.compile(rb":c[\s>/]")
_PLAIN_COLUMN = re.compile(rb'<c r="([A-Z]+)')
_CHUNK = 16 << 20


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _chunk_extent(text: bytes) -> tuple[int, int]:
    """(last row, widest column) referenced in a chunk of whole tags."""
    at = text.rfind(_LAST_ROW) + len(_LAST_ROW)
    digits = re.match(rb"\d+", text[at : at + 12]) if at >= len(_LAST_ROW) else None
    last_row = int(digits[0]) if digits else 0
    beyond = re.compile(rb'r="[A-Z]*\d{%d}' % (len(str(last_row)) + 1))
    plain = not (_OTHER_CELL.search(text) or _PREFIXED_CELL.search(text))
    if plain and not beyond.search(text):
        # Rows as written in order; a row number out of order but of the same length is at
        # most ten times the last, and the worker's memory limit covers that.
        return last_row, max(map(_column_number, set(_PLAIN_COLUMN.findall(text))), default=0)
    rows = [int(r) for r in set(_CELL_ROW.findall(text)) | set(_ROW.findall(text))]
    columns = [_column_number(c) for c in set(_CELL_COLUMN.findall(text))]
    width = max(columns, default=0)
    if len(_CELL_TAG.findall(text)) > len(_CELL_ROW.findall(text)):  # cells without a reference
        width = max(width, max(len(_CELL_TAG.findall(r)) for r in _ROW_END.split(text)))
    return max(rows, default=0), width


# --- shared strings -----------------------------------------------------------------------------
# A cell of text in an xlsx usually holds an index into xl/sharedStrings.xml, and the reader
# copies the string into every cell that uses it: one 1 MB string used by 2,800 cells is 2.8 GB
# from a 4 KB file. The text the cells will hold is bounded first by (shared-string cells) x
# (longest string), which is small for real workbooks; only above MAX_CELL_TEXT_BYTES are the
# cells' indices read to add up the text exactly.

SHARED_STRINGS = "xl/sharedStrings.xml"
MAX_CELL_TEXT_BYTES = 1 << 30  # the text of every cell together, once read
LONG_TEXTS = (
    "A staff extract does not hold texts like these: export the data again as CSV, or copy "
    "only the needed columns into a new workbook."
)
_STRING_ITEM = re.compile(rb"<(?:\w+:)?si\b.*?</(?:\w+:)?si>|<(?:\w+:)?si\s*/>", re.S)
_SHARED_CELL = re.compile(rb"""<(?:\w+:)?c\s[^>]*?\bt\s*=\s*["']s["'][^>]*>\s*<(?:\w+:)?v>(\d+)<""")
_SHARED_TYPE = re.compile(rb"""\bt\s*=\s*["']s["']""")


def _chunks(stream) -> Iterator[bytes]:
    """A part's XML in chunks that end at a tag's end, so no tag is split between two."""
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        text = tail + chunk
        cut = text.rfind(b">") + 1 if chunk else len(text)
        text, tail = text[:cut], text[cut:]
        yield text
        if not chunk:
            return


def _string_lengths(zf: zipfile.ZipFile) -> list[int]:
    """The length in bytes of each shared string's XML, in order (an upper bound on its text)."""
    lengths: list[int] = []
    tail = b""
    with zf.open(SHARED_STRINGS) as fh:
        for text in _chunks(fh):
            text = tail + text
            end = 0
            for item in _STRING_ITEM.finditer(text):
                lengths.append(item.end() - item.start())
                end = item.end()
            tail = text[end:]
    return lengths


def _check_shared_text(zf: zipfile.ZipFile, members: list[str]) -> None:
    lengths = _string_lengths(zf)
    if not lengths:
        return
    uses = 0
    for member in members:
        with zf.open(member) as fh:
            uses += sum(len(_SHARED_TYPE.findall(text)) for text in _chunks(fh))
    if uses * max(lengths) <= MAX_CELL_TEXT_BYTES:
        return
    total = 0
    for member in members:
        with zf.open(member) as fh:
            for text in _chunks(fh):
                total += sum(
                    lengths[i] for i in map(int, _SHARED_CELL.findall(text)) if i < len(lengths)
                )
    if total > MAX_CELL_TEXT_BYTES:
        raise Refusal(
            f"its cells repeat the same long texts until they add up to about "
            f"{total / 1024 / 1024:,.0f} MB of text once read (from a file of "
            f"{sum(i.compress_size for i in zf.infolist()) / 1024:,.0f} KB)",
            LONG_TEXTS,
        )


def xlsx_extent(stream) -> Extent:
    """The rows and columns a reader would allocate for one sheet (counted from A1, which
    over-counts only a sheet that starts far from it), streaming the sheet's XML."""
    last_row = width = 0
    for text in _chunks(stream):
        rows, columns = _chunk_extent(text)
        last_row, width = max(last_row, rows), max(width, columns)
    return Extent(last_row, width) if last_row and width else Extent(0, 0)


# --- ODS -------------------------------------------------------------------------------------

_TABLE = re.compile(rb"<table:table\b([^>]*)>(.*?)</table:table>", re.S)
_TABLE_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.S)
_TABLE_CELL = re.compile(
    rb"<table:(?:covered-)?table-cell\b([^>]*?)(/>|>(.*?)</table:(?:covered-)?table-cell>)", re.S
)
_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["'](\d+)""")
_COLUMNS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["'](\d+)""")


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    found = pattern.search(attrs)
    return int(found[1]) if found else 1


def ods_extents(content: bytes) -> dict[str | None, Extent]:
    """Each table's rows and columns as a reader expands them: repeated rows and cells count
    as many times as they are repeated, up to the last one that holds a value (LibreOffice
    repeats empty rows and cells to the sheet's edge, and readers drop those)."""
    extents: dict[str | None, Extent] = {}
    for table in _TABLE.finditer(content):
        name = _attrs(b"<t " + table[1] + b">").get("name")
        rows = used_rows = width = 0
        for row in _TABLE_ROW.finditer(table[2]):
            repeated = _repeat(_ROWS_REPEATED, row[1])
            columns = used_columns = 0
            for cell in _TABLE_CELL.finditer(row[2] or b""):
                columns += _repeat(_COLUMNS_REPEATED, cell[1])
                if b"value-type" in cell[1] or (cell[3] or b"").strip():
                    used_columns = columns
            rows += repeated
            if used_columns:
                used_rows, width = rows, max(width, used_columns)
        extents[name] = Extent(used_rows, width)
    return extents
