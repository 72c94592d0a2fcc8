"""Targets on every standard: a WDES1 cluster target and a pay-gap target saved, kept across a
reload and an export, refused when they name the wrong thing, and judged on their own figure.

By hand:
  WDES1, Cluster 2 (bands 5 to 7), clinical: Band 5 Disabled 6 of 40, Band 6 Disabled 4 of 20
    -> 10 of 60 Disabled = 16.67%; the whole workforce (with Band 3, 2 of 40) 12 of 100 = 12%.
  Pay: 40 men paid 20.00 an hour, 40 women 15.00 -> median and mean hourly gap by sex
    (20 - 15) / 20 = 25.0%.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.store import Store, StoreError
from metrics.counts.table import normalise
from metrics.standards.evaluation import figure_for, judge_target, target_indicators


def counts() -> pd.DataFrame:
    rows = []
    for band, disabled, total in (("Band 3", 2, 40), ("Band 5", 6, 40), ("Band 6", 4, 20)):
        for group, n in (("Disabled", disabled), ("Non-disabled", total - disabled)):
            rows.append(dict(organisation="T", year=2025, indicator="WDES1", band=band,
                             clinical=True, group=group, numerator=n, denominator=total))  # fmt: skip
    return normalise(pd.DataFrame(rows))


def staff() -> pd.DataFrame:
    frame = pd.DataFrame([("Male", 20.0)] * 40 + [("Female", 15.0)] * 40,
                         columns=["sex_group", "hourly_pay"])  # fmt: skip
    return frame.assign(bank=False, year=2025, band="Band 5")


ACTION = dict(theme_id=None, owner="Director of People", due=None, target_year=2027)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'targets.db'}"


def test_a_wdes1_cluster_target_is_saved_and_kept_across_a_reload(sqlite_url):
    with Store(sqlite_url) as db:
        ws = db.create_workspace("Northtown")
        saved = db.add_action(ws.id, "Reasonable adjustments passport", indicator="wdes1",
                              band=" cluster  2", target_value=20.0, baseline_value=16.67,
                              **ACTION)  # fmt: skip
        assert (saved.indicator, saved.band) == ("WDES1", "Cluster 2")
        exported = db.export_workspace(ws.id)
    with Store(sqlite_url) as again:  # the saved workspace, reloaded
        (kept,) = again.actions(ws.id)
        assert (kept.indicator, kept.band, kept.target_value) == ("WDES1", "Cluster 2", 20.0)
        copy = again.import_workspace(exported, "Northtown (copy)")
        (imported,) = again.actions(copy.id)
        assert (imported.indicator, imported.band) == ("WDES1", "Cluster 2")


def test_a_pay_gap_target_is_saved_and_kept_across_a_reload(sqlite_url):
    assert "PAYGAP-SEX-MEDIAN" in target_indicators()
    with Store(sqlite_url) as db:
        ws = db.create_workspace("Northtown")
        saved = db.add_action(ws.id, "Open pay ranges", indicator="paygap-sex-median",
                              target_value=20.0, unit="whole", **ACTION)  # fmt: skip
        assert (saved.indicator, saved.unit, saved.band) == ("PAYGAP-SEX-MEDIAN", None, None)
        exported = db.export_workspace(ws.id)
    with Store(sqlite_url) as again:
        (kept,) = again.actions(ws.id)
        assert (kept.indicator, kept.target_value, kept.target_year) == (
            "PAYGAP-SEX-MEDIAN", 20.0, 2027)  # fmt: skip
        copy = again.import_workspace(exported, "Northtown (copy)")
        assert [a.indicator for a in again.actions(copy.id)] == ["PAYGAP-SEX-MEDIAN"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"indicator": "WDES1", "band": "Band 5"}, "'Band 5' is not a WDES cluster"),
        ({"indicator": "WRES1", "band": "Cluster 2"}, "'Cluster 2' is not a pay band"),
        ({"indicator": "WDES2", "band": "Cluster 2"}, "A band or cluster is for a target on"),
        ({"indicator": "PAYGAP-SEX-MEDIAN", "band": "Band 5"}, "A band or cluster is for a"),
        ({"indicator": "PAYGAP-SEX-MEDIAN", "unit": "directorate:HR & OD"},
         "A pay-gap target is about the whole organisation"),
        ({"indicator": "PAYGAP-SEX-MODE"}, "Unknown indicator 'PAYGAP-SEX-MODE'"),
    ],
)  # fmt: skip
def test_a_target_naming_the_wrong_row_or_unit_is_refused(sqlite_url, changes, message):
    with Store(sqlite_url) as db:
        ws = db.create_workspace("Northtown")
        with pytest.raises(StoreError, match=message):
            db.add_action(ws.id, "An action", target_value=20.0, **(ACTION | changes))
        assert db.actions(ws.id) == []


def test_a_cluster_target_is_judged_on_the_cluster_s_disabled_share():
    args = dict(organisation="T", year=2025, indicator="WDES1", unit_key=None)
    # 10 of 60 Disabled in Cluster 2 = 16.67%, a count of everyone: judged on its value
    assert figure_for(counts(), "T", 2025, "WDES1", None, "Cluster 2") == pytest.approx(100 / 6)
    met = judge_target(counts(), band="Cluster 2", target=15.0, **args)
    assert (met.verdict, met.on) == ("met", "whole organisation, Cluster 2, 2025")
    assert judge_target(counts(), band="Cluster 2", target=20.0, **args).verdict == "not yet"
    # no staff in Cluster 5 (medical) here: no figure, never another cluster's
    assert judge_target(counts(), band="Cluster 5", target=20.0, **args).verdict == "no data"


def test_a_pay_gap_target_is_judged_on_the_gap_itself():
    args = dict(organisation="T", year=2025, indicator="PAYGAP-SEX-MEDIAN", unit_key=None,
                band=None)  # fmt: skip
    at_most_30 = judge_target(counts(), target=30.0, staff=staff(), **args)
    assert (at_most_30.verdict, at_most_30.value) == ("met", pytest.approx(25.0))
    assert "at or below 30" in at_most_30.explanation
    assert judge_target(counts(), target=10.0, staff=staff(), **args).verdict == "not yet"
    mean = judge_target(counts(), target=25.0, staff=staff(),
                        **(args | {"indicator": "PAYGAP-SEX-MEAN"}))  # fmt: skip
    assert (mean.verdict, mean.value) == ("met", pytest.approx(25.0))
    # the staff rows are never kept: without them in the session, no figure
    unknown = judge_target(counts(), target=30.0, **args)
    assert unknown.verdict == "no data" and "staff file" in unknown.explanation
    assert figure_for(counts(), "T", 2025, "PAYGAP-SEX-MEDIAN", None, None, staff()) == 25.0
