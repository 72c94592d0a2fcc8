"""Tables in your warehouse, on the data page (AppTest): an administrator sets the warehouse with
INCLUSIVEHR_WAREHOUSE_URL (or [warehouse] in the secrets); the page lists its tables, computes
the counts inside it and shows them like a counts return. The address never reaches a page or
the store.

The warehouse is a DuckDB file holding the sample trust's CSVs as text tables (what a warehouse
loaded from the same extracts holds); the file path reading the same CSVs is the oracle."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

SAMPLE_TRUST = Path(__file__).resolve().parents[2] / "sample_data" / "trust"
KINDS = ("staff", "recruitment", "disciplinary", "training", "board", "capability")
TABLES = {"staff": "esr_staff_2025", "recruitment": "trac_applications",
          "disciplinary": "er_disciplinary_cases", "training": "cpd_training",
          "board": "board_members", "capability": "capability_cases"}  # fmt: skip
HARNESS = """
import streamlit as st
from dashboard.views import review, run_data, your_data
{"data": your_data, "run": run_data, "review": review}[st.session_state.get("page", "data")].render()
"""
ORG = "Alderwick Hospitals NHS Trust"


def text_frame(path: Path) -> pd.DataFrame:
    """A CSV's cells as text, blanks as empty text: no type guessing, no cleaning."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory) -> Path:
    """A DuckDB file with the sample trust's row files under warehouse-style names, plus one
    table that is not HR data."""
    import duckdb

    path = tmp_path_factory.mktemp("warehouse") / "workforce.db"
    con = duckdb.connect(str(path))
    for kind, table in TABLES.items():
        frame = text_frame(SAMPLE_TRUST / f"{kind}.csv")  # noqa: F841 - read by DuckDB by name
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM frame')
    con.execute("CREATE TABLE estates_rooms AS SELECT 1 AS room, 'Ward 4' AS name")
    con.close()
    return path


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    """The data page in a fresh session with its own store, and no warehouse set."""
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    monkeypatch.delenv("INCLUSIVEHR_WAREHOUSE_URL", raising=False)
    store.clear()
    yield AppTest.from_string(HARNESS, default_timeout=180)
    store.clear()


