"""Published gender pay gap figures, in the GOV.UK gender pay gap service's CSV layout, ranked.

Employers with 250 or more staff publish six figures a year on the GOV.UK service, which offers
them for download as one CSV per reporting year (``EmployerName``, ``DiffMedianHourlyPercent``
...). A network can compare its trusts on those figures without anyone sharing data: this module
reads such a file (through the ordinary readers, with their size limits and encodings) and ranks
the employers on the median hourly pay gap.

A gap is ``(men's pay - women's pay) / men's pay x 100``, so a positive gap means women are paid
less; rank 1 is the largest gap. The figures are public already and rest on no counts, so no
disclosure step applies; the service publishes no intervals, so ranks are of the values as
published and a small difference between two employers means little.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from metrics import reference as ref
from metrics.inputs.column_values import number_text
from metrics.inputs.readers import Sheet, Upload, open_sheets
from metrics.problems import InputError, Problem, errors, row_problems

GAPS = {  # field: the column in the GOV.UK layout
    "mean_hourly_gap": "DiffMeanHourlyPercent",
    "median_hourly_gap": "DiffMedianHourlyPercent",
    "mean_bonus_gap": "DiffMeanBonusPercent",
    "median_bonus_gap": "DiffMedianBonusPercent",
}
BONUS = {"Male": "MaleBonusPercent", "Female": "FemaleBonusPercent"}
QUARTILES = (  # quartile 1 is the lowest paid, as the paygap command numbers them
    (1, "lower", "LowerQuartile"),
    (2, "lower middle", "LowerMiddleQuartile"),
    (3, "upper middle", "UpperMiddleQuartile"),
    (4, "top", "TopQuartile"),
)
NAME, SIZE = "EmployerName", "EmployerSize"
PERCENT_COLUMNS = (
    *BONUS.values(),
    *(f"{sex}{q}" for _, _, q in QUARTILES for sex in ("Male", "Female")),
)
REQUIRED = (NAME, *GAPS.values(), *PERCENT_COLUMNS, SIZE)
"""Every column read; any other (EmployerId, Address, SicCodes, DueDate ...) is ignored."""

QUARTILE_SLACK = 1.5  # published shares are rounded: a quartile's two may add to 99.9 or 100.1
DIRECTION = (
    "A positive gap means women are paid less than men (the larger, the worse for women); a "
    "negative gap means women are paid more. Rank 1 = the largest gap in women's median hourly "
    "pay."
)
METHOD = (
    "Figures as each employer published them on the GOV.UK gender pay gap service: the median "
    "(and mean) hourly pay gap is (men's pay - women's pay) / men's pay x 100 over full-pay "
    "relevant employees; the bonus gaps are over those paid a bonus; the quartiles are the "
    "shares of women and men in each quarter of employees ordered by hourly pay. The figures "
    "are public already and rest on no counts, so no disclosure step is applied to them. The "
    "service publishes no confidence intervals, so employers are ranked on the values as "
    "published: a difference of a point or two between two employers may be chance."
)


@dataclass(frozen=True)
class QuartileShares:
    quartile: int  # 1 = the lowest paid quarter
    name: str  # "lower", "lower middle", "upper middle", "top"
    female: float | None  # percent
    male: float | None


@dataclass(frozen=True)
class Employer:
    """One employer's published figures (percent; None where the file left them blank), with
    its rank on the median hourly gap (1 = the largest gap; ties share a rank; None without a
    median) and the file row it came from."""

    name: str
    size: str | None
    mean_hourly_gap: float | None
    median_hourly_gap: float | None
    mean_bonus_gap: float | None
    median_bonus_gap: float | None
    female_bonus_percent: float | None
    male_bonus_percent: float | None
    quartiles: tuple[QuartileShares, ...]
    row: int
    rank: int | None = None


@dataclass(frozen=True)
class PayGapTable:
    """Every employer of a file, ranked on the median hourly gap (largest first; employers with
    no median last). ``warnings``: what did not stop the file being read."""

    file: str
    employers: tuple[Employer, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def ranked(self) -> tuple[Employer, ...]:
        return tuple(e for e in self.employers if e.rank is not None)

    def women_paid_less(self) -> int:
        return sum(e.median_hourly_gap > 0 for e in self.ranked if e.median_hourly_gap is not None)

    def men_paid_less(self) -> int:
        return sum(e.median_hourly_gap < 0 for e in self.ranked if e.median_hourly_gap is not None)

    def median_gap(self) -> float | None:
        """The median of employers' median gaps (each employer counts once)."""
        gaps = [e.median_hourly_gap for e in self.ranked if e.median_hourly_gap is not None]
        return float(pd.Series(gaps).median()) if gaps else None


