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


_MIX = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)


def person_uniform(seed: int, name: str, ids) -> np.ndarray:
    """A uniform in [0, 1) per person, fixed by (seed, name, id) alone (a splitmix64 hash), so a
    person keeps the same draw in every year and whoever else is in the table."""
    key = np.uint64((seed * 0x9E3779B97F4A7C15 + zlib.crc32(name.encode("utf-8"))) % 2**64)
    with np.errstate(over="ignore"):
        z = np.asarray(ids, dtype=np.uint64) + key
        z = (z ^ (z >> np.uint64(30))) * np.uint64(_MIX[0])
        z = (z ^ (z >> np.uint64(27))) * np.uint64(_MIX[1])
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / float(2**53)
