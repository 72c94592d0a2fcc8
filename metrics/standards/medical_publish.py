"""The medical workforce view as it may be published: the same disclosure control as WRES1.

Why: a grade or a leadership role holds few people (one medical director, a handful of clinical
directors), so the published tables hide counts 1..threshold, round the rest, suppress what would
let a hidden count be worked back from a total, and merge a small row whose members are all of
one group into its neighbour. The tables go through `metrics.disclosure.control.publish_counts`
together, under their own table keys (MED-GRADE, MED-ROLE, and MED-GRADE split by place of
qualification): the role table's group totals are the grade table's, and each grade's places add
up to its grade row, so a total hidden in one is hidden in the others and no table can be
differenced against another. Every change is listed in the audit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.counts.characteristics import characteristic
from metrics.disclosure.control import (
    AUDIT_COLUMNS,
    DEFAULT_SETTINGS,
    QUALIFICATION,
    DisclosureSettings,
    publish_counts,
    published_percent,
)
from metrics.standards.medical import GRADE_INDICATOR, ROLE_INDICATOR, MedicalView, ShareRow

TABLES = {GRADE_INDICATOR: "Medical grades", ROLE_INDICATOR: "Medical leadership roles"}
BY_QUALIFICATION = "Medical grades by place of qualification"


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


def qualification_counts(
    rows: tuple[ShareRow, ...], *, organisation: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """The grade x place of qualification table as counts rows: MED-GRADE split by the second
    axis "qualification" (``characteristic_group`` the place), so a counts file carries it and
    disclosure control protects it with the grade table (``control.SECOND_AXES``)."""
    groups = characteristic("ethnicity").groups
    return pd.DataFrame(
        [{"organisation": organisation, "year": year, "indicator": GRADE_INDICATOR,
          "band": r.label, "characteristic": QUALIFICATION, "characteristic_group": r.region,
          "group": g, "numerator": r.counts.get(g, 0), "denominator": r.headcount}
         for r in rows for g in groups if r.counts.get(g, 0)],
        columns=["organisation", "year", "indicator", "band", "characteristic",
                 "characteristic_group", "group", "numerator", "denominator"],
    )  # fmt: skip


def _long(view: MedicalView) -> pd.DataFrame:
    """Every table of the view as one long counts table, to be protected together: the grade
    and role tables share their group totals (every doctor has both), and each grade's places
    of qualification add up to its row of the grade table."""
    groups = characteristic("ethnicity").groups
    rows = [{"indicator": ident, "band": r.label, "characteristic": None,
             "characteristic_group": None, "group": g, "numerator": r.counts.get(g, 0),
             "denominator": r.headcount}
            for ident, table in ((GRADE_INDICATOR, view.grades), (ROLE_INDICATOR, view.roles))
            for r in table for g in groups]  # fmt: skip
    long = pd.DataFrame(rows, columns=list(_COLUMNS))
    if view.qualification:
        split = qualification_counts(view.qualification)[list(_COLUMNS)]
        long = pd.concat([long, split], ignore_index=True) if len(long) else split
    return long


_COLUMNS = ("indicator", "band", "characteristic", "characteristic_group", "group", "numerator",
            "denominator")  # fmt: skip


def _rows(shown: pd.DataFrame, members: dict[str, list[ShareRow]],
          settings: DisclosureSettings) -> tuple[PublishedRow, ...]:  # fmt: skip
    """One published table's rows (``shown``, one row label per key of ``members``)."""
    groups = characteristic("ethnicity").groups
    out = []
    for label, rows in shown.groupby("label", sort=False):
        exact = members[str(label)]
        headcount = sum(m.headcount for m in exact)
        den = rows["denominator"].iloc[0]
        total = None if pd.isna(den) else int(den)
        counts: dict[str, int | None] = {}
        shares: dict[str, int | None] = {}
        for group in groups:
            cell = rows.loc[rows["group"] == group, "numerator"]
            counts[group] = (
                0 if cell.empty else None if pd.isna(cell.iloc[0]) else int(cell.iloc[0])
            )
            hidden = counts[group] is None or total is None
            exact_count = sum(m.counts.get(group, 0) for m in exact)
            share = 100 * exact_count / headcount if headcount else None
            shares[group] = None if hidden else published_percent(share, total, settings)
        out.append(PublishedRow(label=str(label), headcount=total, counts=counts, shares=shares))
    return tuple(out)


def _audit(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit in the view's words: each table by its name; a place of qualification as
    "grade, place", the grade read from its table's name ("MED-GRADE Consultant qualification")."""
    out = audit.copy()
    tables, rows = [], []
    for table, row in zip(out["table"].astype(str), out["row"].astype(str), strict=True):
        ident, _, rest = table.partition(" ")
        if rest.endswith(f" {QUALIFICATION}"):
            tables.append(BY_QUALIFICATION)
            rows.append(f"{rest.removesuffix(f' {QUALIFICATION}')}, {row}")
        else:
            tables.append(TABLES.get(ident, table))
            rows.append(row)
    out["table"], out["row"] = tables, rows
    return out


def published(
    view: MedicalView, settings: DisclosureSettings = DEFAULT_SETTINGS
) -> PublishedMedical:
    """Every table of the view after disclosure control, protected together (a total the
    tables share is hidden in all or none; a grade merged in one is merged in all), with one
    audit for them all."""
    long = _long(view)
    if long.empty:
        empty = pd.DataFrame(columns=list(AUDIT_COLUMNS))
        return PublishedMedical(view.organisation, view.year, (), (),
                                () if view.qualification is not None else None, empty)  # fmt: skip
    result = publish_counts(long, settings)
    counts = result.counts
    grade_parts = {m.label: m.rows for m in result.merges
                   if m.key("indicator") == GRADE_INDICATOR and m.key("characteristic") is None}  # fmt: skip
    role_parts = {m.label: m.rows for m in result.merges if m.key("indicator") == ROLE_INDICATOR}
    place_parts = {(m.key("band"), m.label): m.rows for m in result.merges
                   if m.key("characteristic") == QUALIFICATION}  # fmt: skip
    split = (counts["characteristic"] == QUALIFICATION).fillna(False).to_numpy(dtype=bool)

    def table(ident: str, rows: tuple[ShareRow, ...], parts: dict) -> tuple[PublishedRow, ...]:
        shown = counts[(counts["indicator"] == ident).to_numpy() & ~split]
        shown = shown.assign(label=shown["band"].astype(str))
        exact = {r.label: r for r in rows}
        members = {label: [exact[p] for p in parts.get(label, (label,))]
                   for label in shown["label"]}  # fmt: skip
        return _rows(shown, members, settings)

    grades = table(GRADE_INDICATOR, view.grades, grade_parts)
    roles = table(ROLE_INDICATOR, view.roles, role_parts)
    qualification = None
    if view.qualification is not None:
        shown = counts[split]
        bands, places = shown["band"].astype(str), shown["characteristic_group"].astype(str)
        shown = shown.assign(label=bands + ", " + places)
        exact = {(r.label, r.region): r for r in view.qualification}
        members = {}
        for band, place in zip(bands, places, strict=True):
            members[f"{band}, {place}"] = [
                exact[(g, p)] for g in grade_parts.get(band, (band,))
                for p in place_parts.get((band, place), (place,)) if (g, p) in exact
            ]  # fmt: skip
        qualification = _rows(shown, members, settings)
    return PublishedMedical(
        organisation=view.organisation,
        year=view.year,
        grades=grades,
        roles=roles,
        qualification=qualification,
        audit=_audit(result.audit),
    )
