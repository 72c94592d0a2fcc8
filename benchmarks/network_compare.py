"""Compare trusts at network scale: reading a network counts file and `inclusivehr compare` for one
indicator, against pandas doing the same work directly, at 36, 252 and 1,008 trusts x 5 years.

The network files are generated from the sample network's layout (sample_data/network/
wres_counts.csv: each trust's rows of bands, groups, survey and board counts) with a seeded
generator: each synthetic trust takes a sample trust's rows as its pattern, scaled by its own size
factor, with numerators drawn binomially from the pattern's rates, for the years 2021-2025. Files
are written once per run into a temporary folder (not measured).

Each command runs in its own subprocess, so interpreter start-up and imports count the same on
both sides (what a user of the command waits for), median wall time of --repeat runs, ours and
the baseline interleaved:

    read      baseline  python -c "pandas.read_csv(FILE)"
              ours      metrics.compare.inputs.load_network([FILE]): the read, the organisation
                        spelling and duplicate checks, the canonical counts
    compare   baseline  `direct()` below, plain pandas and numpy: read the file, keep the
                        indicator's rows, sum numerators and denominators per trust, year and
                        group, then each trust's relative likelihood with its Katz 95% interval,
                        the change since the previous year, the network's pooled value and each
                        trust's 95% and 99.8% funnel limits and position in the latest year
              ours      inclusivehr compare --counts FILE --indicator WRES2 --json

The project's modules are compiled to bytecode first (``compileall``), as an installed package
has them (pip compiles a package as it installs it) and as pandas' own are: with
PYTHONDONTWRITEBYTECODE set, ours would otherwise be compiled afresh in every run and the
baseline's never.

Targets (issue 12): reading grows linearly with the number of trusts (the time per trust at
1,008 trusts within 1.5x of that at 252), and `compare` within 1.5x of the direct pandas
computation at every size. A missed target prints MISSED; the exit status stays 0 (1 if a
command fails).

    .venv/bin/python benchmarks/network_compare.py             # 36, 252, 1,008 trusts; median of 3
    .venv/bin/python benchmarks/network_compare.py --quick     # 36 and 252 trusts, 1 run each
    .venv/bin/python benchmarks/network_compare.py --markdown  # also a table for the README
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "network" / "wres_counts.csv"
SEED = 20250331
YEARS = (2021, 2022, 2023, 2024, 2025)
SIZES = (36, 252, 1008)
INDICATOR = "WRES2"
COMPARE_TARGET = 1.5  # ours / direct pandas, wall time
LINEAR_TARGET = 1.5  # seconds per trust at the largest size / at 252 trusts


# --- the network files ------------------------------------------------------------------------


def network_file(trusts: int, folder: Path, seed: int = SEED) -> Path:
    """``trusts`` synthetic trusts x 5 years in the sample network's layout (seeded)."""
    sample = pd.read_csv(SAMPLE, dtype={"band": str, "clinical": str, "membership": str})
    rng = np.random.default_rng(seed + trusts)
    first = int(sample["year"].min())
    # the row numbers of each sample trust's rows in each year: a synthetic trust's pattern
    where = {
        key: idx.to_numpy() for key, idx in sample.groupby(["organisation", "year"]).groups.items()
    }
    patterns = sorted(sample["organisation"].unique())
    take, names, years, scales = [], [], [], []
    for i in range(trusts):
        pattern = patterns[int(rng.integers(len(patterns)))]
        scale = float(rng.uniform(0.6, 1.6))
        for year in YEARS:
            idx = where[(pattern, max(year, first))]
            take.append(idx)
            names.append(np.full(len(idx), f"Synthetic Trust {i + 1:04d} NHS Trust", dtype=object))
            years.append(np.full(len(idx), year))
            scales.append(np.full(len(idx), scale))
    frame = sample.iloc[np.concatenate(take)].reset_index(drop=True)
    frame["organisation"] = np.concatenate(names)
    frame["year"] = np.concatenate(years)
    numerator = frame["numerator"].to_numpy(dtype=float)
    denominator = frame["denominator"].to_numpy(dtype=float)
    size = np.maximum(np.rint(denominator * np.concatenate(scales)), 0).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(denominator > 0, np.clip(numerator / denominator, 0, 1), 0.0)
    frame["denominator"] = size
    frame["numerator"] = rng.binomial(size, rate)
    path = folder / f"network_{trusts}.csv"
    frame.to_csv(path, index=False)
    return path


