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

from dashboard.access import (
    CREATE,
    DELETE,
    EDIT,
    EXPORT_INTERNAL,
    GRANT,
    MAP,
    REASONS,
    VIEW,
    can,
    perform,
    refusal,
    require,
    visible,
)
from dashboard.auth import SHARED_WARNING, current_user, sign_in_on, who
from dashboard.markup import WORD_JOINER, md
from dashboard.pack.csv_safe import to_csv_text
from dashboard.state import current
from dashboard.store import (
    ROLES,
    RememberedMatch,
    Snapshot,
    Store,
    StoreError,
    Workspace,
    download_name,
    internal_export,
)
from dashboard.workspace import (
    BASELINE_SNAPSHOT,
    indicator_words,
    store,
    workspace_for,
)
from metrics import reference as ref

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


def _change(ws: Workspace, action: str, what: str, change: Callable[[], object], done: str,
            detail: object = "") -> None:  # fmt: skip
    """A checked, audited change from a callback (the permission is checked again here)."""
    _guarded(lambda: perform(ws, action, what, change, detail), done)


def _kind_words(kind: str) -> str:
    if kind.startswith("labels:"):
        return f"Your own {kind.partition(':')[2]} labels"
    if kind == "warehouse_tables":  # views.warehouse_tables.TABLES_KIND
        return "Tables in your warehouse"
    spec = ref.kinds().get(kind)
    return f"Columns of the {spec.label} file or table" if spec else kind.replace("_", " ")


def _mappings(db: Store, ws: Workspace) -> None:
    st.subheader("Remembered column matches and label maps")
    remembered = db.mappings(ws.id)
    if not remembered:
        st.caption("Nothing remembered yet: matches you make on *Use your own data* appear here.")
        return
    for kind, mapping in remembered.items():
        with st.expander(f"{md(_kind_words(kind))} ({len(mapping)})", expanded=False):
            is_labels = kind.startswith("labels:")
            st.dataframe(_match_table(db.remembered_matches(ws.id, kind)), hide_index=True)
            column = st.selectbox(
                "Match to change or forget", list(mapping), key=f"map_pick_{kind}"
            )
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
            off = refusal(ws, MAP)
            cols[0].button("Save this match", key=f"map_save_{kind}", on_click=_save_match,
                           args=(db, ws, kind, column, new_key), disabled=bool(off), help=off)  # fmt: skip
            cols[1].button("Forget this match", key=f"map_clear_{kind}", on_click=_change, args=(
                ws, MAP, "column match forgotten", lambda k=kind, c=column: db.clear_mapping(
                    ws.id, k, c), f"Forgotten: {column}.", f"{kind}: {column}"),
                disabled=bool(off), help=off)  # fmt: skip
            cols[2].button("Forget all of these", key=f"map_clear_all_{kind}", on_click=_change,
                           args=(ws, MAP, "column matches forgotten",
                                 lambda k=kind: db.clear_mapping(ws.id, k),
                                 f"Forgotten: {_kind_words(kind).lower()}.", kind),
                           disabled=bool(off), help=off)  # fmt: skip
            if off:
                st.caption(off)


def _match_table(matches: dict[str, RememberedMatch]) -> pd.DataFrame:
    """Each remembered match with when and by whom it was saved (blank when not recorded)."""
    return pd.DataFrame(
        [{"In your file": m.column, "Read as": m.target.replace("_", " "),
          "Saved": "" if m.saved_at is None else f"{m.saved_at.day} {m.saved_at:%b %Y}",
          "By": m.saved_by or ""} for m in matches.values()],
        columns=["In your file", "Read as", "Saved", "By"],
    )  # fmt: skip


def _save_match(db: Store, ws: Workspace, kind: str, column: str, new_key: str) -> None:
    new = str(st.session_state.get(new_key) or "").strip()
    if not new:
        _say("error", f"Not saved: say what {column} should be read as, or forget the match.")
        return
    _change(ws, MAP, "column match saved",
            lambda: db.save_mapping(ws.id, kind, {**db.mapping(ws.id, kind), column: new},
                                    by=who()),
            f"Saved: {column} is read as {new.replace('_', ' ')}.",
            f"{kind}: {column} -> {new}")  # fmt: skip


