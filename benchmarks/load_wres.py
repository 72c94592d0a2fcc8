"""Load benchmark: `inclusivehr wres --staff FILE --json` against a bare read of the same file.

One run generates a national-scale synthetic ESR staff extract (deterministic; reused when it is
already there), then measures four commands, each in its own subprocess so that interpreter
start-up and imports count the same on both sides:

    baseline CSV   python -c "import pandas as pd; pd.read_csv(FILE)"
    ours CSV       inclusivehr wres --staff FILE --json
    baseline XLSX  python -c "from python_calamine import CalamineWorkbook; ...to_python()"
    ours XLSX      inclusivehr wres --staff FILE.xlsx --json

Wall time is the whole subprocess, start-up included. Peak memory is that child's own maximum
resident set size, from os.wait4() on that one child (RUSAGE_CHILDREN would give the maximum over
every child so far), via a tiny launcher process so that the benchmark's own size does not leak
into the figure (see LAUNCHER). Each command runs --repeat times, interleaved with its baseline;
the table shows the median time, the maximum peak memory and the ratios ours/baseline from the
same run. Missing a target prints MISSED; the exit status stays 0. A
command that fails (non-zero exit) is an error: its stderr is printed and the exit status is 1.

    .venv/bin/python benchmarks/load_wres.py                # full size: 1.4M CSV rows, 100k XLSX
    .venv/bin/python benchmarks/load_wres.py --quick        # smoke run, a few seconds
    .venv/bin/python benchmarks/load_wres.py --only xlsx    # the XLSX row alone
    .venv/bin/python benchmarks/load_wres.py --markdown     # also a table for the README
    .venv/bin/python benchmarks/load_wres.py --profile      # also -X importtime and cProfile
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "benchmarks" / "output"
GENERATOR_VERSION = 1  # bump when the generated data changes, so old files are regenerated
SEED = 20250331

TIME_TARGET = {"CSV": 2.0, "XLSX": 1.5}  # ours / bare read, wall time
MEMORY_TARGET = {"CSV": 2.0, "XLSX": 2.0}  # ours / bare read, peak RSS

BASELINE_CSV = "import sys, pandas as pd; pd.read_csv(sys.argv[1])"
BASELINE_XLSX = (
    "import sys; from python_calamine import CalamineWorkbook; "
    "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()"
)
STARTUP = "import pandas"

# --- synthetic ESR extract -------------------------------------------------------------------

COLUMNS = [
    "Employee Number",
    "Assignment Number",
    "Ethnic Origin",
    "Pay Band",
    "Staff Group",
    "Org L3",
    "Gender",
    "Disability",
    "Assignment Category",
    "Age Band",
    "Religious Belief",
    "Sexual Orientation",
    "Contracted WTE",
    "Basic Hourly Rate",
]

# ESR "Ethnic Origin" labels with national weights (roughly the NHS workforce).
ETHNIC_LABELS = {
    "A White - British": 61.0,
    "B White - Irish": 1.0,
    "C White - Any other White background": 6.0,
    "D Mixed - White & Black Caribbean": 0.5,
    "E Mixed - White & Black African": 0.4,
    "F Mixed - White & Asian": 0.4,
    "G Mixed - Any other mixed background": 0.7,
    "H Asian or Asian British - Indian": 7.0,
    "J Asian or Asian British - Pakistani": 1.6,
    "K Asian or Asian British - Bangladeshi": 0.6,
    "L Asian or Asian British - Any other Asian background": 3.5,
    "M Black or Black British - Caribbean": 1.5,
    "N Black or Black British - African": 6.0,
    "P Black or Black British - Any other Black background": 0.6,
    "R Chinese": 0.5,
    "S Any Other Ethnic Group": 2.2,
    "Z Not Stated": 4.0,
}
# Bare national codes and local sub-codes seen in real extracts (read by their first letter).
ETHNIC_CODES = ["A", "C", "H", "N", "Z", "99"]
ETHNIC_SUBCODES = ["CP", "CA", "CX", "LH", "LK", "LE", "SC", "GF"]
P_BARE_CODE, P_SUBCODE, P_BLANK = 0.03, 0.02, 0.005

# Staff group: national share, and the pay bands (with weights) found in it.
AFC_CLINICAL = {
    "Band 3": 10,
    "Band 4": 6,
    "Band 5": 30,
    "Band 6": 28,
    "Band 7": 16,
    "Band 8a": 6,
    "Band 8b": 2,
    "Band 8c": 1,
    "Band 8d": 0.5,
    "Band 9": 0.2,
}
AFC_SUPPORT = {
    "Band 2": 25,
    "Band 3": 35,
    "Band 4": 20,
    "Band 5": 8,
    "Band 6": 5,
    "Band 7": 3,
    "Band 8a": 2,
    "Band 8b": 1,
    "Band 8c": 0.6,
    "Band 8d": 0.3,
    "Band 9": 0.1,
    "VSM": 0.1,
}
STAFF_GROUPS = {
    "Nursing and Midwifery Registered": (26.0, AFC_CLINICAL),
    "Additional Clinical Services": (22.0, {"Band 2": 30, "Band 3": 50, "Band 4": 20}),
    "Administrative and Clerical": (22.0, AFC_SUPPORT),
    "Medical and Dental": (
        10.0,
        {
            "Consultant": 42,
            "Specialty Registrar": 30,
            "Specialty Doctor": 12,
            "Foundation Year 2": 8,
            "Foundation Year 1": 8,
        },
    ),
    "Allied Health Professionals": (7.0, AFC_CLINICAL),
    "Add Prof Scientific and Technic": (5.0, AFC_CLINICAL),
    "Estates and Ancillary": (5.5, {"Band 2": 60, "Band 3": 25, "Band 4": 10, "Band 5": 5}),
    "Healthcare Scientists": (2.0, AFC_CLINICAL),
    "Students": (0.5, {"Band 3": 50, "Band 4": 50}),
}
HOURLY_RATE = {
    "Band 2": 12.45,
    "Band 3": 12.83,
    "Band 4": 14.28,
    "Band 5": 15.57,
    "Band 6": 19.12,
    "Band 7": 22.54,
    "Band 8a": 26.05,
    "Band 8b": 30.32,
    "Band 8c": 35.86,
    "Band 8d": 42.49,
    "Band 9": 50.62,
    "VSM": 70.00,
    "Consultant": 56.10,
    "Specialty Registrar": 28.60,
    "Specialty Doctor": 27.80,
    "Foundation Year 2": 20.90,
    "Foundation Year 1": 17.20,
}
DIRECTORATE_STEMS = [
    "Medicine",
    "Surgery",
    "Women and Children",
    "Community Services",
    "Mental Health",
    "Clinical Support",
    "Estates and Facilities",
    "Corporate Nursing",
    "Digital",
    "Finance",
    "Workforce and OD",
    "Emergency Care",
    "Cancer Services",
    "Cardiothoracic",
    "Neurosciences",
    "Specialist Services",
    "Diagnostics",
    "Pharmacy",
    "Therapies",
    "Learning Disabilities",
]
N_DIRECTORATES = 200
ASSIGNMENT_CATEGORIES = {"Permanent": 85.0, "Fixed Term Temp": 12.0, "Bank": 3.0}
GENDERS = {"Female": 77.0, "Male": 23.0}
DISABILITY = {"No": 78.0, "Yes": 5.0, "Not Declared": 7.0, "Unspecified": 10.0}
AGE_BANDS = {
    "<=20 Years": 1.0,
    "21-25": 8.0,
    "26-30": 12.0,
    "31-35": 13.0,
    "36-40": 12.0,
    "41-45": 11.0,
    "46-50": 11.0,
    "51-55": 12.0,
    "56-60": 11.0,
    "61-65": 6.0,
    "66-70": 2.0,
    ">=71 Years": 1.0,
}
RELIGIONS = {
    "Christianity": 45.0,
    "Atheism": 16.0,
    "Islam": 6.0,
    "Hinduism": 4.0,
    "Sikhism": 1.0,
    "Buddhism": 1.0,
    "Judaism": 0.3,
    "Other": 6.0,
    "I do not wish to disclose my religion/belief": 11.0,
    "Unspecified": 9.7,
}
ORIENTATIONS = {
    "Heterosexual or Straight": 80.0,
    "Gay or Lesbian": 2.0,
    "Bisexual": 1.2,
    "Other sexual orientation not listed": 0.3,
    "Not stated (person asked but declined to provide a response)": 9.0,
    "Unspecified": 7.5,
}


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    labels = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return labels[rng.choice(len(labels), size=n, p=p / p.sum())]


def make_staff(n: int, seed: int = SEED) -> pd.DataFrame:
    """A deterministic ESR-style staff-in-post extract of n assignment rows (one per person)."""
    rng = np.random.default_rng(seed)
    employee = 10_000_000 + rng.permutation(max(n * 4, 1))[:n].astype(np.int64)

    groups = _pick(rng, {g: share for g, (share, _) in STAFF_GROUPS.items()}, n)
    bands = np.empty(n, dtype=object)
    for group, (_, band_weights) in STAFF_GROUPS.items():
        where = np.flatnonzero(groups == group)
        bands[where] = _pick(rng, band_weights, len(where))

    ethnic = _pick(rng, ETHNIC_LABELS, n)
    style = rng.random(n)
    bare = style < P_BARE_CODE
    ethnic[bare] = rng.choice(np.array(ETHNIC_CODES, dtype=object), size=int(bare.sum()))
    sub = (style >= P_BARE_CODE) & (style < P_BARE_CODE + P_SUBCODE)
    ethnic[sub] = rng.choice(np.array(ETHNIC_SUBCODES, dtype=object), size=int(sub.sum()))
    ethnic[style >= 1 - P_BLANK] = None

    sizes = rng.pareto(1.2, N_DIRECTORATES) + 1  # a few big directorates, many small ones
    directorates = np.array(
        [
            f"{300 + i} {DIRECTORATE_STEMS[i % len(DIRECTORATE_STEMS)]} L3"
            + (f" ({i // len(DIRECTORATE_STEMS) + 1})" if i >= len(DIRECTORATE_STEMS) else "")
            for i in range(N_DIRECTORATES)
        ],
        dtype=object,
    )
    org = directorates[rng.choice(N_DIRECTORATES, size=n, p=sizes / sizes.sum())]

    wte = np.where(rng.random(n) < 0.65, 1.0, np.round(rng.uniform(0.1, 1.0, n), 2))
    base_rate = pd.Series(bands).map(HOURLY_RATE).to_numpy(dtype=float)
    rate = np.round(base_rate * rng.uniform(1.0, 1.12, n), 2)

    emp_text = pd.Series(employee).astype(str)
    return pd.DataFrame(
        {
            "Employee Number": employee,
            "Assignment Number": emp_text + "-1",
            "Ethnic Origin": ethnic,
            "Pay Band": bands,
            "Staff Group": groups,
            "Org L3": org,
            "Gender": _pick(rng, GENDERS, n),
            "Disability": _pick(rng, DISABILITY, n),
            "Assignment Category": _pick(rng, ASSIGNMENT_CATEGORIES, n),
            "Age Band": _pick(rng, AGE_BANDS, n),
            "Religious Belief": _pick(rng, RELIGIONS, n),
            "Sexual Orientation": _pick(rng, ORIENTATIONS, n),
            "Contracted WTE": wte,
            "Basic Hourly Rate": rate,
        },
        columns=COLUMNS,
    )


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Staff in post")
    ws.append(list(frame.columns))
    # Python scalars (not numpy) so openpyxl writes numbers as numbers and blanks as empty.
    cols = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in frame.columns]
    cols[0] = [int(v) for v in cols[0]]
    for row in zip(*cols, strict=True):
        ws.append(row)
    wb.save(path)


def _count_csv_rows(path: Path) -> int:
    lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            lines += chunk.count(b"\n")
    return lines - 1  # the header


def _shown(path: Path) -> Path:
    return path.relative_to(ROOT) if ROOT in path.parents else path


def ensure_extract(out: Path, kind: str, rows: int, seed: int, regenerate: bool) -> Path:
    """The extract of this size, reused when it is already on disk with the right row count."""
    path = out / f"staff_{rows}.{kind.lower()}"
    manifest = path.with_name(path.name + ".json")
    want = {"rows": rows, "seed": seed, "generator": GENERATOR_VERSION}
    if not regenerate and path.exists() and manifest.exists():
        try:
            have = json.loads(manifest.read_text())
        except ValueError:
            have = {}
        same = {k: have.get(k) for k in want} == want and have.get("bytes") == path.stat().st_size
        if same and (kind != "CSV" or _count_csv_rows(path) == rows):
            print(f"  reusing {_shown(path)} ({rows:,} rows)")
            return path
    print(f"  generating {kind} with {rows:,} rows -> {_shown(path)} ...", end=" ", flush=True)
    started = time.perf_counter()
    frame = make_staff(rows, seed)
    tmp = path.with_name(f".{path.name}.partial")
    (_write_csv if kind == "CSV" else _write_xlsx)(frame, tmp)
    os.replace(tmp, path)
    manifest.write_text(json.dumps({**want, "bytes": path.stat().st_size}) + "\n")
    print(f"{time.perf_counter() - started:.1f} s, {path.stat().st_size / 1e6:,.0f} MB")
    return path


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_bytes: int


@dataclass
class Measured:
    label: str
    argv: list[str]
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_bytes(self) -> int:
        return max(r.peak_bytes for r in self.runs)


class CommandFailed(RuntimeError):
    pass


def _maxrss_bytes(ru_maxrss: int) -> int:
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024  # Linux reports KiB


# Each measured command is started by this small launcher, not by the benchmark process itself.
# On Linux a child's peak RSS starts at the RSS of the process that forked it (the kernel carries
# the high-water mark across fork and exec), so a child forked from this process - which holds
# pandas and, after generating, a large frame - would report at least our size. The launcher is a
# bare interpreter (-I -S, about 10 MB, less than any measured command), spawns the command, waits
# for that one child with os.wait4 and writes its wall time and ru_maxrss to a file.
LAUNCHER = """\
import os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(result, "w") as fh:
    fh.write(f"{os.waitstatus_to_exitcode(status)} {seconds!r} {usage.ru_maxrss}\\n")
