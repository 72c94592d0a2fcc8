"""Use your own data, driven with Streamlit's AppTest: upload, map a column, bad files.

One script holds the data page and step 1, switched through session state, so a test can
upload on one page and find the figures on the other within the same session."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.state import SAMPLE_ORGANISATION

HARNESS = """
import streamlit as st
from dashboard.views import run_data, your_data
{"data": your_data, "run": run_data}[st.session_state.get("page", "data")].render()
"""

ETHNICITIES = ["A White - British", "N Black or Black British - African", "Z Not Stated",
               "H Asian or Asian British - Indian", "C White - Any other White background"]  # fmt: skip


def staff_csv(header: str, rows: int) -> bytes:
    """`rows` staff, ethnicity cycling through ETHNICITIES: for 10 rows, 2 of each."""
    lines = [header]
    for i in range(rows):
        lines.append(f"{1000 + i},{ETHNICITIES[i % 5]},Band {5 + i % 3},"
                     f"Nursing and Midwifery Registered,Surgery")  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


STANDARD = "Employee Number,Ethnic Origin,Pay Band,Staff Group,Directorate"
HERITAGE = "Employee Number,Heritage,Pay Band,Staff Group,Directorate"


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    """The data page in a fresh session, with its own database file."""
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    at = AppTest.from_string(HARNESS, default_timeout=90).run()
    assert not at.exception
    yield at
    store.clear()


def one_file_per_kind(at: AppTest) -> AppTest:
    return at.radio(key="upload_how").set_value("One file per kind").run()


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def headcount_on_step_1(at: AppTest) -> int:
    at.session_state["page"] = "run"
    at.run()
    assert not at.exception
    assert at.title[0].value == "1. Run the data"
    return int(at.metric[0].value.replace(",", ""))


def test_the_sample_is_shown_until_a_file_is_loaded(app):
    assert headcount_on_step_1(app) > 7000
    assert SAMPLE_ORGANISATION in app.caption[0].value or "Sample" in app.caption[0].value


def test_an_uploaded_staff_file_replaces_the_sample(app):
    one_file_per_kind(app)
    app.text_input(key="org_name").input("Eastbrook Community NHS Trust")
    app.file_uploader(key="up_staff").upload("staff.csv", staff_csv(STANDARD, 10), "text/csv")
    click(app.run(), "Load")
    assert not app.exception
    assert any("Loaded" in s.value for s in app.success)
    # 10 staff, 2 not stated: 8 declared, of whom 4 White (A, C) and 4 BME (N, H)
    assert headcount_on_step_1(app) == 10
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["BME share"] == "40.0%"  # 4 of 10, Unknown in the denominator as in WRES1
    assert metrics["Ethnicity declared"] == "80.0%"


def test_an_unrecognised_column_is_mapped_and_then_loads(app):
    one_file_per_kind(app)
    app.file_uploader(key="up_staff").upload("heritage.csv", staff_csv(HERITAGE, 10), "text/csv")
    click(app.run(), "Load")
    assert not app.exception
    assert "could not be used" in app.error[0].value
    assert "ethnicity" in app.error[0].value.lower()
    picker = app.selectbox(key="map_staff_ethnicity")
    assert picker.label == "Which column holds the ethnicity?"
    assert "Heritage" in picker.options
    picker.select("Heritage").run()
    assert not app.exception
    assert any("Heritage → ethnicity" in c.value for c in app.caption)
    click(app, "Load")
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    assert headcount_on_step_1(app) == 10


def test_a_refusal_stays_on_screen_after_other_widgets_rerun(app):
    one_file_per_kind(app)
    app.file_uploader(key="up_staff").upload("heritage.csv", staff_csv(HERITAGE, 4), "text/csv")
    click(app.run(), "Load")
    app.text_input(key="org_name").input("Somewhere NHS Trust").run()
    assert not app.exception
    assert "could not be used" in app.error[0].value


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("staff.xlsx", b"this is not a spreadsheet at all", "xlsx"),
        ("staff.csv", b"", "empty"),
        ("staff.csv", b"Employee Number,Pay Band\n1,Band 5\n", "ethnicity"),
    ],
)
def test_a_bad_staff_file_gives_a_message_and_keeps_the_sample(app, name, content, words):
    one_file_per_kind(app)
    app.file_uploader(key="up_staff").upload(name, content)
    click(app.run(), "Load")
    assert not app.exception
    shown = " ".join(e.value for e in app.error).lower()
    assert words in shown, shown
    assert "traceback" not in shown
    assert headcount_on_step_1(app) > 7000  # the sample is still shown


def test_a_bad_workbook_gives_a_message(app):
    app.file_uploader(key="up_book").upload("book.xlsx", b"PK\x03\x04 broken zip")
    click(app.run(), "Load")
    assert not app.exception
    assert app.error, "a broken workbook must be refused with a message"


def test_companion_files_without_staff_are_refused_with_a_reason(app):
    one_file_per_kind(app)
    recruitment = b"Ethnic Origin,Shortlisted,Appointed\nA White - British,Yes,No\n"
    app.file_uploader(key="up_recruitment").upload("recruitment.csv", recruitment, "text/csv")
    click(app.run(), "Load")
    assert not app.exception
    assert "staff in post" in app.error[0].value.lower()
