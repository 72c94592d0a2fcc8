"""Files as the readers see them: a path on disk or an in-memory upload, a table-shaped sheet,
a CSV parse request, and the refusal for a file that cannot be read.

Shared by readers, frames, columns and prefetch, and importing none of them, so those four
import each other one way only. Nothing here imports pandas.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from metrics.problems import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


def refusal(path: Path | Upload, message: str, hint: str, sheet: str | None = None) -> InputError:
    """Why this file cannot be read and how to fix it, as the error every reader raises."""
    return InputError(
        Problem(severity="error", message=message, hint=hint, file=path.name, sheet=sheet)
    )


@dataclass
class Sheet:
    """One table-shaped source: a CSV file or one sheet of a workbook."""

    path: Path
    name: str | None  # sheet name; None for CSV
    _preview: Callable[[], list[list[str | None]]] = field(repr=False)
    _load: Callable[[int, Sequence[int], Sequence[int]], pd.DataFrame] = field(repr=False)
    _preview_rows: list[list[str | None]] | None = field(default=None, repr=False)
    problems: list[Problem] = field(default_factory=list)  # found while reading (warnings)
    _csv_request: Callable[[int, Sequence[int], Sequence[int]], CsvRequest] | None = field(
        default=None, repr=False
    )

    def csv_request(
        self, header_index: int, columns: Sequence[int], identifiers: Sequence[int]
    ) -> CsvRequest | None:
        """How a CSV would be parsed for these columns (None for a workbook sheet)."""
        if self._csv_request is None:
            return None
        return self._csv_request(header_index, columns, identifiers)

    @property
    def preview(self) -> list[list[str | None]]:
        """The first rows as text, for finding the header; read on first use."""
        if self._preview_rows is None:
            self._preview_rows = self._preview()
        return self._preview_rows

    @property
    def label(self) -> str:
        return f"{self.path.name} (sheet {self.name})" if self.name else self.path.name

    def read(
        self,
        header_index: int,
        columns: Sequence[int],
        identifiers: Sequence[int] = (),
        choose: tuple[Sequence[int], Callable] | None = None,
    ) -> pd.DataFrame:
        """The given column positions below the header row, indexed by spreadsheet row number.

        Columns are named by their position; values are trimmed text or missing: categorical
        labels, except the `identifiers` (employee numbers ...), which stay plain text.
        choose: (positions, pick), only the rows ``pick`` keeps (``frames.Pick``), chosen from
        those positions of every row that is not blank.
        """
        if choose is None:
            return self._load(header_index, columns, identifiers)
        return self._load(header_index, columns, identifiers, choose)


@dataclass(frozen=True, eq=False)
class Upload:
    """A file that arrived in memory (a browser upload): read without ever touching the disk,
    so row-level records stay in the session's memory only."""

    name: str
    data: bytes = field(repr=False)

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix

    def open(self, mode: str = "rb") -> io.BytesIO:
        return io.BytesIO(self.data)


Source = Path | Upload


def source(path: Path | str | Upload) -> Source:
    return path if isinstance(path, Upload) else Path(path)


def binary(path: Source):
    """What parsers accept: the path on disk, or a fresh in-memory stream for an upload."""
    return path.open() if isinstance(path, Upload) else path


@dataclass(frozen=True)
class CsvRequest:
    """Everything that decides how a CSV is parsed: the same request gives the same table."""

    path: Path
    encoding: str
    delimiter: str
    header_index: int
    width: int
    columns: tuple[int, ...]
    identifiers: tuple[int, ...]

    @property
    def names(self) -> list[str]:
        return [f"c{i}" for i in range(self.width)]

    @property
    def wanted(self) -> list[int]:
        return [c for c in self.columns if c < self.width]
