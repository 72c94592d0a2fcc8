"""`inclusivehr`: the command line, and the contract automation relies on.

Exit codes: 0 success; 1 validation found errors (`validate`); 2 the input cannot be used
(unreadable, empty, wrong sheet, missing column, invalid values). Messages go to stderr as one
paragraph; no traceback ever reaches the user.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import click

from dashboard.cli_casework import casework
from dashboard.cli_censored import STAR_HELP, TRACKER_HELP, star_value
from dashboard.cli_intersections import (
    by_option,
    check_by,
    split_counts,
    split_report,
    with_intersections,
)
from dashboard.cli_medical import medical
from dashboard.cli_paygap import paygap
from dashboard.cli_source import check_source, load_either, network_from_source, source_options
from dashboard.cli_support import (
    EXIT_INVALID,
    EXIT_UNUSABLE,
    FILE,
    ROLLING_DISCIPLINARY,
    check_emit,
    emit,
    guarded,
    input_options,
    report_options,
    say_several,
    sentence,
)
from dashboard.cli_wdes import wdes
from dashboard.report_cli import report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="inclusivehr")
def main() -> None:
    """Workforce equality figures (WRES) from HR extracts, with honest statistics."""


@main.command()
@input_options
@source_options
@report_options(ROLLING_DISCIPLINARY)
@by_option
@guarded
def wres(
    staff,
    recruitment,
    disciplinary,
    training,
    board,
    survey,
    workbook,
    counts,
    maps,
    organisation,
    year,
    source,
    tables,
    directorate,
    staff_group,
    rolling_disciplinary,
    as_json,
    emit_counts,
    publish,
    by,
):
    """The nine WRES indicators for one organisation (or a directorate or staff group of it)."""
    check_by("WRES", by)
    result = load_either(source, tables, by=by, staff=staff, recruitment=recruitment,
                         disciplinary=disciplinary, training=training, board=board, survey=survey,
                         workbook=workbook, counts=counts, maps=maps, organisation=organisation,
                         year=year, parse_ahead=True)  # fmt: skip
    from dashboard.render import report_json, report_text
    from metrics.standards.indicators import WresOptions
    from metrics.standards.indicators import wres as compute

    check_emit(emit_counts, publish)
    options = WresOptions(rolling_disciplinary=rolling_disciplinary)
    unit = {"directorate": directorate, "staff_group": staff_group}
    counts = split_counts(result, standard="WRES", by=by, organisation=organisation, year=year)
    if emit_counts:
        emit(counts, emit_counts, publish, unit)
    report = compute(
        result.counts, organisation=organisation, year=year, unit=unit, options=options
    )
    whole = None
    if directorate or staff_group:
        whole = compute(result.counts, organisation=organisation, year=year, options=options)
    split = split_report(counts, standard="WRES", by=by, organisation=organisation, year=year,
                         options=options, unit=unit)  # fmt: skip
    warnings = [p for p in result.problems if p.severity == "warning"]
    if as_json:
        payload = report_json(
            report, organisation_report=whole, problems=warnings, notes=result.notes
        )
        payload = with_intersections(payload, split)
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(with_intersections(
            report_text(report, organisation_report=whole, problems=warnings, notes=result.notes),
            split))  # fmt: skip
        if emit_counts:
            click.echo(f"Counts written to {emit_counts}")


@main.command()
@click.option(
    "--counts",
    "counts",
    type=FILE,
    multiple=True,
    metavar="FILE [FILE ...]",
    help="Counts returns: one with an Organisation column, or one per trust (the trust named by "
    "the file name when the file has no Organisation column). CSV or XLSX.",
)
@click.argument("more_counts", nargs=-1, type=FILE, metavar="")
@click.option(
    "--indicator",
    help="Default: WRES2, or WDES2 for WDES returns. WRES1, WRES1-senior (bands 8c-VSM), WRES2 ... WRES9; WDES1, WDES1-senior, WDES2, "
    "WDES3, WDES4a-i, WDES4a-ii, WDES4a-iii, WDES4b, WDES5 ... WDES8, WDES9a (the engagement "
    "score gap, ranked with no funnel: a published score has no interval), WDES10.",
)
@click.option("--year", type=int, help="WRES year (default: the latest in the data).")
@click.option("--region", help="Compare only trusts in this region (the pool too).")
@click.option("--trust-type", help="Compare only trusts of this type (the pool too).")
@click.option(
    "--overdispersion",
    type=click.Choice(["none", "multiplicative", "additive"]),
    default="none",
    show_default=True,
    help="Widen the funnel limits for variation beyond chance (Spiegelhalter 2005).",
)
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD", help="As for wres.")
@click.option(
    "--gpg",
    type=FILE,
    metavar="FILE.csv",
    help="Instead of counts: employers' published gender pay gap figures in the GOV.UK gender "
    "pay gap service's CSV layout, ranked on the median hourly gap.",
)
@source_options
@click.option(
    "--survey",
    type=FILE,
    help="With --source: the staff survey results of every trust (an Organisation column), "
    "read as wres --survey reads them.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.option(
    "--internal",
    is_flag=True,
    help="Exact sizes and every trust's figures, for use inside the network only (marked not "
    "for publication).",
)
@click.option(
    "--pool",
    type=click.Choice(["3", "5"]),
    help="Also pool each trust's counts over the last 3 or 5 years (relative likelihoods and "
    "survey gaps), and count the years it was above the 95% and 99.8% limits.",
)
@click.option(
    "--on",
    "basis",
    type=click.Choice(["year", "pooled"]),
    default="year",
    show_default=True,
    help="What the funnel, league table, summary and shrinkage run on: the year, or (with "
    "--pool) each trust's counts added up over the pool's years.",
)
@click.option(
    "--shrink",
    is_flag=True,
    help="Also give each trust's value shrunk towards the network's (empirical Bayes), so small "
    "trusts' noise does not lead the table.",
)
@click.option(
    "--national",
    type=float,
    metavar="VALUE",
    help="A national figure to compare with (e.g. NHS England's published value); default: "
    "every trust loaded, counts added together.",
)
@click.option("--star", default="0-4", show_default=True, callback=star_value,
              metavar="LOW-HIGH", help=STAR_HELP)  # fmt: skip
@click.option("--request-tracker", is_flag=True, help=TRACKER_HELP)
@guarded
def compare(
    counts, more_counts, indicator, year, region, trust_type, overdispersion, maps, gpg, source,
    tables, survey, as_json, internal, pool, basis, shrink, national, star, request_tracker,
):  # fmt: skip
    """Compare trusts on one indicator: values, intervals, funnel limits and rank ranges.

    As for anything published, sizes are rounded to 5 and a trust of 1-7 has every figure
    resting on its size hidden (value, interval, funnel position, significance, rank, change),
    unless --internal. With --gpg, employers' published gender pay gaps instead, ranked (they
    are public already: no disclosure step). With --source and --table, a national or ICB
    table holding every trust's rows (an Organisation column), counted inside the database."""
    files = [*counts, *more_counts]
    from_source = check_source(source, tables, counts=files, gpg=gpg)
    if survey is not None and not from_source:
        raise click.UsageError(
            "--survey goes with --source (a counts return holds its survey rows)"
        )
    if gpg is not None:
        if files:
            raise click.UsageError("give either --counts or --gpg, not both")
        counts_only = {"--indicator": indicator, "--year": year, "--region": region,
                       "--trust-type": trust_type, "--internal": internal,
                       "--pool": pool, "--on": basis == "pooled", "--shrink": shrink,
                       "--national": national is not None}  # fmt: skip
        given = [option for option, value in counts_only.items() if value]
        if given:
            raise click.UsageError(
                f"{', '.join(given)} compare counts returns; --gpg ranks a published pay gap "
                "file as it is, so leave them out"
            )
        from dashboard.compare_render import gpg_json, gpg_text
        from metrics.compare.gpg import read_gpg

        table = read_gpg(gpg)
        if as_json:
            click.echo(json.dumps(gpg_json(table), indent=2, ensure_ascii=False))
        else:
            click.echo(gpg_text(table), nl=False)
        return
    if basis == "pooled" and not pool:
        raise click.UsageError("--on pooled needs a pool: add --pool 3 or --pool 5")
    if not counts and not from_source:
        raise click.UsageError(
            "give the counts with --counts FILE [FILE ...] (or the rows with --source URL "
            "--table staff=TABLE)" + (" (files were named without --counts)" if more_counts else "")
        )
    from dashboard.cli_censored import ranges_text, tracker_output, with_value_ranges
    from dashboard.compare_render import comparison_json, comparison_text
    from metrics.compare.censored import with_ranges
    from metrics.compare.inputs import load_network
    from metrics.compare.network import compare as compare_trusts
    from metrics.compare.network import default_indicator
    from metrics.compare.values import network_values
    from metrics.disclosure.control import DisclosureSettings
    from metrics.inputs.columns import parse_mapping
    from metrics.problems import InputError

    # the modules just loaded outlive the command: frozen, the collector does not walk their
    # objects on every pass (0.05-0.09 s of processor time at 1,008 trusts); unfrozen at the
    # end, for a caller that runs the command in its own process (tests)
    gc.freeze()
    click.get_current_context().call_on_close(gc.unfreeze)
    try:
        if from_source:
            network = network_from_source(source, tables, maps=maps, survey=survey,
                                          indicator=indicator)  # fmt: skip
        else:
            network = load_network(
                files,
                parse_mapping(maps),
                indicators=[indicator] if indicator else None,
                star=star,
            )
    except InputError as exc:  # every file is checked: say the first few problems, not just one
        say_several(exc.problems)
        sys.exit(EXIT_UNUSABLE)
    if request_tracker:
        click.echo(tracker_output(network, as_json), nl=False)
        return
    # one indicator asked for: only its values (and those it rests on) are worked out
    values = network_values(
        network.counts, indicators=[indicator] if indicator else None, keys=network.keys
    )
    values = with_ranges(values, network.censored, network.counts)  # suppressed cells: ranges
    result = compare_trusts(
        values,
        indicator or default_indicator(values),
        year=year,
        region=region,
        trust_type=trust_type,
        overdispersion=overdispersion,
        publish=None if internal else DisclosureSettings(),
    )
    from metrics.compare.evidence import evidence

    said = {"notes": network.notes, "problems": network.warnings, "internal": internal}
    said["evidence"] = evidence(
        values, result, pool=int(pool) if pool else None, shrunk=shrink, national=national,
        publish=None if internal else DisclosureSettings(), trend=pool is not None, on=basis,
    )  # fmt: skip
    said["notes"] = [*said["notes"], *said["evidence"].notes]
    shown = said["evidence"].ran_on(result)  # the year's, or the pooled values' comparison
    if basis == "pooled":  # a year's range is not the pooled value's: years left out are said
        if as_json:
            payload = comparison_json(shown, **said)
            for row in payload["organisations"]:
                row["value_range"] = None
            click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        else:
            click.echo(comparison_text(shown, **said), nl=False)
    elif as_json:
        payload = with_value_ranges(comparison_json(result, **said), values, year=result.year,
                                    indicator=result.indicator.id, unit=result.indicator.unit)  # fmt: skip
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(comparison_text(result, **said) + ranges_text(result, values), nl=False)


