"""Formal capability cases (WDES metric 3): reading the file, its grounds and its bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.inputs.loaders import choose_sheet, load_sheet
from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.standards.capability_grounds import counted_grounds, grounds


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(path: Path):
    return load_sheet(choose_sheet(path, "capability"), "capability")


@pytest.mark.parametrize(
    "label,expected",
    [
        ("Performance", "performance"),
        ("Poor Performance", "performance"),
        ("performance-capability", "performance"),
        ("Capability (competence)", "performance"),
        ("Ill Health", "ill health"),
        ("ill-health capability", "ill health"),
        ("Sickness absence", "ill health"),
        ("Attendance", "ill health"),
        ("Performance (ill health)", None),  # both: not for the tool to guess
        ("Conduct", None),
        (None, None),
    ],
)
def test_grounds_are_read_from_their_words(label, expected) -> None:
    assert grounds(label) == expected


def test_only_performance_grounds_count_for_the_wdes() -> None:
    assert counted_grounds() == {"performance"}


def test_a_capability_file_reads_year_grounds_and_disability(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "capability.csv",
        "Case Reference,Employee Number,Case Start Date,Capability Type,Disabled\n"
        "K1,1,2024-06-01,Performance,Yes\n"  # April 2024 - March 2025 is year 2025
        "K2,2,2025-03-31,Ill Health,No\n"
        "K3,3,2025-04-01,,Prefer not to answer\n",  # blank grounds: the file did not say
    )
    loaded = _load(path)
    assert loaded.problems == []
    frame = loaded.frame
    assert list(frame["year"]) == [2025, 2025, 2026]
    assert list(frame["grounds"].astype(object)) == ["performance", "ill health", "not given"]
    assert list(frame["disability_group"].astype(object)) == ["Disabled", "Non-disabled", "Unknown"]
    assert list(frame["employee_number"]) == ["1", "2", "3"]


def test_a_bad_date_names_the_row_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "capability.csv",
        "Employee Number,Case Start Date,Grounds\n1,2024-06-01,Performance\n2,next week,Performance\n",
    )
    [problem] = [p for p in _load(path).problems if p.severity == "error"]
    assert (problem.row, problem.column, problem.value) == (3, "Case Start Date", "next week")
    assert problem.message == "not a date"


def test_unrecognised_grounds_are_a_warning_with_the_value_and_first_row(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "capability.csv",
        "Employee Number,Date,Grounds\n1,2024-06-01,Performance\n2,2024-06-02,Conduct\n"
        "3,2024-06-03,Conduct\n",
    )
    loaded = _load(path)
    [problem] = loaded.problems
    assert problem.severity == "warning"
    assert (problem.column, problem.value) == ("Grounds", "Conduct")
    assert "not counted as performance" in problem.message
    assert "2 rows, first on row 3" in problem.message
    assert list(loaded.frame["grounds"].astype(object)) == [
        "performance",
        "unrecognised",
        "unrecognised",
    ]


def test_a_capability_file_needs_an_employee_number_or_a_disability(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "capability.csv", "Case Reference,Date,Grounds\nK1,2024-06-01,Performance\n"
    )
    with pytest.raises(InputError) as caught:
        _load(path)
    [problem] = caught.value.problems
    assert problem.message.startswith(
        "no column for disability or employee number in this formal capability file"
    )


def test_the_pipeline_takes_a_capability_file(tmp_path: Path) -> None:
    staff = _write(
        tmp_path,
        "staff.csv",
        "Employee Number,Disability,Pay Band,Year\n1,Yes,Band 5,2025\n2,No,Band 6,2025\n",
    )
    capability = _write(
        tmp_path, "cases.csv", "Employee Number,Date,Grounds\n1,2024-06-01,Performance\n"
    )
    result = load(Sources(files={"staff": staff, "capability": capability}, purpose="wdes"))
    assert result.errors == []
    assert result.inputs["capability"].kind == "capability"
