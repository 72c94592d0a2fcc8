"""The shared input options load what each command computes: a disability command never needs an
ethnicity column, takes --capability, and a missing column is a sentence and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from dashboard.cli_support import capability_option, guarded, input_options, load_inputs

STAFF = "Employee Number,Disability,Pay Band\n1,Yes,Band 5\n2,No,Band 5\n3,No,Band 6\n"
CASES = "Employee Number,Case Start Date,Grounds\n1,2024-06-01,Performance\n"


def _command(purpose: str) -> click.Command:
    """A command that loads its inputs for `purpose` and prints the counts it got."""

    @click.command()
    @input_options
    @capability_option
    @guarded
    def command(**options):
        result = load_inputs(**options, purpose=purpose)
        counts = result.counts
        click.echo(json.dumps({
            indicator: int(counts.loc[(counts["indicator"] == indicator).to_numpy(),
                                      "numerator"].sum())
            for indicator in sorted(set(counts["indicator"]))
        }))  # fmt: skip

    return command


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_disability_load_takes_capability_cases_and_no_ethnicity(tmp_path: Path) -> None:
    staff, cases = _write(tmp_path, "staff.csv", STAFF), _write(tmp_path, "cases.csv", CASES)
    result = CliRunner().invoke(
        _command("wdes"), ["--staff", str(staff), "--capability", str(cases), "--year", "2025"]
    )
    assert result.exit_code == 0, result.output
    # three staff in post; one of them (person 1) entering capability on performance grounds
    assert json.loads(result.stdout) == {"WDES1": 3, "WDES3": 1}


def test_the_same_file_is_refused_for_the_wres_with_a_sentence(tmp_path: Path) -> None:
    staff = _write(tmp_path, "staff.csv", STAFF)
    result = CliRunner().invoke(_command("wres"), ["--staff", str(staff)])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert message.startswith(
        "inclusivehr: cannot use the input. staff.csv: no column for ethnicity"
    )
    assert '--map "YOUR COLUMN=ethnicity"' in message
    assert "Traceback" not in result.output


def test_capability_cases_go_with_a_staff_file(tmp_path: Path) -> None:
    cases = _write(tmp_path, "cases.csv", CASES)
    counts = _write(tmp_path, "counts.csv", "indicator,group,numerator\nWDES1,Disabled,1\n")
    result = CliRunner().invoke(
        _command("wdes"), ["--counts", str(counts), "--capability", str(cases)]
    )
    assert result.exit_code == 2
    assert "--capability go with --staff" in result.output
