"""A fictional union casework log for the sample network's trusts (2022-2025), and the union's
members at each trust by ethnic group: the inputs of `inclusivehr casework`.

Everything is invented. The union has about one member in fourteen staff at each trust; a member
opens a case in a year with a chance of about 4%, so a trust has tens of cases a year
(a handful at the smallest). Each trust
gets a persistent disparity (how much likelier a BME member is to be in a case), drawn around
1.4, with two trusts well above (about 2.6) and one close to even; BME members' disciplinary
cases end in a sanction somewhat more often. The log is written as a union's spreadsheet would
be: ESR-style ethnicity labels, dates opened, free-text case types and outcomes in a few
spellings, a case reference (random, repeated once where a case was logged again at appeal).

Outputs (under --out, by default this package's folder): ``network/casework.csv`` and
``network/casework_members.csv``. Run ``python -m sample_data.casework [--out DIR]``. The
generator is deterministic (seeded): two runs give identical files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from sample_data.network import TRUSTS, YEARS
from sample_data.rand import choose, rng_for
from sample_data.reference import BME_CODES, DEFAULT_SEED, ETHNICITY_LABELS, WHITE_CODES
from sample_data.writers import write_csv

MEMBER_SHARE = 1 / 14  # members per member of staff
CASE_RATE = 0.04  # cases a year per member, White members
P_UNKNOWN = 0.05  # cases whose member's ethnicity is not recorded
HIGH = ("Larkmoor Hospitals NHS Trust", "Corrowden University Hospitals NHS Trust")
EVEN = ("Harrowfield Community Healthcare NHS Trust",)

CASE_TYPES = {  # label as a rep might write it -> weight
    "Disciplinary": 0.20, "Gross misconduct": 0.06, "MHPS exclusion": 0.02,
    "Grievance": 0.16, "Capability": 0.06, "Sickness absence": 0.05,
    "Appeal against dismissal": 0.05, "Bullying and harassment": 0.15,
    "Race discrimination": 0.07, "Whistleblowing": 0.04, "Other": 0.14,
}  # fmt: skip
BME_TYPE_ODDS = {"Race discrimination": 2.5, "Disciplinary": 1.2, "Gross misconduct": 1.2}
SANCTIONED_TYPES = ("Disciplinary", "Gross misconduct", "MHPS exclusion", "Capability",
                    "Sickness absence", "Appeal against dismissal")  # fmt: skip
SANCTION_OUTCOMES = {"Dismissed": 0.08, "Final written warning": 0.12, "Written warning": 0.15}
CLEAR_OUTCOMES = {"No case to answer": 0.35, "Informal action": 0.12, "Withdrawn": 0.05}
OTHER_OUTCOMES = {"Upheld": 0.25, "Partially upheld": 0.2, "Not upheld": 0.3, "Resolved": 0.15,
                  "Withdrawn": 0.1}  # fmt: skip
P_ONGOING = {2022: 0.0, 2023: 0.02, 2024: 0.06, 2025: 0.25}
BME_SANCTION_ODDS = 1.5
STAGES = {"Informal": 0.2, "Investigation": 0.35, "Hearing": 0.3, "Appeal": 0.15}
GRADES = {"Consultant": 0.35, "Specialty doctor": 0.15, "Specialty registrar": 0.3,
          "Foundation year 2": 0.1, "Core trainee": 0.1}  # fmt: skip
PMQ = {"UK": 0.55, "EEA": 0.1, "International": 0.35}


def _trust_effects(rng: np.random.Generator, name: str) -> tuple[float, float]:
    """(BME share of members, the relative likelihood of a BME member being in a case)."""
    bme_share = float(rng.uniform(0.25, 0.55))  # doctors: a higher BME share than all staff
    disparity = 2.6 if name in HIGH else 1.0 if name in EVEN else float(rng.lognormal(0.3, 0.15))
    return bme_share, disparity


def members(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    rows = []
    for name, _, _, size in TRUSTS:
        rng = rng_for(seed, f"casework members {name}")
        bme_share, _ = _trust_effects(rng, name)
        total = round(size * MEMBER_SHARE)
        unknown = int(rng.binomial(total, 0.04))
        bme = int(round((total - unknown) * bme_share))
        rows += [(name, "BME", bme), (name, "White", total - unknown - bme),
                 (name, "Unknown", unknown)]  # fmt: skip
    return pd.DataFrame(rows, columns=["Employer", "Group", "Members"])


def _outcome(rng: np.random.Generator, case_type: str, bme: bool, year: int) -> str:
    if rng.random() < P_ONGOING[year]:
        return "Ongoing"
    if case_type not in SANCTIONED_TYPES:
        return str(choose(rng, OTHER_OUTCOMES, 1)[0])
    odds = BME_SANCTION_ODDS if bme else 1.0
    weights = {k: v * odds for k, v in SANCTION_OUTCOMES.items()} | CLEAR_OUTCOMES
    return str(choose(rng, weights, 1)[0])


def casework(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    table = members(seed)
    rows = []
    for name, _, _, _ in TRUSTS:
        rng = rng_for(seed, f"casework cases {name}")
        mine = table[table["Employer"] == name].set_index("Group")["Members"]
        _, disparity = _trust_effects(rng_for(seed, f"casework members {name}"), name)
        for year in YEARS:
            counts = {"White": rng.poisson(mine["White"] * CASE_RATE),
                      "BME": rng.poisson(mine["BME"] * CASE_RATE * disparity)}  # fmt: skip
            counts["Unknown"] = rng.binomial(counts["White"] + counts["BME"], P_UNKNOWN)
            for group, n in counts.items():
                codes = {"White": WHITE_CODES, "BME": BME_CODES, "Unknown": {"Z": 1.0}}[group]
                for _ in range(n):
                    odds = BME_TYPE_ODDS if group == "BME" else {}
                    weights = {k: v * odds.get(k, 1.0) for k, v in CASE_TYPES.items()}
                    case_type = str(choose(rng, weights, 1)[0])
                    opened = pd.Timestamp(year - 1, 4, 1) + pd.Timedelta(
                        days=int(rng.integers(0, 365))
                    )
                    rows.append({
                        "Case Reference": "",
                        "Employer": name,
                        "Date Opened": opened.strftime("%Y-%m-%d"),
                        "Case Type": case_type,
                        "Ethnicity": ETHNICITY_LABELS[str(choose(rng, codes, 1)[0])],
                        "Grade": str(choose(rng, GRADES, 1)[0]),
                        "Place of Primary Qualification": str(choose(rng, PMQ, 1)[0]),
                        "Stage Reached": str(choose(rng, STAGES, 1)[0]),
                        "Outcome": _outcome(rng, case_type, group == "BME", year),
                    })  # fmt: skip
    out = pd.DataFrame(rows)
    rng = rng_for(seed, "casework order")
    out = out.iloc[rng.permutation(len(out))].sort_values("Date Opened", kind="stable")
    numbers = rng.choice(np.arange(100000, 1000000), size=len(out), replace=False)
    out["Case Reference"] = [f"CW-{n}" for n in numbers]  # distinct: one row per case
    # one case logged again when it went to appeal: the later row is the one counted
    again = out.iloc[[len(out) // 3]].assign(**{"Stage Reached": "Appeal"})
    return pd.concat([out, again], ignore_index=True)


def write(out: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    folder = Path(out) / "network"
    return [write_csv(casework(seed), folder / "casework.csv"),
            write_csv(members(seed), folder / "casework_members.csv")]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for path in write(args.out, args.seed):
        print(path)


if __name__ == "__main__":
    main()
