"""Step 2's "Split by": each indicator for each group of a second characteristic (women and men,
Disabled and non-disabled staff, BME and White staff) beside all staff.

Why: a gap can sit with one part of a group (BME women, Disabled men) and be hidden in the
overall figure. The split is counted from the session's row-level files
(`metrics.standards.intersections`), for the unit the page shows; what the page shows has
its small counts hidden in every group (`intersections.published`) unless exact counts are
asked for. Only the reports are kept between reruns, never the rows."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from dashboard.markup import md
from dashboard.render import SHORT_LABELS
from dashboard.state import DataSet
from dashboard.views.common import Unit
from metrics.counts.characteristics import characteristic
from metrics.counts.table import Inputs
from metrics.disclosure.control import DEFAULT_SETTINGS
from metrics.problems import InputError
from metrics.standards.definitions import standard as definition
from metrics.standards.intersections import (
    Intersections,
    intersection_counts,
    published,
    report_by,
)
from metrics.standards.results import IndicatorResult

BY = ("sex", "disability", "ethnicity")
_MEMO = "inclusivehr_split"  # (the inputs, {(standard, by, year, unit): Intersections or words})
NONE = "(no split)"


def choices(standard_id: str) -> list[str]:
    """The characteristics a standard can be split by: any but its own (pay gaps: none here, as
    their page splits by sex, ethnicity and disability already)."""
    if standard_id == "PAYGAP":
        return []
    own = definition(standard_id).characteristic_name
    return [b for b in BY if b != own]


def _title(words: str) -> str:
    """A column title: its first letter capitalised only ("BME staff", "Disabled staff")."""
    return words[:1].upper() + words[1:]


def figure(result: IndicatorResult) -> str:
    """A figure in a table cell, in words when there is none."""
    if result.value is None:
        if result.status == "small_numbers":
            return "hidden (small numbers)"
        return {"no_data": "no data", "no_variation": "no difference to measure"}.get(
            result.status, "not computable"
        )
    if result.unit == "percent":
        return f"{result.value:.1f}%"
    if "points" in result.unit:
        return f"{result.value:+.1f} points"
    return f"{result.value:.2f}"


def split_table(result: Intersections, *, exact: bool) -> pd.DataFrame:
    """One row per indicator that can be split (and the headcount first): all staff, then each
    group. Unless `exact`, the published view: a figure resting on a count of 1 to 7 in any group
    is hidden in every group, counts are rounded."""
    shown = result if exact else published(result)
    second = characteristic(result.by)
    groups = [g for g in second.groups if g in shown.groups]
    size = {
        g: "hidden (small numbers)" if n is None else f"{n:,}" for g, n in shown.headcounts.items()
    }
    all_staff = result.all_staff
    first = next(iter(all_staff.indicators.values()))  # the representation indicator
    total = first.extra.get("headcount")
    if isinstance(total, int) and not exact:
        total = DEFAULT_SETTINGS.round(total)
    heads = {"Indicator": "Staff (headcount)",
             "All staff": f"{total:,}" if isinstance(total, int) else ""}  # fmt: skip
    heads.update({_title(second.who(g)): size.get(g, "") for g in groups})
    rows = [heads]
    for key in all_staff.indicators:
        if key in result.not_split or not all(key in shown.groups[g].indicators for g in groups):
            continue
        row = {"Indicator": f"{key}: {SHORT_LABELS.get(key, key)}",
               "All staff": figure(all_staff.indicators[key])}  # fmt: skip
        row.update({_title(second.who(g)): figure(shown.groups[g].indicators[key])
                    for g in groups})  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)


def _report(data: DataSet, standard_id: str, by: str, unit: Unit) -> Intersections | str:
    """The split reports (or why there are none), kept for the session keyed on the inputs."""
    inputs, memo = st.session_state.get(_MEMO, (None, {}))
    if inputs is not data.inputs:  # new data: `is`, since an id could be reused
        memo = {}
        st.session_state[_MEMO] = (data.inputs, memo)
    year = unit.year
    key = (standard_id, by, year, unit.key)
    if key not in memo:
        kinds = {f.name for f in dataclasses.fields(Inputs)}
        given = Inputs(organisation=data.organisation,
                       **{k: v for k, v in (data.inputs or {}).items() if k in kinds})  # fmt: skip
        try:
            rows = intersection_counts(given, standard_id, by, year)
            counts = pd.concat([data.counts, rows], ignore_index=True)
            memo[key] = report_by(counts, standard=standard_id, by=by, year=year,
                                  organisation=data.organisation,
                                  unit=unit.choice.as_filter())  # fmt: skip
        except InputError as exc:
            memo[key] = exc.problems[0].sentence()
    return memo[key]


def show(data: DataSet, unit: Unit, standard_id: str, exact: bool) -> None:
    """The "Split by" control and, once a characteristic is chosen, the table."""
    offered = choices(standard_id)
    if not offered:
        return
    st.subheader("Split by a second characteristic")
    by = st.selectbox(
        "Split by", [NONE, *offered], key="split_by",
        format_func=lambda b: b if b == NONE else characteristic(b).label.capitalize(),
        help="Each indicator for each group (women and men, say) beside all staff: a gap can sit "
        "with one part of a group and be hidden in the overall figure.",
    )  # fmt: skip
    if by == NONE:
        return
    if data.inputs is None:
        st.info("Splitting needs the row-level files (the staff file and the others), which a "
                "counts return or a reload does not keep: load them on *Use your own data*.")  # fmt: skip
        return
    found = _report(data, standard_id, by, unit)
    if isinstance(found, str):
        st.warning(md(found))
        return
    st.dataframe(split_table(found, exact=exact), hide_index=True)
    second = characteristic(by)
    st.caption(f"Each figure is worked out among {md(second.label)} groups' own staff only, the "
               f"same way as for all staff; staff of {second.unknown.lower()} {second.label} "
               "are counted in all staff only. "
               + ("Exact counts: not for sharing." if exact else
                  "A figure resting on 1 to 7 people in any group is hidden in every group.")
               )  # fmt: skip
    if found.not_split:
        with st.expander("Not split"):
            for key, why in found.not_split.items():
                st.markdown(f"- **{key}**: {md(why)}")
