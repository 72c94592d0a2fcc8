"""Union casework: a union's (or an employee-relations team's) case log set against its members
at each employer (or the employers' staff in post), per case type: how many times as likely BME
members are as White members to be in such a case, beyond chance or not; the same on a funnel
across employers with the years each spent beyond its limits; one employer year by year; and how
often decided cases end in dismissal or a formal sanction, BME against White.

The page starts on the sample network's fictional log and members, as Compare trusts starts on
the sample network. An uploaded log is read in this browser tab's memory only (the case
reference is hashed on reading and dropped: metrics.casework.log), never stored or logged; only
its counts reach the tables, charts and download. "For sharing" shows the counts as they may be
published (metrics.casework.publish); the download is prepared for sharing unless unticked.
Employer names and labels are data: escaped before any Markdown, plain in tables.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import casework_charts
from dashboard.markup import md
from dashboard.pack.csv_safe import to_csv_text
from dashboard.sample import SAMPLE_DIR, SAMPLE_NETWORK_COUNTS
from dashboard.views.common import show_chart
from metrics.casework import labels
from metrics.casework.bases import Base, read_members, read_staff
from metrics.casework.figures import CaseworkFigures, Likelihood, compute
from metrics.casework.funnel import CaseworkFunnel, funnel, hidden_employers, hide
from metrics.casework.log import CaseLog, read_cases
from metrics.casework.publish import published
from metrics.disclosure.control import DEFAULT_SETTINGS
from metrics.inputs.readers import Upload
from metrics.problems import InputError, Problem

SAMPLE_CASES = SAMPLE_DIR / "network" / "casework.csv"
SAMPLE_MEMBERS = SAMPLE_DIR / "network" / "casework_members.csv"
POOLED = "All years pooled"
BASES = {
    "members": "A members file (employer, group BME / White / Unknown, members)",
    "staff": "A WRES counts return (the employers' staff in post, indicator 1)",
}
FILE_TYPES = ["csv", "txt", "xlsx", "xlsm", "xls", "ods"]
_DATA_KEY = "cw_data"
_FIGURES_KEY = "cw_figures"
_READ_KEY = "cw_read"
POSITION_WORDS = {
    "above_99.8": "Above the network's 99.8% limit",
    "above_95": "Above the network's 95% limit",
    "within": "Within the network's limits",
    "below_95": "Below the network's 95% limit",
    "below_99.8": "Below the network's 99.8% limit",
    "not_placed": "Not on the funnel",
}
METHOD_NOTES = f"""
**The figure.** For an employer and a kind of case: (BME cases ÷ BME members) ÷ (White cases ÷
White members). 1.00 means BME and White members are equally likely to be in such a case; above
1 means BME members are more likely (worse for BME members). Members of unknown ethnicity, and
cases with no recorded ethnicity, are left out of both sides.

**The 95% interval** is Katz's log method: ln(ratio) ± 1.96 × √(1/a − 1/n₁ + 1/c − 1/n₂), a and
c the BME and White cases, n₁ and n₂ the members. An interval wholly above 1 means the difference
is beyond chance; one that contains 1 means it could be chance. A figure with a group of 1 to
{DEFAULT_SETTINGS.threshold} cases is marked "small numbers": read it with care.

**Member-years.** With every year pooled, the cases of all the years the log covers are set
against the members summed over those years (a members file with no year counts once for each
year). A members file by year is used year by year; a year with none of its own takes the
nearest year's (the notes say where).

**The funnel.** Each employer's figure (on the log scale) against its precision, 1/SE², with
the network's value from every employer's cases and members added up, and limits at
network value ± 1.96 × SE (95%) and ± 3.09 × SE (99.8%) (Spiegelhalter, 2005). An employer
beyond the 99.8% limit differs from the network by more than chance would give about once in
500. "Years above the limit" counts the years in which an employer's own figure for that year
was above the limit of that year's funnel: one bad year, or a pattern.

**Outcomes.** Of the decided cases (an outcome given, not ongoing), the share ending in
dismissal or a formal sanction, BME against White, with the same interval.

