"""Workbooks are parsed in a separate process with limits, so a hostile file cannot take down
the program that asked (the CLI, or the Streamlit server with everyone's sessions).

The native reader (calamine) can abort the whole process on a failed allocation, raise a Rust
panic, or drive memory to the machine's limit. Here it runs in a child started afresh (exec,
never a fork of a threaded server) with an address-space limit and a wall-clock limit, while a
second child checks the sizes the file declares (metrics.inputs.workbook_limits); a refusal from the
check wins over whatever the parser did. The parser hands back each sheet's cells as text,
coded: per column an int32 array of codes and the distinct texts, which pickles as a few
buffers instead of millions of Python objects. Whatever happens to a child (a refusal, a crash,
a signal, running out of memory or time) becomes a Failure here, and an InputError for the
caller (metrics.inputs.readers).

Run as `python -m metrics.inputs.parse_worker check|parse`: a pickled request on stdin, a pickled
outcome on stdout. Nothing is written to disk: an upload's bytes travel through the pipe.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from metrics.inputs import workbook_limits

DEFAULT_MEMORY_MB = 6144  # a 25-million-cell sheet needs ~5 GB (about 190 bytes a cell)
DEFAULT_SECONDS = 300


@dataclass(frozen=True)
class Limits:
    memory_mb: int = DEFAULT_MEMORY_MB  # INCLUSIVEHR_PARSE_MEMORY_MB
    seconds: int = DEFAULT_SECONDS  # INCLUSIVEHR_PARSE_SECONDS
    max_cells: int = workbook_limits.DEFAULT_MAX_CELLS  # INCLUSIVEHR_MAX_CELLS
    max_bytes: int = workbook_limits.DEFAULT_MAX_XLSX_MB * 1024 * 1024  # INCLUSIVEHR_MAX_XLSX_MB

    @classmethod
    def from_env(cls) -> Limits:
        setting = workbook_limits.setting
        return cls(
            memory_mb=setting("INCLUSIVEHR_PARSE_MEMORY_MB", DEFAULT_MEMORY_MB),
            seconds=setting("INCLUSIVEHR_PARSE_SECONDS", DEFAULT_SECONDS),
            max_cells=workbook_limits.max_cells(),
            max_bytes=workbook_limits.max_uncompressed_bytes(),
        )


@dataclass(frozen=True)
class CodedSheet:
    """One sheet's cells as text: column j of row i is labels[j][codes[j][i]] (code -1: empty)."""

    name: str
    height: int
    codes: list  # array("i") of int32 codes, one per column
    labels: list  # lists of str, one per column
    error: str | None = None  # why the sheet could not be read (the others still can)

    @property
    def width(self) -> int:
        return len(self.codes)

    def rows(self, stop: int) -> list[list[str | None]]:
        """The first rows as lists of text, for finding the header."""
        out = [[None] * self.width for _ in range(min(stop, self.height))]
        for j, (codes, labels) in enumerate(zip(self.codes, self.labels, strict=True)):
            for i, code in enumerate(codes[:stop].tolist()):
                out[i][j] = labels[code] if code >= 0 else None
        return out


@dataclass(frozen=True)
class Failure:
    """Why a workbook was not read, in the words of an InputError."""

    message: str
    hint: str
    sheet: str | None = None


RESAVE_XLSX = "Open it in Excel and save it again as .xlsx (or export it as CSV), then try again."


def _memory_failure(limits: Limits) -> Failure:
    return Failure(
        f"could not be read within the memory limit ({limits.memory_mb:,} MB): it holds far "
        "more than a staff extract, or is damaged",
        RESAVE_XLSX + " The limit is set by the environment variable INCLUSIVEHR_PARSE_MEMORY_MB.",
    )


def _crash_failure() -> Failure:
    return Failure(
        "the spreadsheet reader crashed on this file (it is probably damaged or cut short)",
        RESAVE_XLSX,
    )


