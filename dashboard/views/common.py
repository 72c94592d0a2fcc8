"""Pieces every page shares: the journey's unit and year, the caption, the glossary, small
numbers, report building, chart display, messages."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard.markup import md
from dashboard.state import (
    DataSet,
    NetworkData,
    choose_standard,
    choose_unit,
    chosen_standard,
    chosen_unit,
    small_unit_size,
)
from dashboard.views.frame import glossary_popover, page_for, register_pages  # noqa: F401
from metrics.counts.unit_names import HR_OD, hr_od_directorate
from metrics.counts.units import KINDS, UnitChoice
from metrics.disclosure.control import DisclosureSettings
from metrics.problems import InputError
from metrics.standards.indicators import band_groups, report
from metrics.standards.readiness import DEFAULT, STANDARDS, Readiness, readiness
from metrics.standards.results import StandardReport

if TYPE_CHECKING:  # Altair is imported with the first chart, not with every page
    from dashboard.charts import Chart


@dataclass(frozen=True)
class Unit:
    """The year and the part of the organisation every page of the journey shows."""

    year: int | None
    choice: UnitChoice = field(default_factory=UnitChoice)
    notice: str | None = field(default=None, compare=False)  # why a requested unit was not used

    @property
    def key(self) -> str:
        return self.choice.key

    @property
    def kind(self) -> str:
        return self.choice.kind

    @property
    def is_whole(self) -> bool:
        return self.choice.is_whole

    @property
    def label(self) -> str:
        return self.choice.label

    @property
    def directorate(self) -> str | None:
        return self.choice.name if self.kind == "directorate" else None

    @property
    def staff_group(self) -> str | None:
        return self.choice.name if self.kind == "staff_group" else None

    @property
    def band_group(self) -> str | None:
        return self.choice.name if self.kind == "band_group" else None

    def as_dict(self) -> dict[str, str]:
        """The `unit=` filter of metrics.standards.indicators.wres: {} for the whole organisation."""
        return self.choice.as_filter()


def data_notice(data: DataSet) -> None:
    """What every page is showing, and that uploaded files last only as long as the tab."""
    st.caption(md(data.label))
    if data.is_sample:
        st.caption("Everyone here is fictional. Load your own files on *Use your own data*.")
    elif data.restored_at is not None:
        st.caption(f"Brought back after a reload: the counts last loaded on "
                   f"{data.restored_at:%d %B %Y at %H:%M} (UTC). Profiles by sex, disability and "
                   "age need the files again.")  # fmt: skip
    elif data.source == "warehouse":
        st.caption("Counted in your organisation's warehouse: only the counts came back, no row "
                   "was copied here. They are kept for the workspace, so a reload brings the "
                   "figures back.")  # fmt: skip
    elif data.staff is None and not data.inputs:  # a counts return
        st.caption("Only counts are held here, never anyone's row; they are kept for the "
                   "workspace, so a reload brings the figures back.")  # fmt: skip
    else:
        st.caption("Your files stay in this browser tab only; their counts (never the rows) are "
                   "kept for the workspace, so a reload brings the figures back.")  # fmt: skip


def network_notice(data: NetworkData) -> None:
    """The sidebar on Compare trusts: which returns are shown, not the single trust's data."""
    st.caption(md(data.label))
    if data.is_sample:
        st.caption("Every trust here is fictional. Load your network's returns on this page.")
    else:
        st.caption("Your returns are held in this browser tab only.")


def page_caption(data: DataSet, unit: Unit, standard: str = DEFAULT) -> None:
    """The line under every page title: organisation, standard, year and unit."""
    organisation = data.organisation or "Your organisation"
    name = standard if standard in ("WRES", "WDES") else STANDARDS.get(standard, standard)
    year = f"{name} {unit.year}" if unit.year else "no year in the data"
    st.caption(f"{md(organisation)}, {year}: {md(unit_words(unit))}")


