"""Pay-gap benchmark: quartiles, and every pay-gap figure, on a national-scale staff frame.

Generates 1.4M synthetic people in memory (deterministic, numpy default_rng with a fixed seed):
sex (77% women, 2% unknown), an Agenda for Change band or medical grade with hourly pay on pay
points (so many people share a rate, as in the NHS: quartile ties matter), 3% bank, 3% not
full-pay relevant, clinical excellence awards for some consultants. Then times, in this process:

    baseline     numpy.sort of the hourly pay column (the least any ranking can cost)
    quartiles    metrics.standards.pay_quartiles.quartile_shares on the compared staff
    paygap       metrics.standards.paygap.pay_gap(frame, "sex"): every figure, for the
                 organisation, each band and each pay scheme, with the exact median intervals
                 and seeded bootstrap intervals (1,000 resamples) for the gaps
    paygap, no intervals   the same without the bootstrap

Each is the median of --repeat runs; the ratio is to the baseline measured in the same run.
Target: quartiles under 1 s. Missing it prints MISSED; the exit status stays 0.

    .venv/bin/python benchmarks/paygap.py            # 1,400,000 rows
    .venv/bin/python benchmarks/paygap.py --quick    # 50,000 rows
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrics.standards.pay_quartiles import quartile_shares  # noqa: E402
from metrics.standards.paygap import pay_gap  # noqa: E402

SEED = 20250331
QUARTILES_TARGET_SECONDS = 1.0
# band: (share of staff, lowest hourly pay, pay points, pence between points)
BANDS = {
    "Band 2": (0.14, 12.45, 1, 0), "Band 3": (0.13, 12.85, 2, 60), "Band 4": (0.10, 14.10, 2, 90),
    "Band 5": (0.18, 15.10, 3, 110), "Band 6": (0.15, 18.85, 3, 150), "Band 7": (0.09, 23.10, 3, 160),
    "Band 8a": (0.04, 26.90, 2, 240), "Band 8b": (0.02, 31.30, 2, 300),
    "Band 8c": (0.01, 37.10, 2, 330), "Band 8d": (0.005, 44.00, 2, 400),
    "Band 9": (0.003, 52.60, 2, 500), "VSM": (0.002, 70.00, 40, 50),
    "Consultant": (0.05, 56.10, 8, 180), "Non-consultant career grade": (0.02, 30.00, 10, 150),
    "Trainee grade": (0.06, 19.00, 8, 200), "Other medical": (0.03, 20.00, 20, 90),
}  # fmt: skip


def synthetic(rows: int, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    names = list(BANDS)
    shares = np.array([BANDS[b][0] for b in names])
    band = rng.choice(len(names), rows, p=shares / shares.sum())
    low = np.array([BANDS[b][1] for b in names])[band]
    points = np.array([BANDS[b][2] for b in names])[band]
    step = np.array([BANDS[b][3] for b in names])[band] / 100
    hourly = np.round(low + rng.integers(0, points) * step, 2)
    sex = rng.choice(np.array(["Female", "Male", "Unknown"], dtype=object), rows,
                     p=[0.75, 0.23, 0.02])  # fmt: skip
    consultant = band == names.index("Consultant")
    award = consultant & (rng.random(rows) < 0.3)
    bonus = np.where(award, np.round(rng.choice([5000, 10000, 20000, 40000], rows) / 1.0, 2), 0)
    return pd.DataFrame(
        {
            "sex_group": pd.Categorical(sex),  # as the loader gives it
            "band": pd.Categorical.from_codes(band, names),
            "hourly_pay": hourly,
            "bonus": bonus.astype(float),
            "full_pay_relevant": rng.random(rows) >= 0.03,
            "bank": rng.random(rows) < 0.03,
            "year": np.full(rows, 2025),
        }
    )


def timed(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_400_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="50,000 rows, one run each")
    args = parser.parse_args(argv)
    rows, repeat = (50_000, 1) if args.quick else (args.rows, args.repeat)
    frame = synthetic(rows)
    pay = frame["hourly_pay"].to_numpy()
    compared = frame["sex_group"].isin(["Female", "Male"]).to_numpy()
    compared = compared & frame["full_pay_relevant"].to_numpy() & ~frame["bank"].to_numpy()
    ranked = pay[compared]
    code = (frame["sex_group"].to_numpy()[compared] == "Male").astype(np.int64)

    results = {
        "baseline (numpy sort of the pay column)": timed(lambda: np.sort(pay), repeat),
        "quartiles": timed(lambda: quartile_shares(ranked, code, 2), repeat),
        "paygap, no intervals": timed(lambda: pay_gap(frame, "sex", intervals=False), repeat),
        "paygap, every figure and interval": timed(lambda: pay_gap(frame, "sex"), repeat),
    }
    base = results["baseline (numpy sort of the pay column)"]
    print(f"{rows:,} rows, median of {repeat} run(s)")
    print(f"{'what':<40} {'seconds':>9} {'x baseline':>11}")
    for name, seconds in results.items():
        print(f"{name:<40} {seconds:>9.3f} {seconds / base:>11.1f}")
    if results["quartiles"] > QUARTILES_TARGET_SECONDS:
        print(f"MISSED: quartiles took more than {QUARTILES_TARGET_SECONDS:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
