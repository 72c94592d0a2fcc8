"""Your workspace: remembered matches changed and cleared, snapshots viewed, chosen as the
baseline and deleted, the whole workspace deleted only with its name typed (AppTest)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from app_pages import SAMPLE, cells, database, needs_sample, page, shown  # noqa: F401

from dashboard.store import Store
from dashboard.workspace import BASELINE_SNAPSHOT

pytestmark = [needs_sample, pytest.mark.usefixtures("database")]


def workspace():
    db = Store()
    return db, db.create_workspace(SAMPLE, organisation=SAMPLE)


def marks(db: Store, table: str) -> list[bool]:
    with sa.create_engine(db.where).connect() as conn:
        rows = conn.execute(sa.text(f"SELECT deleted_at FROM {table} ORDER BY id")).all()
    return [r[0] is not None for r in rows]


def test_remembered_matches_are_listed_per_kind_changed_and_cleared():
    db, ws = workspace()
    db.save_mapping(ws.id, "staff", {"Ethnic Origin": "ethnicity", "Grade": "pay_band"})
    db.save_mapping(ws.id, "labels:ethnicity", {"WB": "A", "Other Asian": "L"})
    at = page("workspace_page")
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert "Columns of the staff in post file or table (2)" in labels
    assert "Your own ethnicity labels (2)" in labels
    assert ["Ethnic Origin", "ethnicity", "Grade", "pay band"] == [
        c for c in cells(at) if c in ("Ethnic Origin", "ethnicity", "Grade", "pay band")
    ]
    # a wrong match (Grade read as the pay band) changed to the directorate
    at.selectbox(key="map_pick_staff").set_value("Grade").run()
    at.selectbox(key="map_new_staff_Grade").set_value("directorate").run()
    at.button(key="map_save_staff").click().run()
    assert not at.exception
    assert db.mapping(ws.id, "staff") == {"Ethnic Origin": "ethnicity", "Grade": "directorate"}
    at.button(key="map_clear_staff").click().run()  # forget Grade, still the one picked
    assert db.mapping(ws.id, "staff") == {"Ethnic Origin": "ethnicity"}
    at.text_input(key="map_new_labels:ethnicity_WB").input("B")
    at.button(key="map_save_labels:ethnicity").click().run()
    assert db.mapping(ws.id, "labels:ethnicity") == {"WB": "B", "Other Asian": "L"}
    at.button(key="map_clear_all_labels:ethnicity").click().run()
    assert db.mappings(ws.id) == {"staff": {"Ethnic Origin": "ethnicity"}}
    assert not at.exception


def test_snapshots_are_listed_viewed_chosen_as_the_baseline_and_deleted():
    db, ws = workspace()
    results = {"year": 2025, "indicators": {
        "WRES2": {"status": "ok", "reading": "White applicants were 1.50 times as likely."},
        "WRES9": {"status": "no_data", "reading": "No data."}}}  # fmt: skip
    from tests.dashboard.test_store import counts_table

    snap = db.save_snapshot(ws.id, "March board 2025", counts_table(), results)
    at = page("workspace_page")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Label"]) == ["March board 2025"] and list(table["Rows of counts"]) == [3]
    at.toggle(key="ws_snapshot_view").set_value(True).run()
    viewed = at.dataframe[-1].value
    assert list(viewed["Status"]) == ["ok", "no data"]
    assert viewed["What it showed"][0] == "White applicants were 1.50 times as likely."
    at.button(key="ws_snapshot_baseline").click().run()
    assert at.session_state[BASELINE_SNAPSHOT] == snap.id
    assert any("Step 5 will compare" in s.value for s in at.success)
    at.button(key="ws_snapshot_delete").click().run()
    assert any("Delete the snapshot" in w.value for w in at.warning)
    assert db.snapshots(ws.id) != []  # not yet
    at.button(key="ws_snapshot_delete_yes").click().run()
    assert not at.exception
    assert db.snapshots(ws.id) == [] and marks(db, "snapshots") == [True]
    assert at.session_state[BASELINE_SNAPSHOT] is None  # no longer the baseline


def test_themes_and_actions_are_counted_and_the_workspace_can_be_exported():
    db, ws = workspace()
    theme = db.add_theme(ws.id, "Panels are all White", [], "Other", date(2025, 1, 1))
    db.add_action(ws.id, "Diverse panels", indicator=None, theme_id=theme.id, owner="",
                  due=None, target_value=None, target_year=None)  # fmt: skip
    at = page("workspace_page")
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == [("Themes from listening", "1"),
                                                       ("Actions in the plan", "1")]  # fmt: skip
    assert at.selectbox(key="export_ws").value == SAMPLE
    assert any("Download workspace" in b.proto.label for b in at.get("download_button"))


def test_the_whole_workspace_is_deleted_only_with_its_name_typed():
    db, ws = workspace()
    db.add_theme(ws.id, "Panels are all White", [], "Other", date(2025, 1, 1))
    at = page("workspace_page")
    assert at.button(key="ws_delete").disabled
    at.text_input(key="ws_delete_name").input("Northbrook").run()
    assert at.button(key="ws_delete").disabled
    at.text_input(key="ws_delete_name").input(SAMPLE.lower()).run()
    assert not at.button(key="ws_delete").disabled
    at.button(key="ws_delete").click().run()
    assert not at.exception
    assert any("deleted" in shown(s.value) for s in at.success)
    assert marks(db, "workspaces") == [True, False]  # the old one kept marked; a new one in use
    assert marks(db, "themes") == [True]
    fresh = db.workspace(SAMPLE)
    assert fresh.id != ws.id and db.themes(fresh.id) == []