def unit_words(unit: Unit) -> str:
    if unit.is_whole:
        return "the whole organisation"
    kind = {"directorate": "directorate", "staff_group": "staff group", "band_group": "band group"}
    return f"{unit.label} ({kind[unit.kind]})"


# --- the one choice of unit and year ----------------------------------------------------------

_WIDGETS = {"directorate": "unit_dir", "staff_group": "unit_group", "band_group": "unit_band"}
_LABELS = {label: kind for kind, label in KINDS.items()}


def band_groups_in(data: DataSet) -> list[str]:
    """The band groups (bands.csv clusters) that have staff in the data, in reporting order."""
    present = {str(b).strip().lower() for b in data.counts["band"].dropna().unique()}
    return [name for name, members in band_groups().items()
            if any(m.lower() in present for m in members)]  # fmt: skip


def unit_options(data: DataSet) -> dict[str, list[str]]:
    """The names each kind of unit can take in this data; kinds with none are left out. Found
    once per data set and session (every page asks on every run)."""
    memo = st.session_state.get(_OPTIONS_KEY)
    if memo is None or memo[0] is not data.counts:  # `is`: an id could be reused by new data
        found = {
            "directorate": data.units("directorate") if "directorate" in data.counts else [],
            "staff_group": data.units("staff_group") if "staff_group" in data.counts else [],
            "band_group": band_groups_in(data) if "band" in data.counts else [],
        }
        memo = (data.counts, {kind: names for kind, names in found.items() if names})
        st.session_state[_OPTIONS_KEY] = memo
    return memo[1]


_OPTIONS_KEY = "inclusivehr_unit_options"


def _default_name(kind: str, names: list[str]) -> str:
    """HR & OD (or the name this trust gives it) comes first: step 1 of the challenge is about it."""
    if kind == "directorate":
        return hr_od_directorate(names) or names[0]
    return names[0]


def _resolve(data: DataSet, key: str | None, year: object) -> Unit:
    """A requested unit and year checked against the data; anything unusable becomes the whole
    organisation or the latest year, with a notice saying so."""
    years, problems = data.years, []
    chosen_year = years[-1] if years else None
    if year not in (None, ""):
        try:
            wanted = int(str(year))
        except ValueError:
            wanted = None
        if wanted in years:
            chosen_year = wanted
        else:
            problems.append(f"year {year}")
    try:
        choice = UnitChoice.parse(key)
    except ValueError:
        choice, problems = UnitChoice(), [*problems, f"unit {key}"]
    if not choice.is_whole:
        names = unit_options(data).get(choice.kind, [])
        match = next((n for n in names if n.strip().lower() == choice.name.strip().lower()), None)
        if match is None:
            problems.append(f"{choice.kind.replace('_', ' ')} {choice.name}")
            choice = UnitChoice()
        else:
            choice = UnitChoice(choice.kind, match)
    notice = None
    if problems:
        notice = (f"The link asked for {' and '.join(problems)}, which this data does not have, "
                  "so the whole organisation and the latest year are shown instead.")  # fmt: skip
    return Unit(year=chosen_year, choice=choice, notice=notice)


def current_unit(data: DataSet) -> Unit:
    """The unit and year of the whole journey: this session's choice, else the page address's
    `?unit=…&year=…`, else the whole organisation and the latest year. The address is kept in
    step, so a link or a reload opens the same view."""
    stored = chosen_unit()
    if stored is None:
        unit = _resolve(data, st.query_params.get("unit"), st.query_params.get("year"))
    else:
        unit = _resolve(data, *stored)
        unit = Unit(unit.year, unit.choice)  # the session's own choice needs no notice
    choose_unit(unit.key, unit.year)
    _write_query(unit)
    return unit


def _write_query(unit: Unit) -> None:
    """Only this page's unit and year are touched; other query parameters are left alone."""
    wanted = {"unit": unit.key, "year": None if unit.year is None else str(unit.year)}
    for name, value in wanted.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value


