"""Audit trail: every change to this organisation's workspace, who made it and when, newest
first. For the workspace's owners and administrators (everyone, with sign-in off)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.access import AUDIT, refusal
from dashboard.state import current
from dashboard.store import AuditEntry
from dashboard.workspace import store, workspace_for


def audit_table(entries: list[AuditEntry]) -> pd.DataFrame:
    rows = [{"When (UTC)": f"{e.at:%d %b %Y %H:%M:%S}", "Who": e.who, "What": e.what,
             "Details": e.detail} for e in entries]  # fmt: skip
    return pd.DataFrame(rows, columns=["When (UTC)", "Who", "What", "Details"])


def render() -> None:
    st.title("Audit trail")
    ws = workspace_for(current())
    if reason := refusal(ws, AUDIT):
        st.info(reason)
        return
    st.caption("Every change to this workspace: who made it and when, newest first. Changes made "
               "while sign-in was off are recorded as made by anyone.")  # fmt: skip
    st.text(f"Workspace: {ws.name}")
    entries = store().audit_trail(ws.id)
    if not entries:
        st.caption("No changes recorded yet.")
        return
    st.dataframe(audit_table(entries), hide_index=True)
