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
from dashboard.render_intersections import split_table
from dashboard.state import DataSet
from dashboard.views.common import Unit
from metrics.counts.characteristics import characteristic
from metrics.counts.table import Inputs
from metrics.problems import InputError
from metrics.standards.definitions import standard as definition
from metrics.standards.intersections import Intersections, intersection_counts, report_by

BY = ("sex", "disability", "ethnicity")
_MEMO = "inclusivehr_split"  # (the inputs, {(standard, by, year, unit): Intersections or words})
NONE = "(no split)"
CHOSEN = "inclusivehr_split_chosen"  # the split last chosen, kept for the board pack (step 5)


def choices(standard_id: str) -> list[str]:
    """The characteristics a standard can be split by: any but its own (pay gaps: none here, as
    their page splits by sex, ethnicity and disability already)."""
    if standard_id == "PAYGAP":
        return []
    own = definition(standard_id).characteristic_name
    return [b for b in BY if b != own]


def _given(data: DataSet) -> Inputs:
    kinds = {f.name for f in dataclasses.fields(Inputs)}
    return Inputs(organisation=data.organisation,
                  **{k: v for k, v in (data.inputs or {}).items() if k in kinds})  # fmt: skip


def _memo(data: DataSet) -> dict:
    """The session's split results, kept while the inputs are the same (`is`: an id could be
    reused); only counts and reports, never rows."""
    inputs, memo = st.session_state.get(_MEMO, (None, {}))
    if inputs is not data.inputs:
        memo = {}
        st.session_state[_MEMO] = (data.inputs, memo)
    return memo


def for_pack(data: DataSet, year: int | None) -> tuple[pd.DataFrame, tuple[str, str] | None]:
    """The counts for the board pack and the split chosen on step 2 as (standard, by): None when
    there is none, or it cannot be made. The pack then holds the split table for that standard
    (when the pack has a section for it), under its disclosure rules."""
    standard_id, by = st.session_state.get(CHOSEN, ("WRES", NONE))
    if by == NONE or by not in choices(standard_id) or data.inputs is None:
        return data.counts, None
    memo = _memo(data)
    key = ("pack rows", standard_id, by, year)
    if key not in memo:
        try:
            memo[key] = intersection_counts(_given(data), standard_id, by, year)
        except InputError:
            memo[key] = None
    if memo[key] is None:
        return data.counts, None
    return pd.concat([data.counts, memo[key]], ignore_index=True), (standard_id, by)


def _report(data: DataSet, standard_id: str, by: str, unit: Unit) -> Intersections | str:
    """The split reports (or why there are none), kept for the session keyed on the inputs."""
    memo = _memo(data)
    year = unit.year
    key = (standard_id, by, year, unit.key)
    if key not in memo:
        try:
            rows = intersection_counts(_given(data), standard_id, by, year)
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
    st.session_state[CHOSEN] = (standard_id, by)  # the widget's own key goes with the page
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
