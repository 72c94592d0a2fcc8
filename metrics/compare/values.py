"""Every indicator for every organisation and year of a network, in one vectorised pass, for
each standard whose indicators are in the counts (the WRES; the WDES).

The same definitions as ``metrics.standards.indicators.wres`` (tests hold the two equal), computed from a
GROUP BY of the counts instead of one report per trust: a network of 250 trusts over 5 years is
1,250 reports, about 30 s one by one and a fraction of a second this way.

The network view adds two things the single-trust report does not have:
* ``WRES1-senior``: the BME share of bands 8c, 8d, 9 and VSM together (the "Band 8c-VSM" cluster
  of ``metrics/reference/bands.csv``), clinical and non-clinical, with a Wilson interval; its
  point of equality is the organisation's own overall BME share.
* an interval for WRES9: Wilson's for the board's BME share, minus the workforce share, which is
  a count of the whole workforce and carries no sampling error of its own.
WRES1 shares get Wilson intervals too, as comparing organisations treats each as one draw.

The code is generic over the characteristic: which group is on top of a ratio, whose share or
gap it is, and the words, come from ``metrics/reference/network_readings.toml`` and
``metrics/reference/characteristics.toml``. The WDES adds the same views (``WDES1-senior``,
Wilson intervals for WDES10) and WDES8, one group's survey percentage with no second group.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.compare.distinct import FIRST, distinct_rows
from metrics.counts.characteristics import characteristic
from metrics.problems import InputError, Problem
from metrics.standards.definitions import IndicatorSpec, Standard, standards
from metrics.standards.shared import ALL, WresOptions, no_variation_reason
from metrics.stats.intervals import newcombe_arrays, no_variation, wilson_arrays, z_value

if TYPE_CHECKING:
    from metrics.standards.results import Unit

Kind = Literal["share", "ratio", "gap", "survey_share", "score_gap", "board"]
SENIOR_CLUSTER = "Band 8c-VSM"
SENIOR = "-senior"
"""``WRES1-senior`` is ``WRES1`` restricted to the senior cluster; the same for ``WDES1``."""


Side = Literal["above", "below"]


@dataclass(frozen=True)
class NetworkIndicator:
    """What an indicator is in the network view.

    ``equality``: the value meaning no difference between groups (None for WRES1's overall
    share, which has none; for WRES1-senior it is each organisation's own overall share, so
    None here too and ``reference`` per row). ``worse``: the side of equality that is worse for
    BME staff, None where the figure is no judgement in itself (how diverse a workforce is
    depends on its area); ``direction`` says it in words. ``non_adverse``: NHS England's
    non-adverse range for a relative likelihood, named by ``non_adverse_source`` (a range, not
    a test). The words are data: ``metrics/reference/network_readings.toml``."""

    id: str
    label: str
    unit: Unit
    kind: Kind
    equality: float | None
    size_label: str  # what ``denominator`` counts
    worse: Side | None = None
    direction: str = ""
    non_adverse: tuple[float, float] | None = None
    non_adverse_source: str | None = None
    standard: str = "WRES"
    characteristic: str = "ethnicity"
    first: str = "BME"  # ratio: the group on top; gap: minus ``second``; else whose share
    second: str = "White"
    done: str = ""  # a ratio's event in the past tense, for "nobody in either group ..."

    @property
    def focus(self) -> str:
        """The group the indicator is about (BME, Disabled): its verdicts are in their terms."""
        return characteristic(self.characteristic).focus

    @property
    def focus_people(self) -> str:
        """The focus group in plain words: "BME staff", "Disabled staff"."""
        return characteristic(self.characteristic).who(self.focus)

    @property
    def base(self) -> str:
        """The counts indicator its rows come from (WRES1 for WRES1-senior)."""
        return self.id.removesuffix(SENIOR)

    @property
    def workforce(self) -> str:
        """The standard's workforce share indicator (WRES1, WDES1): a board's or a senior
        cluster's point of equality."""
        return f"{self.standard}1"

    @property
    def has_equality(self) -> bool:
        """Whether a value can lie above or below equality: not for a workforce share or a
        single group's survey percentage (only against the network)."""
        return self.equality is not None or self.id.endswith(SENIOR)

    @property
    def higher_is_better(self) -> bool | None:
        """For the focus group; None where the figure is no judgement in itself."""
        return None if self.worse is None else self.worse == "below"

    @property
    def rank_one(self) -> str:
        """What rank 1 (the highest value) means for the focus group on this indicator."""
        if self.worse is None:
            return "Rank 1 = the highest value, which is neither good nor bad in itself"
        side = "least" if self.worse == "above" else "most"
        return f"Rank 1 = the {side} favourable to {self.focus_people} (the highest value)"


