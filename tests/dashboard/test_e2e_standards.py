"""End to end, for the standards beside the WRES: the WDES, pay gaps and the medical view.

The same walk as the WRES journey in test_e2e.py, once per standard, with the sample trust's
messy ESR extract (title rows, odd headers, Windows-1252, one row per assignment) in the one
upload box (and capability cases for the WDES): pick the standard in the sidebar, pick HR & OD on
step 1, go through steps 2-5, reload the browser (a new session: the choices come back from the
address and the workspace's saved counts), then build the board pack with that standard's
section and read the PDF as a board member would: the section's headline figures are there,
and nothing row-level (no employee or assignment number, no hourly rate of one person).

Each page is photographed at 390 and 1920 px wide in the light and the dark theme into
`.screenshots/` (or $INCLUSIVEHR_SCREENSHOTS) as standard-page-width-theme.png, for a person to
look at; the fit of charts and page text's contrast are judged by test_e2e.py's survey.

The expected figures are worked out here from the extract itself with pandas (one person per
employee number, bank assignments left out), not read from the app.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import e2e_support as support  # tests/dashboard/e2e_support.py, beside this file
import pandas as pd
import pytest

# The server, browser and page helpers of the WRES journey (its module skips itself, and so
# this one, where Chromium or Playwright is missing).
import test_e2e as wres_journey  # tests/dashboard/test_e2e.py
from test_e2e import (
    IDLE,
    TIMEOUT_MS,
    _caption_names,
    _choose,
    _download,
    _headcount,
    _no_errors,
    _open,
    _pick,
    _settle,
    _upload,
    expect,
    open_app,
)

app_url = wres_journey.app_url  # the server and the browser, as fixtures of this module too
browser = wres_journey.browser

REPO = Path(__file__).resolve().parents[2]
TRUST = REPO / "sample_data" / "trust"
EXTRACT = TRUST / "esr_extract_messy.xlsx"
CAPABILITY = TRUST / "capability.csv"
YEAR = 2025  # the extract's snapshot year, only in its title row
HR_OD = "HR & OD"  # the extract's own name for the directorate (Org L3)
ORGANISATION = "Northbrook Valley NHS Foundation Trust"

DATA_PAGE = "Use your own data"
STEPS = (
    "1. Run the data",
    "2. Review and analyse",
    "3. Understand lived experience",
    "4. Identify themes and plan",
    "5. Evaluate and share",
)
LOADED = "Loaded. The pages now show your data."
STANDARD_LABEL = "Standard"
STANDARD_NAMES = {"WDES": "WDES (disability)", "PAYGAP": "Pay gaps", "MEDICAL": "Medical workforce"}
UNIT_KIND_LABEL = re.compile(r"Look at|Unit", re.I)
UNIT_KIND_DIRECTORATE = re.compile(r"^A directorate$", re.I)
DIRECTORATE_LABEL = re.compile(r"^Directorate", re.I)
DIRECTORATE_OPTION = re.compile(rf"^{re.escape(HR_OD)}$")
NEEDS_MORE = re.compile(r"needs .* Load it on", re.I)  # common.needs_more_data
PREPARE_PACK = "Prepare the board pack"
PACK_SECTIONS = "Sections beside the WRES"
PDF_BUTTON = re.compile(r"^Download as .*PDF", re.I)
WAIT_MS = 15_000
PACK_WAIT_MS = 90_000  # building a pack takes seconds of processor time, more on a busy machine


# ---------------------------------------------------------------------------------------------
# what the extract holds, worked out without the app


def _extract() -> pd.DataFrame:
    """The extract's rows, its headers tidied by hand (they carry spaces and odd capitals)."""
    raw = pd.read_excel(EXTRACT, header=None, dtype=str, engine="openpyxl")
    header_at = next(i for i, row in raw.iterrows() if "Assignment Number" in set(row.dropna()))
    frame = raw.iloc[header_at + 1 :].copy()
    frame.columns = [str(c).strip().lower() for c in raw.iloc[header_at]]
    return frame.dropna(how="all")


def _people(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per person on a substantive (non-bank) assignment: their first such row."""
    kept = frame[frame["assignment category"].str.strip().str.lower() != "bank"]
    return kept.drop_duplicates("employee number")


def test_the_extract_facts_are_what_the_walk_expects():
    """The walk's expectations rest on these: HR & OD exists, with people in it."""
    people = _people(_extract())
    hr = people[people["org l3"].str.strip() == HR_OD]
    assert len(hr) > 20
    assert {"disabled flag", "basic hourly rate", "gender"} <= set(people.columns)


# ---------------------------------------------------------------------------------------------
# the walk


def _shoot(page, standard: str, title: str) -> None:
    """The page at each width in each theme (Streamlit follows the browser's colour scheme)."""
    folder = support.screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for theme in support.THEMES:
        page.emulate_media(color_scheme=theme)
        for width in support.WIDTHS:
            page.set_viewport_size({"width": width, "height": 1000})
            _settle(page)
            height = min(int(page.evaluate(support.CONTENT_HEIGHT_JS)), 16_000)
            page.set_viewport_size({"width": width, "height": max(height, 1000)})
            _settle(page)
            name = support.screenshot_name(f"{standard} {title}", width, theme)
            page.screenshot(path=folder / name, full_page=True)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1400, "height": 1000})
    _settle(page)


