"""The fuzzing harness: hostile inputs through the command line and the upload path, each in a
process of its own with limits, judged against one contract.

The contract for every input: success, or a refusal whose message says what is wrong (never
"did not expect"); exit code 0, 1 or 2 as dashboard/cli.py defines; no Python traceback, no
native stack trace; never an abort, a kill or another signal; peak memory under 1 GB; within a
time limit.

Each input runs in a child forked from a server process that has already imported the tool, so
a run costs milliseconds of start-up, not an interpreter's; the child has an address-space cap
(a bomb is stopped before it takes the machine) and is killed at the time limit. The command
line runs as `inclusivehr` would (click's `main`, its exit code and its stderr); the upload path
runs what the web app runs on an `Upload(name, bytes)`: open the sheets, detect each kind, read
the staff year, load with the demographic columns, compute the indicators.

Used by tests/fuzz/test_fuzz_inputs.py (fixed seed, fixed budget) and benchmarks/fuzz.py.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1 << 30  # the contract: peak resident memory under 1 GB
ADDRESS_CAP = 4 << 30  # the child's address space: stops a bomb before it takes the machine
TIME_LIMIT = 30.0  # seconds per input

OUTCOMES = ("ok", "refused", "crash", "over-memory", "timeout", "traceback", "did-not-expect")
GOOD = ("ok", "refused")
# What a native failure prints: a Rust panic, a C abort, the interpreter's own fatal errors.
NATIVE = re.compile(
    r"panicked at|stack backtrace|fatal runtime error|Fatal Python error|Segmentation fault"
    r"|Aborted|core dumped|terminate called|memory allocation of \d+ bytes failed",
)


@dataclass(frozen=True)
class Case:
    """One hostile input: the file's name and bytes, what it is given as, any extra options."""

    name: str  # what the case is, for reports
    filename: str
    data: bytes
    kind: str = "staff"  # staff, counts or workbook: the option (and the upload's kind)
    args: tuple[str, ...] = ()  # extra command-line options (the upload path reads --year)


@dataclass(frozen=True)
class Outcome:
    path: str  # "cli" or "upload"
    case: str
    outcome: str  # one of OUTCOMES
    exit_code: int | None
    signal: int | None
    peak_mb: float
    seconds: float
    message: str  # the tail of stderr (cli) or the refusal / exception (upload)

    @property
    def good(self) -> bool:
        return self.outcome in GOOD

    def __str__(self) -> str:
        how = f"signal {self.signal}" if self.signal else f"exit {self.exit_code}"
        return (
            f"[{self.path}] {self.case}: {self.outcome} ({how}, {self.peak_mb:,.0f} MB, "
            f"{self.seconds:.1f} s) {self.message[-600:]}"
        )


def judge(
    text: str, exit_code: int | None, sig: int | None, peak_bytes: int, timed_out: bool
) -> str:
    """Which outcome a finished child had, worst first."""
    if timed_out:
        return "timeout"
    if sig is not None or exit_code in (134, 137) or NATIVE.search(text):
        return "crash"
    if peak_bytes > MEMORY_LIMIT or "MemoryError" in text or "too large for this machine" in text:
        return "over-memory"
    if "Traceback" in text:
        return "traceback"
    if "did not expect" in text or "unhandled " in text:
        return "did-not-expect"
    if exit_code not in (0, 1, 2):
        return "crash"
    return "ok" if exit_code == 0 else "refused"


# --- the child's work ----------------------------------------------------------------------------


