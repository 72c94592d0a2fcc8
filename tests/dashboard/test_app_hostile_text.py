"""Text from data is text: hostile Markdown and HTML put into every field a person or a file
can fill (organisation, directorate, staff group, band, file name, sheet name, column header,
ethnicity label, theme, action, owner, snapshot label, workspace name, trust, trust type and the
address's unit), then every page drawn with Streamlit's AppTest.

What Streamlit renders as Markdown is collected from the whole page tree: the body of
st.markdown/caption/alerts/headings, every widget's label and help text, expander, tab, status
and popover labels, metric labels and radio options. None may hold a hostile fragment as it was
written (each must arrive escaped by dashboard.markup.md), and each field must be found there in
its escaped form, so the check cannot pass by the field not being shown at all. The browser test
(test_e2e_hostile_text.py) checks what the browser makes of the same strings."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date

import openpyxl
import pytest
from hostile_text import (  # tests/dashboard/hostile_text.py, beside this file
    ACTION,
    DIRECTORATE,
    FILE_NAME,
    FRAGMENTS,
    GROUP,
    HEADER,
    LABEL,
    ORG,
    OWNER,
    SHEET,
    THEME,
    TRUST,
    TRUST_TYPE,
    counts_return,
    network_return,
)
from streamlit.testing.v1 import AppTest

from dashboard.markup import md

HARNESS = """
import streamlit as st
from dashboard.state import current, network
from dashboard.views import common, compare, evaluate, home, lived_experience, plan, review
from dashboard.views import run_data, workspace_page, your_data
pages = {"data": your_data, "run": run_data, "review": review, "listen": lived_experience,
         "plan": plan, "evaluate": evaluate, "workspace": workspace_page, "home": home,
         "compare": compare}
name = st.session_state.get("page", "data")
pages[name].render()
with st.sidebar:  # as dashboard/app.py draws it
    common.network_notice(network()) if name == "compare" else common.data_notice(current())
