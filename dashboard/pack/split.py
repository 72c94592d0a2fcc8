"""The board pack's section for a split: each WRES indicator for each group of a second
characteristic (women and men, Disabled and non-disabled staff) beside all staff.

Why: a gap can sit with one part of a group and be hidden in the overall figure. The split comes
from counts holding split rows (metrics.standards.intersections); at the "publication" level it
passes the same rules as every published figure (``intersections.published``): a figure resting
on 1 to the threshold people in any group, or in all staff, is hidden in every group, so it
cannot be worked out by subtracting the other groups from all staff; counts are rounded. What is
hidden goes into the pack's audit table.
"""

from __future__ import annotations

import pandas as pd

from dashboard.pack.content import Level, Table, _section
from dashboard.pack.standards import AuditRow, Extra
from dashboard.render_intersections import split_table
from metrics.counts.characteristics import characteristic
from metrics.disclosure.control import ROUNDED, SUPPRESSED, DisclosureSettings
from metrics.problems import InputError
from metrics.standards.intersections import Intersections, published, report_by

HIDDEN = "hidden (small numbers)"


def _audit(found: Intersections, table_name: str, settings: DisclosureSettings) -> list[AuditRow]:
    """What publication hides or rounds in the split table: each indicator hidden in every
    group, each group size hidden, and the rounding of the rest."""
    shown = published(found, settings)
    second = characteristic(found.by)
    rows: list[AuditRow] = []
    for key, whole in found.all_staff.indicators.items():
        if key in found.not_split:
            continue
        had = any(rep.indicators[key].value is not None for rep in found.groups.values())
        if had and all(rep.indicators[key].value is None for rep in shown.groups.values()):
            rows.append((table_name, key, "every group", SUPPRESSED,
                         f"Rests on 1 to {settings.threshold} people in a group or in all "
                         "staff: hidden in every group, so it cannot be worked out from the "
                         "others."))  # fmt: skip
        if whole.value is not None and shown.all_staff.indicators[key].value is None:
            rows.append((table_name, key, "all staff", SUPPRESSED,
                         f"Rests on 1 to {settings.threshold} people."))  # fmt: skip
    for group, n in found.headcounts.items():
        if n is not None and shown.headcounts.get(group) is None:
            rows.append((table_name, "Staff (headcount)", second.who(group), SUPPRESSED,
                         f"A group of 1 to {settings.threshold} people is not published."))  # fmt: skip
    rows.append((table_name, "every count", "every group", ROUNDED,
                 f"Counts are rounded to the nearest {settings.rounding_base} and percentages "
                 "shown to the step their rounded counts allow."))  # fmt: skip
    return rows


def split_sections(
    counts: pd.DataFrame,
    *,
    by: str,
    organisation: str | None,
    year: int | None,
    level: Level,
    settings: DisclosureSettings,
    standard: str = "WRES",
) -> Extra:
    """The split table with its words; the counts must hold rows split by `by` (made from the
    row-level files by intersection_counts, or a counts return's own)."""
    second = characteristic(by)
    title = f"{standard} by {second.label}"
    try:
        found = report_by(counts, standard=standard, by=by, organisation=organisation, year=year,
                          settings=settings)  # fmt: skip
    except InputError as exc:
        return Extra((_section("split", title, [exc.problems[0].sentence()]),), name=title)
    frame = split_table(found, exact=level == "internal", settings=settings)
    table = Table(tuple(frame.columns),
                  tuple(tuple(str(v) for v in row) for row in frame.itertuples(index=False)))  # fmt: skip
    groups = [second.who(g) for g in found.groups]
    lines = [
        f"Each indicator among {' and among '.join(groups)}, beside all staff: a gap can sit "
        "with one part of a group and be hidden in the overall figure. Each figure is worked "
        "out the same way as for all staff, among that group's own staff only.",
    ]
    if level == "publication":
        lines.append(
            f"A figure resting on 1 to {settings.threshold} people in any group is hidden in "
            f"every group (shown as '{HIDDEN}'), so it cannot be worked out from all staff; "
            f"counts are rounded to the nearest {settings.rounding_base}."
        )
    unknown = found.headcounts.get(second.unknown)
    if unknown:
        lines.append(f"Staff whose {second.label} is not known are counted in all staff only.")
    reasons: dict[str, list[str]] = {}
    for key, why in found.not_split.items():
        reasons.setdefault(why, []).append(key)
    lines += [f"Not split: {', '.join(keys)}: {why}." for why, keys in reasons.items()]
    section = _section("split", title, lines, table=table)
    return Extra((section,), audit=tuple(_audit(found, title, settings)),
                 name=f"the {standard} by {second.label}")  # fmt: skip
