"""Pay gaps by sex, ethnicity or disability: the six statutory gender pay gap figures, for any
characteristic, from a loaded staff frame (one row per person).

The figures follow the gender pay gap regulations (SI 2017/172 and, for public bodies, SI 2017/353)
as GOV.UK's "Gender pay gap reporting: make your calculations" sets them out:
- mean and median hourly gap, (reference - focus) / reference x 100, over full-pay relevant staff;
- mean and median bonus gap, over the relevant staff paid a bonus (bonus > 0);
- the share of each group paid a bonus, over all of the group's relevant staff;
- the share of each group in each of four quarters of equal headcount by hourly pay
  (metrics.standards.pay_quartiles says how ties and odd headcounts are shared out).
A positive gap means the focus group (women, BME, Disabled staff) is paid less: the worse way for
them. Per person, never weighted by FTE. Bank staff are left out; so is Unknown, from both sides of
every figure, with its size stated. A blank bonus is no bonus; a blank "full pay relevant" is yes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.counts.characteristics import Characteristic, characteristic
from metrics.disclosure.control import DEFAULT_SETTINGS, DisclosureSettings
from metrics.inputs.column_values import GROUP_COLUMNS
from metrics.problems import InputError, Problem
from metrics.standards.pay_figures import PayFigures, figures_of, merged, sides, summed
from metrics.standards.pay_reading import OTHER_WHITE, WHITE_BRITISH, notes

BY_CHOICES = ("sex", "ethnicity", "disability")
PAY_SCHEMES = {"afc": "Agenda for Change", "medical": "Medical and dental"}


@dataclass(frozen=True)
class PayGap:
    by: str
    reference: str
    focus: str
    year: int | None
    overall: PayFigures
    by_band: tuple[tuple[str, PayFigures], ...]
    by_pay_scheme: dict[str, PayFigures]
    notes: tuple[str, ...]
    confidence: float = 0.95


def _problem(message: str, hint: str, **extra) -> InputError:
    return InputError(Problem(severity="error", message=message, hint=hint, **extra))


def _groups(staff: pd.DataFrame, trait: Characteristic, reference: str) -> pd.Series:
    """Each person's group as compared here (White British splits White in two)."""
    labels = staff[GROUP_COLUMNS[trait.name]]
    if reference != WHITE_BRITISH:
        return labels
    if "ethnic_code" not in staff:
        raise _problem(
            "a White British reference needs the national ethnic category codes, and the "
            "ethnicity column does not give them",
            "Use NHS ethnic category codes or labels (A White - British ...), or compare with "
            "all White staff (leave out --reference).",
            field="ethnicity",
        )
    british = staff["ethnic_code"].astype(object).to_numpy() == "A"
    labels = labels.astype(object).to_numpy()
    white = labels == "White"
    return pd.Series(
        np.where(white & british, WHITE_BRITISH, np.where(white, OTHER_WHITE, labels)),
        index=staff.index,
    )


def _codes(labels: pd.Series, order: tuple[str, ...]) -> np.ndarray:
    """Each person's group as its position in ``order`` (-1: none), looked up once per label."""
    cat = labels if isinstance(labels.dtype, pd.CategoricalDtype) else labels.astype("category")
    lookup = [order.index(c) if c in order else -1 for c in cat.cat.categories]
    return np.array([*lookup, -1], dtype=np.int8)[cat.cat.codes.to_numpy()]  # a few groups


def _choose_reference(trait: Characteristic, reference: str | None) -> tuple[str, str]:
    """(reference, focus): the default pair, or the other way round, or White British."""
    pair = (trait.reference, trait.focus)
    if reference is None:
        return pair
    wanted = ref.key(reference)
    if trait.name == "ethnicity" and wanted == ref.key(WHITE_BRITISH):
        return WHITE_BRITISH, trait.focus
    for chosen, other in (pair, pair[::-1]):
        if wanted == ref.key(chosen):
            return chosen, other
    allowed = [*pair] + ([WHITE_BRITISH] if trait.name == "ethnicity" else [])
    raise _problem(
        f"{reference!r} is not a group to compare {trait.label} pay with",
        f"Use one of: {', '.join(allowed)}.",
        option=f"--reference {trait.reference}",
    )


def _year(staff: pd.DataFrame, year: int | None) -> tuple[pd.DataFrame, int | None]:
    if "year" not in staff or staff["year"].isna().all():
        return staff, year
    years = sorted(int(y) for y in pd.unique(staff["year"].dropna()))
    chosen = years[-1] if year is None else year
    if chosen not in years:
        raise _problem(
            f"the staff file has nobody in {chosen}",
            f"Years in the file: {', '.join(map(str, years))}.",
            option=f"--year {years[-1]}",
        )
    return staff[(staff["year"] == chosen).fillna(False).to_numpy()], chosen


