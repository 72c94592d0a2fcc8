"""Tables in your warehouse: on the data page, only when an administrator has set a warehouse.

The person picks a table for each kind of rows; the counts are computed inside the warehouse
(metrics.query) and only counts come back, so the session holds what a counts return gives:
the pages that need only counts work, and those that need staff rows say so. The warehouse's
address is never shown; the tables chosen are remembered for the organisation's workspace.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard.access import MAP, perform, refusal
from dashboard.auth import who
from dashboard.markup import md
from dashboard.state import DataSet, replace
from dashboard.views.your_data import KIND_WORDS, LABELS_KIND, _organisation
from dashboard.warehouse import Warehouse, WarehouseError, compute_counts, configured, table_names
from dashboard.workspace import remember_loaded, store, workspace_named
from metrics import reference as ref

TABLES_KIND = "warehouse_tables"  # in the mapping store: {table: kind}, never the address
NONE = "none"
_NAMES = "inclusivehr_warehouse_names"  # (digest of the setting, table names): listed once
_DONE = "inclusivehr_warehouse_done"  # what the last computation found, for the summary
_FAILED = "inclusivehr_warehouse_failed"  # (message, hint) of the last failure
_HINTS = {
    "staff": ("staff", "esr", "workforce", "in_post", "sip", "employee"),
    "recruitment": ("recruit", "trac", "applica", "shortlist", "vacanc"),
    "disciplinary": ("disciplin", "conduct", "employee_relations"),
    "training": ("training", "cpd", "learning"),
    "board": ("board",),
    "capability": ("capability",),
}
"""Words in a table's name that make it the first choice for a kind (the first kind wins)."""


def _digest(warehouse: Warehouse) -> str:
    return hashlib.sha256(warehouse.url.encode()).hexdigest()


def _names(warehouse: Warehouse, again: bool) -> list[str]:
    """The warehouse's tables, listed once per session (again: list them afresh)."""
    kept = st.session_state.get(_NAMES)
    if again or kept is None or kept[0] != _digest(warehouse):
        st.session_state[_NAMES] = (_digest(warehouse), table_names(warehouse))
    return st.session_state[_NAMES][1]


def _remembered(organisation: str) -> dict[str, str]:
    """The tables last used for each kind in this organisation's workspace: {kind: table}."""
    ws = workspace_named(organisation or None, create=False)
    found = store().mapping(ws.id, TABLES_KIND) if ws else {}
    return {kind: table for table, kind in found.items()}


def _remember(organisation: str, tables: dict[str, str]) -> None:
    """Keep the tables chosen for the workspace, when the person may change its matches."""
    ws = workspace_named(organisation or None, create=True)
    if ws is None or refusal(ws, MAP):
        return
    kept = {table: kind for kind, table in tables.items()}
    if kept == store().mapping(ws.id, TABLES_KIND):
        return
    perform(ws, MAP, "warehouse tables saved",
            lambda: store().save_mapping(ws.id, TABLES_KIND, kept, by=who()),
            ", ".join(f"{k}: {t}" for k, t in tables.items()))  # fmt: skip


def _labels(organisation: str) -> dict[str, str]:
    """The organisation's own ethnicity labels, as a file load uses them."""
    ws = workspace_named(organisation or None, create=False)
    return store().mapping(ws.id, LABELS_KIND) if ws else {}


