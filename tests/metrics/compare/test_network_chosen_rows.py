"""Comparing one indicator reads only the rows it rests on (and any row the loader must see to
refuse a file as before), yet lists every trust and year and gives exactly the comparison that
reading every row gives."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.sample import SAMPLE_NETWORK_COUNTS, SAMPLE_NETWORK_WDES_COUNTS
from metrics.compare.inputs import load_network
from metrics.compare.network import compare
from metrics.compare.values import network_values
from metrics.disclosure.control import DisclosureSettings
from metrics.problems import InputError

FILES = [SAMPLE_NETWORK_COUNTS, SAMPLE_NETWORK_WDES_COUNTS]


@pytest.fixture(scope="module")
def whole():
    return load_network(FILES)


@pytest.mark.parametrize(
    "indicator", ["WRES2", "WRES5", "WRES9", "WRES1-senior", "WDES3", "WDES9a", "WDES10"]
)
def test_one_indicators_rows_give_the_comparison_every_row_gives(whole, indicator):
    chosen = load_network(FILES, indicators=[indicator])
    assert len(chosen.counts) < len(whole.counts)  # the other indicators' rows were skipped
    pd.testing.assert_frame_equal(chosen.keys, whole.keys)  # every trust and year listed
    assert chosen.files == whole.files and chosen.warnings == whole.warnings
    mine = network_values(chosen.counts, indicators=[indicator], keys=chosen.keys)
    full = network_values(whole.counts)
    for publish in (None, DisclosureSettings()):
        assert compare(mine, indicator, publish=publish) == compare(
            full, indicator, publish=publish
        )


def test_the_rows_read_are_the_indicators_and_those_it_rests_on():
    board = load_network([SAMPLE_NETWORK_COUNTS], indicators=["WRES9"]).counts
    assert set(board["indicator"]) == {"WRES1", "WRES9"}  # the board against the workforce
    every = load_network([SAMPLE_NETWORK_COUNTS]).counts
    assert len(board) == len(every[every["indicator"].isin(["WRES1", "WRES9"])])


def test_a_file_without_the_indicator_is_read_whole_so_the_refusal_names_what_it_holds():
    chosen = load_network([SAMPLE_NETWORK_COUNTS], indicators=["WDES2"])
    assert len(chosen.counts) == len(load_network([SAMPLE_NETWORK_COUNTS]).counts)
    with pytest.raises(InputError) as caught:
        compare(network_values(chosen.counts, indicators=["WDES2"], keys=chosen.keys), "WDES2")
    assert "the counts hold no WDES figures" in caught.value.problems[0].message


HEADER = "Organisation,Year,Indicator,Group,Numerator,Denominator\n"
GOOD = "".join(
    f"{org},2025,{ind},{group},5,50\n"
    for org in ("Alder NHS Trust", "Birch NHS Trust")
    for ind in ("WRES2", "WRES3")
    for group in ("White", "BME")
)


def _file(tmp_path, extra: str):
    path = tmp_path / "network.csv"
    path.write_text(HEADER + GOOD + extra)
    return path


@pytest.mark.parametrize(
    "extra, words",
    [
        (",2025,WRES3,White,5,50\n", "row(s) name no organisation"),  # line 10
        ("Alder NHS Trust,,WRES3,White,5,50\n", "row(s) have no year"),
        ("Alder NHS Trust,20x5,WRES3,White,5,50\n", "not a year"),
        ("Alder NHS Trust,2025,WRES77,White,5,50\n", "indicator not recognised"),
    ],
)
def test_rows_the_loader_must_see_are_read_and_refused_as_before(tmp_path, extra, words):
    path = _file(tmp_path, extra)
    refusals = []
    for indicators in (None, ["WRES2"]):
        with pytest.raises(InputError) as caught:
            load_network([path], indicators=indicators)
        refusals.append(caught.value.problems)
    assert refusals[0] == refusals[1]
    assert words in str(refusals[1][0]) and refusals[1][0].row == 10


def test_another_indicators_bad_row_does_not_stop_this_comparison(tmp_path):
    # a WRES3 row whose group cannot be read: comparing WRES3 is refused, comparing WRES2
    # (which does not rest on it) goes ahead; the whole file's check is `inclusivehr validate`
    path = _file(tmp_path, "Alder NHS Trust,2025,WRES3,Purple,5,50\n")
    with pytest.raises(InputError) as caught:
        load_network([path], indicators=["WRES3"])
    assert "group not recognised" in caught.value.problems[0].message
    chosen = load_network([path], indicators=["WRES2"])
    assert set(chosen.counts["indicator"]) == {"WRES2"}
    assert chosen.keys["organisation"].tolist() == ["Alder NHS Trust", "Birch NHS Trust"]


def test_a_workbooks_rows_are_chosen_as_a_csvs(tmp_path):
    text = pd.read_csv(SAMPLE_NETWORK_COUNTS, dtype=str, keep_default_na=False)
    book = tmp_path / "network.xlsx"
    text.to_excel(book, sheet_name="Counts", index=False)
    from_book = load_network([book], indicators=["WRES3"])
    from_csv = load_network([SAMPLE_NETWORK_COUNTS], indicators=["WRES3"])
    pd.testing.assert_frame_equal(from_book.keys, from_csv.keys)
    pd.testing.assert_frame_equal(from_book.keys, load_network([book]).keys)
    assert set(from_book.counts["indicator"]) == {"WRES3"}
    mine = network_values(from_book.counts, indicators=["WRES3"], keys=from_book.keys)
    assert compare(mine, "WRES3") == compare(network_values(load_network([book]).counts), "WRES3")
