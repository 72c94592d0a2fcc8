"""Intersections: a standard's indicators split by a second characteristic (ethnicity by sex,
ethnicity by disability, disability by ethnicity ...), beside the same indicators for all staff.

A split figure is computed exactly as the whole one is: the row-level inputs of each group's
people go through the ordinary reduction (metrics.counts.table.from_inputs) and the ordinary report
(metrics.standards.indicators.report). Split rows carry `characteristic` and `characteristic_group` in the
counts table, which every ordinary consumer skips. Survey tables come aggregated: their
indicators are split only when the survey file gives both characteristics on the same rows
(metrics.inputs.survey_split), which makes the split rows as it loads. A figure resting on a count of 1 to the
disclosure threshold (7) in a split is marked small_numbers; `published` hides it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.counts.characteristics import Characteristic, characteristic, characteristics
from metrics.counts.table import Inputs, filter_unit, from_inputs, latest_year, normalise
from metrics.disclosure.control import DEFAULT_SETTINGS, DisclosureSettings, published_percent
from metrics.inputs.column_values import GROUP_COLUMNS
from metrics.inputs.loaders import Loaded
from metrics.problems import InputError, Problem
from metrics.standards.definitions import Standard
from metrics.standards.definitions import standard as standard_named
from metrics.standards.indicators import WresOptions, as_no_data, report
from metrics.standards.results import GroupFigures, IndicatorResult, StandardReport

SURVEY_KINDS = ("survey_gap", "survey_share", "score_gap")
"""Indicators read from survey tables, which come aggregated by one characteristic only."""

EVENT_KINDS = ("disciplinary", "training", "capability")
"""Inputs whose people take their groups from the staff file by employee number."""

OWN_COLUMN_KINDS = ("recruitment", "board")
"""Inputs whose people are not all staff: split by the file's own column for the characteristic."""

SMALL_CELL = "rests on a count of 1 to the disclosure threshold"


@dataclass(frozen=True)
class Intersections:
    """One standard's report for all staff and for each known group of a second characteristic.

    groups: the report restricted to each group of `by` but its unknown group, whose size only
    is given (in headcounts, beside every other group's; None when there is no staff file).
    not_split: the indicators that cannot be split, and why."""

    standard: str
    by: str
    all_staff: StandardReport
    groups: dict[str, StandardReport]
    headcounts: dict[str, int | None]
    not_split: dict[str, str]
    threshold: int = DEFAULT_SETTINGS.threshold


def second_characteristic(std: Standard, by: str) -> Characteristic:
    """The characteristic a standard is split by; refused when it is the standard's own."""
    known = characteristics()
    if by not in known:
        raise InputError(
            Problem(
                severity="error",
                message=f"{by!r} is not a characteristic the tool can split by",
                hint="Choose one of " + ", ".join(known) + ".",
                option="--by",
            )
        )
    if by == std.characteristic.name:
        others = [n for n in known if n != by]
        raise InputError(
            Problem(
                severity="error",
                message=f"the {std.id} is about {by} already, so it cannot be split by {by}",
                hint="Split it by " + " or ".join(others) + ".",
                option="--by",
            )
        )
    return characteristic(by)


# --- row-level inputs to split counts ----------------------------------------------------------


def _joined_groups(events: pd.DataFrame, staff: pd.DataFrame, column: str) -> np.ndarray:
    """Each event's group of the second characteristic: the person's, from the staff file by
    employee number (and year, as metrics.counts.table joins them); None where nothing matches."""
    found = np.full(len(events), None, dtype=object)
    if "employee_number" in events and "employee_number" in staff:
        keys = ["employee_number"] + (["year"] if "year" in events and "year" in staff else [])
        lookup = staff[[*keys, column]].drop_duplicates(keys)
        lookup = lookup.astype({k: object for k in keys})
        left = events[keys].astype(object).reset_index(drop=True)
        merged = left.merge(lookup, on=keys, how="left")
        found = merged[column].astype(object).to_numpy()
    return np.where(pd.isna(found), None, found)


def _groups_of(loaded: Loaded, staff: pd.DataFrame, column: str,
               kind: str) -> np.ndarray | None:  # fmt: skip
    """The group of the second characteristic for each record, or None when the file gives no way
    to know it (no column for it and no employee number to join to the staff file)."""
    frame = loaded.frame
    own = frame[column].astype(object).to_numpy() if column in frame else None
    if kind in OWN_COLUMN_KINDS:
        return own
    joined = _joined_groups(frame, staff, column)
    if own is None and "employee_number" not in frame:
        return None
    if own is not None:
        joined = np.where(pd.isna(joined), own, joined)
    return joined