def _readings() -> dict[str, dict]:
    text = resources.files("metrics.reference").joinpath("network_readings.toml")
    return tomllib.loads(text.read_text(encoding="utf-8"))


KINDS: dict[str, Kind] = {
    "representation": "share",
    "ratio": "ratio",
    "survey_gap": "gap",
    "survey_share": "survey_share",
    "score_gap": "score_gap",
    "board": "board",
}
"""A standard file's kind of indicator (``metrics.standards.definitions``) -> the network's."""
EQUALITY: dict[str, float | None] = {
    "share": None,
    "ratio": 1.0,
    "gap": 0.0,
    "survey_share": None,
    "score_gap": 0.0,
    "board": 0.0,
}
UNITS: dict[str, Unit] = {
    "share": "percent",
    "ratio": "relative likelihood",
    "gap": "percentage points",
    "survey_share": "percent",
    "score_gap": "score points",
    "board": "percentage points",
}


def _network_standards() -> list[Standard]:
    """The standards a network compares: each of a whole organisation (the WRES, the WDES), not
    a restricted view of another (the medical view's WRES2 is the WRES2 of doctors)."""
    return [
        std for std in standards().values() if not any(spec.restrict for spec in std.indicators)
    ]


def _from_standard(std: Standard, spec: IndicatorSpec) -> NetworkIndicator:
    """One indicator as the network view reads it, every fact from its standard file: its kind,
    groups, label, which side is worse, and what its size counts."""
    kind = KINDS[spec.kind]
    who = std.characteristic
    first = spec.top or spec.group or who.focus
    second = std.other(first)

    def word(group: str) -> str:  # "BME", "non-disabled": the group as a size's adjective
        return who.who(group).removesuffix(" staff")

    both = f"{word(who.reference)} and {word(who.focus)}"
    if kind == "ratio":
        size = f"{both} {spec.subject} " + (
            "shortlisted" if spec.input == "recruitment" else "in post"
        )
    elif kind in ("gap", "score_gap"):
        size = f"{both} survey respondents"
    elif kind == "survey_share":
        size = f"{word(first)} survey respondents"
    elif kind == "board":
        size = "voting board members"
    else:
        size = "staff"
    if kind == "board":
        label = f"{who.focus} share of the board's voting members minus that of the workforce"
    elif kind in ("share", "score_gap"):
        label = spec.label
    else:
        label = spec.wording
    if kind == "share":
        worse: Side | None = None  # how diverse a workforce is depends on the area it serves
    elif spec.higher_is_worse is None:
        raise InputError(
            Problem(
                severity="error",
                file=f"metrics/reference/standards/{std.id}.toml",
                message=f'indicator {spec.id}: field "higher_is_worse" is missing',
                hint="Say whether a higher value is worse for the focus group: "
                "higher_is_worse = true or false.",
            )
        )
    else:
        worse = "above" if spec.higher_is_worse else "below"
    return NetworkIndicator(
        spec.id,
        label,
        UNITS[kind],
        kind,
        EQUALITY[kind],
        size,
        worse=worse,
        standard=std.id,
        characteristic=who.name,
        first=first,
        second=second,
        done=spec.done,
    )


def _senior(workforce: NetworkIndicator) -> NetworkIndicator:
    """A workforce share restricted to bands 8c, 8d, 9 and VSM: below the trust's own share of
    all staff is under-representation at the top."""
    return replace(
        workforce,
        id=workforce.id + SENIOR,
        label=f"{workforce.focus} share of bands 8c, 8d, 9 and VSM",
        size_label="staff in bands 8c-VSM",
        worse="below",
    )


