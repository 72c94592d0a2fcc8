"""One full generation of the sample data, shared by the sample-data tests (about ten seconds,
mostly writing the Excel files)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sample_data.generate import generate

TRUST_TABLES = ("staff", "recruitment", "disciplinary", "training", "board", "survey", "capability")


@pytest.fixture(scope="session")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_data")
    generate(out)
    return out


@pytest.fixture(scope="session")
def raw_tables(fresh) -> dict[str, pd.DataFrame]:
    """The trust's CSVs as text, blanks as empty strings (as a spreadsheet shows them)."""
    return {
        name: pd.read_csv(fresh / "trust" / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in TRUST_TABLES
    }
