"""The organisation an extract's title rows name: used when nobody typed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.inputs.pipeline import Sources, load
from metrics.inputs.title_organisation import organisation_in

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data" / "trust"


@pytest.mark.parametrize(
    ("rows", "name"),
    [
        ([["Northbrook Valley NHS Foundation Trust", None, ""]], "Northbrook Valley NHS Foundation Trust"),
        ([["", "  Barts   Health NHS Trust "]], "Barts Health NHS Trust"),
        ([["NHS Greater Glasgow and Clyde Health Board"]], "NHS Greater Glasgow and Clyde Health Board"),
        ([["Staff in Post at 31/03/2025"], ["Leeds NHS Integrated Care Board"]], "Leeds NHS Integrated Care Board"),
        ([["Staff in Post at 31/03/2025 - Northbrook NHS Trust"]], None),  # a title, not a name
        ([["Trust"]], None),  # one word names nobody
        ([["Workforce report 2025"]], None),
        ([], None),
    ],
)  # fmt: skip
def test_a_title_cell_is_a_name_only_when_it_reads_as_one(rows, name):
    assert organisation_in(rows) == name


def test_the_messy_extract_is_counted_under_the_trust_its_first_row_names():
    first_line = (SAMPLE / "esr_extract_messy.csv").read_text(encoding="cp1252").splitlines()[0]
    named = first_line.split(",")[0]  # "Northbrook Valley NHS Foundation Trust,,,,"
    loaded = load(Sources(files={"staff": SAMPLE / "esr_extract_messy.csv"}))
    assert set(loaded.counts["organisation"]) == {named}
    assert any(named in note and "title row" in note for note in loaded.notes)
    given = load(Sources(files={"staff": SAMPLE / "esr_extract_messy.csv"}, organisation="Mine"))
    assert set(given.counts["organisation"]) == {"Mine"}  # a name given wins
    clean = load(Sources(files={"staff": SAMPLE / "staff.csv"}))  # no title rows: no name
    assert clean.counts["organisation"].isna().all()
