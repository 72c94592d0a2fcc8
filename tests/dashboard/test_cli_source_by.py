"""`--by sex|disability|ethnicity` with `--source`: the split rows counted in the engine
(metrics.query.split) give the same output as the files the tables were loaded from."""

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
KINDS = ("staff", "recruitment", "disciplinary", "training", "board")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "hr.db"
    with duckdb.connect(str(path)) as con:
        for kind in (*KINDS, "capability"):
            frame = pd.read_csv(TRUST / f"{kind}.csv", dtype=str, keep_default_na=False)
            con.register("frame", frame)
            con.execute(f"CREATE TABLE hr_{kind} AS SELECT * FROM frame")
            con.unregister("frame")
    return path


def both(command: str, database: Path, kinds: tuple[str, ...], *args) -> tuple[dict, dict]:
    tables = [arg for kind in kinds for arg in ("--table", f"{kind}=hr_{kind}")]
    files = [arg for kind in kinds for arg in (f"--{kind}", TRUST / f"{kind}.csv")]
    from_db = run(command, "--source", f"duckdb:///{database}", *tables, *args, "--json")
    from_files = run(command, *files, *args, "--json")
    assert from_db.exit_code == 0, from_db.output
    assert from_files.exit_code == 0, from_files.output
    return json.loads(from_db.stdout), json.loads(from_files.stdout)


@pytest.mark.parametrize("by", ["sex", "disability"])
def test_wres_by_from_the_tables_is_the_same_as_from_the_files(database, by) -> None:
    from_db, from_files = both("wres", database, KINDS, "--by", by)
    assert from_db == from_files
    split = from_db["intersections"]
    assert split["by"] == by and len(split["groups"]) >= 2


def test_wdes_by_sex_with_capability_is_the_same_as_from_the_files(database) -> None:
    from_db, from_files = both("wdes", database, (*KINDS, "capability"), "--by", "sex")
    assert from_db == from_files
    assert "WDES3" in from_db["intersections"]["groups"]["Female"]


def test_the_medical_view_by_disability_is_the_same_as_from_the_files(database) -> None:
    from_db, from_files = both("medical", database, KINDS, "--by", "disability")
    assert from_db == from_files
    assert from_db["intersections"]["by"] == "disability"


def test_emitted_split_counts_are_the_files(database, tmp_path) -> None:
    out_db, out_files = tmp_path / "db.csv", tmp_path / "files.csv"
    tables = [arg for kind in ("staff", "disciplinary") for arg in ("--table", f"{kind}=hr_{kind}")]
    db = run("wres", "--source", f"duckdb:///{database}", *tables, "--by", "sex",
             "--emit-counts", out_db)  # fmt: skip
    files = run("wres", "--staff", TRUST / "staff.csv", "--disciplinary",
                TRUST / "disciplinary.csv", "--by", "sex", "--emit-counts", out_files)  # fmt: skip
    assert db.exit_code == files.exit_code == 0, db.output
    db_lines, file_lines = out_db.read_text().splitlines(), out_files.read_text().splitlines()
    assert db_lines[0] == file_lines[0]
    assert sorted(db_lines) == sorted(file_lines)
    assert sum(",sex," in line for line in db_lines) > 20  # the split rows are there


def test_a_staff_table_without_the_column_is_a_message(database) -> None:
    result = run("wres", "--source", f"duckdb:///{database}", "--table", "staff=hr_board",
                 "--map", "Role=pay_band", "--by", "sex")  # fmt: skip
    assert result.exit_code == 2
    assert "sex" in result.output.lower() and "Traceback" not in result.output


def test_the_board_pack_by_sex_holds_the_files_counts(database, tmp_path) -> None:
    tables = [arg for kind in KINDS for arg in ("--table", f"{kind}=hr_{kind}")]
    files = [arg for kind in KINDS for arg in (f"--{kind}", TRUST / f"{kind}.csv")]
    out_db, out_files = tmp_path / "db.xlsx", tmp_path / "files.xlsx"
    db = run("report", "--source", f"duckdb:///{database}", *tables, "--by", "sex",
             "--internal", "--out", out_db)  # fmt: skip
    from_files = run("report", *files, "--by", "sex", "--internal", "--out", out_files)
    assert db.exit_code == from_files.exit_code == 0, db.output
    for sheet in ("Counts", "Suppression audit"):  # the row order is not a contract
        a, b = (
            pd.read_excel(p, sheet_name=sheet, dtype=str, engine="openpyxl")
            for p in (out_db, out_files)
        )
        assert sorted(a.fillna("").values.tolist()) == sorted(b.fillna("").values.tolist())
        assert list(a.columns) == list(b.columns)