def _check(staff: pd.DataFrame, by: str) -> Characteristic:
    if by not in BY_CHOICES:
        raise _problem(f"cannot compare pay by {by!r}", f"Use one of: {', '.join(BY_CHOICES)}.")
    trait = characteristic(by)
    if GROUP_COLUMNS[by] not in staff:
        raise _problem(
            f"the staff file has no {trait.label} column, so pay cannot be compared by {by}",
            f"Add a {trait.label} column, or say which column holds it.",
            field=trait.column,
        )
    if "hourly_pay" not in staff:
        raise _problem(
            "the staff file has no hourly pay column, so there is no pay gap to work out",
            "Add each person's hourly pay (a column such as 'Hourly Rate'), or say which "
            "column holds it.",
            field="hourly_pay",
        )
    return trait


@dataclass(frozen=True)
class _Compared:
    """The staff a pay gap compares (one year, bank staff left out), arranged by pay scheme and
    then band in reporting order, so that each band and each scheme is one run of rows, taken as
    a view rather than a mask over everyone. The same for every characteristic."""

    frame: pd.DataFrame  # the year's rows, in file order: each characteristic's groups
    year: int | None
    arrange: np.ndarray | None  # the frame's rows compared, in this order (None: all, as is)
    bank: int  # bank staff left out
    hourly: np.ndarray
    full_pay: np.ndarray
    bonus: np.ndarray | None
    bands: tuple[tuple[str, int, int], ...]  # (band, first row, end) of each band's run
    runs: tuple[tuple[int, int], ...]  # every band's run and the run of rows with no band
    schemes: tuple[tuple[str, int, int], ...]  # the same for each pay scheme
    other_scheme: int  # people in a band of neither pay scheme, or none
    has_band: bool


def _compared(staff: pd.DataFrame, by: tuple[str, ...], year: int | None) -> _Compared:
    # only the columns read here, so that choosing a year copies a few numbers, not every text
    # column of a national extract
    used = (*(GROUP_COLUMNS[b] for b in by), "ethnic_code", "year", "bank", "band", "hourly_pay",
            "bonus", "full_pay_relevant")  # fmt: skip
    staff = staff[[c for c in dict.fromkeys(used) if c in staff]]
    staff, chosen_year = _year(staff, year)
    bank = staff["bank"].to_numpy(dtype=bool) if "bank" in staff else np.zeros(len(staff), bool)
    hourly = staff["hourly_pay"].to_numpy(dtype=float, na_value=np.nan)
    full_pay = (
        staff["full_pay_relevant"].to_numpy(dtype=bool)
        if "full_pay_relevant" in staff
        else np.ones(len(staff), dtype=bool)
    )
    bonus = staff["bonus"].to_numpy(dtype=float, na_value=np.nan) if "bonus" in staff else None
    arrange = np.flatnonzero(~bank) if bank.any() else None  # bank staff are left out
    bands: list[tuple[str, int, int]] = []
    runs: list[tuple[int, int]] = []
    schemes: list[tuple[str, int, int]] = []
    other_scheme = 0
    if "band" in staff:
        band = pd.Categorical(staff["band"])
        names = [str(n) for n in band.categories]
        known = ref.bands()
        scheme_of = {kind: i for i, kind in enumerate(PAY_SCHEMES)}
        other = len(scheme_of)
        scheme = np.array([scheme_of.get(known[n].kind, other) if n in known else other
                           for n in names] + [other])  # fmt: skip
        rank = np.array([known[n].order if n in known else len(known) for n in names] + [0])
        # Each band's place in the order is worked out once per band, not per row: the rows
        # are sorted on that place (a radix sort of small integers) and each band's run, and
        # each scheme's, follows from how many people each band holds.
        present = np.arange(-1, len(names))  # -1: no band, read as the last entries above
        width = len(names) + 1
        place_key = (scheme[present] * (len(known) + 1) + rank[present]) * width + present + 1
        in_order = present[np.argsort(place_key, kind="stable")]
        place = np.empty(width, dtype=np.int16)
        place[in_order + 1] = np.arange(width)
        codes = band.codes.astype(np.int16)
        arrange = np.argsort(place[codes + 1], kind="stable")
        if bank.any():  # a stable sort: the rows kept stay in the order they would have alone
            arrange = arrange[~bank[arrange]]
            codes = codes[~bank]
        held = np.bincount(codes + 1, minlength=width)[in_order + 1]
        ends = np.cumsum(held)
        runs = [(int(e - n), int(e)) for n, e in zip(held, ends, strict=True) if n]
        bands = [(names[c], int(e - n), int(e))
                 for c, n, e in zip(in_order, held, ends, strict=True) if n and c >= 0]  # fmt: skip
        scheme_in_order = scheme[in_order]
        before = np.concatenate(([0], ends))
        bounds = before[np.searchsorted(scheme_in_order, np.arange(other + 1))]
        schemes = [
            (label, int(bounds[i]), int(bounds[i + 1]))
            for i, label in enumerate(PAY_SCHEMES.values())
        ]
        other_scheme = int(len(codes) - bounds[other])
    if arrange is not None:
        hourly, full_pay = hourly[arrange], full_pay[arrange]
        bonus = None if bonus is None else bonus[arrange]
    if "band" not in staff:
        runs = [(0, len(hourly))]
    return _Compared(
        frame=staff, year=chosen_year, arrange=arrange, bank=int(bank.sum()), hourly=hourly,
        full_pay=full_pay, bonus=bonus, bands=tuple(bands), runs=tuple(runs), schemes=tuple(schemes),
        other_scheme=other_scheme, has_band="band" in staff,
    )  # fmt: skip


