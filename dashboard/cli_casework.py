"""`inclusivehr casework`: a union's casework log set against its members (or the employers'
staff in post), per employer and case type, with the network's figures.

Registered on the main group in dashboard/cli.py. The figures come from metrics.casework; --json
prints metrics.casework.shape.as_json, with the disclosure audit added under --publish."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from dashboard.cli_support import FILE, guarded, json_option

WHO = {"members": "members", "staff in post (WRES indicator 1)": "staff"}


def _count(n: int | None) -> str:
    return "hidden" if n is None else f"{n:,}"


def _cases(cases: dict[str, int | None]) -> str:
    return ", ".join(f"{_count(cases[g])} {g}" for g in ("BME", "White", "Unknown"))


def _reading(found, what: str, event: str) -> str:
    """One sentence: which way, how far, and whether beyond chance."""
    if found.value is None:
        return f"no comparison ({found.reason})"
    interval = f"95% interval {found.ci_lower:.2f} to {found.ci_upper:.2f}"
    if found.ci_lower > 1:
        verdict = "more likely, beyond chance"
    elif found.ci_upper < 1:
        verdict = "less likely, beyond chance"
    else:
        verdict = "the difference could be chance"
    text = (f"BME {what} {found.value:.2f} times as likely as White {what} {event} "
            f"({interval}): {verdict}")  # fmt: skip
    if found.status == "small_numbers":
        text += f" [small numbers: {found.reason}]"
    return text


def _outcome_line(outcomes) -> str:
    if outcomes is None:
        return ""
    d, s = outcomes.decided, outcomes.sanctioned
    if s["BME"] == 0 and s["White"] == 0:
        return "    Outcomes: no decided case ended in dismissal or a formal sanction."
    return (
        f"    Outcomes: {_count(s['BME'])} of {_count(d['BME'])} decided BME cases and "
        f"{_count(s['White'])} of {_count(d['White'])} White ended in dismissal or a formal "
        f"sanction; " + _reading(outcomes.likelihood, "members' cases", "to end so")
    )  # fmt: skip


def _row_lines(row, what: str) -> list[str]:
    name = "All case types" if row.case_type == "all" else row.case_type.capitalize()
    event = "to be in a case" if row.case_type == "all" else f"to be in a {row.case_type} case"
    lines = [f"  {name}: {_cases(row.cases)} cases. " + _reading(row.likelihood, what, event)]
    if row.outcomes is not None:
        lines.append(_outcome_line(row.outcomes))
    if row.by_year:
        lines.append("    By year: " + "; ".join(
            f"{y.year}: " + ("no comparison" if y.likelihood.value is None
                             else f"{y.likelihood.value:.2f}") for y in row.by_year))  # fmt: skip
    return lines


def text(figures) -> str:
    what = WHO.get(figures.base, "members")
    years = "all years pooled" if figures.year is None else str(figures.year)
    lines = [f"Casework by employer and case type, {years}, set against {figures.base}.",
             f"A figure above 1 means BME {what} are more likely than White {what} to be in "
             f"that kind of case (worse for BME {what}); Unknown ethnicity is left out.", ""]  # fmt: skip
    employer = None
    for row in figures.rows:
        if row.employer != employer:
            employer = row.employer
            lines.append(str(employer))
        lines += _row_lines(row, what)
    if figures.network:
        lines += ["", "The network (employers with a base, pooled)"]
        for row in figures.network:
            lines += _row_lines(row, what)
            lines.append(
                f"    Employers with such cases: {row.employers}; BME {what} more likely beyond "
                f"chance at {row.worse_beyond_chance}, less likely beyond chance at "
                f"{row.better_beyond_chance}."
            )
    lines += ["", *(f"Note: {n}" for n in figures.notes)]
    return "\n".join(lines)


def _funnels(exact, shared) -> dict:
    """Per case type, the funnel across employers (from the exact counts; under --publish the
    employers whose figure is hidden are left off it)."""
    from metrics.casework.funnel import as_json, funnel, hidden_employers, hide

    out = {}
    for case_type in dict.fromkeys(r.case_type for r in exact.rows):
        found = funnel(exact, case_type)
        if shared is not None:
            found = hide(found, hidden_employers(shared, case_type))
        out[case_type] = as_json(found)
    return out


@click.command()
@click.option(
    "--cases",
    type=FILE,
    required=True,
    help="The casework log (CSV or XLSX): employer, year or date opened, case type, "
    "ethnicity; optionally outcome and stage.",
)
@click.option(
    "--members",
    type=FILE,
    help="Members per employer and group (BME / White / Unknown), optionally by year.",
)
@click.option(
    "--counts",
    type=FILE,
    help="A WRES counts return: the employers' staff in post (indicator 1) as the base.",
)
@click.option("--year", type=int, help="Only cases of this year (default: every year pooled).")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Say which column holds a field, e.g. --map 'Workplace=employer'.",
)
@click.option(
    "--publish",
    is_flag=True,
    help="Apply disclosure control: counts 1-7 hidden (and any that would give one "
    "away), others rounded to 5, figures resting on a hidden count hidden.",
)
@click.option(
    "--briefing",
    metavar="EMPLOYER",
    help="Write a one-page casework briefing for this employer (with --pdf and/or --pptx): "
    "its figures for sharing beside its WRES3 and WRES8 and its place in the network.",
)
@click.option(
    "--wres",
    type=FILE,
    help="With --briefing: the WRES counts the employer's WRES3 and WRES8 come from "
    "(default: the --counts file, if given).",
)
@click.option("--pdf", "pdf_out", type=FILE, help="With --briefing: write it as this PDF.")
@click.option("--pptx", "pptx_out", type=FILE, help="With --briefing: write it as this .pptx.")
@json_option
@guarded
def casework(cases, members, counts, year, maps, publish, briefing, wres, pdf_out, pptx_out,
             as_json):  # fmt: skip
    """Casework equality monitoring: per employer and case type, how much more likely BME members
    are than White members to be in a case, with its 95% interval, how often decided cases end
    in dismissal or a formal sanction, and the same year by year and for the network.

    Case references are read only to count a case once: they are never shown or kept."""
    if (members is None) == (counts is None):
        raise click.UsageError("give one of --members FILE or --counts WRES_FILE")
    _check_briefing_options(briefing, wres, pdf_out, pptx_out, as_json)
    from metrics.casework.bases import read_members, read_staff
    from metrics.casework.figures import compute
    from metrics.casework.log import read_cases
    from metrics.casework.publish import published
    from metrics.casework.shape import as_json as json_of
    from metrics.inputs.columns import parse_mapping

    mapping = parse_mapping(maps)
    log = read_cases(cases, mapping)
    base = read_members(members, mapping) if members is not None else read_staff([counts], mapping)
    for problem in (*log.problems, *base.problems):
        if problem.severity == "warning" and not as_json:
            click.echo(f"inclusivehr: warning: {problem.sentence()}", err=True)
    figures = compute(log, base, year)
    if year is not None and not figures.rows:
        raise click.UsageError(f"the casework log has no cases in {year}")
    if briefing is not None:
        _write_briefing(figures, briefing, wres or counts, mapping, pdf_out, pptx_out)
        return
    audit, exact = (), figures
    if publish:
        figures, audit = published(figures)
    if as_json:
        out = json_of(figures, published=publish)
        out["warnings"] = [p.sentence() for p in (*log.problems, *base.problems)]
        out["funnel"] = _funnels(exact, figures if publish else None)
        if publish:
            out["audit"] = [asdict(a) for a in audit]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        click.echo(text(figures))


def _check_briefing_options(briefing, wres, pdf_out, pptx_out, as_json) -> None:
    if briefing is None and (pdf_out or pptx_out):
        raise click.UsageError("--pdf and --pptx write a briefing: say whose with --briefing "
                               "EMPLOYER")  # fmt: skip
    if briefing is None and wres is not None:
        raise click.UsageError("--wres is for a briefing: add --briefing EMPLOYER and --pdf "
                               "or --pptx")  # fmt: skip
    if briefing is not None and not (pdf_out or pptx_out):
        raise click.UsageError("--briefing writes a file: add --pdf OUT.pdf and/or --pptx "
                               "OUT.pptx")  # fmt: skip
    if briefing is not None and not briefing.strip():
        raise click.UsageError("--briefing needs an employer's name")
    if briefing is not None and as_json:
        raise click.UsageError("--briefing writes files and --json prints the figures: use "
                               "one at a time")  # fmt: skip


def _write_briefing(figures, employer, wres_file, mapping, pdf_out, pptx_out) -> None:
    """The employer's briefing (always for sharing) to the files asked for, named in one line."""
    from dashboard.pack.casework_briefing import to_pdf, to_pptx
    from metrics.casework import labels
    from metrics.casework.briefing import briefing, wres_values
    from metrics.casework.funnel import funnel

    wres = wres_values([wres_file], mapping) if wres_file is not None else None
    placed = {p.employer: p.position for p in funnel(figures, labels.ALL_TYPES).points}
    found = briefing(figures, employer, wres=wres, funnel=placed)
    written = []
    for out, make in ((pdf_out, to_pdf), (pptx_out, to_pptx)):
        if out is not None:
            out.write_bytes(make(found))
            written.append(str(out))
    click.echo(f"Wrote the casework briefing for {found.employer} (figures for sharing): "
               + " and ".join(written))  # fmt: skip
