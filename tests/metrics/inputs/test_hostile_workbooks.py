"""Hostile workbooks are contained (issue 10): each case that aborted, panicked or exhausted the
memory of the reader is refused with its own message, and the process that asked survives.

The files are built in memory (tests/metrics/inputs/workbook_bombs.py). Before containment, the first
of them aborted the test process itself (SIGABRT, a 512 GB allocation), so every test here that
passes is also a test that the process survived.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.inputs import parse_worker
from metrics.inputs.readers import Upload, open_sheets
from metrics.inputs.workbook_limits import Extent, ods_extents, xlsx_extent
from metrics.problems import InputError
from tests.metrics.inputs import workbook_bombs as bombs


def refusal(path_or_upload) -> str:
    """The refusal's message and hint, one line, lower case (the call must refuse)."""
    with pytest.raises(InputError) as caught:
        open_sheets(path_or_upload)
    problem = caught.value.problems[0]
    return " ".join(f"{problem.message} {problem.hint}".split()).lower()


def both_ways(tmp_path: Path, name: str, data: bytes) -> list[str]:
    """The refusal for the bytes as a file on disk and as a browser upload."""
    path = tmp_path / name
    path.write_bytes(data)
    return [refusal(path), refusal(Upload(name, data))]


CASES = [  # name, builder, words the refusal must hold
    (
        "far_cell.xlsx",
        bombs.far_cell_xlsx,
        ["claims 16,384 columns by 1,048,576 rows", "re-save it with only the used cells"],
    ),
    ("wide.xlsx", bombs.wide_xlsx, ["claims 703 columns by 100,000 rows", "used cells"]),
    ("repeats.ods", bombs.repeat_bomb_ods, ["claims 1,003 columns by 1,000,003 rows"]),
    (
        "damaged.xlsx",
        bombs.damaged_directory_xlsx,
        ["is damaged", "zip directory", "fetch or export it again"],
    ),
    (
        "packed.xlsx",
        bombs.unsupported_method_xlsx,
        ["compression method", "not support", "save it again as .xlsx"],
    ),
    (
        "bzip2.xlsx",
        lambda: bombs.unsupported_method_xlsx(12),
        ["compression method", "bzip2"],
    ),
    ("truncated.xls", bombs.truncated_xls, ["is damaged", "cut short", "fetch or export it again"]),
    ("bomb_named.csv", bombs.zip_bomb_xlsx, ["expands to", "times its size on disk"]),
    ("bomb_named.xls", bombs.zip_bomb_xlsx, ["expands to", "times its size on disk"]),
    ("far_cell_named.xls", bombs.far_cell_xlsx, ["claims 16,384 columns"]),
    ("far_cell_named.csv", bombs.far_cell_xlsx, ["claims 16,384 columns"]),
    (  # 2,801 cells (the 2,800 added and the one that held it) x 1 MB and its <si><t> tags
        "shared_text.xlsx",
        bombs.shared_text_xlsx,
        ["repeat the same long texts", "about 2,801 mb of text"],
    ),
]


def test_long_shared_texts_used_a_few_times_load():
    """The exact count: 100 cells of one 1 MB text is 100 MB of text, well under the limit,
    though (cells of shared text) x (longest text) = 100 x 1 MB is worked out exactly only when
    that crude bound is over it. Here it is not: the workbook loads."""
    sheets = open_sheets(Upload("notes.xlsx", bombs.shared_text_xlsx(uses=100)))
    assert [s.name for s in sheets] == ["Staff"]


def test_the_exact_count_of_shared_text_decides_when_the_bound_is_over(monkeypatch):
    """With the limit at 50 MB: 2,800 cells x 1 MB is over the crude bound and over the exact
    count too (refused); a 1 MB text used twice beside 2,799 cells of a short one is over the
    crude bound (2,801 x 1 MB) but about 2 MB exactly, so it loads."""
    from metrics.inputs import workbook_limits

    monkeypatch.setattr(workbook_limits, "MAX_CELL_TEXT_BYTES", 50 << 20)
    with pytest.raises(workbook_limits.Refusal, match="repeat the same long texts"):
        workbook_limits.check(bombs.shared_text_xlsx(uses=2_800), 2 << 30, 10**9)
    mostly_short = bombs.shared_text_xlsx(uses=1)
    extra = "".join(f'<row r="{r}"><c r="G{r}" t="s"><v>0</v></c></row>' for r in range(20, 2819))
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(mostly_short)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", extra.encode() + b"</sheetData>"
    )
    workbook_limits.check(bombs._zip(members), 2 << 30, 10**9)  # no refusal


