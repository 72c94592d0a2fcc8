import pytest

from metrics.counts.units import UnitChoice


def test_whole_organisation_round_trips():
    for key in (None, "", "  ", "whole"):
        assert UnitChoice.parse(key) == UnitChoice()
    assert UnitChoice().key == "whole"
    assert UnitChoice().as_filter() == {}


def test_named_unit_round_trips_with_colons_and_ampersands():
    unit = UnitChoice("directorate", "HR & OD: People")
    assert unit.key == "directorate:HR & OD: People"
    assert UnitChoice.parse(unit.key) == unit
    assert unit.as_filter() == {"directorate": "HR & OD: People"}
    assert unit.label == "HR & OD: People"


@pytest.mark.parametrize("key", ["directorate", "directorate:", "nonsense:HR", "whole:HR"])
def test_bad_keys_are_refused(key):
    with pytest.raises(ValueError):
        UnitChoice.parse(key)


def test_whole_has_no_name_and_others_need_one():
    with pytest.raises(ValueError):
        UnitChoice("whole", "HR")
    with pytest.raises(ValueError):
        UnitChoice("directorate")
