"""Problems found in input files, kept as values until the edge (CLI or page) shows them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with an input, located precisely enough for a person to fix it.

    A plain dataclass (no validation library): every reader imports it, and a file given on the
    command line starts parsing only once it is imported."""

    severity: Severity
    message: str
    hint: str = ""
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # spreadsheet row number as the user sees it (1 = first line)
    column: str | None = None  # the column header as written in the file
    value: str | None = None
    # the field a column could hold (a missing or doubtful column): the page offers a column
    # picker, the command line adds --map advice; the message itself names neither
    field: str | None = None
    # the command-line option that settles it ("--organisation NAME"): the CLI adds it, pages
    # never show it (they have their own control for the same choice)
    option: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in ("error", "warning"):
            raise ValueError(f"severity must be 'error' or 'warning', not {self.severity!r}")
        if self.row is not None and not isinstance(self.row, int):
            object.__setattr__(self, "row", int(self.row))  # a numpy integer, say

    def with_message(self, message: str) -> Problem:
        return replace(self, message=message)

    def as_dict(self) -> dict:
        return asdict(self)

    def located(self) -> str:
        """Where the problem is, in words: 'staff.csv, sheet Staff, row 12, column "Band"'."""
        parts = [p for p in (self.file, f"sheet {self.sheet}" if self.sheet else None) if p]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts)

    def sentence(self) -> str:
        where = self.located()
        text = f"{where}: {self.message}" if where else self.message
        if self.value is not None:  # a 200 KB cell is quoted by its start
            value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            text += f" (value: {value!r})"
        if self.hint:
            text += f". {self.hint}"
        return text


class InputError(Exception):
    """Input that cannot be used at all (unreadable, empty, wrong sheet, missing column).

    Carries the problems so the edge can show every one of them; never shown as a traceback.
    """

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self.problems[0].sentence() if self.problems else "invalid input")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


MAX_ROWS_LISTED = 20  # per check: beyond this, one summary problem says how many more rows


def row_problems(
    rows: list[int],
    *,
    severity: Severity,
    message: str,
    hint: str,
    values: list[str] | None = None,
    column: str | None = None,
    file: str | None = None,
    sheet: str | None = None,
) -> list[Problem]:
    """One problem per offending row, up to MAX_ROWS_LISTED, then a summary of the rest."""
    out = [
        Problem(
            severity=severity,
            message=message,
            hint=hint,
            file=file,
            sheet=sheet,
            row=row,
            column=column,
            value=None if values is None else values[i],
        )
        for i, row in enumerate(rows[:MAX_ROWS_LISTED])
    ]
    if len(rows) > MAX_ROWS_LISTED:
        out.append(
            Problem(
                severity=severity,
                message=f"{message}: {len(rows) - MAX_ROWS_LISTED:,} more rows like this",
                hint=hint,
                file=file,
                sheet=sheet,
                column=column,
            )
        )
    return out
