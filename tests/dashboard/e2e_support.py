"""Helpers for the end-to-end browser test: fixture files, colour arithmetic and page probes.

Nothing here needs a browser to import, so the colour arithmetic and the fixture generators are
tested on their own (tests/dashboard/test_e2e_support.py) even where Chromium is missing.

The probes are JavaScript functions run in the page with `page.evaluate`. They only measure and
return plain data (sizes, CSS colour strings, opacities); the judging (contrast ratios, what
counts as too wide) happens here in Python, where it can be tested with worked examples.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT_ENV = "INCLUSIVEHR_SCREENSHOTS"
WIDTHS = (390, 1920)  # a phone and a wide desktop screen
THEMES = ("light", "dark")  # Chromium's prefers-color-scheme, which Streamlit follows
MIN_CONTRAST = 4.5  # WCAG 2.x AA for normal-size text
MIN_CONTRAST_LARGE = 3.0  # WCAG AA for large text (24 px, or 18.66 px bold); page text only
SLACK_PX = 1.0  # sub-pixel rounding allowed before an element counts as sticking out


def screenshot_dir() -> Path:
    """Where screenshots go: $INCLUSIVEHR_SCREENSHOTS, else .screenshots/ in the repository
    (listed in .gitignore, never committed)."""
    return Path(os.environ.get(SCREENSHOT_ENV) or REPO / ".screenshots")


def slug(text: str) -> str:
    """A file-name part from a page title: "2. Review and analyse" -> "2-review-and-analyse"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def screenshot_name(page_title: str, width: int, theme: str) -> str:
    return f"{slug(page_title)}-{width}-{theme}.png"


# ---------------------------------------------------------------------------------------------
# colour arithmetic (WCAG 2.x)

RGBA = tuple[float, float, float, float]  # red, green, blue in 0-255; alpha in 0-1
WHITE: RGBA = (255.0, 255.0, 255.0, 1.0)
_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")
_HEX = re.compile(r"#([0-9a-f]{3,8})", re.I)


def parse_colour(text: str) -> RGBA | None:
    """A CSS colour as the browser reports it (`rgb(…)`, `rgba(…)`, `#rrggbb`); None for `none`,
    `transparent` or anything else that paints nothing we can judge."""
    text = text.strip().lower()
    if match := _RGB.fullmatch(text):
        r, g, b, a = match.groups()
        alpha = 1.0 if a is None else float(a[:-1]) / 100 if a.endswith("%") else float(a)
        return float(r), float(g), float(b), alpha
    if match := _HEX.fullmatch(text):
        digits = match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(d * 2 for d in digits)
        if len(digits) not in (6, 8):
            return None
        channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        alpha = channels[3] / 255 if len(channels) == 4 else 1.0
        return float(channels[0]), float(channels[1]), float(channels[2]), alpha
    return None


def over(top: RGBA, bottom: RGBA) -> RGBA:
    """`top` painted over an opaque `bottom` (source-over), returned opaque."""
    a = top[3]
    return (*(top[i] * a + bottom[i] * (1 - a) for i in range(3)), 1.0)  # type: ignore[return-value]


def with_alpha(colour: RGBA, alpha: float) -> RGBA:
    return colour[0], colour[1], colour[2], colour[3] * alpha


def flatten(layers: list[RGBA], base: RGBA = WHITE) -> RGBA:
    """Layers listed bottom first, painted in turn over `base` (a browser's canvas is white)."""
    result = base
    for layer in layers:
        result = over(layer, result)
    return result


def relative_luminance(colour: RGBA) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: RGBA, background: RGBA) -> float:
    """WCAG contrast ratio of an opaque background and a foreground painted over it."""
    background = over(background, WHITE)
    foreground = over(foreground, background)
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def is_dark(colour: RGBA) -> bool:
    return relative_luminance(over(colour, WHITE)) < 0.2


