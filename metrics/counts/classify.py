"""Turns the many spellings of ethnicity, band, staff group and yes/no into canonical values.

Each function classifies one distinct label; callers apply them to the distinct values of a
column (a categorical), so a national extract costs a few hundred look-ups, not millions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from metrics import reference as ref

UNKNOWN = "Unknown"
GROUPS = ("White", "BME", UNKNOWN)
GROUPS5 = ("White", "Mixed", "Asian or Asian British", "Black or Black British", "Other", UNKNOWN)

_CODE_PREFIX = re.compile(r"^\s*(99|[A-Za-z][A-Za-z0-9]?)(?:\s*[-:.)]\s*|\s+|$)(.*)$")


@dataclass(frozen=True)
class Ethnicity:
    code: str  # national code A..S, Z, 99; "" when blank or unrecognised
    group5: str
    wres_group: str
    recognised: bool  # False: a non-blank value we could not read (reported in data quality)


def _from_code(code: str) -> Ethnicity:
    cat = ref.ethnic_categories()[code]
    return Ethnicity(code=code, group5=cat.group5, wres_group=cat.wres_group, recognised=True)


def visible(value: object) -> str:
    """The text a person sees: format characters (a right-to-left mark, a zero-width space, a
    byte-order mark ...) dropped, compatibility forms folded (NFKC: full-width 'Ａ' is 'A', a
    no-break space a space) and the ends trimmed, so an invisible mark or a full-width letter
    cannot hide a code. Look-alikes from other scripts (Cyrillic 'А') are not folded: they are
    other letters, reported as unrecognised (see lookalikes)."""
    text = "" if value is None else str(value)
    if text.isascii():
        return text.strip()
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", text).strip()


def lookalikes(value: object) -> str:
    """Letters from another script in a value, in words ('the first letter is CYRILLIC CAPITAL
    LETTER A, not a Latin letter'); "" when every letter is Latin. Such a value looks right on
    screen but cannot match a code."""
    text = visible(value)
    for i, char in enumerate(text):
        if char.isalpha() and not char.isascii():
            name = unicodedata.name(char, "")
            if name and not name.startswith("LATIN"):
                where = "the first letter" if i == 0 else f"letter {i + 1}"
                return f"{where} is {name}, not a Latin letter, though it may look like one"
    return ""


def _from_group(group: str) -> Ethnicity:
    """A label that names only the White/BME/Unknown group: no national code, no 5-group."""
    return Ethnicity(
        code="", group5="White" if group == "White" else UNKNOWN, wres_group=group, recognised=True
    )


@cache
def ethnicity(value: object) -> Ethnicity:
    """Classify an ethnicity label: 'A White - British', 'CP', 'White British', 'Z Not Stated',
    or a plain local label ('White', 'BME', 'BAME')."""
    text = visible(value)
    if text.lower() in ("", "nan", "none", "<na>"):
        return Ethnicity(code="", group5=UNKNOWN, wres_group=UNKNOWN, recognised=True)
    label_code = ref.ethnicity_labels().get(ref.key(text))
    if label_code:
        return _from_code(label_code)
    group = ref.group_labels().get(ref.key(text))
    if group:
        return _from_group(group)
    m = _CODE_PREFIX.match(text)
    if m:
        token, rest = m.group(1), m.group(2)
        # A code is either the whole value or upper case followed by a label ("LH Asian Tamil").
        if token == "99":
            return _from_code("99")
        if not rest or token.isupper():
            first = token[0].upper()
            if first in ref.ethnic_categories():
                return _from_code(first)
    return Ethnicity(code="", group5=UNKNOWN, wres_group=UNKNOWN, recognised=False)


def ethnicity_in(value: object, labels: Mapping[str, str]) -> Ethnicity:
    """Like ethnicity(), with the organisation's own label map first: {label: White|BME|Unknown}.

    The map's labels are compared as ref.key() forms (see label_map); call once per distinct label."""
    if labels:
        group = labels.get(ref.key(visible(value)))
        if group:
            return _from_group(group)
    return ethnicity(value)


def label_map(labels: Mapping[str, str] | None) -> dict[str, str]:
    """A user's {raw label: group} in the form ethnicity_in() looks labels up in; groups other than
    White, BME and Unknown are dropped (a map is data a person typed)."""
    return {
        ref.key(visible(label)): group
        for label, group in (labels or {}).items()
        if group in GROUPS and ref.key(visible(label))
    }


@cache
def wres_group_label(value: object) -> str | None:
    """Read an aggregate group label (White, BME, BAME, 'Ethnic minority', Unknown); None if unreadable."""
    text = ref.key(visible(value))
    if text in ref.group_labels():
        return ref.group_labels()[text]
    eth = ethnicity(value)
    if eth.recognised and eth.code:
        return eth.wres_group
    return None


_BAND_DROP = re.compile(r"\b(band|afc|agenda|for|change|pay|range|nhs|grade)\b")


def _band_key(text: str) -> str:
    return ref.compact(_BAND_DROP.sub(" ", text.lower()))


@cache
def band(value: object) -> str | None:
    """Canonical band for a pay band or medical grade label; None when it cannot be read."""
    text = visible(value)
    if not text or text.lower() in ("nan", "none", "<na>"):
        return None
    k = _band_key(text)
    if not k:
        return None
    for variant, how, canonical in ref.band_variants():
        if (
            (how == "exact" and k == variant)
            or (how == "prefix" and k.startswith(variant))
            or (how == "regex" and re.fullmatch(variant, k))
        ):
            return canonical
    return None


@cache
def staff_group(value: object) -> ref.StaffGroup | None:
    text = ref.compact(visible(value).replace("&", " and "))
    if not text:
        return None
    groups = ref.staff_groups()
    if text in groups:
        return groups[text]
    for k, group in groups.items():
        if text.startswith(k):
            return group
    return None


@cache
def flag(value: object) -> bool | None:
    """Read a yes/no value; blank is no; None when it cannot be read."""
    text = visible(value).lower()
    if text in ("", "nan", "none", "<na>"):
        return False
    return ref.flag_values().get(text)


def is_bank(assignment_category: object) -> bool:
    return "bank" in str(assignment_category).lower()