# --- the baseline: the same values, computed directly with pandas ------------------------------

Z95, Z998 = 1.959963984540054, 3.090232306167813


def direct(path: str, indicator: str = INDICATOR) -> pd.DataFrame:
    """One ratio indicator across the network, plainly: the figures `compare --json` gives."""
    frame = pd.read_csv(path)
    rows = frame[frame["indicator"] == indicator]
    sums = rows.groupby(["organisation", "year", "group"])[["numerator", "denominator"]].sum()
    wide = sums.unstack("group", fill_value=0)
    top, other = ("White", "BME") if indicator in ("WRES2", "WRES4") else ("BME", "White")
    a, n1 = wide[("numerator", top)], wide[("denominator", top)]
    c, n2 = wide[("numerator", other)], wide[("denominator", other)]
    ok = (a > 0) & (c > 0) & (n1 > 0) & (n2 > 0)
    out = pd.DataFrame(index=wide.index)
    out["value"] = ((a / n1) / (c / n2)).where(ok)
    se = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2).where(ok)
    out["ci_lower"] = out["value"] * np.exp(-Z95 * se)
    out["ci_upper"] = out["value"] * np.exp(Z95 * se)
    out["size"] = n1 + n2
    out = out.reset_index()
    previous = out[["organisation", "year", "value"]].assign(year=out["year"] + 1)
    out = out.merge(previous, on=["organisation", "year"], how="left", suffixes=("", "_before"))
    out["change"] = out["value"] - out.pop("value_before")
    latest = out[out["year"] == out["year"].max()].copy()
    last = wide.loc[latest.set_index(["organisation", "year"]).index]
    pooled = math.log(
        (last[("numerator", top)].sum() / last[("denominator", top)].sum())
        / (last[("numerator", other)].sum() / last[("denominator", other)].sum())
    )
    se_last = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2).where(ok).loc[last.index].to_numpy()
    for name, z in (("95", Z95), ("99.8", Z998)):
        latest[f"lower{name}"] = np.exp(pooled - z * se_last)
        latest[f"upper{name}"] = np.exp(pooled + z * se_last)
    latest["position"] = np.select(
        [latest["value"] > latest["upper99.8"], latest["value"] > latest["upper95"],
         latest["value"] < latest["lower99.8"], latest["value"] < latest["lower95"]],
        ["above_99.8", "above_95", "below_99.8", "below_95"], "within",
    )  # fmt: skip
    latest["pooled"] = math.exp(pooled)
    return latest.sort_values("value", ascending=False)


# --- timing -----------------------------------------------------------------------------------

READ_BASELINE = "import sys, pandas as pd; pd.read_csv(sys.argv[1])"
READ_OURS = (
    "import sys; from metrics.compare.inputs import load_network; load_network([sys.argv[1]])"
)
COMPARE_BASELINE = (
    "import sys; sys.path.insert(0, 'benchmarks'); import network_compare as b; "
    "b.direct(sys.argv[1]).to_json()"
)


def _ours_compare(path: Path) -> list[str]:
    return [sys.executable, "-m", "dashboard.cli", "compare", "--counts", str(path),
            "--indicator", INDICATOR, "--json"]  # fmt: skip


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, processor seconds) of one subprocess: processor time (user + system, from
    os.wait4 on that child) is what the targets are judged on, as it does not grow when other
    work shares the machine; wall time is shown beside it."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if child.returncode != 0:
            err.seek(0)
            message = err.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(argv[:4])} ... failed:\n{message}")
    return seconds, usage.ru_utime + usage.ru_stime


