"""The standard files: what they hold, the survey question map drawn from them, and refusals of a
broken file that name the file and the field."""

import pytest

from metrics.problems import InputError
from metrics.standards.definitions import parse, standard, standards, survey_questions

WDES_IDS = ["WDES1", "WDES2", "WDES3", "WDES4a-i", "WDES4a-ii", "WDES4a-iii", "WDES4b", "WDES5",
            "WDES6", "WDES7", "WDES8", "WDES9a", "WDES10"]  # fmt: skip


def test_every_standard_has_its_header_and_indicators():
    assert list(standards()) == ["WRES", "WDES", "MEDICAL"]
    wres = standard("WRES")
    assert wres.ids == tuple(f"WRES{i}" for i in range(1, 10))
    assert wres.characteristic.focus == "BME" and wres.version and wres.source
    wdes = standard("wdes")  # case ignored
    assert list(wdes.ids) == WDES_IDS
    assert wdes.characteristic_name == "disability"


def test_which_group_is_on_top_of_each_ratio():
    wdes = standard("WDES")
    assert wdes.indicator("WDES2").top == "Non-disabled"  # non-disabled appointed / Disabled
    assert wdes.indicator("WDES3").top == "Disabled"  # Disabled entering capability / non-dis.
    assert wdes.indicator("WDES3").rolling and wdes.indicator("WDES3").input == "capability"
    assert standard("WRES").indicator("WRES3").top == "BME"
    assert standard("WRES").indicator("WRES2").top == "White"
    # directions: reported it (4b), equal opportunities (5) and valued (7) are better higher
    better_higher = {i.id for i in wdes.indicators if i.higher_is_worse is False}
    assert {"WDES4b", "WDES5", "WDES7", "WDES8", "WDES9a", "WDES10"} <= better_higher
    assert {"WDES4a-i", "WDES4a-ii", "WDES4a-iii", "WDES6"}.isdisjoint(better_higher)


def test_wdes1_clusters_map_the_bands():
    clusters = {c.name: c.bands for c in standard("WDES").clusters}
    assert list(clusters) == [f"Cluster {i}" for i in range(1, 8)]
    assert clusters["Cluster 1"] == ("Under Band 1", "Band 1", "Band 2", "Band 3", "Band 4")
    assert clusters["Cluster 4"] == ("Band 8c", "Band 8d", "Band 9", "VSM")
    assert clusters["Cluster 5"] == ("Consultant",)


def test_the_medical_view_is_wres2_to_8_for_medical_and_dental_staff():
    medical = standard("MEDICAL")
    assert medical.ids == tuple(f"WRES{i}" for i in range(2, 9))
    assert all(i.restrict == {"staff_group": "Medical and Dental"} for i in medical.indicators)
    assert standard("WRES").indicator("WRES2").restrict == {}


def test_survey_questions_keep_the_wres_map_and_add_the_wdes_one():
    wres_map = survey_questions("ethnicity")
    # the 60 rows the old CSV held: 10 survey years x (5, 6 three ways, 7, 8)
    assert len(wres_map) == 60
    assert wres_map[(2023, "q14a")] == "WRES5"
    assert wres_map[(2023, "q14bc")] == "WRES6"
    assert wres_map[(2019, "q15b")] == "WRES8"
    wdes_map = survey_questions("disability")
    # the same question number is another indicator for another characteristic
    assert wdes_map[(2023, "q14a")] == "WDES4a-i"
    assert wdes_map[(2023, "q14b")] == "WDES4a-ii"
    assert wdes_map[(2023, "q14c")] == "WDES4a-iii"
    assert wdes_map[(2023, "q15")] == "WDES5"
    assert "WDES9a" not in wdes_map.values()  # a theme score, not a question


def test_an_unknown_standard_is_refused_with_the_ones_there_are():
    with pytest.raises(InputError) as caught:
        standard("WXYZ")
    problem = caught.value.problems[0]
    assert 'no equality standard called "WXYZ"' in problem.message
    assert "WRES, WDES, MEDICAL" in problem.hint


GOOD = """
id = "TEST"
name = "A test standard"
version = "2024"
characteristic = "disability"
source = "tests"

[[indicators]]
id = "T2"
kind = "ratio"
input = "recruitment"
top = "Non-disabled"
wording = "Relative likelihood"
label = "Short"
"""


def test_a_good_file_parses():
    parsed = parse(GOOD, "TEST.toml")
    assert parsed.indicator("T2").top == "Non-disabled"


@pytest.mark.parametrize(
    ("change", "field_named"),
    [
        (('kind = "ratio"', 'kind = "histogram"'), '"kind" is "histogram"'),
        (('top = "Non-disabled"', 'top = "White"'), '"top" is "White", not a group of disability'),
        (('top = "Non-disabled"', ""), 'a ratio needs field "top"'),
        (('wording = "Relative likelihood"', ""), 'field "wording" is missing'),
        (('input = "recruitment"', 'input = "rota"'), '"input" is "rota"'),
        (('characteristic = "disability"', 'characteristic = "height"'), '"characteristic"'),
        (('id = "T2"', 'id = "T2"\nhigher_is_worse = "yes"'), '"higher_is_worse"'),
        (('source = "tests"', 'source = "tests"\n[[clusters]]\nname = "C1"\nbands = ["Band 99"]'),
         'cluster C1: field "bands" names Band 99'),
        (('version = "2024"', 'version = "2024'), "is not valid TOML"),
    ],
)  # fmt: skip
def test_a_broken_file_is_refused_naming_the_file_and_field(change, field_named):
    broken = GOOD.replace(*change)
    assert broken != GOOD
    with pytest.raises(InputError) as caught:
        parse(broken, "metrics/reference/standards/TEST.toml")
    problem = caught.value.problems[0]
    assert problem.file == "metrics/reference/standards/TEST.toml"
    assert field_named in problem.message
    assert problem.hint  # says how to fix it


def test_a_derived_standard_must_name_a_known_base_and_its_indicators():
    derived = GOOD.split("[[indicators]]")[0] + 'base = "WRES"\ninclude = ["WRES2", "WRES99"]\n'
    with pytest.raises(InputError) as caught:  # WRES is about ethnicity, this file disability
        parse(derived, "D.toml", {"WRES": standard("WRES")})
    assert "its base WRES is about ethnicity" in caught.value.problems[0].message
    derived = derived.replace('"disability"', '"ethnicity"')
    with pytest.raises(InputError) as caught:
        parse(derived, "D.toml", {"WRES": standard("WRES")})
    assert '"include" names WRES99' in caught.value.problems[0].message
    with pytest.raises(InputError) as caught:
        parse(derived, "D.toml", {})
    assert '"base" names "WRES"' in caught.value.problems[0].message