def pay_gap(
    staff: pd.DataFrame,
    by: str,
    *,
    reference: str | None = None,
    year: int | None = None,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
    confidence: float = 0.95,
    intervals: bool = True,
    band_intervals: bool = False,
) -> PayGap:
    """Every pay-gap figure for the organisation, each pay band and each pay scheme.

    Intervals (with ``intervals``) are for the organisation and each pay scheme; each band's only
    with ``band_intervals``: a bootstrap per band is most of the time on a national extract.

    staff: a loaded staff frame (metrics.inputs.loaders). Raises InputError, saying how to fix it, when
    the frame has no hourly pay, no column for ``by`` or ``reference`` is not one of its groups."""
    trait = _check(staff, by)
    chosen = _choose_reference(trait, reference)
    compared = _compared(staff, (by,), year)
    return _pay_gap(compared, trait, chosen, settings, confidence, intervals, band_intervals)


def pay_gaps(
    staff: pd.DataFrame,
    by: tuple[str, ...] = BY_CHOICES,
    *,
    year: int | None = None,
    settings: DisclosureSettings = DEFAULT_SETTINGS,
    confidence: float = 0.95,
    intervals: bool = True,
    band_intervals: bool = False,
) -> dict[str, PayGap]:
    """pay_gap by each of several characteristics (each with its usual reference group), the
    staff chosen and arranged by band once for all of them."""
    traits = {b: _check(staff, b) for b in by}
    compared = _compared(staff, tuple(by), year)
    return {
        b: _pay_gap(compared, trait, _choose_reference(trait, None), settings, confidence,
                    intervals, band_intervals)
        for b, trait in traits.items()
    }  # fmt: skip


def _pay_gap(
    staff: _Compared,
    trait: Characteristic,
    chosen: tuple[str, str],
    settings: DisclosureSettings,
    confidence: float,
    intervals: bool,
    band_intervals: bool,
) -> PayGap:
    chosen_reference, focus = chosen
    order = tuple(
        g
        for name in trait.groups
        for g in ((WHITE_BRITISH, OTHER_WHITE) if name == "White" and chosen_reference ==
                  WHITE_BRITISH else (name,))
    )  # fmt: skip
    groups = _codes(_groups(staff.frame, trait, chosen_reference), order)
    if staff.arrange is not None:
        groups = groups[staff.arrange]
    hourly, full_pay, bonus = staff.hourly, staff.full_pay, staff.bonus
    compared = (chosen_reference, focus)
    side = sides(groups, order, compared)
    # each run of rows (a band, or the rows with none) summed once; the schemes and the whole
    # organisation are their runs' sums merged
    sums = {
        (a, b): summed(groups[a:b], side[a:b], hourly[a:b], full_pay[a:b],
                       None if bonus is None else bonus[a:b], len(order))
        for a, b in staff.runs
    }  # fmt: skip

    def of(a: int, b: int, with_intervals: bool = intervals) -> PayFigures:
        parts = [s for (start, end), s in sums.items() if a <= start and end <= b]
        return figures_of(
            merged(parts, len(order), bonus is not None), order, compared, settings=settings,
            confidence=confidence, intervals=with_intervals,
        )  # fmt: skip

    result = PayGap(
        by=trait.name,
        reference=chosen_reference,
        focus=focus,
        year=staff.year,
        overall=of(0, len(groups)),
        by_band=tuple((name, of(a, b, intervals and band_intervals)) for name, a, b in staff.bands),
        by_pay_scheme={label: of(a, b) for label, a, b in staff.schemes},
        notes=(),
        confidence=confidence,
    )
    in_compared = (groups == order.index(compared[0])) | (groups == order.index(compared[1]))
    context = {
        "bank": staff.bank,
        "not_full_pay": int((~full_pay & in_compared).sum()),
        "no_hourly": int((full_pay & np.isnan(hourly) & in_compared).sum()),
        "no_bonus_column": bonus is None,
        "no_band_column": not staff.has_band,
        "other_scheme": staff.other_scheme,
    }
    return replace(result, notes=notes(result, trait, context, settings))
