"""Remembered column matches: kept with when and by whom they were saved (store migration 5),
said plainly on every load that uses them, and a remembered ethnicity match that makes the
known-ethnicity share collapse refused (the data page, driven with AppTest)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from app_pages import SAMPLE, database, needs_sample, page  # noqa: F401
from streamlit.testing.v1 import AppTest
from test_app_your_data import ETHNICITIES, HARNESS, click, headcount_on_step_1, shown, upload

from dashboard.store import RememberedMatch, Store

ORG = "Westfield NHS Trust"
RELIGIONS = ["Christianity", "Islam", "Atheism", "Hinduism", "I do not wish to disclose"]


def staff_file(header: str, rows: int = 10) -> bytes:
    """Staff in post for 31/03/2025; the ethnicity column (if any) cycles through ETHNICITIES,
    so 4 in 5 have a known ethnicity (80%); Religious Belief cycles through RELIGIONS."""
    lines = ["Staff in Post at 31/03/2025", "", header]
    for i in range(rows):
        values = {"Employee Number": str(1000 + i), "Ethnic Origin": ETHNICITIES[i % 5],
                  "Heritage": ETHNICITIES[i % 5], "Religious Belief": RELIGIONS[i % 5],
                  "Pay Band": f"Band {5 + i % 3}", "Staff Group": "Nursing and Midwifery Registered",
                  "Directorate": "Surgery"}  # fmt: skip
        lines.append(",".join(values[c] for c in header.split(",")))
    return ("\n".join(lines) + "\n").encode()


WITH_RELIGION = "Employee Number,Ethnic Origin,Religious Belief,Pay Band,Staff Group,Directorate"
RELIGION_ONLY = "Employee Number,Religious Belief,Pay Band,Staff Group,Directorate"
HERITAGE = "Employee Number,Heritage,Pay Band,Staff Group,Directorate"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    from dashboard.workspace import store

    monkeypatch.setenv("INCLUSIVEHR_DB_URL", f"sqlite:///{tmp_path / 'test.db'}")
    store.clear()
    at = AppTest.from_string(HARNESS, default_timeout=90).run()
    at.text_input(key="org_name").input(ORG).run()
    yield at
    store.clear()


def remember(column: str, by: str | None) -> tuple[Store, int]:
    from dashboard.workspace import store

    db = store()
    ws = db.open_workspace(ORG, organisation=ORG)
    db.save_mapping(ws.id, "staff", {column: "ethnicity"}, by=by)
    return db, ws.id


def today() -> str:
    now = datetime.now(UTC)
    return f"{now.day} {now:%b %Y}"


# ---- the store keeps when and by whom ---------------------------------------------------------


def test_each_match_keeps_when_and_by_whom_it_was_saved(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as db:
        ws = db.create_workspace(ORG)
        before = datetime.now(UTC)
        db.save_mapping(ws.id, "staff", {"Heritage": "ethnicity"}, by="Sam Patel")
        first = db.remembered_matches(ws.id, "staff")["Heritage"]
        assert (first.column, first.target, first.saved_by) == (
            "Heritage",
            "ethnicity",
            "Sam Patel",
        )
        assert before <= first.saved_at <= datetime.now(UTC)
        # adding a match by someone else keeps the first one's stamp; a changed one is restamped
        db.save_mapping(ws.id, "staff", {"Heritage": "ethnicity", "Grade": "pay_band"}, by="Jo")
        both = db.remembered_matches(ws.id, "staff")
        assert both["Heritage"] == first
        assert both["Grade"].saved_by == "Jo"
        db.save_mapping(ws.id, "staff", {"Heritage": "directorate", "Grade": "pay_band"})
        changed = db.remembered_matches(ws.id, "staff")
        assert changed["Heritage"].saved_by is None and changed["Grade"] == both["Grade"]
        db.clear_mapping(ws.id, "staff", "Heritage")
        assert list(db.remembered_matches(ws.id, "staff")) == ["Grade"]
        assert db.remembered_matches(ws.id, "recruitment") == {}


def test_matches_saved_before_migration_5_have_no_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with Store(url) as db:
        ws = db.create_workspace(ORG)
        db.save_mapping(ws.id, "staff", {"Heritage": "ethnicity"})
    engine = sa.create_engine(url)  # as an older dashboard left it: no stamps, no version 5
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE mappings SET saved = NULL"))
        conn.execute(sa.text("DELETE FROM schema_version WHERE version = 5"))
    engine.dispose()
    with Store(url) as db:
        assert db.schema_version() == 5  # applied again: the column is there, nothing breaks
        assert db.remembered_matches(ws.id, "staff") == {
            "Heritage": RememberedMatch("Heritage", "ethnicity", None, None)
        }


# ---- the data page ------------------------------------------------------------------------------


def test_a_remembered_match_is_said_plainly_before_and_after_the_load(app: AppTest) -> None:
    remember("Heritage", by="Sam Patel")
    upload(app, ("sip.csv", staff_file(HERITAGE)))
    said = f"Ethnicity read from 'Heritage', remembered on {today()} by Sam Patel."
    assert said in [re.sub(r"\\(.)", r"\1", i.value) for i in app.info]
    click(app, "Load")
    assert not app.exception and not app.warning
    assert said in shown(app)  # still said once the data is loaded
    assert headcount_on_step_1(app) == 10


def test_a_remembered_match_without_a_name_says_only_when(app: AppTest) -> None:
    remember("Heritage", by=None)
    upload(app, ("sip.csv", staff_file(HERITAGE)))
    assert f"Ethnicity read from 'Heritage', remembered on {today()}." in shown(app)


def test_religion_remembered_as_ethnicity_is_refused_and_the_real_column_used(
    app: AppTest,
) -> None:
    """The reported poisoning: 'Religious Belief -> ethnicity' saved into the workspace."""
    db, ws_id = remember("Religious Belief", by="Mallory")
    upload(app, ("sip.csv", staff_file(WITH_RELIGION)))
    click(app, "Load")
    assert not app.exception
    [warning] = [re.sub(r"\\(.)", r"\1", w.value) for w in app.warning]
    assert warning == (
        f"Ethnicity read from 'Religious Belief', remembered on {today()} by Mallory. That match "
        "was not used: with it, 0% of staff have a known ethnicity, against 80% with the column "
        "the tool finds by its name. Ethnicity was read from 'Ethnic Origin' instead. To stop "
        "this warning, forget the match (here, or on Your workspace)."
    )
    assert "Ethnicity read from 'Religious Belief'" not in " ".join(i.value for i in app.info)
    click(app, "Forget Religious Belief → ethnicity")
    assert db.mapping(ws_id, "staff") == {}
    assert not app.warning
    app.session_state["page"] = "run"
    app.run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Ethnicity declared"] == "80.0%"  # read from Ethnic Origin: 8 of 10


def test_a_collapsing_match_with_no_other_column_is_refused_with_the_column_step(
    app: AppTest,
) -> None:
    remember("Religious Belief", by=None)
    upload(app, ("sip.csv", staff_file(RELIGION_ONLY)))
    click(app, "Load")
    assert not app.exception
    text = shown(app)
    assert "That match was not used: with it, only 0% of staff have a known ethnicity" in text
    assert "No other column holds ethnicity: choose the ethnicity column below." in text
    assert app.selectbox(key="map_staff_ethnicity")  # the column step is offered
    assert headcount_on_step_1(app) > 7000  # nothing was loaded: still the sample


def test_a_match_chosen_in_this_session_replaces_the_remembered_one(app: AppTest) -> None:
    db, ws_id = remember("Religious Belief", by="Mallory")
    # Heritage is not a name the tool knows: the person picks it for ethnicity on the column step
    data = staff_file("Employee Number,Religious Belief,Heritage,Pay Band,Staff Group,Directorate")
    upload(app, ("sip.csv", data))
    click(app, "Load")
    app.selectbox(key="map_staff_ethnicity").select("Heritage").run()
    assert db.mapping(ws_id, "staff") == {"Heritage": "ethnicity"}  # one column per field
    click(app, "Load")
    assert not app.exception and not app.warning
    assert headcount_on_step_1(app) == 10


@needs_sample
@pytest.mark.usefixtures("database")
def test_your_workspace_lists_when_and_by_whom_each_match_was_saved() -> None:
    db = Store()
    ws = db.open_workspace(SAMPLE, organisation=SAMPLE)
    db.save_mapping(ws.id, "staff", {"Religious Belief": "ethnicity", "Grade": "pay_band"},
                    by="Mallory")  # fmt: skip
    db.save_mapping(ws.id, "staff", {"Religious Belief": "ethnicity", "Grade": "pay_band",
                                     "Ward": "directorate"})  # fmt: skip
    at = page("workspace_page")
    assert not at.exception
    assert at.dataframe[0].value.to_dict("records") == [
        {"In your file": "Religious Belief", "Read as": "ethnicity", "Saved": today(),
         "By": "Mallory"},
        {"In your file": "Grade", "Read as": "pay band", "Saved": today(), "By": "Mallory"},
        {"In your file": "Ward", "Read as": "directorate", "Saved": today(), "By": ""},
    ]  # fmt: skip