class WorkbookJob:
    """A workbook being read by two child processes; result() waits for the outcome.

    One child checks the declared sizes (workbook_limits) while the other parses, so the check
    costs no time on a second core. The parser is contained by its limits whatever it meets;
    when the check refuses the file, its message wins and the parser is stopped."""

    command = (sys.executable, "-m", "metrics.inputs.parse_worker")  # + "check" or "parse": main()

    def __init__(self, path: Path | None, data: bytes | None, limits: Limits | None = None):
        self.limits = limits or Limits.from_env()
        request = pickle.dumps(
            {"path": str(path) if path is not None else None, "data": data, "limits": self.limits},
            protocol=5,
        )
        self._check = _Child([*self.command, "check"], request, self.limits)
        self._parse = _Child([*self.command, "parse"], request, self.limits)

    def result(self) -> list[CodedSheet] | Failure:
        checked = self._check.result()
        if isinstance(checked, Failure):
            self._parse.stop()
            return checked
        return self._parse.result()


class _Child:
    """One child process under the limits; its outcome is collected by a thread."""

    def __init__(self, argv: list[str], request: bytes, limits: Limits):
        self.limits = limits
        self._outcome: list[list[CodedSheet] | Failure | None] = []
        self._child: subprocess.Popen | None = None
        env = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "system", "OMP_NUM_THREADS": "1"}
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self._child = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,  # a native stack trace must not reach the user
                env=env,
                start_new_session=True,  # a Ctrl-C in the terminal reaches the parent only
            )
        except OSError as exc:
            self._outcome.append(Failure(f"could not be read ({exc})", RESAVE_XLSX))
        self._thread = threading.Thread(target=self._wait, args=(request,), daemon=True)
        self._thread.start()

    def _wait(self, request: bytes) -> None:
        child = self._child
        if child is None:
            return
        try:
            out, err = child.communicate(request, timeout=self.limits.seconds)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            self._outcome.append(
                Failure(
                    f"could not be read within the time limit ({self.limits.seconds:,} seconds)",
                    RESAVE_XLSX + " The limit is set by the environment variable "
                    "INCLUSIVEHR_PARSE_SECONDS.",
                )
            )
            return
        except (BrokenPipeError, OSError):  # stopped, or died before reading its request
            out, err = b"", b""
            child.wait()
        self._outcome.append(self._outcome_of(child.returncode, out, err))

    def _outcome_of(self, returncode: int, out: bytes, err: bytes):
        if returncode == 0 and out:
            try:
                kind, value = pickle.loads(out)
            except Exception:  # a child cut short while writing
                return _crash_failure()
            return _memory_failure(self.limits) if kind == "memory" else value
        if b"memory allocation" in err or b"MemoryError" in err or returncode == -signal.SIGKILL:
            return _memory_failure(self.limits)  # an abort on allocation, or the OOM killer
        return _crash_failure()

    def stop(self) -> None:
        if self._child is not None and self._child.poll() is None:
            self._child.kill()
        self._thread.join()

    def result(self):
        self._thread.join()
        return self._outcome[0]


# --- the child -------------------------------------------------------------------------------


def _limit(limits: Limits) -> None:
    """Address space for the parse; processor time as a backstop for a child whose parent died
    before it could stop it (the parent's own clock stops it after limits.seconds)."""
    import resource

    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = 2 * limits.seconds + 10  # two threads work at once while parsing
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def code_sheet(name: str, rows: list[list[object]]) -> CodedSheet:
    height = len(rows)
    width = max(map(len, rows), default=0)
    if any(len(r) != width for r in rows):
        rows = [list(r) + [None] * (width - len(r)) for r in rows]
    columns = list(zip(*rows, strict=True)) if height else [() for _ in range(width)]
    del rows
    codes, labels = [], []
    for j in range(width):
        column_codes, column_labels = code_cells(columns[j])
        columns[j] = None  # free each column once coded
        codes.append(column_codes)
        labels.append(column_labels)
    return CodedSheet(name=name, height=height, codes=codes, labels=labels)


