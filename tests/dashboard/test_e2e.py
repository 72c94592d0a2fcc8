"""End to end: `streamlit run` on a free loopback port, driven in headless Chromium.

A person's path through the app: open it, visit every page from the sidebar, add an action to
the plan and find it again after reloading the browser (it comes from the database), load a
staff file of their own and see its headcount, and get a readable message for a file the app
cannot use (shown without a click, with a step to pick the right column), download the board
pack (built when the button is clicked) and compare trusts. No page may show an exception element
or a traceback.

Needs Playwright (the `dev` extra) and Debian's `chromium` package; Playwright's own browser
download is never used. Without them the whole module is skipped, and `make test` says so.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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

# (sidebar link and h1, URL path): the default page sits at "/"
PAGES = [
    ("1. Run the data", "/"),
    ("2. Review and analyse", "/review"),
    ("3. Understand lived experience", "/listen"),
    ("4. Identify themes and plan", "/plan"),
    ("5. Evaluate and share", "/evaluate"),
    ("Use your own data", "/data"),
    ("Compare trusts", "/compare"),
    ("Methods", "/methods"),
    ("Privacy", "/privacy"),
]

ETHNICITIES = [
    "A White - British",
    "N Black or Black British - African",
    "A White - British",
    "H Asian or Asian British - Indian",
    "C White - Any other White background",
    "M Black or Black British - Caribbean",
]
STAFF_ROWS = 12


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


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run dashboard/app.py` with a fresh SQLite store; stopped afterwards."""
    data_dir = tmp_path_factory.mktemp("e2e_store")
    log_path = data_dir / "streamlit.log"
    port = _free_port()
    env = {**os.environ, "INCLUSIVEHR_DATA_DIR": str(data_dir)}
    env.pop("INCLUSIVEHR_DB_URL", None)
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
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url: str):
    """A new browser context (so a new Streamlit session) on the app's default page."""
    context = browser.new_context(base_url=app_url, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.goto("/")
    _wait_for_page(tab, "1. Run the data")
    yield tab
    context.close()


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


def _choose(page, label: str, option: str) -> None:
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


def _load_staff_file(page, path: Path) -> None:
    """On "Use your own data": one file per kind, the staff file in its uploader, then Load."""
    _go_to(page, "Use your own data")
    page.get_by_test_id("stRadio").get_by_text("One file per kind", exact=True).click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Staff in post")
    uploader.locator("input[type=file]").set_input_files(path)
    expect(uploader.get_by_text(path.name)).to_be_visible()
    page.get_by_role("button", name="Load", exact=True).click()


def _refusal(page):
    """The message saying a load was refused: an alert, not the status box's label of the
    same words (both are on screen for a moment while the page reruns)."""
    return page.get_by_test_id("stAlert").filter(has_text="Some files could not be used")


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


def test_every_page_opens_from_the_sidebar_without_an_error(page, app_url):
    _no_errors(page)
    expect(_headcount(page)).not_to_have_text(["0"])  # the sample trust is loaded on first run
    for title, path in PAGES[1:] + PAGES[:1]:  # every page, then back to the first
        _go_to(page, title)
        expect(page).to_have_url(app_url + path)


def test_an_action_is_kept_after_reloading_the_browser(page):
    title = "Reverse mentoring for Band 5 nurses"
    _go_to(page, "4. Identify themes and plan")
    page.get_by_label("Action", exact=True).fill(title)
    page.get_by_label("Owner (a role, e.g. Director of People)").fill("Director of People")
    _choose(page, "Indicator it should move", "WRES2")
    expect(page.get_by_role("combobox", name="Indicator it should move")).to_have_value("WRES2")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    _no_errors(page)
    expect(_grid_cell(page, title)).to_have_count(1)

    page.reload()  # a new session: the action can only come from the database
    _wait_for_page(page, "4. Identify themes and plan")
    _no_errors(page)
    expect(page.get_by_text("Action added.")).to_have_count(0)
    expect(_grid_cell(page, title)).to_have_count(1)
    expect(_grid_cell(page, "Director of People")).to_have_count(1)
    expect(_grid_cell(page, "WRES2")).to_have_count(1)
    _go_to(page, "5. Evaluate and share")  # the evaluation lists it against its indicator
    expect(_grid_cell(page, title)).to_have_count(1)


def test_own_staff_file_replaces_the_sample(page, tmp_path):
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
    expect(error).to_contain_text("Rename the column")  # says what to do
    expect(page.get_by_role("combobox", name="Which column holds the ethnicity?")).to_be_visible()
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
    expect(page.get_by_text("Columns you have matched")).to_contain_text(
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
