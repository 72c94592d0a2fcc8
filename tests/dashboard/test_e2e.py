"""End to end: `streamlit run` on a free loopback port, driven in headless Chromium.

A person's path through the app: add an action to the plan and find it again after reloading the
browser (it comes from the database), load a staff file of their own and see its headcount, get a
readable message for a file the app cannot use, download the board pack and compare trusts. No
page may show an exception element or a traceback.

The journey (`test_the_five_step_journey_with_a_trusts_own_files`) follows issue 9 in one
browser: landing page, one upload box taking a messy ESR extract whose year is only in a title
row, HR & OD (named "People & OD") chosen on step 1 and kept on steps 2-5 and after a reload, an
action with a band target judged on its band, the board pack, a counts return, a bad file. Every
on-page text it relies on is a named constant below (JOURNEY TEXTS), to align with the pages.

The survey visits every page found in the sidebar navigation (new pages are included without
editing this file) at 390 px and 1920 px wide, in Chromium's light and dark colour scheme
(Streamlit follows the browser's preference: checked from the app's background colour), and:

- writes a full-page screenshot of each, named page-width-theme.png, to $INCLUSIVEHR_SCREENSHOTS
  or `.screenshots/` in the repository (ignored by git), once the app is idle, every chart has
  drawn and the layout has stopped changing;
- checks that no chart is drawn wider than its box or past the main block's content edge, and
  that nothing in the main block sticks out sideways or makes the page scroll sideways;
- checks the contrast of chart text (WCAG ratio at least 4.5:1) measured from the page itself.
  Streamlit draws Vega-Lite with vega-embed's SVG renderer (`<svg class="marks">` inside
  `[data-testid='stVegaLiteChart']`; it switches to canvas only for thousands of points, which a
  chart of aggregated counts never has: a canvas chart fails the check as unmeasurable). For
  each SVG `<text>` the probe reads the computed fill, fill-opacity and the opacity of its
  ancestors; what lies beneath it is the page's background colours down to the chart plus every
  filled shape painted earlier in the SVG (document order is paint order) whose fill contains
  the text's centre (`isPointInFill`), each with its own opacity. Python then composites the
  layers and computes the WCAG ratio (tests/dashboard/e2e_support.py, tested with worked values);
- checks page text in the main block and sidebar the same way against the background colours of
  its ancestors (4.5:1, or 3:1 for large text).

Needs Playwright (the `dev` extra) and Debian's `chromium` package; Playwright's own browser
download is never used. Without them the whole module is skipped, and `make test` says so.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import e2e_support as support  # tests/dashboard/e2e_support.py, beside this file
import pytest

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).is_file()), None
)
if CHROMIUM is None:
    pytest.skip(
        "end-to-end browser test skipped: Chromium not found "
        "(install Debian's chromium package to run it)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="end-to-end browser test skipped: playwright is not installed "
    "(pip install -e '.[dev]'; the browser itself comes from Debian's chromium package)",
)
expect = sync_api.expect


REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000  # Streamlit renders over a websocket; the first page also loads the sample
expect.set_options(timeout=TIMEOUT_MS)
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# A new server's first visit: the script's modules are compiled and the sample trust is read
# while the page polls for it, which on a busy two-processor machine can outlast TIMEOUT_MS.
FIRST_VISIT_MS = 120_000

ETHNICITIES = [
    "A White - British",
    "N Black or Black British - African",
    "A White - British",
    "H Asian or Asian British - Indian",
    "C White - Any other White background",
    "M Black or Black British - Caribbean",
]
STAFF_ROWS = 12
STAFF_YEAR = 2025  # asked for on the data page: the small staff files have no year


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
    try:
        with opener.open(url, timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(env: dict[str, str], folder: Path) -> Iterator[str]:
    """`streamlit run dashboard/app.py` with these settings, on a free port; its address once it
    answers its health check; stopped afterwards (its log in `folder`)."""
    log_path = folder / "streamlit.log"
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(f"http://127.0.0.1:{port}/_stcore/health"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "streamlit did not answer its health check within 60 s:\n"
                    + log_path.read_text(errors="replace")[-3000:]
                )
            time.sleep(0.25)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with a fresh SQLite store; stopped afterwards."""
    data_dir = tmp_path_factory.mktemp("e2e_store")
    env = {**os.environ, "INCLUSIVEHR_DATA_DIR": str(data_dir)}
    env.pop("INCLUSIVEHR_DB_URL", None)
    with streamlit_server(env, data_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url: str):
    """A new browser context (so a new Streamlit session) on step 1 (the default page, or one
    click from it)."""
    context = browser.new_context(base_url=app_url, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    open_app(tab)
    if tab.locator("h1").first.inner_text().strip() != "1. Run the data":  # a landing page
        tab.get_by_test_id("stSidebarNav").get_by_role("link", name="1. Run the data").click()
    _wait_for_page(tab, "1. Run the data")
    yield tab
    context.close()


def open_app(page, address: str = "/") -> None:
    """Go to an address of the app and wait until its page is drawn and its script has
    finished, allowing for a new server's first visit (FIRST_VISIT_MS)."""
    page.goto(address)
    page.wait_for_selector("h1", timeout=FIRST_VISIT_MS)
    page.wait_for_selector(IDLE, timeout=FIRST_VISIT_MS)


def _wait_for_page(page, title: str) -> None:
    """The page's h1 is shown and its script has finished running."""
    page.get_by_role("heading", level=1, name=title, exact=True).wait_for()
    page.wait_for_selector(IDLE)
    expect(page.locator("h1")).to_have_text([title])


def _no_errors(page) -> None:
    """No exception element and no traceback text anywhere, folded-away parts included."""
    page.wait_for_selector(IDLE)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "Traceback" not in (page.locator("body").text_content() or "")


def _go_to(page, title: str) -> None:
    """Click the page's link in the sidebar navigation, as a person would."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    _wait_for_page(page, title)
    _no_errors(page)


def _headcount(page):
    metric = page.get_by_test_id("stMetric").filter(has_text="Headcount")
    return metric.get_by_test_id("stMetricValue")


def _choose(page, label: str | re.Pattern, option: str | re.Pattern) -> None:
    """Pick an option in a st.selectbox: open its list with the arrow button, click the option.
    A click that lands while Streamlit is still settling the widget can leave the list shut,
    so the arrow is clicked again (a person would too) until the list is open."""
    combobox = page.get_by_role("combobox", name=label)
    arrow = (
        page.get_by_test_id("stSelectbox").filter(has=combobox).get_by_role("button", name="Open")
    )
    listbox = page.get_by_role("listbox")
    for _ in range(10):
        if combobox.get_attribute("aria-expanded") != "true":
            arrow.click()
        try:
            listbox.wait_for(timeout=1_000)
            break
        except sync_api.TimeoutError:
            continue
    listbox.get_by_role("option", name=option, exact=True).click()


def _grid_cell(page, text: str):
    """A cell of st.dataframe / st.data_editor: drawn on a canvas, so found in its
    accessibility table (attached to the DOM but never visible)."""
    return page.locator("[data-testid='stDataFrame'] td[role='gridcell']").filter(has_text=text)


def _staff_csv(path: Path, header: str, rows: int) -> Path:
    """A small staff-in-post file; the ethnicity column (if the header has one) is second."""
    lines = [header]
    for i in range(rows):
        lines.append(
            f"{20_000_000 + i},{ETHNICITIES[i % len(ETHNICITIES)]},Band {5 + i % 3},"
            "Nursing and Midwifery Registered,HR & OD"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def _file_chip(uploader, path: Path):
    """The uploaded file as shown in an uploader (a long name is shortened on screen, so it is
    found by its full name in the title)."""
    return uploader.get_by_title(path.name, exact=True)


def _load_staff_file(page, path: Path) -> None:
    """On "Use your own data": the staff file in the one upload box, its year given (the file
    has none), then Load."""
    _go_to(page, "Use your own data")
    uploader = page.get_by_test_id("stMain").get_by_test_id("stFileUploader")
    uploader.locator("input[type=file]").set_input_files(path)
    expect(_file_chip(uploader, path)).to_be_visible()
    page.wait_for_selector(IDLE)
    year = page.get_by_label(re.compile(r"^Which WRES year is"))
    year.fill(str(STAFF_YEAR))
    year.press("Enter")
    page.wait_for_selector(IDLE)
    page.get_by_role("button", name="Load", exact=True).click()


def _refusal(page):
    """The message saying a load was refused: an alert, not the status box's label of the
    same words (both are on screen for a moment while the page reruns)."""
    return page.get_by_test_id("stAlert").filter(has_text="could not be used")


def _load_without_ethnicity(page, tmp_path: Path) -> None:
    no_ethnicity = tmp_path / "no_ethnicity.csv"
    no_ethnicity.write_text(
        "Employee Number,Pay Band,Staff Group,Directorate\n"
        "1001,Band 5,Nursing and Midwifery Registered,HR & OD\n"
        "1002,Band 6,Nursing and Midwifery Registered,HR & OD\n"
    )
    _load_staff_file(page, no_ethnicity)
    expect(_refusal(page)).to_be_visible()
    page.wait_for_selector(IDLE)


def test_an_action_is_kept_after_reloading_the_browser(page):
    title = "Reverse mentoring for Band 5 nurses"
    _go_to(page, "4. Identify themes and plan")
    page.get_by_label("Action", exact=True).fill(title)
    page.get_by_label("Owner (a role, e.g. Director of People)").fill("Director of People")
    _choose(page, "Indicator it should move", re.compile(r"^WRES2: "))
    expect(page.get_by_role("combobox", name="Indicator it should move")).to_have_value(
        re.compile(r"^WRES2: ")
    )
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text(ACTION_ADDED)).to_be_visible()
    _no_errors(page)
    expect(_grid_cell(page, title)).to_have_count(1)

    page.reload()  # a new session: the action can only come from the database
    _wait_for_page(page, "4. Identify themes and plan")
    _no_errors(page)
    expect(page.get_by_text(ACTION_ADDED)).to_have_count(0)
    expect(_grid_cell(page, title)).to_have_count(1)
    expect(_grid_cell(page, "WRES2: ")).to_have_count(1)
    _choose(page, "Action to change", title)  # the owner, as saved, in the edit form
    owner = page.get_by_label("Owner (a role, e.g. Director of People)")
    expect(owner).to_have_count(2)  # the add form's, then the edit form's
    expect(owner.nth(1)).to_have_value("Director of People")
    _go_to(page, "5. Evaluate and share")  # the evaluation lists it against its indicator
    expect(_grid_cell(page, title)).to_have_count(1)


def test_own_staff_file_replaces_the_sample(page, tmp_path):
    _no_errors(page)
    expect(_headcount(page)).not_to_have_text(["0"])  # the sample trust is loaded on first run
    expect(_headcount(page)).not_to_have_text(str(STAFF_ROWS))
    header = "Employee Number,Ethnicity,Pay Band,Staff Group,Directorate"
    _load_staff_file(page, _staff_csv(tmp_path / "staff.csv", header, STAFF_ROWS))
    expect(page.get_by_text("Loaded. The pages now show your data.")).to_be_visible()
    _no_errors(page)
    _go_to(page, "1. Run the data")
    expect(_headcount(page)).to_have_text(str(STAFF_ROWS))


def test_a_file_without_ethnicity_gets_a_readable_message(page, tmp_path):
    _load_without_ethnicity(page, tmp_path)
    _no_errors(page)
    error = page.get_by_test_id("stAlert").filter(has_text="no column for ethnicity")
    expect(error).to_be_visible()
    expect(error).to_contain_text("no_ethnicity.csv could not be used")  # which file
    # what to do: pick the column right there, or read every problem and its fix
    expect(page.get_by_role("combobox", name="Which column holds the ethnicity?")).to_be_visible()
    expect(page.get_by_text("Every problem, and how to fix it")).to_be_visible()
    _no_errors(page)
    _go_to(page, "1. Run the data")  # the sample trust is still shown
    expect(_headcount(page)).not_to_have_text(["0"])


def test_the_reason_a_file_was_refused_shows_without_a_click(page, tmp_path):
    _load_without_ethnicity(page, tmp_path)
    error = page.get_by_test_id("stAlert").filter(has_text="no column for ethnicity")
    expect(error).to_be_visible(timeout=3_000)


def test_a_column_picked_in_the_mapping_step_is_used(page, tmp_path):
    header = "Employee Number,Heritage,Pay Band,Staff Group,Directorate"
    _load_staff_file(page, _staff_csv(tmp_path / "heritage.csv", header, STAFF_ROWS))
    expect(_refusal(page)).to_be_visible()
    page.wait_for_selector(IDLE)
    _choose(page, "Which column holds the ethnicity?", "Heritage")
    expect(page.get_by_text("Column matches used for staff in post")).to_contain_text(
        "Heritage → ethnicity", timeout=3_000
    )
    page.get_by_role("button", name="Load", exact=True).click()
    expect(page.get_by_text("Loaded. The pages now show your data.")).to_be_visible()


def test_the_board_pack_downloads_as_a_workbook_built_on_the_click(page, tmp_path):
    import openpyxl

    _go_to(page, "5. Evaluate and share")
    page.get_by_text("Prepare the board pack").click()
    button = page.get_by_role("button", name="Download as Excel workbook")
    expect(button).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("wres-board-pack-") and path.suffix == ".xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "About"
    assert "Results" in book.sheetnames and "Suppression audit" in book.sheetnames
    _no_errors(page)


def test_compare_trusts_draws_the_funnel_and_a_trust_profile(page):
    _go_to(page, "Compare trusts")
    expect(page.get_by_text("Funnel plot of WRES2 in 2025")).to_be_visible()
    _choose(page, "Highlight a trust", "Alderwick Hospitals NHS Trust")
    expect(
        page.get_by_role("heading", name="Trust profile: Alderwick Hospitals NHS Trust")
    ).to_be_visible()
    _no_errors(page)


# ---------------------------------------------------------------------------------------------
# The survey: every page from the sidebar, at each width, in each theme


@dataclass(frozen=True)
class View:
    """One page at one width in one theme, as measured in the browser."""

    page: str
    width: int
    theme: str
    screenshot: Path
    background: str  # the app's background colour
    fit: dict
    chart_text: list[support.TextSample]
    canvas_charts: list[str]
    page_text: list[support.TextSample]

    def __str__(self) -> str:
        return f"{self.page} at {self.width} px, {self.theme}"


def _settle(page, *, timeout_s: float = 8.0) -> None:
    """Wait until the app is idle, every chart has drawn and the layout (the main area's height,
    each chart's and dataframe's size) reads the same twice running."""
    page.wait_for_selector(IDLE)
    page.wait_for_function(support.CHARTS_DRAWN_JS, timeout=TIMEOUT_MS)
    deadline = time.monotonic() + timeout_s
    before = page.evaluate(support.LAYOUT_SIGNATURE_JS)
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)
        now = page.evaluate(support.LAYOUT_SIGNATURE_JS)
        if now == before:
            break
        before = now
    page.wait_for_selector(IDLE)


def _nav_links(page) -> list[tuple[str, str]]:
    """(title, href) of every page in the sidebar navigation, in order."""
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    return [(link.inner_text().strip(), link.get_attribute("href") or "") for link in links.all()]


def _measure(page, title: str, width: int, theme: str, folder: Path) -> View:
    page.set_viewport_size({"width": width, "height": 1000})
    _settle(page)
    height = min(int(page.evaluate(support.CONTENT_HEIGHT_JS)), 16_000)
    page.set_viewport_size({"width": width, "height": max(height, 1000)})  # the whole page
    _settle(page)
    shot = folder / support.screenshot_name(title, width, theme)
    page.screenshot(path=shot, full_page=True)
    chart_raw = page.evaluate(support.CHART_TEXT_JS)
    return View(
        page=title,
        width=width,
        theme=theme,
        screenshot=shot,
        background=page.evaluate(support.APP_BACKGROUND_JS),
        fit=page.evaluate(support.FIT_JS),
        chart_text=support.samples([r for r in chart_raw if not r.get("canvas")]),
        canvas_charts=[r["where"] for r in chart_raw if r.get("canvas")],
        page_text=support.samples(page.evaluate(support.PAGE_TEXT_JS)),
    )


@pytest.fixture(scope="module")
def survey(browser, app_url: str) -> list[View]:
    """Every sidebar page, each width, each theme: one browser context per theme (a person whose
    system is set to dark), one session walking the pages as a person would, the window
    resized on each page."""
    folder = support.screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    views: list[View] = []
    for theme in support.THEMES:
        context = browser.new_context(
            base_url=app_url, viewport={"width": 1920, "height": 1000}, color_scheme=theme
        )
        context.set_default_timeout(TIMEOUT_MS)
        tab = context.new_page()
        try:
            open_app(tab)
            links = _nav_links(tab)
            assert len(links) >= 2, f"the sidebar lists {len(links)} pages"
            for title, href in links:
                tab.set_viewport_size({"width": 1920, "height": 1000})  # sidebar shown
                tab.get_by_test_id("stSidebarNav").get_by_role(
                    "link", name=title, exact=True
                ).click()
                # the address carries the journey's unit and year (and a workspace) as a query
                expect(tab).to_have_url(re.compile(rf"^{re.escape(href)}(\?.*)?$"))
                tab.wait_for_selector("h1")
                _settle(tab)
                _no_errors(tab)
                for width in support.WIDTHS:
                    views.append(_measure(tab, title, width, theme, folder))
            # the other standards' pages: steps 1 and 2 (and 3 for the WDES), chosen by address
            hrefs = dict(links)
            for standard, steps in STANDARD_PAGES.items():
                for title in steps:
                    tab.set_viewport_size({"width": 1920, "height": 1000})
                    tab.goto(f"{hrefs[title]}?standard={standard}")
                    tab.wait_for_selector("h1")
                    _settle(tab)
                    _no_errors(tab)
                    for width in support.WIDTHS:
                        views.append(_measure(tab, f"{title} {standard}", width, theme, folder))
        finally:
            context.close()
    return views


STANDARD_PAGES = {
    "WDES": ("1. Run the data", "2. Review and analyse", "3. Understand lived experience"),
    "PAYGAP": ("2. Review and analyse",),
    "MEDICAL": ("1. Run the data", "2. Review and analyse"),
}


def test_screenshots_of_every_page_at_each_width_and_theme(survey):
    pages = {v.page for v in survey}
    assert len(survey) == len(pages) * len(support.WIDTHS) * len(support.THEMES)
    for view in survey:
        assert view.screenshot.is_file(), f"no screenshot for {view}"
        with view.screenshot.open("rb") as shot:
            assert shot.read(8) == b"\x89PNG\r\n\x1a\n", f"{view.screenshot} is not a PNG"
    for view in survey:  # Streamlit follows the browser's colour scheme
        background = support.parse_colour(view.background)
        assert background is not None, f"{view}: background {view.background!r}"
        assert support.is_dark(background) == (view.theme == "dark"), (
            f"{view}: the app's background is {view.background}, not a {view.theme} theme"
        )


def test_every_chart_fits_its_box_at_each_width_and_theme(survey):
    problems = []
    for view in survey:
        for chart in view.fit["charts"]:
            edge = min(chart["box_right"], chart["limit"])
            if chart["drawn_right"] > edge + support.SLACK_PX:
                problems.append(
                    f"{view}: chart {chart['title']!r} is drawn {chart['drawn_width']:.0f} px "
                    f"wide and reaches {chart['drawn_right']:.0f} px, past its box's edge at "
                    f"{edge:.0f} px"
                )
        seen = set()
        for item in view.fit["sticking"]:
            key = (item["what"], item["text"])
            if key not in seen:
                seen.add(key)
                problems.append(
                    f"{view}: {item['what']} {item['text']!r} reaches {item['right']:.0f} px, "
                    f"past the main block's edge at {item['limit']:.0f} px"
                )
        if view.fit["main_scroll"] > support.SLACK_PX or view.fit["page_scroll"] > 0:
            problems.append(
                f"{view}: the page scrolls sideways by "
                f"{max(view.fit['main_scroll'], view.fit['page_scroll'])} px"
            )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _contrast_report(failing: list[tuple[View, support.TextSample]]) -> str:
    """One line per view and place (chart or element), with the count and a few examples."""
    grouped: dict[tuple[str, str], list[support.TextSample]] = {}
    for view, sample in failing:
        grouped.setdefault((str(view), sample.where), []).append(sample)
    lines = []
    for (view, where), found in grouped.items():
        examples = "; ".join(s.describe() for s in found[:3])
        lines.append(f"{view}: {where}: {len(found)} text(s) below the ratio, e.g. {examples}")
    return "\n".join(lines)


def test_chart_text_contrast_at_each_width_and_theme(survey):
    unmeasurable = [
        f"{v}: chart {c!r} is drawn on a canvas" for v in survey for c in v.canvas_charts
    ]
    assert not unmeasurable, "\n".join(unmeasurable)
    assert any(v.chart_text for v in survey), "no chart text found on any page"
    failing = [(v, s) for v in survey for s in support.low_contrast(v.chart_text)]
    if failing:
        pytest.fail(
            f"chart text below {support.MIN_CONTRAST}:1 against what lies beneath it:\n"
            + _contrast_report(failing),
            pytrace=False,
        )


def test_page_text_contrast_at_each_width_and_theme(survey):
    failing = [(v, s) for v in survey for s in support.low_contrast(v.page_text, page_text=True)]
    if failing:
        pytest.fail(
            f"page text below {support.MIN_CONTRAST}:1 (large text {support.MIN_CONTRAST_LARGE}:1)"
            " against its background:\n" + _contrast_report(failing),
            pytrace=False,
        )


# ---------------------------------------------------------------------------------------------
# The journey (issue 9), one browser, in order.
#
# JOURNEY TEXTS: every text on the pages the journey relies on, as issue 9 describes them. Align
# these with the pages as they land; patterns are forgiving (case, wording around them).

LANDING_HEADING = re.compile(r"^Start here$")
LANDING_STEPS = re.compile(r"Run the data", re.I)  # the five steps are listed
DATA_PAGE = "Use your own data"  # sidebar link
STEP_PAGES = (  # sidebar links of steps 1-5
    "1. Run the data",
    "2. Review and analyse",
    "3. Understand lived experience",
    "4. Identify themes and plan",
    "5. Evaluate and share",
)
UPLOAD_BOX = "stFileUploader"  # test id of the one upload box on the data page
KIND_STAFF = re.compile(r"staff in post", re.I)  # a file's detected kind
KIND_COUNTS = re.compile(r"counts", re.I)
YEAR_FROM_TITLE = re.compile(  # the year found in a title row, said beside the file
    rf"(title row|{re.escape(support.SNAPSHOT_TITLE)}|Run date)[^\n]*{support.EXTRACT_YEAR}"
    rf"|{support.EXTRACT_YEAR}[^\n]*title row",
    re.I,
)
LOAD_BUTTON = re.compile(r"^Load", re.I)
# the data page's own message (the sidebar says "last loaded on" after a reload)
LOADED = "Loaded. The pages now show your data."
UNIT_KIND_DIRECTORATE = re.compile(r"^A directorate$", re.I)  # radio option or select option
UNIT_KIND_LABEL = re.compile(r"Look at|Unit", re.I)  # when the unit kind is a select box
UNIT_KIND_WHOLE = re.compile(r"^Whole organisation$", re.I)
DIRECTORATE_LABEL = re.compile(r"^Directorate", re.I)
# step 1 offers the trust's own name for HR & OD as HR & OD: "People & OD (HR & OD)"
DIRECTORATE_OPTION = re.compile(rf"^{re.escape(support.HR_DIRECTORATE)} \(HR & OD\)$")
ACTION_UNIT_OPTION = re.compile(rf"^{re.escape(support.HR_DIRECTORATE)}$")  # step 4's unit list
YEAR_LABEL = re.compile(r"^WRES year", re.I)
URL_UNIT_PREFIX = "directorate:"  # ?unit=directorate:NAME&year=2025
ACTION_LABEL = "Action"
ACTION_TITLE = "Sponsorship programme for BME staff aiming at Band 8a"
OWNER_LABEL = re.compile(r"^Owner", re.I)
OWNER = "Director of People"
INDICATOR_LABEL = re.compile(r"^Indicator", re.I)
INDICATOR_1 = re.compile(r"^(WRES ?1|Indicator 1)\b", re.I)
ACTION_UNIT_LABEL = re.compile(r"^For which part of the organisation", re.I)
ACTION_BAND_LABEL = re.compile(r"^Band \(for indicator 1\)", re.I)
TARGET_LABEL = re.compile(r"^Target value", re.I)
TARGET_VALUE = "25"  # BME share of Band 8a in the directorate, %
TARGET_YEAR_LABEL = re.compile(r"^Year to reach it", re.I)
TARGET_YEAR = "2027"
ADD_ACTION = "Add action"
ACTION_ADDED = re.compile(r"^Action added: ")
VERDICT = re.compile(r"^(met|not yet|cannot tell yet|no data)$", re.I)  # a whole cell
PREPARE_PACK = re.compile(r"Prepare the board pack", re.I)
PACK_DOWNLOAD = re.compile(r"^Download (as )?(an? )?(Excel|PowerPoint|PDF)", re.I)
SAMPLE_ORGANISATION = "Northbrook Valley NHS Foundation Trust"  # in the counts return
RESTORED = re.compile(r"Brought back after a reload", re.I)  # the sidebar, after a reload
BAD_FILE_WHY = "Why, and how to fix it"  # the expander under the sentence
BAD_FILE_REASON = re.compile(r"not a valid Excel workbook", re.I)
ERROR_SENTENCE_END = re.compile(r"[.!?](\s|$)")
JOURNEY_WAIT_MS = 10_000  # for what must be on screen once the app is idle


def _open(page, link: str) -> None:
    """A page from the sidebar, waited for by its heading (which starts with the link's text)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    heading = page.get_by_role("heading", level=1, name=re.compile("^" + re.escape(link)))
    heading.wait_for()
    _no_errors(page)


def _pick(page, label: re.Pattern, option: re.Pattern) -> None:
    """Choose `option` by label, whether the control is a radio group or a select box."""
    page.wait_for_selector(IDLE)
    radio = page.get_by_test_id("stRadio").get_by_text(option)
    # the sidebar may still be drawing after the page's heading: wait for either control
    radio.or_(page.get_by_role("combobox", name=label)).first.wait_for()
    if radio.count():
        radio.first.click()
    else:
        _choose(page, label, option)
    page.wait_for_selector(IDLE)


def _upload(page, *files: Path) -> None:
    """Into the data page's one upload box: clear what it holds, then add every file at once."""
    boxes = page.get_by_test_id("stMain").get_by_test_id(UPLOAD_BOX)
    expect(boxes, "the data page has one upload box").to_have_count(1)
    remove = boxes.get_by_role("button", name=re.compile(r"^Remove "))
    while remove.count():
        remove.first.click()
        page.wait_for_selector(IDLE)
    boxes.locator("input[type=file]").set_input_files(list(files))
    for path in files:
        expect(_file_chip(boxes, path)).to_be_visible()
    page.wait_for_selector(IDLE)


def _type(page, field, text: str) -> None:
    """Fill a text or number field and press Enter, which hands the value to Streamlit (a click
    elsewhere would too, but could land while the app is rerunning)."""
    field.fill(text)
    field.press("Enter")
    page.wait_for_selector(IDLE)


def _caption_names(page, *words: str) -> None:
    caption = page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer")
    for word in words:
        caption = caption.filter(has_text=word)
    expect(caption.first, f"a caption naming {words}").to_be_visible(timeout=JOURNEY_WAIT_MS)


def _download(page, button, folder: Path) -> Path:
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        button.click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def _one_plain_sentence(alert, *names: str) -> None:
    """The alert leads with one sentence (file names, with their dots, aside)."""
    first = (alert.locator("p").first.text_content() or "").strip()
    for name in names:
        first = first.replace(name, "the file")
    assert len(ERROR_SENTENCE_END.findall(first)) == 1, f"not one sentence: {first!r}"


def test_the_five_step_journey_with_a_trusts_own_files(browser, app_url, tmp_path):
    """Issue 9's journey, in one browser: a reload in the middle starts a new session, so the
    figures after it can only come from the workspace's saved counts named in the address."""
    extract = support.write_esr_extract(tmp_path)
    _, facts = support.esr_extract_rows()
    board = support.write_board(tmp_path)
    counts = support.copy_counts_return(tmp_path)
    bad = support.write_bad_file(tmp_path)
    context = browser.new_context(base_url=app_url, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        # the landing page says what the tool is and lists the five steps
        open_app(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            LANDING_HEADING, timeout=JOURNEY_WAIT_MS
        )
        expect(page.get_by_test_id("stMain").get_by_text(LANDING_STEPS).first).to_be_visible()
        _no_errors(page)

        # the extract and the board file through the one upload box; the year from a title row
        _open(page, DATA_PAGE)
        _upload(page, extract, board)
        expect(page.get_by_text(KIND_STAFF).first).to_be_visible(timeout=JOURNEY_WAIT_MS)
        expect(page.get_by_text(YEAR_FROM_TITLE).first).to_be_visible(timeout=JOURNEY_WAIT_MS)
        page.get_by_role("button", name=LOAD_BUTTON).first.click()
        expect(page.get_by_test_id("stAlert").filter(has_text=LOADED)).to_be_visible()
        _no_errors(page)

        # step 1: the HR & OD directorate (called People & OD here) in 2025, its own headcount
        _open(page, STEP_PAGES[0])
        _pick(page, UNIT_KIND_LABEL, UNIT_KIND_DIRECTORATE)
        _pick(page, DIRECTORATE_LABEL, DIRECTORATE_OPTION)
        if page.get_by_role("combobox", name=YEAR_LABEL).count():
            _pick(page, YEAR_LABEL, re.compile(f"^{support.EXTRACT_YEAR}$"))
        _caption_names(page, support.HR_DIRECTORATE, str(support.EXTRACT_YEAR))
        expect(_headcount(page)).to_have_text(str(facts.hr_people))

        # steps 2-5 keep it, and so does a reload (from the URL)
        for step in STEP_PAGES[1:]:
            _open(page, step)
            _caption_names(page, support.HR_DIRECTORATE, str(support.EXTRACT_YEAR))
        page.reload()
        page.wait_for_selector(IDLE)
        _caption_names(page, support.HR_DIRECTORATE, str(support.EXTRACT_YEAR))
        query = parse_qs(urlparse(page.url).query)
        assert query.get("year") == [str(support.EXTRACT_YEAR)], page.url
        assert query.get("unit") == [URL_UNIT_PREFIX + support.HR_DIRECTORATE], page.url
        assert query.get("org"), f"the address names no workspace: {page.url}"
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text(RESTORED).first).to_be_visible(timeout=JOURNEY_WAIT_MS)
        _open(page, STEP_PAGES[0])  # the loaded data's figures, not the sample's
        _caption_names(page, support.HR_DIRECTORATE, str(support.EXTRACT_YEAR))
        expect(_headcount(page)).to_have_text(str(facts.hr_people))

        # step 4: an action on indicator 1 for the directorate's Band 8a, with a target; the
        # form starts on the journey's unit
        _open(page, STEP_PAGES[3])
        expect(page.get_by_role("combobox", name=ACTION_UNIT_LABEL)).to_have_value(
            support.HR_DIRECTORATE
        )
        _type(page, page.get_by_label(ACTION_LABEL, exact=True), ACTION_TITLE)
        _type(page, page.get_by_label(OWNER_LABEL).first, OWNER)
        _pick(page, INDICATOR_LABEL, INDICATOR_1)
        _pick(page, ACTION_UNIT_LABEL, ACTION_UNIT_OPTION)
        _pick(page, ACTION_BAND_LABEL, re.compile(f"^{re.escape(support.TARGET_BAND)}$", re.I))
        _type(page, page.get_by_label(TARGET_LABEL).first, TARGET_VALUE)
        _type(page, page.get_by_label(TARGET_YEAR_LABEL).first, TARGET_YEAR)
        page.get_by_role("button", name=ADD_ACTION).click()
        expect(page.get_by_text(ACTION_ADDED).first).to_be_visible()
        _no_errors(page)
        cell = page.locator("td[role='gridcell']")  # inside a row of a table
        planned = (
            page.locator("[data-testid='stDataFrame'] tr")
            .filter(has=cell.filter(has_text=ACTION_TITLE))
            .filter(has=cell.filter(has_text=ACTION_UNIT_OPTION))
            .filter(has=cell.filter(has_text=re.compile(f"^{re.escape(support.TARGET_BAND)}$")))
        )
        expect(planned, "the plan's row names the action's unit and band").to_have_count(1)

        # step 5: the action is judged on its band, and the board pack downloads
        _open(page, STEP_PAGES[4])
        row = (
            page.locator("[data-testid='stDataFrame'] tr")
            .filter(has=cell.filter(has_text=ACTION_TITLE))
            .filter(has=cell.filter(has_text=f"{support.HR_DIRECTORATE}, {support.TARGET_BAND}"))
            .filter(has=cell.filter(has_text=VERDICT))
        )
        expect(row, "the action's row names its unit and band, and a verdict").to_have_count(
            1, timeout=JOURNEY_WAIT_MS
        )
        page.get_by_text(PREPARE_PACK).first.click()
        buttons = page.get_by_role("button", name=PACK_DOWNLOAD)
        expect(buttons.first).to_be_visible()
        for i in range(buttons.count()):
            path = _download(page, buttons.nth(i), tmp_path)
            signature = support.SIGNATURES.get(path.suffix)
            assert signature is not None, f"unexpected board pack format: {path.name}"
            assert path.read_bytes()[: len(signature)] == signature, f"{path.name} is not real"
        _no_errors(page)

        # a counts return saved as CSV loads, and its figures show on step 1
        _open(page, DATA_PAGE)
        _upload(page, counts)
        expect(page.get_by_text(KIND_COUNTS).first).to_be_visible(timeout=JOURNEY_WAIT_MS)
        page.get_by_role("button", name=LOAD_BUTTON).first.click()
        expect(page.get_by_test_id("stAlert").filter(has_text=LOADED)).to_be_visible()
        _no_errors(page)
        _open(page, STEP_PAGES[0])
        _pick(page, UNIT_KIND_LABEL, UNIT_KIND_WHOLE)
        _caption_names(page, SAMPLE_ORGANISATION)
        figures = page.get_by_test_id("stMetricValue").filter(has_text=re.compile(r"[1-9]"))
        expect(figures.first).to_be_visible()
        _no_errors(page)

        # a bad file gets one plain sentence naming it, the reason a click away, no traceback
        _open(page, DATA_PAGE)
        _upload(page, bad)
        alert = page.get_by_test_id("stAlert").filter(has_text=bad.name)
        expect(alert).to_have_count(1, timeout=JOURNEY_WAIT_MS)
        _one_plain_sentence(alert, bad.name)
        page.get_by_text(BAD_FILE_WHY, exact=True).click()
        expect(page.get_by_text(BAD_FILE_REASON).first).to_be_visible()
        _no_errors(page)
    finally:
        context.close()
