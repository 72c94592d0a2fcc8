"""An automated attacker against everything published: it must recover no hidden count.

For the sample trust and for generated adversarial trusts (small bands, bands of one group, a VSM
band of one person, a medical grade whose few doctors are all BME) it takes every published
table that leaves the organisation:

* the board pack at the publication level: its counts (WRES1 bands, merged or not, BME against
  White or unknown; WRES2-9), its results (whole or coarser percentages beside rounded counts)
  and the whole workforce's "about N staff";
* the counts published for the whole organisation and for each directorate
  (``inclusivehr wres --emit-counts --publish``, one per unit: these can be differenced against
  each other and against the pack);

and asks a linear programme what each hidden count can be. The unknowns are the exact counts of
the finest rows of the return (directorate, staff group, band, clinical side, group; for WRES2-8
the yes and the no of each group), at least 0. Each published count gives its sum within ±2 (it
was rounded to the nearest 5) or exactly 0; a group a published table has but a band lacks is 0;
a published share p (step s) of a band gives (p − s/2)·n ≤ 100·k ≤ (p + s/2)·n (the
percentage-to-count route). ``scipy.optimize.linprog`` then finds the least and the most each
hidden count can be. The attacker wins a cell when that range holds a single whole number, and
wins a band of fewer than ``min_published_row`` staff when it can prove that everyone in it is in
one group (a count of 0 for every other group).

The network comparison is attacked in ``tests/dashboard/test_cli_compare.py`` (a hidden trust
shows no figure at all) and here by the percentage-to-count route on its shares.

Before the fix, the attacker won: the board pack showed "Non-consultant career grade" as BME only
(all 3 doctors were BME), directorate tables held bands of one group, and compare --json gave
shares to four decimals beside rounded sizes (see ``test_the_attacker_would_catch_...``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from dashboard.pack import pack_for
from dashboard.pack.bands import MERGES
from metrics.counts.table import collapse, filter_unit, normalise
from metrics.disclosure.control import DisclosureSettings, percent_step, publish_counts

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "sample_data" / "trust" / "wres_counts.csv"
SETTINGS = DisclosureSettings()
GROUPS = ("White", "BME", "Unknown")
NOT_BME = ("White", "Unknown")  # the pack's "White or unknown"
SIDES = {"clinical": True, "non-clinical": False}
COLUMNS = ["organisation", "year", "indicator", "band", "clinical", "directorate", "group",
           "numerator", "denominator"]  # fmt: skip


def expand_band(label: str) -> tuple[str, ...]:
    """The bands a published row label holds: "Band 9 + VSM", "Bands 8a-VSM", "Band 5"."""
    shapes = dict(MERGES)
    out: list[str] = []
    for part in label.split(" + "):
        out.extend(shapes.get(part, (part,)))
    return tuple(out)


def expand_group(label: str) -> tuple[str, ...]:
    return NOT_BME if label == "White or unknown" else (label,)


@dataclass
class Attacker:
    """Unknowns: the exact yes (and for WRES2-8 the no) of every row of the return."""

    raw: pd.DataFrame
    rows_a: list[np.ndarray] = field(default_factory=list)  # A_ub rows
    rows_b: list[float] = field(default_factory=list)
    eq_a: list[np.ndarray] = field(default_factory=list)
    eq_b: list[float] = field(default_factory=list)
    targets: list[tuple[str, np.ndarray, int]] = field(default_factory=list)
    small_rows: list[tuple[str, dict[str, np.ndarray], int]] = field(default_factory=list)
    _built: tuple[object, dict] = field(default=(None, {}), repr=False)  # the programme, once

    def __post_init__(self) -> None:
        raw = self.raw.reset_index(drop=True)
        self.raw = raw
        n = len(raw)
        yes = raw["numerator"].to_numpy(dtype=float)
        no = np.where(raw["indicator"] == "WRES1", 0.0,
                      raw["denominator"].to_numpy(dtype=float) - yes)  # fmt: skip
        self.truth = np.concatenate([yes, no])
        self.size = 2 * n
        self.columns = {c: raw[c].astype(object).to_numpy() for c in raw.columns}

    # --- which unknowns a published entry adds up ---------------------------------------------

    def select(self, indicator: str, *, directorate: str | None = None,
               bands: tuple[str, ...] | None = None, clinical: bool | None = None,
               groups: tuple[str, ...] | None = None, part: str = "yes") -> np.ndarray:  # fmt: skip
        c = self.columns
        mask = c["indicator"] == indicator
        if directorate is not None:
            mask &= c["directorate"] == directorate
        if bands is not None:
            mask &= np.isin(c["band"], list(bands))
        if clinical is not None:
            mask &= np.array([v is not None and not pd.isna(v) and bool(v) is clinical
                              for v in c["clinical"]])  # fmt: skip
        if groups is not None:
            mask &= np.isin(c["group"], list(groups))
        n = len(self.raw)
        vector = np.zeros(self.size)
        if part in ("yes", "total"):
            vector[:n] += mask
        if part in ("no", "total"):
            vector[n:] += mask
        return vector

    # --- what a reader learns -------------------------------------------------------------------

    def about(self, vector: np.ndarray, shown: int) -> None:
        """A published count: exactly 0, or the nearest multiple of 5 to the true sum."""
        if shown == 0:
            self.eq_a.append(vector)
            self.eq_b.append(0.0)
            return
        half = (SETTINGS.rounding_base - 1) // 2  # 5 -> true value within shown ± 2
        self.rows_a += [vector, -vector]
        self.rows_b += [shown + half, -(shown - half)]

    def zero(self, vector: np.ndarray) -> None:
        self.eq_a.append(vector)
        self.eq_b.append(0.0)

    def share(self, part: np.ndarray, whole: np.ndarray, percent: float, step: float) -> None:
        """(p − s/2)% of the whole <= part <= (p + s/2)% of the whole."""
        low, high = max(0.0, percent - step / 2) / 100, min(100.0, percent + step / 2) / 100
        self.rows_a += [part - high * whole, low * whole - part]
        self.rows_b += [0.0, 0.0]

    def hidden(self, name: str, vector: np.ndarray) -> None:
        self.targets.append((name, vector, int(round(vector @ self.truth))))

    def row(self, name: str, by_group: dict[str, np.ndarray]) -> None:
        total = int(round(sum(by_group.values()) @ self.truth))
        if 0 < total < SETTINGS.min_published_row:
            self.small_rows.append((name, by_group, total))

    # --- the linear programme -------------------------------------------------------------------

    def _range(self, vector: np.ndarray) -> tuple[float, float]:
        key = (len(self.rows_a), len(self.eq_a))
        if self._built[0] != key:  # sparse: each row touches few unknowns
            self._built = (key, dict(
                A_ub=csr_matrix(np.array(self.rows_a)) if self.rows_a else None,
                b_ub=np.array(self.rows_b) if self.rows_b else None,
                A_eq=csr_matrix(np.array(self.eq_a)) if self.eq_a else None,
                b_eq=np.array(self.eq_b) if self.eq_b else None,
                bounds=(0, None),
                method="highs",
            ))  # fmt: skip
        kwargs = self._built[1]
        low = linprog(vector, **kwargs)
        high = linprog(-vector, **kwargs)
        assert low.status == 0 and high.status in (0, 3), (low.message, high.message)
        return low.fun, math.inf if high.status == 3 else -high.fun

    def recovered_cells(self) -> list[str]:
        assert self._feasible(), "the attacker's constraints must hold for the true counts"
        won, seen = [], set()
        for name, vector, truth in self.targets:
            if vector.tobytes() in seen:  # the same sum published in two tables
                continue
            seen.add(vector.tobytes())
            low, high = self._range(vector)
            assert low - 1e-6 <= truth <= high + 1e-6, (name, low, truth, high)
            if math.floor(high + 1e-6) == math.ceil(low - 1e-6):
                won.append(f"{name} = {truth}")
        return won

    def one_group_rows(self) -> list[str]:
        won = []
        for name, by_group, total in self.small_rows:
            for group in by_group:
                others = sum(v for g, v in by_group.items() if g != group)
                if isinstance(others, int) or not others.any():
                    others_high = 0.0
                else:
                    others_high = self._range(others)[1]
                if others_high < 0.5 and by_group[group] @ self.truth > 0:
                    won.append(f"{name}: all {total} are {group}")
        return won

    def _feasible(self) -> bool:
        a_ub = np.array(self.rows_a) if self.rows_a else np.zeros((0, self.size))
        a_eq = np.array(self.eq_a) if self.eq_a else np.zeros((0, self.size))
        return bool((a_ub @ self.truth <= np.array(self.rows_b) + 1e-6).all()
                    and np.allclose(a_eq @ self.truth, self.eq_b))  # fmt: skip


# ---------------------------------------------------------------------------------------------
# reading the published tables


def _side(value: object) -> bool | None:
    if value is None or (not isinstance(value, bool) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return SIDES.get(value)
    return bool(value)


def _read_table(attacker: Attacker, frame: pd.DataFrame, where: str, directorate: str | None,
                group_labels: dict[str, tuple[str, ...]]) -> None:  # fmt: skip
    """One published long counts table: every entry, and the 0s its missing rows imply."""
    for indicator, rows in frame.groupby("indicator", sort=False):
        if indicator == "WRES9":
            continue  # board membership is public, published exactly
        if indicator != "WRES1":
            for r in rows.to_dict("records"):
                groups = group_labels.get(r["group"], (r["group"],))
                name = f"{where} {indicator} {r['group']}"
                yes = attacker.select(indicator, directorate=directorate, groups=groups)
                total = attacker.select(indicator, directorate=directorate, groups=groups,
                                        part="total")  # fmt: skip
                for label, vector, value in (("yes", yes, r["numerator"]),
                                             ("of", total, r["denominator"])):  # fmt: skip
                    if value is None or pd.isna(value) or value == "suppressed":
                        attacker.hidden(f"{name} {label}", vector)
                    else:
                        attacker.about(vector, int(value))
            continue
        sides = [_side(v) for v in rows["clinical"].astype(object)]
        for side in dict.fromkeys(sides):
            table = rows[np.array([v is side for v in sides], dtype=bool)]
            present = list(dict.fromkeys(table["group"]))
            for band, band_rows in table.groupby("band", sort=False):
                bands = expand_band(str(band))
                by_group = {}
                for label in present:
                    groups = group_labels.get(label, (label,))
                    vector = attacker.select("WRES1", directorate=directorate, bands=bands,
                                             clinical=side, groups=groups)  # fmt: skip
                    by_group[label] = vector
                    got = band_rows[band_rows["group"] == label]
                    if got.empty:
                        attacker.zero(vector)  # the table has the group, the band does not
                        continue
                    value = got["numerator"].iloc[0]
                    if value is None or pd.isna(value) or value == "suppressed":
                        attacker.hidden(f"{where} {band} {side} {label}", vector)
                    else:
                        attacker.about(vector, int(value))
                total = sum(by_group.values())
                value = band_rows["denominator"].iloc[0]
                if value is None or pd.isna(value) or value == "suppressed":
                    attacker.hidden(f"{where} {band} {side} total", total)
                else:
                    attacker.about(total, int(value))
                attacker.row(f"{where} {band} ({side})", by_group)


def _emitted(counts: pd.DataFrame, directorate: str | None) -> pd.DataFrame:
    """What ``inclusivehr wres --emit-counts --publish`` writes for a unit."""
    unit = {"directorate": directorate} if directorate else {}
    published = publish_counts(collapse(filter_unit(counts, **unit)), SETTINGS).counts
    out = published.copy().astype({"numerator": object, "denominator": object})
    out.loc[published["numerator_suppressed"].to_numpy(), "numerator"] = None
    out.loc[published["denominator_suppressed"].to_numpy(), "denominator"] = None
    return out


_ABOUT_STAFF = re.compile(r"of about ([\d,]+) staff")
_PART = re.compile(r"^(.*) \((clinical|non-clinical|clinical status unknown)\)$")


def _read_pack(attacker: Attacker, counts: pd.DataFrame) -> None:
    pack = pack_for(counts, settings=SETTINGS)
    frame = pack.counts.frame().rename(columns=str.lower)
    frame = frame.rename(columns={"numerator": "numerator", "denominator": "denominator"})
    _read_table(attacker, frame, "pack", None, {"White or unknown": NOT_BME})
    everyone = attacker.select("WRES1", part="yes")
    for row in pack.results.rows:
        indicator, part, value, reading = row[0], row[1], row[3], str(row[10])
        if indicator != "WRES1" or value is None:
            continue
        # the value column: a whole number to the step the rounded headcount allows (the rule
        # is public: the workbook's About sheet), the headcount quoted in the reading
        match = _ABOUT_STAFF.search(reading)
        assert match, reading
        headcount = int(match.group(1).replace(",", ""))
        step = percent_step(headcount, SETTINGS)
        if value % step:  # not on the step: the figure is more precise than the rule says
            step = 1
        if not part:
            attacker.about(everyone, headcount)
            attacker.share(attacker.select("WRES1", groups=("BME",)), everyone, value, step)
            continue
        band, side = _PART.match(part).groups()
        clinical = SIDES.get(side)
        bands = expand_band(band)
        whole = attacker.select("WRES1", bands=bands, clinical=clinical)
        bme = attacker.select("WRES1", bands=bands, clinical=clinical, groups=("BME",))
        attacker.share(bme, whole, value, step)


def attack(counts: pd.DataFrame) -> Attacker:
    """Every published table of one organisation's latest year, read into one programme (a
    test below checks that every table was read)."""
    year = int(pd.to_numeric(counts["year"]).max())
    counts = counts[(counts["year"] == year).to_numpy()].reset_index(drop=True)
    counts = counts[(counts["indicator"] != "WRES9").to_numpy()].reset_index(drop=True)
    attacker = Attacker(counts)
    _read_pack(attacker, counts)
    _read_table(attacker, _emitted(counts, None), "whole", None, {})
    for directorate in sorted(counts["directorate"].dropna().unique()):
        _read_table(attacker, _emitted(counts, directorate), directorate, directorate, {})
    return attacker


# ---------------------------------------------------------------------------------------------
# the trusts attacked


def sample_trust() -> pd.DataFrame:
    return normalise(pd.read_csv(SAMPLE))


def adversarial_trust(seed: int) -> pd.DataFrame:
    """Three directorates with small bands, bands of one group, a VSM band of one BME person and
    a grade of three doctors, all BME; WRES2-4 with small groups."""
    rng = np.random.default_rng(seed)
    rows = []
    bands = ["Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7", "Band 8a", "Band 8b",
             "Band 8c", "Band 9", "VSM"]  # fmt: skip
    for d, directorate in enumerate(("Surgery", "Finance", "HR & OD")):
        for band in bands:
            for clinical in (True, False):
                size = int(rng.choice([0, 1, 2, 3, 5, 9, 14, 25, 60, 140]))
                kind = rng.integers(0, 4)  # 0 mixed, 1 all White, 2 all BME, 3 White + Unknown
                if kind == 0:
                    bme = int(rng.integers(0, size + 1))
                    unknown = int(rng.integers(0, size - bme + 1))
                    groups = {"BME": bme, "Unknown": unknown, "White": size - bme - unknown}
                elif kind == 1:
                    groups = {"White": size}
                elif kind == 2:
                    groups = {"BME": size}
                else:
                    unknown = int(rng.integers(0, size + 1))
                    groups = {"White": size - unknown, "Unknown": unknown}
                if band == "VSM" and d == 0:
                    groups, clinical = {"BME": 1}, False
                groups = {g: n for g, n in groups.items() if n > 0}
                for g, n in groups.items():
                    rows.append(("T", 2025, "WRES1", band, clinical, directorate, g, n,
                                 sum(groups.values())))  # fmt: skip
        if d == 0:
            rows += [("T", 2025, "WRES1", "Non-consultant career grade", True, directorate,
                      "BME", 3, 3),
                     ("T", 2025, "WRES1", "Consultant", True, directorate, "White", 40, 75),
                     ("T", 2025, "WRES1", "Consultant", True, directorate, "BME", 35, 75)]  # fmt: skip
        for indicator in ("WRES2", "WRES3", "WRES4"):
            for g in GROUPS:
                total = int(rng.choice([4, 12, 30, 90]))
                rows.append(("T", 2025, indicator, None, None, directorate, g,
                             int(rng.integers(0, total + 1)), total))  # fmt: skip
    return normalise(pd.DataFrame(rows, columns=COLUMNS))


TRUSTS = {
    "sample trust": sample_trust,
    **{f"adversarial trust {s}": (lambda s=s: adversarial_trust(s)) for s in (1, 2, 3)},
}  # noqa: E501


@pytest.fixture(scope="module", params=list(TRUSTS))
def attacked(request) -> Attacker:
    return attack(TRUSTS[request.param]())


def test_no_hidden_count_can_be_worked_out(attacked):
    assert attacked.targets, "the published tables should hide something"
    assert attacked.recovered_cells() == []


def test_no_small_band_gives_away_that_everyone_in_it_is_in_one_group(attacked):
    assert attacked.one_group_rows() == []


def test_the_attacker_would_catch_a_band_of_one_group():
    # the attacker is not toothless: publishing a VSM band of one BME person as it was before
    # the fix (one group's row, hidden, and no other group) is a win for it
    raw = normalise(pd.DataFrame([
        ("T", 2025, "WRES1", "Band 5", False, "A", "White", 200, 260),
        ("T", 2025, "WRES1", "Band 5", False, "A", "BME", 60, 260),
        ("T", 2025, "WRES1", "VSM", False, "A", "BME", 1, 1),
    ], columns=COLUMNS))  # fmt: skip
    attacker = Attacker(raw)
    leaky = raw.assign(numerator=[200, 60, None], denominator=[260, 260, None])
    _read_table(attacker, leaky, "old", None, {})
    assert attacker.one_group_rows() == ["old VSM (False): all 1 are BME"]
    # and a share to four decimals beside a rounded count gives the count away: 21.9512% of
    # about 40 staff is 9 of 41
    raw = normalise(pd.DataFrame([("T", 2025, "WRES1", "Band 5", False, "A", "BME", 9, 41),
                                  ("T", 2025, "WRES1", "Band 5", False, "A", "White", 32, 41)],
                                 columns=COLUMNS))  # fmt: skip
    attacker = Attacker(raw)
    everyone = attacker.select("WRES1")
    attacker.about(everyone, 40)
    attacker.share(attacker.select("WRES1", groups=("BME",)), everyone, 21.9512, 0.0001)
    attacker.hidden("BME", attacker.select("WRES1", groups=("BME",)))
    assert attacker.recovered_cells() == ["BME = 9"]


def test_compare_shares_beside_rounded_sizes_leave_several_counts_possible(tmp_path):
    # the percentage-to-count route on compare --json: for every trust's share v (to its step)
    # and rounded size D, at least two BME counts k fit some size n of D-2..D+2
    import json

    from click.testing import CliRunner

    from dashboard.cli import main

    rows = [[f"Trust {n}", 2025, "WRES1", g, k, n]
            for n in (9, 12, 19, 23, 41, 57, 88, 130, 260, 999)
            for g, k in (("BME", (n * 7) // 31), ("White", n - (n * 7) // 31))]  # fmt: skip
    path = tmp_path / "network.csv"
    pd.DataFrame(rows, columns=["Organisation", "Year", "Indicator", "Group", "Numerator",
                                "Denominator"]).to_csv(path, index=False)  # fmt: skip
    out = json.loads(CliRunner().invoke(main, ["compare", "--counts", str(path), "--json",
                                               "--indicator", "WRES1"]).stdout)  # fmt: skip
    for org in out["organisations"]:
        size, value = org["denominator"], org["value"]
        assert size is not None and value is not None
        # a whole number is to the published step; a decimal tells its own precision
        if isinstance(value, int):
            half = percent_step(size, SETTINGS) / 2
        else:
            half = 0.5 * 10 ** -len(repr(value).split(".")[1])
        fits = {k for n in range(size - 2, size + 3) for k in range(n + 1)
                if abs(100 * k / n - value) <= half + 1e-9}  # fmt: skip
        assert len(fits) >= 2, (org["organisation"], size, value, fits)
