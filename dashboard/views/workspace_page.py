"""Your workspace: everything the dashboard remembers for this organisation, each part
changeable and deletable. Remembered column matches and label maps, saved snapshots (viewable,
deletable, usable as the baseline on step 5), themes and actions, export and import as JSON, and
deleting the whole workspace. Every delete is recorded in the database as deleted."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.markup import md
from dashboard.state import current
from dashboard.store import Snapshot, Store, StoreError, Workspace
from dashboard.workspace import (
    BASELINE_SNAPSHOT,
    indicator_words,
    store,
    workspace_for,
)
from metrics import reference_data as ref

_MESSAGE = "ws_message"  # (kind, text) shown once at the top of the page
_CONFIRM = "ws_confirm"  # what is waiting for "Yes, delete it": ("snapshot", id)
STATUS_WORDS = {"ok": "ok", "small_numbers": "small numbers", "not_computable": "not computable",
                "no_data": "no data", "no_variation": "no difference to measure"}  # fmt: skip


def _say(kind: str, text: str) -> None:
    st.session_state[_MESSAGE] = (kind, text)


def _guarded(action: Callable[[], None], done: str) -> None:
    """Run a store change from a callback; its outcome is shown at the top of the page."""
    try:
        action()
    except StoreError as exc:
        _say("error", f"Not done: {exc}")
        return
    _say("success", done)


def _kind_words(kind: str) -> str:
    if kind.startswith("labels:"):
        return f"Your own {kind.partition(':')[2]} labels"
    spec = ref.kinds().get(kind)
    return f"Columns of the {spec.label} file" if spec else kind.replace("_", " ")


def _mappings(db: Store, ws: Workspace) -> None:
    st.subheader("Remembered column matches and label maps")
    remembered = db.mappings(ws.id)
    if not remembered:
        st.caption("Nothing remembered yet: matches you make on *Use your own data* appear here.")
        return
    for kind, mapping in remembered.items():
        with st.expander(f"{_kind_words(kind)} ({len(mapping)})", expanded=False):
            is_labels = kind.startswith("labels:")
            st.dataframe(pd.DataFrame({"In your file": list(mapping),
                                       "Read as": [v.replace("_", " ") for v in mapping.values()]}),
                         hide_index=True)  # fmt: skip
            column = st.selectbox("Match to change or forget", list(mapping), key=f"map_pick_{kind}")
            spec = ref.kinds().get(kind)
            new_key = f"map_new_{kind}_{column}"
            if spec is not None and not is_labels:
                fields = list(spec.fields)
                index = fields.index(mapping[column]) if mapping[column] in fields else 0
                st.selectbox("Read it as", fields, key=new_key, index=index,
                             format_func=lambda f: f.replace("_", " "))  # fmt: skip
            else:
                st.text_input("Read it as", value=mapping[column], key=new_key)
            cols = st.columns(3)
            cols[0].button("Save this match", key=f"map_save_{kind}", on_click=_save_match,
                           args=(db, ws.id, kind, column, new_key))  # fmt: skip
            cols[1].button("Forget this match", key=f"map_clear_{kind}", on_click=_guarded, args=(
                lambda k=kind, c=column: db.clear_mapping(ws.id, k, c), f"Forgotten: {column}."))  # fmt: skip
            cols[2].button("Forget all of these", key=f"map_clear_all_{kind}", on_click=_guarded,
                           args=(lambda k=kind: db.clear_mapping(ws.id, k),
                                 f"Forgotten: {_kind_words(kind).lower()}."))  # fmt: skip


def _save_match(db: Store, workspace_id: int, kind: str, column: str, new_key: str) -> None:
    new = str(st.session_state.get(new_key) or "").strip()
    if not new:
        _say("error", f"Not saved: say what {column} should be read as, or forget the match.")
        return
    _guarded(lambda: db.save_mapping(workspace_id, kind, {**db.mapping(workspace_id, kind),
                                                          column: new}),
             f"Saved: {column} is read as {new.replace('_', ' ')}.")  # fmt: skip


def snapshot_results(results: dict) -> pd.DataFrame:
    """A saved snapshot's results in words: each indicator, what it showed, its status."""
    rows = [{"Indicator": indicator_words(key), "What it showed": r.get("reading") or "",
             "Status": STATUS_WORDS.get(r.get("status"), str(r.get("status") or ""))}
            for key, r in (results.get("indicators") or {}).items()]  # fmt: skip
    return pd.DataFrame(rows, columns=["Indicator", "What it showed", "Status"])


def _use_as_baseline(snapshot_id: int) -> None:
    st.session_state[BASELINE_SNAPSHOT] = snapshot_id
    _say("success", "Step 5 will compare the latest figures with this snapshot.")


def _delete_snapshot(db: Store, snapshot_id: int) -> None:
    st.session_state.pop(_CONFIRM, None)
    if st.session_state.get(BASELINE_SNAPSHOT) == snapshot_id:
        st.session_state[BASELINE_SNAPSHOT] = None
    _guarded(lambda: db.delete_snapshot(snapshot_id),
             "Snapshot deleted (kept in the database, marked deleted).")  # fmt: skip


