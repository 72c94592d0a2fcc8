"""Step 4, identify themes and plan: actions with SMART targets about a unit (and a band), edited
so that nothing typed is ever lost.

The add and edit forms are plain widgets with their own session keys rather than st.form: a
refused form keeps what was typed, the baseline can fill itself in when the indicator, unit or
band changes, and a stale edit from another tab is refused with the typed text still on screen.
Every change goes through callbacks, which run before the page is drawn again."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard.access import EDIT, perform, refusal
from dashboard.markup import md
from dashboard.state import DataSet, current
from dashboard.store import (
    STATUSES,
    Action,
    StaleEditError,
    Store,
    StoreError,
    Theme,
    Workspace,
)
from dashboard.views.common import (
    glossary_popover,
    page_caption,
    standard_picker,
    unit_options,
    unit_picker,
)
from dashboard.workspace import (
    bands_in,
    indicator_words,
    number_words,
    store,
    unit_words,
    workspace_for,
)
from metrics.counts.units import UnitChoice
from metrics.standards.evaluation import (
    PAYGAP,
    STANDARDS,
    figure_for,
    row_kind,
    target_indicators,
    target_label,
    target_rows,
)

NONE = "(none)"
ALL_BANDS = "(all bands)"
_MESSAGE = "plan_message"  # (where, kind, text): shown once, beside the form it is about
_STALE = "plan_stale"  # the stale-edit refusal, kept until the latest version is loaded
_CONFIRM = "plan_confirm_delete"  # the id of the action waiting for "Yes, delete it"


def _key(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def _defaults(unit: str) -> dict[str, object]:
    return {"title": "", "indicator": NONE, "unit": unit, "band": ALL_BANDS,
            "baseline_value": None, "target_value": None, "target_year": None, "owner": "",
            "due": None, "status": STATUSES[0], "theme_id": None}  # fmt: skip


def _reset(prefix: str, values: dict[str, object]) -> None:
    for name, value in values.items():
        st.session_state[_key(prefix, name)] = value


def _fill_baseline(prefix: str, data: DataSet, year: int | None) -> None:
    """When the indicator, unit or band changes, the baseline becomes the data's figure for it
    (a pay gap's from the session's staff rows)."""
    ss = st.session_state
    indicator = ss.get(_key(prefix, "indicator"), NONE)
    if ss.get(_key(prefix, "band")) not in (ALL_BANDS, *target_rows(indicator)):
        ss[_key(prefix, "band")] = ALL_BANDS  # a band kept from WRES1 is no WDES1 cluster
    value = None
    if indicator != NONE:
        band = ss.get(_key(prefix, "band")) if row_kind(indicator) else None
        value = figure_for(data.counts, data.organisation, year, indicator,
                           ss.get(_key(prefix, "unit")), None if band == ALL_BANDS else band,
                           data.staff)  # fmt: skip
    ss[_key(prefix, "baseline_value")] = None if value is None else round(value, 2)


def _indicators() -> list[str]:
    """The indicators a target can name: the chosen standard's first (WDES pages: the WDES's;
    pay gaps: the pay gaps), then the others', so an action saved on another standard's page
    can still be edited."""
    chosen = st.session_state.get("standard", "WRES")  # the sidebar's (standard_picker)
    ids = target_indicators()
    if chosen not in (*STANDARDS, PAYGAP):
        return [*ids]
    return sorted(ids, key=lambda i: not i.startswith(chosen))


def target_words(indicator: str | None) -> str:
    """An indicator a target names, in words: a pay gap's by its figure."""
    label = target_label(indicator or "")
    return indicator_words(indicator) if label is None else f"{indicator}: {label}"


_ROW_HELP = {
    "band": ("Band (for indicator 1)", "(all bands)",
             "A target about one band is judged on the BME share in that band."),
    "cluster": ("Cluster (for WDES1)", "(all clusters)",
                "A target about one cluster is judged on the Disabled share in that cluster."),
}  # fmt: skip


