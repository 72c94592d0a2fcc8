"""The data page when a file holds what the tool did not expect: one plain sentence naming the
file and the fix one click away, never an exception on the page; the server's log says where it
happened without quoting the file; removing a refused file leaves a working page.

Also the hostile values of the trust-and-safety issue, as a person meets them on the page: a year
of inf, a 200 KB cell, invisible marks before every code, codes that are none of the codes."""

from __future__ import annotations

import logging

import pytest

from dashboard.views import your_data
from tests.dashboard import test_app_your_data as data_page
from tests.dashboard.test_app_your_data import (
    ETHNICITIES,
    STANDARD,
    TITLED,
    click,
    headcount_on_step_1,
    shown,
    staff_csv,
    upload,
)

app = data_page.app  # the fixture: the data page in a fresh session, with its own database
SECRET = "Jane Example, 20001234"  # what an exception's text might quote from a row


def plain(text: str) -> str:
    return text.replace("\\", "")


def boom(*_args, **_kwargs):
    raise ValueError(f"could not convert {SECRET!r}")


def assert_logged_without_row_data(caplog) -> None:
    logged = [r.getMessage() for r in caplog.records if r.name == your_data.__name__]
    assert logged and "ValueError" in logged[0], logged
    assert not [m for m in logged if "Jane" in m or "20001234" in m], logged


def test_an_unexpected_error_opening_a_file_is_a_sentence(app, monkeypatch, caplog):
    monkeypatch.setattr(your_data, "open_sheets", boom)
    caplog.set_level(logging.ERROR)
    upload(app, ("sip.csv", TITLED))
    assert not app.exception
    assert [plain(e.value) for e in app.error] == ["sip.csv cannot be opened, so it is left out."]
    detail = " ".join(t.value for t in app.expander[-1].text)
    assert "not what the tool expects" in detail and "save it again" in detail, detail
    assert "Jane" not in shown(app)
    assert_logged_without_row_data(caplog)


def test_an_unexpected_error_while_loading_is_a_sentence(app, monkeypatch, caplog):
    monkeypatch.setattr(your_data, "load", boom)
    caplog.set_level(logging.ERROR)
    upload(app, ("sip.csv", TITLED))
    click(app, "Load")
    assert not app.exception
    assert plain(app.error[0].value) == (
        "sip.csv could not be used: something in it is not what the tool expects."
    )
    assert "Jane" not in shown(app)
    assert_logged_without_row_data(caplog)


def test_running_out_of_memory_while_loading_says_so(app, monkeypatch):
    def too_big(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr(your_data, "load", too_big)
    upload(app, ("sip.csv", TITLED))
    click(app, "Load")
    assert not app.exception
    assert "too large to read here" in plain(app.error[0].value)


INF_YEAR = ("Year," + STANDARD + "\n" + "".join(
    f"inf,{1000 + i},A White - British,Band 5,Nursing and Midwifery Registered,Surgery\n"
    for i in range(10))).encode()  # fmt: skip


def test_a_year_of_inf_is_not_a_year(app):
    upload(app, ("staff.csv", INF_YEAR))
    click(app, "Load")
    assert not app.exception
    assert "not a year" in plain(app.error[0].value)


def test_a_200_kb_cell_is_read(app):
    long = TITLED.replace(b"Surgery", b"S" * 200_000, 1)
    upload(app, ("sip.csv", long))
    click(app, "Load")
    assert not app.exception
    assert "Loaded" in shown(app)
    assert headcount_on_step_1(app) == 10


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u200b", "\ufeff", "\u2066"])
def test_invisible_marks_before_every_code_are_ignored(app, mark):
    codes = [mark + code for code in ETHNICITIES]
    upload(app, ("sip.csv", b"Staff in Post at 31/03/2025\n\n" + staff_csv(STANDARD, 10, codes)))
    click(app, "Load")
    assert not app.exception
    headcount_on_step_1(app)
    metrics = {m.label: m.value for m in app.metric}
    # as without the marks: 10 staff, 2 not stated, 4 BME (N, H)
    assert metrics["Ethnicity declared"] == "80.0%"
    assert metrics["BME share"] == "40.0%"


NOT_CODES = b"Staff in Post at 31/03/2025\n\n" + staff_csv(STANDARD, 10, ["Q1", "Q2"])


def test_codes_that_are_none_of_the_codes_are_refused_and_can_be_assigned(app):
    upload(app, ("sip.csv", NOT_CODES))
    click(app, "Load")
    assert not app.exception
    said = plain(app.error[0].value)
    assert "none of the 10 ethnicity values is a recognised code" in said, said
    assert "'Q1', 'Q2'" in said
    app.selectbox(key="label_0_Q1").select("White").run()
    app.selectbox(key="label_1_Q2").select("BME").run()
    click(app, "Use these groups and load again")
    assert not app.exception
    assert not app.error
    headcount_on_step_1(app)
    assert {m.label: m.value for m in app.metric}["BME share"] == "50.0%"


BAD_XLSX = ("bad.xlsx", b"not a workbook")
NO_COLUMN = ("nocol.csv", TITLED.replace(b"Ethnic Origin", b"Heritage"))


@pytest.mark.parametrize(
    "refused", [BAD_XLSX, NO_COLUMN, ("inf.csv", INF_YEAR), ("codes.csv", NOT_CODES)]
)
def test_removing_a_refused_file_leaves_a_working_page(app, refused):
    upload(app, refused, ("sip.csv", TITLED))
    kinds = [s.key for s in app.selectbox if s.key.startswith("kind_")]
    if len(kinds) > 1:  # the refused file is read as staff; the good one waits
        app.selectbox(key=next(k for k in kinds if "sip.csv" in k)).set_value("leave out").run()
    click(app, "Load")
    assert app.error, "refused"
    assert not app.exception
    upload(app, ("sip.csv", TITLED))
    assert not app.exception
    click(app, "Load")
    assert not app.exception
    assert "Loaded" in shown(app)
    upload(app)
    assert not app.exception
