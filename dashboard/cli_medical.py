"""`inclusivehr medical`: the medical workforce view from the command line.

Registered on the main group in dashboard/cli.py. Inputs load as `inclusivehr wres` loads them
(dashboard/cli_support.py), reading the staff file's role and place of qualification too; with
--source the doctors are counted in the database (metrics.query.medical): only counts come back.
The JSON is for use inside the organisation (exact figures, a small-numbers status); --publish
gives the tables after disclosure control, with the audit of every change."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from dashboard.cli_intersections import (
    by_option,
    check_by,
    split_counts,
    split_report,
    with_intersections,
)
from dashboard.cli_source import check_source, query_source, source_options
from dashboard.cli_support import (
    ROLLING_DISCIPLINARY,
    emit,
    emit_counts_option,
    guarded,
    input_options,
    json_option,
    load_inputs,
)

if TYPE_CHECKING:  # pandas and the metrics load only when the command runs
    from metrics.standards.medical import MedicalView, ShareRow
    from metrics.standards.medical_publish import PublishedMedical, PublishedRow
    from metrics.standards.results import IndicatorResult

    Indicators = dict[str, IndicatorResult]

GROUPS = ("BME", "White", "Unknown")


def _pct(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _row_json(row: ShareRow, key: str) -> dict[str, Any]:
    out: dict[str, Any] = {key: row.label}
    if row.region is not None:
        out["region"] = row.region
    out["headcount"] = row.headcount
    out |= {g: _pct(row.share(g)) for g in GROUPS}
    out["status"] = row.status
    return out


def _published_json(row: PublishedRow, key: str) -> dict[str, Any]:
    return {key: row.label, "headcount": row.headcount, **{g: row.shares[g] for g in GROUPS}}


def view_json(
    view: MedicalView, indicators: Indicators, data_quality: dict[str, Any]
) -> dict[str, Any]:
    """The internal JSON: exact shares (to 2 places) with each row's small-numbers status."""
    from dashboard.render import indicator_json

    out: dict[str, Any] = {
        "organisation": view.organisation,
        "unit": "Medical and Dental staff",
        "year": view.year,
        "grades": [_row_json(r, "grade") for r in view.grades],
        "roles": [_row_json(r, "role") for r in view.roles],
        "indicators": {k: indicator_json(v) for k, v in indicators.items()},
        "data_quality": data_quality,
    }
    if view.qualification is not None:
        out["qualification"] = [_row_json(r, "grade") for r in view.qualification]
    return out


PUBLISHED_INDICATORS_NOTE = (
    "WRES indicators 2-8 for doctors are not in the published tables: their group counts are "
    "exact. Publish them through the board pack (inclusivehr report), which applies disclosure "
    "control to every indicator."
)


def published_json(published: PublishedMedical, data_quality: dict[str, Any]) -> dict[str, Any]:
    """The tables as they may be published: rounded headcounts, whole percentages, null where
    hidden, and the audit (primary and secondary suppressions alike)."""
    from metrics.disclosure.control import audit_for_publication

    out: dict[str, Any] = {
        "organisation": published.organisation,
        "unit": "Medical and Dental staff",
        "year": published.year,
        "grades": [_published_json(r, "grade") for r in published.grades],
        "roles": [_published_json(r, "role") for r in published.roles],
        "data_quality": {
            **data_quality,
            "notes": [*data_quality["notes"], PUBLISHED_INDICATORS_NOTE],
        },
        "audit": audit_for_publication(published.audit).to_dict("records"),
    }
    if published.qualification is not None:
        out["qualification"] = [_published_json(r, "grade") for r in published.qualification]
    return out


def _share(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}%"


def _table_lines(rows: tuple[ShareRow, ...], comparator: ShareRow, what: str) -> list[str]:
    from dashboard.render import _table

    body = []
    for r in rows:
        gap = None
        if r.share("BME") is not None and comparator.share("BME") is not None:
            gap = r.share("BME") - comparator.share("BME")
        label = r.label if r.region is None else f"{r.label}, {r.region}"
        body.append(
            [
                label,
                f"{r.headcount:,}",
                _share(r.share("BME")),
                _share(r.share("White")),
                _share(r.share("Unknown")),
                "–" if gap is None else f"{gap:+.1f}",
                "small numbers: read with care" if r.status == "small_numbers" else "",
            ]
        )
    header = [what, "Doctors", "BME", "White", "Unknown", "BME vs all doctors (pts)", ""]
    return ["  " + line.rstrip() for line in _table(body, header)]


