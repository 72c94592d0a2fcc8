"""Compare trusts: per-organisation values, funnels, rank ranges, peers, summary, trust profile,
and many returns read together. Expected values are worked by hand in the comments."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from metrics.compare.inputs import load_network
from metrics.compare.network import compare, network_summary, publishable_size
from metrics.compare.trust_profile import trust_profile
from metrics.compare.values import NETWORK_INDICATORS, network_values
from metrics.counts.table import normalise
from metrics.inputs.pipeline import Sources, load
from metrics.problems import InputError
from metrics.standards.indicators import wres
from metrics.stats.ranks import rank_intervals

ROOT = Path(__file__).resolve().parents[3]
NETWORK = ROOT / "sample_data" / "network" / "wres_counts.csv"
Z95 = 1.959963984540054
Z998 = 3.090232306167813


def rows(org, indicator, year=2025, region="North", trust_type="Acute", **groups):
    """groups: White=(numerator, denominator), BME=(...), optional band= / membership=."""
    extra = {k: groups.pop(k) for k in ("band", "membership") if k in groups}
    return [
        {
            "organisation": org,
            "region": region,
            "trust_type": trust_type,
            "year": year,
            "indicator": indicator,
            "group": g,
            "numerator": n,
            "denominator": d,
            **extra,
        }
        for g, (n, d) in groups.items()
    ]


def counts(*parts) -> pd.DataFrame:
    return normalise(pd.DataFrame([r for part in parts for r in part]))


@pytest.fixture(scope="module")
def sample():
    result = load(Sources(counts=NETWORK))
    return result.counts, network_values(result.counts)


# --- the same figures as the single-trust report ----------------------------------------------


@pytest.mark.parametrize(
    "organisation",
    [
        "Alderwick Hospitals NHS Trust",
        "Quillhaven University Hospitals NHS Foundation Trust",
        "Thornmere Orthopaedic Hospital NHS Trust",
        "Moorcross Ambulance Service NHS Trust",
    ],
)
@pytest.mark.parametrize("year", [2022, 2025])
def test_vectorised_values_equal_the_trust_report(sample, organisation, year):
    table, values = sample
    report = wres(table, organisation=organisation, year=year)
    frame = values.frame
    mine = frame[(frame["organisation"] == organisation) & (frame["year"] == year)]
    mine = mine.set_index("indicator")
    for ind in ("WRES1", "WRES2", "WRES3", "WRES4", "WRES5", "WRES6", "WRES7", "WRES8", "WRES9"):
        result = report.indicators[ind]
        if result.value is None:
            assert np.isnan(mine.loc[ind, "value"]) and mine.loc[ind, "status"] == result.status
            continue
        assert mine.loc[ind, "value"] == pytest.approx(result.value, rel=1e-12), ind
        if ind not in ("WRES1", "WRES9"):  # the report gives these no interval
            assert mine.loc[ind, "ci_lower"] == pytest.approx(result.ci_lower, rel=1e-12), ind
            assert mine.loc[ind, "ci_upper"] == pytest.approx(result.ci_upper, rel=1e-12), ind
            assert mine.loc[ind, "status"] == result.status, ind
    senior = [
        p
        for p in report.indicators["WRES1"].parts
        if p.breakdown["band"] in ("Band 8c", "Band 8d", "Band 9", "VSM")
    ]
    bme = sum(p.groups["BME"].numerator for p in senior)
    total = sum(p.extra["headcount"] for p in senior)
    assert mine.loc["WRES1-senior", "value"] == pytest.approx(100 * bme / total)
    assert mine.loc["WRES1-senior", "denominator"] == total


def test_not_computable_and_small_numbers_follow_the_report():
    table = counts(
        rows("A", "WRES3", White=(5, 500), BME=(0, 100)),  # no BME events
        rows("B", "WRES3", White=(5, 500), BME=(3, 100)),  # small numbers
        rows("A", "WRES5", White=(5, 50), BME=(0, 0)),  # no BME respondents
    )
    frame = network_values(table).frame.set_index(["organisation", "indicator"])
    for org, ind in (("A", "WRES3"), ("B", "WRES3"), ("A", "WRES5")):
        report = wres(table, organisation=org).indicators[ind]
        assert frame.loc[(org, ind), "status"] == report.status
        assert (report.value is None) == bool(np.isnan(frame.loc[(org, ind), "value"]))
    assert frame.loc[("B", "WRES2"), "status"] == "no_data"  # nothing given at all


def test_wres9_interval_and_wres1_senior_by_hand():
    table = counts(
        rows("A", "WRES1", band="Band 5", White=(70, 90), BME=(20, 90)),
        rows("A", "WRES1", band="Band 8c", White=(7, 10), BME=(3, 10)),
        rows("A", "WRES1", band="VSM", White=(4, 5), BME=(1, 5)),
        rows("A", "WRES9", membership="voting", White=(8, 10), BME=(2, 10)),
        rows("A", "WRES9", membership="executive", White=(1, 5), BME=(4, 5)),
    )
    frame = network_values(table).frame.set_index("indicator")
    # workforce: 24 BME of 105 staff = 22.857%
    assert frame.loc["WRES1", "value"] == pytest.approx(100 * 24 / 105)
    # senior (8c, VSM): 4 BME of 15 = 26.667%, Wilson 95% (statsmodels) 10.897% to 51.950%
    low, high = proportion_confint(4, 15, method="wilson")
    assert frame.loc["WRES1-senior", ["value", "ci_lower", "ci_upper"]].tolist() == pytest.approx(
        [100 * 4 / 15, 100 * low, 100 * high]
    )
    assert frame.loc["WRES1-senior", "reference"] == pytest.approx(100 * 24 / 105)
    # board (voting only): 2 of 10 = 20% minus 22.857% = -2.857 points; interval Wilson(2, 10)
    # = 0.056682 to 0.509838, minus 0.228571
    low, high = proportion_confint(2, 10, method="wilson")
    w = 24 / 105
    assert frame.loc["WRES9", ["value", "ci_lower", "ci_upper"]].tolist() == pytest.approx(
        [100 * (0.2 - w), 100 * (low - w), 100 * (high - w)]
    )
    assert frame.loc["WRES9", "denominator"] == 10


def test_rows_without_organisation_or_year_are_refused():
    table = counts(rows(None, "WRES2", White=(5, 10), BME=(5, 10)))
    with pytest.raises(InputError, match="no organisation"):
        network_values(table)
    table = counts(rows("A", "WRES2", year=None, White=(5, 10), BME=(5, 10)))
    with pytest.raises(InputError, match="no year"):
        network_values(table)


def test_change_since_last_year():
    table = counts(
        rows("A", "WRES2", year=2024, White=(30, 100), BME=(30, 100)),  # 1.00
        rows("A", "WRES2", year=2025, White=(40, 100), BME=(20, 100)),  # 2.00
        rows("A", "WRES2", year=2023, White=(40, 100), BME=(20, 100)),  # 2.00, but 2022 absent
    )
    frame = network_values(table).frame
    wres2 = frame[frame["indicator"] == "WRES2"].set_index("year")["change"]
    assert wres2[2025] == pytest.approx(1.0)  # 2.00 - 1.00
    assert wres2[2024] == pytest.approx(-1.0)
    assert np.isnan(wres2[2023])


# --- funnel, ranks and summary on a tiny network -----------------------------------------------


def tiny():
    return counts(
        rows("A", "WRES2", White=(40, 100), BME=(20, 100)),  # RL (40/100)/(20/100) = 2.00
        rows("B", "WRES2", White=(30, 100), BME=(30, 100)),  # 1.00
        rows("C", "WRES2", White=(50, 200), BME=(25, 100), region="South"),  # 1.00
        rows("D", "WRES2", White=(10, 100), BME=(0, 50), trust_type="Community"),  # no BME events
    )


def test_ratio_funnel_worked_example():
    result = compare(network_values(tiny()), "WRES2")
    # pooled over every trust with people in both groups (D included):
    # White 130/500 = 0.26, BME 75/350 = 0.2142857 -> RL 1.2133333; target ln 1.2133333
    pooled = (130 / 500) / (75 / 350)
    assert result.pooled == pytest.approx(pooled)
    target = math.log(pooled)
    a = result.get("A")
    # Katz for A: 1/40 - 1/100 + 1/20 - 1/100 = 0.055; se = 0.2345208; precision 1/0.055
    se = math.sqrt(0.055)
    assert a.x == pytest.approx(1 / 0.055)
    # upper95 = exp(0.193371 + 1.959964 * 0.234521) = exp(0.193371 + 0.459653) = exp(0.653024)
    assert a.upper95 == pytest.approx(math.exp(target + Z95 * se))
    assert a.upper95 == pytest.approx(1.921342, abs=1e-6)
    assert a.lower998 == pytest.approx(math.exp(target - Z998 * se))
    # upper998 = exp(0.193371 + 3.090232 * 0.234521) = exp(0.918095)
    assert a.upper998 == pytest.approx(2.504515, abs=1e-6)
    assert a.funnel == "above_95"  # 2.00 between 1.921 and 2.505
    # B: 1/30 - 1/100 + 1/30 - 1/100 = 0.0466667, se 0.216025;
    # lower95 = exp(0.193371 - 1.959964 * 0.216025) = exp(0.193371 - 0.423401) = exp(-0.230030)
    b = result.get("B")
    assert b.lower95 == pytest.approx(0.794510, abs=1e-6)
    assert b.funnel == "within"
    d = result.get("D")
    assert (d.value, d.funnel, d.rank, d.status) == (None, "not_placed", None, "not_computable")
    # ranks (rank 1 = highest): A 2.00 first; B and C tie on 1.00 and share second place.
    # A's interval 1.263-3.166 overlaps B's 0.655-1.527: A can be anywhere from 1st to 3rd.
    assert [(o.organisation, o.rank, o.rank_low, o.rank_high) for o in result.organisations] == [
        ("A", 1, 1, 3),
        ("B", 2, 1, 3),
        ("C", 2, 1, 3),
        ("D", None, None, None),
    ]
    # significance against 1.00: A's interval 1.263-3.166 lies above; B and C include 1.00
    assert result.summary.significantly_above == 1
    assert result.summary.significantly_below == 0
    assert (result.summary.trusts, result.summary.organisations) == (3, 4)
    assert (result.summary.funnel_above, result.summary.funnel_below) == (1, 0)
    assert result.summary.median == pytest.approx(1.0)
    curve = result.funnel.curve(points=20)
    assert curve["x"].min() == pytest.approx(1 / 0.055)  # A is the least precise
    assert curve["x"].max() == pytest.approx(1 / 0.045)  # C: 1/50 - 1/200 + 1/25 - 1/100


def test_gap_funnel_uses_the_pooled_proportions():
    table = counts(
        rows("A", "WRES5", White=(100, 500), BME=(30, 100)),  # 30% - 20% = +10 points
        rows("B", "WRES5", White=(100, 400), BME=(20, 100)),  # 20% - 25% = -5 points
    )
    result = compare(network_values(table), "WRES5")
    # pooled BME 50/200 = 0.25, White 200/900 = 0.222222: target +2.777778 points
    assert result.pooled == pytest.approx(100 * (0.25 - 200 / 900))
    # A: se = 100 sqrt(0.25 * 0.75 / 100 + 0.222222 * 0.777778 / 500) = 4.712408
    a = result.get("A")
    assert a.upper95 == pytest.approx(12.013928, abs=1e-5)
    assert a.lower95 == pytest.approx(-6.458372, abs=1e-5)
    assert a.x == pytest.approx(1 / 4.712408**2, rel=1e-6)
    assert a.funnel == "within"
    # B: se = 100 sqrt(0.001875 + 0.222222 * 0.777778 / 400) = 4.803227
    assert result.get("B").upper998 == pytest.approx(17.620864, abs=1e-5)


def test_share_funnel_is_the_proportion_funnel_in_percent():
    table = counts(
        rows("A", "WRES1", band="Band 5", White=(70, 100), BME=(20, 100), Unknown=(10, 100)),
        rows("B", "WRES1", band="Band 5", White=(200, 300), BME=(60, 300), Unknown=(40, 300)),
        rows("C", "WRES1", band="Band 5", White=(50, 100), BME=(50, 100)),
    )
    result = compare(network_values(table), "WRES1")
    # pooled 130 BME of 500 staff = 26%; A (n = 100): 26 ± 100 * 1.959964 * sqrt(0.26 * 0.74 / 100)
    # = 26 ± 8.597 -> 17.403 to 34.597; A's 20% is within, C's 50% far above
    assert result.pooled == pytest.approx(26.0)
    a = result.get("A")
    half = 100 * Z95 * math.sqrt(0.26 * 0.74 / 100)
    assert (a.lower95, a.upper95) == (pytest.approx(26 - half), pytest.approx(26 + half))
    assert a.x == 100 and a.funnel == "within"
    assert result.get("C").funnel == "above_99.8"
    assert result.summary.significantly_above is None  # a share has no point of equality


def test_overdispersion_widens_the_limits():
    values = network_values(tiny())
    plain = compare(values, "WRES2")
    mult = compare(values, "WRES2", overdispersion="multiplicative")
    add = compare(values, "WRES2", overdispersion="additive")
    od = mult.funnel.overdispersion
    assert od.phi == plain.funnel.overdispersion.phi  # estimated either way, applied only here
    a, am, aa = plain.get("A"), mult.get("A"), add.get("A")
    target, se = math.log(plain.pooled), math.sqrt(0.055)
    if od.applied:
        assert am.upper95 == pytest.approx(math.exp(target + Z95 * math.sqrt(od.phi) * se))
    else:
        assert am.upper95 == pytest.approx(a.upper95)
    tau2 = add.funnel.overdispersion.tau2
    assert aa.upper95 == pytest.approx(math.exp(target + Z95 * math.sqrt(se**2 + tau2)))


def test_rank_intervals_tiny_example():
    value = [10, 8, 5, 1]
    lower = [9, 7, 2, 0]
    upper = [11, 9.5, 6, 1.5]
    # 10: none wholly above; 5 and 1 wholly below (upper 6, 1.5 < 9) -> ranks 1..2
    # 8: none wholly above (lowers 9, 2, 0 are not > 9.5); two below 7 -> 1..2
    # 5: 10 and 8 wholly above (9, 7 > 6); 1 below (1.5 < 2) -> 3..3
    # 1: three wholly above (9, 7, 2 > 1.5) -> 4..4
    rank, low, high = rank_intervals(value, lower, upper)
    assert rank.tolist() == [1, 2, 3, 4]
    assert low.tolist() == [1, 1, 3, 4]
    assert high.tolist() == [2, 2, 3, 4]
    # touching intervals overlap; ties share the better place
    rank, low, high = rank_intervals([3, 2, 2], [2, 1, 1], [4, 2, 2])
    assert rank.tolist() == [1, 2, 2] and low.tolist() == [1, 1, 1] and high.tolist() == [3, 3, 3]


@given(st.lists(st.tuples(st.floats(-50, 50), st.floats(0, 10), st.floats(0, 10)), max_size=30))
def test_rank_lies_in_its_range(items):
    value = np.array([v for v, _, _ in items])
    lower = value - np.array([d for _, d, _ in items])
    upper = value + np.array([u for _, _, u in items])
    rank, low, high = rank_intervals(value, lower, upper)
    assert ((1 <= low) & (low <= rank) & (rank <= high) & (high <= len(items))).all()


def test_peers_restrict_the_list_and_the_pool():
    values = network_values(tiny())
    north = compare(values, "WRES2", region="north")
    assert [o.organisation for o in north.organisations] == ["A", "B", "D"]
    assert north.region == "North"  # as the counts spell it
    # pooled over A, B and D: White 80/300, BME 50/250 -> (0.266667 / 0.2) = 1.333333
    assert north.pooled == pytest.approx((80 / 300) / (50 / 250))
    both = compare(values, "WRES2", region="North", trust_type="Community")
    assert [o.organisation for o in both.organisations] == ["D"]
    assert both.pooled is None and both.funnel.curve().empty  # D alone gives no target
    with pytest.raises(InputError, match='no organisation with region "Mars"') as err:
        compare(values, "WRES2", region="Mars")
    assert "North, South" in err.value.problems[0].hint
    with pytest.raises(InputError, match="no data for year 2019"):
        compare(values, "WRES2", year=2019)
    with pytest.raises(InputError, match='no indicator called "WRES10"'):
        compare(values, "WRES10")


def test_network_summary_covers_every_indicator(sample):
    _, values = sample
    summaries = network_summary(values)
    assert [s.indicator for s in summaries] == list(NETWORK_INDICATORS)
    wres2 = summaries[2]
    assert wres2.year == 2025 and wres2.trusts == 36
    direct = compare(values, "WRES2").organisations
    assert wres2.significantly_above == sum(o.ci_lower > 1 for o in direct)
    assert wres2.significantly_below == sum(o.ci_upper < 1 for o in direct)


def test_trust_profile_against_network_and_peers():
    values = network_values(tiny())
    profile = trust_profile(values, "a ")  # case and spacing do not matter
    assert (profile.organisation, profile.trust_type, profile.year) == ("A", "Acute", 2025)
    row = next(r for r in profile.rows if r.indicator == "WRES2")
    assert row.value == pytest.approx(2.0)
    assert row.network_median == pytest.approx(1.0)  # of 2.00, 1.00, 1.00
    # peers = the Acute trusts A, B, C (D is Community): median of 2.00, 1.00, 1.00
    assert (row.peer_median, row.peers) == (pytest.approx(1.0), 3)
    assert row.funnel == "above_95"
    assert profile.outside == (("WRES2", "above_95"),)
    assert [r.indicator for r in profile.rows] == list(NETWORK_INDICATORS)
    with pytest.raises(InputError, match='no organisation called "Z"'):
        trust_profile(values, "Z")


def test_publishable_size_follows_the_disclosure_rules():
    assert [publishable_size(n) for n in (0, 1, 7, 8, 12, 13, 1234)] == [
        0,
        None,
        None,
        10,
        10,
        15,
        1235,
    ]


# --- many returns read together --------------------------------------------------------------

HEADER = "Year,Indicator,Group,Numerator,Denominator\n"
BODY = "2025,WRES2,White,40,100\n2025,WRES2,BME,20,100\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_single_trust_returns_are_named_by_their_file(tmp_path):
    a = write(tmp_path / "Alderwick Hospitals NHS Trust.csv", HEADER + BODY)
    b = write(
        tmp_path / "Bramblecote.csv",
        "Organisation," + HEADER + "".join(f"Bramblecote,{line}\n" for line in BODY.splitlines()),
    )
    network = load_network([a, b])
    assert sorted(network.counts["organisation"].unique()) == [
        "Alderwick Hospitals NHS Trust",
        "Bramblecote",
    ]
    assert any("from the file name" in n for n in network.notes)
    assert network.files["Bramblecote"] == ("Bramblecote.csv",)


def test_sample_network_split_into_one_file_per_trust_gives_the_same_figures(tmp_path, sample):
    table, values = sample
    raw = pd.read_csv(NETWORK)
    paths = []
    for org, part in raw.groupby("organisation"):
        paths.append(tmp_path / f"{org}.csv")
        part.drop(columns="organisation").to_csv(paths[-1], index=False)
    split = network_values(load_network(paths).counts)
    for ind in ("WRES1-senior", "WRES2", "WRES7"):
        one, many = compare(values, ind), compare(split, ind)
        assert many.pooled == pytest.approx(one.pooled)
        assert [(o.organisation, o.rank_low, o.funnel) for o in many.organisations] == [
            (o.organisation, o.rank_low, o.funnel) for o in one.organisations
        ]


def test_names_differing_only_in_case_or_spacing_are_refused(tmp_path):
    a = write(
        tmp_path / "a.csv",
        "Organisation,"
        + HEADER
        + "".join(f"Alderwick Hospitals NHS Trust,{x}\n" for x in BODY.splitlines()),
    )
    b = write(
        tmp_path / "b.csv",
        "Organisation,"
        + HEADER.replace("2025", "2024")
        + "".join(
            f"alderwick  hospitals nhs trust ,{x.replace('2025', '2024')}\n"
            for x in BODY.splitlines()
        ),
    )
    with pytest.raises(InputError) as err:
        load_network([a, b])
    text = err.value.problems[0].sentence()
    assert "written 2 ways" in text
    assert '"Alderwick Hospitals NHS Trust" (a.csv, row 2)' in text
    assert "b.csv, row 2" in text and "Spell it the same way" in text


def test_the_same_trust_and_year_in_two_files_is_refused(tmp_path):
    a = write(tmp_path / "Alderwick.csv", HEADER + BODY)
    b = write(
        tmp_path / "b.csv",
        "Organisation," + HEADER + "".join(f"Alderwick,{x}\n" for x in BODY.splitlines()),
    )
    with pytest.raises(InputError) as err:
        load_network([a, b])
    text = err.value.problems[0].sentence()
    assert '"Alderwick" 2025 is in 2 files: Alderwick.csv, b.csv' in text
    assert "remove the duplicate file" in text


def test_missing_organisation_or_year_rows_are_located(tmp_path):
    a = write(
        tmp_path / "a.csv",
        "Organisation," + HEADER + "Alderwick,2025,WRES2,White,40,100\n,2025,WRES2,BME,20,100\n",
    )
    b = write(
        tmp_path / "Bramble.csv", "Indicator,Group,Numerator,Denominator\nWRES2,White,40,100\n"
    )
    with pytest.raises(InputError) as err:
        load_network([a, b])
    first, second = (p.sentence() for p in err.value.problems[:2])
    assert first.startswith('a.csv, row 3, column "Organisation": 1 row(s) name no organisation')
    assert "Bramble.csv: the return has no year" in second and "Add a Year column" in second


def test_unreadable_files_are_all_reported(tmp_path):
    with pytest.raises(InputError) as err:
        load_network([tmp_path / "missing.csv", write(tmp_path / "x.csv", "")])
    assert len(err.value.problems) >= 2
    with pytest.raises(InputError, match="no counts files given"):
        load_network([])


# --- purity (speed is benchmarks/compare.py) -------------------------------------------------------------------------


def test_the_network_modules_need_no_user_interface():
    code = (
        "import sys, metrics.compare.network, metrics.compare.inputs, metrics.stats.funnel, "
        "metrics.stats.ranks, metrics.compare.trust_profile;"
        "assert not {'streamlit', 'altair', 'click'} & set(sys.modules), sys.modules.keys()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_an_xlsx_return_is_read_by_the_ordinary_loader(tmp_path, make_xlsx):
    a = write(tmp_path / "Alderwick.csv", HEADER + BODY)
    b = make_xlsx(
        "Bramble Valley NHS Trust.xlsx",
        {"Counts": [["Year", "Indicator", "Group", "Numerator", "Denominator"],
                    [2025, "WRES2", "White", 30, 100], [2025, "WRES2", "BME", 30, 100]]},
    )  # fmt: skip
    result = compare(network_values(load_network([a, b]).counts), "WRES2")
    assert {o.organisation: o.value for o in result.organisations} == {
        "Alderwick": pytest.approx(2.0),
        "Bramble Valley NHS Trust": pytest.approx(1.0),
    }


def test_two_spellings_inside_one_file_are_refused(tmp_path):
    a = write(
        tmp_path / "network.csv",
        "Organisation," + HEADER + "Alderwick NHS Trust,2025,WRES2,White,40,100\n"
        "ALDERWICK NHS TRUST,2025,WRES2,BME,20,100\n",
    )
    with pytest.raises(InputError, match=r"written 2 ways.*network.csv, row 3"):
        load_network([a])


def test_a_trusts_own_extract_workbook_joins_the_network_named_by_its_file(tmp_path):
    """A workbook with a sheet per kind and no counts sheet is reduced to counts, as
    `inclusivehr wres --workbook` would, and takes its file's name as the organisation."""
    import shutil

    workbook = ROOT / "sample_data" / "trust" / "workbook.xlsx"
    named = tmp_path / "Northbrook Valley NHS Foundation Trust.xlsx"
    shutil.copy(workbook, named)
    network = load_network([named, write(tmp_path / "Alderwick.csv", HEADER + BODY)])
    assert set(network.files) == {"Northbrook Valley NHS Foundation Trust", "Alderwick"}
    expected = wres(load(Sources(workbook=workbook)).counts, year=2025).indicators["WRES2"]
    mine = compare(network_values(network.counts), "WRES2", year=2025).get(
        "Northbrook Valley NHS Foundation Trust"
    )
    assert mine.value == pytest.approx(expected.value)
    assert (mine.ci_lower, mine.ci_upper) == pytest.approx((expected.ci_lower, expected.ci_upper))


