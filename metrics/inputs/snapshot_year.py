"""The date a staff extract was taken, from its title rows or its file name, and its WRES year.

A real ESR "Staff in Post" report has no Year column: its date sits in a title row above the
header ("Staff in Post at 31/03/2025", "Run date: 31/03/2025", "as at 31 March 2025") or in
the file name ("ESR_SIP_20250331.xlsx"). Only rows above the header are read, so a value in
the table (a date of birth, a start date) is never taken for the snapshot date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

_MONTHS = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"""
    (?<![\d/.-])(?P<d1>\d{{1,2}})[/.-](?P<m1>\d{{1,2}})[/.-](?P<y1>\d{{4}}|\d{{2}})(?![\d/.-])
  | (?<![\d/.-])(?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})(?![\d/-])
  | (?<!\d)(?P<y3>(?:19|20)\d{{2}})(?P<m3>[01]\d)(?P<d3>[0-3]\d)(?!\d)
  | \b(?:(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+)?(?P<m4>{_MONTH})\.?,?[\s-]+(?P<y4>\d{{4}})\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Words before a date that say it is the snapshot date (best) or the day the report ran.
_SNAPSHOT_WORDS = re.compile(
    r"\b(as at|as of|at|snapshot|census|position|effective|staff in post|in post|period end)\b",
    re.IGNORECASE,
)
_RUN_WORDS = re.compile(r"\b(run|ran|extract(ed)?|printed|generated|produced|created)\b", re.I)


@dataclass(frozen=True)
class Snapshot:
    """A snapshot date found in a file, where it was found, and the WRES year it gives."""

    on: date
    where: str  # 'title row "Staff in Post at 31/03/2025"' or 'file name "ESR_SIP_20250331.xlsx"'
    run_date: date | None = None  # set when only the day the report ran was found (see below)

    @property
    def year(self) -> int:
        return wres_year(self.on)

    def sentence(self) -> str:
        ran = (
            f"the report ran on {_words(self.run_date)}, which is taken as the 31 March "
            "year-end snapshot just before it; "
            if self.run_date
            else ""
        )
        return (
            f"WRES year {self.year}: snapshot date {_words(self.on)}, read from the {self.where} "
            f"({ran}a date from 1 April {self.year - 1} to 31 March {self.year} falls in WRES "
            f"year {self.year})"
        )


def _words(on: date) -> str:
    return f"{on.day} {calendar.month_name[on.month]} {on.year}"


# A year-end extract is often run in the first days of April: a run date (with no snapshot date
# beside it) up to this day of April is read as the 31 March snapshot just before it.
RUN_DATE_GRACE_DAYS = 14


def _year_end(run: date) -> date | None:
    if run.month == 4 and run.day <= RUN_DATE_GRACE_DAYS:
        return date(run.year, 3, 31)
    return None


def wres_year(on: date) -> int:
    """1 April Y-1 to 31 March Y is WRES year Y: a 31 March 2025 snapshot is WRES 2025."""
    return on.year + 1 if on.month >= 4 else on.year


def _as_date(match: re.Match[str]) -> date | None:
    g = match.groupdict()
    if g["d1"]:  # UK order: day first
        day, month, year = int(g["d1"]), int(g["m1"]), int(g["y1"])
        year += 2000 if year < 100 else 0
    elif g["y2"]:
        day, month, year = int(g["d2"]), int(g["m2"]), int(g["y2"])
    elif g["y3"]:
        day, month, year = int(g["d3"]), int(g["m3"]), int(g["y3"])
    else:
        month, year = _MONTHS[g["m4"].lower()], int(g["y4"])
        # "March 2025" alone: a month-end snapshot
        day = int(g["d4"]) if g["d4"] else calendar.monthrange(year, month)[1]
    if not 1990 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dates_in(text: str) -> list[tuple[int, date]]:
    """Each date in a line of text with its rank: 0 a snapshot date ('as at ...'), 1 a bare date,
    2 the day the report ran ('Report run 02/04/2025')."""
    found: list[tuple[int, date]] = []
    start = 0
    for match in _DATE.finditer(text):
        on = _as_date(match)
        before = text[start : match.start()]
        start = match.end()
        if on is None:
            continue
        rank = 0 if _SNAPSHOT_WORDS.search(before) else 2 if _RUN_WORDS.search(before) else 1
        found.append((rank, on))
    return found


def from_title_rows(rows: list[list[str | None]]) -> Snapshot | None:
    """The snapshot date in the rows above a header (the best-ranked, then the first)."""
    best: tuple[int, int, date, str] | None = None
    for number, row in enumerate(rows):
        line = " ".join(c for c in row if c)
        for rank, on in dates_in(line):
            if best is None or (rank, number) < best[:2]:
                best = (rank, number, on, line)
    if best is None:
        return None
    line = best[3] if len(best[3]) <= 80 else best[3][:77] + "..."
    if best[0] == 2 and (year_end := _year_end(best[2])):
        return Snapshot(on=year_end, where=f'title row "{line}"', run_date=best[2])
    return Snapshot(on=best[2], where=f'title row "{line}"')


def from_name(name: str, what: str = "file name") -> Snapshot | None:
    """The snapshot date in a file (or sheet) name: 'ESR_SIP_20250331.xlsx', 'SIP March 2025.csv'."""
    stem = PurePath(name).stem if what == "file name" else name
    found = dates_in(stem.replace("_", " "))
    if not found:
        return None
    return Snapshot(on=min(found, key=lambda f: f[0])[1], where=f'{what} "{name}"')


def find_snapshot(
    title_rows: list[list[str | None]], file_name: str, sheet_name: str | None = None
) -> Snapshot | None:
    """Title rows first (they say what the date is), then the sheet name, then the file name."""
    return (
        from_title_rows(title_rows)
        or (from_name(sheet_name, "sheet name") if sheet_name else None)
        or from_name(file_name)
    )