def _subset(loaded: Loaded, mask: np.ndarray) -> Loaded:
    return dataclasses.replace(loaded, frame=loaded.frame[mask])


def intersection_counts(inputs: Inputs, standard: str, by: str,
                        year: int | None = None) -> pd.DataFrame:  # fmt: skip
    """Split counts rows: the standard's indicators for each group of `by`, reduced by
    metrics.counts.table.from_inputs from that group's people only. Records that cannot be placed in a
    group (an employee number missing from the staff file) count in its unknown group; notes about
    the split go to inputs.notes."""
    std = standard_named(standard)
    second = second_characteristic(std, by)
    column = GROUP_COLUMNS[by]
    if inputs.staff is None or column not in inputs.staff.frame:
        raise InputError(
            Problem(
                severity="error",
                message=f"splitting by {by} needs the staff file's {second.label} column",
                hint=f"Give the staff file with a {second.label.capitalize()} column.",
                option="--by",
            )
        )
    staff = inputs.staff.frame
    year = year or latest_year(inputs)
    ids = {s.id for s in std.indicators if s.kind not in SURVEY_KINDS}
    people: dict[str, np.ndarray] = {"staff": staff[column].astype(object).to_numpy()}
    read = {s.input for s in std.indicators}
    for kind in (*OWN_COLUMN_KINDS, *EVENT_KINDS):
        loaded = getattr(inputs, kind)
        if loaded is None or kind not in read:
            continue
        found = _groups_of(loaded, staff, column, kind)
        if found is None:
            how = "" if kind in OWN_COLUMN_KINDS else " and no employee number to find it by"
            inputs.notes.append(
                f"the {kind} file gives no {second.label} (no {second.label} column{how}): "
                f"its indicators are not split by {second.label}"
            )
            continue
        unplaced = int(pd.isna(found).sum())
        if unplaced:
            inputs.notes.append(
                f"{unplaced:,} {kind} record(s) could not be matched to a {second.label}: "
                f"counted under {second.unknown} {second.label} in the split"
            )
        people[kind] = np.where(pd.isna(found), second.unknown, found)
    parts = []
    for group in second.groups:
        subset = Inputs(organisation=inputs.organisation, notes=[])  # its notes repeat the whole's
        for kind, groups in people.items():
            setattr(subset, kind, _subset(getattr(inputs, kind), groups == group))
        rows = from_inputs(subset, year=year)
        rows = rows[rows["indicator"].isin(ids).to_numpy()]
        parts.append(rows.assign(characteristic=by, characteristic_group=group))
    return normalise(pd.concat(parts, ignore_index=True))


# --- split counts to reports ------------------------------------------------------------------


def _input_words(std: Standard, spec_id: str, by: Characteristic) -> str:
    spec = std.indicator(spec_id)
    if spec.kind in SURVEY_KINDS:
        return (
            f"the staff survey results give {std.characteristic.label} only, with no "
            f"{by.label} on the same rows, so this cannot be split by {by.label}"
        )
    return (
        f"the {spec.input} data gives no {by.label} for its records, so this cannot be split by "
        f"{by.label}"
    )


def _people(second: Characteristic, group: str, subject: str) -> str:
    """Words for people of one group of the second characteristic: "women", "Disabled staff",
    "female applicants", "BME applicants"."""
    who = second.who(group)
    if who.endswith(" staff"):
        return f"{who.removesuffix(' staff')} {subject}"
    return who if subject == "staff" else f"{group.lower()} {subject}"


def _reworded(result: IndicatorResult, std: Standard, second: Characteristic, group: str,
              subject: str) -> IndicatorResult:  # fmt: skip
    """A ratio's reading in words for the split: "BME staff" becomes "BME women"."""
    char = std.characteristic
    words = {f"{g} {subject}": f"{g} {_people(second, group, subject)}"
             for g in (char.focus, char.reference)}  # fmt: skip

    def say(text: str | None) -> str | None:
        if text is None:
            return None
        for old, new in words.items():
            text = text.replace(old, new)
        return text

    return result.model_copy(update={"reading": say(result.reading), "reason": say(result.reason)})


def _resting(result: IndicatorResult, char: Characteristic) -> list[int]:
    """The counts a figure rests on: the focus and reference groups' numerators and
    denominators (the unknown group is in neither side of a ratio)."""
    out = []
    for group in (char.focus, char.reference):
        figures = result.groups.get(group)
        if figures is not None:
            out += [figures.numerator, figures.denominator]
    return out


