"""Loads the versioned reference files under metrics/reference/ once per process."""

from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _folded(text: object) -> str:
    """Full-width and other compatibility forms as plain letters ('Ｂａｎｄ' is 'Band')."""
    text = str(text)
    return text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).lower()


def key(text: object) -> str:
    """The form labels are compared in: lower case, punctuation and spacing folded to single spaces."""
    return _NON_ALNUM.sub(" ", _folded(text)).strip()


def compact(text: object) -> str:
    """Like key() with no spaces at all: 'Ethnic_Origin ' and 'ethnic origin' both give 'ethnicorigin'."""
    return _NON_ALNUM.sub("", _folded(text))


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("metrics.reference").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool
    recommended: bool
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class KindSpec:
    name: str
    label: str
    sheet_aliases: tuple[str, ...]
    one_of: tuple[tuple[str, ...], ...]
    fields: dict[str, FieldSpec]
    indicators: tuple[str, ...] = ()  # the WRES indicators this kind of file gives figures for

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields.values() if f.required]


@cache
def kinds() -> dict[str, KindSpec]:
    raw = tomllib.loads(
        resources.files("metrics.reference").joinpath("fields.toml").read_text(encoding="utf-8")
    )
    out: dict[str, KindSpec] = {}
    for kind, spec in raw.items():
        fields = {
            name: FieldSpec(
                name=name,
                type=f["type"],
                required=bool(f.get("required", False)),
                recommended=bool(f.get("recommended", False)),
                aliases=tuple(f["aliases"]),
            )
            for name, f in spec["fields"].items()
        }
        out[kind] = KindSpec(
            name=kind,
            label=spec["label"],
            sheet_aliases=tuple(spec["sheet_aliases"]),
            one_of=tuple(tuple(group) for group in spec.get("one_of", [])),
            fields=fields,
            indicators=tuple(spec.get("indicators", ())),
        )
    return out


KIND_NAMES = ("staff", "recruitment", "disciplinary", "training", "board", "survey", "counts")


@dataclass(frozen=True)
class EthnicCategory:
    code: str
    label: str
    group5: str
    wres_group: str


@cache
def ethnic_categories() -> dict[str, EthnicCategory]:
    return {r["code"]: EthnicCategory(**r) for r in _rows("ethnic_categories.csv")}


@cache
def ethnicity_labels() -> dict[str, str]:
    return {key(r["label"]): r["code"] for r in _rows("ethnicity_labels.csv")}


@cache
def group_labels() -> dict[str, str]:
    return {key(r["label"]): r["group"] for r in _rows("group_labels.csv")}


@dataclass(frozen=True)
class Band:
    band: str
    kind: str  # afc | medical | other
    cluster: str
    order: int


@cache
def bands() -> dict[str, Band]:
    return {
        r["band"]: Band(band=r["band"], kind=r["kind"], cluster=r["cluster"], order=i)
        for i, r in enumerate(_rows("bands.csv"))
    }


@cache
def band_variants() -> list[tuple[str, str, str]]:
    return [(r["variant"], r["match"], r["band"]) for r in _rows("band_variants.csv")]


@dataclass(frozen=True)
class StaffGroup:
    label: str
    clinical: bool
    medical: bool


@cache
def staff_groups() -> dict[str, StaffGroup]:
    return {
        compact(r["staff_group"]): StaffGroup(
            label=r["staff_group"], clinical=r["clinical"] == "true", medical=r["medical"] == "true"
        )
        for r in _rows("staff_groups.csv")
    }


@cache
def flag_values() -> dict[str, bool]:
    return {r["value"].strip().lower(): r["flag"] == "true" for r in _rows("flags.csv")}


@cache
def identifier_fields() -> frozenset[str]:
    """Fields that identify a person or record (employee number ...): kept as plain text."""
    return frozenset(
        name for spec in kinds().values() for name, f in spec.fields.items() if f.type == "id"
    )