def _cli(job: dict) -> int:
    from dashboard.cli import main

    try:
        main(job["argv"], prog_name="inclusivehr", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def _upload(job: dict) -> int:
    """What the web app does with an upload; 0 loaded, 2 refused, 3 anything else escaped."""
    from metrics.inputs.detect_kind import detect
    from metrics.inputs.loaders import staff_year
    from metrics.inputs.pipeline import Sources, load
    from metrics.inputs.readers import Upload, open_sheets
    from metrics.problems import InputError
    from metrics.standards.indicators import wres

    upload = Upload(job["filename"], Path(job["file"]).read_bytes())
    kind, year = job["kind"], job.get("year")
    try:
        sheets = open_sheets(upload)
        for sheet in sheets:
            detected = detect(sheet).kind
            if detected in (None, "staff", "counts"):
                staff_year(sheet)
        if kind == "counts":
            sources = Sources(counts=upload)
        elif kind == "workbook":
            sources = Sources(workbook=upload)
        else:
            sources = Sources(files={kind: upload}, years={} if year is None else {kind: year})
        result = load(sources, year=year, profile=True)
        if result.errors:
            print("refused: " + result.errors[0].sentence(), file=sys.stderr)
            return 2
        wres(result.counts, year=year)
    except InputError as exc:
        print("refused: " + str(exc), file=sys.stderr)
        return 2
    except Exception as exc:  # what would reach the page: the contract's failure
        # said without the word "Traceback": this is the page's failure, not the command line's
        where = "".join(traceback.format_tb(exc.__traceback__)[-3:])
        print(f"unhandled {type(exc).__name__}: {exc}\n{where}", file=sys.stderr)
        return 3
    print("loaded", file=sys.stderr)
    return 0


def _child(job: dict, out: int) -> None:
    """In the forked child: limits, output to a file, the work, and out without clean-up."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_CAP, ADDRESS_CAP))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    code = 70
    try:
        code = _cli(job) if job["path"] == "cli" else _upload(job)
    except BaseException:  # noqa: BLE001 - anything at all: the harness reports it as text
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _run(job: dict) -> dict:
    """Fork one child for the job, wait for it (killing it at the time limit), report."""
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(job, out.fileno())
        timed_out = False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - start > job.get("time_limit", TIME_LIMIT):
                os.kill(pid, signal.SIGKILL)
                done, status, usage = os.wait4(pid, 0)
                timed_out = True
                break
            time.sleep(0.005)
        seconds = time.monotonic() - start
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    peak = usage.ru_maxrss * 1024
    return {
        "outcome": judge(text, code, sig, peak, timed_out),
        "exit_code": code,
        "signal": sig,
        "peak_mb": peak / 2**20,
        "seconds": seconds,
        "message": text[-4000:],
    }


def serve() -> None:
    """The server: import the tool once, then one forked child per job read from stdin."""
    import dashboard.cli  # noqa: F401
    import metrics.inputs.detect_kind  # noqa: F401
    import metrics.inputs.pipeline  # noqa: F401
    import metrics.inputs.readers  # noqa: F401
    import metrics.standards.indicators  # noqa: F401

    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for line in sys.stdin:
        reply = _run(json.loads(line))
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


# --- the parent's side ---------------------------------------------------------------------------


class Runner:
    """Runs cases through the command line and the upload path (a context manager)."""

    def __init__(self, folder: Path, time_limit: float = TIME_LIMIT):
        self.folder, self.time_limit = Path(folder), time_limit
        self.folder.mkdir(parents=True, exist_ok=True)
        self._server: subprocess.Popen | None = None
        self._count = 0

    def __enter__(self) -> Runner:
        self._start()
        return self

    def __exit__(self, *_exc) -> None:
        if self._server is not None:
            self._server.stdin.close()
            self._server.wait(timeout=30)
            self._server = None

    def _start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": ""}
        self._server = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.harness"],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        if self._server.stdout.readline().strip() != "ready":
            raise RuntimeError("the fuzzing server did not start")

    def _job(self, job: dict) -> dict:
        assert self._server is not None
        self._server.stdin.write(json.dumps({**job, "time_limit": self.time_limit}) + "\n")
        self._server.stdin.flush()
        return json.loads(self._server.stdout.readline())

    def write(self, case: Case) -> Path:
        """The case's bytes in a folder of their own, under the case's file name."""
        self._count += 1
        folder = self.folder / f"{self._count:05d}"
        folder.mkdir(exist_ok=True)
        path = folder / case.filename
        path.write_bytes(case.data)
        return path

    def cli(self, case: Case, path: Path | None = None) -> Outcome:
        path = path or self.write(case)
        argv = ["wres", f"--{case.kind}", str(path), *case.args]
        return Outcome(path="cli", case=case.name, **self._job({"path": "cli", "argv": argv}))

    def upload(self, case: Case, path: Path | None = None) -> Outcome:
        path = path or self.write(case)
        job = {"path": "upload", "file": str(path), "filename": case.filename,
               "kind": case.kind, "year": given_year(case.args)}  # fmt: skip
        return Outcome(path="upload", case=case.name, **self._job(job))

    def both(self, case: Case) -> list[Outcome]:
        path = self.write(case)
        return [self.cli(case, path), self.upload(case, path)]


def given_year(args: tuple[str, ...]) -> int | None:
    """The --year a case gives, when the upload path can take it (a page asks for whole years)."""
    for i, arg in enumerate(args):
        value = arg.partition("=")[2] if arg.startswith("--year=") else None
        if arg == "--year" and i + 1 < len(args):
            value = args[i + 1]
        if value is not None:
            try:
                return int(value)
            except ValueError:
                return None
    return None


def save_failure(case: Case, outcomes: list[Outcome], folder: Path) -> Path:
    """A failing input and what happened, in a folder of its own, for replay."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", case.name)[:80]
    target = folder / safe
    target.mkdir(parents=True, exist_ok=True)
    (target / case.filename).write_bytes(case.data)
    (target / "case.json").write_text(
        json.dumps(
            {
                "name": case.name,
                "filename": case.filename,
                "kind": case.kind,
                "args": list(case.args),
                "outcomes": [asdict(o) for o in outcomes],
            },
            indent=2,
        ),  # fmt: skip
        encoding="utf-8",
    )
    return target


if __name__ == "__main__":
    serve()
