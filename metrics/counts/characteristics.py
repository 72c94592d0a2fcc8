"""A characteristic (ethnicity, disability, sex) as data: its groups, focus, reference and unknown
group, and how a raw value is read, from metrics/reference/characteristics.toml.

Callers classify the distinct values of a column, so reading is cached per distinct label."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from metrics import reference as ref
from metrics.counts import classify


@dataclass(frozen=True)
class Reading:
    group: str
    recognised: bool  # False: a non-blank value matching no label (counted as unknown, reported)


@dataclass(frozen=True, eq=False)  # one instance per characteristic: hashed by identity
class Characteristic:
    name: str
    label: str
    column: str
    groups: tuple[str, ...]
    focus: str
    reference: str
    unknown: str
    people: dict[str, str] = field(default_factory=dict)  # group -> plain words ("Disabled staff")
    labels: dict[str, str] = field(default_factory=dict)  # ref.key(label) -> group

    def read(self, value: object) -> Reading:
        """The group a raw value (a cell of the staff file) belongs to."""
        return _read(self, value)

    def group(self, value: object) -> str:
        return _read(self, value).group

    def group_label(self, value: object) -> str | None:
        """An aggregate group label (in a return or survey table): one of the groups, or None."""
        text = ref.key(classify.visible(value))
        for group in self.groups:
            if text == ref.key(group):
                return group
        if self.name == "ethnicity":
            return classify.wres_group_label(value)
        found = self.labels.get(text)
        return found if found is not None and text else None

    def who(self, group: str) -> str:
        return self.people.get(group, f"{group} staff")


@cache
def _read(characteristic: Characteristic, value: object) -> Reading:
    if characteristic.name == "ethnicity":
        eth = classify.ethnicity(value)
        return Reading(eth.wres_group, eth.recognised)
    text = ref.key(classify.visible(value))
    if text in ("", "nan", "none", "na"):
        return Reading(characteristic.unknown, True)
    for group in characteristic.groups:
        if text == ref.key(group):
            return Reading(group, True)
    found = characteristic.labels.get(text)
    if found is not None:
        return Reading(found, True)
    return Reading(characteristic.unknown, False)


@cache
def characteristics() -> dict[str, Characteristic]:
    raw = tomllib.loads(
        resources.files("metrics.reference")
        .joinpath("characteristics.toml")
        .read_text(encoding="utf-8")
    )
    out = {}
    for name, spec in raw.items():
        labels = {
            ref.key(label): group
            for group, values in spec.get("labels", {}).items()
            for label in values
        }
        out[name] = Characteristic(
            name=name,
            label=spec["label"],
            column=spec["column"],
            groups=tuple(spec["groups"]),
            focus=spec["focus"],
            reference=spec["reference"],
            unknown=spec["unknown"],
            people=dict(spec.get("people", {})),
            labels=labels,
        )
    return out


def characteristic(name: str) -> Characteristic:
    try:
        return characteristics()[name]
    except KeyError:
        raise KeyError(
            f"no characteristic {name!r}; known: {', '.join(characteristics())}"
        ) from None


def of_group(group: str) -> Characteristic | None:
    """The characteristic a canonical group name belongs to ("Disabled" -> disability); Unknown is
    shared, so it gives None."""
    for item in characteristics().values():
        if group in item.groups and group != item.unknown:
            return item
    return None
