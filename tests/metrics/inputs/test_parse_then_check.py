"""A large workbook is parsed first and its sheets' declared extents are read only when needed:
what the container declares is refused before the parse; a parse that goes well within the
limits is the outcome; a parse that fails, or measures something past a limit, sends the file to
the check, whose refusal says what was found. A small workbook's sheets are checked first
(tests/metrics/inputs/test_hostile_workbooks.py holds every hostile case end to end). Here the
small test files are treated as large (SCAN_FIRST_BELOW = 0) unless a test says otherwise."""

from __future__ import annotations

import sys

import pytest

from metrics.inputs import parse_worker, workbook_limits
from metrics.inputs.parse_worker import Failure, Limits, WorkbookJob, work
from tests.metrics.inputs import workbook_bombs as bombs

# the staff sheet's text, cell by cell (tests/metrics/inputs/workbook_bombs.py STAFF_ROWS):
# header 15 + 9 + 8 + 11, then three rows of 1 + 1 + 6 + 7 ("1", "A", "Band 5", "HR & OD";
# "Surgery" is 7 letters too)
STAFF_TEXT_BYTES = 43 + 3 * 15


@pytest.fixture(autouse=True)
def parsed_first(monkeypatch):
    monkeypatch.setattr(parse_worker, "SCAN_FIRST_BELOW", 0)


def test_a_small_workbook_is_checked_before_the_parse(monkeypatch):
    monkeypatch.setattr(parse_worker, "SCAN_FIRST_BELOW", 16 << 20)
    outcome, suspect = work(bombs.far_cell_xlsx(), Limits())
    assert isinstance(outcome, Failure) and suspect is False
    assert "claims 16,384 columns by 1,048,576 rows" in outcome.message
    outcome, suspect = work(bombs.staff_xlsx(), Limits(max_cells=15))
    assert "claims 4 columns by 4 rows (16 cells" in outcome.message and suspect is False


def test_a_workbook_within_the_limits_is_parsed_and_not_sent_to_the_check():
    outcome, suspect = work(bombs.staff_xlsx(), Limits())
    assert [s.name for s in outcome] == ["Staff"]
    assert (outcome[0].height, outcome[0].width) == (4, 4)
    assert suspect is False


def test_cells_past_the_limit_measured_by_the_parse_send_it_to_the_check():
    """4 columns by 4 rows counted from A1: 16 cells pass a limit of 16, not of 15."""
    outcome, suspect = work(bombs.staff_xlsx(), Limits(max_cells=16))
    assert not isinstance(outcome, Failure) and suspect is False
    outcome, suspect = work(bombs.staff_xlsx(), Limits(max_cells=15))
    assert isinstance(outcome, Failure) and suspect is True
    assert "claims 4 columns by 4 rows (16 cells; this tool reads at most 15" in outcome.message
    assert outcome.sheet == "Staff"


def test_a_far_cell_is_counted_from_a1_by_the_parse_as_by_the_check():
    """A cell at G6 (row 5, column 6 counted from 0): 7 columns by 6 rows, 42 cells."""
    data = bombs.staff_xlsx((5, 6))
    outcome, suspect = work(data, Limits(max_cells=41))
    assert isinstance(outcome, Failure) and suspect is True
    assert "claims 7 columns by 6 rows (42 cells" in outcome.message
    assert work(data, Limits(max_cells=42))[1] is False


def test_text_past_the_limit_measured_by_the_parse_sends_it_to_the_check(monkeypatch):
    monkeypatch.setattr(workbook_limits, "MAX_CELL_TEXT_BYTES", STAFF_TEXT_BYTES)
    outcome, suspect = work(bombs.staff_xlsx(), Limits())
    assert not isinstance(outcome, Failure) and suspect is False
    monkeypatch.setattr(workbook_limits, "MAX_CELL_TEXT_BYTES", STAFF_TEXT_BYTES - 1)
    outcome, suspect = work(bombs.staff_xlsx(), Limits())
    assert isinstance(outcome, Failure) and suspect is True
    assert "text once read" in outcome.message
    assert "export the data again as csv" in outcome.hint.lower()


@pytest.mark.parametrize(
    "build,words",
    [
        (bombs.zip_bomb_xlsx, "times its size on disk"),
        (bombs.damaged_directory_xlsx, "zip directory"),
        (bombs.unsupported_method_xlsx, "compression method"),
    ],
)
def test_what_the_container_declares_is_refused_before_the_parse(build, words):
    outcome, suspect = work(build(), Limits())
    assert isinstance(outcome, Failure) and words in outcome.message
    assert suspect is False  # the refusal is the check's own


def test_a_sheet_the_reader_cannot_convert_sends_the_file_to_the_check(monkeypatch):
    def failing(name, batch, first_columns):
        raise ValueError("broken sheet")

    monkeypatch.setattr(parse_worker, "code_sheet", failing)
    outcome, suspect = work(bombs.staff_xlsx(), Limits())
    assert outcome[0].error == "ValueError: broken sheet"
    assert suspect is True


def _logging_worker(monkeypatch, log, beside: bool = False) -> None:
    """The real worker, started through a line that first notes which child it is; the test
    files are treated as large (parsed first), or with ``beside`` as very large (checked in a
    thread beside the parse)."""
    code = (
        "import sys; "
        f"open({str(log)!r}, 'a').write(sys.argv[1] + '\\n'); "
        "from metrics.inputs import parse_worker; parse_worker.SCAN_FIRST_BELOW = 0; "
        + ("parse_worker.SCAN_BESIDE_ABOVE = 0; " if beside else "")
        + "parse_worker.main()"
    )
    monkeypatch.setattr(WorkbookJob, "command", (sys.executable, "-c", code))


@pytest.mark.skipif(sys.platform == "win32", reason="the worker's limits are POSIX")
def test_the_check_child_runs_only_when_the_parse_needs_it(tmp_path, monkeypatch):
    log = tmp_path / "children.txt"
    _logging_worker(monkeypatch, log)
    outcome = WorkbookJob(None, bombs.staff_xlsx()).result()
    assert [s.name for s in outcome] == ["Staff"]
    assert log.read_text().split() == ["parse"]

    log.unlink()
    outcome = WorkbookJob(None, bombs.far_cell_xlsx()).result()  # the parse cannot hold it
    assert isinstance(outcome, Failure)
    assert "claims 16,384 columns by 1,048,576 rows" in outcome.message
    assert log.read_text().split() == ["parse", "check"]


@pytest.mark.skipif(sys.platform == "win32", reason="the worker's limits are POSIX")
def test_a_very_large_workbook_is_checked_beside_the_parse(tmp_path, monkeypatch):
    """The check runs in a thread of the parse child: its refusal is the reply at once (no
    second child), and a workbook it passes is read as usual."""
    log = tmp_path / "children.txt"
    _logging_worker(monkeypatch, log, beside=True)
    outcome = WorkbookJob(None, bombs.staff_xlsx(), Limits(max_cells=15)).result()
    assert isinstance(outcome, Failure)
    assert "claims 4 columns by 4 rows (16 cells; this tool reads at most 15" in outcome.message
    assert log.read_text().split() == ["parse"]

    log.unlink()
    outcome = WorkbookJob(None, bombs.staff_xlsx(), Limits(max_cells=16)).result()
    assert [s.name for s in outcome] == ["Staff"]
    assert log.read_text().split() == ["parse"]