**For sharing.** Counts of 1 to {DEFAULT_SETTINGS.threshold} are hidden, with others where they
would give a hidden one away, and the rest rounded to the nearest 5; a figure resting on a
hidden count is hidden, and that employer is left off the funnel.
"""


@dataclass(frozen=True, eq=False)
class CaseworkData:
    """A case log and its base, held in this tab's session only, with a label and a token that
    names this pair in the session's cache of figures."""

    log: CaseLog
    base: Base
    label: str
    token: str
    is_sample: bool = False
    wres: Path | Upload | None = None  # the WRES counts behind the briefing's WRES3 and WRES8


@st.cache_resource(show_spinner=False)
def _sample() -> CaseworkData:
    """The sample network's fictional log and members (shared by every session: no one's data)."""
    label = ("Sample: the fictional network's casework log and members (every employer and case "
             "here is made up)")  # fmt: skip
    return CaseworkData(read_cases(SAMPLE_CASES), read_members(SAMPLE_MEMBERS), label, "sample",
                        is_sample=True, wres=SAMPLE_NETWORK_COUNTS)  # fmt: skip


def _current() -> CaseworkData:
    return st.session_state.get(_DATA_KEY) or _sample()


def _figures(data: CaseworkData, year: int | None, share: bool = False) -> CaseworkFigures:
    """Figures for the log and a year (as they may be published, when ``share``), worked out
    once per session (they hold counts only)."""
    cache = st.session_state.setdefault(_FIGURES_KEY, {})
    key = (data.token, year, share)
    if key not in cache:
        cache[key] = published(_figures(data, year))[0] if share else compute(
            data.log, data.base, year)  # fmt: skip
    return cache[key]


def _problem_panel(what: str, exc: InputError) -> None:
    """The first problem in plain words (what, where, how to fix), every problem one click away."""
    st.error(f"{what} cannot be used yet: " + md(exc.problems[0].sentence()))
    if len(exc.problems) > 1:
        with st.expander(f"Every problem found ({len(exc.problems)})"):
            st.dataframe(pd.DataFrame({"Problem": [p.sentence() for p in exc.problems]}),
                         hide_index=True)  # fmt: skip


def _digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(hashlib.blake2b(part, digest_size=16).digest())
    return h.hexdigest()


def _load_files() -> None:
    """The user's own log and base. Read once per pair of files; kept in this tab only."""
    with st.expander("Use your own casework log and members (or staff) figures"):
        st.caption("The log needs employer, year (or date opened), case type and ethnicity "
                   "columns; outcome and stage are optional. Case references are read only to "
                   "count a case listed twice once: they are never kept or shown. Files stay "
                   "in this browser tab's memory and are never stored.")  # fmt: skip
        cases = st.file_uploader("Casework log (CSV or Excel)", type=FILE_TYPES, key="cw_cases")
        kind = st.radio("Set the cases against", list(BASES), format_func=BASES.get,
                        key="cw_base_kind")  # fmt: skip
        base = st.file_uploader("Members file" if kind == "members" else "WRES counts return",
                                type=FILE_TYPES, key="cw_base")  # fmt: skip
        if cases is None or base is None:
            st.caption("Add both files to see their figures.")
            return
        token = _digest(cases.getvalue(), kind.encode(), base.getvalue())
        if st.session_state.get(_READ_KEY) == token:
            return  # read already: its figures (or its problems) are shown
        try:
            log = read_cases(Upload(cases.name, cases.getvalue()))
        except InputError as exc:
            _problem_panel("The casework log", exc)
            return
        try:
            upload = Upload(base.name, base.getvalue())
            people = read_members(upload) if kind == "members" else read_staff([upload])
        except InputError as exc:
            _problem_panel("The members file" if kind == "members" else "The counts return", exc)
            return
        label = f"Your casework log ({cases.name}) against {base.name}"
        st.session_state[_DATA_KEY] = CaseworkData(
            log, people, label, token, wres=upload if kind == "staff" else None
        )
        st.session_state[_READ_KEY] = token
        st.session_state.pop(_FIGURES_KEY, None)
        st.rerun()


def _warnings(data: CaseworkData) -> None:
    problems: tuple[Problem, ...] = (*data.log.problems, *data.base.problems)
    if problems:
        with st.expander(f"Worth checking in your files ({len(problems)})"):
            st.dataframe(pd.DataFrame({"What was found": [p.sentence() for p in problems]}),
                         hide_index=True)  # fmt: skip


