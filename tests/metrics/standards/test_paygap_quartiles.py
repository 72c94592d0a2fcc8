"""Pay quartiles against a place-by-place count written independently, on any headcount and ties."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.standards.pay_quartiles import quartile_shares, quartile_weights


def by_places(pay: list[float], group: list[int], n_groups: int) -> np.ndarray:
    """Each person on a rate shared by s people is that block's mix (each group's count / s).
    Copy every ranked place 4 times: 4n places, and quarter q is places q*n .. (q+1)*n - 1,
    so every quarter is whole places and a boundary falls between copies."""
    blocks: dict[float, Counter] = {}
    for p, g in zip(pay, group, strict=True):
        blocks.setdefault(p, Counter())[g] += 1
    mixes = []
    for p in sorted(blocks):
        size = sum(blocks[p].values())
        mix = [blocks[p][g] / size for g in range(n_groups)]
        mixes += [mix] * size
    copies = [mix for mix in mixes for _ in range(4)]
    n = len(pay)
    out = np.zeros((4, n_groups))
    for q in range(4):
        for mix in copies[q * n : (q + 1) * n]:
            out[q] += np.array(mix) / 4  # each copy is a quarter of a person
    return out


people = st.lists(
    st.tuples(st.sampled_from([9.5, 10.0, 10.0, 11.25, 12.0, 30.0]) | st.floats(5, 80),
              st.integers(0, 1)),
    min_size=1,
    max_size=60,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(people)
def test_weights_match_a_place_by_place_count(rows):
    pay = [p for p, _ in rows]
    group = [g for _, g in rows]
    found = quartile_weights(np.array(pay), np.array(group), 2)
    assert found == pytest.approx(by_places(pay, group, 2), abs=1e-9)
    # every quarter holds n/4 places and every person is placed once in all
    assert found.sum(axis=1) == pytest.approx([len(rows) / 4] * 4)
    assert found.sum(axis=0) == pytest.approx(np.bincount(group, minlength=2))


@settings(max_examples=100, deadline=None)
@given(people, st.randoms(use_true_random=False))
def test_shares_do_not_depend_on_row_order(rows, random):
    shuffled = rows[:]
    random.shuffle(shuffled)
    first = quartile_shares(np.array([p for p, _ in rows]), np.array([g for _, g in rows]), 2)
    again = quartile_shares(
        np.array([p for p, _ in shuffled]), np.array([g for _, g in shuffled]), 2
    )
    assert again == pytest.approx(first)
    assert first.sum(axis=1) == pytest.approx([100.0] * 4)


def test_no_one_ranked():
    assert quartile_shares(np.empty(0), np.empty(0, dtype=np.int64), 2) is None


on_pennies = st.lists(
    st.tuples(st.integers(500, 1_500).map(lambda pennies: pennies / 100), st.integers(0, 2)),
    min_size=1,
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(on_pennies)
def test_whole_penny_rates_match_a_place_by_place_count(rows):
    # rates on whole pennies are ranked by counting pennies rather than sorting: same answer
    pay = [p for p, _ in rows]
    group = [g for _, g in rows]
    found = quartile_weights(np.array(pay), np.array(group), 3)
    assert found == pytest.approx(by_places(pay, group, 3), abs=1e-9)


def test_rates_a_hair_apart_are_not_merged_into_one_penny():
    # 0.1 + 0.2 is 0.30000000000000004, not the float 0.3: two rates, each one person. With
    # n = 2 each quarter is half a place: the lower two quarters are the lower rate (group 0),
    # the upper two the higher (group 1).
    found = quartile_weights(np.array([0.1 + 0.2, 0.3]), np.array([1, 0]), 2)
    assert found == pytest.approx(np.array([[0.5, 0], [0.5, 0], [0, 0.5], [0, 0.5]]))