def cell_text(value: object) -> str | None:
    """Spreadsheet cell as the text a person sees: 12345.0 -> '12345', dates as ISO."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() or None


def code_cells(values: Sequence[object]) -> tuple[array, list[str]]:
    """One column of cells as (int32 codes, distinct trimmed texts); code -1 is an empty cell.
    Each distinct value is turned into text once (cell_text), and values that read
    the same (12345.0 and "12345") share a code; the texts are in order of first appearance.
    Plain Python (dicts, arrays), so the parsing child never loads numpy or pandas."""
    seen = dict.fromkeys(values)  # distinct values in order of appearance, at C speed
    texts = [  # cell_text, inlined for the common cells: text and numbers
        (v.strip() or None)
        if type(v) is str
        else ((str(int(v)) if v.is_integer() else repr(v)) if v == v else None)
        if type(v) is float
        else cell_text(v)
        for v in seen
    ]
    numbered = dict.fromkeys(filter(None, texts))  # merges 12345.0 and "12345"
    for code, text in enumerate(numbered):
        numbered[text] = code
    numbered[None] = -1  # type: ignore[index]
    seen = dict(zip(seen, map(numbered.__getitem__, texts), strict=True))
    del numbered[None]  # type: ignore[arg-type]
    return array("i", list(map(seen.__getitem__, values))), list(numbered)


def read_cells(data: bytes) -> list[tuple[str, list | str]] | Failure:
    """Each sheet's cells from calamine, or why the sheet cannot be read."""
    import io

    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
    except Exception as exc:  # calamine's own errors for a corrupt file
        return Failure(
            f"could not be opened as a spreadsheet ({type(exc).__name__}: {exc})", RESAVE_XLSX
        )
    del data
    sheets: list[tuple[str, list | str]] = []
    for name in names:
        try:
            sheets.append((name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)))
        except Exception as exc:
            sheets.append((name, f"{type(exc).__name__}: {exc}"))
    return sheets


def parse(data: bytes) -> list[CodedSheet] | Failure:
    """Every sheet's cells, coded; the sizes are checked by the other child (check())."""
    outcome = read_cells(data)
    if isinstance(outcome, Failure):
        return outcome
    return [
        CodedSheet(name, 0, [], [], error=rows) if isinstance(rows, str) else code_sheet(name, rows)
        for name, rows in outcome
    ]


def check(data: bytes, limits: Limits) -> None | Failure:
    try:
        workbook_limits.check(data, limits.max_bytes, limits.max_cells)
    except workbook_limits.Refusal as refusal:
        return Failure(refusal.message, refusal.hint, refusal.sheet)
    return None


def main() -> None:
    import gc

    gc.disable()  # millions of cells and no cycles: the collector's passes would be wasted time
    checking = sys.argv[1:] == ["check"]
    request = pickle.load(sys.stdin.buffer)
    limits: Limits = request["limits"]
    _limit(limits)
    try:
        data = request["data"]
        if data is None:
            data = Path(request["path"]).read_bytes()
        del request
        outcome = check(data, limits) if checking else parse(data)
        del data
        reply = pickle.dumps(("done", outcome), 5)
    except MemoryError:
        reply = pickle.dumps(("memory", None))
    except BaseException as exc:  # a Rust panic (pyo3's PanicException is not an Exception)
        short_of_memory = isinstance(exc, ImportError) or "alloc" in str(exc).lower()
        reply = pickle.dumps(("memory", None) if short_of_memory else ("done", _crash_failure()))
    sys.stdout.buffer.write(reply)
    sys.stdout.buffer.flush()
    os._exit(0)  # skip tearing down what the reader built


if __name__ == "__main__":
    from metrics.inputs import parse_worker  # so the pickled classes name this module, not __main__

    parse_worker.main()