@pytest.mark.parametrize("name,build,words", CASES, ids=[c[0] for c in CASES])
def test_each_hostile_workbook_is_refused_with_its_own_message(tmp_path, name, build, words):
    for message in both_ways(tmp_path, name, build()):
        for word in words:
            assert word in message, (word, message)
        assert "did not expect" not in message


@pytest.mark.parametrize("build", [bombs.staff_xlsx, bombs.staff_ods])
def test_the_cell_limit_is_a_setting(monkeypatch, build):
    """The staff sheet is 4 columns by 4 rows: 16 cells pass a limit of 16, not of 15."""
    monkeypatch.setenv("INCLUSIVEHR_MAX_CELLS", "16")
    assert len(open_sheets(Upload("staff", build()))) == 1
    monkeypatch.setenv("INCLUSIVEHR_MAX_CELLS", "15")
    message = refusal(Upload("staff", build()))
    assert (
        "claims 4 columns by 4 rows (16 cells; this tool reads at most 15 in one sheet)" in message
    )
    assert "inclusivehr_max_cells" in message


def test_the_refusal_names_the_sheet(tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(bombs.far_cell_xlsx())
    with pytest.raises(InputError) as caught:
        open_sheets(path)
    assert caught.value.problems[0].sheet == "Staff"


def test_the_memory_of_the_asking_process_stays_bounded(tmp_path):
    files = [Upload("far.xlsx", bombs.far_cell_xlsx()), Upload("ods.ods", bombs.repeat_bomb_ods())]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    for upload in files:
        refusal(upload)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100, grown_mb


def test_a_workbook_is_known_by_its_content_not_its_name(tmp_path):
    """A real .xls named .csv is read as the workbook it is; text named .xls is refused."""
    sheets = open_sheets(Upload("staff.csv", bombs.staff_xls()))
    assert [s.name for s in sheets] == ["Staff"]
    assert sheets[0].preview[:2] == [
        ["Employee Number", "Ethnicity", "Pay Band", "Directorate"],
        ["1", "A", "Band 5", "HR & OD"],
    ]
    message = " ".join(both_ways(tmp_path, "staff.xls", b"Employee Number,Ethnicity\n1,A\n"))
    assert "is named .xls but is not a valid excel workbook" in message
    assert "rename it to .csv" in message


@pytest.mark.parametrize("build", [bombs.staff_xls, bombs.staff_ods, bombs.staff_xlsx])
def test_the_same_staff_sheet_reads_alike_in_every_format(build):
    (sheet,) = open_sheets(Upload("staff", build()))
    frame = sheet.read(0, [0, 1, 2, 3, 7], identifiers=[0])
    assert list(frame.index) == [2, 3, 4]  # spreadsheet row numbers
    assert list(frame[0]) == ["1", "2", "3"]
    assert list(frame[1]) == ["A", "H", "N"]
    assert list(frame[2].cat.categories) == ["Band 5", "Band 6"]  # the header is not a label
    assert list(frame[3]) == ["HR & OD", "Surgery", "Surgery"]
    assert frame[7].isna().all()  # past the last column: empty


def test_an_xls_cut_short_anywhere_is_called_damaged():
    """Cut inside the sector table, inside the workbook stream, or inside its last sector (the
    cases that made calamine panic): the container's bookkeeping no longer fits the file."""
    data = bombs.staff_xls()
    for size in (100, 600, 2000, 4500, len(data) - 232):
        message = refusal(Upload("cut.xls", data[:size]))
        assert message.startswith("is damaged: "), (size, message)
        assert "fetch or export it again" in message


def test_byte_flipped_xls_files_load_or_are_refused(tmp_path):
    """Flipped bytes in an .xls once drove the reader to 23 GB; each of these either loads or
    is refused (an InputError), and nothing else escapes."""
    outcomes = {"loaded": 0, "refused": 0}
    for seed in range(12):
        try:
            for sheet in open_sheets(Upload(f"flip{seed}.xls", bombs.flipped_xls(seed))):
                sheet.preview  # noqa: B018 (reading it is the test)
            outcomes["loaded"] += 1
        except InputError as error:
            assert "did not expect" not in error.problems[0].message
            outcomes["refused"] += 1
    assert sum(outcomes.values()) == 12


# --- what a dying worker becomes --------------------------------------------------------------


def job_with_child(monkeypatch, code: str, **limits) -> parse_worker.Failure:
    monkeypatch.setattr(parse_worker.WorkbookJob, "command", (sys.executable, "-c", code))
    outcome = parse_worker.WorkbookJob(None, b"", parse_worker.Limits(**limits)).result()
    assert isinstance(outcome, parse_worker.Failure)
    return outcome


def test_a_worker_that_aborts_on_allocation_is_out_of_memory(monkeypatch):
    code = (
        "import os, sys; sys.stderr.write('memory allocation of 549755813888 bytes failed\\n');"
        "sys.stderr.flush(); os.abort()"
    )
    failure = job_with_child(monkeypatch, code, memory_mb=123)
    assert "could not be read within the memory limit (123 mb)" in failure.message.lower()
    assert "INCLUSIVEHR_PARSE_MEMORY_MB" in failure.hint


def test_a_worker_that_crashes_is_a_crash(monkeypatch):
    failure = job_with_child(monkeypatch, "import os; os.abort()")
    assert failure.message.startswith("the spreadsheet reader crashed on this file")
    assert "save it again as .xlsx" in failure.hint


def test_a_worker_that_takes_too_long_is_stopped(monkeypatch):
    failure = job_with_child(monkeypatch, "import time; time.sleep(60)", seconds=1)
    assert failure.message == "could not be read within the time limit (1 seconds)"
    assert "INCLUSIVEHR_PARSE_SECONDS" in failure.hint


def test_a_worker_over_its_memory_limit_is_refused_not_fatal(monkeypatch):
    """The real worker, a real 2-3 GB grid, a 400 MB limit and the cell check turned off."""
    monkeypatch.setenv("INCLUSIVEHR_MAX_CELLS", str(10**12))
    monkeypatch.setenv("INCLUSIVEHR_PARSE_MEMORY_MB", "400")
    message = refusal(Upload("wide.xlsx", bombs.wide_xlsx()))
    assert "could not be read within the memory limit (400 mb)" in message


# --- the declared extent ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "xml,extent",
    [
        (b'<row r="1"><c r="A1"/><c r="B1"/></row><row r="2"><c r="C2"/></row>', Extent(2, 3)),
        (
            b'<row r="1"><c r="A1"/></row><row r="2"><c r="XFD1048576"/></row>',
            Extent(1048576, 16384),
        ),
        (b'<row r="1"><c t="s" r="C1"/><c/><c/></row>', Extent(1, 3)),  # unreferenced cells
        (b'<row r="1"><x:c r="AB7"/></row>', Extent(7, 28)),  # a prefixed tag
        (b"<row r='1'><c r='AA70'/></row>", Extent(70, 27)),  # single quotes
        (b'<row r="10"><c r="A99999"/></row>', Extent(99999, 1)),  # a cell beyond its row
        (b"<sheetData/>", Extent(0, 0)),
    ],
)
def test_xlsx_extent_reads_the_cell_references(xml, extent):
    import io

    assert xlsx_extent(io.BytesIO(xml)) == extent