def medians(pairs: dict[str, tuple[list[str], list[str]]], repeat: int) -> dict[str, tuple]:
    """{what: ((baseline wall, processor), (ours wall, processor))}, each the median of
    ``repeat`` runs, ours and the baseline interleaved."""
    out = {}
    for what, (baseline, ours) in pairs.items():
        b, o = [], []
        for _ in range(repeat):
            b.append(timed(baseline))
            o.append(timed(ours))
        out[what] = tuple(
            (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
            for runs in (b, o)
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median shown)")
    parser.add_argument("--quick", action="store_true", help="36 and 252 trusts, one run each")
    parser.add_argument("--markdown", action="store_true", help="also a table for the README")
    args = parser.parse_args(argv)
    sizes = SIZES[:2] if args.quick else SIZES
    repeat = 1 if args.quick else args.repeat
    results: dict[int, dict[str, tuple]] = {}
    rows: dict[int, int] = {}
    for package in ("metrics", "dashboard"):  # as installed: see the module's docstring
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        for trusts in sizes:
            path = network_file(trusts, Path(folder))
            rows[trusts] = sum(1 for _ in path.open()) - 1
            path.read_bytes()  # in the page cache for both sides
            py = sys.executable
            results[trusts] = medians(
                {
                    "read": (
                        [py, "-c", READ_BASELINE, str(path)],
                        [py, "-c", READ_OURS, str(path)],
                    ),
                    "compare": ([py, "-c", COMPARE_BASELINE, str(path)], _ours_compare(path)),
                },  # fmt: skip
                repeat,
            )
    print(f"Compare trusts, {INDICATOR}, {len(YEARS)} years; median of {repeat} run(s), each a "
          "subprocess (start-up and imports included). Processor seconds (user + system), "
          "wall seconds in brackets")  # fmt: skip
    header = (f"{'trusts':>7} {'rows':>9}  {'read: pandas':>16} {'ours':>15} {'ratio':>6} "
              f"{'ms/trust':>8}  {'compare: pandas':>16} {'ours':>15} {'ratio':>6}")  # fmt: skip
    print(header)
    table = []

    def both(pair: tuple[float, float]) -> str:
        return f"{pair[1]:6.2f} ({pair[0]:5.2f})"

    for trusts in sizes:
        (rb, ro), (cb, co) = results[trusts]["read"], results[trusts]["compare"]
        per_trust = 1000 * ro[1] / trusts
        table.append((trusts, rows[trusts], rb[1], ro[1], per_trust, cb[1], co[1]))
        print(f"{trusts:>7,} {rows[trusts]:>9,}  {both(rb):>16} {both(ro):>15} "
              f"{ro[1] / rb[1]:>5.1f}x {per_trust:>8.2f}  {both(cb):>16} {both(co):>15} "
              f"{co[1] / cb[1]:>5.1f}x")  # fmt: skip
    # growth: what each added trust costs, between sizes (linear: about the same throughout)
    verdicts = []
    steps = list(zip(sizes, sizes[1:], strict=False))
    for low, high in steps:
        extra = results[high]["read"][1][1] - results[low]["read"][1][1]
        print(f"  read: {1000 * extra / (high - low):.2f} ms per added trust from {low:,} "
              f"to {high:,} trusts")  # fmt: skip
    if len(steps) > 1:
        (a, b), (c, d) = steps[0], steps[-1]
        first = (results[b]["read"][1][1] - results[a]["read"][1][1]) / (b - a)
        last = (results[d]["read"][1][1] - results[c]["read"][1][1]) / (d - c)
        verdicts.append((f"read: cost per added trust, {c:,} -> {d:,} over {a:,} -> {b:,}",
                         last / first if first > 0 else math.inf, LINEAR_TARGET))  # fmt: skip
    for trusts in sizes:
        cb, co = results[trusts]["compare"]
        verdicts.append((f"compare at {trusts:,} trusts over direct pandas", co[1] / cb[1],
                         COMPARE_TARGET))  # fmt: skip
    for what, ratio, target in verdicts:
        print(f"  {what}: {ratio:.2f}x (target <= {target}x) "
              f"{'MET' if ratio <= target else 'MISSED'}")  # fmt: skip
    if args.markdown:
        print()
        print("| Trusts x 5 years | Rows | Read: pandas | Read: ours | Ours per trust | "
              "Compare: pandas | Compare: ours | Ratio |")  # fmt: skip
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for trusts, n, rb, ro, per, cb, co in table:
            print(f"| {trusts:,} | {n:,} | {rb:.2f} s | {ro:.2f} s | {per:.2f} ms | "
                  f"{cb:.2f} s | {co:.2f} s | {co / cb:.2f}x |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