@main.command()
@click.argument("file", type=FILE)
@click.option(
    "--kind",
    type=click.Choice(
        [
            "staff",
            "recruitment",
            "disciplinary",
            "training",
            "capability",
            "board",
            "survey",
            "counts",
        ]
    ),
    help="What the file holds (default: worked out from sheet names and columns).",
)
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD", help="As for wres.")
@click.option("--json", "as_json", is_flag=True, help="The problems as a JSON list.")
@guarded
def validate(file, kind, maps, as_json):
    """List every problem in FILE with sheet, row, column, value and how to fix it.

    Exit 0 when there are no errors (warnings allowed), 1 when there are errors, 2 when the file
    cannot be read at all."""
    from metrics.inputs.columns import parse_mapping
    from metrics.inputs.pipeline import validate_file
    from metrics.problems import InputError

    try:
        problems = validate_file(file, kind, parse_mapping(maps))
    except InputError as exc:
        problems = exc.problems
        code = EXIT_UNUSABLE
    else:
        code = EXIT_INVALID if any(p.severity == "error" for p in problems) else 0
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False))
    else:
        errs = sum(p.severity == "error" for p in problems)
        warns = len(problems) - errs
        for p in problems:
            click.echo(f"{p.severity.upper()}: {sentence(p)}")
        click.echo(
            f"{file.name}: {errs} error{'s' * (errs != 1)}, {warns} warning{'s' * (warns != 1)}.",
            err=code != 0,
        )
    sys.exit(code)


@main.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write the sample data into (created if needed).",
)
@guarded
def sample(out):
    """Regenerate the fictional sample data (a trust over two years, and a network of trusts)."""
    from sample_data.generate import generate

    written = generate(out)
    click.echo(f"Wrote {len(written)} files to {out}")


main.add_command(report)
main.add_command(wdes)
main.add_command(medical)
main.add_command(paygap)
main.add_command(casework)


if __name__ == "__main__":
    main()
