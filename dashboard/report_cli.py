"""`inclusivehr report`: the board pack as PowerPoint, PDF or Excel, from the command line.

Registered on the main group in dashboard/cli.py (``main.add_command(report)``). Inputs load the
way `inclusivehr wres` loads them; publication-level disclosure control is on unless --internal.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

OUT_FORMATS = (".pptx", ".pdf", ".xlsx")
FILE = click.Path(path_type=Path, dir_okay=False)  # as in dashboard/cli.py


def guarded(func):
    """dashboard.cli.guarded, looked up when the command runs: cli.py imports this module to
    register the command, so importing cli.py here at the top would be circular."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from dashboard.cli import guarded as cli_guarded

        return cli_guarded(func)(*args, **kwargs)

    return wrapper


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
@click.option("--staff", type=FILE, help="Staff in post (ESR-style extract), CSV or XLSX.")
@click.option("--recruitment", type=FILE, help="Recruitment: one row per applicant per vacancy.")
@click.option("--disciplinary", type=FILE, help="Formal disciplinary investigations.")
@click.option("--training", type=FILE, help="Non-mandatory training and CPD records.")
@click.option("--board", type=FILE, help="Board members (ethnicity, voting, executive).")
@click.option("--survey", type=FILE, help="Staff survey results by ethnicity (indicators 5-8).")
@click.option("--workbook", type=FILE, help="One workbook with a sheet per kind.")
@click.option("--counts", type=FILE, help="A canonical counts return (already aggregated).")
@click.option(
    "--map", "maps", multiple=True, metavar="COLUMN=FIELD", help="As for wres. Repeatable."
)
@click.option("--organisation", help="Organisation name (choose one when counts hold several).")
@click.option("--year", type=int, help="WRES year (default: the latest in the data).")
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
@guarded
def report(staff, recruitment, disciplinary, training, board, survey, workbook, counts, maps,
           organisation, year, out, internal, workspace):  # fmt: skip
    """The board pack (WRES results and the action plan) as PowerPoint, PDF or Excel.

    Figures pass disclosure control for publication (counts 1-7 hidden, others rounded to 5,
    secondary suppression, an appendix listing every change) unless --internal is given."""
    suffix = out.suffix.lower()
    if suffix not in OUT_FORMATS:
        raise click.UsageError(
            f"--out must end in .pptx, .pdf or .xlsx (got '{out.name}'); the extension "
            "chooses the format"
        )
    given = [
        n for n, v in (("--staff", staff), ("--workbook", workbook), ("--counts", counts)) if v
    ]
    if len(given) != 1:
        raise click.UsageError(
            "give exactly one of --staff, --workbook or --counts"
            + (f" (got {', '.join(given)})" if given else "")
        )
    companions = {"recruitment": recruitment, "disciplinary": disciplinary,
                  "training": training, "board": board, "survey": survey}  # fmt: skip
    if not staff and any(companions.values()):
        raise click.UsageError(
            "--recruitment, --disciplinary, --training, --board and --survey go with --staff"
        )
    if not out.parent.exists():
        raise click.UsageError(f"the folder for --out does not exist: {out.parent}")
    from dashboard.cli import EXIT_UNUSABLE, _progress, _say_problems
    from metrics.columns import parse_mapping
    from metrics.pipeline import Sources, load

    files = {"staff": staff, **companions} if staff else {}
    sources = Sources(
        files={k: v for k, v in files.items() if v},
        workbook=workbook,
        counts=counts,
        mapping=parse_mapping(maps),
        organisation=organisation,
    )
    result = load(sources, year=year, progress=_progress())
    if result.errors:
        first_file = next(iter(sources.files.values()), None) or workbook or counts
        _say_problems(result.problems, f"'inclusivehr validate {first_file}'")
        sys.exit(EXIT_UNUSABLE)

    from dashboard.pack import build_file, build_pack, previous_year
    from metrics.indicators import wres

    chosen = wres(result.counts, organisation=organisation, year=year)
    actions, note = _actions(workspace, chosen.organisation)
    pack = build_pack(
        chosen,
        result.counts,
        previous=previous_year(result.counts, chosen),
        actions=actions,
        level="internal" if internal else "publication",
        notes=result.notes,
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