def case_words(case_type: str) -> str:
    return "all kinds of" if case_type == labels.ALL_TYPES else case_type


def _type_label(case_type: str) -> str:
    return "All case types" if case_type == labels.ALL_TYPES else case_type.capitalize()


def _controls(pooled: CaseworkFigures) -> tuple[str, int | None, bool]:
    types = list(dict.fromkeys(r.case_type for r in pooled.rows))
    years = sorted({y.year for r in pooled.rows for y in r.by_year}, reverse=True)
    top = st.columns(2)
    first = "disciplinary" if "disciplinary" in types else types[0]
    case_type = top[0].selectbox("Kind of case", types, index=types.index(first), key="cw_type",
                                 format_func=_type_label)  # fmt: skip
    year = top[1].selectbox("Year", [POOLED, *years], key="cw_year",
                            help="Pooling adds up every year's cases and members, so a figure "
                                 "does not rest on one year's few cases.")  # fmt: skip
    share = st.toggle("For sharing: show counts as they may be published", key="cw_share",
                      help=f"Counts of 1 to {DEFAULT_SETTINGS.threshold} hidden (and any that "
                           "would give one away), others rounded to 5, figures resting on a "
                           "hidden count hidden.")  # fmt: skip
    return case_type, None if year == POOLED else int(year), share


def _count(n: int | None) -> str:
    return "hidden" if n is None else f"{n:,}"


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def reading(found: Likelihood, who: str = "BME members") -> str:
    """Which way, and whether beyond chance, in words."""
    if found.value is None:
        return "No comparison: " + (found.reason or "no figure")
    if found.ci_lower is not None and found.ci_lower > 1:
        words = f"Worse for {who}: more likely, beyond chance"
    elif found.ci_upper is not None and found.ci_upper < 1:
        words = f"Better for {who}: less likely, beyond chance"
    else:
        words = "Could be chance"
    return words + (" (small numbers: read with care)" if found.status == "small_numbers" else "")


def _interval(found: Likelihood) -> str:
    if found.value is None:
        return "–"
    return f"{_ratio(found.ci_lower)} to {_ratio(found.ci_upper)}"


def _years_beyond(point, side: str) -> str:
    if point is None or point.years is None:
        return "–"
    return f"{point.years[f'{side}_95']} of {point.years['placed']}"


def employer_table(shown: CaseworkFigures, found: CaseworkFunnel, case_type: str,
                   pooled: bool) -> pd.DataFrame:  # fmt: skip
    """One row per employer with cases of this type: cases, members, the figure, its interval,
    the reading, and its place on the funnel."""
    who = _who(shown)
    people = f"{who[:-1] if who == 'members' else who}-years" if pooled else who
    points = {p.employer: p for p in found.points}
    rows = []
    for r in shown.rows:
        if r.case_type != case_type or r.employer is None:
            continue
        point = points.get(r.employer)
        members = r.members or {}
        rows.append({
            "Employer": r.employer,
            "Times as likely (BME vs White)": _ratio(r.likelihood.value),
            "95% interval": _interval(r.likelihood),
            "Reading": reading(r.likelihood, f"BME {who}"),
            "Against the network": POSITION_WORDS[point.position] if point else "Not on the funnel",
            "Years above the 95% limit": _years_beyond(point, "above"),
            "Years above the 99.8% limit": "–" if point is None or point.years is None
            else f"{point.years['above_99.8']} of {point.years['placed']}",
            "BME cases": _count(r.cases["BME"]), "White cases": _count(r.cases["White"]),
            "Unknown cases": "not published" if r.cases["Unknown"] is None
            else f"{r.cases['Unknown']:,}",
            f"BME {people}": _count(members.get("BME")) if r.members else "no figures",
            f"White {people}": _count(members.get("White")) if r.members else "no figures",
        })  # fmt: skip
    return pd.DataFrame(rows)


