"""Step 1, run the data: who works here, in the chosen unit beside the whole organisation.

Charts first, the tables behind them one click away. Groups small enough to point at someone
read "fewer than 8" unless "Show exact counts" is on; a unit under the unit-size setting shows
its headcount only."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import glossary
from dashboard.markup import md
from dashboard.profile_charts import WHOLE, profile_bars, profile_table
from dashboard.state import DataSet, current
from dashboard.views import medical_tables
from dashboard.views.common import (
    DISCLOSURE_THRESHOLD,
    Unit,
    exact_counts_toggle,
    glossary_popover,
    needs_more_data,
    page_caption,
    report_for,
    show_chart,
    small_unit_notice,
    standard_picker,
    too_small,
    unit_picker,
)
from metrics.counts.characteristics import Characteristic, characteristic
from metrics.inputs.column_values import GROUP_COLUMNS
from metrics.standards.definitions import standard as definition
from metrics.standards.profile import (
    breakdown,
    by_group5,
    characteristic_profile,
    characteristics_in,
    ethnicity_profile,
    unit_rows,
)
from metrics.standards.results import IndicatorResult

_MEMO = "inclusivehr_profiles"  # aggregated tables only, never staff rows
# Profiles after the ethnic groups, in this order: a characteristic by its groups (from
# metrics.counts.characteristics) when the rows carry them, else the column's values as written.
PROFILE_FIELDS = {"sex": "Sex", "disability": "Disability", "age_band": "Age band"}
# The standard's representation indicator and the characteristic it counts.
REPRESENTATION = {"WRES": ("WRES1", "ethnicity"), "WDES": ("WDES1", "disability"),
                  "MEDICAL": ("WRES1", "ethnicity"), "PAYGAP": ("WRES1", "ethnicity")}  # fmt: skip
FIRST = {"WDES": "disability", "PAYGAP": "sex"}  # the standard's own profile comes first
HEADLINE = {"PAYGAP": "sex"}  # a headline share no counts row holds: from the staff rows


def _sides(unit: Unit, unit_table: pd.DataFrame, whole_table: pd.DataFrame) -> dict:
    """The unit beside the whole organisation, or the organisation alone (no duplicate columns)."""
    return {WHOLE: whole_table} if unit.is_whole else {unit.label: unit_table, WHOLE: whole_table}


def _groups(result: IndicatorResult, item: Characteristic) -> pd.DataFrame:
    """The characteristic's group headcounts (White, BME, Unknown ...), for data that came as
    counts."""
    return pd.DataFrame({"group": list(item.groups),
                         "headcount": [result.groups[g].numerator if g in result.groups else 0
                                       for g in item.groups]})  # fmt: skip


def _tables(sides: dict, key: str, title: str, exact: bool) -> tuple[str, pd.DataFrame]:
    return title, profile_table(sides, key, exact=exact, threshold=DISCLOSURE_THRESHOLD)


@dataclass(frozen=True)
class _Shares:
    """A step 1 headline's figures: the focus group's share of the unit and of the whole
    organisation, and the share whose group is known (percentages)."""

    unit: float | None
    whole: float | None
    declared: float | None


def _shares_of(w1: IndicatorResult, w1_whole: IndicatorResult, item: Characteristic) -> _Shares:
    unknown = 100 * (w1.groups[item.unknown].rate or 0) if item.unknown in w1.groups else 0.0
    return _Shares(w1.value, w1_whole.value, 100 - unknown)


def _profile_shares(data: DataSet, unit: Unit, item: Characteristic, within: dict) -> _Shares:
    """The shares from the staff rows (the pay gaps: the Female share, which no counts row holds;
    bank staff left out, Unknown in the denominator, as WRES1 counts)."""
    group = within.get("staff_group")
    rows = unit_rows(data.staff, year=unit.year, directorate=unit.directorate,
                     staff_group=group or unit.staff_group, band_group=unit.band_group)  # fmt: skip
    everyone = unit_rows(data.staff, year=unit.year, staff_group=group)

    def share(frame: pd.DataFrame, g: str) -> float | None:
        table = characteristic_profile(frame, item.name).set_index("group")
        return float(table.loc[g, "percent"]) if int(table["headcount"].sum()) else None

    unknown = share(rows, item.unknown)
    return _Shares(share(rows, item.focus), share(everyone, item.focus),
                   None if unknown is None else 100 - unknown)  # fmt: skip


def _headline(unit: Unit, headcount: int, shares: _Shares, small: bool,
              item: Characteristic) -> None:  # fmt: skip
    cols = st.columns(3)
    cols[0].metric("Headcount", f"{headcount:,}",
                   help="Staff in post on the snapshot date; bank staff excluded; one per person.")  # fmt: skip
    if shares.unit is None or small:
        return
    delta = shares.unit - (shares.whole or 0)
    terms = [t for t in (item.focus, "Percentage points") if t in glossary.TERMS]
    cols[1].metric(f"{item.focus} share", f"{shares.unit:.1f}%", help=glossary.tooltip(*terms),
                   delta=None if unit.is_whole else f"{delta:+.1f} points vs whole organisation",
                   delta_color="off")  # fmt: skip
    if shares.declared is not None:
        cols[2].metric(f"{item.label.capitalize()} declared", f"{shares.declared:.1f}%",
                       help=glossary.tooltip("Unknown"))  # fmt: skip


def _within(standard: str) -> dict[str, str]:
    """The part of the organisation a standard is about (the medical view: its staff group, as
    its standard file restricts it); {} for the whole workforce."""
    if standard != "MEDICAL":
        return {}
    return dict(next((s.restrict for s in definition(standard).indicators if s.restrict), {}))


def _profiles(
    data: DataSet, unit: Unit, exact: bool, standard: str, within: dict[str, str] | None = None
) -> list[tuple[str, pd.DataFrame]]:
    """Each profile (ethnicity, then sex, disability, age; the standard's own characteristic
    first) as a table of counts, the small groups already hidden; kept for the session, keyed on
    the unit, so a rerun recomputes nothing from the staff rows."""
    staff, memo = st.session_state.get(_MEMO, (None, {}))
    if staff is not data.staff:  # new data: `is`, since an id could be reused
        memo = {}
        st.session_state[_MEMO] = (data.staff, memo)
    within = within or {}
    key = (unit.key, unit.year, exact, standard)
    if key not in memo:
        group = within.get("staff_group")
        rows = unit_rows(data.staff, year=unit.year, directorate=unit.directorate,
                         staff_group=group or unit.staff_group, band_group=unit.band_group)  # fmt: skip
        all_rows = unit_rows(data.staff, year=unit.year, staff_group=group)
        tables = []
        if "ethnic_code" in rows:
            five = _sides(unit, by_group5(ethnicity_profile(rows)),
                          by_group5(ethnicity_profile(all_rows)))  # fmt: skip
            tables.append(_tables(five, "group5", "Ethnic group", exact))
        grouped = characteristics_in(rows)
        for column, title in PROFILE_FIELDS.items():
            if column in grouped:
                sides = _sides(unit, characteristic_profile(rows, column),
                               characteristic_profile(all_rows, column))  # fmt: skip
                tables.append(_tables(sides, "group", title, exact))
            elif column in rows:
                sides = _sides(unit, breakdown(rows, column), breakdown(all_rows, column))
                tables.append(_tables(sides, column, title, exact))
        first = PROFILE_FIELDS.get(FIRST.get(standard, ""))
        tables.sort(key=lambda t: t[0] != first)  # stable: the rest keep their order
        if len(memo) >= 16:
            memo.clear()
        memo[key] = tables
    return memo[key]


def _table_view(table: pd.DataFrame, title: str) -> pd.DataFrame:
    """The long table as one row per group and a column per side; no raw missing values."""
    sides = list(dict.fromkeys(table["who"]))
    wide = table.pivot(index="group", columns="who", values="shown")
    order = list(dict.fromkeys(table.sort_values("order", kind="stable")["group"]))
    wide = wide.reindex(order)[sides].reset_index()
    wide.columns = [title, *[f"{who}: share (staff)" for who in sides]]
    return wide


def render() -> None:
    data = current()
    standard = standard_picker(data)
    unit = unit_picker(data)
    st.title("1. Run the data")
    page_caption(data, unit, standard.id)
    glossary_popover("BME", "White", "Unknown", "Percentage points", "Small numbers",
                     standard=standard.id)  # fmt: skip
    if needs_more_data(standard):
        return
    indicator, name = REPRESENTATION[standard.id]
    indicator_standard = "WDES" if indicator.startswith("WDES") else "WRES"
    item = characteristic(name)
    within = _within(standard.id)
    if within:
        st.caption("The medical workforce: " + ", ".join(md(v) for v in within.values())
                   + " staff only, beside all of them in the organisation.")  # fmt: skip
    report = report_for(data, unit, standard=indicator_standard, within=within)
    whole = report_for(data, unit, whole=True, standard=indicator_standard, within=within)
    if report is None or whole is None or indicator not in report.indicators:
        return
    w1, w1_whole = report.indicators[indicator], whole.indicators[indicator]
    if within and not unit.is_whole and not int(w1.extra.get("headcount") or 0):
        # a directorate without doctors (HR & OD, usually): nothing of its own to profile
        st.info(f"{md(unit.label)} has no {' or '.join(md(v) for v in within.values())} staff "
                f"in {unit.year}, so the {md(standard.label)} has nothing to show for it. Choose "
                "the whole organisation, or a directorate with doctors, in the sidebar.")  # fmt: skip
        return
    headcount = int(w1.extra.get("headcount") or 0) if w1.value is not None else None
    small = not unit.is_whole and too_small(headcount)
    shown, headline = item, HEADLINE.get(standard.id)
    if headline and data.staff is not None and GROUP_COLUMNS[headline] in data.staff:
        shown = characteristic(headline)
        shares = _profile_shares(data, unit, shown, within)
    else:
        shares = _shares_of(w1, w1_whole, item)
    _headline(unit, int(w1.extra.get("headcount") or 0), shares, small, shown)
    if small:
        small_unit_notice(unit, headcount or 0, f"the {shown.focus} share, the {shown.label} "
                          "declared, and every breakdown by ethnicity, sex, disability and age")  # fmt: skip
        return
    exact = exact_counts_toggle()
    if data.staff is None:
        groups = ", ".join(item.groups[:-1]) + f" and {item.groups[-1]}"
        st.info(f"This data came as counts, so only {groups} can be shown. Profiles by sex, "
                "disability and age need the staff files again: load them on *Use your own "
                "data*.")  # fmt: skip
        sides = _sides(unit, _groups(w1, item), _groups(w1_whole, item))
        tables = [_tables(sides, "group", item.label.capitalize(), exact)]
    else:
        tables = _profiles(data, unit, exact, standard.id, within)
    for title, table in tables:
        st.subheader(title)
        show_chart(profile_bars, table, title)
    with st.expander("The tables behind these charts"):
        for title, table in tables:
            st.markdown(f"**{title}**")
            st.dataframe(_table_view(table, title), hide_index=True)
    if standard.id == "MEDICAL":
        medical_tables.show(data.counts, data.organisation, unit.year, exact, DISCLOSURE_THRESHOLD)
    _data_quality(data, report, item)


def _data_quality(data: DataSet, report, item: Characteristic) -> None:
    with st.expander("Data quality"):
        for d in report.declaration:
            if d.declared_percent is not None:
                st.write(f"{md(d.source).capitalize()}: {item.label} declared for "
                         f"{d.declared_percent:.1f}% of {d.records:,} records")  # fmt: skip
        for note in data.notes:
            st.text(note)
        if data.warnings:
            st.dataframe(pd.DataFrame([{"What": p.sentence()} for p in data.warnings]),
                         hide_index=True)  # fmt: skip