def default_tables(names: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """A first choice for each kind: the table remembered for it, else one whose name says the
    kind (each table for one kind only); kinds with neither are left out."""
    out = {k: t for k, t in remembered.items() if k in _HINTS and t in names}
    for kind, words in _HINTS.items():
        if kind in out:
            continue
        taken = set(out.values())
        match = next((n for n in names if n not in taken
                      and any(w in n.lower() for w in words)), None)  # fmt: skip
        if match is not None:
            out[kind] = match
    return out


def _missing(tables: dict[str, str]) -> list[str]:
    """One sentence per kind left out, naming the indicators it would give."""
    out = []
    for kind in _HINTS:
        if kind not in tables:
            spec = ref.kinds()[kind]
            out.append(f"No {spec.label} table chosen: {', '.join(spec.indicators)} cannot be "
                       "computed.")  # fmt: skip
    return out


def render(organisation: str) -> None:
    """The section, when a warehouse is set; nothing at all otherwise."""
    warehouse = configured()
    if warehouse is None:
        return
    st.subheader("Tables in your warehouse")
    st.caption(md(f"Set up by whoever runs this service: {warehouse.shown}. The rows are counted "
                  "inside the warehouse; only counts come back to this page."))  # fmt: skip
    again = st.button("Look for tables again", key="warehouse_again")
    try:
        names = _names(warehouse, again)
    except WarehouseError as exc:
        _failure(exc.message, exc.hint)
        return
    if not names:
        st.info(md(f"{warehouse.shown[:1].upper()}{warehouse.shown[1:]} has no tables yet."))
        return
    chosen = _choose(names, organisation)
    year = st.number_input(
        "WRES year for rows with no year (leave empty: the latest year in the tables)",
        min_value=2000, max_value=2100, value=None, step=1, key="warehouse_year",
    )  # fmt: skip
    st.caption("Staff survey results (indicators 5 to 8 and the WDES survey indicators) are not "
               "read from the warehouse.")  # fmt: skip
    if "staff" not in chosen:
        st.warning("Choose the staff in post table: every indicator but the board's needs its "
                   "headcount.")  # fmt: skip
    clicked = st.button("Compute counts in the warehouse", type="primary",
                        disabled="staff" not in chosen, key="warehouse_compute")  # fmt: skip
    if clicked:
        for key in (_DONE, _FAILED):
            st.session_state.pop(key, None)
        _compute(warehouse, chosen, int(year) if year is not None else None, organisation)
    if failed := st.session_state.get(_FAILED):
        _failure(*failed)
    _summary()


def _choose(names: list[str], organisation: str) -> dict[str, str]:
    """One select per kind; {kind: table} for those given a table."""
    from metrics.query.counts import KINDS

    defaults = default_tables(names, _remembered(organisation))
    options = [NONE, *names]
    chosen = {}
    for kind in KINDS:
        pick = st.selectbox(
            KIND_WORDS[kind] + (" (needed)" if kind == "staff" else ""), options,
            index=options.index(defaults.get(kind, NONE)), key=f"warehouse_table_{kind}",
            format_func=lambda n: "None" if n == NONE else n,
        )  # fmt: skip
        if pick != NONE:
            chosen[kind] = pick
    return chosen


def _compute(warehouse: Warehouse, tables: dict[str, str], year: int | None,
             organisation: str) -> None:  # fmt: skip
    try:
        with st.spinner("Counting in the warehouse… only the counts come back."):
            result = compute_counts(warehouse, tables, year=year,
                                    organisation=organisation.strip() or None,
                                    labels=_labels(organisation))  # fmt: skip
    except WarehouseError as exc:
        st.session_state[_FAILED] = (exc.message, exc.hint)
        return
    listed = ", ".join(dict.fromkeys(tables.values()))
    warnings = [p for p in result.problems if p.severity == "warning"]
    data = DataSet(label=f"Your data: {listed} in {warehouse.shown}",
                   organisation=_organisation(organisation, result.counts),
                   counts=result.counts, staff=None, inputs=None, notes=list(result.notes),
                   warnings=warnings)  # fmt: skip
    replace(data)
    kept = remember_loaded(data)
    _remember(organisation, tables)
    st.session_state[_DONE] = {"kept": kept, "notes": list(result.notes),
                               "missing": _missing(tables), "warnings": warnings}  # fmt: skip


def _failure(message: str, hint: str) -> None:
    """An error panel: what went wrong in one sentence, the fix beneath it. Both are free of the
    warehouse's address (dashboard.warehouse cleans them)."""
    sentence = message[:1].upper() + message[1:].rstrip(".")
    st.error(md(f"The warehouse could not be used: {sentence}."))
    if hint:
        st.caption(md(f"How to fix it: {hint}"))


def _summary() -> None:
    done = st.session_state.get(_DONE)
    if not done:
        return
    st.success("Counted in the warehouse. The pages now show these counts; profiles by sex, "
               "disability and age, pay gaps and splits need the staff rows, so those pages "
               "say so.")  # fmt: skip
    if not done["kept"]:
        st.info("Kept for this session only: you hold no role that lets you keep data in this "
                "organisation's workspace, so a reload will not bring it back.")  # fmt: skip
    for sentence in done["missing"]:
        st.info(md(sentence))
    for note in done["notes"]:
        st.caption(md(note[:1].upper() + note[1:] + "."))
    if done["warnings"]:
        with st.expander(f"{len(done['warnings']):,} things worth checking"):
            for problem in done["warnings"]:
                st.text(problem.sentence())
