"""Fixtures shared across the test packages: small input files written into tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import settings

# Property tests check what is computed, not how fast: speed lives in benchmarks/, and a per-example
# deadline only fails at random on a shared, busy machine.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A real .xlsx (written by openpyxl) with one sheet per entry, rows as given."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture(autouse=True, scope="session")
def _own_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test reads or writes the person's own workspace database (~/.inclusivehr): the store's
    default location is a folder of the test run's own, unless a test sets its own."""
    patch = pytest.MonkeyPatch()
    patch.setenv("INCLUSIVEHR_DATA_DIR", str(tmp_path_factory.mktemp("inclusivehr-data")))
    patch.delenv("INCLUSIVEHR_DB_URL", raising=False)
    yield
    patch.undo()


@pytest.fixture
def make_xlsx(tmp_path: Path) -> Callable[[str, dict[str, list[list[object]]]], Path]:
    """make_xlsx("staff.xlsx", {"Staff": [[header...], [row...]]}) -> path in tmp_path."""

    def make(name: str, sheets: dict[str, list[list[object]]]) -> Path:
        return write_xlsx(tmp_path / name, sheets)

    return make
