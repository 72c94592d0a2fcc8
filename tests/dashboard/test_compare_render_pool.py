"""compare's JSON with pooled and shrunken figures, as published: a trust hidden this year, or
with a hidden year in its pool, shows none of them; internal output shows them all."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.compare_render import comparison_json
from metrics.compare.evidence import LOADED, evidence
from metrics.compare.network import compare
from metrics.compare.values import network_values
from metrics.counts.table import normalise
from metrics.disclosure.control import DisclosureSettings


def ratio(org, year, white, bme):
    return [
        {"organisation": org, "year": year, "indicator": "WRES2", "group": g,
         "numerator": n, "denominator": d}
        for g, (n, d) in (("White", white), ("BME", bme))
    ]  # fmt: skip


@pytest.fixture(scope="module")
def values():
    rows = []
    for year in (2023, 2024, 2025):
        rows += ratio("Big", year, (300, 1000), (200, 1000))
        rows += ratio("Mid", year, (60, 200), (30, 200))
        rows += ratio("Low", year, (40, 200), (50, 200))
        rows += ratio("Now tiny", year, (2, 3) if year == 2025 else (30, 100), (1, 3)
                      if year == 2025 else (20, 100))  # fmt: skip
        rows += ratio("Once tiny", year, (1, 3) if year == 2024 else (30, 100), (1, 3)
                      if year == 2024 else (20, 100))  # fmt: skip
    return network_values(normalise(pd.DataFrame(rows)))


def as_json(values, internal: bool) -> dict:
    publish = None if internal else DisclosureSettings()
    comparison = compare(values, "WRES2", publish=publish)
    extra = evidence(values, comparison, pool=3, shrunk=True, publish=publish)
    out = comparison_json(comparison, internal=internal, evidence=extra)
    return {o["organisation"]: o for o in out["organisations"]} | {"summary": out["summary"]}


def test_hidden_trusts_show_no_pooled_or_shrunken_figure(values):
    shared = as_json(values, internal=False)
    for org in ("Now tiny", "Once tiny"):
        row = shared[org]
        assert row["pooled_value"] is None and row["pooled_ci"] is None, org
    assert shared["Now tiny"]["shrunk_value"] is None  # hidden this year: no shrunk value
    assert shared["Now tiny"]["years_above_95"] is None
    # Mid is published: White 180/600, BME 90/600 -> 2.00 to two decimals
    assert shared["Mid"]["pooled_value"] == 2.0
    assert shared["Mid"]["pooled_years"] == [2023, 2024, 2025]
    assert shared["summary"]["national_source"] == LOADED


def test_internal_output_has_them_all(values):
    inside = as_json(values, internal=True)
    # Once tiny: White 61/203, BME 41/203 -> 61/41
    assert inside["Once tiny"]["pooled_value"] == pytest.approx(61 / 41, abs=1e-4)
    assert inside["Now tiny"]["shrunk_value"] is not None
    assert inside["summary"]["pooled_summary"]["trusts"] == 5
