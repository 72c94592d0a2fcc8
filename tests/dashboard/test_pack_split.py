"""The board pack's split section (`report --by`, or the split chosen on step 2): the split
table under the same disclosure rules as everything published. Worked by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.pack import pack_for
from metrics.counts.table import Inputs
from metrics.inputs.pipeline import Sources, load
from metrics.standards.intersections import intersection_counts

WHITE, BME = "A White - British", "H Asian or Asian British - Indian"
PEOPLE = (  # ethnicity, sex, headcount, how many entered a formal disciplinary process
    (BME, "Female", 40, 10),
    (WHITE, "Female", 100, 10),
    (BME, "Male", 20, 2),
    (WHITE, "Male", 40, 8),
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    staff = ["Employee Number,Ethnicity,Sex,Pay Band,Year"]
    cases = ["Employee Number,Date"]
    number = 0
    for ethnicity, sex, headcount, entering in PEOPLE:
        for i in range(headcount):
            number += 1
            staff.append(f"{number},{ethnicity},{sex},Band 5,2025")
            if i < entering:
                cases.append(f"{number},2024-06-01")
    out = {"staff": tmp_path / "staff.csv", "disciplinary": tmp_path / "cases.csv"}
    out["staff"].write_text("\n".join(staff) + "\n", encoding="utf-8")
    out["disciplinary"].write_text("\n".join(cases) + "\n", encoding="utf-8")
    return out


def _counts(files) -> pd.DataFrame:
    loaded = load(Sources(files=dict(files), by="sex"))
    split = intersection_counts(Inputs(**loaded.inputs, notes=[]), "WRES", "sex")
    return pd.concat([loaded.counts, split], ignore_index=True)


def _split_table(pack) -> pd.DataFrame:
    return pack.section("split").table.frame().set_index("Indicator")


def test_the_published_split_hides_a_small_figure_in_every_group(files) -> None:
    pack = pack_for(_counts(files), split_by="sex")
    table = _split_table(pack)
    assert list(table.columns) == ["All staff", "Women", "Men"]
    # 140 women, 60 men, 200 in all: multiples of 5, shown as they are
    assert list(table.loc["Staff (headcount)"]) == ["200", "140", "60"]
    # WRES1 among women: 40 BME of 140 = 28.6%; men 20 of 60 = 33.3%; all 60 of 200 = 30.0%
    assert list(table.loc["WRES1: BME share of the workforce"]) == ["30.0%", "28.6%", "33.3%"]
    # WRES3 among men rests on 2 BME men: hidden for women too; all staff BME 12 of 60 against
    # White 18 of 140: (12/60) / (18/140) = 1.56, shown
    wres3 = table.loc["WRES3: Entering formal disciplinary, BME vs White"]
    assert list(wres3) == ["1.56", "hidden (small numbers)", "hidden (small numbers)"]
    audit = pack.audit.frame()
    said = audit[audit.iloc[:, 0] == "WRES by sex"]
    assert ("WRES3", "every group") in set(zip(said.iloc[:, 1], said.iloc[:, 2], strict=True))
    # the split's rows stay out of the pack's Counts sheet, which has no split columns
    assert "characteristic" not in pack.counts.columns


def test_the_internal_split_shows_exact_figures(files) -> None:
    pack = pack_for(_counts(files), split_by="sex", level="internal")
    wres3 = _split_table(pack).loc["WRES3: Entering formal disciplinary, BME vs White"]
    # men: (2/20) / (8/40) = 0.50; women (10/40) / (10/100) = 2.50
    assert list(wres3) == ["1.56", "2.50", "0.50"]


def test_no_split_asked_no_section(files) -> None:
    pack = pack_for(_counts(files))
    assert "split" not in [s.key for s in pack.sections]


def _slides(path: Path) -> list[str]:
    from pptx import Presentation

    out = []
    for slide in Presentation(str(path)).slides:
        words = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                words.append(shape.text_frame.text)
            if shape.has_table:
                words += [c.text for row in shape.table.rows for c in row.cells]
        out.append("\n".join(words))
    return out


def test_report_by_sex_writes_the_split_slide(files, tmp_path: Path) -> None:
    out = tmp_path / "pack.pptx"
    result = CliRunner().invoke(main, ["report", "--staff", str(files["staff"]),
                                       "--disciplinary", str(files["disciplinary"]),
                                       "--by", "sex", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    split = "\n".join(s for s in _slides(out) if "WRES by sex" in s.splitlines()[:3])
    assert "Each indicator among women and among men" in split
    assert "Women" in split and "hidden (small numbers)" in split
    assert "28.6%" in split  # WRES1 among women: 40 of 140


def test_report_by_ethnicity_is_refused(files, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--staff", str(files["staff"]), "--by",
                                       "ethnicity", "--out", str(tmp_path / "p.pdf")])  # fmt: skip
    assert result.exit_code == 2 and "about ethnicity already" in result.output


def test_a_wdes_split_goes_into_a_pack_with_a_wdes_section(tmp_path: Path) -> None:
    """The split chosen on step 2 for the WDES: 30 of 120 women and 10 of 80 men Disabled, so
    WDES1 is 25.0% among women, 12.5% among men and 40 of 200 = 20.0% among all staff."""
    staff = ["Employee Number,Ethnicity,Disability,Sex,Pay Band,Year"]
    number = 0
    for disability, sex, headcount in (("Yes", "Female", 30), ("No", "Female", 90),
                                       ("Yes", "Male", 10), ("No", "Male", 70)):  # fmt: skip
        for _ in range(headcount):
            number += 1
            staff.append(f"{number},{WHITE},{disability},{sex},Band 5,2025")
    path = tmp_path / "staff.csv"
    path.write_text("\n".join(staff) + "\n", encoding="utf-8")
    loaded = load(Sources(files={"staff": path}, purpose="wdes", by="sex"))
    split = intersection_counts(Inputs(**loaded.inputs, notes=[]), "WDES", "sex")
    counts = pd.concat([loaded.counts, split], ignore_index=True)
    pack = pack_for(counts, standards=("WDES",), split_by="sex", split_standard="WDES")
    table = _split_table(pack)
    wdes1 = table.loc[[i for i in table.index if i.startswith("WDES1")][0]]
    assert list(wdes1) == ["20.0%", "25.0%", "12.5%"]
    assert any(s.title == "WDES by sex" for s in pack.sections)
    # a pack without a WDES section has no WDES split either
    alone = pack_for(counts, split_by="sex", split_standard="WDES")
    assert "split" not in [s.key for s in alone.sections]
