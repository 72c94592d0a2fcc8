"""End to end: a server whose administrator set a warehouse (INCLUSIVEHR_WAREHOUSE_URL, a DuckDB
file made here from the sample trust's CSVs), driven in headless Chromium.

A person on the data page picks the warehouse's tables (each starts on the table its name
says), computes the counts in the warehouse, sees on step 1 the headcount the CSVs give (worked
out here with pandas) and the sidebar saying the counts came from the warehouse, then builds
the board pack on step 5. The data page's warehouse section is photographed at 390 px and
1920 px, light and dark, into the screenshot folder, and must fit the phone's width.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import e2e_support as support
import pandas as pd
import pytest
from test_e2e import (  # the server, the browser and the helpers of the main browser test
    IDLE,
    PACK_DOWNLOAD,
    PREPARE_PACK,
    TIMEOUT_MS,
    _choose,
    _download,
    _go_to,
    _headcount,
    _measure,
    _no_errors,
    browser,  # noqa: F401 - a fixture
    expect,
    open_app,
    streamlit_server,
)

TRUST = Path(__file__).resolve().parents[2] / "sample_data" / "trust"
TABLES = {"staff": "esr_staff", "recruitment": "trac_recruitment",
          "disciplinary": "disciplinary_cases", "training": "cpd_training",
          "board": "board_members", "survey": "staff_survey"}  # fmt: skip
DATA_PAGE = "Use your own data"
SECTION = "Tables in your warehouse"
COMPUTE = "Compute counts in the warehouse"
COMPUTED = "Counted in the warehouse"
NOTICE = re.compile(r"Counted in your organisation's warehouse.*no row was copied")
RENAMED = "z_people_renamed"  # the staff rows with the pay band under a name not known
ODD = "GRD_CODE_X"
WORDS = {"staff": "Staff in post (needed)", "recruitment": "Recruitment",
         "disciplinary": "Disciplinary cases", "training": "Non-mandatory training and CPD",
         "board": "Board members", "survey": "Staff survey results"}  # fmt: skip


def text_frame(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with a fresh store and a warehouse: the sample trust's six CSVs as text tables
    in a DuckDB file, under warehouse-style names."""
    import duckdb

    folder = tmp_path_factory.mktemp("e2e_warehouse")
    path = folder / "workforce.db"
    with duckdb.connect(str(path)) as con:
        for kind, table in TABLES.items():
            frame = text_frame(TRUST / f"{kind}.csv")  # noqa: F841 - read by DuckDB by name
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM frame')
        frame = text_frame(TRUST / "staff.csv").rename(columns={"Pay Band": ODD})  # noqa: F841
        con.execute(f'CREATE TABLE "{RENAMED}" AS SELECT * FROM frame')
    env = {**os.environ, "INCLUSIVEHR_DATA_DIR": str(folder),
           "INCLUSIVEHR_WAREHOUSE_URL": f"duckdb:///{path}"}  # fmt: skip
    env.pop("INCLUSIVEHR_DB_URL", None)
    with streamlit_server(env, folder) as url:
        yield url


def _computed(browser, app_url: str, theme: str):  # noqa: F811 - the fixture's value
    """A new session in this colour scheme, on the data page, its warehouse tables computed."""
    context = browser.new_context(base_url=app_url, viewport={"width": 1920, "height": 1000},
                                  color_scheme=theme, accept_downloads=True)  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    open_app(page)
    _go_to(page, DATA_PAGE)
    expect(page.get_by_role("heading", name=SECTION)).to_be_visible()
    for kind, table in TABLES.items():  # each select starts on the table its name says
        expect(page.get_by_role("combobox", name=WORDS[kind])).to_have_value(table)
    page.get_by_role("button", name=COMPUTE).click()
    expect(page.get_by_text(COMPUTED)).to_be_visible(timeout=TIMEOUT_MS * 2)
    _no_errors(page)
    return context, page


def test_the_warehouse_section_at_each_width_and_theme(browser, app_url):  # noqa: F811
    folder = support.screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for theme in support.THEMES:
        context, page = _computed(browser, app_url, theme)
        try:
            for width in support.WIDTHS:
                view = _measure(page, f"{DATA_PAGE} warehouse", width, theme, folder)
                assert view.screenshot.is_file()
                for item in view.fit["sticking"]:
                    problems.append(f"{width} px {theme}: {item['what']} {item['text']!r} "
                                    f"sticks out to {item['right']:.0f} px")  # fmt: skip
                if view.fit["main_scroll"] > support.SLACK_PX or view.fit["page_scroll"] > 0:
                    problems.append(f"{width} px {theme}: the page scrolls sideways")
                for sample in support.low_contrast(view.page_text, page_text=True):
                    problems.append(f"{width} px {theme}: low contrast: {sample.describe()}")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_warehouse_counts_through_step_1_to_the_board_pack(browser, app_url, tmp_path):  # noqa: F811
    staff = text_frame(TRUST / "staff.csv")
    latest = staff["Year"].astype(int).max()
    # people counted once, left out only when every assignment of theirs is bank
    in_post = staff[(staff["Year"] == str(latest)) & (staff["Assignment Category"] != "Bank")]
    expected = in_post["Employee Number"].nunique()
    context, page = _computed(browser, app_url, "light")
    try:
        expect(page.get_by_test_id("stSidebar").get_by_text(NOTICE)).to_be_visible()
        _go_to(page, "1. Run the data")
        expect(_headcount(page)).to_have_text(f"{expected:,}")
        expect(page.get_by_test_id("stSidebar").get_by_text(NOTICE)).to_be_visible()
        _go_to(page, "5. Evaluate and share")
        page.get_by_text(PREPARE_PACK).first.click()
        buttons = page.get_by_role("button", name=PACK_DOWNLOAD)
        expect(buttons.first).to_be_visible(timeout=TIMEOUT_MS)
        path = _download(page, buttons.first, tmp_path)
        signature = support.SIGNATURES[path.suffix]
        assert path.read_bytes()[: len(signature)] == signature, f"{path.name} is not real"
        _no_errors(page)
    finally:
        context.close()


def test_a_column_not_recognised_is_asked_for_on_the_page(browser, app_url):  # noqa: F811
    """The staff table's pay band column has a name the tool does not know: the refusal says
    so and asks which column holds it (photographed at phone width); the choice computes."""
    context = browser.new_context(base_url=app_url, viewport={"width": 1920, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        open_app(page)
        _go_to(page, DATA_PAGE)  # from the sidebar, shown at this width; then a phone's
        page.set_viewport_size({"width": 390, "height": 1000})
        _choose(page, WORDS["staff"], RENAMED)
        page.wait_for_selector(IDLE)
        page.get_by_role("button", name=COMPUTE).click()
        question = "Which column holds the pay band?"
        expect(page.get_by_role("combobox", name=question)).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("The warehouse could not be used")).to_be_visible()
        # one sentence: the columns are in the select, not listed in the error as well
        expect(page.get_by_text("Columns found")).to_have_count(0)
        folder = support.screenshot_dir()
        folder.mkdir(parents=True, exist_ok=True)
        view = _measure(page, f"{DATA_PAGE} warehouse column", 390, "light", folder)
        assert not view.fit["sticking"] and view.fit["page_scroll"] <= 0, view.fit
        _choose(page, question, ODD)
        expect(page.get_by_text(COMPUTED)).to_be_visible(timeout=TIMEOUT_MS * 2)
        expect(page.get_by_text("The warehouse could not be used")).to_have_count(0)
        _no_errors(page)
    finally:
        context.close()