def _snapshots(db: Store, ws: Workspace) -> None:
    st.subheader("Saved snapshots")
    snapshots: list[Snapshot] = db.snapshots(ws.id)
    if not snapshots:
        st.caption("No snapshots yet: save one on step 2 (*Save these figures as a snapshot*).")
        return
    st.dataframe(pd.DataFrame([{"Label": s.label, "Saved": f"{s.created_at:%d %b %Y %H:%M}",
                                "Rows of counts": s.rows} for s in snapshots]),
                 hide_index=True)  # fmt: skip
    names = {s.id: f"{s.label} ({s.created_at:%d %b %Y})" for s in snapshots}
    picked = st.selectbox("Snapshot", list(names), format_func=names.get, key="ws_snapshot")
    chosen = st.session_state.get(BASELINE_SNAPSHOT) == picked
    cols = st.columns(3)
    view = cols[0].toggle("Show its results", key="ws_snapshot_view")
    cols[1].button("Use as the baseline on step 5", key="ws_snapshot_baseline", disabled=chosen,
                   on_click=_use_as_baseline, args=(picked,))  # fmt: skip
    if cols[2].button("Delete this snapshot", key="ws_snapshot_delete"):
        st.session_state[_CONFIRM] = ("snapshot", picked)
    if chosen:
        st.caption("This snapshot is the baseline on step 5.")
    if st.session_state.get(_CONFIRM) == ("snapshot", picked):
        st.warning(f"Delete the snapshot “{md(names[picked])}”? The database keeps it, "
                   "marked deleted.")  # fmt: skip
        yes, no = st.columns(2)
        yes.button("Yes, delete it", key="ws_snapshot_delete_yes", on_click=_delete_snapshot,
                   args=(db, picked))  # fmt: skip
        if no.button("Keep it", key="ws_snapshot_delete_no"):
            st.session_state.pop(_CONFIRM, None)
            st.rerun()
    if view:
        try:
            _, results = db.load_snapshot(picked)
        except StoreError as exc:
            st.error(md(exc))
            return
        st.dataframe(snapshot_results(results), hide_index=True)


def _link(module: str, url_path: str, label: str) -> None:
    """A link to another step that keeps this session; plain words when there is no navigation
    (a page run on its own, as in the tests)."""
    from importlib import import_module

    page = st.Page(import_module(f"dashboard.views.{module}").render, title=label, url_path=url_path)
    try:
        st.page_link(page, label=label)
    except (StreamlitAPIException, KeyError):
        st.caption(label)


def _plan(db: Store, ws: Workspace) -> None:
    st.subheader("Themes and actions")
    themes, actions = db.themes(ws.id), db.actions(ws.id)
    cols = st.columns(2)
    cols[0].metric("Themes from listening", len(themes))
    cols[1].metric("Actions in the plan", len(actions))
    with cols[0]:
        _link("lived_experience", "listen", "Step 3: see, add or delete themes")
    with cols[1]:
        _link("plan", "plan", "Step 4: see, change or delete actions")


def _files(db: Store) -> None:
    """Export a workspace (themes, actions, snapshots, matches) as JSON, or import one."""
    st.subheader("Move a workspace between installations")
    names = [w.name for w in db.workspaces()]
    if names:
        name = st.selectbox("Workspace", names, key="export_ws")
        exported = json.dumps(db.export_workspace(db.workspace(name).id), indent=2, default=str)
        st.download_button("Download workspace (.json)", exported,
                           file_name=f"{name}.inclusivehr.json", mime="application/json")  # fmt: skip
    up = st.file_uploader("Import a workspace (.json)", type=["json"], key="import_ws")
    new_name = st.text_input(
        "Name for the imported workspace (if the name is taken)", key="import_name"
    )
    if up is not None and st.button("Import", key="import_go"):
        try:
            ws = db.import_workspace(json.loads(up.getvalue()), name=new_name or None)
            st.success(f"Imported workspace {md(ws.name)}.")
        except (StoreError, ValueError) as exc:
            st.error("Not imported: the file is not a workspace this dashboard can read.")
            with st.expander("Why"):
                st.text(str(exc))


def _delete_workspace(db: Store, ws: Workspace) -> None:
    st.session_state["ws_delete_name"] = ""
    st.session_state[BASELINE_SNAPSHOT] = None
    _guarded(lambda: db.delete_workspace(ws.id),
             f"Workspace “{ws.name}” deleted (kept in the database, marked deleted). The pages "
             "now start a new, empty workspace for this organisation.")  # fmt: skip


def _danger(db: Store, ws: Workspace) -> None:
    st.subheader("Delete this workspace")
    st.caption("Its matches, snapshots, themes and actions leave every page and export. The "
               "database keeps them, marked deleted.")  # fmt: skip
    typed = st.text_input(f"Type the workspace's name ({ws.name}) to confirm",
                          key="ws_delete_name")  # fmt: skip
    st.button("Delete this workspace", key="ws_delete", type="primary",
              disabled=typed.strip().casefold() != ws.name.casefold(),
              on_click=_delete_workspace, args=(db, ws))  # fmt: skip


def render() -> None:
    data = current()
    st.title("Your workspace")
    db, ws = store(), workspace_for(data)
    st.caption("What the dashboard remembers for this organisation, in its database: never "
               "row-level staff records.")  # fmt: skip
    st.text(f"Workspace: {ws.name}")
    if message := st.session_state.pop(_MESSAGE, None):
        getattr(st, message[0])(md(message[1]))
    _mappings(db, ws)
    _snapshots(db, ws)
    _plan(db, ws)
    _files(db)
    _danger(db, ws)
