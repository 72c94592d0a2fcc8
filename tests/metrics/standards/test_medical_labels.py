"""Medical grades, leadership roles and places of qualification read from their many spellings.

Each expected group is the one NHS medical staffing uses for that grade or title, worked out by
hand from the grade's name, not taken from the code."""

import pytest

from metrics.standards.medical_labels import (
    CONSULTANT,
    LOCALLY_EMPLOYED,
    NO_ROLE,
    OTHER_ROLE,
    SAS,
    TRAINING,
    grade_group,
    leadership_role,
    qualification_region,
)


@pytest.mark.parametrize(
    ("label", "group"),
    [
        ("Consultant", CONSULTANT),
        ("CONSULTANT", CONSULTANT),
        ("Locum Consultant", CONSULTANT),
        ("Medical Consultant (MC01)", CONSULTANT),
        ("Honorary consultant", CONSULTANT),
        ("Specialty Doctor", SAS),
        ("Speciality doctor", SAS),
        ("Associate Specialist", SAS),
        ("Specialist", SAS),
        ("Specialist Grade", SAS),
        ("Staff Grade", SAS),
        ("SAS", SAS),
        ("Non-consultant career grade", SAS),  # contains "consultant", but is not one
        ("Foundation Year 1", TRAINING),
        ("FY1", TRAINING),
        ("F2", TRAINING),
        ("Foundation doctor", TRAINING),
        ("Core Trainee", TRAINING),
        ("CT2", TRAINING),
        ("ct 3", TRAINING),
        ("Specialty Registrar", TRAINING),
        ("Specialty Registrar (StR) ST3", TRAINING),
        ("StR", TRAINING),
        ("ST1", TRAINING),
        ("ST 8", TRAINING),
        ("GP Trainee", TRAINING),
        ("GPST2", TRAINING),
        ("Senior House Officer", TRAINING),
        ("Academic Clinical Fellow", TRAINING),  # a national training post
        ("Trust Grade", LOCALLY_EMPLOYED),
        ("Trust grade registrar", LOCALLY_EMPLOYED),  # not in training, whatever the title says
        ("Clinical Fellow", LOCALLY_EMPLOYED),
        ("Teaching Fellow", LOCALLY_EMPLOYED),
        ("LED", LOCALLY_EMPLOYED),
        ("Locally Employed Doctor", LOCALLY_EMPLOYED),
        ("Trainee grade", TRAINING),  # the canonical bands read as their group
        ("Other medical", LOCALLY_EMPLOYED),
    ],
)
def test_grade_groups(label, group):
    assert grade_group(label) == group


@pytest.mark.parametrize("label", ["", None, "   ", "Band 5", "ST9", "CT4", "nan"])
def test_grades_not_recognised_are_none(label):
    # ST runs 1-8 and CT 1-3: ST9 and CT4 are not grades, and are not guessed
    assert grade_group(label) is None


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Medical Director", "Medical director"),
        ("Executive Medical Director", "Medical director"),
        ("Chief Medical Officer", "Medical director"),
        ("CMO", "Medical director"),
        ("Deputy Medical Director", "Deputy or associate medical director"),
        ("Associate Medical Director - Workforce", "Deputy or associate medical director"),
        ("Deputy Chief Medical Officer", "Deputy or associate medical director"),
        ("Divisional Director (Medicine)", "Divisional or care group director"),
        ("Divisional Medical Director", "Divisional or care group director"),
        ("Divisional Clinical Director", "Divisional or care group director"),
        ("Care Group Director", "Divisional or care group director"),
        ("Clinical Director", "Clinical director"),
        ("Clinical Director - Surgery", "Clinical director"),
        ("clinical-director, ENT", "Clinical director"),
        ("Clinical Lead for Stroke", "Clinical lead"),
        ("Lead Clinician", "Clinical lead"),
        ("Consultant Cardiologist", OTHER_ROLE),
        ("Director of Medical Education", OTHER_ROLE),  # not on the list of leadership roles
        ("", NO_ROLE),
        (None, NO_ROLE),
    ],
)
def test_leadership_roles(title, role):
    assert leadership_role(title) == role


@pytest.mark.parametrize(
    ("value", "region"),
    [
        ("United Kingdom", "UK"),
        ("uk", "UK"),
        ("GB", "UK"),
        ("GBR", "UK"),
        ("Scotland", "UK"),
        ("Northern Ireland", "UK"),
        ("Ireland", "EEA"),  # the Republic of Ireland is in the EEA
        ("Republic of Ireland", "EEA"),
        ("Germany", "EEA"),
        ("DE", "EEA"),
        ("POL", "EEA"),
        ("Norway", "EEA"),
        ("Switzerland", "EEA"),  # counted with the EEA for GMC registration
        ("EEA", "EEA"),
        ("India", "International"),
        ("IND", "International"),
        ("pk", "International"),
        ("Nigeria", "International"),
        ("Egypt", "International"),
        ("United States of America", "International"),
        ("IMG", "International"),
        ("International", "International"),
        ("", "Unknown"),
        (None, "Unknown"),
        ("Not known", "Unknown"),
    ],
)
def test_qualification_regions(value, region):
    assert qualification_region(value) == region


def test_an_unrecognised_place_is_not_guessed():
    assert qualification_region("Atlantis") is None
