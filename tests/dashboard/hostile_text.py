"""Hostile text for the tests that put it into every field (test_app_hostile_text.py with
AppTest, test_e2e_hostile_text.py in a browser): names made of Markdown and HTML, and the
sample files with their names replaced by them. Nothing here needs Streamlit or a browser."""

from __future__ import annotations

import csv
import io
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"

# The raw pieces of markup a hostile string carries; page text of our own never holds them.
FRAGMENTS = ("**bold**", "<b>", "](javascript", "![i](", "<img", ":red[", "$x$", "<script",
             "http://example", "www.example", "@example", ":material/")  # fmt: skip


def hostile(tag: str) -> str:
    """A name that is all markup, tagged so a failure says which field leaked: emphasis, an
    HTML tag, a javascript: link, an image and an HTML image from an outside host, a colour
    directive, LaTeX, a script, a bare web address, an e-mail address and a material icon."""
    return (f"{tag} **bold** <b>b</b> [x](javascript:alert(1)) "
            f"![i](http://example.invalid/{tag}.png) <img src=http://example.invalid/{tag}2.png> "
            ":red[x] $x$ <script>s</script> www.example.invalid hr@example.invalid "
            ":material/warning:")  # fmt: skip


ORG, DIRECTORATE, GROUP, BAND = (hostile(t) for t in ("Org", "Dir", "Group", "Band"))
THEME, ACTION, OWNER = (hostile(t) for t in ("Theme", "Action", "Owner"))
TRUST, TRUST_TYPE = hostile("Trust"), hostile("Type")
LABEL, SNAPSHOT = hostile("Label"), hostile("Snapshot")
# A file name cannot hold "/", and a sheet name none of : \ / ? * [ ] and at most 31
# characters: what is left of the markup.
FILE_NAME = "File **bold** <b>b</b> [x](javascript:alert(1)) :red[x] $x$ <img src=x>.csv"
SHEET = "<b>b <img src=x> $x$ _u_ ~s~"
HEADER = "Heritage **bold** <b>b</b> [x](javascript:alert(1)) :red[x] $x$"


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def counts_return() -> bytes:
    """The sample trust's counts with the organisation, one directorate, one staff group and one
    band renamed to hostile strings."""
    with (SAMPLE / "trust" / "wres_counts.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    renamed = {"directorate": ("Finance", DIRECTORATE),
               "staff_group": ("Estates and Ancillary", GROUP), "band": ("Band 9", BAND)}  # fmt: skip
    for r in rows:
        r["organisation"] = ORG
        for column, (old, new) in renamed.items():
            r[column] = new if r[column] == old else r[column]
    return _csv(rows)


def network_return() -> bytes:
    """The sample network with one trust, and every trust's type, renamed."""
    with (SAMPLE / "network" / "wres_counts.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    first = rows[0]["organisation"]
    for r in rows:
        r["organisation"] = TRUST if r["organisation"] == first else r["organisation"]
        r["trust_type"] = TRUST_TYPE
    return _csv(rows)


EMPLOYER = hostile("Employer")


def casework_files() -> tuple[bytes, bytes]:
    """A union casework log and its members file with one hostile employer beside a plain one."""
    cases = [
        {"Employer": name, "Year": "2024", "Case Type": "Disciplinary", "Ethnicity": ethnicity}
        for name, bme, white in ((EMPLOYER, 12, 10), ("Trust A", 9, 20))
        for ethnicity, n in (
            ("H Asian or Asian British - Indian", bme),
            ("A White - British", white),
        )
        for _ in range(n)
    ]
    members = [
        {"Employer": name, "Group": group, "Members": str(n)}
        for name in (EMPLOYER, "Trust A")
        for group, n in (("BME", 50), ("White", 200))
    ]
    return _csv(cases), _csv(members)
