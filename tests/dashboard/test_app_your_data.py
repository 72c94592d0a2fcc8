"""Use your own data, driven with Streamlit's AppTest: one upload box, detected kinds, years,
column matches, local labels and bad files.

One script holds the data page and step 1, switched through session state, so a test can
upload on one page and find the figures on the other within the same session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.state import SAMPLE_ORGANISATION

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
HARNESS = """
import streamlit as st
from dashboard.views import run_data, your_data
{"data": your_data, "run": run_data}[st.session_state.get("page", "data")].render()
"""

ETHNICITIES = ["A White - British", "N Black or Black British - African", "Z Not Stated",
               "H Asian or Asian British - Indian", "C White - Any other White background"]  # fmt: skip


def staff_csv(header: str, rows: int, ethnicities: list[str] = ETHNICITIES) -> bytes:
    """`rows` staff, ethnicity cycling through the list: for 10 rows and 5 labels, 2 of each."""
    lines = [header]
    for i in range(rows):
        lines.append(f"{1000 + i},{ethnicities[i % len(ethnicities)]},Band {5 + i % 3},"
                     f"Nursing and Midwifery Registered,Surgery")  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


STANDARD = "Employee Number,Ethnic Origin,Pay Band,Staff Group,Directorate"
HERITAGE = "Employee Number,Heritage,Pay Band,Staff Group,Directorate"
TITLED = b"Staff in Post at 31/03/2025\n\n" + staff_csv(STANDARD, 10)


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


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="uploads").set_value(
        [(n, c, "application/octet-stream") for n, c in files]
    )
    return at.run()


def click(at: AppTest, label: str) -> AppTest:
    """Click the button whose label reads `label` (Markdown escapes removed)."""
    return next(b for b in at.button if re.sub(r"\\(.)", r"\1", b.label) == label).click().run()


def load_button(at: AppTest):
    return next(b for b in at.button if b.label == "Load")


def shown(at: AppTest) -> str:
    """Every message on the page as the reader sees it (Markdown escapes removed)."""
    parts = [*at.caption, *at.error, *at.warning, *at.info, *at.success, *at.text, *at.markdown]
    return re.sub(r"\\(.)", r"\1", " ".join(str(p.value) for p in parts))


def headcount_on_step_1(at: AppTest) -> int:
    at.session_state["page"] = "run"
    at.run()
    assert not at.exception
    assert at.title[0].value == "1. Run the data"
    return int(at.metric[0].value.replace(",", ""))


def test_the_sample_is_shown_until_a_file_is_loaded(app):
    assert headcount_on_step_1(app) > 7000
    assert SAMPLE_ORGANISATION in app.caption[0].value or "Sample" in app.caption[0].value


def test_the_one_upload_box_takes_many_files(app):
    box = app.file_uploader(key="uploads")
    assert box.accept_multiple_files
    assert not app.radio, "no choice of upload mode any more"


def test_a_staff_file_without_a_year_asks_for_it_then_loads(app):
    app.text_input(key="org_name").input("Eastbrook Community NHS Trust")
    upload(app, ("staff.csv", staff_csv(STANDARD, 10)))
    assert app.selectbox[0].value == "staff"
    assert "Ethnic Origin" in shown(app)  # the reason names the columns
    assert load_button(app).disabled, "a year-less staff file is not loaded"
    app.number_input[0].set_value(2025).run()
    assert not load_button(app).disabled
    click(app, "Load")
    assert not app.exception
    assert "Loaded" in shown(app)
    assert "WRES year 2025, as given" in shown(app)
    assert "No recruitment file: indicator 2 cannot be computed." in shown(app)
    # 10 staff, 2 not stated: 8 declared, of whom 4 White (A, C) and 4 BME (N, H)
    assert headcount_on_step_1(app) == 10
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["BME share"] == "40.0%"  # 4 of 10, Unknown in the denominator as in WRES1
    assert metrics["Ethnicity declared"] == "80.0%"


def test_a_title_row_gives_the_year(app):
    upload(app, ("sip.csv", TITLED))
    assert not app.number_input, "the year is in the title row"
    assert "WRES year 2025" in shown(app) and "31 March 2025" in shown(app)
    click(app, "Load")
    assert not app.exception
    assert headcount_on_step_1(app) == 10
    assert "2025" in app.caption[0].value


def test_the_messy_sample_extract_loads_with_its_summary(app):
    upload(
        app, ("esr_extract_messy.xlsx", (SAMPLE / "trust" / "esr_extract_messy.xlsx").read_bytes())
    )
    click(app, "Load")
    assert not app.exception
    text = shown(app)
    assert "bank staff left out" in text
    assert "WRES year 2025" in text


def test_a_counts_csv_is_detected_and_loads(app):
    upload(app, ("wres_counts.csv", (SAMPLE / "trust" / "wres_counts.csv").read_bytes()))
    assert app.selectbox[0].value == "counts"
    assert "aggregated return" in shown(app)
    click(app, "Load")
    assert not app.exception
    assert "Loaded" in shown(app)
    assert not app.error
    # no name was typed: the return's own organisation column names whose figures they are
    assert headcount_on_step_1(app) > 0
    assert app.caption[0].value.startswith(SAMPLE_ORGANISATION), app.caption[0].value
    assert app.query_params["org"] == SAMPLE_ORGANISATION


def showing(at: AppTest) -> list[str]:
    """The "Showing: ..." line at the top of the data page, as the reader sees it."""
    found = [re.sub(r"\\(.)", r"\1", s.value) for s in at.success]
    return [s for s in found if s.startswith("Showing:")]


def test_the_data_shown_is_named_at_the_top_as_soon_as_it_loads(app):
    upload(app, ("sip.csv", TITLED))
    click(app, "Load")
    assert showing(app) == ["Showing: Your data: sip.csv"]  # in the run that loaded it
    upload(app, ("wres_counts.csv", (SAMPLE / "trust" / "wres_counts.csv").read_bytes()))
    click(app, "Load")
    assert showing(app) == ["Showing: Your data: wres_counts.csv"]
    click(app, "Go back to the sample trust")
    assert showing(app) == []
    assert headcount_on_step_1(app) > 7000


def test_a_staff_file_without_an_organisation_is_your_organisation(app):
    upload(app, ("sip.csv", TITLED))
    click(app, "Load")
    assert headcount_on_step_1(app) == 10
    assert app.caption[0].value.startswith("Your organisation"), app.caption[0].value


def test_a_counts_csv_cannot_be_loaded_as_staff(app):
    upload(app, ("wres_counts.csv", (SAMPLE / "trust" / "wres_counts.csv").read_bytes()))
    app.selectbox[0].select("staff").run()
    if app.number_input:
        app.number_input[0].set_value(2025).run()
    click(app, "Load")
    assert not app.exception
    assert "aggregated counts return" in app.error[0].value
    assert not any(s.key and s.key.startswith("map_") for s in app.selectbox), "no column step"
    assert headcount_on_step_1(app) > 7000  # the sample is still shown, no phantom staff


def test_the_whole_sample_workbook_loads_every_kind(app):
    upload(app, ("workbook.xlsx", (SAMPLE / "trust" / "workbook.xlsx").read_bytes()))
    assert [s.value for s in app.selectbox] == [
        "staff", "recruitment", "disciplinary", "training", "board", "survey"
    ]  # fmt: skip
    click(app, "Load")
    assert not app.exception
    # every WRES indicator is fed; the workbook has no capability sheet, so WDES metric 3 is not
    sentences = re.split(r"(?<=\.) ", shown(app))
    missing = [x for x in sentences if "cannot be computed" in x]
    assert missing == ["No formal capability file: WDES metric 3 cannot be computed."], missing


def test_an_unrecognised_column_is_mapped_and_then_loads(app):
    upload(app, ("heritage.csv", TITLED.replace(b"Ethnic Origin", b"Heritage")))
    click(app, "Load")
    assert not app.exception
    # one plain sentence: the file, that it could not be used, and why
    refusal = re.sub(r"\\(.)", r"\1", app.error[0].value)
    assert refusal.startswith("heritage.csv could not be used: no column for ethnicity"), refusal
    assert len(re.findall(r"[.!?](\s|$)", refusal.replace("heritage.csv", "the file"))) == 1
    assert "--map" not in shown(app)
    picker = app.selectbox(key="map_staff_ethnicity")
    assert picker.label == "Which column holds the ethnicity?"
    assert "Heritage" in picker.options
    picker.select("Heritage").run()
    assert not app.exception
    assert "Heritage → ethnicity" in shown(app)
    click(app, "Load")
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    assert headcount_on_step_1(app) == 10


def test_a_match_remembered_from_another_file_does_not_stop_a_file_without_that_column(app):
    upload(app, ("heritage.csv", TITLED.replace(b"Ethnic Origin", b"Heritage")))
    click(app, "Load")
    app.selectbox(key="map_staff_ethnicity").select("Heritage").run()  # remembered
    click(app, "Load")
    assert headcount_on_step_1(app) == 10
    app.session_state["page"] = "data"
    app.run()
    # an extract from another system: the usual "Ethnic Origin", no "Heritage"
    upload(app, ("sip.csv", TITLED))
    assert "Heritage" not in shown(app), "a match for a column this file lacks is not used"
    click(app, "Load")
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    assert headcount_on_step_1(app) == 10


def test_a_wrong_remembered_match_is_named_and_can_be_forgotten(app):
    from dashboard.workspace import store

    db = store()
    ws = db.create_workspace("Westfield NHS Trust", organisation="Westfield NHS Trust")
    db.save_mapping(ws.id, "staff", {"Ethnic Origin": "pay_band"})
    app.text_input(key="org_name").input("Westfield NHS Trust").run()
    upload(app, ("sip.csv", TITLED))
    click(app, "Load")
    assert not app.exception
    text = shown(app)
    assert "A column match remembered for this organisation, 'Ethnic Origin → pay band'" in text
    assert "Columns found" not in app.error[0].value
    click(app, "Forget 'Ethnic Origin → pay band'")
    assert db.mapping(ws.id, "staff") == {}
    click(app, "Load")
    assert not app.error, [e.value for e in app.error]
    assert headcount_on_step_1(app) == 10


def test_unrecognised_labels_are_assigned_and_remembered(app):
    from dashboard.workspace import store

    app.text_input(key="org_name").input("Northfield NHS Trust").run()
    labels = ["WB", "A White - British", "BME", "Z Not Stated", "WB"]
    upload(app, ("sip.csv", b"Snapshot 2025-03-31\n" + staff_csv(STANDARD, 10, labels)))
    click(app, "Load")
    assert not app.exception
    picker = app.selectbox(key="label_0_WB")  # only WB is not recognised (BME now is)
    assert len([s for s in app.selectbox if s.key.startswith("label_")]) == 1
    picker.select("White").run()
    click(app, "Use these groups and load again")
    assert not app.exception
    ws = store().workspace("Northfield NHS Trust")
    assert store().mapping(ws.id, "labels:ethnicity") == {"WB": "White"}
    assert not [s for s in app.selectbox if s.key.startswith("label_")]
    headcount_on_step_1(app)
    metrics = {m.label: m.value for m in app.metric}
    # 10 staff: WB 4 (now White), A 2, BME 2, Z 2: declared 8 of 10, BME 2 of 10
    assert metrics["Ethnicity declared"] == "80.0%"
    assert metrics["BME share"] == "20.0%"


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("staff.xlsx", b"this is not a spreadsheet at all", "not a valid excel workbook"),
        ("staff.csv", b"", "the file is empty"),
    ],
)
def test_a_file_that_cannot_be_opened_gets_one_sentence_and_the_fix_a_click_away(
    app, name, content, words
):
    upload(app, (name, content))
    assert not app.exception
    assert [re.sub(r"\\(.)", r"\1", e.value) for e in app.error] == [
        f"{name} cannot be opened, so it is left out."
    ]
    why = app.expander[-1]
    assert why.label == "Why, and how to fix it"
    detail = " ".join(t.value for t in why.text).lower()
    assert words in detail and ("save it again" in detail or "export" in detail), detail
    assert not [b for b in app.button if b.label == "Load"], "nothing to load"
    assert not app.selectbox, "no kind to choose for a file that cannot be opened"
    assert not app.warning, "no advice to mark it as something"
    assert "traceback" not in shown(app).lower()
    assert headcount_on_step_1(app) > 7000  # the sample is still shown


def test_a_file_of_something_else_is_not_recognised_and_keeps_the_sample(app):
    upload(app, ("prices.csv", b"Product,Price,Quantity\nTea,1.20,3\n"))
    assert not app.exception
    text = shown(app).lower()
    assert "not recognised" in text and "columns found" in text, text
    assert load_button(app).disabled
    assert headcount_on_step_1(app) > 7000


def test_a_union_casework_log_is_named_and_left_to_the_union_casework_page(app):
    from pathlib import Path

    log = Path(__file__).resolve().parents[2] / "sample_data" / "network" / "casework.csv"
    upload(app, ("casework.csv", log.read_bytes()))
    assert not app.exception
    assert "union casework page" in shown(app).lower()
    assert headcount_on_step_1(app) > 7000  # the sample is still shown


def test_a_file_that_cannot_be_opened_beside_a_good_one_leaves_the_good_one_to_load(app):
    upload(app, ("broken.xlsx", b"<html>Session expired</html>"), ("sip.csv", TITLED))
    assert [re.sub(r"\\(.)", r"\1", e.value) for e in app.error] == [
        "broken.xlsx cannot be opened, so it is left out."
    ]
    click(app, "Load")
    assert not app.exception
    assert headcount_on_step_1(app) == 10


def test_companion_files_without_staff_are_refused_with_a_reason(app):
    recruitment = b"Ethnic Origin,Shortlisted,Appointed\nA White - British,Yes,No\n"
    upload(app, ("recruitment.csv", recruitment))
    assert app.selectbox[0].value == "recruitment"
    assert load_button(app).disabled
    assert "staff in post" in app.warning[0].value.lower()


def test_a_problem_table_has_no_raw_none_or_nan(app):
    bad = staff_csv(STANDARD, 4).replace(b"Band 5", b"Band 55")
    upload(app, ("sip.csv", b"as at 31 March 2025\n" + bad))
    click(app, "Load")
    assert not app.exception
    for frame in app.dataframe:
        values = frame.value.astype(str).to_numpy().ravel().tolist() + list(frame.value.columns)
        assert not {"None", "nan", "<NA>"} & set(values), values
        assert "Severity" not in frame.value.columns


def test_a_load_is_kept_for_the_workspace_as_counts_and_named_in_the_address(app):
    from dashboard.workspace import store

    app.text_input(key="org_name").set_value("Alderwick Hospitals NHS Trust").run()
    upload(app, ("sip.csv", TITLED))
    click(app, "Load")
    assert not app.exception
    assert app.query_params["org"] == "Alderwick Hospitals NHS Trust"
    db = store()
    kept = db.loaded(db.workspace("Alderwick Hospitals NHS Trust").id)
    assert kept is not None
    w1 = kept.counts[(kept.counts["indicator"] == "WRES1").to_numpy()]
    assert int(w1["numerator"].sum()) == 10  # the ten staff of the file, as counts
    assert not {"Employee Number", "employee"} & set(kept.counts.columns)


def test_a_staff_file_without_ethnicity_loads_for_the_wdes_and_pay_gaps(app):
    # 10 staff: 2 Disabled (rows 0 and 5), 8 not; hourly pay; no ethnicity column at all
    lines = ["Employee Number,Disability,Sex,Pay Band,Hourly Rate,Year"]
    for i in range(10):
        lines.append(f"{1000 + i},{'Yes' if i % 5 == 0 else 'No'},"
                     f"{'Female' if i % 2 else 'Male'},Band {5 + i % 3},{15 + i},2025")  # fmt: skip
    upload(app, ("disability.csv", ("\n".join(lines) + "\n").encode()))
    click(app, "Load")
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    counts = app.session_state["inclusivehr_dataset"].counts
    wdes1 = counts[(counts["indicator"] == "WDES1").to_numpy()]
    assert wdes1.groupby("group")["numerator"].sum().to_dict() == {"Disabled": 2,
                                                                  "Non-disabled": 8}  # fmt: skip
    app.session_state["page"] = "run"
    app.run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["Disabled share"] == "20.0%"  # 2 of 10
    picker = app.selectbox(key="standard")
    assert picker.value == "WDES"  # the first standard the data feeds, as the WRES cannot be
    assert "WRES (race) (needs more data)" in picker.options
    assert "WDES (disability)" in picker.options and "Pay gaps" in picker.options


def test_a_capability_file_beside_the_staff_file_is_detected_and_loads_for_the_wdes(app):
    # 10 staff, Disabled at rows 0 and 5; two formal capability cases on performance, both for
    # employee 1000 (Disabled) in different years, so one case in the staff file's year
    lines = ["Employee Number,Disability,Ethnic Origin,Pay Band,Year"]
    for i in range(10):
        lines.append(f"{1000 + i},{'Yes' if i % 5 == 0 else 'No'},A White - British,Band 5,2025")
    cases = ("Year,Case Reference,Employee Number,Case Start Date,Grounds\n"
             "2025,CP-1,1000,2024-06-01,Performance\n"
             "2024,CP-2,1000,2023-06-01,Performance\n")  # fmt: skip
    upload(app, ("staff.csv", ("\n".join(lines) + "\n").encode()),
           ("capability.csv", cases.encode()))  # fmt: skip
    assert not app.exception
    kinds = [s.value for s in app.selectbox if s.label == "What this holds"]
    assert kinds == ["staff", "capability"]
    assert "Formal capability cases" in shown(app)
    click(app, "Load")
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    assert "capability.csv: formal capability cases, 2 rows" in shown(app)
    counts = app.session_state["inclusivehr_dataset"].counts
    wdes3 = counts[(counts["indicator"] == "WDES3").to_numpy() & (counts["year"] == 2025)]
    entered = wdes3.groupby("group")["numerator"].sum().to_dict()
    assert entered.get("Disabled") == 1 and entered.get("Non-disabled", 0) == 0