def _small_cells(result: IndicatorResult, char: Characteristic, threshold: int) -> IndicatorResult:
    """Mark a figure (and each part of it) resting on a count of 1..threshold as small numbers."""
    parts = tuple(_small_cells(p, char, threshold) for p in result.parts)
    update: dict[str, object] = {"parts": parts}
    counts = _resting(result, char)
    if result.value is not None and any(1 <= n <= threshold for n in counts):
        update |= {
            "status": "small_numbers",
            "reason": f"{SMALL_CELL} ({threshold}) in this split",
            "flags": (*result.flags, SMALL_CELL),
            "reading": result.reading + f" Small numbers: this rests on a count of 1 to "
            f"{threshold}, so it is not published.",
        }
    return result.model_copy(update=update)


def _for_group(rep: StandardReport, std: Standard, second: Characteristic, group: str,
               not_split: dict[str, str], threshold: int) -> StandardReport:  # fmt: skip
    among = second.who(group)
    out = {}
    for spec in std.indicators:
        result = rep.indicators.get(spec.id)
        if result is None:
            continue
        if spec.id in not_split:
            out[spec.id] = as_no_data(result, not_split[spec.id])
            continue
        if spec.kind == "ratio":
            result = _reworded(result, std, second, group, spec.subject)
        elif result.value is not None:
            result = result.model_copy(update={"reading": f"Among {among}: {result.reading}"})
        out[spec.id] = _small_cells(result, std.characteristic, threshold)
    unit = f"{among} ({second.label}: {group})"
    if rep.unit != "whole organisation":
        unit += f", {rep.unit}"
    return rep.model_copy(update={"indicators": out, "unit": unit})


def _headcount(rep: StandardReport, std: Standard, has_split: set[str]) -> int | None:
    """The group's headcount from its representation figures (a standard without one, the
    medical view: from a staff ratio's denominators, which are that headcount); 0 when the split
    has staff figures but none for this group; None when there are no staff figures at all."""
    spec = next((s for s in std.indicators if s.kind == "representation"), None)
    if spec is None:  # the medical view: its staff ratios divide by the very same headcount
        spec = next((s for s in std.indicators if s.kind == "ratio" and s.subject == "staff"
                     and s.id in has_split), None)  # fmt: skip
        if spec is None:
            return None
        return sum(g.denominator for g in rep.indicators[spec.id].groups.values())
    if spec.id not in has_split:
        return None
    return int(rep.indicators[spec.id].extra.get("headcount") or 0)


def _group_report(rows: pd.DataFrame, std: Standard, all_staff: StandardReport,
                  unit: dict[str, str], options: WresOptions | None) -> StandardReport:  # fmt: skip
    """One group's report for the unit all staff were reported for. A unit with none of the
    group's people in it (no men in a directorate) gives every figure as no data."""
    plain = {k: v for k, v in unit.items() if k != "band_group"}
    if any(filter_unit(rows[[col]], **{col: wanted}).empty for col, wanted in plain.items()):
        rep = report(rows.iloc[0:0], standard=std.id, organisation=all_staff.organisation,
                     year=all_staff.year, options=options)  # fmt: skip
        return rep.model_copy(update={"unit": all_staff.unit})
    return report(rows, standard=std.id, organisation=all_staff.organisation, year=all_staff.year,
                  unit=unit, options=options)  # fmt: skip


def report_by(
    counts: pd.DataFrame,
    *,
    standard: str,
    by: str,
    organisation: str | None = None,
    year: int | None = None,
    unit: dict[str, str | None] | None = None,
    options: WresOptions | None = None,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
) -> Intersections:
    """The standard's report for all staff and for each group of `by`, from counts holding split
    rows (intersection_counts, or a counts return with characteristic columns); for one unit of
    the organisation (a directorate, staff group or band group) when `unit` names one, as
    metrics.standards.indicators.report takes it."""
    std = standard_named(standard)
    second = second_characteristic(std, by)
    unit = {k: v for k, v in (unit or {}).items() if v}
    all_staff = report(counts, standard=std.id, organisation=organisation, year=year, unit=unit,
                       options=options)  # fmt: skip
    if "characteristic" in counts:
        is_split = (counts["characteristic"] == by).fillna(False).to_numpy(dtype=bool)
        ordinary = counts["characteristic"].isna().to_numpy()
    else:
        is_split, ordinary = np.zeros(len(counts), dtype=bool), np.ones(len(counts), dtype=bool)
    split = counts[is_split]
    if split.empty:
        raise InputError(
            Problem(
                severity="error",
                message=f"the counts hold no rows split by {second.label}",
                hint=f"Give the row-level files (the staff file with a {second.label.capitalize()}"
                " column), or a counts return with characteristic and characteristic_group "
                "columns.",
                option="--by",
            )
        )
    has_split = set(split["indicator"].dropna())
    has_whole = set(counts.loc[ordinary, "indicator"].dropna())
    not_split = {
        s.id: _input_words(std, s.id, second)
        for s in std.indicators
        if s.id in has_whole and s.id not in has_split
    }
    groups: dict[str, StandardReport] = {}
    headcounts: dict[str, int | None] = {}
    for group in second.groups:
        rows = split[(split["characteristic_group"] == group).to_numpy()]
        rows = rows.assign(characteristic=None, characteristic_group=None)
        rep = _group_report(rows, std, all_staff, unit, options)
        headcounts[group] = _headcount(rep, std, has_split)
        if group != second.unknown:
            groups[group] = _for_group(rep, std, second, group, not_split, settings.threshold)
    return Intersections(standard=std.id, by=by, all_staff=all_staff, groups=groups,
                         headcounts=headcounts, not_split=not_split,
                         threshold=settings.threshold)  # fmt: skip


