"""A fresh server's first page (Start here) imports only what it draws: no Altair, no comparison
of trusts, no other page's module. Each page is imported when it is first shown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LATER = ("altair", "dashboard.charts", "metrics.compare.values", "metrics.compare.inputs",
         "dashboard.views.review", "dashboard.views.compare", "dashboard.views.audit")  # fmt: skip


def test_the_first_page_and_the_sidebar_import_no_chart_or_comparison_code():
    script = (
        "import sys\n"
        "import dashboard.state, dashboard.workspace, dashboard.auth, dashboard.views.common\n"
        "import dashboard.views.home\n"
        f"print(sorted(m for m in {LATER!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == "[]"
