"""Finding the HR & OD directorate under the names trusts give it.

The #InclusiveHR challenge starts with the HR & OD directorate's own data, but trusts call it
"People & OD", "Workforce & OD", "Human Resources" and so on. The names are reference data
(reference/hr_od_names.csv).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from metrics import reference as ref

HR_OD = "HR & OD"


def _fold(name: object) -> str:
    return ref.key(str(name).replace("&", " and "))


@cache
def _names() -> frozenset[str]:
    return frozenset(_fold(r["name"]) for r in ref._rows("hr_od_names.csv"))


def is_hr_od(name: object) -> bool:
    return _fold(name) in _names()


def hr_od_directorate(directorates: Iterable[str]) -> str | None:
    """The directorate that is HR & OD: "HR & OD" itself if present (any case), else the first
    name in the list that trusts use for it, else None."""
    names = list(directorates)
    exact = next((n for n in names if _fold(n) == _fold(HR_OD)), None)
    return exact or next((n for n in names if is_hr_od(n)), None)
