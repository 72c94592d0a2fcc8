"""Page benchmark: time to the first complete render of every dashboard page, and of a rerun.

Every figure is the wall time of one Streamlit AppTest run (`AppTest.from_string(...).run()`, the
script `from dashboard.views import NAME; NAME.render()`), in this process, and is compared with
a trivial page (a title and a three-row table) measured the same way in the same run:

    sample trust       each page's first render; the first one "cold" (the bundled sample is
                       loaded through st.cache_resource), the others warm (sample already loaded)
    rerun              in an AppTest of run_data and of review: switch the unit to "A directorate",
                       then to another directorate (the cached rerun), then back to the first
    N-staff extract    each page's first render for a synthetic ESR-style staff CSV (N staff in
                       each of two years, default 100,000), loaded once with metrics.inputs.pipeline.load
                       and handed to the page through st.session_state (loading not timed)

Every page's figure is measured with Streamlit's st.cache_data emptied first (so the indicators
are computed, not found in the cache of an earlier page); the median of --repeat runs is shown.
The store uses a temporary SQLite database. Targets (issue 3): every page under 2 s for the sample
trust, a rerun after changing the unit under 0.5 s, every page under 5 s for 100,000 staff.
Missing a target prints MISSED; the exit status stays 0. A page that raises is an error: its
exception is printed and the exit status is 1.

    .venv/bin/python benchmarks/pages.py              # full size: 100,000 staff (about 1.5 min)
    .venv/bin/python benchmarks/pages.py --quick      # 10,000 staff
    .venv/bin/python benchmarks/pages.py --markdown   # also a table for the README
    .venv/bin/python benchmarks/pages.py --rerun-staff 1000000   # also the reruns at 1M staff
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_wres  # noqa: E402  (a sibling script: its generator's distributions are shared)

ROOT = Path(__file__).resolve().parent.parent
SEED = 20250401
PAGES = (
    "home",
    "run_data",
    "review",
    "lived_experience",
    "plan",
    "evaluate",
    "your_data",
    "workspace_page",
    "methods",
    "privacy",
)
RERUN_PAGES = ("run_data", "review")
SAMPLE_TARGET = 2.0  # seconds, every page, sample trust
RERUN_TARGET = 0.5  # seconds, a rerun after changing the unit
LARGE_TARGET = 5.0  # seconds, every page, 100,000 staff
TRIVIAL = (
    "import pandas as pd\nimport streamlit as st\n"
    "st.title('x')\nst.dataframe(pd.DataFrame({'a': [1, 2, 3], 'b': ['x', 'y', 'z']}))\n"
)

# --- synthetic ESR staff extract ------------------------------------------------------------

COLUMNS = [
    "Year",
    "Employee Number",
    "Ethnicity",
    "Pay Band",
    "Staff Group",
    "Directorate",
    "Sex",
    "Disability",
    "Assignment Category",
    "Age Band",
]
# ESR ethnic-origin labels, weighted roughly as the NHS workforce; BME odds fall with the band.
WHITE = {
    "A White - British": 61.0,
    "B White - Irish": 1.0,
    "C White - Any other White background": 6.0,
}
BME = {
    "D Mixed - White & Black Caribbean": 0.5,
    "E Mixed - White & Black African": 0.4,
    "F Mixed - White & Asian": 0.4,
    "G Mixed - Any other mixed background": 0.7,
    "H Asian or Asian British - Indian": 7.0,
    "J Asian or Asian British - Pakistani": 1.6,
    "K Asian or Asian British - Bangladeshi": 0.6,
    "L Asian or Asian British - Any other Asian background": 3.5,
    "M Black or Black British - Caribbean": 1.5,
    "N Black or Black British - African": 6.0,
    "P Black or Black British - Any other Black background": 0.6,
    "R Chinese": 0.5,
    "S Any Other Ethnic Group": 2.2,
}
NOT_STATED = {"Z Not Stated": 4.0}
STAFF_GROUPS = load_wres.STAFF_GROUPS  # the same staff groups and bands as the load benchmark
SENIOR = {"Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM", "Consultant"}
DIRECTORATES = [
    "Acute Medicine", "Emergency Care", "Surgery", "Theatres and Anaesthetics", "Critical Care",
    "Women's Services", "Children's Services", "Cancer Services", "Cardiothoracic",
    "Neurosciences", "Renal Services", "Diagnostics and Imaging", "Pathology", "Pharmacy",
    "Therapies", "Outpatients", "Community Services", "Mental Health", "Learning Disabilities",
    "Specialist Services", "Clinical Support Services", "Estates and Facilities",
    "Corporate Nursing", "Digital and Information", "Finance", "HR & OD", "Education and Training",
    "Research and Innovation", "Governance and Quality", "Executive Office",
]  # fmt: skip
SEXES = {"Female": 77.0, "Male": 23.0}
DISABILITY = {"No": 78.0, "Yes": 5.0, "Not Declared": 7.0, "Unspecified": 10.0}
CATEGORIES = {"Permanent": 85.0, "Fixed Term Temp": 12.0, "Bank": 3.0}
AGE_BANDS = {"<=20 Years": 1.0, "21-25": 8.0, "26-30": 12.0, "31-35": 13.0, "36-40": 12.0,
             "41-45": 11.0, "46-50": 11.0, "51-55": 12.0, "56-60": 11.0, "61-65": 6.0,
             "66-70": 2.0, ">=71 Years": 1.0}  # fmt: skip
YEARS = (2024, 2025)
TURNOVER = 0.10  # share of the first year's staff replaced by joiners in the second


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    labels = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return labels[rng.choice(len(labels), size=n, p=p / p.sum())]


def _people(rng: np.random.Generator, ids: np.ndarray) -> pd.DataFrame:
    n = len(ids)
    groups = _pick(rng, {g: share for g, (share, _) in STAFF_GROUPS.items()}, n)
    bands = np.empty(n, dtype=object)
    for group, (_, band_weights) in STAFF_GROUPS.items():
        where = np.flatnonzero(groups == group)
        bands[where] = _pick(rng, band_weights, len(where))
    # BME share about 26% overall, about half that in the senior bands
    senior = np.isin(bands, list(SENIOR))
    draw = rng.random(n)
    bme = draw < np.where(senior, 0.14, 0.27)
    stated = draw < 0.96
    ethnicity = _pick(rng, WHITE, n)
    ethnicity[bme] = _pick(rng, BME, int(bme.sum()))
    ethnicity[~stated] = _pick(rng, NOT_STATED, int((~stated).sum()))
    sizes = rng.pareto(1.5, len(DIRECTORATES)) + 1  # a few big directorates, many small ones
    directorates = np.array(DIRECTORATES, dtype=object)
    return pd.DataFrame(
        {
            "Employee Number": ids,
            "Ethnicity": ethnicity,
            "Pay Band": bands,
            "Staff Group": groups,
            "Directorate": directorates[
                rng.choice(len(DIRECTORATES), size=n, p=sizes / sizes.sum())
            ],
            "Sex": _pick(rng, SEXES, n),
            "Disability": _pick(rng, DISABILITY, n),
            "Assignment Category": _pick(rng, CATEGORIES, n),
            "Age Band": _pick(rng, AGE_BANDS, n),
        }
    )


def make_staff(n: int, seed: int = SEED) -> pd.DataFrame:
    """Two years of a deterministic ESR-style staff extract, n staff in each year, stacked.

    The second year keeps 90% of the first year's people (same employee number and details) and
    adds joiners."""
    rng = np.random.default_rng(seed)
    ids = 20_000_000 + rng.permutation(n * 4)[: n + int(n * TURNOVER)].astype(np.int64)
    first = _people(rng, ids[:n])
    stay = np.sort(rng.choice(n, size=n - int(n * TURNOVER), replace=False))
    second = pd.concat([first.iloc[stay], _people(rng, ids[n:])], ignore_index=True)
    first.insert(0, "Year", YEARS[0])
    second.insert(0, "Year", YEARS[1])
    return pd.concat([first, second], ignore_index=True)[COLUMNS]


def _is_bme(ethnicity: pd.Series) -> np.ndarray:
    return ethnicity.isin(list(BME)).to_numpy()


def make_companions(staff: pd.DataFrame, seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Recruitment, disciplinary, training, board and survey files for the synthetic staff, so
    that every indicator has figures: per year about 0.3 applicants per member of staff (White
    shortlisted applicants 1.5 times as likely to be appointed), 1% of staff in a formal
    disciplinary investigation (BME staff 1.3 times as likely), 40% of staff on non-mandatory
    training (White staff 1.15 times as likely), a 14-member board and staff-survey answers."""
    rng = np.random.default_rng(seed + 1)
    recruitment, disciplinary, training, board, survey = [], [], [], [], []
    for year in YEARS:
        people = staff.loc[staff["Year"].eq(year)]
        bme = _is_bme(people["Ethnicity"])
        n_app = int(len(people) * 0.3)
        applicant_bme = rng.random(n_app) < 0.4
        ethnicity = _pick(rng, WHITE, n_app)
        ethnicity[applicant_bme] = _pick(rng, BME, int(applicant_bme.sum()))
        shortlisted = rng.random(n_app) < 0.3
        appointed = shortlisted & (rng.random(n_app) < np.where(applicant_bme, 0.16, 0.24))
        recruitment.append(pd.DataFrame({
            "Year": year, "Ethnicity": ethnicity,
            "Directorate": _pick(rng, dict.fromkeys(DIRECTORATES, 1.0), n_app),
            "Shortlisted": np.where(shortlisted, "Yes", "No"),
            "Appointed": np.where(appointed, "Yes", "No")}))  # fmt: skip
        cases = rng.random(len(people)) < np.where(bme, 0.013, 0.01)
        disciplinary.append(pd.DataFrame(
            {"Year": year, "Employee Number": people["Employee Number"].to_numpy()[cases]}))  # fmt: skip
        learners = rng.random(len(people)) < np.where(bme, 0.40 / 1.15, 0.40)
        training.append(pd.DataFrame(
            {"Year": year, "Employee Number": people["Employee Number"].to_numpy()[learners]}))  # fmt: skip
        members = _pick(rng, {**WHITE, "H Asian or Asian British - Indian": 12.0}, 14)
        board.append(pd.DataFrame({
            "Year": year, "Ethnicity": members,
            "Voting": ["Yes"] * 12 + ["No"] * 2, "Executive": ["Yes"] * 6 + ["No"] * 8}))  # fmt: skip
        for group, count in (("BME", int(bme.sum())), ("White", int((~bme).sum()))):
            respondents = int(count * 0.45)
            for question, rate in (("Q14a", 0.27), ("Q14b/c", 0.24), ("Q15", 0.5), ("Q16b", 0.12)):
                rate *= 1.3 if group == "BME" and question != "Q15" else 1.0
                survey.append((year - 1, question, group, respondents,
                               int(rng.binomial(respondents, min(rate, 1.0)))))  # fmt: skip
    return {
        "recruitment": pd.concat(recruitment, ignore_index=True),
        "disciplinary": pd.concat(disciplinary, ignore_index=True),
        "training": pd.concat(training, ignore_index=True),
        "board": pd.concat(board, ignore_index=True),
        "survey": pd.DataFrame(
            survey, columns=["Survey Year", "Question", "Ethnic Group", "Respondents", "Yes"]
        ),  # fmt: skip
    }


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Row:
    section: str
    what: str
    seconds: float
    target: float | None = None
    note: str = ""

    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "PASS" if self.seconds < self.target else "MISSED"


