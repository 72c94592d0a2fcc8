"""Hostile workbooks, built in memory: each one crashed, aborted or exhausted the memory of the
reader before parsing was contained (issue 10). Shared by the regression tests and the fuzz
harness's seed corpus; every builder returns the file's bytes and takes well under a second.
"""

from __future__ import annotations

import io
import struct
import zipfile

STAFF_ROWS = [
    ["Employee Number", "Ethnicity", "Pay Band", "Directorate"],
    [1, "A", "Band 5", "HR & OD"],
    [2, "H", "Band 6", "Surgery"],
    [3, "N", "Band 5", "Surgery"],
]


def staff_xlsx(far_cell: tuple[int, int] | None = None) -> bytes:
    """A valid staff sheet; far_cell=(row, col) (0-based) adds one more cell there."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Staff")
    for r, row in enumerate(STAFF_ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    if far_cell is not None:
        sheet.write(*far_cell, "x")
    book.close()
    return buffer.getvalue()


def shared_text_xlsx(uses: int = 2_800, megabytes: int = 1) -> bytes:
    """A valid staff sheet plus `uses` cells that each show the same 1 MB text: a few KB on disk,
    one copy in xl/sharedStrings.xml, and uses x 1 MB (2.8 GB) once a reader fills the cells.
    Excel writers cap a cell at 32,767 characters, so the short text "x" at A11 is lengthened in
    sharedStrings.xml and every added cell refers to it."""
    with zipfile.ZipFile(io.BytesIO(staff_xlsx((10, 0)))) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    text = "y" * (megabytes << 20)
    members["xl/sharedStrings.xml"] = members["xl/sharedStrings.xml"].replace(
        b">x</t>", f">{text}</t>".encode()
    )
    index = members["xl/sharedStrings.xml"].count(b"<si>") - 1  # the long text's index
    rows = "".join(
        f'<row r="{r}"><c r="F{r}" t="s"><v>{index}</v></c></row>' for r in range(12, 12 + uses)
    )
    sheet_xml = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet_xml.replace(
        b"</sheetData>", rows.encode() + b"</sheetData>"
    )
    return _zip(members)


def far_cell_xlsx() -> bytes:
    """3.6 KB: one cell at XFD1048576 (16,384 columns by 1,048,576 rows; 512 GB in calamine)."""
    return staff_xlsx((1_048_575, 16_383))


def wide_xlsx() -> bytes:
    """A cell at AAA100000: 703 columns by 100,000 rows, ~70 million cells (2-3 GB)."""
    return staff_xlsx((99_999, 702))


def staff_xls() -> bytes:
    """The staff sheet as a BIFF8 .xls (an OLE2 container)."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Staff")
    for r, row in enumerate(STAFF_ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def truncated_xls() -> bytes:
    """Cut short: calamine 0.9 panics on it (slice index out of range)."""
    return staff_xls()[:4500]


def flipped_xls(seed: int) -> bytes:
    """The staff .xls with a few bytes of its workbook stream flipped (deterministic)."""
    import random

    data = bytearray(staff_xls())
    rng = random.Random(seed)
    for _ in range(4):
        at = rng.randrange(512, len(data))
        data[at] ^= 1 << rng.randrange(8)
    return bytes(data)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


_ODS_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    b'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)


def _ods_cell(value: object, columns: int = 1) -> str:
    from xml.sax.saxutils import escape

    repeat = f' table:number-columns-repeated="{columns}"' if columns > 1 else ""
    if isinstance(value, int):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"{repeat}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"{repeat}><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def staff_ods(rows_repeated: int = 1, columns_repeated: int = 1) -> bytes:
    """The staff sheet as ODS; the last staff row repeated rows_repeated times, its last cell
    columns_repeated times (LibreOffice writes such counts for runs of identical rows)."""
    rows = []
    for i, row in enumerate(STAFF_ROWS):
        last = i == len(STAFF_ROWS) - 1
        cells = "".join(
            _ods_cell(v, columns_repeated if last and j == len(row) - 1 else 1)
            for j, v in enumerate(row)
        )
        repeat = f' table:number-rows-repeated="{rows_repeated}"' if last else ""
        rows.append(f"<table:table-row{repeat}>{cells}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Staff">'
        + "".join(rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        zf.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        zf.writestr("content.xml", content)
    return buffer.getvalue()


def repeat_bomb_ods() -> bytes:
    """4 KB ODS: a data row repeated a million times, its last cell 1,000 columns wide."""
    return staff_ods(rows_repeated=1_000_000, columns_repeated=1_000)


def damaged_directory_xlsx() -> bytes:
    """A valid workbook whose zip central directory entries are overwritten (the end record,
    which says where the directory is, survives, so it still looks like a zip)."""
    data = bytearray(staff_xlsx())
    end = data.rfind(b"PK\x05\x06")
    size, offset = struct.unpack("<II", data[end + 12 : end + 20])
    data[offset : offset + size] = b"\xee" * size
    return bytes(data)


def unsupported_method_xlsx(method: int = 99) -> bytes:
    """A valid workbook whose sheet member claims a compression method no reader implements."""
    data = bytearray(staff_xlsx())
    name = b"xl/worksheets/sheet1.xml"
    for signature, method_at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + method_at : at + method_at + 2] = struct.pack("<H", method)
            at = data.find(signature, at + 4)
    return bytes(data)


def zip_bomb_xlsx(megabytes: int = 400) -> bytes:
    """A valid workbook plus a member of zeros that expands ~1000 times."""
    buffer = io.BytesIO(staff_xlsx())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("xl/media/padding.bin", "w", force_zip64=True) as fh:
            block = b"\0" * (4 << 20)
            for _ in range(megabytes // 4):
                fh.write(block)
    return buffer.getvalue()
