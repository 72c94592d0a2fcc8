"""Text from data is text, in a real browser: `streamlit run` on a database whose workspace is
full of hostile names (organisation, directorate, staff group, band, the loaded file's name,
remembered column matches and labels, a snapshot, a theme, an action and its owner), opened at
an address that asks for the hostile directorate and a hostile year, then every page in the
sidebar visited in turn, a network return with a hostile trust, trust type and file name
loaded on Compare trusts, and a casework log with a hostile employer and file name loaded on
Union casework.

On each page the DOM must hold no element made from the data: no image from an outside host, no
link to javascript:, to an outside host or to an e-mail address, no bold or struck-out text,
script, coloured text, LaTeX or material icon whose content is the hostile text's, while the
hostile text itself is visible as written. Every request the page makes is recorded, and any to
a host other than the loopback address is aborted and fails the test (an image from outside
would tell its host that the page was opened, and from where).

Shares the browser setup of test_e2e.py (Debian's chromium, never Playwright's download) and is
skipped with it."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
import test_e2e as e2e  # tests/dashboard/test_e2e.py: skips this module too without a browser
from hostile_text import (  # tests/dashboard/hostile_text.py, beside this file
    ACTION,
    DIRECTORATE,
    FILE_NAME,
    HEADER,
    LABEL,
    ORG,
    OWNER,
    SNAPSHOT,
    THEME,
    TRUST,
    casework_files,
    counts_return,
    network_return,
)

from dashboard.state import WORKSPACE_PARAM
from dashboard.store import Store
from metrics.inputs.pipeline import Sources, load
from metrics.inputs.readers import Upload

REPO = Path(__file__).resolve().parents[2]
LOCAL = {"127.0.0.1", "localhost"}
VISIBLE = "**bold** <b>b</b> [x](javascript:"  # how every hostile name starts, as text

# What the browser made of the data, if anything: elements whose content is the hostile text's.
MADE_FROM_DATA_JS = r"""() => {
  const found = [];
  const outside = (u) => {
    try { return !["127.0.0.1", "localhost"].includes(new URL(u, location.href).hostname); }
    catch (e) { return true; }
  };
  for (const img of document.querySelectorAll("img")) {
    const src = img.getAttribute("src") || "";
    if (!src.startsWith("data:") && !src.startsWith("blob:") && outside(src)) found.push("img " + src);
  }
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href").trim();
    if (/^(javascript|mailto):/i.test(href) || href.includes("example.invalid")) found.push("a " + href);
  }
  const words = ["bold", "b", "x", "s", "u"];
  for (const el of document.querySelectorAll("b, strong, em, del, s, script, .stMarkdownColoredText, .stMarkdownColoredBackground, .stMarkdownBadge")) {
    if (words.includes((el.textContent || "").trim())) found.push(el.tagName.toLowerCase() + " " + el.textContent.trim());
  }
  for (const el of document.querySelectorAll(".katex")) found.push("LaTeX " + el.textContent.trim());
  for (const el of document.querySelectorAll("[data-testid='stMarkdownContainer'] span[role='img']")) {
    found.push("icon " + (el.getAttribute("aria-label") || el.textContent));
  }
  return found;
}"""


def _seed(url: str) -> None:
    """The organisation's workspace as a load and a person's work would leave it."""
    loaded = load(Sources(counts=Upload(FILE_NAME, counts_return()), organisation=ORG))
    assert not loaded.errors
    db = Store(url)
    try:
        ws = db.create_workspace(ORG, organisation=ORG)
        db.save_loaded(ws.id, loaded.counts, f"Your data: {FILE_NAME}", [])
        db.save_mapping(ws.id, "staff", {HEADER: "ethnicity"})
        db.save_mapping(ws.id, "labels:ethnicity", {LABEL: "BME"})
        db.save_snapshot(ws.id, SNAPSHOT, loaded.counts, {})
        theme = db.add_theme(ws.id, THEME, [THEME[:20]], "Other", date(2025, 5, 1))
        db.add_action(ws.id, ACTION, indicator="WRES2", theme_id=theme.id, owner=OWNER, due=None,
                      target_value=1.0, target_year=2027, unit="whole")  # fmt: skip
    finally:
        db.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on the seeded database; stopped afterwards."""
    folder = tmp_path_factory.mktemp("hostile_store")
    url = f"sqlite:///{folder / 'inclusivehr.db'}"
    _seed(url)
    with e2e.streamlit_server({**os.environ, "INCLUSIVEHR_DB_URL": url}, folder) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with e2e.sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=e2e.CHROMIUM, args=e2e.CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _settled(page) -> None:
    page.wait_for_selector("h1")
    page.wait_for_selector(e2e.IDLE)
    page.wait_for_timeout(300)  # images and links are drawn a moment after the script ends
    page.wait_for_selector(e2e.IDLE)


