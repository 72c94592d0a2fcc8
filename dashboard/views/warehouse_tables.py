"""Tables in your warehouse: on the data page, only when an administrator has set a warehouse.

The person picks a table for each kind of rows (and one of staff survey results); the counts
are computed inside the warehouse (metrics.query) and only counts come back, so the session
holds what a counts return gives: the pages that need only counts work, and those that need
staff rows say so. A column the tool does not recognise is asked for as on the file path, and
the match is remembered per kind as a file's is. The warehouse's address is never shown; the
tables chosen are remembered for the organisation's workspace.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard.access import MAP, perform, refusal
from dashboard.auth import who
from dashboard.markup import md
from dashboard.state import DataSet, replace
from dashboard.views.column_matches import column_step, matches_for
from dashboard.views.your_data import KIND_WORDS, LABELS_KIND, organisation_name
from dashboard.warehouse import (
    Warehouse,
    WarehouseError,
    compute_counts,
    configured,
    table_columns,
    table_names,
)
from dashboard.workspace import remember_loaded, store, workspace_named
from metrics import reference as ref

TABLES_KIND = "warehouse_tables"  # in the mapping store: {table: kind}, never the address
NONE = "none"
_NAMES = "inclusivehr_warehouse_names"  # (digest of the setting, table names): listed once
_DONE = "inclusivehr_warehouse_done"  # what the last computation found, for the summary
_FAILED = "inclusivehr_warehouse_failed"  # (message, hint, field, table) of the last failure
_COLUMNS = "inclusivehr_warehouse_columns"  # (digest, {table: its column names})
_AGAIN = "inclusivehr_warehouse_again"  # compute on the next run (a column was just chosen)
_HINTS = {
    "survey": ("survey", "nss"),  # first: "staff_survey" is not the staff in post
    "staff": ("staff", "esr", "workforce", "in_post", "sip", "employee"),
    "recruitment": ("recruit", "trac", "applica", "shortlist", "vacanc"),
    "disciplinary": ("disciplin", "conduct", "employee_relations"),
    "training": ("training", "cpd", "learning"),
    "board": ("board",),
    "capability": ("capability",),
}
"""Words in a table's name that make it the first choice for a kind (the first kind wins)."""
KINDS_OFFERED = ("staff", "recruitment", "disciplinary", "training", "board", "capability",
                 "survey")  # fmt: skip
"""The selects, in this order: the query layer's kinds (metrics.query.counts.KINDS), then the
survey results, read as a survey file is."""


def _digest(warehouse: Warehouse) -> str:
    return hashlib.sha256(warehouse.url.encode()).hexdigest()


def _names(warehouse: Warehouse, again: bool) -> list[str]:
    """The warehouse's tables, listed once per session (again: list them afresh)."""
    kept = st.session_state.get(_NAMES)
    if again or kept is None or kept[0] != _digest(warehouse):
        st.session_state.pop(_COLUMNS, None)  # a table may have changed its columns too
        st.session_state[_NAMES] = (_digest(warehouse), table_names(warehouse))
    return st.session_state[_NAMES][1]


def _columns(warehouse: Warehouse, tables: list[str]) -> dict[str, list[str]]:
    """The chosen tables' column names, read once per session (listing afresh reads again)."""
    digest, kept = st.session_state.get(_COLUMNS) or (None, {})
    if digest != _digest(warehouse):
        kept = {}
    wanted = [t for t in dict.fromkeys(tables) if t not in kept]
    if wanted:
        kept = {**kept, **table_columns(warehouse, wanted)}
        st.session_state[_COLUMNS] = (_digest(warehouse), kept)
    return kept