class PageError(Exception):
    pass


def page_script(name: str) -> str:
    return f"from dashboard.views import {name}\n{name}.render()\n"


def _check(at, what: str):
    if at.exception:
        raise PageError(f"{what}: " + "\n".join(e.value + "\n" + "".join(e.stack_trace)
                                                 for e in at.exception))  # fmt: skip
    return at


def timed_run(at, what: str) -> float:
    """Seconds for one AppTest run (a full script run: the page's first render or a rerun)."""
    gc.collect()
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    _check(at, what)
    return seconds


def median(runs: list[float]) -> float:
    return statistics.median(runs)


def measure(repeat: int, once: Callable[[], float]) -> float:
    return median([once() for _ in range(repeat)])


def new_app(script: str, dataset=None):
    from streamlit.testing.v1 import AppTest

    from dashboard.state import _KEY

    at = AppTest.from_string(script, default_timeout=300)
    if dataset is not None:
        at.session_state[_KEY] = dataset  # what current() returns; the sample is never loaded
    return at


def first_render(name: str, dataset=None, *, cold: bool = False) -> float:
    import streamlit as st

    st.cache_data.clear()  # each page computes its indicators, as on its first visit
    if cold:
        st.cache_resource.clear()  # the sample trust (and the store) are loaded afresh
    return timed_run(new_app(page_script(name), dataset), name)


