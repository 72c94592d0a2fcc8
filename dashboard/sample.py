"""Where the bundled fictional sample data lives."""

from __future__ import annotations

from pathlib import Path

import sample_data

SAMPLE_DIR = Path(sample_data.__file__).resolve().parent
SAMPLE_TRUST_WORKBOOK = SAMPLE_DIR / "trust" / "workbook.xlsx"
SAMPLE_NETWORK_COUNTS = SAMPLE_DIR / "network" / "wres_counts.csv"
