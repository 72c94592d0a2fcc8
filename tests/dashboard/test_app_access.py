"""Sign-in and roles on the pages, both ways: sign-in off (everyone shares every workspace, and
the app says so) and on, with a fake OpenID Connect identity given through AppTest's `user`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from app_pages import SAMPLE, database, needs_sample  # noqa: F401
from streamlit.testing.v1 import AppTest

from dashboard.auth import SHARED_WARNING
from dashboard.store import Store
from metrics.counts.table import normalise

pytestmark = [needs_sample, pytest.mark.usefixtures("database")]

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
OTHER = "Alderwick Hospitals NHS Trust"


def signed_in(email: str | None) -> dict:
    """What st.user holds after a real sign-in (None: nobody signed in)."""
    if email is None:
        return {"is_logged_in": False}
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0]}


def run(script: str, email: str | None, query: dict | None = None) -> AppTest:
    at = AppTest.from_string(script, default_timeout=120)
    at.user = signed_in(email)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def page(name: str, email: str | None) -> AppTest:
    return run(f"from dashboard.views import {name}\n{name}.render()\n", email)


def whole_app(email: str | None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.user = signed_in(email)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def every_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "text", "info", "error",
                                  "warning", "success") for e in getattr(at, kind)]  # fmt: skip
    parts += [str(o) for s in at.selectbox for o in s.options]
    return " ".join(str(p) for p in parts).replace("\\", "")


def _counts(org: str) -> pd.DataFrame:
    return normalise(pd.DataFrame({
        "organisation": [org] * 2, "year": [2025] * 2, "indicator": ["WRES1"] * 2,
        "band": ["Band 5"] * 2, "group": ["White", "BME"], "numerator": [20, 10],
        "denominator": [30, 30],
    }))  # fmt: skip


@pytest.fixture
def sign_in(monkeypatch):
    monkeypatch.setenv("INCLUSIVEHR_SIGN_IN", "on")
    monkeypatch.setenv("INCLUSIVEHR_ADMINS", "admin@nhs.net")


@pytest.fixture
def sample_ws():
    """The sample trust's workspace, with a viewer, an editor and an owner."""
    db = Store()
    ws = db.create_workspace(SAMPLE, organisation=SAMPLE)
    for who, role in [("vic@nhs.net", "viewer"), ("ed@nhs.net", "editor"),
                      ("own@nhs.net", "owner")]:  # fmt: skip
        db.grant(ws.id, who, role, "admin@nhs.net")
    db.save_mapping(ws.id, "staff", {"Ethnic Origin": "ethnicity"})
    return db, ws


# ---- sign-in off: today's behaviour, said plainly ------------------------------------------


def test_with_sign_in_off_the_app_says_everyone_shares_every_workspace(monkeypatch):
    monkeypatch.delenv("INCLUSIVEHR_SIGN_IN", raising=False)
    at = whole_app(None)
    assert not at.exception
    assert at.title[0].value == "Start here"
    assert SHARED_WARNING in [c.value for c in at.sidebar.caption]
    ws_page = page("workspace_page", None)
    assert not ws_page.exception
    assert SHARED_WARNING in [w.value for w in ws_page.warning]


def test_with_sign_in_off_a_change_is_kept_and_recorded_as_made_by_anyone(monkeypatch):
    monkeypatch.delenv("INCLUSIVEHR_SIGN_IN", raising=False)
    at = page("plan", None)
    at.text_input(key="add_title").input("Reverse mentoring for the board")
    at.selectbox(key="add_indicator").set_value("WRES1")
    at.button(key="add_action").click().run()
    assert not at.exception
    db = Store()
    ws = db.workspace(SAMPLE)
    assert [a.title for a in db.actions(ws.id)] == ["Reverse mentoring for the board"]
    trail = [(e.who, e.what) for e in db.audit_trail(ws.id)]
    assert trail[0] == ("anyone (sign-in off)", "action added")
    assert ("anyone (sign-in off)", "workspace created") in trail


# ---- sign-in on ------------------------------------------------------------------------------


def test_nobody_signed_in_sees_only_the_sign_in_page(sign_in, sample_ws):
    db, ws = sample_ws
    db.save_loaded(ws.id, _counts(SAMPLE), "Your data: staff.csv", [])
    at = whole_app(None, {"org": SAMPLE})
    assert not at.exception
    assert [t.value for t in at.title] == ["InclusiveHR workforce equality"]
    text = every_text(at)
    assert "Please sign in" in text
    assert "not set up" in text  # no [auth] in the test's secrets: nobody can sign in
    assert SAMPLE not in text and "Northbrook" not in text  # no workspace names, no data
    assert "inclusivehr_dataset" not in at.session_state  # nothing restored from ?org=