def test_a_workbook_that_is_neither_a_return_nor_an_extract_says_what_it_lacks(tmp_path, make_xlsx):
    book = make_xlsx("notes.xlsx", {"Minutes": [["Meeting", "Date"], ["Forum", "2025-01-01"]]})
    with pytest.raises(InputError) as caught:
        load_network([book])
    assert "no column for indicator" in caught.value.problems[0].sentence()  # the counts message


# --- zero-variance ratios ---------------------------------------------------------------------


def test_a_trust_with_no_variation_is_left_off_the_funnel_and_the_ranks():
    # issue 10: everyone appointed in both groups (10 of 10 against 10 of 10) had a Katz standard
    # error of 0, an interval [1.00, 1.00], a place below the 99.8% limit and a narrow rank range
    others = [
        rows(f"Trust {i}", "WRES2", White=(30 + 3 * i, 100), BME=(20 + i, 100)) for i in range(6)
    ]
    flat = rows("Flat", "WRES2", White=(10, 10), BME=(10, 10))
    data = network_values(counts(flat, *others))
    result = compare(data, "WRES2")
    mine = result.get("Flat")
    assert mine.status == "no_variation"
    assert mine.value is None and mine.ci_lower is None
    assert mine.funnel == "not_placed" and mine.x is None
    assert mine.rank is None and mine.rank_low is None and mine.rank_high is None
    assert mine.reason == "no variation: everyone in both groups was appointed from shortlisting"
    assert mine.significance is None and mine.against_equality is None
    # the other six rank among themselves: 1..6, and their ranges run within 1..6
    ranked = [o for o in result.organisations if o.rank is not None]
    assert sorted(o.rank for o in ranked) == [1, 2, 3, 4, 5, 6]
    assert max(o.rank_high for o in ranked) == 6
    assert result.summary.trusts == 6 and result.funnel.overdispersion.organisations == 6
    # the pooled value still counts the flat trust's people: White 30+33+..+45 = 225, +10, of
    # 610; BME 20+..+25 = 135, +10, of 610
    assert result.pooled == pytest.approx((235 / 610) / (145 / 610))