def view_text(view: MedicalView, indicators: Indicators, notes: list[str]) -> str:
    """The view in plain words: who is where, which way is worse, then WRES2-8 for doctors."""
    from dashboard.render import SHORT_LABELS, _table, format_ci, format_value
    from metrics.standards.medical import overall

    year = f" {view.year}" if view.year else ""
    title = f"Medical workforce{year}: {view.organisation or 'the organisation'}"
    lines = [title, "=" * len(title), ""]
    everyone = overall(view.grades)
    lines.append(
        f"{everyone.headcount:,} doctors (Medical and Dental staff, bank left out); "
        f"{_share(everyone.share('BME'))} are BME, {_share(everyone.share('White'))} White and "
        f"{_share(everyone.share('Unknown'))} of unknown ethnicity."
    )
    lines.append(
        "Each row gives the share of that grade or role by ethnicity (unknown ethnicity is "
        "counted in every share). A BME share below that of all doctors (a negative gap) means "
        "BME doctors are under-represented there."
    )
    lines += ["", "By grade:"] + _table_lines(view.grades, everyone, "Grade")
    if view.roles:
        lines += ["", "By leadership role:"] + _table_lines(view.roles, everyone, "Role")
    if view.qualification is not None:
        lines += ["", "By grade and place of primary medical qualification:"]
        lines += _table_lines(view.qualification, everyone, "Grade, qualified in")
    if indicators:
        lines += ["", "WRES indicators 2-8 for medical and dental staff:"]
        rows = [
            [k, SHORT_LABELS[k], format_value(r), format_ci(r), r.status]
            for k, r in indicators.items()
        ]
        lines += [
            "  " + line for line in _table(rows, ["Indicator", "What", "Value", "95% CI", "Status"])
        ]
        lines += ["", "What the figures say:"]
        lines += [f"  {k}: {r.reading}" for k, r in indicators.items()]
    if notes:
        lines += ["", "Data quality notes:"] + [f"  - {n}" for n in notes]
    return "\n".join(lines) + "\n"


