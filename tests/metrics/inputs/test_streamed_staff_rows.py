"""The streamed read of a staff CSV hands on its distinct rows, each with how many rows it
stands for, and never builds a frame of every row; the counts are the same as the ordinary
read's. Every other path keeps a frame of every row with no weights."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from metrics.inputs import csv_stream
from metrics.inputs.pipeline import Sources, load
from metrics.inputs.row_weights import ROWS

HEADER = ["Employee Number", "Ethnic Origin", "Disability", "Pay Band", "Staff Group", "Org L3",
          "Assignment Category", "Board Voting Member"]  # fmt: skip
LABELS = {
    "Ethnic Origin": ["A White - British", "H Asian or Asian British - Indian", "Z Not Stated"],
    "Disability": ["Yes", "No", "Not Declared"],
    "Pay Band": ["Band 5", "Band 6", "VSM"],
    "Staff Group": ["Nursing and Midwifery Registered", "Administrative and Clerical"],
    "Org L3": ["Surgery", "Corporate"],
    "Assignment Category": ["Permanent", "Bank"],
    "Board Voting Member": ["No", "No", "No", "Yes"],
}


def staff_file(path: Path, n: int, seed: int = 3) -> tuple[Path, pd.DataFrame]:
    """A clean extract (one row per person) and its rows, as written."""
    pick = random.Random(seed).choice
    rows = [[str(20_000_001 + i), *(pick(LABELS[h]) for h in HEADER[1:])] for i in range(n)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["Staff in Post at 31/03/2025"], HEADER, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, pd.DataFrame(rows, columns=HEADER)


@pytest.mark.parametrize("purpose", ["wres", "wdes"])
def test_the_streamed_staff_frame_has_one_row_per_distinct_combination(tmp_path, purpose):
    path, written = staff_file(tmp_path / "staff.csv", 600)
    fast = load(Sources(files={"staff": path}, purpose=purpose, stream=True))
    slow = load(Sources(files={"staff": path}, purpose=purpose))
    staff = fast.inputs["staff"].frame
    assert "employee_number" not in staff  # the streamed read, not the ordinary one
    # the labels the purpose reads: wres no disability, wdes no ethnicity
    unread = "Disability" if purpose == "wres" else "Ethnic Origin"
    distinct = written.drop(columns=["Employee Number", unread]).drop_duplicates()
    assert len(staff) == len(distinct) < 600
    assert staff[ROWS].dtype == np.int64
    assert int(staff[ROWS].sum()) == 600
    bank = written["Assignment Category"] == "Bank"
    assert int(staff.loc[staff["bank"].to_numpy(), ROWS].sum()) == int(bank.sum())
    assert ROWS not in slow.inputs["staff"].frame
    assert len(slow.inputs["staff"].frame) == 600
    pd.testing.assert_frame_equal(fast.counts, slow.counts)
    assert fast.notes == slow.notes
    # the board rows come from the weighted rows too
    board = fast.counts[fast.counts["indicator"].isin(["WRES9", "WDES10"])]
    voting = written[(written["Board Voting Member"] == "Yes") & ~bank]
    assert int(board[board["membership"] == "voting"]["numerator"].sum()) == len(voting) > 0


def test_a_staff_file_with_companions_is_read_row_by_row(tmp_path):
    path, _ = staff_file(tmp_path / "staff.csv", 50)
    training = tmp_path / "training.csv"
    training.write_text("Employee Number,Course Type\n20000001,Leadership\n", encoding="utf-8")
    result = load(Sources(files={"staff": path, "training": training}, stream=True))
    assert ROWS not in result.inputs["staff"].frame
    assert len(result.inputs["staff"].frame) == 50


def test_grouping_a_stretch_of_rows_at_a_time_changes_nothing(tmp_path, monkeypatch):
    """The combinations are grouped a stretch of rows at a time and the stretches' results
    grouped again: with stretches of a block of about 40 rows each, the distinct rows, their
    order (first seen first) and their row counts are those of grouping every row at once."""
    path, written = staff_file(tmp_path / "staff.csv", 900, seed=11)
    sources = Sources(files={"staff": path}, stream=True)
    monkeypatch.setattr(csv_stream, "STREAM_BLOCK_BYTES", 4096)
    monkeypatch.setattr(csv_stream, "_BLOCKS_AT_A_TIME", 1)
    whole = load(sources)
    monkeypatch.setattr(csv_stream, "_ROWS_GROUPED_AT_A_TIME", 1)  # each block a stretch
    stretched = load(sources)
    for result in (whole, stretched):
        assert "employee_number" not in result.inputs["staff"].frame
    pd.testing.assert_frame_equal(whole.inputs["staff"].frame, stretched.inputs["staff"].frame)
    pd.testing.assert_frame_equal(whole.counts, stretched.counts)
    # independently: the distinct label rows in the order the file first shows them, counted
    labels = ["Ethnic Origin", "Pay Band", "Staff Group", "Org L3", "Assignment Category",
              "Board Voting Member"]  # fmt: skip
    expected = written.groupby(labels, sort=False).size()
    staff = stretched.inputs["staff"].frame
    assert list(staff[ROWS]) == list(expected)
    assert list(staff["directorate"].astype(str)) == [k[3] for k in expected.index]
