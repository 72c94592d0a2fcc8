"""One engine for every standard: `report(counts, standard=...)` gives the WRES exactly as `wres`
did, takes its words from the standard's file, and refuses what it cannot compute."""

import pandas as pd
import pytest

from dashboard.sample import SAMPLE_DIR
from metrics.counts.table import normalise
from metrics.problems import InputError
from metrics.standards.definitions import standard
from metrics.standards.indicators import KATZ, RATIOS, SURVEY, WresOptions, report, wres

COUNTS_FILE = SAMPLE_DIR / "trust" / "wres_counts.csv"


def _sample_counts() -> pd.DataFrame:
    from metrics.inputs.pipeline import Sources, load

    return load(Sources(counts=COUNTS_FILE)).counts


@pytest.mark.skipif(not COUNTS_FILE.exists(), reason="sample data missing")
@pytest.mark.parametrize(
    "unit", [None, {"staff_group": "Medical and Dental"}, {"band_group": "Bands 5-7"}]
)
def test_wres_is_the_generic_report_of_the_wres_standard(unit):
    counts = _sample_counts()
    options = WresOptions(rolling_disciplinary=True)
    by_name = wres(counts, unit=unit, options=options)
    generic = report(counts, standard="WRES", unit=unit, options=options)
    assert by_name == generic
    assert generic.standard == "WRES"
    assert list(generic.indicators) == [f"WRES{i}" for i in range(1, 10)]


def test_the_words_come_from_the_standard_file():
    spec = standard("WRES").indicator("WRES2")
    assert RATIOS["WRES2"].first == "White" and RATIOS["WRES2"].second == "BME"
    assert RATIOS["WRES2"].label == spec.wording
    assert SURVEY["WRES7"][2] is False  # higher is better: believing in equal opportunities
    assert KATZ.endswith("Unknown ethnicity is left out of both groups.")
    counts = normalise(pd.DataFrame([
        {"indicator": "WRES3", "group": "BME", "numerator": 10, "denominator": 200},
        {"indicator": "WRES3", "group": "White", "numerator": 20, "denominator": 800},
    ]))  # fmt: skip
    result = wres(counts).indicators["WRES3"]
    # BME 10/200 = 0.05 over White 20/800 = 0.025: 2.0, BME on top as the file says
    assert result.value == pytest.approx(2.0)
    assert result.method.startswith(standard("WRES").indicator("WRES3").method)


def test_an_unknown_standard_is_an_input_error():
    with pytest.raises(InputError) as caught:
        report(normalise(pd.DataFrame()), standard="RACE")
    assert 'no equality standard called "RACE"' in caught.value.problems[0].message


def test_several_organisations_name_the_standard_in_the_refusal():
    counts = normalise(pd.DataFrame([
        {"organisation": "A", "indicator": "WDES2", "group": "Disabled", "numerator": 1,
         "denominator": 2},
        {"organisation": "B", "indicator": "WDES2", "group": "Disabled", "numerator": 1,
         "denominator": 2},
    ]))  # fmt: skip
    with pytest.raises(InputError) as caught:
        report(counts, standard="WDES")
    assert "the WDES is computed for one at a time" in caught.value.problems[0].message
    assert report(counts, standard="WDES", organisation="b").organisation == "B"
