"""compare's JSON when a trust's pool rests on a withheld count: ``pooled_value`` null and
``pooled_range`` [low, high], as published (rounded outwards: ratios to two decimals, gaps to
the step their size allows) and internal; a trust with a hidden year (1-7 people) in its pool shows no range either."""

from __future__ import annotations

import pytest

from dashboard.compare_render import comparison_json
from metrics.compare.censored import with_ranges
from metrics.compare.evidence import evidence
from metrics.compare.inputs import load_network
from metrics.compare.network import compare
from metrics.compare.values import network_values
from metrics.disclosure.control import DisclosureSettings

HEADER = "Organisation,Year,Indicator,Group,Numerator,Denominator\n"
RETURNS = (
    # R (WRES2, White on top): 2024 White 30 of 100, BME 10 of 100; 2025 White 20 of 80, BME
    # "<5" of 40. Pooled White 50 of 180 = 0.277778; BME 10+x of 140, x in 0..4:
    # x = 4: 0.277778 / 0.1 = 2.777778; x = 0: 0.277778 / 0.071429 = 3.888889
    "R,2024,WRES2,White,30,100\nR,2024,WRES2,BME,10,100\n"
    "R,2025,WRES2,White,20,80\nR,2025,WRES2,BME,<5,40\n"
    # Tiny: 2024 has 5 people, so as published its pooled figure (a range too) is hidden
    "Tiny,2024,WRES2,White,2,3\nTiny,2024,WRES2,BME,1,2\n"
    "Tiny,2025,WRES2,White,20,80\nTiny,2025,WRES2,BME,<5,40\n"
    "E,2024,WRES2,White,30,100\nE,2024,WRES2,BME,20,100\n"
    "E,2025,WRES2,White,30,100\nE,2025,WRES2,BME,20,100\n"
)


@pytest.fixture(scope="module")
def values(tmp_path_factory):
    path = tmp_path_factory.mktemp("range") / "returns.csv"
    path.write_text(HEADER + RETURNS, encoding="utf-8")
    network = load_network([path])
    values = network_values(network.counts, keys=network.keys)
    return with_ranges(values, network.censored, network.counts)


def rows(values, internal: bool) -> dict:
    publish = None if internal else DisclosureSettings()
    result = compare(values, "WRES2", year=2025, publish=publish)
    extra = evidence(values, result, pool=3, publish=publish)
    payload = comparison_json(result, internal=internal, evidence=extra, notes=list(extra.notes))
    return {o["organisation"]: o for o in payload["organisations"]} | {"notes": payload["notes"]}


def test_published_pooled_range_to_two_decimals(values):
    found = rows(values, internal=False)
    assert found["R"]["pooled_value"] is None and found["R"]["pooled_ci"] is None
    # rounded outwards, so the range shown holds every value: 2.777778 -> 2.77, 3.888889 -> 3.89
    assert found["R"]["pooled_range"] == [2.77, 3.89]
    assert found["E"]["pooled_range"] is None and found["E"]["pooled_value"] == 1.5
    assert found["Tiny"]["pooled_range"] is None and found["Tiny"]["pooled_value"] is None
    (note,) = [n for n in found["notes"] if "values pooled over" in n]
    assert note.endswith(": R")  # the hidden trust is not named


def test_internal_pooled_range_unrounded(values):
    found = rows(values, internal=True)
    assert found["R"]["pooled_range"] == pytest.approx([2.777778, 3.888889], abs=1e-4)
    # Tiny internal: White 22 of 83; BME 1+x of 42: x = 4: (22/83)/(5/42) = 2.226506;
    # x = 0: (22/83)/(1/42) = 11.132530
    assert found["Tiny"]["pooled_range"] == pytest.approx([2.226506, 11.132530], abs=1e-4)


def test_a_survey_gap_range_as_published_is_whole_points(tmp_path):
    # WRES5 (BME % minus White %): 2024 BME 30 of 100, White 20 of 100; 2025 BME "<5" of 20,
    # White 40 of 150. Pooled BME 30+x of 120, White 60 of 250 = 24%:
    # x = 0: 25 - 24 = +1.0 point; x = 4: 28.33 - 24 = +4.33 points.
    path = tmp_path / "returns.csv"
    path.write_text(
        HEADER + "G,2024,WRES5,BME,30,100\nG,2024,WRES5,White,20,100\n"
        "G,2025,WRES5,BME,<5,20\nG,2025,WRES5,White,40,150\n"
        "F,2024,WRES5,BME,30,100\nF,2024,WRES5,White,20,100\n"
        "F,2025,WRES5,BME,30,100\nF,2025,WRES5,White,20,100\n",
        encoding="utf-8",
    )
    network = load_network([path])
    values = with_ranges(
        network_values(network.counts, keys=network.keys), network.censored, network.counts
    )
    result = compare(values, "WRES5", year=2025, publish=None)
    extra = evidence(values, result, pool=3)
    payload = comparison_json(result, internal=True, evidence=extra)
    g = next(o for o in payload["organisations"] if o["organisation"] == "G")
    assert g["pooled_range"] == pytest.approx([1.0, 13 / 3], abs=1e-3)
    published = comparison_json(
        compare(values, "WRES5", year=2025, publish=DisclosureSettings()),
        evidence=evidence(
            values,
            compare(values, "WRES5", year=2025, publish=DisclosureSettings()),
            pool=3,
            publish=DisclosureSettings(),
        ),
    )
    g = next(o for o in published["organisations"] if o["organisation"] == "G")
    # G's size this year (BME 20 + White 150 = 170) publishes points in steps of 5 (a step
    # of s points of 170 people spans 8.5 people at s = 5, at least the rounding base of 5;
    # s = 2 spans 3.4): +1.0 and +4.33 rounded outwards to steps of 5 are 0 and 5
    assert g["pooled_range"] == [0, 5]
