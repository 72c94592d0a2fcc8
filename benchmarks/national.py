"""National benchmark: the WRES indicators of every trust for every year, from one national
extract held in DuckDB, by the query layer against the same counts written by hand in SQL.

The extract is synthetic and deterministic (load_wres.py's staff generator, with an
organisation and a year column): about 1.4M staff a year over 220 trusts for 5 years, with
recruitment at national volumes (a shortlisting row per member of staff a year), disciplinary
cases (1% of staff), non-mandatory training (30%) and each trust's board. The tables are text,
as an extract loaded into a warehouse is, in a DuckDB file under benchmarks/output/ (made once,
reused). The survey indicators (WRES5-8) arrive as counts already (a survey file), so the same
synthetic survey counts are added on both sides.

    ours       metrics.query.counts.counts_from(connect("duckdb:///FILE"), every table), then
               metrics.compare.values.network_values: every indicator of every trust and year
    baseline   the counts written by hand in DuckDB SQL (GROUP BY the raw labels per trust and
               year, the few thousand label combinations classified in Python, the event tables
               joined to staff and each person counted once), then network_values likewise

Before timing, the two are checked to give the same indicator values for every trust, year and
indicator. Each runs --repeat times, interleaved, in this process; the table shows median wall
and CPU time and ours / baseline. Targets (issue 12): ours within 1.5x the baseline, and every
trust's indicators for 5 years under 10 s. Missing one prints MISSED; the exit status stays 0
(it is 1 only when Spark's counts or values differ from DuckDB's).

--spark adds, after the DuckDB measurement, the same tables read by Spark in local mode
(spark://local[2]) through the same query layer: each table exported once to Parquet beside the
DuckDB file (DuckDB's COPY ... (FORMAT PARQUET), reused) and named as parquet:PATH. Every
trust's counts and indicator values for every year are checked identical to the DuckDB path's
(a run that also warms the JVM), then timed --spark-repeat times. Spark's CPU is this process's
plus the JVM's: pyspark starts the JVM as a child of this process, and its processor time
(with any Python workers under it) is read from /proc before and after each run. There is no
speed target for Spark; the issue asks for identical counts. The session start (JVM launch) is
printed apart and not in the figures.

--sizes gives the growth: the same measurement at several total staff row counts (10k to 6M),
with the time per million rows, to show whether the cost grows linearly.

    .venv/bin/python benchmarks/national.py                      # 1.4M staff a year x 5 years
    .venv/bin/python benchmarks/national.py --sizes 10000,100000,1000000,6000000
    .venv/bin/python benchmarks/national.py --quick              # smoke run, 20,000 rows
    .venv/bin/python benchmarks/national.py --staff-per-year 280000 --spark   # and Spark
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_wres import DEFAULT_OUT, ETHNIC_LABELS, SEED, _pick, make_staff  # noqa: E402

GENERATOR_VERSION = 1  # bump when the generated data changes: old files are then remade
TARGET = 1.5  # ours / hand-written
WALL_TARGET = 10.0  # seconds for every trust and year
FIRST_YEAR = 2021
SPARK_URL = "spark://local[2]"  # two cores: the machine has two, shared
SPARK_MEMORY = "4g"  # Spark's driver heap (local mode runs the executors in it); default 1g
TABLES = ("staff", "recruitment", "disciplinary", "training", "board")
STAFF_COLUMNS = ["Employee Number", "Assignment Number", "Ethnic Origin", "Pay Band",
                 "Staff Group", "Assignment Category", "Contracted WTE"]  # fmt: skip


def trust_names(n: int) -> np.ndarray:
    return np.array([f"Trust {i:03d} NHS Trust" for i in range(1, n + 1)], dtype=object)


def make_year(rows: int, trusts: int, year: int) -> dict[str, pd.DataFrame]:
    """One year's tables for every trust (trust sizes skewed: a few large, many small)."""
    rng = np.random.default_rng(SEED + year)
    names = trust_names(trusts)
    sizes = rng.pareto(2.0, trusts) + 1
    staff = make_staff(rows, seed=SEED + year)[STAFF_COLUMNS].astype("string")
    staff.insert(0, "Year", str(year))
    staff.insert(0, "Organisation", names[rng.choice(trusts, size=rows, p=sizes / sizes.sum())])
    in_post = staff[staff["Assignment Category"] != "Bank"]

    def events(share: float) -> pd.DataFrame:
        chosen = in_post.sample(frac=share, random_state=year)
        return chosen[["Organisation", "Year", "Employee Number"]].reset_index(drop=True)

    applicants = rows
    shortlisted = rng.random(applicants) < 0.55
    appointed = shortlisted & (rng.random(applicants) < 0.25)
    recruitment = pd.DataFrame({
        "Organisation": names[rng.choice(trusts, size=applicants, p=sizes / sizes.sum())],
        "Year": str(year),
        "Ethnicity": _pick(rng, ETHNIC_LABELS, applicants),
        "Shortlisted": np.where(shortlisted, "Yes", "No"),
        "Appointed": np.where(appointed, "Yes", "No"),
    })  # fmt: skip
    seats = 12
    board = pd.DataFrame({
        "Organisation": np.repeat(names, seats),
        "Year": str(year),
        "Ethnicity": _pick(rng, ETHNIC_LABELS, trusts * seats),
        "Voting": np.where(rng.random(trusts * seats) < 0.8, "Yes", "No"),
        "Executive": np.where(np.tile(np.arange(seats), trusts) < 6, "Yes", "No"),
    })  # fmt: skip
    return {"staff": staff, "recruitment": recruitment, "disciplinary": events(0.01),
            "training": events(0.30), "board": board}  # fmt: skip


