"""The command line on the hostile values of the trust-and-safety issue: each is a success or a
specific message with exit 2, never "did not expect"; and the last-resort handler's own cases
(a file that cannot be read, memory running out) say what happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dashboard.cli import main
from tests.metrics.inputs.test_hostile_values import CODES, staff

COUNTS = "organisation,year,indicator,group,numerator,denominator\n"


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert "did not expect" not in result.stderr
    return result


def said(result: Result) -> str:
    return " ".join(result.stderr.split())


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("year", ["inf", "-inf", "Infinity", "1e400", "9999999999"])
def test_a_counts_year_of_inf(tmp_path, year):
    path = write(tmp_path, "c.csv", COUNTS + f"T,{year},WRES2,White,5,10\nT,2025,WRES2,BME,3,10\n")
    result = run("wres", "--counts", path)
    assert result.exit_code == 2
    assert f"c.csv, row 2, column \"year\": not a year (value: '{year}')" in said(result)


@pytest.mark.parametrize("year", ["inf", "nan", "1e30"])
def test_a_command_line_year_that_is_no_whole_number(tmp_path, year):
    result = run("wres", "--staff", write(tmp_path, "s.csv", staff()), "--year", year)
    assert result.exit_code == 2
    assert f"'{year}' is not a valid integer" in said(result)


@pytest.mark.parametrize("year", ["-1", "9999999999", "99999999999999999999"])
def test_a_command_line_year_with_no_data(tmp_path, year):
    result = run("wres", "--staff", write(tmp_path, "s.csv", staff()), "--year", year)
    assert result.exit_code == 2
    assert f"no data for year {year}. Years found: 2025" in said(result)


def headcounts(result: Result) -> dict[str, int]:
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    return {b["band"]: b["headcount"] for b in report["indicators"]["WRES1"]["bands"]}


def test_a_200_kb_field_is_read(tmp_path):
    plain = run("wres", "--json", "--staff", write(tmp_path, "a.csv", staff()))
    long = write(tmp_path, "b.csv", staff().replace("Surgery", "S" * 200_000, 1))
    assert headcounts(run("wres", "--json", "--staff", long)) == headcounts(plain)


def test_a_right_to_left_mark_before_every_code_changes_nothing(tmp_path):
    plain = run("wres", "--json", "--staff", write(tmp_path, "a.csv", staff()))
    marked = write(tmp_path, "b.csv", staff(codes=["\u200f" + c for c in CODES]))
    result = run("wres", "--json", "--staff", marked)
    assert headcounts(result) == headcounts(plain)
    assert "not recognised" not in result.stdout


def test_no_recognised_code_is_refused_saying_what_was_seen(tmp_path):
    path = write(tmp_path, "s.csv", staff(codes=["Q1", "Q2"]))
    result = run("wres", "--staff", path)
    assert result.exit_code == 2
    assert "none of the 10 ethnicity values is a recognised code; the first few are 'Q1', 'Q2'" in (
        said(result)
    )


def test_a_file_that_cannot_be_read_names_it(tmp_path, monkeypatch):
    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "s.csv"))

    monkeypatch.setattr("metrics.inputs.pipeline.load", denied)
    result = run("wres", "--staff", write(tmp_path, "s.csv", staff()))
    assert result.exit_code == 2
    assert said(result).startswith(f"inclusivehr: {tmp_path / 's.csv'}: Permission denied.")


@pytest.mark.parametrize(
    "error",
    [MemoryError(), ImportError("lib.so: failed to map segment from shared object"),
     OSError(12, "Cannot allocate memory")],
)  # fmt: skip
def test_memory_running_out_says_so(tmp_path, monkeypatch, error):
    def out(*_args, **_kwargs):
        raise error

    monkeypatch.setattr("metrics.inputs.pipeline.load", out)
    result = run("wres", "--staff", write(tmp_path, "s.csv", staff()))
    assert result.exit_code == 2
    assert "too large for this machine's memory" in said(result)