def _fold(header: str) -> str:
    """A header as compared: "Employer Name" and "employername" are EmployerName."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _header(sheet: Sheet) -> tuple[int, dict[str, int], dict[str, str]]:
    """The header row (the one naming most GOV.UK columns), each column's position and its
    text as written; raises InputError naming every column missing."""
    wanted = {_fold(c): c for c in REQUIRED}
    best, best_found = None, {}
    for i, row in enumerate(sheet.preview):
        found = {}
        for pos, cell in enumerate(row):
            column = wanted.get(_fold(cell or ""))
            if column is not None and column not in found:
                found[column] = pos
        if len(found) > len(best_found):
            best, best_found = i, found
    if best is None or len(best_found) < 2:
        raise InputError(
            Problem(
                severity="error",
                file=sheet.path.name,
                sheet=sheet.name,
                message="this is not a gender pay gap file in the GOV.UK layout: no "
                f"{NAME} or {GAPS['median_hourly_gap']} column was found",
                hint="Download the employers' figures from the GOV.UK gender pay gap service "
                "(gender-pay-gap.service.gov.uk) as CSV and load that file unchanged.",
            )
        )
    missing = [c for c in REQUIRED if c not in best_found]
    if missing:
        raise InputError(
            Problem(
                severity="error",
                file=sheet.path.name,
                sheet=sheet.name,
                row=best + 1,
                message=f"the pay gap file has no {', '.join(missing)} column"
                + ("s" if len(missing) > 1 else ""),
                hint="Every column of the GOV.UK layout is needed; download the file again from "
                "the gender pay gap service rather than editing its header.",
            )
        )
    headers = {c: str(sheet.preview[best][p]) for c, p in best_found.items()}
    return best, best_found, headers


def _number(value: object) -> float | None:
    """A published percentage: "12.5", "12.5%", "-3", "−3" (a typographic minus); None for
    blank; NaN for anything else (text, "nan", "inf")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return _parse(str(value))


@cache  # a year's file repeats the same few hundred values in each column
def _parse(value: str) -> float | None:
    text = number_text(value.replace("\u2212", "-"))
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan


def _column(
    frame: pd.DataFrame, column: str, where: dict, problems: list[Problem], *, share: bool
) -> pd.Series:
    """One column of percentages; problems for text and for impossible values: a share outside
    0-100, a gap above 100 (women cannot be paid less than nothing)."""
    raw = frame[column].tolist()
    read = [_number(v) for v in raw]
    bad = [x is not None and math.isnan(x) for x in read]
    if share:
        impossible = [x is not None and not math.isnan(x) and not 0 <= x <= 100 for x in read]
        message, hint = (
            "a share cannot be outside 0 to 100",
            "A quartile's or a bonus share is a percentage of employees, from 0 to 100.",
        )
    else:
        impossible = [x is not None and not math.isnan(x) and x > 100 for x in read]
        message, hint = (
            "a pay gap cannot be above 100",
            "A gap of 100 would mean women are paid nothing; check the value against the "
            "employer's published figures.",
        )
    for mask, text, fix in (
        (bad, "text where a percentage belongs", "Give a number such as 12.5 (a % sign is "
         "fine) or leave it blank."),
        (impossible, message, hint),
    ):  # fmt: skip
        rows = [int(i) for i, m in zip(frame.index, mask, strict=True) if m]
        if rows:
            problems += row_problems(
                rows,
                values=[str(v) for v, m in zip(raw, mask, strict=True) if m],
                severity="error",
                message=text,
                hint=fix,
                column=where["headers"][column],
                file=where["file"],
                sheet=where["sheet"],
            )
    return pd.Series([math.nan if x is None else x for x in read], index=frame.index, dtype=float)


