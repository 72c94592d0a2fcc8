"""The one permission check: what each role may do, with sign-in on and off."""

from __future__ import annotations

from datetime import date

import pytest
from app_pages import database  # noqa: F401

from dashboard import access
from dashboard.access import (
    AccessDenied,
    can,
    perform,
    refusal,
    require,
    visible,
)
from dashboard.auth import ANYONE, User, admins, sign_in_on
from dashboard.workspace import store

pytestmark = pytest.mark.usefixtures("database")

ACTIONS = ["view", "edit", "map", "export internal", "grant", "audit", "delete"]
# Worked out from the roles as the issue defines them, not from the code's table.
EXPECTED = {
    "viewer": {"view"},
    "editor": {"view", "edit", "map"},
    "owner": {"view", "edit", "map", "export internal", "grant", "audit", "delete"},
}


@pytest.fixture
def sign_in(monkeypatch):
    monkeypatch.setenv("INCLUSIVEHR_SIGN_IN", "on")
    monkeypatch.setenv("INCLUSIVEHR_ADMINS", " Admin@NHS.net , chief@nhs.net")


def test_sign_in_is_off_unless_switched_on(monkeypatch):
    monkeypatch.delenv("INCLUSIVEHR_SIGN_IN", raising=False)
    assert not sign_in_on()
    for value, on in [("on", True), ("ON", True), ("true", True), ("off", False), ("", False),
                      ("maybe", False)]:  # fmt: skip
        monkeypatch.setenv("INCLUSIVEHR_SIGN_IN", value)
        assert sign_in_on() is on


def test_administrators_are_read_from_the_setting_ignoring_case(sign_in):
    assert admins() == {"admin@nhs.net", "chief@nhs.net"}
    assert User("admin@nhs.net", "Admin").is_admin
    assert not User("sam@nhs.net", "Sam").is_admin


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_may_do_exactly_its_share(sign_in, role):
    ws = store().create_workspace("Alderwick")
    store().grant(ws.id, "sam@nhs.net", role, "admin@nhs.net")
    sam = User("sam@nhs.net", "Sam")
    allowed = {a for a in ACTIONS if can(sam, ws, a)}
    assert allowed == EXPECTED[role]
    assert not can(sam, None, "create")  # only administrators start workspaces


def test_without_a_role_nothing_is_allowed_and_the_reason_is_plain(sign_in):
    ws = store().create_workspace("Alderwick")
    other = store().create_workspace("Brookfield")
    store().grant(other.id, "sam@nhs.net", "owner", "admin@nhs.net")  # a role elsewhere
    sam = User("sam@nhs.net", "Sam")
    assert not any(can(sam, ws, a) for a in ACTIONS)
    with pytest.raises(AccessDenied, match="no role on this workspace") as raised:
        require(sam, ws, "view")
    assert isinstance(raised.value, PermissionError)


def test_administrators_may_do_everything_everywhere(sign_in):
    ws = store().create_workspace("Alderwick")
    chief = User("chief@nhs.net", "Chief")
    assert all(can(chief, ws, a) for a in ACTIONS)
    assert can(chief, None, "create")


def test_nobody_signed_in_may_do_nothing_when_sign_in_is_on(sign_in):
    ws = store().create_workspace("Alderwick")
    assert not any(can(None, ws, a) for a in [*ACTIONS, "create"])


def test_with_sign_in_off_everyone_may_do_everything(monkeypatch):
    monkeypatch.delenv("INCLUSIVEHR_SIGN_IN", raising=False)
    ws = store().create_workspace("Alderwick")
    assert all(can(None, ws, a) for a in [*ACTIONS, "create"])
    assert visible(store().workspaces()) == [ws]
    assert refusal(ws, "delete") is None


def test_a_change_with_sign_in_off_is_recorded_as_made_by_anyone(monkeypatch):
    monkeypatch.delenv("INCLUSIVEHR_SIGN_IN", raising=False)
    ws = store().create_workspace("Alderwick")
    theme = perform(ws, "edit", "theme added", lambda: store().add_theme(
        ws.id, "Few BME staff reach band 8a", ["progression"], "Staff network",
        date(2026, 11, 2)), "progression")  # fmt: skip
    assert theme.text == "Few BME staff reach band 8a"
    [entry] = store().audit_trail(ws.id)
    assert (entry.who, entry.what, entry.detail) == (ANYONE, "theme added", "progression")


def test_a_refused_change_is_neither_made_nor_recorded(sign_in):
    """Nobody is signed in here (no script run): the change is refused before it is made."""
    ws = store().create_workspace("Alderwick")
    made = []
    with pytest.raises(AccessDenied):
        perform(ws, "edit", "action added", lambda: made.append(1))
    assert made == [] and store().audit_trail(ws.id) == []


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown action"):
        can(None, None, "fly")


def test_every_action_has_a_plain_reason():
    assert set(access.REASONS) == {*ACTIONS, "create"}
    assert all(r.endswith(".") and "_" not in r for r in access.REASONS.values())
