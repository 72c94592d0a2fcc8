"""The library path that benchmarks/all_standards.py measures, run as its own process:

    python benchmarks/every_standard.py FILE [--no-intervals]

What the dashboard computes from one staff file, every standard once, the way the command line
does it: the file starts parsing in the background (metrics.inputs.prefetch) before pandas and
the rest of the library are imported, then metrics.inputs.pipeline.load with purpose "all" (the
file read once), WRES and WDES (metrics.standards.indicators.report), the medical view (grades
and roles from the loaded counts, the place-of-qualification table, WRES2-8 for doctors) and the
pay gaps by sex, ethnicity and disability with their intervals (--no-intervals leaves the pay
gaps' bootstrap intervals out, as a page could, computing them when asked).

Prints JSON: each step's wall and processor time in seconds ("start" is the interpreter and the
imports, with the file parsing beside them) and a few figures that show the work covered the
file. Nothing is imported before the parse starts but what parsing needs."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAY_GAPS_BY = ("sex", "ethnicity", "disability")


def every_standard(path: str, intervals: bool = True) -> dict:
    steps: dict[str, float] = {}
    cpu: dict[str, float] = {}
    started, started_cpu = time.perf_counter(), time.process_time()

    def step(name: str) -> None:
        nonlocal started, started_cpu
        now, now_cpu = time.perf_counter(), time.process_time()
        steps[name], cpu[name] = now - started, now_cpu - started_cpu
        started, started_cpu = now, now_cpu

    from metrics.inputs.columns import staff_fields_for
    from metrics.inputs.prefetch import parse_ahead

    parse_ahead(path, "staff", None, staff_fields_for("all"))  # as the command line does

    from metrics.inputs.pipeline import Sources, load
    from metrics.standards.indicators import report
    from metrics.standards.medical import medical_indicators, qualification_table, view
    from metrics.standards.paygap import pay_gaps

    step("start")
    loaded = load(Sources(files={"staff": Path(path)}, purpose="all"))
    if loaded.errors:
        raise SystemExit("; ".join(p.message for p in loaded.errors))
    counts, staff = loaded.counts, loaded.inputs["staff"].frame
    step("load (purpose all)")
    wres = report(counts, standard="WRES")
    step("WRES")
    wdes = report(counts, standard="WDES")
    step("WDES")
    qualification, _ = qualification_table(staff)  # grades and roles: the load counted them
    doctors = view(counts, qualification=qualification)
    indicators, _ = medical_indicators(counts, year=doctors.year)
    step("medical view")
    gaps = pay_gaps(staff, PAY_GAPS_BY, intervals=intervals)
    step("pay gaps by " + ", ".join(PAY_GAPS_BY))
    return {
        "steps": steps,
        "cpu": cpu,
        "staff counted": {d.source: d.records for d in wres.declaration},
        "wres": sorted(wres.indicators),
        "wdes": sorted(wdes.indicators),
        "medical": {
            "grades": len(doctors.grades),
            "roles": len(doctors.roles),
            "indicators": sorted(indicators),
        },
        "median_hourly_gap_percent": {
            by: g.overall.median_hourly_gap_percent for by, g in gaps.items()
        },
    }


if __name__ == "__main__":
    print(json.dumps(every_standard(sys.argv[1], intervals="--no-intervals" not in sys.argv[2:])))
