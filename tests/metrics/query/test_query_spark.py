"""Counts computed inside Spark (local mode) equal the file path's counts cell for cell, and only
counts and distinct labels come back from it. Skipped, with the reason, where pyspark or Java is
missing (pip install -e '.[spark]' and a Java 17+ runtime make them run)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from query_tables import (
    SAMPLE_TRUST,
    TABLE_KINDS,
    TITLE_NAME,
    assert_no_row_per_person,
    capture_results,
    duckdb_with,
    in_order,
    sample_tables,
    text_frame,
)
from test_query_equality import _outcome as outcome
from test_query_equality import event_rows, recruitment_rows, staff_rows
from test_query_event_people import matched_tables
from test_query_labels_as_stored import KINDS as LABELLED_KINDS
from test_query_labels_as_stored import two_trusts

from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.query import counts as counts_mod
from metrics.query import labels as labels_mod
from metrics.query.counts import counts_from
from metrics.query.sources import connect
from metrics.query.spark import master_of

# pyspark 4.0 passes pandas 3 a keyword it deprecates: nothing for this project to act on
pytestmark = pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")


def _why_not_spark() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which("java") and not (java_home and Path(java_home, "bin", "java").exists()):
        return "no Java runtime for Spark (install Java 17 or later)"
    return None


@pytest.fixture(scope="module")
def spark():
    """One local Spark session for the module (one core: the machine is shared), started
    through the same URL a user gives."""
    reason = _why_not_spark()
    if reason:
        pytest.skip(reason)
    engine = connect("spark://local[1]")
    yield engine.session
    engine.session.stop()


def engine_with(session, tables: dict[str, pd.DataFrame]):
    """An Engine on the session with these frames as temporary views (text columns, as a
    table loaded from the extract holds them)."""
    from metrics.query.spark import from_session

    for name, frame in tables.items():
        session.createDataFrame(frame.astype(str)).createOrReplaceTempView(name)
    return from_session(session, url="spark://local[1]")


def file_counts(files: dict[str, Path], **kwargs) -> pd.DataFrame:
    result = load(Sources(files=files), **kwargs)
    assert not result.errors, [p.sentence() for p in result.errors[:3]]
    return result.counts


# --- the URL --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "master"),
    [
        ("spark://local", "local"),
        ("spark://local[2]", "local[2]"),
        ("spark://local[*]/", "local[*]"),
        ("spark://spark-master.nhs.internal:7077", "spark://spark-master.nhs.internal:7077"),
        ("spark://a:7077,b:7077", "spark://a:7077,b:7077"),  # standalone masters with failover
    ],
)
def test_a_spark_url_names_its_master(url: str, master: str) -> None:
    assert master_of(url) == master


@pytest.mark.parametrize("url", ["spark://", "spark://local[two]", "spark://host", "spark://a b:1"])
def test_a_spark_url_without_a_master_is_refused(url: str) -> None:
    with pytest.raises(InputError) as refused:
        connect(url)
    problem = refused.value.problems[0]
    assert "does not name a Spark master" in problem.message
    assert "spark://local" in problem.hint


def test_without_pyspark_a_spark_url_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # import pyspark.sql fails
    with pytest.raises(InputError) as refused:
        connect("spark://local")
    problem = refused.value.problems[0]
    assert "needs pyspark, which is not installed" in problem.message
    assert "inclusivehr[spark]" in problem.hint


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed")
def test_without_java_the_command_says_so(tmp_path: Path) -> None:
    """A fresh process (this one's Spark is running) whose JAVA_HOME points nowhere."""
    import subprocess

    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-java")}
    command = [sys.executable, "-m", "dashboard.cli", "wres", "--source", "spark://local",
               "--table", "staff=esr"]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "could not start Spark for 'spark://local'" in done.stderr
    assert "Java 17 or later" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_engine_closed_leaves_none_of_its_views(spark) -> None:
    def views() -> set[str]:
        return {t.name for t in spark.catalog.listTables() if t.isTemporary}

    engine = engine_with(spark, {"few": pd.DataFrame({"a": ["1", "2"]})})
    before = views()
    table = engine.table("few", "staff")
    engine.keep(table.filter(table["a"] == "1"))
    made = views() - before
    assert len(made) == 2  # the table with its row order, and the kept result
    assert all(name.startswith("inclusivehr_spark_") for name in made)
    assert not set(engine.names()) & made  # never offered as a table to read
    engine.close()
    assert views() == before
    assert "few" in views()


# --- counts ---------------------------------------------------------------------------------


def test_messy_esr_extract_counts_are_identical(spark) -> None:
    """The messy extract as a warehouse holds it: what is below its title rows, padded column
    names and all; its year (2025, from the file's title row) given as the reporting year and the trust its
    first row names as the organisation."""
    path = SAMPLE_TRUST / "esr_extract_messy.csv"
    frame = text_frame(path, skiprows=3, encoding="cp1252")
    from_engine = counts_from(
        engine_with(spark, {"esr": frame}), {"staff": "esr"}, year=2025, organisation=TITLE_NAME
    )
    from_files = file_counts({"staff": path})
    assert set(from_files["year"].dropna()) == {2025}
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(from_files))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(staff=staff_rows(), recruitment=recruitment_rows(), disciplinary=event_rows())
def test_random_tables_give_identical_counts(
    spark, tmp_path: Path, staff: pd.DataFrame, recruitment, disciplinary
) -> None:
    """Tables from the DuckDB equality test's strategies (people with several assignments,
    padded and blank employee numbers, bank, odd labels, blank years): both paths give equal
    counts or both refuse. Few examples: each costs Spark a few seconds."""
    frames = {"staff": staff, "recruitment": recruitment, "disciplinary": disciplinary}
    files = {}
    for kind, frame in frames.items():
        files[kind] = tmp_path / f"{kind}.csv"
        frame.to_csv(files[kind], index=False)

    def from_files():
        result = load(Sources(files=files))
        if result.errors:
            raise InputError(result.errors)
        return result.counts

    named = {kind: f"random_{kind}" for kind in frames}
    engine = engine_with(spark, {named[k]: frame for k, frame in frames.items()})
    kind_a, a = outcome(lambda: counts_from(engine, named).counts)
    kind_b, b = outcome(from_files)
    assert kind_a == kind_b, (a, b)
    if kind_a == "counts":
        pd.testing.assert_frame_equal(in_order(a), in_order(b))


