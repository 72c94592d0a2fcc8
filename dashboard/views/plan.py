"""Step 4, identify themes and plan: the action plan, editable in place."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.state import current
from dashboard.store import STATUSES, StaleEditError, StoreError
from dashboard.workspace import store, workspace_for
from metrics.counts import INDICATORS

COLUMNS = ["id", "version", "title", "indicator", "owner", "due", "target_value", "target_year",
           "status"]  # fmt: skip


def _table(actions) -> pd.DataFrame:
    return pd.DataFrame([{c: getattr(a, c) for c in COLUMNS} for a in actions], columns=COLUMNS)


def _save_edits(db, before: pd.DataFrame, after: pd.DataFrame) -> None:
    """Each changed row goes back with the version it was read at: a newer save elsewhere wins
    and this edit is refused with a message, never silently overwritten."""
    for (_, old), (_, new) in zip(before.iterrows(), after.iterrows(), strict=True):
        changes = {c: new[c] for c in COLUMNS[2:] if not _same(old[c], new[c])}
        if not changes:
            continue
        changes = {k: (None if _missing(v) else v) for k, v in changes.items()}
        try:
            db.update_action(int(old["id"]), int(old["version"]), **changes)
        except StaleEditError as exc:
            st.error(str(exc))
        except StoreError as exc:
            st.error(f"{old['title']}: {exc}")


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _same(a, b) -> bool:
    return (_missing(a) and _missing(b)) or a == b


def render() -> None:
    data = current()
    st.title("4. Identify themes and plan")
    db, ws = store(), workspace_for(data)
    with st.form("action", clear_on_submit=True):
        st.write("Add an action")
        title = st.text_input("Action")
        cols = st.columns(3)
        indicator = cols[0].selectbox("Indicator it should move", ["(none)", *INDICATORS])
        themes = {f"{t.text[:60]} ({t.on})": t.id for t in db.themes(ws.id)}
        theme = st.selectbox("Lived-experience theme it answers", ["(none)", *themes])
        owner = cols[1].text_input("Owner (a role, e.g. Director of People)")
        due = cols[2].date_input("Due", value=None)
        cols = st.columns(3)
        target_value = cols[0].number_input("Target value for the indicator", value=None)
        target_year = cols[1].number_input("Year to reach it", value=None, step=1, min_value=2000,
                                           max_value=2100)  # fmt: skip
        status = cols[2].selectbox("Status", list(STATUSES))
        if st.form_submit_button("Add action"):
            try:
                db.add_action(ws.id, title, indicator=None if indicator == "(none)" else indicator,
                              theme_id=themes.get(theme), owner=owner, due=due, target_value=target_value,
                              target_year=int(target_year) if target_year else None, status=status)  # fmt: skip
                st.success("Action added.")
            except StoreError as exc:
                st.error(str(exc))
    before = _table(db.actions(ws.id))
    if before.empty:
        st.caption("No actions yet.")
        return
    st.subheader("The plan")
    after = st.data_editor(
        before,
        hide_index=True,
        disabled=["id", "version"],
        column_config={
            "id": None, "version": None,
            "status": st.column_config.SelectboxColumn("Status", options=list(STATUSES)),
            "indicator": st.column_config.SelectboxColumn("Indicator", options=list(INDICATORS)),
            "due": st.column_config.DateColumn("Due"),
            "title": st.column_config.TextColumn("Action"),
            "owner": st.column_config.TextColumn("Owner"),
            "target_value": st.column_config.NumberColumn("Target value"),
            "target_year": st.column_config.NumberColumn("Target year", format="%d"),
        },
        key=f"plan_{ws.id}_{int(before['version'].sum())}",
    )  # fmt: skip
    if st.button("Save changes"):
        _save_edits(db, before, after)
        st.rerun()
