"""Every standard from one national extract: the library path and the CLI against a bare read.

Issue 11's target: the full set of standards (WRES, WDES, the medical view and the pay gaps by
sex, ethnicity and disability) from a 1.4M-row national extract within 2.5x a bare
`pandas.read_csv` of the same file, and pay-gap quartiles on 1.4M rows under 1 s.

The extract is benchmarks/load_wres.py's synthetic ESR staff file (its generator, same seed) with
three more columns a trust's extract carries for these standards: Bonus (clinical excellence
awards for about a third of consultants), Position Title (job titles, a few doctors in leadership
roles) and Country of Primary Medical Qualification (doctors only); --pay-points puts hourly pay
on pay-scale points instead of load_wres's rates. Measured, each in its own subprocess as
load_wres.py does (wall time, processor time and peak RSS of the whole process, start-up
included; interleaved with the baseline, the order turning by one each round; the median times and the largest peak of --repeat runs):

    baseline     python -c "import pandas as pd; pd.read_csv(FILE)"
    library      one process, benchmarks/every_standard.py: the path the dashboard takes, the way
                 the command line runs it (the file starts parsing in the background before pandas
                 and the library are imported): metrics.inputs.pipeline.load with purpose "all"
                 (the file read once), then metrics.standards.indicators.report for WRES and
                 WDES, the medical view (grades and roles from the loaded counts, the
                 place-of-qualification table, WRES2-8 for doctors through
                 metrics.standards.medical.medical_indicators) and
                 metrics.standards.paygap.pay_gaps by sex, ethnicity and disability (every
                 figure, with their intervals; one call, so the staff are chosen and arranged by
                 band once for the three)
    library, pay-gap intervals left out   the same with pay_gaps(..., intervals=False), for
                 reference: what the bootstrap intervals cost
    CLI          inclusivehr wres --json, wdes --json, paygap --by sex --json: each a separate
                 process reading the file again (for reference; no target)

Then, in this process, on the same file loaded once: pay-gap quartiles of the compared staff
(metrics.standards.pay_quartiles.quartile_shares, the organisation's four quarters) and one whole
pay_gap(frame, "sex"), each the median of --repeat runs. The library child also reports how long
each of its steps took, so a miss says where the time went.

    .venv/bin/python benchmarks/all_standards.py              # full size, 1.4M rows
    .venv/bin/python benchmarks/all_standards.py --quick      # smoke run, 20,000 rows, one run
    .venv/bin/python benchmarks/all_standards.py --markdown   # also a table for the README
    .venv/bin/python benchmarks/all_standards.py --pay-points # hourly pay on 3 points a band
    .venv/bin/python benchmarks/all_standards.py --library-only   # skip the CLI rows

A missed target prints MISSED; the exit status stays 0. A command that fails prints its stderr
and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load_wres import (  # noqa: E402
    BASELINE_CSV,
    DEFAULT_OUT,
    HOURLY_RATE,
    ROOT,
    SEED,
    CommandFailed,
    Measured,
    _count_csv_rows,
    _maxrss_bytes,
    _mb,
    inclusivehr_command,
    machine_facts,
    make_staff,
    warm_cache,
)

GENERATOR_VERSION = 1  # bump when the generated data changes, so old files are regenerated
TIME_TARGET = 2.5  # the library path / bare read, wall time
QUARTILES_TARGET_SECONDS = 1.0

# --- the extract: load_wres's, with the pay and medical columns these standards read ----------

PAY_POINTS, POINT_STEP = 3, 0.04  # --pay-points: 3 points a band, 4% apart

DOCTOR_GRADES = (
    "Consultant",
    "Specialty Registrar",
    "Specialty Doctor",
    "Foundation Year 2",
    "Foundation Year 1",
)
AWARDS = (5_000.0, 10_000.0, 20_000.0, 40_000.0)  # clinical excellence awards, a year
LEADERSHIP = {  # consultants only; the rest are "Consultant <specialty>"
    "Medical Director": 0.0005,
    "Deputy Medical Director": 0.001,
    "Associate Medical Director": 0.003,
    "Divisional Director": 0.004,
    "Clinical Director": 0.03,
    "Clinical Lead": 0.05,
}
SPECIALTIES = ("Physician", "Surgeon", "Anaesthetist", "Psychiatrist", "Paediatrician",
               "Radiologist", "in Emergency Medicine", "Obstetrician")  # fmt: skip
OTHER_TITLES = {
    "Nursing and Midwifery Registered": ("Staff Nurse", "Sister/Charge Nurse", "Midwife"),
    "Additional Clinical Services": ("Healthcare Assistant", "Nursery Nurse", "Support Worker"),
}
GENERIC_TITLES = ("Administrator", "Manager", "Officer", "Assistant", "Practitioner",
                  "Technician", "Scientist", "Therapist")  # fmt: skip
QUALIFICATION = {"United Kingdom": 60.0, "Ireland": 2.0, "Greece": 2.0, "Italy": 2.0,
                 "India": 12.0, "Pakistan": 6.0, "Nigeria": 5.0, "Egypt": 4.0,
                 "Sudan": 3.0, "Not Known": 4.0}  # fmt: skip


def make_extract(n: int, seed: int = SEED, pay_points: bool = False) -> pd.DataFrame:
    """load_wres.make_staff(n, seed) (the same rows) and Bonus, Position Title and Country of
    Primary Medical Qualification, drawn from their own seeded generator.

    load_wres draws each hourly rate anywhere from the band's rate to 12% above it, to the penny
    (thousands of distinct rates). pay_points=True puts everyone on one of PAY_POINTS points per
    band instead, as national pay scales do (a few dozen distinct rates in all)."""
    staff = make_staff(n, seed)
    rng = np.random.default_rng(seed + 11)
    band = staff["Pay Band"].to_numpy(dtype=object)
    if pay_points:
        base = pd.Series(band).map(HOURLY_RATE).to_numpy(dtype=float)
        point = rng.integers(0, PAY_POINTS, n)
        staff["Basic Hourly Rate"] = np.round(base * (1 + POINT_STEP * point), 2)
    consultant = band == "Consultant"
    doctor = np.isin(band, DOCTOR_GRADES)

    bonus = np.full(n, np.nan)
    award = consultant & (rng.random(n) < 0.33)
    bonus[award] = rng.choice(AWARDS, int(award.sum()))

    group = staff["Staff Group"].to_numpy(dtype=object)
    title = np.empty(n, dtype=object)
    generic = np.array(GENERIC_TITLES, dtype=object)
    title[:] = generic[rng.integers(0, len(generic), n)]
    for name, titles in OTHER_TITLES.items():
        where = np.flatnonzero(group == name)
        title[where] = np.array(titles, dtype=object)[rng.integers(0, len(titles), len(where))]
    specialty = np.array(SPECIALTIES, dtype=object)[rng.integers(0, len(SPECIALTIES), n)]
    title[doctor] = (band[doctor] + " " + specialty[doctor]).astype(object)
    draw = rng.random(n)
    edge = 0.0
    for role, share in LEADERSHIP.items():
        title[consultant & (draw >= edge) & (draw < edge + share)] = role
        edge += share

    places = np.array(list(QUALIFICATION), dtype=object)
    weights = np.array(list(QUALIFICATION.values()))
    qualified = places[rng.choice(len(places), n, p=weights / weights.sum())]
    qualified[~doctor] = None
    return staff.assign(
        **{
            "Bonus": bonus,
            "Position Title": title,
            "Country of Primary Medical Qualification": qualified,
        }
    )


def ensure_extract(out: Path, rows: int, seed: int, regenerate: bool, pay_points: bool) -> Path:
    """The extract of this size, reused when it is already on disk with the right row count."""
    path = out / f"all_standards_{rows}{'_pay_points' if pay_points else ''}.csv"
    manifest = path.with_name(path.name + ".json")
    want = {"rows": rows, "seed": seed, "generator": GENERATOR_VERSION, "pay_points": pay_points}
    if not regenerate and path.exists() and manifest.exists():
        try:
            have = json.loads(manifest.read_text())
        except ValueError:
            have = {}
        same = {k: have.get(k) for k in want} == want and have.get("bytes") == path.stat().st_size
        if same and _count_csv_rows(path) == rows:
            print(f"  reusing {path} ({rows:,} rows)")
            return path
    print(f"  generating {rows:,} rows -> {path} ...", end=" ", flush=True)
    started = time.perf_counter()
    tmp = path.with_name(f".{path.name}.partial")
    make_extract(rows, seed, pay_points).to_csv(tmp, index=False)
    os.replace(tmp, path)
    manifest.write_text(json.dumps({**want, "bytes": path.stat().st_size}) + "\n")
    print(f"{time.perf_counter() - started:.1f} s, {path.stat().st_size / 1e6:,.0f} MB")
    return path


# --- measuring --------------------------------------------------------------------------------

# load_wres's launcher (see there why a launcher), also giving the child's processor time: on a
# shared machine the wall time moves with other work, the processor time much less.
LAUNCHER = """\
import os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
cpu = usage.ru_utime + usage.ru_stime
with open(result, "w") as fh:
    fh.write(f"{os.waitstatus_to_exitcode(status)} {seconds!r} {usage.ru_maxrss} {cpu!r}\\n")
