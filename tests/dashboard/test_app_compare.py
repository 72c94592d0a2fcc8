"""The Compare trusts page with Streamlit's AppTest: the sample network, peers, a trust's
profile, overdispersion, many returns uploaded together, and disclosure control on sizes; words
for union reps (worse / better for BME staff / cannot tell, rank 1 explained, statistics behind an
expander) and no raw None, nan or code words in any table."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.sample import SAMPLE_NETWORK_COUNTS
from metrics.compare.values import STANDARDS

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
    return table(at, "Rank")


VERDICTS = {
    "Worse for BME staff than equality",
    "Better for BME staff than equality",
    "Cannot tell (within chance)",
}
SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def assert_plain_tables(at: AppTest) -> None:
    """No raw None, nan or snake_case in any table on the page, headers included."""
    assert at.dataframe
    for element in at.dataframe:
        frame = element.value
        for name in frame.columns:
            assert not SNAKE.search(str(name)), name
        for cell in frame.to_numpy().ravel():
            assert cell is not None
            assert not (isinstance(cell, float) and math.isnan(cell))
            text = str(cell)
            assert text not in {"None", "nan", "NaN", "<NA>", "NaT"}, frame.columns
            assert not SNAKE.search(text), text


def limits_expander(at: AppTest):
    return next(e for e in at.expander if e.label == "How the limits are worked out")


def test_the_sample_network_opens_on_wres2_for_every_trust(app, sample):
    assert app.title[0].value == "Compare trusts"
    trusts = sample["organisation"].nunique()
    assert app.caption[0].value == (
        f"Data in use: Sample data\\: {trusts} fictional trusts (not real figures)"
    )
    summary = table(app, "Indicator")
    assert list(summary["Indicator"]) == [
        "WRES1",
        "WRES1-senior",
        *(f"WRES{i}" for i in range(2, 10)),
    ]
    assert (summary["Trusts with a value"].astype(int) <= trusts).all()
    rows = league(app)
    assert len(rows) == trusts
    assert set(rows["Trust"]) == set(sample["organisation"])
    assert rows["Rank"].iloc[0] == "1" and rows["Rank range"].iloc[0].startswith("1 to ")
    assert any("Funnel plot of WRES2" in c.value for c in app.caption)
    assert_plain_tables(app)


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
    meaning = dict(zip(profile["Indicator"], profile["What rank 1 means"], strict=True))
    assert meaning["WRES2"].startswith("the least favourable to BME staff")
    assert meaning["WRES7"].startswith("the most favourable to BME staff")
    verdicts = dict(zip(profile["Indicator"], profile["Against equality"], strict=True))
    assert verdicts.pop("WRES1") == "does not apply"  # a workforce share is no judgement
    assert set(verdicts.values()) <= VERDICTS | {""}
    assert_plain_tables(app)
    funnel = next(c.value for c in app.caption if c.value.startswith("Funnel plot"))
    assert f"Highlighted: {trust}" in re.sub(r"\\(.)", r"\1", funnel)  # alt text is escaped


def test_overdispersion_widens_the_wres2_limits_on_the_sample(app):
    # the sample's WRES2 values vary far more than chance allows (phi well above 1)
    within = "In line with the network (within chance)"
    before = league(app)["Against the network"].value_counts()
    app.selectbox(key="net_od").select("multiplicative").run()
    assert not app.exception
    words = [m.value for m in limits_expander(app).markdown]
    assert any("Spread between trusts" in w and "The limits are widened for it" in w for w in words)
    after = league(app)["Against the network"].value_counts()
    assert after.get(within, 0) > before.get(within, 0)


def test_board_sizes_follow_the_publication_rule(app):
    app.selectbox(key="net_indicator").select("WRES9").run()
    assert not app.exception
    rows = league(app)
    for size, value in zip(rows["Size"], rows["Value"], strict=True):
        if size == "hidden (1-7)":
            assert value == "hidden (size 1-7)"  # a value resting on a hidden size is hidden too
        else:
            n = int(size.replace(",", ""))
            assert n == 0 or (n > 7 and n % 5 == 0)


def test_a_hidden_trust_has_no_rank_and_the_others_rank_without_a_gap(app):
    # issue 10: a hidden size's value was hidden, but its rank and rank range still showed, and
    # the others' ranks left a gap where it stood
    rows = [("Small", "WRES2", "White", 4, 4), ("Small", "WRES2", "BME", 1, 3)]
    for i in range(4):
        rows += [(f"Big {i}", "WRES2", "White", 40 + 5 * i, 100),
                 (f"Big {i}", "WRES2", "BME", 30, 100)]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["Organisation", "Indicator", "Group", "Numerator",
                                        "Denominator"]).assign(Year=2025)  # fmt: skip
    uploader = app.file_uploader(key="net_upload")
    uploader.set_value([("network.csv", frame.to_csv(index=False).encode(), "text/csv")]).run()
    next(b for b in app.button if b.key == "net_confirm").click().run()
    assert not app.exception
    table_rows = league(app).set_index("Trust")
    small = table_rows.loc["Small"]
    assert small["Value"] == "hidden (size 1-7)" and small["Rank"] == "–"
    assert small["Rank range"] == "–" and small["Against the network"] == "Not placed (no value)"
    assert sorted(int(r) for r in table_rows["Rank"] if r != "–") == [1, 2, 3, 4]
    assert max(int(r.split(" to ")[1]) for r in table_rows["Rank range"] if r != "–") == 4


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
    caption = app.caption[0].value
    assert caption.startswith("Data in use: Your returns\\: 3 organisations, from 3 files: ")
    assert "Alderwick Hospitals NHS Trust\\.csv" in caption  # the files are named, escaped
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
    message = app.error[0].value.replace("\\", "")  # file names are escaped for Markdown
    assert message.startswith("These returns cannot be compared yet")
    assert "written 2 ways" in message and "a.csv" in message and "b.csv" in message
    assert not [b for b in app.button if b.key == "net_confirm"]  # nothing to confirm
    assert app.caption[0].value.startswith("Data in use: Sample data")  # still the sample


def test_a_file_that_is_not_a_counts_return_is_refused(app):
    app.file_uploader(key="net_upload").set_value(
        ("notes.csv", b"Meeting,Date\nForum,2025-01-01\n", "text/csv")
    ).run()
    assert not app.exception
    assert app.error and "cannot be compared yet" in app.error[0].value


def test_each_indicator_says_which_way_is_worse_and_counts_the_non_adverse_range(app):
    said = [m.value for m in app.markdown if m.value.startswith("**Which way is worse:**")]
    assert said == ["**Which way is worse:** Above 1 means BME applicants are less likely than "
                    "White applicants to be appointed from shortlisting."]  # fmt: skip
    rows = league(app)
    assert set(rows["Against equality"]) <= VERDICTS
    worse = int((rows["Against equality"] == "Worse for BME staff than equality").sum())
    inside = int((rows["Inside the 0.80-1.25 range"] == "yes").sum())
    headline = app.info[0].value
    assert headline.startswith(f"Of {len(rows)} trusts with a value in 2025: {worse} worse for "
                               "BME staff than equality")  # fmt: skip
    assert f"{inside} trusts sit inside NHS England's non-adverse range of 0.80 to 1.25" in headline
    summary = table(app, "Indicator").set_index("Indicator")
    assert summary.loc["WRES2", "Inside the 0.80-1.25 non-adverse range"] == str(inside)
    assert summary.loc["WRES2", "Worse for BME staff than equality"] == str(worse)
    assert summary.loc["WRES5", "Inside the 0.80-1.25 non-adverse range"] == "does not apply"
    assert summary.loc["WRES1", "Worse for BME staff than equality"] == "does not apply"
    assert "above 1" in summary.loc["WRES3", "Which way is worse"].lower()
    rank = next(c.value for c in app.caption if c.value.startswith("Rank 1 = "))
    assert rank.startswith("Rank 1 = the least favourable to BME staff")
    assert "the range of ranks a trust could hold once chance is allowed for" in rank

    app.selectbox(key="net_indicator").select("WRES3").run()
    assert not app.exception
    assert any("more likely than White staff to enter a formal disciplinary investigation"
               in m.value for m in app.markdown)  # fmt: skip
    assert "the non-adverse range set in A fair experience for all" in app.info[0].value


@pytest.mark.parametrize("indicator", ["WRES1", "WRES1-senior", "WRES7", "WRES9"])
def test_other_indicators_read_in_words_with_plain_tables(app, indicator):
    app.selectbox(key="net_indicator").select(indicator).run()
    assert not app.exception
    rows = league(app)
    assert "Inside the 0.80-1.25 range" not in rows.columns  # a range for relative likelihoods
    if indicator == "WRES1":  # a workforce share is no judgement: no verdict, no equality words
        assert set(rows["Against equality"]) == {"does not apply"}
        assert "neither better nor worse for BME staff" in app.info[0].value
        assert any(c.value.startswith("Rank 1 = the highest value, which is neither good nor bad")
                   for c in app.caption)  # fmt: skip
    else:  # every trust with a value shown gets a verdict; a hidden value gets none
        shown = rows[rows["Value"] != "hidden (size 1-7)"]
        assert set(shown["Against equality"]) <= VERDICTS
        assert set(rows.loc[rows["Value"] == "hidden (size 1-7)", "Against equality"]) <= {""}
        assert any(c.value.startswith("Rank 1 = the most favourable to BME staff")
                   for c in app.caption)  # fmt: skip
    assert_plain_tables(app)


def test_statistics_are_behind_how_the_limits_are_worked_out(app):
    inside = limits_expander(app)
    hidden = {m.value for m in inside.markdown} | {c.value for c in inside.caption}
    assert any("φ =" in t and "τ² =" in t for t in hidden)
    assert any("1/SE²" in t for t in hidden)
    assert [s.key for s in inside.selectbox] == ["net_od"]  # the overdispersion choice too
    # the funnel's own method note sits one click away too, under "How this chart is drawn"
    for drawn in (e for e in app.expander if e.label == "How this chart is drawn"):
        hidden |= {m.value for m in drawn.markdown} | {c.value for c in drawn.caption}
    shown = [e.value for e in (*app.markdown, *app.caption, *app.info) if e.value not in hidden]
    for text in shown:
        assert not any(w in text for w in ("φ", "τ²", "1/SE", "recision", "overdispersion")), text
        assert "significantly" not in text and "above equality" not in text, text


def test_trust_names_are_shown_as_text_never_as_markdown(app, sample):
    name = sorted(sample["organisation"].unique())[0]
    odd = "**Bold** <b>NHS</b> [Trust](http://example.org) _x_"
    part = sample[sample["organisation"] == name].copy()
    part["organisation"] = odd
    other = sample[sample["organisation"] == sorted(sample["organisation"].unique())[1]]
    files = [("network.csv", pd.concat([part, other]).to_csv(index=False).encode(), "text/csv")]
    app.file_uploader(key="net_upload").set_value(files).run()
    next(b for b in app.button if b.key == "net_confirm").click().run()
    assert not app.exception
    assert odd in set(league(app)["Trust"])  # tables hold the name as text
    app.selectbox(key="net_highlight").select(odd).run()
    assert not app.exception
    heading = next(s.value for s in app.subheader if s.value.startswith("Trust profile"))
    assert heading == (  # the word joiner after "http:" stops a bare link being made
        r"Trust profile: \*\*Bold\*\* \<b\>NHS\</b\> \[Trust\]\(http\:"
        "\u2060"
        r"//example\.org\) \_x\_"
    )
    assert_plain_tables(app)


# --- published gender pay gaps (the GOV.UK service's CSV) -------------------------------------


def test_a_published_pay_gap_file_is_ranked_with_a_chart_and_its_text_escaped(app):
    from tests.metrics.compare.test_gpg import HEADER, line

    odd = "**Bold** <b>NHS</b> _Trust_"
    data = "\n".join([
        HEADER,
        line("Alderwick Hospitals NHS Trust", "24.3", "11.2"),
        line(odd, "-2.5", "-1.0", size="250 to 499"),
        line("Carrow Trust", "15", "12.5%"),
    ]) + "\n"  # fmt: skip
    app.file_uploader(key="gpg_upload").set_value(("gpg-2024.csv", data.encode(), "text/csv")).run()
    assert not app.exception and not app.error
    assert "Published gender pay gaps" in [s.value for s in app.subheader]
    worse = [m.value for m in app.markdown if m.value.startswith("**Which way is worse:**")]
    assert "A positive gap means women are paid less than men" in worse[-1]
    # 12.5 and 11.2 pay women less, -1.0 men; median of the three is 11.2
    assert app.info[-1].value == (
        "Of 3 employers with a median hourly pay gap, 2 pay women less and 1 pays men less; "
        "the median employer's gap is 11.2%."
    )
    frame = app.dataframe[-1].value
    assert list(frame["Employer"]) == ["Carrow Trust", "Alderwick Hospitals NHS Trust", odd]
    assert list(frame["Rank"]) == ["1", "2", "3"]
    assert list(frame["Median hourly gap"]) == [
        "12.5% (women paid less)", "11.2% (women paid less)", "-1.0% (men paid less)"
    ]  # fmt: skip
    assert frame["Women in the lower pay quartile"].iloc[0] == "80.0%"
    assert frame["Employer size"].iloc[2] == "250 to 499"
    # the chart's alt text names the employers, escaped for Markdown
    alt_text = next(c.value for c in app.caption if c.value.startswith("Median hourly gender"))
    assert r"\*\*Bold\*\* \<b\>NHS\</b\> \_Trust\_ at \-1\.0% \(men paid less\)" in alt_text
    method = next(e for e in app.expander if e.label == "How these figures are worked out")
    assert "no disclosure step" in method.markdown[0].value
    assert_plain_tables(app)


def test_a_bad_pay_gap_file_is_refused_naming_row_and_column(app):
    from tests.metrics.compare.test_gpg import HEADER, line

    data = "\n".join([HEADER, line("A Trust", "5", "4"), line("B Trust", "lots", "2")]) + "\n"
    app.file_uploader(key="gpg_upload").set_value(("gpg.csv", data.encode(), "text/csv")).run()
    assert not app.exception
    message = app.error[0].value.replace("\\", "")
    assert message.startswith("This file cannot be read as published pay gaps")
    assert 'row 3, column "DiffMeanHourlyPercent"' in message and "lots" in message
    assert league(app) is not None  # the network comparison above is still there


# --- WDES returns -------------------------------------------------------------------------------

WDES_SCRIPT = """
import io
import pandas as pd
import streamlit as st
from dashboard.state import network_from, replace_network
from dashboard.views import compare
from metrics.compare.inputs import Return, combine