def _matches(organisation: str, tables: dict[str, str],
             columns: dict[str, list[str]]) -> dict[str, dict[str, str]]:  # fmt: skip
    """Each kind's column matches (remembered and made in this session, as for files), for the
    columns its table has."""
    out = {}
    for kind, table in tables.items():
        has = {ref.compact(c) for c in columns.get(table, [])}
        found = matches_for(organisation, kind, lambda column, has=has: ref.compact(column) in has)
        if found:
            out[kind] = found
    return out


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
    for kind in KINDS_OFFERED:
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
    chosen, last = _choose(names, organisation)
    with last:  # beside the survey's select on a wide screen
        year = st.number_input(
            "WRES year for rows with no year (leave empty: the latest year in the tables)",
            min_value=2000, max_value=2100, value=None, step=1, key="warehouse_year",
        )  # fmt: skip
    if "staff" not in chosen:
        st.warning("Choose the staff in post table: every indicator but the board's needs its "
                   "headcount.")  # fmt: skip
    clicked = st.button("Compute counts in the warehouse", type="primary",
                        disabled="staff" not in chosen, key="warehouse_compute")  # fmt: skip
    clicked = st.session_state.pop(_AGAIN, False) or clicked
    if clicked and "staff" in chosen:
        for key in (_DONE, _FAILED):
            st.session_state.pop(key, None)
        _compute(warehouse, chosen, int(year) if year is not None else None, organisation)
    if failed := st.session_state.get(_FAILED):
        message, hint, field_name, table = failed
        asked = bool(field_name) and table in chosen.values()
        if asked:  # the select below offers the columns: not listed in the sentence too
            message = message.split(". Columns found:")[0]
        _failure(message, hint)
        if asked:
            _column_step(warehouse, chosen, field_name, table)
    _summary()


def _column_step(warehouse: Warehouse, chosen: dict[str, str], field_name: str | None,
                 table: str | None) -> None:  # fmt: skip
    """Ask which column of the table holds a field the tool could not recognise, as the file
    path does; a choice is remembered for the kind and the counts computed again."""
    kinds = [kind for kind, name in chosen.items() if name == table]
    if not field_name or not kinds:
        return
    try:
        columns = _columns(warehouse, [table])[table]
    except WarehouseError:  # the failure above already says what is wrong
        return
    kind = kinds[0]
    if column_step(kind, field_name, columns, key=f"warehouse_map_{kind}_{field_name}"):
        st.session_state[_AGAIN] = True
        st.rerun()


def _choose(names: list[str], organisation: str):
    """One select per kind, two to a row on a wide screen (a row of two columns at a time, so
    a phone, which stacks columns, keeps the kinds in order); {kind: table} for those given a
    table, and the place left beside the last select."""
    defaults = default_tables(names, _remembered(organisation))
    options = [NONE, *names]
    chosen = {}
    places = []
    for _ in range((len(KINDS_OFFERED) + 2) // 2):  # a place for every select and the year
        places += st.columns(2)
    for kind, place in zip(KINDS_OFFERED, places, strict=False):
        with place:
            pick = st.selectbox(
                KIND_WORDS[kind] + (" (needed)" if kind == "staff" else ""), options,
                index=options.index(defaults.get(kind, NONE)), key=f"warehouse_table_{kind}",
                format_func=lambda n: "None" if n == NONE else n,
            )  # fmt: skip
        if pick != NONE:
            chosen[kind] = pick
    return chosen, places[len(KINDS_OFFERED)]


def _compute(warehouse: Warehouse, tables: dict[str, str], year: int | None,
             organisation: str) -> None:  # fmt: skip
    try:
        with st.spinner("Counting in the warehouse… only the counts come back."):
            mappings = _matches(organisation, tables, _columns(warehouse, list(tables.values())))
            result = compute_counts(warehouse, tables, year=year,
                                    organisation=organisation.strip() or None,
                                    labels=_labels(organisation), mappings=mappings)  # fmt: skip
    except WarehouseError as exc:
        st.session_state[_FAILED] = (exc.message, exc.hint, exc.field, exc.table)
        return
    listed = ", ".join(dict.fromkeys(tables.values()))
    warnings = [p for p in result.problems if p.severity == "warning"]
    data = DataSet(label=f"Your data: {listed} in {warehouse.shown}",
                   organisation=organisation_name(organisation, result.counts),
                   counts=result.counts, staff=None, inputs=None, notes=list(result.notes),
                   warnings=warnings, source="warehouse")  # fmt: skip
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
