"""Step 3, understand lived experience: the staff-survey gaps, and what colleagues say."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.access import EDIT, perform, refusal
from dashboard.markup import md
from dashboard.state import DataSet, current
from dashboard.store import Store, StoreError, Theme, Workspace
from dashboard.views.common import (
    Unit,
    glossary_popover,
    page_caption,
    report_for,
    show_chart,
    standard_picker,
    unit_picker,
)
from dashboard.workspace import store, workspace_for
from metrics.standards.definitions import standard
from metrics.standards.results import StandardReport

SOURCES = ["Listening event", "Staff network", "Survey comments", "Exit interview",
           "Freedom to Speak Up", "Other"]  # fmt: skip
SURVEYED = {"WRES": "WRES", "WDES": "WDES", "MEDICAL": "WRES", "PAYGAP": "WRES"}
"""Whose survey figures each standard's page shows: the medical view and pay gaps have none of
their own, so their pages show the WRES's (said on the page)."""
_CONFIRM = "theme_confirm_delete"  # the id of the theme waiting for "Yes, delete it"
_MESSAGE = "theme_message"


def _survey_ids(report: StandardReport) -> list[str]:
    """The report's indicators from the staff survey: the yes/no gaps, the one-group shares
    (WDES8) and the engagement score (WDES9a)."""
    kinds = {"survey_gap", "survey_share", "score_gap"}
    return [s.id for s in standard(report.standard).indicators
            if s.kind in kinds and s.id in report.indicators]  # fmt: skip


def _has_survey(report: StandardReport) -> bool:
    return any(report.indicators[i].status != "no_data" for i in _survey_ids(report))


def survey_year_sentence(year: int | None, standard_id: str = "WRES") -> str:
    """Which staff survey the standard's survey indicators come from: the standard for year Y
    uses autumn Y-1's."""
    if year is None:
        return f"The {standard_id}'s survey indicators come from the NHS Staff Survey."
    return (f"The {standard_id}'s survey indicators come from the NHS Staff Survey run in autumn "
            f"{year - 1}: the {standard_id} for {year} uses the survey of the autumn before.")  # fmt: skip


def _others(report: StandardReport) -> None:
    """The survey figures the yes/no chart does not draw (WDES8's one-group share, WDES9a's
    engagement score), each in its own words."""
    drawn = set(charts.survey_ids(report))
    rest = [report.indicators[i] for i in _survey_ids(report) if i not in drawn]
    for r in rest:
        if r.status != "no_data":
            st.markdown(f"**{r.id}** {md(r.reading)}")


def _survey(data: DataSet, unit: Unit, standard_id: str) -> None:
    surveyed = SURVEYED.get(standard_id, "WRES")
    if surveyed != standard_id:
        view = {"MEDICAL": "medical workforce view", "PAYGAP": "pay gap view"}.get(standard_id)
        st.caption(f"The {view or standard_id} has no staff survey figures of its own: these "
                   "are the WRES's.")  # fmt: skip
    report = report_for(data, unit, standard=surveyed)
    if report is None:
        return
    st.caption(survey_year_sentence(report.year, surveyed))
    shown = report
    if not unit.is_whole and not _has_survey(report):
        whole = report_for(data, unit, whole=True, standard=surveyed)
        if whole is not None and _has_survey(whole):
            st.info(f"Survey results were given for the whole organisation only, not for "
                    f"{md(unit.label)}: these are the organisation's figures.")  # fmt: skip
            shown = whole
    if not _has_survey(shown):  # one sentence, not an empty chart and a list of reasons
        st.info("No staff survey results were given, so the survey figures cannot be shown. "
                "Load the staff survey results on *Use your own data* to see them here.")  # fmt: skip
        return
    if charts.survey_ids(shown):
        show_chart(charts.survey_gaps, shown)
    _others(shown)