"""


def run_once(argv: list[str], stdout_path: Path | None = None) -> Run:
    """Run argv as a child process: its wall time (start-up included) and its own peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result"
        err_path = Path(tmp) / "stderr"
        with (
            err_path.open("wb") as err,
            stdout_path.open("wb") if stdout_path else open(os.devnull, "wb") as out,
        ):
            launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *argv]
            subprocess.run(
                launcher, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=ROOT, check=True
            )
        code, seconds, maxrss = result.read_text().split()
        if int(code) != 0:
            message = err_path.read_text(encoding="utf-8", errors="replace").strip()
            raise CommandFailed(f"command exited with status {code}: {' '.join(argv)}\n{message}")
    return Run(seconds=float(seconds), peak_bytes=_maxrss_bytes(int(maxrss)))


def warm_cache(path: Path) -> None:
    """Read the file once so that neither side pays for the first read from disk, and compile
    the project's modules to bytecode as an installed package has them (pip compiles a package
    as it installs it, and pandas' own are): with PYTHONDONTWRITEBYTECODE set, ours would
    otherwise be compiled afresh in every run and the baseline's never."""
    with path.open("rb") as fh:
        while fh.read(1 << 24):
            pass
    for package in ("metrics", "dashboard"):
        compileall.compile_dir(ROOT / package, quiet=1)


