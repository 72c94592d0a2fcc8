"""The intersections block of `wres --by` and `wdes --by`: JSON in the shape of the report's own
indicators, and a short text section. Exact figures, marked small_numbers where a count of 1-7
lies under them, as the rest of `--json` is: disclosure control applies to what is published."""

from __future__ import annotations

from typing import Any

from dashboard.render import _table, format_value, indicator_json
from metrics.counts.characteristics import characteristic
from metrics.standards.definitions import standard
from metrics.standards.intersections import Intersections


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
