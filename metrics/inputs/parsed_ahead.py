"""Files parsed ahead, waiting for the reader that asks for them.

prefetch starts the parsing and leaves its jobs here; readers take them. Kept apart from both
so that readers need not import prefetch (which itself reads files to know what to parse).
"""

from __future__ import annotations

import threading
from pathlib import Path

_workbook_jobs: dict[Path, object] = {}  # resolved path -> parse_worker.WorkbookJob
_csv_jobs: dict[object, tuple[threading.Thread, list]] = {}  # CsvRequest -> (thread, [table])


def is_workbook_pending(path: Path) -> bool:
    return Path(path).resolve() in _workbook_jobs


def hold_workbook(path: Path, job: object) -> None:
    """Keep a parse_worker.WorkbookJob parsing this file until a reader takes it."""
    _workbook_jobs[Path(path).resolve()] = job


def take_parsed_workbook(path: Path):
    """The worker job parsing this file ahead (a parse_worker.WorkbookJob), or None."""
    return _workbook_jobs.pop(Path(path).resolve(), None)


def hold_csv(request: object, thread: threading.Thread, result: list) -> None:
    """Keep a thread parsing this CSV request (it appends the Arrow table to `result`)."""
    _csv_jobs[request] = (thread, result)


def take_parsed_csv(request: object):
    """The Arrow table parsed ahead for exactly this request (waiting for it), else None."""
    job = _csv_jobs.pop(request, None)
    if job is None:
        return None
    thread, result = job
    thread.join()
    return result[0] if result else None