def reruns(name: str, dataset=None) -> list[tuple[str, float]]:
    """Switch the unit to a directorate, then to another (the cached rerun), then back."""
    import streamlit as st

    st.cache_data.clear()
    at = new_app(page_script(name), dataset)
    timed_run(at, name)
    at.radio(key="unit_kind").set_value("A directorate")
    t_first = timed_run(at, f"{name}, A directorate")
    picker = at.selectbox(key="unit_dir")
    first = picker.value
    other = next(o for o in picker.options if o != first)
    picker.set_value(other)
    t_other = timed_run(at, f"{name}, {other}")
    at.selectbox(key="unit_dir").set_value(first)
    t_back = timed_run(at, f"{name}, back to {first}")
    return [
        (f"to A directorate ({first})", t_first),
        (f"to another directorate ({other})", t_other),
        (f"back to {first} (its report cached)", t_back),
    ]


def measure_reruns(section: str, name: str, repeat: int, dataset, target) -> list[Row]:
    runs = [reruns(name, dataset) for _ in range(repeat)]
    return [
        Row(section, f"{name}: {label}", median([r[i][1] for r in runs]), target)
        for i, (label, _) in enumerate(runs[0])
    ]


def large_dataset(n: int, folder: Path, seed: int) -> tuple[object, dict[str, str]]:
    from dashboard.state import DataSet
    from metrics.inputs.pipeline import Sources, load

    start = time.perf_counter()
    frame = make_staff(n, seed)
    files = {"staff": folder / f"staff_{n}.csv"}
    frame.to_csv(files["staff"], index=False)
    for kind, table in make_companions(frame, seed).items():
        files[kind] = folder / f"{kind}_{n}.csv"
        table.to_csv(files[kind], index=False)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    result = load(Sources(files=files, organisation="Synthetic NHS trust"), profile=True)
    loaded = time.perf_counter() - start
    if result.errors:
        raise PageError("the synthetic extract did not load: " + result.errors[0].sentence())
    dataset = DataSet(
        label=f"Synthetic extract: {n:,} staff a year",
        organisation="Synthetic NHS trust",
        counts=result.counts,
        staff=result.inputs["staff"].frame,
        notes=result.notes,
        warnings=[p for p in result.problems if p.severity == "warning"],
    )
    facts = {
        "rows": f"{len(frame):,} rows ({n:,} staff in each of {len(YEARS)} years, "
        f"{frame['Directorate'].nunique()} directorates)",
        "generated": f"{generated:.1f} s",
        "loaded": f"{loaded:.1f} s",
    }
    return dataset, facts


