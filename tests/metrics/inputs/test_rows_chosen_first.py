"""Rows chosen before a frame is made (loaders.RowChoice): only the chosen rows are read, each
keeps its line in the file, blank rows are never shown to the choice, and the CSV, the pandas
fallback for ragged files and a workbook choose alike."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics.compare.inputs import load_network
from metrics.inputs.columns import map_columns
from metrics.inputs.loaders import read_fields
from metrics.inputs.readers import open_sheets
from metrics.problems import InputError

HEADER = "organisation,year,indicator,group,numerator,denominator\n"


class Wres2:
    """Keeps the WRES2 rows; remembers what it was shown."""

    fields = ("indicator", "year")

    def __init__(self) -> None:
        self.shown: pd.DataFrame | None = None

    def choose(self, raw: pd.DataFrame) -> np.ndarray:
        self.shown = raw
        return (raw["indicator"].astype(object) == "WRES2").to_numpy()

    def prepare(self, raw: pd.DataFrame) -> None:  # pragma: no cover - not called here
        pass


def _read(path, choice):
    sheet = open_sheets(path)[0]
    colmap = map_columns(sheet, "counts", None, ())
    return read_fields(sheet, colmap, None, choice)


def _rows(path) -> tuple[Wres2, pd.DataFrame]:
    choice = Wres2()
    return choice, _read(path, choice)


BODY = (
    "Trust A,2024,WRES1,White,10,20\n"  # line 2
    "Trust A,2024,WRES2,White,5,40\n"  # line 3
    ",,,,,\n"  # line 4: blank
    "Trust B,2024,WRES1,BME,3,9\n"  # line 5
    "  ,   ,,, ,\n"  # line 6: spaces only, blank once trimmed
    "Trust B,2024, WRES2 ,BME,<5,30\n"  # line 7
)


def test_only_the_chosen_rows_are_read_each_on_its_line(tmp_path):
    path = tmp_path / "net.csv"
    path.write_text(HEADER + BODY)
    choice, frame = _rows(path)
    # worked out by hand: the WRES2 rows are on lines 3 and 7
    assert list(frame.index) == [3, 7]
    assert [str(v) for v in frame["organisation"]] == ["Trust A", "Trust B"]
    assert [str(v) for v in frame["indicator"]] == ["WRES2", "WRES2"]  # trimmed
    assert [str(v) for v in frame["numerator"]] == ["5", "<5"]
    assert [str(v) for v in frame["denominator"]] == ["40", "30"]
    # the choice saw every row but the two blank ones (lines 4 and 6), and only its fields
    assert list(choice.shown.index) == [2, 3, 5, 7]
    assert set(choice.shown.columns) == {"indicator", "year"}


def test_the_chosen_rows_labels_are_only_their_own(tmp_path):
    path = tmp_path / "net.csv"
    path.write_text(HEADER + BODY)
    _, frame = _rows(path)
    # lines 3 and 7 have the numerators 5 and "<5": the others (10 and 3) are not labels here
    assert sorted(map(str, frame["numerator"].cat.categories)) == ["5", "<5"]
    assert sorted(map(str, frame["denominator"].cat.categories)) == ["30", "40"]


def test_a_file_of_blank_rows_shows_the_choice_nothing(tmp_path):
    path = tmp_path / "net.csv"
    path.write_text(HEADER + ",,,,,\n , ,,,,\n")
    choice, frame = _rows(path)
    assert frame.empty
    assert choice.shown is not None and len(choice.shown) == 0


def test_a_ragged_file_is_chosen_alike(tmp_path):
    # line 4 has too many fields: Arrow refuses, the pandas parser reads the rest
    path = tmp_path / "net.csv"
    path.write_text(HEADER + BODY.replace(",,,,,\n", ",,,,,,,x\n"))
    sheet = open_sheets(path)[0]
    colmap = map_columns(sheet, "counts", None, ())
    choice = Wres2()
    frame = read_fields(sheet, colmap, None, choice)
    assert list(frame.index) == [3, 7]
    assert list(choice.shown.index) == [2, 3, 5, 7]


def test_a_workbook_is_chosen_alike(tmp_path):
    pytest.importorskip("openpyxl")
    rows = [line.split(",") for line in BODY.splitlines()]
    table = pd.DataFrame(
        [[v if v.strip() else None for v in row] for row in rows],
        columns=HEADER.strip().split(","),
    )
    path = tmp_path / "net.xlsx"
    table.to_excel(path, index=False)
    choice, frame = _rows(path)
    assert list(frame.index) == [3, 7]
    assert list(choice.shown.index) == [2, 3, 5, 7]


def test_a_problem_on_a_chosen_row_names_its_line(tmp_path):
    # line 6 (a WRES2 row after a WRES1 row not read) has a numerator that is not a number;
    # line 5's "many" is on a WRES1 row, not read for WRES2, so not checked
    path = tmp_path / "net.csv"
    path.write_text(
        HEADER
        + "Trust A,2024,WRES1,White,10,20\n"
        + "Trust A,2024,WRES2,White,5,40\n"
        + "Trust A,2024,WRES2,BME,2,10\n"
        + "Trust A,2024,WRES1,BME,many,9\n"
        + "Trust A,2024,WRES2,White,lots,40\n"
    )
    with pytest.raises(InputError) as refused:
        load_network([path], indicators=["WRES2"])
    assert [(p.row, p.message) for p in refused.value.problems] == [
        (6, "text where a whole number belongs")
    ]
