"""The store for this app process, and the workspace the current data belongs to."""

from __future__ import annotations

import streamlit as st

from dashboard.state import DataSet
from dashboard.store import Store, StoreError, Workspace


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """One connection pool per server process; the location comes from the settings."""
    return Store()


def workspace_for(data: DataSet) -> Workspace:
    """Each organisation's themes and actions live in a workspace named after it."""
    name = data.organisation or "My organisation"
    db = store()
    try:
        return db.workspace(name)
    except StoreError:
        return db.create_workspace(name, organisation=data.organisation)
