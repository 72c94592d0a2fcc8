"""The dashboard's database, on real SQLite files in tmp_path and on a throwaway PostgreSQL
server (skipped where Debian's postgresql package is missing); expected values written by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import store as store_module
from dashboard.store import (
    Action,
    Migration,
    StaleEditError,
    Store,
    StoreError,
    Theme,
    add_column,
    default_url,
)
from metrics.counts.table import COLUMNS, normalise


@pytest.fixture
def db(url: str) -> Store:
    with Store(url) as opened:
        yield opened


def counts_table() -> pd.DataFrame:
    """Three canonical rows: WRES1 band 5 clinical (White, BME) and WRES2 (BME, a gap in year)."""
    return normalise(
        pd.DataFrame(
            {
                "organisation": ["Northtown NHS Trust"] * 3,
                "year": [2024, 2024, None],
                "indicator": ["WRES1", "WRES1", "WRES2"],
                "band": ["Band 5", "Band 5", None],
                "clinical": [True, True, None],
                "membership": [None, None, None],
                "directorate": ["HR & OD", "HR & OD", None],
                "staff_group": [None, None, None],
                "region": ["North", "North", "North"],
                "trust_type": [None, None, None],
                "group": ["White", "BME", "BME"],
                "numerator": [120, 45, None],
                "denominator": [170, 170, 300],
            }
        )
    )


RESULTS = {"WRES1": {"value": 26.5, "status": "ok", "groups": {"BME": [45, 170]}}, "notes": None}


def add_plan(db: Store, workspace_id: int) -> tuple[Theme, Action]:
    theme = db.add_theme(
        workspace_id,
        "Staff feel shortlisting panels are not diverse",
        ["recruitment", "panels"],
        "listening event",
        date(2024, 3, 12),
    )
    action = db.add_action(
        workspace_id,
        "Diverse shortlisting panels for band 7+",
        indicator="WRES2",
        theme_id=theme.id,
        owner="Head of Recruitment",
        due=date(2025, 3, 31),
        target_value=1.25,
        target_year=2026,
    )
    return theme, action


def count_rows(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()


# ---- workspaces ---------------------------------------------------------------------------------


def test_workspaces_create_list_find_rename_delete(db: Store) -> None:
    north = db.create_workspace("Northtown", organisation="Northtown NHS Trust", unit="HR & OD")
    south = db.create_workspace("  Southport  ")
    assert (north.name, north.organisation, north.unit) == (
        "Northtown",
        "Northtown NHS Trust",
        "HR & OD",
    )
    assert south.name == "Southport" and south.organisation is None and south.unit is None
    assert north.created_at.tzinfo is not None
    assert [w.name for w in db.workspaces()] == ["Northtown", "Southport"]
    assert db.workspace("NORTHTOWN") == north
    assert db.workspace(north.id) == north

    renamed = db.rename_workspace(north.id, "Northtown HR")
    assert renamed.id == north.id and renamed.name == "Northtown HR"
    assert db.rename_workspace("northtown hr", "northtown HR").name == "northtown HR"  # same one
    db.delete_workspace("Southport")
    assert [w.name for w in db.workspaces()] == ["northtown HR"]
    with pytest.raises(StoreError, match="no workspace called 'Southport'"):
        db.workspace("Southport")
    with pytest.raises(StoreError, match="no workspace with id 999"):
        db.workspace(999)


def test_workspace_names_are_unique_ignoring_case(db: Store) -> None:
    db.create_workspace("Northtown")
    other = db.create_workspace("Southport")
    with pytest.raises(StoreError, match="'NORTHTOWN' already exists. Choose another name"):
        db.create_workspace("NORTHTOWN")
    with pytest.raises(StoreError, match="'Northtown' already exists"):
        db.rename_workspace(other.id, "northtown")
    with pytest.raises(StoreError, match="workspace name is empty"):
        db.create_workspace("   ")
    assert [w.name for w in db.workspaces()] == ["Northtown", "Southport"]


def deleted_marks(url: str, table: str) -> list[bool]:
    """For every row of the table, in id order: is it marked deleted?"""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(f"SELECT deleted_at FROM {table} ORDER BY id")).all()
    finally:
        engine.dispose()
    return [r[0] is not None for r in rows]


def test_deleting_a_workspace_hides_everything_in_it_and_keeps_it_marked(
    db: Store, url: str
) -> None:
    keep = db.create_workspace("Keep")
    gone = db.create_workspace("Gone")
    for ws in (keep, gone):
        db.save_mapping(ws.id, "staff", {"Ethnic Origin": "ethnicity"})
        db.save_snapshot(ws.id, "2024", counts_table(), RESULTS)
        db.save_loaded(ws.id, counts_table(), "Your data", [])
        add_plan(db, ws.id)
    db.delete_workspace(gone.id)
    # still in the database: workspace 2 and its children (the second of each) marked deleted
    for table in ("workspaces", "snapshots", "themes", "actions"):
        assert deleted_marks(url, table) == [False, True], table
    for table in ("mappings", "loaded_data"):
        assert count_rows(url, table) == 2
    assert [w.name for w in db.workspaces()] == ["Keep"]
    assert len(db.actions(keep.id)) == 1 and len(db.themes(keep.id)) == 1
    for listing in (db.themes, db.actions, db.snapshots, db.mappings, db.loaded,
                    db.export_workspace):  # fmt: skip
        with pytest.raises(StoreError, match="no workspace with id"):
            listing(gone.id)
    with pytest.raises(StoreError, match="no workspace called 'Gone'"):
        db.workspace("Gone")
    again = db.create_workspace("gone")  # the name is free again, and the new one starts empty
    assert again.id != gone.id and db.themes(again.id) == [] and db.mappings(again.id) == {}
    with pytest.raises(StoreError, match="no workspace called 'Keep2'"):
        db.delete_workspace("Keep2")


def test_restarting_loses_nothing(url: str) -> None:
    with Store(url) as first:
        ws = first.create_workspace("Northtown")
        first.save_mapping(ws.id, "staff", {"Ethnic Origin": "ethnicity"})
        snap = first.save_snapshot(ws.id, "2024 baseline", counts_table(), RESULTS)
        theme, action = add_plan(first, ws.id)
    with Store(url) as second:
        assert second.workspaces() == [ws]
        assert second.mapping(ws.id, "staff") == {"Ethnic Origin": "ethnicity"}
        assert second.snapshots(ws.id) == [snap]
        assert second.themes(ws.id) == [theme]
        assert second.actions(ws.id) == [action]


def test_a_missing_folder_is_created_and_a_bad_url_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "db.sqlite"
    with Store(f"sqlite:///{path}") as db:
        db.create_workspace("Northtown")
    assert path.exists()
    with pytest.raises(StoreError, match="not a valid URL"):
        Store("not a url at all")


# ---- mappings -----------------------------------------------------------------------------------


def test_mappings_round_trip_per_workspace_and_kind(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    other = db.create_workspace("Southport")
    assert db.mapping(ws.id, "staff") == {}
    db.save_mapping(ws.id, "staff", {"Ethnic Origin": "ethnicity", "Pay Band": "band"})
    db.save_mapping(ws.id, "recruitment", {"Stage": "stage"})
    assert db.mapping(ws.id, "staff") == {"Ethnic Origin": "ethnicity", "Pay Band": "band"}
    assert db.mapping(ws.id, "Recruitment") == {"Stage": "stage"}
    assert db.mapping(other.id, "staff") == {}
    db.save_mapping(ws.id, "staff", {"Ethnicity Code": "ethnicity"})  # replaces, does not merge
    assert db.mapping(ws.id, "staff") == {"Ethnicity Code": "ethnicity"}
    with pytest.raises(StoreError, match="column mapping pairs column names"):
        db.save_mapping(ws.id, "staff", {"Ethnic Origin": 3})  # type: ignore[dict-item]
    with pytest.raises(StoreError, match="no workspace with id 999"):
        db.save_mapping(999, "staff", {})


def test_every_remembered_match_is_listed_and_can_be_cleared(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    other = db.create_workspace("Southport")
    assert db.mappings(ws.id) == {}
    db.save_mapping(ws.id, "staff", {"Ethnic Origin": "ethnicity", "Pay Band": "band"})
    db.save_mapping(ws.id, "labels:ethnicity", {"WB": "A", "Other Asian": "L"})
    db.save_mapping(ws.id, "recruitment", {"Stage": "stage"})
    db.save_mapping(other.id, "staff", {"Ethnicity": "ethnicity"})
    assert db.mappings(ws.id) == {
        "labels:ethnicity": {"WB": "A", "Other Asian": "L"},
        "recruitment": {"Stage": "stage"},
        "staff": {"Ethnic Origin": "ethnicity", "Pay Band": "band"},
    }
    db.clear_mapping(ws.id, "staff", "Pay Band")  # one match
    assert db.mapping(ws.id, "staff") == {"Ethnic Origin": "ethnicity"}
    db.clear_mapping(ws.id, "labels:ethnicity")  # the whole kind
    db.clear_mapping(ws.id, "Recruitment", "Stage")  # its last match: the kind goes too
    db.clear_mapping(ws.id, "training")  # never mapped: nothing to do
    db.clear_mapping(ws.id, "staff", "Not a column")
    assert db.mappings(ws.id) == {"staff": {"Ethnic Origin": "ethnicity"}}
    assert db.mapping(ws.id, "labels:ethnicity") == {} and db.mapping(ws.id, "recruitment") == {}
    assert db.mappings(other.id) == {"staff": {"Ethnicity": "ethnicity"}}
    with pytest.raises(StoreError, match="no workspace with id 999"):
        db.clear_mapping(999, "staff")


# ---- the data last loaded -----------------------------------------------------------------------


def test_the_data_last_loaded_is_kept_as_counts_and_replaced_on_each_load(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    assert db.loaded(ws.id) is None
    db.save_loaded(ws.id, counts_table(), "Your data: staff.xlsx", ["Year 2024 from a title row"])
    first = db.loaded(ws.id)
    pd.testing.assert_frame_equal(first.counts, counts_table())
    assert (first.label, first.notes) == ("Your data: staff.xlsx", ("Year 2024 from a title row",))
    assert first.saved_at.tzinfo is not None
    db.save_loaded(ws.id, counts_table().iloc[:1], "Your data: 2025.xlsx", ())
    second = db.loaded(ws.id)
    assert (len(second.counts), second.label, second.notes) == (1, "Your data: 2025.xlsx", ())
    assert second.saved_at >= first.saved_at


@pytest.mark.parametrize("column", ["employee_number", "Staff Name", "Date of Birth"])
def test_the_data_last_loaded_refuses_row_level_columns(db: Store, column: str) -> None:
    ws = db.create_workspace("Northtown")
    db.save_loaded(ws.id, counts_table(), "Your data", [])
    with pytest.raises(StoreError, match=f"{column} looks like personal data.*counts only"):
        db.save_loaded(ws.id, counts_table().assign(**{column: ["x", "y", "z"]}), "Rows", [])
    with pytest.raises(StoreError, match="counts table"):
        db.save_loaded(ws.id, [{"year": 2024}], "Rows", [])  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="notes on the data must be a list"):
        db.save_loaded(ws.id, counts_table(), "Your data", "one note")
    assert db.loaded(ws.id).label == "Your data"  # what was kept before is untouched


# ---- snapshots ----------------------------------------------------------------------------------


def test_snapshot_round_trip_keeps_values_and_dtypes(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    snap = db.save_snapshot(ws.id, "2024 baseline", counts_table().iloc[:, ::-1], RESULTS)
    assert (snap.workspace_id, snap.label, snap.rows) == (ws.id, "2024 baseline", 3)
    counts, results = db.load_snapshot(snap.id)
    assert list(counts.columns) == list(COLUMNS)
    assert str(counts["year"].dtype) == "Int64"
    assert str(counts["clinical"].dtype) == "boolean"
    assert str(counts["numerator"].dtype) == "Int64"
    assert str(counts["denominator"].dtype) == "Int64"
    assert counts["numerator"].tolist()[:2] == [120, 45] and counts["numerator"].isna().tolist()[2]
    assert counts["year"].isna().tolist() == [False, False, True]
    assert counts["clinical"].tolist()[:2] == [True, True] and pd.isna(counts["clinical"][2])
    assert counts["band"].tolist() == ["Band 5", "Band 5", None]
    assert counts["denominator"].tolist() == [170, 170, 300]
    pd.testing.assert_frame_equal(counts, counts_table())
    assert results == RESULTS


def test_snapshots_are_listed_newest_first_without_data(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    first = db.save_snapshot(ws.id, "2023", counts_table(), {})
    second = db.save_snapshot(ws.id, "2024", counts_table().iloc[:1], {})
    listed = db.snapshots(ws.id)
    assert [s.label for s in listed] == ["2024", "2023"]
    assert listed == [second, first]
    assert [s.rows for s in listed] == [1, 3]


def test_an_empty_counts_table_round_trips(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    snap = db.save_snapshot(ws.id, "empty", normalise(pd.DataFrame(columns=list(COLUMNS))), {})
    counts, results = db.load_snapshot(snap.id)
    assert len(counts) == 0 and list(counts.columns) == list(COLUMNS) and results == {}
    assert str(counts["numerator"].dtype) == "Int64"


@pytest.mark.parametrize("column", ["employee_number", "Staff Name", "Date of Birth", "NHS Number"])
def test_privacy_guard_refuses_row_level_columns(db: Store, column: str) -> None:
    ws = db.create_workspace("Northtown")
    counts = counts_table().assign(**{column: ["x", "y", "z"]})
    with pytest.raises(StoreError, match=f"{column} looks like personal data.*counts only"):
        db.save_snapshot(ws.id, "2024", counts, RESULTS)
    assert db.snapshots(ws.id) == []


def test_privacy_guard_refuses_anything_but_the_canonical_columns(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    with pytest.raises(StoreError, match="unexpected: notes; missing: none"):
        db.save_snapshot(ws.id, "2024", counts_table().assign(notes="x"), RESULTS)
    with pytest.raises(StoreError, match="unexpected: none; missing: region"):
        db.save_snapshot(ws.id, "2024", counts_table().drop(columns="region"), RESULTS)
    with pytest.raises(StoreError, match="counts table"):
        db.save_snapshot(ws.id, "2024", [{"year": 2024}], RESULTS)  # type: ignore[arg-type]
    assert db.snapshots(ws.id) == []


def test_snapshot_refuses_bad_numbers_results_and_labels(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    with pytest.raises(StoreError, match="numerator values are not numbers"):
        db.save_snapshot(ws.id, "x", counts_table().assign(numerator=["a", "b", "c"]), {})
    with pytest.raises(StoreError, match="whole numbers"):
        db.save_snapshot(ws.id, "x", counts_table().assign(denominator=[1.5, 2, 3]), {})
    with pytest.raises(StoreError, match="cannot be saved as JSON"):
        db.save_snapshot(ws.id, "x", counts_table(), {"value": float("nan")})
    with pytest.raises(StoreError, match="cannot be saved as JSON"):
        db.save_snapshot(ws.id, "x", counts_table(), {"value": {1, 2}})
    with pytest.raises(StoreError, match="must be a dictionary"):
        db.save_snapshot(ws.id, "x", counts_table(), [1, 2])  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="snapshot label is empty"):
        db.save_snapshot(ws.id, " ", counts_table(), {})
    assert db.snapshots(ws.id) == []


# ---- themes and actions -------------------------------------------------------------------------


def test_themes_add_list_update_delete(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    theme = db.add_theme(
        ws.id,
        " Panels lack diversity ",
        ["recruitment", " panels ", ""],
        "survey",
        date(2024, 3, 12),
    )
    assert theme == Theme(
        theme.id,
        ws.id,
        "Panels lack diversity",
        ("recruitment", "panels"),
        "survey",
        date(2024, 3, 12),
        1,
    )
    later = db.add_theme(
        ws.id, "Career conversations are rare", [], "focus group", date(2024, 5, 1)
    )
    assert db.themes(ws.id) == [later, theme]  # most recently heard first

    updated = db.update_theme(theme.id, 1, tags=["recruitment"], source="listening event")
    assert updated == Theme(
        theme.id,
        ws.id,
        "Panels lack diversity",
        ("recruitment",),
        "listening event",
        date(2024, 3, 12),
        2,
    )
    assert db.themes(ws.id)[1] == updated

    db.delete_theme(later.id)
    assert db.themes(ws.id) == [updated]
    with pytest.raises(StoreError, match="no theme with id"):
        db.delete_theme(later.id)
    with pytest.raises(StaleEditError, match="no longer exists"):
        db.update_theme(later.id, 1, text="Edited after it was deleted")
    with pytest.raises(StoreError, match="theme text is empty"):
        db.add_theme(ws.id, "", [], "survey", date(2024, 3, 12))
    with pytest.raises(StoreError, match="date it was heard"):
        db.add_theme(ws.id, "Text", [], "survey", "2024-03-12")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="Tags must be a list"):
        db.add_theme(ws.id, "Text", "recruitment", "survey", date(2024, 3, 12))  # type: ignore[arg-type]
    with pytest.raises(
        StoreError, match="Cannot change version; only on, source, tags, text can be edited"
    ):
        db.update_theme(theme.id, 2, version=7)


def test_a_theme_with_linked_actions_cannot_be_deleted(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    theme, action = add_plan(db, ws.id)
    with pytest.raises(StoreError, match="1 action\\(s\\) in the plan link to this theme"):
        db.delete_theme(theme.id)
    db.delete_action(action.id)
    db.delete_theme(theme.id)  # the deleted action's link no longer holds the theme
    assert db.themes(ws.id) == [] and db.actions(ws.id) == []


def test_deleted_themes_actions_and_snapshots_stay_in_the_database_marked(
    db: Store, url: str
) -> None:
    ws = db.create_workspace("Northtown")
    theme, action = add_plan(db, ws.id)
    kept_theme, kept_action = add_plan(db, ws.id)
    old = db.save_snapshot(ws.id, "2023", counts_table(), RESULTS)
    new = db.save_snapshot(ws.id, "2024", counts_table(), RESULTS)
    db.delete_action(action.id)
    db.delete_theme(theme.id)
    db.delete_snapshot(old.id)
    for table in ("themes", "actions", "snapshots"):
        assert deleted_marks(url, table) == [True, False], table
    assert db.themes(ws.id) == [kept_theme] and db.actions(ws.id) == [kept_action]
    assert db.snapshots(ws.id) == [new]
    with pytest.raises(StoreError, match="no snapshot with id"):
        db.load_snapshot(old.id)
    with pytest.raises(StoreError, match="no snapshot with id"):
        db.delete_snapshot(old.id)
    with pytest.raises(StoreError, match="no action with id"):
        db.delete_action(action.id)
    with pytest.raises(StoreError, match=f"no theme {theme.id} in this workspace"):
        db.update_action(kept_action.id, 1, theme_id=theme.id)  # cannot link to a deleted theme
    exported = db.export_workspace(ws.id)
    assert [t["id"] for t in exported["themes"]] == [kept_theme.id]
    assert len(exported["actions"]) == 1
    assert [s["label"] for s in exported["snapshots"]] == ["2024"]


def test_actions_add_list_update_delete(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    theme, action = add_plan(db, ws.id)
    assert action == Action(
        action.id, ws.id, "Diverse shortlisting panels for band 7+", "WRES2", theme.id,
        "Head of Recruitment", date(2025, 3, 31), 1.25, 2026, "not started", 1,
    )  # fmt: skip
    second = db.add_action(ws.id, "Reverse mentoring", indicator="wres7", theme_id=None,
                           owner="", due=None, target_value=None, target_year=None)  # fmt: skip
    assert second.indicator == "WRES7" and second.status == "not started"
    assert db.update_action(second.id, 1, indicator="", theme_id=theme.id).indicator is None
    assert db.update_action(second.id, 2, indicator="WRES7", theme_id=None).theme_id is None
    second = db.actions(ws.id)[1]
    assert db.actions(ws.id) == [action, second]

    done = db.update_action(action.id, 1, status="In progress", target_value=1, theme_id=None)
    assert (done.status, done.target_value, done.theme_id, done.version) == (
        "in progress",
        1.0,
        None,
        2,
    )
    assert (done.title, done.owner, done.due, done.target_year) == (
        action.title,
        action.owner,
        action.due,
        2026,
    )
    assert db.actions(ws.id)[0] == done

    db.delete_action(second.id)
    assert db.actions(ws.id) == [done]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "action title is empty"),
        ({"indicator": "WRES10"}, "Unknown indicator 'WRES10': use one of WRES1 to WRES9"),
        ({"status": "finished"}, "Unknown status 'finished': use one of not started, in progress"),
        ({"target_year": 1999}, "target year 1999 is not plausible"),
        ({"target_year": 2101}, "target year 2101 is not plausible"),
        ({"target_year": "2027"}, "target year '2027' is not plausible"),
        ({"target_year": True}, "target year True is not plausible"),
        ({"target_value": None}, "needs a target value and the year to reach it"),
        ({"target_value": float("inf")}, "finite number"),
        ({"target_value": "1.0"}, "target value must be a number"),
        ({"indicator": None, "theme_id": None}, "Link the action to an indicator"),
        ({"indicator": None}, "target for an indicator: choose the indicator"),
        ({"theme_id": 999}, "no theme 999 in this workspace"),
        ({"due": "2025-03-31"}, "due date must be a date"),
    ],
)
def test_action_rules_give_messages_a_person_can_act_on(
    db: Store, changes: dict, message: str
) -> None:
    ws = db.create_workspace("Northtown")
    _, action = add_plan(db, ws.id)
    fields = {k: v for k, v in asdict(action).items() if k not in ("id", "workspace_id", "version")}
    with pytest.raises(StoreError, match=message):
        db.add_action(ws.id, **(fields | changes))
    with pytest.raises(StoreError, match=message):
        db.update_action(action.id, 1, **changes)
    assert db.actions(ws.id) == [action]  # nothing changed


def test_an_action_target_names_its_unit_band_and_baseline(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    action = db.add_action(ws.id, "Senior leadership programme", indicator="WRES1", theme_id=None,
                           owner="HRD", due=None, target_value=15, target_year=2027,
                           unit=" directorate : HR & OD ", band="band 8A",
                           baseline_value=np.float64(10))  # fmt: skip
    assert (action.unit, action.band, action.baseline_value) == (
        "directorate:HR & OD", "Band 8a", 10.0,
    )  # fmt: skip
    assert type(action.baseline_value) is float
    whole = db.add_action(ws.id, "Fair shortlisting", indicator="WRES2", theme_id=None, owner="",
                          due=None, target_value=1.25, target_year=2027, unit="whole")  # fmt: skip
    assert (whole.unit, whole.band, whole.baseline_value) == (None, None, None)
    edited = db.update_action(action.id, 1, unit="staff_group:Nursing", band="")
    assert (edited.unit, edited.band) == ("staff_group:Nursing", None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit": "HR & OD"}, "'HR & OD' is not a part of the organisation"),
        ({"unit": "ward:Ward 7"}, "'ward:Ward 7' is not a part of the organisation"),
        ({"band": "Band 10"}, "'Band 10' is not a pay band"),
        ({"indicator": "WRES2"}, "A band or cluster is for a target on indicator 1"),
        ({"baseline_value": "10"}, "baseline must be a number"),
        ({"baseline_value": float("nan")}, "baseline must be a finite number"),
    ],
)
def test_unit_band_and_baseline_rules(db: Store, changes: dict, message: str) -> None:
    ws = db.create_workspace("Northtown")
    fields = dict(title="Senior leadership programme", indicator="WRES1", theme_id=None,
                  owner="HRD", due=None, target_value=15, target_year=2027,
                  unit="directorate:HR & OD", band="Band 8a", baseline_value=10.0)  # fmt: skip
    with pytest.raises(StoreError, match=message):
        db.add_action(ws.id, **(fields | changes))
    action = db.add_action(ws.id, **fields)
    with pytest.raises(StoreError, match=message):
        db.update_action(action.id, 1, **changes)
    assert db.actions(ws.id) == [action]


def test_a_baseline_needs_an_indicator(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    theme, _ = add_plan(db, ws.id)
    with pytest.raises(StoreError, match="baseline is a figure of an indicator"):
        db.add_action(ws.id, "Listening", indicator=None, theme_id=theme.id, owner="", due=None,
                      target_value=None, target_year=None, baseline_value=3.0)  # fmt: skip


def test_only_the_editable_fields_of_an_action_can_change(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    _, action = add_plan(db, ws.id)
    with pytest.raises(
        StoreError, match="Cannot change colour, id; only band, baseline_value, due, indicator"
    ):
        db.update_action(action.id, 1, colour="red", id=5)
    assert db.actions(ws.id) == [action]


def test_numbers_from_numpy_or_a_form_are_accepted(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    action = db.add_action(ws.id, "Fair shortlisting", indicator="WRES2", theme_id=None, owner="",
                           due=None, target_value=np.float64(1.1), target_year=np.int64(2027))  # fmt: skip
    assert (action.target_value, action.target_year) == (1.1, 2027)
    assert type(action.target_value) is float and type(action.target_year) is int
    theme, _ = add_plan(db, ws.id)
    edited = db.update_action(action.id, 1, target_year=2028.0, theme_id=float(theme.id))
    assert (edited.target_year, edited.theme_id) == (2028, theme.id)
    assert type(edited.target_year) is int and type(edited.theme_id) is int
    with pytest.raises(StoreError, match="target year 2028.5 is not plausible"):
        db.update_action(action.id, 2, target_year=2028.5)


def test_an_action_cannot_link_to_another_workspaces_theme(db: Store) -> None:
    mine = db.create_workspace("Northtown")
    theirs = db.create_workspace("Southport")
    their_theme, _ = add_plan(db, theirs.id)
    with pytest.raises(StoreError, match=f"no theme {their_theme.id} in this workspace"):
        db.add_action(mine.id, "Borrowed", indicator=None, theme_id=their_theme.id, owner="A",
                      due=None, target_value=None, target_year=None)  # fmt: skip


# ---- two tabs -----------------------------------------------------------------------------------


def test_a_stale_edit_from_a_second_tab_is_refused_and_the_first_kept(url: str) -> None:
    with Store(url) as setup:
        ws = setup.create_workspace("Northtown")
        theme, action = add_plan(setup, ws.id)
    tab_one, tab_two = Store(url), Store(url)
    try:
        seen_by_two = tab_two.actions(ws.id)[0]  # both tabs opened the plan at version 1
        assert tab_one.actions(ws.id)[0].version == seen_by_two.version == 1
        tab_one.update_action(action.id, 1, status="done")
        with pytest.raises(StaleEditError, match="Someone else changed this action.*Reload"):
            tab_two.update_action(action.id, seen_by_two.version, status="dropped")
        kept = tab_two.actions(ws.id)[0]
        assert (kept.status, kept.version) == ("done", 2)

        tab_two.update_theme(theme.id, 1, text="Edited in tab two")
        with pytest.raises(StaleEditError, match="Someone else changed this theme"):
            tab_one.update_theme(theme.id, 1, text="Edited in tab one")
        assert tab_one.themes(ws.id)[0].text == "Edited in tab two"

        tab_one.delete_action(action.id)
        with pytest.raises(StaleEditError, match="no longer exists"):
            tab_two.update_action(action.id, 2, status="dropped")
    finally:
        tab_one.close()
        tab_two.close()


# PostgreSQL only: on SQLite each transaction holds the write lock from its start, so no other
# tab can save in between (test_store_durability.py tests the real race there).
@pytest.mark.parametrize("url", ["postgresql"], indirect=True)
def test_the_version_check_is_in_the_update_itself(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tab that read version 1 just before another tab saved still loses the race cleanly."""
    ws = db.create_workspace("Northtown")
    _, action = add_plan(db, ws.id)
    real = store_module._action_values

    def other_tab_saves_meanwhile(s, a):  # runs between our read and our UPDATE
        with sa.create_engine(db.where).begin() as conn:
            conn.execute(
                sa.text("UPDATE actions SET status = 'done', version = 2 WHERE id = :i"),
                {"i": a.id},
            )
        return real(s, a)

    monkeypatch.setattr(store_module, "_action_values", other_tab_saves_meanwhile)
    with pytest.raises(StaleEditError):
        db.update_action(action.id, 1, status="dropped")
    monkeypatch.undo()
    assert (db.actions(ws.id)[0].status, db.actions(ws.id)[0].version) == ("done", 2)