def _fields(prefix: str, data: DataSet, themes: Sequence[Theme], year: int | None) -> None:
    """The fields of an action, drawn from (and kept in) session state under the prefix."""
    ss = st.session_state
    refill = {"on_change": _fill_baseline, "args": (prefix, data, year)}
    st.text_input("Action", key=_key(prefix, "title"))
    cols = st.columns(3)
    cols[0].selectbox("Indicator it should move", [NONE, *_indicators()],
                      key=_key(prefix, "indicator"),
                      format_func=lambda v: v if v == NONE else target_words(v), **refill)  # fmt: skip
    found = unit_options(data)  # the sidebar's, found once per data set; band groups are not
    units = ["whole", *(UnitChoice(kind, name).key for kind in ("directorate", "staff_group")
                        for name in found.get(kind, []))]  # fmt: skip
    if ss.get(_key(prefix, "unit")) not in units:  # a unit the data no longer holds stays shown
        units.append(ss[_key(prefix, "unit")])
    cols[1].selectbox("For which part of the organisation", units, key=_key(prefix, "unit"),
                      format_func=unit_words, **refill)  # fmt: skip
    indicator = ss.get(_key(prefix, "indicator"))
    kind = row_kind(indicator)
    if kind is not None:  # WRES1's bands (those the data holds), WDES1's clusters
        rows = bands_in(data) if kind == "band" else list(target_rows(indicator))
        bands = [ALL_BANDS, *rows]
        if ss.get(_key(prefix, "band")) not in bands:
            bands.append(ss[_key(prefix, "band")])
        label, every, words = _ROW_HELP[kind]
        cols[2].selectbox(label, bands, key=_key(prefix, "band"), help=words,
                          format_func=lambda v, every=every: every if v == ALL_BANDS else v,
                          **refill)  # fmt: skip
    elif target_label(indicator or ""):  # a pay gap
        cols[2].caption("A pay-gap target is for the whole organisation: the gap, in per cent "
                        "of the reference group's pay, at most the target. It is worked out from "
                        "the staff file loaded in this session.")  # fmt: skip
    cols = st.columns(3)
    cols[0].number_input("Baseline: the figure now", key=_key(prefix, "baseline_value"),
                         help="Filled in from the data for the indicator, unit and band chosen "
                              f"({year or 'latest year'}); you can change it.")  # fmt: skip
    cols[1].number_input("Target value for the indicator", key=_key(prefix, "target_value"))
    cols[2].number_input("Year to reach it", key=_key(prefix, "target_year"), step=1,
                         min_value=2000, max_value=2100)  # fmt: skip
    cols = st.columns(3)
    cols[0].text_input("Owner (a role, e.g. Director of People)", key=_key(prefix, "owner"))
    cols[1].date_input("Due", key=_key(prefix, "due"))
    cols[2].selectbox("Status", list(STATUSES), key=_key(prefix, "status"))
    names = {t.id: f"{t.text[:60]} ({t.on})" for t in themes}
    if ss.get(_key(prefix, "theme_id")) not in names:
        ss[_key(prefix, "theme_id")] = None
    st.selectbox("Lived-experience theme it answers", [None, *names], key=_key(prefix, "theme_id"),
                 format_func=lambda i: NONE if i is None else names[i])  # fmt: skip


def _values(prefix: str) -> dict[str, object]:
    """What the fields hold, as the store takes it."""
    ss = st.session_state
    get = lambda name: ss.get(_key(prefix, name))  # noqa: E731
    indicator = None if get("indicator") in (None, NONE) else get("indicator")
    band = get("band") if row_kind(indicator) else None
    year = get("target_year")
    return {"title": get("title") or "", "indicator": indicator, "theme_id": get("theme_id"),
            "owner": get("owner") or "", "due": get("due"), "target_value": get("target_value"),
            "target_year": None if year is None else int(year), "status": get("status"),
            "unit": get("unit"), "band": None if band == ALL_BANDS else band,
            "baseline_value": get("baseline_value")}  # fmt: skip


def _add(db: Store, ws: Workspace, unit: str) -> None:
    values = _values("add")
    try:
        perform(ws, EDIT, "action added", lambda: db.add_action(ws.id, **values), values["title"])
    except StoreError as exc:  # everything typed stays in the fields
        st.session_state[_MESSAGE] = ("add", "error", f"Not added: {exc}")
        return
    _reset("add", _defaults(unit))
    st.session_state[_MESSAGE] = ("add", "success", f"Action added: {values['title']}")


def _load_for_edit(db: Store, workspace_id: int) -> None:
    """Put the chosen action's saved version in the edit fields (dropping anything typed)."""
    ss = st.session_state
    ss.pop(_STALE, None)
    ss.pop(_CONFIRM, None)
    found = next((a for a in db.actions(workspace_id) if a.id == ss.get("edit_pick")), None)
    if found is None:
        ss["edit_pick"] = None
        return
    _reset("edit", {**_defaults(found.unit or "whole"), **_editable(found),
                    "indicator": found.indicator or NONE, "band": found.band or ALL_BANDS})  # fmt: skip
    ss["edit_version"] = found.version


def _editable(action: Action) -> dict[str, object]:
    return {name: getattr(action, name) for name in _defaults("whole")}


def _save_edit(db: Store, ws: Workspace) -> None:
    ss = st.session_state
    values = _values("edit")
    try:
        saved = perform(ws, EDIT, "action changed",
                        lambda: db.update_action(ss["edit_pick"], ss["edit_version"], **values),
                        values["title"])  # fmt: skip
    except StaleEditError as exc:  # the typed text stays; the latest version is one click away
        ss[_STALE] = str(exc)
        return
    except StoreError as exc:
        ss[_MESSAGE] = ("edit", "error", f"Not saved: {exc}")
        return
    ss["edit_version"] = saved.version
    ss[_MESSAGE] = ("edit", "success", "Changes saved.")


