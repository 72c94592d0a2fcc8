"""The app's chart specifications sized for a slide: the full width of a 13.33 in slide, text at
least 12 pt there, and no taller than the room under the slide's words.

Why here and not in the chart builders: the builders draw for a browser (width "container", the
theme's text colours); a slide has a fixed size and a white background. Sizes are in CSS pixels:
a picture ``WIDTH_PX`` wide is placed ``SLIDE_CHART_WIDTH_IN`` wide, so one pixel is
``PT_PER_PX`` points, and ``FONT_PX`` pixels are at least 12 pt. The PDF pages are the slides'
size, so the same holds there. Each specification is drawn (vl-convert, cached) to measure it:
too tall, its heights shrink; a stack of panels (``vconcat``) is split into pictures that fit.
"""

from __future__ import annotations

import copy
import json

from dashboard.pack import images

SLIDE_WIDTH_IN = 13.333
SLIDE_CHART_WIDTH_IN = 12.333  # the slide less half-inch margins
WIDTH_PX = 760
PT_PER_PX = SLIDE_CHART_WIDTH_IN * 72 / WIDTH_PX
FONT_PX = 12  # 12 px * 1.17 pt/px = 14 pt on the slide
MIN_TEXT_PT = 12.0
MAX_HEIGHT_PX = 270  # 270 px * 1.17 = 4.4 in, the room under two or three lines of words
MIN_STEP_PX = 17  # one row of 12 px labels

_VIEWS = ("mark", "layer")


def _fonts(spec: dict) -> None:
    config = spec.setdefault("config", {})
    for part in ("axis", "legend", "header"):
        config[part] = {**config.get(part, {}), "labelFontSize": FONT_PX, "titleFontSize": FONT_PX}
    config["title"] = {**config.get("title", {}), "fontSize": FONT_PX + 2,
                       "subtitleFontSize": FONT_PX, "anchor": "start", "frame": "bounds"}  # fmt: skip
    config["text"] = {**config.get("text", {}), "fontSize": FONT_PX}
    # about six ticks on a number axis (Vega-Lite's default is one every 40 px)
    config["axisQuantitative"] = {"tickCount": 6, **config.get("axisQuantitative", {})}
    _larger_marks(spec)


def _larger_marks(node: object) -> None:
    """A text mark with a size of its own smaller than the slide's smallest text gets it."""
    if isinstance(node, dict):
        mark = node.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text":
            if "size" in mark and mark["size"] < FONT_PX:
                mark["size"] = FONT_PX
            if "fontSize" in mark and mark["fontSize"] < FONT_PX:
                mark["fontSize"] = FONT_PX
        for value in node.values():
            _larger_marks(value)
    elif isinstance(node, list):
        for value in node:
            _larger_marks(value)


def _view_width(node: object, width: int) -> None:
    """Every view's width, "container" or fixed, becomes ``width``."""
    if isinstance(node, dict):
        if "width" in node and (node["width"] == "container" or any(k in node for k in _VIEWS)):
            if not isinstance(node["width"], dict):
                node["width"] = width
        for value in node.values():
            _view_width(value, width)
    elif isinstance(node, list):
        for value in node:
            _view_width(value, width)


def _scale_heights(node: object, factor: float) -> None:
    if isinstance(node, dict):
        height = node.get("height")
        if any(k in node for k in _VIEWS):
            if isinstance(height, int | float):
                node["height"] = max(2 * MIN_STEP_PX, int(height * factor))
            elif isinstance(height, dict) and "step" in height:
                node["height"] = {"step": max(MIN_STEP_PX, int(height["step"] * factor))}
        for value in node.values():
            _scale_heights(value, factor)
    elif isinstance(node, list):
        for value in node:
            _scale_heights(value, factor)


def _measure(spec: dict) -> tuple[int, int]:
    width, height = images.size(images.render(json.dumps(spec, sort_keys=True, default=str)))
    return width // images.SCALE, height // images.SCALE


def _fit(spec: dict) -> dict:
    """One view, full width (Vega-Lite's fit-x counts the axis labels in), heights shrunk until
    the whole picture is at most ``MAX_HEIGHT_PX`` tall (or every row is at its smallest)."""
    spec = copy.deepcopy(spec)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec["width"] = WIDTH_PX
    _view_width({k: v for k, v in spec.items() if k != "width"}, WIDTH_PX)
    for _ in range(3):
        _, height = _measure(spec)
        if height <= MAX_HEIGHT_PX:
            break
        before = json.dumps(spec, sort_keys=True, default=str)
        _scale_heights(spec, MAX_HEIGHT_PX / height * 0.95)
        if json.dumps(spec, sort_keys=True, default=str) == before:
            break
    return spec


def _panels(spec: dict) -> list[dict]:
    """A vertical stack as separate pictures, each panel carrying the stack's title and data."""
    shared = {k: v for k, v in spec.items() if k not in ("vconcat", "title", "description")}
    title = spec.get("title")
    out = []
    for panel in spec["vconcat"]:
        one = {**copy.deepcopy(shared), **copy.deepcopy(panel)}
        if title is not None:
            inner = panel.get("title")
            one["title"] = title if inner is None else _joined(title, inner)
        out.append(one)
    return out


def _joined(outer: object, inner: object) -> object:
    """The stack's title over the panel's: a title of several lines (a list) keeps its lines,
    and the panel's title becomes the last line."""
    text = outer.get("text") if isinstance(outer, dict) else outer
    inner_text = inner.get("text") if isinstance(inner, dict) else inner
    lines = [*(text if isinstance(text, list) else [text]),
             *(inner_text if isinstance(inner_text, list) else [inner_text])]  # fmt: skip
    return {**outer, "text": lines} if isinstance(outer, dict) else lines


def for_slides(spec: dict) -> list[str]:
    """The specification as one or more slide-sized pictures (JSON, ready for vl-convert)."""
    spec = copy.deepcopy(spec)
    spec.setdefault("background", "white")
    _fonts(spec)
    pieces = _panels(spec) if "vconcat" in spec else [spec]
    return [json.dumps(_fit(p), sort_keys=True, default=str) for p in pieces]