def _specs() -> dict[str, NetworkIndicator]:
    """Every network indicator from the standard files, with the words of the readings file
    (the sentence saying which way is worse; NHS England's non-adverse range, which no standard
    file holds; a title where the standard's wording is not what the figure is)."""
    readings = _readings()
    out: dict[str, NetworkIndicator] = {}
    for std in _network_standards():
        for spec in std.indicators:
            made = _from_standard(std, spec)
            out[made.id] = made
            if made.kind == "share":
                out[made.id + SENIOR] = _senior(made)
    unknown = sorted(set(readings) - set(out))
    unread = [ind for ind in out if ind not in readings]
    if unknown or unread:
        raise InputError(
            Problem(
                severity="error",
                file="metrics/reference/network_readings.toml",
                message="the readings do not match the standards' indicators: "
                + "; ".join(
                    part
                    for part in (
                        f"no indicator {', '.join(unknown)}" if unknown else "",
                        f"no reading for {', '.join(unread)}" if unread else "",
                    )
                    if part
                ),
                hint="Give one [ID] table with a direction for each indicator of the WRES and "
                "WDES files (and ID-senior for a workforce share).",
            )
        )
    for ind, spec in out.items():
        words = readings[ind]
        low_high = words.get("non_adverse")
        out[ind] = replace(
            spec,
            label=words.get("label", spec.label),
            direction=words["direction"],
            non_adverse=None if low_high is None else (float(low_high[0]), float(low_high[1])),
            non_adverse_source=words.get("non_adverse_source"),
        )
    return out


INDICATORS: dict[str, NetworkIndicator] = _specs()
"""Every indicator of every standard the network view compares, WRES first."""
STANDARDS: dict[str, dict[str, NetworkIndicator]] = {}
for _id, _spec in INDICATORS.items():
    STANDARDS.setdefault(_spec.standard, {})[_id] = _spec
NETWORK_INDICATORS: dict[str, NetworkIndicator] = STANDARDS["WRES"]
"""The WRES's network indicators: the default standard, for callers that know only the WRES."""


def standard_of(indicator: str) -> str | None:
    """The standard a counts indicator id belongs to (WRES, WDES), or None: from the network's
    indicators, else from the standard files (an indicator no funnel shows, such as WDES9a, is
    still its standard's), never from a restricted view of another (the medical view's WRES2)."""
    spec = INDICATORS.get(indicator)
    if spec is not None:
        return spec.standard
    for item in standards().values():
        if any(i.id == indicator and not i.restrict for i in item.indicators):
            return item.id
    return None


FRAME_COLUMNS = (
    "organisation",
    "region",
    "trust_type",
    "year",
    "indicator",
    "value",
    "ci_lower",
    "ci_upper",
    "denominator",
    "status",
    "reason",
    "reference",
    "change",
    "e1",
    "n1",
    "e2",
    "n2",
    "score_all",
)
"""e1, n1, e2, n2: the counts behind the value, for pooling and standard errors only, never for
showing (they are exact). ratio: events and total of the group on top, then of the other;
gap: BME yes and respondents, then White; share: the group's count and the total; board: BME
voting members and all voting members, then BME staff and all staff; score_gap (WDES9a): the
focus group's published score and respondents, then the reference group's, and ``score_all``
the organisation's own score (NaN for every other kind)."""


@dataclass(frozen=True, eq=False)
class NetworkValues:
    """One row per organisation, year and indicator (``FRAME_COLUMNS``), values in shown units:
    percent for shares, a ratio for relative likelihoods, percentage points for gaps.

    ``change`` is this year's value minus the previous calendar year's, where both exist."""

    frame: pd.DataFrame
    confidence: float = 0.95

    def years(self) -> list[int]:
        return sorted(int(y) for y in self.frame["year"].unique())

    def indicators(self) -> list[str]:
        """The network indicators computed (those of each standard in the counts), in the order
        of ``INDICATORS``."""
        present = set(self.frame["indicator"].unique())
        return [ind for ind in INDICATORS if ind in present]

    def with_data(self) -> list[str]:
        """The indicators some organisation has data for: what a picker should offer."""
        given = self.frame.loc[self.frame["status"] != "no_data", "indicator"].unique()
        return [ind for ind in INDICATORS if ind in set(given)]

    def organisations(self) -> list[str]:
        return sorted(self.frame["organisation"].unique())

    def regions(self) -> list[str]:
        return sorted({str(v) for v in self.frame["region"].dropna().unique()})

    def trust_types(self) -> list[str]:
        return sorted({str(v) for v in self.frame["trust_type"].dropna().unique()})

    def latest_year(self) -> int:
        years = self.years()
        if not years:
            raise InputError(Problem(severity="error", message="the counts hold no data"))
        return years[-1]