def _standard_shown(page, standard: str) -> None:
    picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name=STANDARD_LABEL)
    expect(picker).to_have_value(STANDARD_NAMES[standard], timeout=WAIT_MS)
    expect(page.get_by_test_id("stMain").get_by_text(NEEDS_MORE)).to_have_count(0)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def _no_row_level_data(text: str, frame: pd.DataFrame) -> None:
    """No employee or assignment number of the extract is in the text."""
    numbers = set(frame["employee number"].str.strip()) | set(
        frame["assignment number"].str.strip()
    )
    found = sorted(n for n in re.findall(r"\b\d{8}(?:-\d)?\b", text) if n in numbers)
    assert not found, f"the pack carries row-level identifiers: {found[:5]}"


# The directorate walked: HR & OD, except for the medical view, whose HR & OD has no doctors
# (step 1 says so, tests/dashboard/test_app_run_data_medical.py): Medicine there.
UNITS = {"WDES": HR_OD, "PAYGAP": HR_OD, "MEDICAL": "Medicine"}
DOCTORS = "Medical and Dental"
AGAIN = re.compile(r"Pay gaps need .* Load it again", re.I)  # after a reload: rows are not kept


def _load(page, files: list[Path]) -> None:
    _open(page, DATA_PAGE)
    _upload(page, *files)
    page.get_by_role("button", name=re.compile(r"^Load", re.I)).first.click()
    expect(page.get_by_test_id("stAlert").filter(has_text=LOADED)).to_be_visible(timeout=60_000)
    _no_errors(page)


