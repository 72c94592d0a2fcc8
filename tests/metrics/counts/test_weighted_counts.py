"""A weighted staff frame (each row a distinct combination with how many rows it stands for, in
its `rows` column: metrics.inputs.row_weights) gives the same counts as its rows repeated."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.counts.table import Inputs, _size, from_inputs
from metrics.inputs.loaders import Loaded
from metrics.inputs.row_weights import ROWS, row_weights


def staff_frame(rows: list[dict]) -> pd.DataFrame:
    """A staff frame typed as the loader makes it: labels as text, clinical nullable, flags bool."""
    frame = pd.DataFrame(rows)
    frame["clinical"] = frame["clinical"].astype("boolean")
    for flag in ("bank", "board_voting", "board_executive"):
        if flag in frame:
            frame[flag] = frame[flag].astype(bool)
    return frame


def repeated(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame of every row the weighted frame stands for."""
    weights = frame[ROWS].to_numpy()
    every = frame.drop(columns=ROWS).take(np.repeat(np.arange(len(frame)), weights))
    return every.reset_index(drop=True)


def counts_of(frame: pd.DataFrame) -> pd.DataFrame:
    return from_inputs(Inputs(staff=Loaded(kind="staff", frame=frame, source="staff.csv")))


def cells(counts: pd.DataFrame, indicator: str, keys: tuple[str, ...]) -> dict:
    rows = counts[counts["indicator"] == indicator]
    return {
        tuple(None if pd.isna(getattr(r, k)) else getattr(r, k) for k in keys): (
            int(r.numerator),
            int(r.denominator),
        )
        for r in rows.itertuples()
    }


# --- a worked example ------------------------------------------------------------------------

EXAMPLE = [
    # band, clinical, group, bank, voting, rows
    ("Band 5", True, "White", False, False, 3),
    ("Band 5", True, "BME", False, False, 2),
    ("Band 6", False, "BME", False, False, 4),
    ("Band 6", False, "Unknown", False, False, 1),
    ("Band 5", True, "White", False, False, 1),  # the same combination again: adds to row 0
    ("Band 5", True, "White", True, False, 5),  # bank: left out of every count
    ("VSM", False, "White", False, True, 2),
    ("VSM", False, "BME", False, True, 1),
]


def example() -> pd.DataFrame:
    names = ("band", "clinical", "group", "bank", "board_voting", ROWS)
    return staff_frame([dict(zip(names, row, strict=True)) for row in EXAMPLE])


def test_weights_are_counted_as_rows_worked_by_hand():
    counts = counts_of(example())
    # Band 5 clinical: White 3 + 1 (bank 5 left out), BME 2, of 6; Band 6 non-clinical: BME 4,
    # Unknown 1, of 5; VSM non-clinical: White 2, BME 1, of 3
    assert cells(counts, "WRES1", ("band", "clinical", "group")) == {
        ("Band 5", True, "White"): (4, 6),
        ("Band 5", True, "BME"): (2, 6),
        ("Band 6", False, "BME"): (4, 5),
        ("Band 6", False, "Unknown"): (1, 5),
        ("VSM", False, "White"): (2, 3),
        ("VSM", False, "BME"): (1, 3),
    }
    # the voting board: the three VSM people, 2 White and 1 BME
    assert cells(counts, "WRES9", ("membership", "group")) == {
        ("voting", "White"): (2, 3),
        ("voting", "BME"): (1, 3),
    }


def test_weighted_example_equals_its_rows_repeated():
    frame = example()
    assert len(repeated(frame)) == 19  # 3+2+4+1+1+5+2+1
    pd.testing.assert_frame_equal(counts_of(frame), counts_of(repeated(frame)))


def test_a_frame_of_every_row_has_no_weights():
    assert row_weights(repeated(example())) is None
    assert list(row_weights(example())) == [row[-1] for row in EXAMPLE]


# --- any weighted frame ----------------------------------------------------------------------

_row = st.fixed_dictionaries(
    {
        "year": st.sampled_from([2024, 2025]),
        "directorate": st.sampled_from(["Surgery", "Medicine", None]),
        "staff_group": st.sampled_from(["Nursing", "Admin", None]),
        "band": st.sampled_from(["Band 2", "Band 5", "Band 8a", "VSM", "Other"]),
        "clinical": st.sampled_from([True, False, None]),
        "group": st.sampled_from(["White", "BME", "Unknown"]),
        "disability_group": st.sampled_from(["Disabled", "Non-disabled", "Unknown"]),
        "bank": st.booleans(),
        "board_voting": st.booleans(),
        "board_executive": st.booleans(),
        ROWS: st.integers(min_value=1, max_value=6),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_row, min_size=1, max_size=25), st.booleans())
def test_any_weighted_staff_frame_counts_as_its_rows_repeated(rows, with_year):
    frame = staff_frame(rows)
    if not with_year:  # the reporting year then comes from nowhere: no year column at all
        frame = frame.drop(columns="year")
    pd.testing.assert_frame_equal(counts_of(frame), counts_of(repeated(frame)))


def test_a_key_space_too_large_to_tally_is_weighted_too():
    """Past 20M possible combinations the counts come from sorting, not a tally: weights hold
    there too, checked against a pandas group-by summing the weights."""
    rng = np.random.default_rng(12)
    n = 3_000
    frame = pd.DataFrame({k: rng.integers(0, 400, n) for k in ("a", "b", "c")})  # 64M keys
    frame[ROWS] = rng.integers(1, 9, n)
    got = _size(frame, ["a", "b", "c"], "n")
    expected = frame.groupby(["a", "b", "c"])[ROWS].sum()
    got_map = {(int(r.a), int(r.b), int(r.c)): r.n for r in got.itertuples()}
    assert got_map == {k: int(v) for k, v in expected.items()}
    assert got["n"].dtype == np.int64
    plain = _size(repeated(frame), ["a", "b", "c"], "n")
    pd.testing.assert_frame_equal(got, plain)
