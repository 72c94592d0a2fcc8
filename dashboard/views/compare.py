"""Compare trusts: every trust's WRES figures side by side, fairly for size, for a network.

The page shows only what may be shared across a network: sizes of 1-7 are hidden with every
figure resting on them, other sizes rounded to 5 (`metrics.network.publishable_size`), and the
download is the same table.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import network_charts
from dashboard.compare_render import FUNNEL_WORDS, format_value, publishable_row
from dashboard.pack.csv_safe import to_csv_text
from dashboard.state import network, network_from, replace_network
from dashboard.views.common import show_chart
from metrics.funnel import METHODS
from metrics.network import compare, network_summary, publishable_size
from metrics.network_inputs import load_network
from metrics.network_values import NETWORK_INDICATORS
from metrics.problems import InputError
from metrics.readers import Upload
from metrics.trust_profile import trust_profile

ALL = "All"
OVERDISPERSION = {
    "none": "None: limits from chance alone",
    "multiplicative": "Multiplicative (φ): widen by the spread beyond chance",
    "additive": "Additive (τ²): allow a between-trust variance",
}


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
        if not uploads:
            return
        try:
            loaded = load_network([Upload(u.name, u.getvalue()) for u in uploads])
        except InputError as exc:
            st.error("These returns cannot be compared yet: "
                     + " ".join(p.sentence() for p in exc.problems[:4]))  # fmt: skip
            return
        st.write("Who each file is about:")
        st.dataframe(pd.DataFrame([{"Organisation": org, "From": ", ".join(files)}
                                   for org, files in loaded.files.items()]), hide_index=True)  # fmt: skip
        for note in loaded.notes:
            st.caption(note)
        if st.button("These are right: compare them", type="primary", key="net_confirm"):
            replace_network(
                network_from(loaded, f"Your returns: {len(loaded.files)} organisations")
            )
            st.rerun()


def _controls(data) -> dict:
    values = data.values
    years = values.years()
    ids = list(NETWORK_INDICATORS)
    top = st.columns(3)
    indicator = top[0].selectbox("Indicator", ids, index=ids.index("WRES2"), key="net_indicator",
                                 format_func=lambda i: f"{i}: {NETWORK_INDICATORS[i].label}")  # fmt: skip
    year = top[1].selectbox("Year", years, index=len(years) - 1, key="net_year")
    highlight = top[2].selectbox("Highlight a trust", ["(none)", *values.organisations()],
                                 key="net_highlight")  # fmt: skip
    peers = st.columns(3)
    region = peers[0].selectbox("Region", [ALL, *values.regions()], key="net_region")
    trust_type = peers[1].selectbox("Trust type", [ALL, *values.trust_types()], key="net_type")
    method = peers[2].selectbox("Overdispersion adjustment", list(METHODS), key="net_od",
                                format_func=OVERDISPERSION.get)  # fmt: skip
    return {
        "indicator": indicator, "year": year, "method": method,
        "highlight": None if highlight == "(none)" else highlight,
        "region": None if region == ALL else region,
        "trust_type": None if trust_type == ALL else trust_type,
    }  # fmt: skip


def _league(comparison) -> pd.DataFrame:
    unit = comparison.indicator.unit
    rows = []
    for o in comparison.organisations:
        shown = publishable_row(o)
        rows.append({
            "Rank (range)": f"{o.rank} ({o.rank_low}-{o.rank_high})" if o.rank else "–",
            "Trust": o.organisation, "Value": format_value(shown["value"], unit),
            "95% CI": f"{format_value(shown['ci_lower'], unit)} to {format_value(shown['ci_upper'], unit)}"
                      if shown["value"] is not None else "–",
            "Size": "hidden (1-7)" if shown["denominator_suppressed"] else shown["denominator"],
            "Funnel": FUNNEL_WORDS[o.funnel],
            "Change since last year": format_value(shown["change"], unit) if shown["change"] is not None
                                      else "",
            "Region": o.region, "Trust type": o.trust_type,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _summary(data, chosen) -> pd.DataFrame:
    rows = []
    for s in network_summary(data.values, year=chosen["year"], region=chosen["region"],
                             trust_type=chosen["trust_type"], overdispersion=chosen["method"]):  # fmt: skip
        spec = NETWORK_INDICATORS[s.indicator]
        rows.append({
            "Indicator": s.indicator, "What it measures": spec.label, "Trusts with a value": s.trusts,
            "Significantly above equality": s.significantly_above,
            "Significantly below equality": s.significantly_below,
            "Above the 95% funnel limit": s.funnel_above,
            "Below the 95% funnel limit": s.funnel_below,
            "Network (pooled)": format_value(s.pooled, spec.unit), "Median trust": format_value(s.median, spec.unit),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _profile(data, chosen) -> None:
    organisation = chosen["highlight"]
    st.subheader(f"Trust profile: {organisation}")
    profile = trust_profile(data.values, organisation, year=chosen["year"],
                            overdispersion=chosen["method"])  # fmt: skip
    st.caption(f"Against the network median and its peers ({profile.peer_definition}); medians "
               "are of trusts' values, each trust counting once.")  # fmt: skip
    if profile.outside:
        st.markdown("Beyond the network's 95% limits: " + "; ".join(
            f"**{ind}** ({FUNNEL_WORDS[pos]})" for ind, pos in profile.outside))  # fmt: skip
    else:
        st.markdown("Within the network's 95% limits on every indicator.")
    rows = []
    for r in profile.rows:
        hidden = publishable_size(r.denominator) is None
        rows.append({
            "Indicator": r.indicator, "What it measures": r.label,
            "Value": "hidden (size 1-7)" if hidden else format_value(r.value, r.unit),
            "95% CI": "–" if hidden or r.value is None
                      else f"{format_value(r.ci_lower, r.unit)} to {format_value(r.ci_upper, r.unit)}",
            "Change since last year": "" if hidden or r.change is None else format_value(r.change, r.unit),
            "Network median": format_value(r.network_median, r.unit),
            f"Peer median ({r.peers})": format_value(r.peer_median, r.unit),
            "Network funnel": FUNNEL_WORDS[r.funnel], "Among peers": FUNNEL_WORDS[r.peer_funnel],
            "Rank (range)": f"{r.rank} of {r.trusts} ({r.rank_low}-{r.rank_high})" if r.rank else "–",
        })  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def render() -> None:
    st.title("Compare trusts")
    data = network()
    st.caption(data.label)
    if not data.is_sample and st.button("Go back to the sample network", key="net_sample"):
        replace_network(None)
        st.rerun()
    _load_returns()
    chosen = _controls(data)
    try:
        comparison = compare(data.values, chosen["indicator"], year=chosen["year"],
                             region=chosen["region"], trust_type=chosen["trust_type"],
                             overdispersion=chosen["method"])  # fmt: skip
    except InputError as exc:
        st.warning(exc.problems[0].sentence())
        return
    spec = comparison.indicator
    st.subheader("Across the network")
    st.caption("Significantly above or below equality: the 95% interval excludes 1.00 for a "
               "relative likelihood, or 0 for a gap. Like NHS England's count of trusts where "
               "White applicants were significantly more likely to be appointed.")  # fmt: skip
    st.dataframe(_summary(data, chosen), hide_index=True)
    st.subheader(f"{spec.id}: {spec.label}")
    od = comparison.funnel.overdispersion
    equality = (
        ""
        if spec.equality is None
        else f", the grey line equality ({format_value(spec.equality, spec.unit)})"
    )
    st.caption(f"Network value {format_value(comparison.pooled, spec.unit)} from the pooled counts (the "
               f"blue line{equality}). "
               f"Spread beyond chance: φ = {od.phi:.2f}, τ² = {od.tau2:.4f}"
               + ("; the limits are widened for it." if od.applied else "."))  # fmt: skip
    show_chart(network_charts.funnel_plot, comparison, chosen["highlight"])
    league = _league(comparison)
    st.markdown("**League table** (rank 1 is the highest value; the range is the places its "
                "interval allows)")  # fmt: skip
    st.dataframe(league, hide_index=True)
    st.download_button("Download this table (CSV, sizes through disclosure control)",
                       to_csv_text(league), file_name=f"{spec.id}-{comparison.year}.csv",
                       mime="text/csv", key="net_download")  # fmt: skip
    names = tuple(o.organisation for o in comparison.organisations)
    with st.expander("Trends over the years, trust by trust"):
        show_chart(network_charts.trends, data.values, spec.id, names, chosen["highlight"])
    if chosen["highlight"]:
        _profile(data, chosen)
    else:
        st.caption("Highlight a trust above to see its profile on every indicator.")
    for problem in data.warnings[:3]:
        st.caption(problem.sentence())
