"""Step 5, evaluate and share: each action's target judged on its own unit's figure, a summary
whose figures pass disclosure control, the board pack, and (once there is one) the comparison
with a baseline: an earlier year in the data or a saved snapshot.

It never dead-ends: with one year, or a year read from a title row, everything but the
comparison is shown, and the page says how to get the comparison."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.access import EXPORT_INTERNAL, refusal
from dashboard.markup import md
from dashboard.pack import FORMATS, Pack, build_file, pack_for
from dashboard.pack.standards import PACK_STANDARDS
from dashboard.render import SHORT_LABELS, WORSE_WHEN
from dashboard.state import DataSet, current
from dashboard.store import Action, Snapshot, StoreError, Workspace
from dashboard.views import split
from dashboard.views.common import (
    Standard,
    Unit,
    glossary_popover,
    needs_more_data,
    page_caption,
    report_for,
    show_chart,
    standard_picker,
    standards_ready,
    unit_picker,
)
from dashboard.views.plan import target_words
from dashboard.workspace import (
    BASELINE_SNAPSHOT,
    mark_done,
    number_words,
    store,
    unit_words,
    workspace_for,
)
from metrics.problems import InputError
from metrics.standards.evaluation import (
    PAY_TARGETS,
    baseline_and_latest,
    judge_target,
    shareable_summary,
)
from metrics.standards.indicators import report as standard_report
from metrics.standards.results import StandardReport
from metrics.standards.summary import report_characteristic

PACK_LEVELS = {
    "publication": "A public board paper (disclosure control on)",
    "internal": "Internal use (exact counts, marked Not for publication)",
}
PACK_NAMES = {"pptx": "PowerPoint", "pdf": "PDF", "xlsx": "Excel workbook"}


@st.cache_data(show_spinner=False, max_entries=256)
def _judge(counts, organisation, year, indicator, unit, band, target, staff=None):
    return judge_target(counts, organisation=organisation, year=year, indicator=indicator,
                        unit_key=unit, band=band, target=target, staff=staff)  # fmt: skip


def targets_table(data: DataSet, actions: list[Action], year: int | None) -> pd.DataFrame:
    """Each action's target judged on its own unit's (and band's) figure, in words."""
    rows = []
    for a in actions:
        check = None
        if a.indicator and a.target_value is not None:
            # a pay gap is worked out from the session's staff rows (only then handed over)
            staff = data.staff if a.indicator in PAY_TARGETS else None
            check = _judge(data.counts, data.organisation, year, a.indicator, a.unit, a.band,
                           a.target_value, staff)  # fmt: skip
        rows.append({  # the verdict and what it is about first: seen without scrolling sideways
            "Action": a.title, "Unit": unit_words(a.unit) + (f", {a.band}" if a.band else ""),
            "Target": number_words(a.target_value, "no target set")
                      + (f" by {a.target_year}" if a.target_year else ""),
            "Latest figure": number_words(check.value, "no figure") if check else "",
            "Target reached?": check.verdict if check else "no target set",
            "Why": check.explanation if check else "",
            "Indicator": target_words(a.indicator), "Baseline": number_words(a.baseline_value),
            "Status": a.status,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _baselines(data: DataSet, year: int | None, snapshots: list[Snapshot]) -> dict[str, str]:
    """What the latest figures can be compared with: earlier years in the data, then snapshots."""
    options = {f"year:{y}": str(y) for y in data.years if year is not None and y < year}
    for snap in snapshots:
        options[f"snapshot:{snap.id}"] = (
            f"Saved snapshot “{snap.label}” ({snap.created_at:%d %b %Y})"
        )
    return options


def _remember_choice() -> None:
    choice = st.session_state.get("evaluate_baseline") or ""
    kind, _, ident = choice.partition(":")
    st.session_state[BASELINE_SNAPSHOT] = int(ident) if kind == "snapshot" else None


def _baseline_report(data: DataSet, unit: Unit, choice: str, snapshots: list[Snapshot],
                     standard: str = "WRES") -> tuple[StandardReport | None, str]:  # fmt: skip
    """The baseline's report for the journey's unit and standard, and how to name it."""
    kind, _, ident = choice.partition(":")
    if kind == "year":
        return report_for(data, unit, year=int(ident), standard=standard), ident
    found = [s for s in snapshots if s.id == int(ident)]
    try:
        counts, _ = store().load_snapshot(int(ident))
        filters = {k: v for k, v in unit.as_dict().items() if v}
        report = standard_report(counts, standard=standard, organisation=data.organisation,
                                 unit=filters)  # fmt: skip
    except (StoreError, InputError) as exc:
        message = exc.problems[0].sentence() if isinstance(exc, InputError) else str(exc)
        st.warning(f"That snapshot cannot be used as the baseline for {md(unit.label)}.")
        with st.expander("Why"):
            st.text(message)
        return None, ""
    label = found[0].label if found else "snapshot"
    return report, f"snapshot “{label}”" + (f", {report.year}" if report.year else "")


def _comparison(data: DataSet, unit: Unit, latest: StandardReport, year: int | None,
                standard: str = "WRES") -> None:  # fmt: skip
    ws = workspace_for(data)
    snapshots = store().snapshots(ws.id) if ws else []
    options = _baselines(data, year, snapshots)
    st.subheader("Compared with a baseline")
    if not options:
        st.info("The comparison with a baseline appears once the data holds a second year, or "
                "once you save a snapshot of these figures (step 2, *Save these figures*) and "
                "come back with next year's data.")  # fmt: skip
        return
    wanted = st.session_state.get(BASELINE_SNAPSHOT)
    keys = list(options)
    index = keys.index(f"snapshot:{wanted}") if f"snapshot:{wanted}" in keys else 0
    choice = st.selectbox("Baseline", keys, index=index, format_func=options.get,
                          key="evaluate_baseline", on_change=_remember_choice)  # fmt: skip
    baseline, name = _baseline_report(data, unit, choice, snapshots, standard)
    if baseline is None:
        return
    now = str(latest.year) if latest.year else "now"
    st.caption(f"Baseline: {md(name)}. Latest: {now}, for {md(unit.label)}.")
    table = baseline_and_latest(baseline, latest, baseline_label=name, latest_label=now)
    labels = {k: SHORT_LABELS.get(k, r.label) for k, r in latest.indicators.items()}
    table.insert(1, "What it measures", table["Indicator"].map(labels))
    item = report_characteristic(latest)
    table[f"Worse for {item.who(item.focus)} when"] = table["Indicator"].map(
        lambda k: WORSE_WHEN.get(k, "")
    )
    st.dataframe(table, hide_index=True)
    if standard == "WRES":  # the change chart draws the WRES's own figures
        show_chart(charts.change_since_last_year, latest, baseline)


def render() -> None:
    data = current()
    standard = standard_picker(data)
    unit = unit_picker(data)
    st.title("5. Evaluate and share")
    page_caption(data, unit, standard.id)
    glossary_popover("confidence interval", "percentage points", "small numbers")
    if needs_more_data(standard):
        return
    year = unit.year if unit.year is not None else (data.years[-1] if data.years else None)
    if standard.id == "PAYGAP":
        from dashboard.views.pay_gaps import show_pay_gaps

        show_pay_gaps(data, unit)
        _board_pack(data, workspace_for(data), _actions(data), year, standard)
        return
    latest = report_for(data, unit, year=year, standard=standard.id)
    whole = report_for(data, unit, whole=True, year=year)
    if latest is None or whole is None:
        return
    _comparison(data, unit, latest, year, standard.id)
    st.subheader("Actions and their targets")
    ws = workspace_for(data)
    actions = _actions(data)
    if actions:
        st.caption(f"Each target is judged on its own unit's (and band's) figure for "
                   f"{year or 'the data'}: met or not yet only when the whole 95% interval is on "
                   "one side of the target; no data when that unit has no figure.")  # fmt: skip
        st.dataframe(targets_table(data, actions, year), hide_index=True)
    else:
        st.caption("No actions yet: add them in step 4.")
    st.subheader("Share the work (#InclusiveHR)")
    shared = whole
    if standard.id == "WDES":
        shared = report_for(data, unit, whole=True, year=year, standard="WDES") or whole
    if shared.standard != standard.id:
        st.caption(f"The summary to share covers the WRES; the board pack below can hold a "
                   f"section for the {md(standard.label)} with the same disclosure rules.")  # fmt: skip
    st.caption("Counts 1-7 are withheld and others rounded to the nearest 5 before anything is "
               "published; figures resting on a withheld count are left out. Every standard's "
               "counts are protected together, so one summary cannot undo another's.")  # fmt: skip
    summary = shareable_summary(data.counts, shared)
    text = "\n\n".join(summary.lines)
    st.text_area("Summary to share", text, height=260)
    st.download_button("Download the summary", text, file_name="inclusivehr-summary.txt")
    with st.expander("What disclosure control changed"):
        st.dataframe(summary.audit, hide_index=True)
    _board_pack(data, ws, actions, year, standard)


def _actions(data: DataSet) -> list[Action]:
    ws = workspace_for(data)
    return store().actions(ws.id) if ws else []


@st.cache_data(show_spinner="Preparing the board pack…", max_entries=16)
def _pack(counts, organisation, year, actions, level, notes, standards=("WRES",),
          staff=None, chosen_split=None) -> Pack:  # fmt: skip
    """`staff`: the session's rows, only when the pack has pay gaps (the cache keeps the pack,
    never the rows). `chosen_split`: (standard, by) chosen on step 2, its rows in `counts`."""
    split_standard, split_by = chosen_split or ("WRES", None)
    return pack_for(counts, organisation=organisation, year=year, actions=actions, level=level,
                    notes=notes, standards=standards, staff=staff, split_by=split_by,
                    split_standard=split_standard)  # fmt: skip


def _pack_standards(data: DataSet, standard: Standard) -> tuple[str, ...]:
    """Which standards the pack holds a section for: the WRES, and any other the data feeds."""
    ready = standards_ready(data)
    offered = [k for k in PACK_STANDARDS if k != "WRES" and ready[k].ready]
    if not offered:
        return ("WRES",)
    chosen = st.multiselect(
        "Sections beside the WRES", offered, default=[k for k in offered if k == standard.id],
        format_func=PACK_STANDARDS.get, key="pack_standards",
        help="Each adds its own section, under the same disclosure rules as the WRES's.",
    )  # fmt: skip
    return ("WRES", *chosen)


def _board_pack(data, ws: Workspace | None, actions, year: int | None,
                standard: Standard) -> None:  # fmt: skip
    """The board pack: a preview of its headline slide, and files built only when clicked."""
    st.subheader("Board pack")
    st.caption("The WRES results (and any other standard chosen) and the action plan for a "
               "board meeting: title, the three largest gaps, every indicator with its chart, "
               "change since last year, the plan, methods, and an appendix of every hidden or "
               "rounded figure.")  # fmt: skip
    if not st.toggle("Prepare the board pack", key="pack_on",
                     help="Takes about a second; the files themselves are built when you click "
                          "a download."):  # fmt: skip
        return
    # the internal pack's exact counts are the workspace's: only those who may take its internal
    # export get them (a session's own files, kept in no workspace, are the person's own)
    off = refusal(ws, EXPORT_INTERNAL) if ws is not None else None
    if off:
        level = "publication"
        st.caption(f"{PACK_LEVELS[level]}. {off}")
    else:
        level = st.radio(
            "Who is it for?", list(PACK_LEVELS), format_func=PACK_LEVELS.get, key="pack_level",
            horizontal=True,
        )  # fmt: skip
    chosen = _pack_standards(data, standard)
    staff = data.staff if {"PAYGAP", "MEDICAL"} & set(chosen) else None  # pay, qualification
    counts, chosen_split = split.for_pack(data, year)  # the split chosen on step 2, if any
    pack = _pack(counts, data.organisation, year, tuple(actions), level, tuple(data.notes),
                 chosen, staff, chosen_split)  # fmt: skip
    if pack.marking:
        st.warning(f"{pack.marking}: exact counts, small numbers included.")
    with st.container(border=True):
        st.caption("Preview of the headline slide")
        st.markdown(f"**{md(pack.headline.title)}**")
        for line in pack.headline.lines:
            st.markdown(f"- {md(line)}")
    columns = st.columns(len(FORMATS))
    for column, (fmt, mime) in zip(columns, FORMATS.items(), strict=True):
        column.download_button(
            f"Download as {PACK_NAMES[fmt]}", data=partial(build_file, pack, fmt),
            file_name=f"{pack.file_stem}.{fmt}", mime=mime, key=f"pack_{fmt}", on_click=mark_done, args=(data, "pack"),
        )  # fmt: skip
