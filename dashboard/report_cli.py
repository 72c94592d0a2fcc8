"""`inclusivehr report`: the board pack as PowerPoint, PDF or Excel, from the command line.

Registered on the main group in dashboard/cli.py. Inputs load as `inclusivehr wres` loads them
(dashboard/cli_support.py); publication-level disclosure control is on unless --internal.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dashboard.cli_intersections import by_option, check_by, split_counts
from dashboard.cli_source import load_either, pay_rows_from, source_options
from dashboard.cli_support import EXIT_UNUSABLE, guarded, input_options

OUT_FORMATS = (".pptx", ".pdf", ".xlsx")


def _actions(workspace: str | None, organisation: str | None) -> tuple[list, str | None]:
    """The workspace's action plan, and a note when there is none (never an error)."""
    from dashboard.store import Store, StoreError

    name = workspace or organisation or "My organisation"
    try:
        with Store() as store:
            found = store.workspace(name)
            return store.actions(found.id), None
    except StoreError:
        return [], f"no workspace called '{name}' was found, so the pack says no actions recorded"


@click.command()
@input_options
@source_options
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The pack to write: NAME.pptx, NAME.pdf or NAME.xlsx.",
)
@click.option(
    "--internal",
    is_flag=True,
    help="Exact counts, small numbers included; every page is marked 'Not for publication'.",
)
@click.option(
    "--workspace",
    help="Workspace whose action plan goes in the pack (default: the organisation's name).",
)
@click.option(
    "--with",
    "also",
    multiple=True,
    type=click.Choice(["wdes", "paygap", "medical"], case_sensitive=False),
    help="Add a section beside the WRES: wdes (the WDES metrics), paygap (pay gaps by sex, "
    "ethnicity and disability, which need --staff with an hourly pay column) or medical (doctors "
    "by grade, leadership role and place of qualification, and WRES 2-8 for doctors). "
    "Repeatable.",
)
@by_option
@guarded
def report(staff, recruitment, disciplinary, training, board, survey, workbook, counts, maps,
           organisation, year, source, tables, out, internal, workspace, also, by):  # fmt: skip
    """The board pack (WRES results, any other standard asked for, and the action plan) as
    PowerPoint, PDF or Excel.

    Figures pass disclosure control for publication (counts 1-7 hidden, others rounded to 5,
    secondary suppression, an appendix listing every change) unless --internal is given."""
    check_by("WRES", by)
    suffix = out.suffix.lower()
    if suffix not in OUT_FORMATS:
        raise click.UsageError(
            f"--out must end in .pptx, .pdf or .xlsx (got '{out.name}'); the extension "
            "chooses the format"
        )
    if not out.parent.exists():
        raise click.UsageError(f"the folder for --out does not exist: {out.parent}")
    standards = ("WRES", *(a.upper() for a in dict.fromkeys(a.lower() for a in also)))
    if "PAYGAP" in standards and not staff and not source:
        raise click.UsageError(
            "--with paygap needs --staff FILE (or --source with a staff table): pay gaps are "
            "worked out from the staff rows, which a counts file does not hold"
        )
    result = load_either(source, tables, staff=staff, recruitment=recruitment,
                         disciplinary=disciplinary, training=training, board=board, survey=survey,
                         workbook=workbook, counts=counts, maps=maps, organisation=organisation,
                         year=year, purpose="all" if len(standards) > 1 else "wres", by=by)  # fmt: skip

    from dashboard.pack import build_file, pack_for
    from metrics.standards.indicators import wres

    chosen = wres(result.counts, organisation=organisation, year=year)
    actions, note = _actions(workspace, chosen.organisation)
    loaded = result.inputs.get("staff")
    # pay gaps and the medical view's grade by place of qualification table come from the rows
    wanted = loaded is not None and bool({"PAYGAP", "MEDICAL"} & set(standards))
    rows = loaded.frame if wanted else None
    if source and "PAYGAP" in standards:  # people per rate of pay, counted in the database
        from metrics.standards.paygap import BY_CHOICES

        rows = pay_rows_from(source, tables, maps=maps, by=BY_CHOICES, purpose="all")
    pack = pack_for(
        split_counts(result, standard="WRES", by=by, organisation=organisation, year=year),
        organisation=organisation,
        year=year,
        actions=actions,
        level="internal" if internal else "publication",
        notes=result.notes,
        standards=standards,
        staff=rows,
        split_by=by,
    )
    data = build_file(pack, suffix.lstrip("."))
    try:
        out.write_bytes(data)
    except OSError as exc:
        click.echo(f"inclusivehr: cannot write {out} ({exc.strerror or exc}).", err=True)
        sys.exit(EXIT_UNUSABLE)
    if note:
        click.echo(f"Note: {note}.", err=True)
    level = "internal, not for publication" if internal else "for publication"
    click.echo(f"Board pack ({level}) written to {out}")
