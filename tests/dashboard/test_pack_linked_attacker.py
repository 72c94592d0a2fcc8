"""An attacker against a published board pack holding the WRES and the WDES of the same staff.

The trust is made person by person (band, clinical side, ethnicity, disability; applicants by
ethnicity, disability and whether appointed; board members by ethnicity and disability), so the
pack's WRES and WDES tables count the same people by two characteristics and share their band,
applicant and board totals. The attacker reads every count of the pack's Counts sheet (WRES1's
ladder as BME against "White or unknown" with its merged rows, WRES2, WRES9 shown exactly as
board membership is public, WDES1, WDES2, WDES10) and the headcounts the results quote, as a
linear programme whose unknowns are the number of people of each kind (at least 0): each shown
count fixes its sum to within the rounding, a 0 fixes it exactly, a band row a table lacks is 0.
``scipy.optimize.linprog`` then finds the least and the most each hidden count can be; the
attacker wins a hidden count when only one whole number is left. It differences totals against
shown cells and WRES band totals against WDES ones, and must win nothing.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from dashboard.pack import pack_for
from dashboard.pack.bands import MERGES
from metrics.counts.table import normalise
from metrics.disclosure.control import DisclosureSettings

ETHNIC = ("White", "BME", "Unknown")
DISABILITY = ("Disabled", "Non-disabled", "Unknown")
BANDS = ("Band 3", "Band 5", "Band 7", "Band 8a", "Band 8c", "Band 9", "VSM")
SIDES = (True, False)
STAFF = [(b, c, e, s) for b in BANDS for c in SIDES for e in ETHNIC for s in DISABILITY]
APPLICANTS = [(e, s, a) for e in ETHNIC for s in DISABILITY for a in (True, False)]
BOARD = [(e, s) for e in ETHNIC for s in DISABILITY]
GROUPS = {"White or unknown": ("White", "Unknown")}  # the ladder's other group


@dataclass
class Trust:
    staff: np.ndarray
    applicants: np.ndarray
    board: np.ndarray

    @property
    def truth(self) -> np.ndarray:
        return np.concatenate([self.staff, self.applicants, self.board]).astype(float)

    def counts(self) -> pd.DataFrame:
        rows = []

        def add(indicator, group, numerator, denominator, **keys):
            rows.append(dict(organisation="T", year=2025, indicator=indicator, group=group,
                             numerator=int(numerator), denominator=int(denominator), **keys))  # fmt: skip

        for band, clinical in itertools.product(BANDS, SIDES):
            people = {k: n for k, n in zip(STAFF, self.staff, strict=True)
                      if k[:2] == (band, clinical) and n}  # fmt: skip
            total = sum(people.values())
            for indicator, axis, groups in (("WRES1", 2, ETHNIC), ("WDES1", 3, DISABILITY)):
                for g in groups:
                    n = sum(v for k, v in people.items() if k[axis] == g)
                    if n:
                        add(indicator, g, n, total, band=band, clinical=clinical)
        for indicator, axis, groups in (("WRES2", 0, ETHNIC), ("WDES2", 1, DISABILITY)):
            for g in groups:
                mine = [(k, n) for k, n in zip(APPLICANTS, self.applicants, strict=True)
                        if k[axis] == g]  # fmt: skip
                if sum(n for _, n in mine):
                    add(indicator, g, sum(n for k, n in mine if k[2]), sum(n for _, n in mine))
        members = int(self.board.sum())
        for indicator, axis, groups in (("WRES9", 0, ETHNIC), ("WDES10", 1, DISABILITY)):
            for g in groups:
                n = sum(v for k, v in zip(BOARD, self.board, strict=True) if k[axis] == g)
                if n:
                    add(indicator, g, n, members, membership="voting")
        return normalise(pd.DataFrame(rows))


def vector(part: str, **where: object) -> np.ndarray:
    """The people of one kind whose keys match: a value, or a tuple of values."""
    keys = {"staff": STAFF, "applicants": APPLICANTS, "board": BOARD}
    names = {"staff": ("band", "clinical", "ethnicity", "disability"),
             "applicants": ("ethnicity", "disability", "appointed"),
             "board": ("ethnicity", "disability")}  # fmt: skip
    offsets = {"staff": 0, "applicants": len(STAFF), "board": len(STAFF) + len(APPLICANTS)}
    wanted = {names[part].index(k): v if isinstance(v, tuple) else (v,) for k, v in where.items()}
    out = np.zeros(len(STAFF) + len(APPLICANTS) + len(BOARD))
    for i, key in enumerate(keys[part]):
        if all(key[at] in values for at, values in wanted.items()):
            out[offsets[part] + i] = 1
    return out


@dataclass
class Attacker:
    truth: np.ndarray
    rounding_base: int
    rows_a: list[np.ndarray] = field(default_factory=list)
    rows_b: list[float] = field(default_factory=list)
    eq_a: list[np.ndarray] = field(default_factory=list)
    eq_b: list[float] = field(default_factory=list)
    targets: list[tuple[str, np.ndarray]] = field(default_factory=list)

    def about(self, v: np.ndarray, shown: object, name: str, exact: bool = False) -> None:
        if shown is None or shown == "suppressed" or pd.isna(shown):
            self.targets.append((name, v))
        elif int(shown) == 0 or exact:
            self.eq_a.append(v)
            self.eq_b.append(float(shown))
        else:
            half = (self.rounding_base - 1) // 2  # 5: the truth is within shown ± 2
            self.rows_a += [v, -v]
            self.rows_b += [int(shown) + half, -(int(shown) - half)]

    def recovered(self) -> list[str]:
        kwargs = dict(
            A_ub=csr_matrix(np.array(self.rows_a)) if self.rows_a else None,
            b_ub=np.array(self.rows_b) if self.rows_b else None,
            A_eq=csr_matrix(np.array(self.eq_a)) if self.eq_a else None,
            b_eq=np.array(self.eq_b) if self.eq_b else None, bounds=(0, None), method="highs",
        )  # fmt: skip
        won, seen = [], set()
        for name, v in self.targets:
            if v.tobytes() in seen:
                continue
            seen.add(v.tobytes())
            low, high = linprog(v, **kwargs), linprog(-v, **kwargs)
            assert low.status == 0 and high.status in (0, 3), (name, low.message, high.message)
            top = math.inf if high.status == 3 else -high.fun
            truth = v @ self.truth
            assert low.fun - 1e-6 <= truth <= top + 1e-6, (name, low.fun, truth, top)
            if math.isfinite(top) and math.floor(top + 1e-6) == math.ceil(low.fun - 1e-6):
                won.append(f"{name} = {truth:g}")
        return won


def expand(label: str) -> tuple[str, ...]:
    """The bands a published row holds: "Band 9 + VSM", "Bands 8c-VSM", "Band 5"."""
    shapes = dict(MERGES)
    return tuple(b for part in label.split(" + ") for b in shapes.get(part, (part,)))


_ABOUT_STAFF = re.compile(r"of about ([\d,]+) staff")


def attack(trust: Trust, settings: DisclosureSettings) -> tuple[Attacker, pd.DataFrame]:
    pack = pack_for(trust.counts(), organisation="T", year=2025, settings=settings,
                    standards=("WRES", "WDES"))  # fmt: skip
    sheet = pack.counts.frame()
    attacker = Attacker(trust.truth, settings.rounding_base)
    covered: set[tuple[str, bool]] = set()
    for (indicator, side), table in sheet[sheet["Indicator"].isin(["WRES1", "WDES1"])].groupby(
        ["Indicator", "Clinical"], sort=False
    ):
        clinical = side == "clinical"
        axis = "ethnicity" if indicator == "WRES1" else "disability"
        present = list(dict.fromkeys(table["Group"]))
        for band, rows in table.groupby("Band", sort=False):
            place = {"band": expand(str(band)), "clinical": clinical}
            covered |= {(b, clinical) for b in place["band"]}
            for label in present:
                v = vector("staff", **place, **{axis: GROUPS.get(label, (label,))})
                got = rows[rows["Group"] == label]
                shown = 0 if got.empty else got["Numerator"].iloc[0]
                attacker.about(v, shown, f"{indicator} {band} {side} {label}")
            attacker.about(vector("staff", **place), rows["Denominator"].iloc[0],
                           f"{indicator} {band} {side} total")  # fmt: skip
    for band, clinical in itertools.product(BANDS, SIDES):  # a band in no row holds no one
        if (band, clinical) not in covered:
            attacker.about(vector("staff", band=band, clinical=clinical), 0, "absent")
    for indicator, axis in (("WRES2", "ethnicity"), ("WDES2", "disability")):
        for r in sheet[sheet["Indicator"] == indicator].to_dict("records"):
            attacker.about(vector("applicants", appointed=True, **{axis: r["Group"]}),
                           r["Numerator"], f"{indicator} {r['Group']} appointed")  # fmt: skip
            attacker.about(vector("applicants", **{axis: r["Group"]}), r["Denominator"],
                           f"{indicator} {r['Group']} shortlisted")  # fmt: skip
    for indicator, axis in (("WRES9", "ethnicity"), ("WDES10", "disability")):
        exact = indicator == "WRES9" and settings.publish_board_composition
        for r in sheet[sheet["Indicator"] == indicator].to_dict("records"):
            attacker.about(vector("board", **{axis: r["Group"]}), r["Numerator"],
                           f"{indicator} {r['Group']}", exact)  # fmt: skip
            attacker.about(vector("board"), r["Denominator"], f"{indicator} members", exact)
    for row in pack.results.rows:  # the workforce the WRES1 and WDES1 lines quote
        match = _ABOUT_STAFF.search(str(row[10]))
        if row[0] in ("WRES1", "WDES1") and not row[1] and match:
            attacker.about(vector("staff"), int(match.group(1).replace(",", "")), "staff")
    return attacker, sheet


def adversarial_trust(seed: int) -> Trust:
    """Small bands, bands of one ethnic or one disability group, a board with one Disabled
    member, small applicant groups."""
    rng = np.random.default_rng(seed)
    staff = np.zeros(len(STAFF), dtype=int)
    at = {key: i for i, key in enumerate(STAFF)}
    for band, clinical in itertools.product(BANDS, SIDES):
        size = int(rng.choice([0, 1, 2, 3, 5, 9, 14, 25, 60]))
        kind = rng.integers(0, 4)  # 0 mixed, 1 one ethnic group, 2 one disability group, 3 both
        ethnic = ETHNIC if kind in (0, 2) else (ETHNIC[rng.integers(0, 3)],)
        disability = DISABILITY if kind in (0, 1) else (DISABILITY[rng.integers(0, 3)],)
        for _ in range(size):
            staff[at[(band, clinical, rng.choice(ethnic), rng.choice(disability))]] += 1
    applicants = rng.choice([0, 1, 2, 4, 9, 20, 45], size=len(APPLICANTS))
    board = np.zeros(len(BOARD), dtype=int)
    board[BOARD.index(("White", "Non-disabled"))] = 9
    board[BOARD.index(("BME", "Non-disabled"))] = 3
    board[BOARD.index(("BME", "Disabled"))] = 1
    return Trust(staff, applicants, board)


def hand_trust() -> Trust:
    """Worked by hand: non-clinical Band 5 and Band 7 (20 staff: 12 White, 2 BME, 6 Unknown
    ethnicity, all non-disabled). WDES1 alone hides Band 7's Non-disabled 20 beside Disabled 0
    and Unknown 0 (the secondary suppression its Band 5 needs), so it hides Band 7's total too;
    WRES1 alone shows Band 7's total, 20 (BME 2 hidden with White or unknown 18, but the total
    seen). Together the hidden Non-disabled count is 20 = the WRES's total. Protected as one,
    the total is hidden in both."""
    staff = np.zeros(len(STAFF), dtype=int)
    at = {key: i for i, key in enumerate(STAFF)}
    people = {("Band 5", "White", "Disabled"): 2, ("Band 5", "White", "Non-disabled"): 1,
              ("Band 5", "BME", "Non-disabled"): 1, ("Band 5", "BME", "Unknown"): 3,
              ("Band 5", "Unknown", "Unknown"): 1,
              ("Band 7", "White", "Non-disabled"): 12, ("Band 7", "BME", "Non-disabled"): 2,
              ("Band 7", "Unknown", "Non-disabled"): 6}  # fmt: skip
    for (band, e, s), n in people.items():
        staff[at[(band, False, e, s)]] = n
    return Trust(staff, np.zeros(len(APPLICANTS), int), np.zeros(len(BOARD), int))


EXACT = DisclosureSettings(rounding_base=1)  # only the suppression protects


def test_the_hand_worked_trust_gives_nothing_away_from_the_counts_sheet():
    attacker, sheet = attack(hand_trust(), EXACT)
    assert {"WRES1", "WDES1"} <= set(sheet["Indicator"])
    assert len(attacker.targets) >= 4, "the sheet should hide the small counts and their totals"
    assert attacker.recovered() == []


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("settings", [EXACT, DisclosureSettings()], ids=["exact", "rounded"])
def test_no_hidden_count_can_be_worked_out_from_a_pack_with_both_standards(seed, settings):
    attacker, sheet = attack(adversarial_trust(seed), settings)
    assert {"WRES1", "WDES1", "WRES2", "WDES2", "WRES9"} <= set(sheet["Indicator"])
    assert attacker.targets, "the published tables should hide something"
    assert attacker.recovered() == []
