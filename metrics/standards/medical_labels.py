"""Reads a doctor's grade, leadership role and place of primary medical qualification into the
groups the medical workforce view reports, from the rules in metrics/reference/.

The rules are data (medical_grades.csv, leadership_roles.csv, qualification_regions.csv) because
trusts spell grades and titles in many ways; each function reads one distinct label and is cached,
so a column costs one look-up per distinct value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from metrics import reference as ref
from metrics.counts.classify import visible

CONSULTANT = "Consultant"
SAS = "Specialty and associate specialist"
TRAINING = "Doctors in training"
LOCALLY_EMPLOYED = "Locally employed doctors"
OTHER_GRADE = "Other or not recorded"
GRADES = (CONSULTANT, SAS, TRAINING, LOCALLY_EMPLOYED, OTHER_GRADE)
"""The grade groups in reporting order; OTHER_GRADE holds blank and unrecognised grades."""

ROLES = (
    "Medical director",
    "Deputy or associate medical director",
    "Divisional or care group director",
    "Clinical director",
    "Clinical lead",
)
OTHER_ROLE = "Other"  # a title naming no leadership role (most doctors)
NO_ROLE = "Not recorded"  # a blank title
ALL_ROLES = (*ROLES, OTHER_ROLE, NO_ROLE)

UK, EEA, INTERNATIONAL, UNKNOWN_REGION = "UK", "EEA", "International", "Unknown"
REGIONS = (UK, EEA, INTERNATIONAL, UNKNOWN_REGION)

_BLANK = ("", "nan", "none", "<na>", "na", "n a")


@dataclass(frozen=True)
class Rule:
    variant: str
    match: str  # exact | prefix | contains | regex
    value: str

    def matches(self, key: str) -> bool:
        if self.match == "exact":
            return key == self.variant
        if self.match == "prefix":
            return key.startswith(self.variant)
        if self.match == "contains":
            return self.variant in key
        return re.fullmatch(self.variant, key) is not None


@cache
def _rules(name: str, column: str) -> tuple[Rule, ...]:
    return tuple(Rule(r["variant"], r["match"], r[column]) for r in ref._rows(name))


def _first(rules: tuple[Rule, ...], value: object) -> str | None:
    key = ref.compact(visible(value))
    if not key:
        return None
    return next((rule.value for rule in rules if rule.matches(key)), None)


def _blank(value: object) -> bool:
    return value is None or ref.key(visible(value)) in _BLANK


@cache
def grade_group(value: object) -> str | None:
    """The grade group of a grade label ('FY1', 'Specialty Registrar (StR) ST3', 'Trust grade');
    None when blank or not recognised (reported under OTHER_GRADE)."""
    if _blank(value):
        return None
    return _first(_rules("medical_grades.csv", "grade"), value)


@cache
def leadership_role(value: object) -> str:
    """The leadership role a role or position title names; OTHER_ROLE when it names none,
    NO_ROLE when blank."""
    if _blank(value):
        return NO_ROLE
    return _first(_rules("leadership_roles.csv", "role"), value) or OTHER_ROLE


@cache
def _regions() -> dict[str, str]:
    return {ref.key(r["value"]): r["region"] for r in ref._rows("qualification_regions.csv")}


def qualification_region(value: object) -> str | None:
    """UK, EEA, International or Unknown for a country, ISO code or region name; None when a
    non-blank value is not recognised (it counts as Unknown and is reported, never guessed)."""
    if _blank(value):
        return UNKNOWN_REGION
    return _regions().get(ref.key(visible(value)))
