"""The pack as an Excel workbook: a first sheet saying what is in it and the suppression rule,
then the indicator results, the counts, the action plan and the suppression audit as formatted
tables. Every text cell is typed as text, so nothing in it can become a formula."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as SheetTable
from openpyxl.worksheet.table import TableStyleInfo

from dashboard.pack.content import Cell, Pack, Table
from dashboard.pack.layout import MARK, NHS_BLUE
from metrics.counts.table import looks_like_formula


def _hex(colour: tuple[int, int, int]) -> str:
    return "".join(f"{c:02X}" for c in colour)


_TITLE = Font(name="Arial", size=14, bold=True, color=_hex(NHS_BLUE))
_BODY = Font(name="Arial", size=11)
_MARK = Font(name="Arial", size=12, bold=True, color=_hex(MARK))
_HEAD_FILL = PatternFill("solid", fgColor=_hex(NHS_BLUE))
_HEAD_FONT = Font(name="Arial", size=11, bold=True, color="FFFFFF")
_FIRST_TABLE_ROW = 4


def _put(sheet, row: int, column: int, value: Cell, font: Font = _BODY):
    """Write one cell; text is always text (a leading = + - @ stays visible, never runs)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    cell.font = font
    return cell


def _heading(sheet, pack: Pack, title: str) -> None:
    _put(sheet, 1, 1, title, _TITLE)
    where = f"{pack.organisation}, {pack.standards_named} {pack.year or ''}, {pack.unit}"
    _put(sheet, 2, 1, where)
    if pack.marking:
        _put(sheet, 1, 6, pack.marking.upper() + f" ({pack.marking})", _MARK)


def _table_sheet(book: Workbook, pack: Pack, name: str, title: str, table: Table,
                 widths: dict[int, int] | None = None) -> None:  # fmt: skip
    sheet = book.create_sheet(name)
    _heading(sheet, pack, title)
    top = _FIRST_TABLE_ROW
    for j, column in enumerate(table.columns, start=1):
        cell = _put(sheet, top, j, column, _HEAD_FONT)
        cell.fill = _HEAD_FILL
    for i, row in enumerate(table.rows, start=top + 1):
        for j, value in enumerate(row, start=1):
            cell = _put(sheet, i, j, value)
            if isinstance(value, float):
                cell.number_format = "0.0#"  # one decimal for percentages, two for ratios
            elif isinstance(value, int):
                cell.number_format = "#,##0"
    for j, column in enumerate(table.columns, start=1):
        longest = max([len(column), *(len(str(r[j - 1] or "")) for r in table.rows[:200])])
        width = (widths or {}).get(j, min(60, max(10, longest + 2)))
        sheet.column_dimensions[get_column_letter(j)].width = width
    if table.rows:
        ref = f"A{top}:{get_column_letter(len(table.columns))}{top + len(table.rows)}"
        grid = SheetTable(displayName=name.replace(" ", ""), ref=ref)
        grid.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        sheet.add_table(grid)
    else:
        _put(sheet, top + 1, 1, "Nothing to list.")
    sheet.freeze_panes = sheet.cell(row=top + 1, column=1)


def _about(book: Workbook, pack: Pack) -> None:
    sheet = book.active
    sheet.title = "About"
    _heading(sheet, pack, "Workforce equality standards: board pack workbook" if len(pack.standards) > 1
             else "Workforce Race Equality Standard: board pack workbook")  # fmt: skip
    s = pack.settings
    lines = [
        "What is in this workbook:",
        "Results: every WRES indicator (and each band of indicator 1) with its value, 95% "
        "confidence interval, status, source (indicators 5 to 8: the NHS Staff Survey of the "
        "autumn before the WRES year) and a plain-language reading; then any other standard "
        "in the pack (WDES metrics, pay gaps)."
        + (
            " Percentages and percentage points are whole numbers, computed from the exact "
            "counts (coarser in the readings where few people are counted), so that they cannot "
            "undo the rounding of the counts."
            if pack.level == "publication"
            else " Percentages to one decimal, relative likelihoods to two."
        ),
        "Counts: the canonical counts the indicators are computed from"
        + (
            " for this year, after disclosure control."
            if pack.level == "publication"
            else ", exactly as loaded (all years and breakdowns)."
        ),  # fmt: skip
        "Action plan: the actions recorded in the workspace, with their status.",
        "Suppression audit: every count hidden or rounded before publication.",
        "",
        "Suppression rule:",
        f"Counts between 1 and {s.threshold} are not published. Other counts are rounded to the "
        f"nearest {s.rounding_base}. Further counts are hidden where a hidden count could "
        "otherwise be worked out by subtracting shown counts from totals (secondary "
        "suppression). Percentages are computed from the exact counts but not shown where a "
        "count they rest on is hidden; such figures are marked as withheld. A hidden count "
        'reads "suppressed".',
        "",
    ]
    if pack.level == "publication":
        lines.append("This workbook is prepared for publication: the rule above has been applied.")
    else:
        lines.append(
            f"{pack.marking}: this internal workbook shows exact counts, including small numbers. "
            "The audit lists what would be hidden before publication."
        )
    for i, line in enumerate(lines, start=_FIRST_TABLE_ROW):
        cell = _put(sheet, i, 1, line, Font(name="Arial", size=11, bold=line.endswith(":")))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120


def to_xlsx(pack: Pack) -> bytes:
    book = Workbook()
    _about(book, pack)
    _table_sheet(book, pack, "Results", "Indicator results", pack.results, {11: 90})
    _table_sheet(book, pack, "Counts", "Counts", pack.counts)
    actions = pack.section("actions").table or Table(
        ("Action", "Indicator", "Owner", "Due", "Target", "Status", "Judged now"), ()
    )
    _table_sheet(book, pack, "Action plan", "Action plan", actions)
    _table_sheet(book, pack, "Suppression audit", "Suppressed and rounded figures", pack.audit,
                 {5: 90})  # fmt: skip
    out = BytesIO()
    book.save(out)
    return out.getvalue()
