"""Board pack benchmark: the full pack (PowerPoint, PDF and Excel) for the sample trust.

Measured in one process, after one warm-up run that is not counted (imports, the first Vega
start-up), each step --repeat times with the chart-picture cache cleared before every run, so
every run draws every chart again:

    baseline   load the sample workbook and compute the WRES report (what `inclusivehr wres` does)
    content    the pack's description: disclosure control, charts as Vega-Lite, words
    pptx/pdf/xlsx   one file each from that description (pptx and pdf draw the charts)
    full pack  content + all three files, the charts drawn once and shared

plus one cold `inclusivehr report --out pack.pptx` in a fresh interpreter (start-up and imports
included), the number a person at a terminal sees. The table shows medians and each step's ratio
to the baseline from the same run. The target is a full pack in under 10 s; missing it prints
MISSED (the exit status stays 0).

    .venv/bin/python benchmarks/pack.py [--repeat 5] [--markdown]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKBOOK = ROOT / "sample_data" / "trust" / "workbook.xlsx"
TARGET_SECONDS = 10.0


def _timed(func) -> tuple[float, object]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="also print a README table")
    args = parser.parse_args()

    from dashboard.pack import build_file, build_pack, images, previous_year
    from metrics.inputs.pipeline import Sources, load
    from metrics.standards.indicators import wres

    def baseline():
        counts = load(Sources(workbook=WORKBOOK)).counts
        return counts, wres(counts)

    def content(counts, report):
        return build_pack(report, counts, previous=previous_year(counts, report))

    steps: dict[str, list[float]] = {k: [] for k in
                                     ("baseline", "content", "pptx", "pdf", "xlsx", "full pack")}  # fmt: skip
    for run in range(args.repeat + 1):
        images.render.cache_clear()
        t_base, (counts, report) = _timed(baseline)
        t_content, pack = _timed(lambda counts=counts, report=report: content(counts, report))
        times = {}
        for fmt in ("pptx", "pdf", "xlsx"):
            images.render.cache_clear()
            times[fmt], _ = _timed(lambda fmt=fmt, pack=pack: build_file(pack, fmt))
        images.render.cache_clear()

        def full(counts=counts, report=report):
            p = content(counts, report)
            return [build_file(p, fmt) for fmt in ("pptx", "pdf", "xlsx")]

        t_full, _ = _timed(full)
        if run == 0:
            continue  # warm-up
        for key, value in (("baseline", t_base), ("content", t_content), *times.items(),
                           ("full pack", t_base + t_full)):  # fmt: skip
            steps[key].append(value)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pack.pptx"
        code = ("from dashboard.report_cli import report; "
                f"report([{'--workbook'!r}, {str(WORKBOOK)!r}, '--out', {str(out)!r}])")  # fmt: skip
        env_db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                              text=True, env={"INCLUSIVEHR_DB_URL": env_db, "PATH": ""})  # fmt: skip
        cold = time.perf_counter() - start
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            sys.exit(1)

    base = statistics.median(steps["baseline"])
    print(f"Board pack for the sample trust ({WORKBOOK.name}); median of {args.repeat} runs; "
          f"Python {platform.python_version()} on {platform.machine()}")  # fmt: skip
    print(f"{'step':<32}{'median s':>10}{'x baseline':>12}")
    rows = []
    for key, values in steps.items():
        median = statistics.median(values)
        rows.append((key, median, median / base))
        print(f"{key:<32}{median:>10.2f}{median / base:>12.1f}")
    print(f"{'cold CLI: report --out .pptx':<32}{cold:>10.2f}{cold / base:>12.1f}")
    full = statistics.median(steps["full pack"])
    verdict = "met" if full < TARGET_SECONDS else "MISSED"
    print(f"target: full pack under {TARGET_SECONDS:.0f} s: {verdict} ({full:.2f} s)")
    if args.markdown:
        print("\n| step | median (s) | × baseline |\n|---|---:|---:|")
        for key, median, ratio in rows:
            print(f"| {key} | {median:.2f} | {ratio:.1f} |")
        print(f"| cold CLI, `report --out pack.pptx` | {cold:.2f} | {cold / base:.1f} |")


if __name__ == "__main__":
    main()
