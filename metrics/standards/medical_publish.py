"""The medical workforce view as it may be published: the same disclosure control as WRES1.

Why: a grade or a leadership role holds few people (one medical director, a handful of clinical
directors), so the published tables hide counts 1..threshold, round the rest, suppress what would
let a hidden count be worked back from a total, and merge a small row whose members are all of
one group into its neighbour. Each table goes through `metrics.disclosure.control.publish_counts` as a
distribution table of rows x ethnic groups (the rules WRES1's band table follows), and every change
is listed in the audit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.counts.characteristics import characteristic
from metrics.disclosure.control import (
    AUDIT_COLUMNS,
    DEFAULT_SETTINGS,
    DisclosureSettings,
    publish_counts,
    published_percent,
)
from metrics.standards.medical import MedicalView, ShareRow

_AS = "WRES1"  # the distribution table whose rules each medical table follows


@dataclass(frozen=True)
class PublishedRow:
    label: str  # a grade, a role, "grade, region", or merged rows joined by " + "
    headcount: int | None  # rounded; None where hidden
    counts: dict[str, int | None]  # ethnic group -> rounded count, None where hidden
    shares: dict[str, int | None]  # whole per cent (at the step the headcount allows), or None


@dataclass(frozen=True, eq=False)
class PublishedMedical:
    organisation: str | None
    year: int | None
    grades: tuple[PublishedRow, ...]
    roles: tuple[PublishedRow, ...]
    qualification: tuple[PublishedRow, ...] | None
    audit: pd.DataFrame  # table, row, column, action, reason (never an original value)


def _label(row: ShareRow) -> str:
    return row.label if row.region is None else f"{row.label}, {row.region}"


def _table(
    rows: tuple[ShareRow, ...], name: str, settings: DisclosureSettings
) -> tuple[tuple[PublishedRow, ...], pd.DataFrame]:
    groups = characteristic("ethnicity").groups
    if not rows:
        return (), pd.DataFrame(columns=list(AUDIT_COLUMNS))
    long = pd.DataFrame(
        [
            {
                "indicator": _AS,
                "band": _label(r),
                "group": g,
                "numerator": r.counts.get(g, 0),
                "denominator": r.headcount,
            }
            for r in rows
            for g in groups
        ]
    )
    result = publish_counts(long, settings)
    exact = {_label(r): r for r in rows}
    parts = {m.label: m.rows for m in result.merges}
    out = []
    for label, shown in result.counts.groupby("band", sort=False):
        members = [exact[p] for p in parts.get(label, (label,))]
        headcount = sum(m.headcount for m in members)
        den = shown["denominator"].iloc[0]
        total = None if pd.isna(den) else int(den)
        counts: dict[str, int | None] = {}
        shares: dict[str, int | None] = {}
        for group in groups:
            cell = shown.loc[shown["group"] == group, "numerator"].iloc[0]
            counts[group] = None if pd.isna(cell) else int(cell)
            hidden = counts[group] is None or total is None
            exact_count = sum(m.counts.get(group, 0) for m in members)
            share = 100 * exact_count / headcount if headcount else None
            shares[group] = None if hidden else published_percent(share, total, settings)
        out.append(PublishedRow(label=str(label), headcount=total, counts=counts, shares=shares))
    audit = result.audit.copy()
    audit["table"] = name
    return tuple(out), audit


def published(
    view: MedicalView, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> PublishedMedical:
    """Every table of the view after disclosure control, with one audit for them all."""
    grades, grade_audit = _table(view.grades, "Medical grades", settings)
    roles, role_audit = _table(view.roles, "Medical leadership roles", settings)
    audits = [grade_audit, role_audit]
    qualification = None
    if view.qualification is not None:
        qualification, pmq_audit = _table(
            view.qualification, "Medical grades by place of qualification", settings
        )
        audits.append(pmq_audit)
    audit = pd.concat([a for a in audits if not a.empty] or audits[:1], ignore_index=True)
    return PublishedMedical(
        organisation=view.organisation,
        year=view.year,
        grades=grades,
        roles=roles,
        qualification=qualification,
        audit=audit,
    )
