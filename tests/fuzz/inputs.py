"""Hostile inputs for the fuzzing harness: a seed corpus of every case the trust-and-safety issue
names, and random mutations of the sample files (seeded, so a run can be repeated).

Everything is generated; the sample files are cut to a few dozen rows so a run is quick.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from tests.fuzz.harness import Case

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
ROWS = 60

# Invisible format and direction characters (Unicode category Cf) a copy-paste can put before a
# code: right-to-left and left-to-right marks, zero-width space and joiners, a byte-order mark,
# the Arabic letter mark, isolates and a soft hyphen.
MARKS = {
    "rlm": "\u200f", "lrm": "\u200e", "zwsp": "\u200b", "zwj": "\u200d", "bom": "\ufeff",
    "alm": "\u061c", "lri": "\u2066", "pdi": "\u2069", "wj": "\u2060", "shy": "\u00ad",
}  # fmt: skip
CYRILLIC_A = "\u0410"  # looks like Latin A
FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}  # A -> Ａ
BAD_YEARS = ("inf", "-inf", "nan", "Infinity", "-1", "1e30", "9999999999", "1e400", "0x7E9")


# --- the sample files, cut short -----------------------------------------------------------------


@cache
def sample_lines(relative: str, rows: int = ROWS) -> tuple[bytes, ...]:
    with (SAMPLE / relative).open("rb") as fh:
        return tuple(fh.readline() for _ in range(rows + 1))


def staff_csv(rows: int = ROWS) -> bytes:
    return b"".join(sample_lines("trust/staff.csv", rows))


def counts_csv(rows: int = ROWS) -> bytes:
    return b"".join(sample_lines("trust/wres_counts.csv", rows))


def messy_csv(rows: int = ROWS) -> bytes:
    """The ESR-style extract: title rows above the header, Windows-1252, no Year column."""
    return b"".join(sample_lines("trust/esr_extract_messy.csv", rows))


def table(data: bytes, encoding: str = "utf-8") -> list[list[str]]:
    import csv

    return [list(r) for r in csv.reader(io.StringIO(data.decode(encoding)))]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding)


def with_column(data: bytes, column: str, change: Callable[[str], str]) -> bytes:
    """The CSV with every value of one column changed."""
    rows = table(data)
    at = rows[0].index(column)
    return csv_bytes([rows[0]] + [r[:at] + [change(r[at])] + r[at + 1 :] for r in rows[1:]])


def xlsx(sheets: dict[str, list[list[object]]], extra: Callable | None = None) -> bytes:
    """A real workbook (openpyxl); extra(workbook) may change it before saving."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if extra:
        extra(book)
    out = io.BytesIO()
    book.save(out)
    # the same bytes on every run (openpyxl stamps the time), so a seed gives the same mutants
    return rezip(out.getvalue(), lambda _n, b: re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                                                    b"2025-03-31T00:00:00Z", b))  # fmt: skip


def staff_rows(rows: int = 30) -> list[list[object]]:
    return [list(r) for r in table(staff_csv(rows))]


def staff_xlsx(rows: int = 30) -> bytes:
    return xlsx({"Staff": staff_rows(rows)})