def _picked(options: dict[str, list[str]]) -> None:
    """A widget changed: the choice it makes becomes the journey's choice."""
    state = st.session_state
    kind = _LABELS.get(state.get("unit_kind"), "whole")
    name = None
    if kind in options:
        name = state.get(_WIDGETS[kind])
        if name not in options[kind]:
            name = _default_name(kind, options[kind])
    choice = UnitChoice() if name is None else UnitChoice(kind, name)  # type: ignore[arg-type]
    choose_unit(choice.key, state.get("unit_year"))


def unit_picker(data: DataSet) -> Unit:
    """Year and unit in the sidebar. The choice is the journey's, not the page's: widgets are
    seeded from it on every page, and a change is written back to it (and to the address)."""
    unit = current_unit(data)
    options = unit_options(data)
    state = st.session_state
    state["unit_year"] = unit.year
    state["unit_kind"] = KINDS[unit.kind]
    if not unit.is_whole:
        state[_WIDGETS[unit.kind]] = unit.choice.name
    kinds = ["whole", *options]
    with st.sidebar:
        if unit.notice:
            st.info(md(unit.notice))
        if data.years:
            name = {"WDES": "WDES year", "PAYGAP": "Year"}.get(
                chosen_standard(_workspace_key(data)) or DEFAULT, "WRES year"
            )
            st.selectbox(name, data.years, key="unit_year", on_change=_picked,
                         args=(options,), help=f"The {name.lower()}: staff in post on 31 March "
                         "of that year; its staff survey ran the autumn before.")  # fmt: skip
        st.radio("Look at", [KINDS[k] for k in kinds], key="unit_kind", on_change=_picked,
                 args=(options,))  # fmt: skip
        if not unit.is_whole:
            names = options[unit.kind]
            hr_od = hr_od_directorate(names) if unit.kind == "directorate" else None
            st.selectbox(
                KINDS[unit.kind].removeprefix("A ").capitalize(), names,
                key=_WIDGETS[unit.kind], on_change=_picked, args=(options,),
                format_func=lambda n: f"{n} (HR & OD)" if n == hr_od and n != HR_OD else n,
            )  # fmt: skip
    return unit


# --- the one choice of standard ---------------------------------------------------------------

STANDARD_PARAM = "standard"
_READY_KEY = "inclusivehr_readiness"


@dataclass(frozen=True)
class Standard:
    """The standard every page of the journey shows (WRES, WDES, pay gaps, the medical view)."""

    id: str
    ready: bool
    needs: str = ""  # what file or column would make it ready, in plain words
    notice: str | None = field(default=None, compare=False)  # why a requested one was not used
    restored: bool = field(default=False, compare=False)  # the data came back after a reload

    @property
    def label(self) -> str:
        return STANDARDS[self.id]


def standards_ready(data: DataSet) -> dict[str, Readiness]:
    """What each standard needs from this data; found once per data set and session."""
    memo = st.session_state.get(_READY_KEY)
    if memo is None or memo[0] is not data.counts or memo[1] is not data.staff:
        memo = (data.counts, data.staff, readiness(data.counts, data.staff))
        st.session_state[_READY_KEY] = memo
    return memo[2]


def _workspace_key(data: DataSet) -> str:
    return data.organisation or ""


def current_standard(data: DataSet) -> Standard:
    """The journey's standard: this session's choice for the data's workspace, else the address's
    `?standard=…`, else the WRES (or, for data that cannot feed the WRES, the first standard it
    can). The address carries it (left out for the WRES, so every older
    link reads as before)."""
    ready = standards_ready(data)
    notice = None
    wanted = chosen_standard(_workspace_key(data))
    if wanted is None:
        asked = st.query_params.get(STANDARD_PARAM)
        wanted = next((k for k in STANDARDS if asked and k.lower() == asked.strip().lower()), None)
        if asked and wanted is None:
            notice = (f"The link asked for the standard {asked}, which this dashboard does not "
                      f"know, so the {STANDARDS[DEFAULT]} is shown instead.")  # fmt: skip
    if wanted not in STANDARDS:  # nothing chosen: the WRES, else the first standard data feeds
        fed = [k for k, r in ready.items() if r.ready]
        wanted = DEFAULT if ready[DEFAULT].ready or not fed else fed[0]
    choose_standard(_workspace_key(data), wanted)
    if wanted == DEFAULT:
        if STANDARD_PARAM in st.query_params:
            del st.query_params[STANDARD_PARAM]
    elif st.query_params.get(STANDARD_PARAM) != wanted:
        st.query_params[STANDARD_PARAM] = wanted
    found = ready[wanted]
    return Standard(wanted, found.ready, found.needs, notice, data.restored_at is not None)


