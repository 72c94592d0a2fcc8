"""Column matches over several tables: a --map match goes to every table that has the column,
a table's own matches to it alone; a match no table can use is refused, saying why."""

from __future__ import annotations

import pandas as pd
import pytest
from query_tables import duckdb_with, in_order, sample_tables

from metrics.problems import InputError
from metrics.query.counts import counts_from

KINDS = ("staff", "recruitment")


def _refusal(call) -> str:
    with pytest.raises(InputError) as refused:
        call()
    return " ".join(p.sentence() for p in refused.value.problems)


@pytest.fixture(scope="module")
def engine():
    """The sample's staff and recruitment rows as given ("s", "r") and with their columns
    renamed as a warehouse might name them."""
    sample = sample_tables()
    staff, recruitment = sample["staff"], sample["recruitment"]
    return duckdb_with({
        "s": staff, "r": recruitment,
        "s_band": staff.rename(columns={"Pay Band": "Grade X"}),
        "s_eth": staff.rename(columns={"Ethnicity": "Ethnic Grp S"}),
        "r_eth": recruitment.rename(columns={"Ethnicity": "Applicant Origin"}),
    })  # fmt: skip


@pytest.fixture(scope="module")
def plain(engine) -> pd.DataFrame:
    return in_order(counts_from(engine, {"staff": "s", "recruitment": "r"}).counts)


def test_a_match_for_a_column_one_table_has_leaves_the_others_alone(engine, plain) -> None:
    """Before, the recruitment table was refused: it has no column "Grade X"."""
    tables = {"staff": "s_band", "recruitment": "r"}
    said = _refusal(lambda: counts_from(engine, tables))
    assert "no column for pay band" in said  # the match is needed
    mapped = counts_from(engine, tables, mapping={"Grade X": "pay_band"})
    pd.testing.assert_frame_equal(in_order(mapped.counts), plain)
    assert {"WRES1", "WRES2"} <= set(plain["indicator"])


def test_each_table_may_have_its_own_matches(engine, plain) -> None:
    tables = {"staff": "s_eth", "recruitment": "r_eth"}
    mappings = {"staff": {"Ethnic Grp S": "ethnicity"},
                "recruitment": {"Applicant Origin": "ethnicity"}}  # fmt: skip
    mapped = counts_from(engine, tables, mappings=mappings)
    pd.testing.assert_frame_equal(in_order(mapped.counts), plain)


def test_a_tables_own_match_wins_over_a_shared_one(engine, plain) -> None:
    """--map "Ethnicity=directorate" would spoil the recruitment table: its own match reads
    the ethnicity from the column the staff table's match names, so both are read right."""
    tables = {"staff": "s_eth", "recruitment": "r"}
    mapped = counts_from(engine, tables, mapping={"Ethnic Grp S": "ethnicity"},
                         mappings={"recruitment": {"Ethnicity": "ethnicity"}})  # fmt: skip
    pd.testing.assert_frame_equal(in_order(mapped.counts), plain)


def test_a_shared_match_no_table_has_is_refused_naming_the_tables(engine) -> None:
    said = _refusal(lambda: counts_from(engine, {"staff": "s", "recruitment": "r"},
                                        mapping={"Ethnic Grop": "ethnicity"}))  # fmt: skip
    assert 'a column match names a column "Ethnic Grop" that none of the tables has' in said
    assert '"s", "r"' in said


def test_a_shared_match_whose_field_no_table_with_the_column_holds_is_refused(engine) -> None:
    """Only the recruitment table has "Shortlisted", and it has no pay band."""
    said = _refusal(lambda: counts_from(engine, {"staff": "s", "recruitment": "r"},
                                        mapping={"Shortlisted": "pay_band"}))  # fmt: skip
    assert 'reads "Shortlisted" as the pay band, which no table with that column holds' in said
    assert "(recruitment)" in said


def test_a_tables_own_match_naming_a_column_it_lacks_is_refused(engine) -> None:
    said = _refusal(lambda: counts_from(engine, {"staff": "s", "recruitment": "r"},
                                        mappings={"recruitment": {"Pay Band": "pay_band"}}))  # fmt: skip
    assert 'a column match names a column "Pay Band" that is not in the table' in said


def test_one_table_keeps_the_files_message_for_a_misspelt_column(engine) -> None:
    said = _refusal(
        lambda: counts_from(engine, {"staff": "s"}, mapping={"Ethnic Grop": "ethnicity"})
    )
    assert 'names a column "Ethnic Grop" that is not in the table' in said
    assert '"Pay Band"' in said  # the columns found