def member(name: str) -> zipfile.ZipInfo:
    """A zip member dated 31 March 2025, not now: the same case is the same bytes on every run."""
    info = zipfile.ZipInfo(name, date_time=(2025, 3, 31, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A zip package with members changed (None drops one); the rest copied as they were."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = change(info.filename, src.read(info))
            if body is not None:
                dst.writestr(member(info.filename), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def sheet_xml(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


# --- the seed corpus: every case in the issue ----------------------------------------------------


def _years() -> Iterator[Case]:
    for year in BAD_YEARS:
        yield Case(f"counts year column {year}", "counts.csv",
                   with_column(counts_csv(), "year", lambda _v, y=year: y), kind="counts")  # fmt: skip
        yield Case(f"staff Year column {year}", "staff.csv",
                   with_column(staff_csv(), "Year", lambda _v, y=year: y))  # fmt: skip
        yield Case(f"--year {year}", "staff.csv", staff_csv(), args=("--year", year))
        title = messy_csv().replace(b"31/03/2025", f"31/03/{year}".encode(), 1)
        yield Case(f"title row year {year}", "esr_extract.csv", title)
        yield Case(f"file name year {year}", f"ESR_SIP_{year}.csv", messy_csv().replace(
            b"31/03/2025", b"the year end", 1).replace(b"02/04/2025", b"", 1))  # fmt: skip
    yield Case("title row date 31/03/2101", "esr.csv", messy_csv().replace(b"2025", b"2101", 1))
    yield Case("file name date 99991231", "ESR_SIP_99991231.csv", staff_csv().replace(
        b"Year,", b"Yr,", 1))  # fmt: skip


def _huge_fields() -> Iterator[Case]:
    big = "x" * 200_000
    rows = table(staff_csv())
    at = rows[0].index("Directorate")
    rows[1][at] = big
    yield Case("200 KB field in the first row", "staff.csv", csv_bytes(rows))
    rows = table(staff_csv())
    rows[-1][at] = big
    yield Case("200 KB field in the last row", "staff.csv", csv_bytes(rows))
    quoted = staff_csv() + b'2025,1,1-1,A,Band 5,"' + b"y\n" * 100_000 + b'",x\n'
    yield Case("200 KB quoted field with line breaks", "staff.csv", quoted)
    yield Case("200 KB header cell", "staff.csv", b"Year," + b"h" * 200_000 + b"\n" + staff_csv())
    yield Case("one 3 MB line", "staff.csv", b"a," * 1_500_000)
    yield Case("200 KB counts field", "counts.csv", counts_csv().replace(
        b"Northbrook", b"N" * 200_000, 1), kind="counts")  # fmt: skip


def _marks() -> Iterator[Case]:
    for name, mark in MARKS.items():
        yield Case(f"{name} before every ethnicity code", "staff.csv",
                   with_column(staff_csv(), "Ethnicity", lambda v, m=mark: m + v))  # fmt: skip
    yield Case("rlm before every band", "staff.csv",
               with_column(staff_csv(), "Pay Band", lambda v: MARKS["rlm"] + v))  # fmt: skip
    yield Case("rlm before every staff group", "staff.csv",
               with_column(staff_csv(), "Staff Group", lambda v: MARKS["rlm"] + v))  # fmt: skip
    yield Case("rlm in every header", "staff.csv", staff_csv().replace(b",", ",\u200f".encode()))
    yield Case("rlm before counts groups", "counts.csv",
               with_column(counts_csv(), "group", lambda v: MARKS["rlm"] + v), kind="counts")  # fmt: skip
    yield Case("zwsp in counts indicators", "counts.csv",
               with_column(counts_csv(), "indicator", lambda v: "\u200b" + v), kind="counts")  # fmt: skip
    yield Case("rlm before every code in a workbook", "staff.xlsx", xlsx({"Staff": [
        r if i == 0 else [MARKS["rlm"] + str(c) if j == 3 else c for j, c in enumerate(r)]
        for i, r in enumerate(staff_rows())]}), kind="workbook")  # fmt: skip


def _lookalikes() -> Iterator[Case]:
    yield Case("Cyrillic A for Latin A", "staff.csv", with_column(
        staff_csv(), "Ethnicity", lambda v: CYRILLIC_A + v[1:] if v.startswith("A") else v))  # fmt: skip
    yield Case("full-width codes", "staff.csv", with_column(
        staff_csv(), "Ethnicity", lambda v: FULLWIDTH.get(v[:1], v[:1]) + v[1:]))  # fmt: skip
    yield Case("full-width everything", "staff.csv", with_column(
        staff_csv(), "Ethnicity", lambda v: "".join(FULLWIDTH.get(c, c) for c in v)))  # fmt: skip
    yield Case("full-width bands", "staff.csv", with_column(
        staff_csv(), "Pay Band", lambda v: "".join(FULLWIDTH.get(c, c) for c in v)))  # fmt: skip
    yield Case("Cyrillic only codes", "staff.csv",
               with_column(staff_csv(), "Ethnicity", lambda _v: CYRILLIC_A))  # fmt: skip
    yield Case("no ethnicity recognised", "staff.csv",
               with_column(staff_csv(), "Ethnicity", lambda v: "Q" + v))  # fmt: skip


def _bytes() -> Iterator[Case]:
    rng = random.Random(7)
    yield Case("random bytes as CSV", "staff.csv", rng.randbytes(4096))
    yield Case("random bytes as xlsx", "staff.xlsx", rng.randbytes(4096), kind="workbook")
    yield Case("NUL bytes in a CSV", "staff.csv", staff_csv().replace(b",", b",\x00", 40))
    yield Case("NUL bytes after the sample", "staff.csv", staff_csv(2000) + b"\x00" * 64)
    yield Case("only NUL bytes", "staff.csv", b"\x00" * 10_000)
    yield Case("truncated CSV", "staff.csv", staff_csv()[:777])
    yield Case("truncated xlsx", "staff.xlsx", staff_xlsx()[:3000], kind="workbook")
    yield Case("UTF-16 with a BOM", "staff.csv", staff_csv().decode().encode("utf-16"))
    yield Case("UTF-16 without a BOM", "staff.csv", staff_csv().decode().encode("utf-16-le"))
    yield Case("mixed UTF-8 and Windows-1252", "staff.csv",
               staff_csv().replace(b"Surgery", "Surg\u00e9ry".encode(), 3)
               + "Surg\u00e9ry".encode("cp1252") + b"\n")  # fmt: skip
    yield Case("bad UTF-8 after the sample", "staff.csv",
               staff_csv(3000) + b"2025,1,1-1,A,Band 5,\x81\x8d\x90\n")  # fmt: skip
    yield Case("CR line endings", "staff.csv", staff_csv().replace(b"\n", b"\r"))
    yield Case("one column", "staff.csv", b"Ethnicity\n" + b"A\n" * 50)
    yield Case("header only", "staff.csv", staff_csv(0))
    yield Case("quote never closed", "staff.csv", staff_csv().replace(b",", b',"', 1))


def _workbooks() -> Iterator[Case]:
    """Workbook containment: built on another branch; see WORKBOOK_CONTAINMENT in the test."""

    def far_cell(book) -> None:
        book["Staff"]["XFD1048576"] = "x"

    yield Case("xlsx with a cell at XFD1048576", "staff.xlsx", xlsx({"Staff": staff_rows()},
               far_cell), kind="workbook")  # fmt: skip
    dims = rezip(staff_xlsx(), lambda n, b: b.replace(b'<dimension ref="A1:O31"/>',
                 b'<dimension ref="A1:XFD1048576"/>') if sheet_xml(n) else b)  # fmt: skip
    yield Case("xlsx declaring A1:XFD1048576", "staff.xlsx", dims, kind="workbook")
    yield Case("xlsx zip bomb", "staff.xlsx", zip_bomb(staff_xlsx()), kind="workbook")
    yield Case("xlsx billion laughs", "staff.xlsx", billion_laughs(staff_xlsx()), kind="workbook")
    yield Case("xlsx damaged central directory", "staff.xlsx",
               damaged_directory(staff_xlsx()), kind="workbook")  # fmt: skip
    yield Case("xlsx unsupported compression", "staff.xlsx",
               compression_method(staff_xlsx(), 99), kind="workbook")  # fmt: skip
    yield Case("xlsx LZMA compression", "staff.xlsx",
               compression_method(staff_xlsx(), 14), kind="workbook")  # fmt: skip
    yield Case("xls bytes that are not a workbook", "staff.xls",
               b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(3).randbytes(8000),
               kind="workbook")  # fmt: skip
    yield Case("xlsx bytes named .xls", "staff.xls", staff_xlsx(), kind="workbook")
    yield Case("ODS with a huge row repeat", "staff.ods", ods_repeat(), kind="workbook")
    yield Case("xlsx given as staff", "staff.xlsx", staff_xlsx())


def zip_bomb(data: bytes, megabytes: int = 120) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open(member("xl/media/padding.bin"), "w") as padding:
            block = b"\x00" * (1 << 20)
            for _ in range(megabytes):
                padding.write(block)
    return out.getvalue()


def billion_laughs(data: bytes) -> bytes:
    entities = "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    doctype = f'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">{entities}]>'.encode()

    def change(name: str, body: bytes) -> bytes:
        if not sheet_xml(name):
            return body
        body = body.replace(b"<worksheet", doctype + b"<worksheet", 1)
        return body.replace(b"<t>", b"<t>&lol9;", 1)  # the first cell's text (inline strings)

    return rezip(data, change)


def damaged_directory(data: bytes) -> bytes:
    at = data.rfind(b"PK\x01\x02")
    raw = bytearray(data)
    for i in range(at + 10, min(at + 46, len(raw))):
        raw[i] ^= 0x5A
    return bytes(raw)


def compression_method(data: bytes, method: int) -> bytes:
    """Every member claims a compression method (local and central headers) it was not made with."""
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = raw.find(signature)
        while at != -1:
            raw[at + offset : at + offset + 2] = struct.pack("<H", method)
            at = raw.find(signature, at + 4)
    return bytes(raw)


def ods_repeat() -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Staff">'
        "<table:table-row><table:table-cell><text:p>Ethnicity</text:p></table:table-cell>"
        "<table:table-cell><text:p>Pay Band</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384"><text:p>A</text:p>'
        "</table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(member("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                    compress_type=zipfile.ZIP_STORED)  # fmt: skip
        zf.writestr(member("content.xml"), content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(
            member("META-INF/manifest.xml"),
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            'manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return out.getvalue()


def seed_corpus() -> list[Case]:
    """Every case in the issue that the harness can send (workbook ones included)."""
    return [*_years(), *_huge_fields(), *_marks(), *_lookalikes(), *_bytes(), *_workbooks()]


# --- random mutations ----------------------------------------------------------------------------

TEXT_SEEDS = {"staff.csv": ("staff", staff_csv), "counts.csv": ("counts", counts_csv),
              "esr_extract.csv": ("staff", messy_csv)}  # fmt: skip
HOSTILE_TEXT = [*MARKS.values(), CYRILLIC_A, "\uff21", "\x00", "\u202e", '"', ",", ";", "\n",
                "\r", "inf", "nan", "1e400", "=1+1", "\ufffd", "\U0001f600", "x" * 70_000]  # fmt: skip


def _flip(rng: random.Random, data: bytes) -> bytes:
    raw = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if raw:
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    return bytes(raw)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def _splice(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    piece = rng.choice(
        [rng.randbytes(rng.randint(1, 64)), rng.choice(HOSTILE_TEXT).encode("utf-8"),
         b"\x00" * rng.randint(1, 16), rng.choice(HOSTILE_TEXT).encode("utf-16")]
    )  # fmt: skip
    return data[:at] + piece + data[at:]


def _repeat(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at : at + rng.randint(1, 200)] * rng.randint(2, 2000) + data[at:]


def _cells(rng: random.Random, data: bytes) -> bytes:
    """Hostile text into random cells of a CSV (still a well-formed table)."""
    try:
        rows = table(data)
    except Exception:  # noqa: BLE001 - a mutant of a mutant: not text any more
        return _splice(rng, data)
    for _ in range(rng.randint(1, 30)):
        r = rng.randrange(len(rows))
        if rows[r]:
            c = rng.randrange(len(rows[r]))
            rows[r][c] = rng.choice([rng.choice(HOSTILE_TEXT) + rows[r][c],
                                     rng.choice(HOSTILE_TEXT), ""])  # fmt: skip
    return csv_bytes(rows)


def _inner(rng: random.Random, data: bytes) -> bytes:
    """A workbook whose sheet XML is mutated, then zipped again (valid zip, hostile content)."""
    try:
        return rezip(data, lambda n, b: _flip(rng, b) if sheet_xml(n) else b)
    except Exception:  # noqa: BLE001 - already damaged by an earlier mutation
        return _flip(rng, data)


TEXT_MUTATIONS = (_flip, _truncate, _splice, _repeat, _cells, _cells)
BINARY_MUTATIONS = (_flip, _truncate, _splice, _inner, _inner)


def mutants(seed: int, count: int) -> Iterator[Case]:
    """count random mutants of the sample files; the same seed gives the same inputs."""
    rng = random.Random(seed)
    workbook = staff_xlsx()
    for i in range(count):
        if rng.random() < 0.25:
            filename, kind, data, ops = "staff.xlsx", "workbook", workbook, BINARY_MUTATIONS
        else:
            filename = rng.choice(list(TEXT_SEEDS))
            kind, make = TEXT_SEEDS[filename]
            data, ops = make(), TEXT_MUTATIONS
        names = []
        for _ in range(rng.randint(1, 3)):
            op = rng.choice(ops)
            names.append(op.__name__.strip("_"))
            data = op(rng, data) or data
        yield Case(f"mutant {seed}-{i} ({filename}: {'+'.join(names)})", filename, data, kind=kind)
