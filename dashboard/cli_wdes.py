"""`inclusivehr wdes`: the Workforce Disability Equality Standard's metrics from the command line.

Registered on the main group in dashboard/cli.py. Inputs load as `inclusivehr wres` loads them
(dashboard/cli_support.py) plus formal capability cases; the staff file needs a disability column,
never an ethnicity one. The figures come from the same engine as the WRES
(`metrics.standards.indicators.report(counts, standard="WDES")`) and print in the same shapes;
`--emit-counts FILE [--publish]` writes the counts behind them as `wres` does.
"""

from __future__ import annotations

import json

import click

from dashboard.cli_intersections import (
    by_option,
    check_by,
    split_counts,
    split_report,
    with_intersections,
)
from dashboard.cli_source import load_either, source_options
from dashboard.cli_support import (
    capability_option,
    check_emit,
    emit,
    guarded,
    input_options,
    report_options,
    rolling_option,
)


@click.command()
@input_options
@capability_option
@source_options
@report_options(rolling_option("--rolling-capability", "Metric 3"))
@by_option
@guarded
def wdes(staff, recruitment, disciplinary, training, board, survey, workbook, counts, maps,
         organisation, year, capability, source, tables, directorate, staff_group,
         rolling_capability, as_json, emit_counts, publish, by):  # fmt: skip
    """The WDES metrics (disability) for one organisation (or a directorate or staff group of it).

    Metric 1 by pay band cluster, 2 (appointment from shortlisting), 3 (formal capability, on
    performance grounds), 4-9a from the NHS Staff Survey and 10 (the board), each with which way
    is worse for Disabled staff and its statistics."""
    check_by("WDES", by)
    check_emit(emit_counts, publish)
    result = load_either(source, tables, staff=staff, recruitment=recruitment,
                         disciplinary=disciplinary, training=training, board=board, survey=survey,
                         workbook=workbook, counts=counts, maps=maps, organisation=organisation,
                         year=year, capability=capability, purpose="wdes", parse_ahead=True,
                         by=by)  # fmt: skip
    from dashboard.render import report_json, report_text
    from metrics.standards.indicators import WresOptions, report

    options = WresOptions(rolling_disciplinary=rolling_capability)
    unit = {"directorate": directorate, "staff_group": staff_group}
    counts = split_counts(result, standard="WDES", by=by, organisation=organisation, year=year)
    if emit_counts:
        emit(counts, emit_counts, publish, unit)
    chosen = report(result.counts, standard="WDES", organisation=organisation, year=year,
                    unit=unit, options=options)  # fmt: skip
    whole = None
    if directorate or staff_group:
        whole = report(result.counts, standard="WDES", organisation=organisation, year=year,
                       options=options)  # fmt: skip
    split = split_report(counts, standard="WDES", by=by, organisation=organisation, year=year,
                         options=options, unit=unit)  # fmt: skip
    warnings = [p for p in result.problems if p.severity == "warning"]
    said = {"organisation_report": whole, "problems": warnings, "notes": result.notes}
    if as_json:
        payload = with_intersections(report_json(chosen, **said), split)
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(with_intersections(report_text(chosen, **said), split))
        if emit_counts:
            click.echo(f"Counts written to {emit_counts}")