def inclusivehr_command() -> list[str]:
    script = Path(sys.executable).parent / "inclusivehr"
    if script.exists():
        return [str(script)]
    found = shutil.which("inclusivehr")
    return [found] if found else [sys.executable, "-m", "dashboard.cli"]


def check_output(stdout_path: Path, rows: int) -> str:
    """A sanity check that our run printed a JSON report covering the file; a note for the log."""
    try:
        payload = json.loads(stdout_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CommandFailed(f"inclusivehr did not print valid JSON ({exc})") from None
    quality = payload.get("data_quality", {}) if isinstance(payload, dict) else {}
    counted = quality.get("declaration", {}).get("staff", {}).get("records")
    notes = "; ".join(quality.get("notes", []))
    warnings = len(quality.get("warnings", []))
    return (
        f"JSON report of {stdout_path.stat().st_size:,} bytes; {rows:,} rows in the file, "
        f"{counted if counted is None else format(counted, ',')} staff counted"
        + (f" ({notes})" if notes else "")
        + f"; {warnings} data-quality warning{'s' * (warnings != 1)}"
    )


# --- reporting -------------------------------------------------------------------------------


@dataclass
class Comparison:
    kind: str
    rows: int
    file_bytes: int
    baseline: Measured
    ours: Measured

    @property
    def time_ratio(self) -> float:
        return self.ours.seconds / self.baseline.seconds

    @property
    def memory_ratio(self) -> float:
        return self.ours.peak_bytes / self.baseline.peak_bytes

    def verdict(self, ratio: float, target: float) -> str:
        return f"{ratio:.2f}x (target <= {target:.1f}x)" + ("" if ratio <= target else " MISSED")

    def line(self) -> str:
        b, o = self.baseline, self.ours
        return (
            f"{self.kind} {self.rows:,} rows: {b.label} {b.seconds:.2f} s / {_mb(b.peak_bytes)}; "
            f"inclusivehr wres {o.seconds:.2f} s / {_mb(o.peak_bytes)}; "
            f"ratio time {self.verdict(self.time_ratio, TIME_TARGET[self.kind])}, "
            f"memory {self.verdict(self.memory_ratio, MEMORY_TARGET[self.kind])}"
        )


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def _code_version() -> str:
    """The commit measured, and whether the code under test has local changes (read-only git)."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "diff", "--quiet", "HEAD", "--", "metrics", "dashboard"], cwd=ROOT
        )
    except OSError:
        return "unknown"
    if sha.returncode != 0:
        return "unknown"
    return sha.stdout.strip() + (" with local changes" if dirty.returncode == 1 else "")


def machine_facts() -> dict[str, str]:
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    cpu = platform.processor() or platform.machine()
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 1024**3:.0f} GB"
    return {
        "code": _code_version(),
        "cpu": f"{cpu}; {os.cpu_count()} logical CPUs ({usable} usable)",
        "memory": memory or "unknown",
        "os": platform.platform(),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "python-calamine": version("python-calamine"),
        "openpyxl": version("openpyxl"),
        "inclusivehr": version("inclusivehr"),
    }


def markdown(
    comparisons: list[Comparison], startup: Measured, facts: dict[str, str], repeat: int
) -> str:
    out = [
        "| File | Rows | Bare read | `inclusivehr wres --json` | Time ratio (target) "
        "| Memory ratio (target) |",
        "|---|---:|---|---|---:|---:|",
    ]
    for c in comparisons:
        t, m = TIME_TARGET[c.kind], MEMORY_TARGET[c.kind]
        out.append(
            f"| {c.kind} ({c.file_bytes / 1e6:,.{0 if c.file_bytes >= 1e7 else 1}f} MB) | {c.rows:,} "
            f"| {c.baseline.seconds:.2f} s, {_mb(c.baseline.peak_bytes)} "
            f"| {c.ours.seconds:.2f} s, {_mb(c.ours.peak_bytes)} "
            f"| **{c.time_ratio:.2f}x** (<= {t:.1f}x){'' if c.time_ratio <= t else ' MISSED'} "
            f"| **{c.memory_ratio:.2f}x** (<= {m:.1f}x){'' if c.memory_ratio <= m else ' MISSED'} |"
        )
    out += [
        "",
        f"Bare read: `pandas.read_csv` for CSV, python-calamine `to_python()` for XLSX. Each "
        f"figure is a whole subprocess (start-up and imports included): median wall time and "
        f"maximum peak RSS over {repeat} runs. `python -c 'import pandas'` alone takes "
        f"{startup.seconds:.2f} s / {_mb(startup.peak_bytes)}.",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in facts.items()) + ".",
    ]
    return "\n".join(out)


# --- profiling -------------------------------------------------------------------------------


PROJECT_DIRS = tuple(str(ROOT / name) + os.sep for name in ("metrics", "dashboard"))


def _where(file: str) -> str:
    if "site-packages" + os.sep in file:
        return file.split("site-packages" + os.sep, 1)[1]
    return file[len(str(ROOT)) + 1 :] if file.startswith(str(ROOT) + os.sep) else file


def _print_stats(stats, key: str, top: int, only=lambda file: True) -> None:
    """A compact pstats table: calls, own time, cumulative time, where."""
    print(f"  {'ncalls':>9} {'tottime':>8} {'cumtime':>8}  function")
    entries = [(k, v) for k, v in stats.stats.items() if only(k[0])]
    column = {"cumulative": 3, "tottime": 2}[key]
    for (file, line, func), (cc, nc, tt, ct, _) in sorted(
        entries, key=lambda e: e[1][column], reverse=True
    )[:top]:
        calls = str(nc) if nc == cc else f"{nc}/{cc}"
        print(f"  {calls:>9} {tt:8.3f} {ct:8.3f}  {_where(file)}:{line}({func})")


def profile(path: Path, out: Path, top: int = 15) -> None:
    """Import cost (-X importtime) and the top functions by time (cProfile) of our run."""
    import pstats

    stem = path.name.replace(".", "_")
    cmd = ["-m", "dashboard.cli", "wres", "--staff", str(path), "--json"]
    imports_log = out / f"importtime_{stem}.txt"
    with imports_log.open("wb") as err:
        subprocess.run(
            [sys.executable, "-X", "importtime", *cmd],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    rows = []  # (cumulative microseconds, nesting depth, module)
    for text in imports_log.read_text().splitlines():
        parts = text.split("|", 2)
        if not text.startswith("import time:") or len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        indent = len(parts[2]) - len(parts[2].lstrip())
        rows.append((int(parts[1]), (indent - 1) // 2, parts[2].strip()))
    total = sum(us for us, depth, _ in rows if depth == 0)
    print(
        f"\n-X importtime, {path.name}: {total / 1e6:.2f} s importing in all (log: {imports_log})"
    )
    print("  heaviest packages (cumulative, where first imported):")
    packages = sorted(
        (r for r in rows if "." not in r[2] and not r[2].startswith("_")), reverse=True
    )
    for us, _, name in packages[:top]:
        print(f"  {us / 1e6:7.3f} s  {name}")
    print("  project modules (cumulative, including what they import first):")
    own = sorted((r for r in rows if r[2].startswith(("metrics.", "dashboard."))), reverse=True)
    for us, _, name in own[:top]:
        print(f"  {us / 1e6:7.3f} s  {name}")

    prof = out / f"cprofile_{stem}.prof"
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(prof), *cmd],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stats = pstats.Stats(str(prof))
    print(f"\ncProfile, {path.name}: {stats.total_tt:.2f} s profiled (profile: {prof})")
    print(f"top {top} by cumulative time:")
    _print_stats(stats, "cumulative", top)
    print(f"top {top} by cumulative time in project code (metrics/, dashboard/):")
    _print_stats(stats, "cumulative", top, lambda f: f.startswith(PROJECT_DIRS))
    print(f"top {top} by own time:")
    _print_stats(stats, "tottime", top)


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows-csv", type=int, default=1_400_000)
    parser.add_argument("--rows-xlsx", type=int, default=100_000)
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="working folder for the generated files (default benchmarks/output)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (median)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--quick", action="store_true", help="tiny smoke run: 20,000 CSV rows, 5,000 XLSX rows"
    )
    parser.add_argument(
        "--only",
        choices=("csv", "xlsx"),
        help="measure one file kind only (the other file is neither written nor read)",
    )
    parser.add_argument("--regenerate", action="store_true", help="write the files afresh")
    parser.add_argument("--markdown", action="store_true", help="also print a markdown table")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile our runs (-X importtime, cProfile top 15)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rows_csv, args.rows_xlsx = 20_000, 5_000
    if args.repeat < 1 or args.rows_csv < 1 or args.rows_xlsx < 1:
        parser.error("--repeat and the row counts must be at least 1")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    facts = machine_facts()
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in facts.items()))
    print("Data:")
    kinds = {
        "CSV": (args.rows_csv, BASELINE_CSV, "bare read"),
        "XLSX": (args.rows_xlsx, BASELINE_XLSX, "bare calamine read"),
    }
    files = {
        kind: (ensure_extract(out, kind, rows, args.seed, args.regenerate), rows, code, label)
        for kind, (rows, code, label) in kinds.items()
        if args.only in (None, kind.lower())
    }

    ours_cmd = inclusivehr_command()
    startup = Measured("python -c 'import pandas'", [sys.executable, "-c", STARTUP])
    comparisons = []
    try:
        for _ in range(args.repeat):
            startup.runs.append(run_once(startup.argv))
        for kind, (path, rows, code, label) in files.items():
            warm_cache(path)
            baseline = Measured(label, [sys.executable, "-c", code, str(path)])
            ours = Measured("inclusivehr wres", [*ours_cmd, "wres", "--staff", str(path), "--json"])
            report = out / f"report_{path.stem}_{kind.lower()}.json"
            print(f"Measuring {kind} ({args.repeat} runs each, interleaved) ...", flush=True)
            for i in range(args.repeat):
                for m in (baseline, ours):
                    m.runs.append(run_once(m.argv, report if m is ours else None))
                    r = m.runs[-1]
                    print(
                        f"  run {i + 1}: {m.label:<20} {r.seconds:7.2f} s {_mb(r.peak_bytes):>9}",
                        flush=True,
                    )
            print(f"  output: {check_output(report, rows)}")
            comparisons.append(Comparison(kind, rows, path.stat().st_size, baseline, ours))
    except CommandFailed as exc:
        print(f"\nERROR: {exc}", file=sys.stderr)
        return 1

    print(
        f"\nStart-up alone (python -c 'import pandas'): {startup.seconds:.2f} s / "
        f"{_mb(startup.peak_bytes)}"
    )
    for c in comparisons:
        print(c.line())
    if args.markdown:
        print("\n" + markdown(comparisons, startup, facts, args.repeat))

    results = {
        "machine": facts,
        "repeat": args.repeat,
        "startup": {"seconds": startup.seconds, "peak_bytes": startup.peak_bytes},
        "comparisons": [
            {
                "kind": c.kind,
                "rows": c.rows,
                "file_bytes": c.file_bytes,
                "baseline": {
                    "seconds": c.baseline.seconds,
                    "peak_bytes": c.baseline.peak_bytes,
                    "runs": [vars(r) for r in c.baseline.runs],
                },
                "ours": {
                    "seconds": c.ours.seconds,
                    "peak_bytes": c.ours.peak_bytes,
                    "runs": [vars(r) for r in c.ours.runs],
                },
                "time_ratio": c.time_ratio,
                "time_target": TIME_TARGET[c.kind],
                "memory_ratio": c.memory_ratio,
                "memory_target": MEMORY_TARGET[c.kind],
            }
            for c in comparisons
        ],
    }
    sizes = {"csv": args.rows_csv, "xlsx": args.rows_xlsx}
    suffix = "_".join(
        f"{sizes[k.lower()]}" if args.only is None else f"{k.lower()}_{sizes[k.lower()]}"
        for k in files
    )
    results_path = out / f"results_{suffix}.json"
    results_path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nResults written to {results_path}")

    if args.profile:
        for path, *_ in files.values():
            profile(path, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