# --- what may be published --------------------------------------------------------------------


def _is_small(result: IndicatorResult) -> bool:
    return SMALL_CELL in result.flags


def _hidden(result: IndicatorResult, threshold: int) -> IndicatorResult:
    reason = (
        f"not published: in at least one group it rests on a count of 1 to {threshold}, and "
        "showing it for the other groups would let that figure be worked out from the whole"
    )
    return result.model_copy(
        update=dict(value=None, ci_lower=None, ci_upper=None, groups={}, extra={}, parts=(),
                    flags=(SMALL_CELL,), status="small_numbers", reason=reason,
                    reading=f"Not published: {reason.removeprefix('not published: ')}.")
    )  # fmt: skip


def _rounded(result: IndicatorResult, settings: DisclosureSettings) -> dict[str, GroupFigures]:
    out = {}
    for group, f in result.groups.items():
        if any(1 <= n <= settings.threshold for n in (f.numerator, f.denominator)):
            continue  # a small group beside the figure (Unknown): left out, not rounded up to 5
        rate = published_percent(None if f.rate is None else 100 * f.rate, f.denominator, settings)
        out[group] = GroupFigures(
            numerator=settings.round(f.numerator),
            denominator=settings.round(f.denominator),
            rate=None if rate is None else rate / 100,
        )
    return out


def _published_part(result: IndicatorResult, hide: bool, small_parts: set[str],
                    settings: DisclosureSettings) -> IndicatorResult:  # fmt: skip
    if hide:
        return _hidden(result, settings.threshold)
    parts = tuple(_published_part(p, p.label in small_parts, set(), settings)
                  for p in result.parts)  # fmt: skip
    extra = {k: v for k, v in result.extra.items() if k not in ("headcount", "members")}
    for key in ("headcount", "members"):
        if isinstance(result.extra.get(key), int):
            n = int(result.extra[key])
            extra[key] = None if 1 <= n <= settings.threshold else settings.round(n)
    return result.model_copy(
        update={"groups": _rounded(result, settings), "parts": parts, "extra": extra}
    )


def published(
    result: Intersections, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> Intersections:
    """The split reports as they may be published: a figure resting on a count of 1 to the
    threshold, in any group or in all staff, is hidden in every group (so it cannot be recovered
    by subtracting the other groups from the all-staff figure) and in all staff; other counts
    are rounded and percentages coarsened (metrics.disclosure.control)."""
    if settings.threshold != result.threshold:
        raise ValueError(
            f"the split was marked for a threshold of {result.threshold}, not {settings.threshold}"
        )
    char = standard_named(result.standard).characteristic
    whole = {i: _small_cells(r, char, settings.threshold)
             for i, r in result.all_staff.indicators.items()}  # fmt: skip
    small = {i for rep in result.groups.values() for i, r in rep.indicators.items() if _is_small(r)}
    small |= {i for i, r in whole.items() if _is_small(r)}
    small_parts: dict[str, set[str]] = {}
    for rep in result.groups.values():
        for i, r in rep.indicators.items():
            small_parts.setdefault(i, set()).update(p.label for p in r.parts if _is_small(p))
    groups = {
        g: rep.model_copy(
            update={
                "indicators": {
                    i: _published_part(r, i in small, small_parts.get(i, set()), settings)
                    for i, r in rep.indicators.items()
                }
            }
        )
        for g, rep in result.groups.items()
    }
    headcounts = {
        g: None if n is None or 1 <= n <= settings.threshold else settings.round(n)
        for g, n in result.headcounts.items()
    }
    all_staff = result.all_staff.model_copy(update={"indicators": {
        i: _published_part(r, _is_small(r), set(), settings) for i, r in whole.items()
    }})  # fmt: skip
    return dataclasses.replace(result, all_staff=all_staff, groups=groups, headcounts=headcounts)
