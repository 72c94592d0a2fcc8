"""The store for this app process, the workspace the current data belongs to, and the words
pages use for what an action's target is about."""

from __future__ import annotations

import math

import streamlit as st

from dashboard.access import CREATE, EDIT, VIEW, can, perform, refusal
from dashboard.auth import current_user, who
from dashboard.render import SHORT_LABELS
from dashboard.state import WORKSPACE_PARAM, DataSet, has_data, replace
from dashboard.store import Store, StoreError, Workspace
from metrics import reference as ref
from metrics.counts.units import UnitChoice

# The saved snapshot chosen as the baseline on step 5 (set on Your workspace), as its id.
BASELINE_SNAPSHOT = "inclusivehr_baseline_snapshot"


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """One connection pool per server process; the location comes from the settings."""
    return Store()


def workspace_name(data: DataSet) -> str:
    """Each organisation's themes and actions live in a workspace named after it."""
    return data.organisation or "My organisation"


def workspace_for(data: DataSet) -> Workspace | None:
    """The workspace for the data's organisation, started on first use; None when the signed-in
    person holds no role on it (or may not start it): the figures are then for the session only."""
    return workspace_named(data.organisation, create=True)


def workspace_named(organisation: str | None, *, create: bool) -> Workspace | None:
    """One rule for finding (and, for those who may, starting) an organisation's workspace."""
    name = organisation or "My organisation"
    db = store()
    try:
        ws = db.workspace(name)
    except StoreError:
        ws = None
    if ws is not None:
        return ws if can(current_user(), ws, VIEW) else None
    if not (create and can(current_user(), None, CREATE)):
        return None
    ws = db.open_workspace(name, organisation=organisation or None)
    db.record(ws.id, who(), "workspace created", name)
    return ws


def mark_done(data: DataSet, milestone: str) -> None:
    """Record that this workspace reached a step of the journey ("reviewed": step 2 looked at;
    "pack": a board pack downloaded), for the landing page, across sessions."""
    recorded = st.session_state.setdefault(_RECORDED, set())
    ws = workspace_for(data)
    if ws is None or refusal(ws, EDIT):  # a viewer's look is not the workspace's progress
        return
    if (ws.id, milestone) not in recorded:  # step 2 reruns often: one write per session is enough
        if milestone not in store().progress(ws.id):  # audited once, when first reached
            perform(ws, EDIT, "step reached", lambda: store().mark_progress(ws.id, milestone),
                    milestone)  # fmt: skip
        recorded.add((ws.id, milestone))


_RECORDED = "inclusivehr_progress_recorded"  # (workspace id, step) written in this session


def remember_loaded(data: DataSet) -> bool:
    """A successful load is kept for its workspace as counts only (never the rows), and the
    address names the workspace, so a browser reload or a server restart brings it back. False
    when the person may not keep data there: the load is for this session only."""
    ws = workspace_for(data)
    if ws is None or refusal(ws, EDIT):
        return False
    perform(ws, EDIT, "data loaded", lambda: store().save_loaded(ws.id, data.counts, data.label,
                                                                 data.notes), data.label)  # fmt: skip
    keep_in_address(data)
    return True


def keep_in_address(data: DataSet) -> None:
    """The address names the workspace of the data shown (Streamlit clears the query on a page
    change, so every run writes it again); the sample has none."""
    if not data.is_sample and st.query_params.get(WORKSPACE_PARAM) != workspace_name(data):
        st.query_params[WORKSPACE_PARAM] = workspace_name(data)


def restore_loaded() -> None:
    """A new session (after a reload or a restart) whose address names a workspace gets back the
    counts that workspace last loaded; without one it starts on the sample as before."""
    name = st.query_params.get(WORKSPACE_PARAM)
    if has_data() or not name:
        return
    db = store()
    try:
        ws = db.workspace(name)
        loaded = db.loaded(ws.id) if can(current_user(), ws, VIEW) else None
    except StoreError:
        return
    if loaded is not None:
        replace(DataSet(label=loaded.label, organisation=ws.organisation, counts=loaded.counts,
                        notes=list(loaded.notes), restored_at=loaded.saved_at))  # fmt: skip


def unit_words(key: str | None) -> str:
    """A unit key in plain words for a table: "Whole organisation", "HR & OD"."""
    try:
        label = UnitChoice.parse(key).label
    except ValueError:
        return str(key)
    return label[:1].upper() + label[1:]


def indicator_words(indicator: str | None) -> str:
    if not indicator:
        return "none"
    return f"{indicator}: {SHORT_LABELS.get(indicator, indicator)}"


def bands_in(data: DataSet) -> list[str]:
    """The canonical bands the staff counts hold, in the reporting order."""
    order = ref.bands()
    present = {str(b) for b in data.counts["band"].dropna().unique()} & set(order)
    return sorted(present, key=lambda b: order[b].order)


def number_words(value: float | None, missing: str = "not set") -> str:
    """A figure for a table cell: never a raw None or nan."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    return f"{value:.2f}".rstrip("0").rstrip(".")