def with_warehouse(app: AppTest, monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("INCLUSIVEHR_WAREHOUSE_URL", url)
    app.run()
    assert not app.exception, app.exception
    return app


def shown(at: AppTest) -> str:
    """Every message, heading and label on the page as the reader sees it."""
    parts = [*at.title, *at.subheader, *at.caption, *at.error, *at.warning, *at.info,
             *at.success, *at.text, *at.markdown]  # fmt: skip
    labels = [w.label for w in (*at.selectbox, *at.button, *at.number_input)]
    text = " ".join([*(str(p.value) for p in parts), *labels])
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def in_order(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts as plain objects (missing as None), rows sorted: equal frames mean equal counts."""
    out = counts.copy()
    for col in out.columns:
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out.sort_values(list(out.columns), key=lambda s: s.map(repr)).reset_index(drop=True)


def test_no_warehouse_no_section(app):
    app.run()
    assert not app.exception
    assert "Tables in your warehouse" not in shown(app)
    assert not [b for b in app.button if b.label == "Compute counts in the warehouse"]


def test_the_section_lists_the_tables_and_guesses_each_kind(app, monkeypatch, warehouse_file):
    with_warehouse(app, monkeypatch, f"duckdb:///{warehouse_file}")
    text = shown(app)
    assert "Tables in your warehouse" in text
    assert "the DuckDB database workforce.db" in text
    assert str(warehouse_file.parent) not in text  # the file's folder is not shown
    staff = app.selectbox(key="warehouse_table_staff")
    assert staff.options == ["None", *sorted([*TABLES.values(), "estates_rooms"])]
    # each kind starts on the table whose name says it; no table is taken for two kinds
    assert {k: app.selectbox(key=f"warehouse_table_{k}").value for k in KINDS} == TABLES


def file_path_counts() -> pd.DataFrame:
    """The counts the file path gives for the same CSVs, read as an upload reads them (the
    medical view's grade and role rows included)."""
    from metrics.inputs.pipeline import Sources, load

    result = load(
        Sources(
            files={k: SAMPLE_TRUST / f"{k}.csv" for k in KINDS}, purpose="all", organisation=ORG
        )
    )
    assert not result.errors
    return result.counts


def compute(app: AppTest) -> AppTest:
    click(app, "Compute counts in the warehouse")
    assert not app.exception, app.exception
    return app


def test_computing_gives_the_file_paths_counts_and_the_pages_show_them(
    app, monkeypatch, warehouse_file
):
    with_warehouse(app, monkeypatch, f"duckdb:///{warehouse_file}")
    app.text_input(key="org_name").set_value(ORG).run()
    compute(app)
    assert not app.error, [e.value for e in app.error]
    assert "Counted in the warehouse" in shown(app)
    data = app.session_state["inclusivehr_dataset"]
    assert data.staff is None and data.inputs is None  # counts only: no row-level data
    pd.testing.assert_frame_equal(in_order(data.counts), in_order(file_path_counts()))
    assert "Showing: Your data:" in shown(app) and "workforce.db" in shown(app)


def test_the_review_page_shows_the_warehouse_figures(app, monkeypatch, warehouse_file):
    with_warehouse(app, monkeypatch, f"duckdb:///{warehouse_file}")
    app.text_input(key="org_name").set_value(ORG).run()
    compute(app)
    # WRES2 for 2025 worked out by hand from the file path's counts: the likelihood of a
    # shortlisted White applicant being appointed over a shortlisted BME applicant's
    counts = file_path_counts()
    rows = counts[(counts["indicator"] == "WRES2").to_numpy() & (counts["year"] == 2025).to_numpy()]
    summed = rows.groupby("group")[["numerator", "denominator"]].sum()
    white = summed.loc["White", "numerator"] / summed.loc["White", "denominator"]
    bme = summed.loc["BME", "numerator"] / summed.loc["BME", "denominator"]
    app.session_state["page"] = "review"
    app.run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value
    shown_value = table.loc[table["Indicator"] == "WRES2", "Value"].item()
    assert shown_value == f"{white / bme:.2f}"
    assert float(shown_value) > 1  # the sample's White applicants are the likelier: not a tie
    assert table.loc[table["Indicator"] == "WRES1", "Value"].item() != "no data"


def test_step_1_says_plainly_that_the_warehouse_gave_counts_only(app, monkeypatch,
                                                                 warehouse_file):  # fmt: skip
    with_warehouse(app, monkeypatch, f"duckdb:///{warehouse_file}")
    compute(app)
    app.session_state["page"] = "run"
    app.run()
    assert not app.exception, app.exception
    assert "This data came as counts" in shown(app)
    staff = text_frame(SAMPLE_TRUST / "staff.csv")
    # people counted once, left out only when every assignment of theirs is bank
    in_post = staff[(staff["Year"] == "2025") & (staff["Assignment Category"] != "Bank")]
    assert int(app.metric[0].value.replace(",", "")) == in_post["Employee Number"].nunique()


def test_the_warehouse_may_be_set_in_the_secrets_and_the_environment_wins(
    app, monkeypatch, warehouse_file
):
    app.secrets["warehouse"] = {"url": f"duckdb:///{warehouse_file}"}
    app.run()
    assert not app.exception
    assert "the DuckDB database workforce.db" in shown(app)
    assert app.selectbox(key="warehouse_table_staff").value == TABLES["staff"]
    other = warehouse_file.parent / "other.db"
    import duckdb

    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE people AS SELECT 1 AS id")
    con.close()
    with_warehouse(app, monkeypatch, f"duckdb:///{other}")
    assert "the DuckDB database other.db" in shown(app)
    assert app.selectbox(key="warehouse_table_staff").options == ["None", "people"]


PASSWORD = "S3cret-pw_42"
BAD_URLS = {
    "an engine the tool cannot read": f"mssql://hr_admin:{PASSWORD}@warehouse.trust.nhs.uk/hr",
    "a server that cannot be reached": f"postgresql://hr_admin:{PASSWORD}@nohost.invalid:1/hr",
    "no such DuckDB file": "duckdb:///no/such/folder/workforce.db",
}


@pytest.mark.parametrize("why", BAD_URLS)
def test_a_bad_warehouse_setting_is_an_error_panel_without_the_address(
    app, monkeypatch, why, tmp_path
):
    url = BAD_URLS[why]
    with_warehouse(app, monkeypatch, url)
    assert "Tables in your warehouse" in shown(app)  # the section says what is wrong
    assert app.error, why
    assert app.error[0].value.startswith("The warehouse could not be used")
    assert any(c.value.startswith("How to fix it") for c in app.caption)
    text = shown(app)
    assert PASSWORD not in text and url not in text
    assert "hr_admin:" not in text
    assert not [b for b in app.button if b.label == "Compute counts in the warehouse"]
    store = tmp_path / "test.db"
    dump = "\n".join(sqlite3.connect(store).iterdump()) if store.exists() else ""
    assert PASSWORD not in dump and "hr_admin" not in dump


def test_a_table_without_staff_columns_is_refused_with_a_hint(app, monkeypatch, warehouse_file):
    with_warehouse(app, monkeypatch, f"duckdb:///{warehouse_file}")
    app.selectbox(key="warehouse_table_staff").set_value("estates_rooms").run()
    compute(app)
    assert app.error
    assert "estates_rooms" in shown(app)  # the table the person chose is named
    assert any(c.value.startswith("How to fix it") for c in app.caption)
    assert app.session_state["inclusivehr_dataset"].is_sample  # nothing half-loaded


def test_an_engine_failure_mid_count_is_a_plain_error(app, monkeypatch, warehouse_file):
    """Anything but the tool's own refusals (a dropped connection, a driver error) is said in
    general words: its text may quote the address or a row."""
    import metrics.query.counts

    url = f"duckdb:///{warehouse_file}"

    def broken(*args, **kwargs):
        raise RuntimeError(f"connection to {url} (password={PASSWORD}) reset by peer")

    monkeypatch.setattr(metrics.query.counts, "counts_from", broken)
    with_warehouse(app, monkeypatch, url)
    compute(app)
    assert app.error
    text = shown(app)
    assert "could not be reached or did not answer" in text
    assert PASSWORD not in text and str(warehouse_file) not in text


def test_a_missing_table_is_refused_without_the_address():
    """A table gone since the list was made: the refusal names it and the tables there are,
    in the app's words, with the address (and its password) taken out."""
    from dashboard.warehouse import Warehouse, WarehouseError, compute_counts

    warehouse = Warehouse("duckdb://")  # an empty in-memory database
    with pytest.raises(WarehouseError) as refused:
        compute_counts(warehouse, {"staff": "esr_gone"}, year=None, organisation=None)
    assert 'no table "esr_gone"' in refused.value.message
    assert "duckdb://" not in refused.value.message
    assert "--table" not in refused.value.hint and "Choose" in refused.value.hint


def test_the_shown_name_and_the_cleaning_of_messages():
    from dashboard.warehouse import HIDDEN, Warehouse

    pg = Warehouse(f"postgresql+psycopg://hr_admin:{PASSWORD}@db.trust.nhs.uk:5432/workforce")
    assert pg.shown == "the PostgreSQL database workforce"
    assert PASSWORD not in repr(pg)
    said = pg.clean(f"failed for {pg.url}; also postgresql+psycopg://hr_admin:***@db.trust.nhs.uk"
                    f":5432/workforce and {PASSWORD} alone")  # fmt: skip
    assert said == f"failed for {HIDDEN}; also {HIDDEN} and *** alone"
    encoded = Warehouse("postgresql://me:p%40ss%2Fword@host/db")
    assert encoded.clean("bad p@ss/word and p%40ss%2Fword") == "bad *** and ***"
    assert Warehouse("duckdb:////srv/data/hr.db").shown == "the DuckDB database hr.db"
    assert Warehouse("spark://local[2]").shown == "the Spark database local[2]"


def test_the_store_keeps_the_counts_and_table_names_never_the_address(
    app, monkeypatch, warehouse_file, tmp_path
):
    url = f"duckdb:///{warehouse_file}"
    with_warehouse(app, monkeypatch, url)
    app.text_input(key="org_name").set_value(ORG).run()
    compute(app)
    computed = app.session_state["inclusivehr_dataset"].counts
    assert app.query_params["org"] == ORG
    # a reload: a new session whose address names the workspace gets the counts back
    reload = AppTest.from_string(
        "from dashboard.workspace import restore_loaded\nrestore_loaded()\n" + HARNESS,
        default_timeout=180,
    )
    reload.query_params["org"] = ORG
    reload.session_state["page"] = "review"
    reload.run()
    assert not reload.exception, reload.exception
    data = reload.session_state["inclusivehr_dataset"]
    assert data.restored_at is not None and data.staff is None
    pd.testing.assert_frame_equal(in_order(data.counts), in_order(computed))
    # the tables chosen are remembered for the organisation: a new session offers them again,
    # even where the names would not guess them
    reload.session_state["page"] = "data"
    reload.run()
    assert reload.selectbox(key="warehouse_table_staff").value == TABLES["staff"]
    # nothing in the store names the address or the folder the file is in
    dump = "\n".join(sqlite3.connect(tmp_path / "test.db").iterdump())
    assert "esr_staff_2025" in dump  # the dump is the store's own contents, table names kept
    assert "duckdb:" not in dump and str(warehouse_file.parent) not in dump


@pytest.fixture(scope="module")
def postgres_warehouse(postgres_server) -> str:
    """A PostgreSQL database holding the sample trust's row files under the same names; its
    URL with a password in it (the throwaway server trusts local connections, so any password
    passes: what matters here is that it is never shown)."""
    import uuid

    import psycopg

    from metrics.query.sources import connect

    name = f"warehouse_{uuid.uuid4().hex[:10]}"
    plain = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    loader = connect(f"{postgres_server}/{name}").con
    for kind, table in TABLES.items():
        loader.create_table(table, text_frame(SAMPLE_TRUST / f"{kind}.csv"))
    loader.disconnect()
    return f"{plain.replace('postgres@', f'postgres:{PASSWORD}@')}/{name}"


def test_a_postgresql_warehouse_with_a_password_computes_and_never_shows_it(
    app, monkeypatch, postgres_warehouse, tmp_path
):
    assert PASSWORD in postgres_warehouse
    with_warehouse(app, monkeypatch, postgres_warehouse)
    database = postgres_warehouse.rsplit("/", 1)[1]
    assert f"the PostgreSQL database {database}" in shown(app)
    app.text_input(key="org_name").set_value(ORG).run()
    compute(app)
    assert not app.error, [e.value for e in app.error]
    data = app.session_state["inclusivehr_dataset"]
    pd.testing.assert_frame_equal(in_order(data.counts), in_order(file_path_counts()))
    assert PASSWORD not in shown(app) and "127.0.0.1" not in shown(app)
    dump = "\n".join(sqlite3.connect(tmp_path / "test.db").iterdump())
    assert PASSWORD not in dump and "postgresql:" not in dump
