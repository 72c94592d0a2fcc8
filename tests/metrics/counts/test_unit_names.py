"""The HR & OD directorate under the names trusts give it."""

import pytest

from metrics.counts.unit_names import hr_od_directorate, is_hr_od


@pytest.mark.parametrize(
    "name",
    ["People & OD", "Workforce & OD", "HR and OD", "Human Resources", "HUMAN RESOURCES",
     "People and Organisational Development", "people-and-od", " HR & OD "],
)  # fmt: skip
def test_names_for_hr_and_od(name):
    assert is_hr_od(name)


@pytest.mark.parametrize("name", ["Finance", "Medicine", "Corporate Nursing", "ODP Theatres"])
def test_other_directorates_are_not_hr_and_od(name):
    assert not is_hr_od(name)


def test_exact_hr_and_od_is_preferred_then_an_alias_then_none():
    assert hr_od_directorate(["Finance", "People & OD", "HR & OD"]) == "HR & OD"
    assert hr_od_directorate(["Finance", "People & OD"]) == "People & OD"
    assert hr_od_directorate(["Finance", "Medicine"]) is None