def outcome_table(shown: CaseworkFigures, case_type: str) -> pd.DataFrame:
    rows = []
    for r in shown.rows:
        if r.case_type != case_type or r.employer is None or r.outcomes is None:
            continue
        o = r.outcomes
        rows.append({
            "Employer": r.employer,
            "Times as likely to end so (BME vs White)": _ratio(o.likelihood.value),
            "95% interval": _interval(o.likelihood),
            "Reading": reading(o.likelihood, f"BME {_who(shown)}"),
            "BME decided cases": _count(o.decided["BME"]),
            "BME dismissed or formally sanctioned": _count(o.sanctioned["BME"]),
            "White decided cases": _count(o.decided["White"]),
            "White dismissed or formally sanctioned": _count(o.sanctioned["White"]),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _who(figures: CaseworkFigures) -> str:
    """Whom the cases are set against, in a word: members, or the employers' staff."""
    return "members" if figures.base == "members" else "staff"


def headline(shown: CaseworkFigures, found: CaseworkFunnel, case_type: str) -> str:
    """The page's first sentence: how many employers' BME members are more likely to be in this
    kind of case beyond chance, which way is worse, and the network's figure."""
    mine = [r for r in shown.rows if r.case_type == case_type and r.employer is not None]
    with_figure = [r for r in mine if r.likelihood.value is not None]
    worse = sum(r.likelihood.ci_lower is not None and r.likelihood.ci_lower > 1 for r in mine)
    better = sum(r.likelihood.ci_upper is not None and r.likelihood.ci_upper < 1 for r in mine)
    kind = "case" if case_type == labels.ALL_TYPES else f"{case_type} case"
    who = _who(shown)
    text = (
        f"At **{worse}** of the {len(with_figure)} employers with a figure, BME {who} are more "
        f"likely than White {who} to be in a {kind} beyond chance (worse for BME {who}); at "
        f"**{better}** they are less likely beyond chance; at the rest the difference could be "
        "chance."
    )
    net = next((r for r in shown.network if r.case_type == case_type), None)
    if net is not None and net.likelihood.value is not None:
        text += (f" Across the network, BME {who} are **{_ratio(net.likelihood.value)}** times "
                 f"as likely as White {who} to be in a {kind} (95% interval "
                 f"{_interval(net.likelihood)}).")  # fmt: skip
    counts = found.counts()
    above = counts["above_95"] + counts["above_99.8"]
    text += (f" On the funnel, {above} employer{'s are' if above != 1 else ' is'} above the "
             f"network's 95% limit ({counts['above_99.8']} above 99.8%).")  # fmt: skip
    return text


def _briefing_downloads(data: CaseworkData, exact: CaseworkFigures, year: int | None,
                        employer: str | None) -> None:  # fmt: skip
    """The casework briefing for a negotiating meeting with one employer: one page (PDF) or one
    slide (PowerPoint), always for sharing whatever the toggle above says."""
    from dashboard.pack.casework_briefing import to_pdf, to_pptx
    from metrics.casework.briefing import briefing, wres_values

    st.subheader("Briefing for a meeting with an employer")
    names = sorted({str(r.employer) for r in exact.rows})
    pick = st.selectbox("Employer", names, key="cw_brief_employer",
                        index=names.index(employer) if employer in names else 0)  # fmt: skip
    st.caption(
        "One page with this employer's casework figures, its published WRES3 "
        "(disciplinary) and WRES8 (discrimination) and its place in the network. Always "
        f"for sharing: counts of 1 to {DEFAULT_SETTINGS.threshold} hidden, the rest "
        "rounded to the nearest 5."  # fmt: skip
        + (
            ""
            if data.wres is not None
            else " WRES3 and WRES8 need the employers' WRES "
            "counts: set the cases against a WRES counts return to include them."
        )
    )
    key = (data.token, year, pick)
    made = st.session_state.get("cw_briefing")
    if made is None or made[0] != key:
        if not st.button("Prepare the briefing", key="cw_brief_make"):
            return
        try:
            wres = None if data.wres is None else wres_values([data.wres])
            placed = funnel(exact, labels.ALL_TYPES)
            found = briefing(exact, pick, wres=wres,
                             funnel={p.employer: p.position for p in placed.points})  # fmt: skip
        except InputError as exc:
            _problem_panel("The briefing", exc)
            return
        made = (key, to_pdf(found), to_pptx(found))
        st.session_state["cw_briefing"] = made
    stem = "casework-briefing-" + (re.sub(r"[^A-Za-z0-9]+", "-", pick).strip("-").lower()[:60]
                                   or "employer")  # fmt: skip
    left, right = st.columns(2)
    left.download_button("Download as PDF", made[1], file_name=f"{stem}.pdf",
                         mime="application/pdf", key="cw_brief_pdf")  # fmt: skip
    right.download_button(
        "Download as PowerPoint",
        made[2],
        file_name=f"{stem}.pptx",
        key="cw_brief_pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )


def render() -> None:
    st.title("Union casework")
    data = _current()
    st.caption(md(data.label))
    if not data.is_sample and st.button("Go back to the sample casework log", key="cw_sample"):
        st.session_state.pop(_DATA_KEY, None)
        st.session_state.pop(_READ_KEY, None)
        st.session_state.pop(_FIGURES_KEY, None)
        st.rerun()
    _load_files()
    _warnings(data)
    pooled = _figures(data, None)
    if not pooled.rows:
        st.warning("The casework log has no cases to count.")
        return
    case_type, year, share = _controls(pooled)
    exact = _figures(data, year)
    shown = _figures(data, year, share)
    found = funnel(exact, case_type, history=pooled)
    if share:
        found = hide(found, hidden_employers(shown, case_type))
    words = case_words(case_type)
    st.markdown(headline(shown, found, case_type))
    st.caption(f"Set against {md(exact.base)}; "
               + ("every year pooled" if year is None else f"the year {year}")
               + (". Counts as they may be published." if share else ". Exact counts: for "
                  "working use, not for sharing."))  # fmt: skip
    st.subheader("Employer by employer")
    table = employer_table(shown, found, case_type, year is None)
    st.dataframe(table, hide_index=True)
    st.subheader("Employers against the network")
    employers = [p.employer for p in found.points]
    chosen = st.selectbox("Highlight an employer (and show its years below)",
                          ["(none)", *employers], key="cw_employer")  # fmt: skip
    highlight = None if chosen == "(none)" else chosen
    show_chart(casework_charts.funnel_chart, found, words, highlight)
    _trend(data, case_type, share, highlight)
    _outcomes(shown, case_type)
    _downloads(data, case_type, year)
    _briefing_downloads(data, exact, year, highlight)
    for note in shown.notes:
        st.caption(md(note))
    with st.expander("How these figures are worked out"):
        st.markdown(METHOD_NOTES)


def _trend(data: CaseworkData, case_type: str, share: bool, employer: str | None) -> None:
    st.subheader("Year by year")
    if employer is None:
        st.caption("Choose an employer above to see its figure year by year.")
        return
    shown = _figures(data, None, share)
    row = next((r for r in shown.rows if r.employer == employer and r.case_type == case_type),
               None)  # fmt: skip
    if row is None or not row.by_year:
        st.caption("No year-by-year figures for this employer.")
        return
    show_chart(casework_charts.trend_chart, row.employer, case_words(case_type), row.by_year)


def _outcomes(shown: CaseworkFigures, case_type: str) -> None:
    st.subheader("How cases end")
    if not shown.outcomes_given:
        st.caption("The log has no outcome column, so how cases end cannot be compared.")
        return
    st.caption("Of the decided cases (an outcome given, not ongoing), how many ended in "
               "dismissal or a formal sanction, BME against White. Above 1 is worse for BME "
               "members.")  # fmt: skip
    st.dataframe(outcome_table(shown, case_type), hide_index=True)


def _downloads(data: CaseworkData, case_type: str, year: int | None) -> None:
    """The employer table as a CSV, prepared for sharing unless the user unticks it."""
    shared = st.checkbox("Prepare the download for sharing (disclosure control)", value=True,
                         key="cw_download_share")  # fmt: skip
    figures = _figures(data, year, shared)
    found = funnel(_figures(data, year), case_type, history=_figures(data, None))
    if shared:
        found = hide(found, hidden_employers(figures, case_type))
    table = employer_table(figures, found, case_type, year is None)
    when = "pooled" if year is None else str(year)
    st.download_button(
        "Download the employer table (CSV)" + (", prepared for sharing" if shared else ""),
        to_csv_text(table),
        file_name=f"casework-{case_type.replace(' ', '-')}-{when}"
        + ("-for-sharing" if shared else "") + ".csv",
        mime="text/csv",
        key="cw_download",
    )  # fmt: skip
