"""What the commands share: exit codes, messages instead of tracebacks, progress, the input
options of the commands that read HR extracts (`wres`, `report`) with the way they load them, and
the options declared once for every command that has them (`report_options`, `json_option`).

Nothing heavy is imported at the top: workbooks named on the command line start parsing before
pydantic and pandas load."""

from __future__ import annotations

import errno
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from metrics.inputs.pipeline import Loaded_
    from metrics.problems import Problem

FILE = click.Path(path_type=Path, dir_okay=False)
EXIT_INVALID = 1
EXIT_UNUSABLE = 2


def sentence(problem: Problem) -> str:
    """A problem as the command line says it: with --map advice where a column can be named, and
    the option that settles it where there is one."""
    text = problem.sentence()
    if problem.field:
        column = problem.column if problem.column and problem.row is None else "YOUR COLUMN"
        text = text.rstrip(".") + f'. On the command line: --map "{column}={problem.field}".'
    elif problem.option:
        text = text.rstrip(".") + f". On the command line: {problem.option}."
    return text


def say_problems(problems: list[Problem], command_hint: str = "") -> None:
    errs = [p for p in problems if p.severity == "error"] or problems
    text = "inclusivehr: cannot use the input. " + sentence(errs[0])
    if len(errs) > 1:
        text += f" ({len(errs) - 1:,} more problem{'s' if len(errs) > 2 else ''}"
        text += f": run {command_hint} to list them all)" if command_hint else ")"
    click.echo(click.wrap_text(text, width=100), err=True)


def say_several(problems: list[Problem], shown: int = 3) -> None:
    """Up to ``shown`` problems in one paragraph (many files can each have their own)."""
    errs = [p for p in problems if p.severity == "error"] or problems
    text = "inclusivehr: cannot use the input. " + " Also: ".join(
        sentence(p).rstrip(".") + "." for p in errs[:shown]
    )
    if len(errs) > shown:
        text += f" ({len(errs) - shown:,} more problem{'s' if len(errs) - shown > 1 else ''}.)"
    click.echo(click.wrap_text(text, width=100), err=True)