"""


@dataclass
class Run:
    seconds: float
    peak_bytes: int
    cpu_seconds: float


def run_once(argv: list[str], stdout_path: Path | None = None) -> Run:
    """Run argv as a child: its wall time (start-up included), peak RSS and processor time."""
    with tempfile.TemporaryDirectory() as tmp:
        result, err_path = Path(tmp) / "result", Path(tmp) / "stderr"
        with (
            err_path.open("wb") as err,
            stdout_path.open("wb") if stdout_path else open(os.devnull, "wb") as out,
        ):
            launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *argv]
            subprocess.run(
                launcher, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=ROOT, check=True
            )
        code, seconds, maxrss, cpu = result.read_text().split()
        if int(code) != 0:
            message = err_path.read_text(encoding="utf-8", errors="replace").strip()
            raise CommandFailed(f"command exited with status {code}: {' '.join(argv)}\n{message}")
    return Run(float(seconds), _maxrss_bytes(int(maxrss)), float(cpu))


def cpu_seconds(m: Measured) -> float:
    return statistics.median(r.cpu_seconds for r in m.runs)


@dataclass
class Row:
    measured: Measured
    target: float | None  # ratio to the baseline, or None (for reference)


def _child_output(stdout: Path) -> dict:
    try:
        return json.loads(stdout.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CommandFailed(f"the library run printed no JSON ({exc})") from None


def in_process(path: Path, repeat: int) -> dict[str, float]:
    """Quartiles of the organisation's compared staff and one whole pay gap, on the loaded file."""
    from metrics.inputs.pipeline import Sources, load
    from metrics.standards.pay_quartiles import quartile_shares
    from metrics.standards.paygap import pay_gap

    staff = load(Sources(files={"staff": path}, purpose="all")).inputs["staff"].frame
    people = staff[~staff["bank"].to_numpy(dtype=bool)]
    sex = people["sex_group"].astype(object).to_numpy()
    pay = people["hourly_pay"].to_numpy(dtype=float, na_value=np.nan)
    ranked = np.isin(sex, ["Female", "Male"]) & ~np.isnan(pay)
    if "full_pay_relevant" in people:
        ranked &= people["full_pay_relevant"].to_numpy(dtype=bool)
    ranked_pay, code = pay[ranked], (sex[ranked] == "Female").astype(np.int64)

    def median_time(func) -> float:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    return {
        "people ranked": float(len(ranked_pay)),
        "distinct rates": float(len(np.unique(ranked_pay))),
        "quartiles": median_time(lambda: quartile_shares(ranked_pay, code, 2)),
        "pay gap by sex, no intervals": median_time(lambda: pay_gap(staff, "sex", intervals=False)),
        "pay gap by sex, every figure": median_time(lambda: pay_gap(staff, "sex")),
    }