def test_a_person_without_a_role_cannot_see_or_restore_another_workspace(sign_in, sample_ws):
    db, _ = sample_ws
    other = db.create_workspace(OTHER, organisation=OTHER)
    db.save_loaded(other.id, _counts(OTHER), "Your data: staff.csv", [])
    at = whole_app("vic@nhs.net", {"org": OTHER})  # a viewer of the sample only
    assert not at.exception
    assert at.session_state["inclusivehr_dataset"].is_sample  # Alderwick's counts not restored
    ws_page = page("workspace_page", "vic@nhs.net")
    assert not ws_page.exception
    assert ws_page.selectbox(key="export_ws").options == [SAMPLE]  # Alderwick not listed
    assert OTHER not in every_text(ws_page)
    db.grant(other.id, "vic@nhs.net", "viewer", "admin@nhs.net")  # now it is theirs to see
    at = whole_app("vic@nhs.net", {"org": OTHER})
    assert not at.exception
    assert at.session_state["inclusivehr_dataset"].organisation == OTHER


def test_a_viewer_cannot_add_an_action_change_a_match_or_take_the_internal_export(
    sign_in, sample_ws
):
    db, ws = sample_ws
    plan = page("plan", "vic@nhs.net")
    assert not plan.exception
    assert not [b for b in plan.button if b.key == "add_action"]
    assert any("Viewers can look but not change" in i.value for i in plan.info)

    themes = page("lived_experience", "vic@nhs.net")
    assert not themes.exception
    assert not [b for b in themes.button if b.key == "FormSubmitter:theme-Add theme"]

    ws_page = page("workspace_page", "vic@nhs.net")
    assert not ws_page.exception
    for key in ("map_save_staff", "map_clear_staff", "map_clear_all_staff"):
        assert ws_page.button(key=key).disabled
    with pytest.raises(Exception, match="disabled"):
        ws_page.button(key="map_save_staff").click()
    # a viewer may take the published export only: no choice of the internal one is offered
    assert [b.label for b in ws_page.download_button] == [
        "Download workspace (published figures, .json)"
    ]
    assert not [r for r in ws_page.radio if r.key == "export_internal"]
    assert "Only the workspace's owner can download" in every_text(ws_page)
    assert db.mappings(ws.id) == {"staff": {"Ethnic Origin": "ethnicity"}}
    assert db.actions(ws.id) == [] and db.audit_trail(ws.id) == []


def test_the_change_itself_refuses_a_viewer_even_without_the_page(sign_in, sample_ws):
    """The check is at the point of change, not only in the page's buttons."""
    db, ws = sample_ws
    script = (
        "import streamlit as st\n"
        "from dashboard.access import AccessDenied, perform\n"
        "from dashboard.workspace import store\n"
        f"ws = store().workspace({SAMPLE!r})\n"
        "try:\n"
        "    perform(ws, 'map', 'column match saved',\n"
        "            lambda: store().save_mapping(ws.id, 'staff', {'Religious Belief': 'ethnicity'}))\n"
        "except AccessDenied as exc:\n"
        "    st.text(str(exc))\n"
    )
    at = run(script, "vic@nhs.net")
    assert not at.exception
    assert "Only editors and owners" in at.text[0].value
    assert db.mappings(ws.id) == {"staff": {"Ethnic Origin": "ethnicity"}}


def test_an_editor_changes_the_plan_but_cannot_delete_grant_or_read_the_audit(sign_in, sample_ws):
    db, ws = sample_ws
    at = page("plan", "ed@nhs.net")
    at.text_input(key="add_title").input("Diverse shortlisting panels")
    at.selectbox(key="add_indicator").set_value("WRES2")
    at.button(key="add_action").click().run()
    assert not at.exception
    assert [a.title for a in db.actions(ws.id)] == ["Diverse shortlisting panels"]
    assert [(e.who, e.what, e.detail) for e in db.audit_trail(ws.id)] == [
        ("ed@nhs.net", "action added", "Diverse shortlisting panels")
    ]
    ws_page = page("workspace_page", "ed@nhs.net")
    assert not ws_page.exception
    assert not [b for b in ws_page.button if b.key == "ws_delete"]
    assert not [t for t in ws_page.text_input if t.key == "grant_email"]
    assert "Only the workspace's owner or an administrator can give" in every_text(ws_page)
    audit = page("audit", "ed@nhs.net")
    assert not audit.exception and len(audit.dataframe) == 0
    assert "can read its audit trail" in audit.info[0].value


