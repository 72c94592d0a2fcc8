"""The Compare trusts page with Streamlit's AppTest: the sample network, peers, a trust's
profile, overdispersion, many returns uploaded together, and disclosure control on sizes."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.sample import SAMPLE_NETWORK_COUNTS

SCRIPT = "from dashboard.views import compare\ncompare.render()\n"


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=90).run()
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_NETWORK_COUNTS, dtype=str, keep_default_na=False)


def table(at: AppTest, first_column: str) -> pd.DataFrame:
    return next(t.value for t in at.dataframe if t.value.columns[0] == first_column)


def league(at: AppTest) -> pd.DataFrame:
    return table(at, "Rank (range)")


def test_the_sample_network_opens_on_wres2_for_every_trust(app, sample):
    assert app.title[0].value == "Compare trusts"
    trusts = sample["organisation"].nunique()
    assert app.caption[0].value == f"Sample data: {trusts} fictional trusts"
    summary = table(app, "Indicator")
    assert list(summary["Indicator"]) == ["WRES1", "WRES1-senior", *(f"WRES{i}" for i in range(2, 10))]
    assert (summary["Trusts with a value"] <= trusts).all()
    rows = league(app)
    assert len(rows) == trusts
    assert set(rows["Trust"]) == set(sample["organisation"])
    assert rows["Rank (range)"].iloc[0].startswith("1 (1-")  # highest value first
    assert any("Funnel plot of WRES2" in c.value for c in app.caption)


def test_a_region_narrows_the_table_to_its_trusts(app, sample):
    region = sorted(sample["region"].unique())[0]
    app.selectbox(key="net_region").select(region).run()
    assert not app.exception
    rows = league(app)
    expected = sample.loc[sample["region"] == region, "organisation"].nunique()
    assert len(rows) == expected and set(rows["Region"]) == {region}


def test_highlighting_a_trust_shows_its_profile_on_every_indicator(app, sample):
    trust = sorted(sample["organisation"].unique())[5]
    app.selectbox(key="net_highlight").select(trust).run()
    assert not app.exception
    assert any(s.value == f"Trust profile: {trust}" for s in app.subheader)
    profile = next(t.value for t in app.dataframe if "Network median" in t.value.columns)
    assert len(profile) == 10
    funnel = next(c.value for c in app.caption if c.value.startswith("Funnel plot"))
    assert f"Highlighted: {trust}" in funnel


def test_overdispersion_widens_the_wres2_limits_on_the_sample(app):
    # the sample's WRES2 values vary far more than chance allows (phi well above 1)
    before = league(app)["Funnel"].value_counts()
    app.selectbox(key="net_od").select("multiplicative").run()
    assert not app.exception
    caption = next(c.value for c in app.caption if "Spread beyond chance" in c.value)
    assert "the limits are widened for it" in caption
    after = league(app)["Funnel"].value_counts()
    assert after.get("within limits", 0) > before.get("within limits", 0)


def test_board_sizes_follow_the_publication_rule(app):
    app.selectbox(key="net_indicator").select("WRES9").run()
    assert not app.exception
    rows = league(app)
    for size, value in zip(rows["Size"], rows["Value"], strict=True):
        if size == "hidden (1-7)":
            assert value == "–"  # a value resting on a hidden size is hidden too
        else:
            assert int(size) == 0 or (int(size) > 7 and int(size) % 5 == 0)


def _trust_file(sample: pd.DataFrame, name: str, year: str = "2025") -> bytes:
    rows = sample[(sample["organisation"] == name) & (sample["year"] == year)]
    return rows.drop(columns=["organisation"]).to_csv(index=False).encode()


def test_single_trust_returns_are_named_by_file_confirmed_and_compared(app, sample):
    names = sorted(sample["organisation"].unique())[:3]
    uploader = app.file_uploader(key="net_upload")
    uploader.set_value([(f"{n}.csv", _trust_file(sample, n), "text/csv") for n in names]).run()
    assert not app.exception
    who = table(app, "Organisation")
    assert list(who["Organisation"]) == names
    next(b for b in app.button if b.key == "net_confirm").click().run()
    assert not app.exception
    assert app.caption[0].value == "Your returns: 3 organisations"
    assert set(league(app)["Trust"]) == set(names)


def test_two_spellings_of_one_trust_are_refused_with_a_message(app, sample):
    name = sorted(sample["organisation"].unique())[0]
    shouty = sample[(sample["organisation"] == name) & (sample["year"] == "2025")].copy()
    shouty["organisation"] = f"  {name.upper()} "
    quiet = sample[(sample["organisation"] == name) & (sample["year"] == "2024")]
    files = [("a.csv", quiet.to_csv(index=False).encode(), "text/csv"),
             ("b.csv", shouty.to_csv(index=False).encode(), "text/csv")]  # fmt: skip
    app.file_uploader(key="net_upload").set_value(files).run()
    assert not app.exception
    message = app.error[0].value
    assert message.startswith("These returns cannot be compared yet")
    assert "written 2 ways" in message and "a.csv" in message and "b.csv" in message
    assert not [b for b in app.button if b.key == "net_confirm"]  # nothing to confirm
    assert app.caption[0].value.startswith("Sample data")  # the sample is still shown


def test_a_file_that_is_not_a_counts_return_is_refused(app):
    app.file_uploader(key="net_upload").set_value(
        ("notes.csv", b"Meeting,Date\nForum,2025-01-01\n", "text/csv")
    ).run()
    assert not app.exception
    assert app.error and "cannot be compared yet" in app.error[0].value