ROW_KEYS = ["organisation", "year", "indicator", "region", "trust_type"]
"""What a comparison reads of every row, not only its indicator's: found as the rows' distinct
combinations (``keys``), a few thousand where a network has some 500,000 rows."""


def by_standard(keys: pd.DataFrame) -> pd.DataFrame:
    """Distinct keys with each indicator's standard in place of the indicator (None for a blank
    or unknown indicator): a trust's year is then some five rows, not one per indicator."""
    whose = {i: standard_of(str(i)) for i in keys["indicator"].dropna().unique()}
    standard = keys["indicator"].map(whose)
    keys = keys.assign(indicator=standard.astype(object).where(standard.notna(), None))
    keys = keys.rename(columns={"indicator": "standard"})
    return keys.drop_duplicates([c for c in keys.columns if c != FIRST], ignore_index=True)


def row_keys(counts: pd.DataFrame) -> pd.DataFrame:
    """The counts' distinct ``ROW_KEYS`` by standard (``by_standard``), blanks included, in
    order of first appearance."""
    return by_standard(distinct_rows(counts, ROW_KEYS, blanks=True))


def _check_keys(counts: pd.DataFrame, keys: pd.DataFrame) -> None:
    for column, hint in (
        (
            "organisation",
            "Add an Organisation column, or load each trust's return as its own "
            "file named after the trust.",
        ),
        ("year", "Add a Year column (the WRES year) to every return."),
    ):
        if column in counts and not keys[column].isna().any():
            continue
        missing = int(counts[column].isna().sum()) if column in counts else len(counts)
        if missing:
            raise InputError(
                Problem(
                    severity="error",
                    message=f"{missing:,} row(s) of the counts have no {column}",
                    hint=hint,
                )
            )


def _sums(counts: pd.DataFrame) -> pd.DataFrame:
    """Numerator and denominator per organisation, year, network indicator and group, wide."""
    indicator = counts["indicator"].astype(object)
    keep = indicator.notna().to_numpy().copy()
    boards = [ind for ind, spec in INDICATORS.items() if spec.kind == "board"]
    board = indicator.isin(boards).to_numpy()
    voting = counts["membership"].astype(object).fillna("voting").eq("voting").to_numpy()
    keep &= ~board | voting  # the board is the voting membership; executive is the report's
    rows = counts.loc[keep, ["organisation", "year", "indicator", "group"]].astype(object)
    rows["numerator"] = counts.loc[keep, "numerator"].fillna(0).to_numpy(dtype=float)
    rows["denominator"] = counts.loc[keep, "denominator"].fillna(0).to_numpy(dtype=float)
    senior = {b.band for b in ref.bands().values() if b.cluster == SENIOR_CLUSTER}
    bands = counts.loc[keep, "band"].astype(object)
    extra = []
    for ind in INDICATORS:
        if ind.endswith(SENIOR):
            base = ind.removesuffix(SENIOR)
            is_senior = ((rows["indicator"] == base) & bands.isin(senior)).to_numpy()
            extra.append(rows[is_senior].assign(indicator=ind))
    rows = pd.concat([rows, *extra], ignore_index=True)
    rows["year"] = rows["year"].astype(int)
    summed = rows.groupby(["organisation", "year", "indicator", "group"], sort=False).sum()
    wide = summed.unstack("group", fill_value=0.0)
    wide.columns = [f"{a}_{b}" for a, b in wide.columns]
    groups = {g for spec in INDICATORS.values() for g in characteristic(spec.characteristic).groups}
    for side in ("numerator", "denominator"):
        for group in sorted(groups):
            if f"{side}_{group}" not in wide:
                wide[f"{side}_{group}"] = 0.0
    return wide


