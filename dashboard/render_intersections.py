"""The intersections block of `wres --by` and `wdes --by`: JSON in the shape of the report's own
indicators, and a short text section; and the split table step 2 and the board pack show. Exact figures, marked small_numbers where a count of 1-7
lies under them, as the rest of `--json` is: disclosure control applies to what is published."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.render import SHORT_LABELS, _table, format_value, indicator_json
from metrics.counts.characteristics import characteristic
from metrics.disclosure.control import DEFAULT_SETTINGS, DisclosureSettings
from metrics.standards.definitions import standard
from metrics.standards.intersections import Intersections, published
from metrics.standards.results import IndicatorResult


def intersections_json(result: Intersections) -> dict[str, Any]:
    """{"by", "unit", "groups": {"Female": {<indicators as in the report>}, ..., "Unknown":
    {"headcount": n}}, "headcounts", "not_split", "small_numbers_threshold"}."""
    std = standard(result.standard)
    unknown = characteristic(result.by).unknown
    groups: dict[str, Any] = {
        group: {k: indicator_json(v, std) for k, v in rep.indicators.items()}
        for group, rep in result.groups.items()
    }
    groups[unknown] = {"headcount": result.headcounts.get(unknown)}
    return {
        "by": result.by,
        "unit": result.all_staff.unit,
        "groups": groups,
        "headcounts": dict(result.headcounts),
        "not_split": dict(result.not_split),
        "small_numbers_threshold": result.threshold,
    }


def _cell(value: str, status: str) -> str:
    return value + (" *" if status == "small_numbers" else "")


def intersections_text(result: Intersections) -> str:
    """A table of each indicator for all staff and each group, then each group's readings."""
    std = standard(result.standard)
    second = characteristic(result.by)
    what = "WRES for medical and dental staff" if std.id == "MEDICAL" else std.id
    title = f"{what} by {second.label} ({result.all_staff.unit})"
    lines = [title, "-" * len(title)]
    header = ["Indicator", "All staff", *(second.who(g) for g in result.groups)]
    rows = []
    for spec in std.indicators:
        if spec.id in result.not_split:
            continue
        whole = result.all_staff.indicators[spec.id]
        row = [spec.id, _cell(format_value(whole), whole.status)]
        for rep in result.groups.values():
            split = rep.indicators[spec.id]
            row.append(_cell(format_value(split), split.status))
        rows.append(row)
    lines += _table(rows, header)
    lines.append("  * small numbers: read with care; not published")
    unknown = second.unknown
    sizes = [f"{second.who(g)} {n:,}" for g, n in result.headcounts.items()
             if n is not None and g != unknown]  # fmt: skip
    if sizes:
        left = result.headcounts.get(unknown) or 0
        lines.append(f"Headcount: {', '.join(sizes)}; and {left:,} {second.who(unknown)} "
                     "(counted in all staff only).")  # fmt: skip
    reasons: dict[str, list[str]] = {}
    for key, why in result.not_split.items():
        reasons.setdefault(why, []).append(key)
    for why, keys in reasons.items():
        lines.append(f"Not split: {', '.join(keys)}: {why}.")
    for group, rep in result.groups.items():
        who = second.who(group)
        lines += ["", f"{who[:1].upper()}{who[1:]}:"]
        for key, res in rep.indicators.items():
            if key not in result.not_split:
                lines.append(f"  {key}: {res.reading}")
    return "\n".join(lines) + "\n"


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


def split_table(result: Intersections, *, exact: bool,
                settings: DisclosureSettings = DEFAULT_SETTINGS) -> pd.DataFrame:  # fmt: skip
    """One row per indicator that can be split (and the headcount first): all staff, then each
    group. Unless `exact`, the published view: a figure resting on a count of 1 to 7 in any group
    (or in all staff) is hidden in every group, counts are rounded."""
    shown = result if exact else published(result, settings)
    second = characteristic(result.by)
    groups = [g for g in second.groups if g in shown.groups]
    size = {
        g: "hidden (small numbers)" if n is None else f"{n:,}" for g, n in shown.headcounts.items()
    }
    all_staff = shown.all_staff
    first = next(iter(result.all_staff.indicators.values()))  # the representation indicator
    total = first.extra.get("headcount")
    if isinstance(total, int) and not exact:
        total = None if 1 <= total <= settings.threshold else settings.round(total)
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