CSV = '''Organisation,Year,Indicator,Group,Numerator,Denominator
A,2025,WDES2,Non-disabled,30,100
A,2025,WDES2,Disabled,15,100
B,2025,WDES2,Non-disabled,20,100
B,2025,WDES2,Disabled,20,100
C,2025,WDES2,Non-disabled,40,200
C,2025,WDES2,Disabled,40,200
A,2025,WDES8,Disabled,600,800
B,2025,WDES8,Disabled,30,60
C,2025,WDES8,Disabled,70,90
'''
if "ready" not in st.session_state:
    frame = pd.read_csv(io.StringIO(CSV)).rename(columns=str.lower)
    replace_network(network_from(combine([Return("wdes.csv", frame, ())]), "WDES returns"))
    st.session_state["ready"] = True
compare.render()
"""


def test_wdes_returns_are_compared_in_disabled_staffs_terms():
    app = AppTest.from_string(WDES_SCRIPT, default_timeout=90).run()
    assert not app.exception
    # the picker lists the indicators in the returns, WDES2 first shown
    picker = app.selectbox(key="net_indicator")
    assert picker.options == [
        "WDES2: Relative likelihood of non-disabled applicants being appointed from "
        "shortlisting compared to Disabled applicants",
        "WDES8: Percentage of Disabled staff saying that their employer has made adequate "
        "adjustments to enable them to carry out their work",
    ]
    assert picker.value == "WDES2"
    rows = league(app).set_index("Trust")
    # A: (30/100) / (15/100) = 2.00, Katz 95% 1.15 to 3.48, wholly above 1: worse for Disabled
    assert rows.loc["A", "Value"] == "2.00"
    assert rows.loc["A", "Against equality"] == "Worse for Disabled staff than equality"
    assert rows.loc["B", "Against equality"] == "Cannot tell (within chance)"  # 1.00
    assert any("Above 1 means Disabled applicants" in m.value for m in app.markdown)
    summary = table(app, "Indicator")
    assert list(summary["Indicator"]) == list(STANDARDS["WDES"])
    assert "Worse for Disabled staff than equality" in summary.columns
    assert not any("BME" in str(c) for c in summary.columns)
    # WDES8: one group's percentage, judged against the network only
    app.selectbox(key="net_indicator").select("WDES8").run()
    assert not app.exception
    rows = league(app).set_index("Trust")
    assert set(rows["Against equality"]) == {"does not apply"}
    assert rows.loc["A", "Value"] == "75%"  # 600 of 800, published whole
    assert "than the network" in app.info[0].value and "Disabled staff" in app.info[0].value
    assert_plain_tables(app)


def test_wdes_returns_uploaded_beside_wres_returns_offer_both_standards(app, sample):
    from tests.dashboard.test_cli_compare import WDES_RETURN

    name = sorted(sample["organisation"].unique())[0]
    wres = sample[(sample["organisation"] == name) & (sample["year"] == "2025")]
    wdes = WDES_RETURN.replace("\nA,", f"\n{name},").replace("\nB,", "\nOther Trust,")
    files = [("wres.csv", wres.to_csv(index=False).encode(), "text/csv"),
             ("wdes.csv", wdes.encode(), "text/csv")]  # fmt: skip
    app.file_uploader(key="net_upload").set_value(files).run()
    next(b for b in app.button if b.key == "net_confirm").click().run()
    assert not app.exception
    options = [o.split(":")[0] for o in app.selectbox(key="net_indicator").options]
    assert "WRES2" in options and options[-2:] == ["WDES2", "WDES4a-i"]
    assert app.selectbox(key="net_indicator").value == "WRES2"  # the WRES first, as before
    app.selectbox(key="net_indicator").select("WDES2").run()
    assert not app.exception
    rows = league(app).set_index("Trust")
    assert rows.loc[name, "Value"] == "2.00"  # (30/100) / (15/100)
    summary = table(app, "Indicator")
    assert list(summary["Indicator"])[0] == "WDES1" and "WRES2" not in list(summary["Indicator"])


def test_the_sample_network_holds_the_wdes_returns_too(app):
    # the sample's WDES returns (sample_data/network/wdes_counts.csv) load beside its WRES ones
    ids = app.selectbox(key="net_indicator").options
    assert any(i.startswith("WRES2: ") for i in ids) and any(i.startswith("WDES2: ") for i in ids)
    app.selectbox(key="net_indicator").select("WDES2").run()
    assert not app.exception
    assert app.subheader[0].value.startswith("WDES2: ")


def test_the_sample_pay_gaps_are_offered_with_a_button(app):
    import csv

    from dashboard.sample import SAMPLE_NETWORK_GPG

    assert "Published gender pay gaps" in [s.value for s in app.subheader]
    assert not any("median employer" in i.value for i in app.info)  # nothing ranked yet
    app.button(key="gpg_sample").click().run()
    assert not app.exception and not app.error
    frame = app.dataframe[-1].value
    # the file's employers, counted here with the csv module: every one with a median gap
    with SAMPLE_NETWORK_GPG.open(newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["DiffMedianHourlyPercent"].strip()]
    assert sorted(frame["Employer"]) == sorted(r["EmployerName"] for r in rows)


def test_wdes9a_lists_trusts_by_the_engagement_score_gap_without_a_funnel(app):
    from dashboard.sample import SAMPLE_NETWORK_WDES_COUNTS
    from metrics.compare.network import NO_INTERVAL

    app.selectbox(key="net_indicator").select("WDES9a").run()
    assert not app.exception
    assert app.subheader[0].value == "WDES9a: Staff engagement score, Disabled − non-disabled"
    labels = [e.label for e in app.expander]
    assert "Why there is no funnel for this indicator" in labels
    assert "How the limits are worked out" not in labels
    why = next(e for e in app.expander if e.label == "Why there is no funnel for this indicator")
    assert why.markdown[0].value == NO_INTERVAL
    assert "no interval can be worked out" in app.info[0].value
    rows = league(app)
    assert list(rows.columns[:6]) == ["Rank", "Trust", "Gap", "Disabled staff score",
                                      "Non-disabled staff score", "Organisation score"]  # fmt: skip
    # the gaps from the published scores, read here straight from the sample file
    raw = pd.read_csv(SAMPLE_NETWORK_WDES_COUNTS)
    raw = raw[(raw["indicator"] == "WDES9a") & (raw["year"] == 2025)]
    wide = raw.pivot(index="organisation", columns="group", values="score")
    gaps = (wide["Disabled"] - wide["Non-disabled"]).round(2)
    shown = rows.set_index("Trust")
    for trust, gap in gaps.items():
        assert shown.loc[trust, "Gap"] == f"{gap:+.2f} points", trust
        assert shown.loc[trust, "Disabled staff score"] == f"{wide.loc[trust, 'Disabled']:.2f}"
        assert shown.loc[trust, "Organisation score"] == f"{wide.loc[trust, 'All']:.2f}"
    best = gaps.idxmax()  # rank 1 is the gap most favourable to Disabled staff
    assert rows.iloc[0]["Trust"] == best and rows.iloc[0]["Rank"] == "1"
    assert_plain_tables(app)
