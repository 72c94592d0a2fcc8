"""`wres --source duckdb:///FILE --table KIND=TABLE`: the same output as from the files the
tables were loaded from; every mistake a message and exit code 2, never a traceback."""

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
    """A DuckDB file holding the sample trust's tables as text, as an extract loaded into a
    warehouse would."""
    path = tmp_path_factory.mktemp("db") / "hr.db"
    with duckdb.connect(str(path)) as con:
        for kind in (*KINDS, "capability", "survey"):
            frame = pd.read_csv(TRUST / f"{kind}.csv", dtype=str, keep_default_na=False)
            con.register("frame", frame)
            con.execute(f"CREATE TABLE hr_{kind} AS SELECT * FROM frame")
            con.unregister("frame")
    return path


def tables(*kinds: str) -> list[str]:
    return [arg for kind in kinds for arg in ("--table", f"{kind}=hr_{kind}")]


def test_the_same_json_as_from_the_files(database: Path) -> None:
    from_db = run("wres", "--source", f"duckdb:///{database}", *tables(*KINDS), "--json")
    assert from_db.exit_code == 0, from_db.output
    files = [arg for kind in KINDS for arg in (f"--{kind}", TRUST / f"{kind}.csv")]
    from_files = run("wres", *files, "--json")
    assert from_files.exit_code == 0, from_files.output
    assert json.loads(from_db.stdout) == json.loads(from_files.stdout)
    assert "WRES3" in json.loads(from_db.stdout)["indicators"]


def test_survey_results_come_from_their_file_beside_the_tables(database: Path) -> None:
    """Survey results are counts already: --survey FILE goes with --source."""
    survey = ("--survey", TRUST / "survey.csv")
    from_db = run("wres", "--source", f"duckdb:///{database}", *tables(*KINDS), *survey, "--json")
    assert from_db.exit_code == 0, from_db.output
    files = [arg for kind in KINDS for arg in (f"--{kind}", TRUST / f"{kind}.csv")]
    from_files = run("wres", *files, *survey, "--json")
    data = json.loads(from_db.stdout)
    assert data == json.loads(from_files.stdout)
    assert {"WRES5", "WRES8", "WRES9"} <= set(data["indicators"])


def test_survey_results_from_a_table_as_from_their_file(database: Path) -> None:
    """--table survey=TABLE reads the survey results in the database as the file is read."""
    from_db = run("wres", "--source", f"duckdb:///{database}", *tables(*KINDS, "survey"), "--json")
    assert from_db.exit_code == 0, from_db.output
    files = [arg for kind in (*KINDS, "survey") for arg in (f"--{kind}", TRUST / f"{kind}.csv")]
    from_files = run("wres", *files, "--json")
    data = json.loads(from_db.stdout)
    assert data == json.loads(from_files.stdout)
    assert {"WRES5", "WRES6", "WRES7", "WRES8"} <= set(data["indicators"])


def test_survey_results_given_twice_is_a_usage_error(database: Path) -> None:
    survey = ("--survey", TRUST / "survey.csv")
    both = run("wres", "--source", f"duckdb:///{database}", *tables("staff", "survey"), *survey)
    assert both.exit_code == 2
    assert "give survey results once" in both.output


def test_a_directorate_and_emitted_counts_as_from_the_files(database: Path, tmp_path) -> None:
    out_db, out_files = tmp_path / "db.csv", tmp_path / "files.csv"
    from_db = run("wres", "--source", f"duckdb:///{database}", *tables("staff", "recruitment"),
                  "--directorate", "HR & OD", "--emit-counts", out_db)  # fmt: skip
    from_files = run("wres", "--staff", TRUST / "staff.csv", "--recruitment",
                     TRUST / "recruitment.csv", "--directorate", "HR & OD",
                     "--emit-counts", out_files)  # fmt: skip
    assert from_db.exit_code == from_files.exit_code == 0, from_db.output
    assert from_db.stdout.replace(str(out_db), "X") == from_files.stdout.replace(
        str(out_files), "X"
    )
    db_lines, file_lines = out_db.read_text().splitlines(), out_files.read_text().splitlines()
    assert db_lines[0] == file_lines[0]  # the same columns
    assert sorted(db_lines) == sorted(file_lines)  # the same rows (the order is not a contract)
    assert len(db_lines) > 100


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--source", "mysql://h/db", "--table", "staff=s"], "not a database URL"),
        (["--source", "duckdb:///no/such.db", "--table", "staff=s"], "no DuckDB database at"),
        (["--source", "URL"], "--source needs --table staff=TABLE"),
        (["--table", "staff=s", "--staff", TRUST / "staff.csv"], "--table goes with --source"),
        (["--source", "duckdb://", "--table", "staff"], "not of the form KIND=TABLE"),
        (["--source", "duckdb://", "--table", "payroll=p"], "'payroll' is not a kind of rows"),
        (["--source", "duckdb://", "--table", "staff=s", "--staff", TRUST / "staff.csv"],
         "drop --staff"),
    ],
)  # fmt: skip
def test_mistakes_are_messages_with_exit_code_2(args, said) -> None:
    result = run("wres", *args)
    assert result.exit_code == 2
    assert said in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "url",
    ["mysql://bob:s3cret@db.example/hr", "bob:s3cret@db.example", "odbc://db/hr?password=s3cret"],
)
def test_a_refused_source_never_shows_its_password(url) -> None:
    result = run("wres", "--source", url, "--table", "staff=s")
    assert result.exit_code == 2 and "not a database URL" in result.output
    assert "s3cret" not in result.output
    assert ("bob:***" in result.output) == ("bob" in url)  # the user is still named


