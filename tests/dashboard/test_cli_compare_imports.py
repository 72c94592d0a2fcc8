"""`inclusivehr compare` starts quickly: it does not import what only one organisation's report
needs (the report's pydantic models cost a tenth of a second of every run, issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "sample_data" / "network" / "wres_counts.csv"

RUN = """
import contextlib, io, sys
from dashboard.cli import main
sys.argv = ["inclusivehr", "compare", "--counts", sys.argv[1], "--indicator", "WRES2", "--json"]
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        main()
    except SystemExit as end:
        assert not end.code, end.code
assert '"organisations"' in out.getvalue()
print(sorted(m for m in ("pydantic", "metrics.standards.results") if m in sys.modules))
"""


def test_compare_runs_without_the_reports_models():
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(NETWORK)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
