"""Small deterministic random helpers shared by the sample-data modules."""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np


def rng_for(seed: int, name: str) -> np.random.Generator:
    """A generator for one named component, so components do not disturb each other's draws."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def choose(rng: np.random.Generator, weights: Mapping[str, float], size: int) -> np.ndarray:
    """Draw ``size`` keys of ``weights`` with probability proportional to their values."""
    keys = list(weights)
    p = np.asarray([weights[k] for k in keys], dtype=float)
    idx = rng.choice(len(keys), size=size, p=p / p.sum())
    return np.asarray(keys, dtype=object)[idx]


def choose_from(rng: np.random.Generator, options: Sequence[str], size: int) -> np.ndarray:
    """Draw ``size`` items uniformly from ``options``."""
    return np.asarray(options, dtype=object)[rng.integers(0, len(options), size=size)]


def random_dates(rng: np.random.Generator, wres_year: int, size: int) -> np.ndarray:
    """ISO dates uniformly within the WRES year ``wres_year`` (1 April of the year before to 31
    March of ``wres_year``)."""
    start = np.datetime64(f"{wres_year - 1}-04-01")
    days = int((np.datetime64(f"{wres_year}-04-01") - start).astype(np.int64))
    return (start + rng.integers(0, days, size=size)).astype(str).astype(object)