@pytest.mark.parametrize("standard", ["WDES", "PAYGAP", "MEDICAL"])
def test_the_journey_for_each_standard_with_the_messy_extract(browser, app_url, tmp_path, standard):
    frame = _extract()
    unit = UNITS[standard]
    people = _people(frame).loc[lambda f: f["org l3"].str.strip() == unit]
    if standard == "MEDICAL":  # the medical view counts doctors only
        people = people[people["staff group"].str.strip() == DOCTORS]
    files = [EXTRACT, CAPABILITY] if standard == "WDES" else [EXTRACT]
    context = browser.new_context(base_url=app_url, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        open_app(page)
        _load(page, files)

        # step 1: the standard in the sidebar, then the directorate
        _open(page, STEPS[0])
        _choose(page, STANDARD_LABEL, STANDARD_NAMES[standard])
        page.wait_for_selector(IDLE)
        _standard_shown(page, standard)
        _pick(page, UNIT_KIND_LABEL, UNIT_KIND_DIRECTORATE)
        _pick(page, DIRECTORATE_LABEL, re.compile(f"^{re.escape(unit)}$"))
        _caption_names(page, unit, str(YEAR))
        expect(_headcount(page)).to_have_text(f"{len(people):,}")
        _no_errors(page)
        _shoot(page, standard, STEPS[0])

        # steps 2-5 keep the standard and the unit
        for step in STEPS[1:]:
            _open(page, step)
            _standard_shown(page, standard)
            _caption_names(page, unit, str(YEAR))
            _no_errors(page)
            _shoot(page, standard, step)

        # a reload is a new session: the choices come back from the address, the counts from
        # the workspace; pay gaps, worked out from the rows, ask for the file again
        page.reload()
        page.wait_for_selector(IDLE)
        query = parse_qs(urlparse(page.url).query)
        assert query.get("standard") == [standard], page.url
        assert query.get("unit") == ["directorate:" + unit], page.url
        assert query.get("year") == [str(YEAR)], page.url
        _caption_names(page, unit, str(YEAR))
        if standard == "PAYGAP":
            expect(page.get_by_test_id("stMain").get_by_text(AGAIN)).to_be_visible()
            _load(page, files)
        _open(page, STEPS[0])
        _standard_shown(page, standard)
        _caption_names(page, unit, str(YEAR))
        expect(_headcount(page)).to_have_text(f"{len(people):,}")

        # step 5: the board pack with this standard's section, read as a board member would
        _open(page, STEPS[4])
        _standard_shown(page, standard)
        _caption_names(page, unit, str(YEAR))
        page.get_by_text(PREPARE_PACK).first.click()
        page.wait_for_selector(IDLE)
        sections = page.get_by_test_id("stMultiSelect").filter(has_text=PACK_SECTIONS)
        expect(sections, "the pack's sections start with this standard's").to_contain_text(
            STANDARD_NAMES[standard], timeout=WAIT_MS
        )
        button = page.get_by_role("button", name=PDF_BUTTON)
        expect(button).to_be_visible(timeout=PACK_WAIT_MS)
        pdf = _download(page, button, tmp_path)
        text = _pdf_text(pdf)
        (support.screenshot_dir() / f"{support.slug(standard)}-board-pack.txt").write_text(text)
        _no_row_level_data(text, frame)
        _headline_figures(text, standard, frame)
        _no_errors(page)
    except Exception:
        # what the page showed when the walk stopped, to look at beside the failure
        support.screenshot_dir().mkdir(parents=True, exist_ok=True)
        page.screenshot(path=support.screenshot_dir() / f"failed-{standard}.png", full_page=True)
        raise
    finally:
        context.close()


def _about(n: int) -> str:
    """A count as the published pack quotes it: rounded to the nearest 5 (DESIGN.md)."""
    return f"about {5 * round(n / 5):,}"


# The extract's ethnic origin labels that carry no national code (by hand, from the NHS Data
# Dictionary's categories); a label with a code ("A White - British") goes by its first letter.
_LABELS = {"white british": "White", "white - other": "White", "white - irish": "White",
           "indian": "BME", "white and asian": "BME", "other asian": "BME",
           "other ethnic group": "BME", "white and black african": "BME",
           "white and black caribbean": "BME", "black african": "BME", "black caribbean": "BME",
           "bangladeshi": "BME", "mixed - other": "BME", "pakistani": "BME", "chinese": "BME",
           "other black": "BME", "any other ethnic group": "BME"}  # fmt: skip


def _ethnic_group(value: object) -> str:
    """White, BME or Unknown (not stated, 99, blank, anything else), worked out by hand."""
    text = "" if pd.isna(value) else str(value).strip()
    code = re.match(r"^([A-Z])[A-Z]?(?:\s|$)", text)
    if code:
        first = code.group(1)
        return "White" if first in "ABC" else "BME" if first in "DEFGHJKLMNPRS" else "Unknown"
    return _LABELS.get(text.lower(), "Unknown")


def _headline_figures(text: str, standard: str, frame: pd.DataFrame) -> None:
    """The section's headline figures, for the whole organisation as the pack gives them, worked
    out here from the extract: one person per employee number, bank staff left out."""
    words = re.sub(r"\s+", " ", text)  # PDF text spaces words out unevenly
    people = _people(frame)
    if standard == "WDES":  # WDES1: Disabled share, Unknown in the denominator
        disabled = int((people["disabled flag"].str.strip() == "Yes").sum())
        expected = (
            f"{round(100 * disabled / len(people))}% of {_about(len(people))} staff are Disabled"
        )
        assert expected in words, f"not in the pack: {expected!r}"
    elif standard == "PAYGAP":  # by sex: (men's - women's) / men's, of hourly pay
        rate = pd.to_numeric(people["basic hourly rate"], errors="coerce")
        sex = people["gender"].str.strip()
        men, women = rate[sex == "Male"], rate[sex == "Female"]
        mean_gap = 100 * (men.mean() - women.mean()) / men.mean()
        median_gap = 100 * (men.median() - women.median()) / men.median()
        assert abs(median_gap) < 0.05  # the sample's median man and woman share a pay point
        expected = (
            f"Compared: {_about(len(men))} men and {_about(len(women))} women",
            "Median hourly pay gap: none; women and men are paid the same",
            f"Mean hourly pay gap: {mean_gap:+.1f}%; women are paid less than men",
        )
        for sentence in expected:
            assert sentence in words, f"not in the pack: {sentence!r}"
    elif standard == "MEDICAL":  # doctors' BME share, Unknown in the denominator
        doctors = people[people["staff group"].str.strip() == DOCTORS]
        groups = doctors["ethnic origin"].map(_ethnic_group)
        bme = int((groups == "BME").sum())
        expected = (f"{_about(len(doctors)).capitalize()} doctors; "
                    f"{round(100 * bme / len(doctors))}% are BME")  # fmt: skip
        assert expected in words, f"not in the pack: {expected!r}"
    rates = set(frame["basic hourly rate"].dropna().str.strip())
    quoted = set(re.findall(r"\b\d+\.\d{2}\b", words))
    assert not quoted & rates, (
        f"the pack quotes hourly rates of people: {sorted(quoted & rates)[:5]}"
    )
