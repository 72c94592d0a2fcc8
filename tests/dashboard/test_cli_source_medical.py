"""`medical --source URL --table KIND=TABLE`: the same tables (grades, roles, grade by place of
qualification), indicators, published tables and counts as from the files the tables were
loaded from; mistakes are messages and exit code 2, as from files."""

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
SURVEY = ("--survey", TRUST / "survey.csv")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample trust's tables as text; and its staff without doctors, and without the
    place of qualification column."""
    path = tmp_path_factory.mktemp("db") / "medical.db"
    with duckdb.connect(str(path)) as con:
        for kind in KINDS:
            frame = pd.read_csv(TRUST / f"{kind}.csv", dtype=str, keep_default_na=False)
            con.register("frame", frame)
            con.execute(f"CREATE TABLE hr_{kind} AS SELECT * FROM frame")
            con.unregister("frame")
        con.execute("""CREATE TABLE no_doctors AS SELECT * FROM hr_staff
                       WHERE "Staff Group" NOT LIKE '%Medical%'""")
        con.execute("""CREATE TABLE no_places AS SELECT * EXCLUDE
                       ("Country of Primary Medical Qualification") FROM hr_staff""")
    return path


def tables(*kinds: str) -> list[str]:
    return [arg for kind in kinds for arg in ("--table", f"{kind}=hr_{kind}")]


def files(*kinds: str) -> list:
    return [arg for kind in kinds for arg in (f"--{kind}", TRUST / f"{kind}.csv")]


@pytest.mark.parametrize(
    "extra", [("--json",), ("--publish", "--json"), ("--year", "2024", "--json")]
)
def test_the_same_json_as_from_the_files(database: Path, extra) -> None:
    from_db = run("medical", "--source", f"duckdb:///{database}", *tables(*KINDS), *SURVEY, *extra)
    assert from_db.exit_code == 0, from_db.output
    from_files = run("medical", *files(*KINDS), *SURVEY, *extra)
    assert from_files.exit_code == 0, from_files.output
    found = json.loads(from_db.stdout)
    assert found == json.loads(from_files.stdout)
    assert "qualification" in json.dumps(found)  # the grade by place table is in both


def test_the_same_text_and_counts_as_from_the_files(database: Path, tmp_path) -> None:
    db_counts, file_counts = tmp_path / "db.csv", tmp_path / "files.csv"
    from_db = run("medical", "--source", f"duckdb:///{database}", *tables(*KINDS),
                  "--emit-counts", db_counts)  # fmt: skip
    from_files = run("medical", *files(*KINDS), "--emit-counts", file_counts)
    assert from_db.exit_code == 0, from_db.output
    assert from_db.stdout == from_files.stdout
    assert "By grade and place of primary medical qualification" in from_db.stdout

    def rows(path: Path) -> list:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return sorted(frame.itertuples(index=False), key=repr)

    assert rows(db_counts) == rows(file_counts)
    assert any("MED-ROLE" in repr(row) for row in rows(db_counts))


def test_without_a_place_of_qualification_column_as_from_a_file(database: Path, tmp_path) -> None:
    path = tmp_path / "staff.csv"
    frame = pd.read_csv(TRUST / "staff.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["Country of Primary Medical Qualification"]).to_csv(path, index=False)
    from_db = run("medical", "--source", f"duckdb:///{database}", "--table", "staff=no_places",
                  "--json")  # fmt: skip
    from_file = run("medical", "--staff", path, "--json")
    assert from_db.exit_code == 0, from_db.output
    assert json.loads(from_db.stdout) == json.loads(from_file.stdout)


def test_a_table_without_doctors_is_refused_as_a_file_is(database: Path, tmp_path) -> None:
    path = tmp_path / "staff.csv"
    frame = pd.read_csv(TRUST / "staff.csv", dtype=str, keep_default_na=False)
    frame[~frame["Staff Group"].str.contains("Medical")].to_csv(path, index=False)
    from_db = run("medical", "--source", f"duckdb:///{database}", "--table", "staff=no_doctors")
    from_file = run("medical", "--staff", path)
    assert from_db.exit_code == from_file.exit_code == 2
    assert "no Medical and Dental staff in post" in from_db.stderr
    assert from_db.stderr == from_file.stderr
