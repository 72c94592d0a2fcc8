"""Fuzz run: thousands of hostile inputs through the command line and the upload path.

The same harness as the test suite (tests/fuzz/harness.py, tests/fuzz/inputs.py) with a larger
budget: the seed corpus (every case in the trust-and-safety issue) and then BUDGET random
mutations of the sample files (byte flips, truncation, spliced bytes and hostile text, repeats,
hostile cells, mutated workbook XML). Each input runs in a child process of its own with an
address-space cap and a time limit; the contract is in the harness's docstring.

Prints the count of each outcome (ok, refused, crash, over-memory, timeout, traceback,
did-not-expect) per path, and saves every failing input with what happened into a folder of its
own, for replay. The exit status is 1 when any input broke the contract.

    .venv/bin/python benchmarks/fuzz.py                    # 3,000 mutants, seed 1
    .venv/bin/python benchmarks/fuzz.py --budget 300 --seed 7
    .venv/bin/python benchmarks/fuzz.py --replay benchmarks/output/fuzz/failures
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz.harness import GOOD, OUTCOMES, Case, Runner, save_failure  # noqa: E402
from tests.fuzz.inputs import mutants, seed_corpus  # noqa: E402


def replayed(folder: Path) -> list[Case]:
    """The cases saved by an earlier run (one folder each, with case.json beside the file)."""
    cases = []
    for found in sorted(folder.glob("*/case.json")):
        about = json.loads(found.read_text(encoding="utf-8"))
        data = (found.parent / about["filename"]).read_bytes()
        cases.append(Case(about["name"], about["filename"], data, about["kind"],
                          tuple(about["args"])))  # fmt: skip
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=3000, help="random mutants (default 3000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the mutations (default 1)")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seed corpus")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per input")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "output" / "fuzz")
    parser.add_argument("--replay", type=Path, help="run the cases saved in this folder only")
    args = parser.parse_args()

    if args.replay:
        cases = replayed(args.replay)
    else:
        cases = [] if args.no_seeds else seed_corpus()
        cases += mutants(args.seed, args.budget)
    failures = args.out / "failures"
    if failures.exists() and not args.replay:
        shutil.rmtree(failures)
    counts: dict[str, collections.Counter] = {"cli": collections.Counter(),
                                              "upload": collections.Counter()}  # fmt: skip
    slowest = (0.0, "")
    peak = (0.0, "")
    start = time.monotonic()
    with Runner(args.out / "work", time_limit=args.time_limit) as runner:
        for i, case in enumerate(cases, 1):
            outcomes = runner.both(case)
            for outcome in outcomes:
                counts[outcome.path][outcome.outcome] += 1
                slowest = max(slowest, (outcome.seconds, f"{outcome.path}: {case.name}"))
                peak = max(peak, (outcome.peak_mb, f"{outcome.path}: {case.name}"))
            bad = [o for o in outcomes if o.outcome not in GOOD]
            if bad:
                saved = save_failure(case, bad, failures)
                for outcome in bad:
                    print(f"FAIL {outcome}"[:400].replace("\n", " | "), flush=True)
                print(f"     saved in {saved}", flush=True)
            if i % 250 == 0:
                print(f"... {i:,} of {len(cases):,} inputs, {time.monotonic() - start:,.0f} s",
                      flush=True)  # fmt: skip
        shutil.rmtree(args.out / "work", ignore_errors=True)
    print(f"\n{len(cases):,} inputs, each through both paths, in {time.monotonic() - start:,.0f} s")
    print(f"{'outcome':<16}{'cli':>8}{'upload':>8}")
    for outcome in OUTCOMES:
        print(f"{outcome:<16}{counts['cli'][outcome]:>8,}{counts['upload'][outcome]:>8,}")
    print(
        f"slowest: {slowest[0]:.1f} s ({slowest[1]}); highest peak: {peak[0]:,.0f} MB ({peak[1]})"
    )
    broken = sum(n for c in counts.values() for o, n in c.items() if o not in GOOD)
    if broken:
        print(f"{broken:,} runs broke the contract; inputs saved in {failures}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
