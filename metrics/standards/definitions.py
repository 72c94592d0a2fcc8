"""A standard (WRES, WDES, the medical view) as data: its indicators read from one versioned TOML
file each under metrics/reference/standards/, checked on load so a broken file is refused with a
message naming the file and the field rather than giving wrong figures later."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Literal

from metrics.counts.characteristics import Characteristic, characteristic, characteristics
from metrics.problems import InputError, Problem

Kind = Literal["representation", "ratio", "survey_gap", "survey_share", "score_gap", "board"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
INPUTS = ("staff", "recruitment", "disciplinary", "training", "capability", "board", "survey")
FOLDER = "standards"


@dataclass(frozen=True)
class Cluster:
    """A band cluster of a representation indicator (WDES1's Cluster 1 ...): bands of bands.csv."""

    name: str
    description: str
    bands: tuple[str, ...]


@dataclass(frozen=True)
class SurveyQuestions:
    years: tuple[int, ...]
    numbers: tuple[str, ...]
    confirmed: bool = True


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: what it measures, how it is computed and which way is worse."""

    id: str
    kind: Kind
    input: str
    wording: str  # the official wording
    label: str  # short label for tables
    worse_when: str = ""  # which way is worse for the focus group, in words for the pages
    method: str = ""
    by: str = "band"  # representation: "band" or "cluster"
    top: str | None = None  # ratio: the group on top
    group: str | None = None  # survey_share: the one group reported
    higher_is_worse: bool | None = None
    subject: str = "staff"  # ratio: "applicants" / "staff"
    event: str = ""  # ratio: "be appointed from shortlisting"
    done: str = ""  # ratio: the event in the past tense
    statement: str = ""  # survey: what a yes means
    rolling: bool = False  # the two-year rolling option applies
    questions: tuple[SurveyQuestions, ...] = ()
    restrict: dict[str, str] = field(default_factory=dict)  # counts column -> value kept


@dataclass(frozen=True)
class Standard:
    id: str
    name: str
    version: str
    characteristic_name: str
    source: str
    indicators: tuple[IndicatorSpec, ...]
    clusters: tuple[Cluster, ...] = ()

    @property
    def characteristic(self) -> Characteristic:
        return characteristic(self.characteristic_name)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)

    def indicator(self, id: str) -> IndicatorSpec:
        for spec in self.indicators:
            if spec.id == id:
                return spec
        raise KeyError(f"{self.id} has no indicator {id!r}; it has {', '.join(self.ids)}")

    def other(self, group: str) -> str:
        """The group a ratio or gap compares `group` with (the focus's reference and back)."""
        char = self.characteristic
        return char.reference if group == char.focus else char.focus


def _refuse(path: str, where: str, message: str, hint: str) -> InputError:
    return InputError(
        Problem(severity="error", file=path, message=f"{where}: {message}", hint=hint)
    )


def _text(raw: dict, key: str, path: str, where: str, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _refuse(path, where, f'field "{key}" is missing or not text',
                      f'Give "{key}" as a quoted text value.')  # fmt: skip
    return value


def _questions(raw: object, path: str, where: str) -> tuple[SurveyQuestions, ...]:
    out = []
    for i, item in enumerate(raw or []):
        spot = f"{where}, questions[{i}]"
        if not isinstance(item, dict) or not item.get("years") or not item.get("numbers"):
            raise _refuse(path, spot, 'each entry needs "years" and "numbers"',
                          'Write { years = [2023], numbers = ["q14a"] }.')  # fmt: skip
        if not all(isinstance(y, int) for y in item["years"]):
            raise _refuse(path, spot, 'field "years" must list whole years',
                          "Write survey years as numbers, e.g. years = [2022, 2023].")  # fmt: skip
        out.append(SurveyQuestions(tuple(item["years"]), tuple(str(n) for n in item["numbers"]),
                                   bool(item.get("confirmed", True))))  # fmt: skip
    return tuple(out)


def _indicator(raw: dict, char: Characteristic, path: str, restrict: dict) -> IndicatorSpec:
    where = f"indicator {raw.get('id', '?')}"
    ident = _text(raw, "id", path, "an indicator")
    kind = _text(raw, "kind", path, where)
    if kind not in KINDS:
        raise _refuse(path, where, f'field "kind" is "{kind}", which is not a kind of indicator',
                      "Kinds: " + ", ".join(KINDS) + ".")  # fmt: skip
    source = _text(raw, "input", path, where)
    if source not in INPUTS:
        raise _refuse(path, where, f'field "input" is "{source}", which is not an input kind',
                      "Input kinds: " + ", ".join(INPUTS) + ".")  # fmt: skip
    named = [g for g in char.groups if g != char.unknown]
    for key in ("top", "group"):
        value = raw.get(key)
        if value is not None and value not in named:
            raise _refuse(path, where, f'field "{key}" is "{value}", not a group of '
                          f"{char.label}", "Groups: " + ", ".join(named) + ".")  # fmt: skip
    if kind == "ratio" and raw.get("top") is None:
        raise _refuse(path, where, 'a ratio needs field "top" (the group on top)',
                      "Groups: " + ", ".join(named) + ".")  # fmt: skip
    if kind == "survey_share" and raw.get("group") is None:
        raise _refuse(path, where, 'a survey_share needs field "group" (the group reported)',
                      "Groups: " + ", ".join(named) + ".")  # fmt: skip
    by = raw.get("by", "band")
    if by not in ("band", "cluster"):
        raise _refuse(path, where, f'field "by" is "{by}"', 'Use "band" or "cluster".')
    worse = raw.get("higher_is_worse")
    if worse is not None and not isinstance(worse, bool):
        raise _refuse(path, where, 'field "higher_is_worse" must be true or false',
                      "Write higher_is_worse = true or false, without quotes.")  # fmt: skip
    return IndicatorSpec(
        id=ident,
        kind=kind,  # type: ignore[arg-type]
        input=source,
        wording=_text(raw, "wording", path, where),
        label=_text(raw, "label", path, where),
        worse_when=_text(raw, "worse_when", path, where, required=False),
        method=_text(raw, "method", path, where, required=False),
        by=by,
        top=raw.get("top"),
        group=raw.get("group"),
        higher_is_worse=worse,
        subject=raw.get("subject", "staff"),
        event=raw.get("event", ""),
        done=raw.get("done", ""),
        statement=raw.get("statement", ""),
        rolling=bool(raw.get("rolling", False)),
        questions=_questions(raw.get("questions"), path, where),
        restrict=dict(raw.get("restrict", restrict)),
    )


def parse(text: str, path: str, known: dict[str, Standard] | None = None) -> Standard:
    """A standard from the text of its file; `known` holds the standards a `base` can name."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _refuse(path, "the file", f"is not valid TOML ({exc})",
                      "Fix the syntax at the line and column given.") from None  # fmt: skip
    where = "the header"
    ident = _text(raw, "id", path, where)
    char_name = _text(raw, "characteristic", path, where)
    if char_name not in characteristics():
        raise _refuse(path, where, f'field "characteristic" is "{char_name}", which is not known',
                      "Characteristics: " + ", ".join(characteristics()) + ".")  # fmt: skip
    char = characteristic(char_name)
    restrict = raw.get("restrict", {})
    if not isinstance(restrict, dict):
        raise _refuse(path, where, 'field "restrict" must be a table',
                      'Write restrict = { staff_group = "Medical and Dental" }.')  # fmt: skip
    if "base" in raw:
        base = (known or {}).get(raw["base"])
        if base is None:
            raise _refuse(path, where, f'field "base" names "{raw["base"]}", not a standard read '
                          "before this one", "Name WRES or WDES.")  # fmt: skip
        if base.characteristic_name != char_name:
            raise _refuse(path, where, f'field "characteristic" is "{char_name}" but its base '
                          f"{base.id} is about {base.characteristic_name}",
                          "A standard built on another reports the same characteristic.")  # fmt: skip
        wanted = raw.get("include", list(base.ids))
        missing = [i for i in wanted if i not in base.ids]
        if missing:
            raise _refuse(path, where, f'field "include" names {", ".join(missing)}, not in '
                          f"{base.id}", "Indicators: " + ", ".join(base.ids) + ".")  # fmt: skip
        indicators = tuple(replace(base.indicator(i), restrict=dict(restrict)) for i in wanted)
    else:
        items = raw.get("indicators")
        if not isinstance(items, list) or not items:
            raise _refuse(path, where, "no [[indicators]] in the file",
                          "List each indicator under an [[indicators]] heading.")  # fmt: skip
        indicators = tuple(_indicator(item, char, path, restrict) for item in items)
    ids = [i.id for i in indicators]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise _refuse(path, where, f"indicator {', '.join(repeated)} is listed twice",
                      "Give each indicator once.")  # fmt: skip
    clusters = tuple(
        Cluster(_text(c, "name", path, "a cluster"), c.get("description", ""),
                tuple(c.get("bands", ())))
        for c in raw.get("clusters", [])
    )  # fmt: skip
    _check_clusters(clusters, indicators, path)
    return Standard(
        id=ident,
        name=_text(raw, "name", path, where),
        version=str(raw.get("version") or _text(raw, "version", path, where)),
        characteristic_name=char_name,
        source=_text(raw, "source", path, where),
        indicators=indicators,
        clusters=clusters,
    )


def _check_clusters(clusters: tuple[Cluster, ...], indicators, path: str) -> None:
    from metrics import reference as ref

    if any(i.kind == "representation" and i.by == "cluster" for i in indicators) and not clusters:
        raise _refuse(path, "the clusters", 'an indicator is by "cluster" but no [[clusters]]',
                      "List the clusters and their bands.")  # fmt: skip
    known = ref.bands()
    for cluster in clusters:
        unknown = [b for b in cluster.bands if b not in known]
        if unknown or not cluster.bands:
            raise _refuse(path, f"cluster {cluster.name}", 'field "bands" names '
                          + (", ".join(unknown) if unknown else "no band"),
                          "Bands: " + ", ".join(known) + ".")  # fmt: skip


ORDER = ("WRES", "WDES", "MEDICAL")


@cache
def standards() -> dict[str, Standard]:
    """Every standard, by id, in the order pages list them."""
    folder = resources.files("metrics.reference").joinpath(FOLDER)
    out: dict[str, Standard] = {}
    names = sorted((f.name for f in folder.iterdir() if f.name.endswith(".toml")),
                   key=lambda n: (ORDER.index(n[:-5]) if n[:-5] in ORDER else len(ORDER), n))  # fmt: skip
    for name in names:
        path = f"metrics/reference/{FOLDER}/{name}"
        found = parse(folder.joinpath(name).read_text(encoding="utf-8"), path, out)
        out[found.id] = found
    return out


def standard(id: str) -> Standard:
    """One standard by its id ("WRES", "WDES", "MEDICAL"), case ignored."""
    found = {k.lower(): v for k, v in standards().items()}.get(str(id).strip().lower())
    if found is None:
        raise InputError(
            Problem(
                severity="error",
                message=f'no equality standard called "{id}"',
                hint="Standards: " + ", ".join(standards()) + ".",
            )
        )
    return found


def survey_questions(characteristic_name: str) -> dict[tuple[int, str], str]:
    """{(survey year, question number): indicator} over every standard of a characteristic.

    A question number means different indicators for different characteristics (Q14a is WRES5 for
    ethnicity and WDES4a-i for disability), so the map is per characteristic."""
    from metrics.reference import compact

    out: dict[tuple[int, str], str] = {}
    for std in standards().values():
        if std.characteristic_name != characteristic_name:
            continue
        for spec in std.indicators:
            for entry in spec.questions:
                for year in entry.years:
                    for number in entry.numbers:
                        out.setdefault((year, compact(number)), spec.id)
    return out