def test_files_read_by_spark_itself_give_the_same_counts(spark) -> None:
    """`csv:PATH` names a file Spark reads where it runs (every column as text)."""
    engine = engine_with(spark, {})
    named = {"staff": f"csv:{SAMPLE_TRUST / 'staff.csv'}"}
    from_engine = counts_from(engine, named)
    from_files = file_counts({kind: SAMPLE_TRUST / f"{kind}.csv" for kind in named})
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(from_files))


def test_parquet_files_give_the_same_counts(spark, tmp_path: Path) -> None:
    """`parquet:PATH` names a Parquet file (or folder of parts) Spark reads where it runs."""
    staff = sample_tables()["staff"].head(300)
    staff.to_parquet(tmp_path / "staff.parquet")
    staff.to_csv(tmp_path / "staff.csv", index=False)
    named = {"staff": f"parquet:{tmp_path / 'staff.parquet'}"}
    from_engine = counts_from(engine_with(spark, {}), named)
    from_files = file_counts({"staff": tmp_path / "staff.csv"})
    assert len(from_files) > 20
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(from_files))


@pytest.mark.parametrize("first", ["Band 6", "Band 2"])
def test_first_row_wins_between_equal_assignments(spark, tmp_path: Path, first: str) -> None:
    """Person 1 holds two substantive assignments of equal hours: the first row's band counts,
    as in the file path (Spark has no rowid; the order it read the rows in stands for it).
    Run with the two rows both ways round, so no tie-break by value can pass.
    Worked by hand: person 2 (BME) is in Band 6, person 3 (BME) in Band 3; person 1 (White)
    in the first row's band. Each cell: the group's people in the band / the band's people."""
    second = "Band 2" if first == "Band 6" else "Band 6"
    staff = pd.DataFrame(
        {
            "Employee Number": ["1", "3", "1", "2"],
            "Assignment Number": ["1-1", "3-1", "1-2", "2-1"],
            "Ethnicity": ["A", "H", "A", "N"],
            "Pay Band": [first, "Band 3", second, "Band 6"],
            "FTE": ["1", "1", "1", "1"],
            "Year": ["2025"] * 4,
        }
    )
    counted = counts_from(engine_with(spark, {"ties": staff}), {"staff": "ties"}).counts
    cells = {(r.band, r.group): (r.numerator, r.denominator) for r in counted.itertuples()}
    expected = {
        "Band 6": {("Band 6", "White"): (1, 2), ("Band 6", "BME"): (1, 2),
                   ("Band 3", "BME"): (1, 1)},
        "Band 2": {("Band 2", "White"): (1, 1), ("Band 6", "BME"): (1, 1),
                   ("Band 3", "BME"): (1, 1)},
    }  # fmt: skip
    assert cells == expected[first]
    staff.to_csv(tmp_path / "ties.csv", index=False)  # the file path agrees
    pd.testing.assert_frame_equal(
        in_order(counted), in_order(file_counts({"staff": tmp_path / "ties.csv"}))
    )