def snapshot_results(results: dict) -> pd.DataFrame:
    """A saved snapshot's results in words: each indicator, what it showed, its status."""
    rows = [{"Indicator": indicator_words(key), "What it showed": r.get("reading") or "",
             "Status": STATUS_WORDS.get(r.get("status"), str(r.get("status") or ""))}
            for key, r in (results.get("indicators") or {}).items()]  # fmt: skip
    return pd.DataFrame(rows, columns=["Indicator", "What it showed", "Status"])


def _use_as_baseline(snapshot_id: int) -> None:
    st.session_state[BASELINE_SNAPSHOT] = snapshot_id
    _say("success", "Step 5 will compare the latest figures with this snapshot.")


def _delete_snapshot(db: Store, ws: Workspace, snapshot_id: int) -> None:
    st.session_state.pop(_CONFIRM, None)
    if st.session_state.get(BASELINE_SNAPSHOT) == snapshot_id:
        st.session_state[BASELINE_SNAPSHOT] = None
    _change(ws, EDIT, "snapshot deleted", lambda: db.delete_snapshot(snapshot_id),
            "Snapshot deleted (kept in the database, marked deleted).", snapshot_id)  # fmt: skip


# What a download holds. Published is the default: a file passed on must not point at people.
DOWNLOAD_CHOICES = {
    False: "Published figures (safe to share)",
    True: "Internal: exact counts, not for publication",
}
PUBLISHED_WORDS = ("Published figures, as in the board pack: whole-organisation counts, counts "
                   "of 1 to 7 left blank (with any count that would give them away), the rest "
                   "rounded to the nearest 5.")  # fmt: skip
INTERNAL_WORDS = ("This file holds exact counts, small numbers included (some counts are one or "
                  "two people). Its name and its contents say it is internal and not for "
                  "publication: keep it inside the organisation.")  # fmt: skip
IMPORTED_PUBLISHED = ("Its snapshots hold published figures: counts rounded to the nearest 5 and "
                      "small counts left blank, for the whole organisation only. Figures worked "
                      "out from them are approximate, and the snapshots' saved results were not "
                      "in the file.")  # fmt: skip
IMPORTED_INTERNAL = ("The file held exact counts (an internal export): keep this workspace's "
                     "snapshots inside the organisation.")  # fmt: skip


def download_choice(ws: Workspace, key: str) -> bool:
    """Whether a download holds the internal, exact counts: only when asked for (True), and only
    for those who may take them (owners and administrators)."""
    if off := refusal(ws, EXPORT_INTERNAL):
        st.caption(f"{PUBLISHED_WORDS} {off}")
        return False
    internal = st.radio("What the download holds", list(DOWNLOAD_CHOICES), key=key,
                        format_func=DOWNLOAD_CHOICES.get, horizontal=True)  # fmt: skip
    if internal:
        st.warning(INTERNAL_WORDS)
    else:
        st.caption(PUBLISHED_WORDS)
    return bool(internal)


