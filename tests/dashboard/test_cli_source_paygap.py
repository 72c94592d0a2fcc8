"""`paygap --source URL --table staff=TABLE`: the same output as from the staff file the table
was loaded from, for every characteristic and reference; every mistake a message and exit code
2, as from a file, never a traceback. Only people per rate of pay leave the database."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.sample import SAMPLE_DIR

STAFF = SAMPLE_DIR / "trust" / "staff.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB file with the sample trust's staff as text, and the same without hourly pay."""
    path = tmp_path_factory.mktemp("db") / "pay.db"
    frame = pd.read_csv(STAFF, dtype=str, keep_default_na=False)
    with duckdb.connect(str(path)) as con:
        con.register("frame", frame)
        con.execute("CREATE TABLE esr AS SELECT * FROM frame")
        con.execute('CREATE TABLE no_pay AS SELECT * EXCLUDE ("Hourly Pay") FROM frame')
        con.execute("CREATE TABLE bad_pay AS SELECT * FROM frame")
        con.execute("""UPDATE bad_pay SET "Hourly Pay" = 'about ten' WHERE rowid = 3""")
    return path


def source(database: Path, table: str = "esr") -> list[str]:
    return ["--source", f"duckdb:///{database}", "--table", f"staff={table}"]


@pytest.mark.parametrize(
    "args",
    [
        ("--by", "sex"),
        ("--by", "ethnicity"),
        ("--by", "disability"),
        ("--by", "ethnicity", "--reference", "White British"),
        ("--by", "sex", "--reference", "Female"),
        ("--by", "sex", "--year", "2024"),
    ],
)
def test_the_same_json_as_from_the_staff_file(database: Path, args) -> None:
    from_db = run("paygap", *source(database), *args, "--json")
    assert from_db.exit_code == 0, from_db.output
    from_file = run("paygap", "--staff", STAFF, *args, "--json")
    assert from_file.exit_code == 0, from_file.output
    found = json.loads(from_db.stdout)
    assert found == json.loads(from_file.stdout)  # every figure, interval and note, exactly
    assert found["mean_hourly_gap_percent"] is not None and found["by_band"]


def test_the_same_text_as_from_the_staff_file(database: Path) -> None:
    from_db = run("paygap", *source(database), "--by", "sex")
    from_file = run("paygap", "--staff", STAFF, "--by", "sex")
    assert from_db.exit_code == 0, from_db.output
    assert from_db.stdout == from_file.stdout
    assert "Median gap" in from_db.stdout


def test_a_missing_hourly_pay_column_is_said_as_for_a_file(database: Path, tmp_path) -> None:
    """The same words (a table where a file says 'file (header on row 1)'), exit code 2."""
    from_db = run("paygap", *source(database, "no_pay"), "--by", "sex")
    assert from_db.exit_code == 2
    path = tmp_path / "no_pay.csv"
    pd.read_csv(STAFF, dtype=str, keep_default_na=False).drop(columns=["Hourly Pay"]).to_csv(
        path, index=False
    )
    from_file = run("paygap", "--staff", path, "--by", "sex")
    assert from_file.exit_code == 2
    db_words = " ".join(from_db.stderr.split())
    file_words = " ".join(from_file.stderr.split())
    assert "no column for hourly pay" in db_words and "Traceback" not in db_words
    assert '--map "YOUR COLUMN=hourly_pay"' in db_words
    tail = file_words.split("Columns found:")[1]
    assert db_words.split("Columns found:")[1] == tail


def test_text_in_the_hourly_pay_column_is_an_error(database: Path) -> None:
    found = run("paygap", *source(database, "bad_pay"), "--by", "sex")
    assert found.exit_code == 2
    words = " ".join(found.stderr.split())
    assert "text where a number belongs" in words and "about ten" in words


def test_only_the_staff_table_goes_with_paygap(database: Path) -> None:
    found = run("paygap", *source(database), "--table", "board=esr", "--by", "sex")
    assert found.exit_code == 2
    assert "read only the staff table" in found.output
    both = run("paygap", *source(database), "--staff", STAFF, "--by", "sex")
    assert both.exit_code == 2 and "drop --staff" in both.output


def test_the_board_pack_with_pay_gaps_from_the_tables(database: Path, tmp_path) -> None:
    """report --with paygap: the pay gap pages (and every other sheet) as from the files."""
    from openpyxl import load_workbook

    def cells(path: Path) -> dict[str, list]:
        book = load_workbook(path, read_only=True)
        return {s.title: sorted(s.iter_rows(values_only=True), key=repr) for s in book}

    from_db = run("report", *source(database), "--with", "paygap", "--with", "wdes",
                  "--out", tmp_path / "db.xlsx")  # fmt: skip
    assert from_db.exit_code == 0, from_db.output
    from_files = run("report", "--staff", STAFF, "--with", "paygap", "--with", "wdes",
                     "--out", tmp_path / "files.xlsx")  # fmt: skip
    assert from_files.exit_code == 0, from_files.output
    db, fs = cells(tmp_path / "db.xlsx"), cells(tmp_path / "files.xlsx")
    assert db == fs
    assert any("Pay gap by sex" in repr(row) for row in db["Results"])


def test_pay_gaps_and_the_medical_view_from_postgresql(postgres_server: str) -> None:
    """The same --json from tables in PostgreSQL as from the files (the store's throwaway
    server; skipped with the reason where PostgreSQL is not installed)."""
    import uuid

    import psycopg

    from metrics.query.sources import connect

    name = f"pay_{uuid.uuid4().hex[:10]}"
    plain = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    url = f"{postgres_server}/{name}"
    loader = connect(url).con
    loader.create_table("esr", pd.read_csv(STAFF, dtype=str, keep_default_na=False))
    loader.disconnect()
    pay = ("paygap", "--by", "ethnicity", "--reference", "White British", "--json")
    from_db = run(*pay, "--source", url, "--table", "staff=esr")
    assert from_db.exit_code == 0, from_db.output
    assert json.loads(from_db.stdout) == json.loads(run(*pay, "--staff", STAFF).stdout)
    from_db = run("medical", "--source", url, "--table", "staff=esr", "--json")
    assert from_db.exit_code == 0, from_db.output
    from_file = run("medical", "--staff", STAFF, "--json")
    assert json.loads(from_db.stdout) == json.loads(from_file.stdout)
