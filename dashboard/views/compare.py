"""Compare trusts: every trust's WRES or WDES figures side by side, fairly for size, for a
network; and employers' published gender pay gaps (the GOV.UK service's CSV) ranked.

Words are for union reps and HR staff: each indicator says which way is worse, every verdict is
"worse / better for BME (or Disabled) staff than equality" or "cannot tell (within chance)",
rank 1 and rank ranges are explained, and the statistics (φ, τ², precision) wait under "How the limits are
worked out". Trust and file names are data: escaped before any Markdown, plain in tables.

The page shows only what may be shared across a network: sizes of 1-7 are hidden with every
figure resting on them (value, interval, funnel position, rank, change: `metrics.compare.network.compare`
with `publish`), other sizes rounded to 5 (`metrics.compare.network.publishable_size`), percentages whole,
and the download is the same table. Published pay gaps are public already and rest on no counts,
so they are shown as published (the method note says so).
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import network_charts
from dashboard.compare_render import (
    POOL_WORDS,
    RANK_RANGE,
    SHRINK_WORDS,
    against_network,
    equality_words,
    evidence_row,
    format_change,
    format_value,
    pays,
    publishable_row,
    with_unit,
)
from dashboard.markup import md
from dashboard.pack.csv_safe import to_csv_text
from dashboard.sample import SAMPLE_NETWORK_GPG
from dashboard.state import network, network_from, replace_network
from dashboard.views.common import show_chart
from metrics.compare import gpg
from metrics.compare.censored import suppressed_by_trust
from metrics.compare.evidence import evidence
from metrics.compare.gpg import PayGapTable, read_gpg
from metrics.compare.inputs import load_network
from metrics.compare.network import (
    NO_INTERVAL,
    compare,
    default_indicator,
    headline,
    network_summary,
    publishable_size,
    within_range,
)
from metrics.compare.pooled import poolable, pooled_comparison
from metrics.compare.tracker import request_text, tracker
from metrics.compare.trust_profile import trust_profile
from metrics.compare.values import INDICATORS
from metrics.disclosure.control import DisclosureSettings
from metrics.inputs.readers import Upload
from metrics.problems import InputError
from metrics.stats.funnel import METHODS

ALL = "All"
PUBLISH = DisclosureSettings()
"""Everything on this page may be shared across the network (see the module's docstring)."""
POOL_CHOICES = {0: "No: this year only", 3: "The last 3 years", 5: "The last 5 years"}
OVERDISPERSION = {
    "none": "No: the limits allow for chance alone",
    "multiplicative": "Yes, widen the limits by the extra spread (multiplicative, φ)",
    "additive": "Yes, allow a between-trust variance (additive, τ²)",
}
NOT_APPLICABLE = "does not apply"
LIMITS_BY_MEASURE = {
    "precision": "For a relative likelihood or a survey gap the limits are set by each trust's "
    "precision, 1/SE² (one over the squared standard error of its value, on the log scale for a "
    "relative likelihood): a trust with more events or respondents has a higher precision and "
    "narrower limits.",
    "denominator": "For a share the limits are set by the number of people it is a share of.",
}


STARS = {"a count from 0 to 4 (below 5)": (0, 4), "a count from 1 to 4 (zero is shown)": (1, 4),
         "a count from 0 to 7 (below 8)": (0, 7), "a count from 1 to 7": (1, 7)}  # fmt: skip
STAR_HELP = ('Freedom-of-information replies withhold small counts. "<5" is read as 0 to 4 and '
             '"fewer than 10" as 0 to 9 whatever is chosen here; "not held" and "n/a" are counts '
             "not given, never 0. A figure resting on a withheld count is shown as a range.")  # fmt: skip


def _load_returns() -> None:
    """Many returns at once; who each file is about is shown for the user to confirm."""
    with st.expander("Load your network's returns (one file with an Organisation column, "
                     "or one counts file per trust)"):  # fmt: skip
        uploads = st.file_uploader(
            "Counts returns (CSV or Excel)", type=["csv", "txt", "xlsx", "xlsm", "xls", "ods"],
            accept_multiple_files=True, key="net_upload",
            help="A file without an Organisation column is taken to be the trust its file is "
                 "named after, e.g. 'Alderwick Hospitals NHS Trust.csv'. A trust's own extract "
                 "workbook (a sheet per kind) is reduced to counts the same way.",
        )  # fmt: skip
        star = st.selectbox('What "*" stands for in these returns', list(STARS),
                            key="net_star", help=STAR_HELP)  # fmt: skip
        if not uploads:
            return
        try:
            loaded = load_network([Upload(u.name, u.getvalue()) for u in uploads],
                                  star=STARS[star])  # fmt: skip
        except InputError as exc:
            st.error("These returns cannot be compared yet: "
                     + md(exc.problems[0].sentence()))  # fmt: skip
            if len(exc.problems) > 1:
                with st.expander(f"Every problem found ({len(exc.problems)})"):
                    st.dataframe(pd.DataFrame({"Problem": [p.sentence() for p in exc.problems]}),
                                 hide_index=True)  # fmt: skip
            return
        st.write("Who each file is about:")
        st.dataframe(pd.DataFrame([{"Organisation": org, "From": ", ".join(files)}
                                   for org, files in loaded.files.items()]), hide_index=True)  # fmt: skip
        for note in loaded.notes:
            st.caption(md(note))
        if st.button("These are right: compare them", type="primary", key="net_confirm"):
            replace_network(
                network_from(loaded, f"Your returns: {len(loaded.files)} organisations")
            )
            st.rerun()


TRACKER_HEADERS = {"organisation": "Trust returning", "year": "Year", "returned": "Indicators returned",
                   "asked": "Indicators asked for", "suppressed cells": "Suppressed cells",
                   "missing": "Missing"}  # fmt: skip
CELL_HEADERS = {"organisation": "Trust withholding", "year": "Year", "indicator": "Indicator",
                "band": "Band", "group": "Group", "count": "Count",
                "written": "Written as", "read as": "Read as"}  # fmt: skip


def _returns_received(data) -> None:
    """Who has returned what, each trust's suppressed cells, and the standard request to send
    for what is missing (``metrics.compare.tracker``; ``metrics.compare.censored``)."""
    found = tracker(data.counts, data.censored)
    missing = len(found.missing())
    cells = suppressed_by_trust(data.censored)
    title = (f"Returns received: {missing} indicator-year(s) missing, {len(cells)} suppressed "
             "cell(s); the standard request")  # fmt: skip
    with st.expander(title):
        st.markdown("**Which trusts have returned which years and indicators**")
        per_trust = found.by_trust().rename(columns=TRACKER_HEADERS)
        st.dataframe(per_trust, hide_index=True)
        st.download_button("Download the tracker (CSV)", to_csv_text(found.table),
                           file_name="returns-tracker.csv", mime="text/csv",
                           key="net_tracker_download")  # fmt: skip
        st.markdown("**Suppressed cells, trust by trust**")
        if cells.empty:
            st.caption("No return withheld a count: every figure is exact.")
        else:
            st.caption('A withheld count ("<5", "*", "fewer than 10") is read as the range it '
                       'stands for, never as 0; "not held" is a count not given. A figure '
                       "resting on one is shown as a range and left off the funnel.")  # fmt: skip
            shown = cells.rename(columns=CELL_HEADERS).astype(object)
            st.dataframe(shown.where(shown.notna(), "–"), hide_index=True)
        st.markdown("**The standard request** (the fields the comparison needs)")
        stds = list(dict.fromkeys(found.table["standard"]))
        std = stds[0]
        if len(stds) > 1:
            std = st.selectbox("Standard", stds, key="net_request_standard")
        years = sorted({int(y) for y in found.table["year"].unique()})
        text = request_text(std, years)
        st.code(text, language=None)
        st.download_button("Download the request (text)", text, file_name=f"{std}-request.txt",
                           mime="text/plain", key="net_request_download")  # fmt: skip


def _controls(data) -> dict:
    values = data.values
    years = values.years()
    ids = values.with_data() or values.indicators()  # the indicators in the loaded counts
    first = default_indicator(values)
    top = st.columns(3)
    indicator = top[0].selectbox("Indicator", ids, index=ids.index(first) if first in ids else 0,
                                 key="net_indicator",
                                 format_func=lambda i: f"{i}: {INDICATORS[i].label}")  # fmt: skip
    year = top[1].selectbox("Year", years, index=len(years) - 1, key="net_year")
    highlight = top[2].selectbox("Highlight a trust", ["(none)", *values.organisations()],
                                 key="net_highlight")  # fmt: skip
    peers = st.columns(3)
    region = peers[0].selectbox("Region", [ALL, *values.regions()], key="net_region")
    trust_type = peers[1].selectbox("Trust type", [ALL, *values.trust_types()], key="net_type")
    pool = peers[2].selectbox("Pool over years", list(POOL_CHOICES), key="net_pool",
                              format_func=POOL_CHOICES.get,
                              help="Add up each trust's counts over its last 3 or 5 years, so "
                                   "a figure does not rest on one year's few people.")  # fmt: skip
    basis = "year"
    if pool:
        basis = peers[2].radio("Funnel and league on", ["year", "pooled"], key="net_on",
                               horizontal=True,
                               format_func=lambda b: "this year" if b == "year"
                               else f"pooled over {pool} years",
                               help="Run the funnel, league table and counts of trusts on each "
                                    "trust's counts added up over the pool's years.")  # fmt: skip
    shrunk = st.checkbox("Show estimates that allow for small trusts' chance variation "
                         "(shrunken towards the network)", key="net_shrink")  # fmt: skip
    # chosen under "How the limits are worked out", below the funnel (statistics one click away)
    method = st.session_state.get("net_od", "none")
    national = _national(st.session_state.get("net_national", ""))
    return {
        "indicator": indicator, "year": year, "method": method,
        "highlight": None if highlight == "(none)" else highlight,
        "region": None if region == ALL else region,
        "trust_type": None if trust_type == ALL else trust_type,
        "pool": None if pool == 0 else pool, "shrink": shrunk, "national": national,
        "on": basis,
    }  # fmt: skip


def _national(text: str) -> float | None:
    """The typed national figure, or None when empty or not a number (said on the page)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        st.warning(f"The national figure should be a number such as 1.59, not {md(text)}: it "
                   "is left out.")  # fmt: skip
        return None
    return value if math.isfinite(value) else None


def _data_in_use(data) -> str:
    """The caption naming the returns in use (file names are data: escaped)."""
    if data.is_sample:
        return f"Data in use: {md(data.label)} (not real figures)"
    files = sorted({f for names in data.files.values() for f in names})
    shown = ", ".join(md(f) for f in files[:3])
    more = f" and {len(files) - 3} more" if len(files) > 3 else ""
    source = (
        f", from {len(files)} file{'s' if len(files) != 1 else ''}: {shown}{more}" if files else ""
    )
    return f"Data in use: {md(data.label)}{source}"


def _text(x: object) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x)


def _interval(low: float | None, high: float | None, unit: str) -> str:
    if low is None or high is None:
        return "–"
    return f"{with_unit(low, unit)} to {with_unit(high, unit)}"


def _against_equality(verdict: str | None, spec, hidden: bool) -> str:
    if spec.worse is None or not spec.has_equality:
        return NOT_APPLICABLE
    return "" if hidden or verdict is None else equality_words(spec)[verdict]


def _ranks(low: int | None, high: int | None) -> str:
    return "–" if low is None or high is None else f"{low} to {high}"


def _years_beyond(extra: dict, spec) -> tuple[str, str]:
    """The column title and cell for the years a trust was beyond its year's limits, on the
    side that is worse for the focus group (above where the indicator has no worse side)."""
    side = spec.worse or "above"
    if spec.worse is None:
        title = "Years above the network's 95% limit (of years on the funnel)"
    else:
        title = f"Years worse for {spec.focus_people} than the network (beyond the 95% limit)"
    count, outer = extra[f"years_{side}_95"], extra[f"years_{side}_99.8"]
    if count is None:
        return title, "–"
    return title, f"{count} of {extra['years_on_funnel']} (beyond 99.8%: {outer})"


def _evidence_cells(o, evidence, unit: str, spec, hidden: bool) -> dict[str, str]:
    """The pooled value, years beyond the limits and shrunken value of one trust, as shared."""
    if evidence is None or (evidence.pooled is None and evidence.shrunk is None):
        return {}
    extra = evidence_row(o, evidence, unit, PUBLISH)
    cells: dict[str, str] = {}
    if evidence.pooled is not None:
        years = evidence.pooled.years
        value = "–" if hidden else with_unit(extra["pooled_value"], unit)
        if extra["pooled_ci"] and not hidden:
            value += f" ({_interval(*extra['pooled_ci'], unit)})"
        if extra["pooled_range"] and not hidden:  # a year of the pool rests on a withheld count
            low, high = extra["pooled_range"]
            value = f"between {format_value(low, unit)} and {with_unit(high, unit)}"
        cells[f"Pooled {years[0]}-{years[-1]} (95% CI)"] = value
        title, cell = _years_beyond(extra, spec)
        cells[title] = "–" if hidden else cell
        if any(t.left_out for t in evidence.pooled.trusts):  # a withheld year is never silent
            cells["Years left out of the pool"] = "; ".join(extra["pooled_left_out"] or ())
    if evidence.shrunk is not None:
        cells["Shrunken estimate"] = "–" if hidden else with_unit(extra["shrunk_value"], unit)
        cells["Rank range of the shrunken estimates"] = _ranks(
            extra["shrunk_rank_low"], extra["shrunk_rank_high"]
        )
    return cells


REGION_VERDICT = {
    "worse": "Worse for {who} than its region",
    "better": "Better for {who} than its region",
    "cannot_tell": "Cannot tell (within chance)",
}
NATION_VERDICT = {
    "worse": "Worse for {who} than the nation",
    "better": "Better for {who} than the nation",
    "cannot_tell": "Cannot tell (within chance)",
}


def _region_cell(o, evidence, spec, hidden: bool) -> dict[str, str]:
    """The trust against the rest of its region, in the focus group's terms."""
    if evidence is None or evidence.regions is None:
        return {}
    mine = evidence.regions.get(o.organisation)
    verdict = None if hidden or mine is None else mine.against_region
    words = "–" if verdict is None else REGION_VERDICT[verdict].format(who=spec.focus_people)
    return {"Against its region": words}


def _regions_table(extra, spec) -> pd.DataFrame:
    """Each region's value from its trusts' counts added up, against the nation, as shared
    (a region whose every trust is too small to publish is hidden); the words come second so
    they are in view on a phone."""
    rows = []
    for r in extra.regions.regions:
        cut = r.hidden
        rows.append({
            "Region": r.region,
            "Against the nation": "–" if cut or r.against_nation is None  # the title says whom
            else NATION_VERDICT[r.against_nation].format(who=spec.focus_people).removesuffix(
                " than the nation"),
            "Value (95% CI)": "hidden (every trust 1-7)" if cut else with_unit(r.value, spec.unit)
            + ("" if r.ci_lower is None else f" ({_interval(r.ci_lower, r.ci_upper, spec.unit)})"),
            "Trusts": str(r.trusts),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _league(comparison, evidence=None) -> pd.DataFrame:
    """Every trust, as it may be shared, in words: no raw None, nan or code words."""
    spec = comparison.indicator
    unit = spec.unit
    rows = []
    for o in comparison.organisations:
        shown = publishable_row(o, unit)
        hidden = shown["denominator_suppressed"]
        row = {
            "Rank": _text(shown["rank"]), "Trust": o.organisation,
            "Value": "hidden (size 1-7)" if hidden else with_unit(shown["value"], unit),
            "Against equality": _against_equality(o.against_equality, spec, hidden),
            **_evidence_cells(o, evidence, unit, spec, hidden),
        }  # fmt: skip
        if spec.non_adverse is not None:
            inside = within_range(o.value, spec.non_adverse)
            row["Inside the 0.80-1.25 range"] = (
                "" if hidden or inside is None else "yes" if inside else "no"
            )
        row |= {
            "Against the network": against_network(spec, "not_placed" if hidden else o.funnel),
            **_region_cell(o, evidence, spec, hidden),
            "Rank range": _ranks(shown["rank_low"], shown["rank_high"]),
            "95% confidence interval": "–" if hidden else
            _interval(shown["ci_lower"], shown["ci_upper"], unit),
            "Size": "hidden (1-7)" if hidden else f"{shown['denominator']:,}",
            "Change since last year": "" if shown["change"] is None
            else format_change(shown["change"], unit),
            "Region": _text(o.region), "Trust type": _text(o.trust_type),
            "Note": "" if hidden or not o.reason else o.reason[0].upper() + o.reason[1:],
        }  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)


def _summary(data, chosen) -> pd.DataFrame:
    """Every indicator of the chosen indicator's standard at a glance, in its focus group's
    terms (BME staff for the WRES, Disabled staff for the WDES)."""
    chosen_spec = INDICATORS[chosen["indicator"]]
    words, who = equality_words(chosen_spec), chosen_spec.focus_people
    rows = []
    summaries = network_summary(data.values, year=chosen["year"], region=chosen["region"],
                                trust_type=chosen["trust_type"], overdispersion=chosen["method"],
                                publish=PUBLISH, standard=chosen_spec.standard)  # fmt: skip
    for s in summaries:
        pooled = chosen["on"] == "pooled" and chosen["pool"] and poolable(s.indicator)
        if pooled:  # the counts of trusts on the pooled values, as the funnel above
            try:
                s = pooled_comparison(
                    data.values, s.indicator, chosen["pool"], year=chosen["year"],
                    region=chosen["region"], trust_type=chosen["trust_type"],
                    overdispersion=chosen["method"], publish=PUBLISH)[0].summary  # fmt: skip
            except InputError:  # nothing to pool for these peers: the year's, said in "On"
                pooled = False
        spec = INDICATORS[s.indicator]
        judged, sided = s.worse is not None, s.funnel_worse is not None
        rows.append({
            "Indicator": s.indicator, "Trusts with a value": str(s.trusts),
            words["worse"]: str(s.worse) if judged else NOT_APPLICABLE,
            words["better"]: str(s.better) if judged else NOT_APPLICABLE,
            words["cannot_tell"]: str(s.cannot_tell) if judged else NOT_APPLICABLE,
            "Inside the 0.80-1.25 non-adverse range": NOT_APPLICABLE
            if s.within_non_adverse_range is None else str(s.within_non_adverse_range),
            f"Worse for {who} than the network (beyond the 95% limits)":
                str(s.funnel_worse) if sided else NOT_APPLICABLE,
            f"Better for {who} than the network (beyond the 95% limits)":
                str(s.funnel_better) if sided else NOT_APPLICABLE,
            "Network value (everyone's counts added together)": with_unit(s.pooled, spec.unit),
            "Median trust": with_unit(s.median, spec.unit),
            "Which way is worse": spec.direction, "What it measures": spec.label,
            **({"On": "pooled" if pooled else "the year"} if chosen["on"] == "pooled" else {}),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _beside_region(comparison, extra, organisation: str, period: str | None) -> str | None:
    """ "This trust, its region, the nation" on the chosen indicator, in plain words."""
    spec = comparison.indicator
    o = comparison.get(organisation)
    mine = None if extra.regions is None else extra.regions.get(organisation)
    if o is None or mine is None:
        return None
    hidden = publishable_size(o.denominator) is None
    cut = extra.regions.hidden(mine.region)
    when = period or str(comparison.year)
    verdict = None if hidden else mine.against_region
    words = ("cannot be tested (no other trust in its region, or no value)" if verdict is None
             else REGION_VERDICT[verdict].format(who=spec.focus_people).lower())  # fmt: skip
    return (
        f"**{spec.id} {when}**: this trust "
        f"{'hidden (size 1-7)' if hidden else with_unit(o.value, spec.unit)}; its region "
        f"({md(mine.region)}) {'hidden' if cut else with_unit(mine.value, spec.unit)}; the "
        f"nation {with_unit(extra.regions.national, spec.unit)}. Against its region: {words}. "
        f"{spec.direction}"
    )


def _profile(data, chosen, comparison=None, extra=None, period=None) -> None:
    organisation = chosen["highlight"]
    st.subheader(f"Trust profile: {md(organisation)}")
    if comparison is not None and extra is not None:
        said = _beside_region(comparison, extra, organisation, period)
        if said:
            st.markdown(said)
    profile = trust_profile(data.values, organisation, year=chosen["year"],
                            overdispersion=chosen["method"],
                            standard=INDICATORS[chosen["indicator"]].standard)  # fmt: skip
    st.caption(f"Against the network median and its peers ({md(profile.peer_definition)}); "
               "medians are of trusts' values, each trust counting once. " + RANK_RANGE)  # fmt: skip
    if profile.outside:
        st.markdown("Beyond the network's 95% limits:\n" + "\n".join(
            f"- **{ind}**: {against_network(INDICATORS[ind], pos)}"
            for ind, pos in profile.outside))  # fmt: skip
    else:
        st.markdown("In line with the network (within its 95% limits) on every indicator.")
    rows = []
    for r in profile.rows:
        spec = INDICATORS[r.indicator]
        hidden = publishable_size(r.denominator) is None
        rows.append({
            "Indicator": r.indicator,
            "Value": "hidden (size 1-7)" if hidden else with_unit(r.value, r.unit),
            "Against equality": _against_equality(r.against_equality, spec, hidden),
            "Against the network": against_network(spec, "not_placed" if hidden else r.funnel),
            "Against its peers": against_network(spec, "not_placed" if hidden else r.peer_funnel),
            "Against its region": "–" if hidden or r.against_region is None
            else REGION_VERDICT[r.against_region].format(who=spec.focus_people),
            "Its region (counts added up)": "–" if hidden else with_unit(r.region_value, r.unit),
            "The nation (every trust's counts added up)": with_unit(r.network_pooled, r.unit),
            "Network median": with_unit(r.network_median, r.unit),
            "Peer median": with_unit(r.peer_median, r.unit),
            "Peers with a value": str(r.peers),
            "95% confidence interval": "–" if hidden else _interval(r.ci_lower, r.ci_upper, r.unit),
            "Change since last year": "" if hidden or r.change is None
            else format_change(r.change, r.unit),
            "Rank": f"{r.rank} of {r.trusts}" if r.rank and not hidden else "–",
            "Rank range": "–" if hidden else _ranks(r.rank_low, r.rank_high),
            "What rank 1 means": spec.rank_one.removeprefix("Rank 1 = "),
            "What it measures": r.label,
        })  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def _method(comparison, extra) -> None:
    """How pooling, shrinking and the national figure work: inside "How the limits are worked
    out", with the rest of the statistics."""
    spec = comparison.indicator
    st.markdown(POOL_WORDS + " A trust with a year of 1-7 people in the pool has its "
                "pooled value hidden, as that year's figures are.")  # fmt: skip
    st.markdown(SHRINK_WORDS + " A trust with many people keeps nearly its own value; a small "
                "one moves most of the way to the network's. When trusts differ by no more "
                "than chance, every estimate is the network's value.")  # fmt: skip
    st.markdown(f"**National figure** ({md(extra.national.source)}): "
                f"{with_unit(extra.national.value, spec.unit)}.")  # fmt: skip
    if extra.regions is not None:
        st.markdown("**Regions**: a region's value is its trusts' counts added up, with its 95% "
                    "interval. A trust is worse or better than its region when it differs from "
                    "the rest of its region (its region's counts less its own) beyond chance "
                    "(a z-test of the difference, two-sided at 95%); a region against the "
                    "nation likewise against the rest of the trusts loaded, or, with a national "
                    "figure typed in, when its interval leaves that figure out.")  # fmt: skip
    st.text_input("A published national figure to compare with (optional)",
                  key="net_national", placeholder="e.g. 1.59",
                  help="Typed in from NHS England's published figure; otherwise every trust "
                       "loaded, counts added together.")  # fmt: skip


def _limits(comparison, extra=None) -> None:
    """The statistics behind the funnel and the words, one click away."""
    spec, funnel = comparison.indicator, comparison.funnel
    od = funnel.overdispersion
    with st.expander("How the limits are worked out"):
        equality = "" if spec.equality is None else (
            f", and the grey line equality ({with_unit(spec.equality, spec.unit)})")  # fmt: skip
        st.markdown(
            "The funnel plots each trust's value against its size. The blue line is the network's "
            "value from every trust's counts added together"
            f" ({with_unit(comparison.pooled, spec.unit)}){equality}. The dashed lines are the "
            "95% limits and the dotted lines the 99.8% limits: by chance alone about 1 trust in "
            "20 would fall outside the 95% limits and 1 in 500 outside the 99.8% limits, so a "
            "trust beyond them differs from the network by more than chance would explain."
        )  # fmt: skip
        st.markdown(LIMITS_BY_MEASURE.get(funnel.x_measure or "", ""))
        st.markdown(
            f"**Against equality**: a trust is worse or better for {spec.focus_people} than "
            "equality when its 95% confidence interval leaves equality out (1.00 for a relative "
            f"likelihood, 0 for a gap, the trust's own {spec.focus} share of all staff for bands "
            "8c-VSM); otherwise we cannot tell (within chance)."
            + ("" if spec.has_equality or spec.worse is None else
               f" {spec.id} is one group's figure with no second group to compare with, so it "
               "is read against the network only.")
        )  # fmt: skip
        if spec.non_adverse is not None:
            low, high = spec.non_adverse
            st.markdown(
                f"**{low:.2f} to {high:.2f}** is {spec.non_adverse_source} for this indicator. It "
                "is a range, not a test: the confidence interval is the test."
            )  # fmt: skip
        if od.organisations:
            st.markdown(
                f"**Spread between trusts beyond chance**: φ = {od.phi:.2f} (1 would be chance "
                f"alone), τ² = {od.tau2:.4g}. "
                + ("The limits are widened for it." if od.applied
                   else "The limits allow for chance alone.")
            )  # fmt: skip
        st.selectbox("Allow for real differences between trusts (overdispersion)?",
                     list(METHODS), key="net_od", format_func=OVERDISPERSION.get,
                     help="When trusts differ by more than chance explains, the limits can be "
                          "widened so only the most unusual trusts fall outside them.")  # fmt: skip
        if extra is not None:
            _method(comparison, extra)


@st.cache_data(show_spinner=False, max_entries=8)
def _read_gpg(name: str, data: bytes) -> PayGapTable:
    """Read once per file, not on every rerun (a year's GOV.UK file has some 10,000 rows)."""
    return read_gpg(Upload(name, data))


_GPG_SAMPLE = "gpg_sample_on"  # the sample pay gaps were asked for (until a file is loaded)


def _published_pay_gaps() -> None:
    """Employers' published gender pay gaps, ranked: public figures, shown as published."""
    st.subheader("Published gender pay gaps")
    st.caption("Employers with 250 or more staff publish their gender pay gap every year on the "
               "GOV.UK gender pay gap service. Download a year's figures there as CSV and load "
               "the file here to rank the trusts in it on the median hourly pay gap.")  # fmt: skip
    upload = st.file_uploader("Published gender pay gap figures (the GOV.UK service's CSV)",
                              type=["csv", "txt", "xlsx"], key="gpg_upload")  # fmt: skip
    if upload is None:
        if st.button("Try it with the sample network's pay gaps", key="gpg_sample",
                     help="Fictional figures in the GOV.UK service's layout."):  # fmt: skip
            st.session_state[_GPG_SAMPLE] = True
        if not st.session_state.get(_GPG_SAMPLE):
            return
        st.caption("Sample data: the fictional network's published pay gaps.")
        name, data = SAMPLE_NETWORK_GPG.name, SAMPLE_NETWORK_GPG.read_bytes()
    else:
        name, data = upload.name, upload.getvalue()
    try:
        table = _read_gpg(name, data)
    except InputError as exc:
        st.error("This file cannot be read as published pay gaps: "
                 + md(exc.problems[0].sentence()))  # fmt: skip
        if len(exc.problems) > 1:
            with st.expander(f"Every problem found ({len(exc.problems)})"):
                st.dataframe(pd.DataFrame({"Problem": [p.sentence() for p in exc.problems]}),
                             hide_index=True)  # fmt: skip
        return
    st.markdown(f"**Which way is worse:** {gpg.DIRECTION}")
    ranked, median = len(table.ranked), table.median_gap()
    st.info(f"Of {ranked} employer{'s' if ranked != 1 else ''} with a median hourly pay gap, "
            f"{pays(table.women_paid_less())} women less and {pays(table.men_paid_less())} men "
            "less" + ("" if median is None else f"; the median employer's gap is {median:.1f}%")
            + ".")  # fmt: skip
    show_chart(network_charts.pay_gaps, table)
    frame = network_charts.gpg_table(table)
    st.dataframe(frame, hide_index=True)
    st.download_button("Download this table (CSV, figures as published)", to_csv_text(frame),
                       file_name="published-pay-gaps.csv", mime="text/csv",
                       key="gpg_download")  # fmt: skip
    with st.expander("How these figures are worked out"):
        st.markdown(gpg.METHOD)
    for problem in table.warnings[:3]:
        st.caption(md(problem.sentence()))


def render() -> None:
    st.title("Compare trusts")
    data = network()
    st.caption(_data_in_use(data))
    if not data.is_sample and st.button("Go back to the sample network", key="net_sample"):
        replace_network(None)
        st.rerun()
    _load_returns()
    _returns_received(data)
    _counts_view(data)
    _published_pay_gaps()


def _counts_view(data) -> None:
    """One indicator of the loaded returns across the network, then every indicator's summary."""
    chosen = _controls(data)
    try:
        comparison = compare(data.values, chosen["indicator"], year=chosen["year"],
                             region=chosen["region"], trust_type=chosen["trust_type"],
                             overdispersion=chosen["method"], publish=PUBLISH)  # fmt: skip
    except InputError as exc:
        message = exc.problems[0].message
        st.warning(md(message[0].upper() + message[1:]) + ".")
        return
    spec = comparison.indicator
    try:
        extra = evidence(data.values, comparison, pool=chosen["pool"], shrunk=chosen["shrink"],
                         national=chosen["national"], publish=PUBLISH,
                         on=chosen["on"])  # fmt: skip
    except InputError as exc:
        st.warning(md(exc.problems[0].sentence()))
        extra = evidence(data.values, comparison, publish=PUBLISH)
    year_comparison, comparison = comparison, extra.ran_on(comparison)  # what is shown
    st.subheader(f"{spec.id}: {spec.label}")
    st.markdown(f"**Which way is worse:** {spec.direction}")
    period = None
    if extra.pooled is not None:
        years = extra.pooled.years
        span = f"{years[0]}-{years[-1]}"
        pooled_headline = headline(extra.pooled.comparison.summary).replace(
            f"with a value in {comparison.year}", f"with a value pooled over {span}", 1)  # fmt: skip
        if extra.basis_years:
            period = f"pooled {span}"
            st.info(pooled_headline)
            st.caption("The funnel, league table and counts of trusts below run on each "
                       f"trust's counts added up over {span}.")  # fmt: skip
            st.info(headline(year_comparison.summary))
        else:
            st.info(headline(comparison.summary))
            st.info(pooled_headline)
    else:
        st.info(headline(comparison.summary))
    for note in extra.notes:
        st.caption(md(note))
    if spec.kind == "score_gap":  # published scores: no interval, so no funnel or rank range
        show_chart(network_charts.score_gaps, comparison, chosen["highlight"])
        with st.expander("Why there is no funnel for this indicator"):
            st.markdown(NO_INTERVAL)
        league = network_charts.score_table(comparison)
        st.markdown("**League table**")
        st.caption(f"{spec.rank_one}; equal gaps share a rank. Scores are out of 10.")
    else:
        national = extra.national.value if extra.national.value != comparison.pooled else None
        show_chart(network_charts.funnel_plot, comparison, chosen["highlight"], national,
                   period)  # fmt: skip
        _limits(comparison, extra)
        league = _league(comparison, extra)
        st.markdown("**League table**")
        st.caption(f"{spec.rank_one}. {RANK_RANGE}")
    st.dataframe(league, hide_index=True)
    st.download_button("Download this table (CSV, sizes through disclosure control)",
                       to_csv_text(league), file_name=f"{spec.id}-{(period or str(comparison.year)).replace(' ', '-')}.csv",
                       mime="text/csv", key="net_download")  # fmt: skip
    if extra.regions is not None and extra.regions.regions:
        national = with_unit(extra.regions.national, spec.unit)
        st.markdown(f"**Each region against the nation** (the nation: {national})")
        st.caption(f"{spec.direction} Each region's value is its trusts' counts added up.")
        st.dataframe(_regions_table(extra, spec), hide_index=True)
    if extra.trend:
        low, high = spec.non_adverse
        st.markdown(f"**% of trusts inside the {low:.2f}-{high:.2f} non-adverse range, by year**")
        show_chart(network_charts.in_range_trend, spec.id, extra.trend)
    names = tuple(o.organisation for o in comparison.organisations)
    with st.expander("Trends over the years, trust by trust"):
        show_chart(network_charts.trends, data.values, spec.id, names, chosen["highlight"])
    st.subheader("Every indicator at a glance")
    st.caption("How many trusts differ from equality beyond chance, and from the network, on "
               "each indicator, in the year and peers chosen above"
               + (" (relative likelihoods and survey gaps on the counts pooled over the years, "
                  "as the funnel above)." if chosen["on"] == "pooled" else "."))  # fmt: skip
    st.dataframe(_summary(data, chosen), hide_index=True)
    if chosen["highlight"]:
        _profile(data, chosen, comparison, extra, period)
    else:
        st.caption("Highlight a trust above to see its profile on every indicator.")
    for problem in data.warnings[:3]:
        st.caption(md(problem.sentence()))
