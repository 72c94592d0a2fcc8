"""`--map` with `--source`: a match applies to every table that has the column, so a column
only the staff table has does not stop the recruitment table being read."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.sample import SAMPLE_DIR

TRUST = SAMPLE_DIR / "trust"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's staff table with its pay band column renamed, and its recruitment table."""
    path = tmp_path_factory.mktemp("db") / "hr.db"
    staff = pd.read_csv(TRUST / "staff.csv", dtype=str, keep_default_na=False)
    recruitment = pd.read_csv(TRUST / "recruitment.csv", dtype=str, keep_default_na=False)
    with duckdb.connect(str(path)) as con:
        for name, frame in {"esr": staff.rename(columns={"Pay Band": "Grade X"}),
                            "trac": recruitment}.items():  # fmt: skip
            con.register("frame", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
    return path


def test_a_match_for_the_staff_tables_column_and_a_second_table(database: Path) -> None:
    tables = ("--table", "staff=esr", "--table", "recruitment=trac")
    source = ("--source", f"duckdb:///{database}")
    unmapped = run("wres", *source, *tables)
    assert unmapped.exit_code == 2 and "no column for pay band" in unmapped.output
    mapped = run("wres", *source, *tables, "--map", "Grade X=pay_band", "--json")
    assert mapped.exit_code == 0, mapped.output
    files = run("wres", "--staff", TRUST / "staff.csv", "--recruitment",
                TRUST / "recruitment.csv", "--json")  # fmt: skip
    assert json.loads(mapped.stdout) == json.loads(files.stdout)


def test_a_match_no_table_has_is_refused(database: Path) -> None:
    result = run("wres", "--source", f"duckdb:///{database}", "--table", "staff=esr",
                 "--table", "recruitment=trac", "--map", "Grade Y=pay_band")  # fmt: skip
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert 'a column match names a column "Grade Y" that none of the tables has' in said