def test_a_label_table_with_a_blank_keeps_its_numbers(spark) -> None:
    """A year label table with a blank label (pandas holds 2024 as 2024.0 beside a missing
    value): Spark must get 2024, not NULL (Ibis 12 as shipped loses every such year)."""
    import ibis

    labels = pd.DataFrame({"label": ["2024", "", "x"], "year": [2024, None, None]})
    table = ibis.memtable(labels, schema=ibis.schema({"label": "string", "year": "int64"}))
    got = engine_with(spark, {}).fetch(table.order_by("label"))
    assert got["label"].tolist() == ["", "2024", "x"]
    assert [None if pd.isna(y) else int(y) for y in got["year"]] == [None, 2024, None]


def test_a_session_made_by_the_caller_is_used_as_it_is(spark) -> None:
    from metrics.query.spark import from_session

    before = spark.conf.get("spark.sql.shuffle.partitions")
    engine = from_session(spark)
    assert engine.session is spark
    assert spark.conf.get("spark.sql.shuffle.partitions") == before


# --- the national shortcuts (each person's records as distinct rows; labels as stored) ------


def _named(prefix: str, tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    return {kind: f"{prefix}_{kind}" for kind in tables}


def test_matched_records_as_distinct_rows_count_as_the_first_record_rule(
    spark, monkeypatch
) -> None:
    """Every training and disciplinary record matched its person's staff row: Spark takes the
    records' distinct rows (no window) and counts what its window path and DuckDB count."""
    tables = matched_tables()
    named = _named("matched", tables)
    engine = engine_with(spark, {named[k]: frame for k, frame in tables.items()})
    real = counts_mod.distinct_people

    def run(shortcut: bool):
        seen: list[bool] = []

        def spy(engine, events, notes, label, *, by_person=False):
            seen.append(by_person)
            return real(engine, events, notes, label, by_person=by_person and shortcut)

        monkeypatch.setattr(counts_mod, "distinct_people", spy)
        monkeypatch.setattr(counts_mod, "people_counts", lambda *args, **kwargs: None)
        got = counts_from(engine, named)
        monkeypatch.undo()
        return got, seen

    fast, seen = run(shortcut=True)
    assert seen == [True, True], "every record matched: both tables take the distinct rows"
    window, _ = run(shortcut=False)
    on_duckdb = counts_from(duckdb_with(tables), {k: k for k in tables})
    assert set(fast.counts["indicator"]) >= {"WRES3", "WRES4"}
    pd.testing.assert_frame_equal(in_order(fast.counts), in_order(window.counts))
    pd.testing.assert_frame_equal(in_order(fast.counts), in_order(on_duckdb.counts))
    assert fast.notes == window.notes == on_duckdb.notes


def test_labels_as_stored_count_as_labels_read(spark, monkeypatch) -> None:
    """Two trusts' tables with labels as reading gives them (no label table joined on Spark)
    and padded, with '2023/24' years (read through the label tables): equal counts, equal to
    DuckDB's."""
    joined: list[str] = []
    real = labels_mod.attach

    def spy(engine, raw, table, field, *args, **kwargs):
        joined.append(field)
        return real(engine, raw, table, field, *args, **kwargs)

    def on_spark(pad: bool):
        tables = two_trusts(pad=pad)
        named = _named("padded" if pad else "stored", tables)
        engine = engine_with(spark, {named[k]: frame for k, frame in tables.items()})
        return counts_from(engine, named)

    monkeypatch.setattr(labels_mod, "attach", spy)
    stored = on_spark(pad=False)
    assert not {"organisation", "year", "directorate"} & set(joined), "taken as stored"
    joined.clear()
    padded = on_spark(pad=True)
    assert {"organisation", "year"} <= set(joined), "padded labels are read"
    monkeypatch.undo()
    tables = two_trusts(pad=False)
    on_duckdb = counts_from(duckdb_with(tables), {k: k for k in LABELLED_KINDS})
    pd.testing.assert_frame_equal(in_order(stored.counts), in_order(padded.counts))
    pd.testing.assert_frame_equal(in_order(stored.counts), in_order(on_duckdb.counts))
    assert set(stored.counts["organisation"]) == {"Northbrook Valley", "Southmoor"}
    assert set(stored.counts["year"]) == {2024, 2025}


# --- the sample trust, and what came back from Spark for it ----------------------------------


def _capture(patch: pytest.MonkeyPatch, seen: list[pd.DataFrame]) -> None:
    """Every result the pyspark backend hands back, whichever method asked for it, into seen."""
    from ibis.backends.pyspark import Backend

    capture_results(patch, Backend, seen)


@pytest.fixture(scope="module")
def sample_run(spark):
    """The sample trust's five tables counted once in Spark, with every result set fetched."""
    seen: list[pd.DataFrame] = []
    with pytest.MonkeyPatch.context() as patch:
        _capture(patch, seen)
        result = counts_from(engine_with(spark, sample_tables()), {k: k for k in TABLE_KINDS})
    return result, seen


@pytest.fixture
def fetched(spark) -> list[pd.DataFrame]:
    seen: list[pd.DataFrame] = []
    with pytest.MonkeyPatch.context() as patch:
        _capture(patch, seen)
        yield seen


def test_sample_trust_counts_are_identical(sample_run) -> None:
    from_engine, _ = sample_run
    files = {kind: SAMPLE_TRUST / f"{kind}.csv" for kind in TABLE_KINDS}
    from_files = load(Sources(files=files))
    assert not from_files.errors
    assert {"WRES1", "WRES2", "WRES3", "WRES4", "WRES9"} <= set(from_engine.counts["indicator"])
    assert len(from_engine.counts) > 1000  # every band x unit x year, not a token few rows
    pd.testing.assert_frame_equal(in_order(from_engine.counts), in_order(from_files.counts))
    assert sorted(from_engine.notes) == sorted(from_files.notes)


def test_no_result_set_holds_a_row_per_person(sample_run) -> None:
    _, fetched = sample_run
    assert_no_row_per_person(fetched, sample_tables(), at_least=10)


def test_the_capture_would_see_rows_if_any_came_back(spark, fetched) -> None:
    staff = sample_tables()["staff"]
    engine = engine_with(spark, {"staff": staff})
    engine.fetch(engine.table("staff", "staff"))
    assert len(fetched[-1]) == len(staff)
    assert set(fetched[-1]["Employee Number"]) & set(staff["Employee Number"])


# --- mistakes -------------------------------------------------------------------------------


def test_a_missing_table_names_the_tables_there_are(spark) -> None:
    engine = engine_with(spark, {"esr_2025": sample_tables()["staff"]})
    with pytest.raises(InputError) as refused:
        counts_from(engine, {"staff": "esr_2052"})
    problem = refused.value.problems[0]
    assert 'no table "esr_2052" for the staff rows' in problem.message
    assert '"esr_2025"' in problem.message
    assert "inclusivehr_" not in problem.message  # the engine's own views are not offered
    assert "csv:/path/file.csv" in problem.hint


def test_a_missing_file_is_a_message(spark, tmp_path: Path) -> None:
    with pytest.raises(InputError) as refused:
        counts_from(engine_with(spark, {}), {"staff": f"csv:{tmp_path / 'none.csv'}"})
    problem = refused.value.problems[0]
    assert "Spark could not read the staff rows from" in problem.message
    assert "none.csv" in problem.message


# --- the command line -------------------------------------------------------------------------


def test_the_command_gives_the_same_json_as_from_the_files(spark) -> None:
    def run(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    from dashboard.cli import main

    kinds = ("staff", "disciplinary")
    named = [a for k in kinds for a in ("--table", f"{k}=csv:{SAMPLE_TRUST / f'{k}.csv'}")]
    from_spark = run("wres", "--source", "spark://local[1]", *named, "--json")
    assert from_spark.exit_code == 0, from_spark.output
    from_files = run("wres", *[a for k in kinds for a in (f"--{k}", SAMPLE_TRUST / f"{k}.csv")],
                     "--json")  # fmt: skip
    assert from_files.exit_code == 0, from_files.output
    assert json.loads(from_spark.stdout) == json.loads(from_files.stdout)
    assert "WRES3" in json.loads(from_spark.stdout)["indicators"]