def _shares_add_up(frame: pd.DataFrame, where: dict, problems: list[Problem]) -> None:
    for _, name, suffix in QUARTILES:
        total = frame[f"Female{suffix}"] + frame[f"Male{suffix}"]
        off = total.notna() & ((total - 100).abs() > QUARTILE_SLACK)
        rows = [int(i) for i in frame.index[off.to_numpy()]]
        if rows:
            problems += row_problems(
                rows,
                values=[f"{v:g}" for v in total[off]],
                severity="warning",
                message=f"the women's and men's shares of the {name} quartile do not add up to 100",
                hint="Check the file against the employer's published figures.",
                column=where["headers"][f"Female{suffix}"],
                file=where["file"],
                sheet=where["sheet"],
            )


def _ranks(gaps: pd.Series) -> pd.Series:
    """1 for the largest gap; ties share the best rank (1, 2, 2, 4)."""
    return gaps.rank(method="min", ascending=False)


def read_gpg(path: Path | str | Upload) -> PayGapTable:
    """A GOV.UK gender pay gap CSV (or a workbook holding one), checked and ranked.

    Raises InputError with every problem found (each naming the row and column) when a value
    cannot be read: text or a non-number where a percentage belongs, a share outside 0-100, a
    gap above 100 (women cannot be paid less than nothing), a row with figures but no employer
    name. Blank rows are skipped."""
    sheets = open_sheets(path)
    refused: list[Problem] = []  # a workbook's other sheets (notes, a title page)
    for sheet in sheets:
        try:
            header, positions, headers = _header(sheet)
        except InputError as exc:
            refused += exc.problems
            continue
        break
    else:
        raise InputError(refused[0])
    problems: list[Problem] = []
    columns = list(positions)
    frame = sheet.read(header, [positions[c] for c in columns], ())
    frame.columns = columns
    frame = frame.astype(object).where(frame.notna(), None)
    where = {"headers": headers, "file": sheet.path.name, "sheet": sheet.name}
    blank = frame.isna().all(axis=1)  # the readers give a blank or spaces-only cell as missing
    frame = frame[~blank.to_numpy()]
    if frame.empty:
        raise InputError(
            Problem(
                severity="error",
                file=sheet.path.name,
                sheet=sheet.name,
                message="the pay gap file has no employers below its header",
                hint="Download the file again from the GOV.UK gender pay gap service.",
            )
        )
    names = frame[NAME].map(lambda v: None if v is None else " ".join(str(v).split()) or None)
    nameless = [int(i) for i in frame.index[names.isna().to_numpy()]]
    if nameless:
        problems += row_problems(
            nameless,
            severity="error",
            message="a row of figures with no employer name",
            hint="Give the employer's name, or delete the row.",
            column=headers[NAME],
            file=sheet.path.name,
            sheet=sheet.name,
        )
    numbers = pd.DataFrame(index=frame.index)
    for column in GAPS.values():
        numbers[column] = _column(frame, column, where, problems, share=False)
    for column in PERCENT_COLUMNS:
        numbers[column] = _column(frame, column, where, problems, share=True)
    if errors(problems):
        raise InputError(errors(problems))
    _shares_add_up(numbers, where, problems)
    seen: dict[str, int] = {}
    for row, name in names.items():
        first = seen.setdefault(ref.key(name), int(row))
        if first != row:
            problems.append(
                Problem(
                    severity="warning",
                    file=sheet.path.name,
                    sheet=sheet.name,
                    row=int(row),
                    column=headers[NAME],
                    value=str(name),
                    message=f"the employer is also on row {first}; both are shown",
                    hint="If it is the same employer, keep one row.",
                )
            )
    ranks = _ranks(numbers[GAPS["median_hourly_gap"]]).tolist()
    column = {c: [_value(x) for x in numbers[c].tolist()] for c in numbers.columns}
    sizes = [None if v is None else " ".join(str(v).split()) or None for v in frame[SIZE]]
    employers = [
        Employer(
            name=str(name),
            size=sizes[i],
            **{field: column[c][i] for field, c in GAPS.items()},
            female_bonus_percent=column[BONUS["Female"]][i],
            male_bonus_percent=column[BONUS["Male"]][i],
            quartiles=tuple(
                QuartileShares(q, words, column[f"Female{s}"][i], column[f"Male{s}"][i])
                for q, words, s in QUARTILES
            ),
            row=int(row),
            rank=None if math.isnan(ranks[i]) else int(ranks[i]),
        )
        for i, (row, name) in enumerate(names.items())
    ]
    employers.sort(key=lambda e: (e.rank is None, e.rank or 0, e.name.lower()))
    return PayGapTable(file=sheet.path.name, employers=tuple(employers), warnings=tuple(problems))


def _value(x: object) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)