def _delete(db: Store, ws: Workspace, action_id: int) -> None:
    ss = st.session_state
    try:
        perform(ws, EDIT, "action deleted", lambda: db.delete_action(action_id), action_id)
    except StoreError as exc:
        ss[_MESSAGE] = ("edit", "error", f"Not deleted: {exc}")
        return
    ss.pop(_CONFIRM, None)
    ss["edit_pick"] = None
    ss[_MESSAGE] = ("edit", "success", "Action deleted (kept in the database, marked deleted).")


def _message(where: str) -> None:
    found = st.session_state.get(_MESSAGE)
    if found and found[0] == where:
        del st.session_state[_MESSAGE]
        getattr(st, found[1])(md(found[2]))


def plan_table(actions: Sequence[Action], themes: Sequence[Theme]) -> pd.DataFrame:
    """The plan in words: no raw None, nan or field names."""
    theme_text = {t.id: t.text for t in themes}
    rows = [{
        "Action": a.title, "Indicator": target_words(a.indicator), "Unit": unit_words(a.unit),
        "Band": a.band or {"band": "all bands", "cluster": "all clusters"}.get(
            row_kind(a.indicator) or "", "not applicable"),
        "Baseline": number_words(a.baseline_value),
        "Target": number_words(a.target_value, "no target set"),
        "By": "" if a.target_year is None else str(a.target_year), "Owner": a.owner,
        "Due": "" if a.due is None else a.due.isoformat(), "Status": a.status,
        "Theme": theme_text.get(a.theme_id, "") if a.theme_id is not None else "",
    } for a in actions]  # fmt: skip
    return pd.DataFrame(rows, columns=["Action", "Indicator", "Unit", "Band", "Baseline", "Target",
                                       "By", "Owner", "Due", "Status", "Theme"])  # fmt: skip


def _editor(db: Store, data: DataSet, ws: Workspace, actions: Sequence[Action],
            themes: Sequence[Theme], year: int | None) -> None:  # fmt: skip
    ss = st.session_state
    ws_id = ws.id
    st.subheader("Change or delete an action")
    titles = {a.id: a.title for a in actions}
    if ss.get("edit_pick") not in titles:
        ss["edit_pick"] = None
    st.selectbox("Action to change", [None, *titles], key="edit_pick",
                 format_func=lambda i: "(choose one)" if i is None else titles[i],
                 on_change=_load_for_edit, args=(db, ws_id))  # fmt: skip
    picked = ss.get("edit_pick")
    if picked is None:
        return
    if "edit_version" not in ss:  # the page was opened again: load the saved version
        _load_for_edit(db, ws_id)
    if stale := ss.get(_STALE):
        st.error(f"Not saved. {md(stale)} What you typed is still below.")
        st.button("Load the latest version", key="edit_reload", on_click=_load_for_edit,
                  args=(db, ws_id), help="Replaces what you typed with the saved version.")  # fmt: skip
    _message("edit")
    _fields("edit", data, themes, year)
    cols = st.columns(2)
    cols[0].button("Save changes", key="edit_save", type="primary", on_click=_save_edit,
                   args=(db, ws))  # fmt: skip
    if cols[1].button("Delete this action", key="edit_delete"):
        ss[_CONFIRM] = picked
    if ss.get(_CONFIRM) == picked:
        st.warning(f"Delete “{md(titles[picked])}”? It leaves the plan and the board pack; "
                   "the database keeps it, marked deleted.")  # fmt: skip
        yes, no = st.columns(2)
        yes.button("Yes, delete it", key="edit_delete_yes", on_click=_delete,
                   args=(db, ws, picked))  # fmt: skip
        if no.button("Keep it", key="edit_delete_no"):
            ss.pop(_CONFIRM, None)
            st.rerun()


def render() -> None:
    data = current()
    standard = standard_picker(data)
    unit = unit_picker(data)
    st.title("4. Identify themes and plan")
    page_caption(data, unit, standard.id)
    glossary_popover("relative likelihood", "confidence interval", "percentage points",
                     standard=standard.id)  # fmt: skip
    db, ws = store(), workspace_for(data)
    themes = db.themes(ws.id) if ws else []
    here = unit.key
    st.subheader("Add an action")
    off = refusal(ws, EDIT)
    if off:
        st.info(off)
    else:
        for name, value in _defaults(here).items():
            st.session_state.setdefault(_key("add", name), value)
        _message("add")
        _fields("add", data, themes, unit.year)
        st.button("Add action", key="add_action", type="primary", on_click=_add,
                  args=(db, ws, here))  # fmt: skip
    actions = db.actions(ws.id) if ws else []
    st.subheader("The plan")
    if not actions:
        st.caption("No actions yet.")
        _message("edit")  # "Action deleted" after the last one goes
        return
    st.dataframe(plan_table(actions, themes), hide_index=True)
    if not off:
        _editor(db, data, ws, actions, themes, unit.year)
