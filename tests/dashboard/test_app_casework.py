"""The Union casework page with Streamlit's AppTest: it runs on the sample network's fictional
log; its headline and an employer's row agree with figures worked out here with pandas and
statsmodels straight from the sample CSVs; "For sharing" shows no count of 1-7; an unusable
upload gives an error panel in plain words; a hostile employer name is shown as text."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hostile_text import FRAGMENTS, hostile
from statsmodels.stats.contingency_tables import Table2x2
from streamlit.testing.v1 import AppTest

from dashboard.markup import md
from dashboard.views.casework import SAMPLE_CASES, SAMPLE_MEMBERS

SCRIPT = "from dashboard.views import casework\ncasework.render()\n"
BME = set("DEFGHJKLMNPRS")
WHITE = set("ABC")
EMPLOYER = "Corrowden University Hospitals NHS Trust"


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def wres_year(date: pd.Timestamp) -> int:
    return date.year + 1 if date.month >= 4 else date.year


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Race discrimination cases per employer and group, the members, and the years covered:
    straight from the CSVs (a repeated case reference counted once, from its last row)."""
    log = pd.read_csv(SAMPLE_CASES)
    log = log.drop_duplicates("Case Reference", keep="last")
    years = pd.to_datetime(log["Date Opened"]).map(wres_year).nunique()
    first = log["Ethnicity"].str[0]
    log["group"] = first.map(lambda c: "BME" if c in BME else "White" if c in WHITE else "?")
    disc = log[log["Case Type"].str.contains("discrimination", case=False)]
    cases = disc.groupby(["Employer", "group"]).size().unstack(fill_value=0)
    members = pd.read_csv(SAMPLE_MEMBERS).pivot(index="Employer", columns="Group", values="Members")
    return cases, members, years


def katz(a: int, n1: int, c: int, n2: int) -> tuple[float, float, float]:
    table = Table2x2([[a, n1 - a], [c, n2 - c]])
    low, high = table.riskratio_confint(alpha=0.05, method="normal")
    return table.riskratio, low, high


def choose_discrimination(at: AppTest) -> AppTest:
    return at.selectbox(key="cw_type").set_value("discrimination").run()


def employer_row(at: AppTest, employer: str) -> pd.Series:
    table = at.dataframe[0].value
    return table[table["Employer"] == employer].iloc[0]


def test_runs_on_the_fictional_sample(app):
    assert app.title[0].value == "Union casework"
    assert "fictional" in app.caption[0].value
    assert app.get("vega_lite_chart"), "the funnel is drawn"
    assert not [e.value for e in app.error]


def test_an_employers_row_matches_the_sample_files(app, sample):
    cases, members, years = sample
    at = choose_discrimination(app)
    assert not at.exception
    a, c = int(cases.loc[EMPLOYER, "BME"]), int(cases.loc[EMPLOYER, "White"])
    n1, n2 = years * int(members.loc[EMPLOYER, "BME"]), years * int(members.loc[EMPLOYER, "White"])
    value, low, high = katz(a, n1, c, n2)
    row = employer_row(at, EMPLOYER)
    assert row["BME cases"] == str(a) and row["White cases"] == str(c)
    assert row["BME member-years"] == f"{n1:,}"
    assert row["Times as likely (BME vs White)"] == f"{value:.2f}"
    assert row["95% interval"] == f"{low:.2f} to {high:.2f}"


def test_the_headline_counts_employers_beyond_chance_as_worked_out_here(app, sample):
    cases, members, years = sample
    at = choose_discrimination(app)
    worse = better = with_figure = 0
    for employer, row in cases.iterrows():
        a, c = int(row.get("BME", 0)), int(row.get("White", 0))
        if employer not in members.index or a == 0 or c == 0:
            continue
        with_figure += 1
        n1, n2 = (
            years * int(members.loc[employer, "BME"]),
            years * int(members.loc[employer, "White"]),
        )
        _, low, high = katz(a, n1, c, n2)
        worse += low > 1
        better += high < 1
    headline = at.markdown[0].value
    assert headline.startswith(f"At **{worse}** of the {with_figure} employers with a figure"), (
        headline
    )
    assert f"at **{better}** they are less likely" in headline
    assert "worse for BME members" in headline
    total = cases[["BME", "White"]].loc[cases.index.isin(members.index)].sum()
    bme = years * members.loc[members.index.isin(cases.index), "BME"].sum()
    white = years * members.loc[members.index.isin(cases.index), "White"].sum()
    network = (total["BME"] / bme) / (total["White"] / white)
    assert f"BME members are **{network:.2f}** times" in headline


def test_for_sharing_shows_no_count_of_one_to_seven(app):
    at = app.toggle(key="cw_share").set_value(True).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["Unknown cases"]) == {"not published"}  # in no ratio: never shared
    for column in ("BME cases", "White cases"):
        for cell in table[column]:
            if cell != "hidden":
                n = int(cell.replace(",", ""))
                assert n == 0 or (n > 7 and n % 5 == 0), (column, cell)
    assert "hidden" in set(table["BME cases"]) | set(table["White cases"])


