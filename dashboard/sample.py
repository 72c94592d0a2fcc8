"""Where the bundled fictional sample data lives."""

from __future__ import annotations

from pathlib import Path

import sample_data
from metrics.inputs.pipeline import ALL_ROW_KINDS

SAMPLE_DIR = Path(sample_data.__file__).resolve().parent
SAMPLE_TRUST_WORKBOOK = SAMPLE_DIR / "trust" / "workbook.xlsx"
SAMPLE_NETWORK_COUNTS = SAMPLE_DIR / "network" / "wres_counts.csv"
SAMPLE_NETWORK_WDES_COUNTS = SAMPLE_DIR / "network" / "wdes_counts.csv"
# The network's published gender pay gap figures, in the GOV.UK service's CSV layout.
SAMPLE_NETWORK_GPG = SAMPLE_DIR / "network" / "gender_pay_gap.csv"
# The same trust as one CSV per kind: the app loads these, about three times faster than the
# workbook's six sheets (the counts are identical; a test checks), and the formal capability cases
# the WDES reads, which only the CSVs carry.
SAMPLE_TRUST_FILES = {kind: SAMPLE_DIR / "trust" / f"{kind}.csv" for kind in ALL_ROW_KINDS}