def _attributes(keys: pd.DataFrame) -> pd.DataFrame:
    """Region and trust type per organisation and year: the first given (else any year's).
    From the distinct keys: "first given" is the same on them as on every row."""
    keys = keys[["organisation", "year", "region", "trust_type"]].drop_duplicates()
    keys = keys.assign(year=keys["year"].astype(int))
    per_year = keys.groupby(["organisation", "year"], sort=False).first()
    per_org = keys.drop(columns="year").groupby("organisation", sort=False).first()
    out = per_year.reset_index()
    for col in ("region", "trust_type"):
        out[col] = out[col].where(out[col].notna(), out["organisation"].map(per_org[col]))
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def _grid(attributes: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    grid = attributes.loc[attributes.index.repeat(len(ids))].reset_index(drop=True)
    grid["indicator"] = ids * len(attributes)
    return grid


def _ratio(t: pd.DataFrame, spec: NetworkIndicator, z: float, opts: WresOptions) -> pd.DataFrame:
    a, n1 = t[f"numerator_{spec.first}"], t[f"denominator_{spec.first}"]
    c, n2 = t[f"numerator_{spec.second}"], t[f"denominator_{spec.second}"]
    flat = no_variation(a, n1, c, n2)
    everyone = flat & (a == n1)
    ok = (a > 0) & (c > 0) & (n1 > 0) & (n2 > 0) & ~flat
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (a / n1) / (c / n2)
        se = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
        log = np.log(value)
    status = np.where(
        ok,
        np.where(np.minimum(a, c) < opts.small_number, "small_numbers", "ok"),
        np.where(flat, "no_variation", "not_computable"),
    )
    reason = np.where(
        ~((n1 > 0) & (n2 > 0)),
        "not computable: one of the groups has nobody in it",
        np.where(
            flat,
            np.where(everyone, no_variation_reason(spec, True), no_variation_reason(spec, False)),
            np.where(
                ~ok,
                "not computable: one of the groups has no events, so the ratio is zero or infinite",
                np.where(
                    status == "small_numbers",
                    f"fewer than {opts.small_number} events in a group",
                    None,
                ),
            ),
        ),
    )
    return pd.DataFrame(
        {
            "value": np.where(ok, value, np.nan),
            "ci_lower": np.where(ok, np.exp(log - z * se), np.nan),
            "ci_upper": np.where(ok, np.exp(log + z * se), np.nan),
            "denominator": n1 + n2,
            "status": status,
            "reason": reason,
            "reference": 1.0,
            "e1": a,
            "n1": n1,
            "e2": c,
            "n2": n2,
        },
        index=t.index,
    )


def _gap(t: pd.DataFrame, spec: NetworkIndicator, z: float, opts: WresOptions) -> pd.DataFrame:
    kb, nb = t[f"numerator_{spec.first}"], t[f"denominator_{spec.first}"]
    kw, nw = t[f"numerator_{spec.second}"], t[f"denominator_{spec.second}"]
    ok = (nb > 0) & (nw > 0)
    d, lower, upper = newcombe_arrays(kb, nb, kw, nw, z)
    small = np.minimum(nb, nw) < opts.survey_minimum
    missing = np.where(nb == 0, spec.first, spec.second)
    return pd.DataFrame(
        {
            "value": np.where(ok, 100 * d, np.nan),
            "ci_lower": np.where(ok, 100 * lower, np.nan),
            "ci_upper": np.where(ok, 100 * upper, np.nan),
            "denominator": nb + nw,
            "status": np.where(ok, np.where(small, "small_numbers", "ok"), "not_computable"),
            "reason": np.where(
                ok,
                np.where(small, f"fewer than {opts.survey_minimum} respondents in a group", None),
                np.char.add(
                    np.char.add("not computable: no ", missing.astype(str)), " respondents"
                ),
            ),
            "reference": 0.0,
            "e1": kb,
            "n1": nb,
            "e2": kw,
            "n2": nw,
        },
        index=t.index,
    )


def _headcount(t: pd.DataFrame, spec: NetworkIndicator) -> tuple[pd.Series, pd.Series]:
    """The focus group's count and everyone's (Unknown stays in the denominator of a share)."""
    total = sum(t[f"numerator_{g}"] for g in characteristic(spec.characteristic).groups)
    return t[f"numerator_{spec.first}"], total


def _responses(t: pd.DataFrame, spec: NetworkIndicator) -> tuple[pd.Series, pd.Series]:
    """One group's survey answers: yes and respondents."""
    return t[f"numerator_{spec.first}"], t[f"denominator_{spec.first}"]


def _share(
    t: pd.DataFrame,
    spec: NetworkIndicator,
    z: float,
    reference: pd.Series | None,
    empty: str,
    opts: WresOptions | None = None,
) -> pd.DataFrame:
    """A share of headcount (WRES1, WDES1 and their senior cluster), or with ``opts`` one
    group's survey percentage (WDES8, small below the survey minimum of respondents)."""
    k, n = _headcount(t, spec) if opts is None else _responses(t, spec)
    lower, upper = wilson_arrays(k, n, z)
    ok = n > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100 * k / n
    status, reason = "ok", None
    if opts is not None:
        small = n < opts.survey_minimum
        status = np.where(small, "small_numbers", "ok")
        reason = np.where(small, f"fewer than {opts.survey_minimum} respondents", None)
    return pd.DataFrame(
        {
            "value": np.where(ok, share, np.nan),
            "ci_lower": 100 * lower,
            "ci_upper": 100 * upper,
            "denominator": n,
            "status": np.where(ok, status, "no_data"),
            "reason": np.where(ok, reason, empty),
            "reference": np.nan if reference is None else reference,
            "e1": k,
            "n1": n,
            "e2": 0.0,
            "n2": 0.0,
        },
        index=t.index,
    )


def _board(
    t: pd.DataFrame, spec: NetworkIndicator, workforce: pd.DataFrame, z: float
) -> pd.DataFrame:
    b, m = _headcount(t, spec)
    wk = workforce["e1"].reindex(t.index).fillna(0.0)
    wn = workforce["n1"].reindex(t.index).fillna(0.0)
    ok = (m > 0) & (wn > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = wk / wn
    lower, upper = wilson_arrays(b, m, z)
    return pd.DataFrame(
        {
            "value": np.where(ok, 100 * (b / m.where(m > 0) - w), np.nan),
            "ci_lower": np.where(ok, 100 * (lower - w), np.nan),
            "ci_upper": np.where(ok, 100 * (upper - w), np.nan),
            "denominator": m,
            "status": np.where(ok, "ok", "no_data"),
            "reason": np.where(
                ok,
                None,
                np.where(
                    m > 0, "no staff data to compare with", "no voting board members in the data"
                ),
            ),
            "reference": 0.0,
            "e1": b,
            "n1": m,
            "e2": wk,
            "n2": wn,
        },
        index=t.index,
    )


def _scores(counts: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Each group's published score (WDES9a's engagement score, 0-10) per organisation, year
    and score indicator, wide: ``score_<group>`` and ``respondents_<group>``. Several rows of
    one group (units) are pooled by respondents, as the single-trust report pools them; a
    score cannot be summed."""
    wanted = [ind for ind in ids if INDICATORS[ind].kind == "score_gap"]
    keys = ["organisation", "year", "indicator", "group"]
    if not wanted or "score" not in counts:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=keys[:3]))
    score = pd.to_numeric(counts["score"], errors="coerce").to_numpy(dtype=float)
    keep = counts["indicator"].astype(object).isin(wanted).to_numpy() & ~np.isnan(score)
    rows = counts.loc[keep, keys].astype(object)
    rows["year"] = rows["year"].astype(int)
    weight = counts.loc[keep, "denominator"].fillna(0).to_numpy(dtype=float)
    rows["respondents"] = weight
    rows["weighted"] = score[keep] * weight
    rows["plain"] = score[keep]
    rows["rows"] = 1.0
    summed = rows.groupby(keys, sort=False).sum()
    summed["score"] = np.where(
        summed["respondents"] > 0,
        summed["weighted"] / summed["respondents"].where(summed["respondents"] > 0),
        summed["plain"] / summed["rows"],
    )
    wide = summed[["score", "respondents"]].unstack("group")
    wide.columns = [f"{a}_{b}" for a, b in wide.columns]
    return wide


def _score_gap(t: pd.DataFrame, spec: NetworkIndicator, opts: WresOptions) -> pd.DataFrame:
    """The focus group's published score minus the reference group's, in points on the 0-10
    scale. No interval: a published score comes without the spread of the answers it is built
    from, so no standard error, funnel or rank range can be worked out from it."""

    def column(name: str) -> pd.Series:
        return t[name] if name in t else pd.Series(np.nan, index=t.index)

    s1, s2 = column(f"score_{spec.first}"), column(f"score_{spec.second}")
    n1 = column(f"respondents_{spec.first}").fillna(0.0)
    n2 = column(f"respondents_{spec.second}").fillna(0.0)
    ok = s1.notna() & s2.notna()
    small = np.minimum(n1, n2) < opts.survey_minimum
    who = characteristic(spec.characteristic).who
    missing = np.where(s1.isna(), who(spec.first), who(spec.second))
    return pd.DataFrame(
        {
            # scores are published to two decimals: rounding keeps equal gaps equal
            "value": np.where(ok, (s1 - s2).round(6), np.nan),
            "ci_lower": np.nan,
            "ci_upper": np.nan,
            "denominator": n1 + n2,
            "status": np.where(ok, np.where(small, "small_numbers", "ok"), "not_computable"),
            "reason": np.where(
                ok,
                np.where(small, f"fewer than {opts.survey_minimum} respondents in a group", None),
                np.char.add("not computable: no score for ", missing.astype(str)),
            ),
            "reference": 0.0,
            "e1": s1,
            "n1": n1,
            "e2": s2,
            "n2": n2,
            "score_all": column(f"score_{ALL}").round(6),
        },
        index=t.index,
    )


def _present(keys: pd.DataFrame) -> list[str]:
    """The network indicators of every standard with a row in the counts (the WRES when none
    has: an empty comparison still reads as the WRES's, as it always has)."""
    given = set(keys["standard"].dropna().unique())
    chosen = [std for std in STANDARDS if std in given] or ["WRES"]
    return [ind for std in chosen for ind in STANDARDS[std]]


def needed(indicator: str) -> list[str]:
    """The network indicators one indicator's values rest on: itself, and for a board or a
    senior cluster its standard's workforce share (their point of equality). Matched as
    ``compare`` matches (case and spacing ignored); [] for an unknown id."""
    wanted = " ".join(str(indicator).split()).lower()
    spec = next((s for key, s in INDICATORS.items() if key.lower() == wanted), None)
    if spec is None:
        return []
    leans = spec.kind == "board" or spec.id.endswith(SENIOR)
    return [spec.workforce, spec.id] if leans and spec.workforce != spec.id else [spec.id]


def network_values(
    counts: pd.DataFrame,
    *,
    options: WresOptions | None = None,
    indicators: list[str] | None = None,
    keys: pd.DataFrame | None = None,
) -> NetworkValues:
    """Every network indicator for every organisation and year in ``counts`` (canonical counts),
    for each standard with rows in them; only ``indicators`` (and what they rest on, ``needed``)
    when given, which is all one comparison needs.

    Raises InputError when a row has no organisation or no year: a network comparison cannot
    place it. WRES3 and WDES3 are the single year (the rolling option of the trust report is
    not offered). ``keys``: the counts' ``row_keys`` when known already (``load_network``
    finds them as it checks the files), else they are found here."""
    opts = options or WresOptions()
    z = z_value(opts.confidence)
    if keys is None:
        keys = row_keys(counts.assign(**{c: None for c in ROW_KEYS if c not in counts}))
    _check_keys(counts, keys)
    if counts.empty:
        return NetworkValues(pd.DataFrame(columns=list(FRAME_COLUMNS)), opts.confidence)
    ids = _present(keys)
    rows = counts
    wanted = {ind for given in indicators or () for ind in needed(given)}
    if wanted & set(ids):  # else everything, so a refusal names what the counts do hold
        ids = [ind for ind in ids if ind in wanted]
        bases = {INDICATORS[ind].base for ind in ids}
        rows = counts[counts["indicator"].astype(object).isin(bases).to_numpy()]
    sums = _sums(rows)
    scores = _scores(rows, ids)
    parts = []
    given = set(sums.index.get_level_values("indicator"))
    by_ind = {
        ind: sums.xs(ind, level="indicator")
        if ind in given
        else sums.iloc[0:0].droplevel("indicator")
        for ind in ids
    }
    workforce = {
        ind: _share(by_ind[ind], INDICATORS[ind], z, None, "no staff data was given")
        for ind in ids
        if INDICATORS[ind].workforce == ind
    }
    for ind in ids:
        spec, t = INDICATORS[ind], by_ind[ind]
        if spec.kind == "score_gap":
            given_scores = set(scores.index.get_level_values("indicator"))
            t = (
                scores.xs(ind, level="indicator")
                if ind in given_scores
                else scores.iloc[0:0].droplevel("indicator")
            )
            part = _score_gap(t, spec, opts)
        elif spec.kind == "ratio":
            part = _ratio(t, spec, z, opts)
        elif spec.kind == "gap":
            part = _gap(t, spec, z, opts)
        elif spec.kind == "survey_share":
            part = _share(t, spec, z, None, f"no {spec.first} respondents", opts)
        elif ind in workforce:
            part = workforce[ind]
        elif spec.kind == "share":
            reference = workforce[spec.workforce]["value"].reindex(t.index)
            part = _share(t, spec, z, reference, "no staff in bands 8c, 8d, 9 or VSM")
        else:
            part = _board(t, spec, workforce[spec.workforce], z)
        parts.append(part.assign(indicator=ind))
    values = pd.concat(parts).reset_index()
    grid = _grid(_attributes(keys), ids)
    frame = grid.merge(values, on=["organisation", "year", "indicator"], how="left")
    absent = frame["status"].isna()
    frame.loc[absent, "status"] = "no_data"
    frame.loc[absent, "reason"] = "no data was given for this indicator"
    if "score_all" not in frame:
        frame["score_all"] = np.nan
    scored = (frame["indicator"].map(lambda i: INDICATORS[i].kind) == "score_gap").to_numpy()
    for col in ("denominator", "e1", "n1", "e2", "n2"):
        # a score gap's missing score stays missing: 0 would read as a score of 0 out of 10
        keep = scored & col.startswith("e")
        frame[col] = frame[col].where(keep | frame[col].notna(), 0.0)
    frame["denominator"] = frame["denominator"].astype(int)
    frame["reference"] = frame["reference"].where(frame["reference"].notna(), np.nan)
    frame["reason"] = frame["reason"].astype(object).where(frame["reason"].notna(), None)
    frame["status"] = frame["status"].astype(object)
    previous = frame[["organisation", "indicator", "year", "value"]].assign(year=frame["year"] + 1)
    frame = frame.merge(
        previous, on=["organisation", "indicator", "year"], how="left", suffixes=("", "_before")
    )
    frame["change"] = frame["value"] - frame.pop("value_before")
    return NetworkValues(frame[list(FRAME_COLUMNS)], opts.confidence)


def from_counts(sums: pd.DataFrame, spec: NetworkIndicator, opts: WresOptions) -> pd.DataFrame:
    """``from_sums`` on a frame of summed ``e1``, ``n1``, ``e2``, ``n2`` (its index kept)."""
    t = pd.DataFrame(
        {
            f"numerator_{spec.first}": sums["e1"],
            f"denominator_{spec.first}": sums["n1"],
            f"numerator_{spec.second}": sums["e2"],
            f"denominator_{spec.second}": sums["n2"],
        },
        index=sums.index,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return from_sums(t, spec, opts)


def from_sums(t: pd.DataFrame, spec: NetworkIndicator, opts: WresOptions) -> pd.DataFrame:
    """A relative likelihood or a survey gap from summed counts (``numerator_<group>`` and
    ``denominator_<group>`` for the indicator's two groups): the same estimator, interval and
    status as a single year's, so a value pooled over years reads as one year's would."""
    z = z_value(opts.confidence)
    if spec.kind == "ratio":
        return _ratio(t, spec, z, opts)
    if spec.kind == "gap":
        return _gap(t, spec, z, opts)
    raise ValueError(f"{spec.id} is not a relative likelihood or a survey gap")