@dataclass(frozen=True)
class TextSample:
    """One piece of text measured in the page: its colour and everything painted beneath it."""

    where: str  # the chart's title or the page element, for the failure message
    text: str
    colour: str  # CSS colour of the glyphs
    alpha: float  # opacity of the text and its ancestors, times fill-opacity for SVG
    beneath: tuple[tuple[str, float], ...]  # (CSS colour, opacity) bottom first
    large: bool = False

    def ratio(self) -> float | None:
        colour = parse_colour(self.colour)
        if colour is None:
            return None
        layers = [
            with_alpha(c, a) for css, a in self.beneath if (c := parse_colour(css)) is not None
        ]
        return contrast_ratio(with_alpha(colour, self.alpha), flatten(layers))

    def describe(self) -> str:
        """The text, its colour and its ratio (the place is said by the caller)."""
        ratio = self.ratio()
        shown = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return f"{shown!r} in {self.colour} at {ratio:.2f}:1"


def samples(raw: list[dict]) -> list[TextSample]:
    return [
        TextSample(
            where=r["where"],
            text=r["text"],
            colour=r["colour"],
            alpha=float(r["alpha"]),
            beneath=tuple((c, float(a)) for c, a in r["beneath"]),
            large=bool(r.get("large", False)),
        )
        for r in raw
    ]


def low_contrast(found: list[TextSample], *, page_text: bool = False) -> list[TextSample]:
    """Texts below the WCAG AA ratio; page text may use the large-text ratio when large."""
    failing = []
    for sample in found:
        ratio = sample.ratio()
        needed = MIN_CONTRAST_LARGE if page_text and sample.large else MIN_CONTRAST
        if ratio is not None and ratio < needed:
            failing.append(sample)
    return failing


# ---------------------------------------------------------------------------------------------
# probes run in the page

# Streamlit draws st.altair_chart / st.vega_lite_chart with vega-embed into
# [data-testid='stVegaLiteChart']; the drawing is <svg class="marks"> (Streamlit's default) or
# <canvas class="marks"> (its choice for charts with thousands of points).
_JS_COMMON = r"""
const CHARTS = "[data-testid='stVegaLiteChart']";
const visibleBox = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
const chartTitle = (box, i) => {
  const title = box.querySelector(".role-title-text, .role-title text");
  if (title && title.textContent.trim()) return title.textContent.trim();
  const labelled = box.querySelector("[aria-label]");
  return labelled ? labelled.getAttribute("aria-label").slice(0, 80) : `chart ${i + 1}`;
};
const backgroundsBehind = (el) => {  // HTML background colours from the page down to el
  const layers = [];
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const style = getComputedStyle(e);
    const c = style.backgroundColor;
    if (c && c !== "transparent" && c !== "rgba(0, 0, 0, 0)") layers.push([c, 1]);
  }
  return layers.reverse();
};
const opacityChain = (el, stop) => {
  let a = 1;
  for (let e = el; e && e !== stop; e = e.parentElement) a *= parseFloat(getComputedStyle(e).opacity || "1");
  return a;
};
"""

CHARTS_DRAWN_JS = (
    "() => {"
    + _JS_COMMON
    + r"""
  return [...document.querySelectorAll(CHARTS)].every((box) => {
    const marks = box.querySelector(".marks");
    if (!marks || !visibleBox(marks)) return false;
    return marks.tagName.toLowerCase() === "canvas" || marks.querySelector("g") !== null;
  });
}"""
)

LAYOUT_SIGNATURE_JS = (
    "() => {"
    + _JS_COMMON
    + r"""
  const main = document.querySelector("[data-testid='stMain']");
  const sizes = [...document.querySelectorAll(CHARTS + " .marks")].map(
    (m) => Math.round(m.getBoundingClientRect().width) + "x" + Math.round(m.getBoundingClientRect().height));
  return [main ? main.scrollHeight : 0, document.body.scrollWidth, ...sizes].join(",");
}"""
)

CONTENT_HEIGHT_JS = r"""() => {
  const main = document.querySelector("[data-testid='stMain']");
  const sidebar = document.querySelector("[data-testid='stSidebarContent']");
  const sidebarShown = sidebar && sidebar.getBoundingClientRect().right > 0;  // not slid away
  return Math.max(main ? main.scrollHeight : 0, sidebarShown ? sidebar.scrollHeight : 0);
}"""

APP_BACKGROUND_JS = (
    "() => getComputedStyle(document.querySelector(\"[data-testid='stApp']\")).backgroundColor"
)