# ---- export and import --------------------------------------------------------------------------


def test_export_then_import_into_a_fresh_database_reproduces_everything(
    db: Store, tmp_path: Path
) -> None:
    ws = db.create_workspace("Northtown", organisation="Northtown NHS Trust", unit="HR & OD")
    db.save_mapping(ws.id, "staff", {"Ethnic Origin": "ethnicity"})
    db.save_mapping(ws.id, "recruitment", {"Stage": "stage"})
    old = db.save_snapshot(ws.id, "2023", counts_table().iloc[:2], {"WRES1": {"value": 20.0}})
    new = db.save_snapshot(ws.id, "2024", counts_table(), RESULTS)
    theme, action = add_plan(db, ws.id)
    db.add_theme(ws.id, "Unlinked theme", [], "", date(2024, 1, 2))
    db.add_action(ws.id, "Board development", indicator="WRES9", theme_id=None, owner="Chair",
                  due=None, target_value=None, target_year=None, status="done")  # fmt: skip
    db.add_action(ws.id, "Senior leadership programme", indicator="WRES1", theme_id=None,
                  owner="HRD", due=None, target_value=15.0, target_year=2027,
                  unit="directorate:HR & OD", band="Band 8a", baseline_value=10.0)  # fmt: skip

    exported = db.export_workspace(ws.id, internal=True)  # exact counts: test_workspace_export.py
    text = json.dumps(exported)  # really JSON-able
    assert exported["format"] == 2
    assert exported["workspace"] == {
        "name": "Northtown",
        "organisation": "Northtown NHS Trust",
        "unit": "HR & OD",
    }

    with Store(f"sqlite:///{tmp_path / 'fresh.db'}") as fresh:
        here = fresh.create_workspace("Already here")  # so the new ids differ from the old ones
        fresh.add_theme(here.id, "Already here", [], "", date(2024, 1, 1))
        copy = fresh.import_workspace(json.loads(text))
        assert (copy.name, copy.organisation, copy.unit) == (
            "Northtown",
            "Northtown NHS Trust",
            "HR & OD",
        )
        assert fresh.mapping(copy.id, "staff") == {"Ethnic Origin": "ethnicity"}
        assert fresh.mapping(copy.id, "recruitment") == {"Stage": "stage"}

        snaps = fresh.snapshots(copy.id)
        assert [(s.label, s.created_at, s.rows) for s in snaps] == [
            (new.label, new.created_at, 3),
            (old.label, old.created_at, 2),
        ]
        for original, copied in zip((new, old), snaps, strict=True):
            a_counts, a_results = db.load_snapshot(original.id)
            b_counts, b_results = fresh.load_snapshot(copied.id)
            pd.testing.assert_frame_equal(a_counts, b_counts)
            assert a_results == b_results

        themes_before, themes_after = db.themes(ws.id), fresh.themes(copy.id)
        assert len(themes_after) == 2
        for before, after in zip(themes_before, themes_after, strict=True):
            assert (after.text, after.tags, after.source, after.on, after.version) == (
                before.text, before.tags, before.source, before.on, 1,
            )  # fmt: skip
            assert after.workspace_id == copy.id
        new_theme = next(t for t in themes_after if t.text == theme.text)

        actions_before, actions_after = db.actions(ws.id), fresh.actions(copy.id)
        assert len(actions_after) == 3
        assert (actions_after[2].unit, actions_after[2].band, actions_after[2].baseline_value) == (
            "directorate:HR & OD", "Band 8a", 10.0,
        )  # fmt: skip
        for before, after in zip(actions_before, actions_after, strict=True):
            for field in ("title", "indicator", "owner", "due", "target_value", "target_year",
                          "status", "unit", "band", "baseline_value"):  # fmt: skip
                assert getattr(after, field) == getattr(before, field), field
        assert actions_after[0].theme_id == new_theme.id and actions_after[1].theme_id is None
        new_ids = {t.text: t.id for t in themes_after}
        assert new_theme.id != theme.id
        assert fresh.export_workspace(copy.id, internal=True) == exported | {
            "themes": [t | {"id": new_ids[t["text"]]} for t in exported["themes"]],
            "actions": [
                a | {"theme_id": new_theme.id if a["theme_id"] else None}
                for a in exported["actions"]
            ],
        }