def _standard_picked(data: DataSet) -> None:
    choose_standard(_workspace_key(data), st.session_state.get("standard", DEFAULT))


def standard_picker(data: DataSet) -> Standard:
    """The standard in the sidebar, above the unit; one the data cannot feed is marked so."""
    standard = current_standard(data)
    ready = standards_ready(data)
    st.session_state["standard"] = standard.id
    with st.sidebar:
        if standard.notice:
            st.info(md(standard.notice))
        st.selectbox(
            "Standard", list(STANDARDS), key="standard", on_change=_standard_picked, args=(data,),
            format_func=lambda k: STANDARDS[k] + ("" if ready[k].ready else " (needs more data)"),
            help="Which equality standard every page shows: the WRES (race), the WDES "
            "(disability), pay gaps (sex, ethnicity, disability) or the medical workforce.",
        )  # fmt: skip
    return standard


def needs_more_data(standard: Standard) -> bool:
    """Say what the chosen standard needs when the data cannot feed it; True when it cannot."""
    if standard.ready:
        return False
    # "WDES (disability) needs", "Pay gaps need"
    verb = "need" if standard.label.endswith("gaps") else "needs"
    again = (" again: a reload brings back the counts, never the rows of a file"
             if standard.restored else "")  # fmt: skip
    st.info(f"{standard.label} {verb} {standard.needs}. Load it{again} on *Use your own data*, "
            "or choose another standard in the sidebar.")  # fmt: skip
    return True


# --- small numbers ----------------------------------------------------------------------------

DISCLOSURE_THRESHOLD = DisclosureSettings().threshold  # counts 1..7 are not shown as they are
FEWER_THAN = f"fewer than {DISCLOSURE_THRESHOLD + 1}"


def exact_counts_toggle() -> bool:
    """Off by default, so a screenshot never carries a count small enough to point at someone."""
    return st.toggle(
        "Show exact counts", key="exact_counts", value=False,
        help=f"Groups of 1 to {DISCLOSURE_THRESHOLD} people are shown as '{FEWER_THAN}' unless "
        "this is on. Keep it off for anything that may be shared or shown on a screen.",
    )  # fmt: skip


def too_small(headcount: int | None) -> bool:
    return headcount is not None and headcount < small_unit_size()


def small_unit_notice(unit: Unit, headcount: int, hidden: str) -> None:
    """One plain paragraph: the unit is too small to read patterns from, and what is hidden."""
    words = unit_words(unit)  # capitalised by its first letter only: a name keeps its case
    st.warning(
        f"{md(words[:1].upper() + words[1:])} has {headcount:,} staff, fewer than "
        f"{small_unit_size()}: too small to read patterns from, and small enough that figures "
        f"could point at individuals. Hidden here: {hidden}."
    )


_DIGEST_KEY = "inclusivehr_counts_digest"


def counts_digest(counts: pd.DataFrame) -> str:
    """A digest of the counts' content, worked out once per data set and session: the cache of
    reports is keyed on it, where st.cache_data would hash the whole counts table again on every
    call (twice a rerun, on every page). Content, not identity: the cache is shared by sessions."""
    memo = st.session_state.get(_DIGEST_KEY)
    if memo is None or memo[0] is not counts:  # `is`: an id could be reused by new data
        digest = hashlib.sha256("|".join(f"{c}:{t}" for c, t in counts.dtypes.items()).encode())
        try:
            digest.update(pd.util.hash_pandas_object(counts, index=True).to_numpy().tobytes())
        except TypeError:  # a value pandas cannot hash (a list in a cell): its text instead
            digest.update(counts.to_csv().encode())
        memo = (counts, digest.hexdigest())
        st.session_state[_DIGEST_KEY] = memo
    return memo[1]