def test_an_admin_grants_a_role_and_the_owner_reads_it_in_the_audit_trail(sign_in, sample_ws):
    db, ws = sample_ws
    at = page("workspace_page", "admin@nhs.net")
    assert not at.exception
    at.text_input(key="grant_email").input("Kim.Patel@NHS.net")
    at.selectbox(key="grant_role").set_value("editor")
    at.button(key="FormSubmitter:grant_form-Give this role").click().run()
    assert not at.exception
    assert {m.email: m.role for m in db.members(ws.id)}["kim.patel@nhs.net"] == "editor"
    audit = page("audit", "own@nhs.net")
    assert not audit.exception
    table = audit.dataframe[0].value
    first = table.iloc[0]
    assert (first["Who"], first["What"], first["Details"]) == (
        "admin@nhs.net", "role granted", "kim.patel@nhs.net: editor")  # fmt: skip
    assert db.roles_of("kim.patel@nhs.net") == {ws.id: "editor"}


def test_a_load_for_an_organisation_without_a_held_workspace_is_for_the_session_only(sign_in):
    """Not an administrator: no workspace is started by opening a page, and the page says so."""
    at = page("plan", "sam@nhs.net")
    assert not at.exception
    assert Store().workspaces() == []
    assert any("for this session only" in i.value for i in at.info)


def test_an_administrator_starts_a_workspace(sign_in):
    at = page("workspace_page", "admin@nhs.net")
    assert not at.exception
    at.text_input(key="new_ws_name").input(OTHER)
    at.button(key="FormSubmitter:new_ws_form-Start the workspace").click().run()
    assert not at.exception
    db = Store()
    ws = db.workspace(OTHER)
    assert [(e.who, e.what) for e in db.audit_trail(ws.id)] == [("admin@nhs.net",
                                                                 "workspace created")]  # fmt: skip


def test_the_signed_in_person_is_named_in_the_sidebar_with_a_way_out(sign_in, sample_ws):
    at = whole_app("own@nhs.net")
    assert not at.exception
    assert at.title[0].value == "Start here"
    assert any("Signed in as own" in c.value for c in at.sidebar.caption)
    assert [b for b in at.sidebar.button if b.key == "sign_out"]
    assert SHARED_WARNING not in [c.value for c in at.sidebar.caption]


def test_typing_another_organisation_s_name_cannot_poison_its_column_matches(sign_in):
    """The issue's case: "Religious Belief -> ethnicity" saved into someone else's workspace.
    A viewer (or a stranger) who loads a file under that name gets the figures for the session
    only; the workspace's matches and kept counts are untouched."""
    from test_app_your_data import HARNESS, TITLED, click, shown, upload

    db = Store()
    ws = db.create_workspace(OTHER, organisation=OTHER)
    db.save_mapping(ws.id, "staff", {"Ethnic Origin": "ethnicity"})
    db.grant(ws.id, "vic@nhs.net", "viewer", "admin@nhs.net")
    for email in ("vic@nhs.net", "stranger@nhs.net"):
        at = AppTest.from_string(HARNESS, default_timeout=120)
        at.user = signed_in(email)
        at.run()
        at.text_input(key="org_name").set_value(OTHER).run()
        upload(at, ("belief.csv", TITLED.replace(b"Ethnic Origin", b"Religious Belief")))
        click(at, "Load")
        at.selectbox(key="map_staff_ethnicity").select("Religious Belief").run()
        click(at, "Load")
        assert not at.exception
        assert not at.error, [e.value for e in at.error]
        assert at.session_state["inclusivehr_dataset"].organisation == OTHER  # loaded, for now
        assert "Kept for this session only" in shown(at)
        assert db.mapping(ws.id, "staff") == {"Ethnic Origin": "ethnicity"}
        assert db.loaded(ws.id) is None
        assert db.audit_trail(ws.id) == []
    assert [w.name for w in db.workspaces()] == [OTHER]  # the stranger started none


def test_only_an_owner_is_offered_the_internal_board_pack(sign_in, sample_ws):
    """The internal pack carries the workspace's exact counts: a viewer or an editor gets the
    publication pack only, with the reason; the owner chooses."""
    for email, offered in [("vic@nhs.net", False), ("ed@nhs.net", False), ("own@nhs.net", True)]:
        at = page("evaluate", email)
        at.toggle(key="pack_on").set_value(True).run()
        assert not at.exception
        assert bool([r for r in at.radio if r.key == "pack_level"]) is offered, email
        if not offered:
            assert "A public board paper (disclosure control on)" in every_text(at)
            assert not [w for w in at.warning if "Not for publication" in w.value]
