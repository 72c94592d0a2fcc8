"""Tables in your warehouse (AppTest), continued: the staff survey table, a column the tool does
not recognise asked for as on the file path (and remembered per kind), and the sidebar notice
saying the counts were computed in the warehouse.

The warehouse is a DuckDB file holding the sample trust's CSVs as text tables; the file path
reading the same CSVs is the oracle."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_app_warehouse import (
    HARNESS,
    ORG,
    SAMPLE_TRUST,
    TABLES,
    compute,
    in_order,
    shown,
    text_frame,
    with_warehouse,
)

SURVEY = "staff_survey_results"  # "staff" in its name: it must not be taken for the staff
RENAMED = "z_people_renamed"  # the staff rows with the pay band column named oddly
ODD = "EO_CAT_X"
KINDS = (*TABLES, "survey")
NOTICE = HARNESS + "\nfrom dashboard.state import current\nfrom dashboard.views.common " \
    "import data_notice\ndata_notice(current())\n"  # fmt: skip


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory) -> Path:
    import duckdb

    path = tmp_path_factory.mktemp("warehouse") / "workforce.db"
    con = duckdb.connect(str(path))
    frames = {table: text_frame(SAMPLE_TRUST / f"{kind}.csv") for kind, table in TABLES.items()}
    frames[SURVEY] = text_frame(SAMPLE_TRUST / "survey.csv")
    frames[RENAMED] = frames[TABLES["staff"]].rename(columns={"Pay Band": ODD})
    for table, frame in frames.items():  # noqa: B007 - frame is read by DuckDB by name
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM frame')
    con.close()
    return path


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    monkeypatch.setenv("INCLUSIVEHR_WAREHOUSE_URL", "")
    yield AppTest.from_string(NOTICE, default_timeout=180)
    store.clear()


def file_path_counts(*kinds: str) -> pd.DataFrame:
    from metrics.inputs.pipeline import Sources, load

    files = {k: SAMPLE_TRUST / f"{k}.csv" for k in kinds}
    result = load(Sources(files=files, purpose="all", organisation=ORG))
    assert not result.errors
    return result.counts


def test_the_survey_table_gives_the_survey_indicators(app, monkeypatch, warehouse_file):
    with_warehouse(app, monkeypatch, f"duckdb:///{warehouse_file}")
    chosen = {k: app.selectbox(key=f"warehouse_table_{k}").value for k in KINDS}
    assert chosen == {**TABLES, "survey": SURVEY}  # each starts on the table its name says
    app.text_input(key="org_name").set_value(ORG).run()
    compute(app)
    assert not app.error, [e.value for e in app.error]
    counts = app.session_state["inclusivehr_dataset"].counts
    pd.testing.assert_frame_equal(in_order(counts), in_order(file_path_counts(*KINDS)))
    survey = text_frame(SAMPLE_TRUST / "survey.csv")
    wanted = {i for i in survey["Indicator"] if i.startswith(("WRES", "WDES"))}
    assert {"WRES5", "WRES6", "WRES7", "WRES8"} <= wanted <= set(counts["indicator"])
    # WRES5's BME row for all staff, read straight from the CSV: the WRES for year Y uses the
    # survey run in Y-1, and its staff groups add up to the whole
    whole = survey[(survey["Indicator"] == "WRES5") & (survey["Ethnic Group"] == "BME")
                   & (survey["Staff Group"] == "")].iloc[0]  # fmt: skip
    got = counts[(counts["indicator"] == "WRES5") & (counts["group"] == "BME")]
    got = got[got["year"] == int(whole["Survey Year"]) + 1]
    assert len(got) == 2  # medical and dental staff, and the rest
    assert (got["numerator"].sum(), got["denominator"].sum()) == (
        int(whole["Yes"]), int(whole["Respondents"]))  # fmt: skip


def test_a_staff_table_chosen_as_the_survey_is_refused_unread(app, monkeypatch, warehouse_file):
    with_warehouse(app, monkeypatch, f"duckdb:///{warehouse_file}")
    app.selectbox(key="warehouse_table_survey").set_value(TABLES["recruitment"]).run()
    compute(app)
    assert app.error
    assert TABLES["recruitment"] in shown(app)
    assert app.session_state["inclusivehr_dataset"].is_sample  # nothing half-loaded


def test_an_unknown_column_is_asked_for_and_remembered_per_kind(
    app, monkeypatch, warehouse_file, tmp_path
):
    with_warehouse(app, monkeypatch, f"duckdb:///{warehouse_file}")
    app.text_input(key="org_name").set_value(ORG).run()
    app.selectbox(key="warehouse_table_staff").set_value(RENAMED).run()
    app.selectbox(key="warehouse_table_survey").set_value("none").run()
    compute(app)
    assert app.error and "pay band" in app.error[0].value
    step = app.selectbox(key="warehouse_map_staff_pay_band")
    assert ODD in step.options and step.label == "Which column holds the pay band?"
    step.select(ODD).run()  # the counts are computed again with the match
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    counts = app.session_state["inclusivehr_dataset"].counts
    pd.testing.assert_frame_equal(in_order(counts), in_order(file_path_counts(*TABLES)))
    # remembered for the workspace's staff rows, as a file's match is: column names only
    dump = "\n".join(sqlite3.connect(tmp_path / "test.db").iterdump())
    staff = text_frame(SAMPLE_TRUST / "staff.csv")
    assert ODD in dump and not any(n in dump for n in staff["Employee Number"].head(50))
    # a new session: the remembered match is used without asking
    again = AppTest.from_string(NOTICE, default_timeout=180)
    again.run()
    again.text_input(key="org_name").set_value(ORG).run()
    again.selectbox(key="warehouse_table_staff").set_value(RENAMED).run()
    again.selectbox(key="warehouse_table_survey").set_value("none").run()
    compute(again)
    assert not again.error, [e.value for e in again.error]
    got = again.session_state["inclusivehr_dataset"].counts
    pd.testing.assert_frame_equal(in_order(got), in_order(counts))


def test_the_notice_says_the_counts_came_from_the_warehouse(app, monkeypatch, warehouse_file):
    with_warehouse(app, monkeypatch, f"duckdb:///{warehouse_file}")
    assert "Everyone here is fictional" in shown(app)  # the sample, before
    compute(app)
    assert app.session_state["inclusivehr_dataset"].source == "warehouse"
    text = shown(app)
    assert "Counted in your organisation's warehouse" in text and "no row was copied" in text
    assert "Your files stay in this browser tab" not in text
