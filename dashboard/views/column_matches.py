"""Column matches the person makes ("this column holds the pay band"), shared by the file
path and the warehouse's tables: made in a select, kept for the session and, for people who may
change the workspace's matches, remembered per kind of rows. Only column names are kept, never
a row of data.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.access import MAP, perform, refusal
from dashboard.auth import who
from dashboard.workspace import store, workspace_named

MAPPING = "inclusivehr_mapping"  # kind -> {column: field}, chosen in this session
CHOOSE = "(choose)"


def remembered(organisation: str, kind: str) -> dict[str, str]:
    """The matches the organisation's workspace keeps for this kind of rows."""
    ws = workspace_named(organisation or None, create=False)
    return store().mapping(ws.id, kind) if ws else {}


def remember(organisation: str, kind: str, mapping: dict[str, str]) -> None:
    """Kept for the workspace when the person may change its matches; else for this session."""
    ws = workspace_named(organisation or None, create=True)
    if ws is None or refusal(ws, MAP):
        st.session_state.setdefault(MAPPING, {})[kind] = dict(mapping)
        return
    perform(ws, MAP, "column matches saved",
            lambda: store().save_mapping(ws.id, kind, mapping, by=who()),
            f"{kind}: " + ", ".join(f"{c} -> {f}" for c, f in mapping.items()))  # fmt: skip


def chosen_now(kind: str) -> dict[str, str]:
    """Column matches the person made in this session (not remembered from before)."""
    return st.session_state.get(MAPPING, {}).get(kind, {})


def matches_for(organisation: str, kind: str, has_column: Callable[[str], bool]) -> dict[str, str]:
    """Remembered and session matches for one kind, for the columns this file or table has: a
    match remembered from another file must not stop this one being read."""
    found = {**remembered(organisation, kind), **chosen_now(kind)}
    return {column: f for column, f in found.items() if has_column(column)}


def column_step(kind: str, field_name: str, columns: list[str], *, key: str) -> bool:
    """A select of the columns found for a field the tool could not recognise (the refusal
    above it names the file or table: a name from the data is kept out of the label, which is
    read as Markdown). True when the person has just chosen a new column (saved for the
    session and remembered): the caller reruns."""
    question = f"Which column holds the {field_name.replace('_', ' ')}?"
    choice = st.selectbox(question, [CHOOSE, *columns], key=key)
    column = choice if choice != CHOOSE else None
    session = st.session_state.setdefault(MAPPING, {}).setdefault(kind, {})
    if column is None or session.get(column) == field_name:
        return False
    others = lambda found: {c: f for c, f in found.items() if f != field_name}  # noqa: E731
    kept = others(session)  # one column per field: a choice replaces an earlier match
    session.clear()
    session.update({**kept, column: field_name})
    organisation = st.session_state.get("org_name") or ""
    remember(organisation, kind, {**others(remembered(organisation, kind)), column: field_name})
    return True
