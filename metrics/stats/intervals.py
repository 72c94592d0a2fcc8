"""Confidence intervals: Wilson for proportions, Newcombe for their difference, Katz for ratios."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np


def z_value(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for k successes out of n (n > 0); stays within [0, 1]."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n and n > 0 (k={k}, n={n})")
    lower, upper = wilson_arrays(np.asarray(k, dtype=float), np.asarray(n, dtype=float),
                                 z_value(confidence))  # fmt: skip
    return float(lower), float(upper)


def wilson_arrays(k: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson interval over arrays of counts at once (NaN where n is 0): one definition for
    a single organisation and for a whole network."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lower = np.where(k == 0, 0.0, np.maximum(0.0, centre - half))
    upper = np.where(k == n, 1.0, np.minimum(1.0, centre + half))
    bad = ~(n > 0)
    return np.where(bad, np.nan, lower), np.where(bad, np.nan, upper)


def newcombe_difference(
    k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95
) -> tuple[float, float, float]:
    """p1 - p2 with Newcombe's hybrid score interval (method 10), built from Wilson intervals."""
    for k, n in ((k1, n1), (k2, n2)):
        if n <= 0 or not 0 <= k <= n:
            raise ValueError(f"need 0 <= k <= n and n > 0 (k={k}, n={n})")
    d, lower, upper = newcombe_arrays(*(np.asarray(v, dtype=float) for v in (k1, n1, k2, n2)),
                                      z=z_value(confidence))  # fmt: skip
    return float(d), float(lower), float(upper)


def newcombe_arrays(
    k1: np.ndarray, n1: np.ndarray, k2: np.ndarray, n2: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Newcombe's interval over arrays (NaN where a group has nobody in it)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_arrays(k1, n1, z)
    l2, u2 = wilson_arrays(k2, n2, z)
    d = p1 - p2
    return (d, d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
            d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))  # fmt: skip


class NotComputable(ValueError):
    """A ratio that has no finite value; the message says why in plain words."""


class NoVariation(NotComputable):
    """Everyone in both groups had the event, or nobody in either did: there is no difference
    to measure, and the Katz standard error is 0 (everyone) or undefined (nobody), so an
    interval would be a false certainty of zero width. ``everyone`` says which."""

    def __init__(self, everyone: bool) -> None:
        self.everyone = everyone
        super().__init__(
            "everyone in both groups had the event" if everyone
            else "nobody in either group had the event"
        )  # fmt: skip


def no_variation(a, n1, c, n2):
    """Where both groups are all events or all non-events (arrays or numbers): the ratios that
    have no difference to measure (see ``NoVariation``)."""
    return (n1 > 0) & (n2 > 0) & (((a == n1) & (c == n2)) | ((a == 0) & (c == 0)))


@dataclass(frozen=True)
class Ratio:
    value: float
    lower: float
    upper: float


def relative_likelihood(a: int, n1: int, c: int, n2: int, confidence: float = 0.95) -> Ratio:
    """(a/n1) / (c/n2) with the Katz log interval exp(ln RL +- z sqrt(1/a - 1/n1 + 1/c - 1/n2)).

    Raises NotComputable when a group has nobody in it or no events: the ratio is then zero,
    infinite or undefined, and no cap or continuity correction is applied to hide that. Raises
    NoVariation (a NotComputable) when both groups are all events or all non-events.
    """
    for name, count, total in (("first", a, n1), ("second", c, n2)):
        if total < 0 or count < 0 or count > total:
            raise ValueError(f"{name} group: need 0 <= events <= total (got {count} of {total})")
    if n1 == 0 or n2 == 0:
        raise NotComputable("one of the groups has nobody in it")
    if no_variation(a, n1, c, n2):
        raise NoVariation(everyone=a == n1)
    if a == 0 or c == 0:
        raise NotComputable("one of the groups has no events, so the ratio is zero or infinite")
    value = (a / n1) / (c / n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    z = z_value(confidence)
    return Ratio(value, math.exp(math.log(value) - z * se), math.exp(math.log(value) + z * se))