def _delete(db: Store, ws: Workspace, theme_id: int) -> None:
    ss = st.session_state
    ss.pop(_CONFIRM, None)
    try:
        perform(ws, EDIT, "theme deleted", lambda: db.delete_theme(theme_id), theme_id)
    except StoreError as exc:
        ss[_MESSAGE] = ("error", f"Not deleted: {exc}")
        return
    ss["theme_pick"] = None
    ss[_MESSAGE] = ("success", "Theme deleted (kept in the database, marked deleted).")


def _themes(db: Store, ws: Workspace, themes: list[Theme]) -> None:
    ss = st.session_state
    if message := ss.pop(_MESSAGE, None):
        getattr(st, message[0])(md(message[1]))
    if not themes:
        st.caption("No themes recorded yet.")
        return
    st.dataframe(pd.DataFrame([{"Theme": t.text, "Tags": ", ".join(t.tags), "Source": t.source,
                                "Date": t.on.isoformat()} for t in themes]), hide_index=True)  # fmt: skip
    if refusal(ws, EDIT):  # a viewer sees the themes; the reason is shown above
        return
    texts = {t.id: f"{t.text[:60]} ({t.on})" for t in themes}
    if ss.get("theme_pick") not in texts:
        ss["theme_pick"] = None
    cols = st.columns([3, 1], vertical_alignment="bottom")
    picked = cols[0].selectbox("Delete a theme", [None, *texts], key="theme_pick",
                               format_func=lambda i: "(choose one)" if i is None else texts[i])  # fmt: skip
    if cols[1].button("Delete", key="theme_delete", disabled=picked is None):
        ss[_CONFIRM] = picked
    if picked is not None and ss.get(_CONFIRM) == picked:
        st.warning(f"Delete “{md(texts[picked])}”? The database keeps it, marked deleted.")
        yes, no = st.columns(2)
        yes.button("Yes, delete it", key="theme_delete_yes", on_click=_delete,
                   args=(db, ws, picked))  # fmt: skip
        if no.button("Keep it", key="theme_delete_no"):
            ss.pop(_CONFIRM, None)
            st.rerun()


def render() -> None:
    data = current()
    standard = standard_picker(data)
    unit = unit_picker(data)
    st.title("3. Understand lived experience")
    page_caption(data, unit, standard.id)
    glossary_popover("BME", "White", "percentage points", "confidence interval",
                     standard=SURVEYED.get(standard.id, "WRES"))  # fmt: skip
    _survey(data, unit, standard.id)
    st.subheader("Themes from listening")
    st.warning("Do not enter names or anything that could identify a person. Record themes, "
               "not individuals.")  # fmt: skip
    db, ws = store(), workspace_for(data)
    if off := refusal(ws, EDIT):
        st.info(off)
        if ws is not None:
            _themes(db, ws, db.themes(ws.id))
        return
    with st.form("theme"):  # cleared only when the theme is saved: a refusal keeps the text
        st.text_area("What did colleagues describe?", key="theme_text")
        st.text_input("Tags (comma separated)", placeholder="progression, bullying",
                      key="theme_tags")  # fmt: skip
        st.selectbox("Where it came from", SOURCES, key="theme_source")
        st.date_input("When", value=date.today(), key="theme_on")
        st.form_submit_button("Add theme", on_click=_add, args=(db, ws))
    _themes(db, ws, db.themes(ws.id))


def _add(db: Store, ws: Workspace) -> None:
    ss = st.session_state
    tags = [t.strip() for t in ss["theme_tags"].split(",") if t.strip()]
    try:
        perform(ws, EDIT, "theme added", lambda: db.add_theme(
            ws.id, ss["theme_text"], tags, ss["theme_source"], ss["theme_on"]), ", ".join(tags))  # fmt: skip
    except StoreError as exc:
        ss[_MESSAGE] = ("error", f"Not added: {exc}")
        return
    ss["theme_text"] = ss["theme_tags"] = ""
    ss[_MESSAGE] = ("success", "Theme added.")