def _snapshot_download(db: Store, ws: Workspace, snapshot: Snapshot) -> None:
    with st.expander("Download this snapshot's counts (CSV)"):
        internal = download_choice(ws, "ws_snapshot_internal")
        try:
            counts = db.export_snapshot(snapshot.id, internal=internal)
        except StoreError as exc:
            st.error("This snapshot cannot be downloaded as published figures.")
            st.text(str(exc))
            return
        what = "INTERNAL exact counts" if internal else "published figures"
        st.download_button(f"Download the counts ({what}, CSV)", to_csv_text(counts),
                           file_name=download_name(snapshot.label, internal=internal,
                                                   extension="csv"),
                           mime="text/csv", key="ws_snapshot_download")  # fmt: skip


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
    off = refusal(ws, EDIT)
    if cols[2].button("Delete this snapshot", key="ws_snapshot_delete", disabled=bool(off),
                      help=off):  # fmt: skip
        st.session_state[_CONFIRM] = ("snapshot", picked)
    if chosen:
        st.caption("This snapshot is the baseline on step 5.")
    _snapshot_download(db, ws, next(s for s in snapshots if s.id == picked))
    if st.session_state.get(_CONFIRM) == ("snapshot", picked):
        st.warning(f"Delete the snapshot “{md(names[picked])}”? The database keeps it, "
                   "marked deleted.")  # fmt: skip
        yes, no = st.columns(2)
        yes.button("Yes, delete it", key="ws_snapshot_delete_yes", on_click=_delete_snapshot,
                   args=(db, ws, picked))  # fmt: skip
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

    page = st.Page(
        import_module(f"dashboard.views.{module}").render, title=label, url_path=url_path
    )
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
    """Export a workspace (themes, actions, snapshots, matches) as JSON, or import one. Only the
    workspaces the person may see are offered."""
    st.subheader("Move a workspace between installations")
    spaces = {w.name: w for w in visible(db.workspaces())}
    if spaces:
        name = st.selectbox("Workspace", list(spaces), key="export_ws")
        ws = spaces[name]
        internal = download_choice(ws, "export_internal")
        if not internal:
            st.caption("Snapshots' saved results are left out (they rest on the exact counts); "
                       "themes, actions and column matches are included as they are.")  # fmt: skip
        try:
            exported = db.export_workspace(ws.id, internal=internal)
        except StoreError as exc:
            st.error("This workspace cannot be exported as published figures.")
            with st.expander("Why"):
                st.text(str(exc))
        else:
            what = "INTERNAL exact counts" if internal else "published figures"
            st.download_button(f"Download workspace ({what}, .json)",
                               json.dumps(exported, indent=2, default=str),
                               on_click=_exported, args=(ws, internal),
                               file_name=download_name(name, internal=internal,
                                                       extension="inclusivehr.json"),
                               mime="application/json", key="export_download")  # fmt: skip
    if not can(current_user(), None, CREATE):
        st.caption(f"Importing starts a new workspace. {REASONS[CREATE]}")
        return
    up = st.file_uploader("Import a workspace (.json)", type=["json"], key="import_ws")
    new_name = st.text_input(
        "Name for the imported workspace (if the name is taken)", key="import_name"
    )
    if up is not None and st.button("Import", key="import_go"):
        try:
            require(current_user(), None, CREATE)
            data = json.loads(up.getvalue())
            ws = db.import_workspace(data, name=new_name or None, by=who())
            db.record(ws.id, who(), "workspace imported", up.name)
        except (StoreError, ValueError) as exc:
            st.error("Not imported: the file is not a workspace this dashboard can read.")
            with st.expander("Why"):
                st.text(str(exc))
            return
        st.success(f"Imported workspace {md(ws.name)}.")
        st.info(IMPORTED_INTERNAL if internal_export(data) else IMPORTED_PUBLISHED)


def _exported(ws: Workspace, internal: bool) -> None:
    """A download is recorded once it is taken (the file is built before the click)."""
    if internal:
        _change(ws, EXPORT_INTERNAL, "workspace exported", lambda: None, "Download started.",
                "internal (exact counts)")  # fmt: skip
    else:
        _change(ws, VIEW, "workspace exported", lambda: None, "Download started.",
                "published figures")  # fmt: skip


def _delete_workspace(db: Store, ws: Workspace) -> None:
    st.session_state["ws_delete_name"] = ""
    st.session_state[BASELINE_SNAPSHOT] = None
    _change(ws, DELETE, "workspace deleted", lambda: db.delete_workspace(ws.id),
             f"Workspace “{ws.name}” deleted (kept in the database, marked deleted). The pages "
             "now start a new, empty workspace for this organisation.")  # fmt: skip


