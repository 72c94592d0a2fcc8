"""Who may do what to a workspace: the one permission check every change goes through.

With sign-in off (a single-user install) everyone may do everything, as the app says plainly.
With sign-in on, a person holds a role per workspace, given by an administrator (or the
workspace's owner):
- viewer: sees the workspace (lists, restores, opens it) and downloads what is safe to publish;
- editor: also changes themes, actions, labels, column matches, snapshots and the data kept;
- owner: also takes the internal (exact) export, grants roles, reads the audit trail, deletes.
Administrators (INCLUSIVEHR_ADMINS) may do all of it on every workspace, and create workspaces.
Pages disable what a person may not do and say why; `perform` refuses it again at the point of
change and writes the audit trail, so no page can forget either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from dashboard.auth import User, current_user, sign_in_on, who
from dashboard.store import ROLES, Store, StoreError, Workspace

R = TypeVar("R")

VIEW, EDIT, MAP, EXPORT_INTERNAL, GRANT, AUDIT, DELETE, CREATE = (
    "view", "edit", "map", "export internal", "grant", "audit", "delete", "create"
)  # fmt: skip
ALLOWED: dict[str, frozenset[str]] = {
    "viewer": frozenset({VIEW}),
    "editor": frozenset({VIEW, EDIT, MAP}),
    "owner": frozenset({VIEW, EDIT, MAP, EXPORT_INTERNAL, GRANT, AUDIT, DELETE}),
}
assert set(ALLOWED) == set(ROLES)

# Why a control is off, in a sentence for the page.
REASONS = {
    VIEW: "You hold no role on this workspace: ask an administrator to give you one.",
    EDIT: "Viewers can look but not change anything: ask the workspace's owner to make you an "
    "editor.",
    MAP: "Only editors and owners can change the workspace's remembered column matches.",
    EXPORT_INTERNAL: "Only the workspace's owner can download the exact (internal) figures.",
    GRANT: "Only the workspace's owner or an administrator can give or take away roles.",
    AUDIT: "Only the workspace's owner or an administrator can read its audit trail.",
    DELETE: "Only the workspace's owner or an administrator can delete it.",
    CREATE: "Only an administrator can start a new workspace: ask one to create it and give you "
    "a role.",
}


class AccessDenied(StoreError, PermissionError):
    """A change the signed-in person may not make; the message says why (shown as it is)."""


def _db() -> Store:
    from dashboard.workspace import store  # the app's one store; imported late (it imports us)

    return store()


def role(user: User | None, workspace: Workspace) -> str | None:
    """The person's role on the workspace; administrators act as owners everywhere."""
    if user is None:
        return None
    if user.is_admin:
        return "owner"
    return _db().roles_of(user.email).get(workspace.id)


def can(user: User | None, workspace: Workspace | None, action: str) -> bool:
    """Whether the person may do this; `workspace` is None only for CREATE."""
    if action not in REASONS:
        raise ValueError(f"unknown action {action!r}")
    if not sign_in_on():
        return True
    if user is None:
        return False
    if action == CREATE or workspace is None:
        return action == CREATE and user.is_admin
    held = role(user, workspace)
    return held is not None and action in ALLOWED[held]


def require(user: User | None, workspace: Workspace | None, action: str) -> None:
    if not can(user, workspace, action):
        raise AccessDenied(REASONS[action])


def refusal(workspace: Workspace | None, action: str) -> str | None:
    """For a page: None when the signed-in person may do this, else the plain reason."""
    if workspace is None:
        return ("These figures are for this session only: you hold no workspace for this "
                "organisation, so nothing can be kept.")  # fmt: skip
    return None if can(current_user(), workspace, action) else REASONS[action]


def perform(
    workspace: Workspace, action: str, what: str, change: Callable[[], R], detail: object = ""
) -> R:
    """Check, make the change, then add it to the workspace's audit trail (who and when)."""
    require(current_user(), workspace, action)
    result = change()
    _db().record(workspace.id, who(), what, str(detail))
    return result


def visible(workspaces: Iterable[Workspace]) -> list[Workspace]:
    """The workspaces the signed-in person may see, for any list on a page."""
    user = current_user()
    if not sign_in_on() or (user is not None and user.is_admin):
        return list(workspaces)
    if user is None:
        return []
    held = _db().roles_of(user.email)  # every role may view: one query, not one per workspace
    return [w for w in workspaces if w.id in held]
