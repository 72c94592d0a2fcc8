"""Freedom-of-information replies from four fictional trusts outside the sample network, as a
network gathering returns receives them: WRES2 (appointment from shortlisting) and WRES3 (entry
into a formal disciplinary investigation), 2024 and 2025, with small counts withheld.

Each trust writes its withheld cells its own way, as real replies do:
* Thornbury Vale Community Health NHS Trust: "<5" for counts of 0-4.
* Saltmarsh Coast Ambulance Service NHS Trust: "*" for counts of 0-4, and its recruitment system
  "not held" for 2024.
* Whinfell Specialist Orthopaedic NHS Foundation Trust: "fewer than 10" for counts of 0-9.
* Pendlebrook Mental Health NHS Trust: "< 5"; it has not replied for 2024 at all (the request
  tracker shows it missing).

The trusts are drawn as the network's are (``sample_data.network``), so the figures are of the
same kind; none of them is one of the 36, so the file loads beside ``wres_counts.csv``.
"""

from __future__ import annotations

import pandas as pd

from sample_data.network import COLUMNS, _trust_effects, _trust_year
from sample_data.rand import rng_for

# (name, region, type, 2024 headcount, how a withheld count is written, below which count)
FOI_TRUSTS = (
    ("Thornbury Vale Community Health NHS Trust", "South West", "Community", 1900, "<5", 5),
    ("Saltmarsh Coast Ambulance Service NHS Trust", "East of England", "Ambulance", 2600, "*", 5),
    ("Whinfell Specialist Orthopaedic NHS Foundation Trust", "North West", "Specialist", 1500,
     "fewer than 10", 10),
    ("Pendlebrook Mental Health NHS Trust", "Midlands", "Mental health", 2300, "< 5", 5),
)  # fmt: skip
YEARS = (2024, 2025)
ASKED = ("WRES2", "WRES3")
NOT_HELD = ("Saltmarsh Coast Ambulance Service NHS Trust", 2024, "WRES2")
NO_REPLY = ("Pendlebrook Mental Health NHS Trust", 2024)


def foi_returns(seed: int) -> pd.DataFrame:
    """The replies as one table, every count written as text as it came."""
    rows = []
    for name, region, trust_type, size, written, below in FOI_TRUSTS:
        rng = rng_for(seed, f"foi-{name}")
        fx = _trust_effects(rng, name, region, trust_type)
        for year in YEARS:
            for row in _trust_year(rng, fx, size, year):
                indicator, band, clinical, membership, group, num, den = row
                if indicator not in ASKED or (name, year) == NO_REPLY:
                    continue
                if (name, year, indicator) == NOT_HELD:
                    num_text, den_text = "not held", "not held"
                else:
                    num_text = written if num < below else str(num)
                    den_text = written if den < below else str(den)
                rows.append((name, region, trust_type, year, indicator, band, clinical,
                             membership, group, num_text, den_text))  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)
