"""Disclosure control: hand-worked tables, settings, and properties checked against an LP oracle."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from metrics.disclosure.control import (
    AUDIT_COLUMNS,
    ROUNDED,
    SUPPRESSED_PRIMARY,
    SUPPRESSED_SECONDARY,
    TOTAL,
    AuditEntry,
    DisclosureSettings,
    protect_table,
    publish_counts,
    round_half_up,
)

NA = pd.NA
P, S, R = SUPPRESSED_PRIMARY, SUPPRESSED_SECONDARY, ROUNDED


def table(rows: dict[str, list[int]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def expected_shown(rows: dict[str, list[object]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[*columns, TOTAL])
    return frame.astype("Int64")


def actions(protected) -> dict[tuple[str, str], str]:
    return {(e.row, e.column): e.action for e in protected.audit}


# --- worked examples ---------------------------------------------------------------------------


def test_worked_2x3_example() -> None:
    # Augmented table (by hand):          A    B    C | Total
    #                               r1    3   10   30 |  43
    #                               r2   12   11   40 |  63
    #                            Total   15   21   70 | 106
    # Primary: r1/A = 3 (the only entry in 1..7).
    # Row r1 has one hidden entry -> smallest non-zero of row r1 is r1/B = 10.
    # Column A has one hidden entry -> r2/A = 12 (smaller than the column total 15).
    # Row r2 has one hidden entry -> r2/B = 11 (smaller than 40 and 63).
    # Now r1/A, r1/B, r2/A, r2/B form a 4-cycle: every line has 0 or 2 hidden, no bridge.
    # Rounded to 5: 30, 43->45, 40, 63->65, 15, 21->20, 70, 106->105.
    cells = table({"r1": [3, 10, 30], "r2": [12, 11, 40]}, ["A", "B", "C"])
    protected = protect_table(cells, "Example")

    expected = expected_shown(
        {"r1": [NA, NA, 30, 45], "r2": [NA, NA, 40, 65], TOTAL: [15, 20, 70, 105]},
        ["A", "B", "C"],
    )
    pd.testing.assert_frame_equal(protected.shown, expected)
    assert protected.suppressed.to_numpy().tolist() == [
        [True, True, False, False],
        [True, True, False, False],
        [False, False, False, False],
    ]
    assert actions(protected) == {
        ("r1", "A"): P,
        ("r1", "B"): S,
        ("r2", "A"): S,
        ("r2", "B"): S,
        ("r1", "C"): R,
        ("r1", TOTAL): R,
        ("r2", "C"): R,
        ("r2", TOTAL): R,
        (TOTAL, "A"): R,
        (TOTAL, "B"): R,
        (TOTAL, "C"): R,
        (TOTAL, TOTAL): R,
    }
    assert {e.table for e in protected.audit} == {"Example"}
    # audit in row-major order, one entry per changed entry
    assert [(e.row, e.column) for e in protected.audit][:4] == [
        ("r1", "A"),
        ("r1", "B"),
        ("r1", "C"),
        ("r1", TOTAL),
    ]


def test_secondary_suppression_never_picks_a_zero_when_something_else_will_do() -> None:
    # Augmented:        A    B    C | Total
    #             r1    4    0   20 |  24
    #             r2    9   15   30 |  54
    #          Total   13   15   50 |  78
    # primary r1/A. Row r1: r1/C=20 (the 0 is passed over). Column A: r2/A=9. Row r2: r2/B=15.
    # Column B has one hidden: its choices are the 0 and the total 15 -> Total/B.
    # Total row has one hidden: Total/A=13. Column C has one hidden (r1/C): r2/C=30.
    # Cycles r1A-r1C-r2C-r2A and TotalB-r2B-r2A-TotalA cover every hidden entry.
    cells = table({"r1": [4, 0, 20], "r2": [9, 15, 30]}, ["A", "B", "C"])
    protected = protect_table(cells, "Zeros")
    expected = expected_shown(
        {"r1": [NA, 0, NA, 25], "r2": [NA, NA, NA, 55], TOTAL: [NA, NA, 50, 80]},
        ["A", "B", "C"],
    )
    pd.testing.assert_frame_equal(protected.shown, expected)
    got = actions(protected)
    assert got[("r1", "A")] == P
    assert {k for k, v in got.items() if v == S} == {
        ("r1", "C"),
        ("r2", "A"),
        ("r2", "B"),
        ("r2", "C"),
        (TOTAL, "A"),
        (TOTAL, "B"),
    }
    assert ("r1", "B") not in got  # a shown zero is not a change


def test_bridge_rule_closes_a_cycle_the_line_rule_misses() -> None:
    # Augmented (rounding off):   c0  c1  c2 | Total
    #                       r0     0   6   6 |  12
    #                       r1     0  32   0 |  32
    #                       r2     5  43  11 |  59
    #                    Total     5  81  17 | 103
    # Primary: r0/c1, r0/c2, r2/c0, Total/c0. Line rule, one at a time:
    #   row r2 -> r2/c2 11; Total row -> Total/c2 17; column c1 -> r1/c1 32;
    #   row r1 -> r1/Total 32 (its zeros are passed over); column Total -> r0/Total 12.
    # Now every line has 0 or >= 2 hidden entries, but r0/c2 is a bridge between
    # {r0, r1, c1, Total col} and {r2, Total row, c0, c2}: from column c1 and the Total column,
    # r0/c2 = (103 - 59) - (81 - 43) = 6. Entries joining the two sides: r0/c0, r1/c0, r1/c2
    # (zeros), r2/c1 43, r2/Total 59, Total/c1 81, Total/Total 103 -> hide r2/c1.
    cells = table({"r0": [0, 6, 6], "r1": [0, 32, 0], "r2": [5, 43, 11]}, ["c0", "c1", "c2"])
    protected = protect_table(cells, "Bridge", DisclosureSettings(rounding_base=1))
    expected = expected_shown(
        {
            "r0": [0, NA, NA, NA],
            "r1": [0, NA, 0, NA],
            "r2": [NA, NA, NA, 59],
            TOTAL: [NA, 81, NA, 103],
        },
        ["c0", "c1", "c2"],
    )
    pd.testing.assert_frame_equal(protected.shown, expected)
    assert actions(protected) == {
        ("r0", "c1"): P,
        ("r0", "c2"): P,
        ("r2", "c0"): P,
        (TOTAL, "c0"): P,
        ("r2", "c2"): S,
        (TOTAL, "c2"): S,
        ("r1", "c1"): S,
        ("r1", TOTAL): S,
        ("r0", TOTAL): S,
        ("r2", "c1"): S,
    }


def test_small_row_total_is_itself_suppressed() -> None:
    # Augmented:  A  B | Total        primary: r1/A=2, r1/B=3, r1/Total=5.
    #       r1    2  3 |   5          Column A has one hidden -> r2/A=20; row r2 then has one
    #       r2   20 30 |  50          -> r2/B=30; column Total has one (r1/Total) -> r2/Total=50.
    #    Total   22 33 |  55          Rows r1 and r2 are fully hidden (K2,3: no bridge).
    cells = table({"r1": [2, 3], "r2": [20, 30]}, ["A", "B"])
    protected = protect_table(cells, "Small row")
    expected = expected_shown(
        {"r1": [NA, NA, NA], "r2": [NA, NA, NA], TOTAL: [20, 35, 55]}, ["A", "B"]
    )
    pd.testing.assert_frame_equal(protected.shown, expected)
    got = actions(protected)
    assert got[("r1", TOTAL)] == P
    assert got[("r1", "A")] == got[("r1", "B")] == P
    assert got[("r2", "A")] == got[("r2", "B")] == got[("r2", TOTAL)] == S


def test_zeros_are_shown_and_rounding_base_one_keeps_exact_counts() -> None:
    cells = table({"r1": [0, 21], "r2": [13, 0]}, ["A", "B"])
    protected = protect_table(cells, "Exact", DisclosureSettings(rounding_base=1))
    expected = expected_shown(
        {"r1": [0, 21, 21], "r2": [13, 0, 13], TOTAL: [13, 21, 34]}, ["A", "B"]
    )
    pd.testing.assert_frame_equal(protected.shown, expected)
    assert not protected.suppressed.to_numpy().any()
    assert protected.audit == ()  # nothing hidden, nothing rounded

    rounded = protect_table(cells, "Rounded")
    expected = expected_shown(
        {"r1": [0, 20, 20], "r2": [15, 0, 15], TOTAL: [15, 20, 35]}, ["A", "B"]
    )
    pd.testing.assert_frame_equal(rounded.shown, expected)
    # every shown non-zero count is listed as rounded, changed or not; zeros are not
    assert set(actions(rounded)) == {
        ("r1", "B"),
        ("r1", TOTAL),
        ("r2", "A"),
        ("r2", TOTAL),
        (TOTAL, "A"),
        (TOTAL, "B"),
        (TOTAL, TOTAL),
    }


def test_threshold_setting_is_respected() -> None:
    # threshold 3: 3 is hidden, 4 and 5 are not. Augmented (base 1):
    #        A   B | Total     primary r1/A=3; row r1 -> r1/B=4; column A -> r2/A=5 (< 9);
    #  r1    3   4 |   7       row r2 -> r2/B=20 (< 25); cycle r1A-r1B-r2B-r2A.
    #  r2    5  20 |  25
    cells = table({"r1": [3, 4], "r2": [5, 20]}, ["A", "B"])
    protected = protect_table(cells, "T3", DisclosureSettings(threshold=3, rounding_base=1))
    expected = expected_shown(
        {"r1": [NA, NA, 7], "r2": [NA, NA, 25], TOTAL: [8, 24, 32]}, ["A", "B"]
    )
    pd.testing.assert_frame_equal(protected.shown, expected)
    assert actions(protected) == {("r1", "A"): P, ("r1", "B"): S, ("r2", "A"): S, ("r2", "B"): S}

    nothing_hidden = protect_table(cells, "T0", DisclosureSettings(threshold=0, rounding_base=1))
    assert not nothing_hidden.suppressed.to_numpy().any()


def test_given_row_totals_are_used_and_checked() -> None:
    # Row totals 40 and 12 include people in no column; column totals are still the cell sums.
    cells = table({"r1": [10, 20], "r2": [0, 9]}, ["A", "B"])
    totals = pd.Series({"r1": 40, "r2": 12})
    protected = protect_table(cells, "Given", DisclosureSettings(rounding_base=1), totals=totals)
    expected = expected_shown(
        {"r1": [10, 20, 40], "r2": [0, 9, 12], TOTAL: [10, 29, 52]}, ["A", "B"]
    )
    pd.testing.assert_frame_equal(protected.shown, expected)

    with pytest.raises(ValueError, match="smaller than the sum"):
        protect_table(cells, "Bad", totals=pd.Series({"r1": 29, "r2": 12}))
    with pytest.raises(ValueError, match="one value for each row"):
        protect_table(cells, "Bad", totals=pd.Series({"r1": 40}))
    with pytest.raises(ValueError, match="negative"):
        protect_table(cells, "Bad", totals=pd.Series({"r1": 40, "r2": -1}))


def test_rounding_is_half_up() -> None:
    assert [round_half_up(n, 5) for n in (0, 8, 12, 13, 17, 18, 102)] == [
        0,
        10,
        10,
        15,
        15,
        20,
        100,
    ]
    assert [round_half_up(n, 2) for n in (1, 3, 5)] == [2, 4, 6]  # halves go up
    assert [round_half_up(n, 10) for n in (14, 15, 25)] == [10, 20, 30]
    assert [round_half_up(n, 1) for n in (0, 7, 123)] == [0, 7, 123]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": -1}, "threshold must be 0 or more"),
        ({"rounding_base": 0}, "rounding_base must be 1 or more"),
        ({"threshold": 2.5}, "whole number"),
        ({"rounding_base": True}, "whole number"),
        ({"threshold": 10, "rounding_base": 5}, "too coarse"),  # 11 would round to 10
        ({"threshold": 0, "rounding_base": 5}, "too coarse"),  # 1 would round to a false 0
    ],
)
def test_bad_settings_raise(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DisclosureSettings(**kwargs)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"r1": [1, -2]}, "negative"),
        ({"r1": [1, 2.5]}, "whole numbers"),
        ({"r1": [1, None]}, "whole numbers"),
    ],
)
def test_bad_counts_raise(rows: dict[str, list[object]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        protect_table(table(rows, ["A", "B"]), "Bad")


def test_bad_shapes_and_labels_raise() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        protect_table(pd.DataFrame(index=["r1"]), "Empty")
    with pytest.raises(ValueError, match="reserved"):
        protect_table(table({TOTAL: [1, 2]}, ["A", "B"]), "Clash")


def test_audit_never_holds_values() -> None:
    assert [f.name for f in dataclasses.fields(AuditEntry)] == list(AUDIT_COLUMNS)
    cells = table({"r1": [3, 10, 30], "r2": [12, 11, 40]}, ["A", "B", "C"])
    protected = protect_table(cells, "Example")
    # one wording per action, so no reason can hint at a particular value
    reasons: dict[str, set[str]] = {}
    for entry in protected.audit:
        reasons.setdefault(entry.action, set()).add(entry.reason)
    assert all(len(v) == 1 for v in reasons.values())
    for text in (e.reason for e in protected.audit):
        for value in (3, 10, 11, 12, 30, 40, 43, 63, 106):
            assert f" {value} " not in f" {text} "


# --- properties --------------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 12), st.integers(0, 12), st.integers(0, 12), st.integers(13, 400))


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 5))
    row = st.lists(counts, min_size=n_cols, max_size=n_cols)
    values = draw(st.lists(row, min_size=n_rows, max_size=n_rows))
    index, columns = [f"r{i}" for i in range(n_rows)], [f"c{j}" for j in range(n_cols)]
    return pd.DataFrame(values, index=index, columns=columns)


def valid_settings(pair: tuple[int, int]) -> bool:
    try:
        DisclosureSettings(*pair)
    except ValueError:
        return False
    return True


any_settings = st.sampled_from(
    [(t, b) for t in range(11) for b in range(1, 11) if valid_settings((t, b))]
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(cells=tables(), pair=any_settings)
def test_shown_values_are_safe_and_rounded(cells: pd.DataFrame, pair: tuple[int, int]) -> None:
    threshold, base = pair
    protected = protect_table(cells, "Random", DisclosureSettings(threshold, base))
    shown, hidden = protected.shown, protected.suppressed
    assert shown.shape == (cells.shape[0] + 1, cells.shape[1] + 1)
    assert (shown.isna().to_numpy() == hidden.to_numpy()).all()
    for value in shown.stack().dropna():
        assert not 1 <= value <= threshold  # (a)
        assert value % base == 0  # (b)
    for row in cells.index:  # true zeros that are shown are shown as 0
        for col in cells.columns:
            if cells.at[row, col] == 0 and not hidden.at[row, col]:
                assert shown.at[row, col] == 0
    audited = {(e.row, e.column) for e in protected.audit if e.action != ROUNDED}
    assert audited == {(r, c) for r in hidden.index for c in hidden.columns if hidden.at[r, c]}


def hidden_range(shown: pd.DataFrame, slack: np.ndarray, entry: tuple[int, int]) -> float:
    """max - min of one hidden entry over all non-negative fillings agreeing with what is shown.

    Independent of the suppression code: just the line equations of the augmented table.
    Row i's cells plus its known slack (given total minus cell sum) make its total.
    """
    values = shown.to_numpy(dtype=float, na_value=np.nan)
    n_rows, n_cols = values.shape
    hidden = [(i, j) for i in range(n_rows) for j in range(n_cols) if np.isnan(values[i, j])]
    index = {e: k for k, e in enumerate(hidden)}
    lines = []  # (entries with coefficient +1, entries with -1, constant on the right)
    for i in range(n_rows):  # cells - total = -slack
        constant = -slack[i] if i < n_rows - 1 else -slack.sum()
        lines.append(([(i, j) for j in range(n_cols - 1)], [(i, n_cols - 1)], constant))
    for j in range(n_cols):  # cells - total = 0
        lines.append(([(i, j) for i in range(n_rows - 1)], [(n_rows - 1, j)], 0.0))
    a_eq, b_eq = [], []
    for plus, minus, constant in lines:
        row, rhs = np.zeros(len(hidden)), float(constant)
        for sign, entries in ((1.0, plus), (-1.0, minus)):
            for e in entries:
                if e in index:
                    row[index[e]] += sign
                else:
                    rhs -= sign * values[e]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    objective = np.zeros(len(hidden))
    objective[index[entry]] = 1.0
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    assert low.status == 0, low.message
    if high.status == 3:  # unbounded above
        return float("inf")
    assert high.status == 0, high.message
    return -high.fun - low.fun


@FAST
@given(cells=tables(), threshold=st.integers(0, 10))
def test_no_hidden_entry_can_be_worked_out(cells: pd.DataFrame, threshold: int) -> None:
    protected = protect_table(cells, "Random", DisclosureSettings(threshold, rounding_base=1))
    mask = protected.suppressed.to_numpy()
    slack = np.zeros(cells.shape[0])
    for entry in zip(*np.nonzero(mask), strict=True):
        assert hidden_range(protected.shown, slack, entry) >= 1 - 1e-7


@FAST
@given(data=st.data(), cells=tables(), threshold=st.integers(0, 10))
def test_no_hidden_entry_can_be_worked_out_with_given_totals(
    data: st.DataObject, cells: pd.DataFrame, threshold: int
) -> None:
    amounts = st.sampled_from([0, 0, 1, 3, 9, 30])
    extra = data.draw(st.lists(amounts, min_size=len(cells), max_size=len(cells)))
    totals = cells.sum(axis=1) + extra
    protected = protect_table(cells, "Random", DisclosureSettings(threshold, 1), totals=totals)
    mask = protected.suppressed.to_numpy()
    values = np.zeros(mask.shape, dtype=np.int64)
    values[:-1, :-1] = cells.to_numpy()
    values[:-1, -1], values[-1, :-1] = totals, cells.sum(axis=0)
    # A hidden zero can only move one way; two on one cycle may pin it (documented limit).
    assume(not (mask & (values == 0)).any())
    for entry in zip(*np.nonzero(mask), strict=True):
        assert hidden_range(protected.shown, np.array(extra, dtype=float), entry) >= 1 - 1e-7


# --- the canonical long counts table -----------------------------------------------------------


def long_counts() -> pd.DataFrame:
    rows = [
        # WRES1 (distribution): Band 5 total given as 80 (73 in the three groups), Band 6 not given.
        ("Northbrook", 2025, "WRES1", "Unknown", "Band 5", NA, 3, 80),
        ("Northbrook", 2025, "WRES1", "White", "Band 5", NA, 40, 80),
        ("Northbrook", 2025, "WRES1", "BME", "Band 5", NA, 30, 80),
        ("Northbrook", 2025, "WRES1", "White", "Band 6", NA, 25, NA),
        ("Northbrook", 2025, "WRES1", "BME", "Band 6", NA, 9, NA),
        ("Northbrook", 2025, "WRES1", "Unknown", "Band 6", NA, 0, NA),
        # WRES2 (outcome) 2025, clinical not stated
        ("Northbrook", 2025, "WRES2", "White", NA, NA, 50, 200),
        ("Northbrook", 2025, "WRES2", "BME", NA, NA, 5, 60),
        ("Northbrook", 2025, "WRES2", "Unknown", NA, NA, 2, 4),
        # WRES2 2024, clinical staff
        ("Northbrook", 2024, "WRES2", "White", NA, True, 100, 400),
        ("Northbrook", 2024, "WRES2", "BME", NA, True, 40, 100),
    ]
    columns = ["organisation", "year", "indicator", "group", "band", "clinical"]
    columns += ["numerator", "denominator"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["numerator"] = frame["numerator"].astype("Int64")
    frame["denominator"] = frame["denominator"].astype("Int64")
    frame.index = [f"row{i}" for i in range(len(frame))]
    return frame


def test_publish_counts_by_hand() -> None:
    # WRES1 2025 Northbrook, augmented:  Unknown White BME | Total  (groups in first-seen order)
    #                           Band 5        3    40   30 |   80  (given denominator)
    #                           Band 6        0    25    9 |   34  (sum)
    #                            Total        3    65   39 |  114
    #   primary Band5/Unknown, Total/Unknown. Row Band 5 -> BME 30 (< 40, 80).
    #   Total row -> Total/BME 39 (< 65, 114). Cycle: B5/Unk, B5/BME, T/BME, T/Unk.
    # WRES2 2025 Northbrook:      yes   no | Total
    #                    White     50  150 |  200
    #                    BME        5   55 |   60
    #                    Unknown    2    2 |    4
    #                    Total     57  207 |  264
    #   primary BME/yes, Unknown/yes, Unknown/no, Unknown/Total. Row BME -> BME/no 55 (< 60).
    #   Column Total has one (Unknown) -> BME/Total 60 (< 200, 264). BME and Unknown rows hidden.
    # WRES2 2024 Northbrook clinical: White 100/400, BME 40/100: nothing small, all multiples of 5.
    published = publish_counts(long_counts())
    out = published.counts
    source = long_counts()
    assert list(out.index) == list(source.index)
    assert list(out.columns) == [*source.columns, "numerator_suppressed", "denominator_suppressed"]
    pd.testing.assert_frame_equal(
        out[source.columns.drop(["numerator", "denominator"])],
        source[source.columns.drop(["numerator", "denominator"])],
    )
    assert out["numerator"].dtype == "Int64" and out["denominator"].dtype == "Int64"
    assert out["numerator"].tolist() == [NA, 40, NA, 25, 10, 0, 50, NA, NA, 100, 40]
    assert out["denominator"].tolist() == [80, 80, 80, 35, 35, 35, 200, NA, NA, 400, 100]
    assert out["numerator_suppressed"].tolist() == [True, False, True] + [False] * 4 + [
        True,
        True,
        False,
        False,
    ]
    assert out["denominator_suppressed"].tolist() == [False] * 7 + [True, True, False, False]

    audit = published.audit
    assert list(audit.columns) == list(AUDIT_COLUMNS)
    got = list(audit[["table", "row", "column", "action"]].itertuples(index=False, name=None))
    w1, w2, w2c = "WRES1 2025 Northbrook", "WRES2 2025 Northbrook", "WRES2 2024 Northbrook clinical"
    assert got == [
        (w1, "Band 5", "Unknown", P),
        (w1, "Band 5", "White", R),
        (w1, "Band 5", "BME", S),
        (w1, "Band 5", TOTAL, R),
        (w1, "Band 6", "White", R),  # Band 6 / Unknown is a shown 0: no entry
        (w1, "Band 6", "BME", R),
        (w1, "Band 6", TOTAL, R),
        (w2, "White", "yes", R),  # the "no" cells are not published, so not audited
        (w2, "White", TOTAL, R),
        (w2, "BME", "yes", P),
        (w2, "BME", TOTAL, S),
        (w2, "Unknown", "yes", P),
        (w2, "Unknown", TOTAL, P),
        (w2c, "White", "yes", R),
        (w2c, "White", TOTAL, R),
        (w2c, "BME", "yes", R),
        (w2c, "BME", TOTAL, R),
    ]


def test_publish_counts_wres9_rows_are_membership() -> None:
    frame = pd.DataFrame(
        {
            "indicator": ["WRES9"] * 4,
            "group": ["White", "BME", "White", "BME"],
            "membership": ["voting", "voting", "executive", "executive"],
            "numerator": [10, 2, 8, 0],
            "denominator": pd.array([NA] * 4, dtype="Int64"),
        }
    )
    # Augmented:       White BME | Total    primary voting/BME=2, Total/BME=2.
    #       voting       10    2 |  12      Row voting -> voting/White 10 (< 12).
    #    executive        8    0 |   8      Total row -> Total/White 18 (< 20).
    #        Total       18    2 |  20      4-cycle; shown: executive 8 -> 10, 0, 8 -> 10; 12 -> 10.
    out = publish_counts(frame).counts
    assert out["numerator"].tolist() == [NA, NA, 10, 0]
    assert out["denominator"].tolist() == [10, 10, 10, 10]


def test_publish_counts_rejects_bad_input() -> None:
    bad = pd.DataFrame(
        {"indicator": ["WRES3"], "group": ["BME"], "numerator": [10], "denominator": [5]}
    )
    with pytest.raises(ValueError, match="WRES3"):
        publish_counts(bad)
    short = pd.DataFrame(
        {
            "indicator": ["WRES1", "WRES1"],
            "group": ["BME", "White"],
            "band": ["Band 5"] * 2,
            "numerator": [10, 20],
            "denominator": [25, 25],
        }
    )
    with pytest.raises(ValueError, match="WRES1"):
        publish_counts(short)
    with pytest.raises(ValueError, match="unknown indicator"):
        publish_counts(bad.assign(indicator="WRES10"))
    with pytest.raises(ValueError, match="negative"):
        publish_counts(bad.assign(numerator=-1))
    with pytest.raises(ValueError, match="more than one count"):
        publish_counts(pd.concat([bad.assign(numerator=1)] * 2))


def test_published_audit_does_not_tell_primary_from_secondary():
    from metrics.disclosure.control import audit_for_publication

    cells = pd.DataFrame({"a": [3, 20], "b": [40, 50]}, index=["x", "y"])
    table = protect_table(cells, "T")
    audit = pd.DataFrame([e.__dict__ for e in table.audit])
    # 3 is primary; its row and column each need a second hidden entry
    assert {"suppressed_primary", "suppressed_secondary"} <= set(audit["action"])
    public = audit_for_publication(audit)
    hidden = public[public["action"] == "suppressed"]
    assert len(hidden) == (audit["action"].str.startswith("suppressed")).sum()
    assert hidden["reason"].nunique() == 1
    assert not public["action"].isin(["suppressed_primary", "suppressed_secondary"]).any()