def test_import_refuses_a_name_clash_unless_given_a_new_name(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    add_plan(db, ws.id)
    exported = db.export_workspace(ws.id)
    with pytest.raises(
        StoreError, match="'Northtown' already exists. Give the imported workspace a new name"
    ):
        db.import_workspace(exported)
    copy = db.import_workspace(exported, name="Northtown (copy)")
    assert copy.id != ws.id and copy.name == "Northtown (copy)"
    assert [a.title for a in db.actions(copy.id)] == [a.title for a in db.actions(ws.id)]
    assert db.actions(copy.id)[0].theme_id == db.themes(copy.id)[0].id != db.themes(ws.id)[0].id


def _valid_export() -> dict:
    return {
        "format": 1,
        "workspace": {"name": "Imported"},
        "themes": [{"id": 7, "text": "A theme", "tags": [], "source": "", "on": "2024-03-12"}],
        "actions": [
            {
                "title": "An action",
                "indicator": "WRES3",
                "theme_id": 7,
                "owner": "HRD",
                "status": "done",
            }
        ],
    }


def _employee_counts() -> list[dict]:
    records = json.loads(counts_table().to_json(orient="records"))
    return [r | {"employee_number": "E123"} for r in records]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2, 3], "expected a JSON object"),
        ({}, "not a valid workspace export \\(format: Field required; workspace: Field required"),
        (
            {"format": 1, "workspace": {"name": "X"}, "themes": "none"},
            "themes: Input should be a valid list",
        ),
        (_valid_export() | {"format": 3}, "format 3; this dashboard reads formats 1 and 2"),
        (_valid_export() | {"workspace": {"name": ""}}, "workspace name is empty"),
        (
            _valid_export()
            | {"actions": [{"title": "A", "indicator": "WRES12", "owner": "", "status": "done"}]},
            "Not imported: in action 1 of the file, Unknown indicator 'WRES12'",
        ),
        (
            _valid_export()
            | {"actions": [{"title": "A", "theme_id": 8, "owner": "", "status": "done"}]},
            "action 1 of the file, it links to theme 8, which is not in the file",
        ),
        (
            _valid_export() | {"themes": _valid_export()["themes"] * 2},
            "theme 2 of the file, the theme id 7 appears twice",
        ),
        (
            _valid_export()
            | {"snapshots": [{"label": "2024", "counts": _employee_counts(), "results": {}}]},
            "snapshot 1 of the file, Not saved: employee_number looks like personal data",
        ),
        (
            _valid_export()
            | {"snapshots": [{"label": "2024", "counts": [{"year": 2024}], "results": {}}]},
            "snapshot 1 of the file, Not saved: a snapshot keeps exactly the canonical counts columns",
        ),
        (
            _valid_export() | {"mappings": {"staff": {"a": 1}}},
            "mappings.staff.a: Input should be a valid string",
        ),
    ],
)
def test_import_of_malformed_data_is_a_store_error_and_changes_nothing(
    db: Store, data: object, message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        db.import_workspace(data)  # type: ignore[arg-type]
    assert db.workspaces() == []


def test_a_format_1_file_still_imports_its_actions_as_whole_organisation_targets(
    db: Store,
) -> None:
    ws = db.import_workspace(_valid_export() | {"format": 1})
    [action] = db.actions(ws.id)
    assert (action.indicator, action.unit, action.band, action.baseline_value) == (
        "WRES3", None, None, None,
    )  # fmt: skip


def test_the_valid_example_imports(db: Store) -> None:
    ws = db.import_workspace(_valid_export())
    [theme] = db.themes(ws.id)
    [action] = db.actions(ws.id)
    assert (theme.text, theme.on) == ("A theme", date(2024, 3, 12))
    assert (action.indicator, action.theme_id, action.status, action.due) == (
        "WRES3",
        theme.id,
        "done",
        None,
    )


# ---- schema upgrades ----------------------------------------------------------------------------


def test_a_new_migration_is_applied_once_and_recorded(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    latest = store_module.MIGRATIONS[-1].version
    with Store(url) as db:
        assert db.schema_version() == latest == max(m.version for m in store_module.MIGRATIONS)
        assert latest >= 5  # 4: members and the audit trail; 5: when matches were remembered
        db.create_workspace("Northtown")
    calls: list[int] = []

    def add_colour(conn: sa.Connection) -> None:
        calls.append(1)
        add_column(conn, "workspaces", "colour", "VARCHAR(20)")
        add_column(
            conn, "workspaces", "colour", "VARCHAR(20)"
        )  # idempotent: a no-op the second time

    steps = [*store_module.MIGRATIONS, Migration(latest + 1, "workspace colour", add_colour)]
    monkeypatch.setattr(store_module, "MIGRATIONS", steps)
    with Store(url) as db:
        assert db.schema_version() == latest + 1
        assert [w.name for w in db.workspaces()] == ["Northtown"]  # data kept through the upgrade
    with Store(url) as db:
        assert db.schema_version() == latest + 1
    assert calls == [1]

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        recorded = conn.execute(
            sa.text("SELECT version, description FROM schema_version ORDER BY version")
        ).all()
        columns = {c["name"] for c in sa.inspect(conn).get_columns("workspaces")}
    engine.dispose()
    assert [tuple(r)[0] for r in recorded] == [*sorted(m.version for m in steps[:-1]), latest + 1]
    assert tuple(recorded[-1]) == (latest + 1, "workspace colour")
    assert "colour" in columns


def test_a_database_from_a_newer_dashboard_is_refused(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    future = store_module.MIGRATIONS[-1].version + 1
    steps = [*store_module.MIGRATIONS, Migration(future, "from the future", lambda conn: None)]
    monkeypatch.setattr(store_module, "MIGRATIONS", steps)
    Store(url).close()
    monkeypatch.undo()
    with pytest.raises(StoreError, match=f"newer dashboard \\(schema {future}\\)"):
        Store(url)


def version_1_database(url: str) -> None:
    """A database as the first release wrote it: version 1's tables (written out here, as they
    were), one workspace with a mapping, a snapshot, a theme and an action linked to it."""
    meta = sa.MetaData()
    key = lambda table: sa.Column(  # noqa: E731
        "workspace_id", sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False
    )
    sa.Table("schema_version", meta, sa.Column("version", sa.Integer, primary_key=True,
             autoincrement=False), sa.Column("description", sa.String, nullable=False),
             sa.Column("applied_at", sa.DateTime, nullable=False))  # fmt: skip
    sa.Table("workspaces", meta, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("name", sa.String, nullable=False),
             sa.Column("name_key", sa.String, nullable=False, unique=True),
             sa.Column("organisation", sa.String), sa.Column("unit", sa.String),
             sa.Column("created_at", sa.DateTime, nullable=False))  # fmt: skip
    sa.Table("mappings", meta, sa.Column("id", sa.Integer, primary_key=True), key("workspaces"),
             sa.Column("kind", sa.String, nullable=False),
             sa.Column("mapping", sa.JSON, nullable=False),
             sa.UniqueConstraint("workspace_id", "kind"))  # fmt: skip
    sa.Table("snapshots", meta, sa.Column("id", sa.Integer, primary_key=True), key("workspaces"),
             sa.Column("label", sa.String, nullable=False),
             sa.Column("created_at", sa.DateTime, nullable=False),
             sa.Column("rows", sa.Integer, nullable=False),
             sa.Column("counts", sa.JSON, nullable=False),
             sa.Column("results", sa.JSON, nullable=False))  # fmt: skip
    sa.Table("themes", meta, sa.Column("id", sa.Integer, primary_key=True), key("workspaces"),
             sa.Column("text", sa.Text, nullable=False), sa.Column("tags", sa.JSON, nullable=False),
             sa.Column("source", sa.String, nullable=False),
             sa.Column("on_date", sa.Date, nullable=False),
             sa.Column("version", sa.Integer, nullable=False))  # fmt: skip
    sa.Table("actions", meta, sa.Column("id", sa.Integer, primary_key=True), key("workspaces"),
             sa.Column("title", sa.String, nullable=False), sa.Column("indicator", sa.String),
             sa.Column("theme_id", sa.ForeignKey("themes.id")),
             sa.Column("owner", sa.String, nullable=False), sa.Column("due", sa.Date),
             sa.Column("target_value", sa.Float), sa.Column("target_year", sa.Integer),
             sa.Column("status", sa.String, nullable=False),
             sa.Column("version", sa.Integer, nullable=False))  # fmt: skip
    at = pd.Timestamp("2024-04-01 09:00").to_pydatetime()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        meta.create_all(conn)
        t = meta.tables
        conn.execute(t["schema_version"].insert().values(version=1, description="initial tables",
                                                         applied_at=at))  # fmt: skip
        conn.execute(t["workspaces"].insert().values(id=1, name="Northtown", name_key="northtown",
                                                     created_at=at))  # fmt: skip
        conn.execute(t["mappings"].insert().values(workspace_id=1, kind="staff",
                                                   mapping={"Ethnic Origin": "ethnicity"}))  # fmt: skip
        records = json.loads(counts_table().to_json(orient="records"))
        conn.execute(t["snapshots"].insert().values(workspace_id=1, label="2024", created_at=at,
                                                    rows=3, counts=records, results={}))  # fmt: skip
        conn.execute(t["themes"].insert().values(id=1, workspace_id=1, text="Panels", tags=[],
                                                 source="", on_date=date(2024, 3, 1), version=1))  # fmt: skip
        conn.execute(t["actions"].insert().values(
            workspace_id=1, title="Diverse panels", indicator="WRES2", theme_id=1, owner="HRD",
            target_value=1.25, target_year=2026, status="not started", version=1))  # fmt: skip
    engine.dispose()


def test_a_version_1_database_is_upgraded_on_open_and_keeps_everything(url: str) -> None:
    version_1_database(url)
    with Store(url) as db:
        assert db.schema_version() == store_module.MIGRATIONS[-1].version
        ws = db.workspace("Northtown")
        assert db.mappings(ws.id) == {"staff": {"Ethnic Origin": "ethnicity"}}
        [snapshot] = db.snapshots(ws.id)
        pd.testing.assert_frame_equal(db.load_snapshot(snapshot.id)[0], counts_table())
        [theme] = db.themes(ws.id)
        [action] = db.actions(ws.id)
        assert (action.title, action.theme_id, action.target_value) == ("Diverse panels", 1, 1.25)
        assert (action.unit, action.band, action.baseline_value) == (None, None, None)
        # the new columns and table work on the upgraded file
        edited = db.update_action(action.id, 1, indicator="WRES1", unit="directorate:HR & OD",
                                  band="Band 8a", baseline_value=10.0, target_value=15.0)  # fmt: skip
        assert (edited.unit, edited.band, edited.baseline_value) == (
            "directorate:HR & OD", "Band 8a", 10.0,
        )  # fmt: skip
        db.save_loaded(ws.id, counts_table(), "Your data", ["a note"])
        assert db.loaded(ws.id).label == "Your data"
        db.delete_action(action.id)
        db.delete_theme(theme.id)
        assert db.actions(ws.id) == [] and db.themes(ws.id) == []
    assert deleted_marks(url, "actions") == [True]
    with Store(url) as db:  # opening again applies nothing twice
        assert db.schema_version() == store_module.MIGRATIONS[-1].version


# ---- where the database lives ---------------------------------------------------------------------


def test_default_url_honours_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCLUSIVEHR_DB_URL", "postgresql://hr@db.example/inclusivehr")
    monkeypatch.setenv("INCLUSIVEHR_DATA_DIR", str(tmp_path / "ignored"))
    assert default_url() == "postgresql://hr@db.example/inclusivehr"
    assert not (tmp_path / "ignored").exists()

    monkeypatch.delenv("INCLUSIVEHR_DB_URL")
    assert default_url() == f"sqlite:///{tmp_path / 'ignored' / 'inclusivehr.db'}"
    assert (tmp_path / "ignored").is_dir()

    monkeypatch.delenv("INCLUSIVEHR_DATA_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_url() == f"sqlite:///{tmp_path / 'home' / '.inclusivehr' / 'inclusivehr.db'}"
    assert (tmp_path / "home" / ".inclusivehr").is_dir()


def test_store_without_a_url_uses_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INCLUSIVEHR_DB_URL", raising=False)
    monkeypatch.setenv("INCLUSIVEHR_DATA_DIR", str(tmp_path / "data"))
    with Store() as db:
        db.create_workspace("Northtown")
    assert (tmp_path / "data" / "inclusivehr.db").is_file()


def test_the_store_imports_without_streamlit() -> None:
    """Pages call the store, not the other way round: it must work in the CLI and in tests."""
    code = "import sys, dashboard.store; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
