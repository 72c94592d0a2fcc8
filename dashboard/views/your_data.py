"""Use your own data: upload, map unrecognised columns, see every problem, then load."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.state import DataSet, current, replace, use_sample
from dashboard.store import StoreError
from dashboard.workspace import store
from metrics import reference_data as ref
from metrics.columns import header_columns
from metrics.loaders import choose_sheet
from metrics.pipeline import ROW_KINDS, Sources, load
from metrics.problems import InputError, Problem
from metrics.readers import Upload

_MAPPING = "inclusivehr_mapping"  # column -> field, remembered for this session


def _problem_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Severity": p.severity, "File": p.file, "Sheet": p.sheet, "Row": p.row,
             "Column": p.column, "Value": p.value, "What is wrong": p.message, "How to fix": p.hint}
            for p in problems
        ]
    )  # fmt: skip


def _uploads() -> tuple[dict[str, Upload], Upload | None]:
    how = st.radio("How is your data arranged?",
                   ["One workbook with a sheet per kind", "One file per kind"], key="upload_how")  # fmt: skip
    if how.startswith("One workbook"):
        book = st.file_uploader(
            "Workbook (.xlsx)", type=["xlsx", "xlsm", "xls", "ods"], key="up_book"
        )
        return {}, Upload(book.name, book.getvalue()) if book else None
    files = {}
    for kind in ROW_KINDS:
        spec = ref.kinds()[kind]
        up = st.file_uploader(f"{spec.label.capitalize()} (CSV or Excel)",
                              type=["csv", "txt", "xlsx", "xlsm", "xls", "ods"], key=f"up_{kind}")  # fmt: skip
        if up is not None:
            files[kind] = Upload(up.name, up.getvalue())
    return files, None


def _mapping_step(problem: Problem, files: dict[str, Upload], book: Upload | None) -> None:
    """Offer the columns found for a field the tool could not recognise."""
    kind = next((k for k, f in files.items() if f.name == problem.file), "staff")
    target = files.get(kind) or book
    try:
        sheet = choose_sheet(target, kind)
        columns = header_columns(sheet, kind)
    except InputError:
        return
    field_name = problem.field or ""
    label = field_name.replace("_", " ")
    choice = st.selectbox(f"Which column holds the {label}?", ["(choose)", *columns],
                          key=f"map_{kind}_{field_name}")  # fmt: skip
    if choice != "(choose)" and st.session_state.get(_MAPPING, {}).get(choice) != field_name:
        st.session_state.setdefault(_MAPPING, {})[choice] = field_name
        organisation = st.session_state.get("org_name")
        if organisation:  # remembered for the next upload to this organisation's workspace
            db = store()
            try:
                ws = db.workspace(organisation)
            except StoreError:
                ws = db.create_workspace(organisation, organisation=organisation)
            db.save_mapping(ws.id, kind, {**db.mapping(ws.id, kind), choice: field_name})
        st.rerun()


def _remembered(organisation: str) -> dict[str, str]:
    """Column matches saved for this organisation's workspace, for every kind of file."""
    if not organisation:
        return {}
    db = store()
    try:
        ws = db.workspace(organisation)
    except StoreError:
        return {}
    mapping: dict[str, str] = {}
    for kind in (*ROW_KINDS, "counts"):
        mapping.update(db.mapping(ws.id, kind))
    return mapping


def _workspace_files() -> None:
    """Export a workspace (themes, actions, snapshots, mappings) as JSON, or import one."""
    import json

    db = store()
    with st.expander("Move a workspace between installations (JSON export and import)"):
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
        if up is not None and st.button("Import"):
            try:
                ws = db.import_workspace(json.loads(up.getvalue()), name=new_name or None)
                st.success(f"Imported workspace {ws.name}.")
            except (StoreError, ValueError) as exc:
                st.error(f"Not imported: {exc}")


def render() -> None:
    st.title("Use your own data")
    st.info("Your files are read in this browser session's memory and reduced to counts. They "
            "are never saved to disk or to the database, and are dropped when you close the tab.")  # fmt: skip
    data = current()
    if not data.is_sample:
        st.success(f"Showing: {data.label}")
        if st.button("Go back to the sample trust"):
            use_sample()
            st.rerun()
    _workspace_files()
    organisation = st.text_input("Organisation name", key="org_name")
    files, book = _uploads()
    mapping = {**_remembered(organisation), **st.session_state.get(_MAPPING, {})}
    if mapping:
        st.caption(
            "Columns you have matched: " + ", ".join(f"{c} → {f}" for c, f in mapping.items())
        )
    refusal = st.container()  # above the Load button, filled once the click is known
    clicked = bool(files or book) and st.button("Load", type="primary")
    if clicked:
        st.session_state.pop(_REFUSED, None)
    with refusal:  # from the last Load: stays on screen until the next one
        _show_refusal(files, book)
    if not clicked:
        return
    if book is None and "staff" not in files:
        st.error("Add the staff in post file (the other files need it for headcounts).")
        return
    sources = Sources(
        files=files, workbook=book, mapping=mapping, organisation=organisation or None
    )
    with st.status("Reading your files…", expanded=True) as status:
        try:
            result = load(sources, profile=True, progress=st.write)
        except InputError as exc:
            status.update(label="Some files could not be used", state="error", expanded=True)
            st.session_state[_REFUSED] = exc.problems
            st.rerun()  # the refusal, with its mapping step, is drawn outside the Load click
        if result.errors:
            status.update(label="Problems to fix before the figures can be trusted",
                          state="error", expanded=True)  # fmt: skip
            st.dataframe(_problem_table(result.problems), hide_index=True)
            return
        status.update(label="Loaded", state="complete")
    staff = result.inputs.get("staff")
    replace(DataSet(label=f"Your data: {sources.describe()}", organisation=organisation or None,
                    counts=result.counts, staff=staff.frame if staff else None, notes=result.notes,
                    warnings=[p for p in result.problems if p.severity == "warning"]))  # fmt: skip
    st.success("Loaded. The pages now show your data.")
    if result.problems:
        st.dataframe(_problem_table(result.problems), hide_index=True)


_REFUSED = "inclusivehr_refused"  # the problems that stopped the last load


def _show_refusal(files: dict[str, Upload], book: Upload | None) -> None:
    """Why the last load was refused, in the open, with a mapping step for unknown columns.

    Drawn on every run (not only the one where Load was clicked) so that choosing a column
    in the mapping step is seen and remembered."""
    problems = st.session_state.get(_REFUSED)
    if not problems:
        return
    st.error("Some files could not be used. " + " ".join(p.sentence() for p in problems[:3]))
    for problem in problems:
        if problem.field:
            _mapping_step(problem, files, book)