def _danger(db: Store, ws: Workspace) -> None:
    st.subheader("Delete this workspace")
    if off := refusal(ws, DELETE):
        st.caption(off)
        return
    st.caption("Its matches, snapshots, themes and actions leave every page and export. The "
               "database keeps them, marked deleted.")  # fmt: skip
    typed = st.text_input(f"Type the workspace's name ({md(ws.name)}) to confirm",
                          key="ws_delete_name")  # fmt: skip
    st.button("Delete this workspace", key="ws_delete", type="primary",
              disabled=typed.replace(WORD_JOINER, "").strip().casefold() != ws.name.casefold(),
              on_click=_delete_workspace, args=(db, ws))  # fmt: skip


def _grant(db: Store, ws: Workspace) -> None:
    ss = st.session_state
    email, role = str(ss.get("grant_email") or "").strip(), ss.get("grant_role")
    _change(ws, GRANT, "role granted", lambda: db.grant(ws.id, email, role, who()),
            f"{email} is now {role} of this workspace.", f"{email.casefold()}: {role}")  # fmt: skip


def _people(db: Store, ws: Workspace) -> None:
    """Who holds a role on this workspace; owners and administrators change it."""
    st.subheader("People and roles")
    members = db.members(ws.id)
    if members:
        st.dataframe(pd.DataFrame([{"E-mail": m.email, "Role": m.role,
                                    "Given by": m.granted_by,
                                    "When": f"{m.granted_at:%d %b %Y}"} for m in members]),
                     hide_index=True)  # fmt: skip
    else:
        st.caption("Nobody holds a role yet: only administrators can see this workspace.")
    st.caption("Viewers see the figures and plans. Editors also change themes, actions, labels, "
               "column matches and snapshots. Owners also give roles, read the audit trail, "
               "take the exact (internal) export and can delete the workspace.")  # fmt: skip
    if off := refusal(ws, GRANT):
        st.caption(off)
        return
    with st.form("grant_form", clear_on_submit=True):
        st.text_input("E-mail address", key="grant_email", placeholder="name@nhs.net")
        st.selectbox("Role", ROLES, key="grant_role", index=ROLES.index("viewer"))
        st.form_submit_button("Give this role", on_click=_grant, args=(db, ws))
    if members:
        emails = [m.email for m in members]
        gone = st.selectbox("Take away the role of", emails, key="revoke_email")
        st.button("Take away", key="revoke_go", on_click=_change,
                  args=(ws, GRANT, "role taken away", lambda: db.revoke(ws.id, gone),
                        f"{gone} no longer holds a role on this workspace.", gone))  # fmt: skip


def _start(db: Store) -> None:
    """Administrators start workspaces (nobody else does, once sign-in is on)."""
    name = str(st.session_state.get("new_ws_name") or "").strip()
    try:
        require(current_user(), None, CREATE)
        ws = db.create_workspace(name, organisation=name or None)
    except StoreError as exc:
        _say("error", f"Not done: {exc}")
        return
    db.record(ws.id, who(), "workspace created", name)
    _say("success", f"Workspace “{name}” started: give people roles on it below.")


def _admin(db: Store) -> None:
    st.subheader("Start a workspace (administrators)")
    with st.form("new_ws_form", clear_on_submit=True):
        st.text_input("Organisation name, as the data names it", key="new_ws_name")
        st.form_submit_button("Start the workspace", on_click=_start, args=(db,))


def render() -> None:
    data = current()
    st.title("Your workspace")
    db, ws = store(), workspace_for(data)
    if not sign_in_on():
        st.warning(SHARED_WARNING)
    st.caption("What the dashboard remembers for this organisation, in its database: never "
               "row-level staff records.")  # fmt: skip
    if message := st.session_state.pop(_MESSAGE, None):
        getattr(st, message[0])(md(message[1]))
    if sign_in_on() and can(current_user(), None, CREATE):
        _admin(db)
    if ws is None:
        st.info(refusal(None, EDIT) or "")
        _files(db)
        return
    st.text(f"Workspace: {ws.name}")
    if sign_in_on():
        _people(db, ws)
    _mappings(db, ws)
    _snapshots(db, ws)
    _plan(db, ws)
    _files(db)
    _danger(db, ws)
