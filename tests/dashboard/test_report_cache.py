"""The cache of reports is keyed on a digest of the counts' content, worked out once per data set:
equal counts share it, any changed figure, column or type does not."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from dashboard.views import common


@pytest.fixture(autouse=True)
def _fresh_session():
    st.session_state.clear()
    yield
    st.session_state.clear()


def _counts() -> pd.DataFrame:
    return pd.DataFrame({"indicator": ["WRES3", "WRES3"], "group": ["BME", "White"],
                         "numerator": [12, 20], "denominator": [400, 1600]})  # fmt: skip


def test_equal_counts_share_a_digest_and_any_change_gives_another():
    digest = common.counts_digest(_counts())
    assert common.counts_digest(_counts()) == digest  # a copy: same content, same digest
    changed = _counts()
    changed.loc[0, "numerator"] = 13
    renamed = _counts().rename(columns={"group": "groups"})
    typed = _counts().astype({"numerator": "float64"})
    others = {common.counts_digest(f) for f in (changed, renamed, typed)}
    assert digest not in others and len(others) == 3


def test_the_digest_is_worked_out_once_per_data_set(monkeypatch):
    calls = []
    real = pd.util.hash_pandas_object
    monkeypatch.setattr(pd.util, "hash_pandas_object",
                        lambda *a, **k: calls.append(1) or real(*a, **k))  # fmt: skip
    counts = _counts()
    first = common.counts_digest(counts)
    assert common.counts_digest(counts) == first and len(calls) == 1
    common.counts_digest(_counts())  # new data (an equal copy): worked out again
    assert len(calls) == 2