@click.command()
@input_options
@source_options
@ROLLING_DISCIPLINARY
@json_option
@click.option(
    "--publish",
    is_flag=True,
    help="The tables after disclosure control (counts 1-7 hidden, others rounded to 5, "
    "secondary suppression), with the audit of every change; --emit-counts then writes the "
    "published counts, with their audit beside them as NAME-audit.csv.",
)
@emit_counts_option
@by_option
@guarded
def medical(staff, recruitment, disciplinary, training, board, survey, workbook, counts, maps,
            organisation, year, source, tables, rolling_disciplinary, as_json, publish,
            emit_counts, by):  # fmt: skip
    """The medical workforce: doctors by grade, leadership role and place of qualification by
    ethnicity, and WRES indicators 2-8 for medical and dental staff (split by sex or disability
    with --by)."""
    check_by("MEDICAL", by)
    files = dict(staff=staff, recruitment=recruitment, disciplinary=disciplinary,
                 training=training, board=board, workbook=workbook, counts=counts)  # fmt: skip
    if check_source(source, tables, by=by, **files):
        from metrics.query.medical import doctor_rows

        result, found = query_source(source, tables, maps=maps, organisation=organisation,
                                     year=year, survey=survey, purpose="medical",
                                     by=by)  # fmt: skip
        # the doctors counted in the database, one row each, no identifier: as the staff rows
        staff_rows = None if found.doctors is None else doctor_rows(found.doctors)
    else:
        result = load_inputs(survey=survey, maps=maps, organisation=organisation, year=year,
                             parse_ahead=True, purpose="medical", by=by, **files)  # fmt: skip
        loaded = result.inputs.get("staff")
        staff_rows = None if loaded is None else loaded.frame
    from dashboard.render import report_json
    from metrics.inputs.column_values import MEDICAL_INDICATORS
    from metrics.standards.indicators import WresOptions, wres
    from metrics.standards.medical import medical_indicators, medical_staff, qualification_table
    from metrics.standards.medical import view as medical_view
    from metrics.standards.medical_publish import published

    qualification, qualification_notes = None, []
    if staff_rows is not None:
        if not result.counts["indicator"].isin(MEDICAL_INDICATORS).any():
            medical_staff(staff_rows)  # refuses, saying why there are no doctors' rows
        if "primary_qualification" in staff_rows:
            qualification, qualification_notes = qualification_table(staff_rows, year=year)
    chosen = medical_view(
        result.counts, organisation=organisation, year=year, qualification=qualification
    )
    with_split = split_counts(result, standard="MEDICAL", by=by, organisation=organisation,
                              year=chosen.year)  # fmt: skip
    # the load's notes (its counts hold MED-GRADE and MED-ROLE), with the split's, which
    # split_counts adds to them
    notes = [*result.notes, *qualification_notes]
    if emit_counts:  # with the grade and role rows, so a counts return gives this view again
        emit(_with_places(with_split, chosen), emit_counts, publish, {})
    options = WresOptions(rolling_disciplinary=rolling_disciplinary)
    split = split_report(with_split, standard="MEDICAL", by=by, organisation=organisation,
                         year=chosen.year, options=options)  # fmt: skip
    indicators, found = medical_indicators(
        result.counts, organisation=organisation, year=chosen.year, options=options
    )
    notes += found
    if staff_rows is not None and "role" not in staff_rows:
        notes.append(
            "the staff file has no role or position title column, so leadership roles are not given"
        )
    warnings = [p for p in result.problems if p.severity == "warning"]
    whole = wres(result.counts, organisation=organisation, year=chosen.year)
    data_quality = report_json(whole, problems=warnings, notes=notes)["data_quality"]
    if publish:
        from metrics.standards.intersections import published as published_split

        out = published(chosen)
        shown_split = None if split is None else published_split(split)
        if as_json:
            payload = with_intersections(published_json(out, data_quality), shown_split)
            click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        else:
            text = published_text(out, [*notes, PUBLISHED_INDICATORS_NOTE])
            click.echo(with_intersections(text, shown_split), nl=False)
        return
    if as_json:
        payload = with_intersections(view_json(chosen, indicators, data_quality), split)
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(with_intersections(view_text(chosen, indicators, notes), split), nl=False)


def _with_places(counts, chosen: MedicalView):
    """The counts with the grade by place of qualification table as MED-GRADE rows split by
    "qualification" (when it was worked out from the staff rows), so a counts file gives it."""
    import pandas as pd

    from metrics.counts.table import normalise
    from metrics.standards.medical_publish import qualification_counts

    if chosen.qualification is None or counts.get("characteristic") is None:
        return counts
    rows = qualification_counts(chosen.qualification, organisation=chosen.organisation,
                                year=chosen.year)  # fmt: skip
    return pd.concat([counts, normalise(rows)], ignore_index=True)


def published_text(published: PublishedMedical, notes: list[str]) -> str:
    """The published tables in words: '–' where a figure is hidden, then the audit's summary."""
    from dashboard.render import _table

    year = f" {published.year}" if published.year else ""
    title = f"Medical workforce{year}: {published.organisation or 'the organisation'}"
    lines = [title + " (for publication)", "=" * (len(title) + 18), ""]
    lines.append(
        "Counts are rounded to the nearest 5 and percentages to whole numbers; '–' marks a "
        "figure hidden to protect individuals (see the audit)."
    )

    def block(rows: tuple[PublishedRow, ...], what: str) -> list[str]:
        body = [
            [r.label, "–" if r.headcount is None else f"{r.headcount:,}"]
            + ["–" if r.shares[g] is None else f"{r.shares[g]}%" for g in GROUPS]
            for r in rows
        ]
        return ["  " + line.rstrip() for line in _table(body, [what, "Doctors", *GROUPS])]

    lines += ["", "By grade:"] + block(published.grades, "Grade")
    if published.roles:
        lines += ["", "By leadership role:"] + block(published.roles, "Role")
    if published.qualification is not None:
        lines += ["", "By grade and place of primary medical qualification:"]
        lines += block(published.qualification, "Grade, qualified in")
    hidden = int(published.audit["action"].str.startswith("suppressed").sum())
    lines += ["", f"{hidden} figure(s) hidden; run with --json for the full audit."]
    if notes:
        lines += ["", "Data quality notes:"] + [f"  - {n}" for n in notes]
    return "\n".join(lines) + "\n"