def _check(page, where: str, problems: list[str]) -> None:
    """Nothing made from the data on this page, and the hostile text shown as written."""
    problems += [f"{where}: {found}" for found in page.evaluate(MADE_FROM_DATA_JS)]
    if VISIBLE not in (page.locator("body").inner_text() or ""):
        problems.append(f"{where}: the hostile text is not shown as written")
    if page.get_by_test_id("stException").count():
        problems.append(f"{where}: an exception is shown")


def _load_network(page) -> None:
    """On Compare trusts: the hostile network return through the page's own upload box."""
    page.get_by_test_id("stExpander").get_by_text("Load your network's returns").click()
    upload = page.get_by_test_id("stFileUploader").filter(has_text="Counts returns")
    upload.locator("input[type=file]").set_input_files(
        files=[{"name": FILE_NAME, "mimeType": "text/csv", "buffer": network_return()}]
    )
    button = page.get_by_role("button", name="These are right: compare them")
    button.click()
    page.wait_for_selector(e2e.IDLE)
    e2e.expect(page.get_by_text("Data in use: Your returns")).to_be_visible()


def _load_casework(page) -> None:
    """On Union casework: a casework log and members naming a hostile employer, through the
    page's own upload boxes."""
    cases, members = casework_files()
    page.get_by_test_id("stExpander").get_by_text("Use your own casework log").click()
    boxes = page.get_by_test_id("stFileUploader")
    boxes.filter(has_text="Casework log").locator("input[type=file]").set_input_files(
        files=[{"name": FILE_NAME, "mimeType": "text/csv", "buffer": cases}]
    )
    page.wait_for_selector(e2e.IDLE)
    boxes.filter(has_text="Members file").locator("input[type=file]").set_input_files(
        files=[{"name": "members.csv", "mimeType": "text/csv", "buffer": members}]
    )
    page.wait_for_selector(e2e.IDLE)
    e2e.expect(page.get_by_text("Your casework log")).to_be_visible()


def test_no_page_makes_markup_or_outside_requests_from_data(browser, app_url):
    started = time.monotonic()
    outside: list[str] = []
    context = browser.new_context(base_url=app_url, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(e2e.TIMEOUT_MS)

    def route(r) -> None:  # abort anything for another host, and remember it
        if (urlparse(r.request.url).hostname or "") in LOCAL:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda r: (urlparse(r.url).hostname or "") in LOCAL or outside.append(r.url))
    problems: list[str] = []
    try:
        unit = quote(f"directorate:{DIRECTORATE}")
        year = quote("<img src=http://example.invalid/year.png>")
        e2e.open_app(page, f"/?{WORKSPACE_PARAM}={quote(ORG)}&unit={unit}&year={year}")
        _settled(page)
        _check(page, "the first page", problems)
        for title, _ in e2e._nav_links(page):
            page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
            page.get_by_role("heading", level=1, name=title, exact=True).wait_for()
            _settled(page)
            if title == "Compare trusts":
                _load_network(page)
                highlight = page.get_by_role("combobox", name="Highlight a trust")
                highlight.click()
                highlight.fill(TRUST[:14])  # "Trust **bold**": its option, in the open list
                page.get_by_role("listbox").wait_for()
                _check(page, "the open list of trusts", problems)
                highlight.press("Enter")
                page.get_by_role("heading", name=re.compile(r"^Trust profile: Trust")).wait_for()
                _settled(page)
            if title == "Union casework":
                _load_casework(page)
                _settled(page)
            _check(page, title, problems)
    finally:
        context.close()
    outside = [f"a request to an outside host: {url}" for url in dict.fromkeys(outside)]
    assert not problems + outside, problems + outside
    assert time.monotonic() - started < 120, "the hostile-text walk should take about a minute"
