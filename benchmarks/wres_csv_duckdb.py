"""The command line on a CSV extract against a hand-written DuckDB query of the same file.

Issue 12: `inclusivehr wres --staff FILE` within 1.4x the processor time and 1.5x the peak
memory of a hand-written DuckDB query that groups the raw labels first and classifies the few
thousand distinct combinations, at 3M rows. Both are whole subprocesses (interpreter start and
imports included), started by the same small launcher as load_wres.py so each child's own peak
RSS and processor time (user + system, all threads) are read with os.wait4:

    baseline   python -c HAND_WRITTEN FILE: DuckDB reads the CSV itself, leaves bank rows out and
               groups by the raw ethnicity, band and staff group labels; the distinct
               combinations are classified in Python with the project's own rules and summed
               into the WRES1 table (band x clinical x group)
    ours       inclusivehr wres --staff FILE --json (every WRES indicator the file allows, the
               checks on the rows and the one-person-once check included)

Before timing, the two WRES1 tables are checked to agree (each band's headcount, and the BME,
White and Unknown shares as the command prints them). Commands run --repeat times, interleaved;
the table shows medians (time, processor time) and the maximum peak memory. Missing a target
prints MISSED; the exit status stays 0.

    .venv/bin/python benchmarks/wres_csv_duckdb.py               # 3,000,000 rows (about 560 MB)
    .venv/bin/python benchmarks/wres_csv_duckdb.py --rows 300000
    .venv/bin/python benchmarks/wres_csv_duckdb.py --quick       # smoke run, 20,000 rows
    .venv/bin/python benchmarks/wres_csv_duckdb.py --blocks 256,1024,4096,16384
        # the staff file's streamed read (metrics.inputs.csv_stream) at each block size in KB,
        # to choose STREAM_BLOCK_BYTES by measurement; then exits
    .venv/bin/python benchmarks/wres_csv_duckdb.py --against /path/to/other/checkout
        # the same command from another checkout (its own .venv) measured in the same runs

The command reads a staff CSV given alone through its distinct rows (csv_stream): the file is
parsed in blocks, grouped by its labels with a row count, and employee numbers are kept as
integers for the one-person-once check; a file it cannot read exactly is read the ordinary way.
The distinct rows go on to the counts with their row counts as weights (inputs.row_weights):
no frame of every row is built at any point.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from all_standards import Run, run_once  # noqa: E402
from load_wres import DEFAULT_OUT, SEED, ensure_extract, inclusivehr_command, warm_cache  # noqa: E402

CPU_TARGET = 1.4  # ours / hand-written, processor time
MEMORY_TARGET = 1.5  # ours / hand-written, peak memory

HAND_WRITTEN = """\
import json, sys
import duckdb
from metrics.counts import classify
con = duckdb.connect()
con.execute('SET enable_progress_bar = false')
rows = con.sql('''
    SELECT "Ethnic Origin" AS ethnicity, "Pay Band" AS band, "Staff Group" AS staff_group,
           count(*) AS n
    FROM read_csv($path, header = true, all_varchar = true)
    WHERE coalesce(lower("Assignment Category"), '') NOT LIKE '%bank%'
    GROUP BY ALL
''', params={"path": sys.argv[1]}).fetchall()
table = {}
for ethnicity, band, staff_group, n in rows:
    group = classify.ethnicity(ethnicity).wres_group
    kind = classify.staff_group(staff_group)
    key = (classify.band(band) or "Other", None if kind is None else bool(kind.clinical))
    cell = table.setdefault(key, {})
    cell[group] = cell.get(group, 0) + n