def test_ods_extent_ignores_the_empty_rows_libreoffice_repeats_to_the_edge():
    body = (
        '<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string">'
        "<text:p>a</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="1023"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row></table:table>'
    )
    assert ods_extents(body.encode()) == {"S": Extent(1, 1)}


# --- the command line and the web app survive ------------------------------------------------


def test_the_command_line_refuses_each_case_with_exit_2_and_no_stack_trace(tmp_path):
    script = Path(sys.executable).with_name("inclusivehr")
    if not script.exists():
        pytest.skip("the inclusivehr console script is not installed in this environment")
    for name, build, words in CASES:
        path = tmp_path / name
        path.write_bytes(build())
        proc = subprocess.run(
            [str(script), "wres", "--staff", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            env=os.environ,
        )
        output = proc.stdout + proc.stderr
        assert proc.returncode == 2, (name, proc.returncode, output)
        for marker in ("Traceback", "did not expect", "panicked", "stack backtrace", "RUST_"):
            assert marker not in output, (name, output)
        assert words[0] in " ".join(proc.stderr.split()).lower(), (name, proc.stderr)


def test_the_web_app_upload_refuses_the_same_bytes(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard.workspace import store
    from tests.dashboard.test_app_your_data import HARNESS, upload

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    try:
        app = AppTest.from_string(HARNESS, default_timeout=120).run()
        upload(app, ("far_cell.xlsx", bombs.far_cell_xlsx()), ("bomb.csv", bombs.zip_bomb_xlsx()))
        assert not app.exception
        errors = [re.sub(r"\\(.)", r"\1", e.value) for e in app.error]
        assert errors == [
            "far_cell.xlsx cannot be opened, so it is left out.",
            "bomb.csv cannot be opened, so it is left out.",
        ]
        details = " ".join(t.value for e in app.expander for t in e.text).lower()
        assert "claims 16,384 columns by 1,048,576 rows" in details
        assert "expands to" in details
    finally:
        store.clear()