"""


def rendered(at: AppTest) -> list[str]:
    """Every string on the page that Streamlit renders as Markdown."""
    out: list[str] = []
    for node in at._tree:
        kind = getattr(node, "type", "")
        if kind in ("markdown", "caption", "info", "warning", "error", "success", "toast",
                    "title", "header", "subheader"):  # fmt: skip
            out.append(str(node.value))
        for attr in ("label", "help"):
            try:
                value = getattr(node, attr)
            except Exception:  # noqa: BLE001 - an element without that attribute
                continue
            if isinstance(value, str):
                out.append(value)
        if kind == "radio":
            out += [str(o) for o in node.options]
    return out


def _unescaped(markdown: str) -> str:
    """The Markdown with every backslash-escaped character blotted out: what is left is what
    Markdown may act on."""
    return re.sub(r"\\.", "\0", markdown)


def assert_text_not_markup(at: AppTest, *shown: str) -> None:
    """No raw fragment anywhere; each of `shown` present in its escaped form."""
    assert not at.exception, [e.value for e in at.exception]
    texts = rendered(at)
    leaks = [(f, t) for t in texts for f in FRAGMENTS if f in _unescaped(t)]
    assert not leaks, leaks
    for text in shown:
        assert any(md(text) in t for t in texts), (text, texts)


def _go(at: AppTest, page: str) -> AppTest:
    at.session_state["page"] = page
    return at.run()


def _upload(at: AppTest, key: str, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key=key).set_value([(n, c, "application/octet-stream") for n, c in files])
    return at.run()


def _click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Iterator[AppTest]:
    """One session: the hostile counts return loaded under the hostile organisation name, with
    a hostile theme and action in its workspace and the hostile directorate chosen."""
    from dashboard.workspace import store

    with pytest.MonkeyPatch.context() as mp:
        db_path = tmp_path_factory.mktemp("hostile") / "test.db"
        mp.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{db_path}")
        store.clear()
        at = AppTest.from_string(HARNESS, default_timeout=120).run()
        at.text_input(key="org_name").input(ORG).run()
        _upload(at, "uploads", (FILE_NAME, counts_return()))
        _click(at, "Load")
        assert not at.exception
        assert any("Loaded" in s.value for s in at.success)
        db = store()
        ws = db.workspace(ORG)  # named after the organisation
        theme = db.add_theme(ws.id, THEME, ["tag"], "Other", date(2025, 5, 1))
        db.add_action(ws.id, ACTION, indicator="WRES2", theme_id=theme.id, owner=OWNER, due=None,
                      target_value=1.0, target_year=2027, unit="whole")  # fmt: skip
        _go(at, "run")  # the unit is chosen in the sidebar of the steps
        at.radio(key="unit_kind").set_value("A directorate").run()
        at.selectbox(key="unit_dir").set_value(DIRECTORATE).run()
        yield at
        store.clear()


def test_the_data_page_shows_the_file_and_organisation_as_text(loaded):
    at = _go(loaded, "data")
    assert_text_not_markup(at, FILE_NAME)


@pytest.mark.parametrize("page", ["run", "review", "listen", "plan", "evaluate", "home"])
def test_each_step_shows_organisation_and_unit_as_text(loaded, page):
    at = _go(loaded, page)
    assert_text_not_markup(at, ORG, DIRECTORATE)


def test_a_staff_group_and_a_band_group_as_the_unit(loaded):
    at = loaded
    _go(at, "run")
    at.radio(key="unit_kind").set_value("A staff group").run()
    at.selectbox(key="unit_group").set_value(GROUP).run()
    for page in ("run", "review", "evaluate"):
        assert_text_not_markup(_go(at, page), GROUP)
    at.radio(key="unit_kind").set_value("A directorate").run()
    at.selectbox(key="unit_dir").set_value(DIRECTORATE).run()


def test_themes_and_actions_from_the_store_are_text(loaded):
    at = _go(loaded, "listen")
    at.selectbox(key="theme_pick").set_value(at.selectbox(key="theme_pick").options[1]).run()
    _click(at, "Delete")
    assert_text_not_markup(at, THEME[:60])  # the confirmation quotes the theme
    _click(at, "Keep it")
    at = _go(loaded, "plan")
    picked = next(i for i in at.selectbox(key="edit_pick").options if i != "(choose one)")
    at.selectbox(key="edit_pick").set_value(picked).run()
    _click(at, "Delete this action")
    assert_text_not_markup(at, ACTION)  # "Delete “…”?" quotes the action
    _click(at, "Keep it")


def test_an_action_typed_with_markup_is_text(loaded):
    at = _go(loaded, "plan")
    at.text_input(key="add_title").input(ACTION + " typed").run()
    at.text_input(key="add_owner").input(OWNER).run()
    at.selectbox(key="add_indicator").set_value("WRES2").run()
    _click(at, "Add action")
    assert_text_not_markup(at, ACTION + " typed")  # "Action added: …"


def test_a_snapshot_label_and_the_workspace_name_are_text(loaded):
    at = _go(loaded, "review")
    _click(at, "Save these figures as a snapshot")
    assert_text_not_markup(at, DIRECTORATE)  # "Snapshot saved: 2025 <directorate>."
    at = _go(loaded, "workspace")
    assert_text_not_markup(at, ORG)  # "Type the workspace's name (…) to confirm"
    _click(at, "Delete this snapshot")
    assert_text_not_markup(at, DIRECTORATE)  # "Delete the snapshot “…”?"
    _click(at, "Keep it")
    at = _go(loaded, "evaluate")
    assert_text_not_markup(at, DIRECTORATE)


def test_a_unit_asked_for_in_the_address_is_text(loaded):
    at = AppTest.from_string(HARNESS, default_timeout=120)
    at.session_state["page"] = "run"
    at.query_params["unit"] = f"directorate:{DIRECTORATE}x"
    at.query_params["year"] = "<img src=http://example.invalid/y.png>"
    at.run()
    assert_text_not_markup(at, f"directorate {DIRECTORATE}x")  # the notice names what it lacks


def test_a_sheet_name_a_column_header_and_an_ethnicity_label_are_text(tmp_path, monkeypatch):
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(["Staff in Post at 31/03/2025"])
    sheet.append([])
    sheet.append(["Employee Number", HEADER, "Pay Band", "Staff Group", "Directorate"])
    for i in range(12):
        label = (
            LABEL
            if i % 4 == 0
            else ("A White - British", "N Black or Black British - African")[i % 2]
        )
        sheet.append([1000 + i, label, "Band 5", "Administrative and Clerical", DIRECTORATE])
    buffer = io.BytesIO()
    book.save(buffer)
    at = AppTest.from_string(HARNESS, default_timeout=120).run()
    _upload(at, "uploads", ("staff.xlsx", buffer.getvalue()))
    assert_text_not_markup(at, SHEET)  # "staff.xlsx, sheet …: WRES year 2025 …"
    _click(at, "Load")  # refused: no ethnicity column it knows
    assert_text_not_markup(at)
    column = next(s for s in at.selectbox if "Which column holds" in s.label)
    column.set_value(HEADER).run()
    assert_text_not_markup(at, HEADER)  # "Column matches used for …: <header> → ethnicity"
    _click(at, "Load")
    assert_text_not_markup(at, LABEL)  # the unrecognised label, as a question's label
    store.clear()


def test_trust_and_region_names_in_a_network_are_text(loaded):
    at = _go(loaded, "compare")
    _upload(at, "net_upload", (FILE_NAME, network_return()))
    _click(at, "These are right: compare them")
    assert_text_not_markup(at, FILE_NAME)  # "Data in use: …, from 1 file: <file name>"
    at.selectbox(key="net_highlight").set_value(TRUST).run()
    assert_text_not_markup(at, TRUST, TRUST_TYPE)  # "Trust profile: …", its peers' type
    at.selectbox(key="net_type").set_value(TRUST_TYPE).run()
    assert_text_not_markup(at, TRUST)


def test_the_shareable_summary_is_plain_text_as_written(loaded):
    """The summary is shown in a text box (never Markdown) and downloaded as the same text, so
    the organisation's name is there exactly as written, neither rendered nor escaped."""
    at = _go(loaded, "evaluate")
    [summary] = [t for t in at.text_area if t.label == "Summary to share"]
    assert summary.value.startswith(f"Workforce Race Equality Standard 2025, {ORG}.")
    assert "\\" not in summary.value and "\u2060" not in summary.value


def test_the_board_pack_preview_is_text(loaded):
    at = _go(loaded, "evaluate")
    at.toggle(key="pack_on").set_value(True).run()
    assert_text_not_markup(at, ORG)  # the headline slide's title names the organisation
    at.toggle(key="pack_on").set_value(False).run()