def test_a_missing_table_or_column_says_how_to_fix_it(database: Path) -> None:
    url = f"duckdb:///{database}"
    missing = run("wres", "--source", url, "--table", "staff=esr")
    assert missing.exit_code == 2
    assert 'no table "esr"' in missing.output and '"hr_staff"' in missing.output
    wrong = run("wres", "--source", url, "--table", "staff=hr_board")
    assert wrong.exit_code == 2 and "no column for pay band" in wrong.output
    mapped = run("wres", "--source", url, "--table", "staff=hr_board", "--map", "Role=pay_band")
    assert "no column for pay band" not in mapped.output


def test_wdes_from_the_tables_is_the_same_as_from_the_files(database: Path) -> None:
    """WDES metrics 1, 2, 3 and 10 from the tables, with the survey file beside them."""
    survey = ("--survey", TRUST / "survey.csv")
    kinds = ("staff", "recruitment", "board", "capability")
    from_db = run("wdes", "--source", f"duckdb:///{database}", *tables(*kinds), *survey, "--json")
    assert from_db.exit_code == 0, from_db.output
    files = [arg for kind in kinds for arg in (f"--{kind}", TRUST / f"{kind}.csv")]
    from_files = run("wdes", *files, *survey, "--json")
    assert from_files.exit_code == 0, from_files.output
    data = json.loads(from_db.stdout)
    assert data == json.loads(from_files.stdout)
    assert {"WDES1", "WDES2", "WDES3", "WDES10"} <= set(data["indicators"])


def test_wdes_refuses_a_capability_file_beside_a_source(database: Path) -> None:
    result = run("wdes", "--source", f"duckdb:///{database}", *tables("staff"),
                 "--capability", TRUST / "staff.csv")  # fmt: skip
    assert result.exit_code == 2
    assert "drop --capability" in result.output


def test_the_board_pack_from_the_tables_holds_the_same_figures(database: Path, tmp_path) -> None:
    from openpyxl import load_workbook

    def cells(path: Path) -> dict[str, list[tuple]]:
        book = load_workbook(path, read_only=True)
        return {s.title: [tuple(r) for r in s.iter_rows(values_only=True)] for s in book}

    from_db = run("report", "--source", f"duckdb:///{database}", *tables(*KINDS),
                  "--out", tmp_path / "db.xlsx")  # fmt: skip
    assert from_db.exit_code == 0, from_db.output
    files = [arg for kind in KINDS for arg in (f"--{kind}", TRUST / f"{kind}.csv")]
    from_files = run("report", *files, "--out", tmp_path / "files.xlsx")
    assert from_files.exit_code == 0, from_files.output
    db, fs = cells(tmp_path / "db.xlsx"), cells(tmp_path / "files.xlsx")
    assert db.keys() == fs.keys()
    for sheet in db:  # the same rows; the order of count rows follows each path's own order
        assert sorted(db[sheet], key=repr) == sorted(fs[sheet], key=repr), sheet
    assert sum(len(rows) for rows in db.values()) > 20  # a pack, not an empty book


def test_wres_from_a_postgresql_database(postgres_server: str) -> None:
    """The same --json from tables in PostgreSQL as from the files (the store's throwaway
    server; skipped with the reason where PostgreSQL is not installed)."""
    import uuid

    import psycopg

    from metrics.query.sources import connect

    name = f"cli_{uuid.uuid4().hex[:10]}"
    plain = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    url = f"{postgres_server}/{name}"
    loader = connect(url).con
    for kind in KINDS:
        frame = pd.read_csv(TRUST / f"{kind}.csv", dtype=str, keep_default_na=False)
        loader.create_table(f"hr_{kind}", frame)
    loader.disconnect()
    from_db = run("wres", "--source", url, *tables(*KINDS), "--json")
    assert from_db.exit_code == 0, from_db.output
    files = [arg for kind in KINDS for arg in (f"--{kind}", TRUST / f"{kind}.csv")]
    from_files = run("wres", *files, "--json")
    assert json.loads(from_db.stdout) == json.loads(from_files.stdout)


def test_the_board_pack_with_the_wdes_from_the_tables(database: Path, tmp_path) -> None:
    """report --with wdes: the WDES sheets hold the same rows as from the files."""
    from openpyxl import load_workbook

    def cells(path: Path) -> dict[str, list]:
        book = load_workbook(path, read_only=True)
        return {s.title: sorted(s.iter_rows(values_only=True), key=repr) for s in book}

    kinds = KINDS  # report takes no capability file, so no capability table either
    from_db = run("report", "--source", f"duckdb:///{database}", *tables(*kinds),
                  "--with", "wdes", "--out", tmp_path / "db.xlsx")  # fmt: skip
    assert from_db.exit_code == 0, from_db.output
    files = [arg for kind in kinds for arg in (f"--{kind}", TRUST / f"{kind}.csv")]
    from_files = run("report", *files, "--with", "wdes", "--out", tmp_path / "files.xlsx")
    assert from_files.exit_code == 0, from_files.output
    db, fs = cells(tmp_path / "db.xlsx"), cells(tmp_path / "files.xlsx")
    assert _medical(fs)  # the medical view's grade and role rows, in the Counts sheet and audit
    assert db == fs
    assert any("WDES" in repr(rows) for rows in db.values())


def _medical(sheets: dict[str, list]) -> list:
    return [row for rows in sheets.values() for row in rows if "MED-" in repr(row)]