def test_the_download_is_prepared_for_sharing_by_default(app):
    assert app.checkbox(key="cw_download_share").value is True
    assert "for sharing" in app.get("download_button")[0].proto.label


def test_an_employer_year_by_year(app):
    at = app.selectbox(key="cw_employer").set_value(EMPLOYER).run()
    assert not at.exception
    assert any(f"{md(EMPLOYER)}\\: disciplinary cases year by year" in c.value for c in at.caption)


def upload(at: AppTest, cases: bytes, members: bytes) -> AppTest:
    at.file_uploader(key="cw_cases").set_value(("cases.csv", cases, "text/csv")).run()
    return at.file_uploader(key="cw_base").set_value(("members.csv", members, "text/csv")).run()


MEMBERS = b"Employer,Group,Members\nTrust A,BME,40\nTrust A,White,160\n"


def test_a_log_without_an_employer_column_gives_an_error_panel(app):
    bad = b"Year,Case Type,Ethnicity\n2024,Disciplinary,A White - British\n"
    at = upload(app, bad, MEMBERS)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("The casework log cannot be used yet"), errors
    assert "employer" in errors[0].lower()
    assert "fictional" in at.caption[0].value  # the sample is still shown


def test_a_members_file_with_a_bad_group_gives_an_error_panel(app):
    good = b"Employer,Year,Case Type,Ethnicity\nTrust A,2024,Disciplinary,A White - British\n"
    bad = b"Employer,Group,Members\nTrust A,Purple,40\n"
    at = upload(app, good, bad)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("The members file cannot be used yet"), errors


def _markdown_texts(at: AppTest) -> list[str]:
    out = []
    for node in at._tree:
        if getattr(node, "type", "") in ("markdown", "caption", "error", "warning", "subheader"):
            out.append(str(node.value))
        label = getattr(node, "label", None) if hasattr(node, "label") else None
        if isinstance(label, str):
            out.append(label)
    return out


def test_a_hostile_employer_name_is_shown_as_text(app):
    name = hostile("Employer")
    quoted = '"' + name.replace('"', '""') + '"'
    rows = [f"{quoted},2024,Disciplinary,H Asian or Asian British - Indian"] * 12
    rows += [f"{quoted},2024,Disciplinary,A White - British"] * 10
    rows += ["Trust A,2024,Disciplinary,H Asian or Asian British - Indian"] * 9
    rows += ["Trust A,2024,Disciplinary,A White - British"] * 20
    cases = ("Employer,Year,Case Type,Ethnicity\n" + "\n".join(rows) + "\n").encode()
    members = MEMBERS + f"{quoted},BME,50\n{quoted},White,200\n".encode()
    at = upload(app, cases, members)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert name in list(at.dataframe[0].value["Employer"])  # plain in the table
    at = at.selectbox(key="cw_employer").set_value(name).run()
    assert not at.exception
    texts = _markdown_texts(at)
    unescaped = [re.sub(r"\\.", "\0", t) for t in texts]
    leaks = [(f, t) for t in unescaped for f in FRAGMENTS if f in t]
    assert not leaks, leaks
    assert any(md(name) in t for t in texts)  # the year-by-year chart's words name it, escaped


def test_the_network_wres_return_as_the_base(app):
    from dashboard.sample import SAMPLE_NETWORK_COUNTS

    at = app.radio(key="cw_base_kind").set_value("staff").run()
    at.file_uploader(key="cw_cases").set_value(
        ("casework.csv", SAMPLE_CASES.read_bytes(), "text/csv")
    ).run()
    at.file_uploader(key="cw_base").set_value(
        ("wres_counts.csv", SAMPLE_NETWORK_COUNTS.read_bytes(), "text/csv")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("Set against staff in post" in c.value for c in at.caption)
    assert "BME staff-years" in at.dataframe[0].value.columns
    assert "BME staff are more likely than White staff" in at.markdown[0].value
    assert "wres\\_counts\\.csv" in at.caption[0].value  # the files in use, named (escaped)
    assert at.button(key="cw_sample")  # and a way back to the sample


def test_the_briefing_for_an_employer_downloads_as_pdf_and_powerpoint(app, sample):
    """The employer chosen for the briefing is the one on its one page, with its WRES3 from the
    sample network's WRES counts (the sample's employers are the network's trusts)."""
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    at = app.selectbox(key="cw_brief_employer").set_value(EMPLOYER).run()
    assert not at.exception
    assert not [b for b in at.get("download_button") if "PDF" in b.proto.label]  # not yet made
    at = at.button(key="cw_brief_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = {b.proto.label: b for b in at.get("download_button")}
    assert {"Download as PDF", "Download as PowerPoint"} <= set(labels)
    pdf = at.session_state["cw_briefing"][1]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert EMPLOYER in text
    assert "WRES 20" in text and "formal disciplinary process" in text  # WRES3 is given
    slides = Presentation(io.BytesIO(at.session_state["cw_briefing"][2])).slides
    assert len(slides) == 1
