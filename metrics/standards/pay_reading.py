"""Pay gaps in plain words (which way is worse, who was left out) and as the `paygap --json` shape.

The JSON shape is a contract automation relies on (issue 11, "The command line"): gaps in percent
to full precision, quartile 1 the lowest paid, every figure present even when numbers are small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from metrics.counts.characteristics import Characteristic
from metrics.disclosure.control import DisclosureSettings

if TYPE_CHECKING:
    from metrics.standards.pay_figures import PayFigures
    from metrics.standards.paygap import PayGap


WHITE_BRITISH = "White British"  # national ethnic category A, a reference some trusts report on
OTHER_WHITE = "Other White"  # left out when the reference is White British


def who(trait: Characteristic, group: str) -> str:
    """The group in plain words ("women", "White British staff")."""
    return {WHITE_BRITISH: "White British staff", OTHER_WHITE: "other White staff"}.get(
        group, trait.who(group)
    )


def _direction(gap: float) -> str:
    if gap > 0:
        return f"{gap:.1f}% lower than"
    if gap < 0:
        return f"{-gap:.1f}% higher than"
    return "the same as"


def gap_sentence(result: PayGap, trait: Characteristic) -> str:
    """The headline: how the focus group's median and mean hourly pay compare."""
    figures = result.overall
    focus, reference = who(trait, result.focus), who(trait, result.reference)
    median, mean = figures.median_hourly_gap_percent, figures.mean_hourly_gap_percent
    if median is None or mean is None:
        return f"The hourly pay gap cannot be worked out: {figures.reason or 'no pay to compare'}."
    return (
        f"The median hourly pay of {focus} is {_direction(median)} that of {reference}; "
        f"the mean is {_direction(mean)} theirs. A positive gap means {focus} are paid less, "
        "the worse way for them; a negative gap means they are paid more."
    )


def notes(
    result: PayGap, trait: Characteristic, context: dict, settings: DisclosureSettings
) -> tuple[str, ...]:
    """What a reader needs beside the figures: the reading, who was left out and why."""
    figures = result.overall
    out = [gap_sentence(result, trait)]
    compared = (result.reference, result.focus)
    for group, count in figures.employees.items():
        if group not in compared and count:
            out.append(
                f"{count:,} {who(trait, group)} are left out of every figure "
                f"(they are in neither group compared)."
            )
    if context["bank"]:
        bank = context["bank"]
        out.append(
            f"{bank:,} bank staff {'member is' if bank == 1 else 'are'} left out, as for every standard."
        )
    if context["not_full_pay"]:
        out.append(
            f"{context['not_full_pay']:,} staff who are not full-pay relevant are left out of the "
            "hourly pay figures and quartiles, and kept in the bonus figures, as the regulations say."
        )
    if context["no_hourly"]:
        out.append(
            f"{context['no_hourly']:,} full-pay relevant staff have no hourly pay and are left out "
            "of the hourly pay figures and quartiles."
        )
    if context["no_bonus_column"]:
        out.append("The staff file has no bonus column, so the bonus figures are not worked out.")
    elif figures.bonus_paid and not any(figures.bonus_paid.values()):
        out.append("Nobody in either group was paid a bonus, so there is no bonus gap.")
    elif any(0 < n <= settings.threshold for n in figures.bonus_paid.values()):
        out.append(
            f"Few staff were paid a bonus ({settings.threshold} or fewer in a group): the bonus "
            "gaps rest on very few people."
        )
    if context["no_band_column"]:
        out.append("The staff file has no pay band column, so there are no figures by band.")
    if context["other_scheme"] > 0:
        out.append(
            f"{context['other_scheme']:,} staff on neither Agenda for Change nor a medical grade "
            "are in the organisation's figures but in neither pay scheme's."
        )
    if figures.status == "small_numbers":
        out.append(
            f"Small numbers: a group has {settings.threshold} or fewer staff with an hourly pay. "
            "The figures are shown for internal use; they are not safe to publish as they stand."
        )
    return tuple(out)


def _figures_json(figures: PayFigures) -> dict:
    return {
        "employees": dict(figures.employees),
        "mean_hourly_gap_percent": figures.mean_hourly_gap_percent,
        "median_hourly_gap_percent": figures.median_hourly_gap_percent,
        "mean_bonus_gap_percent": figures.mean_bonus_gap_percent,
        "median_bonus_gap_percent": figures.median_bonus_gap_percent,
        "bonus_percent": dict(figures.bonus_percent),
        "quartiles": [dict(q) for q in figures.quartiles],
        "status": figures.status,
    }


def as_json(result: PayGap) -> dict:
    """The `inclusivehr paygap --json` object."""
    overall = _figures_json(result.overall)
    status = overall.pop("status")
    return {
        "by": result.by,
        "reference": result.reference,
        "focus": result.focus,
        "year": result.year,
        **overall,
        "by_band": [{"band": band, **_figures_json(f)} for band, f in result.by_band],
        "by_pay_scheme": {name: _figures_json(f) for name, f in result.by_pay_scheme.items()},
        "status": status,
        "notes": list(result.notes),
    }