def survey_counts(trusts: int, years: int) -> pd.DataFrame:
    """WRES5-8 counts for every trust and year, as a survey file gives them."""
    rng = np.random.default_rng(SEED)
    rows = []
    for org in trust_names(trusts):
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            for indicator in ("WRES5", "WRES6", "WRES7", "WRES8"):
                for group in ("White", "BME"):
                    respondents = int(rng.integers(100, 3000))
                    yes = int(respondents * rng.uniform(0.05, 0.6))
                    rows.append((org, year, indicator, group, yes, respondents))
    columns = ["organisation", "year", "indicator", "group", "numerator", "denominator"]
    return pd.DataFrame(rows, columns=columns)


def database(total: int, trusts: int, years: int, out: Path) -> Path:
    """The national extract in a DuckDB file (made once, then reused)."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    path = out / f"national_v{GENERATOR_VERSION}_{total}_{trusts}x{years}.db"
    if path.exists():
        return path
    partial = path.with_suffix(".part")
    partial.unlink(missing_ok=True)
    with duckdb.connect(str(partial)) as con:
        for i in range(years):
            tables = make_year(max(total // years, 1), trusts, FIRST_YEAR + i)
            for name, frame in tables.items():
                con.register("frame", frame)
                if i == 0:
                    con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
                else:
                    con.execute(f"INSERT INTO {name} SELECT * FROM frame")
                con.unregister("frame")
    partial.rename(path)
    return path


# --- the two ways ------------------------------------------------------------------------------


def duckdb_counts(path: Path) -> pd.DataFrame:
    from metrics.query.counts import counts_from
    from metrics.query.sources import connect

    engine = connect(f"duckdb:///{path}")
    counts = counts_from(engine, {t: t for t in TABLES}).counts
    engine.con.disconnect()
    return counts


def ours(path: Path, survey: pd.DataFrame):
    from metrics.compare.values import network_values

    return network_values(pd.concat([duckdb_counts(path), survey], ignore_index=True))


# --- Spark -------------------------------------------------------------------------------------


def parquet_files(path: Path) -> dict[str, Path]:
    """Each table of the DuckDB file as a Parquet file in a folder beside it (made once)."""
    import duckdb

    folder = path.with_name(path.stem + "_parquet")
    files = {t: folder / f"{t}.parquet" for t in TABLES}
    if all(f.exists() for f in files.values()):
        return files
    folder.mkdir(exist_ok=True)
    with duckdb.connect(str(path), read_only=True) as con:
        for table, file in files.items():
            partial = file.with_suffix(".part")
            con.execute(f"COPY (SELECT * FROM {table}) TO '{partial}' (FORMAT PARQUET)")
            partial.rename(file)
    return files


def spark_counts(files: dict[str, Path]) -> pd.DataFrame:
    """The counts by the query layer on Spark: connect() joins the session already started."""
    from metrics.query.counts import counts_from
    from metrics.query.sources import connect

    engine = connect(SPARK_URL)
    try:
        return counts_from(engine, {t: f"parquet:{f}" for t, f in files.items()}).counts
    finally:
        engine.close()


def on_spark(files: dict[str, Path], survey: pd.DataFrame):
    from metrics.compare.values import network_values

    return network_values(pd.concat([spark_counts(files), survey], ignore_index=True))


def start_spark(memory: str):
    """Start the local Spark session (its JVM a child of this process) as the tool does, with
    the driver's heap set through SPARK_DRIVER_MEMORY (read by spark-submit when the JVM is
    launched; a value already in the environment wins). Returns the session."""
    from metrics.query.sources import connect

    os.environ.setdefault("SPARK_DRIVER_MEMORY", memory)
    return connect(SPARK_URL).session


def jvm_cpu(session) -> float:
    """Processor time (user + system, seconds) of the JVM pyspark launched and everything under
    it, from /proc: the JVM is this process's child, but os.times() counts a child's time only
    once it has ended."""
    root = session.sparkContext._gateway.proc.pid
    parents, ticks = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended while being read
            continue
        pid = int(stat.parent.name)
        parents[pid], ticks[pid] = int(fields[1]), int(fields[11]) + int(fields[12])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total / os.sysconf("SC_CLK_TCK")


def sorted_counts(counts: pd.DataFrame) -> pd.DataFrame:
    columns = sorted(counts.columns)
    frame = counts[columns].astype(object).where(counts[columns].notna(), None)
    return frame.sort_values(columns, key=lambda c: c.astype(str)).reset_index(drop=True)


def difference(a: pd.DataFrame, b: pd.DataFrame) -> str | None:
    """None when the frames are identical (values exact, dtypes aside), else the first
    difference pandas finds."""
    try:
        pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=True)
    except AssertionError as exc:
        return " / ".join(line.strip() for line in str(exc).strip().splitlines()[:6])
    return None


NOT_BANK = "coalesce(lower(\"Assignment Category\"), '') NOT LIKE '%bank%'"
HAND_WRITTEN = {
    "staff": f"""
        SELECT trim("Organisation") AS org, "Year" AS year, "Ethnic Origin" AS eth,
               "Pay Band" AS band, "Staff Group" AS sg, count(*) AS n
        FROM staff WHERE {NOT_BANK} GROUP BY ALL""",
    "recruitment": """
        SELECT trim("Organisation") AS org, "Year" AS year, "Ethnicity" AS eth,
               count(*) AS den, count(*) FILTER (WHERE "Appointed" = 'Yes') AS num
        FROM recruitment WHERE "Shortlisted" = 'Yes' GROUP BY ALL""",
    "board": """
        SELECT trim("Organisation") AS org, "Year" AS year, "Ethnicity" AS eth,
               count(*) FILTER (WHERE "Voting" = 'Yes') AS voting,
               count(*) FILTER (WHERE "Executive" = 'Yes') AS executive
        FROM board GROUP BY ALL""",
}
EVENTS = """
    SELECT org, year, eth, count(*) AS n FROM (
        SELECT DISTINCT trim(e."Organisation") AS org, e."Year" AS year, s."Ethnic Origin" AS eth,
               e."Employee Number" AS emp
        FROM {table} e JOIN staff s ON s."Organisation" = e."Organisation"
             AND s."Year" = e."Year" AND s."Employee Number" = e."Employee Number"
        WHERE {not_bank}) GROUP BY ALL"""


def baseline(path: Path, survey: pd.DataFrame):
    import duckdb

    from metrics.compare.values import network_values
    from metrics.counts import classify
    from metrics.counts.table import normalise

    with duckdb.connect(str(path), read_only=True) as con:
        got = {k: con.execute(q).df() for k, q in HAND_WRITTEN.items()}
        for table in ("disciplinary", "training"):
            got[table] = con.execute(EVENTS.format(table=table, not_bank=NOT_BANK)).df()
    labels = pd.concat([f["eth"] for f in got.values()]).unique()
    group = {v: classify.ethnicity(v).wres_group for v in labels}
    for frame in got.values():
        frame["group"] = frame["eth"].map(group)
        frame["year"] = frame["year"].astype("int64")
    staff = got["staff"]
    bands = {v: classify.band(v) or "Other" for v in staff["band"].unique()}
    groups = {v: classify.staff_group(v) for v in staff["sg"].unique()}
    staff = staff.assign(
        band=staff["band"].map(bands),
        clinical=staff["sg"].map({k: None if g is None else bool(g.clinical)
                                  for k, g in groups.items()}).astype("boolean"),
        staff_group=staff["sg"].where(staff["sg"].notna(), None),
    )  # fmt: skip
    keys = ["org", "year", "staff_group", "band", "clinical"]
    wres1 = staff.groupby([*keys, "group"], dropna=False)["n"].sum().reset_index()
    wres1["denominator"] = wres1.groupby(keys, dropna=False)["n"].transform("sum")
    parts = [wres1.rename(columns={"n": "numerator"}).assign(indicator="WRES1")]
    heads = staff.groupby(["org", "year", "group"])["n"].sum().rename("denominator")
    rec = got["recruitment"].groupby(["org", "year", "group"])[["num", "den"]].sum()
    parts.append(rec.reset_index().rename(columns={"num": "numerator", "den": "denominator"})
                 .assign(indicator="WRES2"))  # fmt: skip
    for table, indicator in (("disciplinary", "WRES3"), ("training", "WRES4")):
        num = got[table].groupby(["org", "year", "group"])["n"].sum().rename("numerator")
        both = pd.concat([heads, num], axis=1).fillna({"numerator": 0}).reset_index()
        parts.append(both.assign(indicator=indicator))
    board = got["board"].groupby(["org", "year", "group"])[["voting", "executive"]].sum()
    for membership in ("voting", "executive"):
        rows = board[membership].rename("numerator").reset_index()
        rows["denominator"] = rows.groupby(["org", "year"])["numerator"].transform("sum")
        parts.append(rows.assign(indicator="WRES9", membership=membership))
    counts = pd.concat(parts, ignore_index=True).rename(columns={"org": "organisation"})
    counts = normalise(counts.drop(columns=[c for c in ("n", "sg") if c in counts.columns]))
    return network_values(pd.concat([counts, survey], ignore_index=True))


def values_of(result) -> pd.DataFrame:
    frame = result.frame[["organisation", "year", "indicator", "value"]]
    return frame.sort_values(["organisation", "year", "indicator"]).reset_index(drop=True)


def timed(func, *args, other_cpu=lambda: 0.0) -> tuple[float, float, float]:
    """Wall time, this process's CPU time and other_cpu()'s growth (another process's CPU)."""
    wall, cpu, other = time.perf_counter(), time.process_time(), other_cpu()
    func(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, other_cpu() - other


def measure_spark(total: int, trusts: int, years: int, repeat: int, out: Path,
                  memory: str) -> dict[str, float | str | None]:  # fmt: skip
    """Spark on the same tables: checked identical to the DuckDB path, then timed."""
    path = database(total, trusts, years, out)
    survey = survey_counts(trusts, years)
    files = parquet_files(path)
    wall = time.perf_counter()
    session = start_spark(memory)
    started = time.perf_counter() - wall
    heap = session.sparkContext._jvm.java.lang.Runtime.getRuntime().maxMemory() / 2**30
    from metrics.compare.values import network_values

    got = spark_counts(files)  # the check's run: it also warms the JVM up
    want = duckdb_counts(path)
    counts = difference(sorted_counts(got), sorted_counts(want))
    spark_values = network_values(pd.concat([got, survey], ignore_index=True))
    duck_values = network_values(pd.concat([want, survey], ignore_index=True))
    values = difference(values_of(spark_values), values_of(duck_values))
    runs = [timed(on_spark, files, survey, other_cpu=lambda: jvm_cpu(session))
            for _ in range(repeat)]  # fmt: skip
    return {
        "start": started, "heap": heap, "rows": len(got),
        "counts": counts, "values": values, "indicators": len(values_of(spark_values)),
        "wall": statistics.median(r[0] for r in runs),
        "python": statistics.median(r[1] for r in runs),
        "jvm": statistics.median(r[2] for r in runs),
    }  # fmt: skip


def measure(total: int, trusts: int, years: int, repeat: int, out: Path) -> dict[str, tuple]:
    path = database(total, trusts, years, out)
    survey = survey_counts(trusts, years)
    a, b = values_of(ours(path, survey)), values_of(baseline(path, survey))
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert a["value"].notna().sum() > len(a) / 2, "most indicators should have a value"
    runs = {"baseline": baseline, "ours": ours}
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in runs}
    for _ in range(repeat):
        for k, func in runs.items():
            times[k].append(timed(func, path, survey)[:2])
    return {
        k: (statistics.median(t[0] for t in v), statistics.median(t[1] for t in v))
        for k, v in times.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff-per-year", type=int, default=1_400_000)
    parser.add_argument("--trusts", type=int, default=220)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", help="total staff rows, comma-separated: the growth table")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, 20 trusts, once")
    parser.add_argument(
        "--spark",
        action="store_true",
        help=f"also Spark in local mode ({SPARK_URL}) on the same tables",
    )
    parser.add_argument("--spark-repeat", type=int, default=1, help="timed Spark runs")
    parser.add_argument(
        "--spark-memory",
        default=SPARK_MEMORY,
        help="Spark driver heap (SPARK_DRIVER_MEMORY in the environment wins)",
    )
    args = parser.parse_args(argv)
    trusts, years, repeat = args.trusts, args.years, args.repeat
    if args.quick:
        sizes, trusts, repeat = [20_000], 20, 1
    elif args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    else:
        sizes = [args.staff_per_year * years]
    status = 0
    print(f"WRES indicators of every trust ({trusts}) and year ({years}), median of {repeat}")
    print(f"{'staff rows':>12} {'way':9} {'wall s':>8} {'CPU s':>8} {'CPU s/M rows':>13}")
    for total in sizes:
        got = measure(total, trusts, years, repeat, args.out)
        for k, (wall, cpu) in got.items():
            print(f"{total:12,} {k:9} {wall:8.2f} {cpu:8.2f} {cpu / total * 1e6:13.2f}")
        for what, i in (("wall", 0), ("CPU", 1)):
            ratio = got["ours"][i] / got["baseline"][i]
            verdict = "ok" if ratio <= TARGET else "MISSED"
            print(f"{'':12} ours / hand-written, {what}: {ratio:.2f}x (target {TARGET}x) {verdict}")
        wall = got["ours"][0]
        verdict = "ok" if wall < WALL_TARGET else "MISSED"
        print(f"{'':12} ours, every trust and year: {wall:.2f} s (target {WALL_TARGET:.0f} s) "
              f"{verdict}")  # fmt: skip
        if args.spark and not spark_report(total, trusts, years, args, got):
            status = 1
    return status


def spark_report(total: int, trusts: int, years: int, args, duck: dict[str, tuple]) -> bool:
    """Print Spark's figures under DuckDB's; False when its counts or values differ."""
    repeat = 1 if args.quick else args.spark_repeat
    got = measure_spark(total, trusts, years, repeat, args.out, args.spark_memory)
    cpu = got["python"] + got["jvm"]
    print(f"{total:12,} {'spark':9} {got['wall']:8.2f} {cpu:8.2f} {cpu / total * 1e6:13.2f}"
          f"   ({SPARK_URL}, median of {repeat})")  # fmt: skip
    print(
        f"{'':12} spark CPU = this Python process {got['python']:.2f} s + the JVM (a child "
        f"process, from /proc) {got['jvm']:.2f} s; driver heap {got['heap']:.1f} GiB"
    )
    print(f"{'':12} spark session start (JVM launch, not in the figures): {got['start']:.2f} s")
    print(
        f"{'':12} spark / DuckDB query layer: {got['wall'] / duck['ours'][0]:.2f}x wall, "
        f"{cpu / duck['ours'][1]:.2f}x CPU (no target)"
    )
    same = got["counts"] is None and got["values"] is None
    print(
        f"{'':12} spark counts ({got['rows']:,} rows) and indicator values "
        f"({got['indicators']:,}) identical to the DuckDB path's: {'yes' if same else 'NO'}"
    )
    for what in ("counts", "values"):
        if got[what] is not None:
            print(f"{'':12}   {what} differ: {got[what]}")
    return same


if __name__ == "__main__":
    sys.exit(main())
