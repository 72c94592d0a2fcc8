"""Recruitment in the engine: applicants classified, WRES2 / WDES2 counted by GROUP BY
(appointed from shortlisting over shortlisted, per group). Mirrors
metrics.inputs.loaders._recruitment and metrics.counts.table._appointed."""

from __future__ import annotations

from metrics.inputs.columns import purpose as purpose_of
from metrics.problems import Problem
from metrics.query.checks import refuse
from metrics.query.labels import characteristics, date_year, flag, organisation, text, year
from metrics.query.sources import Engine
from metrics.query.staff import PLACE, Prepared, group_labels
from metrics.query.table_columns import raw_table, without_blank_rows


def common(engine: Engine, raw, t, problems, kept):
    """The organisation, directorate, staff group, employee number and the year (from a Year
    or a Date column), as every event table gives them."""
    t = organisation(engine, raw, t, kept)
    for name in ("directorate", "staff_group"):
        if raw.has(name):
            t = text(engine, raw, name, t)
            kept.append(name)
    if "raw_employee_number" in t.columns:  # not in rows grouped by their labels
        t = t.mutate(employee_number=t["raw_employee_number"])
        kept.append("employee_number")
    if raw.has("year"):
        t = year(engine, raw, t, problems)
        kept.append("year")
    elif raw.has("date"):
        t = date_year(engine, raw, t, problems)
        kept.append("year")
    return t


def prepare_recruitment(
    engine: Engine,
    name: str,
    mapping: dict[str, str] | None = None,
    *,
    purpose: str = "wres",
    labels_map: dict[str, str] | None = None,
) -> Prepared:
    raw = raw_table(
        engine, name, "recruitment", mapping, None, purpose_of(purpose).requires_for("recruitment")
    )
    problems: list[Problem] = list(raw.warnings)
    # counts need no row of its own per applicant: the rows grouped by their raw labels first
    # (weighted by `__n`), the label tables joined to that smaller table
    raw.grouped = group_labels(engine, raw)
    t = raw.grouped
    kept: list[str] = []
    t = characteristics(engine, raw, t, problems, labels_map, kept)
    t = flag(engine, raw, "shortlisted", t, problems)
    t = flag(engine, raw, "appointed", t, problems)
    kept += ["shortlisted", "appointed"]
    t = common(engine, raw, t, problems, kept)
    refuse(problems)
    t = without_blank_rows(raw, t)
    t = engine.keep(t.select(*kept, "__n"))
    found = t.filter(t["appointed"] & ~t["shortlisted"])
    wrong = engine.fetch(found["__n"].sum().name("n"))
    wrong = int(wrong) if wrong is not None and wrong == wrong else 0  # none: NULL
    if wrong:
        refuse([Problem(
            severity="error", file=f"table {raw.name}", column=raw.headers.get("appointed"),
            message=f"appointed but not shortlisted on {wrong:,} row(s) (appointed cannot "
            "exceed shortlisted)",
            hint="WRES indicator 2 counts appointments from shortlisting: mark the applicant "
            "as shortlisted, or correct the appointed value.",
        )])  # fmt: skip
    columns = tuple(c for c in t.columns if c != "__n")
    return Prepared(kind="recruitment", table=t, columns=columns, problems=problems)


def appointed(engine: Engine, rec, group_column: str, indicator: str):
    """WRES2 / WDES2 rows: appointed from shortlisting, over shortlisted, per group; a
    breakdown is kept only when every shortlisted applicant has it (for each organisation on
    its own)."""
    import pandas as pd

    from metrics.query.breakdowns import complete

    shortlisted = rec.filter(rec["shortlisted"])
    keys = [c for c in (*PLACE, *BREAKDOWNS) if c in rec.columns]
    counted = engine.fetch(
        shortlisted.group_by([*keys, group_column]).agg(
            denominator=shortlisted["__n"].sum(),
            numerator=shortlisted["appointed"].ifelse(shortlisted["__n"], 0).sum(),
        )
    )
    counted = counted.rename(columns={group_column: "group"})
    for col in [*keys, "group"]:
        counted[col] = counted[col].astype(object).where(counted[col].notna(), None)
    found = complete(counted, keys, BREAKDOWNS, ["denominator", "numerator"])
    parts = [part for _, _, part in found if len(part)] or [counted]
    counted = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    counted["indicator"] = indicator
    return counted


BREAKDOWNS = ("directorate", "staff_group")