@st.cache_data(show_spinner=False, max_entries=64)
def _report(
    _counts, digest: str, organisation: str | None, year: int | None, unit: tuple,
    rolling: bool, standard: str = DEFAULT,
) -> StandardReport:  # fmt: skip
    """`_counts` is not hashed by the cache (the leading underscore): `digest` stands for it."""
    from metrics.standards.indicators import WresOptions

    return report(_counts, standard=standard, organisation=organisation, year=year,
                  unit=dict(unit), options=WresOptions(rolling_disciplinary=rolling))  # fmt: skip


def report_for(data: DataSet, unit: Unit, *, whole: bool = False, year: int | None = None,
               rolling: bool = False, standard: str = DEFAULT,
               within: dict[str, str] | None = None) -> StandardReport | None:  # fmt: skip
    """The standard's indicators for the unit (or the whole organisation), `within` a part of
    it (the medical view's staff group); cached on the counts only."""
    chosen = tuple({**({} if whole else unit.as_dict()), **(within or {})}.items())
    try:
        return _report(data.counts, counts_digest(data.counts), data.organisation,
                       year or unit.year, chosen, rolling, standard)  # fmt: skip
    except InputError as exc:
        st.warning(md(exc.problems[0].sentence()))
        return None


@st.cache_data(show_spinner=False, max_entries=128)
def _built(module: str, builder: str, *results: object) -> tuple[dict, str, pd.DataFrame, str, str]:
    """A chart and its Vega-Lite spec, built once per set of results (the results come from a
    cache anyway; the charts of dashboard.charts write their specs directly, those of
    dashboard.network_charts through Altair). The schema check is left to the tests (the chart
    tests validate every builder's spec). The spec is the same in light and dark themes: its
    text colours are named ones Streamlit resolves as it draws."""
    from dashboard.charts import for_streamlit

    chart = getattr(importlib.import_module(module), builder)(*results)
    spec = for_streamlit(chart.chart.to_dict(validate=False))
    return spec, chart.alt_text, chart.table, chart.title, chart.note


def show_chart(builder: Callable[..., Chart], *results: object) -> None:
    """A chart with its alt text as a caption and the numbers behind it one click away."""
    spec, alt_text, table, title, note = _built(builder.__module__, builder.__name__, *results)
    st.vega_lite_chart(spec=spec, width="stretch")  # the spec's description is the alt text
    st.caption(md(alt_text))
    if note:
        with st.expander("How this chart is drawn"):
            st.markdown(note)
    with st.expander(f"Show the numbers: {md(title)}"):
        st.dataframe(table, hide_index=True)


def hide_small_bands(report: StandardReport, exact: bool) -> tuple[StandardReport, int]:
    """The report with the representation indicator's bands (WRES1) or clusters (WDES1) of 1 to
    7 staff left out (unless exact counts are asked for), and how many were left out: a band's
    BME or Disabled share of 3 people points at them. The overall reading then stops before
    naming a band."""
    key = next((k for k in ("WRES1", "WDES1") if k in report.indicators), None)
    if key is None:
        return report, 0
    w1 = report.indicators[key]
    kept = tuple(p for p in w1.parts
                 if exact or int(p.extra.get("headcount") or 0) > DISCLOSURE_THRESHOLD)  # fmt: skip
    dropped = len(w1.parts) - len(kept)
    if not dropped:
        return report, 0
    reading = w1.reading.split(" The largest shortfall")[0]
    masked = w1.model_copy(update={"parts": kept, "reading": reading})
    return report.model_copy(update={"indicators": {**report.indicators, key: masked}}), dropped