print(json.dumps([[band, clinical, cell] for (band, clinical), cell in table.items()]))
"""


BLOCKS = """\
import sys
from pathlib import Path
from metrics.inputs import csv_stream
from metrics.inputs.csv_stream import Grouped, grouped_staff
from metrics.inputs.columns import map_columns, staff_fields_for
from metrics.inputs.loaders import choose_sheet
csv_stream.STREAM_BLOCK_BYTES = int(sys.argv[2]) << 10
sheet = choose_sheet(Path(sys.argv[1]), "staff")
grouped = grouped_staff(sheet, map_columns(sheet, "staff", {}, ()), staff_fields_for("wres"))
assert isinstance(grouped, Grouped), grouped
print(int(grouped.rows.sum()))
"""


def measure_blocks(path: Path, sizes_kb: list[int], repeat: int) -> None:
    """The streamed read alone (imports included) at each block size: processor time, memory."""
    runs: dict[int, list[Run]] = {k: [] for k in sizes_kb}
    for i in range(repeat):
        for k in sizes_kb if i % 2 == 0 else list(reversed(sizes_kb)):
            runs[k].append(run_once([sys.executable, "-c", BLOCKS, str(path), str(k)]))
    print(f"\nstreamed read of {path.name}, median of {repeat}")
    print(f"{'block':>9} {'time':>8} {'CPU':>8} {'peak memory':>12}")
    for k, r in runs.items():
        print(f"{k:>6} KB {_median(r, 'seconds'):7.2f}s {_median(r, 'cpu_seconds'):7.2f}s "
              f"{max(x.peak_bytes for x in r) / 1e6:10,.0f} MB")  # fmt: skip


def _ours_table(stdout: Path) -> dict[tuple[str, object], tuple[int, dict[str, float]]]:
    wres1 = json.loads(stdout.read_text())["indicators"]["WRES1"]
    return {
        (b["band"], b["clinical"]): (b["headcount"], {g: b[g] for g in ("BME", "White", "Unknown")})
        for b in wres1["bands"]
    }


def _baseline_table(stdout: Path) -> dict[tuple[str, object], tuple[int, dict[str, float]]]:
    out = {}
    for band, clinical, cell in json.loads(stdout.read_text()):
        n = sum(cell.values())
        shares = {g: round(100 * cell.get(g, 0) / n, 2) for g in ("BME", "White", "Unknown")}
        out[(band, clinical)] = (n, shares)
    return out


def check_same(ours: Path, baseline: Path) -> int:
    """The two WRES1 tables agree; their total headcount."""
    a, b = _ours_table(ours), _baseline_table(baseline)
    if a != b:
        differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        raise SystemExit(f"the WRES1 tables differ at {differ[:5]}: ours {a.get(differ[0])}, "
                         f"hand-written {b.get(differ[0])}")  # fmt: skip
    return sum(n for n, _ in a.values())


def _median(runs: list[Run], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio <= target else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, one run")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="working folder")
    parser.add_argument("--blocks", help="block sizes in KB, comma-separated (see above)")
    parser.add_argument("--against", type=Path, help="another checkout, measured alongside")
    args = parser.parse_args(argv)
    rows, repeat = (20_000, 1) if args.quick else (args.rows, args.repeat)
    args.out.mkdir(parents=True, exist_ok=True)
    path = ensure_extract(args.out, "CSV", rows, SEED, regenerate=False)
    warm_cache(path)  # the file read once, the project's modules compiled (see load_wres.py)
    if args.blocks:
        measure_blocks(path, [int(k) for k in args.blocks.split(",")], repeat)
        return 0
    commands = {
        "hand-written DuckDB": [sys.executable, "-c", HAND_WRITTEN, str(path)],
        "inclusivehr wres --json": [*inclusivehr_command(), "wres", "--staff", str(path), "--json"],
    }
    if args.against:
        other = args.against / ".venv" / "bin" / "inclusivehr"
        commands["other checkout"] = [str(other), "wres", "--staff", str(path), "--json"]
    runs: dict[str, list[Run]] = {k: [] for k in commands}
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {k: Path(tmp) / f"{i}.json" for i, k in enumerate(commands)}
        for k, argv_ in commands.items():  # a first run of each: the check, and a warm cache
            run_once(argv_, outputs[k])
        people = check_same(outputs["inclusivehr wres --json"], outputs["hand-written DuckDB"])
        if args.against and (
            outputs["other checkout"].read_bytes()
            != outputs["inclusivehr wres --json"].read_bytes()
        ):
            raise SystemExit("the other checkout's output differs from ours")
        for i in range(repeat):
            order = list(commands) if i % 2 == 0 else list(reversed(commands))
            for k in order:
                runs[k].append(run_once(commands[k]))
    base, ours = runs["hand-written DuckDB"], runs["inclusivehr wres --json"]
    cpu = _median(ours, "cpu_seconds") / _median(base, "cpu_seconds")
    memory = max(r.peak_bytes for r in ours) / max(r.peak_bytes for r in base)
    print(f"\n{rows:,} rows ({path.stat().st_size / 1e6:,.0f} MB CSV), {people:,} people counted "
          f"in WRES1 by both; median of {repeat}")  # fmt: skip
    print(f"{'':26} {'time':>8} {'CPU':>8} {'peak memory':>12}")
    for k, r in runs.items():
        print(f"{k:26} {_median(r, 'seconds'):7.2f}s {_median(r, 'cpu_seconds'):7.2f}s "
              f"{max(x.peak_bytes for x in r) / 1e6:10,.0f} MB")  # fmt: skip
    if args.against:
        other = runs["other checkout"]
        print(f"other checkout / hand-written: "
              f"{_median(other, 'cpu_seconds') / _median(base, 'cpu_seconds'):.2f}x processor "
              f"time, {max(r.peak_bytes for r in other) / max(r.peak_bytes for r in base):.2f}x "
              "peak memory")  # fmt: skip
    print(f"ours / hand-written, processor time: {cpu:.2f}x (target {CPU_TARGET}x) "
          f"{verdict(cpu, CPU_TARGET)}")  # fmt: skip
    print(f"ours / hand-written, peak memory:    {memory:.2f}x (target {MEMORY_TARGET}x) "
          f"{verdict(memory, MEMORY_TARGET)}")  # fmt: skip
    wall = _median(ours, "seconds") / _median(base, "seconds")
    print(f"ours / hand-written, wall time:      {wall:.2f}x (no target; the machine is shared)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