FIT_JS = (
    "() => {"
    + _JS_COMMON
    + r"""
  const block = document.querySelector("[data-testid='stMainBlockContainer']");
  const main = document.querySelector("[data-testid='stMain']");
  const outer = block.getBoundingClientRect();
  const limit = outer.right - parseFloat(getComputedStyle(block).paddingRight || "0");
  const charts = [...document.querySelectorAll(CHARTS)].filter(visibleBox).map((box, i) => {
    const marks = box.querySelector(".marks");
    const b = box.getBoundingClientRect();
    const m = marks ? marks.getBoundingClientRect() : b;
    return {title: chartTitle(box, i), box_width: b.width, box_right: b.right,
            drawn_width: m.width, drawn_right: m.right, limit: limit};
  });
  // Anything else shown in the main block that passes the block's own edge (its padding is
  // room for Streamlit's handles), unless an ancestor inside the block clips it or scrolls it on
  // its own (a dataframe, a code block). Charts are judged above, against the content edge;
  // only the outermost element sticking out is named.
  const edge = outer.right;
  const sticking = [];
  for (const el of block.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= edge + 1) continue;
    if (el.closest(CHARTS) || sticking.some((s) => s.el.contains(el))) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    let contained = false;
    for (let a = el.parentElement; a && a !== block; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox !== "visible" && a.getBoundingClientRect().right <= edge + 1) { contained = true; break; }
    }
    if (!contained) sticking.push({el, right: r.right});
  }
  const named = (el) => { const n = el.closest("[data-testid]"); return n ? n.getAttribute("data-testid") : el.tagName.toLowerCase(); };
  return {charts: charts,
          sticking: sticking.slice(0, 10).map((s) => ({what: named(s.el),
            text: (s.el.textContent || "").trim().slice(0, 60), right: s.right, limit: edge})),
          main_scroll: main ? main.scrollWidth - main.clientWidth : 0,
          page_scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""
)

# Chart text: Streamlit renders Vega with the SVG renderer, so every label is an SVG <text> with
# a computed fill. What lies beneath a label is worked out from the drawing itself: the page's
# background colours down to the chart, then every filled shape painted before the text (SVG
# paints in document order) whose fill contains the text's centre (isPointInFill, in the
# shape's own coordinates).
CHART_TEXT_JS = (
    "() => {"
    + _JS_COMMON
    + r"""
  const out = [];
  [...document.querySelectorAll(CHARTS)].filter(visibleBox).forEach((box, i) => {
    const svg = box.querySelector("svg.marks");
    if (!svg) { out.push({canvas: true, where: chartTitle(box, i)}); return; }
    const where = chartTitle(box, i);
    const page = backgroundsBehind(svg);
    const all = [...svg.querySelectorAll("*")];
    const shapes = [];
    all.forEach((el, order) => {
      if (!(el instanceof SVGGeometryElement)) return;
      const style = getComputedStyle(el);
      if (!style.fill || style.fill === "none" || style.visibility === "hidden") return;
      const alpha = parseFloat(style.fillOpacity || "1") * opacityChain(el, svg.parentElement);
      if (alpha <= 0) return;
      shapes.push({el, order, fill: style.fill, alpha, rect: el.getBoundingClientRect()});
    });
    all.forEach((el, order) => {
      if (el.tagName.toLowerCase() !== "text") return;
      const text = (el.textContent || "").trim();
      const style = getComputedStyle(el);
      if (!text || style.fill === "none" || style.visibility === "hidden") return;
      const alpha = parseFloat(style.fillOpacity || "1") * opacityChain(el, svg.parentElement);
      const r = el.getBoundingClientRect();
      if (alpha <= 0 || r.width === 0) return;
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      const beneath = [...page];
      for (const s of shapes) {
        if (s.order >= order) break;
        if (x < s.rect.left || x > s.rect.right || y < s.rect.top || y > s.rect.bottom) continue;
        const ctm = s.el.getScreenCTM();
        if (!ctm) continue;
        const p = new DOMPoint(x, y).matrixTransform(ctm.inverse());
        if (s.el.isPointInFill(p)) beneath.push([s.fill, s.alpha]);
      }
      out.push({where, text, colour: style.fill, alpha, beneath});
    });
  });
  return out;
}"""
)

# Page text: the words in the main block and the sidebar (not inside charts or dataframes, which
# draw their own), each element that holds a text node of its own, against the background
# colours of its ancestors.
PAGE_TEXT_JS = r"""() => {
  const roots = ["[data-testid='stMain']", "[data-testid='stSidebar']"]
    .map((s) => document.querySelector(s)).filter(Boolean);
  const out = [];
  for (const root of roots) {
    for (const el of root.querySelectorAll("*")) {
      if (el.closest("[data-testid='stVegaLiteChart'], [data-testid='stDataFrame'], svg, [aria-hidden='true']")) continue;
      if (el.closest("button:disabled, [aria-disabled='true']")) continue;  // WCAG 1.4.3: inactive controls are exempt
      const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
      if (!own) continue;
      if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const style = getComputedStyle(el);
      let alpha = 1;
      for (let e = el; e; e = e.parentElement) alpha *= parseFloat(getComputedStyle(e).opacity || "1");
      const layers = [];
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c && c !== "transparent" && c !== "rgba(0, 0, 0, 0)") layers.push([c, 1]);
      }
      const size = parseFloat(style.fontSize), weight = parseInt(style.fontWeight, 10) || 400;
      const named = el.closest("[data-testid]");
      out.push({where: named ? named.getAttribute("data-testid") : el.tagName.toLowerCase(),
                text: own.slice(0, 60), colour: style.color, alpha, beneath: layers.reverse(),
                large: size >= 24 || (size >= 18.66 && weight >= 700)});
    }
  }
  return out;
}"""


# ---------------------------------------------------------------------------------------------
# fixture files (written to a temporary folder at test time; everyone in them is fictional)

ORGANISATION = "Ashdown Moor NHS Trust (fictional)"
HR_DIRECTORATE = "People & OD"  # what a trust calls its HR & OD directorate
SNAPSHOT_TITLE = "Staff in Post at 31/03/2025"
RUN_DATE_TITLE = "Run date: 01/04/2025"
EXTRACT_YEAR = 2025
TARGET_BAND = "Band 8a"
ESR_LABELS = (
    "A White - British",
    "A White - British",
    "A White - British",
    "C White - Any other White background",
    "B White - Irish",
    "H Asian or Asian British - Indian",
    "J Asian or Asian British - Pakistani",
    "N Black or Black British - African",
    "M Black or Black British - Caribbean",
    "R Chinese",
    "Z Not Stated",
)
LOCAL_LABELS = ("White", "BME", "Asian")  # plain labels some local systems export
DIRECTORATES = (
    (HR_DIRECTORATE, 48),
    ("Medicine", 90),
    ("Surgery", 70),
    ("Estates and Facilities", 40),
    ("Finance", 30),
)
STAFF_GROUPS = {
    HR_DIRECTORATE: ("Administrative and Clerical",),
    "Medicine": (
        "Nursing and Midwifery Registered",
        "Medical and Dental",
        "Allied Health Professionals",
    ),
    "Surgery": (
        "Nursing and Midwifery Registered",
        "Medical and Dental",
        "Additional Clinical Services",
    ),
    "Estates and Facilities": ("Estates and Ancillary",),
    "Finance": ("Administrative and Clerical",),
}
BANDS = ("Band 2", "Band 3", "Band 4", "Band 5", "AfC Band 6", "Band 7", TARGET_BAND, "Band 8b")
EXTRACT_HEADER = (
    "Employee Number",
    "Assignment Number",
    "Ethnic Origin",
    "Payscale",
    "Staff Group",
    "Org L3",
    "Assignment Category",
    "Gender",
)


@dataclass(frozen=True)
class ExtractFacts:
    """What the extract holds, counted while writing it (for the tests' expectations)."""

    people: int  # distinct employees on a substantive (non-bank) assignment
    assignments: int  # data rows
    bank_only: int  # people whose only assignment is on the bank
    hr_people: int  # distinct non-bank employees in the HR directorate
    hr_band_8a: int  # of whom at Band 8a


def esr_extract_rows(seed: int = 9) -> tuple[list[list[str]], ExtractFacts]:
    """A messy ESR "Staff in Post" report: an organisation row, the snapshot and run-date title
    rows, a blank row, then the header (no Year column) and one row per assignment. Some people
    hold a second assignment, some work only on the bank; ethnicity is mostly ESR labels with
    some plain local words. Deterministic for a given seed."""
    rng = random.Random(seed)
    rows: list[list[str]] = [
        [ORGANISATION],
        [SNAPSHOT_TITLE],
        [RUN_DATE_TITLE],
        [],
        list(EXTRACT_HEADER),
    ]
    number = 30_100_000
    people = assignments = bank_only = hr_people = hr_band_8a = 0
    for directorate, size in DIRECTORATES:
        for i in range(size):
            number += rng.randint(1, 9)
            label = LOCAL_LABELS[i % len(LOCAL_LABELS)] if i % 7 == 3 else rng.choice(ESR_LABELS)
            band = (
                TARGET_BAND if directorate == HR_DIRECTORATE and i % 6 == 0 else rng.choice(BANDS)
            )
            group = STAFF_GROUPS[directorate][i % len(STAFF_GROUPS[directorate])]
            gender = "Female" if rng.random() < 0.7 else "Male"
            bank = i % 17 == 5  # works only on the bank
            category = "Bank" if bank else rng.choice(("Permanent", "Permanent", "Fixed Term Temp"))
            rows.append(
                [str(number), f"{number}-1", label, band, group, directorate, category, gender]
            )
            assignments += 1
            if bank:
                bank_only += 1
                continue
            people += 1
            if directorate == HR_DIRECTORATE:
                hr_people += 1
                hr_band_8a += band == TARGET_BAND
            if i % 9 == 4:  # a second, smaller assignment, sometimes on the bank
                second = "Bank" if i % 2 else "Fixed Term Temp"
                rows.append(
                    [
                        str(number),
                        f"{number}-2",
                        label,
                        "Band 3",
                        group,
                        directorate,
                        second,
                        gender,
                    ]
                )
                assignments += 1
    facts = ExtractFacts(people, assignments, bank_only, hr_people, hr_band_8a)
    return rows, facts


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def write_esr_extract(folder: Path, name: str = "staff_in_post_report.csv") -> Path:
    """The messy extract as a CSV; its name carries no year, so the year must come from the
    title rows."""
    rows, _ = esr_extract_rows()
    path = folder / name
    path.write_text(_csv_text(rows), encoding="utf-8")
    return path


def write_board(folder: Path, name: str = "board_members.csv") -> Path:
    """The board for 2025 (roles only, no names): public in every trust's annual report."""
    roles = (
        ("Chair", "A White - British", "Yes", "No"),
        ("Chief Executive", "H Asian or Asian British - Indian", "Yes", "Yes"),
        ("Chief Nurse", "A White - British", "Yes", "Yes"),
        ("Medical Director", "N Black or Black British - African", "Yes", "Yes"),
        ("Director of Finance", "A White - British", "Yes", "Yes"),
        ("Non-executive Director", "A White - British", "Yes", "No"),
        ("Non-executive Director", "M Black or Black British - Caribbean", "Yes", "No"),
        ("Non-executive Director", "C White - Any other White background", "Yes", "No"),
        ("Director of People", "A White - British", "No", "Yes"),
    )
    rows = [["Year", "Role", "Ethnicity", "Voting", "Executive"]]
    rows += [[str(EXTRACT_YEAR), *role] for role in roles]
    path = folder / name
    path.write_text(_csv_text(rows), encoding="utf-8")
    return path


def copy_counts_return(folder: Path, name: str = "wres_counts_return.csv") -> Path:
    """The sample trust's canonical counts return, as a trust would save it from a spreadsheet."""
    path = folder / name
    shutil.copyfile(REPO / "sample_data" / "trust" / "wres_counts.csv", path)
    return path


def write_bad_file(folder: Path, name: str = "staff_in_post.xlsx") -> Path:
    """A file named like a workbook that is not one (a saved web page, say)."""
    path = folder / name
    path.write_bytes(b"<html><body>Session expired. Please sign in again.</body></html>\n")
    return path


# File signatures of the board pack formats.
SIGNATURES = {".xlsx": b"PK\x03\x04", ".pptx": b"PK\x03\x04", ".pdf": b"%PDF"}
