"""Store migration 4: who holds a role on which workspace, and the audit trail of changes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dashboard.store import Store, StoreError


@pytest.fixture
def db(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'audit.db'}") as store:
        yield store


def test_roles_are_given_changed_listed_and_taken_away(db):
    a, b = db.create_workspace("Alderwick"), db.create_workspace("Brookfield")
    db.grant(a.id, "Sam.Jones@NHS.net", "viewer", "admin@nhs.net")
    db.grant(b.id, "sam.jones@nhs.net", "editor", "admin@nhs.net")
    db.grant(a.id, "sam.jones@nhs.net", "owner", "lee@nhs.net")  # changed, not added twice
    assert db.roles_of("SAM.JONES@nhs.net") == {a.id: "owner", b.id: "editor"}
    [member] = db.members(a.id)
    assert (member.email, member.role, member.granted_by) == ("sam.jones@nhs.net", "owner",
                                                              "lee@nhs.net")  # fmt: skip
    db.revoke(a.id, "Sam.Jones@nhs.net")
    assert db.roles_of("sam.jones@nhs.net") == {b.id: "editor"}
    assert db.members(a.id) == []
    assert db.roles_of("nobody@nhs.net") == {}


def test_a_deleted_workspace_is_no_longer_held(db):
    ws = db.create_workspace("Alderwick")
    db.grant(ws.id, "sam@nhs.net", "owner", "admin@nhs.net")
    db.delete_workspace(ws.id)
    assert db.roles_of("sam@nhs.net") == {}


@pytest.mark.parametrize(
    ("email", "role", "words"),
    [
        ("sam@nhs.net", "boss", "Unknown role 'boss'"),
        ("not an address", "viewer", "is not an e-mail address"),
        ("", "viewer", "is empty"),
    ],
)
def test_a_bad_role_or_address_is_refused_plainly(db, email, role, words):
    ws = db.create_workspace("Alderwick")
    with pytest.raises(StoreError, match=words):
        db.grant(ws.id, email, role, "admin@nhs.net")
    assert db.members(ws.id) == []


def test_a_role_on_a_workspace_that_does_not_exist_is_refused(db):
    with pytest.raises(StoreError, match="no workspace"):
        db.grant(999, "sam@nhs.net", "viewer", "admin@nhs.net")


def test_the_audit_trail_lists_who_did_what_newest_first_per_workspace(db):
    a, b = db.create_workspace("Alderwick"), db.create_workspace("Brookfield")
    db.record(a.id, "anyone (sign-in off)", "action added", "Reverse mentoring")
    db.record(b.id, "lee@nhs.net", "theme added", "")
    db.record(a.id, "sam@nhs.net", "role granted", "kim@nhs.net: viewer")
    trail = db.audit_trail(a.id)
    assert [(e.who, e.what, e.detail) for e in trail] == [
        ("sam@nhs.net", "role granted", "kim@nhs.net: viewer"),
        ("anyone (sign-in off)", "action added", "Reverse mentoring"),
    ]
    assert trail[0].at >= trail[1].at and trail[0].at.tzinfo is not None
    assert [e.what for e in db.audit_trail(b.id)] == ["theme added"]


def test_the_audit_trail_outlives_a_deleted_workspace(db):
    ws = db.create_workspace("Alderwick")
    db.record(ws.id, "sam@nhs.net", "workspace deleted", "")
    db.delete_workspace(ws.id)
    assert [e.what for e in db.audit_trail(ws.id)] == ["workspace deleted"]


def test_a_version_3_database_gains_the_members_and_audit_tables(tmp_path):
    """An install from before sign-in opens, is upgraded once, and keeps its workspaces."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Store(url) as db:
        db.create_workspace("Alderwick")
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # back to how version 3 left it
        conn.execute(sa.text("DROP TABLE members"))
        conn.execute(sa.text("DROP TABLE audit"))
        conn.execute(sa.text("DELETE FROM schema_version WHERE version >= 4"))
    engine.dispose()
    with Store(url) as db:
        assert db.schema_version() >= 4
        ws = db.workspace("Alderwick")
        db.grant(ws.id, "sam@nhs.net", "viewer", "admin@nhs.net")
        db.record(ws.id, "admin@nhs.net", "role granted", "sam@nhs.net: viewer")
        assert db.roles_of("sam@nhs.net") == {ws.id: "viewer"}
        assert len(db.audit_trail(ws.id)) == 1