def test_nobody_disciplined_in_either_group_has_no_variation_in_the_network():
    flat = rows("Flat", "WRES3", BME=(0, 40), White=(0, 100))
    other = rows("Other", "WRES3", BME=(5, 40), White=(6, 100))
    frame = network_values(counts(flat, other)).frame
    row = frame[(frame["organisation"] == "Flat") & (frame["indicator"] == "WRES3")].iloc[0]
    assert row["status"] == "no_variation" and math.isnan(row["value"])
    assert row["reason"] == (
        "no variation: nobody in either group entered the formal disciplinary process"
    )


def test_rows_split_by_a_second_characteristic_are_left_out_of_a_comparison(tmp_path):
    # Alderwick: WRES2 White 30 of 100 appointed, BME 10 of 50 -> (30/100)/(10/50) = 1.5.
    # Split rows for women only (20 of 60, 5 of 30) must not be added to those counts.
    whole = (
        "organisation,year,indicator,group,numerator,denominator\n"
        "Alderwick,2025,WRES2,White,30,100\nAlderwick,2025,WRES2,BME,10,50\n"
        "Bramblecote,2025,WRES2,White,20,80\nBramblecote,2025,WRES2,BME,10,60\n"
    )
    split = whole.replace(
        "organisation,year,indicator,group,numerator,denominator\n",
        "organisation,year,indicator,group,numerator,denominator,characteristic,"
        "characteristic_group\n",
    ).replace("\n", ",,\n").replace("characteristic_group,,\n", "characteristic_group\n") + (
        "Alderwick,2025,WRES2,White,20,60,sex,Female\nAlderwick,2025,WRES2,BME,5,30,sex,Female\n"
    )
    plain = load_network([write(tmp_path / "whole.csv", whole)])
    with_split = load_network([write(tmp_path / "split.csv", split)])
    assert len(with_split.counts) == len(plain.counts) == 4
    assert any("split by a second characteristic" in n for n in with_split.notes)
    result = compare(network_values(with_split.counts), "WRES2", publish=None)
    values = {o.organisation: o.value for o in result.organisations}
    assert values["Alderwick"] == pytest.approx(1.5)
    assert values["Bramblecote"] == pytest.approx((20 / 80) / (10 / 60))