def guarded(func):
    """Every failure becomes a short message and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("inclusivehr: stopped.", err=True)
            sys.exit(130)
        except MemoryError:
            _out_of_memory()
        except OSError as exc:  # a file that cannot be read or written: permission, a lock ...
            if exc.errno == errno.ENOMEM:
                _out_of_memory()
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(
                f"inclusivehr: {where}{exc.strerror or exc}. Check the path, that you may read "
                "(or write) the file and that no other program holds it open.",
                err=True,
            )
            sys.exit(EXIT_UNUSABLE)
        except Exception as exc:
            if isinstance(exc, ImportError) and "failed to map" in str(exc):
                _out_of_memory()  # a library could not be mapped into the memory left
            # Imported here, not at the top: workbooks named on the command line start parsing
            # before pydantic and pandas load.
            from metrics.problems import InputError

            if isinstance(exc, InputError):
                say_problems(exc.problems)
                sys.exit(EXIT_UNUSABLE)
            click.echo(  # a bug: say so plainly, without a traceback
                f"inclusivehr: something went wrong that the tool did not expect "
                f"({type(exc).__name__}: {exc}). Please report it with the command you ran; "
                "do not attach personal data.",
                err=True,
            )
            sys.exit(EXIT_UNUSABLE)

    return wrapper


def _out_of_memory() -> None:
    click.echo(
        "inclusivehr: the data is too large for this machine's memory; split the "
        "file or use a machine with more memory.",
        err=True,
    )
    sys.exit(EXIT_UNUSABLE)


def progress():
    """Progress lines on stderr, only when a person is watching a terminal."""
    if not sys.stderr.isatty():
        return None
    return lambda message: click.echo(f"{message}…", err=True)


def input_options(command):
    """The input files, --map, --organisation and --year, in the order --help lists them."""
    options = [
        click.option("--staff", type=FILE, help="Staff in post (ESR-style extract), CSV or XLSX."),
        click.option("--recruitment", type=FILE,
                     help="Recruitment: one row per applicant per vacancy."),
        click.option("--disciplinary", type=FILE, help="Formal disciplinary investigations."),
        click.option("--training", type=FILE, help="Non-mandatory training and CPD records."),
        click.option("--board", type=FILE, help="Board members (ethnicity, voting, executive)."),
        click.option("--survey", type=FILE,
                     help="Staff survey results by ethnicity (indicators 5-8)."),
        click.option("--workbook", type=FILE, help="One workbook with a sheet per kind."),
        click.option("--counts", type=FILE,
                     help="A canonical counts return (already aggregated)."),
        click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
                     help="Say which column holds a field, e.g. --map 'Ethnic Grp=ethnicity'. "
                          "Repeatable. With --source, a match applies to every table that has "
                          "the column."),
        click.option("--organisation",
                     help="Organisation name (choose one when counts hold several)."),
        click.option("--year", type=int, help="WRES year (default: the latest in the data)."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def capability_option(command):
    """--capability FILE: formal capability cases (WDES metric 3), for the `wdes` command."""
    return click.option(
        "--capability",
        type=FILE,
        help="Formal capability cases (employee number or disability, date, grounds).",
    )(command)


def load_inputs(*, staff, recruitment, disciplinary, training, board, survey, workbook, counts,
                maps, organisation, year, parse_ahead: bool = False, capability=None,
                purpose: str = "wres", by: str | None = None) -> Loaded_:  # fmt: skip
    """Load what the input options name, or exit with a message (usage errors exit 2 too).

    purpose: what is computed (wres, wdes, paygap, medical, all): it decides which staff columns
    are read and which must be there; by: the characteristic a pay gap is taken by."""
    companions = {"recruitment": recruitment, "disciplinary": disciplinary,
                  "training": training, "board": board, "survey": survey,
                  "capability": capability}  # fmt: skip
    given = [
        n for n, v in (("--staff", staff), ("--workbook", workbook), ("--counts", counts)) if v
    ]
    if len(given) != 1:
        raise click.UsageError(
            "give exactly one of --staff, --workbook or --counts"
            + (f" (got {', '.join(given)})" if given else "")
        )
    if not staff and any(companions.values()):
        raise click.UsageError(
            "--recruitment, --disciplinary, --training, --board, --survey"
            + (" and --capability" if capability else "")
            + " go with --staff"
        )
    from metrics.inputs.columns import parse_mapping, staff_fields_for

    mapping = parse_mapping(maps)
    staff_fields = staff_fields_for(purpose, by)
    files = {k: v for k, v in {"staff": staff, **companions}.items() if v}
    # a staff file alone, for a standard's own figures: it may be read as its distinct rows
    stream = purpose in ("wres", "wdes") and by is None and list(files) == ["staff"]
    if parse_ahead:
        from metrics.inputs.prefetch import parse_ahead as start

        for kind, path in {**files, "counts": counts, "workbook": workbook}.items():
            if path and not (stream and kind == "staff" and not _is_workbook(path)):
                # parses in the background while the rest loads
                start(path, kind, mapping, staff_fields if kind == "staff" else None)
    from metrics.inputs.pipeline import Sources, load

    sources = Sources(files=files, workbook=workbook, counts=counts, mapping=mapping,
                      organisation=organisation, purpose=purpose, by=by,
                      stream=stream)  # fmt: skip
    result = load(sources, year=year, progress=progress())
    if result.errors:
        first_file = next(iter(sources.files.values()), None) or workbook or counts
        say_problems(result.problems, f"'inclusivehr validate {first_file}'")
        sys.exit(EXIT_UNUSABLE)
    return result


def _is_workbook(path) -> bool:
    from metrics.inputs.source_files import EXCEL_SUFFIXES

    return Path(path).suffix.lower() in EXCEL_SUFFIXES


def emit_counts_option(command):
    """--emit-counts FILE: the counts behind the figures (`medical` has its own --publish)."""
    return click.option(
        "--emit-counts",
        type=FILE,
        help="Also write the canonical counts (CSV or XLSX by extension).",
    )(command)


def emit_options(command):
    """--emit-counts FILE and --publish: the counts behind the figures, for `wres` and `wdes`."""
    options = [
        emit_counts_option,
        click.option("--publish", is_flag=True,
                     help="With --emit-counts: apply disclosure control (counts 1-7 hidden, "
                          "others rounded to 5, secondary suppression) and write the audit "
                          "beside the file as NAME-audit.csv."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def json_option(command):
    """--json: one JSON object on stdout instead of the text."""
    return click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")(
        command
    )


def rolling_option(flag: str, figure: str):
    """A flag for ``figure`` on two years pooled (--rolling-disciplinary, --rolling-capability)."""
    return click.option(flag, is_flag=True,
                        help=f"{figure} on the current and previous year pooled.")  # fmt: skip


ROLLING_DISCIPLINARY = rolling_option("--rolling-disciplinary", "Indicator 3")


def report_options(rolling):
    """The options of a standard's report past its inputs (`wres`, `wdes`), in --help order:
    --directorate, --staff-group, ``rolling`` (a `rolling_option`), --json, --emit-counts and
    --publish."""
    options = [
        click.option("--directorate",
                     help="Compute for this directorate, beside the whole organisation."),
        click.option("--staff-group",
                     help="Compute for this staff group, beside the whole organisation."),
        rolling,
        json_option,
        emit_options,
    ]  # fmt: skip

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def check_emit(emit_counts: Path | None, publish: bool) -> None:
    if publish and not emit_counts:
        raise click.UsageError("--publish goes with --emit-counts FILE")


def emit(counts, path: Path, publish: bool, unit: dict[str, str | None]) -> None:
    """Write the counts; published: for the whole organisation (or the chosen unit) after
    disclosure control, with the audit beside them."""
    from dashboard.pack.csv_safe import to_csv_text
    from metrics.counts.table import collapse, filter_unit, write
    from metrics.disclosure.control import audit_for_publication, publish_with_splits

    if not publish:
        write(counts, path)
        return
    # Published figures are for the whole organisation (or the chosen unit): fine breakdowns
    # would mostly be suppressed, and linked tables can be differenced against each other.
    # split rows (intersections, given with --by) are hidden in every group where a count of
    # theirs or of the whole's is hidden, as they add up to the whole
    published = publish_with_splits(collapse(filter_unit(counts, **unit)))
    write(published.counts.drop(columns=["numerator_suppressed", "denominator_suppressed"]), path)
    audit_path = path.with_name(f"{path.stem}-audit.csv")
    audit_path.write_text(to_csv_text(audit_for_publication(published.audit)), encoding="utf-8")