def machine_facts() -> dict[str, str]:
    import streamlit

    cpu = platform.processor() or platform.machine()
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": f"{cpu}; {os.cpu_count()} logical CPUs ({usable} usable)",
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }


# --- reporting ----------------------------------------------------------------------------------


def _target(row: Row) -> str:
    return f"< {row.target:g} s" if row.target is not None else ""


def table(rows: list[Row], baseline: float) -> str:
    width = max(len(r.what) for r in rows) + 2
    out = []
    section = None
    for r in rows:
        if r.section != section:
            section = r.section
            out += ["", section, "-" * len(section)]
        ratio = f"{r.seconds / baseline:6.1f}x" if baseline else "     -"
        out.append(f"  {r.what:<{width}}{r.seconds:7.2f} s  {ratio}   "
                   f"{_target(r):<8} {r.verdict():<6} {r.note}".rstrip())  # fmt: skip
    return "\n".join(out)


def markdown(rows: list[Row], baseline: float, facts: dict[str, str], repeat: int) -> str:
    out = [
        f"Median of {repeat} runs; trivial page (baseline) {baseline:.2f} s.",
        "",
        "| Data | Page or action | Time | x trivial page | Target |",
        "|---|---|---:|---:|---|",
    ]
    for r in rows:
        target = f"{_target(r)} {r.verdict()}".strip() or "-"
        what = r.what + (f" ({r.note})" if r.note else "")
        ratio = f"{r.seconds / baseline:.1f}x" if baseline else "-"
        out.append(f"| {r.section} | {what} | {r.seconds:.2f} s | {ratio} | {target} |")
    out += ["", "Machine: " + "; ".join(f"{k} {v}" for k, v in facts.items()) + "."]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=None,
                        help="staff a year in the synthetic extract (default 100,000)")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="10,000 staff instead of 100,000")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measure (median)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--markdown", action="store_true", help="also print a markdown table")
    parser.add_argument("--rerun-staff", type=int, default=None, metavar="N",
                        help="also time the reruns with N staff a year (1,000,000: the step 1 "
                        "rerun at national scale; loading takes a minute or more)")  # fmt: skip
    args = parser.parse_args(argv)
    n = args.staff or (10_000 if args.quick else 100_000)
    repeat = max(1, args.repeat)

    tmp = tempfile.TemporaryDirectory(prefix="inclusivehr-pages-")
    folder = Path(tmp.name)
    # before any dashboard module is imported: the store must not touch the user's database
    os.environ["INCLUSIVEHR_DB_URL"] = f"sqlite:///{folder / 'bench.db'}"
    sys.path.insert(0, str(ROOT))
    try:
        from streamlit.logger import set_log_level
        from streamlit.testing.v1 import AppTest

        # no bare-mode warnings; set again after the first run, which reads the config
        set_log_level("error")
        # Streamlit's own first run (lazy imports, protobuf) is not any page's cost
        AppTest.from_string(TRIVIAL, default_timeout=300).run()
        set_log_level("error")
        baseline = measure(
            max(5, repeat),
            lambda: timed_run(AppTest.from_string(TRIVIAL, default_timeout=300), "trivial"),
        )
        rows = [Row("Baseline", "trivial page (title and a 3-row table)", baseline)]

        start = time.perf_counter()
        for name in PAGES:
            importlib.import_module(f"dashboard.views.{name}")
        imports = time.perf_counter() - start
        rows.append(Row("Server start", "import the dashboard's modules (once per process)",
                        imports, note="not in the figures below"))  # fmt: skip

        sample = "Sample trust"
        cold = measure(repeat, lambda: first_render(PAGES[0], cold=True))
        rows.append(Row(sample, f"{PAGES[0]} (cold: loads the sample)", cold, SAMPLE_TARGET))
        for name in PAGES:
            seconds = measure(repeat, lambda name=name: first_render(name))
            rows.append(Row(sample, f"{name} (warm)", seconds, SAMPLE_TARGET))
        for name in RERUN_PAGES:
            rows += measure_reruns("Rerun, sample trust", name, repeat, None, RERUN_TARGET)

        dataset, facts = large_dataset(n, folder, args.seed)
        large = f"{n:,} staff"
        rows.append(Row(large, "load the extract (metrics.inputs.pipeline.load, profile=True)",
                        float(facts["loaded"].split()[0]),
                        note="once per upload; not in the page figures"))  # fmt: skip
        target = LARGE_TARGET if n >= 100_000 else None
        for name in PAGES:
            seconds = measure(repeat, lambda name=name: first_render(name, dataset))
            rows.append(Row(large, name, seconds, target))
        for name in RERUN_PAGES:
            rows += measure_reruns(f"Rerun, {large}", name, repeat, dataset, RERUN_TARGET)
        if args.rerun_staff:
            del dataset  # one extract in memory at a time
            big, _ = large_dataset(args.rerun_staff, folder, args.seed)
            for name in RERUN_PAGES:
                rows += measure_reruns(f"Rerun, {args.rerun_staff:,} staff", name, repeat, big,
                                       RERUN_TARGET)  # fmt: skip
            del big
    except PageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        tmp.cleanup()

    machine = machine_facts()
    print(f"Dashboard pages: first render and rerun (Streamlit AppTest), median of {repeat} runs")
    print(f"Synthetic extract: {facts['rows']}; generated in {facts['generated']}.")
    print("st.cache_data is emptied before each page's first render; the sample trust stays "
          "loaded (st.cache_resource) except in the cold row.")  # fmt: skip
    if target is None:
        print(f"The 5 s target is for 100,000 staff: none is judged at {n:,}.")
    fresh = (f"A fresh server's first page is about imports + cold = {imports + cold:.2f} s "
             f"({(imports + cold) / baseline:.1f}x the trivial page).")  # fmt: skip
    print(table(rows, baseline))
    print("\n" + fresh)
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()))
    missed = [r for r in rows if r.verdict() == "MISSED"]
    print(f"{len(missed)} target(s) missed" + (": " + ", ".join(
        f"{r.section} / {r.what}" for r in missed) if missed else "."))  # fmt: skip
    if args.markdown:
        print()
        print(markdown(rows, baseline, machine, repeat))
        print("\n" + fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
