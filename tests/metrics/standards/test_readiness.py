"""Which standards the data can feed, and what the others need, in plain words."""

from __future__ import annotations

import pandas as pd

from metrics.counts.table import normalise
from metrics.standards.readiness import readiness


def counts(*rows) -> pd.DataFrame:
    return normalise(pd.DataFrame([
        {"organisation": "T", "year": 2025, "indicator": i, "group": g, "numerator": 1,
         "denominator": 2, "band": b} for i, g, b in rows
    ]))  # fmt: skip


def test_a_wres_return_feeds_the_wres_only():
    found = readiness(counts(("WRES1", "BME", "Band 5"), ("WRES2", "BME", None)), None)
    assert [k for k, r in found.items() if r.ready] == ["WRES"]
    assert "disability column" in found["WDES"].needs
    assert "medical grades" in found["MEDICAL"].needs
    assert found["PAYGAP"].needs.startswith("the staff file itself, with an hourly pay column")


def test_wdes_rows_and_medical_grades_feed_their_standards():
    found = readiness(counts(("WRES1", "BME", "Consultant"), ("WDES1", "Disabled", "Band 5")),
                      None)  # fmt: skip
    assert found["WDES"].ready and found["MEDICAL"].ready and found["WRES"].ready
    assert found["WDES"].needs == ""


def test_pay_gaps_need_hourly_pay_in_the_staff_rows():
    some = counts(("WRES1", "BME", "Band 5"))
    no_pay = pd.DataFrame({"sex_group": ["Female"], "hourly_pay": [float("nan")]})
    assert not readiness(some, no_pay)["PAYGAP"].ready
    assert "hourly pay column" in readiness(some, no_pay)["PAYGAP"].needs
    paid = pd.DataFrame({"sex_group": ["Female"], "hourly_pay": [15.0]})
    assert readiness(some, paid)["PAYGAP"].ready
