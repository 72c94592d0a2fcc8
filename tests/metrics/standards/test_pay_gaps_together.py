"""pay_gaps: the pay gaps by several characteristics at once, worked by hand, and the same as
asking pay_gap for each in turn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics.problems import InputError
from metrics.standards.paygap import pay_gap, pay_gaps

# Four people in 2024 (a bank man on 500 and a 2023 woman on 1 change nothing):
#   Male   White Disabled      20  Band 5
#   Female BME   Non-disabled  15  Band 5
#   Male   BME   Non-disabled  40  Consultant
#   Female White Disabled      25  Consultant
# by sex: men (20 + 40) / 2 = 30, women (15 + 25) / 2 = 20 -> (30 - 20) / 30 = 33.3%
# by ethnicity: White 22.5, BME 27.5 -> (22.5 - 27.5) / 22.5 = -22.2%
# by disability: Non-disabled 27.5, Disabled 22.5 -> (27.5 - 22.5) / 27.5 = 18.2%
# by sex in Band 5: (20 - 15) / 20 = 25%; among consultants: (40 - 25) / 40 = 37.5%
FRAME = pd.DataFrame(
    [("Male", "White", "Disabled", 20.0, "Band 5", False, 2024),
     ("Female", "BME", "Non-disabled", 15.0, "Band 5", False, 2024),
     ("Male", "BME", "Non-disabled", 40.0, "Consultant", False, 2024),
     ("Female", "White", "Disabled", 25.0, "Consultant", False, 2024),
     ("Male", "White", "Non-disabled", 500.0, "Band 5", True, 2024),
     ("Female", "BME", "Disabled", 1.0, "Band 5", False, 2023)],
    columns=["sex_group", "group", "disability_group", "hourly_pay", "band", "bank", "year"],
)  # fmt: skip


def test_each_gap_by_hand():
    found = pay_gaps(FRAME)
    assert list(found) == ["sex", "ethnicity", "disability"]
    assert found["sex"].overall.mean_hourly_gap_percent == pytest.approx(100 / 3)
    assert found["ethnicity"].overall.mean_hourly_gap_percent == pytest.approx(-200 / 9)
    assert found["disability"].overall.mean_hourly_gap_percent == pytest.approx(500 / 27.5)
    bands = dict(found["sex"].by_band)
    assert bands["Band 5"].mean_hourly_gap_percent == pytest.approx(25.0)
    assert bands["Consultant"].mean_hourly_gap_percent == pytest.approx(37.5)
    assert {g.year for g in found.values()} == {2024}


def test_the_same_as_one_at_a_time():
    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame(
        {
            "sex_group": rng.choice(["Male", "Female", "Unknown"], n, p=[0.3, 0.6, 0.1]),
            "group": rng.choice(["White", "BME", "Unknown"], n),
            "disability_group": rng.choice(["Disabled", "Non-disabled", "Unknown"], n),
            "hourly_pay": np.round(rng.uniform(12, 60, n), 2),
            "bonus": np.where(rng.random(n) < 0.2, 1000.0, np.nan),
            "band": rng.choice(["Band 3", "Band 6", "VSM", "Consultant", "Other"], n),
            "bank": rng.random(n) < 0.05,
        }
    )
    together = pay_gaps(frame, ("disability", "sex"))
    assert together == {b: pay_gap(frame, b) for b in ("disability", "sex")}


def test_a_missing_column_is_refused_as_pay_gap_refuses_it():
    with pytest.raises(InputError, match="no disability column"):
        pay_gaps(FRAME.drop(columns="disability_group"))