def verdict(ratio: float, target: float | None) -> str:
    if target is None:
        return f"{ratio:.2f}x"
    return f"{ratio:.2f}x (target <= {target:.1f}x)" + ("" if ratio <= target else " MISSED")


def _steps_line(steps: dict[str, float], cpu: dict[str, float]) -> str:
    return "; ".join(f"{k} {v:.2f} s ({cpu[k]:.2f} s CPU)" for k, v in steps.items())


def _extra_line(extra: dict[str, float]) -> str:
    quartiles = extra["quartiles"]
    return (
        f"pay-gap quartiles on {extra['people ranked']:,.0f} ranked staff "
        f"({extra['distinct rates']:,.0f} distinct rates): {quartiles:.3f} s (target < "
        f"{QUARTILES_TARGET_SECONDS:.0f} s){' MISSED' if quartiles > QUARTILES_TARGET_SECONDS else ''}"
        f"; one pay gap by sex, every figure: {extra['pay gap by sex, every figure']:.2f} s "
        f"({extra['pay gap by sex, no intervals']:.2f} s without the intervals)"
    )


def markdown(rows_n: int, file_bytes: int, baseline: Measured, rows: list[Row],
             steps: dict[str, float], cpu: dict[str, float], extra: dict[str, float],
             repeat: int) -> str:  # fmt: skip
    base_cpu = cpu_seconds(baseline)
    out = [
        f"| {rows_n:,} rows ({file_bytes / 1e6:,.0f} MB CSV) | Time | CPU time | Peak memory "
        "| Time ratio (target) | CPU ratio | Memory ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| bare `pandas.read_csv` | {baseline.seconds:.2f} s | {base_cpu:.2f} s "
        f"| {_mb(baseline.peak_bytes)} | 1.00x | 1.00x | 1.00x |",
    ]
    for row in rows:
        m = row.measured
        ratio = m.seconds / baseline.seconds
        target = "" if row.target is None else f" (<= {row.target:.1f}x)"
        missed = " MISSED" if row.target is not None and ratio > row.target else ""
        out.append(
            f"| {m.label} | {m.seconds:.2f} s | {cpu_seconds(m):.2f} s | {_mb(m.peak_bytes)} "
            f"| **{ratio:.2f}x**{target}{missed} | {cpu_seconds(m) / base_cpu:.2f}x "
            f"| {m.peak_bytes / baseline.peak_bytes:.2f}x |"
        )
    out += [
        "",
        "Library steps (median): " + _steps_line(steps, cpu) + ".",
        _extra_line(extra)[0].upper() + _extra_line(extra)[1:] + ".",
        f"Whole subprocesses, start-up included; median time and largest peak of {repeat} run(s).",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_400_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (median)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="working folder")
    parser.add_argument("--quick", action="store_true", help="smoke run: 20,000 rows, one run")
    parser.add_argument("--regenerate", action="store_true", help="write the file afresh")
    parser.add_argument("--markdown", action="store_true", help="also print a markdown table")
    parser.add_argument("--library-only", action="store_true", help="skip the CLI commands")
    parser.add_argument(
        "--pay-points",
        action="store_true",
        help="hourly pay on 3 points a band (as pay scales are) rather than load_wres's rates",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.repeat = 20_000, 1
    if args.repeat < 1 or args.rows < 1:
        parser.error("--repeat and --rows must be at least 1")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    facts = machine_facts()
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in facts.items()))
    print("Data:")
    path = ensure_extract(out, args.rows, args.seed, args.regenerate, args.pay_points)
    file = str(path)
    cli = inclusivehr_command()
    baseline = Measured("bare read", [sys.executable, "-c", BASELINE_CSV, file])
    library = Measured(
        "library: load once, every standard",
        [sys.executable, str(Path(__file__).resolve().with_name("every_standard.py")), file],
    )
    no_intervals = Measured(
        "library, pay-gap intervals left out",
        [*library.argv, "--no-intervals"],
    )
    rows = [Row(library, TIME_TARGET), Row(no_intervals, None)]
    if not args.library_only:
        for label, command in (
            ("inclusivehr wres --json", ["wres", "--staff", file, "--json"]),
            ("inclusivehr wdes --json", ["wdes", "--staff", file, "--json"]),
            ("inclusivehr paygap --by sex --json", ["paygap", "--staff", file, "--by", "sex",
                                                    "--json"]),
        ):  # fmt: skip
            rows.append(Row(Measured(label, [*cli, *command]), None))

    child_out = out / f"{path.stem}_library.json"
    steps_runs: list[dict[str, float]] = []
    cpu_runs: list[dict[str, float]] = []
    warm_cache(path)
    print(f"Measuring ({args.repeat} run(s) each, interleaved with the bare read) ...", flush=True)
    # The order turns by one each round, so no measure always runs straight after the same one:
    # on this VM a process that touches memory another has just freed pays for it in kernel time
    # (up to a second at this size), so a fixed order would always charge one measure for it.
    order = [baseline, *(r.measured for r in rows)]
    try:
        for i in range(args.repeat):
            turn = i % len(order)
            for m in order[turn:] + order[:turn]:
                stdout = child_out if m is library else None  # only the library's is read
                m.runs.append(run_once(m.argv, stdout))
                r = m.runs[-1]
                print(f"  run {i + 1}: {m.label:<36} {r.seconds:7.2f} s ({r.cpu_seconds:6.2f} s "
                      f"CPU) {_mb(r.peak_bytes):>9}", flush=True)  # fmt: skip
                if m is library:
                    found = _child_output(child_out)
                    steps_runs.append(found["steps"])
                    cpu_runs.append(found["cpu"])
        summary = _child_output(child_out)
    except CommandFailed as exc:
        print(f"\nERROR: {exc}", file=sys.stderr)
        return 1
    steps = {k: statistics.median(s[k] for s in steps_runs) for k in steps_runs[0]}
    cpu = {k: statistics.median(s[k] for s in cpu_runs) for k in cpu_runs[0]}
    shown = {k: v for k, v in summary.items() if k not in ("steps", "cpu")}
    print(f"  library output: {json.dumps(shown)}")
    print("Pay-gap quartiles and one pay gap, in this process ...", flush=True)
    extra = in_process(path, args.repeat)

    base_cpu = cpu_seconds(baseline)
    print(f"\n{args.rows:,} rows, {path.stat().st_size / 1e6:,.0f} MB; median of {args.repeat}")
    print(f"  {baseline.label:<36} {baseline.seconds:7.2f} s ({base_cpu:6.2f} s CPU) "
          f"{_mb(baseline.peak_bytes):>9}")  # fmt: skip
    for row in rows:
        m = row.measured
        print(
            f"  {m.label:<36} {m.seconds:7.2f} s ({cpu_seconds(m):6.2f} s CPU) "
            f"{_mb(m.peak_bytes):>9}   time {verdict(m.seconds / baseline.seconds, row.target)}, "
            f"CPU {cpu_seconds(m) / base_cpu:.2f}x, memory "
            f"{m.peak_bytes / baseline.peak_bytes:.2f}x"
        )
    print("  library steps: " + _steps_line(steps, cpu))
    print("  " + _extra_line(extra))
    if args.markdown:
        print("\n" + markdown(args.rows, path.stat().st_size, baseline, rows, steps, cpu, extra,
                              args.repeat))  # fmt: skip
    results = {
        "machine": facts,
        "file": path.name,
        "rows": args.rows,
        "repeat": args.repeat,
        "baseline": {
            "seconds": baseline.seconds,
            "cpu_seconds": base_cpu,
            "peak_bytes": baseline.peak_bytes,
            "runs": [vars(x) for x in baseline.runs],
        },
        "measured": [
            {
                "label": r.measured.label,
                "seconds": r.measured.seconds,
                "cpu_seconds": cpu_seconds(r.measured),
                "peak_bytes": r.measured.peak_bytes,
                "time_ratio": r.measured.seconds / baseline.seconds,
                "target": r.target,
                "runs": [vars(x) for x in r.measured.runs],
            }
            for r in rows
        ],
        "library_steps": steps,
        "library_steps_cpu": cpu,
        "in_process": extra,
    }
    results_path = out / f"{path.stem}_results.json"
    results_path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nResults written to {results_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
